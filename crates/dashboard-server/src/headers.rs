//! The server's edge: limits on the request head, and security headers on every response.

use axum::http::{header, HeaderValue, Request};
use axum::response::Response;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use tower::{Layer, Service};

/// The Content-Security-Policy: only our own scripts (the inline start-up script by hash),
/// wasm compilation but no eval, our own API, images from http(s) (DingTalk's temporary
/// thumbnail hosts vary), and framing only by `frame_ancestors`.
pub fn content_security_policy(script_hashes: &[String], frame_ancestors: &str) -> String {
    let mut scripts = String::from("'self' 'wasm-unsafe-eval'");
    for h in script_hashes {
        scripts.push(' ');
        scripts.push_str(h);
    }
    format!(
        "default-src 'self'; script-src {scripts}; style-src 'self'; img-src 'self' data: http: https:; \
         connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; \
         frame-ancestors {frame_ancestors}"
    )
}

/// The server's edge, around every route: refuses an oversized request head
/// ([`crate::limits::refusal`]) and a cross-origin POST ([`crate::origin::refusal`]), sets
/// the security headers on every answer, refusals included, and marks every API answer
/// `no-store`. One plain tower layer with its own future: two `axum::middleware::from_fn`
/// layers cloned the router and boxed a future for every request (visible in the proxy's
/// profile under load).
#[derive(Clone)]
pub struct EdgeLayer {
    csp: HeaderValue,
    /// Served over HTTPS (`COOKIE_SECURE`): the origin the browser names is `https://`.
    secure: bool,
}

impl EdgeLayer {
    pub fn new(csp: HeaderValue, secure: bool) -> Self {
        Self { csp, secure }
    }
}

impl<S> Layer<S> for EdgeLayer {
    type Service = Edge<S>;
    fn layer(&self, inner: S) -> Edge<S> {
        Edge {
            inner,
            csp: self.csp.clone(),
            secure: self.secure,
        }
    }
}

#[derive(Clone)]
pub struct Edge<S> {
    inner: S,
    csp: HeaderValue,
    secure: bool,
}

/// Answers that hold a user's data or session state: never kept by the browser's or a
/// proxy's cache (a shared machine's next user, or a cache keyed without the cookie, would
/// see them), errors included, since an error can say who is logged in.
fn is_api(path: &str) -> bool {
    path.starts_with("/api/") || path.starts_with("/v1.0/")
}

impl<S, B> Service<Request<B>> for Edge<S>
where
    S: Service<Request<B>, Response = Response>,
{
    type Response = Response;
    type Error = S::Error;
    type Future = EdgeFuture<S::Future>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, req: Request<B>) -> Self::Future {
        let api = is_api(req.uri().path());
        let refused =
            crate::limits::refusal(&req).or_else(|| crate::origin::refusal(&req, self.secure));
        let state = match refused {
            Some(refused) => State::Refused {
                response: Some(refused),
            },
            None => State::Inner {
                future: self.inner.call(req),
            },
        };
        EdgeFuture {
            state,
            csp: self.csp.clone(),
            api,
        }
    }
}

pin_project_lite::pin_project! {
    pub struct EdgeFuture<F> {
        #[pin]
        state: State<F>,
        csp: HeaderValue,
        api: bool,
    }
}

pin_project_lite::pin_project! {
    #[project = StateProj]
    enum State<F> {
        Inner { #[pin] future: F },
        Refused { response: Option<Response> },
    }
}

impl<F, E> Future for EdgeFuture<F>
where
    F: Future<Output = Result<Response, E>>,
{
    type Output = Result<Response, E>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.project();
        let mut resp = match this.state.project() {
            StateProj::Inner { future } => match future.poll(cx) {
                Poll::Ready(Ok(resp)) => resp,
                other => return other,
            },
            // Polled once: a future is not polled again after it is ready.
            StateProj::Refused { response } => match response.take() {
                Some(resp) => resp,
                None => return Poll::Pending,
            },
        };
        let h = resp.headers_mut();
        h.insert(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        );
        h.insert(
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        );
        h.insert(header::CONTENT_SECURITY_POLICY, this.csp.clone());
        if *this.api {
            h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        }
        Poll::Ready(Ok(resp))
    }
}
