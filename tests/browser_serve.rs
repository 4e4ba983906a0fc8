//! `plansite serve --watch` in a real browser: Debian's headless Chromium,
//! driven by `tests/browser/serve.mjs` (playwright-core).
//!
//! The test copies the repository's site (`plansite.toml` and `content/`)
//! into a temporary directory and hands it to the Node script with the
//! binary. The script starts `plansite serve --watch --port 0` on the copy,
//! opens the Leicester 2018 plan page, and then only edits files on disk: an
//! edited recommendation appears in the tab, a broken decision shows the error
//! overlay naming file, line and column over the last good page, the fix
//! removes it, and deleting the plan turns the tab into the site's 404 page.
//!
//! It installs nothing: it needs `/usr/bin/chromium` (or `$CHROMIUM`) and
//! `tests/browser/node_modules`, which `.ci/run` installs. Without them it
//! fails, saying what to run.
//!
//! Run alone: `cargo test --test browser_serve -- --nocapture`.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

const AS_OF: &str = "2026-01-31";

fn repository() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn suite_dir() -> PathBuf {
    repository().join("tests/browser")
}

/// What the script needs and this machine lacks, as commands to run.
fn missing_prerequisites() -> Vec<String> {
    let mut missing = Vec::new();
    let chromium = std::env::var_os("CHROMIUM")
        .map_or_else(|| PathBuf::from("/usr/bin/chromium"), PathBuf::from);
    if !chromium.exists() {
        missing.push(format!(
            "no Chromium at {}: run `apt-get install -y chromium` (Debian's package)",
            chromium.display()
        ));
    }
    if !suite_dir().join("node_modules/playwright-core").exists() {
        missing.push(
            "no playwright-core in tests/browser/node_modules: run `npm ci --prefix tests/browser`"
                .into(),
        );
    }
    if Command::new("node").arg("--version").output().is_err() {
        missing.push("no `node` on the PATH: install Node.js 20 or later".into());
    }
    missing
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

/// A throwaway copy of the repository's site: its config and content.
fn copy_of_the_site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary directory");
    fs::copy(
        repository().join("plansite.toml"),
        dir.path().join("plansite.toml"),
    )
    .expect("plansite.toml copies");
    copy_tree(&repository().join("content"), &dir.path().join("content"));
    dir
}

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
fn an_open_tab_follows_edits_errors_fixes_and_deletions() {
    let missing = missing_prerequisites();
    assert!(
        missing.is_empty(),
        "the browser test needs what .ci/run installs:\n  {}",
        missing.join("\n  ")
    );

    let site = copy_of_the_site();
    let output = Command::new("node")
        .arg(suite_dir().join("serve.mjs"))
        .arg(env!("CARGO_BIN_EXE_plansite"))
        .arg(site.path())
        .args(["--as-of", AS_OF])
        .output()
        .expect("node runs");
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    make_sure_the_server_is_gone(&report);
    println!("{report}");
    assert!(
        output.status.success(),
        "serve in the browser failed:\n{report}"
    );
}
