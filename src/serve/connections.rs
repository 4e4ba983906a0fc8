//! Accepting connections so that no browser tab, however hostile, can hold
//! the server: a connection must send its request headers within a time
//! limit, and only so many connections are open at once (the rest wait to
//! be accepted). axum's own `serve` has neither, so `serve` runs hyper's
//! connection builder itself, with a timer.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::Request;
use axum::http::{StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{OwnedSemaphorePermit, Semaphore, watch};

/// How long a connection may take to send a request's headers.
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(5);

/// How many connections are served at once: far below the usual limit of
/// 1024 open files, and far above what the tabs of one editor open.
pub const MAX_CONNECTIONS: usize = 256;

/// How long stopping waits for open connections (such as reload streams) to close.
const STOP_GRACE: Duration = Duration::from_secs(5);

/// Serves `router` on `listener` until `stop` turns true, then lets open
/// connections finish (for at most [`STOP_GRACE`]).
pub async fn serve(listener: TcpListener, router: Router, mut stop: watch::Receiver<bool>) {
    let slots = Arc::new(Semaphore::new(MAX_CONNECTIONS));
    loop {
        let slot = until_stopped(&mut stop, Arc::clone(&slots).acquire_owned()).await;
        let Some(Ok(slot)) = slot else { break };
        let Some(accepted) = until_stopped(&mut stop, listener.accept()).await else {
            break;
        };
        match accepted {
            Ok((stream, _)) => {
                tokio::spawn(serve_connection(stream, router.clone(), stop.clone(), slot));
            }
            // Out of file handles or a connection reset before it was
            // accepted: wait a moment rather than spin.
            Err(_) => tokio::time::sleep(Duration::from_millis(50)).await,
        }
    }
    // Every slot free again means every connection has closed.
    let all = u32::try_from(MAX_CONNECTIONS).unwrap_or(u32::MAX);
    let _ = tokio::time::timeout(STOP_GRACE, slots.acquire_many(all)).await;
}

/// Serves one connection with the header time limit, finishing gracefully
/// when `stop` turns true; its slot is freed when it closes.
async fn serve_connection(
    stream: TcpStream,
    router: Router,
    mut stop: watch::Receiver<bool>,
    slot: OwnedSemaphorePermit,
) {
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(HEADER_TIMEOUT);
    let service = TowerToHyperService::new(router);
    let connection = builder.serve_connection(TokioIo::new(stream), service);
    tokio::pin!(connection);
    if until_stopped(&mut stop, connection.as_mut())
        .await
        .is_none()
    {
        connection.as_mut().graceful_shutdown();
        let _ = connection.await;
    }
    drop(slot);
}

/// `work`'s output, or none if `stop` turns true first.
async fn until_stopped<F: std::future::Future>(
    stop: &mut watch::Receiver<bool>,
    work: F,
) -> Option<F::Output> {
    tokio::select! {
        () = stopped(stop) => None,
        output = work => Some(output),
    }
}

/// Waits until `stop` turns true (or its sender is gone).
async fn stopped(stop: &mut watch::Receiver<bool>) {
    let _ = stop.wait_for(|stopping| *stopping).await;
}

/// Refuses requests that name another host, when serving on a loopback
/// address: a web page elsewhere could otherwise point its own host name at
/// 127.0.0.1 (DNS rebinding) and read the local site and its reload stream.
/// On any other address the user chose to be reachable, and every host is served.
pub fn guard_host(router: Router, address: SocketAddr) -> Router {
    if !address.ip().is_loopback() {
        return router;
    }
    router.layer(middleware::from_fn(
        move |request: Request, next: Next| async move {
            // A request without a Host is no browser's (HTTP/1.0 tools): no rebinding risk.
            let host = request.headers().get(header::HOST);
            let local = host.is_none_or(|host| {
                host.to_str()
                    .is_ok_and(|host| is_local_name(host, address.ip()))
            });
            if local {
                next.run(request).await
            } else {
                refused_host()
            }
        },
    ))
}

/// `localhost`, a loopback address or the served address, with or without a port.
fn is_local_name(host: &str, served: IpAddr) -> bool {
    let name = match host.rsplit_once(':') {
        Some((name, port)) if port.bytes().all(|b| b.is_ascii_digit()) => name,
        _ => host,
    };
    let name = name.trim_start_matches('[').trim_end_matches(']');
    name.eq_ignore_ascii_case("localhost")
        || name
            .parse::<IpAddr>()
            .is_ok_and(|ip| ip.is_loopback() || ip == served)
}

fn refused_host() -> Response {
    let body = "refused: this server answers only to localhost and its own address (a guard against DNS rebinding)\n";
    (StatusCode::FORBIDDEN, Body::from(body)).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_local_names_pass() {
        let served: IpAddr = "127.0.0.1".parse().expect("an address");
        for host in [
            "localhost",
            "localhost:1111",
            "LOCALHOST:1",
            "127.0.0.1",
            "127.0.0.1:1111",
            "[::1]:1111",
            "[::1]",
        ] {
            assert!(is_local_name(host, served), "{host} refused");
        }
        for host in [
            "",
            "evil.example",
            "evil.example:1111",
            "localhost.evil.example",
            "127.0.0.1.evil.example:1111",
            "10.0.0.1:1111",
        ] {
            assert!(!is_local_name(host, served), "{host} accepted");
        }
    }
}
