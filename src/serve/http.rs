//! The HTTP side of `serve`: files of the built site from memory, with the
//! right content types, `index.html` for folders, the site's own 404 page,
//! and the live-reload script added to every HTML page (and only here:
//! `plansite build` never writes it).

use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use tower_http::set_header::SetResponseHeaderLayer;

use super::incremental::Files;
use super::live::{self, Live, RESERVED};
use super::paths::{self, Lookup};

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

async fn respond(State(live): State<Arc<Live>>, uri: Uri) -> Response {
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
    match paths::resolve(raw, &live.base_path) {
        Lookup::Refused => (
            StatusCode::BAD_REQUEST,
            "refused: this path leaves the site or is not a plain path\n",
        )
            .into_response(),
        Lookup::AddSlash(to) => Redirect::temporary(&to).into_response(),
        Lookup::Outside => not_found(&live, &site),
        Lookup::File(path) => match site.get(path.as_str()) {
            Some(bytes) => page_or_file(&live, StatusCode::OK, &path, bytes),
            None => {
                match paths::folder_redirect(&path, &live.base_path, |p| site.contains_key(p)) {
                    Some(Lookup::AddSlash(to)) => Redirect::temporary(&to).into_response(),
                    _ => not_found(&live, &site),
                }
            }
        },
    }
}

/// The site's own `404.html` with status 404, or a bare page before the first good build.
fn not_found(live: &Live, site: &Files) -> Response {
    match site.get("404.html") {
        Some(bytes) => page_or_file(live, StatusCode::NOT_FOUND, "404.html", bytes),
        None => {
            let page = b"<!doctype html><html lang=\"en-GB\"><title>Not built yet</title><body><p>The site has not built yet.</p></body></html>";
            page_or_file(live, StatusCode::NOT_FOUND, "404.html", page)
        }
    }
}

fn page_or_file(live: &Live, status: StatusCode, path: &str, bytes: &[u8]) -> Response {
    let body = if path.ends_with(".html") {
        live::inject(bytes, &live.base_path, &live.build_key())
    } else {
        bytes.to_vec()
    };
    file_response(status, path, body)
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
