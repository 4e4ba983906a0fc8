//! Which pages a change of content makes stale, found by comparing the site
//! before and after, so `serve --watch` renders only those.
//!
//! Every page's context is built from the derived site, so a page is stale
//! when something it shows changed. The rules below follow what each page
//! kind shows (see [`super::pages`]): a plan's own pages, its prison's pages,
//! the lists it appears in, and the indexes. Where a change reaches
//! everywhere (a prison renamed, an owner's name or URL changed, the themes
//! changed) the answer is simply everything. A test rebuilds edited sites
//! both ways and compares every byte.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::PathBuf;

use super::pages::{PER_PAGE, Page};
use super::views::{owner_order, owner_prisons};
use crate::model::{Counts, Site};

/// What must be rendered again.
#[derive(Debug, PartialEq, Eq)]
pub enum Stale {
    /// Everything: the change reaches every page.
    Everything,
    /// These pages of the new site (pages that no longer exist are found by
    /// comparing file lists, not here).
    Pages(Vec<Page>),
}

/// The pages of `new` made stale by changing the content files `changed`
/// (paths relative to the site root, as the model records them).
pub fn stale(old: &Site, new: &Site, changed: &HashSet<PathBuf>) -> Stale {
    if !same_prisons(old, new) || !same_themes(old, new) || !same_owner_names(old, new) {
        return Stale::Everything;
    }
    let touched_plans = |site: &Site| -> Vec<usize> {
        (0..site.plans.len())
            .filter(|&p| changed.contains(&site.plans[p].source_file))
            .collect()
    };
    let (old_plans, new_plans) = (touched_plans(old), touched_plans(new));
    let added_or_removed = old.plans.len() != new.plans.len()
        || old
            .plans
            .iter()
            .zip(&new.plans)
            .any(|(a, b)| a.source_file != b.source_file || a.path != b.path);
    let prisons: BTreeSet<usize> = old_plans
        .iter()
        .map(|&p| old.plans[p].prison)
        .chain(new_plans.iter().map(|&p| new.plans[p].prison))
        .collect();
    let mut stale: Vec<Page> = vec![
        Page::Home,
        Page::Prisons,
        Page::Themes,
        Page::Owners,
        Page::Data,
        Page::NotFound,
    ];
    if added_or_removed {
        // Plan indices moved: every plan's pages and lists may shift.
        return Stale::Everything;
    }
    for &prison in &prisons {
        stale.push(Page::Prison(prison));
        // The prison's other plans show the changed plan's recommendations
        // only by name (related lists, repeats): they are stale only when a
        // name, kind, decision or theme changed.
        let names_kept = named(old, prison) == named(new, prison);
        for &plan in &new.prisons[prison].plans {
            if names_kept && !new_plans.contains(&plan) {
                continue;
            }
            stale.push(Page::Plan(plan));
            stale.extend(
                new.plans[plan]
                    .recommendations
                    .iter()
                    .map(|&r| Page::Recommendation(r)),
            );
        }
    }
    let in_touched =
        |site: &Site, plans: &[usize], r: usize| plans.contains(&site.recommendations[r].plan);
    for (theme, t) in new.themes.iter().enumerate() {
        let previous = &old.themes[theme].recommendations;
        let marked: Vec<bool> = t
            .recommendations
            .iter()
            .map(|&r| in_touched(new, &new_plans, r))
            .collect();
        let was_marked = previous.iter().any(|&r| in_touched(old, &old_plans, r));
        if !was_marked && !marked.contains(&true) {
            continue;
        }
        let change = ListChange {
            before: keys(old, previous),
            after: keys(new, &t.recommendations),
            marked,
            // The first page carries the counts and the table by prison and plan.
            whole: false,
            first: true,
        };
        stale.extend(change.pages().map(|number| Page::Theme { theme, number }));
    }
    let old_owners: HashMap<&str, usize> = old
        .owners
        .iter()
        .enumerate()
        .map(|(i, o)| (o.slug.as_str(), i))
        .collect();
    for (owner, o) in new.owners.iter().enumerate() {
        let previous = old_owners.get(o.slug.as_str()).copied();
        let touches = |site: &Site, plans: &[usize], actions: &[usize]| {
            actions
                .iter()
                .any(|&a| in_touched(site, plans, site.actions[a].recommendation))
        };
        let was_touched =
            previous.is_some_and(|p| touches(old, &old_plans, &old.owners[p].actions));
        if previous.is_some() && !was_touched && !touches(new, &new_plans, &o.actions) {
            continue;
        }
        let order = owner_order(new, owner);
        let change = ListChange {
            before: previous.map_or_else(Vec::new, |p| action_keys(old, &owner_order(old, p))),
            marked: order
                .iter()
                .map(|&a| in_touched(new, &new_plans, new.actions[a].recommendation))
                .collect(),
            after: action_keys(new, &order),
            // The owner's prisons head every page; its counts the first.
            whole: previous.is_none_or(|p| owner_prisons(old, p) != owner_prisons(new, owner)),
            first: previous.is_none_or(|p| old.owners[p].counts != o.counts),
        };
        stale.extend(change.pages().map(|number| Page::Owner { owner, number }));
    }
    stale.sort_by_key(|page| page.file(new));
    stale.dedup();
    Stale::Pages(stale)
}

/// What a plan's pages and lists looked like before the plan was patched in
/// place ([`crate::model::patch_plan`]), to tell which pages the patch made stale.
pub struct Before {
    plan: usize,
    counts: Counts,
    themes: Vec<Counts>,
    /// The plan's owners, each with its list and counts.
    owners: Vec<OwnerBefore>,
}

/// One owner's list (by stable keys) and counts before a patch.
struct OwnerBefore {
    owner: usize,
    keys: Vec<(String, usize)>,
    counts: Counts,
}

impl Before {
    /// Notes what patching plan `plan` may change.
    pub fn capture(site: &Site, plan: usize) -> Before {
        let owners = owners_of(site, plan)
            .into_iter()
            .map(|owner| {
                let keys = action_keys(site, &owner_order(site, owner))
                    .into_iter()
                    .map(|(path, at)| (path.to_string(), at))
                    .collect();
                OwnerBefore {
                    owner,
                    keys,
                    counts: site.owners[owner].counts,
                }
            })
            .collect();
        Before {
            plan,
            counts: site.counts,
            themes: site.themes.iter().map(|t| t.counts).collect(),
            owners,
        }
    }

    /// The pages of `site` (the plan patched in) that changed: the plan's own,
    /// the list pages holding its items or whose order or counts moved, and,
    /// when numbers changed, its prison's page and the indexes.
    pub fn stale(&self, site: &Site) -> Vec<Page> {
        let plan = self.plan;
        let recommendations = &site.plans[plan].recommendations;
        let mut stale = vec![Page::Plan(plan)];
        stale.extend(recommendations.iter().map(|&r| Page::Recommendation(r)));
        if self.counts != site.counts {
            stale.push(Page::Prison(site.plans[plan].prison));
            stale.extend([
                Page::Home,
                Page::Prisons,
                Page::Themes,
                Page::Owners,
                Page::Data,
            ]);
        }
        for (theme, t) in site.themes.iter().enumerate() {
            let keys = keys(site, &t.recommendations);
            let change = ListChange {
                marked: t
                    .recommendations
                    .iter()
                    .map(|&r| site.recommendations[r].plan == plan)
                    .collect(),
                before: keys.clone(),
                after: keys,
                whole: false,
                first: self.themes[theme] != t.counts,
            };
            stale.extend(change.pages().map(|number| Page::Theme { theme, number }));
        }
        for OwnerBefore {
            owner,
            keys,
            counts,
        } in &self.owners
        {
            let order = owner_order(site, *owner);
            let change = ListChange {
                before: keys.iter().map(|(path, at)| (path.as_str(), *at)).collect(),
                after: action_keys(site, &order),
                marked: order
                    .iter()
                    .map(|&a| site.recommendations[site.actions[a].recommendation].plan == plan)
                    .collect(),
                whole: false,
                first: *counts != site.owners[*owner].counts,
            };
            let owner = *owner;
            stale.extend(change.pages().map(|number| Page::Owner { owner, number }));
        }
        stale.sort_by_key(|page| page.file(site));
        stale.dedup();
        stale
    }

    /// Whether the patch changed any number (so feeds and indexes change too).
    pub fn numbers_changed(&self, site: &Site) -> bool {
        self.counts != site.counts
    }
}

/// The owners named on a plan's actions.
fn owners_of(site: &Site, plan: usize) -> Vec<usize> {
    let mut owners: Vec<usize> = site.plans[plan]
        .recommendations
        .iter()
        .flat_map(|&r| &site.recommendations[r].actions)
        .flat_map(|&a| site.actions[a].owners.iter().copied())
        .collect();
    owners.sort_unstable();
    owners.dedup();
    owners
}

/// One paginated list before and after a change.
struct ListChange<'s> {
    /// Item keys, stable across rebuilds.
    before: Vec<Key<'s>>,
    after: Vec<Key<'s>>,
    /// Items (of `after`) that belong to a changed plan.
    marked: Vec<bool>,
    /// Whether what heads every page changed.
    whole: bool,
    /// Whether the first page shows a summary that any changed item may change.
    first: bool,
}

impl ListChange<'_> {
    /// The stale page numbers: all when the headline changed or the page
    /// breaks moved, else those whose items changed place or plan.
    fn pages(&self) -> impl Iterator<Item = usize> + '_ {
        let count = self.after.len().div_ceil(PER_PAGE).max(1);
        let moved = self.before.len() != self.after.len();
        (1..=count).filter(move |&number| {
            if self.whole || moved || (self.first && number == 1) {
                return true;
            }
            let range = (number - 1) * PER_PAGE..(number * PER_PAGE).min(self.after.len());
            range
                .clone()
                .any(|i| self.marked[i] || self.before.get(i) != self.after.get(i))
        })
    }
}

/// What another plan's page shows of a recommendation.
#[derive(PartialEq, Eq)]
struct Named<'s> {
    path: &'s str,
    reference: &'s str,
    kind: &'static str,
    themes: &'s [usize],
    repeats: Option<&'s str>,
}

/// How a prison's recommendations are named on its other plans' pages
/// (see `RelatedItem` in [`super::pages`]), with their themes and repeats.
fn named(site: &Site, prison: usize) -> Vec<Named<'_>> {
    site.prisons[prison]
        .plans
        .iter()
        .flat_map(|&plan| &site.plans[plan].recommendations)
        .map(|&r| {
            let r = &site.recommendations[r];
            Named {
                path: &r.path,
                reference: &r.reference,
                kind: r.kind.as_str(),
                themes: &r.themes,
                repeats: r.repeats.as_deref(),
            }
        })
        .collect()
}

/// Recommendations by URL, which stays the same across rebuilds.
fn keys<'s>(site: &'s Site, recommendations: &[usize]) -> Vec<Key<'s>> {
    recommendations
        .iter()
        .map(|&r| (site.recommendations[r].path.as_str(), 0))
        .collect()
}

/// Actions by their recommendation's URL and their place in it.
fn action_keys<'s>(site: &'s Site, actions: &[usize]) -> Vec<Key<'s>> {
    actions
        .iter()
        .map(|&a| {
            let r = site.actions[a].recommendation;
            let first = site.recommendations[r]
                .actions
                .first()
                .copied()
                .unwrap_or(a);
            (site.recommendations[r].path.as_str(), a - first)
        })
        .collect()
}

/// An item of a list, the same in both sites: a recommendation's URL, and
/// for an action its place among the recommendation's actions.
type Key<'s> = (&'s str, usize);

fn same_prisons(old: &Site, new: &Site) -> bool {
    old.prisons.len() == new.prisons.len()
        && old
            .prisons
            .iter()
            .zip(&new.prisons)
            .all(|(a, b)| a.slug == b.slug && a.profile == b.profile && a.body == b.body)
}

fn same_themes(old: &Site, new: &Site) -> bool {
    old.themes.len() == new.themes.len()
        && old
            .themes
            .iter()
            .zip(&new.themes)
            .all(|(a, b)| a.slug == b.slug && a.name == b.name && a.description == b.description)
}

/// Whether every owner in both sites kept its name and URL (owners may come and go).
fn same_owner_names(old: &Site, new: &Site) -> bool {
    let names: HashMap<&str, &str> = old
        .owners
        .iter()
        .map(|o| (o.slug.as_str(), o.name.as_str()))
        .collect();
    let slugs: HashMap<&str, &str> = old
        .owners
        .iter()
        .map(|o| (o.name.as_str(), o.slug.as_str()))
        .collect();
    new.owners.iter().all(|o| {
        names
            .get(o.slug.as_str())
            .is_none_or(|name| *name == o.name)
            && slugs
                .get(o.name.as_str())
                .is_none_or(|slug| *slug == o.slug)
            && o.spellings == old_spellings(old, &o.slug).unwrap_or_else(|| o.spellings.clone())
    })
}

fn old_spellings(old: &Site, slug: &str) -> Option<Vec<String>> {
    old.owners
        .iter()
        .find(|o| o.slug == slug)
        .map(|o| o.spellings.clone())
}
