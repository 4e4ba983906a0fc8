//! The plan's own header: which prison, when the report was published, when the
//! plan was submitted, when the inspection took place.
//!
//! Plans state these in several ways: "Report Published 31 May 2018",
//! "Report Published: 17 November 2025", a label on one line and its date on the
//! next, or a timetable table ("Report published<TAB>31 July 2015").

use std::sync::LazyLock;

use chrono::{Datelike, NaiveDate};
use regex::Regex;

use crate::model::InspectionPeriod;
use crate::model::due::reading;

/// What a plan's header says about the plan.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PlanHeader {
    /// The establishment as named, e.g. "HMP Leicester".
    pub prison_name: Option<String>,
    pub report_published: Option<NaiveDate>,
    pub action_plan_submitted: Option<NaiveDate>,
    /// The inspection's periods, in the plan's order; empty when the
    /// header gives none or gives words no period can be read from.
    pub inspection_periods: Vec<InspectionPeriod>,
    /// The inspection field's words as written, kept whether or not they
    /// were read, so a page can show what the plan says.
    pub inspection_written: Option<String>,
    /// The line (counted from 1 in the lines read) of those words, for a
    /// warning when no period could be read from them.
    pub inspection_line: Option<usize>,
    /// For example "Full unannounced inspection".
    pub inspection_kind: Option<String>,
}

impl PlanHeader {
    /// Whether the header gave words for the inspection's dates that could not be read.
    pub fn inspection_unread(&self) -> bool {
        self.inspection_written.is_some() && self.inspection_periods.is_empty()
    }
}

/// Reads the header from the lines before the action-plan table.
pub fn read(lines: &[&str]) -> PlanHeader {
    let mut header = PlanHeader::default();
    // Labels and values, whether on one line, split by a tab, or on consecutive lines.
    for field in fields(lines) {
        let label = field.label.to_lowercase();
        let value = field.value.as_str();
        if label.starts_with("action plan submitted") {
            header.action_plan_submitted = header.action_plan_submitted.or(parse_date(value));
        } else if label.starts_with("report published") {
            header.report_published = header.report_published.or(parse_date(value));
        } else if label.starts_with("action plan") && !names_the_report(value) {
            header.prison_name = header.prison_name.clone().or(establishment(value));
        } else if label.starts_with("establishment") && header.prison_name.is_none() {
            header.prison_name = establishment(value);
        } else if names_the_inspection(&label) {
            read_inspection(&mut header, &field);
        }
    }
    header
}

/// Records the first inspection field that gives any words: its periods
/// when they can be read, its words as written either way.
fn read_inspection(header: &mut PlanHeader, field: &Field) {
    if !field.label.to_lowercase().contains("response") && header.inspection_kind.is_none() {
        header.inspection_kind = Some(field.label.trim().to_string());
    }
    let value = field.value.trim();
    // A label alone on its line borrows the next line only when that holds a date.
    let blank =
        value.is_empty() || (field.on_next_line && !value.contains(|c: char| c.is_ascii_digit()));
    if blank || header.inspection_written.is_some() {
        return;
    }
    header.inspection_written = Some(value.to_string());
    header.inspection_line = Some(field.line);
    header.inspection_periods = parse_periods(value).unwrap_or_default();
}

/// "Full Unannounced inspection", "A Response to the HMIP Inspection": a
/// short label naming the inspection, not a sentence that mentions one.
fn names_the_inspection(label: &str) -> bool {
    label.contains("inspection") && label.split_whitespace().count() <= 8
}

/// A label of the header with its value and where the label was written.
#[derive(Clone, Debug)]
struct Field {
    label: String,
    value: String,
    /// The line of the label, counted from 1.
    line: usize,
    /// Whether the value was taken from the line after a label alone on its line.
    on_next_line: bool,
}

/// Splits header lines into labelled fields.
fn fields(lines: &[&str]) -> Vec<Field> {
    static LABELLED: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^(action plan submitted|report published|action plan|establishment|[a-z ]*\binspection)\s*[:\t]?\s*(.*)$")
            .unwrap_or_else(|e| panic!("header pattern: {e}"))
    });
    let lines: Vec<(usize, &str)> = lines
        .iter()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim()))
        .filter(|(_, l)| !l.is_empty())
        .collect();
    let mut fields = Vec::new();
    for (i, &(line_number, line)) in lines.iter().enumerate() {
        let line = line.trim_start_matches('#').trim();
        let cells: Vec<&str> = line.split('\t').map(str::trim).collect();
        if cells.len() >= 2 {
            fields.push(Field {
                label: cells[0].to_string(),
                value: cells[1].to_string(),
                line: line_number,
                on_next_line: false,
            });
            continue;
        }
        if let Some(found) = LABELLED.captures(line) {
            let label = found.get(1).map_or("", |m| m.as_str()).to_string();
            let mut value = found.get(2).map_or("", |m| m.as_str()).trim().to_string();
            let mut on_next_line = false;
            // The next line is this label's value unless it is a label of its own.
            if value.is_empty()
                && let Some(&(_, next)) = lines.get(i + 1)
                && !LABELLED.is_match(next.trim_start_matches('#').trim())
            {
                value = next.to_string();
                on_next_line = true;
            }
            fields.push(Field {
                label,
                value,
                line: line_number,
                on_next_line,
            });
        }
    }
    fields
}

/// "ACTION PLAN: HMCIP REPORT" titles the table, not the prison.
fn names_the_report(value: &str) -> bool {
    let value = value.to_lowercase();
    value.contains("report") || value.contains("hmip") || value.contains("hmcip")
}

/// "HMP Leicester." or "HMP LITTLEHEY" as a name in the case people write it.
fn establishment(value: &str) -> Option<String> {
    let value = value.trim().trim_end_matches('.').trim();
    if value.is_empty() {
        return None;
    }
    let shouting = value
        .chars()
        .filter(|c| c.is_alphabetic())
        .all(|c| c.is_uppercase());
    if !shouting {
        return Some(value.to_string());
    }
    let words: Vec<String> = value
        .split_whitespace()
        .map(|w| {
            if matches!(w, "HMP" | "HMYOI" | "YOI" | "HMP/YOI" | "&" | "IRC" | "STC") {
                w.to_string()
            } else {
                let lower = w.to_lowercase();
                let mut chars = lower.chars();
                chars
                    .next()
                    .map(|c| c.to_uppercase().chain(chars).collect())
                    .unwrap_or_default()
            }
        })
        .collect();
    Some(words.join(" "))
}

/// Parses "31 May 2018", "16th August 2019", "10 December 2025." into a date.
pub fn parse_date(value: &str) -> Option<NaiveDate> {
    static DAY_MONTH_YEAR: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\b(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]+)\.?,?\s+(\d{4})\b")
            .unwrap_or_else(|e| panic!("date pattern: {e}"))
    });
    let found = DAY_MONTH_YEAR.captures(value)?;
    date_from_parts(&found[1], &found[2], &found[3])
}

/// One period before its missing years and months are filled in from the
/// periods after it ("24–25 February; 2–6 March 2020").
struct Partial {
    from: (u32, Option<u32>, Option<i32>),
    to: Option<(u32, u32, Option<i32>)>,
}

/// Reads an inspection's periods: "5 – 25 August 2025", "28 July – 8
/// August 2025", "24–25 February; 2–6 March 2020", "05/03/2020",
/// "5.3.2020". None when any part is not a date, so that words only partly
/// read are never taken for all the dates.
pub fn parse_periods(value: &str) -> Option<Vec<InspectionPeriod>> {
    static SEPARATOR: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\s*(?:;|,|\band\b|&)\s*")
            .unwrap_or_else(|e| panic!("period separator pattern: {e}"))
    });
    let text = value.trim().trim_end_matches('.').trim();
    let partials = SEPARATOR
        .split(text)
        .map(partial_period)
        .collect::<Option<Vec<Partial>>>()?;
    // A year, and a month, said once at the end holds for the periods before.
    let mut year = None;
    let mut periods = Vec::with_capacity(partials.len());
    for partial in partials.iter().rev() {
        let (from_day, from_month, from_year) = partial.from;
        let (to_day, to_month, to_year) = match partial.to {
            Some(to) => to,
            None => partial.single_day_end()?,
        };
        let to_year = to_year.or(from_year).or(year)?;
        let to = NaiveDate::from_ymd_opt(to_year, to_month, to_day)?;
        let month = from_month.unwrap_or(to_month);
        let mut from = NaiveDate::from_ymd_opt(from_year.unwrap_or(to_year), month, from_day)?;
        // "30 December – 3 January 2020" began the year before.
        if from_year.is_none() && from_month.is_some_and(|m| m > to_month) {
            from = NaiveDate::from_ymd_opt(to_year - 1, month, from_day)?;
        }
        if from > to {
            return None;
        }
        year = Some(from.year());
        periods.push(InspectionPeriod { from, to });
    }
    periods.reverse();
    Some(periods)
}

impl Partial {
    /// A single day read as a period ending where it starts.
    fn single_day_end(&self) -> Option<(u32, u32, Option<i32>)> {
        let (day, month, year) = self.from;
        Some((day, month?, year))
    }
}

/// One period as written: "24–25 February", "2 – 6 March 2020",
/// "28 February – 2 March 2020", "5 March 2020", "05/03/2020".
fn partial_period(piece: &str) -> Option<Partial> {
    static WORDS: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^(\d{1,2})\s?(?:st|nd|rd|th)?(?:\s+([a-z]+)\.?)?(?:\s+(\d{4}))?(?:\s*(?:[–—-]|to)\s*(\d{1,2})\s?(?:st|nd|rd|th)?\s+([a-z]+)\.?(?:\s+(\d{4}))?)?$")
            .unwrap_or_else(|e| panic!("period pattern: {e}"))
    });
    static NUMBERS: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(\d{1,2})[/.](\d{1,2})[/.](\d{4})(?:\s*(?:[–—-]|to)\s*(\d{1,2})[/.](\d{1,2})[/.](\d{4}))?$")
            .unwrap_or_else(|e| panic!("numeric period pattern: {e}"))
    });
    // Both patterns capture day, month and year of each end at the same places.
    let (found, month): (regex::Captures, fn(&str) -> Option<u32>) = match NUMBERS.captures(piece) {
        Some(found) => (found, |m| m.parse().ok()),
        None => (WORDS.captures(piece)?, month_number),
    };
    let from = date_parts(&found, 1, month)?;
    let to = match found.get(4) {
        Some(_) => {
            let (day, month, year) = date_parts(&found, 4, month)?;
            Some((day, month?, year))
        }
        None => None,
    };
    Some(Partial { from, to })
}

/// The day, month and year captured from group `at` on; None when a part
/// written is not one (a month's name misspelt), a missing part is None.
fn date_parts(
    found: &regex::Captures,
    at: usize,
    month: fn(&str) -> Option<u32>,
) -> Option<(u32, Option<u32>, Option<i32>)> {
    let day = found.get(at)?.as_str().parse().ok()?;
    let month = match found.get(at + 1) {
        Some(written) => Some(month(written.as_str())?),
        None => None,
    };
    let year = match found.get(at + 2) {
        Some(written) => Some(written.as_str().parse().ok()?),
        None => None,
    };
    Some((day, month, year))
}

/// A month's number from its name, read the way target dates read it.
fn month_number(name: &str) -> Option<u32> {
    date_from_parts("1", name, "2000").map(|d| d.month())
}

/// Reads a day, month and year the way target dates are read, so both agree on every form.
fn date_from_parts(day: &str, month: &str, year: &str) -> Option<NaiveDate> {
    reading::read(&format!("{day} {month} {year}"), None)
        .ok()
        .and_then(|reading| reading.due.date())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, d)
    }

    /// A period from (year, month, day) triples, read off the written words.
    fn period(from: (i32, u32, u32), to: (i32, u32, u32)) -> InspectionPeriod {
        InspectionPeriod::of(from, to)
    }

    /// The header of a plan whose inspection line says `value`.
    fn inspected(value: &str) -> PlanHeader {
        read(&[
            "Action Plan: HMP Leicester.",
            "Action Plan Submitted: 10 December 2025.",
            &format!("A Response to the HMIP Inspection: {value}"),
            "Report Published: 17 November 2025",
        ])
    }

    #[test]
    fn reads_labels_without_colons() {
        let header = read(&[
            "HM Prison &",
            "Probation Service",
            "Action Plan: HMP Leicester",
            "Action Plan Submitted 18 July 2018",
            "A Response to the HMIP Inspection",
            "Report Published 31 May 2018",
        ]);
        assert_eq!(header.prison_name.as_deref(), Some("HMP Leicester"));
        assert_eq!(header.action_plan_submitted, date(2018, 7, 18));
        assert_eq!(header.report_published, date(2018, 5, 31));
        // The inspection label stands alone: the next line is a label of its own.
        assert_eq!(header.inspection_periods, vec![]);
        assert_eq!(header.inspection_written, None);
    }

    #[test]
    fn reads_labels_with_colons_and_a_range() {
        let header = inspected("5 – 25 August 2025");
        assert_eq!(header.action_plan_submitted, date(2025, 12, 10));
        assert_eq!(
            header.inspection_periods,
            vec![period((2025, 8, 5), (2025, 8, 25))]
        );
        assert_eq!(
            header.inspection_written.as_deref(),
            Some("5 – 25 August 2025")
        );
        assert_eq!(header.inspection_line, Some(3));
        assert_eq!(header.inspection_kind, None);
    }

    #[test]
    fn reads_a_timetable_table_and_shouted_names() {
        let header = read(&[
            "## ACTION PLAN: HMCIP REPORT",
            "ESTABLISHMENT: HMP LITTLEHEY",
            "TIMETABLE\tDATE\tSTATUS OF THIS RETURN",
            "Full Unannounced inspection\t2 – 13 March 2015\t",
            "Report published\t31 July 2015\t",
            "Action Plan Submitted\t16 October 2015\tAttached",
        ]);
        assert_eq!(header.prison_name.as_deref(), Some("HMP Littlehey"));
        assert_eq!(
            header.inspection_periods,
            vec![period((2015, 3, 2), (2015, 3, 13))]
        );
        assert_eq!(
            header.inspection_kind.as_deref(),
            Some("Full Unannounced inspection")
        );
        assert_eq!(header.report_published, date(2015, 7, 31));
    }

    #[test]
    fn reads_values_on_the_next_line_and_ordinals() {
        let header = read(&[
            "Report Published",
            "16th August 2019",
            "Action Plan Submitted:",
            "2nd October 2019",
            "Dates of inspection",
            "3rd – 5th June 2019",
        ]);
        assert_eq!(header.report_published, date(2019, 8, 16));
        assert_eq!(header.action_plan_submitted, date(2019, 10, 2));
        assert_eq!(
            header.inspection_periods,
            vec![period((2019, 6, 3), (2019, 6, 5))]
        );
    }

    #[test]
    fn reads_several_periods_with_en_dashes_and_semicolons() {
        let header = inspected("24–25 February; 2–6 March 2020");
        assert_eq!(
            header.inspection_periods,
            vec![
                period((2020, 2, 24), (2020, 2, 25)),
                period((2020, 3, 2), (2020, 3, 6))
            ]
        );
        assert_eq!(
            header.inspection_written.as_deref(),
            Some("24–25 February; 2–6 March 2020")
        );
        assert!(!header.inspection_unread());
        assert_eq!(
            parse_periods("3 – 4 March, 10 March and 16–17 March 2020"),
            Some(vec![
                period((2020, 3, 3), (2020, 3, 4)),
                period((2020, 3, 10), (2020, 3, 10)),
                period((2020, 3, 16), (2020, 3, 17))
            ])
        );
    }

    #[test]
    fn reads_periods_across_months_and_years() {
        assert_eq!(
            inspected("28 February – 2 March 2020").inspection_periods,
            vec![period((2020, 2, 28), (2020, 3, 2))]
        );
        assert_eq!(
            parse_periods("28 July – 8 August 2025"),
            Some(vec![period((2025, 7, 28), (2025, 8, 8))])
        );
        assert_eq!(
            parse_periods("30 December – 3 January 2020"),
            Some(vec![period((2019, 12, 30), (2020, 1, 3))])
        );
    }

    #[test]
    fn a_blank_field_has_no_periods_and_no_words() {
        let header = inspected("");
        assert_eq!(header.inspection_periods, vec![]);
        assert_eq!(header.inspection_written, None);
        assert!(!header.inspection_unread());
        assert_eq!(header.report_published, date(2025, 11, 17));
    }

    #[test]
    fn reads_numeric_dates_day_first() {
        assert_eq!(
            inspected("05/03/2020").inspection_periods,
            vec![period((2020, 3, 5), (2020, 3, 5))]
        );
        assert_eq!(
            inspected("5.3.2020").inspection_periods,
            vec![period((2020, 3, 5), (2020, 3, 5))]
        );
        assert_eq!(
            parse_periods("02/03/2020 - 06/03/2020"),
            Some(vec![period((2020, 3, 2), (2020, 3, 6))])
        );
    }

    #[test]
    fn keeps_words_it_cannot_read_as_written() {
        for written in [
            "Spring 2020",
            "w/c 2 March 2020",
            "24–25 February",
            "31/02/2020",
            "6 – 2 March 2020",
        ] {
            let header = inspected(written);
            assert_eq!(header.inspection_periods, vec![], "{written}");
            assert_eq!(header.inspection_written.as_deref(), Some(written));
            assert!(header.inspection_unread(), "{written}");
            assert_eq!(header.inspection_line, Some(3));
        }
    }
}
