//! The forwarded list calls' connections to DingTalk: HTTP/1.1, kept open and reused.
//!
//! hyper's own connection API with a plain stack of idle connections, in place of
//! hyper-util's general pool (keyed by host, with waiters, idle reaping and a checkout per
//! call): every forwarded call goes to the one API host, and under load that machinery was a
//! visible share of the proxy's CPU.
//!
//! A connection the other side has closed while idle is not used: before a request goes on
//! an idle connection, the connection must be ready; one that closed in between gives the
//! request back unsent, and the next connection (or a new one) takes it. A request that was
//! sent is never sent again here.

use bytes::Bytes;
use http_body_util::{BodyExt, Empty};
use hyper::client::conn::http1::{self, SendRequest};
use hyper::http::{header, request, response, HeaderValue, Request, Uri};
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};
use tower::Service;

/// Connects to DingTalk: TLS for `https`, plain TCP for `http` (the emulator).
pub type Connector =
    hyper_rustls::HttpsConnector<hyper_util::client::legacy::connect::HttpConnector>;

/// The connector for DingTalk: TCP without Nagle delay, 5 s to connect, TLS with the web PKI
/// roots for `https`.
pub fn connector() -> Connector {
    let mut tcp = hyper_util::client::legacy::connect::HttpConnector::new();
    tcp.set_nodelay(true);
    tcp.enforce_http(false);
    tcp.set_connect_timeout(Some(Duration::from_secs(5)));
    // rustls's one crypto provider here is ring (as reqwest's); were a second compiled in,
    // this would panic at start-up, in every server test first.
    hyper_rustls::HttpsConnectorBuilder::new()
        .with_webpki_roots()
        .https_or_http()
        .enable_http1()
        .wrap_connector(tcp)
}

/// An idle connection is not reused after this long: servers close idle keep-alive
/// connections after a minute or so, and one closed as a request goes out costs that request.
const IDLE_FOR: Duration = Duration::from_secs(30);

/// Largest answer read: a page of a list call is well under 1 MB, and a server sending more
/// must not fill this process's memory.
pub const MAX_ANSWER_BYTES: usize = 8 << 20;

/// Why a call got no answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failure {
    /// No connection could be made.
    Connect,
    /// The connection failed during the call, or the answer could not be read.
    Call,
    /// The answer's body was larger than [`MAX_ANSWER_BYTES`].
    TooLarge,
}

/// How one sending of a request went wrong.
enum Attempt {
    /// Sent, and the connection closed before any answer.
    Lost,
    Failed(Failure),
}

impl From<Attempt> for Failure {
    /// A request lost on the last try is a failed call.
    fn from(a: Attempt) -> Self {
        match a {
            Attempt::Lost => Failure::Call,
            Attempt::Failed(f) => f,
        }
    }
}

impl Attempt {
    /// The request was sent on `which` connection and `e` came back instead of an answer.
    fn sent_and(e: &hyper::Error, which: &str) -> Self {
        if e.is_incomplete_message() {
            tracing::info!(error = %e, "upstream connection closed before answering; sending again");
            Self::Lost
        } else {
            tracing::warn!(error = %e, connection = which, "upstream call failed");
            Self::Failed(Failure::Call)
        }
    }
}

struct Idle {
    conn: SendRequest<Empty<Bytes>>,
    since: Instant,
}

/// Reused HTTP/1.1 connections to one origin.
pub struct Pool {
    connector: Connector,
    idle: Mutex<Vec<Idle>>,
    max_idle: usize,
}

impl Pool {
    /// At most `max_idle` connections wait for reuse; more are closed after their call.
    pub fn new(connector: Connector, max_idle: usize) -> Self {
        Self {
            connector,
            idle: Mutex::new(Vec::new()),
            max_idle,
        }
    }

    /// `GET url` with `headers`: DingTalk's answer, head and whole body.
    ///
    /// A request sent on a connection that then closed before any answer is sent once more:
    /// that is how a server dropping an idle connection looks when the request crossed the
    /// close, or a connection reset in between, and a list call is a GET that changes
    /// nothing. A second loss is a failure.
    pub async fn get(
        &self,
        url: &Uri,
        headers: &[(header::HeaderName, &HeaderValue)],
    ) -> Result<(response::Parts, Bytes), Failure> {
        let result = match self.attempt(url, headers).await {
            Err(Attempt::Lost) => self.attempt(url, headers).await,
            first => first,
        };
        result.map_err(Failure::from)
    }

    /// One sending of the request: on an idle connection, or else a new one.
    async fn attempt(
        &self,
        url: &Uri,
        headers: &[(header::HeaderName, &HeaderValue)],
    ) -> Result<(response::Parts, Bytes), Attempt> {
        let mut req = request_for(url, headers).ok_or(Attempt::Failed(Failure::Call))?;
        while let Some(mut conn) = self.take_idle() {
            // Not ready: it closed while idle (an error), or is still finishing its last call.
            if conn.ready().await.is_err() {
                continue;
            }
            match conn.try_send_request(req).await {
                Ok(resp) => return self.read(conn, resp).await.map_err(Attempt::Failed),
                Err(mut e) => match e.take_message() {
                    // Given back unsent: try it on the next connection.
                    Some(unsent) => req = unsent,
                    None => return Err(Attempt::sent_and(e.error(), "an open")),
                },
            }
        }
        // Boxed: connecting (TCP, TLS, handshake) holds far more state than a call on an open
        // connection, and without the box every call's future would be that large and be
        // copied as such on its way through the router (memmove showed at ~3% of the CPU).
        let mut conn = Box::pin(self.connect(url)).await.map_err(Attempt::Failed)?;
        match conn.send_request(req).await {
            Ok(resp) => self.read(conn, resp).await.map_err(Attempt::Failed),
            Err(e) => Err(Attempt::sent_and(&e, "a new")),
        }
    }

    /// A new connection to `url`'s origin, running on its own task until either side closes
    /// it.
    async fn connect(&self, url: &Uri) -> Result<SendRequest<Empty<Bytes>>, Failure> {
        // The errors of connecting (DNS, TCP, TLS) name neither the path nor any header.
        let failed = |e: &dyn std::fmt::Display| {
            tracing::warn!(error = %e, "upstream connection failed");
            Failure::Connect
        };
        let mut connector = self.connector.clone();
        std::future::poll_fn(|cx| connector.poll_ready(cx))
            .await
            .map_err(|e| failed(&e))?;
        let io = connector.call(url.clone()).await.map_err(|e| failed(&e))?;
        let (conn, task) = http1::handshake(io).await.map_err(|e| failed(&e))?;
        tokio::spawn(async move {
            let _ = task.await;
        });
        Ok(conn)
    }

    /// Reads the body whole, then keeps the connection for the next call.
    async fn read(
        &self,
        conn: SendRequest<Empty<Bytes>>,
        resp: hyper::Response<hyper::body::Incoming>,
    ) -> Result<(response::Parts, Bytes), Failure> {
        let (head, body) = resp.into_parts();
        // Refused at once when the length is stated; otherwise once past the limit.
        if hyper::body::Body::size_hint(&body).lower() > MAX_ANSWER_BYTES as u64 {
            return Err(Failure::TooLarge);
        }
        let body = http_body_util::Limited::new(body, MAX_ANSWER_BYTES)
            .collect()
            .await
            .map_err(|e| {
                if e.is::<http_body_util::LengthLimitError>() {
                    Failure::TooLarge
                } else {
                    Failure::Call
                }
            })?
            .to_bytes();
        let closing = head
            .headers
            .get(header::CONNECTION)
            .is_some_and(|v| v.as_bytes().eq_ignore_ascii_case(b"close"));
        if !closing && !conn.is_closed() {
            let mut idle = self.idle.lock().unwrap_or_else(PoisonError::into_inner);
            if idle.len() < self.max_idle {
                idle.push(Idle {
                    conn,
                    since: Instant::now(),
                });
            }
        }
        Ok((head, body))
    }

    /// The most recently used idle connection. Those idle for too long are closed first (the
    /// stack is in the order they went idle, so they are at its bottom), and closed ones
    /// skipped.
    fn take_idle(&self) -> Option<SendRequest<Empty<Bytes>>> {
        let mut idle = self.idle.lock().unwrap_or_else(PoisonError::into_inner);
        let expired = idle.partition_point(|i| i.since.elapsed() >= IDLE_FOR);
        idle.drain(..expired);
        while let Some(i) = idle.pop() {
            if !i.conn.is_closed() {
                return Some(i.conn);
            }
        }
        None
    }

    /// Connections waiting for reuse.
    #[cfg(test)]
    fn idle_count(&self) -> usize {
        self.idle
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .len()
    }
}

/// `GET` in origin form with a `Host` header, as HTTP/1.1 sends it; `None` for a URL without
/// a host.
fn request_for(
    url: &Uri,
    headers: &[(header::HeaderName, &HeaderValue)],
) -> Option<Request<Empty<Bytes>>> {
    // The host, and the port only when it is not the scheme's own (as browsers and curl
    // send it); user info in the URL is not sent.
    let default_port = match url.scheme_str() {
        Some("https") => 443,
        _ => 80,
    };
    let host = match url.port_u16() {
        Some(port) if port != default_port => {
            HeaderValue::from_str(&format!("{}:{port}", url.host()?))
        }
        _ => HeaderValue::from_str(url.host()?),
    }
    .ok()?;
    // The path and query as parsed already (shared, not parsed again).
    let mut origin_form = hyper::http::uri::Parts::default();
    origin_form.path_and_query = Some(
        url.path_and_query()
            .cloned()
            .unwrap_or_else(|| hyper::http::uri::PathAndQuery::from_static("/")),
    );
    let uri = Uri::from_parts(origin_form).ok()?;
    let mut req = request::Builder::new().uri(uri).header(header::HOST, host);
    for (name, value) in headers {
        req = req.header(name, *value);
    }
    req.body(Empty::new()).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    /// What the test server does after its answers on a connection.
    #[derive(Clone)]
    enum Then {
        /// Closes the connection, without having said so.
        Close,
        /// Keeps it open until told to close.
        CloseOn(Arc<tokio::sync::Notify>),
        /// Reads the next request, then closes without answering it.
        DropNextRequest,
    }

    /// A test server's address, and the connections and requests it has had.
    struct TestServer {
        url: Uri,
        conns: Arc<AtomicUsize>,
        reqs: Arc<AtomicUsize>,
    }

    impl TestServer {
        /// (requests, connections) so far.
        fn counts(&self) -> (usize, usize) {
            (
                self.reqs.load(Ordering::SeqCst),
                self.conns.load(Ordering::SeqCst),
            )
        }
    }

    const OK: &[u8] = b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok";

    /// A server answering `ok` to each request, `per_connection` times on a connection, then
    /// doing `then`. Counts connections and requests (answered or not).
    async fn server(per_connection: usize, then: Then) -> TestServer {
        server_answering(per_connection, OK.to_vec(), then).await
    }

    /// Reads one request head from `sock` and checks it; `false` at end of stream.
    async fn read_request(sock: &mut tokio::net::TcpStream) -> bool {
        let mut buf = Vec::new();
        while !buf.windows(4).any(|w| w == b"\r\n\r\n") {
            let mut chunk = [0u8; 1024];
            match sock.read(&mut chunk).await {
                Ok(0) | Err(_) => return false,
                Ok(n) => buf.extend_from_slice(&chunk[..n]),
            }
        }
        let head = String::from_utf8_lossy(&buf).to_string();
        assert!(head.starts_with("GET /v1.0/x?a=1 HTTP/1.1\r\n"), "{head}");
        assert!(
            head.to_ascii_lowercase().contains("\r\nhost: 127.0.0.1:"),
            "{head}"
        );
        assert!(head.contains("\r\nx-token: t\r\n"), "{head}");
        true
    }

    async fn server_answering(per_connection: usize, answer: Vec<u8>, then: Then) -> TestServer {
        let answer = Arc::new(answer);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr = listener.local_addr().expect("addr");
        let (conns, reqs) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
        let (c, r) = (conns.clone(), reqs.clone());
        tokio::spawn(async move {
            while let Ok((mut sock, _)) = listener.accept().await {
                c.fetch_add(1, Ordering::SeqCst);
                let (r, answer, then) = (r.clone(), answer.clone(), then.clone());
                tokio::spawn(async move {
                    for _ in 0..per_connection {
                        if !read_request(&mut sock).await {
                            return;
                        }
                        r.fetch_add(1, Ordering::SeqCst);
                        if sock.write_all(&answer).await.is_err() {
                            return;
                        }
                    }
                    match then {
                        Then::Close => {}
                        Then::CloseOn(signal) => signal.notified().await,
                        Then::DropNextRequest => {
                            if read_request(&mut sock).await {
                                r.fetch_add(1, Ordering::SeqCst);
                            }
                        }
                    }
                });
            }
        });
        let url: Uri = format!("http://{addr}/v1.0/x?a=1").parse().expect("uri");
        TestServer { url, conns, reqs }
    }

    async fn call(pool: &Pool, url: &Uri) -> Result<Bytes, Failure> {
        let token = HeaderValue::from_static("t");
        let name = header::HeaderName::from_static("x-token");
        pool.get(url, &[(name, &token)]).await.map(|(_, b)| b)
    }

    #[tokio::test]
    async fn one_connection_serves_calls_in_turn() {
        let up = server(usize::MAX, Then::Close).await;
        let url = up.url.clone();
        let pool = Pool::new(connector(), 4);
        for _ in 0..5 {
            assert_eq!(call(&pool, &url).await, Ok(Bytes::from_static(b"ok")));
        }
        assert_eq!(up.counts(), (5, 1));
        assert_eq!(pool.idle_count(), 1);
    }

    #[tokio::test]
    async fn a_connection_closed_while_idle_is_not_used() {
        let close = Arc::new(tokio::sync::Notify::new());
        let up = server(1, Then::CloseOn(close.clone())).await;
        let url = up.url.clone();
        let pool = Pool::new(connector(), 4);
        assert_eq!(call(&pool, &url).await, Ok(Bytes::from_static(b"ok")));
        assert_eq!(pool.idle_count(), 1);
        // The server closes the idle connection; the next call goes on a new one.
        close.notify_waiters();
        tokio::time::sleep(Duration::from_millis(50)).await;
        assert_eq!(call(&pool, &url).await, Ok(Bytes::from_static(b"ok")));
        assert_eq!(up.counts(), (2, 2));
    }

    #[tokio::test]
    async fn a_call_lost_to_a_closing_connection_goes_again_on_a_new_one() {
        // Each connection answers once, then takes the next request and closes unanswered: the
        // race of a server dropping an idle connection as a request arrives.
        let up = server(1, Then::DropNextRequest).await;
        let url = up.url.clone();
        let pool = Pool::new(connector(), 4);
        assert_eq!(call(&pool, &url).await, Ok(Bytes::from_static(b"ok")));
        assert_eq!(call(&pool, &url).await, Ok(Bytes::from_static(b"ok")));
        // The second call: lost on the first connection, answered on a second.
        assert_eq!(up.counts(), (3, 2));
    }

    #[tokio::test]
    async fn a_call_lost_twice_fails() {
        // Every connection takes a request and closes unanswered.
        let up = server(0, Then::DropNextRequest).await;
        let url = up.url.clone();
        let pool = Pool::new(connector(), 4);
        assert_eq!(call(&pool, &url).await, Err(Failure::Call));
        assert_eq!(up.counts(), (2, 2));
    }

    #[tokio::test]
    async fn a_connection_closed_with_its_answer_is_not_kept() {
        let up = server(1, Then::Close).await;
        let url = up.url.clone();
        let pool = Pool::new(connector(), 4);
        for _ in 0..3 {
            assert_eq!(call(&pool, &url).await, Ok(Bytes::from_static(b"ok")));
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        assert_eq!(up.counts(), (3, 3));
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn concurrent_calls_open_connections_and_keep_at_most_max_idle() {
        let up = server(usize::MAX, Then::Close).await;
        let url = up.url.clone();
        let pool = Arc::new(Pool::new(connector(), 2));
        let calls: Vec<_> = (0..6)
            .map(|_| {
                let (pool, url) = (pool.clone(), url.clone());
                tokio::spawn(async move { call(&pool, &url).await })
            })
            .collect();
        for c in calls {
            assert_eq!(c.await.expect("task"), Ok(Bytes::from_static(b"ok")));
        }
        let (requests, opened) = up.counts();
        assert_eq!(requests, 6);
        assert!(
            (1..=6).contains(&opened),
            "{opened} connections for 6 calls"
        );
        assert!(pool.idle_count() <= 2);
        // Calls in turn afterwards open nothing new.
        for _ in 0..3 {
            assert_eq!(call(&pool, &url).await, Ok(Bytes::from_static(b"ok")));
        }
        assert_eq!(up.counts(), (9, opened));
    }

    #[tokio::test]
    async fn an_answer_over_the_limit_is_refused_and_its_connection_dropped() {
        let size = MAX_ANSWER_BYTES + 1;
        let mut big = format!("HTTP/1.1 200 OK\r\ncontent-length: {size}\r\n\r\n").into_bytes();
        big.resize(big.len() + size, b' ');
        let url = server_answering(usize::MAX, big, Then::Close).await.url;
        let pool = Pool::new(connector(), 4);
        assert_eq!(call(&pool, &url).await, Err(Failure::TooLarge));
        assert_eq!(pool.idle_count(), 0);
        // One byte under the limit passes.
        let size = MAX_ANSWER_BYTES;
        let mut fits = format!("HTTP/1.1 200 OK\r\ncontent-length: {size}\r\n\r\n").into_bytes();
        fits.resize(fits.len() + size, b' ');
        let url = server_answering(usize::MAX, fits, Then::Close).await.url;
        assert_eq!(call(&pool, &url).await.map(|b| b.len()), Ok(size));
        // Without a stated length (chunked), refused once past the limit.
        let size = MAX_ANSWER_BYTES + 1;
        let mut chunked =
            format!("HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n{size:x}\r\n")
                .into_bytes();
        chunked.resize(chunked.len() + size, b' ');
        chunked.extend_from_slice(b"\r\n0\r\n\r\n");
        let url = server_answering(usize::MAX, chunked, Then::Close).await.url;
        let pool = Pool::new(connector(), 4);
        assert_eq!(call(&pool, &url).await, Err(Failure::TooLarge));
        assert_eq!(pool.idle_count(), 0);
    }

    #[tokio::test]
    async fn nothing_listening_is_a_connect_failure() {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        let addr = listener.local_addr().expect("addr");
        drop(listener);
        let url: Uri = format!("http://{addr}/v1.0/x?a=1").parse().expect("uri");
        let pool = Pool::new(connector(), 4);
        assert_eq!(call(&pool, &url).await, Err(Failure::Connect));
    }

    #[test]
    fn requests_go_in_origin_form_with_a_host() {
        let url: Uri = "https://api.dingtalk.com/v1.0/drive/spaces?x=1"
            .parse()
            .expect("uri");
        let req = request_for(&url, &[]).expect("request");
        assert_eq!(req.uri(), "/v1.0/drive/spaces?x=1");
        assert_eq!(req.headers()[header::HOST], "api.dingtalk.com");
        let bare: Uri = "http://127.0.0.1:9000".parse().expect("uri");
        let req = request_for(&bare, &[]).expect("request");
        assert_eq!(req.uri(), "/");
        assert_eq!(req.headers()[header::HOST], "127.0.0.1:9000");
        // The scheme's own port is left out, and user info is never sent.
        for (url, host) in [
            ("https://api.dingtalk.com:443/x", "api.dingtalk.com"),
            ("http://example.com:80/x", "example.com"),
            ("https://example.com:8443/x", "example.com:8443"),
            ("http://user:secret@example.com:8080/x", "example.com:8080"),
        ] {
            let url: Uri = url.parse().expect("uri");
            let req = request_for(&url, &[]).expect("request");
            assert_eq!(req.headers()[header::HOST], host);
        }
        let relative: Uri = "/v1.0/x".parse().expect("uri");
        assert!(request_for(&relative, &[]).is_none());
    }
}
