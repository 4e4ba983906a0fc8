//! `plansite build` on small sites: where templates come from, how template
//! errors are reported, and that a failed build never touches `output/`.
//!
//! Expected lines and columns are counted in the fixtures written here.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use common::{PLAN, Report, assert_error, site, site_with_plan};

fn build(root: &Path, extra: &[&str]) -> Report {
    common::plansite(root, "build", extra)
}

/// Every file under `dir` with its bytes, to compare outputs whole.
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|entry| entry.expect("readable output"))
        .filter(|entry| entry.file_type().is_file())
        .map(|entry| {
            let name = entry
                .path()
                .strip_prefix(dir)
                .expect("inside output")
                .display()
                .to_string();
            (name, fs::read(entry.path()).expect("readable file"))
        })
        .collect()
}

fn read(root: &Path, path: &str) -> String {
    fs::read_to_string(root.join(path)).unwrap_or_else(|err| panic!("{path}: {err}"))
}

#[test]
fn builds_every_page_kind_into_root_output_by_default() {
    let dir = site_with_plan(PLAN);
    let report = build(dir.path(), &["--as-of", "2018-08-15"]);
    assert!(report.success, "{}", report.output);
    for page in [
        "index.html",
        "prisons/index.html",
        "prisons/test/index.html",
        "prisons/test/2018/index.html",
        "prisons/test/2018/1.1/index.html",
        "themes/index.html",
        "themes/safety/index.html",
        "owners/index.html",
        "owners/governor/index.html",
        "data/index.html",
        "data/actions.csv",
        "feed.xml",
        "sitemap.xml",
        "404.html",
    ] {
        assert!(dir.path().join("output").join(page).is_file(), "no {page}");
    }
}

#[test]
fn a_site_template_replaces_the_theme_template_of_that_name_only() {
    let dir = site_with_plan(PLAN);
    let custom =
        "<!doctype html><title>{{ page.title }}</title><p>CUSTOM {{ page.card.reference }}</p>";
    fs::create_dir_all(dir.path().join("templates")).expect("templates dir");
    fs::write(dir.path().join("templates/recommendation.html"), custom).expect("template");
    let report = build(dir.path(), &[]);
    assert!(report.success, "{}", report.output);
    let page = read(dir.path(), "output/prisons/test/2018/1.1/index.html");
    assert!(page.contains("<p>CUSTOM 1.1</p>"), "{page}");
    let plan = read(dir.path(), "output/prisons/test/2018/index.html");
    assert!(!plan.contains("CUSTOM"), "the plan page used the override");
    assert!(plan.contains("1.1"), "{plan}");
}

#[test]
fn site_static_files_are_copied_over_the_theme_s() {
    let dir = site_with_plan(PLAN);
    let built_in_css = {
        let report = build(dir.path(), &[]);
        assert!(report.success, "{}", report.output);
        read(dir.path(), "output/style.css")
    };
    assert!(!built_in_css.is_empty(), "the theme ships a stylesheet");
    fs::create_dir_all(dir.path().join("static/images")).expect("static dir");
    fs::write(dir.path().join("static/style.css"), "body { color: black }").expect("css");
    fs::write(dir.path().join("static/images/crest.svg"), "<svg/>").expect("image");
    fs::write(dir.path().join("static/.style.css.swp"), "editor junk").expect("swap");
    let report = build(dir.path(), &[]);
    assert!(report.success, "{}", report.output);
    assert_eq!(
        read(dir.path(), "output/style.css"),
        "body { color: black }"
    );
    assert_eq!(read(dir.path(), "output/images/crest.svg"), "<svg/>");
    assert!(!dir.path().join("output/.style.css.swp").exists());
}

#[test]
fn a_site_theme_needs_only_the_files_it_changes() {
    let dir = site_with_plan(PLAN);
    fs::write(dir.path().join("plansite.toml"), "theme = \"plain\"\n").expect("config");
    fs::create_dir_all(dir.path().join("themes/plain/templates")).expect("theme dir");
    fs::write(
        dir.path().join("themes/plain/templates/404.html"),
        "<!doctype html><title>Lost</title><p>PLAIN THEME</p>",
    )
    .expect("template");
    let report = build(dir.path(), &[]);
    assert!(report.success, "{}", report.output);
    assert!(read(dir.path(), "output/404.html").contains("PLAIN THEME"));
    assert!(read(dir.path(), "output/prisons/test/2018/index.html").contains("1.1"));
}

#[test]
fn an_unknown_theme_is_refused_at_its_config_line() {
    let dir = site_with_plan(PLAN);
    // line 2, the value starts at column 9
    fs::write(
        dir.path().join("plansite.toml"),
        "title = \"T\"\ntheme = \"fancy\"\n",
    )
    .expect("config");
    assert_error(
        &build(dir.path(), &[]),
        "plansite.toml:2:9",
        &["no theme `fancy`"],
    );
    assert!(
        !dir.path().join("output").exists(),
        "a failed build wrote output"
    );
}

#[test]
fn a_template_syntax_error_is_placed_and_the_previous_output_kept() {
    let dir = site_with_plan(PLAN);
    let first = build(dir.path(), &["--as-of", "2018-08-15"]);
    assert!(first.success, "{}", first.output);
    let before = snapshot(&dir.path().join("output"));
    fs::create_dir_all(dir.path().join("templates")).expect("templates dir");
    // line 2: `  {{ page.title }`: the lone `}` is at column 17
    fs::write(
        dir.path().join("templates/plan.html"),
        "<h1>\n  {{ page.title }\n</h1>\n",
    )
    .expect("template");
    let report = build(dir.path(), &["--as-of", "2018-08-15"]);
    assert_error(&report, "templates/plan.html:2:17", &["expected }}"]);
    assert!(report.output.contains("previous output was left as it was"));
    assert_eq!(snapshot(&dir.path().join("output")), before);
    let leftovers: Vec<String> = fs::read_dir(dir.path())
        .expect("site dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|name| name.contains("plansite-"))
        .collect();
    assert!(leftovers.is_empty(), "staging left behind: {leftovers:?}");
}

#[test]
fn a_template_naming_a_missing_field_fails_at_render_time_with_its_place() {
    let dir = site_with_plan(PLAN);
    fs::create_dir_all(dir.path().join("templates")).expect("templates dir");
    // line 3: `<p>{{ page.no_such_field }}</p>`: the field starts at column 12
    fs::write(
        dir.path().join("templates/owner.html"),
        "<!doctype html>\n<title>x</title>\n<p>{{ page.no_such_field }}</p>\n",
    )
    .expect("template");
    let report = build(dir.path(), &[]);
    assert_error(&report, "templates/owner.html:3:12", &["no_such_field"]);
    assert!(!dir.path().join("output").exists());
}

#[test]
fn check_reports_template_and_content_errors_in_one_run() {
    let dir = site(&[
        ("content/prisons/test.md", common::PRISON),
        (
            "content/inspections/test-2018.md",
            &PLAN
                .replace("prison: test", "prison: tset")
                .replace("decision: Agreed", "decision: Agred"),
        ),
        // line 2: the unknown filter starts at column 17
        (
            "templates/plan.html",
            "<h1>\n{{ page.title | shout }}</h1>\n",
        ),
    ]);
    let report = common::plansite(dir.path(), "check", &[]);
    assert_error(
        &report,
        "templates/plan.html:2:17",
        &["Unknown filter `shout`"],
    );
    assert_error(&report, "content/inspections/test-2018.md:2:9", &["tset"]);
    // The plan's own words are reported in the same run, as a warning.
    assert!(
        report
            .output
            .contains("warning: content/inspections/test-2018.md:7:15: decision `Agred`"),
        "{}",
        report.output
    );
}

#[test]
fn an_output_folder_holding_the_site_is_refused() {
    let dir = site_with_plan(PLAN);
    let before = snapshot(dir.path());
    for output in [".", "content", "content/inspections"] {
        let target = dir.path().join(output);
        let report = build(dir.path(), &["--output", &target.display().to_string()]);
        assert!(!report.success, "{output} accepted:\n{}", report.output);
        assert!(
            report.output.contains("replaces the output folder whole"),
            "{}",
            report.output
        );
    }
    assert_eq!(snapshot(dir.path()), before, "the site was changed");
}

/// A site in a folder of its own, so that paths around it can be tried.
fn site_in_a_folder() -> (tempfile::TempDir, std::path::PathBuf) {
    let parent = tempfile::tempdir().expect("temp dir");
    let root = parent.path().join("mysite");
    let site = site_with_plan(PLAN);
    fs::rename(site.path(), &root).expect("move the site");
    (parent, root)
}

#[test]
fn outputs_that_resolve_to_the_site_by_dots_or_links_are_refused() {
    let (parent, root) = site_in_a_folder();
    std::os::unix::fs::symlink(root.join("content"), parent.path().join("to-content"))
        .expect("link");
    std::os::unix::fs::symlink(&root, parent.path().join("to-site")).expect("link");
    let before = snapshot(&root);
    let refused = |output: &Path| {
        let report = build(
            &root,
            &["--output", &output.display().to_string(), "--force"],
        );
        assert!(
            !report.success,
            "{} accepted:\n{}",
            output.display(),
            report.output
        );
        assert!(
            report.output.contains("replaces the output folder whole"),
            "{}:\n{}",
            output.display(),
            report.output
        );
        assert_eq!(
            snapshot(&root),
            before,
            "{} changed the site",
            output.display()
        );
    };
    for output in [
        root.join("../mysite"),
        root.join("output/../content"),
        root.join("static/../content/../themes/x"),
        parent.path().join("to-content"),
        parent.path().join("to-site"),
        parent.path().to_path_buf(),
    ] {
        refused(&output);
    }
    // The default output folder itself made a link back to the site.
    std::os::unix::fs::symlink(&root, root.join("output")).expect("link");
    refused(&root.join("output"));
    refused(&parent.path().join("to-site/output"));
}

#[test]
fn a_folder_plansite_did_not_write_is_kept_unless_forced() {
    let dir = site_with_plan(PLAN);
    let home = tempfile::tempdir().expect("temp dir");
    fs::create_dir(home.path().join("Documents")).expect("folder");
    fs::write(home.path().join("Documents/letter.txt"), "Dear ...").expect("file");
    let before = snapshot(home.path());
    let target = home.path().display().to_string();
    let report = build(dir.path(), &["--output", &target]);
    assert!(!report.success, "{}", report.output);
    assert!(report.output.contains("did not write"), "{}", report.output);
    assert!(report.output.contains("--force"), "{}", report.output);
    assert_eq!(snapshot(home.path()), before, "the folder was changed");

    let report = build(dir.path(), &["--output", &target, "--force"]);
    assert!(report.success, "{}", report.output);
    assert!(home.path().join("prisons/test/2018/index.html").is_file());
    assert!(!home.path().join("Documents").exists());
    // From now on it is plansite's: the next build needs no --force.
    let report = build(dir.path(), &["--output", &target]);
    assert!(report.success, "{}", report.output);
}

#[test]
fn symbolic_links_where_the_build_stages_are_removed_not_followed() {
    let dir = site_with_plan(PLAN);
    assert!(build(dir.path(), &[]).success);
    let victim = tempfile::tempdir().expect("temp dir");
    fs::write(victim.path().join("precious.txt"), "keep me").expect("file");
    let before = snapshot(victim.path());
    for stage in [".output.plansite-new", ".output.plansite-old"] {
        std::os::unix::fs::symlink(victim.path(), dir.path().join(stage)).expect("link");
    }
    let report = build(dir.path(), &[]);
    assert!(report.success, "{}", report.output);
    assert_eq!(snapshot(victim.path()), before, "a link was followed");
    assert!(dir.path().join("output/index.html").is_file());
}

#[test]
fn a_failed_build_leaves_a_forced_folder_as_it_was() {
    let dir = site_with_plan(&PLAN.replace("Agreed", "Agred: ["));
    let home = tempfile::tempdir().expect("temp dir");
    fs::write(home.path().join("notes.txt"), "mine").expect("file");
    let before = snapshot(home.path());
    let report = build(
        dir.path(),
        &["--output", &home.path().display().to_string(), "--force"],
    );
    assert!(!report.success, "{}", report.output);
    assert_eq!(snapshot(home.path()), before);
    assert_eq!(fs::read_dir(home.path()).expect("list").count(), 1);
}

#[test]
fn a_bad_base_url_is_refused_before_anything_is_written() {
    let dir = site_with_plan(PLAN);
    let report = build(dir.path(), &["--base-url", "example.org/plans"]);
    assert_error(&report, "--base-url", &["neither a URL nor a path"]);
    assert!(!dir.path().join("output").exists());
}

#[test]
fn new_writes_a_site_that_checks_and_builds_and_refuses_a_non_empty_folder() {
    let parent = tempfile::tempdir().expect("temp dir");
    let site = parent.path().join("mysite");
    let run = |args: &[&std::ffi::OsStr]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_plansite"))
            .args(args)
            .env("NO_COLOR", "1")
            .output()
            .expect("plansite runs")
    };
    let created = run(&["new".as_ref(), site.as_os_str()]);
    assert!(created.status.success(), "{created:?}");
    for file in [
        "plansite.toml",
        "content/prisons/example.md",
        "content/inspections/example-2024.md",
        "templates/README.md",
    ] {
        assert!(site.join(file).is_file(), "no {file}");
    }
    assert!(site.join("static").is_dir(), "no static/");
    let checked = common::plansite(&site, "check", &[]);
    assert!(checked.success, "{}", checked.output);
    assert!(
        checked.output.contains("0 errors, 0 warnings"),
        "{}",
        checked.output
    );
    let built = build(&site, &[]);
    assert!(built.success, "{}", built.output);
    let recommendation = read(&site, "output/prisons/example/2024/5.1/index.html");
    assert!(recommendation.contains("first night"));
    // The scaffold carries a judgement, so a new site shows how outcomes look.
    for page in [
        recommendation,
        read(&site, "output/prisons/example/2024/index.html"),
    ] {
        assert!(
            page.contains(r#"class="tag tag--reasonable-progress">reasonable progress<"#),
            "{page}"
        );
    }

    let before = snapshot(&site);
    let again = run(&["new".as_ref(), site.as_os_str()]);
    assert!(!again.status.success(), "a non-empty folder was accepted");
    assert!(String::from_utf8_lossy(&again.stderr).contains("not empty"));
    assert_eq!(snapshot(&site), before, "the folder was changed");
}

#[test]
fn decisions_are_shown_as_written_with_their_qualifier_and_counted_by_class() {
    let plan = PLAN.replace(
        "    decision: Agreed\n",
        "    decision: Accepted in principle\n  - ref: \"1.2\"\n    text: Cells should be clean.\n    \
         decision: Partly Agreed (subject to resources)\n  - ref: \"1.3\"\n    text: Food should be \
         better.\n    decision: Noted\n",
    );
    let dir = site_with_plan(&plan);
    let report = build(dir.path(), &["--as-of", "2018-08-01"]);
    assert!(report.success, "{}", report.output);
    let page = read(dir.path(), "output/prisons/test/2018/index.html");
    for shown in [
        "<strong class=\"tag tag--agreed\">agreed</strong> <span class=\"tag-qualifier\">in principle</span>",
        "(the plan says “Accepted in principle”)",
        "<strong class=\"tag tag--partly-agreed\">partly agreed</strong> <span class=\"tag-qualifier\">subject to resources</span>",
        "(the plan says “Partly Agreed (subject to resources)”)",
        "<strong class=\"tag tag--other\">other</strong> <span class=\"tag-note\">(the plan says “Noted”)</span>",
        "data-count=\"agreed\">1<",
        "data-count=\"partly-agreed\">1<",
        "data-count=\"other\">1<",
    ] {
        assert!(page.contains(shown), "the plan page lacks {shown}");
    }
    assert!(
        !page.contains("data-count=\"not-agreed\""),
        "a class no item has is charted"
    );
    let recommendation = read(dir.path(), "output/prisons/test/2018/1.2/index.html");
    assert!(
        recommendation.contains("<span class=\"tag-qualifier\">subject to resources</span>")
            && recommendation.contains("(the plan says “Partly Agreed (subject to resources)”)"),
        "the recommendation page lacks the qualifier or the label as written"
    );
    let data = read(dir.path(), "output/data/recommendations.csv");
    assert!(
        data.contains(",Noted,other,,")
            && data.contains(",Accepted in principle,agreed,in principle,"),
        "the data lacks the class or qualifier:\n{data}"
    );
}

/// Search is chosen in `plansite.toml`: a site that does not set
/// `build_search_index` gets no index and no search box, and its search
/// page says why and where the data is.
#[test]
fn a_site_without_build_search_index_has_no_index_and_says_so() {
    let dir = site_with_plan(PLAN);
    let report = build(dir.path(), &[]);
    assert!(report.success, "{}", report.output);
    assert!(!dir.path().join("output/pagefind").exists());
    let home = read(dir.path(), "output/index.html");
    assert!(
        !home.contains("site-search"),
        "a search box without an index"
    );
    let search = read(dir.path(), "output/search/index.html");
    assert!(search.contains("built without a search index"), "{search}");
    assert!(search.contains("/data/"));
}

/// The search index holds each item as the site shows it, whatever its
/// words hold: read back from Pagefind's own record files, an item's URL
/// is its page's path, its title, owner filter and words keep `&`, `<`
/// and `:` as written, and no scratch file of the indexer is left behind.
#[test]
fn the_search_index_keeps_an_item_s_words_and_filters_as_written() {
    let plan = "---
prison: test
report_published: 2018-05-31
recommendations:
  - ref: \"1.1\"
    text: \"Staff & prisoners should agree: cells below 5 < 6 standard are closed.\"
    decision: Agreed
    actions:
      - owners: [\"Learning & Skills: Novus <North>\"]
        due: August 2018
---
";
    let dir = site(&[
        ("plansite.toml", "build_search_index = true\n"),
        ("content/prisons/test.md", common::PRISON),
        ("content/inspections/test-2018.md", plan),
        ("scratch/.keep", ""),
    ]);
    let scratch = dir.path().join("scratch");
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_plansite"))
        .args(["build", "--root"])
        .arg(dir.path())
        .env("TMPDIR", &scratch)
        .output()
        .expect("plansite runs");
    assert!(output.status.success(), "{output:?}");
    let left: Vec<_> = fs::read_dir(&scratch)
        .expect("the scratch folder")
        .map(|entry| entry.expect("an entry").file_name())
        .collect();
    assert_eq!(left, [".keep"], "the indexer left files behind");
    let records = search_records(&dir.path().join("output/pagefind/fragment"));
    assert_eq!(records.len(), 1, "one record per item: {records:?}");
    let record = &records[0];
    assert_eq!(record["url"], "/prisons/test/2018/1.1/");
    assert_eq!(record["meta"]["title"], "Recommendation 1.1, HMP Test 2018");
    assert_eq!(
        record["filters"]["owner"],
        serde_json::json!(["Learning & Skills: Novus <North>"])
    );
    let words = record["content"].as_str().unwrap_or_default();
    assert!(
        words.contains("Staff & prisoners should agree: cells below 5 < 6 standard are closed."),
        "the record's words: {words}"
    );
}

/// Every record of a Pagefind index: its fragment files, gunzipped, are
/// the JSON of one record each after a fixed signature.
fn search_records(folder: &Path) -> Vec<serde_json::Value> {
    use std::io::Read;
    let mut records = Vec::new();
    for entry in fs::read_dir(folder).expect("the index has fragments") {
        let bytes = fs::read(entry.expect("a fragment").path()).expect("readable");
        let mut text = String::new();
        flate2::read::GzDecoder::new(bytes.as_slice())
            .read_to_string(&mut text)
            .expect("a fragment is gzipped text");
        let json = text
            .strip_prefix("pagefind_dcd")
            .expect("a fragment starts with Pagefind's signature");
        records.push(serde_json::from_str(json).expect("a fragment is JSON"));
    }
    records
}

/// The compressed copies in `output`, each checked to decompress to the
/// file beside it; how many text files have them.
fn checked_copies(output: &BTreeMap<String, Vec<u8>>) -> usize {
    use std::io::Read;
    let mut text = 0;
    for (name, bytes) in output {
        let copies = (
            output.get(&format!("{name}.gz")),
            output.get(&format!("{name}.br")),
        );
        if plansite::compress::is_text(name) {
            let (Some(gz), Some(br)) = copies else {
                panic!("{name} has no .gz or no .br");
            };
            let mut back = Vec::new();
            flate2::read::GzDecoder::new(&gz[..])
                .read_to_end(&mut back)
                .expect("gzip");
            assert!(back == *bytes, "{name}.gz is not {name}");
            back.clear();
            brotli::Decompressor::new(&br[..], 4096)
                .read_to_end(&mut back)
                .expect("brotli");
            assert!(back == *bytes, "{name}.br is not {name}");
            text += 1;
        } else if !name.ends_with(".gz") && !name.ends_with(".br") {
            assert_eq!(copies, (None, None), "{name} is not text but has copies");
        }
    }
    text
}

#[test]
fn compress_writes_a_gz_and_a_br_of_each_text_file_and_the_same_bytes_twice() {
    let dir = common::copy_of_the_site();
    let args = ["--as-of", "2026-01-31", "--compress"];
    let first = build(dir.path(), &args);
    assert!(first.success, "{}", first.output);
    let once = snapshot(&dir.path().join("output"));
    let text = checked_copies(&once);
    assert!(text > 200, "only {text} text files");
    assert!(once.keys().any(|name| name.ends_with(".pf_fragment")));
    assert!(once.keys().all(|name| !name.contains(".pf_fragment.")));
    let again = build(dir.path(), &args);
    assert!(again.success, "{}", again.output);
    assert!(
        snapshot(&dir.path().join("output")) == once,
        "two builds differ"
    );
    let plain = build(dir.path(), &["--as-of", "2026-01-31"]);
    assert!(plain.success, "{}", plain.output);
    let plain = snapshot(&dir.path().join("output"));
    assert!(
        plain
            .keys()
            .all(|name| !name.ends_with(".gz") && !name.ends_with(".br"))
    );
    assert_eq!(plain.len() + 2 * text, once.len());
}

#[test]
fn the_config_asks_for_copies_and_the_command_line_overrides_it() {
    let dir = site_with_plan(PLAN);
    let config = dir.path().join("plansite.toml");
    let mut settings = fs::read_to_string(&config).unwrap_or_default();
    settings.insert_str(0, "compress = true\n");
    fs::write(&config, settings).expect("config");
    let has_copies = |extra: &[&str]| {
        let report = build(dir.path(), extra);
        assert!(report.success, "{}", report.output);
        dir.path().join("output/index.html.br").exists()
    };
    assert!(has_copies(&[]));
    assert!(!has_copies(&["--no-compress"]));
    assert!(has_copies(&["--no-compress", "--compress"]));
}

#[test]
fn a_failed_build_with_compress_leaves_the_output_as_it_was() {
    let dir = site_with_plan(PLAN);
    let first = build(dir.path(), &["--as-of", "2018-08-15", "--compress"]);
    assert!(first.success, "{}", first.output);
    let before = snapshot(&dir.path().join("output"));
    assert!(checked_copies(&before) > 0);
    // Fails while rendering, once the staging folder holds pages.
    fs::create_dir_all(dir.path().join("templates")).expect("templates dir");
    fs::write(
        dir.path().join("templates/owner.html"),
        "<p>{{ page.no_such_field }}</p>\n",
    )
    .expect("template");
    let report = build(dir.path(), &["--as-of", "2018-08-15", "--compress"]);
    assert!(!report.success, "{}", report.output);
    assert!(snapshot(&dir.path().join("output")) == before);
    let leftovers = fs::read_dir(dir.path())
        .expect("site dir")
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().contains("plansite-"))
        .count();
    assert_eq!(leftovers, 0, "staging left behind");
}
