//! The pieces every page context is made of: links, dates, counts drawn as
//! bars, and one card per recommendation.
//!
//! The model cross-references by index; templates cannot follow indices, so
//! these views resolve them into names and URLs. Cards are built once per
//! build (Markdown rendered and sanitised once) and shared by the plan,
//! recommendation, theme and owner pages that show them.

use std::sync::{Arc, OnceLock};

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use super::fingerprint::Shown;
use super::markdown;
use super::urls::Urls;
use crate::content::EntryKind;
use crate::model::{
    Action, Counts, DecisionClass, DecisionCounts, InspectionPeriod, Ix, KindCounts, Outcome, Plan,
    Progress, Recommendation, Site, Status, StatusCounts,
};

/// A named link.
#[derive(Clone, Debug, Serialize)]
pub struct Link<'a> {
    pub name: &'a str,
    pub url: String,
}

/// A date as machines (`iso`, for `<time datetime>`) and readers (`text`) want it.
#[derive(Clone, Debug, Serialize)]
pub struct Day {
    pub iso: String,
    pub text: String,
}

impl Day {
    /// "2018-05-31" and "31 May 2018".
    pub fn of(date: NaiveDate) -> Day {
        Day {
            iso: date.format("%Y-%m-%d").to_string(),
            text: date.format("%-d %B %Y").to_string(),
        }
    }
}

/// Periods as one phrase, "24–25 February and 2–6 March 2020": the year
/// is said once when every period shares it, the month once when a period
/// stays in one; none when there are no periods.
pub fn periods_in_words(periods: &[InspectionPeriod]) -> Option<String> {
    let (last, earlier) = periods.split_last()?;
    let one_year = periods
        .iter()
        .all(|p| p.from.year() == last.to.year() && p.to.year() == last.to.year());
    let mut words: Vec<String> = earlier
        .iter()
        .map(|p| period_in_words(p, !one_year))
        .collect();
    words.push(period_in_words(last, true));
    Some(match words.split_last() {
        Some((final_one, [])) => final_one.clone(),
        Some((final_one, rest)) => format!("{} and {final_one}", rest.join(", ")),
        None => String::new(),
    })
}

/// One period: "5 March", "24–25 February", "28 February – 2 March", each
/// with its year when `with_year`; a period across years always has both.
fn period_in_words(period: &InspectionPeriod, with_year: bool) -> String {
    let (from, to) = (period.from, period.to);
    let year = if with_year {
        to.format(" %Y").to_string()
    } else {
        String::new()
    };
    let last = to.format("%-d %B");
    if from == to {
        format!("{last}{year}")
    } else if from.year() != to.year() {
        format!("{} – {}", from.format("%-d %B %Y"), to.format("%-d %B %Y"))
    } else if from.month() == to.month() {
        format!("{}–{last}{year}", from.day())
    } else {
        format!("{} – {last}{year}", from.format("%-d %B"))
    }
}

/// A plan as other pages link to it.
#[derive(Clone, Debug, Serialize)]
pub struct PlanLink<'a> {
    /// "HMP Leicester, 2018".
    pub title: String,
    /// "2018": the plan's name within its prison.
    pub label: &'a str,
    pub url: String,
    pub prison: Link<'a>,
    pub published: Option<Day>,
    /// Whether it is its prison's latest plan: its passed dates are overdue.
    pub current: bool,
    /// The prison's next plan, once published: the link a superseded plan's
    /// lapsed actions point readers to.
    pub superseded_by: Option<LaterPlan>,
}

/// The plan that replaced another, as the older one's pages name it.
#[derive(Clone, Debug, Serialize)]
pub struct LaterPlan {
    /// "2025".
    pub label: String,
    pub url: String,
}

/// How many actions of a card have one status.
#[derive(Clone, Copy, Debug, Serialize)]
pub struct StatusCount {
    pub status: Tag,
    pub count: usize,
}

/// The statuses of `actions` with how many have each, in order of first appearance.
fn status_counts(actions: &[ActionView]) -> Vec<StatusCount> {
    let mut counts: Vec<StatusCount> = Vec::new();
    for action in actions {
        match counts
            .iter_mut()
            .find(|c| c.status.slug == action.status.slug)
        {
            Some(c) => c.count += 1,
            None => counts.push(StatusCount {
                status: action.status,
                count: 1,
            }),
        }
    }
    counts
}

/// A tag that says a decision class or status in words, with a slug for styling.
#[derive(Clone, Copy, Debug, Serialize)]
pub struct Tag {
    pub slug: &'static str,
    pub label: &'static str,
}

impl From<Status> for Tag {
    fn from(status: Status) -> Tag {
        Tag {
            slug: status.slug(),
            label: status.label(),
        }
    }
}

impl From<Outcome> for Tag {
    fn from(outcome: Outcome) -> Tag {
        Tag {
            slug: outcome.slug(),
            label: outcome.label(),
        }
    }
}

impl From<DecisionClass> for Tag {
    fn from(class: DecisionClass) -> Tag {
        Tag {
            slug: class.slug(),
            label: class.label(),
        }
    }
}

/// One bar of a chart: a share of a total, with its count and words.
#[derive(Clone, Debug, Serialize)]
pub struct Bar {
    pub slug: &'static str,
    pub label: &'static str,
    pub count: usize,
    /// Share of the chart's total, in percent with one decimal.
    pub percent: f64,
}

/// Counts as pages show them: each kind of item apart, decisions only of the
/// kinds that take one, and bars for charts (the fields of [`CountsFields`]).
/// Made only when a template is given it: a page's fingerprint takes the
/// counts it is made from, which say the same in a tenth of the bytes, and
/// `serve` fingerprints many more pages than it renders.
#[derive(Clone, Copy, Debug)]
pub struct CountsView(Counts);

impl CountsView {
    /// The view of one tally.
    pub fn of(counts: &Counts) -> CountsView {
        CountsView(*counts)
    }
}

impl Serialize for CountsView {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if serializer.is_human_readable() {
            CountsFields::of(&self.0).serialize(serializer)
        } else {
            self.0.serialize(serializer)
        }
    }
}

/// What templates read of a [`CountsView`].
#[derive(Serialize)]
struct CountsFields {
    /// Every item, whatever its kind.
    pub items: usize,
    /// The items named by kind: "46 recommendations", "5 priority concerns
    /// and 9 key concerns", "50 recommendations and 7 housekeeping points".
    pub items_in_words: String,
    /// Every kind by name, zeros included.
    pub kinds: KindCounts,
    /// Recommendations, the kind whose decisions plans summarise.
    pub recommendations: usize,
    pub actions: usize,
    /// Decisions on recommendations, by class, in the order pages list them.
    pub decisions: Vec<Bar>,
    /// Decisions on housekeeping points, apart.
    pub housekeeping: Vec<Bar>,
    /// Statuses with at least one action, in the order pages list them.
    pub statuses: Vec<Bar>,
    /// Latest judgements, of the items that have one.
    pub outcomes: Vec<Bar>,
    /// How many items have an outcome recorded.
    pub judged: usize,
    pub overdue: usize,
    /// Actions still to be done, as far as the plans record (overdue, due
    /// soon, planned, ongoing).
    pub open: usize,
    /// Every decision class (of recommendations) by name, zeros included,
    /// so tables can give each class a column.
    pub by_decision: DecisionCounts,
    /// Every status by name, zeros included, for the same reason.
    pub by_status: StatusCounts,
}

impl CountsFields {
    fn of(counts: &Counts) -> CountsFields {
        let statuses = &counts.actions;
        CountsFields {
            items: counts.kinds.total(),
            items_in_words: kinds_in_words(&counts.kinds),
            kinds: counts.kinds,
            recommendations: counts.kinds.recommendations,
            actions: statuses.total(),
            decisions: bars(&DecisionClass::ALL, |c| counts.decisions.get(c)),
            housekeeping: bars(&DecisionClass::ALL, |c| counts.housekeeping.get(c)),
            statuses: bars(&Status::ALL, |s| statuses.get(s)),
            outcomes: bars(&Outcome::ALL, |o| counts.outcomes.get(o)),
            judged: counts.outcomes.total(),
            overdue: statuses.overdue,
            open: statuses.open(),
            by_decision: counts.decisions,
            by_status: *statuses,
        }
    }
}

/// "46 recommendations", "5 priority concerns and 9 key concerns": each kind
/// with any items, in the order plans list them; "no items" when empty.
pub fn kinds_in_words(kinds: &KindCounts) -> String {
    let parts: Vec<String> = EntryKind::ALL
        .iter()
        .map(|&kind| (kinds.get(kind), kind))
        .filter(|&(count, _)| count > 0)
        .map(|(count, kind)| format!("{count} {}", kind.counted(count)))
        .collect();
    match parts.as_slice() {
        [] => "no items".to_string(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// The bars of one chart: each value with at least one count, its share of the total.
fn bars<C: Copy + Into<Tag>>(all: &[C], count: impl Fn(C) -> usize) -> Vec<Bar> {
    let total: usize = all.iter().map(|&c| count(c)).sum();
    all.iter()
        .map(|&c| (c.into(), count(c)))
        .filter(|&(_, count)| count > 0)
        .map(|(tag, count): (Tag, usize)| Bar {
            slug: tag.slug,
            label: tag.label,
            count,
            percent: (count as f64 * 1000.0 / total.max(1) as f64).round() / 10.0,
        })
        .collect()
}

/// The decision on a recommendation: as written, and its class.
#[derive(Clone, Debug, Serialize)]
pub struct DecisionView<'a> {
    /// The plan's own words; absent for concerns.
    pub label: Option<&'a str>,
    pub class: Tag,
    /// What qualifies it, as written ("in principle", "subject to
    /// resources"), shown beside the class so that a reader does not take
    /// a conditional agreement for a whole one.
    pub qualifier: Option<&'a str>,
}

/// One action as every page shows it.
#[derive(Clone, Debug, Serialize)]
pub struct ActionView<'a> {
    pub text_html: Shared,
    /// The same text as plain words, for the downloads and the search
    /// index: kept from rendering it rather than read back from the HTML.
    #[serde(skip)]
    pub words: Arc<str>,
    /// The owners, each a [`Link`] to its page.
    pub owners: Vec<Shared>,
    /// The owners as the plan writes them.
    pub owners_written: Vec<&'a str>,
    /// The target date as the plan writes it.
    pub due_written: Option<&'a str>,
    /// The date the target means, when it is one.
    pub due_date: Option<Day>,
    /// The date is plansite's reading of the words (a quarter's end, a
    /// range's end, an editor's `due_date:`), so it is shown beside them.
    pub due_inferred: bool,
    pub status: Tag,
}

/// A recommendation as lists and its own page show it.
#[derive(Clone, Debug, Serialize)]
pub struct Card<'a> {
    pub reference: &'a str,
    /// "recommendation", "priority-concern", ...
    pub kind: &'static str,
    /// "Recommendation", "Priority concern", ...
    pub kind_label: &'static str,
    /// "Recommendation 5.1".
    pub title: String,
    /// Its own page.
    pub url: String,
    /// Its `id` on the plan page.
    pub anchor: &'a str,
    /// Its place on the plan page (`…/2018/#5.1`).
    pub plan_url: String,
    pub section: Option<&'a str>,
    pub area: Option<&'a str>,
    pub paragraph: Option<&'a str>,
    pub repeats: Option<&'a str>,
    pub text_html: Shared,
    /// The plan's response (its narrative column), rendered once for every page that shows the card.
    pub response_html: Shared,
    /// The text as plain words, for the downloads and the search index
    /// (templates have the HTML and the excerpts): kept from rendering it
    /// rather than read back from the HTML for each of them.
    #[serde(skip)]
    pub text_words: Arc<str>,
    /// The response as plain words, kept the same way.
    #[serde(skip)]
    pub response_words: Arc<str>,
    /// Whether every action has its own text, as when a plan splits its
    /// response into actions; lists then show the actions and skip the response.
    pub actions_carry_response: bool,
    /// The response as plain words, cut short: what an owner's list shows for
    /// an action that has no text of its own.
    pub response_excerpt: Shared,
    /// The text as plain words, cut short, for link titles and feeds.
    pub excerpt: Shared,
    pub decision: DecisionView<'a>,
    /// Whether its kind takes a decision (concerns do not).
    pub takes_decision: bool,
    /// Its latest judgement, when one is recorded.
    pub outcome: Option<Tag>,
    /// Every judgement recorded, newest first.
    pub progress: Vec<ProgressView<'a>>,
    /// Whether any action's target date passed in a plan since superseded:
    /// the card then points to the later plan.
    pub lapsed: bool,
    /// Each a [`Link`].
    pub themes: Vec<Shared>,
    pub actions: Vec<ActionView<'a>>,
    /// How many of its actions have each status, in the order the statuses
    /// first appear: a list's card says "3 overdue, 1 done" and links the
    /// item's page rather than repeating its actions table.
    pub action_statuses: Vec<StatusCount>,
    /// A [`Link`].
    pub prison: Shared,
    /// A [`PlanLink`].
    pub plan: Shared,
    /// Earlier items of its prison that raise the same problem, newest plan
    /// first: what a list marks "Raised before".
    pub raised_before: Vec<RaisedRef<'a>>,
    /// Later items that raise it again, oldest plan first.
    pub raised_again: Vec<RaisedRef<'a>>,
}

/// Another item of the prison that raises the same problem, as a card
/// names it: "5.1 (2018 plan)". Only its ref, plan and page, so that the
/// mark stays one line and editing the other item's words, decision or
/// actions leaves this card as it was.
#[derive(Clone, Debug, Serialize)]
pub struct RaisedRef<'a> {
    /// "5.1".
    pub reference: &'a str,
    /// "Recommendation 5.1".
    pub title: String,
    /// "2018": its plan's name within the prison.
    pub plan: &'a str,
    /// Its own page.
    pub url: String,
}

/// A judgement of progress as pages show it.
#[derive(Clone, Debug, Serialize)]
pub struct ProgressView<'a> {
    pub date: Option<Day>,
    /// As written.
    pub judgement: &'a str,
    /// The judgement on HMIP's scale, when it reads as one.
    pub outcome: Option<Tag>,
    /// "Independent Review of Progress", "follow-up at a later inspection".
    pub scale: Option<&'static str>,
    pub note_html: Shared,
    pub source: Option<&'a str>,
}

/// Links and cards resolved once per build, shared by every page.
pub struct Views<'a> {
    pub site: &'a Site,
    pub urls: &'a Urls,
    pub prisons: Vec<Converted<Link<'a>>>,
    pub plans: Vec<Converted<PlanLink<'a>>>,
    pub themes: Vec<Converted<Link<'a>>>,
    pub owners: Vec<Converted<Link<'a>>>,
    /// What is made of each recommendation, in blocks of [`CARD_BLOCK`]
    /// neighbours, each block made when one of its cards is first asked for:
    /// a rebuild after an edit asks for a few hundred cards of one prison, and
    /// making three empty slots for each of the estate's 43,000 took it about
    /// 2 ms.
    cards: Vec<OnceLock<Box<[CardSlot<'a>]>>>,
    memo: Option<&'a markdown::Memo>,
}

/// How many neighbouring recommendations share a block of [`CardSlot`]s:
/// a prison's items sit together, so a few blocks hold one prison's.
const CARD_BLOCK: usize = 64;

/// What pages are given of one recommendation, each made when first needed:
/// a rebuild that renders a few pages renders only their Markdown.
#[derive(Default)]
struct CardSlot<'a> {
    card: OnceLock<Box<Card<'a>>>,
    /// The card as a template value, converted once: pages that show a card
    /// share this value instead of serialising the card again.
    value: OnceLock<Shown>,
    /// The recommendation as related lists name it, converted once.
    related: OnceLock<Shown>,
}

/// A link many pages of a build show (a prison, plan, theme or owner),
/// converted to a template value and fingerprinted the first time a page
/// or card shows it; every clone shares that. A list of the estate's plans
/// shows hundreds of links, and each rebuild after an edit renders several
/// such lists: converting the links again for each cost it milliseconds.
#[derive(Clone, Debug)]
pub struct Converted<T> {
    link: T,
    shown: Arc<OnceLock<Shown>>,
}

impl<T: Serialize> Converted<T> {
    fn new(link: T) -> Converted<T> {
        Converted {
            link,
            shown: Arc::default(),
        }
    }

    /// The link as templates see it.
    pub fn shown(&self) -> &Shown {
        self.shown
            .get_or_init(|| Shown::new(template_value(&self.link)))
    }
}

impl<T> std::ops::Deref for Converted<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.link
    }
}

impl<T: Serialize> Serialize for Converted<T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.shown().serialize(serializer)
    }
}

impl<'a> Views<'a> {
    /// Resolves every link; cards are made as pages ask for them.
    pub fn new(site: &'a Site, urls: &'a Urls) -> Views<'a> {
        Views::with_memo(site, urls, None)
    }

    /// Like [`Views::new`], taking Markdown already rendered from `memo`.
    pub fn with_memo(
        site: &'a Site,
        urls: &'a Urls,
        memo: Option<&'a markdown::Memo>,
    ) -> Views<'a> {
        let link = |name: &'a str, path: &str| {
            Converted::new(Link {
                name,
                url: urls.page(path),
            })
        };
        let prisons: Vec<Converted<Link>> = site
            .prisons
            .iter()
            .map(|p| link(&p.profile.name, &p.path))
            .collect();
        let plans = site
            .plans
            .iter()
            .map(|plan| Converted::new(plan_link(site, plan, &prisons[plan.prison], urls)))
            .collect();
        let themes = site.themes.iter().map(|t| link(&t.name, &t.path)).collect();
        let owners = site.owners.iter().map(|o| link(&o.name, &o.path)).collect();
        Views {
            site,
            urls,
            prisons,
            plans,
            themes,
            owners,
            cards: (0..site.recommendations.len().div_ceil(CARD_BLOCK))
                .map(|_| OnceLock::new())
                .collect(),
            memo,
        }
    }

    /// Drops every card and card value made so far; later asks make them
    /// again. A whole build renders a prison at a time and calls this in
    /// between, since a prison's cards are shown almost only on its own
    /// pages: holding every card of the estate at once was its biggest
    /// passing cost.
    pub fn forget_cards(&mut self) {
        self.cards.iter_mut().for_each(|block| drop(block.take()));
    }

    /// The slot of recommendation `index`, its block made if need be.
    fn slot(&self, index: Ix<Recommendation>) -> &CardSlot<'a> {
        let block = self.cards[index.get() / CARD_BLOCK]
            .get_or_init(|| (0..CARD_BLOCK).map(|_| CardSlot::default()).collect());
        &block[index.get() % CARD_BLOCK]
    }

    /// The card of recommendation `index`.
    pub fn card(&self, index: Ix<Recommendation>) -> &Card<'a> {
        self.slot(index)
            .card
            .get_or_init(|| Box::new(self.make_card(&self.site.recommendations[index])))
    }

    /// The card of recommendation `index` as a template value (cheap to clone).
    pub fn card_value(&self, index: Ix<Recommendation>) -> Shown {
        self.slot(index)
            .value
            .get_or_init(|| Shown::new(template_value(self.card(index))))
            .clone()
    }

    /// Recommendation `index` as another plan's related list names it.
    pub fn related_item(&self, index: Ix<Recommendation>) -> Shown {
        self.slot(index)
            .related
            .get_or_init(|| Shown::new(template_value(&RelatedItem::of(self, index))))
            .clone()
    }

    /// The template value of one action of a card, shared like the card's.
    pub fn action_value(&self, card: Ix<Recommendation>, position: usize) -> tera::Value {
        self.card_value(card)
            .value()
            .get_from_path("actions")
            .and_then(|actions| actions.as_array())
            .and_then(|actions| actions.get(position))
            .cloned()
            .unwrap_or_else(tera::Value::none)
    }

    fn make_card(&self, r: &'a Recommendation) -> Card<'a> {
        let plan = &self.site.plans[r.plan];
        let plan_page = self.urls.page(&plan.path);
        let text = self.markdown(&r.text);
        let response = r
            .response
            .as_deref()
            .map(|response| self.markdown(response));
        let excerpt = words(&markdown::cut(&text.text, 160));
        let response_excerpt = response
            .as_ref()
            .map_or_else(String::new, |response| markdown::cut(&response.text, 200));
        let response_excerpt = words(&response_excerpt);
        let text_html = html(&text.html);
        let response_html = html(response.as_ref().map_or("", |response| &response.html));
        let response_words = response.map_or_else(|| Arc::from(""), |response| response.text);
        let actions: Vec<ActionView<'a>> = r
            .actions
            .iter()
            .map(|&a| self.action(&self.site.actions[a]))
            .collect();
        Card {
            reference: &r.reference,
            kind: r.kind.as_str(),
            kind_label: r.kind.label(),
            title: title_of(r),
            url: self.urls.page(&r.path),
            anchor: &r.slug,
            plan_url: format!("{plan_page}#{}", r.slug),
            section: r.section.as_deref(),
            area: r.area.as_deref(),
            paragraph: r.paragraph.as_deref(),
            repeats: r.repeats.as_deref(),
            text_html,
            response_html,
            text_words: text.text,
            response_words,
            actions_carry_response: !r.actions.is_empty()
                && r.actions.iter().all(|&a| {
                    self.site.actions[a]
                        .text
                        .as_deref()
                        .is_some_and(|t| !t.trim().is_empty())
                }),
            response_excerpt,
            excerpt,
            decision: DecisionView {
                label: r.decision.label.as_deref(),
                class: r.decision.class.into(),
                qualifier: r.decision.qualifier.as_deref(),
            },
            takes_decision: r.kind.takes_decision(),
            outcome: r.outcome.map(Tag::from),
            progress: self.progress(r),
            lapsed: r
                .actions
                .iter()
                .any(|&a| self.site.actions[a].status == Status::Lapsed),
            themes: r
                .themes
                .iter()
                .map(|&t| self.themes[t].shown().value().clone())
                .collect(),
            action_statuses: status_counts(&actions),
            actions,
            prison: self.prisons[r.prison].shown().value().clone(),
            plan: self.plans[r.plan.get()].shown().value().clone(),
            raised_before: r
                .raised_before
                .iter()
                .rev()
                .map(|&l| self.raised_ref(self.site.recurrences[l].earlier))
                .collect(),
            raised_again: r
                .raised_again
                .iter()
                .map(|&l| self.raised_ref(self.site.recurrences[l].later))
                .collect(),
        }
    }

    /// The start of recommendation `index`'s text as plain words, short
    /// enough for a line of a list or a heading.
    pub fn short_excerpt(&self, index: Ix<Recommendation>) -> Shared {
        words(&markdown::cut(&self.card(index).text_words, 90))
    }

    /// Recommendation `index` as another item's card names it.
    fn raised_ref(&self, index: Ix<Recommendation>) -> RaisedRef<'a> {
        let r = &self.site.recommendations[index];
        RaisedRef {
            reference: &r.reference,
            title: title_of(r),
            plan: &self.site.plans[r.plan].slug,
            url: self.urls.page(&r.path),
        }
    }

    /// A Markdown text rendered (sanitised HTML and its words), from the
    /// memo when there is one.
    pub fn markdown(&self, text: &str) -> markdown::Rendered {
        match self.memo {
            Some(memo) => memo.render(text),
            None => markdown::Rendered::of(text),
        }
    }

    /// A recommendation's judgements, newest first (undated ones last).
    fn progress(&self, r: &'a Recommendation) -> Vec<ProgressView<'a>> {
        let mut progress: Vec<(usize, &Progress)> = r.progress.iter().enumerate().collect();
        progress.sort_by(|(a_at, a), (b_at, b)| (b.date, b_at).cmp(&(a.date, a_at)));
        progress
            .into_iter()
            .map(|(_, p)| ProgressView {
                date: p.date.map(Day::of),
                judgement: &p.judgement,
                outcome: p.outcome.map(Tag::from),
                scale: p.outcome.map(Outcome::scale),
                note_html: html(
                    &p.note
                        .as_deref()
                        .map_or_else(String::new, |note| self.markdown(note).html.to_string()),
                ),
                source: p.source.as_deref(),
            })
            .collect()
    }

    fn action(&self, action: &'a Action) -> ActionView<'a> {
        let text = action.text.as_deref().map(|text| self.markdown(text));
        ActionView {
            text_html: html(text.as_ref().map_or("", |text| &text.html)),
            words: text.map_or_else(|| Arc::from(""), |text| text.text),
            owners: action
                .owners
                .iter()
                .map(|&o| self.owners[o].shown().value().clone())
                .collect(),
            owners_written: action.owners_written.iter().map(AsRef::as_ref).collect(),
            due_written: action.due_written.as_deref(),
            due_date: action.due.date().map(Day::of),
            due_inferred: action.due_inferred,
            status: match (
                action.status,
                self.site.recommendations[action.recommendation].outcome,
            ) {
                // The outcome is what a reader wants to see beside the action.
                (Status::FollowedUp, Some(outcome)) => outcome.into(),
                (status, _) => status.into(),
            },
        }
    }

    /// A recommendation's short link: its ref, titled with its text.
    pub fn reference_link(&self, index: Ix<Recommendation>) -> Link<'a> {
        let r = &self.site.recommendations[index];
        Link {
            name: &r.reference,
            url: self.urls.page(&r.path),
        }
    }
}

/// "Recommendation 5.1", "Priority concern 1": an item's title everywhere.
fn title_of(r: &Recommendation) -> String {
    format!("{} {}", r.kind.label(), r.reference)
}

fn plan_link<'a>(site: &Site, plan: &'a Plan, prison: &Link<'a>, urls: &Urls) -> PlanLink<'a> {
    PlanLink {
        title: format!("{}, {}", prison.name, plan.slug),
        label: &plan.slug,
        url: urls.page(&plan.path),
        prison: prison.clone(),
        published: plan.report_published.map(Day::of),
        current: plan.is_current(),
        superseded_by: plan.superseded_by.map(|later| {
            let later = &site.plans[later];
            LaterPlan {
                label: later.slug.clone(),
                url: urls.page(&later.path),
            }
        }),
    }
}

/// `items` run by run of one prison. Lists are in site order, where plans
/// are sorted by prison, so each prison's items come together. Lists across
/// the estate (a theme's recommendations, an owner's actions) are shown
/// split this way, so that each part stays short and an edit of one plan
/// moves only its prison's items, never the page breaks of other prisons.
fn runs<'s, T>(
    items: &'s [Ix<T>],
    prison_of: impl Fn(Ix<T>) -> usize + Copy + 's,
) -> impl Iterator<Item = (usize, &'s [Ix<T>])> + 's {
    items
        .chunk_by(move |&a, &b| prison_of(a) == prison_of(b))
        .map(move |run| (prison_of(run[0]), run))
}

/// A theme's recommendations by prison, each prison's in plan order.
pub fn theme_runs(
    site: &Site,
    theme: usize,
) -> impl Iterator<Item = (usize, &[Ix<Recommendation>])> {
    runs(&site.themes[theme].recommendations, |r| {
        site.recommendations[r].prison
    })
}

/// An owner's actions by prison, each prison's in plan order.
pub fn owner_runs(site: &Site, owner: usize) -> impl Iterator<Item = (usize, &[Ix<Action>])> {
    runs(&site.owners[owner].actions, |a| site.actions[a].prison)
}

/// The run of `items` at prison `prison` (empty if it has none), found by
/// halving, since lists are in site order.
fn run_at<T>(items: &[Ix<T>], prison_of: impl Fn(Ix<T>) -> usize, prison: usize) -> &[Ix<T>] {
    let start = items.partition_point(|&i| prison_of(i) < prison);
    let length = items[start..].partition_point(|&i| prison_of(i) == prison);
    &items[start..start + length]
}

/// A theme's recommendations at one prison, in plan order.
pub fn theme_run_at(site: &Site, theme: usize, prison: usize) -> &[Ix<Recommendation>] {
    run_at(
        &site.themes[theme].recommendations,
        |r| site.recommendations[r].prison,
        prison,
    )
}

/// An owner's actions at one prison, in plan order.
pub fn owner_run_at(site: &Site, owner: usize, prison: usize) -> &[Ix<Action>] {
    run_at(
        &site.owners[owner].actions,
        |a| site.actions[a].prison,
        prison,
    )
}

/// Puts one prison's part of an owner's actions in the order its page lists
/// them: newest plan first, so the page opens on what is still promised;
/// within a plan, overdue first, then due soon and planned by date, then
/// ongoing, done and the rest.
pub fn sort_owner_part(site: &Site, actions: &mut [Ix<Action>]) {
    let rank = |status: Status| Status::ALL.iter().position(|&s| s == status);
    actions.sort_by_key(|&a| {
        let action = &site.actions[a];
        let plan = site.recommendations[action.recommendation].plan;
        (
            std::cmp::Reverse(plan),
            rank(action.status),
            action.due.date(),
            a,
        )
    });
}

/// Puts one prison's items newest plan first, keeping each plan's own order.
pub fn newest_plan_first<T>(items: &mut [Ix<T>], plan_of: impl Fn(Ix<T>) -> Ix<Plan>) {
    items.sort_by_key(|&i| std::cmp::Reverse(plan_of(i)));
}

/// A recommendation of another plan, as a related list names it: its ref,
/// its plan and the start of its text, so a reader can tell without opening
/// it whether it is the same problem.
#[derive(Serialize)]
pub struct RelatedItem<'a> {
    pub reference: &'a str,
    /// "Recommendation 5.3".
    pub title: String,
    pub kind_label: &'static str,
    pub url: String,
    /// "2018".
    pub plan: &'a str,
    /// The text as plain words, cut short.
    pub excerpt: Shared,
    /// Its decision class, for the kinds that take one.
    pub decision: Option<Tag>,
    /// Its latest outcome, where one is recorded.
    pub outcome: Option<Tag>,
}

impl<'a> RelatedItem<'a> {
    /// The related-list entry of recommendation `index`.
    pub fn of(views: &Views<'a>, index: Ix<Recommendation>) -> RelatedItem<'a> {
        let r = &views.site.recommendations[index];
        let RaisedRef {
            reference,
            title,
            plan,
            url,
        } = views.raised_ref(index);
        RelatedItem {
            reference,
            title,
            kind_label: r.kind.label(),
            url,
            plan,
            excerpt: views.short_excerpt(index),
            decision: r.kind.takes_decision().then(|| r.decision.class.into()),
            outcome: r.outcome.map(Tag::from),
        }
    }
}

/// Text too big to copy for every page that shows it: a template value,
/// whose string is shared, so a card converted for a template reuses it.
pub type Shared = tera::Value;

/// Sanitised HTML, to be printed as it is.
fn html(sanitised: &str) -> Shared {
    tera::Value::safe_string(sanitised)
}

/// Plain words, to be escaped when printed.
fn words(text: &str) -> Shared {
    tera::Value::from(text)
}

/// A view as a template value. Views hold only strings, numbers and lists,
/// which always convert; `none` stands in should that ever change.
pub fn template_value<T: Serialize>(view: &T) -> tera::Value {
    tera::Value::try_from_serializable(view).unwrap_or_else(|_| tera::Value::none())
}

#[cfg(test)]
mod period_tests {
    use super::*;

    fn period(from: (i32, u32, u32), to: (i32, u32, u32)) -> InspectionPeriod {
        InspectionPeriod::of(from, to)
    }

    #[test]
    fn periods_read_as_a_reader_says_them() {
        assert_eq!(periods_in_words(&[]), None);
        let words = |periods: &[InspectionPeriod]| periods_in_words(periods).unwrap_or_default();
        assert_eq!(
            words(&[period((2025, 8, 5), (2025, 8, 25))]),
            "5–25 August 2025"
        );
        assert_eq!(
            words(&[
                period((2020, 2, 24), (2020, 2, 25)),
                period((2020, 3, 2), (2020, 3, 6))
            ]),
            "24–25 February and 2–6 March 2020"
        );
        assert_eq!(
            words(&[
                period((2020, 2, 28), (2020, 3, 2)),
                period((2020, 3, 10), (2020, 3, 10)),
                period((2020, 3, 16), (2020, 3, 17))
            ]),
            "28 February – 2 March, 10 March and 16–17 March 2020"
        );
        assert_eq!(
            words(&[
                period((2019, 12, 30), (2020, 1, 3)),
                period((2020, 2, 3), (2020, 2, 4))
            ]),
            "30 December 2019 – 3 January 2020 and 3–4 February 2020"
        );
    }
}
