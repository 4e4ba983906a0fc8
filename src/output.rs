//! Stage five: writing the built site so that readers never see half of it.
//!
//! A build writes into a fresh folder beside the output folder and swaps it
//! into place only when every file is written. A failed build drops its
//! folder and leaves the previous `output/` exactly as it was.

use std::ffi::OsString;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

/// A build's folder before it is published.
pub struct Staging {
    target: PathBuf,
    dir: PathBuf,
    published: bool,
}

impl Staging {
    /// Creates an empty folder beside `target`, on the same file system so the swap is a rename.
    pub fn new(target: &Path) -> io::Result<Staging> {
        if target.is_file() {
            return Err(io::Error::other(format!(
                "{} is a file, not a folder",
                target.display()
            )));
        }
        let dir = sibling(target, "new")?;
        if dir.exists() {
            remove_tree(&dir, PARALLEL_DEPTH)?;
        }
        fs::create_dir_all(&dir)?;
        Ok(Staging {
            target: target.to_path_buf(),
            dir,
            published: false,
        })
    }

    /// Writes one file, by its `/`-separated path inside the site.
    pub fn write(&self, path: &str, bytes: &[u8]) -> io::Result<()> {
        let file = self.dir.join(path);
        if let Some(parent) = file.parent() {
            fs::create_dir_all(parent)?;
        }
        fs::write(&file, bytes)
    }

    /// Swaps the finished folder into place and removes the previous one.
    pub fn publish(mut self) -> io::Result<()> {
        let old = sibling(&self.target, "old")?;
        if old.exists() {
            fs::remove_dir_all(&old)?;
        }
        let had_previous = self.target.exists();
        if had_previous {
            fs::rename(&self.target, &old)?;
        }
        if let Err(err) = fs::rename(&self.dir, &self.target) {
            if had_previous {
                fs::rename(&old, &self.target)?;
            }
            return Err(err);
        }
        self.published = true;
        if had_previous {
            remove_tree(&old, PARALLEL_DEPTH)?;
        }
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.published {
            // Best effort: an unpublished build is of no use to anyone.
            let _ = fs::remove_dir_all(&self.dir);
        }
    }
}

/// How many levels of folders are removed in parallel: enough to spread a
/// site's `prisons/<prison>/` folders over every core.
const PARALLEL_DEPTH: usize = 2;

/// Removes a folder and everything in it, its first `depth` levels in parallel:
/// a previous site is tens of thousands of files, and removing them one by
/// one took longer than building the new site.
fn remove_tree(dir: &Path, depth: usize) -> io::Result<()> {
    if depth == 0 {
        return fs::remove_dir_all(dir);
    }
    let entries: Vec<fs::DirEntry> = fs::read_dir(dir)?.collect::<Result<_, _>>()?;
    entries.par_iter().try_for_each(|entry| {
        if entry.file_type()?.is_dir() {
            remove_tree(&entry.path(), depth - 1)
        } else {
            fs::remove_file(entry.path())
        }
    })?;
    fs::remove_dir(dir)
}

/// `.output.plansite-new` for `output`: hidden, beside it, and named after it.
fn sibling(target: &Path, role: &str) -> io::Result<PathBuf> {
    let name = target
        .file_name()
        .ok_or_else(|| io::Error::other(format!("{} names no folder", target.display())))?;
    let mut hidden = OsString::from(".");
    hidden.push(name);
    hidden.push(format!(".plansite-{role}"));
    Ok(target.with_file_name(hidden))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn publishing_replaces_the_previous_output_whole() {
        let root = tempfile::tempdir().expect("temp dir");
        let output = root.path().join("output");
        fs::create_dir_all(output.join("gone")).expect("old page dir");
        fs::write(output.join("gone/index.html"), "old").expect("old page");
        let staging = Staging::new(&output).expect("staging");
        staging.write("prisons/index.html", b"new").expect("write");
        staging.publish().expect("publish");
        assert_eq!(
            fs::read_to_string(output.join("prisons/index.html")).expect("new page"),
            "new"
        );
        assert!(
            !output.join("gone").exists(),
            "pages of the old build remain"
        );
        let leftovers: Vec<_> = fs::read_dir(root.path())
            .expect("list")
            .map(|e| e.expect("entry").file_name())
            .collect();
        assert_eq!(leftovers, vec![OsString::from("output")]);
    }

    #[test]
    fn an_unpublished_build_leaves_the_output_untouched() {
        let root = tempfile::tempdir().expect("temp dir");
        let output = root.path().join("output");
        fs::create_dir_all(&output).expect("output");
        fs::write(output.join("index.html"), "previous").expect("page");
        {
            let staging = Staging::new(&output).expect("staging");
            staging.write("index.html", b"half").expect("write");
        }
        assert_eq!(
            fs::read_to_string(output.join("index.html")).expect("page"),
            "previous"
        );
        assert_eq!(fs::read_dir(root.path()).expect("list").count(), 1);
    }
}
