//! How far a change reaches: every page, or the pages that can show
//! something of a few prisons (and of a few page templates).
//!
//! Nothing here knows what a page shows. The page map says which pages can
//! show a prison's items ([`pages::touching`]); this module says which
//! prisons a change is about, from identities alone: which content files
//! changed, and which links (a theme's, an owner's) a page elsewhere would
//! print differently. Which of the pages reached really changed is then
//! found by fingerprinting what each would show ([`super::Session`]).

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use crate::config;
use crate::model::Site;
use crate::pipeline::Prepared;
use crate::render::pages::{self, Page};

/// The pages a change may have made stale.
pub enum Reach {
    /// Every page is rendered again.
    Everything,
    /// Only these.
    Pages(Reached),
}

/// The pages that can show what changed, before and after the change.
pub struct Reached {
    /// Pages of the new site to fingerprint, and render if they changed.
    pub candidates: Vec<Page>,
    /// The files of the old site's pages that were reached: those not among
    /// the candidates' files are gone.
    pub before: HashSet<String>,
    /// Page templates edited since the last build: their pages are rendered
    /// whatever their context.
    pub templates: HashSet<&'static str>,
}

/// What the old site's pages reached were: taken before the model changes,
/// since a patch changes the site in place.
pub struct Before {
    files: HashSet<String>,
    /// Owners (slugs) with actions at the prisons.
    owners: HashSet<String>,
}

impl Before {
    /// The pages of `site` that can show prisons `prisons` (slugs).
    pub fn of(site: &Site, prisons: &HashSet<&str>) -> Before {
        let pages = pages::touching(site, &indices(site, prisons), &HashSet::new());
        let owners = pages.iter().filter_map(|page| match page {
            Page::Owner(owner) => Some(site.owners[*owner].slug.clone()),
            _ => None,
        });
        Before {
            owners: owners.collect(),
            files: pages.iter().map(|page| page.file(site)).collect(),
        }
    }
}

impl Reached {
    /// The pages of `new` that can show prisons `prisons` (slugs), or
    /// showed them `before`, with every page of `templates`.
    pub fn of(
        before: Before,
        new: &Site,
        prisons: &HashSet<&str>,
        templates: HashSet<&'static str>,
    ) -> Reached {
        // An owner that leaves these prisons keeps its page elsewhere, with other numbers.
        let owners: HashSet<usize> = (0..new.owners.len())
            .filter(|&o| before.owners.contains(&new.owners[o].slug))
            .collect();
        let mut candidates = pages::touching(new, &indices(new, prisons), &owners);
        if !templates.is_empty() {
            let of_templates = pages::all(new)
                .into_iter()
                .filter(|page| templates.contains(page.template()));
            candidates.extend(of_templates);
            candidates.sort_by_key(|page| page.file(new));
            candidates.dedup();
        }
        Reached {
            candidates,
            before: before.files,
            templates,
        }
    }
}

/// How far the changes to `changed` files (relative to the site root) reach
/// from the last build to a new one derived again.
pub fn of_rebuild(
    old: &Prepared,
    old_templates: &BTreeMap<String, String>,
    new: &Prepared,
    new_templates: &BTreeMap<String, String>,
    changed: &[PathBuf],
) -> Reach {
    if changed
        .iter()
        .any(|path| path == Path::new(config::FILE_NAME))
    {
        return Reach::Everything;
    }
    let Some(templates) = edited_page_templates(old_templates, new_templates) else {
        return Reach::Everything;
    };
    let Some(prisons) = prisons_reached(&old.site, &new.site, changed) else {
        return Reach::Everything;
    };
    let before = Before::of(&old.site, &prisons);
    Reach::Pages(Reached::of(before, &new.site, &prisons, templates))
}

/// The prisons (by slug) whose pages may show a change of `changed` content
/// files; `None` when the change reaches every page: another as-of date,
/// themes named or placed differently (every card links its themes), or a
/// changed file the sites do not know.
fn prisons_reached<'s>(
    old: &'s Site,
    new: &'s Site,
    changed: &[PathBuf],
) -> Option<HashSet<&'s str>> {
    if old.as_of != new.as_of || !same_themes(old, new) {
        return None;
    }
    let mut prisons = HashSet::new();
    for path in changed {
        let owners = [old, new].map(|site| prison_of_file(site, path));
        if owners.iter().all(Option::is_none) && path.starts_with(config::CONTENT_DIR) {
            return None;
        }
        prisons.extend(owners.into_iter().flatten());
    }
    if !old.owner_directory.names_alike(&new.owner_directory) {
        prisons.extend(renamed_owners_at(old, new));
    }
    Some(prisons)
}

/// The prison (slug) whose plan or profile `path` is, in `site`.
fn prison_of_file<'s>(site: &'s Site, path: &Path) -> Option<&'s str> {
    let of_plan = site.plans.iter().find(|plan| plan.source_file == path);
    let prison = match of_plan {
        Some(plan) => &site.prisons[plan.prison],
        None => site.prisons.iter().find(|p| p.source_file == path)?,
    };
    Some(&prison.slug)
}

/// Prisons (slugs, of `new`) where a plan in both sites names an action's
/// owners differently (another URL or name): a plan that writes a new owner
/// can change how another plan's owners are split or named.
fn renamed_owners_at<'s>(old: &Site, new: &'s Site) -> Vec<&'s str> {
    let plans: HashMap<&PathBuf, usize> = old
        .plans
        .iter()
        .enumerate()
        .map(|(i, p)| (&p.source_file, i))
        .collect();
    new.plans
        .iter()
        .enumerate()
        .filter(|(plan, p)| {
            plans.get(&p.source_file).is_some_and(|&was| {
                owner_counts(old, was).ne(owner_counts(new, *plan))
                    || owner_links(old, was).ne(owner_links(new, *plan))
            })
        })
        .map(|(_, p)| new.prisons[p.prison].slug.as_str())
        .collect()
}

/// Plan `plan`'s actions' owners, in order, as links show them: URL and name.
fn owner_links(site: &Site, plan: usize) -> impl Iterator<Item = (&str, &str)> {
    plan_actions(site, plan)
        .flat_map(|action| &action.owners)
        .map(|&o| (site.owners[o].path.as_str(), site.owners[o].name.as_str()))
}

/// How many owners each of plan `plan`'s actions has, in order.
fn owner_counts(site: &Site, plan: usize) -> impl Iterator<Item = usize> {
    plan_actions(site, plan).map(|action| action.owners.len())
}

fn plan_actions(site: &Site, plan: usize) -> impl Iterator<Item = &crate::model::Action> {
    site.plans[plan]
        .recommendations
        .iter()
        .flat_map(|&r| &site.recommendations[r].actions)
        .map(|&a| &site.actions[a])
}

fn same_themes(old: &Site, new: &Site) -> bool {
    old.themes.len() == new.themes.len()
        && old
            .themes
            .iter()
            .zip(&new.themes)
            .all(|(a, b)| a.slug == b.slug && a.name == b.name && a.description == b.description)
}

/// Indices in `site` of the prisons named by slug.
fn indices(site: &Site, prisons: &HashSet<&str>) -> HashSet<usize> {
    (0..site.prisons.len())
        .filter(|&p| prisons.contains(site.prisons[p].slug.as_str()))
        .collect()
}

/// The page templates edited between two builds' sources, or `None` when a
/// template other than a page's own was edited, or a page template that
/// another extends, includes or takes a component from: then every page
/// may differ.
fn edited_page_templates(
    before: &BTreeMap<String, String>,
    after: &BTreeMap<String, String>,
) -> Option<HashSet<&'static str>> {
    let names: HashSet<&String> = before.keys().chain(after.keys()).collect();
    let mut edited = HashSet::new();
    for name in names {
        if before.get(name) == after.get(name) {
            continue;
        }
        if pages::FEED_TEMPLATES.contains(&name.as_str()) {
            continue; // the feed and sitemaps are made again anyway
        }
        let page_template = pages::PAGE_TEMPLATES
            .iter()
            .find(|t| **t == name.as_str())?;
        if !stands_alone(after, name) {
            return None;
        }
        edited.insert(*page_template);
    }
    Some(edited)
}

/// Whether the templates other than `name` compile without it: then none of
/// them extends or includes it or calls a component it defines, as Tera's
/// own parser sees them.
fn stands_alone(templates: &BTreeMap<String, String>, name: &str) -> bool {
    let others = templates
        .iter()
        .filter(|(other, _)| other.as_str() != name)
        .map(|(other, source)| (other.as_str(), source.as_str()));
    tera::Tera::new().add_raw_templates(others).is_ok()
}
