//! Decisions as plans word them, reduced to the classes readers compare.
//!
//! Plans before about 2017 say Accepted / Rejected / Partially accepted /
//! Accepted subject to resources; later ones Agreed / Partly Agreed / Not
//! Agreed; concerns carry no decision. Counting across years needs one scale,
//! while pages keep the label the plan used.

use serde::Serialize;

/// The class a decision label belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DecisionClass {
    Agreed,
    PartlyAgreed,
    NotAgreed,
    None,
}

impl DecisionClass {
    /// Every class, in the order pages list them.
    pub const ALL: [DecisionClass; 4] = [
        DecisionClass::Agreed,
        DecisionClass::PartlyAgreed,
        DecisionClass::NotAgreed,
        DecisionClass::None,
    ];

    /// The name used in URLs, CSS classes and data files.
    pub fn slug(self) -> &'static str {
        match self {
            DecisionClass::Agreed => "agreed",
            DecisionClass::PartlyAgreed => "partly-agreed",
            DecisionClass::NotAgreed => "not-agreed",
            DecisionClass::None => "none",
        }
    }

    /// The words a page shows for the class.
    pub fn label(self) -> &'static str {
        match self {
            DecisionClass::Agreed => "agreed",
            DecisionClass::PartlyAgreed => "partly agreed",
            DecisionClass::NotAgreed => "not agreed",
            DecisionClass::None => "no decision",
        }
    }

    /// Classifies a label as written; `None` for a label no plan uses.
    pub fn from_label(label: &str) -> Option<DecisionClass> {
        let words: Vec<String> = label
            .split(|c: char| c.is_whitespace() || c == '-')
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect();
        let key = words.join(" ");
        let class = match key.trim_end_matches('.') {
            "" => DecisionClass::None,
            "agreed" | "accepted" => DecisionClass::Agreed,
            "partly agreed"
            | "partially agreed"
            | "partly accepted"
            | "partially accepted"
            | "accepted subject to resources" => DecisionClass::PartlyAgreed,
            "not agreed" | "rejected" | "not accepted" => DecisionClass::NotAgreed,
            _ => return None,
        };
        Some(class)
    }
}

/// The labels a plan may use, for help lines.
pub const ACCEPTED_LABELS: &str = "Agreed, Accepted, Partly Agreed, Partially Agreed, Partially Accepted, Accepted subject to resources, Not Agreed, Rejected (any case), or no decision for concerns";

/// A decision: the plan's own words and the class they belong to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Decision {
    /// As written in the plan; absent for concerns.
    pub label: Option<String>,
    pub class: DecisionClass,
}

impl Decision {
    /// Reads an optional label; the error names what was not understood.
    pub fn parse(label: Option<&str>) -> Result<Decision, String> {
        let written = label.map(str::trim).filter(|l| !l.is_empty());
        let class = match written {
            None => DecisionClass::None,
            Some(l) => {
                DecisionClass::from_label(l).ok_or_else(|| format!("unknown decision `{l}`"))?
            }
        };
        Ok(Decision {
            label: written.map(str::to_string),
            class,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use DecisionClass as D;

    #[test]
    fn every_label_of_the_seed_plans_has_its_class() {
        let cases = [
            ("Agreed", D::Agreed),
            ("Accepted", D::Agreed),
            ("Partly Agreed", D::PartlyAgreed),
            ("Partially Accepted", D::PartlyAgreed),
            ("Partially Agreed", D::PartlyAgreed),
            ("Accepted subject to resources", D::PartlyAgreed),
            ("Accepted Subject to Resources", D::PartlyAgreed),
            ("  accepted   SUBJECT to\tresources ", D::PartlyAgreed),
            ("Not Agreed", D::NotAgreed),
            ("Rejected", D::NotAgreed),
        ];
        for (label, class) in cases {
            assert_eq!(DecisionClass::from_label(label), Some(class), "{label}");
        }
    }

    #[test]
    fn the_label_is_kept_as_written() {
        let decision = Decision::parse(Some("Accepted Subject to Resources")).unwrap();
        assert_eq!(
            decision.label.as_deref(),
            Some("Accepted Subject to Resources")
        );
        assert_eq!(decision.class, D::PartlyAgreed);
    }

    #[test]
    fn no_label_is_no_decision() {
        assert_eq!(Decision::parse(Option::None).unwrap().class, D::None);
        assert_eq!(Decision::parse(Some(" ")).unwrap().class, D::None);
    }

    #[test]
    fn unknown_labels_are_refused() {
        for label in ["Agree", "Maybe", "Accepted in part later"] {
            assert!(Decision::parse(Some(label)).is_err(), "{label}");
        }
    }
}
