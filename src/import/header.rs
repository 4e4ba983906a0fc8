//! The plan's own header: which prison, when the report was published, when the
//! plan was submitted, when the inspection took place.
//!
//! Plans state these in several ways: "Report Published 31 May 2018",
//! "Report Published: 17 November 2025", a label on one line and its date on the
//! next, or a timetable table ("Report published<TAB>31 July 2015").

use std::sync::LazyLock;

use chrono::NaiveDate;
use regex::Regex;

use crate::model::due::reading;

/// What a plan's header says about the plan.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PlanHeader {
    /// The establishment as named, e.g. "HMP Leicester".
    pub prison_name: Option<String>,
    pub report_published: Option<NaiveDate>,
    pub action_plan_submitted: Option<NaiveDate>,
    pub inspection_from: Option<NaiveDate>,
    pub inspection_to: Option<NaiveDate>,
    /// For example "Full unannounced inspection".
    pub inspection_kind: Option<String>,
}

/// Reads the header from the lines before the action-plan table.
pub fn read(lines: &[&str]) -> PlanHeader {
    let mut header = PlanHeader::default();
    // Labels and values, whether on one line, split by a tab, or on consecutive lines.
    let fields = fields(lines);
    for (written, value) in &fields {
        let label = written.to_lowercase();
        if label.starts_with("action plan submitted") {
            header.action_plan_submitted = header.action_plan_submitted.or(parse_date(value));
        } else if label.starts_with("report published") {
            header.report_published = header.report_published.or(parse_date(value));
        } else if label.starts_with("action plan") && !names_the_report(value) {
            header.prison_name = header.prison_name.clone().or(establishment(value));
        } else if label.starts_with("establishment") && header.prison_name.is_none() {
            header.prison_name = establishment(value);
        } else if label.contains("inspection")
            && header.inspection_from.is_none()
            && let Some((from, to)) = parse_range(value)
        {
            header.inspection_from = Some(from);
            header.inspection_to = Some(to);
            if !label.contains("response") {
                header.inspection_kind = Some(written.trim().to_string());
            }
        }
    }
    header
}

/// Splits header lines into (label, value) pairs.
fn fields(lines: &[&str]) -> Vec<(String, String)> {
    static LABELLED: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^(action plan submitted|report published|action plan|establishment|[a-z ]*\binspection)\s*[:\t]?\s*(.*)$")
            .unwrap_or_else(|e| panic!("header pattern: {e}"))
    });
    let lines: Vec<&str> = lines
        .iter()
        .map(|l| l.trim())
        .filter(|l| !l.is_empty())
        .collect();
    let mut fields = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let line = line.trim_start_matches('#').trim();
        let cells: Vec<&str> = line.split('\t').map(str::trim).collect();
        if cells.len() >= 2 {
            fields.push((cells[0].to_string(), cells[1].to_string()));
            continue;
        }
        if let Some(found) = LABELLED.captures(line) {
            let label = found.get(1).map_or("", |m| m.as_str()).to_string();
            let mut value = found.get(2).map_or("", |m| m.as_str()).trim().to_string();
            if value.is_empty() {
                value = lines
                    .get(i + 1)
                    .map(|l| l.trim().to_string())
                    .unwrap_or_default();
            }
            fields.push((label, value));
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

/// Parses a range such as "5 – 25 August 2025", "2 - 13 March 2015" or "28 July – 8 August 2025".
fn parse_range(value: &str) -> Option<(NaiveDate, NaiveDate)> {
    static RANGE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\b(\d{1,2})(?:st|nd|rd|th)?(?:\s+([a-z]+))?(?:\s+(\d{4}))?\s*(?:[–—-]|to)\s*(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]+)\s+(\d{4})\b")
            .unwrap_or_else(|e| panic!("date range pattern: {e}"))
    });
    let found = RANGE.captures(value)?;
    let to = date_from_parts(&found[4], &found[5], &found[6])?;
    let from_month = found.get(2).map_or(&found[5], |m| m.as_str());
    let from_year = found.get(3).map_or(&found[6], |m| m.as_str());
    let from = date_from_parts(&found[1], from_month, from_year)?;
    Some((from, to))
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
        assert_eq!(header.inspection_from, None);
    }

    #[test]
    fn reads_labels_with_colons_and_a_range() {
        let header = read(&[
            "Action Plan: HMP Leicester.",
            "Action Plan Submitted: 10 December 2025.",
            "A Response to the HMIP Inspection: 5 – 25 August 2025",
            "Report Published: 17 November 2025",
        ]);
        assert_eq!(header.action_plan_submitted, date(2025, 12, 10));
        assert_eq!(header.inspection_from, date(2025, 8, 5));
        assert_eq!(header.inspection_to, date(2025, 8, 25));
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
        assert_eq!(header.inspection_from, date(2015, 3, 2));
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
        ]);
        assert_eq!(header.report_published, date(2019, 8, 16));
        assert_eq!(header.action_plan_submitted, date(2019, 10, 2));
    }

    #[test]
    fn reads_ranges_across_months() {
        assert_eq!(
            parse_range("28 July – 8 August 2025"),
            date(2025, 7, 28).zip(date(2025, 8, 8))
        );
    }
}
