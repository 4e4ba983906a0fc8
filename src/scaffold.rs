//! `plansite new DIR`: a small working site, so a new user's first minute is
//! `plansite new mysite && cd mysite && plansite serve --watch`.
//!
//! The files are the repository's `scaffold/` folder, built into the binary:
//! a config with every key explained, one prison, one plan showing every
//! part of the content model, and a note on where templates and static files go.

use std::fs;
use std::path::Path;

use include_dir::{Dir, DirEntry, include_dir};

use crate::diagnostics::Diagnostic;

static SCAFFOLD: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/scaffold");

/// The folders a new site has even when they start empty.
const FOLDERS: [&str; 4] = [
    "content/prisons",
    "content/inspections",
    "templates",
    "static",
];

/// Writes a new site into `dir`, which must be absent or empty; prints what to do next.
pub fn run(dir: &Path) -> bool {
    match create(dir) {
        Ok(written) => {
            println!("created a site in {} ({written} files)", dir.display());
            println!("next:\n  cd {}\n  plansite serve --watch", dir.display());
            true
        }
        Err(problem) => {
            problem.emit();
            false
        }
    }
}

/// Writes the scaffold; refuses a folder that holds anything.
pub fn create(dir: &Path) -> Result<usize, Diagnostic> {
    let fail = |err: std::io::Error| {
        Diagnostic::error(dir, format!("cannot write: {err}"))
            .help("check that the folder's parent exists and is writable")
    };
    match fs::read_dir(dir) {
        Ok(mut entries) => {
            if entries.next().is_some() {
                return Err(Diagnostic::error(dir, "the folder is not empty")
                    .help("give a new folder name, or empty this one first; nothing was written"));
            }
        }
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => {}
        Err(err) => return Err(fail(err)),
    }
    for folder in FOLDERS {
        fs::create_dir_all(dir.join(folder)).map_err(fail)?;
    }
    let mut written = 0;
    let mut stack: Vec<&Dir> = vec![&SCAFFOLD];
    while let Some(folder) = stack.pop() {
        for entry in folder.entries() {
            match entry {
                DirEntry::Dir(sub) => stack.push(sub),
                DirEntry::File(file) => {
                    let target = dir.join(file.path());
                    if let Some(parent) = target.parent() {
                        fs::create_dir_all(parent).map_err(fail)?;
                    }
                    fs::write(&target, file.contents()).map_err(fail)?;
                    written += 1;
                }
            }
        }
    }
    Ok(written)
}
