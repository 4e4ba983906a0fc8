//! The plan's summary table: how many recommendations it says it agreed,
//! partly agreed and did not agree, kept so `check` can compare them with the rows.

use crate::content::DeclaredTotals;
use crate::model::decision::DecisionClass;

/// Reads the summary table from the lines after the action-plan table.
///
/// The table has a header row naming its groups ("Recommendations", and in
/// older plans "Housekeeping Points" beside it) and rows of label and count.
pub fn read(lines: &[&str]) -> Option<DeclaredTotals> {
    let mut groups: Vec<(usize, bool)> = Vec::new();
    let mut recommendations = DeclaredTotals::default();
    let mut housekeeping = DeclaredTotals::default();
    for line in lines {
        let cells: Vec<String> = line.split('\t').map(super::cells::plain_text).collect();
        if groups.is_empty() {
            groups = cells
                .iter()
                .enumerate()
                .filter_map(|(i, c)| {
                    let c = c.to_lowercase();
                    if c.starts_with("housekeeping") {
                        Some((i, true))
                    } else if c.starts_with("recommendation") || c.starts_with("concern") {
                        Some((i, false))
                    } else {
                        None
                    }
                })
                .collect();
            continue;
        }
        for &(column, is_housekeeping) in &groups {
            let (Some(label), Some(count)) = (cells.get(column), cells.get(column + 1)) else {
                continue;
            };
            let Ok(count) = count.trim().parse::<u32>() else {
                continue;
            };
            let totals = if is_housekeeping {
                &mut housekeeping
            } else {
                &mut recommendations
            };
            record(totals, label, count);
        }
    }
    if recommendations == DeclaredTotals::default() {
        return None;
    }
    if housekeeping != DeclaredTotals::default() {
        recommendations.housekeeping = Some(Box::new(housekeeping));
    }
    Some(recommendations)
}

/// Files one count under its class; "Accepted Subject to Resources /Partially Accepted" is one class.
fn record(totals: &mut DeclaredTotals, label: &str, count: u32) {
    if label.trim().eq_ignore_ascii_case("total") {
        totals.total = Some(count);
        return;
    }
    let class = label.split('/').find_map(DecisionClass::from_label);
    let slot = match class {
        Some(DecisionClass::Agreed) => &mut totals.agreed,
        Some(DecisionClass::PartlyAgreed) => &mut totals.partly_agreed,
        Some(DecisionClass::NotAgreed) => &mut totals.not_agreed,
        _ => return,
    };
    *slot = Some(count);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_one_group() {
        let totals = read(&[
            "Recommendations\t",
            "Agreed\t34",
            "Partly Agreed\t7",
            "Not Agreed\t5",
            "Total\t46",
        ]);
        let expected = DeclaredTotals {
            agreed: Some(34),
            partly_agreed: Some(7),
            not_agreed: Some(5),
            total: Some(46),
            housekeeping: None,
        };
        assert_eq!(totals, Some(expected));
    }

    #[test]
    fn reads_recommendations_and_housekeeping_side_by_side() {
        let totals = read(&[
            "Recommendations\t\tHousekeeping Points\t",
            "Accepted\t50\tAccepted\t6",
            "Accepted Subject to Resources /Partially Accepted\t5\tAccepted Subject to Resources /Partially Accepted\t0",
            "Rejected\t3\tRejected\t0",
            "<b>Total</b>\t<b>58</b>\t<b>Total</b>\t<b>6</b>",
        ]);
        let housekeeping = DeclaredTotals {
            agreed: Some(6),
            partly_agreed: Some(0),
            not_agreed: Some(0),
            total: Some(6),
            housekeeping: None,
        };
        let expected = DeclaredTotals {
            agreed: Some(50),
            partly_agreed: Some(5),
            not_agreed: Some(3),
            total: Some(58),
            housekeeping: Some(Box::new(housekeeping)),
        };
        assert_eq!(totals, Some(expected));
    }

    #[test]
    fn no_table_no_totals() {
        assert_eq!(read(&["", "Some closing words."]), None);
    }
}
