//! The machine-read files: the Atom feed of plans and the sitemap.
//!
//! Both are templates of the theme like any page (`feed.xml`, `sitemap.xml`,
//! `sitemap_index.xml`), so a site can change them; this module only gives
//! them their contexts. Dates come from the plans, never from the clock, so
//! the same content always gives the same bytes.

use serde::Serialize;

use super::pages::{self, LATEST, Page};
use super::views::Views;
use super::{Renderer, SITEMAP_LIMIT};
use crate::diagnostics::Diagnostic;

/// One plan as a feed entry.
#[derive(Serialize)]
struct Entry {
    title: String,
    /// The plan page's absolute URL, also the entry's id.
    url: String,
    /// RFC 3339, from the plan's own dates.
    updated: String,
    summary: String,
}

#[derive(Serialize)]
struct Feed<'a> {
    title: &'a str,
    /// The feed's own absolute URL, also its id.
    url: String,
    home_url: String,
    /// The newest entry's date.
    updated: String,
    entries: Vec<Entry>,
}

/// The Atom feed: the latest plans, newest first.
pub fn feed(views: &Views, renderer: &Renderer, title: &str) -> Result<Vec<u8>, Diagnostic> {
    let site = views.site;
    let entries: Vec<Entry> = pages::latest_plans(site)
        .into_iter()
        .take(LATEST * 4)
        .map(|i| {
            let plan = &site.plans[i];
            let link = &views.plans[i];
            let date = plan
                .report_published
                .or(plan.action_plan_submitted)
                .map_or_else(String::new, |d| d.format("%Y-%m-%dT00:00:00Z").to_string());
            let c = &plan.counts;
            Entry {
                title: format!("Action plan: {}", link.title),
                url: views.urls.absolute(&plan.path),
                updated: date,
                summary: format!(
                    "{} recommendations or concerns: {} agreed, {} partly agreed, {} not agreed; {} actions.",
                    c.recommendations,
                    c.decisions.agreed,
                    c.decisions.partly_agreed,
                    c.decisions.not_agreed,
                    c.actions.total()
                ),
            }
        })
        .collect();
    let updated = entries
        .iter()
        .map(|e| e.updated.clone())
        .max()
        .unwrap_or_else(|| "1970-01-01T00:00:00Z".into());
    let feed = Feed {
        title,
        url: views.urls.absolute("feed.xml"),
        home_url: views.urls.absolute(""),
        updated,
        entries,
    };
    renderer.render_value("feed.xml", &feed)
}

#[derive(Serialize)]
struct Sitemap {
    urls: Vec<String>,
}

#[derive(Serialize)]
struct SitemapIndex {
    sitemaps: Vec<String>,
}

/// The sitemap files by name: one `sitemap.xml`, or past the protocol's
/// limit an index `sitemap.xml` over `sitemap-1.xml`, `sitemap-2.xml`, ...
pub fn sitemaps(
    views: &Views,
    renderer: &Renderer,
    pages: &[Page],
) -> Result<Vec<(String, Vec<u8>)>, Diagnostic> {
    let urls: Vec<String> = pages
        .iter()
        .filter(|page| page.in_sitemap())
        .map(|page| views.urls.absolute(&page.path(views.site)))
        .collect();
    if urls.len() <= SITEMAP_LIMIT {
        let bytes = renderer.render_value("sitemap.xml", &Sitemap { urls })?;
        return Ok(vec![("sitemap.xml".into(), bytes)]);
    }
    let mut files = Vec::new();
    let mut names = Vec::new();
    for (i, chunk) in urls.chunks(SITEMAP_LIMIT).enumerate() {
        let name = format!("sitemap-{}.xml", i + 1);
        let sitemap = Sitemap {
            urls: chunk.to_vec(),
        };
        files.push((
            name.clone(),
            renderer.render_value("sitemap.xml", &sitemap)?,
        ));
        names.push(views.urls.absolute(&name));
    }
    let index = SitemapIndex { sitemaps: names };
    files.push((
        "sitemap.xml".into(),
        renderer.render_value("sitemap_index.xml", &index)?,
    ));
    Ok(files)
}
