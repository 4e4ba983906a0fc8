//! Tallies of decisions and action statuses, and the check of a plan's own totals.
//!
//! Every page of the site leads with counts (how many agreed, how many
//! overdue), so they are computed once here for plans, prisons, themes and
//! owners. Plans also print their own totals; where those disagree with the
//! rows, either the plan or its transcription is wrong, and a reader should know.

use serde::Serialize;

use super::decision::DecisionClass;
use super::due::Status;
use crate::content::{DeclaredTotals, EntryKind};

/// Recommendations by decision class.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct DecisionCounts {
    pub agreed: usize,
    pub partly_agreed: usize,
    pub not_agreed: usize,
    pub none: usize,
}

impl DecisionCounts {
    /// Counts one more decision of this class.
    pub fn add(&mut self, class: DecisionClass) {
        *match class {
            DecisionClass::Agreed => &mut self.agreed,
            DecisionClass::PartlyAgreed => &mut self.partly_agreed,
            DecisionClass::NotAgreed => &mut self.not_agreed,
            DecisionClass::None => &mut self.none,
        } += 1;
    }

    /// How many decisions were counted.
    pub fn total(&self) -> usize {
        self.agreed + self.partly_agreed + self.not_agreed + self.none
    }
}

/// Actions by status.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct StatusCounts {
    pub done: usize,
    pub ongoing: usize,
    pub overdue: usize,
    pub due_soon: usize,
    pub planned: usize,
    pub no_date: usize,
}

impl StatusCounts {
    /// Counts one more action with this status.
    pub fn add(&mut self, status: Status) {
        *match status {
            Status::Done => &mut self.done,
            Status::Ongoing => &mut self.ongoing,
            Status::Overdue => &mut self.overdue,
            Status::DueSoon => &mut self.due_soon,
            Status::Planned => &mut self.planned,
            Status::NoDate => &mut self.no_date,
        } += 1;
    }

    /// How many actions were counted.
    pub fn total(&self) -> usize {
        self.done + self.ongoing + self.overdue + self.due_soon + self.planned + self.no_date
    }
}

/// What a page headlines about a set of recommendations and their actions.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub recommendations: usize,
    pub decisions: DecisionCounts,
    pub actions: StatusCounts,
}

impl Counts {
    /// Adds another tally to this one.
    pub fn merge(&mut self, other: &Counts) {
        self.recommendations += other.recommendations;
        let (d, o) = (&mut self.decisions, &other.decisions);
        d.agreed += o.agreed;
        d.partly_agreed += o.partly_agreed;
        d.not_agreed += o.not_agreed;
        d.none += o.none;
        let (a, o) = (&mut self.actions, &other.actions);
        a.done += o.done;
        a.ongoing += o.ongoing;
        a.overdue += o.overdue;
        a.due_soon += o.due_soon;
        a.planned += o.planned;
        a.no_date += o.no_date;
    }

    /// Counts one recommendation and the statuses of the actions that belong to this tally.
    pub fn add(&mut self, class: DecisionClass, statuses: impl IntoIterator<Item = Status>) {
        self.recommendations += 1;
        self.decisions.add(class);
        for status in statuses {
            self.actions.add(status);
        }
    }
}

/// The rows' decisions of one kind, to hold against what the plan declares.
#[derive(Debug, Default)]
pub struct RowTally {
    pub recommendations: DecisionCounts,
    pub housekeeping: DecisionCounts,
}

impl RowTally {
    /// Counts a row; only recommendations and housekeeping points have declared totals.
    pub fn add(&mut self, kind: EntryKind, class: DecisionClass) {
        match kind {
            EntryKind::Recommendation => self.recommendations.add(class),
            EntryKind::Housekeeping => self.housekeeping.add(class),
            EntryKind::PriorityConcern | EntryKind::KeyConcern => {}
        }
    }
}

/// Every way the declared totals differ from the rows, as sentences naming both figures.
pub fn declared_mismatches(declared: &DeclaredTotals, rows: &RowTally) -> Vec<String> {
    let mut found = compare(declared, &rows.recommendations, "");
    if let Some(housekeeping) = &declared.housekeeping {
        found.extend(compare(
            housekeeping,
            &rows.housekeeping,
            " housekeeping points",
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
                .then(|| format!("declares {declared}{what} {label} but its rows hold {counted}"))
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
        let mut rows = RowTally::default();
        for class in [
            DecisionClass::Agreed,
            DecisionClass::Agreed,
            DecisionClass::PartlyAgreed,
            DecisionClass::PartlyAgreed,
            DecisionClass::PartlyAgreed,
            DecisionClass::PartlyAgreed,
        ] {
            rows.add(EntryKind::Recommendation, class);
        }
        rows.add(EntryKind::KeyConcern, DecisionClass::None);
        rows.add(EntryKind::Housekeeping, DecisionClass::Agreed);
        assert_eq!(
            declared_mismatches(&declared, &rows),
            [
                "declares 5 partly agreed but its rows hold 4",
                "declares 2 housekeeping points in total but its rows hold 1",
            ]
        );
    }
}
