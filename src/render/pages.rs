//! The page map: every page of the site, its URL, its template and its context.
//!
//! A [`Page`] is a small value naming what to render; its context is built
//! only when it is rendered, from the shared [`Views`], so pages render in
//! parallel and a later incremental rebuild can render any subset of them.
//! Long lists (a theme or an owner across the estate) are split by prison,
//! each prison's part cut into pages of [`PER_PAGE`], so no page grows with
//! the estate and an edit of one plan moves only its own prison's pages.

use serde::Serialize;

use super::Renderer;
use super::views::{CountsView, Day, Link, PlanLink, Views, owner_runs, theme_runs};
use crate::content::PrisonProfile;
use crate::diagnostics::Diagnostic;
use crate::model::{Plan, Site};

/// How many recommendations or actions a page of one prison's part of a list shows.
pub const PER_PAGE: usize = 50;

/// How many plans the home page and feed call latest.
pub const LATEST: usize = 8;

/// Every template a theme must provide: one per page kind, the feed and the sitemaps.
pub const TEMPLATES: [&str; 16] = [
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
    "data.html",
    "404.html",
    "feed.xml",
    "sitemap.xml",
    "sitemap_index.xml",
];

/// One page of the site.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Page {
    Home,
    Prisons,
    Prison(usize),
    Plan(usize),
    Recommendation(usize),
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
    Data,
    NotFound,
}

/// Every page of a site, in a fixed order.
pub fn all(site: &Site) -> Vec<Page> {
    let mut pages = vec![Page::Home, Page::Prisons, Page::Themes, Page::Owners];
    pages.extend((0..site.prisons.len()).map(Page::Prison));
    pages.extend((0..site.plans.len()).map(Page::Plan));
    pages.extend((0..site.recommendations.len()).map(Page::Recommendation));
    for theme in 0..site.themes.len() {
        pages.push(Page::Theme(theme));
        pages.extend(theme_pages(site, theme));
    }
    for owner in 0..site.owners.len() {
        pages.push(Page::Owner(owner));
        pages.extend(owner_pages(site, owner));
    }
    pages.extend([Page::Data, Page::NotFound]);
    pages
}

/// The pages of a theme's prison parts.
fn theme_pages(site: &Site, theme: usize) -> impl Iterator<Item = Page> {
    theme_runs(site, theme).flat_map(move |(prison, items)| {
        (1..=page_count(items.len())).map(move |number| Page::ThemeAt {
            theme,
            prison,
            number,
        })
    })
}

/// The pages of an owner's prison parts.
fn owner_pages(site: &Site, owner: usize) -> impl Iterator<Item = Page> {
    owner_runs(site, owner).flat_map(move |(prison, items)| {
        (1..=page_count(items.len())).map(move |number| Page::OwnerAt {
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
            Page::Data => "data/".into(),
            Page::NotFound => "404.html".into(),
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
        let out = Output {
            renderer,
            template: self.template(),
            url: views.urls.page(&self.path(views.site)),
        };
        match self {
            Page::Home => out.show(home(views)),
            Page::Prisons => out.show(prisons(views)),
            Page::Prison(i) => out.show(prison(views, i)),
            Page::Plan(i) => out.show(plan(views, i)),
            Page::Recommendation(i) => out.show(recommendation(views, i)),
            Page::Themes => out.show(themes(views)),
            Page::Theme(i) => out.show(theme(views, i)),
            Page::ThemeAt {
                theme,
                prison,
                number,
            } => out.show(theme_at(views, theme, prison, number)),
            Page::Owners => out.show(owners(views)),
            Page::Owner(i) => out.show(owner(views, i)),
            Page::OwnerAt {
                owner,
                prison,
                number,
            } => out.show(owner_at(views, owner, prison, number)),
            Page::Data => out.show(data(views)),
            Page::NotFound => out.show(not_found()),
        }
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

/// Where one page is going: its template and URL.
struct Output<'r> {
    renderer: &'r Renderer,
    template: &'static str,
    url: String,
}

impl Output<'_> {
    fn show<T: Serialize>(self, page: T) -> Result<Vec<u8>, Diagnostic> {
        let context = Wrapper {
            url: self.url,
            page,
        };
        self.renderer.render_value(self.template, &context)
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
    plan: PlanLink<'a>,
    counts: CountsView,
    inspected: Option<String>,
}

fn plan_summary<'a>(views: &Views<'a>, index: usize) -> PlanSummary<'a> {
    let plan = &views.site.plans[index];
    PlanSummary {
        plan: views.plans[index].clone(),
        counts: CountsView::of(&plan.counts),
        inspected: inspected(plan),
    }
}

fn inspected(plan: &Plan) -> Option<String> {
    match (plan.inspected_from, plan.inspected_to) {
        (Some(from), Some(to)) => Some(format!("{} to {}", Day::of(from).text, Day::of(to).text)),
        (Some(day), None) | (None, Some(day)) => Some(Day::of(day).text),
        (None, None) => None,
    }
}

/// A theme with its counts, for lists of themes.
#[derive(Serialize)]
struct ThemeSummary<'a> {
    theme: Link<'a>,
    description: &'a str,
    counts: CountsView,
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
        })
        .collect()
}

#[derive(Serialize)]
struct Home<'a> {
    title: &'a str,
    counts: CountsView,
    prisons: usize,
    plans: usize,
    owners: usize,
    latest_plans: Vec<PlanSummary<'a>>,
    themes: Vec<ThemeSummary<'a>>,
}

fn home<'a>(views: &Views<'a>) -> Home<'a> {
    let site = views.site;
    Home {
        title: "Home",
        counts: CountsView::of(&site.counts),
        prisons: site.prisons.len(),
        plans: site.plans.len(),
        owners: site.owners.len(),
        latest_plans: latest_plans(site)
            .into_iter()
            .take(LATEST)
            .map(|i| plan_summary(views, i))
            .collect(),
        themes: theme_summaries(views),
    }
}

/// Plans newest first by publication, then by URL; undated plans last.
pub fn latest_plans(site: &Site) -> Vec<usize> {
    let mut order: Vec<usize> = (0..site.plans.len()).collect();
    order.sort_by(|&a, &b| {
        let (pa, pb) = (&site.plans[a], &site.plans[b]);
        let date = |p: &Plan| p.report_published.or(p.action_plan_submitted);
        date(pb).cmp(&date(pa)).then_with(|| pa.path.cmp(&pb.path))
    });
    order
}

#[derive(Serialize)]
struct PrisonRow<'a> {
    prison: Link<'a>,
    profile: &'a PrisonProfile,
    plans: Vec<PlanLink<'a>>,
    counts: CountsView,
}

#[derive(Serialize)]
struct Prisons<'a> {
    title: &'a str,
    prisons: Vec<PrisonRow<'a>>,
}

fn prisons<'a>(views: &Views<'a>) -> Prisons<'a> {
    let rows = views
        .site
        .prisons
        .iter()
        .enumerate()
        .map(|(i, p)| PrisonRow {
            prison: views.prisons[i].clone(),
            profile: &p.profile,
            plans: p
                .plans
                .iter()
                .map(|&plan| views.plans[plan].clone())
                .collect(),
            counts: CountsView::of(&p.counts),
        })
        .collect();
    Prisons {
        title: "Prisons",
        prisons: rows,
    }
}

/// A theme raised at one prison in several plans.
#[derive(Serialize)]
struct RecurringTheme<'a> {
    theme: Link<'a>,
    /// The theme's list at this prison.
    url: String,
    plans: Vec<PlanCount<'a>>,
}

/// A plan and how many of its recommendations a list is about.
#[derive(Serialize)]
struct PlanCount<'a> {
    plan: PlanLink<'a>,
    count: usize,
}

#[derive(Serialize)]
struct PrisonPage<'a> {
    title: &'a str,
    prison: Link<'a>,
    facts: Vec<Fact>,
    sources: &'a [String],
    body_html: String,
    counts: CountsView,
    plans: Vec<PlanSummary<'a>>,
    recurring: Vec<RecurringTheme<'a>>,
}

fn prison<'a>(views: &Views<'a>, index: usize) -> PrisonPage<'a> {
    let site = views.site;
    let p = &site.prisons[index];
    let profile = &p.profile;
    let facts = [
        fact("Type", profile.establishment_type.clone()),
        fact("Security category", profile.security_category.clone()),
        fact("Region", profile.region.clone()),
        fact(
            "Operational capacity",
            profile.operational_capacity.map(|n| n.to_string()),
        ),
        fact(
            "Certified normal accommodation",
            profile
                .certified_normal_accommodation
                .map(|n| n.to_string()),
        ),
        fact("Time out of cell", profile.time_out_of_cell.clone()),
    ];
    let recurring = p
        .recurrences
        .iter()
        .map(|&g| {
            let group = &site.recurrences[g];
            RecurringTheme {
                theme: views.themes[group.theme].clone(),
                url: views
                    .urls
                    .page(&part_path(&site.themes[group.theme].path, site, index)),
                plans: group
                    .plans
                    .iter()
                    .map(|&plan| PlanCount {
                        plan: views.plans[plan].clone(),
                        count: group
                            .recommendations
                            .iter()
                            .filter(|&&r| site.recommendations[r].plan == plan)
                            .count(),
                    })
                    .collect(),
            }
        })
        .collect();
    PrisonPage {
        title: &profile.name,
        prison: views.prisons[index].clone(),
        facts: facts.into_iter().flatten().collect(),
        sources: &profile.sources,
        body_html: super::markdown::to_html(&p.body),
        counts: CountsView::of(&p.counts),
        plans: p
            .plans
            .iter()
            .rev()
            .map(|&i| plan_summary(views, i))
            .collect(),
        recurring,
    }
}

/// A run of a plan's recommendations under one heading, as the plan groups them.
#[derive(Serialize)]
struct Group<'a> {
    section: Option<&'a str>,
    area: Option<&'a str>,
    /// Whether the section heading starts here (the first of its areas).
    new_section: bool,
    cards: Vec<tera::Value>,
}

#[derive(Serialize)]
struct PlanPage<'a> {
    title: String,
    plan: PlanLink<'a>,
    prison: Link<'a>,
    facts: Vec<Fact>,
    source: Option<&'a str>,
    body_html: String,
    counts: CountsView,
    declared_mismatches: &'a [String],
    groups: Vec<Group<'a>>,
    themes: Vec<Link<'a>>,
    owners: Vec<Link<'a>>,
    other_plans: Vec<PlanLink<'a>>,
}

fn plan<'a>(views: &Views<'a>, index: usize) -> PlanPage<'a> {
    let site = views.site;
    let p = &site.plans[index];
    let link = views.plans[index].clone();
    let facts = [
        fact(
            "Report published",
            p.report_published.map(|d| Day::of(d).text),
        ),
        fact(
            "Action plan submitted",
            p.action_plan_submitted.map(|d| Day::of(d).text),
        ),
        fact("Inspected", inspected(p)),
        fact("Kind of inspection", p.inspection_kind.clone()),
    ];
    let mut groups: Vec<Group> = Vec::new();
    let mut themes: Vec<usize> = Vec::new();
    let mut owners: Vec<usize> = Vec::new();
    for &r in &p.recommendations {
        let card = views.card(r);
        let rec = &site.recommendations[r];
        themes.extend(&rec.themes);
        owners.extend(
            rec.actions
                .iter()
                .flat_map(|&a| site.actions[a].owners.iter()),
        );
        match groups.last_mut() {
            Some(g) if g.section == card.section && g.area == card.area => {
                g.cards.push(views.card_value(r));
            }
            last => {
                let new_section = last.is_none_or(|g| g.section != card.section);
                groups.push(Group {
                    section: card.section,
                    area: card.area,
                    new_section,
                    cards: vec![views.card_value(r)],
                });
            }
        }
    }
    themes.sort_unstable();
    themes.dedup();
    owners.sort_unstable();
    owners.dedup();
    let prison = &site.prisons[p.prison];
    PlanPage {
        title: link.title.clone(),
        prison: views.prisons[p.prison].clone(),
        plan: link,
        facts: facts.into_iter().flatten().collect(),
        source: p.source.as_deref(),
        body_html: super::markdown::to_html(&p.body),
        counts: CountsView::of(&p.counts),
        declared_mismatches: &p.declared_mismatches,
        groups,
        themes: themes.iter().map(|&t| views.themes[t].clone()).collect(),
        owners: owners.iter().map(|&o| views.owners[o].clone()).collect(),
        other_plans: prison
            .plans
            .iter()
            .filter(|&&other| other != index)
            .map(|&other| views.plans[other].clone())
            .collect(),
    }
}

/// Recommendations of other plans of the same prison on one of this one's themes.
#[derive(Serialize)]
struct Related<'a> {
    theme: Link<'a>,
    plans: Vec<RelatedPlan<'a>>,
}

#[derive(Serialize)]
struct RelatedPlan<'a> {
    plan: PlanLink<'a>,
    /// Each a `RelatedItem`, shared by every page that lists it.
    recommendations: Vec<tera::Value>,
}

#[derive(Serialize)]
struct ProgressView<'a> {
    date: Option<Day>,
    judgement: &'a str,
    note_html: String,
    source: Option<&'a str>,
}

#[derive(Serialize)]
struct RecommendationPage<'a> {
    title: String,
    card: tera::Value,
    response_html: super::views::Shared,
    progress: Vec<ProgressView<'a>>,
    /// The earlier plan's recommendation this one repeats, when it can be found.
    repeats: Option<Link<'a>>,
    /// The neighbours in the plan, as cards so links can say "Recommendation 5.2".
    previous: Option<tera::Value>,
    next: Option<tera::Value>,
    related: Vec<Related<'a>>,
}

fn recommendation<'a>(views: &Views<'a>, index: usize) -> RecommendationPage<'a> {
    let site = views.site;
    let r = &site.recommendations[index];
    let card = views.card(index);
    let siblings = &site.plans[r.plan].recommendations;
    let at = siblings.iter().position(|&s| s == index);
    let previous = at
        .and_then(|at| at.checked_sub(1))
        .map(|p| views.card_value(siblings[p]));
    let next = at
        .and_then(|at| siblings.get(at + 1))
        .map(|&n| views.card_value(n));
    let related = r
        .recurrences
        .iter()
        .map(|&g| {
            let group = &site.recurrences[g];
            let plans = group
                .plans
                .iter()
                .filter(|&&plan| plan != r.plan)
                .map(|&plan| RelatedPlan {
                    plan: views.plans[plan].clone(),
                    recommendations: group
                        .recommendations
                        .iter()
                        .filter(|&&other| site.recommendations[other].plan == plan)
                        .map(|&other| views.related_item(other))
                        .collect(),
                })
                .collect();
            RelatedPlan::group(views, group.theme, plans)
        })
        .collect();
    RecommendationPage {
        title: format!("{}: {}", card.title, views.plans[r.plan].title),
        card: views.card_value(index),
        response_html: card.response_html.clone(),
        progress: r
            .progress
            .iter()
            .map(|p| ProgressView {
                date: p.date.map(Day::of),
                judgement: &p.judgement,
                note_html: p
                    .note
                    .as_deref()
                    .map(super::markdown::to_html)
                    .unwrap_or_default(),
                source: p.source.as_deref(),
            })
            .collect(),
        repeats: repeated(views, index),
        previous,
        next,
        related,
    }
}

impl<'a> RelatedPlan<'a> {
    fn group(views: &Views<'a>, theme: usize, plans: Vec<RelatedPlan<'a>>) -> Related<'a> {
        Related {
            theme: views.themes[theme].clone(),
            plans,
        }
    }
}

/// The recommendation of the same prison's previous plan that this one says it repeats.
fn repeated<'a>(views: &Views<'a>, index: usize) -> Option<Link<'a>> {
    let site = views.site;
    let r = &site.recommendations[index];
    let wanted = r.repeats.as_deref()?.trim();
    let plans = &site.prisons[r.prison].plans;
    let at = plans.iter().position(|&p| p == r.plan)?;
    let earlier = plans[..at].last()?;
    site.plans[*earlier]
        .recommendations
        .iter()
        .find(|&&other| site.recommendations[other].reference == wanted)
        .map(|&other| views.reference_link(other))
}

#[derive(Serialize)]
struct Themes<'a> {
    title: &'a str,
    themes: Vec<ThemeSummary<'a>>,
}

fn themes<'a>(views: &Views<'a>) -> Themes<'a> {
    Themes {
        title: "Themes",
        themes: theme_summaries(views),
    }
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

/// One prison's part of a theme: its plans and how many recommendations each has on it.
#[derive(Serialize)]
struct PrisonCount<'a> {
    prison: Link<'a>,
    /// The page listing the part.
    url: String,
    total: usize,
    plans: Vec<PlanCount<'a>>,
}

#[derive(Serialize)]
struct ThemePage<'a> {
    title: &'a str,
    theme: Link<'a>,
    description: &'a str,
    counts: CountsView,
    /// The theme by prison and plan, each prison linking to its part.
    by_prison: Vec<PrisonCount<'a>>,
}

fn theme<'a>(views: &Views<'a>, index: usize) -> ThemePage<'a> {
    let site = views.site;
    let t = &site.themes[index];
    let by_prison = views
        .theme_parts(index)
        .iter()
        .map(|part| {
            let mut plans: Vec<PlanCount> = Vec::new();
            for &r in &part.items {
                let plan = site.recommendations[r].plan;
                match plans.last_mut() {
                    Some(pc) if pc.plan.url == views.plans[plan].url => pc.count += 1,
                    _ => plans.push(PlanCount {
                        plan: views.plans[plan].clone(),
                        count: 1,
                    }),
                }
            }
            PrisonCount {
                prison: views.prisons[part.prison].clone(),
                url: views.urls.page(&part_path(&t.path, site, part.prison)),
                total: part.items.len(),
                plans,
            }
        })
        .collect();
    ThemePage {
        title: &t.name,
        theme: views.themes[index].clone(),
        description: &t.description,
        counts: CountsView::of(&t.counts),
        by_prison,
    }
}

#[derive(Serialize)]
struct ThemeAtPage<'a> {
    /// "Health at HMP Leicester".
    title: String,
    theme: Link<'a>,
    prison: Link<'a>,
    cards: Vec<tera::Value>,
    pagination: Pagination,
}

fn theme_at<'a>(views: &Views<'a>, index: usize, prison: usize, number: usize) -> ThemeAtPage<'a> {
    let site = views.site;
    let t = &site.themes[index];
    let items = part_of(views.theme_parts(index), prison);
    ThemeAtPage {
        title: format!("{} at {}", t.name, site.prisons[prison].profile.name),
        theme: views.themes[index].clone(),
        prison: views.prisons[prison].clone(),
        cards: page_of(items, number)
            .iter()
            .map(|&r| views.card_value(r))
            .collect(),
        pagination: pagination(
            views,
            &part_path(&t.path, site, prison),
            number,
            items.len(),
        ),
    }
}

/// The items of one prison's part of a list (none if it has none).
fn part_of(parts: &[super::views::Part], prison: usize) -> &[usize] {
    parts
        .iter()
        .find(|part| part.prison == prison)
        .map_or(&[], |part| part.items.as_slice())
}

/// Owners under one initial letter.
#[derive(Serialize)]
struct Letter<'a> {
    letter: String,
    owners: Vec<OwnerRow<'a>>,
}

#[derive(Serialize)]
struct OwnerRow<'a> {
    owner: Link<'a>,
    counts: CountsView,
    prisons: usize,
}

#[derive(Serialize)]
struct Owners<'a> {
    title: &'a str,
    letters: Vec<Letter<'a>>,
}

fn owners<'a>(views: &Views<'a>) -> Owners<'a> {
    let site = views.site;
    let mut letters: Vec<Letter> = Vec::new();
    for (i, o) in site.owners.iter().enumerate() {
        let letter = o
            .name
            .chars()
            .find(|c| c.is_alphanumeric())
            .map_or("#".to_string(), |c| c.to_uppercase().collect());
        let row = OwnerRow {
            owner: views.owners[i].clone(),
            counts: CountsView::of(&o.counts),
            prisons: owner_runs(site, i).count(),
        };
        match letters.last_mut() {
            Some(group) if group.letter == letter => group.owners.push(row),
            _ => letters.push(Letter {
                letter,
                owners: vec![row],
            }),
        }
    }
    Owners {
        title: "Owners",
        letters,
    }
}

/// One action of an owner, with the recommendation and plan it answers.
#[derive(Serialize)]
struct OwnerItem {
    action: tera::Value,
    recommendation: tera::Value,
}

/// One prison's part of an owner's actions.
#[derive(Serialize)]
struct OwnerPrison<'a> {
    prison: Link<'a>,
    /// The page listing the part.
    url: String,
    actions: usize,
    overdue: usize,
}

#[derive(Serialize)]
struct OwnerPage<'a> {
    title: &'a str,
    owner: Link<'a>,
    /// Other ways the plans write this owner's name.
    spellings: Vec<&'a str>,
    counts: CountsView,
    prisons: Vec<OwnerPrison<'a>>,
}

fn owner<'a>(views: &Views<'a>, index: usize) -> OwnerPage<'a> {
    let site = views.site;
    let o = &site.owners[index];
    let prisons = views
        .owner_parts(index)
        .iter()
        .map(|part| OwnerPrison {
            prison: views.prisons[part.prison].clone(),
            url: views.urls.page(&part_path(&o.path, site, part.prison)),
            actions: part.items.len(),
            overdue: part
                .items
                .iter()
                .filter(|&&a| site.actions[a].status == crate::model::Status::Overdue)
                .count(),
        })
        .collect();
    OwnerPage {
        title: &o.name,
        owner: views.owners[index].clone(),
        spellings: o
            .spellings
            .iter()
            .map(String::as_str)
            .filter(|s| *s != o.name)
            .collect(),
        counts: CountsView::of(&o.counts),
        prisons,
    }
}

#[derive(Serialize)]
struct OwnerAtPage<'a> {
    /// "Governor at HMP Leicester".
    title: String,
    owner: Link<'a>,
    prison: Link<'a>,
    items: Vec<OwnerItem>,
    pagination: Pagination,
}

fn owner_at<'a>(views: &Views<'a>, index: usize, prison: usize, number: usize) -> OwnerAtPage<'a> {
    let site = views.site;
    let o = &site.owners[index];
    let order = part_of(views.owner_parts(index), prison);
    let items = page_of(order, number)
        .iter()
        .map(|&a| {
            let r = site.actions[a].recommendation;
            let position = site.recommendations[r]
                .actions
                .iter()
                .position(|&x| x == a)
                .unwrap_or(0);
            OwnerItem {
                action: views.action_value(r, position),
                recommendation: views.card_value(r),
            }
        })
        .collect();
    OwnerAtPage {
        title: format!("{} at {}", o.name, site.prisons[prison].profile.name),
        owner: views.owners[index].clone(),
        prison: views.prisons[prison].clone(),
        items,
        pagination: pagination(
            views,
            &part_path(&o.path, site, prison),
            number,
            order.len(),
        ),
    }
}

/// A download of the data page.
#[derive(Serialize)]
struct Download {
    name: &'static str,
    url: String,
    format: &'static str,
    description: &'static str,
    rows: usize,
    /// What each column or field holds, so readers can use the file without guessing.
    columns: &'static [super::data::Column],
}

#[derive(Serialize)]
struct DataPage<'a> {
    title: &'a str,
    downloads: Vec<Download>,
}

fn data<'a>(views: &Views<'a>) -> DataPage<'a> {
    let site = views.site;
    let downloads = super::data::FILES
        .iter()
        .map(|file| Download {
            name: file.name,
            url: views.urls.page(&format!("data/{}", file.name)),
            format: file.format.label(),
            description: file.description,
            rows: match file.rows {
                super::data::Rows::Actions => site.actions.len(),
                super::data::Rows::Recommendations => site.recommendations.len(),
            },
            columns: match file.rows {
                super::data::Rows::Actions => &super::data::ACTION_COLUMNS,
                super::data::Rows::Recommendations => &super::data::RECOMMENDATION_COLUMNS,
            },
        })
        .collect();
    DataPage {
        title: "Data",
        downloads,
    }
}

#[derive(Serialize)]
struct NotFound<'a> {
    title: &'a str,
}

fn not_found<'a>() -> NotFound<'a> {
    NotFound {
        title: "Page not found",
    }
}
