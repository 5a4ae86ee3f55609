//! dashboard-server: serves the dashboard app, logs users in through DingTalk and forwards the
//! app's two read-only Drive calls with the app token, which never leaves this process.

pub mod compress;
pub mod config;
pub mod dingtalk;
pub mod encoding;
pub mod error;
mod headers;
pub mod limits;
mod origin;
pub mod ratelimit;
mod routes;
mod serve;
pub mod session;
pub mod token;
mod upstream;

use crate::config::{Config, Upstream};
use crate::dingtalk::DingTalk;
use crate::error::AppError;
use crate::session::{cookie_values, Session, SessionError, SessionKey};
use axum::http::{HeaderMap, StatusCode};
use std::sync::Arc;

pub use routes::router;
pub use serve::{serve, ServeLimits};

/// Shared by every request.
#[derive(Clone)]
pub struct AppState(Arc<Inner>);

pub struct Inner {
    pub config: Config,
    pub key: SessionKey,
    pub dingtalk: DingTalk,
    pub frontend: routes::static_files::Frontend,
    pub csp: axum::http::HeaderValue,
    pub login_limit: ratelimit::RateLimit,
    /// Sessions ended by logout (in this process only: see `Revocations`).
    pub revoked: session::Revocations,
}

impl std::ops::Deref for AppState {
    type Target = Inner;
    fn deref(&self) -> &Inner {
        &self.0
    }
}

impl AppState {
    /// `api_base` / `oapi_base`: where DingTalk is (already resolved, emulator included).
    pub fn new(config: Config, api_base: String, oapi_base: String) -> Self {
        let key = SessionKey::new(config.session_secret.expose().as_bytes());
        let dingtalk = DingTalk::new(
            api_base,
            oapi_base,
            config.app_key.clone(),
            config.app_secret.clone(),
        );
        let frontend = routes::static_files::Frontend::load(config.dist.as_deref());
        let policy =
            headers::content_security_policy(&frontend.script_hashes, &config.frame_ancestors);
        let csp = axum::http::HeaderValue::from_str(&policy).unwrap_or_else(|_| {
            axum::http::HeaderValue::from_static("default-src 'self'; frame-ancestors 'none'")
        });
        let login_limit = ratelimit::RateLimit::new(
            config.login_attempts_per_minute,
            std::time::Duration::from_secs(60),
        );
        Self(Arc::new(Inner {
            config,
            key,
            dingtalk,
            frontend,
            csp,
            login_limit,
            revoked: session::Revocations::default(),
        }))
    }

    /// The session cookie's name: `__Host-` prefixed when it is `Secure`.
    pub fn cookie_name(&self) -> &'static str {
        session::cookie_name(self.config.cookie_secure)
    }

    /// One cookie's session: signed by us, not expired, not ended by logout. Checked on every
    /// request (base64, HMAC-SHA256, JSON: about 1.5 µs for a real cookie in a release
    /// build), so nothing about a session is held but its logout.
    fn verify_cookie(&self, token: &str, now: i64) -> Result<Session, SessionError> {
        let s = self.key.verify(token, now)?;
        if self.revoked.is_revoked(&s.sid) {
            return Err(SessionError::Revoked);
        }
        Ok(s)
    }

    /// The session of this request, or why there is none. Of several cookies of our name,
    /// the first that verifies wins: another site of the same parent domain can plant one
    /// ahead of ours, and taking the first as it comes would log the user out. (All of them
    /// together are bounded by the request head limit, so trying each costs little.) When
    /// none verifies, an ended session is reported before junk, so the app logs in again.
    pub fn session(&self, headers: &HeaderMap) -> Result<Session, AppError> {
        let now = now_secs();
        let mut refusal = SessionError::Missing;
        let mut found = None;
        for token in cookie_values(headers, self.cookie_name()) {
            match self.verify_cookie(token, now) {
                Ok(s) => {
                    found = Some(s);
                    break;
                }
                Err(e) => {
                    if matches!(refusal, SessionError::Missing | SessionError::Invalid) {
                        refusal = e;
                    }
                }
            }
        }
        found.ok_or(refusal).map_err(|e| {
            let (code, message) = match e {
                SessionError::Missing => (
                    "session.missing",
                    "Not logged in; open the dashboard from the DingTalk workbench",
                ),
                SessionError::Invalid => {
                    ("session.invalid", "The session is not valid; log in again")
                }
                SessionError::Expired => {
                    ("session.expired", "The session has expired; log in again")
                }
                // The app treats it as it treats an expiry: the session has ended.
                SessionError::Revoked => (
                    "session.expired",
                    "This session was ended by logging out; log in again",
                ),
            };
            AppError::new(StatusCode::UNAUTHORIZED, code, message)
        })
    }
}

impl AppState {
    /// The client's address: the TCP peer, or with `--trust-proxy` the address the reverse
    /// proxy appended last to X-Forwarded-For (earlier entries are the client's own claims).
    pub fn client_ip(
        &self,
        headers: &HeaderMap,
        peer: Option<std::net::IpAddr>,
    ) -> std::net::IpAddr {
        // Strictly the last entry: anything before it was written by the client.
        let forwarded = self.config.trust_proxy.then(|| {
            let last_header = headers.get_all("x-forwarded-for").iter().next_back()?;
            let last = last_header.to_str().ok()?.rsplit(',').next()?;
            last.trim().parse().ok()
        });
        forwarded
            .flatten()
            .or(peer)
            .unwrap_or(std::net::IpAddr::from([0, 0, 0, 0]))
    }
}

/// Connections a burst may queue before the server accepts them. Rust's and tokio's default
/// (128) overflows when hundreds of clients connect at once: the kernel then drops handshakes,
/// which clients repeat only after 1 s, 3 s... The kernel caps it at net.core.somaxconn.
pub const ACCEPT_BACKLOG: u32 = 4096;

/// A listening socket on `addr` with [`ACCEPT_BACKLOG`].
pub fn bind(addr: std::net::SocketAddr) -> std::io::Result<tokio::net::TcpListener> {
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

/// Unix time in seconds.
pub fn now_secs() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

/// A random hex string from the OS generator; `None` if the OS has none (then no guessable
/// key is made in its place).
pub fn random_hex(bytes: usize) -> Option<String> {
    let mut buf = vec![0u8; bytes];
    getrandom::fill(&mut buf).ok()?;
    Some(buf.iter().map(|b| format!("{b:02x}")).collect())
}

/// Resolves where DingTalk is (starting the emulator in demo mode) and builds the router.
pub async fn build(config: Config) -> std::io::Result<axum::Router> {
    let (api, oapi) = match &config.upstream {
        Upstream::Remote {
            api_base,
            oapi_base,
        } => (api_base.clone(), oapi_base.clone()),
        Upstream::Emulated {
            spaces,
            seed,
            big_folder,
        } => {
            let emulator = dingtalk_emulator::Emulator::new(dingtalk_emulator::Config {
                spaces: *spaces,
                seed: *seed,
                big_folder_entries: *big_folder,
                ..Default::default()
            });
            let loopback = std::net::SocketAddr::from(([127, 0, 0, 1], 0));
            let (addr, _task) = dingtalk_emulator::spawn(emulator, loopback).await?;
            tracing::info!(%addr, "demo: DingTalk emulator started in-process");
            // On stdout too: tests and benchmarks inject faults through its control endpoint.
            println!("demo: DingTalk emulator at http://{addr}");
            let base = format!("http://{addr}");
            (base.clone(), base)
        }
    };
    Ok(router(AppState::new(config, api, oapi)))
}
