//! Watching a site's inputs: content, templates, static files, themes and
//! `plansite.toml`, through notify with a debouncer, so one save (which an
//! editor may turn into several writes and renames) gives one rebuild.
//!
//! Only the folders a build reads are watched, never the whole site folder:
//! a site kept in a cargo project or beside its `output/` would otherwise
//! watch thousands of folders that never matter.

use std::path::{Component, Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use notify_debouncer_full::notify::{EventKind, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache, new_debouncer};

use crate::config;
use crate::render::site_theme::is_editor_leftover;

/// How long the debouncer waits for a burst of writes to end.
pub const DEBOUNCE: Duration = Duration::from_millis(60);

/// A running watch of one site's inputs.
pub struct Watch {
    root: PathBuf,
    debouncer: Debouncer<RecommendedWatcher, RecommendedCache>,
    watched: Vec<PathBuf>,
}

impl Watch {
    /// Starts watching; each debounced burst of relevant changes arrives on `changes`.
    pub fn start(root: &Path, changes: mpsc::Sender<Vec<PathBuf>>) -> Result<Watch, String> {
        let root = std::path::absolute(root).map_err(|err| err.to_string())?;
        let filter_root = root.clone();
        let debouncer = new_debouncer(DEBOUNCE, None, move |result: DebounceEventResult| {
            let paths: Vec<PathBuf> = match result {
                Ok(events) => events
                    .into_iter()
                    // Reading files (as every build does) is no change.
                    .filter(|event| !matches!(event.kind, EventKind::Access(_)))
                    .flat_map(|event| event.event.paths)
                    .filter(|path| is_input(&filter_root, path))
                    .collect(),
                Err(errors) => {
                    for error in errors {
                        eprintln!("warning: watching: {error}");
                    }
                    Vec::new()
                }
            };
            if !paths.is_empty() {
                // The receiver is gone only when the server is stopping.
                let _ = changes.send(paths);
            }
        })
        .map_err(|err| format!("cannot watch {}: {err}", root.display()))?;
        let mut watch = Watch {
            root,
            debouncer,
            watched: Vec::new(),
        };
        watch
            .debouncer
            .watch(&watch.root, RecursiveMode::NonRecursive)
            .map_err(|err| format!("cannot watch {}: {err}", watch.root.display()))?;
        watch.follow_folders();
        Ok(watch)
    }

    /// Watches input folders created since the last call, and forgets removed ones.
    pub fn follow_folders(&mut self) {
        for name in config::INPUT_FOLDERS {
            let folder = self.root.join(name);
            let watched = self.watched.contains(&folder);
            if folder.is_dir() && !watched {
                match self.debouncer.watch(&folder, RecursiveMode::Recursive) {
                    Ok(()) => self.watched.push(folder),
                    Err(err) => eprintln!("warning: cannot watch {}: {err}", folder.display()),
                }
            } else if !folder.is_dir() && watched {
                let _ = self.debouncer.unwatch(&folder);
                self.watched.retain(|f| f != &folder);
            }
        }
    }
}

/// Whether a changed path is something a build reads (and not an editor's leftover).
pub fn is_input(root: &Path, path: &Path) -> bool {
    let Ok(relative) = path.strip_prefix(root) else {
        return false;
    };
    let mut components = relative.components();
    let Some(Component::Normal(first)) = components.next() else {
        return false;
    };
    let top_level_input =
        first == config::FILE_NAME || config::INPUT_FOLDERS.iter().any(|folder| first == *folder);
    let leftover = relative.file_name().is_some_and(is_editor_leftover);
    top_level_input && !leftover
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inputs_are_content_templates_static_themes_and_the_config() {
        let root = Path::new("/site");
        for input in [
            "/site/plansite.toml",
            "/site/content/inspections/leicester-2018.md",
            "/site/templates/plan.html",
            "/site/static/style.css",
            "/site/themes/default/templates/base.html",
            "/site/content",
        ] {
            assert!(is_input(root, Path::new(input)), "{input} ignored");
        }
    }

    #[test]
    fn editor_leftovers_and_other_folders_are_ignored() {
        let root = Path::new("/site");
        for ignored in [
            "/site/content/inspections/.leicester-2018.md.swp",
            "/site/content/inspections/leicester-2018.md~",
            "/site/content/inspections/.#leicester-2018.md",
            "/site/content/inspections/4913",
            "/site/output/index.html",
            "/site/.output.plansite-new/index.html",
            "/site/target/debug/plansite",
            "/site/README.md",
            "/elsewhere/content/x.md",
        ] {
            assert!(!is_input(root, Path::new(ignored)), "{ignored} watched");
        }
    }
}
