//! The site's configuration, `plansite.toml`, with a built-in default for everything.
//!
//! A site with no config file builds; a config file only says where it differs.
//! Unknown keys are refused so a typo never silently changes nothing.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use crate::diagnostics::{Diagnostic, Position};

/// The name of the config file at a site's root.
pub const FILE_NAME: &str = "plansite.toml";

/// A site's content files (`prisons/`, `inspections/`).
pub const CONTENT_DIR: &str = "content";
/// A site's own templates, searched before its theme's.
pub const TEMPLATES_DIR: &str = "templates";
/// A site's own static files, copied over its theme's.
pub const STATIC_DIR: &str = "static";
/// The site themes, one folder each holding `templates/` and `static/`.
pub const THEMES_DIR: &str = "themes";

/// The folders under a site's root that a build reads: `serve` watches
/// them, and no build may publish into, around or inside any of them.
pub const INPUT_FOLDERS: [&str; 4] = [CONTENT_DIR, TEMPLATES_DIR, STATIC_DIR, THEMES_DIR];

/// Everything `plansite.toml` can set.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// The site's name, shown in every page header.
    pub title: String,
    /// One sentence on what the site holds, for the home page and feeds.
    pub description: String,
    /// Where the site will be hosted; links are made to work under its path.
    pub base_url: Spanned<String>,
    /// The site theme (a folder under `themes/`), one folder name, so that
    /// no config can make a build read and publish files from elsewhere.
    #[serde(rename = "theme", deserialize_with = "folder_name")]
    pub site_theme: Spanned<String>,
    /// The date statuses are measured against (`YYYY-MM-DD`), unless `--as-of` is given.
    pub as_of: Option<Spanned<String>>,
    /// Topic rules; an entry with the slug of a built-in theme replaces it.
    pub themes: Vec<ThemeRule>,
    pub owners: OwnerSettings,
    /// The documents prison profiles take their facts from, by the name
    /// profiles give them under `sources:`, so pages can name each by its
    /// title and date rather than by a slug.
    pub sources: BTreeMap<String, SourceDocument>,
    /// Decision labels as plans write them → the class each belongs to
    /// (`agreed`, `partly-agreed`, ...), for labels the built-in reader does
    /// not read or reads otherwise; checked where the model is derived, so
    /// that a wrong class is placed at its value and everything else is
    /// still checked.
    pub decisions: BTreeMap<String, Spanned<String>>,
    /// How alike two items of a prison must be to be linked as the same
    /// problem raised again.
    pub recurrence: RecurrenceSettings,
    /// Whether `build` writes a search index and the `/search/` page
    /// searches it. Off unless set, as in Zola: indexing costs about three
    /// times the rest of an estate-sized build (Pagefind adds records one
    /// at a time), which a small site never notices and a big one should
    /// choose.
    pub build_search_index: bool,
    /// Whether `build` writes a `.gz` and a `.br` beside each text file, for
    /// hosts that send them as they are (`build --compress` or
    /// `--no-compress` overrides it). Off unless set: most hosts compress
    /// by themselves, and the copies double a build's files.
    pub compress: bool,
    /// The text the settings were read from, to place their spans in messages.
    #[serde(skip)]
    source: String,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            title: "Prison inspection action plans".into(),
            description: "What HM Prison & Probation Service promised after each inspection, by whom and by when.".into(),
            base_url: unwritten("/"),
            site_theme: unwritten("default"),
            as_of: None,
            themes: Vec::new(),
            owners: OwnerSettings::default(),
            sources: BTreeMap::new(),
            decisions: BTreeMap::new(),
            recurrence: RecurrenceSettings::default(),
            build_search_index: false,
            compress: false,
            source: String::new(),
        }
    }
}

/// A default setting: it was written nowhere, so it has no place.
fn unwritten(value: &str) -> Spanned<String> {
    Spanned::new(0..0, value.to_string())
}

impl Config {
    /// Where a setting's value was written in `plansite.toml`, for messages;
    /// none for a default.
    pub fn place<T>(&self, setting: &Spanned<T>) -> Option<Position> {
        let span = setting.span();
        (span != (0..0) && !self.source.is_empty()).then(|| position_at(&self.source, span.start))
    }
}

/// How a theme (topic) is recognised in a recommendation.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct ThemeRule {
    /// The theme's URL part (`/themes/<slug>/`), refused where it is written if it breaks the slug rule.
    #[serde(deserialize_with = "url_slug")]
    pub slug: String,
    pub name: String,
    #[serde(default)]
    pub description: String,
    /// Area or section headings that put a recommendation in this theme (case-insensitive, contained).
    #[serde(default)]
    pub headings: Vec<String>,
    /// Words or phrases in a recommendation's text that put it in this theme.
    #[serde(default)]
    pub keywords: Vec<String>,
}

/// A document facts come from, as readers should see it named.
#[derive(Clone, Debug, Deserialize, serde::Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct SourceDocument {
    /// Its title, as the document gives it.
    pub title: String,
    /// When it is dated or what period it covers, as written ("2014-15",
    /// "April 2014"): the date the facts taken from it hold for.
    #[serde(default)]
    pub dated: Option<String>,
    /// Where a reader can find it, if it is published.
    #[serde(default)]
    pub url: Option<String>,
}

/// How the words of two items of one prison are weighed to decide they
/// raise the same problem (see `model::recurrence`); `[recurrence]` in
/// `plansite.toml` sets any of them.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct RecurrenceSettings {
    /// The score a pair needs: the cosine of their words (0 to 1), plus the
    /// bonuses below.
    pub threshold: f32,
    /// The least cosine of the words alone: a heading and a theme support a
    /// likeness of words, never make one.
    pub least_words: f32,
    /// Added when both items have the same area heading.
    pub area: f32,
    /// Added when the items share a theme.
    pub theme: f32,
    /// The most items of one earlier plan a later item is linked to.
    pub most_per_plan: usize,
    /// What a word of the plan's response counts for, against a word of
    /// the item itself (1).
    pub response: f32,
}

impl Default for RecurrenceSettings {
    /// Tuned on the Leicester plans read side by side by hand
    /// (`tests/fixtures/recurrence/leicester.toml`), and checked at estate
    /// size not to link everything to everything.
    fn default() -> RecurrenceSettings {
        RecurrenceSettings {
            threshold: 0.25,
            least_words: 0.15,
            area: 0.1,
            theme: 0.05,
            most_per_plan: 1,
            response: 0.2,
        }
    }
}

/// Settings for owner pages.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct OwnerSettings {
    /// Canonical owner name → other spellings that mean the same owner.
    pub aliases: BTreeMap<String, Vec<String>>,
    /// Groups of owner names that look alike but are different owners, so
    /// that `check` stops asking whether they are one.
    pub distinct: Vec<Vec<String>>,
}

/// A slug that passes [`crate::slug::problem`], or an error the parser places at the value.
fn url_slug<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    let slug = String::deserialize(deserializer)?;
    match crate::slug::problem(&slug) {
        None => Ok(slug),
        Some(problem) => Err(serde::de::Error::custom(format!(
            "theme slug `{slug}` cannot be part of a URL: it {problem}; a slug may hold {}",
            crate::slug::ALLOWED
        ))),
    }
}

/// One folder's name: not empty, `.` or `..`, and without a path separator.
fn folder_name<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Spanned<String>, D::Error> {
    let name = Spanned::<String>::deserialize(deserializer)?;
    if matches!(name.get_ref().as_str(), "" | "." | "..")
        || name.get_ref().contains(['/', '\\', '\0'])
    {
        return Err(serde::de::Error::custom(format!(
            "theme `{}` is not the name of a folder under themes/",
            name.get_ref()
        )));
    }
    Ok(name)
}

/// Reads `plansite.toml` under `root`, or the defaults when there is none.
pub fn load(root: &Path) -> Result<Config, Diagnostic> {
    let path = root.join(FILE_NAME);
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(Config::default()),
        Err(err) => return Err(Diagnostic::error(FILE_NAME, format!("cannot read: {err}"))),
    };
    parse(&text)
}

/// Parses config text, pointing any error at its line and column.
pub fn parse(text: &str) -> Result<Config, Diagnostic> {
    let mut config = toml::from_str::<Config>(text).map_err(|err| {
        let position = err.span().map(|span| position_at(text, span.start));
        Diagnostic::error(FILE_NAME, err.message().trim().to_string())
            .at(position)
            .help("see the configuration section of the README for every key and its default")
    })?;
    config.source = text.to_string();
    Ok(config)
}

/// Line and column (1-based, in characters) of a byte offset.
pub fn position_at(text: &str, byte: usize) -> Position {
    let before = text.get(..byte).unwrap_or(text);
    let line = before.matches('\n').count() as u64 + 1;
    let column = before.rsplit('\n').next().unwrap_or("").chars().count() as u64 + 1;
    Position { line, column }
}
