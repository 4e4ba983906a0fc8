//! `plansite build` on the repository's own site: links, counts, downloads,
//! reproducibility and failed builds.
//!
//! Each test runs the real binary on the real `content/` (three published
//! plans) with a fixed as-of date and reads what it wrote. Expected figures
//! come from the content files or the published documents, never from the
//! program's output.

use std::collections::{BTreeMap, BTreeSet, HashSet, VecDeque};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use regex::Regex;
use scraper::{ElementRef, Html, Selector};
use serde_json::Value;
use tempfile::TempDir;

/// Statuses depend on the date they are measured against; fix it.
const AS_OF: &str = "2026-01-31";
/// A base URL under a sub-path, as on a host that serves several sites.
const SUB_PATH_BASE: &str = "https://example.org/plans/";

// ------------------------------------------------------------------ building

/// The repository root: the real site.
fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Runs `plansite --root ROOT build --output OUT --as-of AS_OF EXTRA...`.
fn run_build(root: &Path, out: &Path, extra: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_plansite"))
        .arg("--root")
        .arg(root)
        .arg("build")
        .arg("--output")
        .arg(out)
        .args(["--as-of", AS_OF])
        .args(extra)
        .env("NO_COLOR", "1")
        .output()
        .expect("the plansite binary runs")
}

/// Builds the repository's site into a new temporary directory; panics with
/// the build's own report if it fails.
fn build_repo(extra: &[&str]) -> TempDir {
    let out = tempfile::tempdir().expect("a temporary directory");
    let output = run_build(repo(), out.path(), extra);
    assert!(
        output.status.success(),
        "plansite build {extra:?} failed ({}):\n{}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    out
}

/// Every file under `dir`, by `/`-separated relative path, with its bytes.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    for entry in walkdir::WalkDir::new(dir) {
        let entry = entry.expect("the output directory can be walked");
        if entry.file_type().is_file() {
            let rel = entry
                .path()
                .strip_prefix(dir)
                .expect("walked paths lie under the directory")
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/");
            let bytes = fs::read(entry.path()).expect("a built file can be read");
            files.insert(rel, bytes);
        }
    }
    files
}

fn text<'a>(files: &'a BTreeMap<String, Vec<u8>>, path: &str) -> &'a str {
    let bytes = files
        .get(path)
        .unwrap_or_else(|| panic!("the build wrote no {path}"));
    std::str::from_utf8(bytes).unwrap_or_else(|e| panic!("{path} is not UTF-8: {e}"))
}

fn selector(css: &str) -> Selector {
    Selector::parse(css).unwrap_or_else(|e| panic!("bad selector {css}: {e}"))
}

/// An element's text with runs of white space folded to one space.
fn words(element: ElementRef<'_>) -> String {
    element
        .text()
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

// -------------------------------------------------------------- link checker

/// Where a built site is hosted: the base URL's origin (when it has one) and path.
struct Base {
    /// `https://example.org`, or `None` for a path-only base URL such as `/`.
    origin: Option<&'static str>,
    /// Starts and ends with `/`.
    path: &'static str,
}

const ROOT_BASE: Base = Base {
    origin: None,
    path: "/",
};
const PLANS_BASE: Base = Base {
    origin: Some("https://example.org"),
    path: "/plans/",
};

/// One URL found in a built file.
struct Link {
    /// Where it was found: `a href`, `img src`, `loc`, ...
    attr: String,
    url: String,
}

/// What the checker reads from one built HTML or XML file.
#[derive(Default)]
struct Scanned {
    links: Vec<Link>,
    /// Every `id` (and `a name`) on the page: the targets of `#fragment`s.
    ids: HashSet<String>,
}

/// The HTML attributes that carry a URL (`data` only on `<object>`).
const URL_ATTRS: &[&str] = &[
    "href",
    "src",
    "srcset",
    "poster",
    "action",
    "data",
    "formaction",
];

/// The URLs and ids of one HTML page.
fn scan_html(html: &str) -> Scanned {
    let doc = Html::parse_document(html);
    let mut scanned = Scanned::default();
    for element in doc
        .root_element()
        .descendants()
        .filter_map(ElementRef::wrap)
    {
        let el = element.value();
        for (name, value) in el.attrs() {
            if name == "id" || (name == "name" && el.name() == "a") {
                scanned.ids.insert(value.to_string());
            } else if URL_ATTRS.contains(&name) && !(name == "data" && el.name() != "object") {
                let attr = format!("{} {name}", el.name());
                if name == "srcset" {
                    for candidate in value.split(',') {
                        if let Some(url) = candidate.split_whitespace().next() {
                            scanned.links.push(Link {
                                attr: attr.clone(),
                                url: url.to_string(),
                            });
                        }
                    }
                } else {
                    scanned.links.push(Link {
                        attr,
                        url: value.to_string(),
                    });
                }
            }
        }
    }
    scanned
}

fn xml_unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// The URLs of a sitemap (`<loc>`) or an Atom feed (`<link href>`, `<icon>`, `<logo>`).
fn scan_xml(xml: &str) -> Scanned {
    let patterns = [
        ("loc", r"<loc>\s*([^<]*?)\s*</loc>"),
        ("link href", r#"<link\b[^>]*?\bhref\s*=\s*"([^"]*)""#),
        ("link href", r"<link\b[^>]*?\bhref\s*=\s*'([^']*)'"),
        ("icon", r"<icon>\s*([^<]*?)\s*</icon>"),
        ("logo", r"<logo>\s*([^<]*?)\s*</logo>"),
    ];
    let mut scanned = Scanned::default();
    for (attr, pattern) in patterns {
        let re = Regex::new(pattern).expect("a valid pattern");
        for caps in re.captures_iter(xml) {
            scanned.links.push(Link {
                attr: attr.to_string(),
                url: xml_unescape(&caps[1]),
            });
        }
    }
    scanned
}

/// Decodes `%xx` escapes of a URL path or fragment.
fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && bytes[i + 1].is_ascii_hexdigit()
            && bytes[i + 2].is_ascii_hexdigit()
        {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).expect("ASCII hex digits");
            out.push(u8::from_str_radix(hex, 16).expect("two hex digits"));
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// A link's place in the built site: the file it names and its fragment.
#[derive(Debug)]
struct Target {
    file: String,
    fragment: Option<String>,
}

/// What a URL found in `page` points at: `Ok(None)` for a link that leaves
/// the site on purpose (another host, `mailto:`), `Ok(Some(target))` for a
/// page or file of the site, `Err(why)` for a link that is wrong whatever
/// the files say (outside the base path, relative, `javascript:`).
fn resolve(
    url: &str,
    page: &str,
    base: &Base,
    absolute_only: bool,
) -> Result<Option<Target>, String> {
    let url = url.trim();
    let (rest, fragment) = match url.split_once('#') {
        Some((rest, fragment)) => (rest, Some(percent_decode(fragment))),
        None => (url, None),
    };
    let rest = rest.split_once('?').map_or(rest, |(path, _query)| path);
    if rest.is_empty() {
        // `#id` on the page itself.
        return Ok(Some(Target {
            file: page.to_string(),
            fragment,
        }));
    }
    let lower = rest.to_ascii_lowercase();
    let path = if lower.starts_with("http://") || lower.starts_with("https://") {
        match base.origin {
            Some(origin) if rest.starts_with(origin) && rest[origin.len()..].starts_with('/') => {
                rest[origin.len()..].to_string()
            }
            // Another host: an external link, not this checker's business.
            _ => return Ok(None),
        }
    } else if rest.starts_with("//") {
        return Ok(None);
    } else if rest.starts_with('/') {
        if absolute_only {
            return Err(
                "a root-relative URL where the base URL names a host: expected an absolute URL"
                    .into(),
            );
        }
        rest.to_string()
    } else if lower.starts_with("mailto:")
        || lower.starts_with("tel:")
        || lower.starts_with("data:")
    {
        return Ok(None);
    } else if lower.starts_with("javascript:") {
        return Err("a javascript: URL".into());
    } else {
        return Err(format!(
            "a relative URL: internal links start with the base path {}",
            base.path
        ));
    };
    let Some(inside) = path.strip_prefix(base.path) else {
        return Err(format!("outside the base path {}", base.path));
    };
    let inside = percent_decode(inside);
    let file = if inside.is_empty() || inside.ends_with('/') {
        format!("{inside}index.html")
    } else {
        inside
    };
    Ok(Some(Target { file, fragment }))
}

/// Checks every URL of every HTML and XML file of a built site; returns one
/// line per problem.
fn check_links(files: &BTreeMap<String, Vec<u8>>, base: &Base) -> Vec<String> {
    let scanned: BTreeMap<&str, Scanned> = files
        .iter()
        .filter_map(|(path, bytes)| {
            let text = std::str::from_utf8(bytes).ok()?;
            if path.ends_with(".html") {
                Some((path.as_str(), scan_html(text)))
            } else if path.ends_with(".xml") {
                Some((path.as_str(), scan_xml(text)))
            } else {
                None
            }
        })
        .collect();
    let mut problems = Vec::new();
    for (page, found) in &scanned {
        // Feeds and sitemaps are read away from the site: absolute URLs when possible.
        let absolute_only = page.ends_with(".xml") && base.origin.is_some();
        let leads_on = found.links.iter().any(|link| {
            resolve(&link.url, page, base, absolute_only).is_ok_and(|target| {
                target.is_some_and(|t| t.file != *page && t.file.ends_with(".html"))
            })
        });
        if page.ends_with(".html") && !leads_on {
            problems.push(format!(
                "{page}: a dead end: no link to another page of the site"
            ));
        }
        for link in &found.links {
            let url = &link.url;
            let mut problem =
                |why: String| problems.push(format!("{page}: <{}=\"{url}\">: {why}", link.attr));
            let target = match resolve(url, page, base, absolute_only) {
                Ok(Some(target)) => target,
                Ok(None) => continue,
                Err(why) => {
                    problem(why);
                    continue;
                }
            };
            if !files.contains_key(&target.file) {
                let dir = target.file.trim_end_matches('/');
                if files.keys().any(|f| f.starts_with(&format!("{dir}/"))) {
                    problem(format!(
                        "names the directory {dir} without its trailing slash"
                    ));
                } else {
                    problem(format!("no file {} in the output", target.file));
                }
                continue;
            }
            if let Some(fragment) = target.fragment.filter(|f| !f.is_empty()) {
                match scanned.get(target.file.as_str()) {
                    Some(t) if t.ids.contains(&fragment) => {}
                    Some(_) => problem(format!(
                        "{} has no element with id=\"{fragment}\"",
                        target.file
                    )),
                    None => problem(format!(
                        "a #fragment into {}, which is not a page",
                        target.file
                    )),
                }
            }
        }
    }
    problems
}

fn assert_no_problems(what: &str, problems: &[String]) {
    const SHOWN: usize = 60;
    assert!(
        problems.is_empty(),
        "{what}: {} problem(s){}:\n  {}",
        problems.len(),
        if problems.len() > SHOWN {
            format!(", the first {SHOWN}")
        } else {
            String::new()
        },
        problems
            .iter()
            .take(SHOWN)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n  ")
    );
}

/// The link checker itself, on hand-made pages: it must see each kind of
/// broken link, or the tests on the real site would prove nothing.
#[test]
fn the_link_checker_catches_broken_links() {
    let mut site = BTreeMap::new();
    site.insert(
        "index.html".to_string(),
        br##"<a href="/plans/prisons/">ok</a> <a href="/plans/prisons/#top">ok</a>
            <a href="/plans/prisons/#nowhere">1</a> <a href="/plans/missing/">2</a>
            <a href="/prisons/">3</a> <a href="prisons/">4</a> <img src="/plans/x.png">
            <a href="/plans/prisons">6</a> <a href="https://example.org/other/">7</a>
            <a href="https://example.org/plans/prisons/">ok</a> <a href="https://gov.uk/">ok</a>
            <a href="#main">8</a> <link rel="stylesheet" href="/plans/site.css">"##
            .to_vec(),
    );
    site.insert(
        "prisons/index.html".to_string(),
        br#"<h1 id="top">P</h1>"#.to_vec(),
    );
    site.insert("site.css".to_string(), b"body{}".to_vec());
    site.insert(
        "sitemap.xml".to_string(),
        b"<urlset><url><loc>/plans/prisons/</loc></url><url><loc>https://example.org/plans/gone/</loc></url></urlset>".to_vec(),
    );
    let problems = check_links(&site, &PLANS_BASE);
    let expect = [
        "#nowhere\">: prisons/index.html has no element with id=\"nowhere\"",
        "/plans/missing/\">: no file missing/index.html",
        "\"/prisons/\">: outside the base path /plans/",
        "\"prisons/\">: a relative URL",
        "/plans/x.png\">: no file x.png",
        "\"/plans/prisons\">: names the directory prisons without its trailing slash",
        "https://example.org/other/\">: outside the base path",
        "#main\">: index.html has no element with id=\"main\"",
        "<loc=\"/plans/prisons/\">: a root-relative URL where the base URL names a host",
        "gone/\">: no file gone/index.html",
        "prisons/index.html: a dead end",
    ];
    for e in expect {
        assert!(
            problems.iter().any(|p| p.contains(e)),
            "the checker missed `{e}`; it found:\n{}",
            problems.join("\n")
        );
    }
    assert_eq!(
        problems.len(),
        expect.len(),
        "unexpected problems:\n{}",
        problems.join("\n")
    );
}

/// Every internal `href`/`src` of every page, and every URL of feed.xml and
/// sitemap.xml, names a file of the site hosted at a domain root; every
/// `#fragment` names an element on its target page.
#[test]
fn every_internal_link_resolves_at_the_domain_root() {
    let out = build_repo(&[]);
    let files = files(out.path());
    assert!(
        files.contains_key("index.html"),
        "the build wrote no index.html"
    );
    assert_no_problems(
        "links of the site built for /",
        &check_links(&files, &ROOT_BASE),
    );
}

/// The same under a sub-path base URL: every internal link starts with
/// `/plans/` (or `https://example.org/plans/`) and resolves once that prefix
/// is taken off; a link missing the prefix (`/prisons/`) fails; the feed and
/// sitemap use absolute URLs.
#[test]
fn every_internal_link_resolves_under_a_sub_path() {
    let out = build_repo(&["--base-url", SUB_PATH_BASE]);
    let files = files(out.path());
    assert_no_problems(
        &format!("links of the site built for {SUB_PATH_BASE}"),
        &check_links(&files, &PLANS_BASE),
    );
    // The check above sees only links it can read; make sure it read some.
    let plan = scan_html(text(&files, "prisons/leicester/2018/index.html"));
    assert!(
        plan.links
            .iter()
            .any(|l| l.url == "/plans/prisons/leicester/2018/5.1/"),
        "the Leicester 2018 plan page has no link /plans/prisons/leicester/2018/5.1/"
    );
    // search.js loads Pagefind from this folder: not a link the check above reads.
    assert!(
        text(&files, "search/index.html").contains(r#"data-bundle="/plans/pagefind/""#),
        "the search page does not load Pagefind from /plans/pagefind/"
    );
    assert!(
        files.contains_key("pagefind/pagefind.js"),
        "no pagefind/pagefind.js under a sub-path"
    );
}

/// No page is an orphan: every page but 404.html can be reached from the
/// home page by following links.
#[test]
fn every_page_is_reachable_from_the_home_page() {
    let out = build_repo(&[]);
    let files = files(out.path());
    let mut seen = BTreeSet::from(["index.html".to_string()]);
    let mut queue = VecDeque::from(["index.html".to_string()]);
    while let Some(page) = queue.pop_front() {
        for link in scan_html(text(&files, &page)).links {
            if let Ok(Some(target)) = resolve(&link.url, &page, &ROOT_BASE, false)
                && target.file.ends_with(".html")
                && files.contains_key(&target.file)
                && seen.insert(target.file.clone())
            {
                queue.push_back(target.file);
            }
        }
    }
    let orphans: Vec<_> = files
        .keys()
        .filter(|f| f.ends_with(".html") && *f != "404.html" && !seen.contains(*f))
        .cloned()
        .collect();
    assert_no_problems("pages no link from the home page leads to", &orphans);
}

/// The sitemap lists every page (pagination pages aside) and nothing but
/// pages, with absolute URLs under an absolute base URL.
#[test]
fn the_sitemap_lists_every_page() {
    let out = build_repo(&["--base-url", SUB_PATH_BASE]);
    let files = files(out.path());
    let mut listed = BTreeSet::new();
    let mut sitemaps = vec!["sitemap.xml".to_string()];
    while let Some(sitemap) = sitemaps.pop() {
        for link in scan_xml(text(&files, &sitemap)).links {
            let target = resolve(&link.url, &sitemap, &PLANS_BASE, true)
                .unwrap_or_else(|why| panic!("{sitemap}: <loc>{}</loc>: {why}", link.url))
                .unwrap_or_else(|| panic!("{sitemap}: <loc>{}</loc> leaves the site", link.url));
            if target.file.ends_with(".xml") {
                sitemaps.push(target.file); // a sitemap index
            } else {
                listed.insert(target.file);
            }
        }
    }
    let pagination = Regex::new(r"(^|/)page/\d+/index\.html$").expect("a valid pattern");
    let missing: Vec<_> = files
        .keys()
        .filter(|f| f.ends_with(".html") && *f != "404.html" && !pagination.is_match(f))
        .filter(|f| !listed.contains(*f))
        .cloned()
        .collect();
    assert_no_problems("pages missing from the sitemap", &missing);
    let not_pages: Vec<_> = listed
        .iter()
        .filter(|f| !f.ends_with(".html") || *f == "404.html")
        .cloned()
        .collect();
    assert_no_problems("sitemap entries that are not pages", &not_pages);
}

/// The Atom feed has one entry per plan, each linking to that plan's page.
#[test]
fn the_feed_has_one_entry_per_plan() {
    let out = build_repo(&["--base-url", SUB_PATH_BASE]);
    let files = files(out.path());
    let feed = text(&files, "feed.xml");
    let entries: Vec<&str> = feed.split("<entry").skip(1).collect();
    let plans = content_plans();
    assert_eq!(
        entries.len(),
        plans.len(),
        "feed.xml entries, one per plan in content/inspections"
    );
    for (prison, year, _) in &plans {
        let url = format!("{SUB_PATH_BASE}prisons/{prison}/{year}/");
        assert!(
            entries
                .iter()
                .any(|e| e.contains(&format!("href=\"{url}\""))),
            "no feed entry links to {url}"
        );
    }
}

// ------------------------------------------------------------ content facts

/// The YAML front matter of a content file, as JSON.
fn front_matter(path: &Path) -> Value {
    let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let text = text.trim_start_matches('\u{feff}').replace("\r\n", "\n");
    let rest = text
        .strip_prefix("---\n")
        .unwrap_or_else(|| panic!("{} does not open with ---", path.display()));
    let end = rest
        .find("\n---")
        .unwrap_or_else(|| panic!("{} has no closing ---", path.display()));
    serde_saphyr::from_str(&rest[..end + 1])
        .unwrap_or_else(|e| panic!("{}: front matter: {e}", path.display()))
}

/// Every plan of the real content: (prison slug, year, front matter), by file name.
fn content_plans() -> Vec<(String, String, Value)> {
    let dir = repo().join("content/inspections");
    let mut paths: Vec<PathBuf> = fs::read_dir(&dir)
        .expect("content/inspections exists")
        .map(|e| e.expect("a directory entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|path| {
            let stem = path
                .file_stem()
                .expect("a file name")
                .to_string_lossy()
                .into_owned();
            let (prison, year) = stem
                .rsplit_once('-')
                .expect("files are named <prison>-<year>.md");
            (prison.to_string(), year.to_string(), front_matter(path))
        })
        .collect()
}

/// (prison, year, ref) → number of actions, counted from the content files.
fn content_actions() -> BTreeMap<(String, String, String), usize> {
    let mut actions = BTreeMap::new();
    for (prison, year, plan) in content_plans() {
        let recommendations = plan["recommendations"]
            .as_array()
            .unwrap_or_else(|| panic!("{prison}-{year}: no recommendations list"));
        for rec in recommendations {
            let reference = rec["ref"]
                .as_str()
                .expect("every recommendation has a ref")
                .to_string();
            let count = rec["actions"].as_array().map_or(0, Vec::len);
            *actions
                .entry((prison.clone(), year.clone(), reference))
                .or_default() += count;
        }
    }
    actions
}

// ------------------------------------------------------------- the counts

/// The Leicester 2018 plan page shows the decision counts of the published
/// document's summary table: 34 agreed, 7 partly agreed, 5 not agreed, and
/// no other figure for those classes anywhere on the page.
///
/// Counts are read where the default theme shows them: each count is an
/// element `data-count="<class slug>"` holding the figure (its chart table's
/// `<td data-count="agreed">34</td>`), and every table row whose header cell
/// names a class and whose first data cell is a number.
#[test]
fn the_leicester_2018_plan_page_shows_the_documents_decision_counts() {
    let out = build_repo(&[]);
    let files = files(out.path());
    let doc = Html::parse_document(text(&files, "prisons/leicester/2018/index.html"));
    let counts = decision_counts(&doc);
    let expected = [("agreed", 34), ("partly-agreed", 7), ("not-agreed", 5)];
    for (class, n) in expected {
        assert_eq!(
            counts.get(class),
            Some(&vec![n]),
            "the plan page's count of `{class}` recommendations (every figure shown for it); \
             the page shows {counts:?}"
        );
    }
}

const DECISION_CLASSES: [&str; 3] = ["agreed", "partly-agreed", "not-agreed"];

/// The decision counts a page shows, by class slug: every distinct figure
/// shown for each class (one, if the page agrees with itself).
fn decision_counts(doc: &Html) -> BTreeMap<String, Vec<u32>> {
    let mut counts: BTreeMap<String, Vec<u32>> = BTreeMap::new();
    let mut add = |class: String, n: u32| {
        let figures = counts.entry(class).or_default();
        if !figures.contains(&n) {
            figures.push(n);
        }
    };
    for element in doc.select(&selector("[data-count]")) {
        let class = element.attr("data-count").unwrap_or_default();
        if DECISION_CLASSES.contains(&class) {
            let shown = words(element);
            let n = shown.parse().unwrap_or_else(|_| {
                panic!("the element data-count=\"{class}\" shows \"{shown}\", not a number")
            });
            add(class.to_string(), n);
        }
    }
    for row in doc.select(&selector("tr")) {
        let (Some(th), Some(td)) = (
            row.select(&selector("th")).next(),
            row.select(&selector("td")).next(),
        ) else {
            continue;
        };
        let class = words(th).to_lowercase().replace(' ', "-");
        if let Ok(n) = words(td).parse::<u32>()
            && DECISION_CLASSES.contains(&class.as_str())
        {
            add(class, n);
        }
    }
    counts
}

/// The count reader on hand-made pages: both markups, and a page that shows
/// two different figures for one class.
#[test]
fn the_count_reader_reads_what_a_page_shows() {
    let page = Html::parse_document(
        r#"<table><tr><th scope="row">agreed</th><td data-count="agreed">34</td></tr>
           <tr><th scope="row">not agreed</th><td data-count="not-agreed">5</td></tr></table>
           <p>Of which <span data-count="agreed">33</span> agreed.</p>
           <table><tr><th scope=row>Partly agreed</th><td>7</td></tr><tr><th>Other</th><td>1</td></tr></table>"#,
    );
    assert_eq!(
        decision_counts(&page),
        BTreeMap::from([
            ("agreed".to_string(), vec![34, 33]),
            ("not-agreed".to_string(), vec![5]),
            ("partly-agreed".to_string(), vec![7]),
        ])
    );
}

// ------------------------------------------------------------ the downloads

/// `data/actions.csv` and `data/actions.json` hold one row per action of the
/// content, and each (prison, plan, ref) has as many rows as it has actions;
/// the recommendations downloads hold one row per recommendation.
#[test]
fn the_data_downloads_hold_one_row_per_action() {
    let out = build_repo(&[]);
    let files = files(out.path());
    let expected = content_actions();
    let total: usize = expected.values().sum();
    assert!(
        total > 100,
        "the real content holds {total} actions; expected the three plans' ~200"
    );

    let mut reader = csv::Reader::from_reader(
        files
            .get("data/actions.csv")
            .expect("data/actions.csv")
            .as_slice(),
    );
    let headers = reader
        .headers()
        .expect("actions.csv has a header row")
        .clone();
    let column = |name: &str| {
        headers
            .iter()
            .position(|h| h.eq_ignore_ascii_case(name))
            .unwrap_or_else(|| panic!("actions.csv has no `{name}` column; it has {headers:?}"))
    };
    let (prison, plan, reference) = (column("prison"), column("plan"), column("ref"));
    let mut rows: BTreeMap<(String, String, String), usize> = BTreeMap::new();
    for (i, record) in reader.records().enumerate() {
        let record = record.unwrap_or_else(|e| panic!("actions.csv row {}: {e}", i + 2));
        let key = (
            record[prison].to_string(),
            plan_year(&record[plan]),
            record[reference].to_string(),
        );
        *rows.entry(key).or_default() += 1;
    }
    assert_eq!(
        rows.values().sum::<usize>(),
        total,
        "rows of data/actions.csv"
    );
    assert_eq!(
        rows, expected,
        "data/actions.csv rows per (prison, plan, ref)"
    );

    let json: Value =
        serde_json::from_slice(files.get("data/actions.json").expect("data/actions.json"))
            .expect("data/actions.json is JSON");
    let array = json.as_array().expect("data/actions.json is an array");
    assert_eq!(array.len(), total, "objects in data/actions.json");
    let mut objects: BTreeMap<(String, String, String), usize> = BTreeMap::new();
    for object in array {
        let field = |name: &str| match &object[name] {
            Value::String(s) => s.clone(),
            Value::Number(n) => n.to_string(),
            other => panic!("actions.json object has {name} = {other}: {object}"),
        };
        *objects
            .entry((field("prison"), plan_year(&field("plan")), field("ref")))
            .or_default() += 1;
    }
    assert_eq!(
        objects, expected,
        "data/actions.json objects per (prison, plan, ref)"
    );

    let recommendations = expected.len();
    let mut reader = csv::Reader::from_reader(
        files
            .get("data/recommendations.csv")
            .expect("data/recommendations.csv")
            .as_slice(),
    );
    assert_eq!(
        reader
            .records()
            .inspect(|r| assert!(r.is_ok(), "data/recommendations.csv: {r:?}"))
            .count(),
        recommendations,
        "rows of data/recommendations.csv"
    );
    let json: Value = serde_json::from_slice(
        files
            .get("data/recommendations.json")
            .expect("data/recommendations.json"),
    )
    .expect("data/recommendations.json is JSON");
    assert_eq!(
        json.as_array()
            .expect("data/recommendations.json is an array")
            .len(),
        recommendations,
        "objects in data/recommendations.json"
    );
}

/// Each prison's own downloads, linked from its page, hold exactly its rows:
/// as many actions per (plan, ref) as its content files give, and one row
/// per recommendation, with the whole files' header; no other prison's row.
#[test]
fn each_prison_s_downloads_hold_exactly_its_rows() {
    let files = real_site();
    let expected = content_actions();
    let prisons: BTreeSet<String> = expected.keys().map(|(p, _, _)| p.clone()).collect();
    assert!(prisons.len() >= 2, "the real content has {prisons:?}");
    let header = |path: &str| -> csv::StringRecord {
        let bytes = files.get(path).unwrap_or_else(|| panic!("no {path}"));
        csv::Reader::from_reader(bytes.as_slice())
            .headers()
            .unwrap_or_else(|e| panic!("{path}: {e}"))
            .clone()
    };
    for prison in &prisons {
        let page = Html::parse_document(text(files, &format!("prisons/{prison}/index.html")));
        let linked: BTreeSet<String> = page
            .select(&selector("#data ~ p a[download]"))
            .filter_map(|a| a.value().attr("href"))
            .map(str::to_string)
            .collect();
        let actions = format!("data/prisons/{prison}/actions.csv");
        let recommendations = format!("data/prisons/{prison}/recommendations.csv");
        assert_eq!(
            linked,
            BTreeSet::from([format!("/{actions}"), format!("/{recommendations}")]),
            "prisons/{prison}/ links its own downloads"
        );
        for (mine, whole) in [
            (&actions, "data/actions.csv"),
            (&recommendations, "data/recommendations.csv"),
        ] {
            assert_eq!(header(mine), header(whole), "{mine}: the header");
        }

        let mut reader = csv::Reader::from_reader(files[&actions].as_slice());
        let mut rows: BTreeMap<(String, String, String), usize> = BTreeMap::new();
        for record in reader.records() {
            let record = record.unwrap_or_else(|e| panic!("{actions}: {e}"));
            let key = (
                record[0].to_string(),
                plan_year(&record[2]),
                record[4].to_string(),
            );
            *rows.entry(key).or_default() += 1;
        }
        let mut theirs: BTreeMap<(String, String, String), usize> = expected
            .iter()
            .filter(|((p, _, _), _)| p == prison)
            .map(|(key, &count)| (key.clone(), count))
            .collect();
        theirs.retain(|_, count| *count > 0);
        assert_eq!(rows, theirs, "{actions}: rows per (prison, plan, ref)");

        let mut reader = csv::Reader::from_reader(files[&recommendations].as_slice());
        let refs: BTreeSet<(String, String, String)> = reader
            .records()
            .map(|r| r.unwrap_or_else(|e| panic!("{recommendations}: {e}")))
            .map(|r| (r[0].to_string(), plan_year(&r[2]), r[4].to_string()))
            .collect();
        let theirs: BTreeSet<(String, String, String)> = expected
            .keys()
            .filter(|(p, _, _)| p == prison)
            .cloned()
            .collect();
        assert_eq!(refs, theirs, "{recommendations}: one row per item");
    }
}

/// Each row of `data/actions.csv` carries the columns a reader needs (prison,
/// plan, ref, decision, owners, due date, status, themes), the decision is
/// the one its recommendation has in the content, every row has a status,
/// each action the content gives an owner has one, and a `url` column (when there is one) names
/// that recommendation's page.
#[test]
fn the_actions_csv_carries_each_actions_facts() {
    let out = build_repo(&[]);
    let files = files(out.path());
    let mut decisions = BTreeMap::new();
    // (prison, year, ref) → how many of its actions name an owner.
    let mut owned = BTreeMap::new();
    for (prison, year, plan) in content_plans() {
        for rec in plan["recommendations"].as_array().expect("recommendations") {
            let reference = rec["ref"].as_str().expect("a ref").to_string();
            let key = (prison.clone(), year.clone(), reference);
            let decision = rec["decision"].as_str().unwrap_or("").to_string();
            decisions.insert(key.clone(), decision);
            let with_owner = rec["actions"].as_array().map_or(0, |actions| {
                actions
                    .iter()
                    .filter(|a| a["owners"].as_array().is_some_and(|o| !o.is_empty()))
                    .count()
            });
            owned.insert(key, with_owner);
        }
    }
    let mut owned_rows: BTreeMap<(String, String, String), usize> =
        owned.keys().map(|k| (k.clone(), 0)).collect();
    let mut reader = csv::Reader::from_reader(
        files
            .get("data/actions.csv")
            .expect("data/actions.csv")
            .as_slice(),
    );
    let headers = reader.headers().expect("a header row").clone();
    let column = |names: &[&str]| {
        headers
            .iter()
            .position(|h| names.iter().any(|n| h.eq_ignore_ascii_case(n)))
            .unwrap_or_else(|| panic!("actions.csv has no {names:?} column; it has {headers:?}"))
    };
    let prison = column(&["prison"]);
    let plan = column(&["plan"]);
    let reference = column(&["ref"]);
    let decision = column(&["decision"]);
    let owners = column(&["owners", "owner"]);
    column(&["due", "due_date", "due date"]);
    let status = column(&["status"]);
    column(&["themes", "theme"]);
    let url = headers.iter().position(|h| h == "url");
    let mut problems = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let line = i + 2;
        let record = record.unwrap_or_else(|e| panic!("actions.csv line {line}: {e}"));
        let key = (
            record[prison].to_string(),
            plan_year(&record[plan]),
            record[reference].to_string(),
        );
        match decisions.get(&key) {
            None => problems.push(format!(
                "line {line}: {key:?} is no recommendation of the content"
            )),
            Some(d) if *d != record[decision] => problems.push(format!(
                "line {line}: {key:?} has decision `{}`; the content says `{d}`",
                &record[decision]
            )),
            Some(_) => {}
        }
        if record[status].trim().is_empty() {
            problems.push(format!("line {line}: {key:?} has no status"));
        }
        if !record[owners].trim().is_empty() {
            *owned_rows.entry(key.clone()).or_default() += 1;
        }
        if let Some(url) = url {
            let (p, y, r) = &key;
            let page = format!("/prisons/{p}/{y}/{r}/");
            if record[url] != page {
                problems.push(format!(
                    "line {line}: url `{}`, expected {page}",
                    &record[url]
                ));
            }
        }
    }
    for (key, n) in &owned {
        let rows = owned_rows.get(key).copied().unwrap_or(0);
        if rows != *n {
            problems.push(format!(
                "{key:?}: {rows} row(s) name an owner; the content gives owners for {n} action(s)"
            ));
        }
    }
    assert_no_problems("data/actions.csv", &problems);
}

/// The year a `plan` column names, whether written `2018` or `leicester-2018`.
fn plan_year(plan: &str) -> String {
    plan.rsplit(['-', '/', ' '])
        .next()
        .unwrap_or(plan)
        .to_string()
}

// ------------------------------------------------------ output you can trust

/// The same content, config and as-of date give byte-identical output: no
/// timestamps, output paths or hash-map order leak in. The two builds differ
/// in their output directory and in the number of rendering threads.
#[test]
fn two_builds_are_byte_identical() {
    let one = tempfile::tempdir().expect("a temporary directory");
    let two = tempfile::tempdir().expect("a temporary directory");
    let built = Command::new(env!("CARGO_BIN_EXE_plansite"))
        .arg("--root")
        .arg(repo())
        .arg("build")
        .arg("--output")
        .arg(one.path())
        .args(["--as-of", AS_OF])
        .env("RAYON_NUM_THREADS", "1")
        .output()
        .expect("the plansite binary runs");
    assert!(
        built.status.success(),
        "the single-threaded build failed:\n{}",
        String::from_utf8_lossy(&built.stderr)
    );
    let built = Command::new(env!("CARGO_BIN_EXE_plansite"))
        .arg("--root")
        .arg(repo())
        .arg("build")
        .arg("--output")
        .arg(two.path())
        .args(["--as-of", AS_OF])
        .env("RAYON_NUM_THREADS", "8")
        .output()
        .expect("the plansite binary runs");
    assert!(
        built.status.success(),
        "the eight-thread build failed:\n{}",
        String::from_utf8_lossy(&built.stderr)
    );
    let (one, two) = (files(one.path()), files(two.path()));
    assert!(one.len() > 100, "the build wrote only {} files", one.len());
    let only_one: Vec<_> = one.keys().filter(|k| !two.contains_key(*k)).collect();
    let only_two: Vec<_> = two.keys().filter(|k| !one.contains_key(*k)).collect();
    assert!(
        only_one.is_empty() && only_two.is_empty(),
        "the builds wrote different files: only in the first {only_one:?}, only in the second {only_two:?}"
    );
    let differ: Vec<String> = one
        .iter()
        .filter(|(path, bytes)| two[*path] != **bytes)
        .map(|(path, _)| path.clone())
        .collect();
    assert_no_problems("files that differ between two identical builds", &differ);
}

/// The parts of a site root a build reads, copied so that a test may break them.
fn copy_site() -> TempDir {
    let root = tempfile::tempdir().expect("a temporary directory");
    for name in ["plansite.toml", "content", "themes", "templates", "static"] {
        let from = repo().join(name);
        if !from.exists() {
            continue;
        }
        for entry in walkdir::WalkDir::new(&from) {
            let entry = entry.expect("the site can be walked");
            let rel = entry
                .path()
                .strip_prefix(repo())
                .expect("under the repository");
            let to = root.path().join(rel);
            if entry.file_type().is_dir() {
                fs::create_dir_all(&to).expect("a directory can be made");
            } else {
                fs::copy(entry.path(), &to).expect("a site file can be copied");
            }
        }
    }
    root
}

/// Builds a copy of the site, breaks it with `break_site`, builds again into
/// the same output and checks that the second build fails, names `culprit`,
/// leaves every file of the first build exactly as it was (none added,
/// removed or changed) and leaves nothing beside the output directory.
fn assert_failed_build_keeps_output(break_site: impl FnOnce(&Path), culprit: &str) {
    let root = copy_site();
    let parent = tempfile::tempdir().expect("a temporary directory");
    let out = parent.path().join("output");
    let first = run_build(root.path(), &out, &[]);
    assert!(
        first.status.success(),
        "the first build failed:\n{}",
        String::from_utf8_lossy(&first.stderr)
    );
    let before = files(&out);
    assert!(
        before.contains_key("index.html"),
        "the first build wrote no index.html"
    );

    break_site(root.path());
    let second = run_build(root.path(), &out, &[]);
    let stderr = String::from_utf8_lossy(&second.stderr);
    assert!(
        !second.status.success(),
        "the build of a broken site succeeded:\n{stderr}"
    );
    assert!(
        stderr.contains(culprit),
        "the failed build does not name {culprit}:\n{stderr}"
    );
    let after = files(&out);
    let changed: Vec<String> = before
        .keys()
        .chain(after.keys())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .filter(|path| before.get(*path) != after.get(*path))
        .map(
            |path| match (before.contains_key(path), after.contains_key(path)) {
                (true, false) => format!("{path} removed"),
                (false, true) => format!("{path} added"),
                _ => format!("{path} changed"),
            },
        )
        .collect();
    assert_no_problems(
        "files of the previous output the failed build touched",
        &changed,
    );
    let beside: Vec<String> = fs::read_dir(parent.path())
        .expect("the output's parent can be read")
        .map(|e| {
            e.expect("a directory entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .filter(|name| name != "output")
        .collect();
    assert_no_problems("files the failed build left beside the output", &beside);
}

/// A plan whose YAML does not parse fails the build before anything is
/// rendered; the previous output stays exactly as it was.
#[test]
fn a_build_failing_on_content_leaves_the_previous_output_untouched() {
    assert_failed_build_keeps_output(
        |root| {
            // An unclosed flow sequence.
            let plan = root.join("content/inspections/leicester-2018.md");
            let text = fs::read_to_string(&plan).expect("the plan can be read");
            let broken = text.replacen("prison: leicester\n", "prison: [leicester\n", 1);
            assert_ne!(broken, text, "the plan no longer has `prison: leicester`");
            fs::write(&plan, broken).expect("the plan can be written");
        },
        "leicester-2018.md",
    );
}

/// A template that fails while pages are being rendered (so after some pages
/// may have been written) also leaves the previous output exactly as it was.
/// The site overrides the theme's recommendation template with one that
/// reads a variable no context has.
#[test]
fn a_build_failing_while_rendering_leaves_the_previous_output_untouched() {
    assert_failed_build_keeps_output(
        |root| {
            let templates = root.join("templates");
            fs::create_dir_all(&templates).expect("templates/ can be made");
            fs::write(
                templates.join("recommendation.html"),
                "<p>{{ no_such_variable.anywhere }}</p>\n",
            )
            .expect("the template can be written");
        },
        "recommendation.html",
    );
}

/// Readers look for the topics they know by name: health, safety and
/// education each have a page, and each lists the real plans' items on it.
#[test]
fn health_safety_and_education_each_have_a_theme_page() {
    let out = build_repo(&[]);
    let files = files(out.path());
    // Leicester 2025's key concern on attendance at education, skills and
    // work, and its priority concern on violence (content lines 455 and 13).
    let expected = [
        (
            "education",
            "Attendance at education, skills and work was too low",
        ),
        ("safety", "Violence was too high"),
        ("health", "Mental Health Act"),
    ];
    for (slug, words) in expected {
        let index = text(&files, &format!("themes/{slug}/index.html"));
        assert!(
            index.contains("Leicester"),
            "themes/{slug}/ lists no Leicester part"
        );
        let part = text(&files, &format!("themes/{slug}/leicester/index.html"));
        assert!(
            part.contains(words),
            "themes/{slug}/leicester/ lacks “{words}”"
        );
    }
}

/// The downloads carry the substance: every action row says what is
/// promised (its own words, else the plan's response, marked as such), and
/// each recommendation row carries the response.
#[test]
fn the_downloads_carry_each_action_s_words_and_each_response() {
    let out = build_repo(&[]);
    let files = files(out.path());
    let rows = |name: &str| -> Vec<BTreeMap<String, String>> {
        let mut reader = csv::Reader::from_reader(
            files
                .get(name)
                .unwrap_or_else(|| panic!("{name}"))
                .as_slice(),
        );
        let headers = reader.headers().expect("a header row").clone();
        reader
            .records()
            .map(|record| {
                let record = record.expect("a row");
                headers
                    .iter()
                    .zip(record.iter())
                    .map(|(h, v)| (h.to_string(), v.to_string()))
                    .collect()
            })
            .collect()
    };
    let actions = rows("data/actions.csv");
    let empty: Vec<&BTreeMap<String, String>> = actions
        .iter()
        .filter(|row| row["action"].is_empty())
        .collect();
    assert!(
        empty.is_empty(),
        "actions.csv rows with no words: {empty:?}"
    );
    // Leicester 2018, 5.1 (content/inspections/leicester-2018.md lines
    // 12-28): one action with owners and a date but no words of its own,
    // under a response that begins "Local data on violence will be analysed".
    let is_5_1 = |row: &&BTreeMap<String, String>| {
        row["prison"] == "leicester" && row["plan"] == "2018" && row["ref"] == "5.1"
    };
    let action = actions
        .iter()
        .find(is_5_1)
        .expect("Leicester 2018 5.1 in actions.csv");
    assert_eq!(action["action_source"], "response");
    assert!(
        action["action"].starts_with("Local data on violence will be analysed"),
        "{action:?}"
    );
    let own_words = actions
        .iter()
        .filter(|row| row["action_source"] == "action")
        .count();
    assert!(own_words > 0, "no action has words of its own");
    let recommendations = rows("data/recommendations.csv");
    let recommendation = recommendations
        .iter()
        .find(is_5_1)
        .expect("Leicester 2018 5.1 in recommendations.csv");
    assert!(
        recommendation["response"].starts_with("Local data on violence will be analysed"),
        "{recommendation:?}"
    );
}

// ------------------------------------------------- figures a reader can trust

/// The real site built once for the tests of what its figures say.
/// `build` indexes every recommendation and concern for `/search/`: the
/// index holds one record each, Pagefind's browser files sit beside it, the
/// search page loads them and sends readers without JavaScript to the
/// downloads, and every page's header has a search box that leads there.
#[test]
fn the_search_index_and_page_are_built_with_the_site() {
    let files = real_site();
    let entry: Value = serde_json::from_slice(
        files
            .get("pagefind/pagefind-entry.json")
            .expect("pagefind/pagefind-entry.json is written"),
    )
    .expect("the entry file is JSON");
    let recommendations: Vec<Value> =
        serde_json::from_slice(&files["data/recommendations.json"]).expect("JSON");
    assert_eq!(
        entry["languages"]["en"]["page_count"],
        recommendations.len(),
        "the index holds one record per recommendation"
    );
    for asset in ["pagefind/pagefind.js", "pagefind/wasm.en.pagefind"] {
        assert!(files.contains_key(asset), "{asset} is not written");
    }
    let search = Html::parse_document(text(files, "search/index.html"));
    let root = search
        .select(&selector("#search"))
        .next()
        .expect("the search page has its results area");
    assert_eq!(root.value().attr("data-bundle"), Some("/pagefind/"));
    let fallback = search
        .select(&selector("#search-no-script"))
        .next()
        .expect("the search page says what to do without JavaScript");
    assert!(words(fallback).contains("JavaScript"));
    assert!(
        fallback
            .select(&selector(r#"a[href="/data/"]"#))
            .next()
            .is_some(),
        "the message without JavaScript does not link the downloads"
    );
    let boxless: Vec<&String> = files
        .iter()
        .filter(|(name, _)| name.ends_with(".html"))
        .filter(|(_, bytes)| {
            !String::from_utf8_lossy(bytes)
                .contains(r#"<form class="site-search" action="/search/" method="get""#)
        })
        .map(|(name, _)| name)
        .collect();
    assert!(
        boxless.is_empty(),
        "pages without the search box: {boxless:?}"
    );
}

fn real_site() -> &'static BTreeMap<String, Vec<u8>> {
    static BUILT: std::sync::OnceLock<BTreeMap<String, Vec<u8>>> = std::sync::OnceLock::new();
    BUILT.get_or_init(|| {
        let out = build_repo(&[]);
        files(out.path())
    })
}

/// Actions and items of one plan, counted from its content file.
fn plan_figures(prison: &str, year: &str) -> (usize, BTreeMap<String, usize>) {
    let (_, _, plan) = content_plans()
        .into_iter()
        .find(|(p, y, _)| p == prison && y == year)
        .unwrap_or_else(|| panic!("no content file for {prison} {year}"));
    let mut kinds = BTreeMap::new();
    let mut actions = 0;
    for rec in plan["recommendations"].as_array().expect("recommendations") {
        let kind = rec["kind"].as_str().unwrap_or("recommendation").to_string();
        *kinds.entry(kind).or_default() += 1;
        actions += rec["actions"].as_array().map_or(0, Vec::len);
    }
    (actions, kinds)
}

/// The number a home-page figure shows, by the words of its label.
fn figure(doc: &Html, label: &str) -> u32 {
    doc.select(&selector(".figure"))
        .find(|f| words(*f).contains(label))
        .and_then(|f| f.select(&selector(".figure__number")).next())
        .map(|n| {
            words(n)
                .trim_end_matches('*')
                .trim()
                .parse()
                .unwrap_or(u32::MAX)
        })
        .unwrap_or_else(|| panic!("no figure labelled “{label}”"))
}

/// `/` leads with the current plans (Leicester 2025 and Littlehey 2015,
/// each its prison's latest): their actions, not the 2018 plan's, make the
/// headline, and the all-time figures follow, labelled as such.
#[test]
fn the_home_page_leads_with_the_current_plans() {
    let files = real_site();
    let home = text(files, "index.html");
    let doc = Html::parse_document(home);
    let (leicester_2025, _) = plan_figures("leicester", "2025");
    let (littlehey_2015, _) = plan_figures("littlehey", "2015");
    let (leicester_2018, _) = plan_figures("leicester", "2018");
    assert_eq!(
        figure(&doc, "actions promised") as usize,
        leicester_2025 + littlehey_2015
    );
    let overdue = figure(&doc, "overdue") as usize;
    assert!(overdue <= leicester_2025 + littlehey_2015);
    let current = home
        .find("The current plans")
        .expect("a current plans section");
    let all_time = home
        .find("All plans on the site")
        .expect("an all-time section");
    assert!(current < all_time, "the all-time figures come first");
    let total = leicester_2025 + littlehey_2015 + leicester_2018;
    assert!(
        home.contains(&format!("with {total} actions")),
        "the all-time section gives every plan's {total} actions"
    );
}

/// Leicester 2018 was followed by the 2025 plan: none of its actions is
/// overdue; those past their date read "target date passed, no update
/// recorded", and the page links the later plan.
#[test]
fn a_superseded_plan_s_passed_dates_read_as_lapsed_with_a_link_onwards() {
    let files = real_site();
    let doc = Html::parse_document(text(files, "prisons/leicester/2018/index.html"));
    assert_eq!(doc.select(&selector(".tag--overdue")).count(), 0);
    let lapsed: Vec<String> = doc.select(&selector(".tag--lapsed")).map(words).collect();
    assert!(!lapsed.is_empty(), "no lapsed action on the 2018 plan");
    assert!(
        lapsed
            .iter()
            .all(|w| w.eq_ignore_ascii_case("target date passed, no update recorded")),
        "{lapsed:?}"
    );
    let notice = doc
        .select(&selector(".notice"))
        .next()
        .expect("a superseded notice");
    let onwards: Vec<&str> = notice
        .select(&selector("a"))
        .filter_map(|a| a.attr("href"))
        .collect();
    assert_eq!(onwards, ["/prisons/leicester/2025/"]);
    // A lapsed action's own page says so too, and links on.
    let page = text(files, "prisons/leicester/2018/5.1/index.html");
    assert!(page.contains("tag--lapsed") && page.contains(r#"href="/prisons/leicester/2025/""#));
    // The current plan's passed dates stay overdue.
    let current = text(files, "prisons/leicester/2025/index.html");
    assert!(current.contains("tag--overdue") && !current.contains("tag--lapsed"));
}

/// Leicester 2025 holds 5 priority and 9 key concerns (the published plan's
/// two tables): it is counted so, and gets no decision chart or tag.
#[test]
fn a_plan_of_concerns_counts_concerns_and_draws_no_decisions() {
    let (_, kinds) = plan_figures("leicester", "2025");
    assert_eq!(kinds.get("priority-concern"), Some(&5));
    assert_eq!(kinds.get("key-concern"), Some(&9));
    let files = real_site();
    for page in [
        "prisons/leicester/2025/index.html",
        "prisons/leicester/index.html",
    ] {
        let html = text(files, page);
        assert!(
            html.contains("5 priority concerns and 9 key concerns"),
            "{page} does not count the concerns as concerns"
        );
    }
    let plan = text(files, "prisons/leicester/2025/index.html");
    assert!(
        !plan.contains("chart-decisions"),
        "a decisions chart on a plan of concerns"
    );
    assert!(
        !plan.contains("tag--none"),
        "a concern tagged with no decision"
    );
}

/// Littlehey 2015's summary table disagrees with its rows: wherever its
/// totals appear, they are marked and linked to the explanation.
#[test]
fn a_plan_s_disagreeing_totals_are_marked_wherever_they_appear() {
    let files = real_site();
    let target = "/prisons/littlehey/2015/#totals";
    for page in [
        "index.html",
        "prisons/index.html",
        "prisons/littlehey/index.html",
    ] {
        let doc = Html::parse_document(text(files, page));
        let marks = doc
            .select(&selector("a.totals-mark"))
            .filter(|a| a.attr("href") == Some(target))
            .count();
        assert!(marks > 0, "{page} shows Littlehey's totals unmarked");
    }
    let plan = Html::parse_document(text(files, "prisons/littlehey/2015/index.html"));
    let explanation = plan
        .select(&selector("#totals"))
        .next()
        .map(words)
        .expect("the plan page explains the mark");
    // Lines 11-14 of the content file: 58 declared; the rows hold 57.
    assert!(
        explanation.contains("declares 58 recommendations in total; its rows hold 57"),
        "{explanation}"
    );
}

/// A theme at one prison and an owner at one prison open with counts by
/// plan and list the newest plan first.
#[test]
fn lists_at_a_prison_open_on_the_newest_plan_with_counts() {
    let files = real_site();
    let theme = Html::parse_document(text(files, "themes/health/leicester/index.html"));
    let tally: Vec<String> = theme
        .select(&selector("table tbody th a"))
        .map(words)
        .collect();
    assert_eq!(&tally[..2], ["2025 action plan", "2018 action plan"]);
    let headings: Vec<String> = theme
        .select(&selector(".plan-heading a"))
        .map(words)
        .collect();
    assert_eq!(
        headings.first().map(String::as_str),
        Some("2025 action plan")
    );
    let owner = Html::parse_document(text(files, "owners/governor/leicester/index.html"));
    let first = owner
        .select(&selector(".owner-items caption"))
        .next()
        .map(words)
        .expect("an owner's list");
    assert!(first.starts_with("2025 action plan (current)"), "{first}");
}

/// An owner's list at one prison counts its own rows in words a reader
/// would write: "1 action.", never "1 actions.".
#[test]
fn an_owners_list_counts_its_actions_in_plain_english() {
    let files = real_site();
    let count = Regex::new(r"^(\d+) (actions?)\.").expect("a pattern");
    let mut singular = 0;
    for (path, bytes) in files {
        if !(path.starts_with("owners/") && path.matches('/').count() == 3) {
            continue;
        }
        let page = Html::parse_document(std::str::from_utf8(bytes).expect("UTF-8"));
        let rows = page.select(&selector(".owner-items tbody tr")).count();
        let sentence = page
            .select(&selector("#actions + p"))
            .next()
            .map(words)
            .expect("a count under the heading");
        if sentence.starts_with("Showing ") {
            continue; // a page of a longer list: its rows are not the total
        }
        let found = count.captures(&sentence).expect("a count");
        assert_eq!(found[1].parse::<usize>().ok(), Some(rows), "{path}");
        let noun = if rows == 1 { "action" } else { "actions" };
        assert_eq!(&found[2], noun, "{path}: {sentence}");
        singular += usize::from(rows == 1);
    }
    assert!(singular > 0, "no owner with a single action at a prison");
}

/// A prison's facts name their document by its title and date, never by
/// the slug the profile uses for it.
#[test]
fn sources_show_as_titles_with_their_dates() {
    let files = real_site();
    let prison = text(files, "prisons/leicester/index.html");
    assert!(!prison.contains("leicester-2014-sla-annex"));
    // The annex's own first line: "the Local Establishment Annex 2014-15 to
    // the East Midlands Regional SLA 2014-17".
    assert!(prison.contains("Local Establishment Annex 2014-15"));
    assert!(prison.contains("(2014-15)"));
}

/// The downloads say whether each plan is current and carry outcome
/// columns; only superseded plans' actions lapse.
#[test]
fn the_downloads_carry_plan_status_and_outcomes() {
    let files = real_site();
    let mut reader = csv::Reader::from_reader(text(files, "data/actions.csv").as_bytes());
    let headers = reader.headers().expect("a header").clone();
    for column in ["plan_status", "outcome", "outcome_date", "outcome_source"] {
        assert!(headers.iter().any(|h| h == column), "no {column} column");
    }
    let at = |name: &str| headers.iter().position(|h| h == name).expect("a column");
    let (plan_status, status, outcome) = (at("plan_status"), at("status"), at("outcome"));
    let mut lapsed = 0;
    for row in reader.records() {
        let row = row.expect("a row");
        match &row[status] {
            "lapsed" => {
                lapsed += 1;
                assert_eq!(&row[plan_status], "superseded");
            }
            "overdue" => assert_eq!(&row[plan_status], "current"),
            _ => {}
        }
        // The real content records no outcome: none is invented.
        assert_eq!(&row[outcome], "");
    }
    assert!(lapsed > 0);
}

// ------------------------------------------------- what keeps coming back

/// The pairs of Leicester items read by hand as raising the same problem
/// (`tests/fixtures/recurrence/leicester.toml`'s `[[same]]`), each as the
/// later and earlier item's page: `prisons/leicester/2025/1/index.html`.
fn same_problem() -> Vec<(String, String)> {
    let path = repo().join("tests/fixtures/recurrence/leicester.toml");
    let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let evidence: toml::Table = toml::from_str(&text).expect("the evidence is TOML");
    let page = |item: &toml::Value| {
        let item = item.as_str().expect("an item named as plan/ref");
        format!("prisons/leicester/{item}/index.html")
    };
    evidence["same"]
        .as_array()
        .expect("a [[same]] list")
        .iter()
        .map(|pair| (page(&pair["later"]), page(&pair["earlier"])))
        .collect()
}

/// The page a link of the root build leads to: `/prisons/x/` (and
/// `/prisons/x/#5.1`) is `prisons/x/index.html`.
fn page_of(href: &str) -> String {
    let path = href
        .split('#')
        .next()
        .unwrap_or(href)
        .trim_start_matches('/');
    if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path.to_string()
    }
}

/// The pages an element links (itself, when it is a link, and every link
/// inside it), in order; in-page anchors left out.
fn pages_linked_from(element: ElementRef<'_>) -> Vec<String> {
    let links = selector("a[href]");
    let mut pages: Vec<ElementRef> = Vec::new();
    if element.value().name() == "a" {
        pages.push(element);
    }
    pages.extend(element.select(&links));
    pages
        .into_iter()
        .filter_map(|a| a.value().attr("href"))
        .filter(|href| !href.starts_with('#'))
        .map(page_of)
        .collect()
}

/// The pages linked from the elements `css` selects, in order.
fn linked_pages(doc: &Html, css: &str) -> Vec<String> {
    doc.select(&selector(css))
        .flat_map(pages_linked_from)
        .collect()
}

/// The pages linked from the section a heading with id `id` opens, up to
/// the next `h2` or navigation.
fn section_pages(doc: &Html, id: &str) -> Vec<String> {
    let heading = doc
        .select(&selector(&format!("h2#{id}")))
        .next()
        .unwrap_or_else(|| panic!("no section #{id}"));
    heading
        .next_siblings()
        .filter_map(ElementRef::wrap)
        .take_while(|e| !["h2", "nav"].contains(&e.value().name()))
        .flat_map(pages_linked_from)
        .collect()
}

/// The card with id `anchor` on a plan page.
fn card<'a>(doc: &'a Html, anchor: &str) -> ElementRef<'a> {
    doc.select(&selector("article.rec"))
        .find(|a| a.value().attr("id") == Some(anchor))
        .unwrap_or_else(|| panic!("no card #{anchor}"))
}

/// The pages a card's "Raised before" or "Raised again" line links.
fn marked(card: ElementRef<'_>, label: &str) -> Vec<String> {
    card.select(&selector(".rec__recurs"))
        .filter(|line| words(*line).starts_with(label))
        .flat_map(pages_linked_from)
        .collect()
}

/// On the 2025 plan page, concern 1 (violence, read by hand as 2018's 5.1
/// raised again) is marked raised before, linking 5.1, and 5.1's card on
/// the 2018 page is marked raised again, linking concern 1. So is every
/// pair of the evidence the site links, at both ends.
#[test]
fn plan_pages_mark_what_was_raised_before_and_again() {
    let files = real_site();
    let same = same_problem();
    let violence = (
        "prisons/leicester/2025/1/index.html".to_string(),
        "prisons/leicester/2018/5.1/index.html".to_string(),
    );
    let mental_health = (
        "prisons/leicester/2025/8/index.html".to_string(),
        "prisons/leicester/2018/5.28/index.html".to_string(),
    );
    assert!(same.contains(&violence) && same.contains(&mental_health));
    let plan_2025 = Html::parse_document(text(files, "prisons/leicester/2025/index.html"));
    let plan_2018 = Html::parse_document(text(files, "prisons/leicester/2018/index.html"));
    let concern_1 = card(&plan_2025, "1");
    assert!(
        words(concern_1).contains("Raised before: 5.1 (2018 plan)"),
        "{}",
        words(concern_1)
    );
    // A card's id on its plan page is its ref, the last part of its page's path.
    let anchor = |page: &str| {
        page.trim_end_matches("/index.html")
            .rsplit('/')
            .next()
            .map(str::to_string)
            .expect("a ref")
    };
    let mut linked = 0;
    for (later, earlier) in &same {
        let later_page = Html::parse_document(text(files, later));
        if !section_pages(&later_page, "raised-before").contains(earlier) {
            continue;
        }
        linked += 1;
        assert!(
            marked(card(&plan_2025, &anchor(later)), "Raised before").contains(earlier),
            "the 2025 card of {later} does not mark {earlier}"
        );
        assert!(
            marked(card(&plan_2018, &anchor(earlier)), "Raised again").contains(later),
            "the 2018 card of {earlier} does not mark {later}"
        );
    }
    for pair in [&violence, &mental_health] {
        let later_page = Html::parse_document(text(files, &pair.0));
        assert!(
            section_pages(&later_page, "raised-before").contains(&pair.1),
            "{} is not linked to {}",
            pair.0,
            pair.1
        );
    }
    assert!(linked >= 2);
}

/// Every "raised before" link of a recommendation page is answered by a
/// "raised again" link on the page it leads to, and the other way round;
/// the summary row and the section below say the same.
#[test]
fn raised_before_and_again_agree_from_both_ends() {
    let files = real_site();
    let recommendation_page =
        Regex::new(r"^prisons/[^/]+/[^/]+/[^/]+/index\.html$").expect("a pattern");
    let mut before: BTreeSet<(String, String)> = BTreeSet::new();
    let mut again: BTreeSet<(String, String)> = BTreeSet::new();
    for path in files.keys().filter(|p| recommendation_page.is_match(p)) {
        let doc = Html::parse_document(text(files, path));
        let (rows, keys) = (selector(".summary > div"), selector("dt"));
        let row = |key: &str| -> Vec<String> {
            doc.select(&rows)
                .filter(|r| r.select(&keys).next().is_some_and(|dt| words(dt) == key))
                .flat_map(pages_linked_from)
                .collect()
        };
        let earlier = section_pages(&doc, "raised-before");
        let later = section_pages(&doc, "raised-again");
        assert_eq!(row("Raised before"), earlier, "{path}: the summary row");
        assert_eq!(row("Raised again"), later, "{path}: the summary row");
        for target in earlier.iter().chain(&later) {
            assert!(files.contains_key(target), "{path} links {target}");
            assert_ne!(target, path, "{path} links itself");
        }
        before.extend(earlier.into_iter().map(|e| (path.clone(), e)));
        again.extend(later.into_iter().map(|l| (l, path.clone())));
    }
    assert!(
        !before.is_empty(),
        "no recommendation page was raised before"
    );
    assert_eq!(before, again);
}

/// Leicester's page says what keeps coming back right after its current
/// plan: each chain named by its newest item's words, the plans that raise
/// it, and its items newest plan first, every link leading to a page.
#[test]
fn the_prison_page_leads_with_what_keeps_coming_back() {
    let files = real_site();
    let html = text(files, "prisons/leicester/index.html");
    let current = html
        .find(">The current plan")
        .expect("a current plan section");
    let coming_back = html.find(r#"id="coming-back""#).expect("the section");
    let over_time = html
        .find(">Action plans over time")
        .expect("plans over time");
    assert!(current < coming_back && coming_back < over_time);
    let doc = Html::parse_document(html);
    let chains: Vec<ElementRef> = doc.select(&selector(".chains > .chain")).collect();
    assert!(!chains.is_empty());
    for page in linked_pages(&doc, ".chains") {
        assert!(files.contains_key(&page), "a chain links {page}");
    }
    // The chain of the evidence's violence pair: 2025's concern 1 and 2018's 5.1.
    let (_, _, plan) = content_plans()
        .into_iter()
        .find(|(p, y, _)| p == "leicester" && y == "2025")
        .expect("the 2025 plan");
    let concern_1 = plan["recommendations"]
        .as_array()
        .and_then(|items| items.iter().find(|r| r["ref"] == "1"))
        .and_then(|r| r["text"].as_str())
        .expect("concern 1's text");
    let violence = chains
        .iter()
        .find(|c| {
            c.select(&selector("a[href]"))
                .any(|a| a.value().attr("href") == Some("/prisons/leicester/2025/1/"))
        })
        .expect("a chain with concern 1");
    let title = violence
        .select(&selector(".chain__title"))
        .next()
        .map(words)
        .expect("a chain heading");
    assert_eq!(
        title,
        concern_1.split_whitespace().collect::<Vec<_>>().join(" ")
    );
    assert!(words(*violence).contains("Raised in 2 plans: 2018, 2025"));
    let items: Vec<String> = violence
        .select(&selector(".raised__item > a[href]"))
        .filter_map(|a| a.value().attr("href"))
        .map(str::to_string)
        .collect();
    let at = |href: &str| items.iter().position(|i| i == href);
    assert!(at("/prisons/leicester/2025/1/") < at("/prisons/leicester/2018/5.1/"));
    assert!(at("/prisons/leicester/2018/5.1/").is_some());
}

/// Littlehey has one plan on the site: nothing can have been raised again.
#[test]
fn a_prison_with_one_plan_has_nothing_raised_again() {
    let files = real_site();
    let doc = Html::parse_document(text(files, "prisons/littlehey/index.html"));
    assert_eq!(doc.select(&selector(".chain")).count(), 0);
    assert!(section_pages(&doc, "coming-back").is_empty());
    let said = doc
        .select(&selector("h2#coming-back + p"))
        .next()
        .map(words)
        .expect("a sentence under the heading");
    assert!(said.starts_with("Nothing found raised again"), "{said}");
}

/// The safety theme counts Leicester's items that recur: as many as the
/// safety list at Leicester marks, among them both ends of the evidence's
/// violence, drugs and use-of-force pairs.
#[test]
fn the_theme_page_counts_each_prison_s_recurring_items() {
    let files = real_site();
    let theme = Html::parse_document(text(files, "themes/safety/index.html"));
    let leicester = theme
        .select(&selector("tbody tr"))
        .find(|row| {
            row.select(&selector("th a"))
                .any(|a| a.value().attr("href") == Some("/themes/safety/leicester/"))
        })
        .expect("a row for Leicester");
    let count: usize = leicester
        .select(&selector(r#"[data-count="recurring"]"#))
        .next()
        .map(words)
        .and_then(|w| w.parse().ok())
        .expect("a recurring count");
    let mut marked_cards = BTreeSet::new();
    let mut part = Some("themes/safety/leicester/index.html".to_string());
    while let Some(path) = part {
        let doc = Html::parse_document(text(files, &path));
        for card in doc.select(&selector("article.rec")) {
            if card.select(&selector(".rec__raised")).next().is_some() {
                let own = card
                    .select(&selector(".rec__title a[href]"))
                    .next()
                    .and_then(|a| a.value().attr("href"))
                    .map(page_of)
                    .expect("a card's own link");
                marked_cards.insert(own);
            }
        }
        part = doc
            .select(&selector(r#"a[rel="next"]"#))
            .next()
            .and_then(|a| a.value().attr("href"))
            .map(page_of);
    }
    assert_eq!(count, marked_cards.len());
    let same = same_problem();
    for later in ["1", "2", "6"] {
        let later = format!("prisons/leicester/2025/{later}/index.html");
        let (_, earlier) = same
            .iter()
            .find(|(l, _)| *l == later)
            .expect("a pair of the evidence");
        assert!(marked_cards.contains(&later), "{later} is not counted");
        assert!(marked_cards.contains(earlier), "{earlier} is not counted");
    }
}
