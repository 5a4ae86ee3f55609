// Each test binary uses a different part of this module.
#![allow(dead_code)]

//! A server wired to an in-process emulator over real loopback HTTP.

use axum::body::Body;
use axum::http::{header, Request, Response, StatusCode};
use clap::Parser;
use dashboard_server::config::{Cli, Config};
use dashboard_server::session::{Session, SessionKey};
use dashboard_server::AppState;
use dingtalk_emulator::Emulator;
use http_body_util::BodyExt;
use tower::ServiceExt;

pub const SECRET: &str = "test-session-secret-0123456789abcdef";

pub struct Harness {
    pub emulator: Emulator,
    pub app: axum::Router,
    /// The session cookie's name (`__Host-` prefixed unless `--cookie-secure false`).
    pub cookie: &'static str,
    pub limits: dashboard_server::ServeLimits,
    /// What the router serves (to start the collector's schedule, which `build` starts).
    pub state: AppState,
}

pub async fn harness(extra: &[&str]) -> Harness {
    let emulator = Emulator::new(dingtalk_emulator::Config::default());
    let (addr, _task) = dingtalk_emulator::spawn(emulator.clone(), ([127, 0, 0, 1], 0).into())
        .await
        .expect("emulator starts");
    harness_at(emulator, &format!("http://{addr}"), extra).await
}

/// A server whose DingTalk is at `base` (an emulator not listening stands in the struct).
pub async fn harness_upstream(base: &str, extra: &[&str]) -> Harness {
    harness_at(
        Emulator::new(dingtalk_emulator::Config::default()),
        base,
        extra,
    )
    .await
}

pub mod postgres;
pub mod process;

/// Most requests that arrived within any one second (of `RecordedRequest::at` times).
pub fn busiest_second(times: &[std::time::Instant]) -> usize {
    let mut times = times.to_vec();
    times.sort();
    (0..times.len())
        .map(|i| {
            times[i..]
                .iter()
                .take_while(|t| t.duration_since(times[i]) < std::time::Duration::from_secs(1))
                .count()
        })
        .max()
        .unwrap_or(0)
}

/// A fresh directory under the system's temp directory (left for the OS to clean).
pub fn temp_dir(what: &str) -> std::path::PathBuf {
    static NEXT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!(
        "dqd-{what}-{}-{n}-{}",
        std::process::id(),
        dashboard_server::session::random_hex(4).expect("random")
    ));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

async fn harness_at(emulator: Emulator, base: &str, extra: &[&str]) -> Harness {
    let mut args = vec![
        "dashboard-server",
        "--app-key",
        "demo-app-key",
        "--app-secret",
        "demo-app-secret",
        "--session-secret",
        SECRET,
        "--api-base",
        base,
        "--oapi-base",
        base,
    ];
    // The emulator's organization, unless the test names another.
    if !extra.contains(&"--corp-id") {
        args.extend(["--corp-id", dingtalk_emulator::DEMO_CORP_ID]);
    }
    if !extra.contains(&"--dist") {
        args.extend(["--dist", "/nonexistent-dist"]);
    }
    let data = temp_dir("store");
    let data = data.to_str().expect("utf-8 temp dir").to_owned();
    if !extra.contains(&"--data-dir") {
        args.extend(["--data-dir", &data]);
    }
    args.extend_from_slice(extra);
    let config =
        Config::from_cli(Cli::try_parse_from(args).expect("flags"), String::new).expect("config");
    let cookie = dashboard_server::session::cookie_name(config.cookie_secure);
    let limits = dashboard_server::ServeLimits::from_config(&config);
    let store = dashboard_server::store::Store::open(&config.store)
        .await
        .expect("store opens");
    let state = AppState::new(config, base.to_owned(), base.to_owned(), store);
    let app = dashboard_server::router(state.clone());
    Harness {
        emulator,
        app,
        cookie,
        limits,
        state,
    }
}

/// Serves `app` on a loopback port; its base URL.
pub async fn serve_upstream(app: axum::Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("binds");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    format!("http://{addr}")
}

/// A DingTalk stand-in whose token call answers and whose spaces call always answers
/// `status` with `content_type` (none if `None`), `body` and request id `R1`; its base URL.
pub async fn scripted_upstream(
    status: u16,
    content_type: Option<&'static str>,
    body: &'static [u8],
) -> String {
    use axum::routing::{get, post};
    let app = axum::Router::new()
        .route(
            "/v1.0/oauth2/accessToken",
            post(|| async {
                axum::Json(serde_json::json!({"accessToken": "tok", "expireIn": 7200}))
            }),
        )
        .route(
            "/v1.0/drive/spaces",
            get(move || async move {
                let mut resp = Response::new(Body::from(body));
                *resp.status_mut() = StatusCode::from_u16(status).expect("a status");
                let h = resp.headers_mut();
                if let Some(ct) = content_type {
                    h.insert(header::CONTENT_TYPE, ct.parse().expect("a value"));
                }
                h.insert(
                    dingtalk_wire::REQUEST_ID_HEADER,
                    "R1".parse().expect("a value"),
                );
                resp
            }),
        );
    serve_upstream(app).await
}

/// A session cookie value for an admin, valid for an hour, signed with the servers' key.
pub fn admin_session() -> String {
    admin_session_until(
        "0123456789abcdef0123456789abcdef",
        dashboard_server::session::now_secs() + 3600,
    )
}

/// A session cookie value for an admin, session id `sid`, expiring at `exp` (Unix seconds).
pub fn admin_session_until(sid: &str, exp: i64) -> String {
    signed(&Session {
        sid: sid.into(),
        uid: "manager4512".into(),
        union_id: "demoAdminUnion01".into(),
        name: "王芳".into(),
        admin: true,
        iat: exp - 3600,
        exp,
    })
}

pub struct Answer {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub body: String,
}

impl Answer {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or(serde_json::Value::Null)
    }
    pub fn code(&self) -> String {
        self.json()["code"].as_str().unwrap_or("").to_owned()
    }
}

async fn answer(resp: Response<Body>) -> Answer {
    let status = resp.status();
    let headers = resp.headers().clone();
    let bytes = resp.into_body().collect().await.expect("body").to_bytes();
    Answer {
        status,
        headers,
        body: String::from_utf8_lossy(&bytes).into_owned(),
    }
}

impl Harness {
    pub async fn send(&self, req: Request<Body>) -> Answer {
        answer(self.app.clone().oneshot(req).await.expect("infallible")).await
    }

    pub async fn get(&self, uri: &str, cookie: Option<&str>) -> Answer {
        let mut b = Request::get(uri);
        if let Some(c) = cookie {
            b = b.header(header::COOKIE, self.cookie_header(c));
        }
        self.send(b.body(Body::empty()).expect("request")).await
    }

    /// `name=value` of the session cookie.
    pub fn cookie_header(&self, value: &str) -> String {
        format!("{}={value}", self.cookie)
    }

    pub async fn login(&self, code: &str) -> Answer {
        let req = Request::post("/api/login")
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(format!(r#"{{"authCode":"{code}"}}"#)))
            .expect("request");
        self.send(req).await
    }

    /// POST /api/logout, with the session cookie `cookie` if given.
    pub async fn logout(&self, cookie: Option<&str>) -> Answer {
        let mut b = Request::post("/api/logout");
        if let Some(c) = cookie {
            b = b.header(header::COOKIE, self.cookie_header(c));
        }
        self.send(b.body(Body::empty()).expect("request")).await
    }

    /// Serves the app on a loopback port through the server's own accept loop (real HTTP/1
    /// parsing and limits, as in production) and returns the address.
    pub async fn listen(&self) -> std::net::SocketAddr {
        self.listen_with(self.limits).await
    }

    /// As [`Harness::listen`], with other connection limits.
    pub async fn listen_with(&self, limits: dashboard_server::ServeLimits) -> std::net::SocketAddr {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("binds");
        let addr = listener.local_addr().expect("addr");
        let app = self.app.clone();
        tokio::spawn(dashboard_server::serve(
            listener,
            app,
            limits,
            std::future::pending(),
        ));
        addr
    }

    /// Logs the demo admin in and returns the session cookie's value.
    pub async fn admin_cookie(&self) -> String {
        let a = self.login(dingtalk_emulator::DEMO_ADMIN_CODE).await;
        assert_eq!(a.status, StatusCode::OK, "{}", a.body);
        self.session_cookie(&a).expect("a session cookie")
    }

    /// The session cookie's value in an answer's Set-Cookie.
    pub fn session_cookie(&self, a: &Answer) -> Option<String> {
        let set = a.headers.get(header::SET_COOKIE)?.to_str().ok()?;
        let v = set.strip_prefix(&format!("{}=", self.cookie))?;
        Some(v.split(';').next()?.to_owned())
    }

    /// Requests that reached the emulator under `prefix`.
    pub fn upstream(&self, prefix: &str) -> Vec<dingtalk_emulator::RecordedRequest> {
        self.emulator
            .requests()
            .into_iter()
            .filter(|r| r.path.starts_with(prefix))
            .collect()
    }
}

/// Sends `head` (request line and headers, without the blank line) over a fresh connection
/// and returns the status code and body of the answer; `None` if the server closed the
/// connection without one.
pub async fn raw_http(addr: std::net::SocketAddr, head: &str) -> Option<(u16, String)> {
    let request = format!("{head}\r\nconnection: close\r\n\r\n");
    tokio::task::spawn_blocking(move || {
        use std::io::{Read, Write};
        let mut s = std::net::TcpStream::connect(addr).expect("connects");
        s.set_read_timeout(Some(std::time::Duration::from_secs(10)))
            .expect("timeout");
        // The server may answer and close before it has read everything: ignore write errors.
        let _ = s.write_all(request.as_bytes());
        let mut out = Vec::new();
        let _ = s.read_to_end(&mut out);
        let text = String::from_utf8_lossy(&out).into_owned();
        let status = text.split(' ').nth(1)?.parse().ok()?;
        let body = text
            .split_once("\r\n\r\n")
            .map_or("", |(_, b)| b)
            .to_owned();
        Some((status, body))
    })
    .await
    .expect("the client thread ends")
}

/// A session signed with the server's key (for expired-session tests).
pub fn signed(session: &Session) -> String {
    SessionKey::new(SECRET.as_bytes()).sign(session)
}

/// A gateway on a store of its own, with DingTalk's pace and `budget` calls a month.
pub async fn gateway(budget: u32) -> dashboard_server::gateway::Gateway {
    let target = dashboard_server::store::StoreTarget::Sqlite(temp_dir("gateway"));
    let store = dashboard_server::store::Store::open(&target)
        .await
        .expect("store opens");
    dashboard_server::gateway::Gateway::new(store, budget, 20)
}
