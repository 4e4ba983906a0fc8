//! What the browser tests need: the Node suite's folder and the programs it runs.

use std::path::{Path, PathBuf};
use std::process::Command;

/// `tests/browser`, where the Node scripts and their `node_modules` live.
pub fn suite_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser")
}

/// What a script needing Chromium, Node and the given `node_modules`
/// `packages` lacks on this machine, as commands to run.
pub fn missing_prerequisites(packages: &[&str]) -> Vec<String> {
    let mut missing = Vec::new();
    let chromium = std::env::var_os("CHROMIUM")
        .map_or_else(|| PathBuf::from("/usr/bin/chromium"), PathBuf::from);
    if !chromium.exists() {
        missing.push(format!(
            "no Chromium at {}: run `apt-get install -y chromium` (Debian's package)",
            chromium.display()
        ));
    }
    // One missing package is enough to say what to run.
    if let Some(package) = packages
        .iter()
        .find(|package| !suite_dir().join("node_modules").join(package).exists())
    {
        missing.push(format!(
            "no {package} in tests/browser/node_modules: run `npm ci --prefix tests/browser`"
        ));
    }
    if Command::new("node").arg("--version").output().is_err() {
        missing.push("no `node` on the PATH: install Node.js 20 or later".into());
    }
    missing
}

/// Fails the test, saying what to install, unless `missing_prerequisites(packages)` is empty.
pub fn require(packages: &[&str]) {
    let missing = missing_prerequisites(packages);
    assert!(
        missing.is_empty(),
        "the browser test needs what .ci/run installs:\n  {}",
        missing.join("\n  ")
    );
}

/// `node tests/browser/SCRIPT`, to be given its arguments.
pub fn node(script: &str) -> Command {
    let mut command = Command::new("node");
    command.arg(suite_dir().join(script));
    command
}

/// Runs a script; whether it passed, and its stdout then stderr.
pub fn run(script: &mut Command) -> (bool, String) {
    let output = script.output().expect("node runs");
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    (output.status.success(), report)
}
