//! Stage four: pages, feeds and downloads rendered from the derived site.
//!
//! Templates come from the site theme with the site's own files over it
//! ([`site_theme`]); each page's context is built from views resolved once per
//! build ([`views`], [`pages`]); Markdown is rendered and sanitised once
//! ([`markdown`]). Rendering only produces bytes: where they go is the
//! [`crate::output`] stage's business.

mod csv_cells;
pub mod data;
pub mod feeds;
pub mod fingerprint;
pub mod markdown;
pub mod pages;
pub mod search;
pub mod site_theme;
pub mod urls;
pub mod views;

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::Serialize;
use tera::{ErrorKind, Tera};

use crate::diagnostics::{Diagnostic, Position};
use crate::model::{AsOfSource, Site};
use site_theme::SiteTheme;
use urls::Urls;
use views::Day;

/// The most URLs one sitemap file may list, by the sitemap protocol.
pub const SITEMAP_LIMIT: usize = 50_000;

/// Templates compiled once, with the site-wide context every page sees as `site`.
pub struct Renderer {
    tera: Tera,
    /// Template name → the file it came from, for error messages.
    origins: BTreeMap<String, PathBuf>,
}

/// What every template sees as `site`.
#[derive(Serialize)]
pub struct SiteContext<'a> {
    pub title: &'a str,
    pub description: &'a str,
    /// The base URL as configured or given.
    pub base_url: &'a str,
    /// The path every link starts with (`/` or `/plans/`); static files live under it.
    pub base_path: &'a str,
    /// The date statuses are measured against.
    pub as_of: Day,
    /// Where that date came from, in words.
    pub as_of_source: &'static str,
    pub feed_url: String,
    /// The search page, where the header's search box sends its words (`?q=`).
    pub search_url: String,
    /// Whether the site has a search index (`build_search_index`): without
    /// one, no search box, and the search page says so.
    pub search: bool,
    /// The main navigation, in order.
    pub nav: Vec<NavItem>,
}

/// One entry of the main navigation.
#[derive(Serialize)]
pub struct NavItem {
    pub name: &'static str,
    pub url: String,
}

impl<'a> SiteContext<'a> {
    /// The site-wide context of a build.
    pub fn new(
        title: &'a str,
        description: &'a str,
        base_url: &'a str,
        urls: &'a Urls,
        site: &Site,
    ) -> Self {
        let nav = [
            ("Home", ""),
            ("Prisons", "prisons/"),
            ("Themes", "themes/"),
            ("Owners", "owners/"),
            ("Data", "data/"),
        ]
        .into_iter()
        .map(|(name, path)| NavItem {
            name,
            url: urls.page(path),
        })
        .collect();
        SiteContext {
            title,
            description,
            base_url,
            base_path: urls.base_path(),
            as_of: Day::of(site.as_of.date),
            as_of_source: match site.as_of.source {
                AsOfSource::CommandLine => "the --as-of option",
                AsOfSource::Config => "the site's configuration",
                AsOfSource::SourceDateEpoch => "SOURCE_DATE_EPOCH",
                AsOfSource::Today => "the day of the build",
            },
            feed_url: urls.page("feed.xml"),
            search_url: urls.page(&pages::Page::Search.path(site)),
            search: site.build_search_index,
            nav,
        }
    }
}

impl Renderer {
    /// Compiles every template of the theme; every template error is reported.
    pub fn new(site_theme: &SiteTheme, site: &SiteContext) -> Result<Renderer, Vec<Diagnostic>> {
        let mut sources = Vec::new();
        let mut problems = Vec::new();
        let mut origins = BTreeMap::new();
        for (name, file) in &site_theme.templates {
            match site_theme.template_source(file) {
                Ok(text) => sources.push((name.clone(), text)),
                Err(problem) => problems.push(problem),
            }
            origins.insert(name.clone(), file.origin.clone());
        }
        let mut renderer = Renderer {
            tera: Tera::new(),
            origins,
        };
        if !problems.is_empty() {
            return Err(problems);
        }
        renderer.tera.autoescape_on([".html", ".xml"]);
        if let Err(err) = renderer.tera.add_raw_templates(sources) {
            return Err(renderer.diagnose_all(&err));
        }
        let missing: Vec<Diagnostic> = pages::required_templates()
            .filter(|name| !renderer.tera.contains_template(name))
            .map(|name| {
                Diagnostic::error("templates", format!("the theme has no template `{name}`"))
                    .help(format!("add templates/{name} to the site or its theme"))
            })
            .collect();
        if !missing.is_empty() {
            return Err(missing);
        }
        match tera::Value::try_from_serializable(site) {
            Ok(value) => renderer.tera.global_context().insert_value("site", value),
            Err(err) => return Err(vec![renderer.diagnose(&err, None)]),
        }
        Ok(renderer)
    }

    /// Renders one template with a context made of `value`'s fields.
    /// Renders an XML file (feed, sitemap), leaving out every character XML
    /// forbids, such as a control character pasted into a name: one of them
    /// makes the whole file unreadable to a feed reader.
    pub fn render_xml<T: Serialize>(
        &self,
        template: &str,
        value: &T,
    ) -> Result<Vec<u8>, Diagnostic> {
        let bytes = self.render_value(template, value)?;
        let text = String::from_utf8_lossy(&bytes);
        if !text.contains(forbidden_in_xml) {
            return Ok(bytes);
        }
        Ok(text.replace(forbidden_in_xml, "").into_bytes())
    }

    pub fn render_value<T: Serialize>(
        &self,
        template: &str,
        value: &T,
    ) -> Result<Vec<u8>, Diagnostic> {
        let context = tera::Context::from_serialize(value)
            .map_err(|err| self.diagnose(&err, Some(template)))?;
        let mut bytes = Vec::with_capacity(16 * 1024);
        self.tera
            .render_to(template, &context, &mut bytes)
            .map_err(|err| self.diagnose(&err, Some(template)))?;
        Ok(bytes)
    }

    /// Every problem in a Tera error: compiling reports each unknown filter,
    /// function or include as a text report, which is read back into places.
    fn diagnose_all(&self, err: &tera::Error) -> Vec<Diagnostic> {
        if let ErrorKind::Msg(text) = err.kind() {
            let placed: Vec<Diagnostic> = text
                .split("\n\n")
                .filter_map(|report| self.placed_report(report))
                .collect();
            if !placed.is_empty() {
                return placed;
            }
        }
        vec![self.diagnose(err, None)]
    }

    /// Reads one `error: message` / ` --> name:line:column` report.
    fn placed_report(&self, report: &str) -> Option<Diagnostic> {
        let mut lines = report.lines();
        let message = lines.next()?.trim().strip_prefix("error: ")?;
        let place = lines.next()?.trim().strip_prefix("--> ")?;
        let mut parts = place.rsplitn(3, ':');
        let column = parts.next()?.parse().ok()?;
        let line = parts.next()?.parse().ok()?;
        let name = parts.next()?;
        Some(
            Diagnostic::error(self.origin(name), message)
                .at(Some(Position { line, column }))
                .help(TEMPLATE_HELP),
        )
    }

    fn origin(&self, name: &str) -> PathBuf {
        self.origins
            .get(name)
            .cloned()
            .unwrap_or_else(|| PathBuf::from("templates").join(name))
    }

    /// Turns a Tera error into a diagnostic at the template file's line and column.
    fn diagnose(&self, err: &tera::Error, template: Option<&str>) -> Diagnostic {
        let origin = |name: &str| self.origin(name);
        match err.kind() {
            ErrorKind::SyntaxError(report) | ErrorKind::RenderingError(report) => {
                let span = report.span();
                Diagnostic::error(origin(report.filename()), report.message().to_string())
                    .at(Some(Position {
                        line: span.start_line as u64,
                        column: span.start_col as u64 + 1,
                    }))
                    .help(TEMPLATE_HELP)
            }
            _ => Diagnostic::error(
                template.map_or_else(|| PathBuf::from("templates"), origin),
                error_chain(err),
            )
            .help("fix the template or the theme setting in plansite.toml"),
        }
    }
}

const TEMPLATE_HELP: &str =
    "fix the template; see docs/templates.md for what each template's context holds";

fn error_chain(err: &dyn std::error::Error) -> String {
    let mut message = err.to_string();
    let mut source = err.source();
    while let Some(cause) = source {
        message.push_str(": ");
        message.push_str(&cause.to_string());
        source = cause.source();
    }
    message
}

/// Characters outside XML 1.0's `Char` production: control characters other
/// than tab, line feed and carriage return, and the non-characters U+FFFE and U+FFFF.
fn forbidden_in_xml(c: char) -> bool {
    matches!(c, '\0'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}')
}
