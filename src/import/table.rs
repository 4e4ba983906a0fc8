//! Finding the action-plan table in an export and reading its rows.
//!
//! Exports give each table row as one line of tab-separated cells. Page breaks
//! show as blank lines, as the header row repeated, or as a row of dashes; a
//! row cut by a page break goes on in the next row. This module only reads the
//! rows and marks where a page broke; `plan` decides what each row means.

/// What a column of the action-plan table holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Column {
    Reference,
    Text,
    Decision,
    Response,
    Owner,
    Due,
}

/// Which column holds what, as read from the header row, whatever its wording.
#[derive(Clone, Debug)]
pub struct Layout {
    pub columns: Vec<Column>,
    /// Whether the text column holds concerns (newer plans) rather than recommendations.
    pub concerns: bool,
}

impl Layout {
    /// Reads a header row; None when the row is not an action-plan header.
    pub fn from_header(cells: &[&str]) -> Option<Layout> {
        if cells.len() < 5 {
            return None;
        }
        let columns: Vec<Column> = cells
            .iter()
            .enumerate()
            .map(|(i, cell)| column_of(i, cell))
            .collect::<Option<_>>()?;
        let has = |c: Column| columns.iter().filter(|&&x| x == c).count() == 1;
        let complete = [
            Column::Reference,
            Column::Text,
            Column::Response,
            Column::Owner,
            Column::Due,
        ]
        .into_iter()
        .all(has);
        let concerns = columns
            .iter()
            .zip(cells)
            .any(|(&c, cell)| c == Column::Text && cell.to_lowercase().contains("concern"));
        complete.then_some(Layout { columns, concerns })
    }

    /// The trimmed cell of a row that sits under `column`.
    fn cell<'a>(&self, cells: &[&'a str], column: Column) -> &'a str {
        self.columns
            .iter()
            .position(|&c| c == column)
            .and_then(|i| cells.get(i))
            .map_or("", |c| c.trim())
    }
}

/// Names a header cell such as "3. Agreed/ Partly Agreed/ Not Agreed" or "5. Function Responsible/ Policy Lead".
fn column_of(index: usize, cell: &str) -> Option<Column> {
    let words = cell
        .trim()
        .trim_start_matches(|c: char| c.is_ascii_digit() || c == '.' || c == ' ')
        .to_lowercase();
    let has = |w: &str| words.contains(w);
    if index == 0 && (has("no") || has("ref") || has("number") || has("#")) {
        Some(Column::Reference)
    } else if has("date") || has("timescale") || has("deadline") {
        Some(Column::Due)
    } else if has("owner") || has("responsible") || has("lead") {
        Some(Column::Owner)
    } else if has("agreed") || has("accepted") || has("rejected") || has("decision") {
        Some(Column::Decision)
    } else if has("response") || has("action") {
        Some(Column::Response)
    } else if has("recommendation") || has("concern") || has("finding") {
        Some(Column::Text)
    } else {
        None
    }
}

/// The cells of one table row, by meaning; empty strings where a cell is blank.
#[derive(Clone, Debug, Default)]
pub struct Row {
    /// Whether a page break (blank lines, a repeated header, a row of dashes) came just before.
    pub after_break: bool,
    pub reference: String,
    pub text: String,
    pub decision: String,
    pub response: String,
    pub owner: String,
    pub due: String,
}

/// The table found in an export: its layout, its rows, and where it starts and ends.
#[derive(Clone, Debug)]
pub struct Table {
    pub layout: Layout,
    /// 0-based index of the first header line.
    pub header_index: usize,
    /// 0-based index just past the last row.
    pub end_index: usize,
    pub rows: Vec<Row>,
}

/// Finds the action-plan table in the lines of an export.
pub fn find(lines: &[&str]) -> Option<Table> {
    let (header_index, layout) = lines.iter().enumerate().find_map(|(i, line)| {
        let cells: Vec<&str> = line.split('\t').collect();
        Layout::from_header(&cells).map(|layout| (i, layout))
    })?;
    let width = layout.columns.len();
    let mut rows = Vec::new();
    let mut after_break = false;
    let mut end_index = header_index + 1;
    for (i, line) in lines.iter().enumerate().skip(header_index + 1) {
        let cells: Vec<&str> = line.split('\t').collect();
        if cells.len() != width || Layout::from_header(&cells).is_some() || is_rule(&cells) {
            // Blank lines, repeated headers, rules and stray text all mark a break.
            after_break = true;
            continue;
        }
        rows.push(Row {
            after_break,
            reference: layout.cell(&cells, Column::Reference).to_string(),
            text: layout.cell(&cells, Column::Text).to_string(),
            decision: layout.cell(&cells, Column::Decision).to_string(),
            response: layout.cell(&cells, Column::Response).to_string(),
            owner: layout.cell(&cells, Column::Owner).to_string(),
            due: layout.cell(&cells, Column::Due).to_string(),
        });
        after_break = false;
        end_index = i + 1;
    }
    Some(Table {
        layout,
        header_index,
        end_index,
        rows,
    })
}

/// A row of dashes that some exports put at page ends.
fn is_rule(cells: &[&str]) -> bool {
    cells.iter().all(|c| c.trim().chars().all(|ch| ch == '-'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_both_header_wordings() {
        let six = "1. Rec. No.\t2. Recommendation\t3. Accepted/ Rejected\t4. Response Action Taken/Planned\t5. Function Responsible/ Policy Lead\t6. Target Date";
        let layout = Layout::from_header(&six.split('\t').collect::<Vec<_>>());
        assert!(layout.is_some_and(|l| l.columns.contains(&Column::Decision)));
        let five = "1. Rec No\t2. Concerns\t3. Response Action Taken/Planned\t4. Responsible Owner\t5. Target Date";
        let layout = Layout::from_header(&five.split('\t').collect::<Vec<_>>());
        assert!(layout.is_some_and(|l| l.concerns && !l.columns.contains(&Column::Decision)));
    }

    #[test]
    fn marks_rows_after_page_breaks() {
        let text = "1. Rec No\t2. Concerns\t3. Response\t4. Responsible Owner\t5. Target Date\n1.\tA\tB\tGovernor\tMay 2026\n\n\n\tC\t\t\t\n--\t--\t--\t--\t--\n2.\tD\tE\tGovernor\tJune 2026\n";
        let lines: Vec<&str> = text.lines().collect();
        let table = find(&lines).map(|t| t.rows).unwrap_or_default();
        let breaks: Vec<(&str, bool)> = table
            .iter()
            .map(|r| (r.text.as_str(), r.after_break))
            .collect();
        assert_eq!(breaks, vec![("A", false), ("C", true), ("D", true)]);
    }
}
