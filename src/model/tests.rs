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
    let content = Content {
        prisons: vec![Arc::new(prison("test"))],
        plans: vec![
            Arc::new(plan("test-2025", LATER)),
            Arc::new(plan("test-2015", EARLY)),
        ],
    };
    derive(&Config::default(), &content, as_of())
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
fn owners_are_split_folded_and_counted() {
    let (site, _) = site();
    let names: Vec<&str> = site.owners.iter().map(|o| o.name.as_str()).collect();
    assert_eq!(names, ["Governor", "Head of Healthcare"]);
    let governor = &site.owners[0];
    assert_eq!(governor.actions.len(), 4);
    assert_eq!(governor.recommendations.len(), 3);
    assert_eq!(governor.counts.actions.done, 1);
    assert_eq!(governor.counts.actions.overdue, 1);
    assert_eq!(governor.counts.actions.due_soon, 1);
    assert_eq!(governor.counts.actions.ongoing, 1);
}

#[test]
fn a_health_theme_recurs_across_the_prisons_plans() {
    let (site, _) = site();
    let health = site.themes.iter().position(|t| t.slug == "health").unwrap();
    let recurring: Vec<&Recurrence> = site
        .recurrences
        .iter()
        .filter(|r| r.theme == health)
        .collect();
    assert_eq!(recurring.len(), 1);
    assert_eq!(recurring[0].plans, [Ix::new(0), Ix::new(1)]);
    assert_eq!(site.prisons[0].recurrences.len(), site.recurrences.len());
}

#[test]
fn counts_and_declared_totals() {
    let (site, diagnostics) = site();
    let early = &site.plans[0].counts;
    assert_eq!(early.decisions.agreed, 1);
    assert_eq!(early.decisions.partly_agreed, 1);
    assert_eq!(site.plans[1].counts.decisions.none, 1);
    assert_eq!(site.counts.recommendations, 3);
    assert_eq!(site.counts.actions.total(), 4);
    let warnings: Vec<&str> = diagnostics.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(
        warnings,
        ["declared_totals: the plan declares 2 partly agreed but its rows hold 1"]
    );
}
