//! Fixtures shared by the tests that run the real binary on small sites.
#![allow(dead_code)] // each test binary uses its own part of this module

pub mod browser;
pub mod due_forms;
pub mod server;

use std::fs;
use std::path::Path;
use std::process::Command;

use tempfile::TempDir;

pub const PRISON: &str = "---\nname: HMP Test\n---\nA prison.\n";

/// A valid plan; its lines are numbered in the comments the tests rely on.
pub const PLAN: &str = "---
prison: test
report_published: 2018-05-31
recommendations:
  - ref: \"1.1\"
    text: Violence should be reduced.
    decision: Agreed
    actions:
      - owners: [Governor]
        due: August 2018
---
Introduction.
";
// line 2: prison: test               (value at column 9)
// line 3: report_published: ...      (value at column 19)
// line 5:   - ref: "1.1"             (value at column 10)
// line 7:     decision: Agreed       (value at column 15)
// line 10:        due: August 2018   (value at column 14)

/// Writes `files` (path relative to the site root, text) into a new site.
pub fn site(files: &[(&str, &str)]) -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (path, text) in files {
        let path = dir.path().join(path);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }
    dir
}

/// A site of one prison and one plan, the plan's text given.
pub fn site_with_plan(plan: &str) -> TempDir {
    site(&[
        ("content/prisons/test.md", PRISON),
        ("content/inspections/test-2018.md", plan),
    ])
}

/// What a run printed, both streams together, and whether it succeeded.
pub struct Report {
    pub success: bool,
    pub output: String,
}

/// Runs `plansite --root ROOT COMMAND EXTRA...` without colour or an epoch date.
pub fn plansite(root: &Path, command: &str, extra: &[&str]) -> Report {
    let output = Command::new(env!("CARGO_BIN_EXE_plansite"))
        .arg(command)
        .arg("--root")
        .arg(root)
        .args(extra)
        .env_remove("SOURCE_DATE_EPOCH")
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    Report {
        success: output.status.success(),
        output: format!(
            "{}{}",
            String::from_utf8_lossy(&output.stderr),
            String::from_utf8_lossy(&output.stdout)
        ),
    }
}

/// Asserts the check failed with an error at `location` whose line holds every word.
pub fn assert_error(report: &Report, location: &str, words: &[&str]) {
    assert!(!report.success, "the command passed:\n{}", report.output);
    let line = report
        .output
        .lines()
        .find(|l| l.starts_with(&format!("error: {location}: ")))
        .unwrap_or_else(|| panic!("no error at {location}:\n{}", report.output));
    for word in words {
        assert!(line.contains(word), "`{word}` not in `{line}`");
    }
    assert!(
        report.output.contains("help: "),
        "no help line:\n{}",
        report.output
    );
}

/// Asserts the check passed with a warning at `location` whose line holds
/// every word: what a plan says in its own words is never an error.
pub fn assert_warning(report: &Report, location: &str, words: &[&str]) {
    assert!(report.success, "the command failed:\n{}", report.output);
    let line = report
        .output
        .lines()
        .find(|l| l.starts_with(&format!("warning: {location}: ")))
        .unwrap_or_else(|| panic!("no warning at {location}:\n{}", report.output));
    for word in words {
        assert!(line.contains(word), "`{word}` not in `{line}`");
    }
}

/// A throwaway copy of the repository's site (`plansite.toml` and `content/`),
/// to edit freely.
pub fn copy_of_the_site() -> TempDir {
    let repository = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().expect("a temporary directory");
    fs::copy(
        repository.join("plansite.toml"),
        dir.path().join("plansite.toml"),
    )
    .expect("plansite.toml copies");
    copy_tree(&repository.join("content"), &dir.path().join("content"));
    dir
}

/// Copies a folder and everything in it.
fn copy_tree(from: &Path, to: &Path) {
    fs::create_dir_all(to).expect("a folder in the copy");
    for entry in fs::read_dir(from).expect("the folder reads") {
        let entry = entry.expect("a folder entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("a file type").is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).expect("the file copies");
        }
    }
}

/// What the incremental tests build with: a fixed as-of date and base URL,
/// so a session's files and a full build's can be compared byte for byte.
pub fn session_options() -> plansite::pipeline::Options {
    plansite::pipeline::Options {
        base_url: Some("http://127.0.0.1:1111/".into()),
        as_of: Some("2026-01-31".into()),
    }
}

/// A session's downloads, sitemap and search index brought up to date, as
/// `serve --watch` does at a quiet moment, the index waited for here.
pub fn refresh_all(
    session: &mut plansite::serve::incremental::Session,
) -> std::sync::Arc<plansite::serve::incremental::Files> {
    let refreshed = session.refresh_data().expect("the data downloads");
    match refreshed.search {
        Some(job) => {
            let index = job.records.index().expect("the search index");
            session
                .take_index(index, job.full_builds)
                .expect("a good build to add the index to")
        }
        None => refreshed.files,
    }
}

/// A session's files by path, in order, as they were rendered (not as
/// `serve` holds them), to compare two builds.
pub fn sorted(
    files: &plansite::serve::incremental::Files,
) -> std::collections::BTreeMap<&str, Vec<u8>> {
    files
        .iter()
        .map(|(k, v)| (&**k, v.plain().expect("a held file reads back")))
        .collect()
}
