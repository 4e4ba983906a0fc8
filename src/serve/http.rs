//! The HTTP side of `serve`: files of the built site from memory, with the
//! right content types, `index.html` for folders, the site's own 404 page,
//! and the live-reload script added to every HTML page (and only here:
//! `plansite build` never writes it). Text is held gzipped and sent so to
//! browsers that take gzip, inflated for any other client ([`Stored`]).

use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use tower_http::set_header::SetResponseHeaderLayer;

use super::incremental::Files;
use super::live::{self, Live, RESERVED};
use super::negotiate;
use super::paths::{self, Lookup};
use super::stored::{Coding, Stored};

/// The server's routes: every GET is a file of the site or of the server itself.
pub fn router(live: Arc<Live>) -> Router {
    Router::new()
        .fallback(get(respond))
        .with_state(live)
        // A page being edited must never come from a cache.
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ))
}

async fn respond(State(live): State<Arc<Live>>, uri: Uri, headers: HeaderMap) -> Response {
    let raw = uri.path();
    let reserved = format!("{}{RESERVED}", live.base_path);
    if let Some(own) = raw.strip_prefix(&reserved) {
        return match own {
            "live.js" => file_response(StatusCode::OK, "live.js", live::SCRIPT.as_bytes().to_vec()),
            "events" => live.events().into_response(),
            _ => StatusCode::NOT_FOUND.into_response(),
        };
    }
    let site = live.site();
    let accepted = headers
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|value| value.to_str().ok());
    let Some(coding) = negotiate::coding(accepted) else {
        return (
            StatusCode::NOT_ACCEPTABLE,
            "refused: this server sends gzip or identity, and the request accepts neither\n",
        )
            .into_response();
    };
    let reply = Reply {
        live: &live,
        coding,
    };
    match paths::resolve(raw, &live.base_path) {
        Lookup::Refused => (
            StatusCode::BAD_REQUEST,
            "refused: this path leaves the site or is not a plain path\n",
        )
            .into_response(),
        Lookup::AddSlash(to) => Redirect::temporary(&to).into_response(),
        Lookup::Outside => reply.not_found(&site),
        Lookup::File(path) => match site.get(path.as_str()) {
            Some(stored) => reply.file(StatusCode::OK, &path, stored),
            None => {
                match paths::folder_redirect(&path, &live.base_path, |p| site.contains_key(p)) {
                    Some(Lookup::AddSlash(to)) => Redirect::temporary(&to).into_response(),
                    _ => reply.not_found(&site),
                }
            }
        },
    }
}

/// What every file response of one request shares: the server and the
/// coding the request accepts.
struct Reply<'a> {
    live: &'a Live,
    coding: Coding,
}

impl Reply<'_> {
    /// The site's own `404.html` with status 404, or a bare page before the first good build.
    fn not_found(&self, site: &Files) -> Response {
        match site.get("404.html") {
            Some(stored) => self.file(StatusCode::NOT_FOUND, "404.html", stored),
            None => {
                let page = b"<!doctype html><html lang=\"en-GB\"><title>Not built yet</title><body><p>The site has not built yet.</p></body></html>";
                let stored = Stored::new("404.html", page.to_vec());
                self.file(StatusCode::NOT_FOUND, "404.html", &stored)
            }
        }
    }

    /// A file of the site in the request's coding, a page with the live-reload script.
    fn file(&self, status: StatusCode, path: &str, stored: &Stored) -> Response {
        let script = if stored.is_page() {
            live::script_tag(&self.live.base_path, &self.live.build_key())
        } else {
            String::new()
        };
        let coding = if stored.is_compressed() {
            self.coding
        } else {
            Coding::Identity
        };
        let Ok(body) = stored.body(script.as_bytes(), coding) else {
            return (
                StatusCode::INTERNAL_SERVER_ERROR,
                "this file could not be read back from memory\n",
            )
                .into_response();
        };
        let mut response = file_response(status, path, body);
        if stored.is_compressed() {
            let headers = response.headers_mut();
            headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
            if coding == Coding::Gzip {
                headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
            }
        }
        response
    }
}

fn file_response(status: StatusCode, path: &str, body: Vec<u8>) -> Response {
    let mime = mime_guess::from_path(path).first_or_octet_stream();
    let content_type = if mime.type_() == mime_guess::mime::TEXT
        || mime.subtype() == mime_guess::mime::JAVASCRIPT
        || mime.subtype() == mime_guess::mime::JSON
    {
        format!("{mime}; charset=utf-8")
    } else {
        mime.to_string()
    };
    let mut response = Response::new(Body::from(body));
    *response.status_mut() = status;
    if let Ok(value) = HeaderValue::from_str(&content_type) {
        response.headers_mut().insert(header::CONTENT_TYPE, value);
    }
    response
}
