//! One `serve` session's builds: the first renders everything, each later
//! one only the pages whose context changed. Serve-only: no stage of the
//! pipeline depends on it.
//!
//! Every rebuild takes one way:
//!
//! 1. **The model.** An edit of one plan that keeps it in place is patched
//!    into the last site ([`patch`]); anything else is loaded and derived
//!    again, re-parsing only the files that changed.
//! 2. **The reach** ([`reach`]): every page, or the pages that can show the
//!    changed prisons' items, as the page map places them.
//! 3. **The pages that changed**: each page reached is fingerprinted from
//!    the context its template would get, and rendered only when that
//!    differs from the last build's. A field added to a context, or shown
//!    by a site's own template, needs nothing here.
//! 4. **The merge** into the files served, with the pages gone removed.
//!
//! The session keeps three things, each with one rule for when it goes:
//! the parsed files and plan drafts ([`model::Cache`], an entry dropped when
//! the watcher reports its file), the rendered Markdown ([`Memo`], texts a
//! full render did not use dropped), and the last good build ([`Last`],
//! replaced by each good rebuild and dropped when a patched site fails to
//! render). A rebuild that fails otherwise leaves all of it as it was.

mod patch;
pub mod reach;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use rayon::prelude::*;

use super::stored::Stored;
use crate::config;
use crate::diagnostics::Diagnostic;
use crate::model;
use crate::pipeline::{self, Options as PipelineOptions, Prepared};
use crate::render::markdown::Memo;
use crate::render::pages::{self, Fingerprint, Page};
use crate::render::views::Views;
use crate::render::{feeds, search};
use reach::{Before, Reach, Reached};

/// The files of a built site by `/`-separated path, shared between builds.
/// A persistent map: a rebuild's copy shares every entry it does not
/// change with the copy being served, so copying it costs nothing at any
/// size (a plain map's copy took 10 to 15 ms at the benchmark's estate).
/// Text is held compressed ([`Stored`]): each file as it is rendered, but
/// for the pages of an edit, compressed when the downloads are refreshed.
pub type Files = imbl::HashMap<Arc<str>, Arc<Stored>>;

/// What one rebuild did.
pub struct Rebuilt {
    pub files: Arc<Files>,
    /// Pages rendered, out of `pages` in the site.
    pub rendered: usize,
    pub pages: usize,
    /// Pages that no longer exist and were dropped.
    pub removed: usize,
    /// Whether the data downloads and sitemap still show the previous build
    /// (see [`Session::refresh_data`]).
    pub data_stale: bool,
    /// Whether the edit was one plan's that stayed in place, so the site was
    /// patched, not derived again.
    pub patched: bool,
    pub warnings: Vec<Diagnostic>,
}

/// The downloads and sitemap brought up to date, and the records of the
/// search index to make, if the site has one.
pub struct Refreshed {
    pub files: Arc<Files>,
    pub search: Option<SearchRecords>,
}

/// Records of the search index, and which full build they follow.
pub struct SearchRecords {
    pub records: search::Records,
    pub full_builds: u64,
}

/// The state one rebuild leaves for the next.
pub struct Session {
    root: PathBuf,
    options: PipelineOptions,
    cache: model::Cache,
    memo: Memo,
    last: Option<Last>,
    /// How many times every file was rendered, the search index with them:
    /// an index made from records taken before the last such build is older
    /// than the one it made, and is not served (see [`Session::take_index`]).
    full_builds: u64,
}

/// The last good build.
struct Last {
    prepared: Prepared,
    /// Template sources by name, to tell which templates changed.
    templates: BTreeMap<String, String>,
    files: Arc<Files>,
    /// Every page's file, with the fingerprint of the context it was
    /// rendered from (`None`: render it every time).
    pages: HashMap<String, Option<Fingerprint>>,
    /// The static files copied, to drop those that go.
    statics: Vec<String>,
    /// The problems that did not stop the build, as a patching rebuild repeats them.
    warnings: Vec<Diagnostic>,
}

/// Files other than pages, by path, as a rebuild makes them (kept as
/// [`collect_into`] stores them).
type Others = Vec<(String, Stored)>;

/// A page fingerprinted, and what is kept of it when it was rendered.
struct Fresh {
    file: String,
    fingerprint: Option<Fingerprint>,
    stored: Option<Stored>,
}

impl Session {
    /// A session that has built nothing yet.
    pub fn new(root: &Path, options: PipelineOptions) -> Session {
        Session {
            root: std::path::absolute(root).unwrap_or_else(|_| root.to_path_buf()),
            options,
            cache: model::Cache::default(),
            memo: Memo::default(),
            last: None,
            full_builds: 0,
        }
    }

    /// Rebuilds after `changed` paths (as the watcher reports them); the
    /// first call, and any call after a change that reaches everywhere,
    /// renders every page. Data downloads and the sitemap are left for
    /// [`Session::refresh_data`] unless everything was rendered.
    pub fn rebuild(&mut self, changed: &[PathBuf]) -> Result<Rebuilt, Vec<Diagnostic>> {
        let changed: Vec<PathBuf> = changed.iter().map(|path| self.relative(path)).collect();
        for path in &changed {
            self.cache.forget(path);
        }
        if let Some(rebuilt) = self.rebuild_patched(&changed) {
            return Ok(rebuilt);
        }
        let (prepared, warnings) =
            pipeline::prepare_cached(&self.root, &self.options, &mut self.cache);
        let Some(prepared) = prepared else {
            return Err(warnings);
        };
        let templates = template_sources(&prepared)?;
        let reach = match &self.last {
            None => Reach::Everything,
            Some(last) => reach::of_rebuild(
                &last.prepared,
                &last.templates,
                &prepared,
                &templates,
                &changed,
            ),
        };
        match (&mut self.last, reach) {
            (Some(last), Reach::Pages(reached)) => {
                let (fresh, others) = render_reached(&self.memo, &prepared, last, &reached)?;
                let previous = std::mem::replace(&mut last.prepared, prepared);
                // Freeing a whole site takes longer than rendering an edit's
                // pages: another thread does it while the new pages are served.
                std::thread::spawn(move || drop(previous));
                last.templates = templates;
                last.warnings = warnings;
                Ok(merge(last, fresh, others, reached, false))
            }
            (_, _) => {
                let (last, rebuilt) = render_everything(&self.memo, prepared, templates, warnings)?;
                self.full_builds += 1;
                let previous = self.last.replace(last);
                std::thread::spawn(move || drop(previous));
                Ok(rebuilt)
            }
        }
    }

    /// The quick way for what an editor does most, an edit of one plan that
    /// keeps it in place: patched into the last site, then its prison's
    /// pages checked. `None` when the edit was anything else, which the
    /// whole way handles.
    fn rebuild_patched(&mut self, changed: &[PathBuf]) -> Option<Rebuilt> {
        let rel = self.one_plan_edited(changed)?;
        let last = self.last.as_mut()?;
        let site = &last.prepared.site;
        let plan = site.plans.iter().position(|p| p.source_file == rel)?;
        let prison = site.prisons[site.plans[plan].prison].slug.clone();
        let prisons = HashSet::from([prison.as_str()]);
        let before = Before::of(site, &prisons);
        let file = self.cache.content.reparse_plan(&self.root, &rel).ok()?;
        let problems = patch::patch_plan(
            &mut last.prepared.site,
            &mut self.cache,
            &file,
            &last.prepared.config,
        )?;
        let reached = Reached::of(before, &last.prepared.site, &prisons, HashSet::new());
        last.warnings.retain(|warning| warning.file != rel);
        last.warnings.extend(problems);
        crate::diagnostics::sort(&mut last.warnings);
        let rendered = render_reached(&self.memo, &last.prepared, last, &reached);
        let Ok((fresh, others)) = rendered else {
            // The site is patched but its pages are not: nothing of this
            // session can be trusted, so the whole way renders everything
            // (and fails on the same template, keeping the last good files).
            self.last = None;
            return None;
        };
        Some(merge(last, fresh, others, reached, true))
    }

    /// The one plan file (relative to the root) an edit changed, if that is
    /// all it changed. Editors save through temporary files that are gone by
    /// now, and folders are reported beside their files: what counts is the
    /// files still there, and any input gone (a deletion goes the whole way).
    fn one_plan_edited(&self, changed: &[PathBuf]) -> Option<PathBuf> {
        let mut present = Vec::new();
        for rel in changed {
            let path = self.root.join(rel);
            if path.is_file() {
                present.push(rel);
            } else if !path.is_dir() && could_be_input(rel) {
                return None;
            }
        }
        present.sort();
        present.dedup();
        let [rel] = present.as_slice() else {
            return None;
        };
        let is_plan = rel.extension().is_some_and(|ext| ext == "md")
            && rel.starts_with(Path::new(config::CONTENT_DIR).join("inspections"));
        is_plan.then(|| rel.to_path_buf())
    }

    /// Renders the data downloads and sitemap of the last good build, which
    /// a partial rebuild leaves as they were: they list every action or
    /// page, so they cost more than the pages an edit makes stale. Its
    /// search records come with them, for [`search::Records::index`] to
    /// index away from the rebuilds and [`Session::take_index`] to serve.
    /// The pages partial rebuilds left uncompressed are compressed here.
    pub fn refresh_data(&mut self) -> Result<Refreshed, Vec<Diagnostic>> {
        let Some(last) = &mut self.last else {
            return Ok(Refreshed {
                files: Arc::new(Files::new()),
                search: None,
            });
        };
        let collected = Mutex::new(Vec::new());
        let views = Views::with_memo(&last.prepared.site, &last.prepared.urls, Some(&self.memo));
        let sink = collect_into(&collected);
        pipeline::render_data(&views, &sink)?;
        let all = pages::all(&last.prepared.site);
        let sitemaps =
            feeds::sitemaps(&views, &last.prepared.renderer, &all).map_err(|p| vec![p])?;
        for (path, bytes) in sitemaps {
            sink(&path, bytes).map_err(|p| vec![p])?;
        }
        drop(sink);
        let search = last
            .prepared
            .site
            .build_search_index
            .then(|| SearchRecords {
                records: search::records(&views),
                full_builds: self.full_builds,
            });
        self.memo.forget_unused();
        drop(views);
        let mut files = (*last.files).clone();
        compress_written(&mut files);
        // A deleted or renamed prison's own downloads go with it.
        let prison_data = format!("{}/", crate::render::data::PRISON_DIR);
        files.retain(|path, _| !path.starts_with(&prison_data));
        insert_others(&mut files, collected.into_inner().unwrap_or_default());
        last.files = Arc::new(files);
        Ok(Refreshed {
            files: Arc::clone(&last.files),
            search,
        })
    }

    /// Serves a search index made from records of [`Session::refresh_data`]
    /// in place of the last one: the files to serve, or `None` when no good
    /// build is left to add it to or a full build since made a newer index.
    pub fn take_index(
        &mut self,
        index: search::IndexFiles,
        full_builds: u64,
    ) -> Option<Arc<Files>> {
        if full_builds != self.full_builds {
            return None;
        }
        let last = self.last.as_mut()?;
        let mut files = (*last.files).clone();
        // The index's files are named by their contents: the last index's go.
        let folder = format!("{}/", search::BUNDLE_DIR);
        files.retain(|path, _| !path.starts_with(&folder));
        let index = index
            .into_par_iter()
            .map(|(path, bytes)| {
                let stored = Stored::new(&path, bytes);
                (path, stored)
            })
            .collect();
        insert_others(&mut files, index);
        last.files = Arc::new(files);
        Some(Arc::clone(&last.files))
    }

    /// A changed path as the model records it: relative to the site root.
    fn relative(&self, path: &Path) -> PathBuf {
        path.strip_prefix(&self.root).unwrap_or(path).to_path_buf()
    }
}

/// Renders every page of `prepared`, fingerprinting each, and every other
/// file: the first build, and any change that reaches everywhere.
fn render_everything(
    memo: &Memo,
    prepared: Prepared,
    templates: BTreeMap<String, String>,
    warnings: Vec<Diagnostic>,
) -> Result<(Last, Rebuilt), Vec<Diagnostic>> {
    let all = pages::all(&prepared.site);
    let mut views = Views::with_memo(&prepared.site, &prepared.urls, Some(memo));
    let collected = Mutex::new(Vec::new());
    let sink = collect_into(&collected);
    // Downloads before pages, and pages a prison at a time: the downloads'
    // uncompressed bytes and the cards the pages share are a build's two
    // biggest passing costs. This way neither is held whole, and the peak,
    // part of which the allocator keeps, is lower.
    pipeline::render_data(&views, &sink)?;
    let fresh = render_by_prison(&prepared, &mut views, &all)?;
    pipeline::write_statics(&prepared, &sink)?;
    pipeline::render_feeds(&prepared, &views, &all, &sink)?;
    pipeline::render_search(&views, &sink)?;
    drop(sink);
    drop(views);
    memo.forget_unused();
    let mut files = Files::new();
    let mut pages = HashMap::with_capacity(fresh.len());
    for page in fresh {
        if let Some(stored) = page.stored {
            files.insert(page.file.as_str().into(), Arc::new(stored));
        }
        pages.insert(page.file, page.fingerprint);
    }
    insert_others(&mut files, collected.into_inner().unwrap_or_default());
    let files = Arc::new(files);
    let rebuilt = Rebuilt {
        files: Arc::clone(&files),
        rendered: all.len(),
        pages: all.len(),
        removed: 0,
        data_stale: false,
        patched: false,
        warnings: warnings.clone(),
    };
    let last = Last {
        statics: prepared.site_theme.statics.keys().cloned().collect(),
        prepared,
        templates,
        files,
        pages,
        warnings,
    };
    Ok((last, rebuilt))
}

/// The candidates of `reached` in `prepared`, each rendered if its context
/// differs from the one `last` rendered it from (or its template was
/// edited, or it is new); and the static files and the feed, made again
/// after any change since they are few and small.
fn render_reached(
    memo: &Memo,
    prepared: &Prepared,
    last: &Last,
    reached: &Reached,
) -> Result<(Vec<Fresh>, Others), Vec<Diagnostic>> {
    let views = Views::with_memo(&prepared.site, &prepared.urls, Some(memo));
    let previous = |page: Page| {
        if reached.templates.contains(page.template()) {
            return None;
        }
        last.pages
            .get(&page.file(&prepared.site))
            .copied()
            .flatten()
    };
    // Served as written, so the reader's reload waits for no compressing:
    // the data's refresh compresses them.
    let fresh = render_candidates(
        prepared,
        &views,
        &reached.candidates,
        previous,
        Stored::written,
    )?;
    let collected = Mutex::new(Vec::new());
    let sink = collect_into(&collected);
    pipeline::write_statics(prepared, &sink)?;
    let feed = feeds::feed(&views, &prepared.renderer, &prepared.config.title)
        .map_err(|problem| vec![problem])?;
    sink("feed.xml", feed).map_err(|problem| vec![problem])?;
    drop(sink);
    Ok((fresh, collected.into_inner().unwrap_or_default()))
}

/// Takes the fresh pages and other files into `last` (whose `prepared` is
/// already the new build's) and drops the pages and static files gone.
fn merge(
    last: &mut Last,
    fresh: Vec<Fresh>,
    others: Others,
    reached: Reached,
    patched: bool,
) -> Rebuilt {
    let mut files = (*last.files).clone();
    let statics: Vec<String> = last.prepared.site_theme.statics.keys().cloned().collect();
    for gone in last.statics.iter().filter(|path| !statics.contains(path)) {
        files.remove(gone.as_str());
    }
    last.statics = statics;
    let current: HashSet<&str> = fresh.iter().map(|page| page.file.as_str()).collect();
    let mut removed = 0;
    for gone in reached
        .before
        .iter()
        .filter(|file| !current.contains(file.as_str()))
    {
        if last.pages.remove(gone).is_some() {
            files.remove(gone.as_str());
            removed += 1;
        }
    }
    let mut rendered = 0;
    for page in fresh {
        if let Some(stored) = page.stored {
            files.insert(page.file.as_str().into(), Arc::new(stored));
            rendered += 1;
        }
        last.pages.insert(page.file, page.fingerprint);
    }
    insert_others(&mut files, others);
    last.files = Arc::new(files);
    Rebuilt {
        files: Arc::clone(&last.files),
        rendered,
        pages: last.pages.len(),
        removed,
        data_stale: true,
        patched,
        warnings: last.warnings.clone(),
    }
}

/// Renders `all` pages a prison at a time, forgetting the cards of each
/// before the next; every problem, each once.
fn render_by_prison(
    prepared: &Prepared,
    views: &mut Views,
    all: &[Page],
) -> Result<Vec<Fresh>, Vec<Diagnostic>> {
    let mut fresh = Vec::with_capacity(all.len());
    let mut problems: Vec<Diagnostic> = Vec::new();
    for group in pages::by_prison(&prepared.site, all) {
        views.forget_cards();
        match render_candidates(prepared, views, &group, |_| None, Stored::new) {
            Ok(mut rendered) => fresh.append(&mut rendered),
            Err(found) => {
                for problem in found {
                    if !problems.contains(&problem) {
                        problems.push(problem);
                    }
                }
            }
        }
    }
    views.forget_cards();
    if problems.is_empty() {
        Ok(fresh)
    } else {
        Err(problems)
    }
}

/// Fingerprints `pages` in parallel, rendering each whose fingerprint is not
/// the one `previous` gives, and keeping it as `keep` holds a file (on the
/// thread that rendered it); every problem, each once.
fn render_candidates(
    prepared: &Prepared,
    views: &Views,
    pages: &[Page],
    previous: impl Fn(Page) -> Option<Fingerprint> + Sync,
    keep: fn(&str, Vec<u8>) -> Stored,
) -> Result<Vec<Fresh>, Vec<Diagnostic>> {
    let results: Vec<Result<Fresh, Diagnostic>> = pages
        .par_iter()
        .map(|&page| {
            let (fingerprint, bytes) =
                page.render_if_changed(views, &prepared.renderer, previous(page))?;
            let file = page.file(&prepared.site);
            let stored = bytes.map(|bytes| keep(&file, bytes));
            Ok(Fresh {
                file,
                fingerprint,
                stored,
            })
        })
        .collect();
    let mut problems: Vec<Diagnostic> = Vec::new();
    let mut fresh = Vec::with_capacity(results.len());
    for result in results {
        match result {
            Ok(page) => fresh.push(page),
            Err(problem) if !problems.contains(&problem) => problems.push(problem),
            Err(_) => {}
        }
    }
    if problems.is_empty() {
        Ok(fresh)
    } else {
        Err(problems)
    }
}

/// Compresses the pages that rebuilds since the last call left as written.
fn compress_written(files: &mut Files) {
    let written: Vec<(&Arc<str>, &Arc<Stored>)> = files
        .iter()
        .filter(|(_, stored)| matches!(***stored, Stored::Written { .. }))
        .collect();
    let compressed: Vec<(Arc<str>, Stored)> = written
        .into_par_iter()
        .filter_map(|(path, stored)| Some((Arc::clone(path), stored.compressed()?)))
        .collect();
    for (path, stored) in compressed {
        files.insert(path, Arc::new(stored));
    }
}

/// Puts files other than pages into `files`.
fn insert_others(files: &mut Files, others: Others) {
    for (path, stored) in others {
        files.insert(path.into(), Arc::new(stored));
    }
}

/// Whether a path (under the site root) names something a build reads.
fn could_be_input(rel: &Path) -> bool {
    let content_file =
        rel.starts_with(config::CONTENT_DIR) && rel.extension().is_some_and(|ext| ext == "md");
    content_file
        || rel == Path::new(config::FILE_NAME)
        || config::INPUT_FOLDERS
            .iter()
            .any(|folder| *folder != config::CONTENT_DIR && rel.starts_with(folder))
}

/// A sink that keeps rendered files in memory, from any thread, each
/// compressed as it comes: the downloads are a site's biggest files, and
/// their uncompressed bytes are let go at once.
fn collect_into(
    collected: &Mutex<Others>,
) -> impl Fn(&str, Vec<u8>) -> Result<(), Diagnostic> + Sync + '_ {
    move |path: &str, bytes: Vec<u8>| {
        let stored = Stored::new(path, bytes);
        collected
            .lock()
            .map_err(|_| Diagnostic::error(path, "a rendering thread failed while writing"))?
            .push((path.to_string(), stored));
        Ok(())
    }
}

fn template_sources(prepared: &Prepared) -> Result<BTreeMap<String, String>, Vec<Diagnostic>> {
    prepared
        .site_theme
        .templates
        .iter()
        .map(|(name, file)| {
            let source = prepared.site_theme.template_source(file);
            Ok((name.clone(), source.map_err(|p| vec![p])?))
        })
        .collect()
}
