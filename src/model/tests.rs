//! Deriving a small site end to end: indices, owners, recurrence and counts agree.

use std::path::Path;
use std::sync::Arc;

use chrono::NaiveDate;

use super::*;
use crate::content::{ActionPlan, PrisonProfile, SourceFile, parse_file};

fn plan(name: &str, yaml: &str) -> SourceFile<ActionPlan> {
    let text = format!("---\n{yaml}---\nIntro.\n");
    parse_file(Path::new(&format!("content/inspections/{name}.md")), &text).unwrap()
}

fn prison(slug: &str) -> SourceFile<PrisonProfile> {
    let text = "---\nname: HMP Test\n---\n";
    parse_file(Path::new(&format!("content/prisons/{slug}.md")), text).unwrap()
}

fn as_of() -> AsOf {
    AsOf {
        date: NaiveDate::from_ymd_opt(2018, 9, 1).unwrap(),
        source: AsOfSource::CommandLine,
    }
}

const EARLY: &str = r#"prison: test
report_published: 2015-07-31
declared_totals: { agreed: 1, partly_agreed: 2, total: 2 }
recommendations:
  - ref: "1.1"
    area: Health services
    text: The prison should improve the pharmacy.
    decision: Accepted subject to resources
    actions:
      - owners: ["Head of Healthcare/Governor"]
        due: 31 October 2015
  - ref: "1.2"
    section: Main recommendations To the governor
    text: Violence should be reduced.
    decision: Accepted
    actions:
      - owners: [governor.]
        due: Completed
"#;

const LATER: &str = r#"prison: test
recommendations:
  - ref: "1."
    kind: priority-concern
    text: Patients waited too long for mental health beds.
    actions:
      - owners: [Governor]
        due: September 2018
      - owners: [Head of Healthcare and Governor]
        due: Ongoing
"#;

fn site() -> (Site, Vec<Diagnostic>) {
    site_with_later(LATER)
}

#[test]
fn plans_are_placed_by_year_and_linked_both_ways() {
    let (site, diagnostics) = site();
    assert!(diagnostics.iter().all(|d| !d.is_error()), "{diagnostics:?}");
    let slugs: Vec<&str> = site.plans.iter().map(|p| p.slug.as_str()).collect();
    assert_eq!(slugs, ["2015", "2025"]);
    assert_eq!(site.plans[1].path, "prisons/test/2025/");
    assert_eq!(site.prisons[0].plans, [Ix::new(0), Ix::new(1)]);
    let later = &site.recommendations[site.plans[1].recommendations[0]];
    assert_eq!(later.path, "prisons/test/2025/1/");
    for (index, action) in site.actions.iter().enumerate() {
        assert!(
            site.recommendations[action.recommendation]
                .actions
                .contains(&Ix::new(index))
        );
    }
}

#[test]
fn the_site_s_items_leave_room_for_its_largest_plan_to_grow_again() {
    // `serve` patches an edited plan's items into these vectors in place:
    // without room, one recommendation added copies all of them.
    let (site, _) = site();
    let largest = |count: &dyn Fn(&Plan) -> usize| site.plans.iter().map(count).max().unwrap();
    let items = largest(&|p: &Plan| p.recommendations.len());
    let actions = largest(&|p: &Plan| {
        p.recommendations
            .iter()
            .map(|&r| site.recommendations[r].actions.len())
            .sum()
    });
    assert_eq!((items, actions), (2, 2));
    assert!(site.recommendations.capacity() >= site.recommendations.len() + items);
    assert!(site.actions.capacity() >= site.actions.len() + actions);
}

#[test]
fn owners_are_split_folded_and_counted() {
    let (site, _) = site();
    let names: Vec<&str> = site.owners.iter().map(|o| o.name.as_str()).collect();
    assert_eq!(names, ["Governor", "Head of Healthcare"]);
    let governor = &site.owners[0];
    assert_eq!(governor.actions.len(), 4);
    assert_eq!(governor.recommendations.len(), 3);
    assert_eq!(governor.counts.actions.done, 1);
    // Its 2015 date passed, but the 2025 plan superseded that plan.
    assert_eq!(governor.counts.actions.overdue, 0);
    assert_eq!(governor.counts.actions.lapsed, 1);
    assert_eq!(governor.counts.actions.due_soon, 1);
    assert_eq!(governor.counts.actions.ongoing, 1);
}

/// A site of the early plan and a later one whose items are `later`.
fn site_with_later(later: &str) -> (Site, Vec<Diagnostic>) {
    let content = Content {
        prisons: vec![Arc::new(prison("test"))],
        plans: vec![
            Arc::new(plan("test-2025", later)),
            Arc::new(plan("test-2015", EARLY)),
        ],
    };
    derive(&Config::default(), &content, as_of())
}

/// The links of the site as (later ref, earlier ref, basis).
fn links(site: &Site) -> Vec<(&str, &str, recurrence::Basis)> {
    site.recurrences
        .iter()
        .map(|l| {
            (
                site.recommendations[l.later].reference.as_ref(),
                site.recommendations[l.earlier].reference.as_ref(),
                l.basis,
            )
        })
        .collect()
}

#[test]
fn the_same_problem_in_later_words_is_linked_both_ways_and_chained() {
    let (site, diagnostics) = site_with_later(
        "prison: test\nrecommendations:\n  - ref: \"1\"\n    text: Violence was too high and rising.\n  - ref: \"2\"\n    text: Too few prisoners were in education.\n",
    );
    assert!(diagnostics.iter().all(|d| !d.is_error()), "{diagnostics:?}");
    assert_eq!(links(&site), [("1", "1.2", recurrence::Basis::Words)]);
    let link = &site.recurrences[0];
    assert_eq!(site.recommendations[link.later].raised_before, [0]);
    assert_eq!(site.recommendations[link.earlier].raised_again, [0]);
    assert!(
        link.score
            .is_some_and(|s| s >= site.recurrence_settings.threshold)
    );
    let chains = &site.prisons[0].chains;
    assert_eq!(chains.len(), 1);
    assert_eq!(chains[0].plans, 2);
    assert_eq!(chains[0].items, [link.earlier, link.later]);
}

#[test]
fn an_editor_adds_and_refuses_links_and_a_plan_s_repeats_are_links() {
    let (site, diagnostics) = site_with_later(
        "prison: test\nrecommendations:\n  - ref: \"1\"\n    text: Violence was too high and rising.\n    not_recurs: [\"2015/1.2\"]\n  - ref: \"2\"\n    text: Medicines were handed out late.\n    recurs: [\"1.1\"]\n  - ref: \"3\"\n    repeats: \"1.2\"\n    text: Staff should keep the wings calm.\n",
    );
    assert!(diagnostics.iter().all(|d| !d.is_error()), "{diagnostics:?}");
    assert_eq!(
        links(&site),
        [
            ("2", "1.1", recurrence::Basis::Stated),
            ("3", "1.2", recurrence::Basis::Repeats)
        ]
    );
}

#[test]
fn a_stated_link_to_no_earlier_item_is_an_error_at_its_line() {
    let (_, diagnostics) = site_with_later(
        "prison: test\nrecommendations:\n  - ref: \"1\"\n    text: Violence was too high.\n    recurs: [\"2015/9.9\", \"2019/1.1\"]\n",
    );
    let errors: Vec<String> = diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| format!("{}: {}", d.position.map_or(0, |p| p.line), d.message))
        .collect();
    // Line 6 of the file (line 1 is the opening `---`) holds `recurs:`.
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert!(errors[0].starts_with("6: recurs: `2015/9.9`"), "{errors:?}");
    assert!(errors[0].contains("no item `9.9`"), "{errors:?}");
    assert!(errors[1].contains("no plan `2019`"), "{errors:?}");
}

#[test]
fn a_plan_added_at_one_prison_compares_no_other_prison_again() {
    // "aaa" sorts before "test", so its new plan moves every index of test's.
    let site_of = |aaa_plans: &[(&str, &str)]| {
        let mut plans = vec![
            Arc::new(plan("test-2025", LATER)),
            Arc::new(plan("test-2015", EARLY)),
        ];
        for (name, yaml) in aaa_plans {
            plans.push(Arc::new(plan(
                name,
                &yaml.replace("prison: test", "prison: aaa"),
            )));
        }
        let content = Content {
            prisons: vec![Arc::new(prison("aaa")), Arc::new(prison("test"))],
            plans,
        };
        derive(&Config::default(), &content, as_of()).0
    };
    let settings = crate::config::RecurrenceSettings::default();
    let mut memo = recurrence::Memo::default();
    let before = site_of(&[("aaa-2015", EARLY)]);
    assert_eq!(
        recurrence::link(&before, &settings, &mut memo, recurrence::Changed::Any).compared,
        2
    );
    let after = site_of(&[("aaa-2015", EARLY), ("aaa-2025", LATER)]);
    let found = recurrence::link(&after, &settings, &mut memo, recurrence::Changed::Any);
    assert_eq!(found.compared, 1, "test's pairs were compared again");
    assert_eq!(found.links.len(), after.recurrences.len());
}

#[test]
fn counts_and_declared_totals() {
    let (site, diagnostics) = site();
    let early = &site.plans[0].counts;
    assert_eq!(early.decisions.agreed, 1);
    assert_eq!(early.decisions.partly_agreed, 1);
    // A concern is counted as itself, never as "no decision".
    assert_eq!(site.plans[1].counts.decisions.total(), 0);
    assert_eq!(site.plans[1].counts.kinds.priority_concerns, 1);
    assert_eq!(site.counts.kinds.recommendations, 2);
    assert_eq!(site.counts.kinds.priority_concerns, 1);
    // The concern takes no decision: the decisions count recommendations only.
    assert_eq!(site.counts.decisions.total(), 2);
    assert_eq!(site.counts.actions.total(), 4);
    // The current plan is the 2025 one alone.
    assert_eq!(site.current.kinds.total(), 1);
    assert_eq!(site.current.actions.total(), 2);
    assert_eq!(site.prisons[0].current, site.plans[1].counts);
    let warnings: Vec<&str> = diagnostics.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(
        warnings,
        ["declared_totals: the plan declares 2 recommendations partly agreed; its rows hold 1"]
    );
}

#[test]
fn a_plan_is_superseded_once_a_later_plan_of_its_prison_is_published() {
    let (site, _) = site();
    assert_eq!(site.plans[0].superseded_by, Some(Ix::new(1)));
    assert_eq!(site.plans[1].superseded_by, None);
    // Measured before the later plan's report came out, the earlier plan is
    // still current and its passed date is overdue.
    let published = LATER.replace(
        "prison: test\n",
        "prison: test\nreport_published: 2019-01-31\n",
    );
    let content = Content {
        prisons: vec![Arc::new(prison("test"))],
        plans: vec![
            Arc::new(plan("test-2025", &published)),
            Arc::new(plan("test-2015", EARLY)),
        ],
    };
    let (site, _) = derive(&Config::default(), &content, as_of());
    assert_eq!(site.plans[0].superseded_by, None);
    assert_eq!(site.owners[0].counts.actions.overdue, 1);
    assert_eq!(site.owners[0].counts.actions.lapsed, 0);
}

#[test]
fn an_outcome_outranks_the_dates_and_is_counted() {
    let judged = EARLY.replace(
        "        due: 31 October 2015\n",
        "        due: 31 October 2015\n    progress:\n      - { date: 2016-03-01, judgement: not achieved }\n      - { date: 2017-05-01, judgement: Partially achieved, note: Pharmacy refitted. }\n",
    );
    assert_ne!(judged, EARLY);
    let content = Content {
        prisons: vec![Arc::new(prison("test"))],
        plans: vec![Arc::new(plan("test-2015", &judged))],
    };
    let (site, diagnostics) = derive(&Config::default(), &content, as_of());
    assert!(diagnostics.iter().all(|d| !d.is_error()), "{diagnostics:?}");
    let pharmacy = &site.recommendations[0];
    // The latest by date, not the last written.
    assert_eq!(pharmacy.outcome, Some(Outcome::PartiallyAchieved));
    assert_eq!(
        site.actions[pharmacy.actions[0].get()].status,
        Status::FollowedUp
    );
    assert_eq!(site.counts.outcomes.partially_achieved, 1);
    assert_eq!(site.counts.outcomes.total(), 1);
    assert_eq!(site.counts.actions.overdue, 0);
}

#[test]
fn a_judgement_off_hmip_s_scales_is_an_error_at_its_line() {
    let judged = EARLY.replace(
        "        due: Completed\n",
        "        due: Completed\n    progress:\n      - { date: 2016-03-01, judgement: sorted }\n",
    );
    let content = Content {
        prisons: vec![Arc::new(prison("test"))],
        plans: vec![Arc::new(plan("test-2015", &judged))],
    };
    let (site, diagnostics) = derive(&Config::default(), &content, as_of());
    let error = diagnostics.iter().find(|d| d.is_error()).expect("an error");
    assert!(
        error.message.contains("unknown judgement `sorted`"),
        "{error:?}"
    );
    assert!(
        error
            .help
            .as_deref()
            .unwrap_or("")
            .contains("partially achieved")
    );
    // The file's line 21: after the `---` line, the 20th line of the YAML.
    assert_eq!(error.position.map(|p| p.line), Some(21));
    assert_eq!(site.recommendations[1].outcome, None);
}

/// A site of the early plan with `inspection` written in its front matter.
fn inspected(inspection: &str) -> (Site, Vec<Diagnostic>) {
    let yaml = EARLY.replace(
        "report_published: 2015-07-31\n",
        &format!("report_published: 2015-07-31\n{inspection}"),
    );
    let content = Content {
        prisons: vec![Arc::new(prison("test"))],
        plans: vec![Arc::new(plan("test-2015", &yaml))],
    };
    derive(&Config::default(), &content, as_of())
}

fn period(from: (i32, u32, u32), to: (i32, u32, u32)) -> InspectionPeriod {
    InspectionPeriod::of(from, to)
}

#[test]
fn an_inspection_has_one_period_or_several_as_written() {
    let (site, diagnostics) = inspected(
        "inspection: { from: 2015-03-02, to: 2015-03-13, kind: Full unannounced inspection }\n",
    );
    assert!(diagnostics.iter().all(|d| !d.is_error()), "{diagnostics:?}");
    assert_eq!(
        site.plans[0].inspection.periods,
        [period((2015, 3, 2), (2015, 3, 13))]
    );
    let (site, diagnostics) = inspected(
        "inspection:\n  periods:\n    - { from: 2020-02-24, to: 2020-02-25 }\n    - { from: 2020-03-02, to: 2020-03-06 }\n    - { from: 2020-03-10 }\n  written: \"24–25 February; 2–6 March; 10 March 2020\"\n",
    );
    assert!(diagnostics.iter().all(|d| !d.is_error()), "{diagnostics:?}");
    let inspection = &site.plans[0].inspection;
    assert_eq!(
        inspection.periods,
        [
            period((2020, 2, 24), (2020, 2, 25)),
            period((2020, 3, 2), (2020, 3, 6)),
            period((2020, 3, 10), (2020, 3, 10))
        ]
    );
    assert_eq!(
        inspection.written.as_deref(),
        Some("24–25 February; 2–6 March; 10 March 2020")
    );
    // Words no date could be read from are kept, with no period.
    let (site, diagnostics) = inspected("inspection: { written: Spring 2020 }\n");
    assert!(diagnostics.iter().all(|d| !d.is_error()), "{diagnostics:?}");
    assert_eq!(site.plans[0].inspection.periods, []);
    assert_eq!(
        site.plans[0].inspection.written.as_deref(),
        Some("Spring 2020")
    );
}

#[test]
fn an_inspection_given_two_ways_or_backwards_is_an_error_at_its_line() {
    let (_, diagnostics) = inspected(
        "inspection:\n  from: 2020-02-24\n  periods:\n    - { from: 2020-03-02, to: 2020-03-06 }\n",
    );
    let error = diagnostics.iter().find(|d| d.is_error()).expect("an error");
    assert!(error.message.contains("both given"), "{error:?}");
    // `from` is on the file's line 5: `---`, prison, report_published, inspection, from.
    assert_eq!(error.position.map(|p| (p.line, p.column)), Some((5, 9)));
    let (_, diagnostics) =
        inspected("inspection:\n  periods:\n    - { from: 2020-03-06, to: 2020-03-02 }\n");
    let error = diagnostics.iter().find(|d| d.is_error()).expect("an error");
    assert!(error.message.contains("is before"), "{error:?}");
    assert_eq!(error.position.map(|p| p.line), Some(6));
    let (_, diagnostics) = inspected("inspection: { from: 2020-02-30 }\n");
    let error = diagnostics.iter().find(|d| d.is_error()).expect("an error");
    assert!(error.message.starts_with("inspection.from"), "{error:?}");
}
