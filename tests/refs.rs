//! Refs as the plan numbers them: "5.01" and "5.1" are two recommendations,
//! and every list shows a plan's items in the order of its file, never
//! sorted by number or as text.

mod common;

use std::fs;
use std::path::Path;

use common::{PRISON, site};

/// The refs of the plan below, in the order its file writes them.
const FILE_ORDER: [&str; 6] = ["5.10", "HP3", "5.2", "5.01", "10.1", "5.1"];

/// A plan whose refs sort differently numerically, as text and as written.
fn plan() -> String {
    let mut yaml =
        String::from("---\nprison: test\nreport_published: 2018-05-31\nrecommendations:\n");
    for reference in FILE_ORDER {
        yaml.push_str(&format!(
            "  - ref: \"{reference}\"\n    text: Item {reference} should be done.\n    decision: Agreed\n    actions:\n      - owners: [Governor]\n        due: August 2018\n"
        ));
    }
    yaml.push_str("---\n");
    yaml
}

/// A later plan that repeats 5.01, not 5.1.
const LATER: &str = "---
prison: test
report_published: 2021-05-31
recommendations:
  - ref: \"1.1\"
    repeats: \"5.01\"
    text: Item 5.01 should still be done.
    decision: Agreed
---
";

fn read(root: &Path, path: &str) -> String {
    fs::read_to_string(root.join(path)).unwrap_or_else(|err| panic!("{path}: {err}"))
}

/// The refs a CSV download lists, in its order.
fn csv_refs(root: &Path, path: &str) -> Vec<String> {
    let mut reader = csv::Reader::from_path(root.join(path)).unwrap_or_else(|e| panic!("{e}"));
    let headers = reader.headers().unwrap_or_else(|e| panic!("{e}")).clone();
    let column = headers
        .iter()
        .position(|h| h == "ref")
        .unwrap_or_else(|| panic!("no ref column"));
    let plan = headers.iter().position(|h| h == "plan").unwrap_or(0);
    reader
        .records()
        .map(|r| r.unwrap_or_else(|e| panic!("{e}")))
        .filter(|r| r.get(plan) == Some("2018"))
        .map(|r| r.get(column).unwrap_or_default().to_string())
        .collect()
}

#[test]
fn refs_keep_their_numbering_and_the_file_s_order() {
    let dir = site(&[
        ("content/prisons/test.md", PRISON),
        ("content/inspections/test-2018.md", &plan()),
        ("content/inspections/test-2021.md", LATER),
    ]);
    let root = dir.path();
    let report = common::plansite(root, "build", &["--as-of", "2018-08-15"]);
    assert!(report.success, "{}", report.output);

    // 5.1 and 5.01 each have a page of their own, saying their own words.
    let one = read(root, "output/prisons/test/2018/5.1/index.html");
    let zero_one = read(root, "output/prisons/test/2018/5.01/index.html");
    assert!(one.contains("Item 5.1 should be done."), "{one}");
    assert!(zero_one.contains("Item 5.01 should be done."), "{zero_one}");
    assert!(!one.contains("Item 5.01 should be done."));

    // The plan page lists them as the file does.
    let page = read(root, "output/prisons/test/2018/index.html");
    let listed: Vec<&str> = page
        .split("class=\"rec__title\"><a href=\"/prisons/test/2018/")
        .skip(1)
        .filter_map(|rest| rest.split_once("/\"").map(|(reference, _)| reference))
        .collect();
    assert_eq!(listed, ["5.10", "hp3", "5.2", "5.01", "10.1", "5.1"]);

    // So do the downloads, one row per recommendation and per action.
    assert_eq!(
        csv_refs(root, "output/data/recommendations.csv"),
        FILE_ORDER
    );
    assert_eq!(csv_refs(root, "output/data/actions.csv"), FILE_ORDER);

    // And the owner's list of that plan's actions.
    let owner = read(root, "output/owners/governor/test/index.html");
    let positions: Vec<usize> = FILE_ORDER
        .iter()
        .map(|r| {
            owner
                .find(&format!("/prisons/test/2018/{}/", r.to_lowercase()))
                .unwrap_or_else(|| panic!("{r} not on the owner's list"))
        })
        .collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "{positions:?}");

    // "Repeats 5.01" links 5.01, not 5.1.
    let later = read(root, "output/prisons/test/2021/1.1/index.html");
    assert!(
        later.contains(
            "Repeats recommendation <a href=\"/prisons/test/2018/5.01/\">5.01</a> of the previous report"
        ),
        "{later}"
    );
}
