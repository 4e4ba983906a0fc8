//! Turning the rows of an action-plan table into recommendations and actions.
//!
//! A row with a reference starts a recommendation. A row without one is, in
//! order of preference: a section or area heading (bold, or a short line with
//! no response); or more of the recommendation above — the rest of a cell cut
//! by a page break, merged cell by cell, or further actions with their owners
//! and dates.

use std::sync::LazyLock;

use regex::Regex;

use super::cells;
use super::runs::{self, OwnerVocabulary};
use super::table::{Row, Table};
use crate::content::{ActionEntry, EntryKind, RecommendationEntry, Text, unplaced};

/// An action's owners and its target date as written.
type OwnerAndDate = (Vec<String>, Option<String>);

/// One row's worth of actions: its text and its owner and date items.
#[derive(Clone, Debug, Default)]
struct Segment {
    text: String,
    owners: Vec<String>,
    /// Whether the owner cell was one run of text (no `<p>` list), to split later.
    owners_run: bool,
    dates: Vec<String>,
}

/// A recommendation while its rows are still being read.
#[derive(Clone, Debug)]
struct Draft {
    reference: String,
    kind: EntryKind,
    section: Option<String>,
    area: Option<String>,
    text: String,
    decision: String,
    response: String,
    segments: Vec<Segment>,
}

/// Where the reader is in the plan's grouping while walking rows.
#[derive(Default)]
struct Grouping {
    section: Option<String>,
    area: Option<String>,
    kind: Option<EntryKind>,
}

/// Reads the table's rows into recommendations, in the plan's order.
pub fn recommendations(table: &Table) -> Vec<RecommendationEntry> {
    let default_kind = if table.layout.concerns {
        EntryKind::KeyConcern
    } else {
        EntryKind::Recommendation
    };
    let mut grouping = Grouping::default();
    let mut drafts: Vec<Draft> = Vec::new();
    for row in &table.rows {
        if is_reference(&row.reference) {
            drafts.push(start(row, &grouping, default_kind));
        } else if is_heading(row, drafts.last()) {
            set_heading(&mut grouping, &cells::plain_text(&row.text));
            // A heading row that carries an owner or date speaks for the recommendation above.
            if let Some(draft) = drafts.last_mut() {
                add_actions(draft, row);
            }
        } else if let Some(draft) = drafts.last_mut() {
            continue_draft(draft, row);
        }
    }
    let vocabulary = vocabulary(&drafts);
    drafts.into_iter().map(|d| finish(d, &vocabulary)).collect()
}

fn is_reference(cell: &str) -> bool {
    static REFERENCE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^[A-Za-z]{0,3}\d+(\.\d+)*[a-z]?\.?$")
            .unwrap_or_else(|e| panic!("reference pattern: {e}"))
    });
    REFERENCE.is_match(cell.trim())
}

fn start(row: &Row, grouping: &Grouping, default_kind: EntryKind) -> Draft {
    let mut draft = Draft {
        reference: row.reference.trim().trim_end_matches('.').to_string(),
        kind: grouping.kind.unwrap_or(default_kind),
        section: grouping.section.clone(),
        area: grouping.area.clone(),
        text: cells::to_markdown(&row.text),
        decision: cells::plain_text(&row.decision),
        response: String::new(),
        segments: Vec::new(),
    };
    draft.response = cells::to_markdown(&row.response);
    draft.segments.push(segment(&draft.response, row));
    draft
}

fn segment(text: &str, row: &Row) -> Segment {
    Segment {
        text: text.to_string(),
        owners: cells::paragraph_items(&row.owner),
        owners_run: !cells::has_paragraphs(&row.owner),
        dates: if cells::has_paragraphs(&row.due) {
            cells::paragraph_items(&row.due)
        } else {
            runs::split_dates(&cells::plain_text(&row.due))
        },
    }
}

/// A heading: bold, or a line of text with no response or decision that does not
/// finish a sentence the recommendation above left open.
fn is_heading(row: &Row, above: Option<&Draft>) -> bool {
    if row.text.is_empty() {
        return false;
    }
    let bold =
        row.text.trim_start().starts_with("<b>") || row.text.trim_start().starts_with("<strong>");
    let open_sentence = above.is_some_and(|d| !ends_sentence(&d.text));
    bold || (row.response.is_empty() && row.decision.is_empty() && !open_sentence)
}

/// Records a heading row as the current section or area.
fn set_heading(grouping: &mut Grouping, heading: &str) {
    static SECTION: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^((?:main\s+)?(priority|key)?\s*(recommendations?|concerns?|housekeeping\s+points?)(?:\s+to\s+(the\s+\S+|[A-Z][A-Za-z]*(?:\s+(?:and|of|&|[A-Z][A-Za-z]*))*))?)(?:\s+(.*))?$")
            .unwrap_or_else(|e| panic!("section pattern: {e}"))
    });
    let heading = heading.trim().trim_end_matches(':').trim();
    let Some(found) = SECTION.captures(heading) else {
        grouping.area = Some(heading.to_string());
        return;
    };
    let kind_word = found.get(2).map(|m| m.as_str().to_lowercase());
    let noun = found
        .get(3)
        .map_or(String::new(), |m| m.as_str().to_lowercase());
    grouping.kind = Some(if noun.starts_with("housekeeping") {
        EntryKind::Housekeeping
    } else if noun.starts_with("concern") && kind_word.as_deref() == Some("priority") {
        EntryKind::PriorityConcern
    } else if noun.starts_with("concern") {
        EntryKind::KeyConcern
    } else {
        EntryKind::Recommendation
    });
    grouping.section = found.get(1).map(|m| m.as_str().to_string());
    // "Recommendations To the governor Bullying and violence reduction": the rest is an area.
    grouping.area = found
        .get(5)
        .map(|m| m.as_str().trim().to_string())
        .filter(|a| !a.is_empty());
}

/// Merges a row without a reference into the recommendation above.
fn continue_draft(draft: &mut Draft, row: &Row) {
    if !row.text.is_empty() {
        draft.text = join(&draft.text, &cells::to_markdown(&row.text));
    }
    if draft.decision.is_empty() {
        draft.decision = cells::plain_text(&row.decision);
    }
    let fragment = cells::to_markdown(&row.response);
    draft.response = join(&draft.response, &fragment);
    let mut next = segment(&fragment, row);
    if row.after_break {
        mend_cut_items(draft, &mut next);
    }
    let Some(last) = draft.segments.last_mut() else {
        draft.segments.push(next);
        return;
    };
    if next.owners.is_empty() && next.dates.is_empty() {
        last.text = join(&last.text, &fragment);
        return;
    }
    // A sentence the page break cut belongs to the action above; the rest is this row's.
    if continues(&last.text, &fragment) {
        let (head, tail) = fragment
            .split_once("\n\n")
            .unwrap_or((fragment.as_str(), ""));
        last.text = join(&last.text, head);
        next.text = tail.to_string();
    }
    draft.segments.push(next);
}

/// Adds a row's owners and dates as actions, without touching the texts.
fn add_actions(draft: &mut Draft, row: &Row) {
    let next = segment("", row);
    if !next.owners.is_empty() || !next.dates.is_empty() {
        draft.segments.push(next);
    }
}

/// Rejoins an owner or date that a page break cut in two ("Head of" / "Healthcare").
fn mend_cut_items(draft: &mut Draft, next: &mut Segment) {
    let Some(last) = draft.segments.last_mut() else {
        return;
    };
    // An owner alone on the next page, with no date of its own, ends the owner above
    // ("Head of Safer" / "Custody"), as does any owner after a cut one ("Head of" / "Healthcare").
    let owner_goes_on =
        |cut: &str| runs::owner_is_cut(cut) || (next.dates.is_empty() && next.owners.len() == 1);
    if let (Some(cut), Some(rest)) = (last.owners.last_mut(), next.owners.first())
        && owner_goes_on(cut)
    {
        *cut = format!("{cut} {rest}");
        next.owners.remove(0);
    }
    if let (Some(cut), Some(rest)) = (last.dates.last_mut(), next.dates.first())
        && runs::date_is_cut(cut)
    {
        *cut = format!("{cut} {rest}");
        next.dates.remove(0);
    }
}

/// Joins Markdown cut by a page break: mid-sentence pieces into one paragraph.
fn join(before: &str, after: &str) -> String {
    if before.is_empty() {
        return after.to_string();
    }
    if after.is_empty() {
        return before.to_string();
    }
    if continues(before, after) {
        format!("{before} {after}")
    } else {
        format!("{before}\n\n{after}")
    }
}

/// Whether `after` goes on with the sentence `before` left open.
fn continues(before: &str, after: &str) -> bool {
    !before.is_empty() && (after.starts_with(|c: char| c.is_lowercase()) || !ends_sentence(before))
}

fn ends_sentence(text: &str) -> bool {
    text.trim_end()
        .ends_with(['.', '!', '?', ':', ';', ')', '"', '\u{201d}', '*'])
}

/// The owners the plan writes on their own, which teach how to split run-together cells.
fn vocabulary(drafts: &[Draft]) -> OwnerVocabulary {
    let mut vocabulary = OwnerVocabulary::default();
    for segment in drafts.iter().flat_map(|d| &d.segments) {
        if !segment.owners_run || segment.dates.len() <= 1 {
            segment.owners.iter().for_each(|o| vocabulary.learn(o));
        }
    }
    vocabulary
}

/// Completes a recommendation: its paragraph reference, its actions and their texts.
fn finish(draft: Draft, vocabulary: &OwnerVocabulary) -> RecommendationEntry {
    let (text, paragraph, repeats) = split_paragraph_reference(&draft.text);
    let pairs: Vec<Vec<OwnerAndDate>> = draft
        .segments
        .iter()
        .map(|s| owner_date_pairs(s, vocabulary))
        .collect();
    let mut actions = Vec::new();
    for (segment, segment_pairs) in draft.segments.iter().zip(pairs) {
        let blocks = blocks(&segment.text);
        // A <p> list of owners beside as many paragraphs pairs them; anything else is a guess.
        let parallel =
            !segment.owners_run && segment_pairs.len() > 1 && blocks.len() == segment_pairs.len();
        for (i, (owners, due)) in segment_pairs.into_iter().enumerate() {
            let text = if parallel {
                blocks.get(i).map(|b| Text::from(*b))
            } else if !segment.text.is_empty() && segment.text != draft.response {
                Some(Text::from(segment.text.as_str()))
            } else {
                None
            };
            actions.push(ActionEntry {
                text,
                owners: owners.into_iter().map(unplaced).collect(),
                due: due.map(unplaced),
                due_date: None,
            });
        }
    }
    RecommendationEntry {
        reference: unplaced(draft.reference),
        kind: draft.kind,
        section: draft.section.map(Into::into),
        area: draft.area.map(Into::into),
        paragraph: paragraph.map(Into::into),
        repeats: repeats.map(Into::into),
        text: text.into(),
        decision: (!draft.decision.is_empty()).then(|| unplaced(draft.decision)),
        themes: Vec::new(),
        response: (!draft.response.is_empty()).then(|| draft.response.into()),
        actions,
        recurs: Vec::new(),
        not_recurs: Vec::new(),
        progress: Vec::new(),
    }
}

/// Pairs a segment's owners with its dates as the plan pairs them: side by side
/// when the counts agree, one owner for every date, one date for all owners.
/// Where two lists of different lengths disagree, the extra items stand alone
/// rather than borrowing a partner the plan did not give them.
fn owner_date_pairs(segment: &Segment, vocabulary: &OwnerVocabulary) -> Vec<OwnerAndDate> {
    let owners: Vec<String> = if segment.owners_run {
        segment
            .owners
            .iter()
            .flat_map(|o| vocabulary.split(o, segment.dates.len()))
            .collect()
    } else {
        segment.owners.clone()
    };
    let dates = &segment.dates;
    match (owners.len(), dates.len()) {
        (0, 0) => Vec::new(),
        (1, _) if !dates.is_empty() => dates
            .iter()
            .map(|d| (owners.clone(), Some(d.clone())))
            .collect(),
        (_, 0 | 1) => vec![(owners, dates.first().cloned())],
        _ => (0..owners.len().max(dates.len()))
            .map(|i| {
                (
                    owners.get(i).cloned().into_iter().collect(),
                    dates.get(i).cloned(),
                )
            })
            .collect(),
    }
}

fn blocks(markdown: &str) -> Vec<&str> {
    markdown
        .split("\n\n")
        .map(str::trim)
        .filter(|b| !b.is_empty())
        .collect()
}

/// Takes "(S56)", "(1.8)" or "(2.10, repeated recommendation 2.11)" off the end of a text.
fn split_paragraph_reference(text: &str) -> (String, Option<String>, Option<String>) {
    static REFERENCE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)(?:\(|\s)\s*([A-Z]?\d+(?:\.\d+)*)\s*(?:,?\s*repeated recommendation\s+([A-Z]?\d+(?:\.\d+)*))?\s*\)\s*\.?\s*$")
            .unwrap_or_else(|e| panic!("paragraph pattern: {e}"))
    });
    match REFERENCE.captures(text) {
        Some(found) => {
            let start = found.get(0).map_or(text.len(), |m| m.start());
            let rest = text[..start].trim_end().to_string();
            let paragraph = found.get(1).map(|m| m.as_str().to_string());
            let repeats = found.get(2).map(|m| m.as_str().to_string());
            (rest, paragraph, repeats)
        }
        None => (text.to_string(), None, None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn takes_paragraph_references_off_the_text() {
        let (text, paragraph, repeats) = split_paragraph_reference(
            "Cells designed for one should not hold two. (2.10, repeated recommendation 2.11)",
        );
        assert_eq!(
            (text.as_str(), paragraph.as_deref(), repeats.as_deref()),
            (
                "Cells designed for one should not hold two.",
                Some("2.10"),
                Some("2.11")
            )
        );
        let (_, paragraph, repeats) =
            split_paragraph_reference("Bail information. (2.25 repeated recommendation 2.45)");
        assert_eq!(
            (paragraph.as_deref(), repeats.as_deref()),
            (Some("2.25"), Some("2.45"))
        );
        // The export lost the opening bracket here; the reference is still read.
        let (text, paragraph, _) = split_paragraph_reference(
            "infection control standards 2.58, repeated recommendation 2.60)",
        );
        assert_eq!(
            (text.as_str(), paragraph.as_deref()),
            ("infection control standards", Some("2.58"))
        );
        let (_, paragraph, _) = split_paragraph_reference("Reduce violence. (S56)");
        assert_eq!(paragraph.as_deref(), Some("S56"));
        assert_eq!(
            split_paragraph_reference("Too many prisoners were released homeless.").1,
            None
        );
    }

    #[test]
    fn reads_sections_and_areas() {
        let mut grouping = Grouping::default();
        set_heading(
            &mut grouping,
            "Recommendations To the governor Bullying and violence reduction",
        );
        assert_eq!(
            grouping.section.as_deref(),
            Some("Recommendations To the governor")
        );
        assert_eq!(
            grouping.area.as_deref(),
            Some("Bullying and violence reduction")
        );
        set_heading(
            &mut grouping,
            "Housekeeping point to Prisoner Escort and Custody Services",
        );
        assert_eq!(grouping.kind, Some(EntryKind::Housekeeping));
        assert_eq!(grouping.area, None);
        set_heading(&mut grouping, "Priority concerns");
        assert_eq!(grouping.kind, Some(EntryKind::PriorityConcern));
        set_heading(&mut grouping, "Early Days in Custody");
        assert_eq!(grouping.area.as_deref(), Some("Early Days in Custody"));
        assert_eq!(grouping.kind, Some(EntryKind::PriorityConcern));
    }

    #[test]
    fn joins_cut_sentences_into_one_paragraph() {
        assert_eq!(
            join(
                "provides them with information on",
                "how to access services."
            ),
            "provides them with information on how to access services."
        );
        assert_eq!(join("First.", "Second."), "First.\n\nSecond.");
    }
}
