//! Where templates and static files come from: the site's own folders first,
//! then its site theme, then the default theme built into the binary.
//!
//! Overriding works file by file, as in Zola and Hugo: a site that wants a
//! different footer puts one `templates/base.html` in its folder and keeps
//! every other template of its theme, and a theme holds only the files it
//! changes. The default theme is compiled in, so a site made by
//! `plansite new` builds with no theme folder of its own.
//!
//! A *site theme* is a set of templates and static files (`themes/<name>/`);
//! the model's themes are topics such as health. The two never share a name
//! in code.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use include_dir::{Dir, include_dir};
use walkdir::WalkDir;

use crate::config::{self, Config};
use crate::diagnostics::Diagnostic;

/// The default theme, as shipped in `themes/default/`.
static BUILT_IN: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// The name of the theme that is built into the binary.
pub const DEFAULT_THEME: &str = "default";

/// A file's bytes and the path messages should name for it.
#[derive(Clone, Debug)]
pub struct ThemeFile {
    /// Where the file came from, relative to the site root (or the built-in theme).
    pub origin: PathBuf,
    pub contents: FileContents,
}

/// Bytes already in memory (built in) or a file to read when needed.
#[derive(Clone, Debug)]
pub enum FileContents {
    BuiltIn(&'static [u8]),
    OnDisk(PathBuf),
}

/// The templates and static files of one build, each override already applied.
#[derive(Debug, Default)]
pub struct SiteTheme {
    /// Template name (path under `templates/`, with `/`) → its file.
    pub templates: BTreeMap<String, ThemeFile>,
    /// Path under `static/` (with `/`) → its file.
    pub statics: BTreeMap<String, ThemeFile>,
}

impl SiteTheme {
    /// Collects the theme the config names over the built-in one, with the
    /// site's own files over both; a theme need only hold what it changes.
    pub fn load(root: &Path, config: &Config) -> Result<SiteTheme, Diagnostic> {
        let mut theme = SiteTheme::default();
        theme.add_built_in();
        let name = config.site_theme.get_ref();
        let on_disk = root.join(config::THEMES_DIR).join(name);
        if on_disk.is_dir() {
            theme.add_folder(root, &on_disk.join(config::TEMPLATES_DIR), Part::Templates)?;
            theme.add_folder(root, &on_disk.join(config::STATIC_DIR), Part::Static)?;
        } else if name != DEFAULT_THEME {
            return Err(missing_theme(config));
        }
        theme.add_folder(root, &root.join(config::TEMPLATES_DIR), Part::Templates)?;
        theme.add_folder(root, &root.join(config::STATIC_DIR), Part::Static)?;
        Ok(theme)
    }

    /// Reads a template's text, naming the file if it cannot be read.
    pub fn template_source(&self, file: &ThemeFile) -> Result<String, Diagnostic> {
        let bytes = file.read()?;
        String::from_utf8(bytes).map_err(|_| {
            Diagnostic::error(&file.origin, "a template must be UTF-8 text")
                .help("save the template as UTF-8")
        })
    }

    fn add_built_in(&mut self) {
        for (part, map) in [
            (config::TEMPLATES_DIR, &mut self.templates),
            (config::STATIC_DIR, &mut self.statics),
        ] {
            let Some(dir) = BUILT_IN.get_dir(part) else {
                continue;
            };
            let mut stack = vec![dir];
            while let Some(dir) = stack.pop() {
                stack.extend(dir.dirs());
                for file in dir.files() {
                    let Ok(name) = file.path().strip_prefix(part) else {
                        continue;
                    };
                    map.insert(
                        slash_path(name),
                        ThemeFile {
                            origin: Path::new("(built-in theme)").join(file.path()),
                            contents: FileContents::BuiltIn(file.contents()),
                        },
                    );
                }
            }
        }
    }

    fn add_folder(&mut self, root: &Path, folder: &Path, part: Part) -> Result<(), Diagnostic> {
        if !folder.is_dir() {
            return Ok(());
        }
        let map = match part {
            Part::Templates => &mut self.templates,
            Part::Static => &mut self.statics,
        };
        for entry in WalkDir::new(folder).sort_by_file_name() {
            let entry = entry.map_err(|err| {
                let path = err.path().unwrap_or(folder);
                Diagnostic::error(relative(root, path), format!("cannot read: {err}"))
            })?;
            if !entry.file_type().is_file() || is_editor_leftover(entry.file_name()) {
                continue;
            }
            if matches!(part, Part::Templates) && !is_template(entry.path()) {
                continue;
            }
            let Ok(name) = entry.path().strip_prefix(folder) else {
                continue;
            };
            map.insert(
                slash_path(name),
                ThemeFile {
                    origin: relative(root, entry.path()),
                    contents: FileContents::OnDisk(entry.path().to_path_buf()),
                },
            );
        }
        Ok(())
    }
}

impl ThemeFile {
    /// The file's bytes.
    pub fn read(&self) -> Result<Vec<u8>, Diagnostic> {
        match &self.contents {
            FileContents::BuiltIn(bytes) => Ok(bytes.to_vec()),
            FileContents::OnDisk(path) => std::fs::read(path)
                .map_err(|err| Diagnostic::error(&self.origin, format!("cannot read: {err}"))),
        }
    }
}

#[derive(Clone, Copy)]
enum Part {
    Templates,
    Static,
}

fn missing_theme(config: &Config) -> Diagnostic {
    let name = config.site_theme.get_ref();
    Diagnostic::error(
        config::FILE_NAME,
        format!("no theme `{name}`: there is no folder themes/{name}/"),
    )
    .at(config.place(&config.site_theme))
    .help(format!(
        "create themes/{name}/templates/, or set theme = \"{DEFAULT_THEME}\" to use the built-in theme"
    ))
}

/// Whether a file under `templates/` is a template (and not, say, a README).
fn is_template(path: &Path) -> bool {
    path.extension()
        .is_some_and(|ext| TEMPLATE_EXTENSIONS.iter().any(|known| ext == *known))
}

/// The kinds of file read as templates.
pub const TEMPLATE_EXTENSIONS: [&str; 3] = ["html", "xml", "txt"];

/// Editors' swap and backup files, which must never become pages or assets.
pub fn is_editor_leftover(name: &std::ffi::OsStr) -> bool {
    let name = name.to_string_lossy();
    name.starts_with(".#")
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name == "4913"
        || name == ".DS_Store"
}

fn slash_path(path: &Path) -> String {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

fn relative(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}
