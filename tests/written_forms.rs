//! Plans as HMPPS writes them: a plan that uses every due-date form the
//! README documents builds, warns only about the forms the README lists as
//! not understood, and shows every form as written.
//!
//! The forms come from the README's own table (`common::due_forms`), so a
//! form added there is tried here; the readings are the parser's unit test's.

mod common;

use std::collections::BTreeSet;
use std::fs;

use common::{PRISON, Report, due_forms, site};
use tempfile::TempDir;

/// The action plan's submission date, which "Immediate" means.
const SUBMITTED: &str = "2019-07-18";

/// A plan of one recommendation with one action per form, each on its own
/// line; with the line of each form's `due:`.
fn plan_of(forms: &[String], pinned: &[(&str, &str)]) -> (String, Vec<usize>) {
    let mut text = format!(
        "---\nprison: test\nreport_published: 2019-06-01\naction_plan_submitted: {SUBMITTED}\nrecommendations:\n  - ref: \"1.1\"\n    text: Violence should be reduced.\n    decision: Agreed\n    actions:\n"
    );
    let mut lines = Vec::new();
    let quoted = |s: &str| format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""));
    for form in forms {
        text.push_str("      - owners: [Governor]\n");
        lines.push(text.lines().count() + 1);
        text.push_str(&format!("        due: {}\n", quoted(form)));
        if let Some((_, date)) = pinned.iter().find(|(f, _)| f == form) {
            text.push_str(&format!("        due_date: {date}\n"));
        }
    }
    text.push_str("---\nIntroduction.\n");
    (text, lines)
}

/// The lines of `content/inspections/test-2019.md` that `report` warns about.
fn warned_lines(report: &Report) -> BTreeSet<usize> {
    let prefix = "warning: content/inspections/test-2019.md:";
    report
        .output
        .lines()
        .filter_map(|line| line.strip_prefix(prefix))
        .filter_map(|rest| rest.split(':').next()?.parse().ok())
        .collect()
}

/// A site of prison `test` and `plan`, built as of 15 January 2020.
fn built(plan: &str) -> (TempDir, Report) {
    let dir = site(&[
        ("content/prisons/test.md", PRISON),
        ("content/inspections/test-2019.md", plan),
    ]);
    let report = common::plansite(dir.path(), "build", &["--as-of", "2020-01-15"]);
    assert!(report.success, "{}", report.output);
    (dir, report)
}

/// Column `name` of a built CSV download, row by row.
fn column(dir: &TempDir, file: &str, name: &str) -> Vec<String> {
    let csv = fs::read(dir.path().join("output/data").join(file)).expect("the download");
    let mut reader = csv::Reader::from_reader(csv.as_slice());
    let headers = reader.headers().expect("a header row").clone();
    let at = headers
        .iter()
        .position(|h| h == name)
        .unwrap_or_else(|| panic!("no `{name}` column in {headers:?}"));
    reader
        .records()
        .map(|r| r.expect("a CSV row")[at].to_string())
        .collect()
}

/// What HTML escaping makes of a form on a page.
fn escaped(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[test]
fn every_documented_form_builds_and_only_the_not_understood_warn() {
    let rows = due_forms::documented();
    let forms: Vec<String> = rows.iter().flat_map(|r| r.examples.clone()).collect();
    let not_understood: BTreeSet<&String> = rows
        .iter()
        .filter(|r| r.not_understood)
        .flat_map(|r| &r.examples)
        .collect();
    assert!(forms.len() >= 50, "{} forms", forms.len());
    let (plan, lines) = plan_of(&forms, &[]);
    let (dir, report) = built(&plan);

    let expected: BTreeSet<usize> = forms
        .iter()
        .zip(&lines)
        .filter(|(form, _)| not_understood.contains(form))
        .map(|(_, &line)| line)
        .collect();
    assert_eq!(warned_lines(&report), expected, "{}", report.output);
    for line in report.output.lines().filter(|l| l.starts_with("warning:")) {
        assert!(line.contains("due: `"), "{line}");
    }

    let page = fs::read_to_string(dir.path().join("output/prisons/test/2019/1.1/index.html"))
        .expect("the recommendation's page");
    for form in &forms {
        assert!(
            page.contains(&escaped(form)),
            "`{form}` not shown as written"
        );
    }
    let tags = page.matches("date not recognised").count();
    assert!(
        tags >= not_understood.len(),
        "{tags} \"date not recognised\" tags for {} forms not understood",
        not_understood.len()
    );
}

/// A few readings end to end, against the README's meanings: what the
/// downloads say each date is, and the status it gives on 15 January 2020.
#[test]
fn readings_reach_the_downloads_and_a_pinned_date_silences_the_warning() {
    let forms: Vec<String> = [
        "Q3 2019",
        "2019/20",
        "Immediate",
        "March 2020 and ongoing",
        "Complete - June 2019",
        "Monthly",
        "TBC",
        "Early 2020",
        "When resources allow",
    ]
    .map(String::from)
    .to_vec();
    let (plan, lines) = plan_of(&forms, &[("When resources allow", "2020-06-30")]);
    let (dir, report) = built(&plan);
    // Only "Early 2020" warns: "When resources allow" is pinned.
    assert_eq!(
        warned_lines(&report),
        BTreeSet::from([lines[7]]),
        "{}",
        report.output
    );

    let (due, due_date, status) = (
        column(&dir, "actions.csv", "due"),
        column(&dir, "actions.csv", "due_date"),
        column(&dir, "actions.csv", "status"),
    );
    let rows: Vec<(String, String, String)> = due
        .into_iter()
        .zip(due_date)
        .zip(status)
        .map(|((a, b), c)| (a, b, c))
        .collect();
    let expected = [
        // Q3 is July to September: passed on 15 January 2020, in the only plan.
        ("Q3 2019", "2019-09-30", "overdue"),
        // A financial year ends on 31 March of its second year.
        ("2019/20", "2020-03-31", "planned"),
        // The plan's submission date.
        ("Immediate", SUBMITTED, "overdue"),
        ("March 2020 and ongoing", "2020-03-31", "planned"),
        ("Complete - June 2019", "2019-06-30", "done"),
        ("Monthly", "", "ongoing"),
        ("TBC", "", "no-date"),
        ("Early 2020", "", "date-not-recognised"),
        ("When resources allow", "2020-06-30", "planned"),
    ];
    let expected: Vec<(String, String, String)> = expected
        .iter()
        .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
        .collect();
    assert_eq!(rows, expected);

    let page = fs::read_to_string(dir.path().join("output/prisons/test/2019/1.1/index.html"))
        .expect("the recommendation's page");
    assert!(
        page.contains("When resources allow"),
        "the words as written"
    );
    assert!(
        page.contains("(read as 30 June 2020)"),
        "the pinned date beside them"
    );
    assert!(
        page.contains("(read as 30 September 2019)"),
        "Q3 2019's reading"
    );
}

#[test]
fn a_pinned_date_must_be_iso_as_every_date_the_editor_writes() {
    let (plan, lines) = plan_of(&["Early 2020".to_string()], &[("Early 2020", "spring")]);
    let dir = site(&[
        ("content/prisons/test.md", PRISON),
        ("content/inspections/test-2019.md", &plan),
    ]);
    let report = common::plansite(dir.path(), "check", &[]);
    common::assert_error(
        &report,
        &format!("content/inspections/test-2019.md:{}:19", lines[0] + 1),
        &["due_date", "spring"],
    );
}

/// The decision labels: each read, shown as written, and only the
/// one the README's decision table does not read ("Noted") warned about.
#[test]
fn the_decisions_of_real_plans_build_and_only_noted_warns() {
    let labels = [
        "Accepted in principle",
        "Agreed in principle",
        "Accepted in part",
        "Partly Agreed (subject to resources)",
        "Agreed - partly",
        "Noted",
    ];
    let mut plan =
        String::from("---\nprison: test\nreport_published: 2019-06-01\nrecommendations:\n");
    let mut noted_line = 0;
    for (i, label) in labels.iter().enumerate() {
        plan.push_str(&format!("  - ref: \"{}\"\n    text: Item {i}.\n", i + 1));
        if *label == "Noted" {
            noted_line = plan.lines().count() + 1;
        }
        plan.push_str(&format!("    decision: {label}\n"));
    }
    plan.push_str("---\n");
    let (dir, report) = built(&plan);
    assert_eq!(
        warned_lines(&report),
        BTreeSet::from([noted_line]),
        "{}",
        report.output
    );
    let page = fs::read_to_string(dir.path().join("output/prisons/test/2019/index.html"))
        .expect("the plan's page");
    for label in labels {
        assert!(
            page.contains(&escaped(label)),
            "`{label}` not shown as written"
        );
    }
    let classes = column(&dir, "recommendations.csv", "decision_class");
    // In principle is agreed; in part, partly, "subject to" are partly
    // agreed; a label with no reading is other.
    assert_eq!(
        classes,
        [
            "agreed",
            "agreed",
            "partly-agreed",
            "partly-agreed",
            "partly-agreed",
            "other"
        ]
    );
}
