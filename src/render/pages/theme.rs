//! A theme (topic) across the estate, and its part at one prison, page by page.

use super::*;

/// One prison's part of a theme: its plans and how many recommendations each has on it.
#[derive(Serialize)]
pub(super) struct PrisonCount<'a> {
    prison: Converted<Link<'a>>,
    /// The page listing the part.
    url: String,
    total: usize,
    /// How many of those items were raised before or again at the prison.
    recurring: usize,
    plans: Vec<PlanCount<'a>>,
}

#[derive(Serialize)]
pub(super) struct ThemePage<'a> {
    title: &'a str,
    theme: Converted<Link<'a>>,
    description: &'a str,
    counts: CountsView,
    /// In current plans only.
    current: CountsView,
    /// The theme by prison and plan, each prison linking to its part.
    by_prison: Vec<PrisonCount<'a>>,
}

pub(super) fn theme<'a>(views: &Views<'a>, index: usize) -> ThemePage<'a> {
    let site = views.site;
    let t = &site.themes[index];
    let by_prison = theme_runs(site, index)
        .map(|(prison, items)| {
            let plan_of = |r: &Ix<Recommendation>| site.recommendations[*r].plan;
            // A prison's items come plan by plan: one count per run.
            let mut plans: Vec<PlanCount> = items
                .chunk_by(|a, b| plan_of(a) == plan_of(b))
                .map(|run| PlanCount {
                    plan: views.plans[plan_of(&run[0]).get()].clone(),
                    count: run.len(),
                })
                .collect();
            // Newest first, as every list of a prison's plans.
            plans.reverse();
            PrisonCount {
                prison: views.prisons[prison].clone(),
                url: views.urls.page(&part_path(&t.path, site, prison)),
                total: items.len(),
                recurring: recurring(site, items),
                plans,
            }
        })
        .collect();
    ThemePage {
        title: &t.name,
        theme: views.themes[index].clone(),
        description: &t.description,
        counts: CountsView::of(&t.counts),
        current: CountsView::of(&t.current),
        by_prison,
    }
}

#[derive(Serialize)]
pub(super) struct ThemeAtPage<'a> {
    /// "Health at HMP Leicester".
    title: String,
    theme: Converted<Link<'a>>,
    prison: Converted<Link<'a>>,
    /// The part's counts, plan by plan, newest first: the answer before the list.
    by_plan: Vec<PlanTally<'a>>,
    /// How many of the part's items (on every page of it) were raised
    /// before or again at the prison.
    recurring: usize,
    /// This page's cards, under their plans, newest plan first.
    groups: Vec<PlanGroup<'a>>,
    pagination: Pagination,
}

pub(super) fn theme_at<'a>(
    views: &Views<'a>,
    index: usize,
    prison: usize,
    number: usize,
) -> ThemeAtPage<'a> {
    let site = views.site;
    let t = &site.themes[index];
    let mut items = theme_run_at(site, index, prison).to_vec();
    newest_plan_first(&mut items, |r| site.recommendations[r].plan);
    let by_plan = tally_by_plan(views, &items, |r, counts| {
        let r = &site.recommendations[r];
        counts.add_item(r.kind, r.decision.class, r.outcome);
        for &a in &r.actions {
            counts.actions.add(site.actions[a].status);
        }
        r.plan
    });
    let groups = group_by_plan(views, page_of(&items, number), |r| {
        (site.recommendations[r].plan, views.card_value(r))
    });
    ThemeAtPage {
        title: format!("{} at {}", t.name, site.prisons[prison].profile.name),
        theme: views.themes[index].clone(),
        prison: views.prisons[prison].clone(),
        by_plan,
        recurring: recurring(site, &items),
        groups,
        pagination: pagination(
            views,
            &part_path(&t.path, site, prison),
            number,
            items.len(),
        ),
    }
}
