//! The downloads of `/data/`: every action and every recommendation as CSV
//! and JSON, for readers who want to count for themselves.
//!
//! Actions are the unit of a promise (one owner, one date), so the actions
//! files hold one row per action with everything needed to read it alone:
//! prison, plan, ref, decision, owners, due date, status and themes.

use std::collections::HashMap;
use std::sync::Arc;

use serde::Serialize;

use rayon::prelude::*;

use super::csv_cells;
use super::views::{ActionView, Views};
use crate::diagnostics::Diagnostic;
use crate::model::plans::latest;
use crate::model::recurrence::Basis;
use crate::model::{Ix, Outcome, Plan, Recommendation, Recurrence, Site};

/// What a data file holds one row of.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rows {
    Actions,
    Recommendations,
}

/// How a data file is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Csv,
    Json,
}

impl Format {
    /// The name the data page shows.
    pub fn label(self) -> &'static str {
        match self {
            Format::Csv => "CSV",
            Format::Json => "JSON",
        }
    }
}

/// One download.
pub struct DataFile {
    pub name: &'static str,
    pub rows: Rows,
    pub format: Format,
    pub description: &'static str,
    /// Whether each prison also gets its own copy holding only its rows
    /// (at [`prison_file`]), so a reader who wants one prison need not take
    /// the estate's tens of megabytes. The CSV files only: a spreadsheet is
    /// how one prison's data is read, and a program can filter the whole
    /// JSON file, so per-prison JSON would add the estate's JSON to the
    /// output again for no reader.
    pub per_prison: bool,
}

/// The folder of the per-prison downloads: `data/prisons/<prison>/<name>`.
pub const PRISON_DIR: &str = "data/prisons";

/// The path in the site of `prison`'s copy of the download `name`.
pub fn prison_file(prison: &str, name: &str) -> String {
    format!("{PRISON_DIR}/{prison}/{name}")
}

/// Every download, in the order the data page lists them.
pub const FILES: [DataFile; 4] = [
    DataFile {
        name: "actions.csv",
        rows: Rows::Actions,
        format: Format::Csv,
        description: "One row per action: prison, plan, ref, decision, outcome, what is promised, owners, due date, status and themes.",
        per_prison: true,
    },
    DataFile {
        name: "actions.json",
        rows: Rows::Actions,
        format: Format::Json,
        description: "The same actions as a JSON array of objects; owners and themes are arrays.",
        per_prison: false,
    },
    DataFile {
        name: "recommendations.csv",
        rows: Rows::Recommendations,
        format: Format::Csv,
        description: "One row per recommendation or concern: prison, plan, ref, kind, decision, outcome, themes, its text and the plan's response.",
        per_prison: true,
    },
    DataFile {
        name: "recommendations.json",
        rows: Rows::Recommendations,
        format: Format::Json,
        description: "The same recommendations as a JSON array of objects.",
        per_prison: false,
    },
];

/// One action, readable on its own.
#[derive(Serialize)]
struct ActionRow<'a> {
    prison: &'a str,
    prison_name: &'a str,
    plan: &'a str,
    plan_status: &'static str,
    #[serde(rename = "ref")]
    reference: &'a str,
    kind: &'static str,
    decision: Option<&'a str>,
    decision_class: &'static str,
    decision_qualifier: Option<&'a str>,
    #[serde(flatten)]
    outcome: OutcomeCells<'a>,
    action: Arc<str>,
    /// Where `action` comes from: `action` or `response`.
    action_source: &'static str,
    owners: Vec<&'a str>,
    owners_written: Vec<&'a str>,
    due: Option<&'a str>,
    due_date: Option<String>,
    status: &'static str,
    themes: Vec<&'a str>,
    url: String,
}

/// One recommendation or concern.
#[derive(Serialize)]
struct RecommendationRow<'a> {
    prison: &'a str,
    prison_name: &'a str,
    plan: &'a str,
    plan_status: &'static str,
    #[serde(rename = "ref")]
    reference: &'a str,
    kind: &'static str,
    section: Option<&'a str>,
    area: Option<&'a str>,
    paragraph: Option<&'a str>,
    repeats: Option<&'a str>,
    decision: Option<&'a str>,
    decision_class: &'static str,
    decision_qualifier: Option<&'a str>,
    #[serde(flatten)]
    outcome: OutcomeCells<'a>,
    themes: Vec<&'a str>,
    actions: usize,
    text: Arc<str>,
    response: Arc<str>,
    raised_before: Vec<LinkedCell>,
    raised_again: Vec<LinkedCell>,
    url: String,
}

/// An item of another plan of the prison that raises the same problem: in
/// JSON an object, in CSV "2018/5.1 0.28 words".
#[derive(Serialize)]
struct LinkedCell {
    /// "2018/5.1": the plan and the ref.
    item: String,
    /// How alike their words are, where the words made the link; two decimals.
    score: Option<f64>,
    basis: Basis,
}

impl LinkedCell {
    fn of(site: &Site, link: &Recurrence, other: Ix<Recommendation>) -> LinkedCell {
        let r = &site.recommendations[other];
        LinkedCell {
            item: format!("{}/{}", site.plans[r.plan].slug, r.reference),
            score: link
                .score
                .map(|score| (f64::from(score) * 100.0).round() / 100.0),
            basis: link.basis,
        }
    }
}

/// A recommendation's latest recorded judgement, in both kinds of rows.
#[derive(Serialize)]
struct OutcomeCells<'a> {
    outcome: Option<&'static str>,
    outcome_date: Option<String>,
    outcome_source: Option<&'a str>,
}

impl<'a> OutcomeCells<'a> {
    fn of(r: &'a Recommendation) -> OutcomeCells<'a> {
        let latest = latest(&r.progress).filter(|p| p.outcome.is_some());
        OutcomeCells {
            outcome: r.outcome.map(Outcome::slug),
            outcome_date: latest
                .and_then(|p| p.date)
                .map(|d| d.format("%Y-%m-%d").to_string()),
            outcome_source: latest.and_then(|p| p.source.as_deref()),
        }
    }
}

/// "current" or "superseded", for a plan's rows.
fn plan_status(plan: &Plan) -> &'static str {
    if plan.superseded_by.is_some() {
        "superseded"
    } else {
        "current"
    }
}

/// Every data file, by its path in the site: each of [`FILES`], and each
/// prison's copy of those marked `per_prison`. Rows are gathered once per
/// kind and each is encoded once, as a CSV record and a JSON object; every
/// file is those encodings joined, so a prison's file holds exactly the
/// bytes of its rows in the whole file. Each kind's files go to `deliver`
/// as soon as they are made, and its rows and files are freed before the
/// next kind's are gathered, to keep the peak of memory down.
pub fn render_all(
    views: &Views,
    mut deliver: impl FnMut(Vec<(String, Vec<u8>)>) -> Result<(), Vec<Diagnostic>>,
) -> Result<(), Vec<Diagnostic>> {
    let actions = action_rows(views);
    let (actions_csv, actions_json) =
        rayon::join(|| csv(&ACTION_COLUMNS, &actions), || json(&actions));
    let every_prison: Vec<&str> = views.site.prisons.iter().map(|p| p.slug.as_str()).collect();
    let action_prisons: Vec<&str> = actions.iter().map(|row| row.prison).collect();
    let files = files_of(
        Rows::Actions,
        (&every_prison, &action_prisons),
        actions_csv.map_err(unmade)?,
        actions_json.map_err(unmade)?,
    )
    .map_err(unmade)?;
    drop((actions, action_prisons));
    deliver(files)?;
    let recommendations = recommendation_rows(views);
    let (recommendations_csv, recommendations_json) = rayon::join(
        || csv(&RECOMMENDATION_COLUMNS, &recommendations),
        || json(&recommendations),
    );
    let recommendation_prisons: Vec<&str> = recommendations.iter().map(|row| row.prison).collect();
    let files = files_of(
        Rows::Recommendations,
        (&every_prison, &recommendation_prisons),
        recommendations_csv.map_err(unmade)?,
        recommendations_json.map_err(unmade)?,
    )
    .map_err(unmade)?;
    drop((recommendations, recommendation_prisons));
    deliver(files)
}

/// A download that could not be made, as a problem of the build.
fn unmade(message: String) -> Vec<Diagnostic> {
    vec![Diagnostic::error("data", message)]
}

/// The files of [`FILES`] that hold `rows`, from their rows' encodings;
/// `prisons` is every prison of the site (each gets its files, even one
/// with no rows yet, so its page never links a file that is not there) and
/// each row's prison, in the rows' order.
fn files_of(
    rows: Rows,
    (every_prison, prisons): (&[&str], &[&str]),
    csv: Encoded,
    json: Encoded,
) -> Result<Vec<(String, Vec<u8>)>, String> {
    let mut by_prison: HashMap<&str, Vec<usize>> = HashMap::new();
    for (index, &prison) in prisons.iter().enumerate() {
        by_prison.entry(prison).or_default().push(index);
    }
    let mut files = Vec::new();
    for file in FILES.iter().filter(|file| file.rows == rows) {
        let encoded = match file.format {
            Format::Csv => &csv,
            Format::Json => &json,
        };
        if encoded.rows.len() != prisons.len() {
            return Err(format!("data/{} lost a row", file.name));
        }
        files.push((
            format!("data/{}", file.name),
            encoded.file(0..prisons.len()),
        ));
        if file.per_prison {
            for &slug in every_prison {
                let mine = by_prison.get(slug).map_or(&[][..], Vec::as_slice);
                let bytes = encoded.file(mine.iter().copied());
                files.push((prison_file(slug, file.name), bytes));
            }
        }
    }
    Ok(files)
}

/// The rows of one download, each encoded once, and how they join into a
/// file: a CSV file is its header and its records, a JSON file an array
/// with one object a line (compact, so the estate's file is not half
/// indentation, yet a reader can still read or `grep` it line by line).
struct Encoded {
    /// The header row of a CSV file; nothing for JSON.
    head: Vec<u8>,
    /// The bytes of all rows, one after another.
    bytes: Vec<u8>,
    /// Where each row's bytes end in `bytes`.
    rows: Vec<usize>,
    format: Format,
}

impl Encoded {
    /// The whole file of the rows at `indices`, in that order, made at its
    /// full size at once: the estate's files are tens of megabytes, which a
    /// growing buffer would copy over and over.
    fn file(&self, indices: impl Iterator<Item = usize> + Clone) -> Vec<u8> {
        let json = self.format == Format::Json;
        let row = |index: usize| {
            let start = index.checked_sub(1).map_or(0, |before| self.rows[before]);
            &self.bytes[start..self.rows[index]]
        };
        let separators = if json { 2 } else { 0 };
        let size = indices
            .clone()
            .map(|index| row(index).len() + separators)
            .sum::<usize>();
        let mut out = Vec::with_capacity(self.head.len() + size + 4);
        out.extend_from_slice(&self.head);
        if json {
            out.push(b'[');
        }
        let mut first = true;
        for index in indices {
            if json {
                out.extend_from_slice(if first { b"\n" } else { b",\n" });
            }
            out.extend_from_slice(row(index));
            first = false;
        }
        if json {
            out.extend_from_slice(if first { b"]\n" } else { b"\n]\n" });
        }
        out
    }
}

/// One column of a download: its name in the header and what it holds,
/// for the data page, so readers can use a file without guessing.
#[derive(Debug, Serialize)]
pub struct Column {
    pub name: &'static str,
    pub meaning: &'static str,
}

const PRISON: Column = Column {
    name: "prison",
    meaning: "The prison's short name, as in its web address.",
};

const PRISON_NAME: Column = Column {
    name: "prison_name",
    meaning: "The prison's full name.",
};

const PLAN: Column = Column {
    name: "plan",
    meaning: "The plan within the prison, usually the year of the inspection.",
};

const PLAN_STATUS: Column = Column {
    name: "plan_status",
    meaning: "current for a prison's latest plan; superseded once a later plan for the prison is published.",
};

const OUTCOME: Column = Column {
    name: "outcome",
    meaning: "The latest judgement recorded since the plan, on HMIP's scales: achieved, partially-achieved or not-achieved (a later inspection's follow-up); good-progress, reasonable-progress, insufficient-progress or no-meaningful-progress (an Independent Review of Progress). Empty where none is recorded.",
};

const OUTCOME_DATE: Column = Column {
    name: "outcome_date",
    meaning: "The date of that judgement (YYYY-MM-DD).",
};

const OUTCOME_SOURCE: Column = Column {
    name: "outcome_source",
    meaning: "The document that judgement comes from.",
};

const KIND: Column = Column {
    name: "kind",
    meaning: "recommendation, priority-concern, key-concern or housekeeping.",
};

const DECISION: Column = Column {
    name: "decision",
    meaning: "The decision as the plan writes it (empty for concerns).",
};

const DECISION_CLASS: Column = Column {
    name: "decision_class",
    meaning: "agreed, partly-agreed or not-agreed; other where the plan's label is none of these (such as Noted), or the site's configuration says so; none where no decision is recorded (concerns never carry one).",
};

const DECISION_QUALIFIER: Column = Column {
    name: "decision_qualifier",
    meaning: "What qualifies the decision, as the plan writes it: in principle, subject to resources, or the words in brackets after the decision. A decision subject to a condition is partly-agreed. Empty where there is none.",
};

/// The columns of the actions files, in the order they are written.
pub const ACTION_COLUMNS: [Column; 21] = [
    PRISON,
    PRISON_NAME,
    PLAN,
    PLAN_STATUS,
    Column {
        name: "ref",
        meaning: "The recommendation's or concern's reference, as the plan gives it.",
    },
    KIND,
    DECISION,
    DECISION_CLASS,
    DECISION_QUALIFIER,
    OUTCOME,
    OUTCOME_DATE,
    OUTCOME_SOURCE,
    Column {
        name: "action",
        meaning: "What the plan promises, as plain text: the action's own words, or, where the plan gives the action none, its response to the recommendation (see action_source).",
    },
    Column {
        name: "action_source",
        meaning: "action where the action has words of its own; response where the action column holds the plan's response to the recommendation; empty where the plan gives neither.",
    },
    Column {
        name: "owners",
        meaning: "Who is responsible, after merging spellings; several are separated by semicolons in CSV.",
    },
    Column {
        name: "owners_written",
        meaning: "The owners as the plan writes them.",
    },
    Column {
        name: "due",
        meaning: "The target date as the plan writes it.",
    },
    Column {
        name: "due_date",
        meaning: "The date that target means (YYYY-MM-DD), when it gives one: a month means its last day, a quarter, financial year (to 31 March), season or range its last day, \"Immediate\" the plan's submission, \"Completed - June 2019\" the day it was done; an editor's due_date where the words are not understood. Empty for words with no date (Ongoing, Monthly, TBC) and words not understood (status date-not-recognised).",
    },
    Column {
        name: "status",
        meaning: "On the site's as-of date, from what the plan records: overdue, due-soon, planned, ongoing, done or no-date; date-not-recognised where plansite cannot read the plan's words for the date (kept as written in due); lapsed where the target date passed in a superseded plan (no update recorded); followed-up where its recommendation has an outcome (see outcome).",
    },
    Column {
        name: "themes",
        meaning: "The recommendation's themes; several are separated by semicolons in CSV.",
    },
    Column {
        name: "url",
        meaning: "The recommendation's page on this site.",
    },
];

/// The columns of the recommendations files, in the order they are written.
pub const RECOMMENDATION_COLUMNS: [Column; 23] = [
    PRISON,
    PRISON_NAME,
    PLAN,
    PLAN_STATUS,
    Column {
        name: "ref",
        meaning: "The reference, as the plan gives it.",
    },
    KIND,
    Column {
        name: "section",
        meaning: "The plan's section heading.",
    },
    Column {
        name: "area",
        meaning: "The report's area heading, when the plan gives one.",
    },
    Column {
        name: "paragraph",
        meaning: "The report paragraph the recommendation came from.",
    },
    Column {
        name: "repeats",
        meaning: "The earlier recommendation this one repeats, when the plan says so.",
    },
    DECISION,
    DECISION_CLASS,
    DECISION_QUALIFIER,
    OUTCOME,
    OUTCOME_DATE,
    OUTCOME_SOURCE,
    Column {
        name: "themes",
        meaning: "Its themes; several are separated by semicolons in CSV.",
    },
    Column {
        name: "actions",
        meaning: "How many actions the plan gives for it.",
    },
    Column {
        name: "text",
        meaning: "The recommendation or concern, as plain text.",
    },
    Column {
        name: "response",
        meaning: "The plan's response to it, as plain text (empty where the plan gives none).",
    },
    Column {
        name: "raised_before",
        meaning: "Items of earlier plans of the prison that raise the same problem, each as plan/ref, the similarity of their words (0 to 1, plus small bonuses for a shared heading and theme; only where the words made the link) and why they are linked: words, repeats (the plan says so) or stated (the site's editor); in JSON an object each ({item, score, basis}), in CSV separated by semicolons (\"2018/5.1 0.28 words\").",
    },
    Column {
        name: "raised_again",
        meaning: "Items of later plans of the prison that raise the same problem again, in the same form as raised_before.",
    },
    Column {
        name: "url",
        meaning: "Its page on this site.",
    },
];

/// Each of `rows` as one line of compact JSON.
fn json<T: Serialize>(rows: &[T]) -> Result<Encoded, String> {
    let mut bytes = Vec::new();
    let mut ends = Vec::with_capacity(rows.len());
    for row in rows {
        serde_json::to_writer(&mut bytes, row).map_err(|err| err.to_string())?;
        ends.push(bytes.len());
    }
    Ok(Encoded {
        head: Vec::new(),
        bytes,
        rows: ends,
        format: Format::Json,
    })
}

/// A cell a spreadsheet shows as text: one that starts as a formula would
/// (`=`, `+`, `-`, `@`, tab or carriage return) gets a leading `'`, the
/// OWASP rule against CSV injection. The data page says so.
fn inert_in_spreadsheets(cell: String) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}")
    } else {
        cell
    }
}

/// The CSV form of `rows`: each row's cells as [`csv_cells`] reads its
/// serialisation (so the row struct is the one definition of the columns
/// and their order, for CSV as for JSON). `columns`, which the data
/// page describes, must name the same fields in the same order; a mismatch
/// fails every build and test instead of mislabelling a column.
fn csv<T: Serialize>(columns: &[Column], rows: &[T]) -> Result<Encoded, String> {
    let fail = |err: ::csv::Error| err.to_string();
    let mut head = ::csv::Writer::from_writer(Vec::new());
    head.write_record(columns.iter().map(|column| column.name))
        .map_err(fail)?;
    let head = head.into_inner().map_err(|err| err.to_string())?;
    let mut writer = ::csv::Writer::from_writer(Vec::new());
    let mut ends = Vec::with_capacity(rows.len());
    let mut names = Vec::new();
    for (index, row) in rows.iter().enumerate() {
        let first = index == 0;
        let cells =
            csv_cells::cells(row, first.then_some(&mut names)).map_err(|err| err.to_string())?;
        if first
            && !names
                .iter()
                .map(String::as_str)
                .eq(columns.iter().map(|c| c.name))
        {
            return Err(format!(
                "the data page's columns disagree with the rows' fields {names:?}"
            ));
        }
        let cells = cells.into_iter().map(inert_in_spreadsheets);
        writer.write_record(cells).map_err(fail)?;
        // Flushed so that the row's end is known (into memory: cheap).
        writer.flush().map_err(|err| err.to_string())?;
        ends.push(writer.get_ref().len());
    }
    Ok(Encoded {
        head,
        bytes: writer.into_inner().map_err(|err| err.to_string())?,
        rows: ends,
        format: Format::Csv,
    })
}

fn action_rows<'a>(views: &Views<'a>) -> Vec<ActionRow<'a>> {
    let site = views.site;
    site.recommendations
        .par_iter()
        .enumerate()
        .flat_map_iter(|(index, r)| {
            let card = views.card(Ix::new(index));
            let prison = &site.prisons[r.prison];
            let response = Arc::clone(&card.response_words);
            r.actions.iter().zip(&card.actions).map(move |(&a, view)| {
                let action = &site.actions[a];
                let (words, source) = action_words(view, &response);
                ActionRow {
                    prison: &prison.slug,
                    prison_name: &prison.profile.name,
                    plan: &site.plans[r.plan].slug,
                    plan_status: plan_status(&site.plans[r.plan]),
                    reference: &r.reference,
                    kind: r.kind.as_str(),
                    decision: r.decision.label.as_deref(),
                    decision_class: r.decision.class.slug(),
                    decision_qualifier: r.decision.qualifier.as_deref(),
                    outcome: OutcomeCells::of(r),
                    action: words,
                    action_source: source,
                    owners: action
                        .owners
                        .iter()
                        .map(|&o| site.owners[o].name.as_str())
                        .collect(),
                    owners_written: action.owners_written.iter().map(AsRef::as_ref).collect(),
                    due: action.due_written.as_deref(),
                    due_date: action.due.date().map(|d| d.format("%Y-%m-%d").to_string()),
                    status: action.status.slug(),
                    themes: theme_names(site, &r.themes),
                    url: views.urls.absolute(&r.path),
                }
            })
        })
        .collect()
}

fn recommendation_rows<'a>(views: &Views<'a>) -> Vec<RecommendationRow<'a>> {
    let site = views.site;
    site.recommendations
        .par_iter()
        .enumerate()
        .map(|(index, r)| {
            let card = views.card(Ix::new(index));
            let prison = &site.prisons[r.prison];
            RecommendationRow {
                prison: &prison.slug,
                prison_name: &prison.profile.name,
                plan: &site.plans[r.plan].slug,
                plan_status: plan_status(&site.plans[r.plan]),
                reference: &r.reference,
                kind: r.kind.as_str(),
                section: r.section.as_deref(),
                area: r.area.as_deref(),
                paragraph: r.paragraph.as_deref(),
                repeats: r.repeats.as_deref(),
                decision: r.decision.label.as_deref(),
                decision_class: r.decision.class.slug(),
                decision_qualifier: r.decision.qualifier.as_deref(),
                outcome: OutcomeCells::of(r),
                themes: theme_names(site, &r.themes),
                actions: r.actions.len(),
                text: Arc::clone(&card.text_words),
                response: Arc::clone(&card.response_words),
                raised_before: linked(site, &r.raised_before, |l| l.earlier),
                raised_again: linked(site, &r.raised_again, |l| l.later),
                url: views.urls.absolute(&r.path),
            }
        })
        .collect()
}

/// The items at the other end of an item's links (indices into `Site::recurrences`).
fn linked(
    site: &Site,
    links: &[usize],
    other: fn(&Recurrence) -> Ix<Recommendation>,
) -> Vec<LinkedCell> {
    links
        .iter()
        .map(|&l| {
            let link = &site.recurrences[l];
            LinkedCell::of(site, link, other(link))
        })
        .collect()
}

/// What an action promises in plain words, and where they come from: its
/// own text, else its recommendation's response (plans that answer in one
/// narrative give their actions no words of their own), else nothing.
fn action_words(view: &ActionView, response: &Arc<str>) -> (Arc<str>, &'static str) {
    if !view.words.is_empty() {
        (Arc::clone(&view.words), "action")
    } else if !response.is_empty() {
        (Arc::clone(response), "response")
    } else {
        (Arc::from(""), "")
    }
}

fn theme_names<'a>(site: &'a Site, themes: &[usize]) -> Vec<&'a str> {
    themes
        .iter()
        .map(|&t| site.themes[t].slug.as_str())
        .collect()
}
