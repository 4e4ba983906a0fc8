//! `plansite serve`: build the site into memory, serve it on localhost, and
//! with `--watch` rebuild on every change and reload open tabs.
//!
//! The site is held in memory and swapped whole after each successful
//! rebuild, so a request never sees a half-written site and `output/` is
//! never touched; a failed rebuild keeps the last good site and shows its
//! error in the terminal and in every tab.

mod connections;
pub mod http;
pub mod incremental;
pub mod live;
pub mod negotiate;
pub mod paths;
pub mod stored;
pub mod watch;

use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, mpsc};
use std::time::Instant;

use crate::diagnostics::{Diagnostic, plural};
use crate::pipeline::Options as PipelineOptions;
use crate::render::search;
use incremental::{Files, SearchRecords, Session};
use live::Live;

/// The port `serve` listens on unless told otherwise.
pub const DEFAULT_PORT: u16 = 1111;

/// How far `--next-free-port` looks past a taken port.
const PORTS_TO_TRY: u16 = 100;

/// What `serve` may be told on the command line.
#[derive(Clone, Debug)]
pub struct Options {
    pub interface: IpAddr,
    pub port: u16,
    /// Take the next free port when the asked one is taken, instead of failing.
    pub next_free_port: bool,
    pub watch: bool,
    pub as_of: Option<String>,
    /// Called once the first build is done, before the server starts: the
    /// binary tunes its allocator for a long life there, which would slow
    /// the first build if done before it.
    pub after_first_build: fn(),
}

/// Serves until Ctrl-C; false when it could not start.
pub fn run(root: &Path, options: &Options) -> bool {
    let listener = match bind(options) {
        Ok(listener) => listener,
        Err(message) => {
            eprintln!("error: {message}");
            return false;
        }
    };
    let address = match listener.local_addr() {
        Ok(address) => address,
        Err(err) => {
            eprintln!("error: cannot read the listening address: {err}");
            return false;
        }
    };
    let build_options = PipelineOptions {
        base_url: Some(format!("http://{address}/")),
        as_of: options.as_of.clone(),
    };
    let mut session = Session::new(root, build_options);
    let started = Instant::now();
    let first = session.rebuild(&[]);
    (options.after_first_build)();
    if let Err(problems) = &first
        && !options.watch
    {
        for problem in problems {
            problem.emit();
        }
        eprintln!(
            "serve: the site did not build; fix it, or run with --watch to fix it while serving"
        );
        return false;
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(err) => {
            eprintln!("error: cannot start the server: {err}");
            return false;
        }
    };
    if let Ok(rebuilt) = &first {
        println!(
            "built {} {} in {} ms",
            rebuilt.pages,
            plural(rebuilt.pages, "page"),
            started.elapsed().as_millis()
        );
    }
    let first = first.map(|rebuilt| (rebuilt.files, rebuilt.warnings));
    runtime.block_on(serve(
        root,
        listener,
        address,
        session,
        first,
        options.watch,
    ))
}

/// Binds the listener, saying plainly when the port is taken.
fn bind(options: &Options) -> Result<TcpListener, String> {
    let tries = if options.next_free_port {
        PORTS_TO_TRY
    } else {
        1
    };
    let mut last_error = None;
    for offset in 0..tries {
        let Some(port) = options.port.checked_add(offset) else {
            break;
        };
        match TcpListener::bind(SocketAddr::new(options.interface, port)) {
            Ok(listener) => return Ok(listener),
            Err(err) => last_error = Some((port, err)),
        }
    }
    let (port, err) = last_error.ok_or("no port to try")?;
    Err(match err.kind() {
        std::io::ErrorKind::AddrInUse if options.next_free_port => format!(
            "ports {}..={port} on {} are all taken",
            options.port, options.interface
        ),
        std::io::ErrorKind::AddrInUse => format!(
            "port {port} on {} is taken (another plansite serve?)\n  help: stop the other server, choose a port with --port N, or add --next-free-port to take the next free one",
            options.interface
        ),
        _ => format!("cannot listen on {}:{port}: {err}", options.interface),
    })
}

async fn serve(
    root: &Path,
    listener: TcpListener,
    address: SocketAddr,
    session: Session,
    first: Result<(Arc<Files>, Vec<Diagnostic>), Vec<Diagnostic>>,
    watching: bool,
) -> bool {
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let stopping = stopped.clone();
    let live = Arc::new(Live::new("/", stopped));
    accept(&live, first);
    let _watch = if watching {
        match start_watching(root, Arc::clone(&live), session) {
            Ok(watch) => Some(watch),
            Err(message) => {
                eprintln!("error: {message}");
                return false;
            }
        }
    } else {
        None
    };
    let listener = match listener
        .set_nonblocking(true)
        .and_then(|()| tokio::net::TcpListener::from_std(listener))
    {
        Ok(listener) => listener,
        Err(err) => {
            eprintln!("error: cannot serve on {address}: {err}");
            return false;
        }
    };
    let stop_signal = match stop_signal() {
        Ok(signal) => signal,
        Err(err) => {
            eprintln!("error: cannot listen for Ctrl-C: {err}");
            return false;
        }
    };
    let shutdown = async move {
        stop_signal.await;
        println!("stopping");
        let _ = stop.send(true);
    };
    println!(
        "serving {} at http://{address}/{}; press Ctrl-C to stop",
        root.display(),
        if watching {
            ", rebuilding on every change"
        } else {
            ""
        }
    );

    tokio::spawn(shutdown);
    let router = connections::guard_host(http::router(live), address);
    connections::serve(listener, router, stopping).await;
    search::abandon_indexes();
    true
}

/// Ctrl-C (and, on Unix, SIGTERM), registered now so that a signal sent as
/// soon as the server says it is serving already stops it cleanly.
fn stop_signal() -> std::io::Result<impl std::future::Future<Output = ()>> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let mut interrupt = signal(SignalKind::interrupt())?;
        let mut terminate = signal(SignalKind::terminate())?;
        Ok(async move {
            tokio::select! {
                _ = interrupt.recv() => {}
                _ = terminate.recv() => {}
            }
        })
    }
    #[cfg(not(unix))]
    {
        Ok(async {
            let _ = tokio::signal::ctrl_c().await;
        })
    }
}

/// Serves a good build, or keeps the last one and shows why the new one failed.
fn accept(live: &Live, result: Result<(Arc<Files>, Vec<Diagnostic>), Vec<Diagnostic>>) -> bool {
    match result {
        Ok((files, warnings)) => {
            // Warnings stay until their files are fixed: say them again only when they change.
            if live.warnings_changed(&warnings) {
                for warning in &warnings {
                    warning.emit();
                }
            }
            live.publish(files);
            true
        }
        Err(problems) => {
            let errors: Vec<String> = problems
                .iter()
                .filter(|d| d.is_error())
                .map(ToString::to_string)
                .collect();
            // Tabs first, so whoever reads the terminal finds them told.
            live.fail(errors.join("\n"));
            for problem in &problems {
                problem.emit();
            }
            eprintln!(
                "rebuild failed with {} {}; still serving the last good build",
                errors.len(),
                plural(errors.len(), "error")
            );
            false
        }
    }
}

/// Starts the watcher and the thread that rebuilds after each burst of changes.
fn start_watching(
    root: &Path,
    live: Arc<Live>,
    mut session: Session,
) -> Result<Arc<Mutex<watch::Watch>>, String> {
    let (changes, incoming) = mpsc::channel::<Vec<PathBuf>>();
    let watch = Arc::new(Mutex::new(watch::Watch::start(root, changes)?));
    let root = std::path::absolute(root).unwrap_or_else(|_| root.to_path_buf());
    let follower = Arc::clone(&watch);
    std::thread::Builder::new()
        .name("rebuild".into())
        .spawn(move || {
            let Ok(mut changed) = incoming.recv() else {
                return;
            };
            // Whether the served downloads lag behind the served pages; it
            // stays set through failed rebuilds until a quiet moment.
            let mut data_stale = false;
            let mut indexer = Indexer::default();
            loop {
                while let Ok(more) = incoming.try_recv() {
                    changed.extend(more);
                }
                if let Some(stale) = rebuild(&root, &live, &mut session, &changed) {
                    data_stale = stale;
                }
                if let Ok(mut watch) = follower.lock() {
                    watch.follow_folders();
                }
                // Downloads wait for a quiet moment: another change would
                // make them stale again at once.
                changed = loop {
                    indexer.collect(&live, &mut session);
                    match incoming.try_recv() {
                        Ok(more) => break more,
                        Err(mpsc::TryRecvError::Disconnected) => return,
                        Err(mpsc::TryRecvError::Empty) => {}
                    }
                    if data_stale {
                        if let Some(records) = refresh_data(&live, &mut session) {
                            indexer.start(records);
                        }
                        data_stale = false;
                    }
                    // While an index is made, look up now and then to serve it.
                    if indexer.busy() {
                        match incoming.recv_timeout(Indexer::LOOK_UP) {
                            Ok(more) => break more,
                            Err(mpsc::RecvTimeoutError::Timeout) => {}
                            Err(mpsc::RecvTimeoutError::Disconnected) => return,
                        }
                    } else {
                        match incoming.recv() {
                            Ok(more) => break more,
                            Err(_) => return,
                        }
                    }
                };
            }
        })
        .map_err(|err| format!("cannot start the rebuild thread: {err}"))?;
    Ok(watch)
}

/// One rebuild after `changed`, its stale pages served at once; whether
/// the data downloads are left to refresh, or `None` if the rebuild failed.
fn rebuild(root: &Path, live: &Live, session: &mut Session, changed: &[PathBuf]) -> Option<bool> {
    let started = Instant::now();
    let result = session.rebuild(changed);
    let summary = result
        .as_ref()
        .map(|r| (r.rendered, r.pages, r.removed, r.data_stale));
    let Ok((rendered, pages, removed, data_stale)) = summary else {
        accept(live, result.map(|r| (r.files, r.warnings)));
        return None;
    };
    accept(live, result.map(|r| (r.files, r.warnings)));
    let gone = if removed > 0 {
        format!(", {removed} removed")
    } else {
        String::new()
    };
    println!(
        "rebuilt {rendered} of {pages} {}{gone} in {} ms ({})",
        plural(pages, "page"),
        started.elapsed().as_millis(),
        describe(root, changed)
    );
    Some(data_stale)
}

/// Renders the data downloads and sitemap a partial rebuild left as they
/// were, and serves them; the records of the search index to make, if the
/// site has one.
fn refresh_data(live: &Live, session: &mut Session) -> Option<SearchRecords> {
    let started = Instant::now();
    match session.refresh_data() {
        Ok(refreshed) => {
            live.refresh(refreshed.files);
            println!(
                "updated the data downloads and sitemap in {} ms",
                started.elapsed().as_millis()
            );
            refreshed.search
        }
        Err(problems) => {
            for problem in problems {
                problem.emit();
            }
            None
        }
    }
}

/// Makes the search index on a thread of its own: at estate size it takes
/// longer than many edits, which are rebuilt and reloaded meanwhile. One
/// index is made at a time; records that come in the while wait, and only
/// the newest of them.
#[derive(Default)]
struct Indexer {
    running: Option<Running>,
    waiting: Option<SearchRecords>,
}

/// An index being made, when it was started, and which full build its records follow.
struct Running {
    started: Instant,
    full_builds: u64,
    done: mpsc::Receiver<Result<search::IndexFiles, String>>,
}

impl Indexer {
    /// How often the rebuild thread, with nothing to rebuild, looks whether the index is done.
    const LOOK_UP: std::time::Duration = std::time::Duration::from_millis(100);

    fn busy(&self) -> bool {
        self.running.is_some()
    }

    /// Indexes `records` now, or once the index being made is served.
    fn start(&mut self, job: SearchRecords) {
        if self.busy() {
            self.waiting = Some(job);
            return;
        }
        let SearchRecords {
            records,
            full_builds,
        } = job;
        let (send, done) = mpsc::channel();
        let spawned = std::thread::Builder::new()
            .name("search-index".into())
            .spawn(move || {
                // The rebuild thread may have stopped: no one to tell is not an error.
                let _ = send.send(records.index());
            });
        match spawned {
            Ok(_) => {
                self.running = Some(Running {
                    started: Instant::now(),
                    full_builds,
                    done,
                });
            }
            Err(err) => eprintln!("error: cannot start the search indexer: {err}"),
        }
    }

    /// Serves the index if it is done, and starts the one waiting.
    fn collect(&mut self, live: &Live, session: &mut Session) {
        let Some(running) = &self.running else {
            return;
        };
        let result = match running.done.try_recv() {
            Ok(result) => result,
            Err(mpsc::TryRecvError::Empty) => return,
            Err(mpsc::TryRecvError::Disconnected) => {
                Err("the search indexer stopped without an index".to_string())
            }
        };
        let (started, full_builds) = (running.started, running.full_builds);
        self.running = None;
        match result {
            Ok(index) => {
                if let Some(files) = session.take_index(index, full_builds) {
                    live.refresh(files);
                    println!(
                        "updated the search index in {} ms",
                        started.elapsed().as_millis()
                    );
                }
            }
            Err(message) => Diagnostic::error(search::BUNDLE_DIR, message).emit(),
        }
        if let Some(records) = self.waiting.take() {
            self.start(records);
        }
    }
}

/// "content/inspections/leicester-2018.md and 2 more", for the terminal.
fn describe(root: &Path, changed: &[PathBuf]) -> String {
    let mut names: Vec<String> = changed
        .iter()
        .map(|p| p.strip_prefix(root).unwrap_or(p).display().to_string())
        .collect();
    names.sort();
    names.dedup();
    match names.len() {
        0 => "no file".into(),
        1 => names.remove(0),
        n => format!("{} and {} more", names[0], n - 1),
    }
}
