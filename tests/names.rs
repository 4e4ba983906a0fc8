//! Names that become paths: every slug passes one rule where it is written,
//! two items never share a URL, and what `check` passes `build` can write.
//!
//! Lines and columns below are counted from the fixtures (line 1 is `---`).

mod common;

use std::fs;
use std::path::Path;

use common::{PLAN, PRISON, Report, assert_error, site, site_with_plan};

fn check(root: &Path) -> Report {
    common::plansite(root, "check", &["--as-of", "2018-08-15"])
}

/// Every file under `dir`, to show that nothing was written outside `output/`.
fn files(dir: &Path) -> Vec<String> {
    let mut all: Vec<String> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.path().strip_prefix(dir).unwrap().display().to_string())
        .collect();
    all.sort();
    all
}

#[test]
fn a_theme_slug_that_leaves_or_hides_is_refused_at_its_line() {
    for slug in ["../../x", "..", ".hidden", "Health", "health/plans", ""] {
        let config = format!("title = \"T\"\n\n[[themes]]\nslug = \"{slug}\"\nname = \"X\"\n");
        let parent = tempfile::tempdir().unwrap();
        let root = parent.path().join("site");
        fs::create_dir(&root).unwrap();
        let dir = site_with_plan(PLAN);
        fs::rename(dir.path(), &root).unwrap();
        fs::write(root.join("plansite.toml"), config).unwrap();
        // The value on line 4 starts at column 8.
        assert_error(&check(&root), "plansite.toml:4:8", &["theme slug", "URL"]);
        let report = common::plansite(&root, "build", &[]);
        assert!(!report.success, "`{slug}` built:\n{}", report.output);
        assert_eq!(
            files(parent.path())
                .iter()
                .filter(|f| !f.starts_with("site/"))
                .count(),
            0
        );
        assert!(!root.join("output").exists());
    }
}

#[test]
fn a_plan_file_named_with_dots_is_refused() {
    let dir = site(&[
        ("content/prisons/test.md", PRISON),
        ("content/inspections/test-...md", PLAN),
    ]);
    assert_error(
        &check(dir.path()),
        "content/inspections/test-...md",
        &["URL part `..`"],
    );
    let report = common::plansite(dir.path(), "build", &[]);
    assert!(!report.success, "{}", report.output);
}

#[test]
fn a_prison_file_name_that_is_no_slug_is_refused() {
    let dir = site(&[
        ("content/prisons/Test Prison.md", PRISON),
        (
            "content/inspections/test-2018.md",
            &PLAN.replace("prison: test", "prison: Test Prison"),
        ),
    ]);
    assert_error(
        &check(dir.path()),
        "content/prisons/Test Prison.md",
        &["URL part `Test Prison`", "holds `T`"],
    );
}

/// A plan whose refs are given, one recommendation each, from line 5 on (3 lines each).
fn plan_with_refs(refs: &[&str]) -> String {
    let mut plan =
        "---\nprison: test\nreport_published: 2018-05-31\nrecommendations:\n".to_string();
    for reference in refs {
        plan.push_str(&format!(
            "  - ref: \"{reference}\"\n    text: Something.\n    decision: Agreed\n"
        ));
    }
    plan + "---\n"
}

#[test]
fn refs_that_make_the_same_url_are_refused_at_each() {
    let dir = site_with_plan(&plan_with_refs(&["5-1", "5/1", "5 1"]));
    let report = check(dir.path());
    // The refs' values start at column 10 of lines 5, 8 and 11.
    assert_error(
        &report,
        "content/inspections/test-2018.md:5:10",
        &["`5-1`", "same URL part"],
    );
    assert!(
        report.output.contains(
            "test-2018.md:5:10: ref `5-1` makes the same URL part (`5-1`) as ref `5/1` on line 8"
        ),
        "{}",
        report.output
    );
    assert_error(
        &report,
        "content/inspections/test-2018.md:8:10",
        &["`5/1`", "same URL part", "`5-1`", "line 5"],
    );
    assert_error(
        &report,
        "content/inspections/test-2018.md:11:10",
        &["`5 1`", "same URL part"],
    );
    let report = common::plansite(dir.path(), "build", &[]);
    assert!(!report.success, "{}", report.output);
}

#[test]
fn a_ref_too_long_for_a_file_name_fails_check_not_build() {
    let long = "1".repeat(300);
    let dir = site_with_plan(&plan_with_refs(&[&long]));
    assert_error(
        &check(dir.path()),
        "content/inspections/test-2018.md:5:10",
        &["cannot name a page", "more than 80"],
    );
}

#[test]
fn an_owner_named_at_any_length_builds_with_a_short_url() {
    let owner = "Executive Director of Estate Transformation and Governor ".repeat(20);
    let plan = PLAN.replace(
        "owners: [Governor]",
        &format!("owners: [\"{}\"]", owner.trim()),
    );
    let dir = site_with_plan(&plan);
    let report = check(dir.path());
    assert!(report.success, "{}", report.output);
    let report = common::plansite(dir.path(), "build", &[]);
    assert!(report.success, "{}", report.output);
    let owners: Vec<String> = files(&dir.path().join("output/owners"))
        .into_iter()
        .filter(|f| f.ends_with("/index.html") && f.matches('/').count() == 1)
        .collect();
    assert_eq!(owners.len(), 1, "{owners:?}");
    assert!(owners[0].len() <= 80 + "/index.html".len(), "{owners:?}");
    assert!(owners[0].starts_with("executive-director-of-estate-transformation"));
}

#[test]
fn a_site_theme_outside_themes_is_refused_at_its_line() {
    for theme in ["../../etc", "..", "a/b", ""] {
        let dir = site_with_plan(PLAN);
        fs::write(
            dir.path().join("plansite.toml"),
            format!("theme = \"{theme}\"\n"),
        )
        .unwrap();
        assert_error(
            &check(dir.path()),
            "plansite.toml:1:9",
            &["not the name of a folder under themes/"],
        );
    }
}
