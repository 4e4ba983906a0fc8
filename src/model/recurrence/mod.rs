//! What keeps coming back: a later plan's item linked to the earlier items
//! of the same prison that raise the same problem.
//!
//! "Was this raised last time?" is the first question asked about a prison.
//! Links come from three places: the words ([`similarity`], within each
//! prison), the plans' own "repeated recommendation 2.11" references
//! (`repeats:`), and an editor's `recurs:` and `not_recurs:`, which add a
//! link the words miss or refuse one they make. Linked items form chains,
//! one per problem, which the prison page lists longest first.
//!
//! Each prison's word pairs and links are remembered with fingerprints of
//! what they were made from, so rebuilding after an edit compares and links
//! again only the prisons whose items changed.

pub mod similarity;

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;
use xxhash_rust::xxh3::Xxh3;

use super::{Ix, Plan, Recommendation, Site};
use crate::diagnostics::{Diagnostic, Position};
pub use similarity::Weights;

/// Why two items are linked.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Basis {
    /// Their words are alike (with heading and theme as support).
    Words,
    /// The later plan says it repeats the earlier recommendation.
    Repeats,
    /// An editor states the link (`recurs:`).
    Stated,
}

/// A later item that raises the same problem as an earlier one of its
/// prison; the items named by their place in the site, or (in the memo)
/// among their prison's items.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Recurrence<I = Ix<Recommendation>> {
    pub later: I,
    pub earlier: I,
    /// How alike their words are, when the words made the link.
    pub score: Option<f32>,
    pub basis: Basis,
}

impl<I> Recurrence<I> {
    /// The same link with its items named another way.
    fn moved<J>(&self, to: impl Fn(&I) -> J) -> Recurrence<J> {
        Recurrence {
            later: to(&self.later),
            earlier: to(&self.earlier),
            score: self.score,
            basis: self.basis,
        }
    }
}

/// A link an editor writes on the later item: `recurs: ["2018/5.1"]` or,
/// to refuse one the words make, `not_recurs:`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StatedLink {
    /// As written: "2018/5.1" (plan and ref), or "5.1" for the plan before.
    pub target: String,
    pub refused: bool,
    pub position: Option<Position>,
}

/// Items of a prison linked into one problem raised in several plans.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Chain<I = Ix<Recommendation>> {
    /// In plan order, then document order.
    pub items: Vec<I>,
    /// How many plans raise it.
    pub plans: usize,
}

impl<I> Chain<I> {
    /// The same chain with its items named another way.
    fn moved<J>(&self, to: impl Fn(&I) -> J) -> Chain<J> {
        Chain {
            items: self.items.iter().map(to).collect(),
            plans: self.plans,
        }
    }
}

/// Each prison's word pairs and links, with fingerprints of what they were
/// made from; kept between builds by `serve`.
#[derive(Clone, Debug, Default)]
pub struct Memo {
    by_prison: HashMap<String, Arc<Remembered>>,
}

/// What one prison's items were last linked into: the word pairs, with the
/// fingerprint of what they were computed from, and the links and chains
/// made from them (with the fingerprint of what else they read), each item
/// named by its place among the prison's items. A patch of another
/// prison's plan, or a plan added elsewhere, changes none of these items,
/// only where they sit in the site, so their links are placed again, not
/// made.
#[derive(Debug)]
struct Remembered {
    fingerprint: u64,
    places: u64,
    pairs: Vec<similarity::Pair>,
    links: Vec<Recurrence<usize>>,
    chains: Vec<Chain<usize>>,
}

impl Remembered {
    fn new(
        (fingerprint, places): (u64, u64),
        pairs: Vec<similarity::Pair>,
        place: &Place,
        links: &[Recurrence],
        chains: &[Chain],
    ) -> Remembered {
        let at = |item: &Ix<Recommendation>| place.get(item).copied().unwrap_or_default();
        Remembered {
            fingerprint,
            places,
            pairs,
            links: links.iter().map(|link| link.moved(at)).collect(),
            chains: chains.iter().map(|chain| chain.moved(at)).collect(),
        }
    }

    /// The prison's links and chains as remembered, each item where it now
    /// sits in the site (`items`), with the memo's entry kept as it is.
    fn reused(seen: &Arc<Remembered>, items: &[Ix<Recommendation>]) -> PrisonLinks {
        let item = |&at: &usize| items[at];
        (
            seen.links.iter().map(|link| link.moved(item)).collect(),
            seen.chains.iter().map(|chain| chain.moved(item)).collect(),
            Arc::clone(seen),
            false,
        )
    }
}

/// Each of a prison's items (by its place in the site) at its place among them.
type Place = HashMap<Ix<Recommendation>, usize>;

fn place_of(items: &[Ix<Recommendation>]) -> Place {
    items.iter().enumerate().map(|(at, &i)| (i, at)).collect()
}

/// The links and chains of every prison.
pub struct Found {
    /// By later item, then earlier.
    pub links: Vec<Recurrence>,
    /// Per prison, longest first.
    pub chains: Vec<Vec<Chain>>,
    /// How many prisons' items were compared afresh, not taken from the memo.
    pub compared: usize,
}

/// Which prisons' items may differ from those the memo was made from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Changed {
    /// Any: each prison's fingerprint decides (a site derived again).
    Any,
    /// Only this prison's (by index), whose plan a patch replaced: every
    /// other prison's pairs and links are taken from the memo without a
    /// fingerprint.
    Prison(usize),
}

/// One prison's links and chains, what the memo keeps of them, and whether
/// its items were compared afresh.
type PrisonLinks = (Vec<Recurrence>, Vec<Chain>, Arc<Remembered>, bool);

/// Links the items of every prison (in parallel, one prison at a time),
/// computing word pairs again only where `memo` has none for what the
/// prison's items now are, and links only where it has none for what they
/// read.
pub fn link(site: &Site, weights: &Weights, memo: &mut Memo, changed: Changed) -> Found {
    let per_prison: Vec<PrisonLinks> = site
        .prisons
        .par_iter()
        .enumerate()
        .map(|(prison, p)| {
            let items = items_of(site, prison);
            let remembered = memo.by_prison.get(&p.slug);
            if let (Changed::Prison(other), Some(seen)) = (changed, remembered)
                && other != prison
            {
                // A patch of another prison's plan: these items are as they were.
                return Remembered::reused(seen, &items);
            }
            let comparable = comparable(site, prison, &items);
            let fingerprint = fingerprint(&comparable, weights);
            let places = places(site, prison, &items);
            if let Some(seen) = remembered
                && (seen.fingerprint, seen.places) == (fingerprint, places)
            {
                // The same pairs and what links read besides: the links are as they were.
                return Remembered::reused(seen, &items);
            }
            let (pairs, fresh) = match remembered {
                Some(seen) if seen.fingerprint == fingerprint => (seen.pairs.clone(), false),
                _ => (similarity::pairs(&comparable, weights), true),
            };
            let links = links_of(site, &items, &pairs);
            let place = place_of(&items);
            let chains = chains_of(site, &items, &place, &links);
            let seen = Remembered::new((fingerprint, places), pairs, &place, &links, &chains);
            (links, chains, Arc::new(seen), fresh)
        })
        .collect();
    memo.by_prison.clear();
    let mut found = Found {
        links: Vec::new(),
        chains: Vec::with_capacity(site.prisons.len()),
        compared: 0,
    };
    for (p, (links, chains, seen, fresh)) in site.prisons.iter().zip(per_prison) {
        memo.by_prison.insert(p.slug.clone(), seen);
        found.links.extend(links);
        found.chains.push(chains);
        found.compared += usize::from(fresh);
    }
    found
}

/// A prison's items, in plan order, then document order.
fn items_of(site: &Site, prison: usize) -> Vec<Ix<Recommendation>> {
    site.prisons[prison]
        .plans
        .iter()
        .flat_map(|&plan| site.plans[plan].recommendations.iter().copied())
        .collect()
}

/// The items as comparing reads them: their plan's place, words, area, themes.
fn comparable<'a>(
    site: &'a Site,
    prison: usize,
    items: &[Ix<Recommendation>],
) -> Vec<similarity::Item<'a>> {
    let plans = &site.prisons[prison].plans;
    items
        .iter()
        .map(|&i| {
            let r = &site.recommendations[i];
            similarity::Item {
                plan: plans.iter().position(|&p| p == r.plan).unwrap_or(0),
                text: &r.text,
                response: r.response.as_deref(),
                area: r.area.as_deref(),
                themes: &r.themes,
            }
        })
        .collect()
}

/// What the word pairs of a prison depend on: the weights, and each item's
/// plan (its place among the prison's plans, not in the site, so that a
/// plan added at another prison changes nothing here), words, heading and
/// themes.
fn fingerprint(items: &[similarity::Item], weights: &Weights) -> u64 {
    let mut hasher = Xxh3::new();
    format!("{weights:?}").hash(&mut hasher);
    for item in items {
        (item.plan, item.text, item.response, item.area, item.themes).hash(&mut hasher);
    }
    hasher.finish()
}

/// What a prison's links read besides its word pairs: its plans' names in
/// order (a stated link names its plan, `repeats:` the plan before) and each
/// item's ref, `repeats:` and stated links.
fn places(site: &Site, prison: usize, items: &[Ix<Recommendation>]) -> u64 {
    let mut hasher = Xxh3::new();
    for &plan in &site.prisons[prison].plans {
        site.plans[plan].slug.hash(&mut hasher);
    }
    for &item in items {
        let r = &site.recommendations[item];
        (&r.reference, &r.repeats, r.stated.len()).hash(&mut hasher);
        for stated in &r.stated {
            (&stated.target, stated.refused).hash(&mut hasher);
        }
    }
    hasher.finish()
}

/// The prison's links: the word pairs an editor has not refused, the plans'
/// own `repeats:` references that name an item of the plan before, and the
/// links an editor states; one per pair of items, the stated basis first.
fn links_of(
    site: &Site,
    items: &[Ix<Recommendation>],
    pairs: &[similarity::Pair],
) -> Vec<Recurrence> {
    let mut links: Vec<Recurrence> = Vec::new();
    for &later in items {
        for stated in &site.recommendations[later].stated {
            if let Ok(earlier) = target(site, site.recommendations[later].plan, &stated.target)
                && !stated.refused
            {
                links.push(Recurrence {
                    later,
                    earlier,
                    score: None,
                    basis: Basis::Stated,
                });
            }
        }
        if let Some(earlier) = repeated(site, later) {
            links.push(Recurrence {
                later,
                earlier,
                score: None,
                basis: Basis::Repeats,
            });
        }
    }
    for pair in pairs {
        let (later, earlier) = (items[pair.later], items[pair.earlier]);
        let refused = site.recommendations[later].stated.iter().any(|s| {
            s.refused
                && target(site, site.recommendations[later].plan, &s.target)
                    .is_ok_and(|target| target == earlier)
        });
        if !refused {
            links.push(Recurrence {
                later,
                earlier,
                score: Some(pair.score),
                basis: Basis::Words,
            });
        }
    }
    // Stated before repeats before words: the first of a pair is kept.
    links.sort_by_key(|link| (link.later, link.earlier));
    links.dedup_by_key(|link| (link.later, link.earlier));
    links
}

/// The item of the plan before that a `repeats:` reference names, if that
/// plan is on the site and has an item of that ref.
pub fn repeated(site: &Site, later: Ix<Recommendation>) -> Option<Ix<Recommendation>> {
    let r = &site.recommendations[later];
    let reference = r.repeats.as_deref()?.trim();
    let before = plan_before(site, r.plan)?;
    find_ref(site, before, reference)
}

/// The plan of the same prison just before `plan`.
fn plan_before(site: &Site, plan: Ix<Plan>) -> Option<Ix<Plan>> {
    let plans = &site.prisons[site.plans[plan].prison].plans;
    let at = plans.iter().position(|&p| p == plan)?;
    at.checked_sub(1).map(|before| plans[before])
}

fn find_ref(site: &Site, plan: Ix<Plan>, reference: &str) -> Option<Ix<Recommendation>> {
    site.plans[plan]
        .recommendations
        .iter()
        .copied()
        .find(|&r| *site.recommendations[r].reference == *reference)
}

/// The earlier item a stated link on an item of `plan` names ("2018/5.1",
/// or "5.1" in the plan before), or why it names none.
fn target(site: &Site, plan: Ix<Plan>, written: &str) -> Result<Ix<Recommendation>, String> {
    let prison = site.plans[plan].prison;
    let (plan_slug, reference) = match written.trim().split_once('/') {
        Some((plan_slug, reference)) => (Some(plan_slug.trim()), reference.trim()),
        None => (None, written.trim()),
    };
    let earlier = match plan_slug {
        Some(slug) => site.prisons[prison]
            .plans
            .iter()
            .copied()
            .find(|&p| site.plans[p].slug == slug)
            .ok_or_else(|| {
                format!(
                    "prison `{}` has no plan `{slug}`",
                    site.prisons[prison].slug
                )
            })?,
        None => plan_before(site, plan).ok_or("this is the prison's first plan")?,
    };
    if earlier >= plan {
        return Err(format!(
            "plan `{}` is not earlier than this one",
            site.plans[earlier].slug
        ));
    }
    find_ref(site, earlier, reference).ok_or_else(|| {
        format!(
            "plan `{}` has no item `{reference}`",
            site.plans[earlier].slug
        )
    })
}

/// Whether a link stated on an item of `plan` names an earlier item: a
/// patch that would make an error leaves it to a full build to report.
pub fn names_an_item(site: &Site, plan: Ix<Plan>, written: &str) -> bool {
    target(site, plan, written).is_ok()
}

/// Every stated link that names no earlier item, as an error at its line:
/// the editor wrote it, so it is the editor's to fix.
pub fn check_stated(site: &Site) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    for r in &site.recommendations {
        for stated in &r.stated {
            if let Err(err) = target(site, r.plan, &stated.target) {
                let field = if stated.refused {
                    "not_recurs"
                } else {
                    "recurs"
                };
                let plan = &site.plans[r.plan];
                let earlier: Vec<&str> = site.prisons[plan.prison]
                    .plans
                    .iter()
                    .filter(|&&p| p < r.plan)
                    .map(|&p| site.plans[p].slug.as_str())
                    .collect();
                problems.push(
                    Diagnostic::error(
                        &plan.source_file,
                        format!("{field}: `{}` names no earlier item: {err}", stated.target),
                    )
                    .at(stated.position)
                    .help(format!(
                        "write the earlier plan and the item's ref, as \"{}/5.1\"; this prison's earlier plans: {}",
                        earlier.last().unwrap_or(&"2018"),
                        if earlier.is_empty() { "none".to_string() } else { earlier.join(", ") }
                    )),
                );
            }
        }
    }
    problems
}

/// The prison's chains: each problem as it passes from plan to plan, one
/// item a plan, longest (most plans) first. Each item takes at most one
/// item before it and one after, the strongest links first (a stated or
/// repeated link before any of words), so that a chain follows one problem
/// and a loose link between two problems never joins them into one.
fn chains_of(
    site: &Site,
    items: &[Ix<Recommendation>],
    place: &Place,
    links: &[Recurrence],
) -> Vec<Chain> {
    let mut strongest: Vec<&Recurrence> = links.iter().collect();
    strongest.sort_by(|a, b| {
        let strength = |l: &Recurrence| l.score.unwrap_or(f32::INFINITY);
        strength(b)
            .total_cmp(&strength(a))
            .then(a.later.cmp(&b.later))
            .then(a.earlier.cmp(&b.earlier))
    });
    let mut before: Vec<Option<usize>> = vec![None; items.len()];
    let mut after: Vec<Option<usize>> = vec![None; items.len()];
    for link in strongest {
        let (Some(&later), Some(&earlier)) = (place.get(&link.later), place.get(&link.earlier))
        else {
            continue;
        };
        if before[later].is_none() && after[earlier].is_none() {
            before[later] = Some(earlier);
            after[earlier] = Some(later);
        }
    }
    let mut chains: Vec<Chain> = (0..items.len())
        .filter(|&at| before[at].is_none() && after[at].is_some())
        .map(|first| {
            let mut chain = vec![items[first]];
            let mut at = first;
            while let Some(next) = after[at] {
                chain.push(items[next]);
                at = next;
            }
            let mut plans: Vec<Ix<Plan>> = chain
                .iter()
                .map(|&i| site.recommendations[i].plan)
                .collect();
            plans.dedup();
            Chain {
                plans: plans.len(),
                items: chain,
            }
        })
        .collect();
    chains.sort_by(|a, b| b.plans.cmp(&a.plans).then(a.items[0].cmp(&b.items[0])));
    chains
}
