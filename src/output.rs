//! Stage five: writing the built site so that readers never see half of it.
//!
//! A build writes into a fresh folder beside the output folder and swaps it
//! into place only when every file is written. A failed build drops its
//! folder and leaves the previous `output/` exactly as it was.

use std::ffi::OsString;
use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};

use rayon::prelude::*;

use crate::diagnostics::Diagnostic;

/// The file every folder plansite publishes holds: its mark that the
/// folder is its own to replace. A folder without it is someone else's.
pub const MARK: &str = ".plansite-output";

/// What the mark says to a person who finds it.
const MARK_TEXT: &str =
    "This folder was written by `plansite build`, which replaces it whole on the next build.\n";

/// Where a build may publish: `output` with `..` and symbolic links resolved,
/// once it is known that replacing it loses nothing plansite did not write.
///
/// Refused always: the site's root or any folder holding it, the site's own
/// folders (or anything in or around them), the home folder and a file.
/// Refused unless `force`: a non-empty folder without plansite's mark.
pub fn place(root: &Path, output: &Path, force: bool) -> Result<PathBuf, Diagnostic> {
    let refuse = |message: String| Diagnostic::error(output, message);
    let resolved = resolve(output).map_err(|err| refuse(format!("cannot resolve: {err}")))?;
    let root =
        resolve(root).map_err(|err| refuse(format!("cannot resolve the site's folder: {err}")))?;
    if let Some(what) = site_overlap(&root, &resolved) {
        return Err(refuse(format!(
            "the output folder {what}; a build replaces the output folder whole"
        ))
        .help("choose a separate folder, such as the default `output`"));
    }
    if std::env::home_dir()
        .and_then(|home| resolve(&home).ok())
        .is_some_and(|home| home.starts_with(&resolved))
    {
        return Err(
            refuse("the output folder is or holds your home folder".into())
                .help("choose a folder of its own, such as `output` in the site's folder"),
        );
    }
    match fs::symlink_metadata(&resolved) {
        Err(err) if err.kind() == io::ErrorKind::NotFound => Ok(resolved),
        Err(err) => Err(refuse(format!("cannot look at it: {err}"))),
        Ok(meta) if !meta.is_dir() => Err(refuse(
            "is a file or a broken symbolic link, not a folder".into(),
        )
        .help("choose a folder for the site, such as `output`")),
        Ok(_) if force || is_own_or_empty(&resolved) => Ok(resolved),
        Ok(_) => Err(refuse(format!(
            "holds files that plansite did not write (it has no `{MARK}`), and a build replaces the output folder whole"
        ))
        .help("choose a new or empty folder, or pass --force to replace this one and everything in it")),
    }
}

/// What of the site (at `root`) an output folder at `resolved` would be,
/// hold or lie in: the site itself, or one of the folders a build reads.
fn site_overlap(root: &Path, resolved: &Path) -> Option<String> {
    if root.starts_with(resolved) {
        return Some(format!(
            "is or holds the site's folder ({})",
            root.display()
        ));
    }
    crate::config::INPUT_FOLDERS
        .iter()
        .map(|name| root.join(name))
        .find(|folder| resolved.starts_with(folder) || folder.starts_with(resolved))
        .map(|folder| {
            format!(
                "is, holds or lies in {}, which a build reads",
                folder.display()
            )
        })
}

/// The absolute path with `..` and every symbolic link resolved; the part
/// that does not exist yet is taken as written.
fn resolve(path: &Path) -> io::Result<PathBuf> {
    let absolute = std::path::absolute(path)?;
    let components: Vec<Component> = absolute.components().collect();
    for existing in (1..=components.len()).rev() {
        let prefix: PathBuf = components[..existing].iter().collect();
        let Ok(mut real) = prefix.canonicalize() else {
            continue;
        };
        for component in &components[existing..] {
            match component {
                Component::ParentDir => {
                    real.pop();
                }
                Component::Normal(name) => real.push(name),
                _ => {}
            }
        }
        return Ok(real);
    }
    Ok(absolute)
}

/// A folder plansite may replace without asking: its mark, or nothing at all.
fn is_own_or_empty(dir: &Path) -> bool {
    let marked = fs::symlink_metadata(dir.join(MARK)).is_ok_and(|meta| meta.is_file());
    marked || fs::read_dir(dir).is_ok_and(|mut entries| entries.next().is_none())
}

/// A build's folder before it is published.
pub struct Staging {
    target: PathBuf,
    dir: PathBuf,
    published: bool,
}

impl Staging {
    /// Creates an empty folder beside `target` (a path from [`place`]), on the
    /// same file system so the swap is a rename. The folder is marked first,
    /// so a leftover of a build that died is known as plansite's.
    pub fn new(target: &Path) -> io::Result<Staging> {
        let dir = sibling(target, "new")?;
        clear_leftover(&dir)?;
        fs::create_dir_all(&dir)?;
        fs::write(dir.join(MARK), MARK_TEXT)?;
        Ok(Staging {
            target: target.to_path_buf(),
            dir,
            published: false,
        })
    }

    /// Writes one file, by its `/`-separated path inside the site.
    pub fn write(&self, path: &str, bytes: &[u8]) -> io::Result<()> {
        let file = self.dir.join(inside(path)?);
        if let Some(parent) = file.parent() {
            fs::create_dir_all(parent)?;
        }
        fs::write(&file, bytes)
    }

    /// Reads back a file written, by its `/`-separated path inside the site.
    pub fn read(&self, path: &str) -> io::Result<Vec<u8>> {
        fs::read(self.dir.join(inside(path)?))
    }

    /// Swaps the finished folder into place and removes the previous one.
    pub fn publish(mut self) -> io::Result<()> {
        let old = sibling(&self.target, "old")?;
        clear_leftover(&old)?;
        let had_previous = fs::symlink_metadata(&self.target).is_ok();
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
            let _ = clear_leftover(&self.dir);
        }
    }
}

/// The path of a file inside the output folder, refusing any path that
/// could leave it (absolute, `..`, `.`, empty parts, backslashes): every
/// file a build writes passes here.
pub fn inside(path: &str) -> io::Result<&Path> {
    let safe = !path.contains(['\\', '\0'])
        && path.split('/').all(|part| !matches!(part, "" | "." | ".."));
    if safe {
        Ok(Path::new(path))
    } else {
        Err(io::Error::other(format!(
            "`{path}` is not a path inside the output folder"
        )))
    }
}

/// Removes what a build of ours left at `path`: a symbolic link or a file as
/// itself (never what it points to), a folder only when plansite marked it.
fn clear_leftover(path: &Path) -> io::Result<()> {
    match fs::symlink_metadata(path) {
        Err(err) if err.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(err) => Err(err),
        Ok(meta) if !meta.is_dir() => fs::remove_file(path),
        Ok(_) if is_own_or_empty(path) => remove_tree(path, PARALLEL_DEPTH),
        Ok(_) => Err(io::Error::other(format!(
            "{} is in the way and was not written by plansite; move it away",
            path.display()
        ))),
    }
}

/// How many levels of folders are removed in parallel: enough to spread a
/// site's `prisons/<prison>/` folders over every core.
const PARALLEL_DEPTH: usize = 2;

/// Removes a folder and everything in it, its first `depth` levels in
/// parallel: a previous site is tens of thousands of files, and removing them
/// one by one took longer than building the new site. A symbolic link inside
/// is removed as a link; nothing it points to is touched.
fn remove_tree(dir: &Path, depth: usize) -> io::Result<()> {
    if depth == 0 {
        return fs::remove_dir_all(dir);
    }
    let entries: Vec<fs::DirEntry> = fs::read_dir(dir)?.collect::<Result<_, _>>()?;
    entries.par_iter().try_for_each(|entry| {
        // The entry's own type: a link to a folder is not a folder here.
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
