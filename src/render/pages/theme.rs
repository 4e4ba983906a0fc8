//! A theme (topic) across the estate, and its part at one prison, page by page.

use super::*;

/// One prison's part of a theme: its plans and how many recommendations each has on it.
#[derive(Serialize)]
pub(super) struct PrisonCount<'a> {
    prison: Link<'a>,
    /// The page listing the part.
    url: String,
    total: usize,
    plans: Vec<PlanCount<'a>>,
}

#[derive(Serialize)]
pub(super) struct ThemePage<'a> {
    title: &'a str,
    theme: Link<'a>,
    description: &'a str,
    counts: CountsView,
    /// The theme by prison and plan, each prison linking to its part.
    by_prison: Vec<PrisonCount<'a>>,
}

pub(super) fn theme<'a>(views: &Views<'a>, index: usize) -> ThemePage<'a> {
    let site = views.site;
    let t = &site.themes[index];
    let by_prison = theme_runs(site, index)
        .map(|(prison, items)| {
            let mut plans: Vec<PlanCount> = Vec::new();
            for &r in items {
                let plan = site.recommendations[r].plan;
                match plans.last_mut() {
                    Some(pc) if pc.plan.url == views.plans[plan.get()].url => pc.count += 1,
                    _ => plans.push(PlanCount {
                        plan: views.plans[plan.get()].clone(),
                        count: 1,
                    }),
                }
            }
            PrisonCount {
                prison: views.prisons[prison].clone(),
                url: views.urls.page(&part_path(&t.path, site, prison)),
                total: items.len(),
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
pub(super) struct ThemeAtPage<'a> {
    /// "Health at HMP Leicester".
    title: String,
    theme: Link<'a>,
    prison: Link<'a>,
    cards: Vec<Shown>,
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
    let items = theme_run_at(site, index, prison);
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
