//! A real `plansite serve` process, spoken to over TCP.
//!
//! Requests are written by hand on a raw socket so that paths reach the
//! server exactly as sent (`..` and `%2e%2e` unnormalised).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

/// A running `plansite serve`, killed when dropped (also on a failed assertion).
pub struct Server {
    pub child: Child,
    pub port: u16,
    lines: mpsc::Receiver<String>,
}

impl Server {
    /// Runs `plansite serve --root ROOT ARGS...` (with `--port 0` unless `args`
    /// names a port) and waits for its `serving ... at http://127.0.0.1:PORT/` line.
    pub fn start(root: &Path, args: &[&str]) -> Server {
        Server::start_with_env(root, args, &[])
    }

    /// [`Server::start`] with `env` set for the server.
    pub fn start_with_env(root: &Path, args: &[&str], env: &[(&str, &Path)]) -> Server {
        let port = if args.contains(&"--port") {
            &[][..]
        } else {
            &["--port", "0"][..]
        };
        let mut child = Command::new(env!("CARGO_BIN_EXE_plansite"))
            .arg("serve")
            .arg("--root")
            .arg(root)
            .args(port)
            .args(args)
            .env("NO_COLOR", "1")
            .envs(env.iter().copied())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("plansite serve starts");
        let (send, lines) = mpsc::channel();
        // Both pipes are drained all along: a full pipe would stall the server.
        forward(child.stdout.take().expect("stdout piped"), send.clone());
        forward(child.stderr.take().expect("stderr piped"), send);
        let mut server = Server {
            child,
            port: 0,
            lines,
        };
        // Generous: a debug build of the whole real site on a busy machine.
        let line = server.wait_for("serving ", Duration::from_secs(60));
        server.port = line
            .split("http://127.0.0.1:")
            .nth(1)
            .and_then(|rest| rest.split('/').next())
            .and_then(|port| port.parse().ok())
            .unwrap_or_else(|| panic!("no port in `{line}`"));
        server
    }

    /// The first printed line containing `words`, or a panic listing what was printed.
    pub fn wait_for(&self, words: &str, timeout: Duration) -> String {
        let deadline = Instant::now() + timeout;
        let mut seen = Vec::new();
        while let Some(left) = deadline.checked_duration_since(Instant::now()) {
            match self.lines.recv_timeout(left) {
                Ok(line) if line.contains(words) => return line,
                Ok(line) => seen.push(line),
                Err(_) => break,
            }
        }
        panic!("no line with `{words}`; printed:\n{}", seen.join("\n"));
    }

    /// Lines printed within `quiet`, once the server has been quiet that long.
    pub fn lines_during(&self, quiet: Duration) -> Vec<String> {
        let mut seen = Vec::new();
        while let Ok(line) = self.lines.recv_timeout(quiet) {
            seen.push(line);
        }
        seen
    }

    /// Lines printed so far, without waiting.
    pub fn drain(&self) -> Vec<String> {
        self.lines.try_iter().collect()
    }

    pub fn still_running(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    pub fn get(&self, path: &str) -> Response {
        get(self.port, path)
    }

    /// The data of the `hello` event a tab first receives: the server's state,
    /// with the last build's error (null after a good build).
    pub fn hello(&self) -> String {
        hello(self.port)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn forward(stream: impl Read + Send + 'static, send: mpsc::Sender<String>) {
    thread::spawn(move || {
        for line in BufReader::new(stream).lines().map_while(Result::ok) {
            if send.send(line).is_err() {
                break;
            }
        }
    });
}

pub struct Response {
    pub status: u16,
    /// The status line and headers, lower-cased.
    pub headers: String,
    pub body: String,
}

/// One GET on a fresh connection, the path sent byte for byte.
pub fn get(port: u16, path: &str) -> Response {
    get_for_host(port, path, "127.0.0.1")
}

/// One GET on a fresh connection that names `host` in its Host header.
pub fn get_for_host(port: u16, path: &str, host: &str) -> Response {
    let raw = exchange(
        port,
        &format!("GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"),
    );
    Response {
        status: raw.status,
        headers: raw.headers,
        body: String::from_utf8_lossy(&raw.body).into_owned(),
    }
}

/// A response whose body is kept as bytes: compressed bodies are not text.
pub struct RawResponse {
    pub status: u16,
    /// The status line and headers, lower-cased.
    pub headers: String,
    pub body: Vec<u8>,
}

impl RawResponse {
    /// The value of header `name` (lower-case), if sent.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.lines().find_map(|line| {
            let (key, value) = line.split_once(':')?;
            (key == name).then(|| value.trim())
        })
    }
}

/// One request of `method` on a fresh connection, with `extra` header lines
/// (each ending in `\r\n`).
pub fn request(port: u16, method: &str, path: &str, extra: &str) -> RawResponse {
    exchange(
        port,
        &format!("{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n{extra}Connection: close\r\n\r\n"),
    )
}

/// Sends `request` whole on a fresh connection and reads the response to its end.
fn exchange(port: u16, request: &str) -> RawResponse {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("the server accepts");
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .expect("timeout set");
    stream.write_all(request.as_bytes()).expect("request sent");
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).expect("response read");
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("no end of headers in {raw:?}"));
    let head = String::from_utf8_lossy(&raw[..split]).to_ascii_lowercase();
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|code| code.parse().ok())
        .unwrap_or_else(|| panic!("no status in `{head}`"));
    RawResponse {
        status,
        headers: head,
        body: raw[split + 4..].to_vec(),
    }
}

/// The data line of the `hello` event that opens the live event stream.
pub fn hello(port: u16) -> String {
    let stream = TcpStream::connect(("127.0.0.1", port)).expect("the server accepts");
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .expect("timeout set");
    // HTTP/1.0: the stream comes unchunked, so the greeting is plain lines.
    write!(&stream, "GET /__plansite/events HTTP/1.0\r\n\r\n").expect("request sent");
    let mut reader = BufReader::new(stream);
    let mut read = String::new();
    let mut line = String::new();
    let mut in_hello = false;
    while reader.read_line(&mut line).is_ok_and(|n| n > 0) {
        read.push_str(&line);
        let text = line.trim_end_matches(['\r', '\n']);
        if in_hello && let Some(data) = text.strip_prefix("data: ") {
            return data.to_string();
        }
        in_hello = text == "event: hello";
        line.clear();
    }
    panic!("the event stream ended before its greeting: {read}")
}
