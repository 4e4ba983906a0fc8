//! Target dates as plans write them, and the status of an action against the as-of date.
//!
//! Plans give a month ("August 2018"), a day ("31 October 2015"), a quarter,
//! a word ("Completed", "Monthly", "TBC") and many more forms
//! ([`reading`]). Readers want one question answered: is this promise kept,
//! in hand or late? So every form is reduced to a [`Due`] and then to a
//! [`Status`]; a form plansite cannot read is kept as written and says so.

pub mod reading;

use chrono::{Days, NaiveDate};
use serde::{Serialize, Serializer};

/// How many days ahead a dated action counts as due soon rather than planned.
pub const DUE_SOON_DAYS: u64 = 30;

/// What a target date means once read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "date", rename_all = "kebab-case")]
pub enum Due {
    /// Due by the end of this day.
    #[serde(serialize_with = "iso")]
    On(NaiveDate),
    /// Due by the end of this day, then a continuing commitment ("March 2020
    /// and ongoing"): planned until then, ongoing after.
    #[serde(serialize_with = "iso")]
    OnThenOngoing(NaiveDate),
    /// The plan records the action as completed, on the day it gives if any.
    #[serde(serialize_with = "iso_opt")]
    Done(Option<NaiveDate>),
    /// The plan records the action as a continuing commitment.
    Ongoing,
    /// The plan gives no target date.
    Unset,
    /// The plan gives a target date in words plansite cannot read: they are
    /// shown as written, and no date is guessed.
    NotRecognised,
}

/// Where an action stands, as far as the plan itself records.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    Done,
    Ongoing,
    Overdue,
    DueSoon,
    Planned,
    NoDate,
    /// The target date passed in a plan a later plan has replaced: nothing
    /// records what became of the action, and no one is still held to it,
    /// so it is not called overdue.
    Lapsed,
    /// Its recommendation has an outcome recorded, which says more than any date.
    FollowedUp,
    /// The plan's target date is in words plansite cannot read.
    DateNotRecognised,
}

impl Status {
    /// Every status, in the order pages list them: what needs attention first.
    pub const ALL: [Status; 9] = [
        Status::Overdue,
        Status::DueSoon,
        Status::Planned,
        Status::Ongoing,
        Status::Done,
        Status::FollowedUp,
        Status::Lapsed,
        Status::NoDate,
        Status::DateNotRecognised,
    ];

    /// Whether the action is still to be done, as far as the plan records:
    /// what an owner's list opens on.
    pub fn is_open(self) -> bool {
        matches!(
            self,
            Status::Overdue | Status::DueSoon | Status::Planned | Status::Ongoing
        )
    }

    /// The name used in URLs, CSS classes and data files.
    pub fn slug(self) -> &'static str {
        match self {
            Status::Done => "done",
            Status::Ongoing => "ongoing",
            Status::Overdue => "overdue",
            Status::DueSoon => "due-soon",
            Status::Planned => "planned",
            Status::NoDate => "no-date",
            Status::Lapsed => "lapsed",
            Status::FollowedUp => "followed-up",
            Status::DateNotRecognised => "date-not-recognised",
        }
    }

    /// The words a status tag shows.
    pub fn label(self) -> &'static str {
        match self {
            Status::Done => "done",
            Status::Ongoing => "ongoing",
            Status::Overdue => "overdue",
            Status::DueSoon => "due soon",
            Status::Planned => "planned",
            Status::NoDate => "no date",
            Status::Lapsed => "target date passed, no update recorded",
            Status::FollowedUp => "outcome recorded",
            Status::DateNotRecognised => "date not recognised",
        }
    }
}

impl Due {
    /// Where this action stands on `as_of`, given its plan's `standing`: an
    /// outcome first, then the date, late once the due day has passed (in a
    /// current plan) or lapsed (in a superseded one).
    pub fn status(self, as_of: NaiveDate, standing: Standing) -> Status {
        if standing.followed_up {
            return Status::FollowedUp;
        }
        match self {
            Due::Done(_) => Status::Done,
            Due::Ongoing => Status::Ongoing,
            Due::Unset => Status::NoDate,
            Due::NotRecognised => Status::DateNotRecognised,
            Due::OnThenOngoing(date) if date < as_of => Status::Ongoing,
            Due::On(date) if date < as_of && standing.superseded => Status::Lapsed,
            Due::On(date) if date < as_of => Status::Overdue,
            Due::On(date) | Due::OnThenOngoing(date)
                if as_of.checked_add_days(Days::new(DUE_SOON_DAYS)) >= Some(date) =>
            {
                Status::DueSoon
            }
            Due::On(_) | Due::OnThenOngoing(_) => Status::Planned,
        }
    }

    /// The date, when the plan gave one or plansite read one from its words.
    pub fn date(self) -> Option<NaiveDate> {
        match self {
            Due::On(date) | Due::OnThenOngoing(date) | Due::Done(Some(date)) => Some(date),
            _ => None,
        }
    }

    /// The same reading with the date an editor pinned (`due_date:`): the
    /// form the words give is kept where it has a place for a date.
    pub fn pinned(self, date: NaiveDate) -> Due {
        match self {
            Due::Done(_) => Due::Done(Some(date)),
            Due::OnThenOngoing(_) | Due::Ongoing => Due::OnThenOngoing(date),
            Due::On(_) | Due::Unset | Due::NotRecognised => Due::On(date),
        }
    }
}

/// What besides its date decides an action's status.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Standing {
    /// A later plan for the same prison has been published.
    pub superseded: bool,
    /// Its recommendation has an outcome recorded.
    pub followed_up: bool,
}

/// Reads an ISO date (`2018-05-31`) and nothing else, as front matter dates must be.
pub fn parse_iso(text: &str) -> Result<NaiveDate, String> {
    let text = text.trim();
    let mut parts = text.splitn(3, '-');
    let (Some(y), Some(m), Some(d)) = (parts.next(), parts.next(), parts.next()) else {
        return Err(format!("`{text}` is not an ISO date (YYYY-MM-DD)"));
    };
    let well_formed = y.len() == 4
        && m.len() == 2
        && d.len() == 2
        && [y, m, d]
            .iter()
            .all(|p| p.bytes().all(|b| b.is_ascii_digit()));
    if !well_formed {
        return Err(format!("`{text}` is not an ISO date (YYYY-MM-DD)"));
    }
    let number = |p: &str| p.parse::<u32>().unwrap_or(0);
    let (year, month, day) = (number(y) as i32, number(m), number(d));
    NaiveDate::from_ymd_opt(year, month, day)
        .ok_or_else(|| format!("there is no day {day} in month {month} of {year}"))
}

/// Serialises a date the one way pages and data files show it.
pub fn iso<S: Serializer>(date: &NaiveDate, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_str(&date.format("%Y-%m-%d"))
}

/// Serialises an optional date as ISO text or null.
pub fn iso_opt<S: Serializer>(date: &Option<NaiveDate>, serializer: S) -> Result<S::Ok, S::Error> {
    match date {
        Some(date) => iso(date, serializer),
        None => serializer.serialize_none(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn status_turns_at_the_due_day_and_thirty_days_ahead() {
        let as_of = day(2018, 8, 1);
        let current = Standing::default();
        let due = |d| Due::On(d).status(as_of, current);
        assert_eq!(due(day(2018, 7, 31)), Status::Overdue);
        assert_eq!(due(day(2018, 8, 1)), Status::DueSoon);
        assert_eq!(due(day(2018, 8, 31)), Status::DueSoon);
        assert_eq!(due(day(2018, 9, 1)), Status::Planned);
        assert_eq!(Due::Done(None).status(as_of, current), Status::Done);
        assert_eq!(Due::Ongoing.status(as_of, current), Status::Ongoing);
        assert_eq!(Due::Unset.status(as_of, current), Status::NoDate);
        assert_eq!(
            Due::NotRecognised.status(as_of, current),
            Status::DateNotRecognised
        );
    }

    #[test]
    fn a_date_then_ongoing_is_planned_until_the_date_and_ongoing_after() {
        let due = Due::OnThenOngoing(day(2020, 3, 31));
        let current = Standing::default();
        assert_eq!(due.status(day(2020, 1, 1), current), Status::Planned);
        assert_eq!(due.status(day(2020, 3, 15), current), Status::DueSoon);
        assert_eq!(due.status(day(2020, 4, 1), current), Status::Ongoing);
        assert_eq!(
            Due::Done(Some(day(2019, 6, 30))).status(day(2020, 4, 1), current),
            Status::Done
        );
    }

    #[test]
    fn a_pinned_date_keeps_the_form_the_words_give() {
        let pin = day(2020, 3, 31);
        assert_eq!(Due::NotRecognised.pinned(pin), Due::On(pin));
        assert_eq!(Due::Done(None).pinned(pin), Due::Done(Some(pin)));
        assert_eq!(Due::Ongoing.pinned(pin), Due::OnThenOngoing(pin));
        assert_eq!(Due::On(day(2020, 1, 31)).pinned(pin), Due::On(pin));
    }

    #[test]
    fn a_superseded_plan_s_passed_dates_lapse_rather_than_fall_overdue() {
        let as_of = day(2026, 1, 1);
        let superseded = Standing {
            superseded: true,
            followed_up: false,
        };
        let passed = Due::On(day(2018, 8, 31));
        assert_eq!(passed.status(as_of, superseded), Status::Lapsed);
        assert_eq!(passed.status(as_of, Standing::default()), Status::Overdue);
        // Only a passed date lapses: what the plan records as done stays done.
        assert_eq!(Due::Done(None).status(as_of, superseded), Status::Done);
        assert_eq!(
            Due::On(day(2026, 6, 30)).status(as_of, superseded),
            Status::Planned
        );
    }

    #[test]
    fn an_outcome_outranks_every_date() {
        let followed_up = Standing {
            superseded: false,
            followed_up: true,
        };
        let as_of = day(2026, 1, 1);
        for due in [Due::On(day(2018, 8, 31)), Due::Done(None), Due::Unset] {
            assert_eq!(due.status(as_of, followed_up), Status::FollowedUp);
        }
    }

    #[test]
    fn iso_dates_must_be_exact() {
        assert_eq!(parse_iso("2018-05-31"), Ok(day(2018, 5, 31)));
        for bad in [
            "31 May 2018",
            "2018-5-31",
            "2018-05-32",
            "18-05-31",
            "2018-05-31x",
        ] {
            assert!(parse_iso(bad).is_err(), "{bad} was accepted");
        }
    }
}
