//! `plansite serve` as a user meets it: a real server process on a free port,
//! spoken to over TCP, with files edited on disk while it runs.
//!
//! Requests are written by hand on a raw socket so that paths reach the
//! server exactly as sent (`..` and `%2e%2e` unnormalised), as an attacker
//! would send them.

mod common;

use std::fs;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::Command;
use std::thread;
use std::time::{Duration, Instant};

use common::server::{Response, Server, request};
use common::{PLAN, site_with_plan};

/// `plansite serve` on `root` as of a date after the test plan's.
fn serve(root: &Path, extra: &[&str]) -> Server {
    Server::start(root, &[&["--as-of", "2018-08-15"], extra].concat())
}

/// Polls `path` until `accept` holds, for edits the server must pick up.
fn eventually(server: &Server, path: &str, accept: impl Fn(&Response) -> bool) -> Response {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let response = server.get(path);
        if accept(&response) || Instant::now() > deadline {
            return response;
        }
        thread::sleep(Duration::from_millis(50));
    }
}

const PLAN_PAGE: &str = "/prisons/test/2018/";
const PLAN_FILE: &str = "content/inspections/test-2018.md";

#[test]
fn pages_are_served_with_their_types_folders_and_the_site_s_404() {
    let dir = site_with_plan(PLAN);
    let server = serve(dir.path(), &[]);
    let page = server.get(PLAN_PAGE);
    assert_eq!(page.status, 200);
    assert!(
        page.headers
            .contains("content-type: text/html; charset=utf-8"),
        "{}",
        page.headers
    );
    assert!(
        page.body.contains("Violence should be reduced"),
        "{}",
        page.body
    );
    let css = server.get("/style.css");
    assert_eq!(css.status, 200);
    assert!(
        css.headers.contains("content-type: text/css"),
        "{}",
        css.headers
    );
    let csv = server.get("/data/actions.csv");
    assert!(
        csv.headers.contains("content-type: text/csv"),
        "{}",
        csv.headers
    );
    let redirect = server.get("/prisons/test");
    assert_eq!(redirect.status, 307);
    assert!(
        redirect.headers.contains("location: /prisons/test/"),
        "{}",
        redirect.headers
    );
    let missing = server.get("/prisons/nowhere/");
    assert_eq!(missing.status, 404);
    let site_404 = fs::read_to_string(dir.path().join("output/404.html"));
    assert!(site_404.is_err(), "serve wrote output/");
    assert!(
        missing.body.contains("<html"),
        "not the site's 404 page: {}",
        missing.body
    );
}

/// plansite keeps no transparent huge pages, whose being mostly free would
/// not let its resident memory fall (Linux shows it in `THP_enabled`);
/// `serve` is the command that lives long enough to be looked at.
#[cfg(target_os = "linux")]
#[test]
fn plansite_turns_huge_pages_off_for_itself() {
    let dir = site_with_plan(PLAN);
    let server = serve(dir.path(), &[]);
    let status =
        fs::read_to_string(format!("/proc/{}/status", server.pid())).expect("the server's status");
    let mine = fs::read_to_string("/proc/self/status").expect("this test's status");
    let thp = |status: &str| {
        status
            .lines()
            .find_map(|line| line.strip_prefix("THP_enabled:"))
            .map(|value| value.trim().to_string())
    };
    // A kernel older than 5.0 shows no such line; there is nothing to check.
    if thp(&mine).is_some() {
        assert_eq!(thp(&status).as_deref(), Some("0"), "{status}");
    }
}

#[test]
fn no_request_reads_outside_the_built_site() {
    let dir = site_with_plan(PLAN);
    fs::write(dir.path().join("secret.txt"), "SECRET").expect("secret");
    let server = serve(dir.path(), &[]);
    for path in [
        "/../secret.txt",
        "/../../../../etc/passwd",
        "/%2e%2e/secret.txt",
        "/prisons/%2E%2E/%2E%2E/secret.txt",
        "/prisons/..%2fsecret.txt",
        "/..%5csecret.txt",
        "/prisons\\..\\..\\secret.txt",
        "//etc/passwd",
        "/content/inspections/test-2018.md",
        "/plansite.toml",
    ] {
        let response = server.get(path);
        assert!(
            response.status == 400 || response.status == 404,
            "{path}: status {}",
            response.status
        );
        assert!(!response.body.contains("SECRET"), "{path} leaked a file");
        assert!(
            !response.body.contains("root:x:0"),
            "{path} leaked /etc/passwd"
        );
        assert!(
            !response.body.contains("prison: test"),
            "{path} leaked content"
        );
    }
}

#[test]
fn the_reload_script_is_added_when_serving_and_never_by_build() {
    let dir = site_with_plan(PLAN);
    let server = serve(dir.path(), &[]);
    let served = server.get(PLAN_PAGE);
    assert!(
        served.body.contains("/__plansite/live.js"),
        "no script served"
    );
    let script = server.get("/__plansite/live.js");
    assert_eq!(script.status, 200);
    assert!(script.body.contains("EventSource"), "{}", script.body);
    drop(server);
    let built = common::plansite(dir.path(), "build", &[]);
    assert!(built.success, "{}", built.output);
    let page = fs::read_to_string(dir.path().join("output/prisons/test/2018/index.html"))
        .expect("built page");
    assert!(!page.contains("__plansite"), "build wrote the live script");
}

#[test]
fn watch_rebuilds_on_edit_keeps_the_last_good_site_on_error_and_drops_deleted_pages() {
    let dir = site_with_plan(PLAN);
    let server = serve(dir.path(), &["--watch"]);
    let plan = dir.path().join(PLAN_FILE);
    fs::write(
        &plan,
        PLAN.replace("Violence should be reduced.", "Bullying should stop."),
    )
    .expect("edit");
    server.wait_for("rebuilt ", Duration::from_secs(20));
    let edited = eventually(&server, PLAN_PAGE, |r| {
        r.body.contains("Bullying should stop")
    });
    assert!(
        edited.body.contains("Bullying should stop"),
        "edit not served"
    );

    // line 8 of the plan: `    themes: [helth]` (the slug at column 14), an
    // editor's typo and so an error (a decision label would only warn)
    let broken = PLAN.replace(
        "    decision: Agreed\n",
        "    decision: Agreed\n    themes: [helth]\n",
    );
    fs::write(&plan, broken).expect("break");
    server.wait_for("rebuild failed", Duration::from_secs(20));
    let kept = server.get(PLAN_PAGE);
    assert_eq!(kept.status, 200);
    assert!(
        kept.body.contains("Bullying should stop"),
        "the last good site is gone"
    );
    let events = server.hello();
    assert!(
        events.contains("content/inspections/test-2018.md:8:14") && events.contains("helth"),
        "the error is not offered to tabs: {events}"
    );

    fs::write(&plan, PLAN).expect("fix");
    server.wait_for("rebuilt ", Duration::from_secs(20));
    assert!(
        server.hello().contains("\"error\":null"),
        "the error stayed"
    );

    fs::remove_file(&plan).expect("delete");
    server.wait_for("rebuilt ", Duration::from_secs(20));
    let gone = eventually(&server, PLAN_PAGE, |r| r.status == 404);
    assert_eq!(gone.status, 404, "a deleted plan's page is still served");
}

/// With `build_search_index`, `serve --watch` serves the search index and
/// brings it up to date after an edit, after the edited page is served:
/// the reload does not wait for the index.
#[test]
fn watch_brings_the_search_index_up_to_date_after_the_page() {
    let dir = common::site(&[
        ("plansite.toml", "build_search_index = true\n"),
        ("content/prisons/test.md", common::PRISON),
        ("content/inspections/test-2018.md", PLAN),
    ]);
    let server = serve(dir.path(), &["--watch"]);
    let entry = "/pagefind/pagefind-entry.json";
    let before = server.get(entry);
    assert_eq!(before.status, 200, "no search index is served");
    fs::write(
        dir.path().join(PLAN_FILE),
        PLAN.replace("Violence should be reduced.", "Bullying should stop."),
    )
    .expect("edit");
    server.wait_for("rebuilt ", Duration::from_secs(20));
    server.wait_for("updated the search index", Duration::from_secs(60));
    let after = server.get(entry);
    assert_eq!(after.status, 200);
    assert_ne!(
        before.body, after.body,
        "the index names the same files after the edit"
    );
    let page = server.get(PLAN_PAGE);
    assert!(
        page.body.contains("Bullying should stop"),
        "edit not served"
    );
}

#[test]
fn editor_leftovers_cause_no_rebuild() {
    let dir = site_with_plan(PLAN);
    let server = serve(dir.path(), &["--watch"]);
    let folder = dir.path().join("content/inspections");
    for name in [
        ".test-2018.md.swp",
        "test-2018.md~",
        ".#test-2018.md",
        "4913",
    ] {
        fs::write(folder.join(name), "not: [valid").expect("leftover");
    }
    let printed = server.lines_during(Duration::from_millis(1500));
    assert!(
        !printed.iter().any(|l| l.contains("rebuil")),
        "leftovers triggered a rebuild: {printed:?}"
    );
    fs::write(folder.join("test-2018.md"), PLAN).expect("real save");
    server.wait_for("rebuilt ", Duration::from_secs(20));
}

#[test]
fn a_taken_port_is_reported_and_the_next_free_one_taken_only_when_asked() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").expect("a port");
    let port = taken.local_addr().expect("address").port().to_string();
    let dir = site_with_plan(PLAN);
    let refused = Command::new(env!("CARGO_BIN_EXE_plansite"))
        .args(["serve", "--port", &port, "--root"])
        .arg(dir.path())
        .env("NO_COLOR", "1")
        .output()
        .expect("plansite runs");
    assert!(!refused.status.success());
    let message = String::from_utf8_lossy(&refused.stderr);
    assert!(
        message.contains(&format!("port {port}")) && message.contains("is taken"),
        "{message}"
    );
    assert!(message.contains("--next-free-port"), "{message}");
    let server = serve(dir.path(), &["--port", &port, "--next-free-port"]);
    assert_ne!(server.port.to_string(), port);
    assert_eq!(server.get("/").status, 200);
}

#[test]
fn ctrl_c_stops_the_server_cleanly() {
    let dir = site_with_plan(PLAN);
    let mut server = serve(dir.path(), &["--watch"]);
    // Keep a tab's event stream open: stopping must not wait for it.
    let _tab = TcpStream::connect(("127.0.0.1", server.port)).and_then(|mut s| {
        write!(
            s,
            "GET /__plansite/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
        )
        .map(|()| s)
    });
    let status = stop_with_ctrl_c(&mut server);
    assert!(status.success(), "exit status {status}");
    server.wait_for("stopping", Duration::from_secs(1));
}

/// Sends the server Ctrl-C's signal and waits for it to end.
fn stop_with_ctrl_c(server: &mut Server) -> std::process::ExitStatus {
    let pid = server.child.id().to_string();
    let signalled = Command::new("kill")
        .args(["-INT", &pid])
        .status()
        .expect("kill runs");
    assert!(signalled.success());
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        if let Some(status) = server.child.try_wait().expect("child state") {
            return status;
        }
        assert!(Instant::now() < deadline, "the server did not stop");
        thread::sleep(Duration::from_millis(50));
    }
}

/// The search index's scratch folders in `folder`.
fn index_scratch(folder: &Path) -> Vec<String> {
    fs::read_dir(folder)
        .expect("the scratch folder reads")
        .filter_map(|entry| entry.ok())
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with("plansite-search-"))
        .collect()
}

#[test]
fn ctrl_c_while_the_index_is_made_leaves_no_scratch_folder() {
    let dir = common::copy_of_the_site();
    let scratch = tempfile::tempdir().expect("a scratch folder");
    let mut server =
        Server::start_with_env(dir.path(), &["--watch"], &[("TMPDIR", scratch.path())]);
    let plan = dir.path().join("content/inspections/leicester-2025.md");
    let text = fs::read_to_string(&plan).expect("the plan reads");
    // Catch the index at work: after each edit, look for its folder until it is made.
    let seen = (1..=5).any(|edit| {
        fs::write(&plan, format!("{text}\nEdit {edit}.\n")).expect("edit");
        server.wait_for("rebuilt ", Duration::from_secs(60));
        let deadline = Instant::now() + Duration::from_secs(30);
        while Instant::now() < deadline {
            if !index_scratch(scratch.path()).is_empty() {
                return true;
            }
            thread::sleep(Duration::from_millis(2));
        }
        false
    });
    assert!(seen, "no index was seen being made");
    let status = stop_with_ctrl_c(&mut server);
    assert!(status.success(), "exit status {status}");
    assert_eq!(index_scratch(scratch.path()), Vec::<String>::new());
}

#[test]
fn only_requests_for_localhost_are_answered_on_a_loopback_address() {
    let dir = site_with_plan(PLAN);
    let server = serve(dir.path(), &[]);
    let port = server.port;
    for host in [
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        "localhost".into(),
    ] {
        assert_eq!(
            common::server::get_for_host(port, "/", &host).status,
            200,
            "{host}"
        );
    }
    // A page elsewhere whose host name was pointed at 127.0.0.1 (DNS rebinding).
    for host in [format!("rebind.example:{port}"), "localhost.example".into()] {
        assert_eq!(
            common::server::get_for_host(port, "/", &host).status,
            403,
            "{host}"
        );
    }
}

#[test]
fn a_connection_that_never_finishes_its_headers_is_closed() {
    let dir = site_with_plan(PLAN);
    let server = serve(dir.path(), &[]);
    let mut slow = TcpStream::connect(("127.0.0.1", server.port)).expect("the server accepts");
    write!(slow, "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n").expect("half a request sent");
    slow.set_read_timeout(Some(Duration::from_secs(30)))
        .expect("timeout set");
    let started = Instant::now();
    let mut rest = Vec::new();
    // The server closes it (at once, or after a 408): the read ends instead of timing out.
    let read = std::io::Read::read_to_end(&mut slow, &mut rest);
    assert!(read.is_ok(), "the connection was held open: {read:?}");
    assert!(started.elapsed() < Duration::from_secs(30));
}

/// How many sockets the process `pid` holds open.
fn open_sockets(pid: u32) -> usize {
    fs::read_dir(format!("/proc/{pid}/fd"))
        .expect("the server's file handles")
        .filter_map(Result::ok)
        .filter(|fd| {
            fs::read_link(fd.path()).is_ok_and(|l| l.to_string_lossy().starts_with("socket:"))
        })
        .count()
}

#[test]
fn idle_connections_beyond_the_cap_wait_and_a_tab_still_gets_its_page() {
    let dir = site_with_plan(PLAN);
    let server = serve(dir.path(), &[]);
    let address = std::net::SocketAddr::from(([127, 0, 0, 1], server.port));
    // 400 connections that never send a byte, more than the cap of 256
    // (and fewer than this process's 1024 open files).
    let idle: Vec<TcpStream> = (0..400)
        .filter_map(|_| TcpStream::connect_timeout(&address, Duration::from_secs(1)).ok())
        .collect();
    assert!(idle.len() >= 300, "only {} connections opened", idle.len());
    thread::sleep(Duration::from_millis(500));
    let held = open_sockets(server.pid());
    assert!(held <= 256 + 8, "the server holds {held} sockets");
    // Once the header time limit has dropped them, a tab is served.
    let deadline = Instant::now() + Duration::from_secs(40);
    loop {
        let answered = std::panic::catch_unwind(|| server.get("/").status == 200);
        if answered.unwrap_or(false) {
            break;
        }
        assert!(Instant::now() < deadline, "the tab was locked out");
    }
    drop(idle);
}

fn gunzip(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(bytes)
        .read_to_end(&mut out)
        .expect("a gzip body");
    out
}

#[test]
fn text_is_sent_gzipped_to_browsers_that_take_it_and_plain_to_others() {
    let dir = site_with_plan(PLAN);
    let server = serve(dir.path(), &[]);
    let port = server.port;
    let plain = request(port, "GET", PLAN_PAGE, "");
    assert_eq!(plain.status, 200);
    assert_eq!(plain.header("content-encoding"), None, "{}", plain.headers);
    assert_eq!(plain.header("vary"), Some("accept-encoding"));
    let length: usize = plain
        .header("content-length")
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no length: {}", plain.headers));
    assert_eq!(length, plain.body.len());
    let page = String::from_utf8(plain.body.clone()).expect("utf-8 page");
    assert!(page.contains("Violence should be reduced"), "{page}");
    assert!(
        page.contains("/__plansite/live.js\" data-build=\"") && page.ends_with("</html>\n"),
        "the reload script is not in place: {page}"
    );
    for browser in [
        "Accept-Encoding: gzip, deflate, br, zstd\r\n",
        "Accept-Encoding: br;q=1.0, gzip;q=0.5\r\n",
    ] {
        let gzipped = request(port, "GET", PLAN_PAGE, browser);
        assert_eq!(gzipped.status, 200);
        assert_eq!(gzipped.header("content-encoding"), Some("gzip"));
        assert_eq!(gzipped.header("vary"), Some("accept-encoding"));
        assert_eq!(
            gzipped.header("content-length"),
            Some(gzipped.body.len().to_string().as_str())
        );
        assert!(gzipped.body.len() < plain.body.len());
        assert_eq!(gunzip(&gzipped.body), plain.body, "{browser}");
    }
    let refused = request(port, "GET", PLAN_PAGE, "Accept-Encoding: gzip;q=0\r\n");
    assert_eq!(refused.header("content-encoding"), None);
    assert_eq!(refused.body, plain.body);
    let nothing = request(
        port,
        "GET",
        PLAN_PAGE,
        "Accept-Encoding: identity;q=0, gzip;q=0\r\n",
    );
    assert_eq!(nothing.status, 406);
    // Other text too, without the script; the site's 404 with its status.
    let csv = request(
        port,
        "GET",
        "/data/actions.csv",
        "Accept-Encoding: gzip\r\n",
    );
    let plain_csv = request(port, "GET", "/data/actions.csv", "");
    assert_eq!(csv.header("content-encoding"), Some("gzip"));
    assert_eq!(gunzip(&csv.body), plain_csv.body);
    assert!(!String::from_utf8_lossy(&plain_csv.body).contains("__plansite"));
    let missing = request(port, "GET", "/nowhere/", "Accept-Encoding: gzip\r\n");
    assert_eq!(missing.status, 404);
    let missing_page = String::from_utf8(gunzip(&missing.body)).expect("utf-8");
    assert!(
        missing_page.contains("/__plansite/live.js"),
        "{missing_page}"
    );
}

#[test]
fn a_head_request_gets_the_headers_of_its_get_and_no_body() {
    let dir = site_with_plan(PLAN);
    let server = serve(dir.path(), &[]);
    for encoding in ["", "Accept-Encoding: gzip\r\n"] {
        let get = request(server.port, "GET", PLAN_PAGE, encoding);
        let head = request(server.port, "HEAD", PLAN_PAGE, encoding);
        assert_eq!(head.status, 200);
        assert!(head.body.is_empty(), "a body for HEAD");
        for name in ["content-type", "content-encoding", "vary", "content-length"] {
            assert_eq!(
                head.header(name),
                get.header(name),
                "{name}: {}",
                head.headers
            );
        }
    }
}
