//! Content written to break things: what it cannot do to the files a build
//! publishes, to the time a build takes, or to the messages an editor reads.
//!
//! Lines and columns below are counted from the fixtures (line 1 is `---`).

mod common;

use std::fs;
use std::path::Path;

use common::{PLAN, PRISON, Report, assert_error, site, site_with_plan};

fn build(root: &Path) -> Report {
    common::plansite(root, "build", &["--as-of", "2018-08-15"])
}

fn read(root: &Path, path: &str) -> String {
    fs::read_to_string(root.join("output").join(path)).unwrap_or_else(|err| panic!("{path}: {err}"))
}

#[test]
fn csv_cells_that_a_spreadsheet_would_run_start_with_an_apostrophe() {
    let plan = PLAN
        .replace(
            "text: Violence should be reduced.",
            "text: \"=HYPERLINK(\\\"http://example.org\\\",\\\"click\\\")\"\n    response: \"+1 more\"",
        )
        .replace("owners: [Governor]", "owners: [\"@SUM(A1)\", \"-Head of Safety\"]");
    let dir = site_with_plan(&plan);
    let report = build(dir.path());
    assert!(report.success, "{}", report.output);
    let mut seen = 0;
    for file in ["data/actions.csv", "data/recommendations.csv"] {
        let text = read(dir.path(), file);
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        for record in reader.records() {
            for cell in &record.expect("a CSV record") {
                assert!(
                    !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                    "{file}: `{cell}` would run as a formula"
                );
                seen += usize::from(cell.starts_with("'=HYPERLINK") || cell.starts_with("'@SUM"));
            }
        }
    }
    assert!(seen >= 2, "the neutralised cells are missing");
    let json = read(dir.path(), "data/recommendations.json");
    assert!(
        json.contains("\"=HYPERLINK("),
        "JSON keeps the text exactly"
    );
    assert!(read(dir.path(), "data/index.html").contains("added apostrophe"));
}

#[test]
fn control_characters_in_names_never_reach_the_xml_files() {
    let dir = site(&[
        ("plansite.toml", "title = \"Plans\\u0001 site\"\n"),
        (
            "content/prisons/test.md",
            "---\nname: \"HMP \\x01Te\\x0Bst\"\n---\n",
        ),
        ("content/inspections/test-2018.md", PLAN),
    ]);
    let report = build(dir.path());
    assert!(report.success, "{}", report.output);
    for file in ["feed.xml", "sitemap.xml"] {
        let text = read(dir.path(), file);
        let bad: Vec<char> = text
            .chars()
            .filter(|&c| (c < ' ' && !matches!(c, '\t' | '\n' | '\r')) || c == '\u{fffe}')
            .collect();
        assert!(bad.is_empty(), "{file} holds {bad:?}");
    }
    assert!(read(dir.path(), "feed.xml").contains("HMP Test"));
}

#[test]
fn deeply_nested_markdown_is_shown_as_text_in_linear_time() {
    // 80,000 nested quotes and 20,000 nested HTML elements: each used to
    // take the sanitiser time growing with the square of the depth.
    let quotes = format!("{} deepest words", ">".repeat(80_000));
    let divs = format!("{}inner words", "<div>".repeat(20_000));
    let plan = PLAN.replace("Introduction.", &format!("{quotes}\n\n{divs}"));
    let dir = site_with_plan(&plan);
    let report = build(dir.path());
    assert!(report.success, "{}", report.output);
    let page = read(dir.path(), "prisons/test/2018/index.html");
    assert!(page.contains("deepest words") && page.contains("inner words"));
    assert!(
        page.matches("<blockquote").count() <= 100,
        "the nesting was kept"
    );
    assert!(page.matches("<div").count() <= 200, "the nesting was kept");
}

#[test]
fn ordinary_nesting_renders_as_markdown() {
    let plan = PLAN.replace(
        "Introduction.",
        "> quoted\n>\n> > twice\n\n- a\n  - b\n    - c\n",
    );
    let dir = site_with_plan(&plan);
    assert!(build(dir.path()).success);
    let page = read(dir.path(), "prisons/test/2018/index.html");
    assert_eq!(page.matches("<blockquote>").count(), 2, "{page}");
    assert!(page.contains("<li>c</li>"), "{page}");
}

#[test]
fn invalid_utf8_is_placed_at_its_line_and_column() {
    let dir = site_with_plan(PLAN);
    let mut bytes = PLAN.as_bytes().to_vec();
    // Line 6 is `    text: Violence should be reduced.`: break its `V` (column 11).
    let at = PLAN.find("Violence").expect("fixture text");
    bytes[at] = 0xff;
    fs::write(dir.path().join("content/inspections/test-2018.md"), bytes).unwrap();
    let report = common::plansite(dir.path(), "check", &[]);
    assert_error(
        &report,
        "content/inspections/test-2018.md:6:11",
        &["not UTF-8"],
    );
    assert!(
        report.output.contains("save the file as UTF-8"),
        "{}",
        report.output
    );
}

#[test]
fn a_yaml_alias_bomb_is_named_as_a_limit() {
    // More aliases than the parser allows, each naming a real theme.
    let aliases = vec!["*t"; 60_000].join(", ");
    let yaml = format!(
        "---\nprison: test\nrecommendations:\n  - ref: \"1\"\n    text: x\n    themes: [&t health, {aliases}]\n---\n"
    );
    let dir = site(&[
        ("content/prisons/test.md", PRISON),
        ("content/inspections/test-2018.md", &yaml),
    ]);
    let report = common::plansite(dir.path(), "check", &[]);
    assert!(!report.success, "{}", report.output);
    assert!(
        report.output.contains("anchors, aliases and nesting"),
        "{}",
        report.output
    );
    assert!(
        !report.output.contains("unclosed quotes"),
        "{}",
        report.output
    );
}
