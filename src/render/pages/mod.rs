//! The page map: every page of the site, its URL, its template and its context.
//!
//! A [`Page`] is a small value naming what to render; its context is built
//! only when it is rendered, from the shared [`Views`], so pages render in
//! parallel and a later incremental rebuild can render any subset of them.
//! Long lists (a theme or an owner across the estate) are split by prison,
//! each prison's part cut into pages of [`PER_PAGE`], so no page grows with
//! the estate and an edit of one plan moves only its own prison's pages.

use std::collections::HashSet;

use serde::Serialize;

use super::Renderer;
use crate::content::PrisonProfile;
use crate::diagnostics::Diagnostic;
use crate::model::{Action, Counts, Ix, Plan, Recommendation, Site};
use crate::render::views::{
    Converted, CountsView, Day, Link, PlanLink, Views, kinds_in_words, newest_plan_first,
    owner_run_at, owner_runs, periods_in_words, sort_owner_part, theme_run_at, theme_runs,
};

mod indexes;
mod owner;
mod plan;
mod prison;
mod recommendation;
mod theme;

pub use super::fingerprint::Fingerprint;
use super::fingerprint::{self, Shown};
pub use indexes::latest_plans;
use indexes::{data, home, not_found, owners, prisons, search, themes};
use owner::{owner, owner_at};
use plan::plan;
use prison::prison;
use recommendation::recommendation;
use theme::{theme, theme_at};

/// How many recommendations or actions a page of one prison's part of a list shows.
pub const PER_PAGE: usize = 50;

/// How many plans the home page and feed call latest.
pub const LATEST: usize = 8;

/// The templates of the pages, one per page kind.
pub const PAGE_TEMPLATES: [&str; 14] = [
    "index.html",
    "prisons.html",
    "prison.html",
    "plan.html",
    "recommendation.html",
    "themes.html",
    "theme.html",
    "theme_prison.html",
    "owners.html",
    "owner.html",
    "owner_prison.html",
    "search.html",
    "data.html",
    "404.html",
];

/// The templates of the files made for machines: the feed and the sitemaps.
pub const FEED_TEMPLATES: [&str; 3] = ["feed.xml", "sitemap.xml", "sitemap_index.xml"];

/// Every template a site theme must provide.
pub fn required_templates() -> impl Iterator<Item = &'static str> {
    PAGE_TEMPLATES.into_iter().chain(FEED_TEMPLATES)
}

/// One page of the site.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Page {
    Home,
    Prisons,
    Prison(usize),
    Plan(Ix<Plan>),
    Recommendation(Ix<Recommendation>),
    Themes,
    /// A theme across the estate: its counts and its prisons.
    Theme(usize),
    /// A theme's recommendations at one prison; `number` counts from 1.
    ThemeAt {
        theme: usize,
        prison: usize,
        number: usize,
    },
    Owners,
    /// An owner across the estate: its counts and its prisons.
    Owner(usize),
    /// An owner's actions at one prison; `number` counts from 1.
    OwnerAt {
        owner: usize,
        prison: usize,
        number: usize,
    },
    /// Full-text search, run in the browser over the index built with the site.
    Search,
    Data,
    NotFound,
}

/// Every page of a site, in a fixed order.
pub fn all(site: &Site) -> Vec<Page> {
    let mut pages = vec![Page::Home, Page::Prisons, Page::Themes, Page::Owners];
    pages.extend((0..site.prisons.len()).map(Page::Prison));
    pages.extend(Ix::all(site.plans.len()).map(Page::Plan));
    pages.extend(Ix::all(site.recommendations.len()).map(Page::Recommendation));
    for theme in 0..site.themes.len() {
        pages.push(Page::Theme(theme));
        pages.extend(theme_pages(site, theme));
    }
    for owner in 0..site.owners.len() {
        pages.push(Page::Owner(owner));
        pages.extend(owner_pages(site, owner));
    }
    pages.extend([Page::Search, Page::Data, Page::NotFound]);
    pages
}

/// `pages` in groups, one per prison and a last one of the estate-wide
/// pages, so that a whole build can render a prison at a time and drop the
/// cards its pages shared before the next (see [`Views::forget_cards`]).
pub fn by_prison(site: &Site, pages: &[Page]) -> Vec<Vec<Page>> {
    let mut groups = vec![Vec::new(); site.prisons.len() + 1];
    for &page in pages {
        let group = page.prison(site).unwrap_or(site.prisons.len());
        groups[group].push(page);
    }
    groups
}

/// The pages that can show anything of prisons `prisons`: their own pages,
/// their parts of every theme's and owner's list, the tops of those lists
/// (which count by prison) and the indexes. Owners' tops are those of the
/// owners with actions there, and of `owners`. This is the page map's
/// whole knowledge of where a prison's items appear: `serve` re-checks
/// these pages, and only these, after an edit of those prisons.
pub fn touching(site: &Site, prisons: &HashSet<usize>, owners: &HashSet<usize>) -> Vec<Page> {
    let mut pages = vec![
        Page::Home,
        Page::Prisons,
        Page::Themes,
        Page::Owners,
        Page::Search,
        Page::Data,
    ];
    let mut prisons: Vec<usize> = prisons.iter().copied().collect();
    prisons.sort_unstable();
    for &prison in &prisons {
        pages.push(Page::Prison(prison));
        for &plan in &site.prisons[prison].plans {
            pages.push(Page::Plan(plan));
            let recommendations = &site.plans[plan].recommendations;
            pages.extend(recommendations.iter().map(|&r| Page::Recommendation(r)));
        }
    }
    for theme in 0..site.themes.len() {
        pages.push(Page::Theme(theme));
        for &prison in &prisons {
            let items = theme_run_at(site, theme, prison).len();
            pages.extend(numbers(items).map(|number| Page::ThemeAt {
                theme,
                prison,
                number,
            }));
        }
    }
    for owner in 0..site.owners.len() {
        let mut parts = Vec::new();
        for &prison in &prisons {
            let items = owner_run_at(site, owner, prison).len();
            parts.extend(numbers(items).map(|number| Page::OwnerAt {
                owner,
                prison,
                number,
            }));
        }
        if !parts.is_empty() || owners.contains(&owner) {
            pages.push(Page::Owner(owner));
            pages.extend(parts);
        }
    }
    pages
}

/// The page numbers of a list part of `items` items: none for no items.
fn numbers(items: usize) -> std::ops::Range<usize> {
    if items == 0 {
        return 0..0;
    }
    1..page_count(items) + 1
}

/// The pages of a theme's prison parts.
fn theme_pages(site: &Site, theme: usize) -> impl Iterator<Item = Page> {
    theme_runs(site, theme).flat_map(move |(prison, items)| {
        numbers(items.len()).map(move |number| Page::ThemeAt {
            theme,
            prison,
            number,
        })
    })
}

/// The pages of an owner's prison parts.
fn owner_pages(site: &Site, owner: usize) -> impl Iterator<Item = Page> {
    owner_runs(site, owner).flat_map(move |(prison, items)| {
        numbers(items.len()).map(move |number| Page::OwnerAt {
            owner,
            prison,
            number,
        })
    })
}

fn page_count(items: usize) -> usize {
    items.div_ceil(PER_PAGE).max(1)
}

impl Page {
    /// The page's site-relative path: a folder ending in `/`, or a file name.
    pub fn path(self, site: &Site) -> String {
        match self {
            Page::Home => String::new(),
            Page::Prisons => "prisons/".into(),
            Page::Prison(i) => site.prisons[i].path.clone(),
            Page::Plan(i) => site.plans[i].path.clone(),
            Page::Recommendation(i) => site.recommendations[i].path.clone(),
            Page::Themes => "themes/".into(),
            Page::Theme(i) => site.themes[i].path.clone(),
            Page::ThemeAt {
                theme,
                prison,
                number,
            } => numbered(&part_path(&site.themes[theme].path, site, prison), number),
            Page::Owners => "owners/".into(),
            Page::Owner(i) => site.owners[i].path.clone(),
            Page::OwnerAt {
                owner,
                prison,
                number,
            } => numbered(&part_path(&site.owners[owner].path, site, prison), number),
            Page::Search => "search/".into(),
            Page::Data => "data/".into(),
            Page::NotFound => "404.html".into(),
        }
    }

    /// The one prison whose items the page shows, if it shows one prison's.
    pub fn prison(self, site: &Site) -> Option<usize> {
        match self {
            Page::Prison(prison) | Page::ThemeAt { prison, .. } | Page::OwnerAt { prison, .. } => {
                Some(prison)
            }
            Page::Plan(i) => Some(site.plans[i].prison),
            Page::Recommendation(i) => Some(site.recommendations[i].prison),
            Page::Home
            | Page::Prisons
            | Page::Themes
            | Page::Theme(_)
            | Page::Owners
            | Page::Owner(_)
            | Page::Search
            | Page::Data
            | Page::NotFound => None,
        }
    }

    /// The file the page is written to, relative to the output folder.
    pub fn file(self, site: &Site) -> String {
        let path = self.path(site);
        if path.is_empty() || path.ends_with('/') {
            format!("{path}index.html")
        } else {
            path
        }
    }

    /// The template that renders the page.
    pub fn template(self) -> &'static str {
        match self {
            Page::Home => "index.html",
            Page::Prisons => "prisons.html",
            Page::Prison(_) => "prison.html",
            Page::Plan(_) => "plan.html",
            Page::Recommendation(_) => "recommendation.html",
            Page::Themes => "themes.html",
            Page::Theme(_) => "theme.html",
            Page::ThemeAt { .. } => "theme_prison.html",
            Page::Owners => "owners.html",
            Page::Owner(_) => "owner.html",
            Page::OwnerAt { .. } => "owner_prison.html",
            Page::Search => "search.html",
            Page::Data => "data.html",
            Page::NotFound => "404.html",
        }
    }

    /// Whether search engines should list the page.
    pub fn in_sitemap(self) -> bool {
        self != Page::NotFound
    }

    /// Renders the page through its template.
    pub fn render(self, views: &Views, renderer: &Renderer) -> Result<Vec<u8>, Diagnostic> {
        self.show(views, Render::new(renderer, self))
    }

    /// Renders the page unless its context is the one that made `previous`:
    /// the context's fingerprint, and the bytes if they may differ. `serve`
    /// tells a stale page this way, from what the page would show, so any
    /// field a template prints is covered without being listed anywhere.
    pub fn render_if_changed(
        self,
        views: &Views,
        renderer: &Renderer,
        previous: Option<Fingerprint>,
    ) -> Result<(Option<Fingerprint>, Option<Vec<u8>>), Diagnostic> {
        let render = Render::new(renderer, self);
        self.show(views, RenderIfChanged { render, previous })
    }

    /// Builds the page's context and hands it to `show`.
    fn show<S: Show>(self, views: &Views, show: S) -> Result<S::Done, Diagnostic> {
        let url = views.urls.page(&self.path(views.site));
        match self {
            Page::Home => show.show(url, home(views)),
            Page::Prisons => show.show(url, prisons(views)),
            Page::Prison(i) => show.show(url, prison(views, i)),
            Page::Plan(i) => show.show(url, plan(views, i)),
            Page::Recommendation(i) => show.show(url, recommendation(views, i)),
            Page::Themes => show.show(url, themes(views)),
            Page::Theme(i) => show.show(url, theme(views, i)),
            Page::ThemeAt {
                theme,
                prison,
                number,
            } => show.show(url, theme_at(views, theme, prison, number)),
            Page::Owners => show.show(url, owners(views)),
            Page::Owner(i) => show.show(url, owner(views, i)),
            Page::OwnerAt {
                owner,
                prison,
                number,
            } => show.show(url, owner_at(views, owner, prison, number)),
            Page::Search => show.show(url, search(views)),
            Page::Data => show.show(url, data(views)),
            Page::NotFound => show.show(url, not_found()),
        }
    }
}

/// What is done with a page's context once it is built.
trait Show {
    type Done;
    fn show<T: Serialize>(self, url: String, page: T) -> Result<Self::Done, Diagnostic>;
}

/// Through the page's template into bytes.
struct Render<'r> {
    renderer: &'r Renderer,
    template: &'static str,
}

impl<'r> Render<'r> {
    fn new(renderer: &'r Renderer, page: Page) -> Render<'r> {
        Render {
            renderer,
            template: page.template(),
        }
    }
}

impl Show for Render<'_> {
    type Done = Vec<u8>;
    fn show<T: Serialize>(self, url: String, page: T) -> Result<Vec<u8>, Diagnostic> {
        self.renderer
            .render_value(self.template, &Wrapper { url, page })
    }
}

/// Fingerprinted, and rendered only when the fingerprint is not `previous`.
struct RenderIfChanged<'r> {
    render: Render<'r>,
    previous: Option<Fingerprint>,
}

impl Show for RenderIfChanged<'_> {
    type Done = (Option<Fingerprint>, Option<Vec<u8>>);
    fn show<T: Serialize>(self, url: String, page: T) -> Result<Self::Done, Diagnostic> {
        let context = Wrapper { url, page };
        let fingerprint = fingerprint::of(&context);
        if fingerprint.is_some() && fingerprint == self.previous {
            return Ok((fingerprint, None));
        }
        let bytes = self
            .render
            .renderer
            .render_value(self.render.template, &context)?;
        Ok((fingerprint, Some(bytes)))
    }
}

/// Where a list's part for one prison lives: under the list, by the prison's slug.
fn part_path(list: &str, site: &Site, prison: usize) -> String {
    format!("{list}{}/", site.prisons[prison].slug)
}

fn numbered(path: &str, number: usize) -> String {
    if number <= 1 {
        path.to_string()
    } else {
        format!("{path}page/{number}/")
    }
}

/// What every page's context holds: its own URL and its `page` data.
#[derive(Serialize)]
struct Wrapper<T> {
    url: String,
    page: T,
}

/// A labelled fact for a summary list.
#[derive(Serialize)]
struct Fact {
    label: &'static str,
    value: String,
}

fn fact(label: &'static str, value: Option<String>) -> Option<Fact> {
    value.map(|value| Fact { label, value })
}

/// A plan with its counts, for lists of plans.
#[derive(Serialize)]
struct PlanSummary<'a> {
    plan: Converted<PlanLink<'a>>,
    counts: CountsView,
    /// Whether the plan's own summary of its totals disagrees with its rows:
    /// every table that shows its counts marks them. Kept here, not in the
    /// plan's link, which every card carries: a decision edited into or out
    /// of agreement with the summary changes only the pages that show totals.
    totals_disagree: bool,
    inspected: Option<String>,
}

fn plan_summary<'a>(views: &Views<'a>, index: Ix<Plan>) -> PlanSummary<'a> {
    let plan = &views.site.plans[index];
    PlanSummary {
        plan: views.plans[index.get()].clone(),
        counts: CountsView::of(&plan.counts),
        totals_disagree: !plan.declared_mismatches.is_empty(),
        inspected: inspected(plan),
    }
}

/// The inspection's dates as a reader says them: every period, else the
/// plan's own words when no period could be read from them.
fn inspected(plan: &Plan) -> Option<String> {
    periods_in_words(&plan.inspection.periods).or_else(|| plan.inspection.written.clone())
}

/// One plan's share of a list at one prison, counted.
#[derive(Serialize)]
struct PlanTally<'a> {
    plan: Converted<PlanLink<'a>>,
    /// "2 priority concerns and 2 key concerns".
    items_in_words: String,
    actions: usize,
    open: usize,
    overdue: usize,
    by_status: crate::model::StatusCounts,
}

/// Tallies a list's `items` (newest plan first) by plan: `add` counts one
/// item and says its plan.
fn tally_by_plan<'a, T>(
    views: &Views<'a>,
    items: &[Ix<T>],
    mut add: impl FnMut(Ix<T>, &mut Counts) -> Ix<Plan>,
) -> Vec<PlanTally<'a>> {
    let mut tallies: Vec<(Ix<Plan>, Counts)> = Vec::new();
    for &item in items {
        let mut counts = Counts::default();
        let plan = add(item, &mut counts);
        match tallies.last_mut() {
            Some((last, tally)) if *last == plan => tally.merge(&counts),
            _ => tallies.push((plan, counts)),
        }
    }
    tallies
        .into_iter()
        .map(|(plan, counts)| {
            // Kinds and statuses only: decisions are the plan page's, so an
            // edited decision leaves every page of every list as it was.
            let statuses = counts.actions;
            PlanTally {
                plan: views.plans[plan.get()].clone(),
                items_in_words: kinds_in_words(&counts.kinds),
                actions: statuses.total(),
                open: statuses.open(),
                overdue: statuses.overdue,
                by_status: statuses,
            }
        })
        .collect()
}

/// The items of one plan on a page of a list.
#[derive(Serialize)]
struct PlanGroup<'a, I = Shown> {
    plan: Converted<PlanLink<'a>>,
    items: Vec<I>,
}

/// A page's `items` (newest plan first) under their plans: `show` gives an
/// item's plan and what the page shows of it.
fn group_by_plan<'a, T, I>(
    views: &Views<'a>,
    items: &[Ix<T>],
    show: impl Fn(Ix<T>) -> (Ix<Plan>, I),
) -> Vec<PlanGroup<'a, I>> {
    let mut groups: Vec<(Ix<Plan>, Vec<I>)> = Vec::new();
    for &item in items {
        let (plan, shown) = show(item);
        match groups.last_mut() {
            Some((last, group)) if *last == plan => group.push(shown),
            _ => groups.push((plan, vec![shown])),
        }
    }
    groups
        .into_iter()
        .map(|(plan, items)| PlanGroup {
            plan: views.plans[plan.get()].clone(),
            items,
        })
        .collect()
}

/// A theme with its counts, for lists of themes.
#[derive(Serialize)]
struct ThemeSummary<'a> {
    theme: Converted<Link<'a>>,
    description: &'a str,
    counts: CountsView,
    /// In current plans only.
    current: CountsView,
}

fn theme_summaries<'a>(views: &Views<'a>) -> Vec<ThemeSummary<'a>> {
    views
        .site
        .themes
        .iter()
        .zip(&views.themes)
        .map(|(t, link)| ThemeSummary {
            theme: link.clone(),
            description: &t.description,
            counts: CountsView::of(&t.counts),
            current: CountsView::of(&t.current),
        })
        .collect()
}

/// Where a list page stands among its siblings.
#[derive(Serialize)]
struct Pagination {
    number: usize,
    count: usize,
    /// The first item shown, counting from 1, and the last.
    first_item: usize,
    last_item: usize,
    total_items: usize,
    previous: Option<String>,
    next: Option<String>,
    /// Links to nearby pages and the ends, for a numbered pager.
    pages: Vec<PageNumber>,
}

#[derive(Serialize)]
struct PageNumber {
    number: usize,
    url: String,
    current: bool,
    /// Whether a gap precedes this number in the pager.
    gap_before: bool,
}

fn pagination(views: &Views, first_path: &str, number: usize, total_items: usize) -> Pagination {
    let count = page_count(total_items);
    let url = |n: usize| views.urls.page(&numbered(first_path, n));
    let shown: Vec<usize> = (1..=count)
        .filter(|&n| n == 1 || n == count || n.abs_diff(number) <= 2)
        .collect();
    let pages = shown
        .iter()
        .enumerate()
        .map(|(i, &n)| PageNumber {
            number: n,
            url: url(n),
            current: n == number,
            gap_before: i > 0 && shown[i - 1] + 1 != n,
        })
        .collect();
    Pagination {
        number,
        count,
        first_item: ((number - 1) * PER_PAGE + 1).min(total_items),
        last_item: (number * PER_PAGE).min(total_items),
        total_items,
        previous: (number > 1).then(|| url(number - 1)),
        next: (number < count).then(|| url(number + 1)),
        pages,
    }
}

fn page_of<T>(items: &[T], number: usize) -> &[T] {
    let start = ((number - 1) * PER_PAGE).min(items.len());
    &items[start..(start + PER_PAGE).min(items.len())]
}

/// Whether an item was raised before or again at its prison: what the
/// prison, theme and theme-at-prison pages count as recurring.
fn recurs(r: &Recommendation) -> bool {
    !r.raised_before.is_empty() || !r.raised_again.is_empty()
}

/// How many of `items` recur (see [`recurs`]).
fn recurring(site: &Site, items: &[Ix<Recommendation>]) -> usize {
    items
        .iter()
        .filter(|&&r| recurs(&site.recommendations[r]))
        .count()
}

/// A plan and how many of its recommendations a list is about.
#[derive(Serialize)]
struct PlanCount<'a> {
    plan: Converted<PlanLink<'a>>,
    count: usize,
}
