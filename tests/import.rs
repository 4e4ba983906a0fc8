//! The importer on the real published plans in `tests/seeds/` (copies of the
//! seed exports). Every expected figure below was read off the document itself;
//! the line numbers in comments point into the export.

use std::path::{Path, PathBuf};
use std::process::Command;

use plansite::content::{ActionPlan, EntryKind, RecommendationEntry};
use plansite::import::{Imported, read_plan};

fn seed(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/seeds")
        .join(name)
}

fn import(name: &str) -> Imported {
    let path = seed(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{name}: {e}"));
    read_plan(&path, &text).unwrap_or_else(|d| panic!("{d}"))
}

fn entry<'a>(plan: &'a ActionPlan, reference: &str) -> &'a RecommendationEntry {
    plan.recommendations
        .iter()
        .find(|r| r.reference.value == reference)
        .unwrap_or_else(|| panic!("no {reference}"))
}

fn owners_and_dates(r: &RecommendationEntry) -> Vec<(String, String)> {
    r.actions
        .iter()
        .map(|a| {
            let owners: Vec<&str> = a.owners.iter().map(|o| o.value.as_str()).collect();
            (
                owners.join(" + "),
                a.due.as_ref().map(|d| d.value.clone()).unwrap_or_default(),
            )
        })
        .collect()
}

/// The text of an optional located field, such as a plan's dates.
fn value(field: &Option<plansite::content::Located<String>>) -> Option<&str> {
    field.as_ref().map(|d| d.value.as_str())
}

fn decisions(plan: &ActionPlan, kind: EntryKind) -> Vec<String> {
    plan.recommendations
        .iter()
        .filter(|r| r.kind == kind)
        .map(|r| {
            r.decision
                .as_ref()
                .map(|d| d.value.clone())
                .unwrap_or_default()
        })
        .collect()
}

fn count(labels: &[String], label: &str) -> usize {
    labels.iter().filter(|l| l.as_str() == label).count()
}

fn pair(owner: &str, due: &str) -> (String, String) {
    (owner.to_string(), due.to_string())
}

#[test]
fn leicester_2018_has_46_recommendations_with_the_documents_decisions() {
    let imported = import("leicester-2018-action-plan.txt");
    assert_eq!(imported.stem, "leicester-2018");
    assert_eq!(imported.profile.name, "HMP Leicester");
    let labels = decisions(&imported.plan, EntryKind::Recommendation);
    assert_eq!(labels.len(), 46);
    assert_eq!(
        (
            count(&labels, "Agreed"),
            count(&labels, "Partly Agreed"),
            count(&labels, "Not Agreed")
        ),
        (34, 7, 5)
    );
    let totals = imported.plan.declared_totals.clone().unwrap_or_default();
    assert_eq!(
        (
            totals.agreed,
            totals.partly_agreed,
            totals.not_agreed,
            totals.total
        ),
        (Some(34), Some(7), Some(5), Some(46))
    );
    assert_eq!(value(&imported.plan.report_published), Some("2018-05-31"));
    assert_eq!(
        value(&imported.plan.action_plan_submitted),
        Some("2018-07-18")
    );
}

#[test]
fn leicester_2018_pairs_owners_and_dates_from_p_lists_and_extra_rows() {
    let plan = import("leicester-2018-action-plan.txt").plan;
    // Line 33: three <p> owners over three <p> dates.
    let r52 = entry(&plan, "5.2");
    assert_eq!(
        owners_and_dates(r52),
        vec![
            pair("Governor", "Completed"),
            pair("Governor", "September 2018"),
            pair("Governor", "September 2018")
        ]
    );
    // Its response has three paragraphs: one per action.
    assert!(
        r52.actions[0]
            .text
            .as_deref()
            .is_some_and(|t| t.starts_with("HMP Leicester has introduced a Use of Force"))
    );
    assert!(
        r52.actions[2]
            .text
            .as_deref()
            .is_some_and(|t| t.starts_with("Any concerns raised"))
    );
    // Lines 37-39: one action on the row, two more on rows with empty leading cells.
    assert_eq!(
        owners_and_dates(entry(&plan, "5.3")),
        vec![
            pair("Governor", "October 2018"),
            pair("Governor", "Completed"),
            pair("Governor", "Completed")
        ]
    );
    // Line 74: owners and dates run together with spaces.
    assert_eq!(
        owners_and_dates(entry(&plan, "5.18")),
        vec![
            pair("Governor", "September 2018"),
            pair("Governor", "Completed"),
            pair(
                "Executive Director, Rehabilitation & Assurance",
                "Completed and ongoing"
            )
        ]
    );
    assert_eq!(
        owners_and_dates(entry(&plan, "5.7")),
        vec![
            pair("Governor", "August 2018"),
            pair("Governor", "September 2018")
        ]
    );
    // Line 63: not agreed, an owner and no date.
    assert_eq!(
        owners_and_dates(entry(&plan, "5.12")),
        vec![pair("Prison Group Director, East Midlands", "")]
    );
}

#[test]
fn leicester_2018_merges_rows_continued_across_page_breaks() {
    let plan = import("leicester-2018-action-plan.txt").plan;
    // Lines 46 and 50: the recommendation's text goes on after the page break.
    let r56 = entry(&plan, "5.6");
    assert_eq!(
        &*r56.text,
        "All arrivals new should undergo a full and formal induction that provides them with information on how to access regime activities and services."
    );
    assert_eq!(r56.paragraph.as_deref(), Some("1.9"));
    assert_eq!(
        owners_and_dates(r56),
        vec![pair("Governor", "Completed"), pair("Governor", "Completed")]
    );
    // Lines 66 and 70: text and response both continue mid-sentence.
    let r515 = entry(&plan, "5.15");
    assert!(
        r515.text.ends_with("within 24 hours of arrival."),
        "{}",
        r515.text
    );
    assert_eq!(r515.repeats.as_deref(), Some("2.104"));
    assert!(r515.response.as_deref().is_some_and(|t| {
        t.contains("New arrivals are offered a grocery pack on initial reception.")
    }));
    // Grouping as the plan groups it (lines 31, 43-44).
    assert_eq!(
        entry(&plan, "5.1").section.as_deref(),
        Some("Main recommendations to the Governor")
    );
    let r55 = entry(&plan, "5.5");
    assert_eq!(
        (r55.section.as_deref(), r55.area.as_deref()),
        (Some("Recommendations"), Some("Early Days in Custody"))
    );
    assert_eq!(entry(&plan, "5.1").paragraph.as_deref(), Some("S56"));
}

#[test]
fn leicester_2025_has_5_priority_and_9_key_concerns() {
    let imported = import("leicester-2025-action-plan.txt");
    assert_eq!(imported.stem, "leicester-2025");
    let plan = &imported.plan;
    assert_eq!(plan.recommendations.len(), 14);
    let kinds: Vec<EntryKind> = plan.recommendations.iter().map(|r| r.kind).collect();
    assert_eq!(
        kinds
            .iter()
            .filter(|&&k| k == EntryKind::PriorityConcern)
            .count(),
        5
    );
    assert_eq!(
        kinds
            .iter()
            .filter(|&&k| k == EntryKind::KeyConcern)
            .count(),
        9
    );
    assert!(plan.recommendations.iter().all(|r| r.decision.is_none()));
    // Lines 37-45: one row, four rows with empty leading cells, and a <p> list of three after a page break.
    let c3 = entry(plan, "3");
    assert_eq!(c3.actions.len(), 8);
    assert!(
        c3.actions
            .iter()
            .all(|a| a.owners.len() == 1 && a.owners[0].value == "Practice Plus Group")
    );
    let visit = plan.inspection.clone().unwrap_or_default();
    assert_eq!(
        (visit.from.map(|d| d.value), visit.to.map(|d| d.value)),
        (Some("2025-08-05".into()), Some("2025-08-25".into()))
    );
    assert_eq!(value(&plan.report_published), Some("2025-11-17"));
    // Line 63: dates with trailing words are kept as written.
    assert_eq!(
        entry(plan, "8").actions[0]
            .due
            .as_ref()
            .map(|d| d.value.as_str()),
        Some("Ongoing 18 – 24 months after Royal Assent.")
    );
    // Lines 28 and 32: a response cut mid-sentence is one paragraph again.
    assert!(entry(plan, "1").response.as_deref().is_some_and(|t| {
        t.contains("identifying conflict upon reception, investigating non association markers")
    }));
}

#[test]
fn littlehey_2015_keeps_the_documents_groups_and_mends_cut_cells() {
    let imported = import("littlehey-2015-action-plan.txt");
    assert_eq!(imported.stem, "littlehey-2015");
    assert_eq!(imported.profile.name, "HMP Littlehey");
    let plan = &imported.plan;
    assert_eq!(plan.recommendations.len(), 64);
    // Line 143 heads 5.58 "Housekeeping point to Prisoner Escort and Custody Services" and
    // line 145 heads 5.59-5.64 "Housekeeping points to the governor": 57 + 7 by the document's
    // own headings, where its summary table (lines 162-166) declares 58 + 6.
    let recommendations = decisions(plan, EntryKind::Recommendation);
    let housekeeping = decisions(plan, EntryKind::Housekeeping);
    assert_eq!((recommendations.len(), housekeeping.len()), (57, 7));
    assert_eq!(entry(plan, "5.58").kind, EntryKind::Housekeeping);
    let partly = count(&recommendations, "Partially Accepted")
        + count(&recommendations, "Accepted Subject to Resources");
    assert_eq!(
        (
            count(&recommendations, "Accepted"),
            partly,
            count(&recommendations, "Rejected")
        ),
        (50, 4, 3)
    );
    let totals = plan.declared_totals.clone().unwrap_or_default();
    assert_eq!(totals.partly_agreed, Some(5));
    assert_eq!(totals.housekeeping.map(|h| h.total), Some(Some(6)));
    // Lines 73 and 76: "NHT Head of Service /Head of" + "Healthcare" across a repeated header.
    assert_eq!(
        owners_and_dates(entry(plan, "5.27")),
        vec![pair(
            "NHT Head of Service /Head of Healthcare",
            "31 October 2015"
        )]
    );
    // Lines 123 and 126: "29 February" + "2016".
    assert_eq!(
        owners_and_dates(entry(plan, "5.52")),
        vec![pair("Head of OMU", "29 February 2016")]
    );
    // Line 30: section and area in one bold cell.
    let r54 = entry(plan, "5.4");
    assert_eq!(
        (r54.section.as_deref(), r54.area.as_deref()),
        (
            Some("Recommendations To the governor"),
            Some("Bullying and violence reduction")
        )
    );
    // Lines 90 and 93: a further owner and date on the continued row.
    assert_eq!(
        owners_and_dates(entry(plan, "5.33")),
        vec![
            pair("NOMS Equality Rights and Decency Group", ""),
            pair("Deputy Governor", "31 January 2016")
        ]
    );
    let visit = plan.inspection.clone().unwrap_or_default();
    assert_eq!(visit.kind.as_deref(), Some("Full Unannounced inspection"));
    assert_eq!(visit.from.map(|d| d.value).as_deref(), Some("2015-03-02"));
}

/// What a reader sees of one recommendation: ref, kind, decision, text, owners and dates.
type Summary = (
    String,
    EntryKind,
    Option<String>,
    String,
    Vec<(String, String)>,
);

#[test]
fn every_seed_plan_reads_back_through_the_loader_unchanged() {
    for name in [
        "leicester-2018-action-plan.txt",
        "leicester-2025-action-plan.txt",
        "littlehey-2015-action-plan.txt",
    ] {
        let imported = import(name);
        let text = plansite::import::plan_file(&imported).unwrap_or_else(|d| panic!("{d}"));
        let loaded = plansite::content::parse_file::<ActionPlan>(Path::new("x.md"), &text)
            .unwrap_or_else(|d| panic!("{name}: {d}"));
        let summary = |p: &ActionPlan| -> Vec<Summary> {
            p.recommendations
                .iter()
                .map(|r| {
                    (
                        r.reference.value.clone(),
                        r.kind,
                        r.decision.as_ref().map(|d| d.value.clone()),
                        r.text.to_string(),
                        owners_and_dates(r),
                    )
                })
                .collect()
        };
        assert_eq!(summary(&loaded.front), summary(&imported.plan), "{name}");
        let responses = |p: &ActionPlan| {
            p.recommendations
                .iter()
                .map(|r| r.response.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(
            responses(&loaded.front),
            responses(&imported.plan),
            "{name}"
        );
    }
}

#[test]
fn crlf_bom_and_windows_1252_exports_import_the_same() {
    let original =
        std::fs::read_to_string(seed("leicester-2018-action-plan.txt")).unwrap_or_default();
    let expected = import("leicester-2018-action-plan.txt");
    let expected = plansite::import::plan_file(&expected).unwrap_or_default();
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let crlf = format!("\u{feff}{}", original.replace('\n', "\r\n"));
    let (cp1252, _, lossy) = encoding_rs::WINDOWS_1252.encode(&original);
    assert!(!lossy, "the seed should be representable in Windows-1252");
    for (name, bytes) in [
        ("crlf.txt", crlf.into_bytes()),
        ("cp1252.txt", cp1252.into_owned()),
    ] {
        let export = dir.path().join(name);
        std::fs::write(&export, bytes).unwrap_or_else(|e| panic!("{e}"));
        let out = dir.path().join(format!("out-{name}"));
        let status = plansite_command()
            .arg("import")
            .arg(&export)
            .arg("--out")
            .arg(&out)
            .status();
        assert!(status.is_ok_and(|s| s.success()), "{name}");
        let written =
            std::fs::read_to_string(out.join("inspections/leicester-2018.md")).unwrap_or_default();
        assert_eq!(written, expected, "{name}");
    }
}

fn plansite_command() -> Command {
    Command::new(env!("CARGO_BIN_EXE_plansite"))
}

#[test]
fn import_writes_plan_and_profile_and_never_overwrites_without_force() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let out = dir.path().join("content");
    let run = |force: bool| {
        let mut command = plansite_command();
        command
            .arg("import")
            .arg(seed("littlehey-2015-action-plan.txt"))
            .arg("--out")
            .arg(&out);
        if force {
            command.arg("--force");
        }
        command.output().unwrap_or_else(|e| panic!("{e}"))
    };
    let first = run(false);
    assert!(first.status.success());
    // Lines 162-166 declare 5 partly accepted; the rows (5.10, 5.28, 5.30, 5.46) hold 4.
    let warnings = String::from_utf8_lossy(&first.stderr);
    assert!(
        warnings.contains("declares 5 recommendations partly agreed; its rows hold 4"),
        "{warnings}"
    );
    let plan = out.join("inspections/littlehey-2015.md");
    assert!(out.join("prisons/littlehey.md").is_file());
    std::fs::write(&plan, "edited by hand").unwrap_or_else(|e| panic!("{e}"));
    let refused = run(false);
    assert!(!refused.status.success());
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(
        stderr.contains("littlehey-2015.md") && stderr.contains("--force"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read_to_string(&plan).unwrap_or_default(),
        "edited by hand"
    );
    assert!(run(true).status.success());
    assert!(
        std::fs::read_to_string(&plan)
            .unwrap_or_default()
            .starts_with("---\nprison: littlehey\n")
    );
}

#[test]
fn a_file_that_is_not_a_plan_is_refused_and_nothing_written() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let out = dir.path().join("content");
    for (name, bytes) in [
        (
            "annex.txt",
            std::fs::read(seed("leicester-2014-sla-annex.txt")).unwrap_or_default(),
        ),
        ("empty.txt", Vec::new()),
        ("binary.bin", (0..=255u8).cycle().take(4096).collect()),
    ] {
        let file = dir.path().join(name);
        std::fs::write(&file, bytes).unwrap_or_else(|e| panic!("{e}"));
        let output = plansite_command()
            .arg("import")
            .arg(&file)
            .arg("--out")
            .arg(&out)
            .output()
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(output.status.code(), Some(1), "{name}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            stderr.contains(name) && stderr.contains("not an action plan"),
            "{stderr}"
        );
    }
    assert!(!out.exists());
}

fn owner_lists(r: &RecommendationEntry) -> Vec<(Vec<String>, Option<String>)> {
    r.actions
        .iter()
        .map(|a| {
            (
                a.owners.iter().map(|o| o.value.clone()).collect(),
                a.due.as_ref().map(|d| d.value.clone()),
            )
        })
        .collect()
}

#[test]
fn owners_and_dates_are_paired_only_as_the_plan_pairs_them() {
    let plan = import("leicester-2018-action-plan.txt").plan;
    // Line 90: two <p> owners over three <p> dates; the third date has no owner in the plan.
    let r525 = owner_lists(entry(&plan, "5.25"));
    assert_eq!(r525.len(), 3);
    assert_eq!(r525[2], (Vec::new(), Some("October 2018".to_string())));
    // Line 134: two owners run together over one date: one action, not an invented second date.
    assert_eq!(
        owner_lists(entry(&plan, "5.45")),
        vec![(
            vec![
                "Executive Director, Estate Transformation and Governor".to_string(),
                "Governor".to_string()
            ],
            Some("Completed".to_string())
        )]
    );
    // Lines 40-42: extra rows give owners and dates but no text; no paragraph is guessed onto them.
    assert!(entry(&plan, "5.4").actions.iter().all(|a| a.text.is_none()));
    // Line 119: "Governor Governor" with a plain response is not paired paragraph by paragraph.
    assert!(
        entry(&plan, "5.40")
            .actions
            .iter()
            .all(|a| a.text.is_none())
    );
}

#[test]
fn littlehey_owner_cut_by_a_page_break_is_one_owner() {
    let plan = import("littlehey-2015-action-plan.txt").plan;
    // Lines 42 and 45: "Head of Safer" / "Custody" with one date.
    assert_eq!(
        owners_and_dates(entry(&plan, "5.9")),
        vec![pair("Head of Safer Custody", "31 October 2015")]
    );
    // Lines 134, 137, 142: the sentence cut by the break stays with the first action.
    let r557 = entry(&plan, "5.57");
    let second = r557
        .actions
        .get(1)
        .and_then(|a| a.text.as_deref())
        .unwrap_or_default();
    assert!(!second.starts_with(|c: char| c.is_lowercase()), "{second}");
}

/// A small deterministic generator, so the damaged inputs are the same on every run.
fn next(state: &mut u64) -> u64 {
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    *state
}

#[test]
fn damaged_exports_never_make_the_importer_panic() {
    let mut state = 0x2545_f491_4f6c_dd1d_u64;
    for name in [
        "leicester-2018-action-plan.txt",
        "leicester-2025-action-plan.txt",
        "littlehey-2015-action-plan.txt",
    ] {
        let text = std::fs::read_to_string(seed(name)).unwrap_or_default();
        let lines: Vec<&str> = text.lines().collect();
        // Every cut at a line: tables that end early, headers alone, a lone summary.
        for cut in 0..lines.len() {
            let _ = read_plan(Path::new(name), &lines[..cut].join("\n"));
            let _ = read_plan(Path::new(name), &lines[cut..].join("\n"));
        }
        // Rows with cells dropped, duplicated or swapped, and characters replaced.
        for _ in 0..300 {
            let mut damaged: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
            for _ in 0..5 {
                let i = (next(&mut state) as usize) % damaged.len().max(1);
                let mut cells: Vec<String> = damaged[i].split('\t').map(str::to_string).collect();
                match next(&mut state) % 4 {
                    0 if !cells.is_empty() => {
                        cells.remove((next(&mut state) as usize) % cells.len());
                    }
                    1 => cells.push("<p>Governor</p> <p>".into()),
                    2 => cells.reverse(),
                    _ => cells = vec!["\u{feff}<b>5.1.</b>\t\t(".into(); 6],
                }
                damaged[i] = cells.join("\t");
            }
            let _ = read_plan(Path::new(name), &damaged.join("\n"));
        }
    }
}

#[test]
fn a_plan_of_the_same_family_with_other_wording_imports() {
    // Written like the seeds but worded differently: header labels on their own line,
    // ordinals, other column names, a bold section with an area, a `<li>` list.
    let export = "\u{feff}HM Prison &\r\nProbation Service\r\n\r\nAction Plan: HMP & YOI Example Town\r\n\r\nReport Published\r\n2nd March 2021\r\n\r\nAction Plan Submitted: 16th April 2021\r\n\r\n\
No.\tRecommendation\tDecision\tResponse / actions planned\tOwner(s)\tTimescale\r\n\
\t<b>Recommendations to the governor Health services</b>\t\t\t\t\r\n\
4.1\tPrisoners should see a GP within a week. (2.40, repeated recommendation 2.38)\tPartially Agreed\t<ul><li>Extra clinics.</li><li>Audit of waits.</li></ul>\t<p>Head of Healthcare</p> <p>Head of Healthcare</p>\t<p>30th June 2021</p> <p>Completed</p>\r\n\
4.2\tCells should be clean. (3.1)\tRejected\tNot affordable.\tDeputy Governor\t\r\n\r\n\r\n\
Recommendations\t\r\nAgreed\t0\r\nPartly Agreed\t1\r\nNot Agreed\t1\r\nTotal\t2\r\n";
    let imported = read_plan(Path::new("example.txt"), &export.replace("\r\n", "\n"))
        .unwrap_or_else(|d| panic!("{d}"));
    assert_eq!(
        (imported.prison.as_str(), imported.stem.as_str()),
        ("example-town", "example-town-2021")
    );
    assert_eq!(value(&imported.plan.report_published), Some("2021-03-02"));
    assert_eq!(
        value(&imported.plan.action_plan_submitted),
        Some("2021-04-16")
    );
    let r41 = entry(&imported.plan, "4.1");
    assert_eq!(
        (
            r41.area.as_deref(),
            r41.paragraph.as_deref(),
            r41.repeats.as_deref()
        ),
        (Some("Health services"), Some("2.40"), Some("2.38"))
    );
    assert_eq!(
        r41.response.as_deref(),
        Some("- Extra clinics.\n- Audit of waits.")
    );
    assert_eq!(
        owners_and_dates(r41),
        vec![
            pair("Head of Healthcare", "30th June 2021"),
            pair("Head of Healthcare", "Completed")
        ]
    );
    assert_eq!(
        owners_and_dates(entry(&imported.plan, "4.2")),
        vec![pair("Deputy Governor", "")]
    );
    assert_eq!(imported.plan.declared_totals.and_then(|t| t.total), Some(2));
}

/// The editor's guidance in a new profile is a YAML comment: the prison's
/// page shows the profile, never the instructions for filling it in.
#[test]
fn an_imported_profile_shows_no_authoring_note_on_its_page() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let root = dir.path();
    std::fs::write(root.join("plansite.toml"), "title = \"Test\"\n")
        .unwrap_or_else(|e| panic!("{e}"));
    let imported = plansite_command()
        .arg("--root")
        .arg(root)
        .arg("import")
        .arg(seed("littlehey-2015-action-plan.txt"))
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(imported.status.success(), "{imported:?}");
    let profile = std::fs::read_to_string(root.join("content/prisons/littlehey.md"))
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(profile.contains("\n# Add what is known"), "{profile}");
    let built = plansite_command()
        .arg("--root")
        .arg(root)
        .arg("build")
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(built.status.success(), "{built:?}");
    let page = std::fs::read_to_string(root.join("output/prisons/littlehey/index.html"))
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(page.contains("HMP Littlehey"));
    for note in [
        "Add what is known",
        "Add facts",
        "under `sources`",
        "sources</code>",
    ] {
        assert!(!page.contains(note), "the page shows `{note}`");
    }
}

/// A plan of the same family whose target dates, decisions and inspection
/// dates are written in the other ways real plans write them. Each expected
/// value is the cell as written in `export` below.
const WRITTEN_FORMS: &str = "Action Plan: HMP Example\n\
Action Plan Submitted: 2nd October 2019\n\
A Response to the HMIP Inspection: 24–25 February; 2–6 March 2020\n\
Report Published: 16th August 2020\n\n\
Rec No\tRecommendation\tAgreed/ Partly Agreed/ Not Agreed\tResponse\tResponsible Owner\tTarget Date\n\
1.1\tOne.\tAccepted in principle\tDone.\tGovernor\tCompleted June 2019\n\
1.2\tTwo.\tPartly Agreed (subject to resources)\tSoon.\tGovernor\tMarch 2020 and ongoing\n\
1.3\tThree.\tNoted\tLater.\tGovernor\tComplete - June 2019\n\
1.4\tFour.\tAgreed\tA season.\tGovernor\tApril-June 2020\n\
1.5\tFive.\tAgreed\tTwo dates.\tGovernor Head of Healthcare\t05/05/2020 31/05/2020\n\
1.6\tSix.\tAgreed\tOrdinal.\tGovernor\t3 rd September 2019\n\
1.7\tSeven.\tAgreed\tEnd.\tGovernor\tEnd of March 2020\n\
1.8\tEight.\tAgreed\tQuarter.\tGovernor\tQ3 2019\n\
1.9\tNine.\tAgreed\tYear.\tGovernor\t2019/20\n\
1.10\tTen.\tAgreed\tDots.\tGovernor\t31.12.2019\n\
1.11\tEleven.\tAgreed\tWords.\tGovernor\tImmediate\n\
1.12\tTwelve.\tNot Agreed\tNone.\tGovernor\tN/A\n";

#[test]
fn target_dates_and_decisions_are_imported_as_written() {
    let imported =
        read_plan(Path::new("example.txt"), WRITTEN_FORMS).unwrap_or_else(|d| panic!("{d}"));
    let plan = &imported.plan;
    // Refs as numbered, in the file's order: "1.10" is neither "1.1" nor before "1.2".
    let refs: Vec<&str> = plan
        .recommendations
        .iter()
        .map(|r| r.reference.value.as_str())
        .collect();
    assert_eq!(
        refs,
        [
            "1.1", "1.2", "1.3", "1.4", "1.5", "1.6", "1.7", "1.8", "1.9", "1.10", "1.11", "1.12"
        ]
    );
    let decision = |reference: &str| {
        entry(plan, reference)
            .decision
            .as_ref()
            .map(|d| d.value.clone())
    };
    assert_eq!(decision("1.1").as_deref(), Some("Accepted in principle"));
    assert_eq!(
        decision("1.2").as_deref(),
        Some("Partly Agreed (subject to resources)")
    );
    assert_eq!(decision("1.3").as_deref(), Some("Noted"));
    for (reference, due) in [
        ("1.1", "Completed June 2019"),
        ("1.2", "March 2020 and ongoing"),
        ("1.3", "Complete - June 2019"),
        ("1.4", "April-June 2020"),
        ("1.6", "3 rd September 2019"),
        ("1.7", "End of March 2020"),
        ("1.8", "Q3 2019"),
        ("1.9", "2019/20"),
        ("1.10", "31.12.2019"),
        ("1.11", "Immediate"),
        ("1.12", "N/A"),
    ] {
        assert_eq!(
            owners_and_dates(entry(plan, reference)),
            vec![pair("Governor", due)],
            "{reference}"
        );
    }
    // Two numeric dates run together are two actions, as are their owners.
    assert_eq!(
        owners_and_dates(entry(plan, "1.5")),
        vec![
            pair("Governor", "05/05/2020"),
            pair("Head of Healthcare", "31/05/2020")
        ]
    );
}

#[test]
fn an_inspection_in_several_periods_imports_each_and_keeps_the_words() {
    let imported =
        read_plan(Path::new("example.txt"), WRITTEN_FORMS).unwrap_or_else(|d| panic!("{d}"));
    let inspection = imported.plan.inspection.as_ref().expect("an inspection");
    let periods: Vec<(&str, Option<&str>)> = inspection
        .periods
        .iter()
        .map(|p| (p.from.value.as_str(), value(&p.to)))
        .collect();
    assert_eq!(
        periods,
        [
            ("2020-02-24", Some("2020-02-25")),
            ("2020-03-02", Some("2020-03-06"))
        ]
    );
    assert_eq!(
        (value(&inspection.from), value(&inspection.to)),
        (None, None)
    );
    assert_eq!(
        inspection.written.as_deref(),
        Some("24–25 February; 2–6 March 2020")
    );
    assert!(imported.warnings.is_empty());
    // The file it writes reads back, periods and all.
    let file = plansite::import::plan_file(&imported).unwrap_or_else(|d| panic!("{d}"));
    let back: plansite::content::SourceFile<ActionPlan> =
        plansite::content::parse_file(Path::new("example-2020.md"), &file)
            .unwrap_or_else(|d| panic!("{d}"));
    assert_eq!(back.front.inspection.map(|i| i.periods.len()), Some(2));
}

#[test]
fn inspection_dates_it_cannot_read_are_kept_with_a_warning_at_their_line() {
    let export = WRITTEN_FORMS.replace("24–25 February; 2–6 March 2020", "Spring 2020");
    let imported = read_plan(Path::new("example.txt"), &export).unwrap_or_else(|d| panic!("{d}"));
    let inspection = imported.plan.inspection.as_ref().expect("an inspection");
    assert!(inspection.periods.is_empty() && inspection.from.is_none());
    assert_eq!(inspection.written.as_deref(), Some("Spring 2020"));
    let warnings: Vec<String> = imported.warnings.iter().map(|w| w.location()).collect();
    assert_eq!(warnings, ["example.txt:3:1"]);
    assert!(imported.warnings[0].message.contains("`Spring 2020`"));
    // A blank field is no dates and no warning.
    let export = WRITTEN_FORMS.replace("24–25 February; 2–6 March 2020", "");
    let imported = read_plan(Path::new("example.txt"), &export).unwrap_or_else(|d| panic!("{d}"));
    assert!(imported.plan.inspection.is_none());
    assert!(imported.warnings.is_empty());
    assert_eq!(imported.stem, "example-2020");
}

/// Each seed's inspection line, as its header writes it (line 12 of the
/// Leicester exports, line 8 of Littlehey's timetable).
#[test]
fn every_seed_s_inspection_dates_are_read_or_absent_as_written() {
    let inspection = |name: &str| {
        import(name).plan.inspection.map(|i| {
            (
                value(&i.from).map(str::to_string),
                value(&i.to).map(str::to_string),
                i.periods.len(),
                i.written,
            )
        })
    };
    // "A Response to the HMIP Inspection" with no dates after it.
    assert_eq!(inspection("leicester-2018-action-plan.txt"), None);
    assert_eq!(
        inspection("leicester-2025-action-plan.txt"),
        Some((
            Some("2025-08-05".to_string()),
            Some("2025-08-25".to_string()),
            0,
            Some("5 – 25 August 2025".to_string())
        ))
    );
    assert_eq!(
        inspection("littlehey-2015-action-plan.txt"),
        Some((
            Some("2015-03-02".to_string()),
            Some("2015-03-13".to_string()),
            0,
            Some("2 – 13 March 2015".to_string())
        ))
    );
    for name in [
        "leicester-2018-action-plan.txt",
        "leicester-2025-action-plan.txt",
        "littlehey-2015-action-plan.txt",
    ] {
        assert!(import(name).warnings.is_empty(), "{name}");
    }
}
