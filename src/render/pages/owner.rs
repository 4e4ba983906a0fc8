//! An owner's promises across the estate, and its part at one prison, page by page.

use super::*;
use crate::model::StatusCounts;

/// One action of an owner, with the recommendation and plan it answers.
#[derive(Serialize)]
pub(super) struct OwnerItem {
    action: tera::Value,
    recommendation: Shown,
}

/// One prison's part of an owner's actions.
#[derive(Serialize)]
pub(super) struct OwnerPrison<'a> {
    prison: Converted<Link<'a>>,
    /// The page listing the part.
    url: String,
    actions: usize,
    /// Still to be done, as far as its plans at the prison record.
    open: usize,
    overdue: usize,
}

#[derive(Serialize)]
pub(super) struct OwnerPage<'a> {
    title: &'a str,
    owner: Converted<Link<'a>>,
    /// Other ways the plans write this owner's name.
    spellings: Vec<&'a str>,
    counts: CountsView,
    /// In current plans only.
    current: CountsView,
    prisons: Vec<OwnerPrison<'a>>,
}

pub(super) fn owner<'a>(views: &Views<'a>, index: usize) -> OwnerPage<'a> {
    let site = views.site;
    let o = &site.owners[index];
    // Counts by prison need no order: the runs, not the sorted parts.
    let prisons = owner_runs(site, index)
        .map(|(prison, items)| {
            // One pass over the actions: an owner's run up to thousands long.
            let mut statuses = StatusCounts::default();
            for &a in items {
                statuses.add(site.actions[a].status);
            }
            OwnerPrison {
                prison: views.prisons[prison].clone(),
                url: views.urls.page(&part_path(&o.path, site, prison)),
                actions: items.len(),
                open: statuses.open(),
                overdue: statuses.overdue,
            }
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
        current: CountsView::of(&o.current),
        prisons,
    }
}

#[derive(Serialize)]
pub(super) struct OwnerAtPage<'a> {
    /// "Governor at HMP Leicester".
    title: String,
    owner: Converted<Link<'a>>,
    prison: Converted<Link<'a>>,
    /// The part's counts, plan by plan, newest first: the answer before the list.
    by_plan: Vec<PlanTally<'a>>,
    /// This page's actions, under their plans, newest plan first.
    groups: Vec<PlanGroup<'a, OwnerItem>>,
    pagination: Pagination,
}

pub(super) fn owner_at<'a>(
    views: &Views<'a>,
    index: usize,
    prison: usize,
    number: usize,
) -> OwnerAtPage<'a> {
    let site = views.site;
    let o = &site.owners[index];
    let mut order = owner_run_at(site, index, prison).to_vec();
    sort_owner_part(site, &mut order);
    let order = order.as_slice();
    let plan_of = |a: Ix<Action>| site.recommendations[site.actions[a].recommendation].plan;
    let mut seen = std::collections::BTreeSet::new();
    let by_plan = tally_by_plan(views, order, |a, counts| {
        let action = &site.actions[a];
        let r = &site.recommendations[action.recommendation];
        // Each item once, however many of its actions the owner has.
        if seen.insert(action.recommendation) {
            counts.add_item(r.kind, r.decision.class, r.outcome);
        }
        counts.actions.add(action.status);
        r.plan
    });
    let groups = group_by_plan(views, page_of(order, number), |a| {
        let r = site.actions[a].recommendation;
        let position = site.recommendations[r]
            .actions
            .iter()
            .position(|&x| x == a)
            .unwrap_or(0);
        let item = OwnerItem {
            action: views.action_value(r, position),
            recommendation: views.card_value(r),
        };
        (plan_of(a), item)
    });
    OwnerAtPage {
        title: format!("{} at {}", o.name, site.prisons[prison].profile.name),
        owner: views.owners[index].clone(),
        prison: views.prisons[prison].clone(),
        by_plan,
        groups,
        pagination: pagination(
            views,
            &part_path(&o.path, site, prison),
            number,
            order.len(),
        ),
    }
}
