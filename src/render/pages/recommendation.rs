//! A recommendation's page: its text, decision, actions, themes and related items.

use super::*;

/// How many related items of one plan a recommendation's page quotes; the
/// rest are counted and linked, so a page stays short however many items
/// its prison's plans hold on a theme.
const RELATED_SHOWN: usize = 3;

/// Recommendations of other plans of the same prison on one of this one's themes.
#[derive(Serialize)]
pub(super) struct Related<'a> {
    theme: Link<'a>,
    /// The theme's list at this prison, where every item is.
    url: String,
    plans: Vec<RelatedPlan<'a>>,
}

#[derive(Serialize)]
pub(super) struct RelatedPlan<'a> {
    plan: PlanLink<'a>,
    /// The first few, each a `RelatedItem`, shared by every page that lists it.
    recommendations: Vec<Shown>,
    /// How many more the plan holds on the theme.
    more: usize,
}

#[derive(Serialize)]
pub(super) struct RecommendationPage<'a> {
    title: String,
    card: Shown,
    response_html: crate::render::views::Shared,
    /// The earlier plan's recommendation this one repeats, when it can be found.
    repeats: Option<Link<'a>>,
    /// The neighbours in the plan, as cards so links can say "Recommendation 5.2".
    previous: Option<Shown>,
    next: Option<Shown>,
    related: Vec<Related<'a>>,
}

pub(super) fn recommendation<'a>(
    views: &Views<'a>,
    index: Ix<Recommendation>,
) -> RecommendationPage<'a> {
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
                .map(|&plan| {
                    let all: Vec<Ix<Recommendation>> = group
                        .recommendations
                        .iter()
                        .filter(|&&other| site.recommendations[other].plan == plan)
                        .copied()
                        .collect();
                    RelatedPlan {
                        plan: views.plans[plan.get()].clone(),
                        recommendations: all
                            .iter()
                            .take(RELATED_SHOWN)
                            .map(|&other| views.related_item(other))
                            .collect(),
                        more: all.len().saturating_sub(RELATED_SHOWN),
                    }
                })
                .collect();
            RelatedPlan::group(views, group.theme, r.prison, plans)
        })
        .collect();
    RecommendationPage {
        title: format!("{}: {}", card.title, views.plans[r.plan.get()].title),
        card: views.card_value(index),
        response_html: card.response_html.clone(),
        repeats: repeated(views, index),
        previous,
        next,
        related,
    }
}

impl<'a> RelatedPlan<'a> {
    fn group(
        views: &Views<'a>,
        theme: usize,
        prison: usize,
        plans: Vec<RelatedPlan<'a>>,
    ) -> Related<'a> {
        let site = views.site;
        Related {
            theme: views.themes[theme].clone(),
            url: views
                .urls
                .page(&part_path(&site.themes[theme].path, site, prison)),
            plans,
        }
    }
}

/// The recommendation of the same prison's previous plan that this one says it repeats.
pub(super) fn repeated<'a>(views: &Views<'a>, index: Ix<Recommendation>) -> Option<Link<'a>> {
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
