//! From one content file to one plan of the model, checking what serde cannot.
//!
//! Each plan is read on its own (in parallel: at estate scale there are about
//! a thousand) into a draft whose every date, decision, theme and ref has been
//! checked; then the drafts are placed under their prisons, where URL clashes
//! and missing prisons are found.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use chrono::{Datelike, NaiveDate};
use rayon::prelude::*;

use super::counts::declared_mismatches;
use super::decision::{Decision, DecisionLabels, READ_FORMS, Unread};
use super::due::reading::{self, Reading};
use super::due::{self, Due, Status};
use super::outcome::{self, Outcome};
use super::recurrence::StatedLink;
use super::themes::ThemeRules;
use super::{
    Action, Counts, Inspection, InspectionPeriod, Ix, Plan, Prison, Progress, Recommendation, Site,
    prison_index,
};
use crate::content::{
    ActionEntry, ActionPlan, Content, InspectionVisit, Located, RecommendationEntry, SourceFile,
};
use crate::diagnostics::{Diagnostic, Position};
use crate::slug;

/// A plan read and checked, not yet placed among the site's plans.
#[derive(Clone)]
pub struct PlanDraft {
    /// Index into the site's prisons, once placed.
    pub prison: usize,
    pub plan: Plan,
    pub recommendations: Vec<RecommendationDraft>,
    prison_slug: String,
    prison_position: Option<Position>,
    stem: String,
}

/// A recommendation with its actions, before they get their places in the site.
#[derive(Clone)]
pub struct RecommendationDraft {
    pub entry: Recommendation,
    pub actions: Vec<Action>,
}

/// What drafting a plan reads from the config: the theme rules and the
/// site's own decision labels. A draft depends on nothing else of the
/// config, so these are what [`DraftCache`] compares.
#[derive(Clone, Copy)]
pub struct DraftRules<'a> {
    pub themes: &'a ThemeRules,
    pub decisions: &'a DecisionLabels,
}

/// Drafts as last made, for `serve`: a plan whose file was not parsed again
/// (the very same parse) and whose rules (themes, `[decisions]`) did not
/// change keeps its draft.
#[derive(Default)]
pub struct DraftCache {
    /// The theme rules the drafts were made with, as configured.
    rules: Vec<crate::config::ThemeRule>,
    /// The decision labels the drafts were made with.
    decisions: DecisionLabels,
    drafts: HashMap<PathBuf, Drafted>,
}

struct Drafted {
    file: Arc<SourceFile<ActionPlan>>,
    draft: PlanDraft,
    problems: Vec<Diagnostic>,
}

impl DraftCache {
    /// Drafts one changed file again, if it was drafted before; with the
    /// problems found, or `None` if any of them is an error.
    pub fn redraft(
        &self,
        file: &Arc<SourceFile<ActionPlan>>,
        rules: DraftRules,
    ) -> Option<(PlanDraft, Vec<Diagnostic>)> {
        self.drafts.get(&file.path)?;
        if !self.made_with(rules) {
            return None;
        }
        let mut problems = Vec::new();
        let draft = draft(file, rules, &mut problems);
        (!problems.iter().any(Diagnostic::is_error)).then_some((draft, problems))
    }

    /// Whether the drafts were made with `rules`.
    fn made_with(&self, rules: DraftRules) -> bool {
        self.rules == rules.themes.rules() && self.decisions == *rules.decisions
    }

    /// Keeps `draft` and its problems as those of `file`.
    pub fn keep(
        &mut self,
        file: &Arc<SourceFile<ActionPlan>>,
        draft: PlanDraft,
        problems: Vec<Diagnostic>,
    ) {
        if let Some(drafted) = self.drafts.get_mut(&file.path) {
            drafted.file = Arc::clone(file);
            drafted.draft = draft;
            drafted.problems = problems;
        }
    }
}

/// Whether `draft`, placed, stays where plan `index` of `site` is: the same
/// prison, URL and year, so it keeps its place among the site's plans. The
/// draft is placed (see [`place`]) on the way.
pub fn stays_in_place(draft: &mut PlanDraft, site: &Site, index: Ix<Plan>) -> bool {
    let old = &site.plans[index];
    if draft.prison_slug != site.prisons[old.prison].slug {
        return false;
    }
    put_under(draft, old.prison, &site.prisons);
    draft.plan.slug == old.slug && draft.plan.year == old.year
}

/// Drafts every plan of the content, in parallel, collecting their problems;
/// with a cache, only plans whose files changed are drafted again.
pub fn draft_all(
    content: &Content,
    rules: DraftRules,
    diagnostics: &mut Vec<Diagnostic>,
    cache: Option<&mut DraftCache>,
) -> Vec<PlanDraft> {
    let Some(cache) = cache else {
        let results: Vec<(PlanDraft, Vec<Diagnostic>)> = content
            .plans
            .par_iter()
            .map(|file| {
                let mut problems = Vec::new();
                (draft(file, rules, &mut problems), problems)
            })
            .collect();
        return results
            .into_iter()
            .map(|(draft, mut problems)| {
                diagnostics.append(&mut problems);
                draft
            })
            .collect();
    };
    if !cache.made_with(rules) {
        cache.rules = rules.themes.rules().to_vec();
        cache.decisions = rules.decisions.clone();
        cache.drafts.clear();
    }
    let known = &cache.drafts;
    let fresh: Vec<Option<Drafted>> = content
        .plans
        .par_iter()
        .map(|file| match known.get(&file.path) {
            Some(done) if Arc::ptr_eq(&done.file, file) => None,
            _ => {
                let mut problems = Vec::new();
                let draft = draft(file, rules, &mut problems);
                Some(Drafted {
                    file: Arc::clone(file),
                    draft,
                    problems,
                })
            }
        })
        .collect();
    let mut kept = HashMap::with_capacity(fresh.len());
    for (file, fresh) in content.plans.iter().zip(fresh) {
        let drafted = match (fresh, cache.drafts.remove(&file.path)) {
            (Some(drafted), _) | (None, Some(drafted)) => drafted,
            (None, None) => continue,
        };
        kept.insert(file.path.clone(), drafted);
    }
    cache.drafts = kept;
    let drafted: Vec<&Drafted> = content
        .plans
        .iter()
        .filter_map(|file| cache.drafts.get(&file.path))
        .collect();
    for done in &drafted {
        diagnostics.extend(done.problems.iter().cloned());
    }
    drafted.par_iter().map(|done| done.draft.clone()).collect()
}

/// Reports problems in one file as they are found, pointing at the value concerned.
struct Reporter<'a> {
    file: &'a SourceFile<ActionPlan>,
    diagnostics: &'a mut Vec<Diagnostic>,
}

impl Reporter<'_> {
    /// "on line N" for a value of this file, for messages that point at a second place.
    fn line_of<T>(&self, value: &Located<T>) -> String {
        self.file
            .position(value)
            .map_or("elsewhere in the file".to_string(), |p| {
                format!("on line {}", p.line)
            })
    }

    fn error<T>(&mut self, value: &Located<T>, message: String, help: &str) {
        let diagnostic = Diagnostic::error(&self.file.path, message)
            .at(self.file.position(value))
            .help(help);
        self.diagnostics.push(diagnostic);
    }

    /// What the plan itself says but plansite cannot read: kept as written,
    /// never an error, since the plan's words are not the editor's to fix.
    fn warning<T>(&mut self, value: &Located<T>, message: String, help: &str) {
        let diagnostic = Diagnostic::warning(&self.file.path, message)
            .at(self.file.position(value))
            .help(help);
        self.diagnostics.push(diagnostic);
    }

    /// An optional ISO date field; anything else is an error at its value.
    fn iso_date(&mut self, field: &str, value: Option<&Located<String>>) -> Option<NaiveDate> {
        let value = value?;
        if value.value.trim().is_empty() {
            return None;
        }
        due::parse_iso(&value.value)
            .map_err(|err| {
                self.error(
                    value,
                    format!("{field}: {err}"),
                    "front matter dates are ISO dates: YYYY-MM-DD, e.g. 2018-05-31",
                )
            })
            .ok()
    }
}

impl Reporter<'_> {
    /// The inspection's periods: `from`/`to` for one, `periods` for several,
    /// never both (an error at `from` or `to`, the written fields that clash).
    fn inspection(&mut self, visit: Option<&InspectionVisit>) -> Inspection {
        let Some(visit) = visit else {
            return Inspection::default();
        };
        let mut periods = Vec::new();
        if visit.periods.is_empty() {
            periods.extend(self.period("inspection", visit.from.as_ref(), visit.to.as_ref()));
        } else {
            if let Some(clash) = visit.from.as_ref().or(visit.to.as_ref()) {
                self.error(
                    clash,
                    "inspection: `from`/`to` and `periods` are both given".to_string(),
                    "write one period as `from`/`to`, or every period under `periods`, not both",
                );
            }
            for (i, period) in visit.periods.iter().enumerate() {
                let field = format!("inspection.periods[{}]", i + 1);
                periods.extend(self.period(&field, Some(&period.from), period.to.as_ref()));
            }
        }
        Inspection {
            periods,
            written: visit.written.clone().filter(|w| !w.trim().is_empty()),
            kind: visit.kind.clone(),
        }
    }

    /// One period from its ISO dates: a day alone when only one is given;
    /// an error at `to` when it comes before `from`.
    fn period(
        &mut self,
        field: &str,
        from: Option<&Located<String>>,
        to: Option<&Located<String>>,
    ) -> Option<InspectionPeriod> {
        let first = self.iso_date(&format!("{field}.from"), from);
        let last = self.iso_date(&format!("{field}.to"), to);
        match (first, last, to) {
            (Some(from), Some(until), Some(located)) if until < from => {
                self.error(
                    located,
                    format!("{field}.to: {until} is before `from` ({from})"),
                    "a period runs from its first day to its last; swap them or correct the typo",
                );
                None
            }
            (Some(from), Some(to), _) => Some(InspectionPeriod { from, to }),
            (Some(day), None, _) | (None, Some(day), _) => {
                Some(InspectionPeriod { from: day, to: day })
            }
            (None, None, _) => None,
        }
    }
}

fn draft(
    file: &SourceFile<ActionPlan>,
    rules: DraftRules,
    diagnostics: &mut Vec<Diagnostic>,
) -> PlanDraft {
    let front = &file.front;
    let mut report = Reporter { file, diagnostics };
    let mut plan = Plan {
        prison: 0,
        slug: String::new(),
        year: None,
        path: String::new(),
        source_file: file.path.clone(),
        report_published: report.iso_date("report_published", front.report_published.as_ref()),
        action_plan_submitted: report.iso_date(
            "action_plan_submitted",
            front.action_plan_submitted.as_ref(),
        ),
        inspection: report.inspection(front.inspection.as_ref()),
        source: front.source.clone(),
        declared_totals: front.declared_totals.clone(),
        declared_mismatches: Vec::new(),
        body: file.body.clone(),
        recommendations: Vec::new(),
        superseded_by: None,
        counts: Counts::default(),
    };
    let mut urls = RefUrls::default();
    let mut tally = Counts::default();
    let mut recommendations = Vec::with_capacity(front.recommendations.len());
    for entry in &front.recommendations {
        let slug = urls.claim(&mut report, &entry.reference);
        let submitted = plan.action_plan_submitted;
        let draft = recommendation(&mut report, rules, entry, slug, submitted);
        tally.add_item(entry.kind, draft.entry.decision.class, None);
        recommendations.push(draft);
    }
    if let Some(declared) = &front.declared_totals {
        plan.declared_mismatches = declared_mismatches(declared, &tally);
        for mismatch in &plan.declared_mismatches {
            report.diagnostics.push(
                Diagnostic::warning(&file.path, format!("declared_totals: the plan {mismatch}"))
                    .help("check the plan's summary table against its rows; keep the declared figure if the plan itself is inconsistent"),
            );
        }
    }
    PlanDraft {
        prison: 0,
        plan,
        recommendations,
        prison_slug: front.prison.value.trim().to_string(),
        prison_position: file.position(&front.prison),
        stem: file.stem.clone(),
    }
}

fn recommendation(
    report: &mut Reporter,
    rules: DraftRules,
    entry: &RecommendationEntry,
    slug: String,
    submitted: Option<NaiveDate>,
) -> RecommendationDraft {
    let decision = decision(report, rules.decisions, entry.decision.as_ref());
    let rules = rules.themes;
    let mut themes = rules.assign(
        &[entry.area.as_deref(), entry.section.as_deref()],
        &entry.text,
    );
    for named in &entry.themes {
        match rules.find(named.value.trim()) {
            Some(theme) => themes.push(theme),
            None => report.error(
                named,
                format!("unknown theme `{}`", named.value),
                &format!(
                    "use one of the site's themes: {}; or add it as [[themes]] in plansite.toml",
                    rules.slugs()
                ),
            ),
        }
    }
    themes.sort_unstable();
    themes.dedup();
    let progress: Vec<Progress> = entry
        .progress
        .iter()
        .map(|p| Progress {
            date: report.iso_date("progress date", Some(&p.date)),
            judgement: p.judgement.value.trim().to_string(),
            outcome: Outcome::parse(&p.judgement.value)
                .map_err(|err| report.error(&p.judgement, err, outcome::ACCEPTED_JUDGEMENTS))
                .ok(),
            note: p.note.clone(),
            source: p.source.clone(),
        })
        .collect();
    let outcome = latest(&progress).and_then(|p| p.outcome);
    let actions = entry
        .actions
        .iter()
        .map(|a| action(report, a, submitted))
        .collect();
    RecommendationDraft {
        entry: Recommendation {
            plan: Ix::new(0),
            prison: 0,
            reference: entry.reference.value.trim().into(),
            slug: slug.into(),
            path: String::new(),
            kind: entry.kind,
            section: entry.section.clone(),
            area: entry.area.clone(),
            paragraph: entry.paragraph.clone(),
            repeats: entry.repeats.clone(),
            text: entry.text.clone(),
            decision,
            themes,
            response: entry.response.clone(),
            actions: Vec::new(),
            progress,
            outcome,
            stated: stated_links(report, entry),
            raised_before: Vec::new(),
            raised_again: Vec::new(),
        },
        actions,
    }
}

/// The links an editor writes on an item, each with its place for messages
/// (they are checked once every plan of the prison is placed).
fn stated_links(report: &Reporter, entry: &RecommendationEntry) -> Vec<StatedLink> {
    let links = |written: &[Located<String>], refused: bool| {
        written
            .iter()
            .map(move |target| StatedLink {
                target: target.value.trim().to_string(),
                refused,
                position: report.file.position(target),
            })
            .collect::<Vec<_>>()
    };
    let mut stated = links(&entry.recurs, false);
    stated.extend(links(&entry.not_recurs, true));
    stated
}

/// The decision as written, read by the site's `[decisions]` or the
/// reader; a label neither reads is kept, counted as other, and warned
/// about at its place, since the plan's words are not the editor's to fix.
fn decision(
    report: &mut Reporter,
    labels: &DecisionLabels,
    written: Option<&Located<String>>,
) -> Decision {
    let label = written.map(|d| d.value.as_str());
    Decision::parse(label, labels).unwrap_or_else(|Unread(decision)| {
        if let Some(located) = written {
            report.warning(
                located,
                format!(
                    "decision `{}` is not a form plansite reads: it is kept as written and counted as other",
                    located.value.trim()
                ),
                READ_FORMS,
            );
        }
        decision
    })
}

/// The latest judgement: the one with the latest date, the later written
/// where two share a date (an undated one counts as the earliest).
pub fn latest(progress: &[Progress]) -> Option<&Progress> {
    progress
        .iter()
        .enumerate()
        .max_by_key(|(at, p)| (p.date, *at))
        .map(|(_, p)| p)
}

fn action(report: &mut Reporter, entry: &ActionEntry, submitted: Option<NaiveDate>) -> Action {
    let written = entry.due.as_ref().map(|d| d.value.trim().to_string());
    let pinned = report.iso_date("due_date", entry.due_date.as_ref());
    let mut reading = match &entry.due {
        None => Reading {
            due: Due::Unset,
            inferred: false,
        },
        Some(located) => reading::read(&located.value, submitted).unwrap_or_else(|err| {
            if pinned.is_none() {
                report.warning(
                    located,
                    format!(
                        "due: `{}` is kept as written, with the status \"date not recognised\": {err}",
                        located.value.trim()
                    ),
                    reading::FORMS_HELP,
                );
            }
            Reading {
                due: Due::NotRecognised,
                inferred: false,
            }
        }),
    };
    if let Some(date) = pinned {
        reading = Reading {
            due: reading.due.pinned(date),
            inferred: true,
        };
    }
    Action {
        recommendation: Ix::new(0),
        prison: 0,
        text: entry.text.clone(),
        owners_written: entry
            .owners
            .iter()
            .map(|o| o.value.trim())
            .filter(|o| !o.is_empty())
            .map(crate::content::Text::from)
            .collect(),
        owners: Vec::new(),
        due_written: written
            .filter(|w| !w.is_empty())
            .map(crate::content::Text::from),
        due: reading.due,
        due_inferred: reading.inferred,
        status: Status::NoDate,
    }
}

/// The refs of one plan met so far, by the URL part each makes.
#[derive(Default)]
struct RefUrls<'a> {
    seen: HashMap<String, &'a Located<String>>,
}

impl<'a> RefUrls<'a> {
    /// The URL part of `reference`, reporting a ref that cannot make one and,
    /// at both places, two refs that make the same one (`5-1` and `5/1`).
    fn claim(&mut self, report: &mut Reporter, reference: &'a Located<String>) -> String {
        let written = reference.value.trim();
        let slug = slug::from_ref(written);
        if let Some(problem) = slug::problem(&slug) {
            report.error(
                reference,
                format!("ref `{written}` cannot name a page: its URL part `{slug}` {problem}"),
                "give the item the plan's own short number for it, such as `5.1` or `HP3`",
            );
            return slug;
        }
        match self.seen.get(&slug) {
            None => {
                self.seen.insert(slug.clone(), reference);
            }
            Some(&first) => {
                let help = "give each item of a plan its own ref, as the plan numbers them";
                let first_line = report.line_of(first);
                let this_line = report.line_of(reference);
                let first_written = first.value.trim();
                let says = |this: &str, other: &str, line: &str| {
                    if this == other {
                        format!("duplicate ref `{this}`: also used {line}")
                    } else {
                        format!(
                            "ref `{this}` makes the same URL part (`{slug}`) as ref `{other}` {line}"
                        )
                    }
                };
                report.error(reference, says(written, first_written, &first_line), help);
                report.error(first, says(first_written, written, &this_line), help);
            }
        }
        slug
    }
}

/// Puts each draft under its prison and URL, refusing missing prisons and clashing URLs.
pub fn place(
    drafts: Vec<PlanDraft>,
    prisons: &[Prison],
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<PlanDraft> {
    let index = prison_index(prisons);
    let mut seen: HashMap<(usize, String), (PathBuf, Option<Position>)> = HashMap::new();
    let mut placed = Vec::with_capacity(drafts.len());
    for mut draft in drafts {
        let Some(&prison) = index.get(draft.prison_slug.as_str()) else {
            diagnostics.push(missing_prison(&draft, prisons));
            continue;
        };
        let slug = plan_slug(&draft);
        if let Some(problem) = slug::problem(&slug) {
            diagnostics.push(
                Diagnostic::error(
                    &draft.plan.source_file,
                    format!(
                        "the file's name gives the plan the URL part `{slug}`, which {problem}"
                    ),
                )
                .help(format!(
                    "name the file <prison>-<year>.md; after `<prison>-` a name may hold {}",
                    slug::ALLOWED
                )),
            );
            continue;
        }
        let key = (prison, slug.clone());
        if let Some((first, first_position)) = seen.get(&key) {
            let clash = |this: &PathBuf, other: &PathBuf, at: Option<Position>| {
                Diagnostic::error(
                    this,
                    format!(
                        "duplicate slug: {} and {} both publish at /prisons/{}/{slug}/",
                        this.display(),
                        other.display(),
                        draft.prison_slug
                    ),
                )
                .at(at)
                .help("name each plan's file <prison>-<year>.md, with a suffix such as -follow-up when a prison has two plans in one year")
            };
            let this = &draft.plan.source_file;
            diagnostics.push(clash(this, first, draft.prison_position));
            diagnostics.push(clash(first, this, *first_position));
            continue;
        }
        seen.insert(key, (draft.plan.source_file.clone(), draft.prison_position));
        put_under(&mut draft, prison, prisons);
        placed.push(draft);
    }
    placed.sort_by(|a, b| {
        (a.prison, a.plan.year, &a.plan.slug).cmp(&(b.prison, b.plan.year, &b.plan.slug))
    });
    placed
}

/// Puts a draft under prison `prison`: its URL, and the year it sorts by.
fn put_under(draft: &mut PlanDraft, prison: usize, prisons: &[Prison]) {
    let slug = plan_slug(draft);
    draft.prison = prison;
    draft.plan.prison = prison;
    draft.plan.year = slug
        .parse::<i32>()
        .ok()
        .filter(|_| slug.len() == 4)
        .or(draft.plan.report_published.map(|d| d.year()));
    draft.plan.path = format!("{}{slug}/", prisons[prison].path);
    draft.plan.slug = slug;
    for recommendation in &mut draft.recommendations {
        recommendation.entry.prison = prison;
    }
}

/// The file stem after `<prison>-`, else the year of publication, else the whole stem.
fn plan_slug(draft: &PlanDraft) -> String {
    let rest = draft
        .stem
        .strip_prefix(draft.prison_slug.as_str())
        .and_then(|r| r.strip_prefix('-'))
        .filter(|r| !r.is_empty());
    match (rest, draft.plan.report_published) {
        (Some(rest), _) => rest.to_string(),
        (None, Some(published)) => published.year().to_string(),
        (None, None) => draft.stem.clone(),
    }
}

fn missing_prison(draft: &PlanDraft, prisons: &[Prison]) -> Diagnostic {
    let known: Vec<&str> = prisons.iter().take(12).map(|p| p.slug.as_str()).collect();
    let known = if known.is_empty() {
        "there are no prison profiles yet".to_string()
    } else {
        format!("known prisons include: {}", known.join(", "))
    };
    Diagnostic::error(
        &draft.plan.source_file,
        format!("no prison profile `{}`", draft.prison_slug),
    )
    .at(draft.prison_position)
    .help(format!(
        "add content/prisons/{}.md, or correct the slug ({known})",
        draft.prison_slug
    ))
}
