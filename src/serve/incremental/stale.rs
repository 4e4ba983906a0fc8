//! Which pages a change of content makes stale, found by comparing what the
//! changed prisons showed before and after, so `serve --watch` renders only those.
//!
//! Every page's context is built from the derived site, so a page is stale
//! when something it shows changed. A plan's items appear only on its own
//! pages, its prison's pages and its prison's part of each theme and owner
//! list (see [`crate::render::pages`]), plus the numbers on the indexes. So a
//! [`Snapshot`] of the changed plans' prisons, taken before and after, tells
//! which of those pages moved. Where a change reaches everywhere (a prison
//! renamed, an owner's name changed, the themes changed) the answer is simply
//! everything. A test rebuilds edited sites both ways and compares every byte.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::PathBuf;

use crate::model::{Counts, Site, Status, owners};
use crate::render::pages::{PER_PAGE, Page};
use crate::render::views::sort_owner_part;

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
    if !same_prisons(old, new)
        || !same_themes(old, new)
        || !same_owner_names(old, new)
        || !same_owners_elsewhere(old, new, changed)
    {
        return Stale::Everything;
    }
    let prisons: BTreeSet<String> = [old, new]
        .into_iter()
        .flat_map(|site| {
            site.plans
                .iter()
                .filter(|plan| changed.contains(&plan.source_file))
                .map(|plan| site.prisons[plan.prison].slug.clone())
        })
        .collect();
    let prisons: Vec<String> = prisons.into_iter().collect();
    let before = Snapshot::of(old, &prisons, changed);
    let after = Snapshot::of(new, &prisons, changed);
    Stale::Pages(before.stale(&after, new).pages)
}

/// What the changed plans' prisons show, by keys that stay the same across
/// rebuilds (URLs and slugs, never indices), and the numbers every index shows.
pub struct Snapshot {
    /// The changed plans, by content file.
    changed: HashSet<PathBuf>,
    counts: Counts,
    themes: Vec<Counts>,
    /// Every owner by slug: what its page heads with, and the page's file.
    owners: BTreeMap<String, OwnerFacts>,
    prisons: Vec<PrisonSnapshot>,
}

/// What an owner's page shows above its table by prison, and where it is.
#[derive(PartialEq)]
struct OwnerFacts {
    counts: Counts,
    spellings: Vec<String>,
    file: String,
}

/// One changed prison: its plans, its recommendations as other pages name
/// them, and its part of every theme and owner list.
#[derive(PartialEq)]
struct PrisonSnapshot {
    slug: String,
    counts: Counts,
    plans: Vec<PlanFacts>,
    named: Vec<Named>,
    /// Per theme, the prison's part of its list.
    themes: Vec<Vec<Item>>,
    /// Per owner with actions here (by slug), the prison's part of its list,
    /// and how many of those actions are overdue.
    owners: BTreeMap<String, (Vec<Item>, usize)>,
    /// The files of the pages that show only this prison's items.
    files: BTreeSet<String>,
}

/// What lists and links show of a plan.
#[derive(PartialEq)]
struct PlanFacts {
    path: String,
    source_file: PathBuf,
    dates: [Option<chrono::NaiveDate>; 4],
    counts: Counts,
}

/// What another page of the prison shows of a recommendation: related lists
/// name it by ref under its themes, and a later plan may say it repeats it.
#[derive(PartialEq)]
struct Named {
    plan: String,
    path: String,
    reference: String,
    kind: &'static str,
    themes: Vec<usize>,
}

/// An item of a list: a recommendation's URL and, for an action, its place
/// among the recommendation's actions; marked when it is a changed plan's.
#[derive(Clone, PartialEq)]
struct Item {
    path: String,
    at: usize,
    marked: bool,
}

/// The pages a change made stale, and whether the numbers on the indexes
/// and the feed changed.
pub struct Changes {
    pub pages: Vec<Page>,
    pub numbers_changed: bool,
    /// Files of pages that are new, and of pages that are gone.
    pub added: Vec<String>,
    pub removed: Vec<String>,
}

impl Snapshot {
    /// What `site` shows of the prisons named by `prisons` (slugs), with the
    /// plans whose content files are `changed`.
    pub fn of(site: &Site, prisons: &[String], changed: &HashSet<PathBuf>) -> Snapshot {
        let index: HashMap<&str, usize> = site
            .prisons
            .iter()
            .enumerate()
            .map(|(i, p)| (p.slug.as_str(), i))
            .collect();
        Snapshot {
            changed: changed.clone(),
            counts: site.counts,
            themes: site.themes.iter().map(|t| t.counts).collect(),
            owners: site
                .owners
                .iter()
                .enumerate()
                .map(|(i, o)| {
                    let facts = OwnerFacts {
                        counts: o.counts,
                        spellings: o.spellings.clone(),
                        file: Page::Owner(i).file(site),
                    };
                    (o.slug.clone(), facts)
                })
                .collect(),
            prisons: prisons
                .iter()
                .filter_map(|slug| index.get(slug.as_str()))
                .map(|&prison| PrisonSnapshot::of(site, prison, changed))
                .collect(),
        }
    }

    /// The pages of `site` (whose snapshot is `after`) that differ from what
    /// this snapshot saw.
    pub fn stale(&self, after: &Snapshot, site: &Site) -> Changes {
        let mut pages = Vec::new();
        let (mut added, mut removed) = (Vec::new(), Vec::new());
        let touched: HashSet<usize> = (0..site.plans.len())
            .filter(|&p| self.changed.contains(&site.plans[p].source_file))
            .collect();
        // Both snapshots name the same prisons: a change to the prisons
        // themselves makes everything stale before snapshots are compared.
        for (before, now) in self.prisons.iter().zip(&after.prisons) {
            if let Some(prison) = site.prisons.iter().position(|p| p.slug == now.slug) {
                before.stale_in(now, site, prison, &touched, &mut pages);
            }
            added.extend(now.files.difference(&before.files).cloned());
            removed.extend(before.files.difference(&now.files).cloned());
        }
        let numbers_changed = self.counts != after.counts
            || self.themes != after.themes
            || self.owners != after.owners
            || self.prisons.iter().zip(&after.prisons).any(|(b, a)| {
                b.counts != a.counts || b.plans != a.plans || !same_keys(&b.owners, &a.owners)
            });
        if numbers_changed {
            pages.extend([
                Page::Home,
                Page::Prisons,
                Page::Themes,
                Page::Owners,
                Page::Data,
            ]);
            // A theme's or owner's counts head its page wherever they changed.
            for (theme, (was, is)) in self.themes.iter().zip(&after.themes).enumerate() {
                if was != is {
                    pages.push(Page::Theme(theme));
                }
            }
            for (owner, o) in site.owners.iter().enumerate() {
                if self.owners.get(&o.slug) != after.owners.get(&o.slug) {
                    pages.push(Page::Owner(owner));
                }
            }
        }
        // Owners that came or went with the change.
        for (slug, facts) in &after.owners {
            if !self.owners.contains_key(slug) {
                added.push(facts.file.clone());
            }
        }
        for (slug, facts) in &self.owners {
            if !after.owners.contains_key(slug) {
                removed.push(facts.file.clone());
            }
        }
        pages.sort_by_key(|page| page.file(site));
        pages.dedup();
        Changes {
            pages,
            numbers_changed,
            added,
            removed,
        }
    }
}

fn same_keys<K: Ord, V>(a: &BTreeMap<K, V>, b: &BTreeMap<K, V>) -> bool {
    a.len() == b.len() && a.keys().zip(b.keys()).all(|(x, y)| x == y)
}

impl PrisonSnapshot {
    fn of(site: &Site, prison: usize, changed: &HashSet<PathBuf>) -> PrisonSnapshot {
        let p = &site.prisons[prison];
        let plans = p
            .plans
            .iter()
            .map(|&i| {
                let plan = &site.plans[i];
                PlanFacts {
                    path: plan.path.clone(),
                    source_file: plan.source_file.clone(),
                    dates: [
                        plan.report_published,
                        plan.action_plan_submitted,
                        plan.inspected_from,
                        plan.inspected_to,
                    ],
                    counts: plan.counts,
                }
            })
            .collect();
        let named = p
            .plans
            .iter()
            .flat_map(|&i| &site.plans[i].recommendations)
            .map(|&r| {
                let r = &site.recommendations[r];
                Named {
                    plan: site.plans[r.plan].path.clone(),
                    path: r.path.clone(),
                    reference: r.reference.clone(),
                    kind: r.kind.as_str(),
                    themes: r.themes.clone(),
                }
            })
            .collect();
        let marked =
            |r: usize| changed.contains(&site.plans[site.recommendations[r].plan].source_file);
        let mut themes: Vec<Vec<Item>> = vec![Vec::new(); site.themes.len()];
        let mut owned: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for &r in p.plans.iter().flat_map(|&i| &site.plans[i].recommendations) {
            let rec = &site.recommendations[r];
            for &theme in &rec.themes {
                themes[theme].push(Item {
                    path: rec.path.clone(),
                    at: 0,
                    marked: marked(r),
                });
            }
            for &a in &rec.actions {
                for &owner in &site.actions[a].owners {
                    owned.entry(owner).or_default().push(a);
                }
            }
        }
        let owners_by_index: BTreeMap<usize, (Vec<Item>, usize)> = owned
            .into_iter()
            .map(|(owner, mut actions)| {
                sort_owner_part(site, &mut actions);
                let overdue = actions
                    .iter()
                    .filter(|&&a| site.actions[a].status == Status::Overdue)
                    .count();
                let items = actions
                    .iter()
                    .map(|&a| {
                        let r = site.actions[a].recommendation;
                        let first = site.recommendations[r]
                            .actions
                            .first()
                            .copied()
                            .unwrap_or(a);
                        Item {
                            path: site.recommendations[r].path.clone(),
                            at: a - first,
                            marked: marked(r),
                        }
                    })
                    .collect();
                (owner, (items, overdue))
            })
            .collect();
        let owners = owners_by_index
            .iter()
            .map(|(&owner, part)| (site.owners[owner].slug.clone(), part.clone()))
            .collect();
        let mut files: BTreeSet<String> = p
            .plans
            .iter()
            .flat_map(|&plan| {
                let recommendations = &site.plans[plan].recommendations;
                std::iter::once(Page::Plan(plan))
                    .chain(recommendations.iter().map(|&r| Page::Recommendation(r)))
            })
            .map(|page| page.file(site))
            .collect();
        for (theme, items) in themes.iter().enumerate() {
            files.extend(numbers(items.len()).map(|number| {
                Page::ThemeAt {
                    theme,
                    prison,
                    number,
                }
                .file(site)
            }));
        }
        for (owner, (items, _)) in owners_by_index.iter() {
            files.extend(numbers(items.len()).map(|number| {
                Page::OwnerAt {
                    owner: *owner,
                    prison,
                    number,
                }
                .file(site)
            }));
        }
        PrisonSnapshot {
            files,
            slug: p.slug.clone(),
            counts: p.counts,
            plans,
            named,
            themes,
            owners,
        }
    }

    /// Adds the pages of prison `prison` of `site` (snapshot `now`) that
    /// differ from this snapshot's; `touched` are the changed plans.
    fn stale_in(
        &self,
        now: &PrisonSnapshot,
        site: &Site,
        prison: usize,
        touched: &HashSet<usize>,
        pages: &mut Vec<Page>,
    ) {
        pages.push(Page::Prison(prison));
        let plans = &site.prisons[prison].plans;
        let plans_moved = !same_plans(&self.plans, &now.plans);
        let changed_themes = self.changed_themes(now, site);
        let renumbered = self.renumbered_plans(now);
        for (at, &plan) in plans.iter().enumerate() {
            let p = &site.plans[plan];
            let whole = plans_moved || touched.contains(&plan);
            if whole {
                pages.push(Page::Plan(plan));
            }
            // A later plan's "repeats" names a ref of the plan before it.
            let before_renumbered = at > 0 && renumbered.contains(&site.plans[plans[at - 1]].path);
            for &r in &p.recommendations {
                let rec = &site.recommendations[r];
                let related = rec.themes.iter().any(|t| changed_themes.contains(t));
                if whole || related || (before_renumbered && rec.repeats.is_some()) {
                    pages.push(Page::Recommendation(r));
                }
            }
        }
        for (theme, (was, is)) in self.themes.iter().zip(&now.themes).enumerate() {
            let change = ListChange {
                before: was,
                after: is,
            };
            pages.extend(change.pages().map(|number| Page::ThemeAt {
                theme,
                prison,
                number,
            }));
            let listed = !(was.is_empty() && is.is_empty());
            if (plans_moved && listed) || self.row(theme) != now.row(theme) {
                pages.push(Page::Theme(theme));
            }
        }
        let slugs: BTreeSet<&String> = self.owners.keys().chain(now.owners.keys()).collect();
        let none = (Vec::new(), 0);
        for slug in slugs {
            let Some(owner) = site.owners.iter().position(|o| &o.slug == slug) else {
                continue;
            };
            let (was, was_overdue) = self.owners.get(slug).unwrap_or(&none);
            let (is, is_overdue) = now.owners.get(slug).unwrap_or(&none);
            let change = ListChange {
                before: was,
                after: is,
            };
            pages.extend(change.pages().map(|number| Page::OwnerAt {
                owner,
                prison,
                number,
            }));
            if plans_moved || was.len() != is.len() || was_overdue != is_overdue {
                pages.push(Page::Owner(owner));
            }
        }
    }

    /// Themes on which the changed prison's other plans name different
    /// recommendations of it in their related lists.
    fn changed_themes<'s>(&'s self, now: &'s PrisonSnapshot, site: &Site) -> HashSet<usize> {
        (0..site.themes.len())
            .filter(|&theme| {
                let on =
                    |named: &'s [Named]| named.iter().filter(move |n| n.themes.contains(&theme));
                on(&self.named).ne(on(&now.named))
            })
            .collect()
    }

    /// The prison's row on theme `theme`'s page: each plan (by URL) and how
    /// many of its recommendations are on the theme.
    fn row(&self, theme: usize) -> Vec<(&str, usize)> {
        let mut row: Vec<(&str, usize)> = Vec::new();
        for n in self.named.iter().filter(|n| n.themes.contains(&theme)) {
            match row.last_mut() {
                Some((plan, count)) if *plan == n.plan => *count += 1,
                _ => row.push((&n.plan, 1)),
            }
        }
        row
    }

    /// Plans (by URL) whose refs changed.
    fn renumbered_plans(&self, now: &PrisonSnapshot) -> HashSet<String> {
        let refs = |named: &[Named]| -> BTreeMap<String, Vec<(String, String)>> {
            let mut by_plan: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
            for n in named {
                by_plan
                    .entry(n.plan.clone())
                    .or_default()
                    .push((n.reference.clone(), n.path.clone()));
            }
            by_plan
        };
        let (was, is) = (refs(&self.named), refs(&now.named));
        was.keys()
            .chain(is.keys())
            .filter(|plan| was.get(*plan) != is.get(*plan))
            .cloned()
            .collect()
    }
}

/// Whether the prison has the same plans at the same URLs and dates (what
/// links to a plan show), whatever their counts.
fn same_plans(a: &[PlanFacts], b: &[PlanFacts]) -> bool {
    a.len() == b.len()
        && a.iter()
            .zip(b)
            .all(|(x, y)| x.path == y.path && x.dates == y.dates)
}

/// The page numbers of a list of `items` items.
fn numbers(items: usize) -> std::ops::RangeInclusive<usize> {
    1..=items.div_ceil(PER_PAGE)
}

/// One prison's part of a list before and after a change.
struct ListChange<'s> {
    before: &'s [Item],
    after: &'s [Item],
}

impl ListChange<'_> {
    /// The stale page numbers: all when the page breaks moved, else those
    /// whose items changed place or plan.
    fn pages(&self) -> impl Iterator<Item = usize> + '_ {
        let moved = self.before.len() != self.after.len();
        numbers(self.after.len()).filter(move |&number| {
            if moved {
                return true;
            }
            let range = (number - 1) * PER_PAGE..(number * PER_PAGE).min(self.after.len());
            range
                .clone()
                .any(|i| self.after[i].marked || self.before.get(i) != self.after.get(i))
        })
    }
}

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

/// Whether every owner in both sites kept its name, URL and spellings (owners may come and go).
fn same_owner_names(old: &Site, new: &Site) -> bool {
    owners::kept_names(owner_names(old), owner_names(new))
        && new.owners.iter().all(|o| {
            old.owners
                .iter()
                .find(|was| was.slug == o.slug)
                .is_none_or(|was| was.spellings == o.spellings)
        })
}

/// Whether the plans that did not change name the same owners (by URL) on
/// every action: a plan that writes a new owner can change how another's
/// written owners split ("Head of Residential and Safety").
fn same_owners_elsewhere(old: &Site, new: &Site, changed: &HashSet<PathBuf>) -> bool {
    let plans: HashMap<&PathBuf, usize> = new
        .plans
        .iter()
        .enumerate()
        .map(|(i, p)| (&p.source_file, i))
        .collect();
    old.plans.iter().enumerate().all(|(plan, p)| {
        let Some(&now) = plans.get(&p.source_file) else {
            return true;
        };
        changed.contains(&p.source_file)
            || action_owners(old, plan)
                .zip(action_owners(new, now))
                .all(|(a, b)| {
                    a.len() == b.len()
                        && a.iter()
                            .zip(b)
                            .all(|(&x, &y)| old.owners[x].slug == new.owners[y].slug)
                })
    })
}

/// The owners of each of plan `plan`'s actions, in order.
fn action_owners(site: &Site, plan: usize) -> impl Iterator<Item = &Vec<usize>> {
    site.plans[plan]
        .recommendations
        .iter()
        .flat_map(|&r| &site.recommendations[r].actions)
        .map(|&a| &site.actions[a].owners)
}

/// A site's owners as (slug, name).
fn owner_names(site: &Site) -> impl Iterator<Item = (&str, &str)> {
    site.owners
        .iter()
        .map(|o| (o.slug.as_str(), o.name.as_str()))
}
