//! Decisions as plans word them, reduced to the classes readers compare.
//!
//! Plans before about 2017 say Accepted / Rejected / Partially accepted /
//! Accepted subject to resources; later ones Agreed / Partly Agreed / Not
//! Agreed; concerns carry no decision. Counting across years needs one scale,
//! while pages keep the label the plan used. The label is the plan's own
//! words, so a label plansite cannot read is never an error: it is kept,
//! counted as `other` and warned about, and `[decisions]` in `plansite.toml`
//! can say what it means.
//!
//! The reader works on words, not on a list of whole labels, so that the
//! many ways plans combine the same few words ("Agreed - partly", "Accepted
//! in part", "Partially accepted (subject to resources)") all read alike:
//!
//! - a verb: `agreed` or `accepted`, or `rejected`;
//! - `not` before the verb makes an agreement not agreed;
//! - `partly`, `partially`, `part` or `in part`, anywhere, make it partly agreed;
//! - `fully` or `in full` change nothing;
//! - `in principle` keeps the class and is shown as a qualifier;
//! - `subject to ...` (the rest of the label) makes an agreement partly
//!   agreed, bracketed or not, as the design reads "Accepted subject to
//!   resources": a promise on a condition is not a whole promise. The
//!   condition is shown as a qualifier;
//! - a final bracket is read with the same words when it holds only them
//!   ("Agreed (in part)"); any other bracket is a qualifier shown as written
//!   ("Agreed (see note)").
//!
//! Case, dashes (`-`, `–`, `—`), commas, extra spaces and a trailing full
//! stop do not matter. Any other word makes the label one plansite does not
//! read.

use std::collections::BTreeMap;

use serde::Serialize;

/// The class a decision label belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DecisionClass {
    Agreed,
    PartlyAgreed,
    NotAgreed,
    /// A label plansite does not read (such as "Noted"), or one that
    /// `[decisions]` says is none of the others: kept as written.
    Other,
    None,
}

impl DecisionClass {
    /// Every class, in the order pages list them.
    pub const ALL: [DecisionClass; 5] = [
        DecisionClass::Agreed,
        DecisionClass::PartlyAgreed,
        DecisionClass::NotAgreed,
        DecisionClass::Other,
        DecisionClass::None,
    ];

    /// The name used in URLs, CSS classes, data files and `[decisions]`.
    pub fn slug(self) -> &'static str {
        match self {
            DecisionClass::Agreed => "agreed",
            DecisionClass::PartlyAgreed => "partly-agreed",
            DecisionClass::NotAgreed => "not-agreed",
            DecisionClass::Other => "other",
            DecisionClass::None => "none",
        }
    }

    /// The words a page shows for the class.
    pub fn label(self) -> &'static str {
        match self {
            DecisionClass::Agreed => "agreed",
            DecisionClass::PartlyAgreed => "partly agreed",
            DecisionClass::NotAgreed => "not agreed",
            DecisionClass::Other => "other",
            DecisionClass::None => "no decision",
        }
    }

    /// The class named by `slug`, as `[decisions]` names classes.
    pub fn from_slug(slug: &str) -> Option<DecisionClass> {
        DecisionClass::ALL.into_iter().find(|c| c.slug() == slug)
    }

    /// Every slug, for help lines: "agreed, partly-agreed, ...".
    pub fn slugs() -> String {
        let slugs: Vec<&str> = DecisionClass::ALL.iter().map(|c| c.slug()).collect();
        slugs.join(", ")
    }

    /// Classifies a label as written (empty: no decision); `None` for a
    /// label the reader does not read. The importer uses it without a
    /// site's `[decisions]`.
    pub fn from_label(label: &str) -> Option<DecisionClass> {
        read(label).map(|reading| reading.class)
    }
}

/// The forms the reader reads, for help lines.
pub const READ_FORMS: &str = "plansite reads Agreed / Accepted, Partly Agreed / Partially Accepted / Agreed in part / Part agreed, Not Agreed / Not Accepted / Rejected, each with `in principle`, `subject to ...` or a qualifier in brackets; any case, dashes or spaces. To say what another label means, map it under [decisions] in plansite.toml, e.g. \"Noted\" = \"other\"";

/// What the reader makes of a label: its class and any qualifier, as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reading {
    pub class: DecisionClass,
    /// "in principle", "subject to resources", a bracket's words.
    pub qualifier: Option<String>,
}

/// The words of a label that decide its class, as the reader sees them.
#[derive(Default)]
struct Parts {
    /// `Some(true)` for agreed/accepted, `Some(false)` for rejected.
    verb: Option<bool>,
    not: bool,
    partly: bool,
    /// "subject to ...": an agreement on a condition.
    conditional: bool,
    qualifiers: Vec<String>,
}

impl Parts {
    /// Takes in `words` (lower-cased beside each as written); `None` at the
    /// first word that is not one of the reader's.
    fn take(&mut self, text: &str, words: &[(usize, &str)]) -> Option<()> {
        let lower: Vec<String> = words.iter().map(|(_, w)| w.to_lowercase()).collect();
        let mut at = 0;
        while let Some(word) = lower.get(at) {
            let next = lower.get(at + 1).map(String::as_str);
            match (word.as_str(), next) {
                ("agreed" | "accepted", _) if self.verb.is_none() => self.verb = Some(true),
                ("rejected", _) if self.verb.is_none() => self.verb = Some(false),
                ("not", _) if self.verb.is_none() && !self.not => self.not = true,
                ("partly" | "partially" | "part", _) => self.partly = true,
                ("fully", _) => {}
                ("in", Some("part")) => (self.partly, at) = (true, at + 1),
                ("in", Some("full")) => at += 1,
                ("in", Some("principle")) => {
                    self.qualifiers.push(written(text, &words[at..at + 2]));
                    at += 1;
                }
                ("subject", Some("to")) if words.len() > at + 2 => {
                    self.conditional = true;
                    self.qualifiers.push(written(text, &words[at..]));
                    return Some(());
                }
                _ => return None,
            }
            at += 1;
        }
        Some(())
    }

    /// The class the words make; `None` when they make none (no verb, or
    /// one that contradicts itself, such as "not rejected").
    fn class(&self) -> Option<DecisionClass> {
        match (self.verb?, self.not, self.partly || self.conditional) {
            (true, false, false) => Some(DecisionClass::Agreed),
            (true, false, true) => Some(DecisionClass::PartlyAgreed),
            (true, true, false) | (false, false, false) => Some(DecisionClass::NotAgreed),
            // "Not partly agreed", "not agreed subject to ...": a condition
            // on a refusal reads as a refusal, shown with its condition.
            (true, true, true) if !self.partly => Some(DecisionClass::NotAgreed),
            _ => None,
        }
    }
}

/// The words of `text` from the first of `words` to the end of the last, as written.
fn written(text: &str, words: &[(usize, &str)]) -> String {
    match (words.first(), words.last()) {
        (Some(&(start, _)), Some(&(last, word))) => text
            .get(start..last + word.len())
            .unwrap_or_default()
            .to_string(),
        _ => String::new(),
    }
}

/// Whether `c` only separates words: spaces, dashes and light punctuation.
fn separates(c: char) -> bool {
    c.is_whitespace() || matches!(c, '-' | '–' | '—' | ',' | ':' | ';')
}

/// The words of `text`, each with its byte offset.
fn words(text: &str) -> Vec<(usize, &str)> {
    let mut found = Vec::new();
    let mut start = None;
    for (at, c) in text.char_indices().chain([(text.len(), ' ')]) {
        match (separates(c), start) {
            (true, Some(from)) => {
                found.push((from, &text[from..at]));
                start = None;
            }
            (false, None) => start = Some(at),
            _ => {}
        }
    }
    found
}

/// `text` without surrounding spaces or a trailing full stop.
fn trimmed(text: &str) -> &str {
    text.trim().trim_end_matches('.').trim_end()
}

/// A label with a final bracket split off: "Agreed (see note)" is
/// ("Agreed", Some("see note")).
fn split_bracket(label: &str) -> (&str, Option<&str>) {
    let Some(inner) = label.strip_suffix(')') else {
        return (label, None);
    };
    match inner.rfind('(') {
        Some(open) if !inner[open + 1..].contains(')') => {
            (inner[..open].trim_end(), Some(inner[open + 1..].trim()))
        }
        _ => (label, None),
    }
}

/// Reads a label as written: its class and qualifier, or `None` if the
/// label is not one the reader reads. An empty label is no decision.
pub fn read(label: &str) -> Option<Reading> {
    let label = trimmed(label);
    if label.is_empty() {
        return Some(Reading {
            class: DecisionClass::None,
            qualifier: None,
        });
    }
    let (head, bracket) = split_bracket(label);
    let mut parts = Parts::default();
    parts.take(head, &words(head))?;
    if let Some(bracket) = bracket.filter(|b| !b.is_empty()) {
        let mut with = Parts {
            qualifiers: Vec::new(),
            ..parts
        };
        let taken = with.take(bracket, &words(bracket)).is_some() && with.verb == parts.verb;
        let qualifiers = std::mem::take(&mut parts.qualifiers);
        if taken {
            parts = Parts {
                qualifiers: [qualifiers, with.qualifiers].concat(),
                ..with
            };
        } else {
            parts.qualifiers = qualifiers;
            parts.qualifiers.push(bracket.to_string());
        }
    }
    let class = parts.class()?;
    let qualifier = (!parts.qualifiers.is_empty()).then(|| parts.qualifiers.join(", "));
    Some(Reading { class, qualifier })
}

/// A label as `[decisions]` keys it and the reader compares it: lower case,
/// one space between words, no dashes or trailing full stop.
pub fn normalise(label: &str) -> String {
    let text = trimmed(label);
    let lower: Vec<String> = words(text).iter().map(|(_, w)| w.to_lowercase()).collect();
    lower.join(" ")
}

/// The site's own readings of labels (`[decisions]` in `plansite.toml`),
/// by normalised label: they come before the reader's, so an editor can
/// say what a label means where the reader cannot, or reads otherwise.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DecisionLabels {
    classes: BTreeMap<String, DecisionClass>,
}

impl DecisionLabels {
    /// Maps `label` (as written; it is normalised here) to `class`; the
    /// class it was mapped to before, if another.
    pub fn insert(&mut self, label: &str, class: DecisionClass) -> Option<DecisionClass> {
        self.classes
            .insert(normalise(label), class)
            .filter(|&before| before != class)
    }

    /// The class the site gives `label`, if it gives one.
    pub fn get(&self, label: &str) -> Option<DecisionClass> {
        self.classes.get(&normalise(label)).copied()
    }
}

/// A decision: the plan's own words and the class they belong to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Decision {
    /// As written in the plan; absent for concerns.
    pub label: Option<String>,
    pub class: DecisionClass,
    /// What qualifies the decision, as written: "in principle", "subject
    /// to resources".
    pub qualifier: Option<String>,
}

/// A label neither the reader nor the site's `[decisions]` reads: the
/// decision kept as written, counted as other.
#[derive(Debug)]
pub struct Unread(pub Decision);

impl Decision {
    /// Reads an optional label, the site's own readings first. A label read
    /// by neither is kept as written, as `Unread`, for the caller to warn.
    pub fn parse(label: Option<&str>, site: &DecisionLabels) -> Result<Decision, Unread> {
        let written = label.map(str::trim).filter(|l| !l.is_empty());
        let decision = |class, qualifier| Decision {
            label: written.map(str::to_string),
            class,
            qualifier,
        };
        let Some(label) = written else {
            return Ok(decision(DecisionClass::None, None));
        };
        if let Some(class) = site.get(label) {
            return Ok(decision(class, None));
        }
        match read(label) {
            Some(reading) => Ok(decision(reading.class, reading.qualifier)),
            None => Err(Unread(decision(DecisionClass::Other, None))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use DecisionClass as D;

    #[test]
    fn labels_read_as_their_class_and_qualifier() {
        let cases: [(&str, D, Option<&str>); 36] = [
            ("Agreed", D::Agreed, None),
            ("Accepted", D::Agreed, None),
            ("AGREED.", D::Agreed, None),
            ("Agreed in full", D::Agreed, None),
            ("Accepted in principle", D::Agreed, Some("in principle")),
            ("Agreed in principle", D::Agreed, Some("in principle")),
            ("Agreed – in principle", D::Agreed, Some("in principle")),
            ("Agreed (in principle)", D::Agreed, Some("in principle")),
            ("Agreed (see note)", D::Agreed, Some("see note")),
            ("Partly Agreed", D::PartlyAgreed, None),
            ("Partially Agreed", D::PartlyAgreed, None),
            ("Partially accepted", D::PartlyAgreed, None),
            ("Partly accepted", D::PartlyAgreed, None),
            ("Accepted partially", D::PartlyAgreed, None),
            ("Part agreed", D::PartlyAgreed, None),
            ("Accepted in part", D::PartlyAgreed, None),
            ("Agreed in part", D::PartlyAgreed, None),
            ("Agreed - partly", D::PartlyAgreed, None),
            ("Agreed — Partly.", D::PartlyAgreed, None),
            ("Agreed (in part)", D::PartlyAgreed, None),
            (
                "Partly Agreed (subject to resources)",
                D::PartlyAgreed,
                Some("subject to resources"),
            ),
            (
                "Accepted subject to resources",
                D::PartlyAgreed,
                Some("subject to resources"),
            ),
            (
                "  accepted   SUBJECT to\tresources ",
                D::PartlyAgreed,
                Some("SUBJECT to\tresources"),
            ),
            (
                "Agreed (subject to resources)",
                D::PartlyAgreed,
                Some("subject to resources"),
            ),
            (
                "Accepted subject to funding",
                D::PartlyAgreed,
                Some("subject to funding"),
            ),
            (
                "Agreed, subject to resources",
                D::PartlyAgreed,
                Some("subject to resources"),
            ),
            (
                "Agreed in principle (subject to funding)",
                D::PartlyAgreed,
                Some("in principle, subject to funding"),
            ),
            ("Not agreed", D::NotAgreed, None),
            ("Not Accepted", D::NotAgreed, None),
            ("not-agreed", D::NotAgreed, None),
            ("Rejected", D::NotAgreed, None),
            ("Rejected.", D::NotAgreed, None),
            ("Not agreed (resources)", D::NotAgreed, Some("resources")),
            ("", D::None, None),
            ("  ", D::None, None),
            ("Agreed ()", D::Agreed, None),
        ];
        for (label, class, qualifier) in cases {
            let reading = read(label).unwrap_or_else(|| panic!("`{label}` is not read"));
            assert_eq!(reading.class, class, "{label}");
            assert_eq!(reading.qualifier.as_deref(), qualifier, "{label}");
        }
    }

    #[test]
    fn other_words_are_not_read() {
        for label in [
            "Noted",
            "Under consideration",
            "Agree",
            "Maybe",
            "Accepted in part later",
            "Agreed with caveats",
            "Not rejected",
            "Agreed accepted",
            "Not partly agreed",
            "subject to resources",
            "Accepted subject to",
            "In principle",
        ] {
            assert_eq!(read(label), None, "{label}");
        }
    }

    #[test]
    fn the_label_is_kept_as_written() {
        let decision =
            Decision::parse(Some("Accepted Subject to Resources"), &Default::default()).unwrap();
        assert_eq!(
            decision.label.as_deref(),
            Some("Accepted Subject to Resources")
        );
        assert_eq!(decision.class, D::PartlyAgreed);
        assert_eq!(decision.qualifier.as_deref(), Some("Subject to Resources"));
    }

    #[test]
    fn no_label_is_no_decision() {
        let site = DecisionLabels::default();
        assert_eq!(Decision::parse(None, &site).unwrap().class, D::None);
        assert_eq!(Decision::parse(Some(" "), &site).unwrap().class, D::None);
    }

    #[test]
    fn an_unread_label_is_kept_as_other() {
        let Err(Unread(decision)) = Decision::parse(Some("Noted"), &Default::default()) else {
            panic!("Noted was read");
        };
        assert_eq!(decision.class, D::Other);
        assert_eq!(decision.label.as_deref(), Some("Noted"));
    }

    #[test]
    fn the_site_reads_labels_first_after_normalising() {
        let mut site = DecisionLabels::default();
        assert_eq!(site.insert("Noted", D::Other), None);
        assert_eq!(site.insert("Agreed with  Caveats", D::PartlyAgreed), None);
        assert_eq!(
            site.insert("Accepted subject to resources", D::Agreed),
            None
        );
        assert_eq!(site.insert("noted.", D::NotAgreed), Some(D::Other));
        assert_eq!(site.insert("NOTED", D::NotAgreed), None);
        let class = |label| Decision::parse(Some(label), &site).map(|d| d.class);
        assert_eq!(class(" NOTED ").unwrap(), D::NotAgreed);
        assert_eq!(class("agreed with caveats.").unwrap(), D::PartlyAgreed);
        assert_eq!(class("Accepted – subject to resources").unwrap(), D::Agreed);
        assert!(class("Under consideration").is_err());
    }

    #[test]
    fn classes_are_named_by_their_slugs() {
        for class in DecisionClass::ALL {
            assert_eq!(DecisionClass::from_slug(class.slug()), Some(class));
        }
        assert_eq!(DecisionClass::from_slug("otherwise"), None);
        assert_eq!(
            DecisionClass::slugs(),
            "agreed, partly-agreed, not-agreed, other, none"
        );
    }
}
