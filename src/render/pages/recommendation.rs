//! A recommendation's page: its text, decision, actions, themes and related items.

use super::*;
use crate::model::Recurrence;
use crate::model::recurrence::{self, Basis};

/// An item of another plan of the prison that raises the same problem.
#[derive(Serialize)]
pub(super) struct Raised {
    /// A `RelatedItem`, shared by every page that lists it.
    item: Shown,
    /// Why they are linked: "words", "repeats" or "stated".
    basis: Basis,
    /// How alike their words are, where the words made the link.
    score: Option<f32>,
}

#[derive(Serialize)]
pub(super) struct RecommendationPage<'a> {
    title: String,
    card: Shown,
    response_html: crate::render::views::Shared,
    /// The recommendation of the report before that the plan says this one
    /// repeats: its ref as written, linked where that plan is on the site.
    repeats: Option<Repeats<'a>>,
    /// The neighbours in the plan, as cards so links can say "Recommendation 5.2".
    previous: Option<Shown>,
    next: Option<Shown>,
    /// Earlier items of the prison that raised the same problem, newest
    /// plan first.
    raised_before: Vec<Raised>,
    /// Later items that raised it again, oldest plan first.
    raised_again: Vec<Raised>,
}

/// A plan's own "repeated recommendation 2.11" reference.
#[derive(Serialize)]
pub(super) struct Repeats<'a> {
    /// As the plan writes it: "2.11".
    reference: &'a str,
    /// The item, where the plan before is on the site and has that ref.
    link: Option<Link<'a>>,
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
    let raised = |links: &[usize], other: fn(&Recurrence) -> Ix<Recommendation>| {
        links
            .iter()
            .map(|&l| {
                let link = &site.recurrences[l];
                Raised {
                    item: views.related_item(other(link)),
                    basis: link.basis,
                    score: link.score,
                }
            })
            .collect::<Vec<_>>()
    };
    let mut raised_before = raised(&r.raised_before, |l| l.earlier);
    raised_before.reverse();
    let raised_again = raised(&r.raised_again, |l| l.later);
    RecommendationPage {
        title: format!("{}: {}", card.title, views.plans[r.plan.get()].title),
        card: views.card_value(index),
        response_html: card.response_html.clone(),
        repeats: r.repeats.as_deref().map(|reference| Repeats {
            reference: reference.trim(),
            link: recurrence::repeated(site, index).map(|other| views.reference_link(other)),
        }),
        previous,
        next,
        raised_before,
        raised_again,
    }
}
