//! What became of a recommendation, as the inspectorate later judged it.
//!
//! A plan records promises; only a later look tells whether they were kept.
//! HMIP judges progress on two scales: a later inspection follows up each
//! recommendation of the last one (achieved, partially achieved, not
//! achieved), and an Independent Review of Progress rates it (good,
//! reasonable, insufficient, no meaningful progress). An editor records such
//! judgements under `progress:`; the latest is the recommendation's outcome,
//! which says more than any target date, so it outranks the date-based status.
//! Nothing here is ever inferred: an outcome exists only where one is written.

use serde::Serialize;

/// A judgement of progress on one of HMIP's two scales.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Outcome {
    Achieved,
    PartiallyAchieved,
    NotAchieved,
    Good,
    Reasonable,
    Insufficient,
    NoMeaningfulProgress,
}

impl Outcome {
    /// Every judgement, the follow-up scale first, each scale best first.
    pub const ALL: [Outcome; 7] = [
        Outcome::Achieved,
        Outcome::PartiallyAchieved,
        Outcome::NotAchieved,
        Outcome::Good,
        Outcome::Reasonable,
        Outcome::Insufficient,
        Outcome::NoMeaningfulProgress,
    ];

    /// The name used in CSS classes and data files.
    pub fn slug(self) -> &'static str {
        match self {
            Outcome::Achieved => "achieved",
            Outcome::PartiallyAchieved => "partially-achieved",
            Outcome::NotAchieved => "not-achieved",
            Outcome::Good => "good-progress",
            Outcome::Reasonable => "reasonable-progress",
            Outcome::Insufficient => "insufficient-progress",
            Outcome::NoMeaningfulProgress => "no-meaningful-progress",
        }
    }

    /// The words a page shows, as HMIP writes them.
    pub fn label(self) -> &'static str {
        match self {
            Outcome::Achieved => "achieved",
            Outcome::PartiallyAchieved => "partially achieved",
            Outcome::NotAchieved => "not achieved",
            Outcome::Good => "good progress",
            Outcome::Reasonable => "reasonable progress",
            Outcome::Insufficient => "insufficient progress",
            Outcome::NoMeaningfulProgress => "no meaningful progress",
        }
    }

    /// Which of HMIP's exercises gives this judgement, for readers who meet
    /// both scales on one page.
    pub fn scale(self) -> &'static str {
        match self {
            Outcome::Achieved | Outcome::PartiallyAchieved | Outcome::NotAchieved => {
                "follow-up at a later inspection"
            }
            _ => "Independent Review of Progress",
        }
    }

    /// Reads a judgement as an editor writes it: any case, with or without
    /// the word "progress" on the review's scale; the error names the words.
    pub fn parse(written: &str) -> Result<Outcome, String> {
        let words: Vec<String> = written
            .split(|c: char| c.is_whitespace() || c == '-' || c == '_')
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect();
        let key = words.join(" ");
        let key = key.trim_end_matches('.');
        let key = key.strip_suffix(" progress").unwrap_or(key);
        Ok(match key {
            "achieved" => Outcome::Achieved,
            "partially achieved" | "partly achieved" => Outcome::PartiallyAchieved,
            "not achieved" => Outcome::NotAchieved,
            "good" => Outcome::Good,
            "reasonable" => Outcome::Reasonable,
            "insufficient" => Outcome::Insufficient,
            "no meaningful" => Outcome::NoMeaningfulProgress,
            _ => return Err(format!("unknown judgement `{}`", written.trim())),
        })
    }
}

/// The judgements `progress:` accepts, for help lines.
pub const ACCEPTED_JUDGEMENTS: &str = "write a later inspection's follow-up (achieved, partially achieved, not achieved) or an Independent Review of Progress rating (good, reasonable, insufficient or no meaningful progress)";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_scales_read_as_hmip_writes_them() {
        let cases = [
            ("Achieved", Outcome::Achieved),
            ("Partially achieved", Outcome::PartiallyAchieved),
            ("partly achieved", Outcome::PartiallyAchieved),
            ("Not achieved.", Outcome::NotAchieved),
            ("Good progress", Outcome::Good),
            ("reasonable", Outcome::Reasonable),
            ("Reasonable progress", Outcome::Reasonable),
            ("INSUFFICIENT PROGRESS", Outcome::Insufficient),
            ("No meaningful progress", Outcome::NoMeaningfulProgress),
            ("no-meaningful-progress", Outcome::NoMeaningfulProgress),
        ];
        for (written, outcome) in cases {
            assert_eq!(Outcome::parse(written), Ok(outcome), "{written}");
        }
    }

    #[test]
    fn other_words_are_refused_by_name() {
        for written in ["done", "progress", "good work", "achieved in part", ""] {
            let err = Outcome::parse(written).unwrap_err();
            assert!(err.contains(written.trim()), "{err}");
        }
    }

    #[test]
    fn every_outcome_has_its_own_slug_and_reads_back_from_its_label() {
        for outcome in Outcome::ALL {
            assert_eq!(Outcome::parse(outcome.label()), Ok(outcome));
            assert_eq!(Outcome::parse(outcome.slug()), Ok(outcome));
        }
    }
}
