//! The live part of `serve`: the site being served, swapped whole after each
//! rebuild, and the event stream that tells open tabs to reload or to show
//! the error that stopped a rebuild.
//!
//! Tabs learn of changes through server-sent events, which browsers reconnect
//! by themselves; each connection starts with a `hello` naming the server's
//! instance and build generation, so a tab that reconnects to a restarted
//! server, or that missed a rebuild, reloads.

use std::convert::Infallible;
use std::sync::{Arc, RwLock};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use axum::response::sse::{Event, KeepAlive, Sse};
use futures_util::Stream;
use tokio::sync::{broadcast, watch};

use super::incremental::Files;

/// The reserved folder under the base path for the server's own files.
pub const RESERVED: &str = "__plansite/";

/// What open tabs are told.
#[derive(Clone, Debug)]
pub enum Signal {
    /// A rebuild succeeded: reload.
    Reload { generation: u64 },
    /// A rebuild failed: show this text; the last good site stays served.
    Failed { error: Arc<str> },
}

/// Shared by the HTTP handlers and the rebuild loop.
pub struct Live {
    site: RwLock<Arc<Files>>,
    state: RwLock<State>,
    signals: broadcast::Sender<Signal>,
    shutdown: watch::Receiver<bool>,
    /// Tells this server apart from one started later on the same port.
    instance: String,
    /// The warnings of the last good build, as printed.
    warned: std::sync::Mutex<Vec<String>>,
    pub base_path: String,
}

#[derive(Clone, Default)]
struct State {
    generation: u64,
    error: Option<Arc<str>>,
}

impl Live {
    /// A server's live state, serving `site` (possibly empty if the first build failed).
    pub fn new(base_path: &str, shutdown: watch::Receiver<bool>) -> Live {
        let (signals, _) = broadcast::channel(64);
        let started = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default()
            .as_nanos();
        Live {
            site: RwLock::new(Arc::new(Files::new())),
            state: RwLock::new(State::default()),
            signals,
            shutdown,
            instance: format!("{started:x}"),
            warned: std::sync::Mutex::new(Vec::new()),
            base_path: base_path.to_string(),
        }
    }

    /// The site as last built; a request keeps its copy even if a rebuild swaps in another.
    pub fn site(&self) -> Arc<Files> {
        match self.site.read() {
            Ok(site) => Arc::clone(&site),
            Err(poisoned) => Arc::clone(&poisoned.into_inner()),
        }
    }

    /// Swaps in a new build and tells every tab to reload.
    pub fn publish(&self, site: Arc<Files>) {
        self.refresh(site);
        let generation = self.update(|state| {
            state.generation += 1;
            state.error = None;
        });
        // No tab listening is not an error.
        let _ = self.signals.send(Signal::Reload { generation });
    }

    /// Swaps in files that no open page shows (the data downloads) without a reload.
    pub fn refresh(&self, site: Arc<Files>) {
        match self.site.write() {
            Ok(mut current) => *current = site,
            Err(poisoned) => *poisoned.into_inner() = site,
        }
    }

    /// Keeps the last good site and shows `error` in every tab.
    pub fn fail(&self, error: String) {
        let error: Arc<str> = error.into();
        self.update(|state| state.error = Some(Arc::clone(&error)));
        let _ = self.signals.send(Signal::Failed { error });
    }

    /// Records a good build's warnings; whether they differ from the last build's.
    pub fn warnings_changed(&self, warnings: &[crate::diagnostics::Diagnostic]) -> bool {
        let now: Vec<String> = warnings.iter().map(ToString::to_string).collect();
        let mut warned = match self.warned.lock() {
            Ok(warned) => warned,
            Err(poisoned) => poisoned.into_inner(),
        };
        let changed = *warned != now;
        *warned = now;
        changed
    }

    /// Names the build being served: a page carries it, so its tab can tell
    /// whether a rebuild came between serving the page and listening for one.
    pub fn build_key(&self) -> String {
        format!("{}:{}", self.instance, self.state().generation)
    }

    fn state(&self) -> State {
        match self.state.read() {
            Ok(state) => state.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    fn update(&self, change: impl FnOnce(&mut State)) -> u64 {
        let mut state = match self.state.write() {
            Ok(state) => state,
            Err(poisoned) => poisoned.into_inner(),
        };
        change(&mut state);
        state.generation
    }

    /// The event stream of one tab.
    pub fn events(&self) -> Sse<impl Stream<Item = Result<Event, Infallible>> + use<>> {
        // Subscribe before reading the state, so no rebuild falls between them.
        let signals = self.signals.subscribe();
        let state = self.state();
        let hello = Event::default().event("hello").data(
            serde_json::json!({
                "instance": self.instance,
                "generation": state.generation,
                "error": state.error.as_deref(),
            })
            .to_string(),
        );
        let shutdown = self.shutdown.clone();
        let stream = futures_util::stream::unfold(
            (Some(hello), signals, shutdown),
            |(first, mut signals, mut shutdown)| async move {
                if let Some(hello) = first {
                    return Some((Ok(hello), (None, signals, shutdown)));
                }
                let signal = tokio::select! {
                    signal = signals.recv() => signal,
                    _ = shutdown.wait_for(|stop| *stop) => return None,
                };
                let event = match signal {
                    Ok(Signal::Reload { generation }) => Event::default()
                        .event("reload")
                        .data(generation.to_string()),
                    Ok(Signal::Failed { error }) => Event::default()
                        .event("failure")
                        .data(serde_json::json!({ "error": &*error }).to_string()),
                    // Missed signals: a reload shows the current state.
                    Err(broadcast::error::RecvError::Lagged(_)) => {
                        Event::default().event("reload").data("lagged")
                    }
                    Err(broadcast::error::RecvError::Closed) => return None,
                };
                Some((Ok(event), (None, signals, shutdown)))
            },
        );
        Sse::new(stream).keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
    }
}

/// Whether the file at `path` is a page the live-reload script is added to.
pub fn takes_script(path: &str) -> bool {
    path.ends_with(".html")
}

/// Where a page takes the live-reload script: just before its last
/// `</body>`, or at its end if it has none.
pub fn script_place(html: &[u8]) -> usize {
    find_last(html, b"</body>").unwrap_or(html.len())
}

/// The live-reload script's tag, with the key of the build the page comes from.
pub fn script_tag(base_path: &str, build: &str) -> String {
    format!("<script src=\"{base_path}{RESERVED}live.js\" data-build=\"{build}\" defer></script>")
}

fn find_last(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w == needle)
}

/// The script every served page loads: reload on `reload`, show failures.
pub const SCRIPT: &str = r#"(() => {
  const events = document.currentScript.src.replace(/live\.js$/, "events");
  // The build this page came from: a different one in the first hello means
  // a rebuild happened before this tab started listening.
  let seen = document.currentScript.dataset.build || null;
  const overlayId = "plansite-error-overlay";
  function show(error) {
    let overlay = document.getElementById(overlayId);
    if (!error) { if (overlay) overlay.remove(); return; }
    if (!overlay) {
      overlay = document.createElement("div");
      overlay.id = overlayId;
      overlay.setAttribute("role", "alertdialog");
      overlay.setAttribute("aria-labelledby", overlayId + "-title");
      overlay.style.cssText = "position:fixed;inset:0;z-index:2147483647;overflow:auto;" +
        "background:rgba(11,12,12,.92);color:#fff;padding:2rem;font:16px/1.5 system-ui,sans-serif";
      overlay.innerHTML = '<h2 id="' + overlayId + '-title" style="margin-top:0;color:#ffdd00">' +
        'The last change did not build</h2><pre style="white-space:pre-wrap;font:15px/1.5 monospace"></pre>' +
        '<p>This page shows the last good build. Fix the problem and save: this message goes away by itself.</p>';
      document.body.appendChild(overlay);
    }
    overlay.querySelector("pre").textContent = error;
  }
  const source = new EventSource(events);
  source.addEventListener("hello", (e) => {
    const hello = JSON.parse(e.data);
    const key = hello.instance + ":" + hello.generation;
    if (seen !== null && seen !== key) { location.reload(); return; }
    seen = key;
    show(hello.error);
  });
  source.addEventListener("reload", () => location.reload());
  source.addEventListener("failure", (e) => show(JSON.parse(e.data).error));
})();
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_script_goes_before_the_last_body_end() {
        let page = b"<html><body><p>x</p></body></html>";
        assert_eq!(script_place(page), 20);
        assert_eq!(script_place(b"<p>no body</p>"), 14);
        assert_eq!(
            script_tag("/plans/", "a:1"),
            "<script src=\"/plans/__plansite/live.js\" data-build=\"a:1\" defer></script>"
        );
        assert!(takes_script("404.html") && !takes_script("feed.xml"));
    }
}
