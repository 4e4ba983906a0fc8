//! The built site in a real browser: Debian's headless Chromium, driven by
//! `tests/browser/site.mjs` (playwright-core, axe-core).
//!
//! The test builds the repository's site twice (for the domain root and for
//! a sub-path base URL) and runs the Node suite on each: the main page kinds
//! load with no console error or failed request, a link followed from a plan
//! page reaches its recommendation, the owners table sorts by overdue and
//! open actions (and stays in order without scripts), search finds
//! Leicester 2018's recommendation 5.28 for "mental health", the owner
//! filter keeps only Practice Plus Group's items and a shared search
//! address reopens them, "laundry" filtered to not agreed finds Leicester
//! 2018's 5.13 and only not-agreed items, the header's search box leads there, and without
//! JavaScript the search page points to the downloads, axe-core finds no
//! serious or critical WCAG 2.x A/AA violation (at desktop and phone
//! widths), the Leicester 2018 plan prints to a compact A4 PDF with its
//! introduction, and on a 390 px phone no page scrolls sideways, wide tables
//! scroll in named regions that say so and no caption is cut.
//! Screenshots of the root build go to `$PLANSITE_SCREENSHOTS`, else to
//! `target/tmp/screenshots/` (the path is printed with `--nocapture`).
//!
//! It installs nothing: it needs `/usr/bin/chromium` (or `$CHROMIUM`) and
//! `tests/browser/node_modules`, which `.ci/run` installs. So it is ignored
//! by a plain `cargo test` and run by `cargo test -- --ignored` (as `.ci/run`
//! does); run that way without them, it fails saying what to install.
//!
//! Run alone: `cargo test --test browser -- --ignored --nocapture`.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::browser::{node, require, run};

const AS_OF: &str = "2026-01-31";

/// Builds the repository's site into a temporary directory.
fn build(extra: &[&str]) -> tempfile::TempDir {
    let out = tempfile::tempdir().expect("a temporary directory");
    let output = Command::new(env!("CARGO_BIN_EXE_plansite"))
        .arg("--root")
        .arg(env!("CARGO_MANIFEST_DIR"))
        .arg("build")
        .arg("--output")
        .arg(out.path())
        .args(["--as-of", AS_OF])
        .args(extra)
        .env("NO_COLOR", "1")
        .output()
        .expect("the plansite binary runs");
    assert!(
        output.status.success(),
        "plansite build {extra:?} failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    out
}

/// Runs the Node suite on a built site; returns whether it passed and its report.
fn run_suite(site: &Path, args: &[&str]) -> (bool, String) {
    let screenshots = std::env::var_os("PLANSITE_SCREENSHOTS").map_or_else(
        || Path::new(env!("CARGO_TARGET_TMPDIR")).join("screenshots"),
        PathBuf::from,
    );
    run(node("site.mjs")
        .arg(site)
        .args(args)
        .env("PLANSITE_SCREENSHOTS", screenshots))
}

/// The site, hosted at a domain root and under `/plans/`, passes every
/// browser check of `tests/browser/site.mjs`.
#[test]
#[ignore = "needs Debian's chromium and `npm ci --prefix tests/browser`; run with `cargo test -- --ignored`"]
fn the_built_site_passes_the_browser_checks() {
    require(&["playwright-core", "axe-core"]);

    let root = build(&[]);
    let (root_ok, root_report) = run_suite(root.path(), &[]);
    println!("--- site built for /\n{root_report}");

    let sub = build(&["--base-url", "https://example.org/plans/"]);
    let (sub_ok, sub_report) = run_suite(sub.path(), &["--base", "/plans/", "--no-screenshots"]);
    println!("--- site built for https://example.org/plans/\n{sub_report}");

    let failed = |report: &str| {
        report
            .lines()
            .filter(|l| !l.starts_with("ok "))
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert!(
        root_ok && sub_ok,
        "browser checks failed.\nsite built for /:\n{}\nsite built for https://example.org/plans/:\n{}",
        failed(&root_report),
        failed(&sub_report)
    );
}
