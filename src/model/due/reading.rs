//! Target dates as twenty years of plans write them, read into a [`Due`].
//!
//! Plans give a day ("31 October 2015", "05/05/2020"), a month ("August
//! 2018"), a quarter, a financial year, a season, a range ("April-June
//! 2020"), a word ("Completed", "Immediate", "Monthly", "TBC") or a date with
//! a word ("March 2020 and ongoing", "Complete - June 2019"). Each form has
//! one documented reading (the README's table of due-date forms); anything
//! else is not guessed at: the caller keeps the words and warns.
//!
//! Reading goes from the whole cell inwards: words that say there is no date,
//! a trailing "and ongoing", "complete(d)", "ongoing" and recurring words,
//! "immediate", then a date expression: prefixes ("by", "end of", "w/c"),
//! one date, or a range whose end is the due date.

use chrono::{Datelike, Days, NaiveDate};

use super::Due;

/// What a target date cell gives an action.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Reading {
    pub due: Due,
    /// The date is plansite's reading of the words (a quarter's last day, a
    /// range's end, the plan's submission for "Immediate"), not a day or a
    /// month the plan names, so pages say which date they measure against.
    pub inferred: bool,
}

impl Reading {
    fn stated(due: Due) -> Reading {
        Reading {
            due,
            inferred: false,
        }
    }
}

/// The help line for a cell not understood: where the forms are listed and
/// how to pin the date the words mean.
pub const FORMS_HELP: &str = "plansite reads days (31 October 2015, 05/05/2020, 3rd September 2019), months, \"by\"/\"end of\"/\"w/c\"/\"no later than\", quarters (Q3 2019), financial years (2019/20), seasons, ranges (April-June 2020), \"... and ongoing\", \"Complete - June 2019\", \"Immediate\", \"Monthly\", \"TBC\" and \"N/A\" (the README's table of due-date forms); the words stay as written: add `due_date: YYYY-MM-DD` beside `due:` to give the date they mean";

/// Cells that say the plan sets no date.
const NO_DATE: &[&str] = &[
    "tbc",
    "tba",
    "n/a",
    "na",
    "to be confirmed",
    "to be agreed",
    "to be announced",
    "not applicable",
    "none",
    "-",
];

/// Cells that promise a recurring task: a continuing commitment.
const RECURRING: &[&str] = &[
    "daily",
    "weekly",
    "fortnightly",
    "monthly",
    "bi-monthly",
    "bimonthly",
    "quarterly",
    "six monthly",
    "six-monthly",
    "6 monthly",
    "bi-annually",
    "biannually",
    "annually",
    "yearly",
];

/// Words after a date that make it a continuing commitment from then on.
const ONGOING_TAILS: &[&str] = &[
    " and ongoing",
    " & ongoing",
    " then ongoing",
    " and then ongoing",
    " - ongoing",
    " ongoing",
    " onwards",
    " and thereafter",
];

/// Words before a date that do not change it: the date is the deadline.
const DEADLINE_WORDS: &[&str] = &[
    "by the end of ",
    "by end of ",
    "by the ",
    "by ",
    "the end of ",
    "end of ",
    "no later than ",
    "not later than ",
    "to be completed by ",
    "complete by ",
    "completed by ",
];

/// Words before a day that name the week beginning on it.
const WEEK_WORDS: &[&str] = &["w/c ", "wc ", "w/b ", "week commencing ", "week beginning "];

/// Reads a target date cell as written. `submitted` is the plan's submission
/// date, which "Immediate" means. The error says why the words were not
/// understood, for a message that quotes them.
pub fn read(written: &str, submitted: Option<NaiveDate>) -> Result<Reading, String> {
    let text = normalise(written);
    if let Some(start) = strip_ongoing_tail(&text) {
        let reading = read_commitment(start, submitted)?;
        return Ok(match reading.due {
            Due::On(date) => Reading {
                due: Due::OnThenOngoing(date),
                ..reading
            },
            Due::Unset => Reading::stated(Due::Ongoing),
            _ => reading,
        });
    }
    read_commitment(&text, submitted)
}

/// A cell without a trailing "and ongoing".
fn read_commitment(text: &str, submitted: Option<NaiveDate>) -> Result<Reading, String> {
    if text.is_empty() || NO_DATE.contains(&text) {
        return Ok(Reading::stated(Due::Unset));
    }
    if [
        "ongoing",
        "on-going",
        "on going",
        "continuous",
        "continuing",
    ]
    .iter()
    .any(|word| starts_with_word(text, word))
        || RECURRING.contains(&text)
    {
        return Ok(Reading::stated(Due::Ongoing));
    }
    if let Some(done) = read_done(text) {
        return done;
    }
    if ["immediate", "immediately", "with immediate effect"].contains(&text) {
        return match submitted {
            Some(date) => Ok(Reading {
                due: Due::On(date),
                inferred: true,
            }),
            None => Err(
                "it means the plan's submission date, and this plan gives no action_plan_submitted"
                    .to_string(),
            ),
        };
    }
    match deadline(text) {
        Some(Ok((date, inferred))) => Ok(Reading {
            due: Due::On(date),
            inferred,
        }),
        Some(Err(err)) => Err(err),
        None => Err("not a form of target date plansite reads".to_string()),
    }
}

/// "Complete", "Completed", "Done", alone or with the date it was done
/// ("Complete - June 2019", "Completed (05/05/2019)"); `None` for any other
/// cell, including "Complete by June 2019", which is a target.
fn read_done(text: &str) -> Option<Result<Reading, String>> {
    let rest = ["completed", "complete", "done"]
        .iter()
        .find_map(|word| text.strip_prefix(word))?;
    if rest.starts_with(|c: char| c.is_alphanumeric()) || rest.trim_start().starts_with("by ") {
        return None;
    }
    let rest = rest.trim_start_matches([' ', '-', ':', '(', ')']);
    let rest = ["in ", "on "]
        .iter()
        .find_map(|word| rest.strip_prefix(word))
        .unwrap_or(rest)
        .trim_end_matches(')');
    if rest.is_empty() {
        return Some(Ok(Reading::stated(Due::Done(None))));
    }
    Some(match deadline(rest)? {
        Ok((date, inferred)) => Ok(Reading {
            due: Due::Done(Some(date)),
            inferred,
        }),
        Err(err) => Err(err),
    })
}

/// Lower case, one kind of dash, no commas, single spaces, "3 rd" joined
/// into "3rd", no closing stop.
fn normalise(written: &str) -> String {
    let mapped = written
        .chars()
        .map(|c| match c {
            '\u{2010}'..='\u{2015}' | '\u{2212}' => '-',
            ',' => ' ',
            c if c.is_whitespace() => ' ',
            c => c,
        })
        .collect::<String>()
        .to_lowercase();
    let mut words: Vec<String> = Vec::new();
    for word in mapped.split_whitespace() {
        match words.last_mut() {
            Some(last) if ORDINALS.contains(&word) && last.bytes().all(|b| b.is_ascii_digit()) => {
                last.push_str(word)
            }
            _ => words.push(word.to_string()),
        }
    }
    words
        .join(" ")
        .trim_end_matches(['.', ';', ':'])
        .trim()
        .to_string()
}

/// The endings of "1st", "2nd", "3rd", "4th".
const ORDINALS: [&str; 4] = ["st", "nd", "rd", "th"];

fn starts_with_word(text: &str, word: &str) -> bool {
    text.strip_prefix(word)
        .is_some_and(|rest| !rest.starts_with(|c: char| c.is_alphanumeric()))
}

/// The date before "and ongoing", "onwards" and the like, if the cell ends so.
fn strip_ongoing_tail(text: &str) -> Option<&str> {
    ONGOING_TAILS
        .iter()
        .find_map(|tail| text.strip_suffix(tail))
        .map(str::trim)
        .filter(|start| !start.is_empty())
}

/// A date with deadline words: `None` if it is no date at all, an error if
/// it has a date's shape but no such day exists; with whether it is inferred.
fn deadline(text: &str) -> Option<Result<(NaiveDate, bool), String>> {
    if let Some(day) = WEEK_WORDS.iter().find_map(|w| text.strip_prefix(w)) {
        return Some(single(day)?.and_then(|(start, _)| {
            start
                .checked_add_days(Days::new(6))
                .map(|end| (end, true))
                .ok_or_else(|| "the week is out of range".to_string())
        }));
    }
    let text = DEADLINE_WORDS
        .iter()
        .find_map(|w| text.strip_prefix(w))
        .unwrap_or(text);
    single(text).or_else(|| range(text))
}

/// A range ("April-June 2020", "24-25 June 2020", "1 June to 5 July 2020"):
/// due at its end, provided its start is a date or part of one.
fn range(text: &str) -> Option<Result<(NaiveDate, bool), String>> {
    let (text, separators): (&str, &[&str]) = match text.strip_prefix("between ") {
        Some(rest) => (rest, &[" and "]),
        None => (text, &[" - ", " to ", " until ", "-"]),
    };
    for separator in separators {
        let Some((start, end)) = text.split_once(separator) else {
            continue;
        };
        let (start, end) = (start.trim(), end.trim());
        if !is_range_start(start) {
            continue;
        }
        if let Some(found) = single(end) {
            return Some(found.map(|(date, _)| (date, true)));
        }
    }
    None
}

/// A range's start: a whole date, or a day, a month or a day and month
/// whose year is the end's.
fn is_range_start(start: &str) -> bool {
    if matches!(single(start), Some(Ok(_))) {
        return true;
    }
    match words(start).as_slice() {
        [one] => day_number(one).is_some() || month_number(one).is_some(),
        [a, b] => {
            (day_number(a).is_some() && month_number(b).is_some())
                || (month_number(a).is_some() && day_number(b).is_some())
        }
        _ => false,
    }
}

/// The words of a normalised date, without a day's "of" and "the".
fn words(text: &str) -> Vec<&str> {
    text.split(' ')
        .filter(|w| !w.is_empty() && *w != "of" && *w != "the")
        .collect()
}

/// One date in any of the forms: `None` if it has no date's shape, an error
/// if the shape fits but no such day exists; with whether it is inferred.
fn single(text: &str) -> Option<Result<(NaiveDate, bool), String>> {
    let stated = |r: Result<NaiveDate, String>| Some(r.map(|d| (d, false)));
    let inferred = |r: Result<NaiveDate, String>| Some(r.map(|d| (d, true)));
    match words(text).as_slice() {
        [one] => {
            if let Some(date) = numeric_date(one) {
                return stated(date);
            }
            let financial = one.strip_prefix("fy").and_then(after_fy);
            if let Some(year) = financial_year(one).or(financial) {
                return inferred(last_day_of_month(year, 3));
            }
            let year = year_number(one)?;
            inferred(calendar_date(year, 12, 31))
        }
        ["fy", year] | ["financial", "year", year] => {
            let year = after_fy(year)?;
            inferred(last_day_of_month(year, 3))
        }
        [first, second] => {
            if let Some(end) = quarter_end(first, second).or_else(|| quarter_end(second, first)) {
                return inferred(end);
            }
            if let Some(end) = season_end(first, second) {
                return inferred(end);
            }
            let month = month_number(first)?;
            let year = year_number(second)?;
            stated(last_day_of_month(year, month))
        }
        ["quarter", n, year] => inferred(quarter_end(&format!("q{n}"), year)?),
        [n, "quarter", year] => {
            let n = n.trim_end_matches(char::is_alphabetic);
            inferred(quarter_end(&format!("q{n}"), year)?)
        }
        [a, b, year] => {
            let year = year_number(year)?;
            let (day, month) = match (day_number(a), month_number(b)) {
                (Some(day), Some(month)) => (day, month),
                _ => (day_number(b)?, month_number(a)?),
            };
            stated(calendar_date(year, month, day))
        }
        _ => None,
    }
}

/// "05/05/2020", "31.12.2019", "31-12-2019", "5/5/20" (day first, as in the
/// UK; a two-digit year is 2000-2069 up to 69, else 1970-1999) and ISO
/// "2020-05-05".
fn numeric_date(word: &str) -> Option<Result<NaiveDate, String>> {
    let separator = ['/', '.', '-'].into_iter().find(|&s| word.contains(s))?;
    let parts: Vec<&str> = word.split(separator).collect();
    let [a, b, c] = parts.as_slice() else {
        return None;
    };
    if ![a, b, c]
        .iter()
        .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    if a.len() == 4 && separator == '-' {
        return Some(super::parse_iso(word));
    }
    if a.len() > 2 || b.len() > 2 || !(c.len() == 2 || c.len() == 4) {
        return None;
    }
    let number = |p: &str| p.parse::<u32>().ok();
    let year = number(c)? as i32;
    let year = match c.len() {
        // Two digits: this century's up to 69, the last century's from 70.
        2 if year < 70 => 2000 + year,
        2 => 1900 + year,
        _ => year,
    };
    Some(calendar_date(year, number(b)?, number(a)?))
}

/// "2019/20", "2019-20", "2019/2020": the year its financial year ends in
/// (on 31 March), when the second year follows the first.
fn financial_year(word: &str) -> Option<i32> {
    let (first, second) = word.split_once(['/', '-'])?;
    let first = year_number(first)?;
    let second: i32 = match second.len() {
        2 => first / 100 * 100 + second.parse::<i32>().ok()?,
        4 => second.parse().ok()?,
        _ => return None,
    };
    (second == first + 1).then_some(second)
}

/// A financial year after "FY", which may shorten it to "19/20".
fn after_fy(word: &str) -> Option<i32> {
    financial_year(word).or_else(|| short_financial_year(word))
}

/// "19/20": this century's financial year.
fn short_financial_year(word: &str) -> Option<i32> {
    let (first, second) = word.split_once(['/', '-'])?;
    if first.len() != 2 || second.len() != 2 {
        return None;
    }
    let (first, second) = (first.parse::<i32>().ok()?, second.parse::<i32>().ok()?);
    (second == first + 1).then_some(2000 + second)
}

/// The last day of quarter `q` ("q1".."q4") of a calendar year ("2019") or
/// a financial year ("2019/20", whose first quarter is April to June).
fn quarter_end(q: &str, year: &str) -> Option<Result<NaiveDate, String>> {
    let n: u32 = q
        .strip_prefix('q')?
        .parse()
        .ok()
        .filter(|n| (1..=4).contains(n))?;
    if let Some(ends) = financial_year(year) {
        let (year, month) = if n == 4 {
            (ends, 3)
        } else {
            (ends - 1, 3 + 3 * n)
        };
        return Some(last_day_of_month(year, month));
    }
    Some(last_day_of_month(year_number(year)?, 3 * n))
}

/// The last day of a season: spring ends in May, summer in August, autumn
/// in November, and winter in the February after the year named (or in the
/// second year of "winter 2019/20").
fn season_end(season: &str, year: &str) -> Option<Result<NaiveDate, String>> {
    let (month, next_year) = match season {
        "spring" => (5, false),
        "summer" => (8, false),
        "autumn" | "fall" => (11, false),
        "winter" => (2, true),
        _ => return None,
    };
    let year = match (year_number(year), financial_year(year)) {
        (Some(year), _) => year + i32::from(next_year),
        (None, Some(second)) if next_year => second,
        _ => return None,
    };
    Some(last_day_of_month(year, month))
}

fn calendar_date(year: i32, month: u32, day: u32) -> Result<NaiveDate, String> {
    NaiveDate::from_ymd_opt(year, month, day)
        .ok_or_else(|| format!("there is no day {day} in month {month} of {year}"))
}

/// A month's last day: a target of "August 2018" is met by its end.
pub(super) fn last_day_of_month(year: i32, month: u32) -> Result<NaiveDate, String> {
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
fn month_number(word: &str) -> Option<u32> {
    let word = word.trim_end_matches('.');
    MONTHS
        .iter()
        .position(|m| *m == word || (word.len() >= 3 && m.starts_with(word)))
        .map(|i| i as u32 + 1)
}

/// A four-digit year from 1990 to 2099: plans of this century, and no
/// reference number read as a year.
fn year_number(word: &str) -> Option<i32> {
    let year = word.parse::<i32>().ok().filter(|_| word.len() == 4)?;
    (1990..2100).contains(&year).then_some(year)
}

/// A day of the month, with or without an ordinal ending ("16th").
fn day_number(word: &str) -> Option<u32> {
    let digits = ORDINALS
        .iter()
        .find_map(|suffix| word.strip_suffix(suffix))
        .unwrap_or(word);
    let day = digits.parse::<u32>().ok()?;
    ((1..=31).contains(&day) && digits.len() <= 2).then_some(day)
}

/// The README's table of due-date forms, which the tests check against.
#[cfg(test)]
#[path = "../../../tests/common/due_forms.rs"]
mod readme;

#[cfg(test)]
mod tests {
    use super::*;

    /// What a form should read as: the expected [`Reading`], written short.
    #[derive(Clone, Copy, Debug)]
    enum Want {
        /// A day or month the plan names.
        Day(i32, u32, u32),
        /// A date plansite works out from the words.
        Read(i32, u32, u32),
        /// A day the plan names, then ongoing.
        Then(i32, u32, u32),
        /// Done on a day the plan names.
        DoneOn(i32, u32, u32),
        Done,
        Ongoing,
        NoDate,
        /// Not understood: kept as written, with a warning.
        Unread,
    }

    /// The plan's submission date, which "Immediate" means.
    const SUBMITTED: (i32, u32, u32) = (2019, 7, 18);

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn expected(want: Want) -> Option<Reading> {
        let stated = |due| Some(Reading::stated(due));
        match want {
            Want::Day(y, m, d) => stated(Due::On(day(y, m, d))),
            Want::Read(y, m, d) => Some(Reading {
                due: Due::On(day(y, m, d)),
                inferred: true,
            }),
            Want::Then(y, m, d) => stated(Due::OnThenOngoing(day(y, m, d))),
            Want::DoneOn(y, m, d) => stated(Due::Done(Some(day(y, m, d)))),
            Want::Done => stated(Due::Done(None)),
            Want::Ongoing => stated(Due::Ongoing),
            Want::NoDate => stated(Due::Unset),
            Want::Unread => None,
        }
    }

    /// Every form the README's table lists, and more besides, each with its
    /// reading worked out by hand from the form's documented meaning.
    const FORMS: &[(&str, Want)] = &[
        // Months: due at their end.
        ("August 2018", Want::Day(2018, 8, 31)),
        ("February 2016", Want::Day(2016, 2, 29)),
        ("Nov 2018", Want::Day(2018, 11, 30)),
        ("Sept 2018", Want::Day(2018, 9, 30)),
        ("Sept. 2018", Want::Day(2018, 9, 30)),
        ("March, 2020", Want::Day(2020, 3, 31)),
        // Days, in words.
        ("31 October 2015", Want::Day(2015, 10, 31)),
        ("29 February 2016", Want::Day(2016, 2, 29)),
        ("16th August 2019", Want::Day(2019, 8, 16)),
        ("1st May 2020", Want::Day(2020, 5, 1)),
        ("3 rd September 2019", Want::Day(2019, 9, 3)),
        ("3rd of September 2019", Want::Day(2019, 9, 3)),
        ("September 3rd, 2019", Want::Day(2019, 9, 3)),
        ("22nd June 2020.", Want::Day(2020, 6, 22)),
        // Days, in figures: day first.
        ("2018-08-31", Want::Day(2018, 8, 31)),
        ("05/05/2020", Want::Day(2020, 5, 5)),
        ("31.12.2019", Want::Day(2019, 12, 31)),
        ("31-12-2019", Want::Day(2019, 12, 31)),
        ("1/4/20", Want::Day(2020, 4, 1)),
        ("01.04.20", Want::Day(2020, 4, 1)),
        ("5/3/99", Want::Day(1999, 3, 5)),
        // Deadline words.
        ("End of March 2020", Want::Day(2020, 3, 31)),
        ("By December 2019", Want::Day(2019, 12, 31)),
        ("by the end of June 2020", Want::Day(2020, 6, 30)),
        ("No later than 30 September 2019", Want::Day(2019, 9, 30)),
        ("By 05/05/2020", Want::Day(2020, 5, 5)),
        ("To be completed by March 2020", Want::Day(2020, 3, 31)),
        ("w/c 6 April 2020", Want::Read(2020, 4, 12)),
        ("Week commencing 30/12/2019", Want::Read(2020, 1, 5)),
        // Years, quarters, financial years.
        ("2020", Want::Read(2020, 12, 31)),
        ("End of 2020", Want::Read(2020, 12, 31)),
        ("Q3 2019", Want::Read(2019, 9, 30)),
        ("Q1 2020", Want::Read(2020, 3, 31)),
        ("q4 2019", Want::Read(2019, 12, 31)),
        ("Quarter 2 2020", Want::Read(2020, 6, 30)),
        ("2nd quarter 2020", Want::Read(2020, 6, 30)),
        ("Q1 2020/21", Want::Read(2020, 6, 30)),
        ("Q4 2019/20", Want::Read(2020, 3, 31)),
        ("2019/20", Want::Read(2020, 3, 31)),
        ("2019-20", Want::Read(2020, 3, 31)),
        ("2019/2020", Want::Read(2020, 3, 31)),
        ("FY 2019/20", Want::Read(2020, 3, 31)),
        ("FY19/20", Want::Read(2020, 3, 31)),
        ("Financial year 2020-21", Want::Read(2021, 3, 31)),
        ("End of 2019/20", Want::Read(2020, 3, 31)),
        // Seasons.
        ("Spring 2020", Want::Read(2020, 5, 31)),
        ("Summer 2019", Want::Read(2019, 8, 31)),
        ("Autumn 2019", Want::Read(2019, 11, 30)),
        ("Winter 2019", Want::Read(2020, 2, 29)),
        ("Winter 2019/20", Want::Read(2020, 2, 29)),
        // Ranges: the end is the due date.
        ("April-June 2020", Want::Read(2020, 6, 30)),
        ("April – June 2020", Want::Read(2020, 6, 30)),
        ("April to June 2020", Want::Read(2020, 6, 30)),
        ("Dec 2019 - Jan 2020", Want::Read(2020, 1, 31)),
        ("24-25 June 2020", Want::Read(2020, 6, 25)),
        ("1 June to 5 July 2020", Want::Read(2020, 7, 5)),
        ("01/04/2020 - 30/06/2020", Want::Read(2020, 6, 30)),
        ("Between April and June 2020", Want::Read(2020, 6, 30)),
        ("2019-2021", Want::Read(2021, 12, 31)),
        // A date, then ongoing.
        ("March 2020 and ongoing", Want::Then(2020, 3, 31)),
        ("31 March 2020 & ongoing", Want::Then(2020, 3, 31)),
        ("June 2020 onwards", Want::Then(2020, 6, 30)),
        ("September 2019 – ongoing", Want::Then(2019, 9, 30)),
        // Done, with or without the date.
        ("Complete", Want::Done),
        ("Completed", Want::Done),
        (" completed. ", Want::Done),
        ("Completed and ongoing", Want::Done),
        ("Done", Want::Done),
        ("Complete - June 2019", Want::DoneOn(2019, 6, 30)),
        ("Completed June 2019", Want::DoneOn(2019, 6, 30)),
        ("Completed (June 2019)", Want::DoneOn(2019, 6, 30)),
        ("Completed on 05/05/2019", Want::DoneOn(2019, 5, 5)),
        ("Completed in March 2019", Want::DoneOn(2019, 3, 31)),
        // Continuing and recurring.
        ("Ongoing", Want::Ongoing),
        ("On-going", Want::Ongoing),
        ("Ongoing 18 – 24 months after Royal Assent.", Want::Ongoing),
        ("Monthly", Want::Ongoing),
        ("Quarterly", Want::Ongoing),
        ("Annually", Want::Ongoing),
        ("Six monthly", Want::Ongoing),
        ("Weekly and ongoing", Want::Ongoing),
        // No date.
        ("", Want::NoDate),
        ("TBC", Want::NoDate),
        ("TBA", Want::NoDate),
        ("N/A", Want::NoDate),
        ("Not applicable", Want::NoDate),
        ("To be confirmed", Want::NoDate),
        ("TBC and ongoing", Want::Ongoing),
        // Immediate: the plan's submission date.
        ("Immediate", Want::Read(2019, 7, 18)),
        ("Immediately", Want::Read(2019, 7, 18)),
        ("With immediate effect", Want::Read(2019, 7, 18)),
        // Not understood: shown as written, with a warning.
        ("soon", Want::Unread),
        ("Early 2020", Want::Unread),
        ("Mid-2020", Want::Unread),
        ("31 October", Want::Unread),
        ("August 18", Want::Unread),
        ("Augst 2018", Want::Unread),
        ("Ongoingly", Want::Unread),
        ("When resources allow", Want::Unread),
        ("Following the review", Want::Unread),
        ("6 months", Want::Unread),
        ("Next inspection", Want::Unread),
        ("June 2019 and December 2019", Want::Unread),
        ("Spring/Summer 2020", Want::Unread),
        ("Q5 2020", Want::Unread),
        ("2019/21", Want::Unread),
        ("30 February 2016", Want::Unread),
        ("29 February 2015", Want::Unread),
        ("2018-02-30", Want::Unread),
        ("31/04/2020", Want::Unread),
        ("32 May 2018", Want::Unread),
        ("1/2/3", Want::Unread),
    ];

    #[test]
    fn every_form_in_the_table_reads_as_documented() {
        let submitted = Some(day(SUBMITTED.0, SUBMITTED.1, SUBMITTED.2));
        assert!(FORMS.len() >= 50, "the issue asks for at least 50 forms");
        let mut wrong = Vec::new();
        for &(written, want) in FORMS {
            let got = read(written, submitted).ok();
            if got != expected(want) {
                wrong.push(format!("`{written}`: wanted {want:?}, read {got:?}"));
            }
        }
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    }

    #[test]
    fn every_example_in_the_readme_is_in_the_table_with_its_reading() {
        let rows = readme::documented();
        assert!(
            rows.len() >= 15,
            "the README's table has {} rows",
            rows.len()
        );
        for row in rows {
            assert!(!row.examples.is_empty());
            for example in row.examples {
                let Some(&(_, want)) = FORMS.iter().find(|(form, _)| *form == example) else {
                    panic!("README example `{example}` is not in the test table");
                };
                assert_eq!(
                    matches!(want, Want::Unread),
                    row.not_understood,
                    "`{example}` is in the wrong row of the README"
                );
            }
        }
    }

    #[test]
    fn immediate_without_a_submission_date_is_not_given_one() {
        let err = read("Immediate", None).unwrap_err();
        assert!(err.contains("action_plan_submitted"), "{err}");
    }

    #[test]
    fn an_impossible_day_says_which_day() {
        let err = read("30 February 2016", None).unwrap_err();
        assert!(err.contains("no day 30 in month 2 of 2016"), "{err}");
        let err = read("31/04/2020", None).unwrap_err();
        assert!(err.contains("no day 31 in month 4 of 2020"), "{err}");
    }
}
