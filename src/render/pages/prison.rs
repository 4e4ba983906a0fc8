//! A prison's page: its facts, its plans over time and its recurring themes.

use super::*;

/// A theme raised at one prison in several plans.
#[derive(Serialize)]
pub(super) struct RecurringTheme<'a> {
    theme: Link<'a>,
    /// The theme's list at this prison.
    url: String,
    plans: Vec<PlanCount<'a>>,
}

#[derive(Serialize)]
pub(super) struct PrisonPage<'a> {
    title: &'a str,
    prison: Link<'a>,
    facts: Vec<Fact>,
    /// The documents the facts come from, by title and date.
    sources: &'a [crate::config::SourceDocument],
    body_html: String,
    counts: CountsView,
    /// Its current plan (the latest) and that plan's counts.
    current_plan: Option<PlanSummary<'a>>,
    plans: Vec<PlanSummary<'a>>,
    recurring: Vec<RecurringTheme<'a>>,
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
                        plan: views.plans[plan.get()].clone(),
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
    }
}
