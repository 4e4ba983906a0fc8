//! Stage one: load the content files of a site into typed front matter.
//!
//! A site keeps one Markdown file per prison (`content/prisons/<slug>.md`)
//! and one per inspection's action plan (`content/inspections/<prison>-<year>.md`),
//! each opening with YAML front matter. This module finds those files, splits
//! the front matter from the body and deserialises it with `serde-saphyr`,
//! keeping source positions so later stages can point at the exact line.
//! Nothing here interprets the data; that is the model's job.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use serde_saphyr::{Location, Spanned};

use crate::diagnostics::{Diagnostic, Position};

/// A value read from YAML together with where it was written.
pub type Located<T> = Spanned<T>;

/// A long text a plan writes (an item's words, a response, an action):
/// read once and shared, not copied, by every stage that keeps it (the
/// parsed file, its draft, the site; the rendered-Markdown memo keeps only
/// its hash).
pub type Text = Arc<str>;

/// Wraps a value that was made by a program rather than read from a file.
pub fn unplaced<T>(value: T) -> Located<T> {
    Spanned::new(value, Location::UNKNOWN, Location::UNKNOWN)
}

/// The facts a prison's profile gives (`content/prisons/<slug>.md`).
#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct PrisonProfile {
    pub name: String,
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub establishment_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub security_category: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operational_capacity: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub certified_normal_accommodation: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// The regime's time out of cell as the prison's agreement states it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_out_of_cell: Option<String>,
    /// The documents its facts come from, each named as `[sources]` in
    /// `plansite.toml` names it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<Located<String>>,
}

/// One inspection's action plan (`content/inspections/<prison>-<year>.md`).
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ActionPlan {
    /// Slug of the prison profile this plan belongs to.
    pub prison: Located<String>,
    /// ISO date (`2018-05-31`) the inspection report was published.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub report_published: Option<Located<String>>,
    /// ISO date the action plan was submitted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action_plan_submitted: Option<Located<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inspection: Option<InspectionVisit>,
    /// The document the plan was taken from, as a reader would cite it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// The totals the plan's own summary table declares.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub declared_totals: Option<DeclaredTotals>,
    #[serde(default)]
    pub recommendations: Vec<RecommendationEntry>,
}

/// When and how the prison was inspected, as the plan states it.
///
/// One period is written `from`/`to` (the form every earlier file uses);
/// an inspection in several visits lists them under `periods` instead.
/// Giving both is an error, so a file never says two things at once.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct InspectionVisit {
    /// ISO date of the first day, when the inspection is one period.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<Located<String>>,
    /// ISO date of the last day, when the inspection is one period.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<Located<String>>,
    /// The periods of an inspection made in several visits, in the plan's order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub periods: Vec<InspectionPeriod>,
    /// The plan's own words for the dates ("24–25 February; 2–6 March
    /// 2020"), kept so a page can show what no period could be read from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub written: Option<String>,
    /// For example "Full unannounced inspection".
    #[serde(default)]
    pub kind: Option<String>,
}

/// One visit of an inspection: ISO dates, `to` left out for a single day.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct InspectionPeriod {
    pub from: Located<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<Located<String>>,
}

/// Decision counts a plan declares in its summary table.
#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct DeclaredTotals {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agreed: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partly_agreed: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not_agreed: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total: Option<u32>,
    /// Older plans count housekeeping points in a table of their own.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub housekeeping: Option<Box<DeclaredTotals>>,
}

/// What an entry of a plan is: the report's wording decides.
#[derive(
    Clone, Copy, Debug, Default, Deserialize, Serialize, PartialEq, Eq, Hash, PartialOrd, Ord,
)]
#[serde(rename_all = "kebab-case")]
pub enum EntryKind {
    #[default]
    Recommendation,
    PriorityConcern,
    KeyConcern,
    Housekeeping,
}

impl EntryKind {
    /// Every kind, in the order plans list them.
    pub const ALL: [EntryKind; 4] = [
        EntryKind::Recommendation,
        EntryKind::Housekeeping,
        EntryKind::PriorityConcern,
        EntryKind::KeyConcern,
    ];

    /// The kind's name after a count: "1 key concern", "7 housekeeping points".
    pub fn counted(self, count: usize) -> &'static str {
        match (self, count == 1) {
            (EntryKind::Recommendation, true) => "recommendation",
            (EntryKind::Recommendation, false) => "recommendations",
            (EntryKind::Housekeeping, true) => "housekeeping point",
            (EntryKind::Housekeeping, false) => "housekeeping points",
            (EntryKind::PriorityConcern, true) => "priority concern",
            (EntryKind::PriorityConcern, false) => "priority concerns",
            (EntryKind::KeyConcern, true) => "key concern",
            (EntryKind::KeyConcern, false) => "key concerns",
        }
    }

    /// Whether items of this kind carry a decision (concerns do not).
    pub fn takes_decision(self) -> bool {
        matches!(self, EntryKind::Recommendation | EntryKind::Housekeeping)
    }

    /// How a reader would call one entry of this kind.
    pub fn label(self) -> &'static str {
        match self {
            EntryKind::Recommendation => "Recommendation",
            EntryKind::PriorityConcern => "Priority concern",
            EntryKind::KeyConcern => "Key concern",
            EntryKind::Housekeeping => "Housekeeping point",
        }
    }

    /// The word used in YAML, kept in one place for messages.
    pub fn as_str(self) -> &'static str {
        match self {
            EntryKind::Recommendation => "recommendation",
            EntryKind::PriorityConcern => "priority-concern",
            EntryKind::KeyConcern => "key-concern",
            EntryKind::Housekeeping => "housekeeping",
        }
    }
}

/// One recommendation or concern of a plan, as the plan records it.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RecommendationEntry {
    #[serde(rename = "ref")]
    pub reference: Located<String>,
    #[serde(default)]
    pub kind: EntryKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub section: Option<Text>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub area: Option<Text>,
    /// The report paragraph the recommendation came from, such as `S56` or `1.8`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paragraph: Option<Text>,
    /// The earlier recommendation this one repeats, as the report numbers it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repeats: Option<Text>,
    pub text: Text,
    /// The decision as written: Agreed, Partly Agreed, Rejected, ...
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decision: Option<Located<String>>,
    /// Explicit theme slugs, added to the derived ones.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub themes: Vec<Located<String>>,
    /// The plan's narrative response, in Markdown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response: Option<Text>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub actions: Vec<ActionEntry>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub progress: Vec<ProgressEntry>,
    /// Earlier items this one raises again, where the words do not show it:
    /// "2018/5.1" (plan and ref), or "5.1" for the prison's plan before.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub recurs: Vec<Located<String>>,
    /// Earlier items the words link to that raise another problem.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub not_recurs: Vec<Located<String>>,
}

/// One promised action: what, who and by when, as the plan gives it.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ActionEntry {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<Text>,
    #[serde(default)]
    pub owners: Vec<Located<String>>,
    /// The target date as written: "August 2018", "Completed", "Ongoing", ...
    #[serde(default)]
    pub due: Option<Located<String>>,
    /// The ISO date an editor pins `due` to where plansite cannot read the
    /// plan's words, or reads them otherwise than they mean; the words stay
    /// what pages show.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due_date: Option<Located<String>>,
}

/// A later judgement of progress on a recommendation, added by whoever tracks it.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ProgressEntry {
    pub date: Located<String>,
    /// On HMIP's scales: achieved, partially achieved, not achieved; or
    /// good, reasonable, insufficient, no meaningful progress.
    pub judgement: Located<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

/// A content file after loading: its front matter, its body and where it came from.
#[derive(Clone, Debug)]
pub struct SourceFile<T> {
    /// Path relative to the site root, as messages show it.
    pub path: PathBuf,
    /// The file name without `.md`.
    pub stem: String,
    pub front: T,
    /// The Markdown after the front matter.
    pub body: String,
    /// Lines before the first line of the YAML, to turn YAML positions into file positions.
    pub yaml_line_offset: u64,
}

impl<T> SourceFile<T> {
    /// Where a located value sits in this file, if it was read from it.
    pub fn position<V>(&self, value: &Located<V>) -> Option<Position> {
        position_of(&value.referenced, self.yaml_line_offset)
    }
}

fn position_of(location: &Location, offset: u64) -> Option<Position> {
    (location.line() > 0).then(|| Position {
        line: location.line() + offset,
        column: location.column(),
    })
}

/// Everything a site's `content/` holds, sorted by path. Files are shared
/// with the [`Cache`], so a rebuild keeps every unchanged file as parsed.
#[derive(Clone, Debug, Default)]
pub struct Content {
    pub prisons: Vec<Arc<SourceFile<PrisonProfile>>>,
    pub plans: Vec<Arc<SourceFile<ActionPlan>>>,
}

/// Content files as last parsed (by path under the site root), for
/// `serve --watch`: a rebuild re-reads only the files whose size or
/// modification time changed, or that it is told changed.
#[derive(Default)]
pub struct Cache {
    prisons: HashMap<PathBuf, Parsed<PrisonProfile>>,
    plans: HashMap<PathBuf, Parsed<ActionPlan>>,
}

/// One file's parse and the stamp of the file it came from.
struct Parsed<T> {
    stamp: Stamp,
    result: Result<Arc<SourceFile<T>>, Diagnostic>,
}

impl<T> Clone for Parsed<T> {
    fn clone(&self) -> Self {
        Parsed {
            stamp: self.stamp,
            result: self.result.clone(),
        }
    }
}

impl Cache {
    /// Forgets a file (by its path under the site root), so the next load
    /// parses it whatever its stamp says: a watcher's word beats a clock too
    /// coarse to tell two saves apart.
    pub fn forget(&mut self, rel: &Path) {
        self.prisons.remove(rel);
        self.plans.remove(rel);
    }

    /// Parses one plan file (`rel`, under `root`) again and keeps the parse:
    /// for `serve`, when the watcher reports that this file alone changed,
    /// which spares looking at every other file.
    pub fn reparse_plan(
        &mut self,
        root: &Path,
        rel: &Path,
    ) -> Result<Arc<SourceFile<ActionPlan>>, Diagnostic> {
        let path = root.join(rel);
        let parsed = Parsed {
            stamp: Stamp::of(&path).unwrap_or(Stamp::UNKNOWN),
            result: read_and_parse(&path, rel).map(Arc::new),
        };
        self.plans.insert(rel.to_path_buf(), parsed.clone());
        parsed.result
    }
}

/// What tells a file's versions apart without reading it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Stamp {
    len: u64,
    modified: Option<SystemTime>,
}

impl Stamp {
    /// The stamp of a file that could not be looked at: it matches no real one.
    const UNKNOWN: Stamp = Stamp {
        len: 0,
        modified: None,
    };

    fn of(path: &Path) -> Option<Stamp> {
        let metadata = std::fs::metadata(path).ok()?;
        Some(Stamp {
            len: metadata.len(),
            modified: metadata.modified().ok(),
        })
    }
}

/// The two folders of `content/` and what each holds.
const PRISONS_DIR: &str = "prisons";
const PLANS_DIR: &str = "inspections";

/// Reads every content file under `root/content`, collecting problems instead of stopping.
pub fn load(root: &Path) -> (Content, Vec<Diagnostic>) {
    load_cached(root, &mut Cache::default())
}

/// Like [`load`], re-parsing only files that changed since `cache` saw them.
pub fn load_cached(root: &Path, cache: &mut Cache) -> (Content, Vec<Diagnostic>) {
    let content_dir = root.join(crate::config::CONTENT_DIR);
    let mut diagnostics = Vec::new();
    if !content_dir.is_dir() {
        diagnostics.push(
            Diagnostic::error(&content_dir, "no content folder")
                .help("create content/prisons/ and content/inspections/, or run `plansite new DIR` for a working example"),
        );
        return (Content::default(), diagnostics);
    }
    let mut prison_files = Vec::new();
    let mut plan_files = Vec::new();
    for entry in walkdir::WalkDir::new(&content_dir).sort_by_file_name() {
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                let path = err.path().unwrap_or(&content_dir).to_path_buf();
                diagnostics.push(Diagnostic::error(
                    relative(root, &path),
                    format!("cannot read: {err}"),
                ));
                continue;
            }
        };
        if !entry.file_type().is_file() || is_hidden(entry.path()) {
            continue;
        }
        let path = entry.path();
        let rel = relative(root, path);
        let folder = path
            .parent()
            .and_then(|p| p.strip_prefix(&content_dir).ok())
            .and_then(|p| p.to_str())
            .unwrap_or("");
        let is_markdown = path.extension().is_some_and(|e| e == "md");
        match (folder, is_markdown) {
            (PRISONS_DIR, true) => prison_files.push((path.to_path_buf(), rel)),
            (PLANS_DIR, true) => plan_files.push((path.to_path_buf(), rel)),
            _ => diagnostics.push(
                Diagnostic::warning(&rel, "not read: content files belong in content/prisons/ or content/inspections/ and end in .md")
                    .help("move the file there, or out of content/"),
            ),
        }
    }
    let (prisons, mut prison_problems) = parse_all(&prison_files, &mut cache.prisons);
    let (plans, mut plan_problems) = parse_all(&plan_files, &mut cache.plans);
    diagnostics.append(&mut prison_problems);
    diagnostics.append(&mut plan_problems);
    (Content { prisons, plans }, diagnostics)
}

fn parse_all<T>(
    files: &[(PathBuf, PathBuf)],
    cache: &mut HashMap<PathBuf, Parsed<T>>,
) -> (Vec<Arc<SourceFile<T>>>, Vec<Diagnostic>)
where
    T: for<'de> Deserialize<'de> + Send + Sync,
{
    let known: &HashMap<PathBuf, Parsed<T>> = cache;
    let parsed: Vec<(PathBuf, Parsed<T>)> = files
        .par_iter()
        .map(|(path, rel)| {
            let stamp = Stamp::of(path);
            let fresh = known
                .get(rel)
                .filter(|cached| stamp.is_some() && Some(cached.stamp) == stamp);
            let parsed = match fresh {
                Some(cached) => cached.clone(),
                None => Parsed {
                    stamp: stamp.unwrap_or(Stamp::UNKNOWN),
                    result: read_and_parse(path, rel).map(Arc::new),
                },
            };
            (rel.clone(), parsed)
        })
        .collect();
    let mut files = Vec::new();
    let mut problems = Vec::new();
    for (_, parsed) in &parsed {
        match &parsed.result {
            Ok(file) => files.push(Arc::clone(file)),
            Err(problem) => problems.push(problem.clone()),
        }
    }
    *cache = parsed.into_iter().collect();
    (files, problems)
}

fn read_and_parse<T>(path: &Path, rel: &Path) -> Result<SourceFile<T>, Diagnostic>
where
    T: for<'de> Deserialize<'de>,
{
    let bytes =
        std::fs::read(path).map_err(|err| Diagnostic::error(rel, format!("cannot read: {err}")))?;
    parse_bytes(rel, &bytes)
}

/// Parses a content file's bytes, refusing text that is not UTF-8 at the
/// line and column of the first bad byte, where an editor can find it.
pub fn parse_bytes<T>(rel: &Path, bytes: &[u8]) -> Result<SourceFile<T>, Diagnostic>
where
    T: for<'de> Deserialize<'de>,
{
    let text = std::str::from_utf8(bytes).map_err(|err| {
        let good = &bytes[..err.valid_up_to()];
        // The prefix is valid UTF-8 by the error's own word.
        let before = std::str::from_utf8(good).unwrap_or_default();
        Diagnostic::error(rel, "not UTF-8 text: this byte cannot be read as UTF-8")
            .at(Some(crate::config::position_at(before, before.len())))
            .help("save the file as UTF-8 (editors offer it under \"Save with encoding\"); text pasted from older office documents is often Windows-1252")
    })?;
    parse_file(rel, text)
}

/// Splits front matter from body and deserialises it; `rel` names the file in messages.
pub fn parse_file<T>(rel: &Path, text: &str) -> Result<SourceFile<T>, Diagnostic>
where
    T: for<'de> Deserialize<'de>,
{
    let (yaml, body, yaml_line_offset) = split_front_matter(text).map_err(|(line, message)| {
        Diagnostic::error(rel, message)
            .at(Some(Position { line, column: 1 }))
            .help("a content file starts with a line `---`, then YAML, then another line `---`, then Markdown")
    })?;
    let front = serde_saphyr::from_str::<T>(yaml)
        .map_err(|err| yaml_problem(rel, &err, yaml_line_offset))?;
    let stem = rel
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default()
        .to_string();
    Ok(SourceFile {
        path: rel.to_path_buf(),
        stem,
        front,
        body: body.to_string(),
        yaml_line_offset,
    })
}

/// Returns (yaml, body, lines before the yaml), or the line and words of what is wrong.
fn split_front_matter(text: &str) -> Result<(&str, &str, u64), (u64, String)> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = text.split_inclusive('\n');
    let first = lines.next().unwrap_or("");
    if first.trim_end() != "---" {
        return Err((
            1,
            "expected front matter: the file must start with a line `---`".into(),
        ));
    }
    let yaml_start = first.len();
    let mut offset = yaml_start;
    for line in lines {
        let trimmed = line.trim_end();
        if trimmed == "---" || trimmed == "..." {
            let yaml = &text[yaml_start..offset];
            let body = &text[offset + line.len()..];
            // The YAML starts on line 2, after the opening `---`.
            return Ok((yaml, body, 1));
        }
        offset += line.len();
    }
    Err((
        1,
        "front matter is not closed: no second `---` line was found".into(),
    ))
}

/// Turns a YAML error into a diagnostic positioned in the file, not the YAML.
fn yaml_problem(rel: &Path, err: &serde_saphyr::Error, offset: u64) -> Diagnostic {
    let position = err.location().and_then(|l| position_of(&l, offset));
    let message = plain_yaml_message(err);
    let help = if is_size_limit(err) {
        "plansite caps YAML's anchors, aliases and nesting so that a small file cannot grow into a huge one; write the repeated values out in full instead of through `&anchor` and `*alias`"
    } else if message.contains("unknown field") {
        "check the spelling against the content model in the README; unknown fields are refused so that typos are not silently ignored"
    } else if message.contains("missing field") {
        "add the field; the README lists which fields each file needs"
    } else if message.contains("invalid type") {
        "quote values such as refs (`ref: \"5.10\"`) so YAML keeps them as text"
    } else {
        "fix the YAML at that place; indentation and unclosed quotes are the usual causes"
    };
    Diagnostic::error(rel, message).at(position).help(help)
}

/// Whether the parser stopped at one of its limits on aliases, anchors or
/// nesting, which protect against files that expand without bound.
fn is_size_limit(err: &serde_saphyr::Error) -> bool {
    use serde_saphyr::Error;
    matches!(
        err.without_snippet(),
        Error::Budget { .. }
            | Error::AliasReplayLimitExceeded { .. }
            | Error::AliasExpansionLimitExceeded { .. }
            | Error::AliasReplayStackDepthExceeded { .. }
            | Error::AliasReplayCounterOverflow { .. }
    )
}

/// The error's words without the snippet and location the library adds.
fn plain_yaml_message(err: &serde_saphyr::Error) -> String {
    let rendered = err.without_snippet().to_string();
    let first = rendered.lines().next().unwrap_or("invalid YAML").trim();
    // The library appends " at line N column M"; the diagnostic says that itself.
    match first.find(" at line ") {
        Some(cut) => first[..cut].to_string(),
        None => first.to_string(),
    }
}

fn relative(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

fn is_hidden(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.starts_with('.'))
}
