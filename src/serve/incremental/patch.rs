//! One edited plan patched into the last site, for `serve --watch`.
//!
//! Deriving a whole estate again takes longer than rendering the pages one
//! edit touches. A plan that stays where it was (the same prison, URL and
//! year) can instead be drafted alone and spliced into the site's flat
//! vectors in place of its old self: the indices after it shift by as many
//! items as it gained or lost, and the lists built from the items (themes,
//! owners' work, recurrences) are made again from the vectors, which costs
//! far less than drafting and resolving every plan. The counts take away
//! what the plan's old items added and add what its new ones do. The
//! owners are the one thing decided across the whole site: an owner may
//! come or go with the edit, but the patch is refused when the edit changes
//! how other plans' owners are named.

use std::collections::HashMap;
use std::sync::Arc;

use crate::config::Config;
use crate::content::{ActionPlan, SourceFile, Text};
use crate::diagnostics::Diagnostic;
use crate::model::owners::{self, OwnerDirectory};
use crate::model::plans::{self, PlanDraft};
use crate::model::recurrence::{self, Memo};
use crate::model::{self, Action, Cache, Ix, Placed, Plan, Recommendation, Site, Start};

/// Applies an edit of one plan's file to `site` in place: its words,
/// decisions, dates, recommendations, actions, themes and owners, with every
/// list and count brought up to date. Returns the warnings drafting the plan
/// found (which replace the file's earlier ones), or `None` (with `site` as
/// it was) when the edit moves the plan (another prison, URL or year),
/// changes when it was published (which decides whether the plan before
/// it is superseded),
/// changes how the site names its other plans' owners (another name shown
/// for one, a written owner split another way), or has an error: the
/// caller then derives the site again.
pub fn patch_plan(
    site: &mut Site,
    cache: &mut Cache,
    file: &Arc<SourceFile<ActionPlan>>,
    config: &Config,
) -> Option<Vec<Diagnostic>> {
    let index = Ix::new(site.plans.iter().position(|p| p.source_file == file.path)?);
    let (draft, problems) = cache.drafts.redraft(file, site.draft_rules())?;
    let mut placed = draft.clone();
    // A new publication date can supersede the plan before it, or stop doing so.
    let published = placed.plan.published() == site.plans[index].published();
    if !plans::stays_in_place(&mut placed, site, index) || !published {
        return None;
    }
    // A stated link that names no earlier item is an error for a full build to report.
    let stated = placed.recommendations.iter().flat_map(|r| &r.entry.stated);
    if !stated
        .into_iter()
        .all(|link| recurrence::names_an_item(site, index, &link.target))
    {
        return None;
    }
    let (old, new) = (written_by_plan(site, index), written_by_draft(&placed));
    let kept = (old == new)
        .then(|| owners_as_before(site, index, &placed))
        .flatten();
    if let Some(owners) = kept {
        // The same owners written as often: the directory is as it was.
        splice(
            site,
            index,
            placed,
            &Resolved::Kept(owners),
            &mut cache.recurrences,
        );
    } else {
        let written = rewritten_owners(&site.written_owners, &old, &new);
        // The same strings written more or fewer times seldom rename anyone.
        let directory = site
            .owner_directory
            .recounted(&site.written_owners, &written)
            .unwrap_or_else(|| {
                OwnerDirectory::counted(&owners::borrowed(&written), &config.owners.aliases)
            });
        if !others_named_alike(&site.owner_directory, &directory, &written, &new) {
            return None;
        }
        let renamed = !same_owners(&directory, site);
        if renamed && !take_owners(site, &directory) {
            return None;
        }
        let resolved = Resolved::By {
            directory: &directory,
            renamed,
        };
        splice(site, index, placed, &resolved, &mut cache.recurrences);
        site.written_owners = written;
        site.owner_directory = directory;
    }
    cache.drafts.keep(file, draft, problems.clone());
    Some(problems)
}

/// How the actions of a placed draft get their owners.
enum Resolved<'d> {
    /// Each action's owners, in order, as the plan's old actions resolved them.
    Kept(Vec<Vec<usize>>),
    By {
        directory: &'d OwnerDirectory,
        /// Whether the site's owners were made again from the directory,
        /// with no work listed or counted yet: then their work is listed
        /// and every count made again.
        renamed: bool,
    },
}

/// The owners of each of the draft's actions, when each is written as one of
/// plan `index`'s actions was (which resolved it already).
fn owners_as_before(site: &Site, index: Ix<Plan>, draft: &PlanDraft) -> Option<Vec<Vec<usize>>> {
    let known: HashMap<&[Text], &[usize]> = old_actions(site, index)
        .map(|a| (a.owners_written.as_slice(), a.owners.as_slice()))
        .collect();
    draft
        .recommendations
        .iter()
        .flat_map(|r| &r.actions)
        .map(|a| known.get(a.owners_written.as_slice()).map(|o| o.to_vec()))
        .collect()
}

/// The owner strings written on plan `index`'s actions, sorted.
fn written_by_plan(site: &Site, index: Ix<Plan>) -> Vec<&str> {
    let mut written: Vec<&str> = old_actions(site, index)
        .flat_map(|a| a.owners_written.iter().map(AsRef::as_ref))
        .collect();
    written.sort_unstable();
    written
}

/// The owner strings written on a draft's actions, sorted.
fn written_by_draft(draft: &PlanDraft) -> Vec<&str> {
    let mut written: Vec<&str> = draft
        .recommendations
        .iter()
        .flat_map(|r| &r.actions)
        .flat_map(|a| a.owners_written.iter().map(AsRef::as_ref))
        .collect();
    written.sort_unstable();
    written
}

/// The site's owner strings and their counts with a plan's `old` strings replaced by `new`.
fn rewritten_owners(
    counts: &HashMap<String, usize>,
    old: &[&str],
    new: &[&str],
) -> HashMap<String, usize> {
    let mut counts = counts.clone();
    for &w in old {
        if let Some(count) = counts.get_mut(w) {
            *count -= 1;
            if *count == 0 {
                counts.remove(w);
            }
        }
    }
    for &w in new {
        *counts.entry(w.to_string()).or_default() += 1;
    }
    counts
}

/// Whether the directory names the site's owners as they are, in the same order.
fn same_owners(directory: &OwnerDirectory, site: &Site) -> bool {
    directory.owners.len() == site.owners.len()
        && directory.owners.iter().zip(&site.owners).all(|(new, old)| {
            new.slug == old.slug && new.name == old.name && new.spellings == old.spellings
        })
}

/// Whether every owner string written outside the edited plan (whose own
/// strings are `plan`) names the same owners, by URL, in the `new` directory
/// as in the `old`: then only the edited plan's actions change owners.
fn others_named_alike(
    old: &OwnerDirectory,
    new: &OwnerDirectory,
    written: &HashMap<String, usize>,
    plan: &[&str],
) -> bool {
    let mut in_plan: HashMap<&str, usize> = HashMap::new();
    for &w in plan {
        *in_plan.entry(w).or_default() += 1;
    }
    let slugs = |directory: &OwnerDirectory, w: &str| -> Vec<String> {
        let named = directory.named_by(w).iter();
        named.map(|&o| directory.owners[o].slug.clone()).collect()
    };
    written.iter().all(|(w, &count)| {
        in_plan.get(w.as_str()) == Some(&count) || slugs(old, w) == slugs(new, w)
    })
}

/// Makes the directory's owners the site's, when owners came or went with
/// the edit: every other owner must keep its name and URL (else it shows
/// differently on every page that names it: `false`, with `site` as it
/// was), and every action's owners move to their new places.
fn take_owners(site: &mut Site, directory: &OwnerDirectory) -> bool {
    let kept_names = owners::kept_names(
        site.owners
            .iter()
            .map(|o| (o.slug.as_str(), o.name.as_str())),
        directory
            .owners
            .iter()
            .map(|o| (o.slug.as_str(), o.name.as_str())),
    );
    if !kept_names {
        return false;
    }
    let place: HashMap<&str, usize> = directory
        .owners
        .iter()
        .enumerate()
        .map(|(i, o)| (o.slug.as_str(), i))
        .collect();
    // An owner gone is named only by the edited plan, whose actions are replaced.
    let moved: Vec<Option<usize>> = site
        .owners
        .iter()
        .map(|o| place.get(o.slug.as_str()).copied())
        .collect();
    for action in &mut site.actions {
        action.owners = action.owners.iter().filter_map(|&o| moved[o]).collect();
        action.owners.sort_unstable();
    }
    site.owners = model::owners_of(directory);
    true
}

/// Replaces plan `index`'s items with the placed draft's, shifting the
/// indices of every item after them, and brings lists and counts up to date.
fn splice(site: &mut Site, index: Ix<Plan>, draft: PlanDraft, owners: &Resolved, memo: &mut Memo) {
    let old = &site.plans[index];
    let first: usize = site.plans[..index.get()]
        .iter()
        .map(|p| p.recommendations.len())
        .sum();
    let at = Start {
        recommendation: Ix::new(first),
        action: Ix::new(
            site.recommendations[..first]
                .iter()
                .map(|r| r.actions.len())
                .sum(),
        ),
    };
    let old_recommendations = old.recommendations.len();
    let old_action_count: usize = old
        .recommendations
        .iter()
        .map(|&r| site.recommendations[r].actions.len())
        .sum();
    let superseded_by = old.superseded_by;
    let mut placed = Placed::new(draft, index, at, site.as_of.date, superseded_by);
    match owners {
        Resolved::By { directory, .. } => {
            for action in &mut placed.actions {
                action.owners = directory.resolve(&action.owners_written);
            }
        }
        Resolved::Kept(owners) => {
            for (action, owners) in placed.actions.iter_mut().zip(owners) {
                action.owners.clone_from(owners);
            }
        }
    }
    let relink = !same_links(site, index, &placed);
    let recount = relink || !same_numbers(site, index, &placed);
    let reword = !relink && !same_words(site, index, &placed);
    if !relink {
        // The same items in the same places: the links keep their indices.
        for (new, &r) in placed
            .recommendations
            .iter_mut()
            .zip(&site.plans[index].recommendations)
        {
            let old = &site.recommendations[r];
            new.raised_before.clone_from(&old.raised_before);
            new.raised_again.clone_from(&old.raised_again);
        }
    }
    // The plan's old share of the counts, to take away, while its items are
    // there; owners made again have no counts to take it from.
    let renamed = matches!(owners, Resolved::By { renamed: true, .. });
    let share = (recount && !renamed).then(|| model::PlanShare::of(site, index));
    let (new_recommendations, new_actions) = (placed.recommendations.len(), placed.actions.len());
    let old_plan = std::mem::replace(&mut site.plans[index], placed.plan);
    site.plans[index].counts = old_plan.counts;
    let recommendations =
        at.recommendation.get()..at.recommendation.after(old_recommendations).get();
    site.recommendations
        .splice(recommendations, placed.recommendations);
    let actions = at.action.get()..at.action.after(old_action_count).get();
    site.actions.splice(actions, placed.actions);
    // Every index past the plan's items moves by the change in their count.
    let later_recommendation = |r: &mut Ix<Recommendation>| {
        *r = r.shifted(old_recommendations, new_recommendations);
    };
    let later_action = |a: &mut Ix<Action>| *a = a.shifted(old_action_count, new_actions);
    let past = at.recommendation.after(new_recommendations).get();
    for r in &mut site.recommendations[past..] {
        r.actions.iter_mut().for_each(later_action);
    }
    let past = at.action.after(new_actions).get();
    for a in &mut site.actions[past..] {
        later_recommendation(&mut a.recommendation);
    }
    for plan in &mut site.plans[index.get() + 1..] {
        plan.recommendations
            .iter_mut()
            .for_each(later_recommendation);
    }
    let prison = recurrence::Changed::Prison(site.plans[index].prison);
    if relink {
        model::relist(site, memo, prison);
    } else {
        if reword {
            model::relink_recurrences(site, memo, site.plans[index].prison);
        }
        if renamed {
            model::list_owner_work(site);
        }
    }
    match share {
        Some(share) => model::recount_plan(site, index, &share),
        None if recount || renamed => model::count(site),
        None => {}
    }
}

/// Whether the placed items have the same places, themes and owners as plan
/// `index`'s, so the lists made from them stay as they are.
fn same_links(site: &Site, index: Ix<Plan>, placed: &Placed) -> bool {
    let old = &site.plans[index].recommendations;
    old.len() == placed.recommendations.len()
        && old.iter().zip(&placed.recommendations).all(|(&r, new)| {
            let r = &site.recommendations[r];
            r.themes == new.themes && r.actions.len() == new.actions.len()
        })
        && old_actions(site, index)
            .zip(&placed.actions)
            .all(|(a, b)| a.owners == b.owners)
}

/// Whether the placed items say what plan `index`'s say, as recurrence
/// reads them (words, heading, references and stated links), so every link
/// stays as it is.
fn same_words(site: &Site, index: Ix<Plan>, placed: &Placed) -> bool {
    let old = &site.plans[index].recommendations;
    old.iter().zip(&placed.recommendations).all(|(&r, new)| {
        let r = &site.recommendations[r];
        (&r.text, &r.area, &r.repeats, &r.reference, &r.stated)
            == (
                &new.text,
                &new.area,
                &new.repeats,
                &new.reference,
                &new.stated,
            )
    })
}

/// Whether the placed items have the kinds, decisions, outcomes and
/// statuses of plan `index`'s (in the same places), so every count stays as
/// it is.
fn same_numbers(site: &Site, index: Ix<Plan>, placed: &Placed) -> bool {
    let old = &site.plans[index].recommendations;
    old.iter().zip(&placed.recommendations).all(|(&r, new)| {
        let r = &site.recommendations[r];
        (r.kind, r.decision.class, r.outcome) == (new.kind, new.decision.class, new.outcome)
    }) && old_actions(site, index)
        .zip(&placed.actions)
        .all(|(a, b)| a.status == b.status)
}

/// Plan `index`'s actions, in order.
fn old_actions(site: &Site, index: Ix<Plan>) -> impl Iterator<Item = &Action> {
    site.plans[index]
        .recommendations
        .iter()
        .flat_map(|&r| &site.recommendations[r].actions)
        .map(|&a| &site.actions[a])
}
