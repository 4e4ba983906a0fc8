//! Target dates as plans write them, and the status of an action against the as-of date.
//!
//! Plans give a month ("August 2018"), a day ("31 October 2015", "16th August
//! 2019"), a word ("Completed", "Ongoing 18 – 24 months after Royal Assent.")
//! or nothing. Readers want one question answered: is this promise kept, in
//! hand or late? So every form is reduced to a [`Due`] and then to a [`Status`].

use chrono::{Datelike, Days, NaiveDate};
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
    /// The plan records the action as completed.
    Done,
    /// The plan records the action as a continuing commitment.
    Ongoing,
    /// The plan gives no target date.
    Unset,
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
}

impl Status {
    /// Every status, in the order pages list them: what needs attention first.
    pub const ALL: [Status; 8] = [
        Status::Overdue,
        Status::DueSoon,
        Status::Planned,
        Status::Ongoing,
        Status::Done,
        Status::FollowedUp,
        Status::Lapsed,
        Status::NoDate,
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
        }
    }
}

impl Due {
    /// Reads a target date as written; the error says what was not understood.
    pub fn parse(written: &str) -> Result<Due, String> {
        let text = written.trim().trim_end_matches('.').trim();
        let lower = text.to_lowercase();
        if lower.is_empty() {
            return Ok(Due::Unset);
        }
        if matches!(
            lower.as_str(),
            "complete" | "completed" | "completed and ongoing"
        ) {
            return Ok(Due::Done);
        }
        if lower == "ongoing" || lower.starts_with("ongoing ") {
            return Ok(Due::Ongoing);
        }
        parse_date(&lower).map(Due::On)
    }

    /// Where this action stands on `as_of`, given its plan's `standing`: an
    /// outcome first, then the date, late once the due day has passed (in a
    /// current plan) or lapsed (in a superseded one).
    pub fn status(self, as_of: NaiveDate, standing: Standing) -> Status {
        if standing.followed_up {
            return Status::FollowedUp;
        }
        match self {
            Due::Done => Status::Done,
            Due::Ongoing => Status::Ongoing,
            Due::Unset => Status::NoDate,
            Due::On(date) if date < as_of && standing.superseded => Status::Lapsed,
            Due::On(date) if date < as_of => Status::Overdue,
            Due::On(date) if as_of.checked_add_days(Days::new(DUE_SOON_DAYS)) >= Some(date) => {
                Status::DueSoon
            }
            Due::On(_) => Status::Planned,
        }
    }

    /// The date, when the plan gave one.
    pub fn date(self) -> Option<NaiveDate> {
        match self {
            Due::On(date) => Some(date),
            _ => None,
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

/// The forms a due date may take, for help lines.
pub const ACCEPTED_FORMS: &str = "write a month (\"August 2018\", \"Nov 2018\"), a day (\"31 October 2015\", \"16th August 2019\", \"2018-08-31\"), \"Completed\", \"Ongoing\" or leave it empty";

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
    calendar_date(number(y) as i32, number(m), number(d))
}

/// A lower-cased date in any of the written forms.
fn parse_date(lower: &str) -> Result<NaiveDate, String> {
    if lower.as_bytes().first().is_some_and(u8::is_ascii_digit) && lower.contains('-') {
        return parse_iso(lower);
    }
    let words: Vec<&str> = lower
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    match words.as_slice() {
        [month, year] => {
            let month = month_number(month)?;
            let year = year_number(year)?;
            last_day_of_month(year, month)
        }
        [day, month, year] => {
            let day = day_number(day)?;
            let month = month_number(month)?;
            let year = year_number(year)?;
            calendar_date(year, month, day)
        }
        _ => Err(format!("`{lower}` is not a date")),
    }
}

fn calendar_date(year: i32, month: u32, day: u32) -> Result<NaiveDate, String> {
    NaiveDate::from_ymd_opt(year, month, day)
        .ok_or_else(|| format!("there is no day {day} in month {month} of {year}"))
}

fn last_day_of_month(year: i32, month: u32) -> Result<NaiveDate, String> {
    let first = calendar_date(year, month, 1)?;
    let next = first
        .checked_add_months(chrono::Months::new(1))
        .ok_or_else(|| format!("year {year} is out of range"))?;
    next.pred_opt()
        .filter(|d| d.month() == month)
        .ok_or_else(|| format!("year {year} is out of range"))
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// January is 1; full names, three-letter abbreviations and "sept" are understood.
fn month_number(word: &str) -> Result<u32, String> {
    let word = word.trim_end_matches('.');
    let found = MONTHS
        .iter()
        .position(|m| *m == word || (word.len() >= 3 && m.starts_with(word)));
    found
        .map(|i| i as u32 + 1)
        .ok_or_else(|| format!("`{word}` is not a month"))
}

fn year_number(word: &str) -> Result<i32, String> {
    match word.parse::<i32>() {
        Ok(year) if word.len() == 4 => Ok(year),
        _ => Err(format!("`{word}` is not a four-digit year")),
    }
}

/// A day of the month, with or without an ordinal ending ("16th").
fn day_number(word: &str) -> Result<u32, String> {
    let digits = ["st", "nd", "rd", "th"]
        .iter()
        .find_map(|suffix| word.strip_suffix(suffix))
        .unwrap_or(word);
    match digits.parse::<u32>() {
        Ok(day) if (1..=31).contains(&day) && digits.len() <= 2 => Ok(day),
        _ => Err(format!("`{word}` is not a day of the month")),
    }
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
    fn a_month_is_due_at_its_end() {
        assert_eq!(Due::parse("August 2018"), Ok(Due::On(day(2018, 8, 31))));
        assert_eq!(Due::parse("February 2016"), Ok(Due::On(day(2016, 2, 29))));
        assert_eq!(Due::parse("December 2025"), Ok(Due::On(day(2025, 12, 31))));
        assert_eq!(Due::parse("Nov 2018"), Ok(Due::On(day(2018, 11, 30))));
        assert_eq!(Due::parse("Sept 2018"), Ok(Due::On(day(2018, 9, 30))));
    }

    #[test]
    fn a_day_is_due_on_that_day() {
        assert_eq!(
            Due::parse("31 October 2015"),
            Ok(Due::On(day(2015, 10, 31)))
        );
        assert_eq!(
            Due::parse("29 February 2016"),
            Ok(Due::On(day(2016, 2, 29)))
        );
        assert_eq!(
            Due::parse("16th August 2019"),
            Ok(Due::On(day(2019, 8, 16)))
        );
        assert_eq!(Due::parse("1st May 2020"), Ok(Due::On(day(2020, 5, 1))));
        assert_eq!(Due::parse("2018-08-31"), Ok(Due::On(day(2018, 8, 31))));
    }

    #[test]
    fn words_mean_done_or_ongoing() {
        for done in [
            "Complete",
            "Completed",
            "Completed and ongoing",
            " completed. ",
        ] {
            assert_eq!(Due::parse(done), Ok(Due::Done), "{done}");
        }
        for ongoing in ["Ongoing", "Ongoing 18 – 24 months after Royal Assent."] {
            assert_eq!(Due::parse(ongoing), Ok(Due::Ongoing), "{ongoing}");
        }
        assert_eq!(Due::parse(""), Ok(Due::Unset));
        assert_eq!(Due::parse("  "), Ok(Due::Unset));
    }

    #[test]
    fn nonsense_and_impossible_dates_are_refused() {
        for bad in [
            "30 February 2016",
            "29 February 2015",
            "2018-02-30",
            "soon",
            "Augst 2018",
            "August 18",
            "32 May 2018",
            "31 October",
            "Ongoingly",
        ] {
            assert!(Due::parse(bad).is_err(), "{bad} was accepted");
        }
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
        assert_eq!(Due::Done.status(as_of, current), Status::Done);
        assert_eq!(Due::Ongoing.status(as_of, current), Status::Ongoing);
        assert_eq!(Due::Unset.status(as_of, current), Status::NoDate);
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
        assert_eq!(Due::Done.status(as_of, superseded), Status::Done);
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
        for due in [Due::On(day(2018, 8, 31)), Due::Done, Due::Unset] {
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
