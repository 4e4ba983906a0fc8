//! `cargo bench --bench estate`: plansite on generated sites of three sizes.
//!
//! For each size (`BENCH_SIZES=small,medium,estate`, default all three) it
//! writes the corpus of `examples/corpus.rs` into a temporary folder, then runs
//! the release `plansite` binary and measures:
//!
//! - `build`: wall time, the median of 3 runs into the same output folder;
//!   pages per second from the `built N pages` line and that median;
//! - peak resident memory of the build process itself, the largest of the 3
//!   runs: each run's own `ru_maxrss` from `wait4` on its pid, so no other
//!   process (this one, an earlier run, the corpus writer) is counted; and
//!   its CPU time (user and system, from the same `rusage`) per page built;
//! - the output's size (every file's length added up), its file count and
//!   its largest HTML page;
//! - search: the same 3 builds with `build_search_index = true` put at the
//!   top of the corpus's `plansite.toml` (taken out again after): wall time,
//!   CPU time and peak memory, the index's size and file count (`pagefind/`);
//! - `check`: wall time, the median of 3 runs;
//! - incremental: `plansite serve --watch` on the site and, on one plan (the
//!   first in name order with a decision, a dated target and two different
//!   owners), every kind of one-plan edit an editor makes, each saved alone
//!   with `std::fs::write`: words (a sentence appended to the introduction),
//!   item words (a sentence appended to the first recommendation's text,
//!   which its prison's recurrence links read),
//!   a decision (switched to or from Not Agreed), a due date (a month later,
//!   and back), a recommendation added (a copy of the first under a new ref)
//!   and removed again, and an owner (switched to another of the plan's
//!   owners, and back), and a whole plan added (a copy saved beside it as a
//!   second plan of that year) and deleted again. Each kind is made 5 times,
//!   a second after the data downloads of the last one are refreshed, unless
//!   one of its rebuilds takes over 10 s; for each kind the second table gives the medians of the
//!   server's own `rebuilt N of M pages in MS ms` (from the end of the
//!   debounce to serving) and of the wall time from the write to that line,
//!   with the pages rendered, or the error line of a rebuild that failed.
//!   The server's resident memory (`VmRSS` of `/proc/<pid>/status`) is read
//!   once it serves, and again after those edits and 100 more of the words,
//!   saved one after another, once its downloads are refreshed.
//!
//! - recurrence: in this process, the site loaded and every prison's items
//!   linked from nothing (no memo), the median of 3; with the share of each
//!   prison's items linked (least, median, most), the chains and the longest.
//!
//! Progress goes to standard error; standard output gets three Markdown tables.

#[path = "../examples/corpus/generate/mod.rs"]
mod generate;

use std::fs::File;
use std::io::{BufRead, BufReader, Read, Seek};
use std::net::TcpListener;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use generate::Size;

const RUNS: usize = 3;

/// Every chosen size in turn, one corpus on disk at a time, then the tables.
fn main() {
    let sizes = match std::env::var("BENCH_SIZES") {
        Ok(list) if !list.trim().is_empty() => list
            .split(',')
            .map(|name| {
                Size::parse(name).unwrap_or_else(|| {
                    panic!("BENCH_SIZES: unknown size `{name}` (small, medium, estate)")
                })
            })
            .collect(),
        _ => Size::ALL.to_vec(),
    };
    let binary = Path::new(env!("CARGO_BIN_EXE_plansite"));
    // BENCH_DIR puts the corpora and outputs on a chosen file system (say a
    // tmpfs such as /dev/shm, to measure plansite rather than the disk).
    let work = match std::env::var_os("BENCH_DIR") {
        Some(dir) => tempfile::tempdir_in(dir),
        None => tempfile::tempdir(),
    }
    .expect("a temporary folder for the corpora");
    let file_system = file_system_of(work.path());
    let mut rows = Vec::new();
    for size in sizes {
        let site = work.path().join(size.name());
        eprintln!("[{}] writing the corpus", size.name());
        let corpus = generate::write_site(size, &site).expect("the corpus is written");
        let row = measure_size(binary, size, &site, corpus);
        // Each size's files go before the next is written, to keep the disk small.
        std::fs::remove_dir_all(&site).expect("the corpus folder is removed");
        rows.push(row);
    }
    print_table(&rows, &file_system);
}

/// The type of the file system holding `path` (ext4, tmpfs, ...), from /proc/mounts.
fn file_system_of(path: &Path) -> String {
    let mounts = std::fs::read_to_string("/proc/mounts").unwrap_or_default();
    mounts
        .lines()
        .filter_map(|line| {
            let mut fields = line.split_whitespace();
            let (point, kind) = (fields.nth(1)?, fields.next()?);
            path.starts_with(point)
                .then(|| (point.len(), kind.to_string()))
        })
        .max()
        .map_or_else(|| "an unknown file system".into(), |(_, kind)| kind)
}

struct Row {
    size: Size,
    corpus: generate::Summary,
    pages: u64,
    build: Duration,
    /// The median build's CPU time, user and system.
    build_cpu: Duration,
    peak_rss_kib: u64,
    output: OutputSize,
    search: Search,
    check: Duration,
    recurrence: Recurring,
    incremental: Result<Incremental, String>,
}

/// What recurrence costs and finds at one size: linking every prison's
/// items from nothing (the median of 3, in this process), and how many of
/// each prison's items it links.
struct Recurring {
    link: Duration,
    links: usize,
    /// Per prison, the share of its items raised before or again: least, median, most.
    share: [f64; 3],
    chains: usize,
    longest: usize,
}

/// Loads the site and times the linking of its recurrences from nothing.
fn recurring(site: &Path) -> Recurring {
    use plansite::model::recurrence;
    let loaded = plansite::model::load(site, Some("2026-01-31"));
    let site = &loaded.site;
    let settings = plansite::config::RecurrenceSettings::default();
    let link = median(
        (0..RUNS)
            .map(|_| {
                let start = Instant::now();
                recurrence::link(
                    site,
                    &settings,
                    &mut recurrence::Memo::default(),
                    recurrence::Changed::Any,
                );
                start.elapsed()
            })
            .collect(),
    );
    let mut shares: Vec<f64> = site
        .prisons
        .iter()
        .map(|prison| {
            let items: Vec<_> = prison
                .plans
                .iter()
                .flat_map(|&p| &site.plans[p].recommendations)
                .map(|&r| &site.recommendations[r])
                .collect();
            let linked = items
                .iter()
                .filter(|r| !r.raised_before.is_empty() || !r.raised_again.is_empty())
                .count();
            linked as f64 / items.len().max(1) as f64
        })
        .collect();
    shares.sort_by(f64::total_cmp);
    let at = |q: usize| shares.get(q).copied().unwrap_or(0.0);
    Recurring {
        link,
        links: site.recurrences.len(),
        share: [
            at(0),
            at(shares.len() / 2),
            at(shares.len().saturating_sub(1)),
        ],
        chains: site.prisons.iter().map(|p| p.chains.len()).sum(),
        longest: site
            .prisons
            .iter()
            .flat_map(|p| &p.chains)
            .map(|c| c.items.len())
            .max()
            .unwrap_or(0),
    }
}

/// What building the search index costs at one size.
struct Search {
    build: Duration,
    build_cpu: Duration,
    peak_rss_kib: u64,
    index_bytes: u64,
    index_files: u64,
}

/// The builds again with `build_search_index = true` at the top of the
/// corpus's configuration, which is put back as it was afterwards.
fn measure_search(binary: &Path, site: &Path, args: &[&str]) -> Search {
    let config = site.join("plansite.toml");
    let original = std::fs::read_to_string(&config).expect("the corpus has a plansite.toml");
    std::fs::write(&config, format!("build_search_index = true\n{original}"))
        .expect("the configuration is written");
    let builds: Vec<Measured> = (1..=RUNS)
        .map(|run| {
            eprintln!("[{}] build with search {run}/{RUNS}", site_name(site));
            run_measured(binary, args)
        })
        .collect();
    let index = output_size(&site.join("output").join("pagefind"));
    std::fs::write(&config, original).expect("the configuration is put back");
    Search {
        build: median(builds.iter().map(|b| b.wall).collect()),
        build_cpu: median(builds.iter().map(|b| b.cpu).collect()),
        peak_rss_kib: builds.iter().map(|b| b.max_rss_kib).max().unwrap_or(0),
        index_bytes: index.bytes,
        index_files: index.files,
    }
}

/// Everything the tables show for one size, measured on its written corpus.
fn measure_size(binary: &Path, size: Size, site: &Path, corpus: generate::Summary) -> Row {
    let name = size.name();
    let output = site.join("output");
    let root = site.to_str().expect("a UTF-8 temporary path");
    let out = output.to_str().expect("a UTF-8 temporary path");
    let mut builds = Vec::new();
    for run in 1..=RUNS {
        eprintln!("[{name}] build {run}/{RUNS}");
        builds.push(run_measured(
            binary,
            &["build", "--root", root, "--output", out],
        ));
    }
    let pages = builds[0]
        .stdout
        .lines()
        .find_map(|line| {
            line.strip_prefix("built ")?
                .split_whitespace()
                .next()?
                .parse()
                .ok()
        })
        .unwrap_or_else(|| count_html(&output));
    let output_measured = output_size(&output);
    let search = measure_search(binary, site, &["build", "--root", root, "--output", out]);
    let mut checks = Vec::new();
    for run in 1..=RUNS {
        eprintln!("[{name}] check {run}/{RUNS}");
        checks.push(run_measured(binary, &["check", "--root", root]).wall);
    }
    eprintln!("[{name}] recurrence");
    let recurrence = recurring(site);
    eprintln!("[{name}] incremental rebuild in serve --watch");
    let incremental = incremental(binary, site);
    Row {
        size,
        corpus,
        pages,
        build: median(builds.iter().map(|b| b.wall).collect()),
        build_cpu: median(builds.iter().map(|b| b.cpu).collect()),
        peak_rss_kib: builds.iter().map(|b| b.max_rss_kib).max().unwrap_or(0),
        output: output_measured,
        search,
        check: median(checks),
        recurrence,
        incremental,
    }
}

struct Measured {
    wall: Duration,
    /// User and system CPU time, over every thread.
    cpu: Duration,
    max_rss_kib: u64,
    stdout: String,
}

/// Runs plansite once; its wall time and its own peak resident memory.
///
/// The child is reaped with `wait4`, whose `rusage` is that child's alone
/// (`RUSAGE_CHILDREN` would be the largest over every child reaped so far).
#[allow(clippy::zombie_processes)] // reaped below by wait4, which std's wait would pre-empt
fn run_measured(binary: &Path, args: &[&str]) -> Measured {
    let mut stdout = tempfile::tempfile().expect("a temporary file for stdout");
    let mut stderr = tempfile::tempfile().expect("a temporary file for stderr");
    let start = Instant::now();
    let child = Command::new(binary)
        .args(args)
        .stdin(Stdio::null())
        .stdout(
            stdout
                .try_clone()
                .expect("a second handle on stdout's file"),
        )
        .stderr(
            stderr
                .try_clone()
                .expect("a second handle on stderr's file"),
        )
        .spawn()
        .expect("plansite starts");
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: rusage is plain data that wait4 fills in; all zeroes is a valid value.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    loop {
        // SAFETY: pid is our own unreaped child; both pointers are to live locals.
        let reaped = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
        if reaped == pid {
            break;
        }
        let err = std::io::Error::last_os_error();
        assert_eq!(
            err.kind(),
            std::io::ErrorKind::Interrupted,
            "wait4 failed: {err}"
        );
    }
    let wall = start.elapsed();
    let read = |file: &mut File| {
        let mut text = String::new();
        file.rewind().expect("rewind a captured stream");
        file.read_to_string(&mut text)
            .expect("read a captured stream");
        text
    };
    let out = read(&mut stdout);
    if !(libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0) {
        panic!(
            "plansite {} failed ({status}):\n{out}\n{}",
            args.join(" "),
            read(&mut stderr)
        );
    }
    let time = |t: libc::timeval| {
        Duration::from_secs(t.tv_sec.max(0) as u64) + Duration::from_micros(t.tv_usec.max(0) as u64)
    };
    Measured {
        wall,
        cpu: time(usage.ru_utime) + time(usage.ru_stime),
        max_rss_kib: usage.ru_maxrss.max(0) as u64,
        stdout: out,
    }
}

/// The middle value (the upper one of an even count): one slow outlier
/// does not move it.
fn median<T: Ord + Copy>(mut values: Vec<T>) -> T {
    values.sort();
    values[values.len() / 2]
}

/// The pages built, counted on disk when the build does not say.
fn count_html(folder: &Path) -> u64 {
    walkdir::WalkDir::new(folder)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "html"))
        .count() as u64
}

/// What a folder of output holds.
struct OutputSize {
    /// Every file's length added up.
    bytes: u64,
    files: u64,
    /// The largest HTML page's length and path.
    largest_page: (u64, String),
}

/// Every file's length added up, the files counted, and the largest HTML page.
fn output_size(folder: &Path) -> OutputSize {
    let mut total = 0;
    let mut files = 0;
    let mut largest = (0, String::new());
    for entry in walkdir::WalkDir::new(folder)
        .into_iter()
        .filter_map(Result::ok)
    {
        if !entry.file_type().is_file() {
            continue;
        }
        let length = entry.metadata().map_or(0, |m| m.len());
        total += length;
        files += 1;
        if entry.path().extension().is_some_and(|x| x == "html") && length > largest.0 {
            let relative = entry.path().strip_prefix(folder).unwrap_or(entry.path());
            largest = (length, relative.display().to_string());
        }
    }
    OutputSize {
        bytes: total,
        files,
        largest_page: largest,
    }
}

/// How many rounds of edits: each round makes every kind of edit once.
const ROUNDS: usize = 5;
/// A rebuild this slow once is measurement enough for its kind of edit.
const SLOW: Duration = Duration::from_secs(10);
/// How long to wait for the server's first build or for one rebuild.
const PATIENCE: Duration = Duration::from_secs(600);
/// How long to wait for the data downloads a partial rebuild leaves stale.
const REFRESH_PATIENCE: Duration = Duration::from_secs(60);
/// The pause after each edit, so that the next one starts on a quiet server.
const PAUSE: Duration = Duration::from_secs(1);

/// The kinds of one-plan edit an editor makes, in the order each round makes
/// them: the added recommendation is removed again before `Owner` (or the
/// next round's `Decision`) looks for its line, so each toggle finds its
/// field in the same place every time.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Edit {
    Words,
    /// The first recommendation's own words, which its prison's recurrence reads.
    ItemWords,
    Decision,
    Due,
    AddRecommendation,
    RemoveRecommendation,
    Owner,
    /// A copy of the plan saved under a new name beside it.
    AddPlan,
    /// That copy deleted again.
    DeletePlan,
}

impl Edit {
    const ALL: [Edit; 9] = [
        Edit::Words,
        Edit::ItemWords,
        Edit::Decision,
        Edit::Due,
        Edit::AddRecommendation,
        Edit::RemoveRecommendation,
        Edit::Owner,
        Edit::AddPlan,
        Edit::DeletePlan,
    ];

    /// Edits made in pairs, the second undoing the first: they stop together.
    const PAIRS: [[Edit; 2]; 2] = [
        [Edit::AddRecommendation, Edit::RemoveRecommendation],
        [Edit::AddPlan, Edit::DeletePlan],
    ];

    /// The column heading in the table, short so that six columns stay readable.
    fn heading(self) -> &'static str {
        match self {
            Edit::Words => "words",
            Edit::ItemWords => "item words",
            Edit::Decision => "decision",
            Edit::Due => "due date",
            Edit::AddRecommendation => "add rec",
            Edit::RemoveRecommendation => "remove rec",
            Edit::Owner => "owner",
            Edit::AddPlan => "add plan",
            Edit::DeletePlan => "delete plan",
        }
    }
}

/// What one saved edit made the server do.
struct Rebuild {
    /// The time the server reports, from the end of its debounce to serving.
    reported: Duration,
    /// The time from the write returning to the server's line arriving.
    wall: Duration,
    /// Pages rendered again, which tells a patch from a new derivation.
    rendered: u64,
    pages: u64,
}

/// The server's answer to one saved edit: its rebuild, or the first line
/// of the error that failed it.
enum Outcome {
    Rebuilt(Rebuild),
    Failed(String),
}

/// The rebuilds measured for one kind of edit, or why that kind failed.
struct Timings {
    edit: Edit,
    rebuilds: Vec<Rebuild>,
    failure: Option<String>,
    /// Stopped with its partner: adding and removing a recommendation.
    halted: bool,
}

impl Timings {
    /// Whether this kind needs no more edits: it failed, or one rebuild was
    /// so slow that more of them would only make the benchmark long.
    fn stopped(&self) -> bool {
        self.halted || self.failure.is_some() || self.rebuilds.iter().any(|r| r.reported > SLOW)
    }

    /// The table cell: `reported / wall (pages rendered)`, medians, or the failure.
    fn cell(&self) -> String {
        if let Some(failure) = &self.failure {
            return format!("failed: {}", table_safe(failure));
        }
        if self.rebuilds.is_empty() {
            return "not measured".to_string();
        }
        let reported = median(self.rebuilds.iter().map(|r| r.reported).collect());
        let wall = median(self.rebuilds.iter().map(|r| r.wall).collect());
        let rendered = median(self.rebuilds.iter().map(|r| r.rendered).collect());
        format!(
            "{} / {} ({rendered})",
            reported.as_millis(),
            wall.as_millis()
        )
    }
}

/// Every kind of edit measured on one plan of one corpus.
struct Incremental {
    /// The edited plan's file name, so that a reader can look at its shape.
    plan: String,
    kinds: Vec<Timings>,
    memory: ServeMemory,
}

/// The server's resident memory once it serves, and after `edits` saves.
struct ServeMemory {
    ready_kib: u64,
    after_kib: u64,
    edits: usize,
}

/// How many more edits of the words, one after another, before the
/// server's memory is read again: enough that a leak per edit would show.
const MORE_EDITS: usize = 100;

/// The resident memory of process `pid` now, from `/proc/<pid>/status`.
fn resident_kib(pid: u32) -> Result<u64, String> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status"))
        .map_err(|e| format!("cannot read the server's memory: {e}"))?;
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmRSS:"))
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|kib| kib.parse().ok())
        .ok_or_else(|| "no VmRSS in the server's status".to_string())
}

/// The time from saving one plan to the finished rebuild in `serve --watch`,
/// for each kind of edit an editor makes.
fn incremental(binary: &Path, site: &Path) -> Result<Incremental, String> {
    let help = Command::new(binary)
        .args(["serve", "--help"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
    if !help.is_ok_and(|s| s.success()) {
        return Err("n/a (serve not built yet)".to_string());
    }
    let port = TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free local port")
        .port()
        .to_string();
    let root = site.to_str().expect("a UTF-8 temporary path");
    let mut server = Command::new(binary)
        .args(["serve", "--watch", "--root", root, "--port", &port])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("plansite serve starts");
    let (lines, received) = mpsc::channel::<(Instant, String)>();
    for stream in [
        Box::new(server.stdout.take().expect("piped stdout")) as Box<dyn Read + Send>,
        Box::new(server.stderr.take().expect("piped stderr")),
    ] {
        let lines = lines.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stream).lines().map_while(Result::ok) {
                if lines.send((Instant::now(), line)).is_err() {
                    break;
                }
            }
        });
    }
    let result = edits(site, &received, server.id());
    server.kill().expect("stop plansite serve");
    server.wait().expect("reap plansite serve");
    result
}

/// `ROUNDS` rounds of every kind of edit on one plan, each saved alone,
/// timed, and followed by a pause so that the data downloads are refreshed
/// before the next save.
fn edits(
    site: &Path,
    lines: &mpsc::Receiver<(Instant, String)>,
    server: u32,
) -> Result<Incremental, String> {
    // The server prints its address once the first build is served.
    wait_for(lines, PATIENCE, |line| line.contains("serving"))?;
    std::thread::sleep(Duration::from_millis(500));
    let ready_kib = resident_kib(server)?;
    let plan = EditedPlan::find(site)?;
    let mut kinds: Vec<Timings> = Edit::ALL
        .iter()
        .map(|&edit| Timings {
            edit,
            rebuilds: Vec::new(),
            failure: None,
            halted: false,
        })
        .collect();
    for round in 1..=ROUNDS {
        eprintln!("[{}] edit round {round}/{ROUNDS}", site_name(site));
        for timings in &mut kinds {
            if !timings.stopped() {
                edit_once(&plan, timings, round, lines)?;
            }
        }
        stop_pair(&mut kinds);
    }
    let made: usize = kinds
        .iter()
        .map(|t| t.rebuilds.len() + usize::from(t.failure.is_some()))
        .sum();
    eprintln!("[{}] {MORE_EDITS} more edits of the words", site_name(site));
    let mut last = None;
    for edit in 0..MORE_EDITS {
        let text = plan.read()?;
        if let Some(save) = plan.edited(Edit::Words, &text, ROUNDS + 1 + edit)?
            && let Outcome::Rebuilt(rebuild) = save_and_wait(&save, lines)?
        {
            last = Some(rebuild);
        }
    }
    if let Some(rebuild) = &last {
        settle(rebuild, lines);
    }
    Ok(Incremental {
        plan: plan.file_name(),
        kinds,
        memory: ServeMemory {
            ready_kib,
            after_kib: resident_kib(server)?,
            edits: made + MORE_EDITS,
        },
    })
}

/// Adding and removing stop together, so that a recommendation or plan
/// added is always removed again in the same round.
fn stop_pair(kinds: &mut [Timings]) {
    for pair in Edit::PAIRS {
        let either = kinds.iter().any(|t| pair.contains(&t.edit) && t.stopped());
        if either {
            for timings in kinds.iter_mut().filter(|t| pair.contains(&t.edit)) {
                timings.halted = true;
            }
        }
    }
}

/// One edit of one kind, saved and timed; a failed rebuild is recorded for
/// its kind and the plan put back, so that the other kinds still build.
fn edit_once(
    plan: &EditedPlan,
    timings: &mut Timings,
    round: usize,
    lines: &mpsc::Receiver<(Instant, String)>,
) -> Result<(), String> {
    let before = plan.read()?;
    let Some(after) = plan.edited(timings.edit, &before, round)? else {
        return Ok(()); // nothing to remove: this round's addition failed
    };
    match save_and_wait(&after, lines)? {
        Outcome::Rebuilt(rebuild) => {
            settle(&rebuild, lines);
            timings.rebuilds.push(rebuild);
        }
        Outcome::Failed(message) => {
            timings.failure = Some(message);
            let undo = match timings.edit {
                Edit::AddPlan => Save::delete(plan.copy_path()),
                Edit::DeletePlan => Save::write(plan.copy_path(), before),
                _ => Save::write(plan.path.clone(), before),
            };
            save_and_wait(&undo, lines)?;
            std::thread::sleep(PAUSE);
        }
    }
    Ok(())
}

/// One file saved or deleted, as an editor does it.
struct Save {
    path: PathBuf,
    /// The new text, or `None` to delete the file.
    text: Option<String>,
}

impl Save {
    fn write(path: PathBuf, text: String) -> Save {
        Save {
            path,
            text: Some(text),
        }
    }

    fn delete(path: PathBuf) -> Save {
        Save { path, text: None }
    }
}

/// Saves (or deletes) one file and reads the server's answer to it.
fn save_and_wait(
    save: &Save,
    lines: &mpsc::Receiver<(Instant, String)>,
) -> Result<Outcome, String> {
    // Whatever the server said before this save is not about it.
    while lines.try_recv().is_ok() {}
    let name = save.path.file_name().unwrap_or_default().to_string_lossy();
    match &save.text {
        Some(text) => std::fs::write(&save.path, text),
        None => std::fs::remove_file(&save.path),
    }
    .map_err(|e| format!("cannot save {name}: {e}"))?;
    let written = Instant::now();
    let (at, line) = wait_for(lines, PATIENCE, |line| {
        line.starts_with("rebuilt ") || is_failure(line)
    })?;
    if is_failure(&line) {
        if !line.starts_with("rebuild failed") {
            // The rest of this failure, up to its summary, is not the next edit's.
            let _ = wait_for(lines, Duration::from_secs(10), |l| {
                l.starts_with("rebuild failed")
            });
        }
        return Ok(Outcome::Failed(line));
    }
    let (rendered, pages, reported) = rebuilt_line(&line)?;
    Ok(Outcome::Rebuilt(Rebuild {
        reported,
        wall: at.duration_since(written),
        rendered,
        pages,
    }))
}

/// Whether a line of the server's says that the rebuild failed.
fn is_failure(line: &str) -> bool {
    line.starts_with("error") || line.starts_with("rebuild failed")
}

/// The figures of `rebuilt N of M pages[, K removed] in MS ms (...)`.
fn rebuilt_line(line: &str) -> Result<(u64, u64, Duration), String> {
    let mut words = line.split_whitespace();
    let rendered = words.nth(1).and_then(|n| n.parse().ok());
    let pages = words.nth(1).and_then(|n| n.parse().ok());
    let ms = line
        .split(" in ")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|n| n.parse::<u64>().ok());
    match (rendered, pages, ms) {
        (Some(rendered), Some(pages), Some(ms)) => Ok((rendered, pages, Duration::from_millis(ms))),
        _ => Err(format!("cannot read the figures in `{line}`")),
    }
}

/// Waits out the work a rebuild leaves behind: a partial rebuild leaves the
/// data downloads to refresh once the server is quiet, which the next edit
/// should not have to wait for.
fn settle(rebuild: &Rebuild, lines: &mpsc::Receiver<(Instant, String)>) {
    if rebuild.rendered < rebuild.pages {
        let _ = wait_for(lines, REFRESH_PATIENCE, |line| {
            line.starts_with("updated the data downloads")
        });
    }
    std::thread::sleep(PAUSE);
}

/// The first line from the server that `wanted` accepts, with when it
/// arrived; an error if the server stops or stays silent too long.
fn wait_for(
    lines: &mpsc::Receiver<(Instant, String)>,
    patience: Duration,
    wanted: impl Fn(&str) -> bool,
) -> Result<(Instant, String), String> {
    let deadline = Instant::now() + patience;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match lines.recv_timeout(left) {
            Ok((at, line)) if wanted(&line) => return Ok((at, line)),
            Ok(_) => {}
            Err(mpsc::RecvTimeoutError::Timeout) => {
                return Err(format!("no such line within {} s", patience.as_secs()));
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                return Err("plansite serve stopped".to_string());
            }
        }
    }
}

/// The size's name, the last part of its site folder, for progress lines.
fn site_name(site: &Path) -> String {
    site.file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned())
}

/// The plan the edits are made to, and where in it each kind of edit goes.
struct EditedPlan {
    path: PathBuf,
    decision: Toggle,
    due: Toggle,
    owner: Toggle,
    /// The ref of the recommendation that is copied, and the copy's own.
    copied_ref: String,
    added_ref: String,
}

impl EditedPlan {
    /// The first plan in name order with every field the edits change; a
    /// corpus whose plans have none of them is an error that says what is
    /// missing, rather than a panic.
    fn find(site: &Path) -> Result<EditedPlan, String> {
        let folder = site.join("content/inspections");
        let mut plans: Vec<PathBuf> = std::fs::read_dir(&folder)
            .map_err(|e| format!("cannot list content/inspections: {e}"))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "md"))
            .collect();
        plans.sort();
        let mut first_problem = None;
        for path in plans {
            let text = std::fs::read_to_string(&path).map_err(|e| {
                let name = path.file_name().unwrap_or_default().to_string_lossy();
                format!("cannot read {name}: {e}")
            })?;
            match EditedPlan::prepare(path, &text) {
                Ok(plan) => return Ok(plan),
                Err(problem) => {
                    first_problem.get_or_insert(problem);
                }
            }
        }
        Err(match first_problem {
            Some(problem) => format!("no plan has the shape the edits need ({problem}, and so on)"),
            None => "the corpus has no plans".to_string(),
        })
    }

    /// Where each edit goes in this plan's text, or what the plan lacks.
    fn prepare(path: PathBuf, text: &str) -> Result<EditedPlan, String> {
        let name = path
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        let lacks = |what: &str| format!("{name} has no {what}");
        let decision = Toggle::first(Field::Decision, text, |v| Some(other_decision(v)))
            .ok_or_else(|| lacks("`decision:`"))?;
        let due = Toggle::first(Field::Due, text, month_later)
            .ok_or_else(|| lacks("`due:` with a month"))?;
        let owners: Vec<&str> = Field::Owner
            .values(text)
            .into_iter()
            .map(|r| &text[r])
            .collect();
        let owner = Toggle::first(Field::Owner, text, |v| {
            owners.iter().find(|&&o| o != v).map(|o| o.to_string())
        })
        .ok_or_else(|| lacks("two different owners in `owners:` lists"))?;
        let refs: Vec<String> = recommendation_blocks(text)
            .into_iter()
            .map(|(_, r)| r)
            .collect();
        let copied_ref = refs
            .first()
            .cloned()
            .ok_or_else(|| lacks("`- ref:` recommendation"))?;
        let added_ref = (1..)
            .map(|n| format!("{copied_ref}x{n}"))
            .find(|r| !refs.contains(r))
            .expect("some suffix is free");
        Ok(EditedPlan {
            path,
            decision,
            due,
            owner,
            copied_ref,
            added_ref,
        })
    }

    /// The file name alone: the corpus's own name for the plan, free of this machine's folders.
    fn file_name(&self) -> String {
        self.path
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned())
    }

    /// The plan as it is on disk now, after the edits so far.
    fn read(&self) -> Result<String, String> {
        std::fs::read_to_string(&self.path)
            .map_err(|e| format!("cannot read {}: {e}", self.file_name()))
    }

    /// The text after one edit of `edit`'s kind; `None` when there is
    /// nothing to remove because this round's addition failed.
    fn edited(&self, edit: Edit, text: &str, round: usize) -> Result<Option<Save>, String> {
        let changed = match edit {
            Edit::AddPlan => return Ok(Some(Save::write(self.copy_path(), text.to_string()))),
            Edit::DeletePlan if self.copy_path().exists() => {
                return Ok(Some(Save::delete(self.copy_path())));
            }
            Edit::DeletePlan => return Ok(None),
            Edit::Words => format!(
                "{text}\nEdit {round}: the plan was reviewed again and its owners confirmed.\n"
            ),
            Edit::ItemWords => reword_first_item(text, round)?,
            Edit::Decision => self.decision.apply(text)?,
            Edit::Due => self.due.apply(text)?,
            Edit::Owner => self.owner.apply(text)?,
            Edit::AddRecommendation => self.add_recommendation(text)?,
            Edit::RemoveRecommendation => match self.remove_recommendation(text) {
                Some(removed) => removed,
                None => return Ok(None),
            },
        };
        Ok(Some(Save::write(self.path.clone(), changed)))
    }

    /// Where the added plan goes: beside this one, under the same prison
    /// and year (`<prison>-<year>-copy.md`), so that it is a second plan of
    /// that year at that prison.
    fn copy_path(&self) -> PathBuf {
        let stem = self.path.file_stem().unwrap_or_default().to_string_lossy();
        self.path.with_file_name(format!("{stem}-copy.md"))
    }

    /// A copy of the first recommendation, under a ref no other has, just after it.
    fn add_recommendation(&self, text: &str) -> Result<String, String> {
        let blocks = recommendation_blocks(text);
        let (block, _) = blocks
            .iter()
            .find(|(_, r)| *r == self.copied_ref)
            .ok_or_else(|| format!("recommendation {} is gone from the plan", self.copied_ref))?;
        let original = &text[block.clone()];
        let body = original.split_once('\n').map_or("", |(_, rest)| rest);
        let copy = format!("- ref: \"{}\"\n{body}", self.added_ref);
        Ok(format!(
            "{}{copy}{}",
            &text[..block.end],
            &text[block.end..]
        ))
    }

    /// The plan without the recommendation `add_recommendation` put in, if it is there.
    fn remove_recommendation(&self, text: &str) -> Option<String> {
        let (block, _) = recommendation_blocks(text)
            .into_iter()
            .find(|(_, r)| *r == self.added_ref)?;
        Some(format!("{}{}", &text[..block.start], &text[block.end..]))
    }
}

/// The fields a toggle changes, each found by plain string operations on
/// the YAML front matter as the corpus writes it.
#[derive(Clone, Copy)]
enum Field {
    Decision,
    Due,
    Owner,
}

impl Field {
    /// The byte range of every value of this field in the front matter, in order.
    fn values(self, text: &str) -> Vec<Range<usize>> {
        let lines = front_matter_lines(text);
        match self {
            Field::Decision => keyed_values(&lines, "decision:"),
            Field::Due => keyed_values(&lines, "due:"),
            Field::Owner => owner_values(&lines),
        }
    }
}

/// One field's value switched between the plan's own and another each time,
/// so that every save really changes the file.
struct Toggle {
    field: Field,
    /// Which of the field's values, counted from the top of the plan.
    index: usize,
    original: String,
    other: String,
}

impl Toggle {
    /// The first value of `field` for which `other` finds a replacement.
    fn first(field: Field, text: &str, other: impl Fn(&str) -> Option<String>) -> Option<Toggle> {
        field
            .values(text)
            .into_iter()
            .enumerate()
            .find_map(|(index, range)| {
                let original = &text[range];
                other(original).map(|other| Toggle {
                    field,
                    index,
                    original: original.to_string(),
                    other,
                })
            })
    }

    /// The text with this toggle's value switched to the other one.
    fn apply(&self, text: &str) -> Result<String, String> {
        let range = self
            .field
            .values(text)
            .into_iter()
            .nth(self.index)
            .ok_or_else(|| format!("the value `{}` edited before is gone", self.original))?;
        let next = if text[range.clone()] == self.original {
            &self.other
        } else {
            &self.original
        };
        Ok(format!(
            "{}{next}{}",
            &text[..range.start],
            &text[range.end..]
        ))
    }
}

/// Each line of the YAML front matter with its byte offset, the closing
/// `---` included (it ends the last recommendation); nothing when the
/// file does not open with `---`. The body, where words are appended, is
/// never searched.
fn front_matter_lines(text: &str) -> Vec<(usize, &str)> {
    let mut lines = Vec::new();
    let mut offset = 0;
    for (number, raw) in text.split_inclusive('\n').enumerate() {
        let line = raw.trim_end_matches(['\n', '\r']);
        let at = offset;
        offset += raw.len();
        match (number, line) {
            (0, "---") => {}
            (0, _) => return Vec::new(),
            (_, "---") => {
                lines.push((at, line));
                return lines;
            }
            _ => lines.push((at, line)),
        }
    }
    Vec::new()
}

/// The values of every `key: value` line (or `- key: value`, the first key
/// of a list item), whatever its indentation.
fn keyed_values(lines: &[(usize, &str)], key: &str) -> Vec<Range<usize>> {
    lines
        .iter()
        .filter_map(|&(at, line)| {
            let rest = line.trim_start();
            let rest = rest.strip_prefix("- ").unwrap_or(rest);
            let value = rest.strip_prefix(key)?.trim();
            let start = at + line.trim_end().len() - value.len();
            (!value.is_empty()).then_some(start..start + value.len())
        })
        .collect()
}

/// The names in every `owners:` list, written one `- Name` a line at least
/// as far in as the `owners:` key.
fn owner_values(lines: &[(usize, &str)]) -> Vec<Range<usize>> {
    let mut names = Vec::new();
    let mut key_column = None;
    for &(at, line) in lines {
        let rest = line.trim_start();
        let indent = line.len() - rest.len();
        let key = rest.strip_prefix("- ").unwrap_or(rest);
        if key.trim_end() == "owners:" {
            key_column = Some(line.len() - key.len());
            continue;
        }
        match (key_column, rest.strip_prefix("- ")) {
            (Some(column), Some(name)) if indent >= column => {
                let name = name.trim_end();
                let start = at + indent + 2;
                names.push(start..start + name.len());
            }
            _ => key_column = None,
        }
    }
    names
}

/// Each recommendation's block, from its `- ref:` line to the next line
/// that is neither indented nor blank, with its ref unquoted.
fn recommendation_blocks(text: &str) -> Vec<(Range<usize>, String)> {
    let mut blocks = Vec::new();
    let mut open: Option<(usize, String)> = None;
    for (at, line) in front_matter_lines(text) {
        if line.is_empty() || line.starts_with(' ') {
            continue;
        }
        if let Some((start, reference)) = open.take() {
            blocks.push((start..at, reference));
        }
        if let Some(reference) = line.strip_prefix("- ref:") {
            let reference = reference.trim().trim_matches(['"', '\'']);
            open = Some((at, reference.to_string()));
        }
    }
    blocks
}

/// A decision that differs from `decision` in kind: a refusal becomes an
/// agreement and anything else a refusal, so that the counts move.
fn other_decision(decision: &str) -> String {
    let refused = matches!(
        decision.to_lowercase().as_str(),
        "not agreed" | "rejected" | "not accepted"
    );
    if refused { "Agreed" } else { "Not Agreed" }.to_string()
}

/// The same target date in the same form with the next month's name ("28
/// February 2006" becomes "28 March 2006", "August 2018" becomes "September
/// 2018", December becomes January of the same year; a day past the 28th
/// becomes the 28th, which every month has), so that the date stays valid
/// and the action's status may move; `None` for words such as `Completed`
/// or for no date at all.
fn month_later(due: &str) -> Option<String> {
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let words: Vec<&str> = due.split(' ').collect();
    let (day, month, year) = match words[..] {
        [day, month, year] => (Some(day.parse::<u32>().ok()?), month, year),
        [month, year] => (None, month, year),
        _ => return None,
    };
    if year.len() != 4 || year.parse::<u32>().is_err() {
        return None;
    }
    let next = MONTHS[(MONTHS.iter().position(|&m| m == month)? + 1) % 12];
    Some(match day {
        Some(day) => format!("{} {next} {year}", day.min(28)),
        None => format!("{next} {year}"),
    })
}

/// A text fit for one Markdown table cell: one line, no column breaks, short.
fn table_safe(text: &str) -> String {
    let line = text.lines().next().unwrap_or("").replace('|', "\\|");
    match line.char_indices().nth(80) {
        Some((cut, _)) => format!("{}…", &line[..cut]),
        None => line,
    }
}

/// What building the search index adds at each size: the builds with it
/// against those without, and the index's share of the output.
fn print_search(rows: &[Row]) {
    println!(
        "\nsearch: the same builds with `build_search_index = true` (median of {RUNS}); \
         the index is `output/pagefind/`, its share is of the output with it\n"
    );
    println!(
        "| size | build without | build with | with / without | CPU without | CPU with | peak RSS with | index | index files | index share |"
    );
    println!("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    for r in rows {
        let s = &r.search;
        println!(
            "| {} | {} | {} | {:.2}× | {} | {} | {} | {} | {} | {:.1}% |",
            r.size.name(),
            seconds(r.build),
            seconds(s.build),
            s.build.as_secs_f64() / r.build.as_secs_f64(),
            seconds(r.build_cpu),
            seconds(s.build_cpu),
            mib(s.peak_rss_kib * 1024),
            mib(s.index_bytes),
            s.index_files,
            100.0 * s.index_bytes as f64 / (r.output.bytes + s.index_bytes).max(1) as f64,
        );
    }
}

/// The server's resident memory at each size, once ready and after the edits.
fn print_serve_memory(rows: &[Row]) {
    println!(
        "\n`serve --watch` resident memory (VmRSS), once serving and after the edits above and {MORE_EDITS} more\n"
    );
    println!("| size | ready | after | edits |");
    println!("| --- | ---: | ---: | ---: |");
    for r in rows {
        match &r.incremental {
            Ok(measured) => {
                let m = &measured.memory;
                println!(
                    "| {} | {} | {} | {} |",
                    r.size.name(),
                    mib(m.ready_kib * 1024),
                    mib(m.after_kib * 1024),
                    m.edits
                );
            }
            Err(problem) => println!("| {} | {} | | |", r.size.name(), table_safe(problem)),
        }
    }
}

/// The second table: for each size, the median of each kind of one-plan edit.
fn print_incremental(rows: &[Row]) {
    println!(
        "\nincremental rebuilds in `serve --watch`, one plan edited {ROUNDS} times in each way: \
         median ms the server reports (from the end of its debounce to serving) / \
         median wall ms from the save to that line (pages rendered)\n"
    );
    let headings: Vec<&str> = Edit::ALL.iter().map(|e| e.heading()).collect();
    println!("| size | plan | {} |", headings.join(" | "));
    println!("| --- | --- |{}", " ---: |".repeat(headings.len()));
    for r in rows {
        let cells = match &r.incremental {
            Ok(measured) => {
                let kinds: Vec<String> = measured.kinds.iter().map(Timings::cell).collect();
                format!("`{}` | {}", measured.plan, kinds.join(" | "))
            }
            Err(problem) => format!(
                "| {}{}",
                table_safe(problem),
                " |".repeat(headings.len() - 1)
            ),
        };
        println!("| {} | {cells} |", r.size.name());
    }
}

/// `text` with a sentence added to its first recommendation's own words
/// (inline, or the first line of a folded block).
fn reword_first_item(text: &str, round: usize) -> Result<String, String> {
    let line_start = text
        .find("\n  text: ")
        .map(|at| at + 1)
        .ok_or("the plan has no recommendation text to reword")?;
    let end_of = |start: usize| text[start..].find('\n').map_or(text.len(), |e| start + e);
    let line_end = end_of(line_start);
    let line = text[line_start..line_end].trim_end();
    let end = if line.ends_with(">-") || line.ends_with('>') || line.ends_with('|') {
        end_of(line_end + 1)
    } else {
        line_end
    };
    Ok(format!(
        "{} Reworded in edit {round}.{}",
        &text[..end],
        &text[end..]
    ))
}

/// The third table: what linking recurrences costs and finds at each size.
fn print_recurrence(rows: &[Row]) {
    println!(
        "\nrecurrence: linking every prison's items from nothing (median of {RUNS}, in-process), \
         its share of the build's wall time, and the share of each prison's items it links\n"
    );
    println!(
        "| size | link | of build | links | items linked per prison (least / median / most) | chains | longest |"
    );
    println!("| --- | ---: | ---: | ---: | --- | ---: | ---: |");
    for r in rows {
        let c = &r.recurrence;
        println!(
            "| {} | {:.0} ms | {:.1}% | {} | {:.0}% / {:.0}% / {:.0}% | {} | {} |",
            r.size.name(),
            c.link.as_secs_f64() * 1000.0,
            100.0 * c.link.as_secs_f64() / r.build.as_secs_f64(),
            c.links,
            100.0 * c.share[0],
            100.0 * c.share[1],
            100.0 * c.share[2],
            c.chains,
            c.longest,
        );
    }
}

/// Bytes as the table shows them.
fn mib(bytes: u64) -> String {
    format!("{:.1} MiB", bytes as f64 / (1024.0 * 1024.0))
}

/// A duration as the table shows it.
fn seconds(d: Duration) -> String {
    format!("{:.2} s", d.as_secs_f64())
}

/// The Markdown the README quotes: one table of whole-site figures, then one
/// of incremental rebuilds with a column for each kind of edit.
fn print_table(rows: &[Row], file_system: &str) {
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    println!(
        "\nplansite on generated corpora ({cores} cores; corpora and output on {file_system}; \
         build and check: median of {RUNS} runs; peak RSS: largest of the {RUNS} builds)\n"
    );
    println!(
        "| size | prisons | plans | recs | actions | pages | build | pages/s | CPU per page | peak RSS | output | files | largest page | check |"
    );
    println!(
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: |"
    );
    for r in rows {
        println!(
            "| {} | {} | {} | {} | {} | {} | {} | {:.0} | {:.3} ms | {} | {} | {} | {} KiB `{}` | {} |",
            r.size.name(),
            r.corpus.prisons,
            r.corpus.plans,
            r.corpus.recommendations,
            r.corpus.actions,
            r.pages,
            seconds(r.build),
            r.pages as f64 / r.build.as_secs_f64(),
            r.build_cpu.as_secs_f64() * 1000.0 / r.pages.max(1) as f64,
            mib(r.peak_rss_kib * 1024),
            mib(r.output.bytes),
            r.output.files,
            r.output.largest_page.0 / 1024,
            r.output.largest_page.1,
            seconds(r.check),
        );
    }
    print_search(rows);
    print_incremental(rows);
    print_serve_memory(rows);
    print_recurrence(rows);
    let find = |size: Size| rows.iter().find(|r| r.size == size);
    if let (Some(small), Some(estate)) = (find(Size::Small), find(Size::Estate)) {
        println!(
            "\nGrowth estate/small: build time {:.1}× for {:.1}× the recommendations (target: at most 13×).",
            estate.build.as_secs_f64() / small.build.as_secs_f64(),
            estate.corpus.recommendations as f64 / small.corpus.recommendations as f64
        );
    }
}
