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
use crate::model::DecisionClass;

/// "46 recommendations (34 agreed, 7 partly agreed, 5 not agreed); 79
/// actions." Each kind is named as itself, and decisions are given only of
/// recommendations, the items plans summarise.
fn summary(counts: &crate::model::Counts) -> String {
    let d = &counts.decisions;
    let decided: Vec<String> = DecisionClass::ALL
        .iter()
        .map(|&class| (d.get(class), class))
        .filter(|&(n, _)| n > 0)
        .map(|(n, class)| match class {
            DecisionClass::Other => format!("{n} with another decision"),
            DecisionClass::None => format!("{n} with no decision recorded"),
            _ => format!("{n} {}", class.label()),
        })
        .collect();
    let decisions = if decided.is_empty() {
        String::new()
    } else {
        format!(" (recommendations: {})", decided.join(", "))
    };
    format!(
        "{}{decisions}; {} actions.",
        super::views::kinds_in_words(&counts.kinds),
        counts.actions.total()
    )
}

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
            let link = &views.plans[i.get()];
            let date = plan
                .report_published
                .or(plan.action_plan_submitted)
                .map_or_else(String::new, |d| d.format("%Y-%m-%dT00:00:00Z").to_string());
            Entry {
                title: format!("Action plan: {}", link.title),
                url: views.urls.absolute(&plan.path),
                updated: date,
                summary: summary(&plan.counts),
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
    renderer.render_xml("feed.xml", &feed)
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
    let layout = layout(urls, SITEMAP_LIMIT);
    let mut files = Vec::new();
    for (name, urls) in layout.sitemaps {
        files.push((name, renderer.render_xml("sitemap.xml", &Sitemap { urls })?));
    }
    if let Some(names) = layout.index {
        let sitemaps = names.iter().map(|name| views.urls.absolute(name)).collect();
        let bytes = renderer.render_xml("sitemap_index.xml", &SitemapIndex { sitemaps })?;
        files.push(("sitemap.xml".into(), bytes));
    }
    Ok(files)
}

/// How a list of URLs is cut into sitemap files.
#[derive(Debug, PartialEq, Eq)]
struct Layout {
    /// Each sitemap file's name and URLs.
    sitemaps: Vec<(String, Vec<String>)>,
    /// The names the index at `sitemap.xml` lists, when there is one.
    index: Option<Vec<String>>,
}

/// One `sitemap.xml` up to `limit` URLs; past it, `sitemap-N.xml` files of
/// at most `limit` each and an index in `sitemap.xml`.
fn layout(urls: Vec<String>, limit: usize) -> Layout {
    if urls.len() <= limit {
        return Layout {
            sitemaps: vec![("sitemap.xml".into(), urls)],
            index: None,
        };
    }
    let sitemaps: Vec<(String, Vec<String>)> = urls
        .chunks(limit)
        .enumerate()
        .map(|(i, chunk)| (format!("sitemap-{}.xml", i + 1), chunk.to_vec()))
        .collect();
    let index = Some(sitemaps.iter().map(|(name, _)| name.clone()).collect());
    Layout { sitemaps, index }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn urls(n: usize) -> Vec<String> {
        (1..=n).map(|i| format!("/p{i}/")).collect()
    }

    #[test]
    fn up_to_the_limit_one_sitemap() {
        let layout = layout(urls(3), 3);
        assert_eq!(layout.index, None);
        assert_eq!(layout.sitemaps, vec![("sitemap.xml".to_string(), urls(3))]);
    }

    #[test]
    fn past_the_limit_an_index_over_numbered_sitemaps_holding_every_url_once() {
        let layout = layout(urls(7), 3);
        let names: Vec<&str> = layout.sitemaps.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["sitemap-1.xml", "sitemap-2.xml", "sitemap-3.xml"]);
        assert_eq!(
            layout.index,
            Some(vec![
                "sitemap-1.xml".to_string(),
                "sitemap-2.xml".to_string(),
                "sitemap-3.xml".to_string()
            ])
        );
        assert!(layout.sitemaps.iter().all(|(_, u)| u.len() <= 3));
        let all: Vec<String> = layout.sitemaps.into_iter().flat_map(|(_, u)| u).collect();
        assert_eq!(all, urls(7));
    }

    #[test]
    fn the_protocol_limit_is_fifty_thousand() {
        assert_eq!(SITEMAP_LIMIT, 50_000);
        assert!(layout(urls(50_001), SITEMAP_LIMIT).index.is_some());
        assert!(layout(urls(50_000), SITEMAP_LIMIT).index.is_none());
    }
}
