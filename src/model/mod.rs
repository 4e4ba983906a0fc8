//! Stage two: the derived model, computed once and shared by every command.
//!
//! Content files record plans as written; readers need them compared: every
//! decision on one scale, every target date against one as-of date, every
//! recommendation in its themes, every owner under one name, recurring themes
//! linked, and counts everywhere. This module derives all of that in one pass
//! and reports every semantic problem it meets as a positioned [`Diagnostic`].
//!
//! The [`Site`] keeps its items in flat vectors and cross-references them by
//! index, so a theme or owner page lists recommendations without copying them
//! and templates can follow the links cheaply. Plan, recommendation and
//! action indices are typed ([`Ix`]), so one kind cannot stand for another.

pub mod as_of;
pub mod counts;
pub mod decision;
pub mod due;
pub mod index;
pub mod outcome;
pub mod owners;
pub(crate) mod plans;
pub mod recurrence;
pub mod themes;

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use rayon::prelude::*;
use serde::Serialize;

pub use as_of::{AsOf, AsOfSource};
pub use counts::{Counts, DecisionCounts, KindCounts, OutcomeCounts, StatusCounts};
pub use decision::{Decision, DecisionClass};
pub use due::{Due, Standing, Status};
pub use index::Ix;
pub use outcome::Outcome;
pub use recurrence::{Chain, Recurrence, StatedLink};

use crate::config::{self, Config};
use crate::content::{self, Content, DeclaredTotals, EntryKind, PrisonProfile, Text};
use crate::diagnostics::Diagnostic;
use decision::DecisionLabels;
use owners::OwnerDirectory;
use plans::PlanDraft;
use themes::ThemeRules;

/// Everything a site shows, derived from its config and content.
#[derive(Clone, Debug, Serialize)]
pub struct Site {
    pub as_of: AsOf,
    /// Sorted by slug.
    pub prisons: Vec<Prison>,
    /// Sorted by prison, then year, then slug.
    pub plans: Vec<Plan>,
    /// In plan order, then as each plan lists them.
    pub recommendations: Vec<Recommendation>,
    /// In recommendation order.
    pub actions: Vec<Action>,
    /// In the order of the theme rules.
    pub themes: Vec<Theme>,
    /// Sorted by name.
    pub owners: Vec<Owner>,
    pub recurrences: Vec<Recurrence>,
    /// Across the whole site, every plan.
    pub counts: Counts,
    /// Across the current plans only (each prison's latest): the figures
    /// that say what is still promised.
    pub current: Counts,
    /// The theme rules the site was derived with; how often each owner
    /// string is written, and the owners made from them. They are kept with
    /// the site they describe (not with the last attempt, which may have
    /// failed), for an edit of one plan to be drafted and patched in the same
    /// way ([`patch_plan`]).
    #[serde(skip)]
    pub(crate) theme_rules: ThemeRules,
    /// The site's own decision labels (`[decisions]`), kept for the same reason.
    #[serde(skip)]
    pub(crate) decision_labels: DecisionLabels,
    /// How alike items must be to recur (`[recurrence]`), kept for the same reason.
    #[serde(skip)]
    pub(crate) recurrence_settings: config::RecurrenceSettings,
    /// Whether the build writes a search index (`build_search_index`).
    #[serde(skip)]
    pub build_search_index: bool,
    #[serde(skip)]
    pub(crate) written_owners: HashMap<String, usize>,
    #[serde(skip)]
    pub(crate) owner_directory: OwnerDirectory,
}

impl Site {
    /// The rules the site's plans were drafted with, for an edited plan
    /// to be drafted the same way.
    pub(crate) fn draft_rules(&self) -> plans::DraftRules<'_> {
        plans::DraftRules {
            themes: &self.theme_rules,
            decisions: &self.decision_labels,
        }
    }
}

/// A prison with the plans of its inspections.
#[derive(Clone, Debug, Serialize)]
pub struct Prison {
    pub slug: String,
    /// Site-relative URL path, `prisons/<slug>/`.
    pub path: String,
    pub profile: PrisonProfile,
    /// The profile's Markdown body.
    pub body: String,
    /// The documents its facts come from, as `[sources]` names them; a
    /// source the config does not name is an error, and left out here.
    pub sources: Vec<config::SourceDocument>,
    pub source_file: PathBuf,
    /// Oldest first.
    pub plans: Vec<Ix<Plan>>,
    /// Its problems raised in more than one of its plans, longest first.
    pub chains: Vec<Chain>,
    /// All its plans together.
    pub counts: Counts,
    /// Its current plan's (the latest).
    pub current: Counts,
}

/// One inspection's action plan.
#[derive(Clone, Debug, Serialize)]
pub struct Plan {
    /// Index into `Site::prisons`.
    pub prison: usize,
    /// URL part under the prison, usually the year (`/prisons/<prison>/<slug>/`).
    pub slug: String,
    pub year: Option<i32>,
    /// Site-relative URL path, `prisons/<prison>/<slug>/`.
    pub path: String,
    pub source_file: PathBuf,
    #[serde(serialize_with = "due::iso_opt")]
    pub report_published: Option<NaiveDate>,
    #[serde(serialize_with = "due::iso_opt")]
    pub action_plan_submitted: Option<NaiveDate>,
    /// When and how the prison was inspected, as the plan states it.
    pub inspection: Inspection,
    pub source: Option<String>,
    pub declared_totals: Option<DeclaredTotals>,
    /// Where the declared totals disagree with the rows, as sentences naming both figures.
    pub declared_mismatches: Vec<String>,
    /// The plan's Markdown body (its introduction).
    pub body: String,
    /// In the plan's order.
    pub recommendations: Vec<Ix<Recommendation>>,
    /// The same prison's next plan, once one is published: this one is then
    /// superseded, and its passed dates no longer count as overdue.
    pub superseded_by: Option<Ix<Plan>>,
    pub counts: Counts,
}

/// When and how a plan's prison was inspected: some plans give one
/// period, some several visits, some only words no date can be read from.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Inspection {
    /// In the plan's order; empty when the plan gives no dates.
    pub periods: Vec<InspectionPeriod>,
    /// The plan's own words for the dates, shown when no period was read.
    pub written: Option<String>,
    /// For example "Full unannounced inspection".
    pub kind: Option<String>,
}

/// One visit of an inspection, from its first day to its last (the same
/// day for a one-day visit), so every period reads the same way.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct InspectionPeriod {
    #[serde(serialize_with = "due::iso")]
    pub from: NaiveDate,
    #[serde(serialize_with = "due::iso")]
    pub to: NaiveDate,
}

#[cfg(test)]
impl InspectionPeriod {
    /// A period from (year, month, day) triples, for tests that write
    /// their expected dates as the plan does; panics on a day no calendar has.
    pub(crate) fn of(from: (i32, u32, u32), to: (i32, u32, u32)) -> Self {
        let day = |(y, m, d): (i32, u32, u32)| {
            NaiveDate::from_ymd_opt(y, m, d).unwrap_or_else(|| panic!("no day {y}-{m}-{d}"))
        };
        InspectionPeriod {
            from: day(from),
            to: day(to),
        }
    }
}

/// One recommendation or concern of a plan.
#[derive(Clone, Debug, Serialize)]
pub struct Recommendation {
    pub plan: Ix<Plan>,
    /// Index into `Site::prisons`.
    pub prison: usize,
    /// The ref as the plan numbers it ("5.1").
    pub reference: Text,
    /// URL part and anchor, unique within the plan.
    pub slug: Text,
    /// Site-relative URL path, `prisons/<prison>/<plan>/<slug>/`.
    pub path: String,
    pub kind: EntryKind,
    pub section: Option<Text>,
    pub area: Option<Text>,
    pub paragraph: Option<Text>,
    /// The earlier recommendation this one repeats, as the report numbers it.
    pub repeats: Option<Text>,
    pub text: Text,
    pub decision: Decision,
    /// Indices into `Site::themes`, ascending.
    pub themes: Vec<usize>,
    pub response: Option<Text>,
    pub actions: Vec<Ix<Action>>,
    /// As recorded, in the order written.
    pub progress: Vec<Progress>,
    /// The latest judgement of `progress`: what became of it, as far as known.
    pub outcome: Option<Outcome>,
    /// Links an editor writes (`recurs:`, `not_recurs:`), checked once the
    /// prison's plans are placed.
    #[serde(skip)]
    pub stated: Vec<StatedLink>,
    /// Indices into `Site::recurrences` whose later item this is: earlier
    /// items of its prison that raised the same problem.
    pub raised_before: Vec<usize>,
    /// Indices into `Site::recurrences` whose earlier item this is.
    pub raised_again: Vec<usize>,
}

/// A later judgement of progress on a recommendation.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Progress {
    #[serde(serialize_with = "due::iso_opt")]
    pub date: Option<NaiveDate>,
    /// As written.
    pub judgement: String,
    /// The judgement read on HMIP's scales; `None` where it could not be (an error).
    pub outcome: Option<Outcome>,
    pub note: Option<String>,
    pub source: Option<String>,
}

/// One promised action.
#[derive(Clone, Debug, Serialize)]
pub struct Action {
    pub recommendation: Ix<Recommendation>,
    /// Index into `Site::prisons`: its recommendation's, kept here because
    /// lists across the estate split owners' actions by prison.
    pub prison: usize,
    pub text: Option<Text>,
    /// The owners as the plan writes them.
    pub owners_written: Vec<Text>,
    /// Indices into `Site::owners`.
    pub owners: Vec<usize>,
    /// The target date as written.
    pub due_written: Option<Text>,
    pub due: Due,
    /// The date is plansite's reading of the words (a quarter's end, a
    /// range's end, an editor's `due_date:`), so pages show it beside them.
    pub due_inferred: bool,
    pub status: Status,
}

impl Plan {
    /// Whether it is its prison's latest plan, whose passed dates are overdue.
    pub fn is_current(&self) -> bool {
        self.superseded_by.is_none()
    }

    /// When the plan became public: its report's publication, else its
    /// submission; `None` when it gives neither (then it counts as public).
    pub fn published(&self) -> Option<NaiveDate> {
        self.report_published.or(self.action_plan_submitted)
    }
}

/// A theme (topic) and the recommendations in it.
#[derive(Clone, Debug, Serialize)]
pub struct Theme {
    pub slug: String,
    pub name: String,
    pub description: String,
    /// Site-relative URL path, `themes/<slug>/`.
    pub path: String,
    /// In site order.
    pub recommendations: Vec<Ix<Recommendation>>,
    /// Every plan's items on the theme.
    pub counts: Counts,
    /// The current plans' items on the theme.
    pub current: Counts,
}

/// One owner and what it promised.
#[derive(Clone, Debug, Serialize)]
pub struct Owner {
    pub slug: String,
    pub name: String,
    pub spellings: Vec<String>,
    /// Site-relative URL path, `owners/<slug>/`.
    pub path: String,
    /// In site order.
    pub actions: Vec<Ix<Action>>,
    /// The recommendations it has actions on, each once, in site order.
    pub recommendations: Vec<Ix<Recommendation>>,
    /// Decisions of its recommendations; statuses of its own actions only.
    pub counts: Counts,
    /// The same, in current plans only.
    pub current: Counts,
}

/// What a rebuild keeps from the last: parsed files, each plan's draft, and
/// the owner directory with the counts it was made from.
#[derive(Default)]
pub struct Cache {
    pub content: content::Cache,
    pub(crate) drafts: plans::DraftCache,
    owners: Option<CountedOwners>,
    /// Each prison's word pairs, compared again only when its items change.
    pub(crate) recurrences: recurrence::Memo,
}

/// An owner directory and what it was made from.
struct CountedOwners {
    aliases: BTreeMap<String, Vec<String>>,
    written: HashMap<String, usize>,
    directory: OwnerDirectory,
}

/// The owner directory of `written` owner strings: recounted from the
/// cache's when the same strings are written (a plan added or deleted
/// seldom writes an owner the estate has not written before), else made.
fn owner_directory(
    written: &HashMap<String, usize>,
    aliases: &BTreeMap<String, Vec<String>>,
    cache: Option<&mut Option<CountedOwners>>,
) -> OwnerDirectory {
    let Some(cache) = cache else {
        return OwnerDirectory::counted(&owners::borrowed(written), aliases);
    };
    let recounted = cache
        .as_ref()
        .filter(|last| last.aliases == *aliases)
        .and_then(|last| last.directory.recounted(&last.written, written));
    let directory =
        recounted.unwrap_or_else(|| OwnerDirectory::counted(&owners::borrowed(written), aliases));
    *cache = Some(CountedOwners {
        aliases: aliases.clone(),
        written: written.clone(),
        directory: directory.clone(),
    });
    directory
}

impl Cache {
    /// Forgets a content file (by its path under the site root), so the next
    /// load parses and drafts it again whatever its stamp says.
    pub fn forget(&mut self, rel: &Path) {
        self.content.forget(rel);
    }
}

/// Config, content and derived site of one run, with every problem found on the way.
pub struct Loaded {
    /// The config as read, or the defaults where it could not be.
    pub config: Config,
    /// The content as read, with the places `check` points its advice at.
    pub content: Content,
    pub site: Site,
    pub diagnostics: Vec<Diagnostic>,
}

/// Reads config and content under `root` and derives the site, collecting every problem.
pub fn load(root: &Path, as_of_override: Option<&str>) -> Loaded {
    load_cached(root, as_of_override, &mut Cache::default())
}

/// Like [`load`], re-parsing only the content files that changed since `cache` saw them.
pub fn load_cached(root: &Path, as_of_override: Option<&str>, cache: &mut Cache) -> Loaded {
    let mut diagnostics = Vec::new();
    let config = config::load(root).unwrap_or_else(|problem| {
        diagnostics.push(problem);
        Config::default()
    });
    let epoch = std::env::var("SOURCE_DATE_EPOCH").ok();
    let (as_of, mut problems) = as_of::resolve(&as_of::AsOfInputs {
        command_line: as_of_override,
        config: config
            .as_of
            .as_ref()
            .map(|setting| setting.get_ref().as_str()),
        config_position: config
            .as_of
            .as_ref()
            .and_then(|setting| config.place(setting)),
        source_date_epoch: epoch.as_deref(),
        today: chrono::Local::now().date_naive(),
    });
    diagnostics.append(&mut problems);
    let (content, mut problems) = content::load_cached(root, &mut cache.content);
    diagnostics.append(&mut problems);
    let (site, mut problems) = derive_cached(&config, &content, as_of, Some(cache));
    diagnostics.append(&mut problems);
    crate::diagnostics::sort(&mut diagnostics);
    Loaded {
        config,
        content,
        site,
        diagnostics,
    }
}

/// Derives the site from loaded content; problems do not stop it, they are reported.
pub fn derive(config: &Config, content: &Content, as_of: AsOf) -> (Site, Vec<Diagnostic>) {
    derive_cached(config, content, as_of, None)
}

/// Like [`derive`], keeping each unchanged plan's draft in `cache`.
fn derive_cached(
    config: &Config,
    content: &Content,
    as_of: AsOf,
    cache: Option<&mut Cache>,
) -> (Site, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let rules = theme_rules(config, &mut diagnostics);
    let decision_labels = decision_labels(config, &mut diagnostics);
    let prisons = prisons_of(content, &config.sources, &mut diagnostics);
    check_prison_slugs(&prisons, &mut diagnostics);
    let mut fresh_memo = recurrence::Memo::default();
    let (drafts, owners_cache, memo) = match cache {
        Some(cache) => (
            Some(&mut cache.drafts),
            Some(&mut cache.owners),
            &mut cache.recurrences,
        ),
        None => (None, None, &mut fresh_memo),
    };
    let draft_rules = plans::DraftRules {
        themes: &rules,
        decisions: &decision_labels,
    };
    let drafts = plans::draft_all(content, draft_rules, &mut diagnostics, drafts);
    let drafts = plans::place(drafts, &prisons, &mut diagnostics);
    let mut site = Site {
        as_of,
        prisons,
        plans: Vec::new(),
        recommendations: Vec::new(),
        actions: Vec::new(),
        themes: themes_of(&rules),
        owners: Vec::new(),
        recurrences: Vec::new(),
        counts: Counts::default(),
        current: Counts::default(),
        written_owners: HashMap::new(),
        owner_directory: OwnerDirectory::default(),
        theme_rules: rules,
        decision_labels,
        recurrence_settings: config.recurrence,
        build_search_index: config.build_search_index,
    };
    flatten(&mut site, drafts);
    let written = owners::written(&site.actions);
    let directory = owner_directory(&written, &config.owners.aliases, owners_cache);
    resolve_owners(&mut site, &directory);
    relist(&mut site, memo, recurrence::Changed::Any);
    diagnostics.extend(recurrence::check_stated(&site));
    count(&mut site);
    site.written_owners = written;
    site.owner_directory = directory;
    (site, diagnostics)
}

/// The site's theme rules; rules that fail to compile are reported and the defaults used.
fn theme_rules(config: &Config, diagnostics: &mut Vec<Diagnostic>) -> ThemeRules {
    if config.themes.is_empty() {
        return ThemeRules::builtin();
    }
    ThemeRules::new(&config.themes).unwrap_or_else(|err| {
        diagnostics.push(
            Diagnostic::error(config::FILE_NAME, err)
                .help("shorten the [[themes]] headings and keywords lists"),
        );
        ThemeRules::builtin()
    })
}

/// The site's `[decisions]`: a class that does not exist, or a label
/// mapped to two classes (after normalising), is an error at its value.
fn decision_labels(config: &Config, diagnostics: &mut Vec<Diagnostic>) -> DecisionLabels {
    let mut labels = DecisionLabels::default();
    let mut written: Vec<(&String, &toml::Spanned<String>)> = config.decisions.iter().collect();
    // In the order written, so a clash is reported at the later line.
    written.sort_by_key(|(_, class)| class.span().start);
    for (label, class) in written {
        let place = config.place(class);
        let Some(read) = DecisionClass::from_slug(class.get_ref().trim()) else {
            diagnostics.push(
                Diagnostic::error(
                    config::FILE_NAME,
                    format!(
                        "[decisions] \"{label}\": no decision class `{}`",
                        class.get_ref()
                    ),
                )
                .at(place)
                .help(format!(
                    "map the label to one of the classes: {}",
                    DecisionClass::slugs()
                )),
            );
            continue;
        };
        if let Some(before) = labels.insert(label, read) {
            diagnostics.push(
                Diagnostic::error(
                    config::FILE_NAME,
                    format!(
                        "[decisions] \"{label}\" is `{}` here but `{}` above: labels are compared without case, dashes or extra spaces",
                        read.slug(),
                        before.slug()
                    ),
                )
                .at(place)
                .help("keep one line for the label"),
            );
        }
    }
    labels
}

fn prisons_of(
    content: &Content,
    sources: &BTreeMap<String, config::SourceDocument>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Prison> {
    let mut prisons: Vec<Prison> = content
        .prisons
        .iter()
        .map(|file| Prison {
            slug: file.stem.clone(),
            path: format!("prisons/{}/", file.stem),
            profile: file.front.clone(),
            body: file.body.clone(),
            sources: file
                .front
                .sources
                .iter()
                .filter_map(|named| source_named(file, named, sources, diagnostics))
                .collect(),
            source_file: file.path.clone(),
            plans: Vec::new(),
            chains: Vec::new(),
            counts: Counts::default(),
            current: Counts::default(),
        })
        .collect();
    prisons.sort_by(|a, b| a.slug.cmp(&b.slug));
    prisons
}

/// The document a profile names under `sources:`; an unknown name is an
/// error at its place, with the config lines that would define it.
fn source_named(
    file: &content::SourceFile<PrisonProfile>,
    named: &content::Located<String>,
    sources: &BTreeMap<String, config::SourceDocument>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<config::SourceDocument> {
    let name = named.value.trim();
    if let Some(document) = sources.get(name) {
        return Some(document.clone());
    }
    let known: Vec<&str> = sources.keys().map(String::as_str).collect();
    let known = if known.is_empty() {
        "plansite.toml names no sources yet".to_string()
    } else {
        format!("plansite.toml names: {}", known.join(", "))
    };
    diagnostics.push(
        Diagnostic::error(&file.path, format!("unknown source `{name}`"))
            .at(file.position(named))
            .help(format!(
                "{known}; to add it, write in plansite.toml:\n  [sources.{name}]\n  title = \"The document's title\"\n  dated = \"when it is dated, e.g. 2014-15\""
            )),
    );
    None
}

/// A prison's file name is its URL part: refused where it breaks the slug rule.
fn check_prison_slugs(prisons: &[Prison], diagnostics: &mut Vec<Diagnostic>) {
    for prison in prisons {
        if let Some(problem) = crate::slug::problem(&prison.slug) {
            diagnostics.push(
                Diagnostic::error(
                    &prison.source_file,
                    format!(
                        "the file's name gives the prison the URL part `{}`, which {problem}",
                        prison.slug
                    ),
                )
                .help(format!(
                    "rename the file; a prison's file name may hold {}",
                    crate::slug::ALLOWED
                )),
            );
        }
    }
}

fn themes_of(rules: &ThemeRules) -> Vec<Theme> {
    rules
        .rules()
        .iter()
        .map(|rule| Theme {
            slug: rule.slug.clone(),
            name: rule.name.clone(),
            description: rule.description.clone(),
            path: format!("themes/{}/", rule.slug),
            recommendations: Vec::new(),
            counts: Counts::default(),
            current: Counts::default(),
        })
        .collect()
}

/// The drafts' `count` in all, and as many again as the largest draft's.
/// `serve` patches an edited plan's items into the vectors sized by this:
/// with no room to spare, one recommendation added had the whole of them
/// copied into fresh memory, about 30 ms at the estate. Room not used
/// costs no memory, since untouched pages are never mapped in.
fn with_room(drafts: &[PlanDraft], count: impl Fn(&PlanDraft) -> usize) -> usize {
    let (all, largest) = drafts
        .iter()
        .map(count)
        .fold((0, 0), |(all, largest), n| (all + n, largest.max(n)));
    all + largest
}

/// Moves the drafts into the site's flat vectors, setting every index both ways.
fn flatten(site: &mut Site, drafts: Vec<PlanDraft>) {
    // Drafts come by prison, oldest first: a plan followed by one of its
    // own prison is superseded by it, once that one is published.
    // A plan published after the as-of date does not supersede yet.
    let as_of = site.as_of.date;
    let next_prisons: Vec<Option<usize>> = drafts
        .iter()
        .skip(1)
        .map(|d| {
            d.plan
                .published()
                .is_none_or(|day| day <= as_of)
                .then_some(d.prison)
        })
        .collect();
    let followers = next_prisons.into_iter().chain([None]);
    // Room for every item at once: grown plan by plan, the vectors were
    // copied again at each doubling: a quarter of deriving the estate again.
    site.recommendations
        .reserve_exact(with_room(&drafts, |d| d.recommendations.len()));
    site.actions.reserve_exact(with_room(&drafts, |d| {
        d.recommendations.iter().map(|r| r.actions.len()).sum()
    }));
    site.plans.reserve_exact(drafts.len());
    // Each plan's place is known from the plans before it, so the plans
    // are placed on both cores and then moved in, in order.
    let mut at = Start {
        recommendation: Ix::next_in(&site.recommendations),
        action: Ix::next_in(&site.actions),
    };
    let first = Ix::next_in(&site.plans);
    let places: Vec<(Ix<Plan>, Start, Option<Ix<Plan>>)> = drafts
        .iter()
        .zip(followers)
        .enumerate()
        .map(|(n, (draft, next_prison))| {
            let plan_index = first.after(n);
            let start = at;
            at = Start {
                recommendation: at.recommendation.after(draft.recommendations.len()),
                action: at
                    .action
                    .after(draft.recommendations.iter().map(|r| r.actions.len()).sum()),
            };
            let superseded_by = (next_prison == Some(draft.prison)).then(|| plan_index.after(1));
            (plan_index, start, superseded_by)
        })
        .collect();
    let placed: Vec<Placed> = drafts
        .into_par_iter()
        .zip(places)
        .map(|(draft, (plan_index, start, superseded_by))| {
            Placed::new(draft, plan_index, start, as_of, superseded_by)
        })
        .collect();
    for placed in placed {
        site.prisons[placed.plan.prison]
            .plans
            .push(Ix::next_in(&site.plans));
        site.recommendations.extend(placed.recommendations);
        site.actions.extend(placed.actions);
        site.plans.push(placed.plan);
    }
}

/// One plan's items with their places in the site's vectors.
pub(crate) struct Placed {
    pub(crate) plan: Plan,
    pub(crate) recommendations: Vec<Recommendation>,
    pub(crate) actions: Vec<Action>,
}

/// Where a plan's items start in the site's vectors.
#[derive(Clone, Copy)]
pub(crate) struct Start {
    pub(crate) recommendation: Ix<Recommendation>,
    pub(crate) action: Ix<Action>,
}

impl Placed {
    /// Plan `draft` as plan `plan_index`, its items placed from `at`, its
    /// statuses measured against `as_of`, superseded by the plan
    /// `superseded_by` where there is one.
    pub(crate) fn new(
        draft: PlanDraft,
        plan_index: Ix<Plan>,
        at: Start,
        as_of: NaiveDate,
        superseded_by: Option<Ix<Plan>>,
    ) -> Placed {
        let mut plan = draft.plan;
        plan.superseded_by = superseded_by;
        let mut recommendations = Vec::with_capacity(draft.recommendations.len());
        let mut actions = Vec::new();
        for recommendation in draft.recommendations {
            let index = at.recommendation.after(recommendations.len());
            let mut entry = recommendation.entry;
            entry.plan = plan_index;
            entry.path = format!("{}{}/", plan.path, entry.slug);
            let standing = Standing {
                superseded: superseded_by.is_some(),
                followed_up: entry.outcome.is_some(),
            };
            for mut action in recommendation.actions {
                action.recommendation = index;
                action.prison = entry.prison;
                action.status = action.due.status(as_of, standing);
                entry.actions.push(at.action.after(actions.len()));
                actions.push(action);
            }
            plan.recommendations.push(index);
            recommendations.push(entry);
        }
        Placed {
            plan,
            recommendations,
            actions,
        }
    }
}

/// Makes every list of the site's items again: each theme's
/// recommendations, each owner's work, and the recurrences. The three are
/// independent readings of the items, made at once on two cores.
pub(crate) fn relist(site: &mut Site, memo: &mut recurrence::Memo, changed: recurrence::Changed) {
    let (themes, (owners, found)) = rayon::join(
        || theme_lists(site),
        || {
            rayon::join(
                || owner_work(site),
                || recurrence::link(site, &site.recurrence_settings, memo, changed),
            )
        },
    );
    for (theme, list) in site.themes.iter_mut().zip(themes) {
        theme.recommendations = list;
    }
    assign_owner_work(site, owners);
    link_recurrences(site, found);
}

/// Makes the recurrences again, alone: after an edit of words that leaves
/// every item in its place, theme and owners.
pub(crate) fn relink_recurrences(site: &mut Site, memo: &mut recurrence::Memo, prison: usize) {
    let changed = recurrence::Changed::Prison(prison);
    let found = recurrence::link(site, &site.recurrence_settings, memo, changed);
    link_recurrences(site, found);
}

/// Each theme's recommendations, in site order.
fn theme_lists(site: &Site) -> Vec<Vec<Ix<Recommendation>>> {
    let mut lists = vec![Vec::new(); site.themes.len()];
    for (index, recommendation) in site.recommendations.iter().enumerate() {
        for &theme in &recommendation.themes {
            lists[theme].push(Ix::new(index));
        }
    }
    lists
}

/// Resolves every written owner into the site's owners (their work is listed by [`relist`]).
fn resolve_owners(site: &mut Site, directory: &OwnerDirectory) {
    site.owners = owners_of(directory);
    site.actions
        .par_iter_mut()
        .for_each(|action| action.owners = directory.resolve(&action.owners_written));
}

/// The directory's owners, their work not yet listed.
pub(crate) fn owners_of(directory: &OwnerDirectory) -> Vec<Owner> {
    directory
        .owners
        .iter()
        .map(|identity| Owner {
            slug: identity.slug.clone(),
            name: identity.name.clone(),
            spellings: identity.spellings.clone(),
            path: format!("owners/{}/", identity.slug),
            actions: Vec::new(),
            recommendations: Vec::new(),
            counts: Counts::default(),
            current: Counts::default(),
        })
        .collect()
}

/// Lists each owner's actions, and the recommendations they answer, in site order.
pub(crate) fn list_owner_work(site: &mut Site) {
    let work = owner_work(site);
    assign_owner_work(site, work);
}

/// An owner's actions and the recommendations they answer.
type Work = (Vec<Ix<Action>>, Vec<Ix<Recommendation>>);

/// Each owner's work, in site order.
fn owner_work(site: &Site) -> Vec<Work> {
    let mut work: Vec<Work> = vec![(Vec::new(), Vec::new()); site.owners.len()];
    for (index, action) in site.actions.iter().enumerate() {
        for &owner in &action.owners {
            let (actions, recommendations) = &mut work[owner];
            actions.push(Ix::new(index));
            if recommendations.last() != Some(&action.recommendation) {
                recommendations.push(action.recommendation);
            }
        }
    }
    work
}

fn assign_owner_work(site: &mut Site, work: Vec<Work>) {
    for (owner, (actions, recommendations)) in site.owners.iter_mut().zip(work) {
        owner.actions = actions;
        owner.recommendations = recommendations;
    }
}

/// Makes the links found the site's, from both their ends, and each
/// prison's chains its own.
fn link_recurrences(site: &mut Site, found: recurrence::Found) {
    for recommendation in &mut site.recommendations {
        recommendation.raised_before.clear();
        recommendation.raised_again.clear();
    }
    for (prison, chains) in site.prisons.iter_mut().zip(found.chains) {
        prison.chains = chains;
    }
    site.recurrences = found.links;
    for (index, link) in site.recurrences.iter().enumerate() {
        site.recommendations[link.later].raised_before.push(index);
        site.recommendations[link.earlier].raised_again.push(index);
    }
}

/// Fills the counts of the site, every prison, plan, theme and owner, for
/// every plan and for the current plans alone.
pub(crate) fn count(site: &mut Site) {
    let mut tallies = Tallies::new(site);
    for r in &site.recommendations {
        tallies.add(site, r);
    }
    assign(&mut site.plans, tallies.by_plan, |p| &mut p.counts);
    for prison in 0..site.prisons.len() {
        count_prison(site, prison);
    }
    assign_both(&mut site.themes, tallies.by_theme, |t| {
        (&mut t.counts, &mut t.current)
    });
    assign_both(&mut site.owners, tallies.by_owner, |o| {
        (&mut o.counts, &mut o.current)
    });
    (site.counts, site.current) = (tallies.total.all, tallies.total.current);
}

/// What plan `plan`'s items add to the counts, taken before they are
/// replaced so that [`recount_plan`] can take it away again.
pub(crate) struct PlanShare(Tallies);

impl PlanShare {
    pub(crate) fn of(site: &Site, plan: Ix<Plan>) -> PlanShare {
        let mut tallies = Tallies::new(site);
        for &r in &site.plans[plan].recommendations {
            tallies.add(site, &site.recommendations[r]);
        }
        PlanShare(tallies)
    }
}

/// Brings the counts up to date after plan `plan`'s items were replaced in
/// place (the same plan, prison, owners and themes in the same order): its
/// old share (`before`) is taken from every tally it was in, and its new
/// share added. `serve` does this after an edit instead of [`count`], which
/// reads every item of the estate.
pub(crate) fn recount_plan(site: &mut Site, plan: Ix<Plan>, before: &PlanShare) {
    let PlanShare(after) = PlanShare::of(site, plan);
    let before = &before.0;
    site.plans[plan].counts = after.by_plan[plan.get()];
    count_prison(site, site.plans[plan].prison);
    let change = |all: &mut Counts, current: &mut Counts, old: &Both, new: &Both| {
        all.subtract(&old.all);
        all.merge(&new.all);
        current.subtract(&old.current);
        current.merge(&new.current);
    };
    let themes = before.by_theme.iter().zip(&after.by_theme);
    for (theme, (old, new)) in site.themes.iter_mut().zip(themes) {
        change(&mut theme.counts, &mut theme.current, old, new);
    }
    let owners = before.by_owner.iter().zip(&after.by_owner);
    for (owner, (old, new)) in site.owners.iter_mut().zip(owners) {
        change(&mut owner.counts, &mut owner.current, old, new);
    }
    change(
        &mut site.counts,
        &mut site.current,
        &before.total,
        &after.total,
    );
}

/// A prison's counts, from its plans' own.
fn count_prison(site: &mut Site, prison: usize) {
    let mut both = Both::default();
    for &plan in &site.prisons[prison].plans {
        let plan = &site.plans[plan];
        both.add(&plan.counts, plan.is_current());
    }
    let prison = &mut site.prisons[prison];
    (prison.counts, prison.current) = (both.all, both.current);
}

/// The tallies made from items in site order: each plan's, theme's and
/// owner's, and the site's.
struct Tallies {
    by_plan: Vec<Counts>,
    by_theme: Vec<Both>,
    by_owner: Vec<Both>,
    total: Both,
    /// The owners of the item being counted so far, each counted once.
    owners_seen: Vec<usize>,
}

impl Tallies {
    fn new(site: &Site) -> Tallies {
        Tallies {
            by_plan: vec![Counts::default(); site.plans.len()],
            by_theme: vec![Both::default(); site.themes.len()],
            by_owner: vec![Both::default(); site.owners.len()],
            total: Both::default(),
            owners_seen: Vec::new(),
        }
    }

    /// Counts one item, and its actions, into every tally it belongs to:
    /// each owner counts the item once, however many of its actions the
    /// owner has, and each of those actions.
    fn add(&mut self, site: &Site, r: &Recommendation) {
        let current = site.plans[r.plan].is_current();
        let mut own = Counts::default();
        own.add_item(r.kind, r.decision.class, r.outcome);
        self.owners_seen.clear();
        for &a in &r.actions {
            let action = &site.actions[a];
            own.actions.add(action.status);
            for &owner in &action.owners {
                let both = &mut self.by_owner[owner];
                both.each(current, |c| c.actions.add(action.status));
                if !self.owners_seen.contains(&owner) {
                    self.owners_seen.push(owner);
                    both.each(current, |c| c.add_item(r.kind, r.decision.class, r.outcome));
                }
            }
        }
        self.by_plan[r.plan.get()].merge(&own);
        self.total.add(&own, current);
        for &theme in &r.themes {
            self.by_theme[theme].add(&own, current);
        }
    }
}

fn assign_both<T>(
    items: &mut [T],
    tallies: Vec<Both>,
    fields: impl Fn(&mut T) -> (&mut Counts, &mut Counts),
) {
    for (item, both) in items.iter_mut().zip(tallies) {
        let (all, current) = fields(item);
        (*all, *current) = (both.all, both.current);
    }
}

/// A tally over every plan and over the current plans alone.
#[derive(Clone, Copy, Default)]
struct Both {
    all: Counts,
    current: Counts,
}

impl Both {
    fn add(&mut self, counts: &Counts, current: bool) {
        self.each(current, |c| c.merge(counts));
    }

    /// Applies `count` to the all-time tally, and to the current one when
    /// the item is in a current plan.
    fn each(&mut self, current: bool, mut count: impl FnMut(&mut Counts)) {
        count(&mut self.all);
        if current {
            count(&mut self.current);
        }
    }
}

fn assign<T>(items: &mut [T], counts: Vec<Counts>, field: impl Fn(&mut T) -> &mut Counts) {
    for (item, counts) in items.iter_mut().zip(counts) {
        *field(item) = counts;
    }
}

/// Index of each prison by slug, for plans naming their prison.
fn prison_index(prisons: &[Prison]) -> HashMap<&str, usize> {
    prisons
        .iter()
        .enumerate()
        .map(|(i, p)| (p.slug.as_str(), i))
        .collect()
}

#[cfg(test)]
mod tests;
