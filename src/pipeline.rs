//! The stages in order, shared by every command: load the config and
//! content, derive the model, compile the templates ([`prepare`]), then
//! render every page, static file, download, search index, feed and sitemap into a
//! [`Sink`] ([`render_site`]).
//!
//! `build` renders into a staging folder, `serve` into memory and `check`
//! into nothing; none of them repeats a stage. Nothing here writes a file or
//! knows which command runs it.

use std::path::Path;

use rayon::prelude::*;

use crate::config::{self, Config};
use crate::diagnostics::Diagnostic;
use crate::model::{self, Site};
use crate::render::site_theme::SiteTheme;
use crate::render::urls::Urls;
use crate::render::views::Views;
use crate::render::{Renderer, SiteContext, data, feeds, pages, search};

/// What any run of the stages may be told on the command line.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// Overrides the config's `base_url`.
    pub base_url: Option<String>,
    /// Overrides the config's as-of date.
    pub as_of: Option<String>,
}

/// Everything a build needs before it writes: the derived site, its links
/// and its compiled templates. `check` prepares too, so it finds template
/// and base-URL errors as well as content errors.
pub struct Prepared {
    pub config: Config,
    pub site: Site,
    pub urls: Urls,
    /// The templates and static files: a set of them is a *site theme*,
    /// not to be confused with a theme (topic) of the model.
    pub site_theme: SiteTheme,
    pub renderer: Renderer,
}

/// Loads, derives and compiles everything a build reads, collecting every
/// problem; the prepared build only when none of them is an error.
pub fn prepare(root: &Path, options: &Options) -> (Option<Prepared>, Vec<Diagnostic>) {
    prepare_cached(root, options, &mut model::Cache::default())
}

/// Like [`prepare`], re-parsing only the content files that changed since `cache` saw them.
pub fn prepare_cached(
    root: &Path,
    options: &Options,
    cache: &mut model::Cache,
) -> (Option<Prepared>, Vec<Diagnostic>) {
    let loaded = model::load_cached(root, options.as_of.as_deref(), cache);
    prepare_loaded(root, options, loaded)
}

/// Like [`prepare`], for a site already loaded and derived: `check` reads
/// the loaded content for advice of its own before the rest is compiled.
pub fn prepare_loaded(
    root: &Path,
    options: &Options,
    loaded: model::Loaded,
) -> (Option<Prepared>, Vec<Diagnostic>) {
    let mut diagnostics = loaded.diagnostics;
    let config = loaded.config;
    let site = loaded.site;
    let base_url = options
        .base_url
        .as_deref()
        .unwrap_or(config.base_url.get_ref());
    let urls = Urls::new(base_url).unwrap_or_else(|message| {
        diagnostics.push(base_url_problem(&config, options, message));
        Urls::default()
    });
    let site_theme = SiteTheme::load(root, &config).unwrap_or_else(|problem| {
        diagnostics.push(problem);
        SiteTheme::default()
    });
    let context = SiteContext::new(&config.title, &config.description, base_url, &urls, &site);
    let renderer = Renderer::new(&site_theme, &context);
    let renderer = match renderer {
        Ok(renderer) if !site_theme.templates.is_empty() => Some(renderer),
        Ok(_) => None,
        Err(mut problems) => {
            diagnostics.append(&mut problems);
            None
        }
    };
    crate::diagnostics::sort(&mut diagnostics);
    let failed = diagnostics.iter().any(Diagnostic::is_error);
    let prepared = renderer.filter(|_| !failed).map(|renderer| Prepared {
        config,
        site,
        urls,
        site_theme,
        renderer,
    });
    (prepared, diagnostics)
}

/// Where rendered files go: a staging folder for `build`, memory for `serve`.
pub type Sink<'s> = dyn Fn(&str, Vec<u8>) -> Result<(), Diagnostic> + Sync + 's;

/// Renders every page, static file, download, search index, feed and sitemap into `sink`,
/// pages in parallel; counts pages and files.
pub fn render_site(prepared: &Prepared, sink: &Sink) -> Result<(usize, usize), Vec<Diagnostic>> {
    write_statics(prepared, sink)?;
    let views = Views::new(&prepared.site, &prepared.urls);
    let all = pages::all(&prepared.site);
    // Downloads, feed and sitemaps are a few big files: made beside the pages, not after.
    let (problems, others) = rayon::join(
        || render_pages(prepared, &views, &all, sink),
        || -> Result<usize, Vec<Diagnostic>> {
            let data = render_data(&views, sink)?;
            let search = render_search(&views, sink)?;
            Ok(data + search + render_feeds(prepared, &views, &all, sink)?)
        },
    );
    if !problems.is_empty() {
        return Err(problems);
    }
    let files = prepared.site_theme.statics.len() + all.len() + others?;
    Ok((all.len(), files))
}

/// Copies the theme's and the site's static files into `sink`.
pub fn write_statics(prepared: &Prepared, sink: &Sink) -> Result<(), Vec<Diagnostic>> {
    for (path, file) in &prepared.site_theme.statics {
        sink(path, file.read().map_err(|p| vec![p])?).map_err(|p| vec![p])?;
    }
    Ok(())
}

/// Renders `pages` in parallel into `sink`; every problem, each once.
pub fn render_pages(
    prepared: &Prepared,
    views: &Views,
    pages: &[pages::Page],
    sink: &Sink,
) -> Vec<Diagnostic> {
    let mut problems: Vec<Diagnostic> = pages
        .par_iter()
        .filter_map(|page| {
            page.render(views, &prepared.renderer)
                .and_then(|bytes| sink(&page.file(&prepared.site), bytes))
                .err()
        })
        .collect();
    problems.dedup();
    problems
}

/// Writes the data downloads into `sink`; how many files.
pub fn render_data(views: &Views, sink: &Sink) -> Result<usize, Vec<Diagnostic>> {
    let mut count = 0;
    data::render_all(views, |files| {
        count += sink_all(files, sink)?;
        Ok(())
    })?;
    Ok(count)
}

/// Writes the search index and Pagefind's browser files into `sink`, if
/// the site builds one; how many files.
pub fn render_search(views: &Views, sink: &Sink) -> Result<usize, Vec<Diagnostic>> {
    if !views.site.build_search_index {
        return Ok(0);
    }
    let files = search::render_index(views)
        .map_err(|message| vec![Diagnostic::error(search::BUNDLE_DIR, message)])?;
    sink_all(files, sink)
}

/// Writes the feed and sitemaps (which list `all` pages) into `sink`; how many files.
pub fn render_feeds(
    prepared: &Prepared,
    views: &Views,
    all: &[pages::Page],
    sink: &Sink,
) -> Result<usize, Vec<Diagnostic>> {
    let mut files = vec![(
        "feed.xml".to_string(),
        feeds::feed(views, &prepared.renderer, &prepared.config.title).map_err(|p| vec![p])?,
    )];
    files.extend(feeds::sitemaps(views, &prepared.renderer, all).map_err(|p| vec![p])?);
    sink_all(files, sink)
}

/// Hands `files` (path, bytes) to `sink`, several at once (a sink may
/// compress what it is given); how many.
fn sink_all(files: Vec<(String, Vec<u8>)>, sink: &Sink) -> Result<usize, Vec<Diagnostic>> {
    let count = files.len();
    files
        .into_par_iter()
        .try_for_each(|(path, bytes)| sink(&path, bytes))
        .map_err(|p| vec![p])?;
    Ok(count)
}

fn base_url_problem(config: &Config, options: &Options, message: String) -> Diagnostic {
    let help = "give a URL such as https://example.org/plans/, or a path such as /plans/";
    if options.base_url.is_some() {
        return Diagnostic::error("--base-url", message).help(help);
    }
    Diagnostic::error(config::FILE_NAME, message)
        .at(config.place(&config.base_url))
        .help(help)
}
