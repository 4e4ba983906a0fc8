//! The search index of `/search/`: one Pagefind record per recommendation
//! or concern, made from the model and its views (never by reading back the
//! rendered HTML), with Pagefind's browser files beside it.
//!
//! Pagefind runs in-process, as a library: no network, no Node, no second
//! tool to install. Its API is async, so the index is built on a one-thread
//! runtime of its own, inside a rayon pool of its own (see [`render_index`]),
//! whose threads are never inside another runtime. Like every render
//! module, this one only produces bytes: where they go is not its business.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{PoisonError, RwLock};

use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;
use rayon::prelude::*;

use super::views::Views;
use crate::model::{Ix, Recommendation};

/// The folder of the site that holds the index and Pagefind's browser files.
pub const BUNDLE_DIR: &str = "pagefind";

/// The index's files and Pagefind's browser files, by their paths in the site.
pub type IndexFiles = Vec<(String, Vec<u8>)>;

/// The language every record is indexed in: the plans are written in English.
const LANGUAGE: &str = "en";

/// One way the search page narrows results: its key in the index and in
/// the page's URL (`?owner=...`), the words the page shows for it, and the
/// values a recommendation has for it.
#[derive(serde::Serialize)]
pub struct Filter {
    /// Its name in the index and in the search page's address.
    pub key: &'static str,
    /// What the search page calls it.
    pub label: &'static str,
    /// The record's values for it, from what the filters read of an item.
    #[serde(skip)]
    values: fn(&Facts) -> Vec<String>,
}

/// Every filter, in the order the search page shows them.
pub const FILTERS: [Filter; 8] = [
    Filter {
        key: "prison",
        label: "Prison",
        values: |f| vec![f.prison.to_string()],
    },
    Filter {
        key: "year",
        label: "Plan",
        values: |f| vec![f.plan.to_string()],
    },
    Filter {
        key: "kind",
        label: "Kind",
        values: |f| vec![f.kind.to_string()],
    },
    Filter {
        key: "theme",
        label: "Theme",
        values: |f| strings(&f.themes),
    },
    Filter {
        key: "owner",
        label: "Owner",
        values: |f| strings(&f.owners),
    },
    Filter {
        key: "decision",
        label: "Decision",
        values: |f| f.decision.map(str::to_string).into_iter().collect(),
    },
    Filter {
        key: "status",
        label: "Action status",
        values: |f| strings(&f.statuses),
    },
    Filter {
        key: "outcome",
        label: "Outcome",
        values: |f| f.outcome.map(str::to_string).into_iter().collect(),
    },
];

/// What the filters read of one recommendation, each as a page shows it.
struct Facts<'a> {
    prison: &'a str,
    plan: &'a str,
    kind: &'static str,
    themes: Vec<&'a str>,
    owners: Vec<&'a str>,
    /// None for kinds that take no decision (concerns).
    decision: Option<&'static str>,
    statuses: Vec<&'static str>,
    outcome: Option<&'static str>,
}

fn strings(values: &[&str]) -> Vec<String> {
    values.iter().map(|v| v.to_string()).collect()
}

/// The key results are sorted by: the plan's date (ISO, so it sorts as text).
pub const SORT_BY_DATE: &str = "date";

/// One recommendation as the index holds it.
struct Record {
    /// The page's path in the site (`prisons/leicester/2018/5-28/`): the
    /// search page adds the site's base path, as Pagefind's `baseUrl`.
    path: String,
    content: String,
    meta: BTreeMap<String, String>,
    filters: BTreeMap<String, Vec<String>>,
    sort: BTreeMap<String, String>,
}

impl Record {
    /// The record as a small page in Pagefind's own markup: its words in
    /// paragraphs, its title, filters and sort key in attributes that
    /// Pagefind reads but does not index.
    fn page(&self) -> String {
        let mut html = String::from("<!DOCTYPE html><html lang=\"en\"><body>\n");
        let tagged = |attribute: &str, key: &str, value: &str| {
            format!(
                "<span data-pagefind-{attribute}=\"{key}\" data-pagefind-ignore>{}</span>\n",
                escape(value)
            )
        };
        for (key, value) in &self.meta {
            html.push_str(&tagged("meta", key, value));
        }
        for (key, values) in &self.filters {
            for value in values {
                html.push_str(&tagged("filter", key, value));
            }
        }
        for (key, value) in &self.sort {
            html.push_str(&tagged("sort", key, value));
        }
        for line in self.content.lines() {
            html.push_str(&format!("<p>{}</p>\n", escape(line)));
        }
        html.push_str("</body></html>\n");
        html
    }
}

/// Text as HTML: the record's words may hold `&` or `<`.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The index and Pagefind's browser files, by their paths in the site.
pub fn render_index(views: &Views) -> Result<IndexFiles, String> {
    records(views).index()
}

/// What the index is made from, read off one build's model: indexing it
/// needs nothing more of the model, so `serve` indexes on a thread of its
/// own while the next edit is rebuilt.
pub struct Records(Vec<Record>);

/// One record per recommendation or concern of the site.
pub fn records(views: &Views) -> Records {
    Records(
        (0..views.site.recommendations.len())
            .into_par_iter()
            .map(|index| record(views, Ix::new(index)))
            .collect(),
    )
}

impl Records {
    /// The index of these records and Pagefind's browser files, by their
    /// paths in the site.
    pub fn index(self) -> Result<IndexFiles, String> {
        // Pagefind builds its index with rayon. On a pool of its own, it never
        // waits for a worker of the caller's pool, which may be this very thread
        // (with one thread, a build would otherwise wait for itself forever).
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(rayon::current_num_threads())
            .thread_name(|i| format!("search-index-{i}"))
            .build()
            .map_err(|err| format!("cannot start the search indexer: {err}"))?;
        pool.install(|| index(self.0))
    }
}

/// Runs Pagefind over `records` on a runtime of its own.
///
/// Pagefind's API for records one at a time compares each new one with
/// every record before it (at estate size, 43,000 records took 22 s, most
/// of it in that comparison); its API for a folder of pages reads them in
/// parallel and compares none. So the records are written as pages to a
/// scratch folder, removed when done, and Pagefind is given the folder.
fn index(records: Vec<Record>) -> Result<IndexFiles, String> {
    let scratch = tempfile::Builder::new()
        .prefix("plansite-search-")
        .tempdir()
        .map_err(|err| format!("cannot make a scratch folder for the search index: {err}"))?;
    let _in_use = InUse::register(scratch.path())?;
    records.par_iter().try_for_each(|record| {
        // Held while writing, so that a stop waits for this page, then none follow it.
        let in_use = SCRATCH.read().unwrap_or_else(PoisonError::into_inner);
        if in_use.stopping {
            return Err(STOPPING.to_string());
        }
        let folder = scratch.path().join(&record.path);
        std::fs::create_dir_all(&folder)
            .and_then(|()| std::fs::write(folder.join("index.html"), record.page()))
            .map_err(|err| {
                format!(
                    "cannot write a search record into {}: {err}",
                    folder.display()
                )
            })
    })?;
    drop(records);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|err| format!("cannot start the search indexer: {err}"))?;
    runtime.block_on(async {
        let config = PagefindServiceConfig::builder()
            .force_language(LANGUAGE.to_string())
            .build();
        let mut pagefind = PagefindIndex::new(Some(config)).map_err(|err| err.to_string())?;
        pagefind
            .add_directory(scratch.path().to_string_lossy().into_owned(), None)
            .await
            .map_err(|err| format!("cannot index the recommendations: {err}"))?;
        let files = pagefind
            .get_files()
            .await
            .map_err(|err| format!("cannot build the search index: {err}"))?;
        Ok(files
            .into_iter()
            .map(|file| {
                let name = file.filename.to_string_lossy().replace('\\', "/");
                (format!("{BUNDLE_DIR}/{name}"), file.contents)
            })
            .collect())
    })
}

/// The scratch folders of the indexes being made in this process, and
/// whether it is stopping. A server stopped by Ctrl-C ends without waiting
/// for an index being made on a thread of its own, which would leave its
/// folder behind: the server removes them with [`abandon_indexes`].
static SCRATCH: RwLock<Scratch> = RwLock::new(Scratch {
    folders: Vec::new(),
    stopping: false,
});

struct Scratch {
    folders: Vec<PathBuf>,
    stopping: bool,
}

const STOPPING: &str = "the search index was not made: plansite is stopping";

/// A scratch folder listed in [`SCRATCH`] while its index is made.
struct InUse(PathBuf);

impl InUse {
    fn register(folder: &Path) -> Result<InUse, String> {
        let mut scratch = SCRATCH.write().unwrap_or_else(PoisonError::into_inner);
        if scratch.stopping {
            return Err(STOPPING.to_string());
        }
        scratch.folders.push(folder.to_path_buf());
        Ok(InUse(folder.to_path_buf()))
    }
}

impl Drop for InUse {
    fn drop(&mut self) {
        let mut scratch = SCRATCH.write().unwrap_or_else(PoisonError::into_inner);
        scratch.folders.retain(|folder| *folder != self.0);
    }
}

/// Removes the scratch folders of the indexes still being made, and lets
/// none write another page: for a process about to end, whose indexing
/// threads end with it.
pub fn abandon_indexes() {
    let mut scratch = SCRATCH.write().unwrap_or_else(PoisonError::into_inner);
    scratch.stopping = true;
    for folder in scratch.folders.drain(..) {
        // Gone already is as good; anything else cannot be helped at exit.
        let _ = std::fs::remove_dir_all(folder);
    }
}

/// What the index holds of one recommendation: every word a reader might
/// search for, what a result shows, and what the filters narrow by.
fn record(views: &Views, index: Ix<Recommendation>) -> Record {
    let site = views.site;
    let r = &site.recommendations[index];
    let card = views.card(index);
    let plan = &site.plans[r.plan];
    let prison = site.prisons[r.prison].profile.name.as_str();
    let (text, response) = (&card.text_words, &card.response_words);
    let mut owners: Vec<&str> = Vec::new();
    let mut statuses: Vec<&str> = Vec::new();
    // The title ("Recommendation 5.29") already carries the ref.
    let mut content = format!("{}\n{text}\n{response}", card.title);
    for (&a, view) in r.actions.iter().zip(&card.actions) {
        let action = &site.actions[a];
        content.push('\n');
        content.push_str(&view.words);
        for &o in &action.owners {
            let name = site.owners[o].name.as_str();
            content.push('\n');
            content.push_str(name);
            push_once(&mut owners, name);
        }
        push_once(&mut statuses, view.status.label);
    }
    content.push_str(&format!("\n{prison} {}", plan.slug));
    let facts = Facts {
        prison,
        plan: &plan.slug,
        kind: card.kind_label,
        themes: r
            .themes
            .iter()
            .map(|&t| site.themes[t].name.as_str())
            .collect(),
        owners,
        decision: card.takes_decision.then_some(card.decision.class.label),
        statuses,
        outcome: card.outcome.as_ref().map(|o| o.label),
    };
    let mut meta = BTreeMap::from([
        (
            "title".to_string(),
            format!("{}, {prison} {}", card.title, plan.slug),
        ),
        ("prison".to_string(), prison.to_string()),
        ("plan".to_string(), plan.slug.clone()),
        ("kind".to_string(), card.kind_label.to_string()),
    ]);
    meta.extend(
        facts
            .decision
            .map(|d| ("decision".to_string(), d.to_string())),
    );
    meta.extend(
        facts
            .outcome
            .map(|o| ("outcome".to_string(), o.to_string())),
    );
    let filters = FILTERS
        .iter()
        .map(|filter| (filter.key.to_string(), (filter.values)(&facts)))
        .filter(|(_, values)| !values.is_empty())
        .collect();
    let date = plan
        .published()
        .map(|d| d.format("%Y-%m-%d").to_string())
        .or_else(|| plan.year.map(|y| format!("{y:04}")));
    Record {
        path: r.path.clone(),
        content,
        meta,
        filters,
        sort: date
            .map(|d| BTreeMap::from([(SORT_BY_DATE.to_string(), d)]))
            .unwrap_or_default(),
    }
}

fn push_once<'a>(list: &mut Vec<&'a str>, item: &'a str) {
    if !list.contains(&item) {
        list.push(item);
    }
}
