//! The accept loop: HTTP/1.1 connections served by the router, with a deadline on each
//! request head and a cap on open connections. axum::serve has neither: hyper applies its
//! header-read timeout only when given a timer, which axum::serve does not give it, so a
//! client trickling one header line every few seconds held a connection (and its memory and
//! file descriptor) for as long as it liked, and enough such clients took every descriptor.
//!
//! HTTP/1.1 only: DingTalk's webviews reach the server through a TLS reverse proxy, which
//! speaks HTTP/1.1 to it; axum::serve's HTTP/2 without TLS (h2c) served no one here.

use axum::extract::ConnectInfo;
use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use std::convert::Infallible;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tower::Service;

/// Connections a burst may queue before the server accepts them. Rust's and tokio's default
/// (128) overflows when hundreds of clients connect at once: the kernel then drops handshakes,
/// which clients repeat only after 1 s, 3 s... The kernel caps it at net.core.somaxconn.
pub const ACCEPT_BACKLOG: u32 = 4096;

/// A listening socket on `addr` with [`ACCEPT_BACKLOG`].
pub fn bind(addr: std::net::SocketAddr) -> std::io::Result<TcpListener> {
    let socket = if addr.is_ipv4() {
        tokio::net::TcpSocket::new_v4()?
    } else {
        tokio::net::TcpSocket::new_v6()?
    };
    // As tokio's own bind: a restarted server can take its port back at once. (On Windows
    // SO_REUSEADDR would let another process bind the same port.)
    #[cfg(unix)]
    socket.set_reuseaddr(true)?;
    socket.bind(addr)?;
    socket.listen(ACCEPT_BACKLOG)
}

/// How long a client may take over a request head, and how many connections may be open.
#[derive(Debug, Clone, Copy)]
pub struct ServeLimits {
    /// From the first byte a request head is awaited (for a kept-alive connection: from the
    /// end of the previous answer) until its blank line. hyper closes the connection when it
    /// runs out, without an answer.
    pub header_read_timeout: Duration,
    /// Connections beyond this wait in the kernel's accept queue until one closes.
    pub max_connections: usize,
}

impl ServeLimits {
    pub fn from_config(c: &crate::config::Config) -> Self {
        Self {
            header_read_timeout: c.header_read_timeout,
            max_connections: c.max_connections,
        }
    }
}

/// Serves `app` on `listener` until `shutdown` completes, then lets the open connections
/// finish their requests. Each request carries the peer's address as
/// `ConnectInfo<SocketAddr>`, as `into_make_service_with_connect_info` gives it.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    limits: ServeLimits,
    shutdown: impl Future<Output = ()>,
) {
    let permits = Arc::new(Semaphore::new(limits.max_connections.max(1)));
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(limits.header_read_timeout);
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    tokio::pin!(shutdown);
    loop {
        // A permit first: at the cap, connections stay queued in the kernel rather than being
        // accepted and left unserved.
        let permit = tokio::select! {
            p = Arc::clone(&permits).acquire_owned() => match p {
                Ok(p) => p,
                Err(_) => break,
            },
            () = &mut shutdown => break,
        };
        let (tcp, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(a) => a,
                Err(e) => {
                    accept_failed(&e).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        // No Nagle delay on answers (nginx does the same for keep-alive connections): a small
        // answer goes out at once instead of waiting on the client's acknowledgement.
        let _ = tcp.set_nodelay(true);
        let app = app.clone();
        let service = hyper::service::service_fn(move |mut req: hyper::Request<Incoming>| {
            req.extensions_mut().insert(ConnectInfo(peer));
            let mut app = app.clone();
            async move { Ok::<_, Infallible>(app.call(req).await.unwrap_or_else(|e| match e {})) }
        });
        let conn = graceful.watch(http.serve_connection(TokioIo::new(tcp), service));
        tokio::spawn(async move {
            // A client leaving mid-request ends here too; nothing to report.
            let _ = conn.await;
            drop(permit);
        });
    }
    drop(listener);
    graceful.shutdown().await;
}

/// Errors of one connection (refused or reset before it was accepted) are the client's
/// problem; others (out of file descriptors above all) would repeat at once, so the loop
/// pauses, as axum::serve does.
async fn accept_failed(e: &std::io::Error) {
    use std::io::ErrorKind::{ConnectionAborted, ConnectionRefused, ConnectionReset};
    if matches!(
        e.kind(),
        ConnectionAborted | ConnectionRefused | ConnectionReset
    ) {
        return;
    }
    tracing::error!(error = %e, "cannot accept connections (out of file descriptors? raise `ulimit -n` or lower MAX_CONNECTIONS)");
    tokio::time::sleep(Duration::from_secs(1)).await;
}
