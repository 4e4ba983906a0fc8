//! Misses nobody thought of: a seeded random sequence of edits of every kind
//! `serve --watch` meets (words, decisions, dates, recommendations added and
//! removed, owners, themes, plans added, deleted and moved, the config, a
//! template, a static file), each applied through a live session and its
//! result compared byte for byte with a full build.
//!
//! Progress judgements and "repeats" references are among the edits.
//! The site is written from a small model kept here, so every edit leaves
//! valid content. `PLANSITE_RANDOM_EDITS` sets how many edits (300 by
//! default) and `PLANSITE_RANDOM_SEED` the seed (a failure prints both, so
//! it can be replayed).

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use plansite::serve::incremental::Session;
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

const PRISONS: [&str; 3] = ["alpha", "beta", "gamma"];
const DECISIONS: [&str; 6] = [
    "Agreed",
    "Partly Agreed",
    "Not Agreed",
    "Accepted",
    "Rejected",
    "Accepted subject to resources",
];
const DUES: [&str; 7] = [
    "August 2018",
    "31 October 2020",
    "Complete",
    "Ongoing",
    "March 2026",
    "June 2027",
    "28 February 2026",
];
const OWNERS: [&str; 6] = [
    "Governor",
    "Head of Healthcare",
    "Head of Safety",
    "NHS England",
    "Head of Reducing Reoffending",
    "Governor/Head of Safety",
];
const AREAS: [&str; 5] = [
    "Safety",
    "Health services",
    "Education, skills and work",
    "Respect",
    "Rehabilitation and release",
];
const THEMES: [&str; 4] = ["safety", "health", "respect", "rehabilitation"];
const WORDS: [&str; 16] = [
    "violence",
    "medication",
    "staff",
    "education",
    "cells",
    "release",
    "drugs",
    "induction",
    "mental",
    "health",
    "complaints",
    "food",
    "work",
    "safety",
    "reception",
    "accommodation",
];

struct Action {
    owners: Vec<String>,
    due: String,
}

struct Item {
    reference: String,
    text: String,
    decision: &'static str,
    area: Option<&'static str>,
    themes: Vec<&'static str>,
    repeats: Option<String>,
    progress: Option<&'static str>,
    actions: Vec<Action>,
}

struct Plan {
    /// The prison in the file's name, kept when the plan moves.
    file_prison: &'static str,
    prison: &'static str,
    year: u32,
    items: Vec<Item>,
    next_ref: u32,
}

impl Plan {
    fn file(&self) -> String {
        format!("content/inspections/{}-{}.md", self.file_prison, self.year)
    }

    fn text(&self) -> String {
        let mut out = format!(
            "---\nprison: {}\nreport_published: \"{}-06-30\"\nrecommendations:\n",
            self.prison, self.year
        );
        for item in &self.items {
            out.push_str(&format!(
                "  - ref: \"{}\"\n    text: \"{}\"\n    decision: \"{}\"\n",
                item.reference, item.text, item.decision
            ));
            if let Some(area) = item.area {
                out.push_str(&format!("    area: \"{area}\"\n"));
            }
            if let Some(reference) = &item.repeats {
                out.push_str(&format!("    repeats: \"{reference}\"\n"));
            }
            if let Some(judgement) = item.progress {
                out.push_str(&format!(
                    "    progress:\n      - {{ date: \"2025-03-01\", judgement: \"{judgement}\", source: \"IRP\" }}\n"
                ));
            }
            if !item.themes.is_empty() {
                out.push_str(&format!("    themes: [{}]\n", item.themes.join(", ")));
            }
            out.push_str("    actions:\n");
            for action in &item.actions {
                let owners: Vec<String> =
                    action.owners.iter().map(|o| format!("\"{o}\"")).collect();
                out.push_str(&format!(
                    "      - owners: [{}]\n        due: \"{}\"\n",
                    owners.join(", "),
                    action.due
                ));
            }
        }
        out.push_str(&format!("---\nThe {} plan.\n", self.year));
        out
    }
}

struct World {
    rng: ChaCha8Rng,
    root: PathBuf,
    plans: Vec<Plan>,
    new_owners: u32,
    edits: u32,
}

impl World {
    fn pick<'a, T>(&mut self, from: &'a [T]) -> &'a T {
        &from[self.rng.random_range(0..from.len())]
    }

    fn sentence(&mut self) -> String {
        let length = self.rng.random_range(4..9);
        let words: Vec<&str> = (0..length).map(|_| *self.pick(&WORDS)).collect();
        format!("The prison should improve {}", words.join(" "))
    }

    fn owner(&mut self) -> String {
        if self.rng.random_range(0..6) == 0 {
            self.new_owners += 1;
            format!("Owner {}", self.new_owners)
        } else {
            self.pick(&OWNERS).to_string()
        }
    }

    fn action(&mut self) -> Action {
        Action {
            owners: vec![self.owner()],
            due: self.pick(&DUES).to_string(),
        }
    }

    fn item(&mut self, reference: String) -> Item {
        let actions = (0..self.rng.random_range(1..4))
            .map(|_| self.action())
            .collect();
        let area = (self.rng.random_range(0..3) > 0).then(|| *self.pick(&AREAS));
        Item {
            reference,
            text: self.sentence(),
            decision: DECISIONS[self.rng.random_range(0..DECISIONS.len())],
            area,
            themes: Vec::new(),
            repeats: None,
            progress: None,
            actions,
        }
    }

    fn plan(&mut self, prison: &'static str, year: u32) -> Plan {
        let count = self.rng.random_range(2..6);
        let items = (1..=count).map(|n| self.item(format!("1.{n}"))).collect();
        Plan {
            file_prison: prison,
            prison,
            year,
            items,
            next_ref: count + 1,
        }
    }

    fn write(&self, plan: &Plan) -> PathBuf {
        let path = self.root.join(plan.file());
        fs::write(&path, plan.text()).expect("a plan is written");
        path
    }

    /// A year no plan of `prison` publishes at, nor any file of that name.
    fn free_year(&mut self, prison: &str) -> u32 {
        loop {
            let year = self.rng.random_range(2005..2026);
            let taken = self
                .plans
                .iter()
                .any(|p| p.year == year && (p.prison == prison || p.file_prison == prison));
            if !taken {
                return year;
            }
        }
    }

    /// Makes one random edit on disk; the paths it changed and what it was.
    fn edit(&mut self) -> (Vec<PathBuf>, String) {
        self.edits += 1;
        let kind = self.rng.random_range(0..16);
        if kind >= 13 {
            return self.site_edit(kind);
        }
        if kind == 10 || self.plans.len() < 2 {
            let prison = *self.pick(&PRISONS);
            let year = self.free_year(prison);
            let plan = self.plan(prison, year);
            let path = self.write(&plan);
            self.plans.push(plan);
            return (vec![path], format!("plan {prison}-{year} added"));
        }
        let index = self.rng.random_range(0..self.plans.len());
        if kind == 11 {
            let plan = self.plans.remove(index);
            let path = self.root.join(plan.file());
            fs::remove_file(&path).expect("a plan is deleted");
            return (vec![path], format!("{} deleted", plan.file()));
        }
        if kind == 12 {
            let to = *self.pick(&PRISONS);
            let year = self.plans[index].year;
            let clash = self.plans.iter().enumerate().any(|(i, p)| {
                i != index && (p.prison == to || p.file_prison == to) && p.year == year
            });
            if !clash {
                self.plans[index].prison = to;
            }
            let path = self.write(&self.plans[index]);
            return (
                vec![path],
                format!("{} moved to {to}", self.plans[index].file()),
            );
        }
        let what = self.item_edit(index, kind);
        let path = self.write(&self.plans[index]);
        (vec![path], format!("{}: {what}", self.plans[index].file()))
    }

    /// An edit inside plan `index`: words, decision, date, items, owners, themes.
    fn item_edit(&mut self, index: usize, kind: u32) -> String {
        let count = self.plans[index].items.len();
        let at = self.rng.random_range(0..count);
        match kind {
            0 => {
                let word = *self.pick(&WORDS);
                self.plans[index].items[at]
                    .text
                    .push_str(&format!(" and {word}"));
                "words".into()
            }
            1 => {
                let decision = *self.pick(&DECISIONS);
                self.plans[index].items[at].decision = decision;
                format!("decision {decision}")
            }
            2 => {
                let due = self.pick(&DUES).to_string();
                self.plans[index].items[at].actions[0].due = due.clone();
                format!("due {due}")
            }
            3 => {
                let reference = format!("2.{}", self.plans[index].next_ref);
                self.plans[index].next_ref += 1;
                let item = self.item(reference.clone());
                let position = self.rng.random_range(0..=count);
                self.plans[index].items.insert(position, item);
                format!("item {reference} added")
            }
            4 if count > 1 => {
                let gone = self.plans[index].items.remove(at);
                format!("item {} removed", gone.reference)
            }
            5 => {
                let owner = self.owner();
                self.plans[index].items[at].actions[0].owners = vec![owner.clone()];
                format!("owner {owner}")
            }
            6 => {
                let theme = *self.pick(&THEMES);
                let themes = &mut self.plans[index].items[at].themes;
                if themes.contains(&theme) {
                    themes.retain(|t| *t != theme);
                } else {
                    themes.push(theme);
                }
                format!("theme {theme} toggled")
            }
            7 => {
                let judgement = *self.pick(&["achieved", "not achieved", "reasonable progress"]);
                let item = &mut self.plans[index].items[at];
                item.progress = item.progress.is_none().then_some(judgement);
                format!("progress {:?}", item.progress)
            }
            8 => {
                let reference = format!("1.{}", self.rng.random_range(1..5));
                let item = &mut self.plans[index].items[at];
                item.repeats = item.repeats.is_none().then_some(reference);
                format!("repeats {:?}", item.repeats)
            }
            _ => {
                let area = (self.rng.random_range(0..3) > 0).then(|| *self.pick(&AREAS));
                self.plans[index].items[at].area = area;
                format!("area {area:?}")
            }
        }
    }

    /// An edit of the config, a template or a static file.
    fn site_edit(&mut self, kind: u32) -> (Vec<PathBuf>, String) {
        let n = self.edits;
        let (file, text) = match kind {
            13 => (
                "plansite.toml".to_string(),
                format!("title = \"Plans, edit {n}\"\n"),
            ),
            14 => {
                let name = *self.pick(&["prison.html", "owner_prison.html", "theme.html"]);
                let built_in = Path::new(env!("CARGO_MANIFEST_DIR"))
                    .join("themes/default/templates")
                    .join(name);
                let source = fs::read_to_string(built_in).expect("a built-in template");
                let marked = format!("{{% block content %}}<p>Edit {n}</p>");
                (
                    format!("templates/{name}"),
                    source.replacen("{% block content %}", &marked, 1),
                )
            }
            _ => (
                "static/extra.css".to_string(),
                format!("/* edit {n} */ body {{ margin: 0; }}\n"),
            ),
        };
        let path = self.root.join(&file);
        fs::create_dir_all(path.parent().expect("a folder")).expect("the folder exists");
        fs::write(&path, text).expect("the file is written");
        (vec![path], format!("{file} edited"))
    }
}

fn setting(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

#[test]
fn random_edits_through_a_session_equal_full_builds() {
    let edits = setting("PLANSITE_RANDOM_EDITS", 300);
    let seed = setting("PLANSITE_RANDOM_SEED", 20261202);
    let dir = tempfile::tempdir().expect("a temporary directory");
    let root = dir.path().to_path_buf();
    for folder in ["content/prisons", "content/inspections"] {
        fs::create_dir_all(root.join(folder)).expect("a folder");
    }
    for prison in PRISONS {
        fs::write(
            root.join(format!("content/prisons/{prison}.md")),
            format!("---\nname: HMP {prison}\n---\n"),
        )
        .expect("a profile");
    }
    let mut world = World {
        rng: ChaCha8Rng::seed_from_u64(seed),
        root: root.clone(),
        plans: Vec::new(),
        new_owners: 0,
        edits: 0,
    };
    for (prison, year) in [
        ("alpha", 2015),
        ("alpha", 2019),
        ("beta", 2016),
        ("beta", 2022),
        ("gamma", 2018),
    ] {
        let plan = world.plan(prison, year);
        world.write(&plan);
        world.plans.push(plan);
    }
    let mut session = Session::new(&root, common::session_options());
    session.rebuild(&[]).expect("the first build");
    let mut patched = 0;
    for step in 1..=edits {
        let (changed, what) = world.edit();
        let replay = format!("edit {step} of seed {seed} ({what})");
        let rebuilt = session
            .rebuild(&changed)
            .unwrap_or_else(|problems| panic!("{replay}: {problems:?}"));
        patched += usize::from(rebuilt.patched);
        let files = if rebuilt.data_stale {
            common::refresh_all(&mut session)
        } else {
            rebuilt.files
        };
        let full = Session::new(&root, common::session_options())
            .rebuild(&[])
            .unwrap_or_else(|problems| panic!("{replay}: full build: {problems:?}"))
            .files;
        let (got, want) = (common::sorted(&files), common::sorted(&full));
        let missing: Vec<&&str> = want.keys().filter(|k| !got.contains_key(*k)).collect();
        let extra: Vec<&&str> = got.keys().filter(|k| !want.contains_key(*k)).collect();
        assert!(
            missing.is_empty() && extra.is_empty(),
            "{replay}: missing {missing:?}, extra {extra:?}"
        );
        let stale: Vec<&&str> = want
            .iter()
            .filter(|(k, v)| got[*k] != **v)
            .map(|(k, _)| k)
            .collect();
        assert!(stale.is_empty(), "{replay}: stale {stale:?}");
    }
    // The random walk must exercise the patching path, not only full rebuilds.
    assert!(patched > 0, "no edit was patched");
}
