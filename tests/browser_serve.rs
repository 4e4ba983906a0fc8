//! `plansite serve --watch` in a real browser: Debian's headless Chromium,
//! driven by `tests/browser/serve.mjs` (playwright-core).
//!
//! The test copies the repository's site (`plansite.toml` and `content/`)
//! into a temporary directory and hands it to the Node script with the
//! binary. The script starts `plansite serve --watch --port 0` on the copy,
//! opens the Leicester 2018 plan page, and then only edits files on disk: an
//! edited recommendation appears in the tab, a misspelt theme shows the error
//! overlay naming file, line and column over the last good page, the fix
//! removes it, and deleting the plan turns the tab into the site's 404 page.
//!
//! It installs nothing: it needs `/usr/bin/chromium` (or `$CHROMIUM`) and
//! `tests/browser/node_modules`, which `.ci/run` installs. So it is ignored
//! by a plain `cargo test` and run by `cargo test -- --ignored` (as `.ci/run`
//! does); run that way without them, it fails saying what to install.
//!
//! Run alone: `cargo test --test browser_serve -- --ignored --nocapture`.

mod common;

use std::fs;

use common::browser::{node, require, run};

const AS_OF: &str = "2026-01-31";

/// Kills the server the script started if the script somehow left it running
/// (the script kills it on every way out; this is the belt to those braces).
#[cfg(target_os = "linux")]
fn make_sure_the_server_is_gone(report: &str) {
    let Some(pid) = report
        .lines()
        .find_map(|line| line.strip_prefix("server pid "))
        .and_then(|pid| pid.trim().parse::<i32>().ok())
    else {
        return;
    };
    let cmdline = fs::read(format!("/proc/{pid}/cmdline")).unwrap_or_default();
    if String::from_utf8_lossy(&cmdline).contains(env!("CARGO_BIN_EXE_plansite")) {
        // SAFETY: kill(2) on a process this test started (its command line says so).
        unsafe {
            libc::kill(pid, libc::SIGKILL);
        }
        println!("the script left the server (pid {pid}) running: killed it");
    }
}

#[cfg(not(target_os = "linux"))]
fn make_sure_the_server_is_gone(_report: &str) {}

/// An open tab follows edits, errors, fixes and a deleted plan by itself.
#[test]
#[ignore = "needs Debian's chromium and `npm ci --prefix tests/browser`; run with `cargo test -- --ignored`"]
fn an_open_tab_follows_edits_errors_fixes_and_deletions() {
    require(&["playwright-core"]);

    let site = common::copy_of_the_site();
    let (passed, report) = run(node("serve.mjs")
        .arg(env!("CARGO_BIN_EXE_plansite"))
        .arg(site.path())
        .args(["--as-of", AS_OF]));
    make_sure_the_server_is_gone(&report);
    println!("{report}");
    assert!(passed, "serve in the browser failed:\n{report}");
}
