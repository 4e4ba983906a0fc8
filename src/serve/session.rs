//! One `serve` session's builds: the first renders everything, each later
//! one renders only what the changed files make stale.
//!
//! The session keeps what the next rebuild compares against: the parsed
//! content (so unchanged files are not parsed again), the last good site and
//! templates (so only stale pages are rendered), and the files served. A
//! rebuild that fails leaves all of it as it was.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use super::incremental::stale::{self as changes, Stale};
use crate::config;
use crate::diagnostics::Diagnostic;
use crate::model;
use crate::pipeline::{self, Options as PipelineOptions, Prepared};
use crate::render::feeds;
use crate::render::markdown::Memo;
use crate::render::pages::{self, Page};
use crate::render::views::{KnownCards, Views};

/// The files of a built site by `/`-separated path, shared between builds:
/// a rebuild copies the map, not the pages.
pub type Files = HashMap<Arc<str>, Arc<[u8]>>;

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
    /// Whether the edit was one plan's that stayed in place (the same prison,
    /// URL and year, and other plans' owners named as before), so the site was
    /// patched, not derived again.
    pub patched: bool,
    pub warnings: Vec<Diagnostic>,
}

/// The state one rebuild leaves for the next.
pub struct Session {
    root: PathBuf,
    options: PipelineOptions,
    cache: model::Cache,
    /// Markdown rendered by earlier rebuilds.
    memo: Memo,
    /// Cards made by earlier rebuilds, for rebuilds that patch one plan.
    cards: KnownCards,
    last: Option<Last>,
}

struct Last {
    prepared: Prepared,
    /// Template sources by name, to tell which templates changed.
    templates: BTreeMap<String, String>,
    files: Arc<Files>,
    page_files: HashSet<String>,
    /// The problems that did not stop the build, as a patching rebuild repeats them.
    warnings: Vec<Diagnostic>,
}

impl Session {
    /// A session that has built nothing yet.
    pub fn new(root: &Path, options: PipelineOptions) -> Session {
        Session {
            root: std::path::absolute(root).unwrap_or_else(|_| root.to_path_buf()),
            options,
            cache: model::Cache::default(),
            memo: Memo::default(),
            cards: KnownCards::default(),
            last: None,
        }
    }

    /// Rebuilds after `changed` paths (as the watcher reports them); the
    /// first call, and any call after a change that reaches everywhere,
    /// renders every page. Data downloads (and, after a patch, the sitemap)
    /// are left for [`Session::refresh_data`] unless everything was rendered.
    pub fn rebuild(&mut self, changed: &[PathBuf]) -> Result<Rebuilt, Vec<Diagnostic>> {
        for path in changed {
            self.cache.forget(&self.relative(path));
        }
        if let Some(rebuilt) = self.rebuild_patched(changed) {
            return Ok(rebuilt);
        }
        let (prepared, warnings) =
            pipeline::prepare_cached(&self.root, &self.options, &mut self.cache);
        let Some(prepared) = prepared else {
            return Err(warnings);
        };
        let templates = template_sources(&prepared)?;
        let stale = match &self.last {
            None => Stale::Everything,
            Some(last) => self.stale(last, &prepared, &templates, changed),
        };
        let all = pages::all(&prepared.site);
        let page_files: HashSet<String> = all.iter().map(|p| p.file(&prepared.site)).collect();
        let (to_render, everything) = match stale {
            Stale::Everything => (all.clone(), true),
            Stale::Pages(pages) => (pages, false),
        };
        let mut files: Files = match (&self.last, everything) {
            (Some(last), false) => (*last.files).clone(),
            _ => Files::new(),
        };
        let removed = self.last.as_ref().map_or(0, |last| {
            last.page_files
                .difference(&page_files)
                .filter(|gone| files.remove(gone.as_str()).is_some())
                .count()
        });
        let collected = Mutex::new(Vec::with_capacity(to_render.len()));
        let sink = collect_into(&collected);
        pipeline::write_statics(&prepared, &sink)?;
        self.cards.clear();
        let views = Views::with_memo(&prepared.site, &prepared.urls, Some(&self.memo), None);
        let problems = pipeline::render_pages(&prepared, &views, &to_render, &sink);
        if !problems.is_empty() {
            return Err(problems);
        }
        pipeline::render_feeds(&prepared, &views, &all, &sink)?;
        if everything {
            pipeline::render_data(&views, &sink)?;
            self.memo.forget_unused();
        }
        self.cards.keep(&views);
        drop(views);
        drop(sink);
        let rendered = collected.into_inner().unwrap_or_default();
        for (path, bytes) in rendered {
            files.insert(path.into(), bytes.into());
        }
        let files = Arc::new(files);
        let previous = self.last.replace(Last {
            prepared,
            templates,
            files: Arc::clone(&files),
            page_files,
            warnings: warnings.clone(),
        });
        // Freeing a whole site takes longer than rendering an edit's pages:
        // let another thread do it while the new pages are served.
        std::thread::spawn(move || drop(previous));
        Ok(Rebuilt {
            files,
            rendered: to_render.len(),
            pages: all.len(),
            removed,
            data_stale: !everything,
            patched: false,
            warnings,
        })
    }

    /// The quick way for what an editor does, an edit of one plan: patch it
    /// into the last site ([`model::patch_plan`]) and render the pages that
    /// show what changed, found by snapshots of its prison before and after
    /// (the plan's, its prison's, its prison's part of each theme and owner
    /// list, and with new numbers the overviews, the indexes and the feed).
    /// `None` when the edit was anything else, which the whole way handles.
    fn rebuild_patched(&mut self, changed: &[PathBuf]) -> Option<Rebuilt> {
        // Editors save through temporary files that are gone by now, and
        // folders are reported beside their files: what counts is the files
        // still there, and any input gone (a deletion goes the whole way).
        let mut present = Vec::new();
        for path in changed {
            if path.is_file() {
                present.push(path);
            } else if !path.is_dir() && could_be_input(&self.relative(path)) {
                return None;
            }
        }
        present.sort();
        present.dedup();
        let [path] = present.as_slice() else {
            return None;
        };
        let rel = self.relative(path);
        let is_plan = rel.extension().is_some_and(|ext| ext == "md");
        let last = self.last.as_mut()?;
        if !is_plan || !rel.starts_with("content/inspections") {
            return None;
        }
        // The watcher reported this file alone: no other input changed.
        let plan = last
            .prepared
            .site
            .plans
            .iter()
            .position(|p| p.source_file == rel)?;
        let file = self.cache.content.reparse_plan(&self.root, &rel).ok()?;
        let site = &last.prepared.site;
        let prisons = [site.prisons[site.plans[plan].prison].slug.clone()];
        let changed = HashSet::from([rel.clone()]);
        let before = changes::Snapshot::of(site, &prisons, &changed);
        let problems = model::patch_plan(
            &mut last.prepared.site,
            &mut self.cache,
            &file,
            &last.prepared.config,
        )?;
        last.warnings.retain(|warning| warning.file != rel);
        last.warnings.extend(problems);
        crate::diagnostics::sort(&mut last.warnings);
        let prepared = &last.prepared;
        let after = changes::Snapshot::of(&prepared.site, &prisons, &changed);
        let changes::Changes {
            pages: to_render,
            numbers_changed,
            added,
            removed,
        } = before.stale(&after, &prepared.site);
        let collected = Mutex::new(Vec::with_capacity(to_render.len()));
        let sink = collect_into(&collected);
        self.cards.edited(&rel);
        let views = Views::with_memo(
            &prepared.site,
            &prepared.urls,
            Some(&self.memo),
            Some(&self.cards),
        );
        let mut problems = pipeline::render_pages(prepared, &views, &to_render, &sink);
        if numbers_changed {
            // The feed's summaries count decisions. (The sitemap, which lists
            // pages, waits for `refresh_data` with the other machine-read files.)
            let feed = feeds::feed(&views, &prepared.renderer, &prepared.config.title)
                .and_then(|bytes| sink("feed.xml", bytes));
            problems.extend(feed.err());
        }
        let mut made = KnownCards::default();
        made.keep(&views);
        drop(views);
        self.cards.absorb(made);
        drop(sink);
        if !problems.is_empty() {
            // The site is patched but its pages are not: nothing of this
            // session can be trusted, so the whole way renders everything
            // (and fails on the same template, keeping the last good files).
            self.last = None;
            return None;
        }
        let mut files = (*last.files).clone();
        for gone in &removed {
            files.remove(gone.as_str());
            last.page_files.remove(gone);
        }
        last.page_files.extend(added);
        for (path, bytes) in collected.into_inner().unwrap_or_default() {
            files.insert(path.into(), bytes.into());
        }
        last.files = Arc::new(files);
        Some(Rebuilt {
            files: Arc::clone(&last.files),
            rendered: to_render.len(),
            pages: last.page_files.len(),
            removed: removed.len(),
            data_stale: true,
            patched: true,
            warnings: last.warnings.clone(),
        })
    }

    /// Renders the data downloads and sitemap of the last good build, which
    /// a partial rebuild leaves as they were: they list every action or
    /// page, so they cost more than the pages an edit makes stale.
    pub fn refresh_data(&mut self) -> Result<Arc<Files>, Vec<Diagnostic>> {
        let Some(last) = &mut self.last else {
            return Ok(Arc::new(Files::new()));
        };
        let collected = Mutex::new(Vec::new());
        let views = Views::with_memo(
            &last.prepared.site,
            &last.prepared.urls,
            Some(&self.memo),
            Some(&self.cards),
        );
        let sink = collect_into(&collected);
        pipeline::render_data(&views, &sink)?;
        let all = pages::all(&last.prepared.site);
        let sitemaps =
            feeds::sitemaps(&views, &last.prepared.renderer, &all).map_err(|p| vec![p])?;
        for (path, bytes) in sitemaps {
            sink(&path, bytes).map_err(|p| vec![p])?;
        }
        drop(sink);
        self.memo.forget_unused();
        drop(views);
        let mut files = (*last.files).clone();
        for (path, bytes) in collected.into_inner().unwrap_or_default() {
            files.insert(path.into(), bytes.into());
        }
        last.files = Arc::new(files);
        Ok(Arc::clone(&last.files))
    }

    /// A changed path as the model records it: relative to the site root.
    fn relative(&self, path: &Path) -> PathBuf {
        path.strip_prefix(&self.root).unwrap_or(path).to_path_buf()
    }

    /// What the changes since `last` make stale.
    fn stale(
        &self,
        last: &Last,
        prepared: &Prepared,
        templates: &BTreeMap<String, String>,
        changed: &[PathBuf],
    ) -> Stale {
        let relative: HashSet<PathBuf> = changed.iter().map(|path| self.relative(path)).collect();
        if relative.contains(Path::new(config::FILE_NAME)) {
            return Stale::Everything;
        }
        let mut stale = Vec::new();
        match stale_by_template(&last.templates, templates, prepared) {
            Stale::Everything => return Stale::Everything,
            Stale::Pages(pages) => stale.extend(pages),
        }
        match changes::stale(&last.prepared.site, &prepared.site, &relative) {
            Stale::Everything => return Stale::Everything,
            Stale::Pages(pages) => stale.extend(pages),
        }
        stale.sort_by_key(|page| page.file(&prepared.site));
        stale.dedup();
        Stale::Pages(stale)
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

/// A sink that keeps rendered files in memory, from any thread.
fn collect_into(
    collected: &Mutex<Vec<(String, Vec<u8>)>>,
) -> impl Fn(&str, Vec<u8>) -> Result<(), Diagnostic> + Sync + '_ {
    move |path: &str, bytes: Vec<u8>| {
        collected
            .lock()
            .map_err(|_| Diagnostic::error(path, "a rendering thread failed while writing"))?
            .push((path.to_string(), bytes));
        Ok(())
    }
}

fn template_sources(prepared: &Prepared) -> Result<BTreeMap<String, String>, Vec<Diagnostic>> {
    prepared
        .site_theme
        .templates
        .iter()
        .map(|(name, file)| {
            Ok((
                name.clone(),
                prepared
                    .site_theme
                    .template_source(file)
                    .map_err(|p| vec![p])?,
            ))
        })
        .collect()
}

/// The pages stale after template edits: a page template that no other
/// template names re-renders its own pages; any other template (a base
/// layout, shared components) reaches everything.
fn stale_by_template(
    before: &BTreeMap<String, String>,
    after: &BTreeMap<String, String>,
    prepared: &Prepared,
) -> Stale {
    let names: HashSet<&String> = before.keys().chain(after.keys()).collect();
    let edited: Vec<&String> = names
        .into_iter()
        .filter(|name| before.get(*name) != after.get(*name))
        .collect();
    let mut stale = Vec::new();
    for name in edited {
        let named_elsewhere = after
            .iter()
            .any(|(other, source)| other != name && source.contains(&format!("\"{name}\"")));
        let kind_pages: Vec<Page> = pages::all(&prepared.site)
            .into_iter()
            .filter(|page| page.template() == name)
            .collect();
        let is_page_template = pages::TEMPLATES.contains(&name.as_str());
        if named_elsewhere || !is_page_template {
            return Stale::Everything;
        }
        stale.extend(kind_pages);
    }
    Stale::Pages(stale)
}
