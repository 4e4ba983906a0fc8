//! `serve --watch` rebuilds only what an edit makes stale; this proves the
//! result is the site a full build gives, byte for byte, after every kind of
//! edit an editor makes: text, decisions, added and removed recommendations,
//! themes, owners, new and deleted plans, templates and static files.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use plansite::serve::incremental::Session;

/// Rebuilds after `changed` and asserts the files equal a fresh full build's.
fn assert_like_full_build(
    session: &mut Session,
    root: &Path,
    changed: &[&str],
    what: &str,
) -> (usize, bool) {
    let changed: Vec<PathBuf> = changed.iter().map(|p| root.join(p)).collect();
    let rebuilt = session
        .rebuild(&changed)
        .unwrap_or_else(|problems| panic!("{what}: {problems:?}"));
    let (rendered, patched) = (rebuilt.rendered, rebuilt.patched);
    let warnings: Vec<String> = rebuilt.warnings.iter().map(ToString::to_string).collect();
    let mut files = rebuilt.files;
    if rebuilt.data_stale {
        files = common::refresh_all(session);
    }
    let full = Session::new(root, common::session_options())
        .rebuild(&[])
        .expect("full build");
    let full_warnings: Vec<String> = full.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(
        warnings, full_warnings,
        "{what}: other warnings than a full build's"
    );
    let full = full.files;
    let (got, want) = (common::sorted(&files), common::sorted(&full));
    let got_names: Vec<&&str> = got.keys().collect();
    let want_names: Vec<&&str> = want.keys().collect();
    assert_eq!(got_names, want_names, "{what}: different files");
    for (name, bytes) in &want {
        assert!(
            got[name] == *bytes,
            "{what}: {name} differs from a full build"
        );
    }
    (rendered, patched)
}

fn edit(root: &Path, file: &str, from: &str, to: &str) {
    let path = root.join(file);
    let text = fs::read_to_string(&path).expect("readable");
    assert!(text.contains(from), "{file} has no `{from}`");
    fs::write(&path, text.replacen(from, to, 1)).expect("writable");
}

const LEICESTER_2018: &str = "content/inspections/leicester-2018.md";

/// The session's full build, which renders a prison at a time, holds
/// exactly the files `plansite build` writes for the real site, byte for
/// byte: the comparisons below take it as their reference.
#[test]
fn a_session_s_full_build_is_the_site_build_writes() {
    let dir = common::copy_of_the_site();
    let root = dir.path();
    let options = common::session_options();
    let out = root.join("built");
    let out_arg = out.to_string_lossy().into_owned();
    let base_url = options.base_url.clone().unwrap_or_default();
    let as_of = options.as_of.clone().unwrap_or_default();
    let built = common::plansite(
        root,
        "build",
        &[
            "--output",
            &out_arg,
            "--base-url",
            &base_url,
            "--as-of",
            &as_of,
        ],
    );
    assert!(built.success, "{}", built.output);
    let served = Session::new(root, options)
        .rebuild(&[])
        .expect("a full build");
    let served = common::sorted(&served.files);
    let mut written = std::collections::BTreeMap::new();
    for entry in walkdir::WalkDir::new(&out) {
        let entry = entry.expect("a readable output folder");
        // The mark that says build wrote the folder is the folder's, not the site's.
        if entry.file_type().is_file() && entry.file_name() != plansite::output::MARK {
            let name = entry.path().strip_prefix(&out).expect("under the output");
            let name = name.to_string_lossy().replace('\\', "/");
            written.insert(name, fs::read(entry.path()).expect("a built file"));
        }
    }
    let only_served: Vec<&&str> = served
        .keys()
        .filter(|name| !written.contains_key(**name))
        .collect();
    let only_written: Vec<&String> = written
        .keys()
        .filter(|name| !served.contains_key(name.as_str()))
        .collect();
    assert!(
        only_served.is_empty() && only_written.is_empty(),
        "only served: {only_served:?}; only written: {only_written:?}"
    );
    assert!(served.len() > 300, "only {} files", served.len());
    for (name, bytes) in &served {
        assert!(written[*name] == *bytes, "{name} differs from build's");
    }
}

#[test]
fn partial_rebuilds_equal_full_builds_after_every_kind_of_edit() {
    let dir = common::copy_of_the_site();
    let root = dir.path();
    let mut session = Session::new(root, common::session_options());
    let first = session.rebuild(&[]).expect("first build");
    assert_eq!(
        first.rendered, first.pages,
        "the first build renders everything"
    );

    edit(
        root,
        LEICESTER_2018,
        "local data analysis",
        "local data ANALYSIS",
    );
    let (text_edit, patched) =
        assert_like_full_build(&mut session, root, &[LEICESTER_2018], "text edit");
    assert!(patched, "a text edit went the whole way");
    assert!(
        text_edit < first.pages / 2,
        "a text edit rendered {text_edit} of {} pages",
        first.pages
    );

    edit(
        root,
        LEICESTER_2018,
        "decision: Agreed",
        "decision: Not Agreed",
    );
    let (_, patched) =
        assert_like_full_build(&mut session, root, &[LEICESTER_2018], "decision change");
    // Leicester 2018 declares its totals, so the changed decision also
    // changes the warnings, which the patch brings up to date.
    assert!(patched, "a decision change went the whole way");

    edit(
        root,
        LEICESTER_2018,
        "owners:\n    - Governor",
        "owners:\n    - National Director of NHSE",
    );
    let (_, patched) =
        assert_like_full_build(&mut session, root, &[LEICESTER_2018], "another owner");
    assert!(
        patched,
        "an action given to another owner went the whole way"
    );

    edit(
        root,
        LEICESTER_2018,
        "owners:\n    - National Director of NHSE",
        "owners:\n    - Governor of the Day",
    );
    let (_, patched) = assert_like_full_build(&mut session, root, &[LEICESTER_2018], "a new owner");
    assert!(patched, "an action given to a new owner went the whole way");
    edit(
        root,
        LEICESTER_2018,
        "owners:\n    - Governor of the Day",
        "owners:\n    - Governor",
    );
    let (_, patched) =
        assert_like_full_build(&mut session, root, &[LEICESTER_2018], "an owner gone");
    assert!(patched, "an owner gone went the whole way");

    edit(
        root,
        LEICESTER_2018,
        "recommendations:\n",
        "recommendations:\n- ref: \"0.1\"\n  text: A new first recommendation on healthcare.\n  decision: Agreed\n  themes: [health]\n  actions:\n  - owners: [Head of Healthcare]\n    due: March 2019\n",
    );
    let (_, patched) = assert_like_full_build(
        &mut session,
        root,
        &[LEICESTER_2018],
        "an added recommendation",
    );
    assert!(patched, "an added recommendation went the whole way");

    edit(
        root,
        LEICESTER_2018,
        "  themes: [health]\n",
        "  themes: [education]\n",
    );
    let (_, patched) =
        assert_like_full_build(&mut session, root, &[LEICESTER_2018], "a theme moved");
    assert!(patched, "a theme moved went the whole way");

    let removed = fs::read_to_string(root.join(LEICESTER_2018)).expect("plan");
    let start = removed.find("- ref: \"0.1\"").expect("added rec");
    let end = removed[start..].find("- ref: \"5.1\"").expect("next rec") + start;
    fs::write(
        root.join(LEICESTER_2018),
        format!("{}{}", &removed[..start], &removed[end..]),
    )
    .expect("remove");
    let (_, patched) = assert_like_full_build(
        &mut session,
        root,
        &[LEICESTER_2018],
        "a removed recommendation",
    );
    assert!(patched, "a removed recommendation went the whole way");

    edit(
        root,
        LEICESTER_2018,
        "prison: leicester",
        "prison: littlehey",
    );
    let (_, patched) = assert_like_full_build(
        &mut session,
        root,
        &[LEICESTER_2018],
        "a plan moved to another prison",
    );
    assert!(!patched, "a plan moved to another prison was patched");
    edit(
        root,
        LEICESTER_2018,
        "prison: littlehey",
        "prison: leicester",
    );
    assert_like_full_build(&mut session, root, &[LEICESTER_2018], "the plan moved back");

    let new_plan = "content/inspections/leicester-2030.md";
    let plan =
        fs::read_to_string(root.join("content/inspections/leicester-2025.md")).expect("plan");
    fs::write(root.join(new_plan), plan.replace("2025-", "2030-")).expect("new plan");
    assert_like_full_build(&mut session, root, &[new_plan], "a new plan");

    fs::remove_file(root.join(new_plan)).expect("delete");
    assert_like_full_build(&mut session, root, &[new_plan], "a deleted plan");

    // A prison added and then deleted: its own downloads come and go with it.
    let (new_prison, new_prisons_plan) = (
        "content/prisons/newgate.md",
        "content/inspections/newgate-2015.md",
    );
    let profile = fs::read_to_string(root.join("content/prisons/littlehey.md")).expect("prison");
    fs::write(
        root.join(new_prison),
        profile.replace("HMP Littlehey", "HMP Newgate"),
    )
    .expect("new prison");
    let plan =
        fs::read_to_string(root.join("content/inspections/littlehey-2015.md")).expect("plan");
    fs::write(
        root.join(new_prisons_plan),
        plan.replace("prison: littlehey", "prison: newgate"),
    )
    .expect("new prison's plan");
    assert_like_full_build(
        &mut session,
        root,
        &[new_prison, new_prisons_plan],
        "a new prison",
    );
    let full = Session::new(root, common::session_options())
        .rebuild(&[])
        .expect("full build");
    assert!(
        common::sorted(&full.files).contains_key("data/prisons/newgate/actions.csv"),
        "a new prison has its own downloads"
    );
    fs::remove_file(root.join(new_prisons_plan)).expect("delete");
    fs::remove_file(root.join(new_prison)).expect("delete");
    assert_like_full_build(
        &mut session,
        root,
        &[new_prison, new_prisons_plan],
        "a deleted prison",
    );

    fs::create_dir_all(root.join("templates")).expect("templates");
    let theme = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates");
    let plan_template = fs::read_to_string(theme.join("plan.html")).expect("plan template");
    fs::write(
        root.join("templates/plan.html"),
        plan_template.replacen("<h1", "<h1 data-edited", 1),
    )
    .expect("override");
    let (template_edit, _) = assert_like_full_build(
        &mut session,
        root,
        &["templates/plan.html"],
        "a page template",
    );
    assert!(
        template_edit < first.pages / 2,
        "a plan template edit rendered {template_edit} pages"
    );

    let base = fs::read_to_string(theme.join("base.html")).expect("base");
    fs::write(
        root.join("templates/base.html"),
        base.replacen("<body", "<body data-edited", 1),
    )
    .expect("base");
    assert_like_full_build(
        &mut session,
        root,
        &["templates/base.html"],
        "the base template",
    );

    fs::create_dir_all(root.join("static")).expect("static");
    fs::write(root.join("static/extra.css"), "p { margin: 0 }").expect("css");
    assert_like_full_build(&mut session, root, &["static/extra.css"], "a static file");

    edit(
        root,
        "plansite.toml",
        "title = ",
        "title = \"Edited\"\n# was: ",
    );
    assert_like_full_build(&mut session, root, &["plansite.toml"], "the config");
}

#[test]
fn a_decision_mapped_in_the_config_redrafts_every_plan_it_reads() {
    let dir = common::copy_of_the_site();
    let root = dir.path();
    let mut session = Session::new(root, common::session_options());
    session.rebuild(&[]).expect("first build");
    let warns_about_noted = |session: &mut Session, changed: &[PathBuf]| {
        let rebuilt = session.rebuild(changed).expect("an unread label builds");
        let warnings = rebuilt.warnings.iter();
        warnings.filter(|w| w.message.contains("`Noted`")).count()
    };
    edit(root, LEICESTER_2018, "decision: Agreed", "decision: Noted");
    assert_eq!(
        warns_about_noted(&mut session, &[root.join(LEICESTER_2018)]),
        1
    );
    // Drafts made before the mapping must not be kept: the plan's counts,
    // tags and data change with it, and the warning goes.
    let config = fs::read_to_string(root.join("plansite.toml")).expect("config");
    fs::write(
        root.join("plansite.toml"),
        format!("{config}\n[decisions]\n\"noted\" = \"not-agreed\"\n"),
    )
    .expect("config written");
    assert_like_full_build(&mut session, root, &["plansite.toml"], "a label mapped");
    assert_eq!(
        warns_about_noted(&mut session, &[]),
        0,
        "the mapped label is still warned about"
    );
}

#[test]
fn a_failed_rebuild_keeps_the_session_s_last_good_site() {
    let dir = common::copy_of_the_site();
    let root = dir.path();
    let mut session = Session::new(root, common::session_options());
    session.rebuild(&[]).expect("first build");
    // A misspelt theme is the editor's typo, an error (a decision label the
    // plan writes is never one).
    let typo = "decision: Agreed\n  themes: [helth]";
    edit(root, LEICESTER_2018, "decision: Agreed", typo);
    assert!(session.rebuild(&[root.join(LEICESTER_2018)]).is_err());
    edit(root, LEICESTER_2018, typo, "decision: Agreed");
    assert_like_full_build(
        &mut session,
        root,
        &[LEICESTER_2018],
        "the fix after a failure",
    );
}

#[test]
fn a_plan_edit_after_a_failed_rebuild_is_drafted_as_the_last_good_site_was() {
    let dir = common::copy_of_the_site();
    let root = dir.path();
    let mut session = Session::new(root, common::session_options());
    session.rebuild(&[]).expect("first build");
    // One save adds a theme and names a theme folder that does not exist:
    // the rebuild fails, but its drafts were made with the new theme.
    edit(
        root,
        "plansite.toml",
        "theme = \"default\"",
        "theme = \"missing\"\n\n[[themes]]\nslug = \"data\"\nname = \"Data\"\nkeywords = [\"data\"]",
    );
    assert!(session.rebuild(&[root.join("plansite.toml")]).is_err());
    // An edit of one plan must not be patched in with that theme: the
    // config is still broken, so the rebuild still fails.
    edit(
        root,
        LEICESTER_2018,
        "local data analysis",
        "local data review",
    );
    assert!(
        session.rebuild(&[root.join(LEICESTER_2018)]).is_err(),
        "a plan was patched in with the theme rules of a failed rebuild"
    );
}

#[test]
fn an_edit_that_splits_another_plan_s_owner_goes_the_whole_way() {
    let dir = common::copy_of_the_site();
    let root = dir.path();
    let mut session = Session::new(root, common::session_options());
    session.rebuild(&[]).expect("first build");
    // Littlehey 2015 writes "Head of Residential and Safety": one owner,
    // until both halves are owners written on their own somewhere. Writing
    // them in another plan splits it, which changes Littlehey's pages too.
    let leicester_2025 = "content/inspections/leicester-2025.md";
    edit(
        root,
        leicester_2025,
        "owners:\n    - Governor",
        "owners:\n    - Head of Residential\n    - Safety",
    );
    let (_, patched) = assert_like_full_build(
        &mut session,
        root,
        &[leicester_2025],
        "an owner elsewhere split in two",
    );
    assert!(
        !patched,
        "an edit that splits another plan's owner was patched"
    );
}

/// A plan of `count` health recommendations, each with one action for the same owner,
/// so the theme's and the owner's lists run to several pages.
fn long_plan(year: u32, count: usize) -> String {
    let mut plan =
        format!("---\nprison: long\nreport_published: \"{year}-03-01\"\nrecommendations:\n");
    for n in 1..=count {
        plan.push_str(&format!(
            "- ref: \"{n}\"\n  text: Healthcare item {n} should improve.\n  decision: Agreed\n  themes: [health]\n  actions:\n  - text: Action {n} of {year}.\n    owners: [Head of Healthcare]\n    due: {} {year}\n",
            ["March", "June", "September", "December"][n % 4]
        ));
    }
    plan.push_str("---\n");
    plan
}

/// A site of one prison with two long plans, 2019 and 2023.
fn long_site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    fs::create_dir_all(root.join("content/prisons")).expect("prisons");
    fs::create_dir_all(root.join("content/inspections")).expect("plans");
    fs::write(
        root.join("content/prisons/long.md"),
        "---\nname: HMP Long\n---\n",
    )
    .expect("prison");
    for year in [2019, 2023] {
        let plan = format!("content/inspections/long-{year}.md");
        fs::write(root.join(plan), long_plan(year, 130)).expect("plan");
    }
    dir
}

#[test]
fn a_recommendation_moved_between_plans_changes_its_theme_s_row_by_plan() {
    let dir = long_site();
    let root = dir.path();
    let mut session = Session::new(root, common::session_options());
    session.rebuild(&[]).expect("first build");
    // Item 5 moves from 2019 to 2023 with its decision and status: the
    // theme's counts stay as they were, but its row of plans does not.
    let (from, to) = (
        "content/inspections/long-2019.md",
        "content/inspections/long-2023.md",
    );
    let item = "- ref: \"5\"\n  text: Healthcare item 5 should improve.\n  decision: Agreed\n  themes: [health]\n  actions:\n  - text: Action 5 of 2019.\n    owners: [Head of Healthcare]\n    due: June 2019\n";
    edit(root, from, item, "");
    let moved = item.replace("ref: \"5\"", "ref: \"0\"");
    edit(
        root,
        to,
        "recommendations:\n",
        &format!("recommendations:\n{moved}"),
    );
    assert_like_full_build(
        &mut session,
        root,
        &[from, to],
        "a recommendation moved between plans",
    );
}

#[test]
fn a_renumbered_recommendation_updates_the_later_plan_that_repeats_it() {
    let dir = long_site();
    let root = dir.path();
    let mut session = Session::new(root, common::session_options());
    session.rebuild(&[]).expect("first build");
    // A 2023 safety item repeats 2019's item 7 (on health, so the two are
    // not in each other's related lists): its page links to item 7 by ref.
    let (earlier, later) = (
        "content/inspections/long-2019.md",
        "content/inspections/long-2023.md",
    );
    edit(
        root,
        later,
        "recommendations:\n",
        "recommendations:\n- ref: \"0\"\n  text: Searches should be recorded.\n  repeats: \"7\"\n  decision: Agreed\n  themes: [safety]\n",
    );
    assert_like_full_build(&mut session, root, &[later], "a repeating item added");
    edit(root, earlier, "- ref: \"7\"", "- ref: \"7a\"");
    let (_, patched) = assert_like_full_build(
        &mut session,
        root,
        &[earlier],
        "the repeated item renumbered",
    );
    assert!(patched, "a renumbered recommendation went the whole way");
}

#[test]
fn partial_rebuilds_of_lists_many_pages_long_equal_full_builds() {
    let dir = long_site();
    let root = dir.path();
    let mut session = Session::new(root, common::session_options());
    let first = session.rebuild(&[]).expect("first build");
    // Item 70 of 2023 is on the fourth page of the theme (130 of 2019 come first)
    // and somewhere past the first page of the owner's list.
    let plan = "content/inspections/long-2023.md";
    edit(
        root,
        plan,
        "Healthcare item 70 should",
        "Healthcare item 70 must",
    );
    let (text_edit, patched) =
        assert_like_full_build(&mut session, root, &[plan], "a text edit deep in a list");
    assert!(patched, "a text edit went the whole way");
    // The edited plan's own 130 recommendation pages and a few list pages;
    // not the other plan's 130, which name item 70 but do not quote it.
    assert!(text_edit <= 150, "{text_edit} of {} pages", first.pages);
    edit(
        root,
        plan,
        "Action 70 of 2023.",
        "Action 70 of 2023, sooner.",
    );
    assert_like_full_build(
        &mut session,
        root,
        &[plan],
        "an action's text deep in a list",
    );
    // A recommendation added at the top shifts every later item of the
    // prison's parts of the theme and the owner's list by one.
    edit(
        root,
        plan,
        "recommendations:\n",
        "recommendations:\n- ref: \"0\"\n  text: A new first item.\n  decision: Agreed\n  themes: [health]\n  actions:\n  - owners: [Head of Healthcare]\n    due: May 2023\n",
    );
    let (_, patched) = assert_like_full_build(&mut session, root, &[plan], "an item added");
    assert!(patched, "an added recommendation went the whole way");
    edit(root, plan, "due: June 2023", "due: Completed");
    let (_, patched) = assert_like_full_build(&mut session, root, &[plan], "an action done");
    assert!(patched, "a changed due date went the whole way");
    edit(
        root,
        plan,
        "decision: Agreed\n  themes: [health]\n  actions:\n  - text: Action 70",
        "decision: Not Agreed\n  themes: [health]\n  actions:\n  - text: Action 70",
    );
    let (_, patched) =
        assert_like_full_build(&mut session, root, &[plan], "a decision deep in a list");
    assert!(patched, "a changed decision went the whole way");
    edit(
        root,
        plan,
        "owners: [Head of Healthcare]\n    due: Completed",
        "owners: [Governor]\n    due: Completed",
    );
    // Governor is new to this site: an owner comes with the edit.
    let (_, patched) = assert_like_full_build(&mut session, root, &[plan], "an action's owner");
    assert!(patched, "an action given to a new owner went the whole way");
}

#[test]
fn an_editor_s_save_counts_as_one_file_but_a_deleted_input_beside_it_does_not() {
    let dir = common::copy_of_the_site();
    let root = dir.path();
    let mut session = Session::new(root, common::session_options());
    session.rebuild(&[]).expect("first build");
    let plan = root.join(LEICESTER_2018);
    // An editor's save: a temporary file renamed over the plan, reported
    // with the plan (twice) and its folder.
    edit(
        root,
        LEICESTER_2018,
        "local data analysis",
        "local data study",
    );
    let save = [
        root.join("content/inspections/.leicester-2018.md.tmp"),
        plan.clone(),
        plan.clone(),
        root.join("content/inspections"),
    ];
    let rebuilt = session.rebuild(&save).expect("rebuild");
    assert!(rebuilt.patched, "an editor's save went the whole way");
    // The same words edit beside a template that was deleted: the deletion
    // must be seen, so the whole way is taken.
    edit(
        root,
        LEICESTER_2018,
        "local data study",
        "local data review",
    );
    let with_deletion = [plan, root.join("templates/plan.html")];
    let rebuilt = session.rebuild(&with_deletion).expect("rebuild");
    assert!(!rebuilt.patched, "a deleted template was overlooked");
}

/// The incremental code knows nothing of what pages show: a site's own
/// template may print any field of its context, even one the default theme
/// leaves out of that page, and an edit of that field still reaches it.
#[test]
fn a_field_only_a_site_s_own_template_prints_is_kept_fresh() {
    let dir = common::copy_of_the_site();
    let root = dir.path();
    // The default owner_prison.html does not print a recommendation's
    // paragraph in the report; this site's own list does.
    fs::create_dir_all(root.join("templates")).expect("templates folder");
    fs::write(
        root.join("templates/owner_prison.html"),
        "{% for g in page.groups %}{% for item in g.items %}<p>{{ item.recommendation.title }}: \
         paragraph {{ item.recommendation.paragraph }}</p>{% endfor %}{% endfor %}",
    )
    .expect("template written");
    let mut session = Session::new(root, common::session_options());
    let first = session.rebuild(&[]).expect("first build");
    let shows = |files: &plansite::serve::incremental::Files, words: &str| -> Vec<String> {
        let mut pages: Vec<String> = files
            .iter()
            .filter(|(path, bytes)| {
                path.starts_with("owners/")
                    && path.contains("/leicester/")
                    && String::from_utf8_lossy(&bytes.plain().expect("readable")).contains(words)
            })
            .map(|(path, _)| path.to_string())
            .collect();
        pages.sort();
        pages
    };
    let before = shows(&first.files, "Recommendation 5.1: paragraph S56<");
    assert!(
        !before.is_empty(),
        "no owner's Leicester list prints paragraph S56 for 5.1"
    );
    edit(root, LEICESTER_2018, "paragraph: S56", "paragraph: S56a");
    let (_, patched) = assert_like_full_build(
        &mut session,
        root,
        &[LEICESTER_2018],
        "a paragraph only the site's template prints",
    );
    assert!(
        patched,
        "the edit of one plan's paragraph went the whole way"
    );
    let files = common::refresh_all(&mut session);
    assert_eq!(
        shows(&files, "Recommendation 5.1: paragraph S56a<"),
        before,
        "the lists that printed the old paragraph do not print the new one"
    );
}

/// An owner written another way (here in capitals) is the same owner with
/// one more spelling: the site's owners are made again, and their work and
/// counts with them, though no item moves or changes its owners.
#[test]
fn an_owner_written_another_way_keeps_its_work_and_counts() {
    let dir = common::copy_of_the_site();
    let root = dir.path();
    let mut session = Session::new(root, common::session_options());
    session.rebuild(&[]).expect("first build");
    edit(root, LEICESTER_2018, "    - Governor\n", "    - GOVERNOR\n");
    let (_, patched) = assert_like_full_build(
        &mut session,
        root,
        &[LEICESTER_2018],
        "an owner written in capitals",
    );
    assert!(patched, "a new spelling of an owner went the whole way");
}

/// The pages an edit renders are served as soon as they are rendered, with
/// no time spent compressing them; refreshing the downloads at the next
/// quiet moment compresses them, with the same bytes inside.
#[test]
fn an_edit_s_pages_are_served_at_once_and_compressed_with_the_downloads() {
    let dir = common::copy_of_the_site();
    let root = dir.path();
    let mut session = Session::new(root, common::session_options());
    let first = session.rebuild(&[]).expect("first build");
    let plan_page = "prisons/leicester/2018/index.html";
    assert!(
        first.files[plan_page].is_compressed(),
        "a first build's page"
    );
    edit(root, LEICESTER_2018, "paragraph: S56", "paragraph: S56a");
    let rebuilt = session
        .rebuild(&[root.join(LEICESTER_2018)])
        .expect("rebuild");
    let page = &rebuilt.files[plan_page];
    assert!(page.is_page() && !page.is_compressed());
    let written = page.plain().expect("readable");
    assert!(String::from_utf8_lossy(&written).contains("S56a"));
    let refreshed = session.refresh_data().expect("the data downloads");
    let page = &refreshed.files[plan_page];
    assert!(
        page.is_page() && page.is_compressed(),
        "still held as written"
    );
    assert_eq!(page.plain().expect("readable"), written);
    let held_as_written = refreshed
        .files
        .iter()
        .filter(|(_, stored)| stored.is_page() && !stored.is_compressed())
        .count();
    assert_eq!(held_as_written, 0, "pages left uncompressed");
}

/// Recurrence is worked out within a prison: rewording one item so that it
/// no longer raises an earlier problem drops the link from both ends, and
/// rewording it back restores it, each by a patch equal to a full build;
/// an editor's `recurs:` link is patched in too, and retargeted, and
/// turned into a refusal.
#[test]
fn rewording_an_item_relinks_its_prison_as_a_full_build_would() {
    let dir = common::copy_of_the_site();
    let root = dir.path();
    let later = "content/inspections/leicester-2025.md";
    let mut session = Session::new(root, common::session_options());
    let first = session.rebuild(&[]).expect("first build");
    let violence = "text: Violence was too high and the highest among reception prisons.";
    // Whether concern 1 of 2025 is linked to recommendation 5.1 of 2018.
    let linked = |root: &Path| {
        let site = plansite::model::load(root, Some("2026-01-31")).site;
        site.recurrences.iter().any(|l| {
            let name = |i: plansite::model::Ix<plansite::model::Recommendation>| {
                let r = &site.recommendations[i];
                format!("{}/{}", site.plans[r.plan].slug, r.reference)
            };
            name(l.later) == "2025/1" && name(l.earlier) == "2018/5.1"
        })
    };
    assert!(linked(root));
    edit(
        root,
        later,
        violence,
        "text: The library opened too few hours a week.",
    );
    assert!(!linked(root), "the reworded concern still raises violence");
    let (rendered, patched) =
        assert_like_full_build(&mut session, root, &[later], "a concern reworded");
    assert!(patched, "rewording an item went the whole way");
    assert!(
        rendered < first.pages / 2,
        "rewording an item rendered {rendered} of {} pages",
        first.pages
    );
    edit(
        root,
        later,
        "text: The library opened too few hours a week.",
        violence,
    );
    assert_like_full_build(&mut session, root, &[later], "the concern reworded back");
    edit(
        root,
        later,
        violence,
        &format!("{violence}\n  recurs: [\"2018/5.5\"]"),
    );
    let (_, patched) =
        assert_like_full_build(&mut session, root, &[later], "a link stated by the editor");
    assert!(patched, "a stated link went the whole way");
    // The same number of stated links, one naming another item: the memo
    // must not take the old link for it.
    edit(
        root,
        later,
        "recurs: [\"2018/5.5\"]",
        "recurs: [\"2018/5.6\"]",
    );
    assert_like_full_build(&mut session, root, &[later], "a stated link retargeted");
    edit(
        root,
        later,
        "recurs: [\"2018/5.6\"]",
        "not_recurs: [\"2018/5.1\"]",
    );
    assert_like_full_build(&mut session, root, &[later], "a stated link refused");
}
