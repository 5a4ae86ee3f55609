//! The list calls' connections to DingTalk: hyper-util's HTTP/1.1 client, its connections
//! kept open and reused, and what the proxy adds to it: answers read whole up to
//! [`MAX_ANSWER_BYTES`], and one resend of a call lost to a connection that closed.
//!
//! The client itself hands a request to a new connection when the reused one turns out
//! closed before the request was written (`retry_canceled_requests`, on by default). A
//! request that was written and then lost, the connection closing before any answer (a
//! server dropping an idle connection as the request crossed, or a reset), it reports as an
//! incomplete message; a list call changes nothing (the GETs, and `listAll`, a POST that only
//! reads), so it goes once more here.

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::http::{header, response, HeaderValue, Method, Request, Uri};
use hyper_util::client::legacy::Client;
use hyper_util::rt::{TokioExecutor, TokioTimer};
use std::time::Duration;

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

impl From<hyper_util::client::legacy::Error> for Attempt {
    /// The client's error, logged with its cause (which names neither the path nor a header).
    fn from(e: hyper_util::client::legacy::Error) -> Self {
        if e.is_connect() {
            tracing::warn!(error = ?e, "upstream connection failed");
            return Self::Failed(Failure::Connect);
        }
        let lost = std::error::Error::source(&e)
            .and_then(|s| s.downcast_ref::<hyper::Error>())
            .is_some_and(hyper::Error::is_incomplete_message);
        if lost {
            tracing::info!(error = ?e, "upstream connection closed before answering; sending again");
            Self::Lost
        } else {
            tracing::warn!(error = ?e, "upstream call failed");
            Self::Failed(Failure::Call)
        }
    }
}

/// Reused HTTP/1.1 connections to DingTalk.
pub struct Upstream {
    client: Client<Connector, Full<Bytes>>,
}

/// One list call: its method, URL, headers and body (empty for a GET).
pub struct Call<'a> {
    pub method: Method,
    pub url: &'a Uri,
    pub headers: &'a [(header::HeaderName, &'a HeaderValue)],
    pub body: Bytes,
}

impl Upstream {
    /// At most `max_idle` connections wait for reuse; more are closed after their call.
    pub fn new(connector: Connector, max_idle: usize) -> Self {
        let client = Client::builder(TokioExecutor::new())
            .pool_idle_timeout(IDLE_FOR)
            .pool_max_idle_per_host(max_idle)
            .pool_timer(TokioTimer::new())
            .build(connector);
        Self { client }
    }

    /// Sends a call that only reads: DingTalk's answer, head and whole body. A request lost
    /// to a closing connection is sent once more; a second loss is a failure.
    pub async fn send(&self, call: &Call<'_>) -> Result<(response::Parts, Bytes), Failure> {
        let result = match self.attempt(call).await {
            Err(Attempt::Lost) => self.attempt(call).await,
            first => first,
        };
        result.map_err(Failure::from)
    }

    async fn attempt(&self, call: &Call<'_>) -> Result<(response::Parts, Bytes), Attempt> {
        let mut req = Request::builder()
            .method(call.method.clone())
            .uri(call.url.clone());
        for (name, value) in call.headers {
            req = req.header(name, *value);
        }
        let req = req
            .body(Full::new(call.body.clone()))
            .map_err(|_| Attempt::Failed(Failure::Call))?;
        let resp = self.client.request(req).await?;
        read(resp).await.map_err(Attempt::Failed)
    }
}

/// Reads the body whole, up to [`MAX_ANSWER_BYTES`]. A connection whose answer is left
/// unread is not reused: the client drops it.
async fn read(
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
    Ok((head, body))
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

    /// The body the test's POSTs carry.
    const POSTED: &str = r#"{"option":{"maxResults":50}}"#;

    /// Reads one request from `sock` and checks it; `false` at end of stream. A GET carries
    /// no body and says no length; a POST carries [`POSTED`] with its length and type.
    async fn read_request(sock: &mut tokio::net::TcpStream) -> bool {
        let mut buf = Vec::new();
        let end = loop {
            if let Some(at) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                break at + 4;
            }
            let mut chunk = [0u8; 1024];
            match sock.read(&mut chunk).await {
                Ok(0) | Err(_) => return false,
                Ok(n) => buf.extend_from_slice(&chunk[..n]),
            }
        };
        let head = String::from_utf8_lossy(&buf[..end]).to_string();
        let lower = head.to_ascii_lowercase();
        assert!(lower.contains("\r\nhost: 127.0.0.1:"), "{head}");
        assert!(head.contains("\r\nx-token: t\r\n"), "{head}");
        if head.starts_with("POST ") {
            assert!(head.starts_with("POST /v1.0/x?a=1 HTTP/1.1\r\n"), "{head}");
            let length = format!("\r\ncontent-length: {}\r\n", POSTED.len());
            assert!(lower.contains(&length), "{head}");
            assert!(
                lower.contains("\r\ncontent-type: application/json\r\n"),
                "{head}"
            );
            while buf.len() < end + POSTED.len() {
                let mut chunk = [0u8; 1024];
                match sock.read(&mut chunk).await {
                    Ok(0) | Err(_) => return false,
                    Ok(n) => buf.extend_from_slice(&chunk[..n]),
                }
            }
            assert_eq!(&buf[end..], POSTED.as_bytes());
        } else {
            assert!(head.starts_with("GET /v1.0/x?a=1 HTTP/1.1\r\n"), "{head}");
            assert!(!lower.contains("content-length"), "{head}");
            assert_eq!(buf.len(), end, "a GET carries no body");
        }
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

    async fn call(pool: &Upstream, url: &Uri) -> Result<Bytes, Failure> {
        let token = HeaderValue::from_static("t");
        let name = header::HeaderName::from_static("x-token");
        let headers = [(name, &token)];
        let call = Call {
            method: Method::GET,
            url,
            headers: &headers,
            body: Bytes::new(),
        };
        pool.send(&call).await.map(|(_, b)| b)
    }

    #[tokio::test]
    async fn one_connection_serves_calls_in_turn() {
        let up = server(usize::MAX, Then::Close).await;
        let url = up.url.clone();
        let pool = Upstream::new(connector(), 4);
        for _ in 0..5 {
            assert_eq!(call(&pool, &url).await, Ok(Bytes::from_static(b"ok")));
        }
        assert_eq!(up.counts(), (5, 1));
    }

    #[tokio::test]
    async fn a_connection_closed_while_idle_is_not_used() {
        let close = Arc::new(tokio::sync::Notify::new());
        let up = server(1, Then::CloseOn(close.clone())).await;
        let url = up.url.clone();
        let pool = Upstream::new(connector(), 4);
        assert_eq!(call(&pool, &url).await, Ok(Bytes::from_static(b"ok")));
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
        let pool = Upstream::new(connector(), 4);
        assert_eq!(call(&pool, &url).await, Ok(Bytes::from_static(b"ok")));
        assert_eq!(call(&pool, &url).await, Ok(Bytes::from_static(b"ok")));
        // The second call: lost on the first connection, answered on a second.
        assert_eq!(up.counts(), (3, 2));
    }

    async fn post(pool: &Upstream, url: &Uri) -> Result<Bytes, Failure> {
        let token = HeaderValue::from_static("t");
        let json = HeaderValue::from_static("application/json");
        let headers = [
            (header::HeaderName::from_static("x-token"), &token),
            (header::CONTENT_TYPE, &json),
        ];
        let call = Call {
            method: Method::POST,
            url,
            headers: &headers,
            body: Bytes::from_static(POSTED.as_bytes()),
        };
        pool.send(&call).await.map(|(_, b)| b)
    }

    #[tokio::test]
    async fn a_post_that_reads_carries_its_body_and_goes_again_when_lost() {
        let up = server(1, Then::DropNextRequest).await;
        let url = up.url.clone();
        let pool = Upstream::new(connector(), 4);
        assert_eq!(post(&pool, &url).await, Ok(Bytes::from_static(b"ok")));
        // Lost on the first connection (with its body), answered on a second.
        assert_eq!(post(&pool, &url).await, Ok(Bytes::from_static(b"ok")));
        assert_eq!(up.counts(), (3, 2));
        // GETs and POSTs share the connections.
        let up = server(usize::MAX, Then::Close).await;
        assert_eq!(post(&pool, &up.url).await, Ok(Bytes::from_static(b"ok")));
        assert_eq!(call(&pool, &up.url).await, Ok(Bytes::from_static(b"ok")));
        assert_eq!(post(&pool, &up.url).await, Ok(Bytes::from_static(b"ok")));
        assert_eq!(up.counts(), (3, 1));
    }

    #[tokio::test]
    async fn a_call_lost_twice_fails() {
        // Every connection takes a request and closes unanswered.
        let up = server(0, Then::DropNextRequest).await;
        let url = up.url.clone();
        let pool = Upstream::new(connector(), 4);
        assert_eq!(call(&pool, &url).await, Err(Failure::Call));
        assert_eq!(up.counts(), (2, 2));
    }

    #[tokio::test]
    async fn a_connection_closed_with_its_answer_is_not_kept() {
        let up = server(1, Then::Close).await;
        let url = up.url.clone();
        let pool = Upstream::new(connector(), 4);
        for _ in 0..3 {
            assert_eq!(call(&pool, &url).await, Ok(Bytes::from_static(b"ok")));
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        assert_eq!(up.counts(), (3, 3));
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn concurrent_calls_open_connections_then_reuse_them() {
        let up = server(usize::MAX, Then::Close).await;
        let url = up.url.clone();
        let pool = Arc::new(Upstream::new(connector(), 2));
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
        // Calls in turn afterwards open nothing new. A connection goes back to the pool from
        // its own task once the answer is read, on whichever worker runs it: each call leaves
        // it a moment to get there, as a caller a few milliseconds later would.
        for _ in 0..3 {
            tokio::time::sleep(Duration::from_millis(50)).await;
            assert_eq!(call(&pool, &url).await, Ok(Bytes::from_static(b"ok")));
        }
        assert_eq!(up.counts(), (9, opened));
    }

    #[tokio::test]
    async fn an_answer_over_the_limit_is_refused_and_its_connection_dropped() {
        let size = MAX_ANSWER_BYTES + 1;
        let mut big = format!("HTTP/1.1 200 OK\r\ncontent-length: {size}\r\n\r\n").into_bytes();
        big.resize(big.len() + size, b' ');
        let up = server_answering(usize::MAX, big, Then::Close).await;
        let pool = Upstream::new(connector(), 4);
        // Its connection is not reused: the second call opens another.
        for _ in 0..2 {
            assert_eq!(call(&pool, &up.url).await, Err(Failure::TooLarge));
        }
        assert_eq!(up.counts(), (2, 2));
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
        let up = server_answering(usize::MAX, chunked, Then::Close).await;
        let pool = Upstream::new(connector(), 4);
        for _ in 0..2 {
            assert_eq!(call(&pool, &up.url).await, Err(Failure::TooLarge));
        }
        assert_eq!(up.counts(), (2, 2));
    }

    #[tokio::test]
    async fn nothing_listening_is_a_connect_failure() {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        let addr = listener.local_addr().expect("addr");
        drop(listener);
        let url: Uri = format!("http://{addr}/v1.0/x?a=1").parse().expect("uri");
        let pool = Upstream::new(connector(), 4);
        assert_eq!(call(&pool, &url).await, Err(Failure::Connect));
    }
}
