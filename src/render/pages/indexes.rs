//! The site-wide pages: home, the prisons, themes and owners indexes,
//! search, data and 404.

use super::*;

#[derive(Serialize)]
pub(super) struct Home<'a> {
    title: &'a str,
    /// Every plan's items: the all-time figures.
    counts: CountsView,
    /// The current plans' items (each prison's latest): the headline.
    current: CountsView,
    prisons: usize,
    plans: usize,
    /// Plans a later plan of the same prison has replaced.
    superseded: usize,
    /// The year of the oldest plan, for "all plans since 2015".
    since: Option<i32>,
    /// Plans whose own totals disagree with their rows, for a note beside the figures.
    disagreeing: Vec<Converted<PlanLink<'a>>>,
    owners: usize,
    latest_plans: Vec<PlanSummary<'a>>,
    themes: Vec<ThemeSummary<'a>>,
}

pub(super) fn home<'a>(views: &Views<'a>) -> Home<'a> {
    let site = views.site;
    Home {
        title: "Home",
        counts: CountsView::of(&site.counts),
        current: CountsView::of(&site.current),
        prisons: site.prisons.len(),
        plans: site.plans.len(),
        superseded: site
            .plans
            .iter()
            .filter(|p| p.superseded_by.is_some())
            .count(),
        since: site.plans.iter().filter_map(|p| p.year).min(),
        disagreeing: disagreeing(views, Ix::all(site.plans.len())),
        owners: site.owners.len(),
        latest_plans: latest_plans(site)
            .into_iter()
            .take(LATEST)
            .map(|i| plan_summary(views, i))
            .collect(),
        themes: theme_summaries(views),
    }
}

/// The links of the `plans` whose own totals disagree with their rows.
fn disagreeing<'a>(
    views: &Views<'a>,
    plans: impl Iterator<Item = Ix<Plan>>,
) -> Vec<Converted<PlanLink<'a>>> {
    plans
        .filter(|&plan| !views.site.plans[plan].declared_mismatches.is_empty())
        .map(|plan| views.plans[plan.get()].clone())
        .collect()
}

/// Plans newest first by publication, then by URL; undated plans last.
pub fn latest_plans(site: &Site) -> Vec<Ix<Plan>> {
    let mut order: Vec<Ix<Plan>> = Ix::all(site.plans.len()).collect();
    order.sort_by(|&a, &b| {
        let (pa, pb) = (&site.plans[a], &site.plans[b]);
        pb.published()
            .cmp(&pa.published())
            .then_with(|| pa.path.cmp(&pb.path))
    });
    order
}

#[derive(Serialize)]
pub(super) struct PrisonRow<'a> {
    prison: Converted<Link<'a>>,
    profile: &'a PrisonProfile,
    plans: Vec<Converted<PlanLink<'a>>>,
    counts: CountsView,
    /// Its current plan's.
    current: CountsView,
    /// Its plans whose own totals disagree with their rows.
    disagreeing: Vec<Converted<PlanLink<'a>>>,
}

#[derive(Serialize)]
pub(super) struct Prisons<'a> {
    title: &'a str,
    prisons: Vec<PrisonRow<'a>>,
}

pub(super) fn prisons<'a>(views: &Views<'a>) -> Prisons<'a> {
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
                .map(|&plan| views.plans[plan.get()].clone())
                .collect(),
            counts: CountsView::of(&p.counts),
            current: CountsView::of(&p.current),
            disagreeing: disagreeing(views, p.plans.iter().copied()),
        })
        .collect();
    Prisons {
        title: "Prisons",
        prisons: rows,
    }
}

#[derive(Serialize)]
pub(super) struct Themes<'a> {
    title: &'a str,
    themes: Vec<ThemeSummary<'a>>,
}

pub(super) fn themes<'a>(views: &Views<'a>) -> Themes<'a> {
    Themes {
        title: "Themes",
        themes: theme_summaries(views),
    }
}

/// Owners under one initial letter.
#[derive(Serialize)]
pub(super) struct Letter<'a> {
    letter: String,
    owners: Vec<OwnerRow<'a>>,
}

#[derive(Serialize)]
pub(super) struct OwnerRow<'a> {
    owner: Converted<Link<'a>>,
    counts: CountsView,
    prisons: usize,
}

#[derive(Serialize)]
pub(super) struct Owners<'a> {
    title: &'a str,
    letters: Vec<Letter<'a>>,
}

pub(super) fn owners<'a>(views: &Views<'a>) -> Owners<'a> {
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

/// A download of the data page.
#[derive(Serialize)]
pub(super) struct Download {
    name: &'static str,
    url: String,
    format: &'static str,
    description: &'static str,
    rows: usize,
    /// What each column or field holds, so readers can use the file without guessing.
    columns: &'static [crate::render::data::Column],
    /// Whether each prison has its own copy, linked from its page.
    per_prison: bool,
}

#[derive(Serialize)]
pub(super) struct DataPage<'a> {
    title: &'a str,
    downloads: Vec<Download>,
    /// The folder of the per-prison copies, each in a folder named by the prison's slug.
    prison_dir_url: String,
    /// A prison's slug, to show a per-prison file's address (none on a site without prisons).
    example_prison: Option<&'a str>,
}

pub(super) fn data<'a>(views: &Views<'a>) -> DataPage<'a> {
    let site = views.site;
    let downloads = crate::render::data::FILES
        .iter()
        .map(|file| Download {
            name: file.name,
            url: views.urls.page(&format!("data/{}", file.name)),
            format: file.format.label(),
            description: file.description,
            rows: match file.rows {
                crate::render::data::Rows::Actions => site.actions.len(),
                crate::render::data::Rows::Recommendations => site.recommendations.len(),
            },
            columns: match file.rows {
                crate::render::data::Rows::Actions => &crate::render::data::ACTION_COLUMNS,
                crate::render::data::Rows::Recommendations => {
                    &crate::render::data::RECOMMENDATION_COLUMNS
                }
            },
            per_prison: file.per_prison,
        })
        .collect();
    DataPage {
        title: "Data",
        downloads,
        prison_dir_url: views
            .urls
            .page(&format!("{}/", crate::render::data::PRISON_DIR)),
        example_prison: site.prisons.first().map(|p| p.slug.as_str()),
    }
}

#[derive(Serialize)]
pub(super) struct SearchPage<'a> {
    title: &'a str,
    /// How many recommendations and concerns the index holds.
    records: usize,
    /// The folder of Pagefind's files (`/search/` loads `pagefind.js` from it).
    bundle_url: String,
    /// Where readers without JavaScript are sent: the downloads.
    data_url: String,
    /// The filters, in order: each a key (in the index and the URL) and a label.
    filters: &'static [crate::render::search::Filter],
    /// The sort key of the plan's date.
    sort_by_date: &'static str,
}

pub(super) fn search<'a>(views: &Views<'a>) -> SearchPage<'a> {
    use crate::render::search::{BUNDLE_DIR, FILTERS, SORT_BY_DATE};
    SearchPage {
        title: "Search",
        records: views.site.recommendations.len(),
        bundle_url: views.urls.page(&format!("{BUNDLE_DIR}/")),
        data_url: views.urls.page(&Page::Data.path(views.site)),
        filters: &FILTERS,
        sort_by_date: SORT_BY_DATE,
    }
}

#[derive(Serialize)]
pub(super) struct NotFound<'a> {
    title: &'a str,
}

pub(super) fn not_found<'a>() -> NotFound<'a> {
    NotFound {
        title: "Page not found",
    }
}
