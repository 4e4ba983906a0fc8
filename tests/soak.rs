//! A thousand saves in a row: `plansite serve --watch` on a copy of the
//! repository's site stays up, ends serving the last good save, and its
//! memory stays flat.
//!
//! The Leicester 2018 plan is saved 1000 times, 5 to 10 ms apart, alternately
//! written in place and renamed into place (as editors do). Each valid save
//! gives recommendation 5.1 a numbered text and cycles its decision; every
//! 100th save (the 50th, 150th, ... 950th) is invalid, alternately an unknown
//! decision and an unclosed quote. Saves so close together are one burst to
//! the debouncer, so on every 25th save the test waits until the server has
//! built exactly that save (its text on the plan page, or its error in the
//! event stream's greeting): forty builds waited for, ten of them failed, each
//! of the whole real site (the server may build more, mid-burst). The last
//! save is valid and must be what is served.
//!
//! Run alone: `cargo test --test soak -- --nocapture` (prints the resident
//! memory at each waited-for save).

mod common;

use std::fs;
use std::path::PathBuf;
use std::thread;
use std::time::{Duration, Instant};

use common::server::{Server, get, hello};

const SAVES: usize = 1000;
/// The test waits for the server's build of every save numbered a multiple of this.
const SYNC_EVERY: usize = 25;
/// Generous for one debug rebuild of the whole site on a busy CI machine.
const STEP_TIMEOUT: Duration = Duration::from_secs(20);
const PLAN_FILE: &str = "content/inspections/leicester-2018.md";
const PLAN_PAGE: &str = "/prisons/leicester/2018/";

/// The error of the server's last build, from the greeting that opens the
/// live event stream (`hello`, whose `error` is null after a good build).
fn build_error(port: u16) -> Option<String> {
    let data = hello(port);
    let hello: serde_json::Value = serde_json::from_str(&data)
        .unwrap_or_else(|err| panic!("the greeting `{data}` is not JSON: {err}"));
    hello["error"].as_str().map(str::to_string)
}

/// Polls until `probe` gives a value, or panics naming `what`.
fn until<T>(what: &str, mut probe: impl FnMut() -> Option<T>) -> T {
    let deadline = Instant::now() + STEP_TIMEOUT;
    loop {
        if let Some(value) = probe() {
            return value;
        }
        assert!(
            Instant::now() < deadline,
            "no {what} within {STEP_TIMEOUT:?}"
        );
        thread::sleep(Duration::from_millis(20));
    }
}

/// Resident memory of a process in KiB (Linux), from `/proc/<pid>/status`.
fn resident_kib(pid: u32) -> Option<u64> {
    let status = fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmRSS:"))
        .and_then(|value| value.trim().trim_end_matches("kB").trim().parse().ok())
}

/// What save `n` writes, and how the test recognises its build.
enum Save {
    /// A valid plan whose recommendation 5.1 reads this sentence.
    Valid(String),
    /// An invalid plan; the build error contains this (when known in advance).
    Invalid(Option<String>),
}

/// The plan file of save `n`, from the original text split around 5.1's text
/// and decision.
struct Variants {
    before_text: String,
    between: String,
    after_decision: String,
}

impl Variants {
    fn new(original: &str) -> Variants {
        let start = original
            .find("- ref: \"5.1\"")
            .expect("recommendation 5.1 in the plan");
        let text_at = start
            + original[start..]
                .find("  text: >-\n")
                .expect("5.1 has folded text");
        let decision_at = text_at
            + original[text_at..]
                .find("  decision: Agreed\n")
                .expect("5.1 is agreed");
        // The folded text's lines are indented four spaces; keep what follows them.
        let text_end = text_at
            + "  text: >-\n".len()
            + original[text_at + "  text: >-\n".len()..decision_at]
                .lines()
                .take_while(|line| line.starts_with("    "))
                .map(|line| line.len() + 1)
                .sum::<usize>();
        Variants {
            before_text: original[..text_at].to_string(),
            between: original[text_end..decision_at].to_string(),
            after_decision: original[decision_at + "  decision: Agreed\n".len()..].to_string(),
        }
    }

    fn save(&self, n: usize) -> (String, Save) {
        let assemble = |text: &str, decision: &str| {
            format!(
                "{}  text: >-\n    {text}\n{}  decision: {decision}\n{}",
                self.before_text, self.between, self.after_decision
            )
        };
        if n % 100 == 50 {
            if n % 200 == 50 {
                // A misspelt theme: the editor's typo, an error (a decision
                // label the plan writes would only warn).
                let theme = format!("helth-{n}");
                let file = assemble(
                    "An ordinary sentence.",
                    &format!("Agreed\n  themes: [{theme}]"),
                );
                (
                    file,
                    Save::Invalid(Some(format!("unknown theme `{theme}`"))),
                )
            } else {
                // A decision that opens a quote and never closes it.
                let file = assemble(&format!("Save {n} leaves a quote open."), "\"Agreed");
                (file, Save::Invalid(None))
            }
        } else {
            let sentence =
                format!("Soak save {n} of {SAVES}: the wing keeps a weekly violence log.");
            let decision = ["Agreed", "Partly Agreed", "Not Agreed"][n % 3];
            (assemble(&sentence, decision), Save::Valid(sentence))
        }
    }
}

#[test]
fn a_thousand_saves_leave_the_server_up_serving_the_last_good_site_with_flat_memory() {
    let started = Instant::now();
    let site = common::copy_of_the_site();
    let root = site.path();
    let plan: PathBuf = root.join(PLAN_FILE);
    let variants = Variants::new(&fs::read_to_string(&plan).expect("the plan reads"));
    // Written outside the watched folders, then renamed over the plan.
    let staging = root.join("plan.saving");

    let mut server = Server::start(root, &["--watch", "--as-of", "2026-01-31"]);
    let port = server.port;
    let mut memory_after_100 = None;
    // The last save the test saw built, and its text.
    let (mut last_built, mut last_sentence) = (0, String::new());
    let (mut rebuilt, mut failed) = (0, 0);

    for n in 1..=SAVES {
        let (file, save) = variants.save(n);
        if n % 2 == 0 {
            fs::write(&plan, &file).expect("the plan saves in place");
        } else {
            fs::write(&staging, &file).expect("the save is staged");
            fs::rename(&staging, &plan).expect("the save is renamed into place");
        }
        if n % SYNC_EVERY == 0 || matches!(save, Save::Invalid(_)) {
            match &save {
                Save::Valid(sentence) => {
                    until(&format!("build of save {n} on {PLAN_PAGE}"), || {
                        let page = get(port, PLAN_PAGE);
                        (page.status == 200 && page.body.contains(sentence.as_str())).then_some(())
                    });
                    last_built = n;
                    last_sentence.clone_from(sentence);
                }
                Save::Invalid(words) => {
                    // A save in place is not atomic: a rebuild may read an
                    // earlier save half-written and fail on that first, so
                    // wait for this save's own words where they are known.
                    let error = until(&format!("failed build of save {n}"), || {
                        build_error(port).filter(|error| {
                            words
                                .as_ref()
                                .is_none_or(|words| error.contains(words.as_str()))
                        })
                    });
                    assert!(error.contains(PLAN_FILE), "save {n}: {error}");
                    // Meanwhile a good build is still served: the one the
                    // test last saw, or one of a valid save since (the
                    // debouncer may end a burst early on a slow machine).
                    let page = get(port, PLAN_PAGE);
                    assert_eq!(page.status, 200, "save {n}: the plan page went away");
                    let served = page
                        .body
                        .split("Soak save ")
                        .nth(1)
                        .and_then(|rest| rest.split(' ').next())
                        .and_then(|number| number.parse::<usize>().ok());
                    assert!(
                        served.is_some_and(|k| (last_built..n).contains(&k)),
                        "save {n}: the plan page shows save {served:?}, not a good save from \
                         {last_built} to {}",
                        n - 1
                    );
                }
            }
            for line in server.drain() {
                rebuilt += usize::from(line.starts_with("rebuilt "));
                failed += usize::from(line.starts_with("rebuild failed"));
            }
            let memory = resident_kib(server.pid());
            if let Some(kib) = memory {
                println!("save {n:4}: resident {:6} KiB", kib);
            }
            if n == 100 {
                memory_after_100 = memory;
            }
        } else {
            thread::sleep(Duration::from_millis(5 + (n % 6) as u64));
        }
    }

    // The last save was valid: once the server is quiet, it is what is served.
    assert!(
        matches!(variants.save(SAVES).1, Save::Valid(_)),
        "the last save must be valid"
    );
    // Save 1000 is built (the loop waited for it); let the terminal fall quiet.
    for line in server.lines_during(Duration::from_millis(300)) {
        rebuilt += usize::from(line.starts_with("rebuilt "));
        failed += usize::from(line.starts_with("rebuild failed"));
    }
    assert!(server.still_running(), "the server died");
    assert_eq!(get(port, "/").status, 200, "GET / after the saves");
    let page = get(port, PLAN_PAGE);
    assert_eq!(page.status, 200, "GET {PLAN_PAGE} after the saves");
    assert!(
        page.body.contains(last_sentence.as_str()),
        "the plan page does not show the last save `{last_sentence}`"
    );
    assert_eq!(build_error(port), None, "the last build is reported failed");
    println!(
        "{SAVES} saves: {rebuilt} rebuilds, {failed} failed rebuilds, {:.1} s",
        started.elapsed().as_secs_f64()
    );
    assert!(
        failed >= 10,
        "only {failed} failed rebuilds: the invalid saves were not built"
    );

    match (memory_after_100, resident_kib(server.pid())) {
        (Some(early), Some(late)) => {
            // The bound: 1.5 times the memory after the first 100 saves, plus
            // 30 MiB. Measured in a debug build: about 37 MiB after 100 saves
            // and 39 MiB after 1000, so a healthy server stays far inside it
            // (the built site, 3 MiB in 185 files, is held twice at most
            // during a swap, and the allocator keeps freed pages for reuse).
            // After save 100 the server makes at least 27 good builds (each
            // waited-for valid save is a distinct build), so a leak of 2 MiB
            // a build breaks the bound; keeping each old site (3 MiB) alive
            // would break it by far.
            let bound = early * 3 / 2 + 30 * 1024;
            println!("resident memory: {early} KiB after 100 saves, {late} KiB after {SAVES}");
            assert!(
                late <= bound,
                "resident memory grew from {early} KiB after 100 saves to {late} KiB after {SAVES} \
                 (bound {bound} KiB): a leak per rebuild?"
            );
        }
        _ => println!("note: no /proc/<pid>/status here (not Linux?): memory not checked"),
    }
}
