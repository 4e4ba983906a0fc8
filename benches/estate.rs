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
//!   process (this one, an earlier run, the corpus writer) is counted;
//! - the output's size (every file's length added up) and its largest HTML page;
//! - `check`: wall time, the median of 3 runs;
//! - incremental: `plansite serve --watch` on the site, one sentence appended
//!   to a plan's introduction, and the time until it prints
//!   `rebuilt N pages in MS ms`: both its own MS and the wall time from the
//!   write to that line, medians of up to 3 edits.
//!
//! Progress goes to standard error; standard output gets a Markdown table.

#[path = "../examples/corpus/generate/mod.rs"]
mod generate;

use std::fs::File;
use std::io::{BufRead, BufReader, Read, Seek, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use generate::Size;

const RUNS: usize = 3;
const EDITS: usize = 3;

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
    peak_rss_kib: u64,
    output_bytes: u64,
    largest_page: (u64, String),
    check: Duration,
    incremental: String,
}

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
    let (output_bytes, largest_page) = output_size(&output);
    let mut checks = Vec::new();
    for run in 1..=RUNS {
        eprintln!("[{name}] check {run}/{RUNS}");
        checks.push(run_measured(binary, &["check", "--root", root]).wall);
    }
    eprintln!("[{name}] incremental rebuild in serve --watch");
    let incremental = incremental(binary, site);
    Row {
        size,
        corpus,
        pages,
        build: median(builds.iter().map(|b| b.wall).collect()),
        peak_rss_kib: builds.iter().map(|b| b.max_rss_kib).max().unwrap_or(0),
        output_bytes,
        largest_page,
        check: median(checks),
        incremental,
    }
}

struct Measured {
    wall: Duration,
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
    Measured {
        wall,
        max_rss_kib: usage.ru_maxrss.max(0) as u64,
        stdout: out,
    }
}

fn median(mut values: Vec<Duration>) -> Duration {
    values.sort();
    values[values.len() / 2]
}

fn count_html(folder: &Path) -> u64 {
    walkdir::WalkDir::new(folder)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "html"))
        .count() as u64
}

/// Every file's length added up, and the largest HTML page with its path.
fn output_size(folder: &Path) -> (u64, (u64, String)) {
    let mut total = 0;
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
        if entry.path().extension().is_some_and(|x| x == "html") && length > largest.0 {
            let relative = entry.path().strip_prefix(folder).unwrap_or(entry.path());
            largest = (length, relative.display().to_string());
        }
    }
    (total, largest)
}

/// The time from saving one plan to the finished rebuild in `serve --watch`.
fn incremental(binary: &Path, site: &Path) -> String {
    let help = Command::new(binary)
        .args(["serve", "--help"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
    if !help.is_ok_and(|s| s.success()) {
        return "n/a (serve not built yet)".to_string();
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
    let result = edits(site, &received);
    server.kill().expect("stop plansite serve");
    server.wait().expect("reap plansite serve");
    match result {
        Ok((reported, wall)) => format!(
            "{} ms (wall {} ms)",
            median(reported).as_millis(),
            median(wall).as_millis()
        ),
        Err(problem) => format!("failed: {problem}"),
    }
}

type Timings = (Vec<Duration>, Vec<Duration>);

fn edits(site: &Path, lines: &mpsc::Receiver<(Instant, String)>) -> Result<Timings, String> {
    let patience = Duration::from_secs(600);
    // The server prints its address once the first build is served.
    wait_for(lines, patience, |line| line.contains("serving"))?;
    std::thread::sleep(Duration::from_millis(500));
    let plan = first_plan(site)?;
    let (mut reported, mut wall) = (Vec::new(), Vec::new());
    for edit in 1..=EDITS {
        let written = {
            let mut file = std::fs::OpenOptions::new()
                .append(true)
                .open(&plan)
                .map_err(|e| format!("cannot open {}: {e}", plan.display()))?;
            writeln!(
                file,
                "\nEdit {edit}: the plan was reviewed again and its owners confirmed."
            )
            .map_err(|e| format!("cannot write {}: {e}", plan.display()))?;
            Instant::now()
        };
        let (at, line) = wait_for(lines, patience, |line| line.starts_with("rebuilt "))?;
        let ms = line
            .split(" in ")
            .nth(1)
            .and_then(|rest| rest.split_whitespace().next())
            .and_then(|n| n.parse::<u64>().ok())
            .ok_or_else(|| format!("cannot read the time in `{line}`"))?;
        reported.push(Duration::from_millis(ms));
        wall.push(at.duration_since(written));
        if ms > 10_000 {
            break; // a slow rebuild once is measurement enough
        }
        std::thread::sleep(Duration::from_secs(1));
    }
    Ok((reported, wall))
}

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

/// The first plan in name order: the one the edits append to.
fn first_plan(site: &Path) -> Result<PathBuf, String> {
    let folder = site.join("content/inspections");
    let mut plans: Vec<PathBuf> = std::fs::read_dir(&folder)
        .map_err(|e| format!("cannot list {}: {e}", folder.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    plans.sort();
    plans
        .into_iter()
        .next()
        .ok_or_else(|| "the corpus has no plans".to_string())
}

fn mib(bytes: u64) -> String {
    format!("{:.1} MiB", bytes as f64 / (1024.0 * 1024.0))
}

fn seconds(d: Duration) -> String {
    format!("{:.2} s", d.as_secs_f64())
}

fn print_table(rows: &[Row], file_system: &str) {
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    println!(
        "\nplansite on generated corpora ({cores} cores; corpora and output on {file_system}; \
         build and check: median of {RUNS} runs; peak RSS: largest of the {RUNS} builds; \
         incremental: median of up to {EDITS} edits)\n"
    );
    println!(
        "| size | prisons | plans | recs | actions | pages | build | pages/s | peak RSS | output | largest page | check | incremental (serve --watch) |"
    );
    println!(
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | --- |"
    );
    for r in rows {
        println!(
            "| {} | {} | {} | {} | {} | {} | {} | {:.0} | {} | {} | {} KiB `{}` | {} | {} |",
            r.size.name(),
            r.corpus.prisons,
            r.corpus.plans,
            r.corpus.recommendations,
            r.corpus.actions,
            r.pages,
            seconds(r.build),
            r.pages as f64 / r.build.as_secs_f64(),
            mib(r.peak_rss_kib * 1024),
            mib(r.output_bytes),
            r.largest_page.0 / 1024,
            r.largest_page.1,
            seconds(r.check),
            r.incremental
        );
    }
    let find = |size: Size| rows.iter().find(|r| r.size == size);
    if let (Some(small), Some(estate)) = (find(Size::Small), find(Size::Estate)) {
        println!(
            "\nGrowth estate/small: build time {:.1}× for {:.1}× the recommendations (target: at most 13×).",
            estate.build.as_secs_f64() / small.build.as_secs_f64(),
            estate.corpus.recommendations as f64 / small.corpus.recommendations as f64
        );
    }
}
