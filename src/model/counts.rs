//! Tallies of kinds, decisions, outcomes and action statuses, and the check
//! of a plan's own totals.
//!
//! Every page of the site leads with counts (how many agreed, how many
//! overdue), so they are computed once here for plans, prisons, themes and
//! owners. Plans also print their own totals; where those disagree with the
//! rows, either the plan or its transcription is wrong, and a reader should know.

use serde::Serialize;

use super::decision::DecisionClass;
use super::due::Status;
use super::outcome::Outcome;
use crate::content::{DeclaredTotals, EntryKind};

/// Defines a tally: one count per value of a class, named as templates and
/// data files read them, so that each class's counts are written once.
macro_rules! tally {
    ($(#[$doc:meta])* $name:ident of $class:ty { $($field:ident: $value:path),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
        pub struct $name {
            $(pub $field: usize,)+
        }

        impl $name {
            /// Counts one more of this value.
            pub fn add(&mut self, value: $class) {
                match value {
                    $($value => self.$field += 1,)+
                }
            }

            /// How many of this value were counted.
            pub fn get(&self, value: $class) -> usize {
                match value {
                    $($value => self.$field,)+
                }
            }

            /// How many were counted in all.
            pub fn total(&self) -> usize {
                0 $(+ self.$field)+
            }

            /// Applies `change` to each count of this tally and the
            /// other's count of the same value.
            pub fn combine(&mut self, other: &$name, change: impl Fn(&mut usize, usize)) {
                $(change(&mut self.$field, other.$field);)+
            }
        }
    };
}

tally! {
    /// Items of a plan by kind: plans count recommendations, housekeeping
    /// points and concerns apart, and so does every page.
    KindCounts of EntryKind {
        recommendations: EntryKind::Recommendation,
        housekeeping: EntryKind::Housekeeping,
        priority_concerns: EntryKind::PriorityConcern,
        key_concerns: EntryKind::KeyConcern,
    }
}

tally! {
    /// Decisions by class.
    DecisionCounts of DecisionClass {
        agreed: DecisionClass::Agreed,
        partly_agreed: DecisionClass::PartlyAgreed,
        not_agreed: DecisionClass::NotAgreed,
        other: DecisionClass::Other,
        none: DecisionClass::None,
    }
}

tally! {
    /// Actions by status.
    StatusCounts of Status {
        done: Status::Done,
        ongoing: Status::Ongoing,
        overdue: Status::Overdue,
        due_soon: Status::DueSoon,
        planned: Status::Planned,
        no_date: Status::NoDate,
        lapsed: Status::Lapsed,
        followed_up: Status::FollowedUp,
        date_not_recognised: Status::DateNotRecognised,
    }
}

impl StatusCounts {
    /// Actions still to be done, as far as the plans record (overdue, due
    /// soon, planned, ongoing).
    pub fn open(&self) -> usize {
        Status::ALL
            .iter()
            .filter(|s| s.is_open())
            .map(|&s| self.get(s))
            .sum()
    }
}

tally! {
    /// Recommendations by their latest recorded judgement.
    OutcomeCounts of Outcome {
        achieved: Outcome::Achieved,
        partially_achieved: Outcome::PartiallyAchieved,
        not_achieved: Outcome::NotAchieved,
        good: Outcome::Good,
        reasonable: Outcome::Reasonable,
        insufficient: Outcome::Insufficient,
        no_meaningful_progress: Outcome::NoMeaningfulProgress,
    }
}

/// What a page headlines about a set of items and their actions.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub kinds: KindCounts,
    /// Decisions on recommendations: the figure plans summarise.
    pub decisions: DecisionCounts,
    /// Decisions on housekeeping points, apart, as plans count them.
    pub housekeeping: DecisionCounts,
    /// Latest judgements, of the items that have one.
    pub outcomes: OutcomeCounts,
    pub actions: StatusCounts,
}

impl Counts {
    /// Adds another tally to this one.
    pub fn merge(&mut self, other: &Counts) {
        self.combine(other, |count, more| *count += more);
    }

    /// Takes away a tally that was merged into this one: `serve` takes an
    /// edited plan's old items out of the site's figures this way.
    pub fn subtract(&mut self, other: &Counts) {
        self.combine(other, |count, less| *count -= less);
    }

    fn combine(&mut self, other: &Counts, change: impl Fn(&mut usize, usize) + Copy) {
        self.kinds.combine(&other.kinds, change);
        self.decisions.combine(&other.decisions, change);
        self.housekeeping.combine(&other.housekeeping, change);
        self.outcomes.combine(&other.outcomes, change);
        self.actions.combine(&other.actions, change);
    }

    /// Counts one item: its kind, its decision where its kind takes one, and its outcome.
    pub fn add_item(&mut self, kind: EntryKind, class: DecisionClass, outcome: Option<Outcome>) {
        self.kinds.add(kind);
        match kind {
            EntryKind::Recommendation => self.decisions.add(class),
            EntryKind::Housekeeping => self.housekeeping.add(class),
            EntryKind::PriorityConcern | EntryKind::KeyConcern => {}
        }
        if let Some(outcome) = outcome {
            self.outcomes.add(outcome);
        }
    }
}

/// Every way the declared totals differ from the rows' counts, as phrases
/// naming the kind and both figures ("declares 58 recommendations in total;
/// its rows hold 57").
pub fn declared_mismatches(declared: &DeclaredTotals, rows: &Counts) -> Vec<String> {
    let mut found = compare(declared, &rows.decisions, "recommendations");
    if let Some(housekeeping) = &declared.housekeeping {
        found.extend(compare(
            housekeeping,
            &rows.housekeeping,
            "housekeeping points",
        ));
    }
    found
}

fn compare(declared: &DeclaredTotals, rows: &DecisionCounts, what: &str) -> Vec<String> {
    let figures = [
        (declared.agreed, rows.agreed, "agreed"),
        (declared.partly_agreed, rows.partly_agreed, "partly agreed"),
        (declared.not_agreed, rows.not_agreed, "not agreed"),
        (declared.total, rows.total(), "in total"),
    ];
    figures
        .into_iter()
        .filter_map(|(declared, counted, label)| {
            let declared = declared? as usize;
            (declared != counted)
                .then(|| format!("declares {declared} {what} {label}; its rows hold {counted}"))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mismatches_name_both_figures() {
        let declared = DeclaredTotals {
            agreed: Some(2),
            partly_agreed: Some(5),
            not_agreed: None,
            total: Some(6),
            housekeeping: Some(Box::new(DeclaredTotals {
                total: Some(2),
                ..Default::default()
            })),
        };
        let mut rows = Counts::default();
        for class in [
            DecisionClass::Agreed,
            DecisionClass::Agreed,
            DecisionClass::PartlyAgreed,
            DecisionClass::PartlyAgreed,
            DecisionClass::PartlyAgreed,
            DecisionClass::PartlyAgreed,
        ] {
            rows.add_item(EntryKind::Recommendation, class, None);
        }
        rows.add_item(EntryKind::KeyConcern, DecisionClass::None, None);
        rows.add_item(EntryKind::Housekeeping, DecisionClass::Agreed, None);
        assert_eq!(
            declared_mismatches(&declared, &rows),
            [
                "declares 5 recommendations partly agreed; its rows hold 4",
                "declares 2 housekeeping points in total; its rows hold 1",
            ]
        );
    }
}
