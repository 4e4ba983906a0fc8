//! The README's table of due-date forms, read by the parser's unit test (its
//! readings) and by the build test (its warnings), so the documented table,
//! the parser and the site cannot drift apart.

/// One row of the table: whether it is the "not understood" row, and its
/// examples (the text in backticks of its examples column).
pub struct Row {
    pub not_understood: bool,
    pub examples: Vec<String>,
}

/// The rows of the README's "Due-date forms" table.
pub fn documented() -> Vec<Row> {
    let readme = include_str!("../../README.md");
    let section = readme
        .split("### Due-date forms")
        .nth(1)
        .and_then(|rest| rest.split("\n#").next())
        .expect("the README has a table of due-date forms");
    section
        .lines()
        .filter(|line| line.starts_with("| ") && !line.starts_with("| form"))
        .map(|row| {
            let examples = row
                .split(" | ")
                .nth(1)
                .unwrap_or_default()
                .split('`')
                .skip(1)
                .step_by(2)
                .map(str::to_string)
                .collect();
            Row {
                not_understood: row.contains("**not understood**"),
                examples,
            }
        })
        .collect()
}
