//! A prison's page: its facts, its plans over time, and what keeps coming
//! back: the problems raised in more than one of its plans.

use super::*;
use crate::model::Chain;
use crate::render::views::Shared;

/// A problem raised in several plans of the prison: its items, plan by plan.
#[derive(Serialize)]
pub(super) struct ChainView<'a> {
    /// The problem in its newest item's words (the start of its text), for
    /// the chain's heading: how the prison was last told of it.
    problem: Shared,
    /// How many plans raise it.
    plans: usize,
    /// Newest plan first, as a reader asks "and before that?".
    raised: Vec<PlanItems<'a>>,
}

/// The items of one plan in a chain.
#[derive(Serialize)]
pub(super) struct PlanItems<'a> {
    plan: Converted<PlanLink<'a>>,

    /// Each a `RelatedItem`.
    items: Vec<Shown>,
}

/// A theme whose items recur at one prison: how many of each plan's items
/// on the theme were raised before or again.
#[derive(Serialize)]
pub(super) struct RecurringTheme<'a> {
    theme: Converted<Link<'a>>,
    /// The theme's list at this prison.
    url: String,
    plans: Vec<PlanCount<'a>>,
}

#[derive(Serialize)]
pub(super) struct PrisonPage<'a> {
    title: &'a str,
    prison: Converted<Link<'a>>,
    facts: Vec<Fact>,
    /// The documents the facts come from, by title and date.
    sources: &'a [crate::config::SourceDocument],
    body_html: String,
    counts: CountsView,
    /// Its current plan (the latest) and that plan's counts.
    current_plan: Option<PlanSummary<'a>>,
    plans: Vec<PlanSummary<'a>>,
    recurring: Vec<RecurringTheme<'a>>,
    /// Its problems raised in more than one plan, longest chain first.
    chains: Vec<ChainView<'a>>,
    /// Its own copies of the downloads, holding only its rows.
    downloads: Vec<PrisonDownload>,
}

/// One of a prison's own downloads (a [`crate::render::data::FILES`] entry
/// marked `per_prison`), so its page can offer its data alone.
#[derive(Serialize)]
pub(super) struct PrisonDownload {
    name: &'static str,
    url: String,
    /// The name a browser saves it under: the prison's slug and the file's
    /// name, so two prisons' files do not both save as `actions.csv`.
    save_as: String,
    format: &'static str,
    /// How many rows it holds.
    rows: usize,
}

fn prison_downloads(views: &Views, index: usize) -> Vec<PrisonDownload> {
    use crate::render::data::{FILES, Rows, prison_file};
    let site = views.site;
    let p = &site.prisons[index];
    let recommendations = site.recommendations.iter().filter(|r| r.prison == index);
    let (items, actions) = recommendations.fold((0, 0), |(items, actions), r| {
        (items + 1, actions + r.actions.len())
    });
    FILES
        .iter()
        .filter(|file| file.per_prison)
        .map(|file| PrisonDownload {
            name: file.name,
            url: views.urls.page(&prison_file(&p.slug, file.name)),
            save_as: format!("{}-{}", p.slug, file.name),
            format: file.format.label(),
            rows: match file.rows {
                Rows::Actions => actions,
                Rows::Recommendations => items,
            },
        })
        .collect()
}

pub(super) fn prison<'a>(views: &Views<'a>, index: usize) -> PrisonPage<'a> {
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
    let recurring = recurring_themes(views, index);
    let chains = p
        .chains
        .iter()
        .map(|chain| chain_view(views, chain))
        .collect();
    PrisonPage {
        title: &profile.name,
        prison: views.prisons[index].clone(),
        facts: facts.into_iter().flatten().collect(),
        sources: &p.sources,
        body_html: views.markdown(&p.body).html.to_string(),
        counts: CountsView::of(&p.counts),
        current_plan: p.plans.last().map(|&i| plan_summary(views, i)),
        plans: p
            .plans
            .iter()
            .rev()
            .map(|&i| plan_summary(views, i))
            .collect(),
        recurring,
        chains,
        downloads: prison_downloads(views, index),
    }
}

/// The themes whose items recur at the prison (raised before or again), in
/// more than one of its plans; sharing a theme alone is not recurring.
fn recurring_themes<'a>(views: &Views<'a>, prison: usize) -> Vec<RecurringTheme<'a>> {
    let site = views.site;
    (0..site.themes.len())
        .filter_map(|theme| {
            let plans: Vec<PlanCount<'a>> = site.prisons[prison]
                .plans
                .iter()
                .map(|&plan| PlanCount {
                    plan: views.plans[plan.get()].clone(),
                    count: site.plans[plan]
                        .recommendations
                        .iter()
                        .map(|&r| &site.recommendations[r])
                        .filter(|r| r.themes.contains(&theme) && recurs(r))
                        .count(),
                })
                .filter(|pc| pc.count > 0)
                .collect();
            (plans.len() > 1).then(|| RecurringTheme {
                theme: views.themes[theme].clone(),
                url: views
                    .urls
                    .page(&part_path(&site.themes[theme].path, site, prison)),
                plans,
            })
        })
        .collect()
}

/// One chain as the prison page shows it: named by the first item of its
/// newest plan, its plans newest first, each plan's items in plan order.
fn chain_view<'a>(views: &Views<'a>, chain: &Chain) -> ChainView<'a> {
    let site = views.site;
    let plan_of = |r: Ix<Recommendation>| site.recommendations[r].plan;
    let mut raised: Vec<PlanItems<'a>> = chain
        .items
        .chunk_by(|&a, &b| plan_of(a) == plan_of(b))
        .map(|items| PlanItems {
            plan: views.plans[plan_of(items[0]).get()].clone(),
            items: items.iter().map(|&i| views.related_item(i)).collect(),
        })
        .collect();
    raised.reverse();
    let newest_plan = chain.items.last().map(|&last| plan_of(last));
    let namer = chain
        .items
        .iter()
        .find(|&&i| Some(plan_of(i)) == newest_plan);
    ChainView {
        problem: namer.map_or_else(Shared::none, |&i| views.short_excerpt(i)),
        plans: chain.plans,
        raised,
    }
}
