//! `plansite check` on small broken sites: every kind of mistake is caught and placed.
//!
//! Each test writes a site into a temporary folder, runs the real binary and
//! reads its report. Expected lines and columns come from the fixtures below
//! (line 1 is the opening `---`), not from the program's output.

mod common;

use common::{PLAN, PRISON, Report, assert_error, assert_warning, site, site_with_plan};

fn check(root: &std::path::Path, extra: &[&str]) -> Report {
    common::plansite(root, "check", extra)
}

const PLAN_FILE: &str = "content/inspections/test-2018.md";

#[test]
fn a_valid_site_passes() {
    let dir = site_with_plan(PLAN);
    let report = check(dir.path(), &["--as-of", "2018-08-15"]);
    assert!(report.success, "{}", report.output);
    assert!(
        report.output.contains(
            "checked 1 prisons, 1 plans, 1 recommendations, 1 actions: 0 errors, 0 warnings"
        ),
        "{}",
        report.output
    );
}

#[test]
fn malformed_yaml() {
    let plan = PLAN.replace(
        "text: Violence should be reduced.",
        "text: \"Violence should be reduced.",
    );
    let dir = site_with_plan(&plan);
    // Line 6 is `    text: "Violence...`: the quote opens at column 11 and never closes.
    assert_error(
        &check(dir.path(), &[]),
        &format!("{PLAN_FILE}:6:11"),
        &["unclosed quote"],
    );
}

#[test]
fn missing_front_matter() {
    let dir = site_with_plan("prison: test\n");
    assert_error(
        &check(dir.path(), &[]),
        &format!("{PLAN_FILE}:1:1"),
        &["front matter"],
    );
}

#[test]
fn unknown_field() {
    let plan = PLAN.replace("recommendations:", "recomendations:");
    let dir = site_with_plan(&plan);
    assert_error(
        &check(dir.path(), &[]),
        &format!("{PLAN_FILE}:4:1"),
        &["unknown field", "recomendations"],
    );
}

#[test]
fn missing_required_field() {
    // The profile's mapping starts on line 2, where its only key is.
    let prison = "---\ntype: Local\n---\n";
    let dir = site(&[
        ("content/prisons/test.md", prison),
        ("content/inspections/test-2018.md", PLAN),
    ]);
    assert_error(
        &check(dir.path(), &[]),
        "content/prisons/test.md:2:1",
        &["missing field", "name"],
    );
}

#[test]
fn wrong_type() {
    let prison = "---\nname: HMP Test\noperational_capacity: lots\n---\n";
    let dir = site(&[
        ("content/prisons/test.md", prison),
        ("content/inspections/test-2018.md", PLAN),
    ]);
    assert_error(
        &check(dir.path(), &[]),
        "content/prisons/test.md:3:23",
        &["invalid"],
    );
}

#[test]
fn plan_naming_a_prison_without_profile() {
    let plan = PLAN.replace("prison: test", "prison: nowhere");
    let dir = site_with_plan(&plan);
    assert_error(
        &check(dir.path(), &[]),
        &format!("{PLAN_FILE}:2:9"),
        &["no prison profile", "nowhere"],
    );
}

#[test]
fn duplicate_refs_in_a_plan() {
    let second = "  - ref: \"1.1\"\n    text: Again.\n---\n";
    let plan = PLAN.replace("---\nIntroduction.\n", "") + second;
    // The second ref is on line 11, its value at column 10.
    let dir = site_with_plan(&plan);
    assert_error(
        &check(dir.path(), &[]),
        &format!("{PLAN_FILE}:11:10"),
        &["duplicate ref", "1.1", "line 5"],
    );
}

/// The plan's own words are never an error, what the editor controls is:
/// one date and one decision plansite cannot read give two warnings and a
/// pass; the same plan with its prison misspelt fails.
#[test]
fn the_plan_s_words_warn_and_the_editor_s_typos_fail() {
    let plan = PLAN
        .replace("due: August 2018", "due: When resources allow")
        .replace("decision: Agreed", "decision: Noted");
    let dir = site_with_plan(&plan);
    let report = check(dir.path(), &[]);
    assert_warning(
        &report,
        &format!("{PLAN_FILE}:10:14"),
        &["When resources allow"],
    );
    assert_warning(&report, &format!("{PLAN_FILE}:7:15"), &["Noted"]);
    assert!(
        report.output.contains(": 0 errors, 2 warnings"),
        "{}",
        report.output
    );

    let misspelt = plan.replace("prison: test", "prison: tets");
    let dir = site_with_plan(&misspelt);
    let report = check(dir.path(), &[]);
    assert_error(&report, &format!("{PLAN_FILE}:2:9"), &["tets"]);
}

#[test]
fn a_due_date_not_understood_is_a_warning_and_the_check_passes() {
    let plan = PLAN.replace("due: August 2018", "due: soonish");
    let dir = site_with_plan(&plan);
    assert_warning(
        &check(dir.path(), &[]),
        &format!("{PLAN_FILE}:10:14"),
        &["due", "soonish"],
    );
}

#[test]
fn an_impossible_due_date_is_a_warning_naming_the_day() {
    let plan = PLAN.replace("due: August 2018", "due: 30 February 2016");
    let dir = site_with_plan(&plan);
    assert_warning(
        &check(dir.path(), &[]),
        &format!("{PLAN_FILE}:10:14"),
        &["no day 30"],
    );
}

#[test]
fn a_decision_label_plansite_does_not_read_is_a_warning_at_its_place() {
    let plan = PLAN.replace("decision: Agreed", "decision: Noted");
    let dir = site_with_plan(&plan);
    let report = check(dir.path(), &[]);
    assert_warning(
        &report,
        &format!("{PLAN_FILE}:7:15"),
        &["decision `Noted`", "kept as written", "other"],
    );
    assert!(
        report.output.contains("help: plansite reads Agreed")
            && report.output.contains("[decisions]"),
        "the help names the forms read and the way to map a label:\n{}",
        report.output
    );
}

/// A site whose plan says "Noted", with `config` as its plansite.toml.
fn noted_with_config(config: &str) -> tempfile::TempDir {
    site(&[
        ("plansite.toml", config),
        ("content/prisons/test.md", PRISON),
        (
            "content/inspections/test-2018.md",
            &PLAN.replace("decision: Agreed", "decision: Noted"),
        ),
    ])
}

#[test]
fn a_label_mapped_under_decisions_is_not_warned_about() {
    let dir = noted_with_config("[decisions]\n\"noted\" = \"other\"\n");
    let report = check(dir.path(), &[]);
    assert!(report.success, "{}", report.output);
    assert!(
        !report.output.contains("warning:"),
        "a mapped label gave a warning:\n{}",
        report.output
    );
}

#[test]
fn a_decision_class_that_does_not_exist_is_an_error_at_its_value() {
    // Line 3 is `"Noted" = "otherwise"`: the value's quote opens at column 11.
    let dir = noted_with_config("title = \"Plans\"\n[decisions]\n\"Noted\" = \"otherwise\"\n");
    assert_error(
        &check(dir.path(), &[]),
        "plansite.toml:3:11",
        &["[decisions]", "Noted", "otherwise"],
    );
    let report = check(dir.path(), &[]);
    assert!(
        report
            .output
            .contains("agreed, partly-agreed, not-agreed, other, none"),
        "the help lists the classes:\n{}",
        report.output
    );
}

#[test]
fn duplicate_plan_slugs() {
    // other.md has no `<prison>-` stem, so it publishes at its report's year: 2018.
    let dir = site(&[
        ("content/prisons/test.md", PRISON),
        ("content/inspections/test-2018.md", PLAN),
        ("content/inspections/other.md", PLAN),
    ]);
    assert_error(
        &check(dir.path(), &[]),
        &format!("{PLAN_FILE}:2:9"),
        &[
            "duplicate slug",
            "other.md",
            "test-2018.md",
            "/prisons/test/2018/",
        ],
    );
}

#[test]
fn unknown_theme_slug() {
    let plan = PLAN.replace(
        "    decision: Agreed\n",
        "    decision: Agreed\n    themes: [helth]\n",
    );
    // `themes:` is now line 8; `helth` sits at column 14.
    let dir = site_with_plan(&plan);
    assert_error(
        &check(dir.path(), &[]),
        &format!("{PLAN_FILE}:8:14"),
        &["unknown theme", "helth"],
    );
}

#[test]
fn bad_config_key() {
    let dir = site(&[
        ("plansite.toml", "title = \"Plans\"\ntitel = \"Plans\"\n"),
        ("content/prisons/test.md", PRISON),
        ("content/inspections/test-2018.md", PLAN),
    ]);
    assert_error(
        &check(dir.path(), &[]),
        "plansite.toml:2:1",
        &["unknown field", "titel"],
    );
}

#[test]
fn bad_iso_date() {
    let plan = PLAN.replace(
        "report_published: 2018-05-31",
        "report_published: 31 May 2018",
    );
    let dir = site_with_plan(&plan);
    assert_error(
        &check(dir.path(), &[]),
        &format!("{PLAN_FILE}:3:19"),
        &["report_published", "31 May 2018", "ISO"],
    );
}

#[test]
fn bad_as_of_on_the_command_line_and_in_config() {
    let dir = site(&[
        (
            "plansite.toml",
            "title = \"Plans\"\nas_of = \"last Tuesday\"\n",
        ),
        ("content/prisons/test.md", PRISON),
        ("content/inspections/test-2018.md", PLAN),
    ]);
    let report = check(dir.path(), &["--as-of", "2018/08/01"]);
    assert_error(&report, "--as-of", &["2018/08/01"]);
    assert_error(&report, "plansite.toml:2:9", &["as_of", "last Tuesday"]);
}

#[test]
fn a_bad_base_url_in_the_config_is_placed_by_the_toml_parser() {
    // The key is indented and a table's `base_url` comes later: only the
    // parser's own span finds the top-level value, line 2 column 15 (the opening quote).
    let config = "title = \"Plans\"\n  base_url =  \"example.org\"\n[owners.aliases]\n";
    let dir = site(&[
        ("plansite.toml", config),
        ("content/prisons/test.md", PRISON),
        ("content/inspections/test-2018.md", PLAN),
    ]);
    assert_error(
        &check(dir.path(), &[]),
        "plansite.toml:2:15",
        &["example.org"],
    );
}

#[test]
fn several_broken_files_are_all_reported_in_one_run() {
    let dir = site(&[
        ("plansite.toml", "titel = \"Plans\"\n"),
        ("content/prisons/test.md", PRISON),
        ("content/prisons/broken.md", "name: no front matter\n"),
        (
            "content/inspections/test-2018.md",
            &PLAN.replace("due: August 2018", "due: soonish"),
        ),
        (
            "content/inspections/test-2019.md",
            &PLAN.replace("prison: test", "prison: tset"),
        ),
    ]);
    let report = check(dir.path(), &[]);
    assert_error(&report, "plansite.toml:1:1", &["titel"]);
    assert_error(&report, "content/prisons/broken.md:1:1", &["front matter"]);
    assert_error(&report, "content/inspections/test-2019.md:2:9", &["tset"]);
    // The plan's own words do not stop the check; they are reported with it.
    assert!(
        report
            .output
            .contains("warning: content/inspections/test-2018.md:10:14: due:"),
        "{}",
        report.output
    );
    assert!(
        report.output.contains(": 3 errors, 1 warning"),
        "{}",
        report.output
    );
}

#[test]
fn warnings_alone_exit_zero() {
    let plan = PLAN.replace(
        "report_published: 2018-05-31\n",
        "report_published: 2018-05-31\ndeclared_totals: { agreed: 2, total: 1 }\n",
    );
    let dir = site_with_plan(&plan);
    let report = check(dir.path(), &[]);
    assert!(report.success, "{}", report.output);
    assert!(
        report
            .output
            .contains("warning: content/inspections/test-2018.md: declared_totals: the plan declares 2 recommendations agreed; its rows hold 1"),
        "{}",
        report.output
    );
    assert!(
        report.output.contains("0 errors, 1 warning"),
        "{}",
        report.output
    );
}

#[test]
fn a_template_that_compiles_but_fails_on_its_data_is_found_without_building() {
    // line 2: `{{ page.titel }}` inside the block; the field starts at column 28
    let dir = site(&[
        ("content/prisons/test.md", PRISON),
        ("content/inspections/test-2018.md", PLAN),
        (
            "templates/plan.html",
            "{% extends \"base.html\" %}\n{% block content %}{{ page.titel }}{% endblock content %}\n",
        ),
    ]);
    let report = check(dir.path(), &[]);
    assert_error(&report, "templates/plan.html:2:28", &["titel"]);
    assert!(!dir.path().join("output").exists(), "check wrote output");
}

/// Lines of `check`'s report about owner names.
fn owner_warnings(report: &Report) -> Vec<&str> {
    report
        .output
        .lines()
        .filter(|l| l.starts_with("warning: ") && l.contains(": owner \""))
        .collect()
}

#[test]
fn the_real_plans_owners_written_two_ways_are_each_warned_about_where_written() {
    // The real site without the aliases these warnings led to (the lines
    // from "# Found by `plansite check`" to the alias that splits a list):
    // every line below was checked against content/inspections/.
    let dir = common::copy_of_the_site();
    let config = std::fs::read_to_string(dir.path().join("plansite.toml")).unwrap();
    let (before, rest) = config
        .split_once("# Found by `plansite check`")
        .expect("plansite.toml marks the aliases check asked for");
    let split = "\"Executive Director, Estate Transformation\" = []\n";
    let (_, after) = rest
        .split_once(split)
        .expect("the alias that splits a list");
    std::fs::write(dir.path().join("plansite.toml"), format!("{before}{after}")).unwrap();
    let report = check(dir.path(), &[]);
    assert!(report.success, "{}", report.output);
    let leicester = "content/inspections/leicester-2018.md";
    let littlehey = "content/inspections/littlehey-2015.md";
    let expected = [
        format!(
            "warning: {leicester}:809:7: owner \"Director Milton Keynes College\" is probably \
             \"Director of Milton Keynes College\" (written at {leicester}:806:7): \
             they differ only in small words such as \"of\" or in spacing"
        ),
        format!(
            "warning: {leicester}:957:7: owner \"Executive Director, Estate Transformation and \
             Governor\" is kept as one owner, but \"Governor\" is an owner on its own elsewhere"
        ),
        format!(
            "warning: {littlehey}:394:7: owner \"Head of Equality\" is probably \"Head of \
             Equalities\" (written at {littlehey}:173:7): they differ only in singular and plural"
        ),
        format!(
            "warning: {littlehey}:412:7: owner \"NHT Head of Service\" is probably \
             \"Northamptonshire Healthcare Trust (NHT) Head of Service\" (written at \
             {littlehey}:394:7): one spells out an abbreviation the other uses"
        ),
        format!(
            "warning: {littlehey}:547:7: owner \"Directorate of Commissioning and Contract \
             Management\" is probably \"NOMS Directorate of Commissioning and Contract \
             Management\" (written at {littlehey}:1021:7): one adds an organisation's \
             abbreviation to the other"
        ),
        format!(
            "warning: {littlehey}:830:7: owner \"Head of OMU\" is probably \"Head of Offender \
             Management Unit (OMU)\" (written at {littlehey}:59:7): one spells out an \
             abbreviation the other uses"
        ),
    ];
    assert_eq!(owner_warnings(&report), expected, "{}", report.output);
    for help in [
        "help: if they are one owner, add this line under [owners.aliases] in plansite.toml: \
         \"Head of Equalities\" = [\"Head of Equality\"]; if they are two, add \
         [\"Head of Equalities\", \"Head of Equality\"] to `distinct` under [owners]",
        "help: if it names two owners, add this line under [owners.aliases] in plansite.toml so \
         that the rest is an owner too: \"Executive Director, Estate Transformation\" = []; if it \
         is one owner, add \"Executive Director, Estate Transformation and Governor\" = []",
    ] {
        assert!(report.output.contains(help), "{help}\n{}", report.output);
    }
}

#[test]
fn the_real_site_gives_no_owner_warning() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let report = check(root, &[]);
    assert!(report.success, "{}", report.output);
    assert_eq!(
        owner_warnings(&report),
        Vec::<&str>::new(),
        "{}",
        report.output
    );
}

#[test]
fn owners_said_to_be_distinct_are_not_warned_about() {
    // line 9: `      - owners: [Head of Safety, Head of Saftey]`: the owners start at columns 18 and 34
    let plan = PLAN.replace(
        "owners: [Governor]",
        "owners: [Head of Safety, Head of Saftey]",
    );
    let dir = site_with_plan(&plan);
    let report = check(dir.path(), &[]);
    assert_eq!(
        owner_warnings(&report),
        [format!(
            "warning: {PLAN_FILE}:9:34: owner \"Head of Saftey\" is probably \"Head of Safety\" \
             (written at {PLAN_FILE}:9:18): they differ in a letter or two of one word"
        )],
        "{}",
        report.output
    );
    std::fs::write(
        dir.path().join("plansite.toml"),
        "[owners]\ndistinct = [[\"Head of Safety\", \"Head of Saftey\"]]\n",
    )
    .unwrap();
    let report = check(dir.path(), &[]);
    assert!(owner_warnings(&report).is_empty(), "{}", report.output);
}
