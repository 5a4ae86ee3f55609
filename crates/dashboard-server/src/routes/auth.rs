//! Login (auth code -> session cookie), logout, who am I, and the public client config.

use crate::error::AppError;
use crate::ratelimit::client_ip;
use crate::session::{now_secs, random_hex, Session};
use crate::AppState;
use axum::extract::rejection::JsonRejection;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use dingtalk_wire::auth::UserInfo;
use serde::{Deserialize, Serialize};

/// What the page needs before it can log in. Nothing secret: the corpId and the AppKey
/// (DingTalk's `clientId`) are public identifiers the JSAPI needs.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ClientConfig {
    corp_id: String,
    client_id: String,
    demo: bool,
    /// Demo mode only: the codes a page outside DingTalk may log in with.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    demo_codes: Vec<&'static str>,
}

pub async fn config(State(s): State<AppState>) -> Json<ClientConfig> {
    Json(ClientConfig {
        corp_id: s.config.corp_id.clone(),
        client_id: s.config.app_key.clone(),
        demo: s.config.demo,
        demo_codes: if s.config.demo {
            vec![
                dingtalk_emulator::DEMO_ADMIN_CODE,
                dingtalk_emulator::DEMO_MEMBER_CODE,
            ]
        } else {
            Vec::new()
        },
    })
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LoginRequest {
    auth_code: String,
}

/// The logged-in user as the app sees it.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Me {
    user_id: String,
    name: String,
    admin: bool,
    expires_at: i64,
}

impl From<&Session> for Me {
    fn from(s: &Session) -> Self {
        Self {
            user_id: s.uid.clone(),
            name: s.name.clone(),
            admin: s.admin,
            expires_at: s.exp,
        }
    }
}

pub async fn login(
    State(s): State<AppState>,
    headers: HeaderMap,
    extensions: axum::http::Extensions,
    body: Result<Json<LoginRequest>, JsonRejection>,
) -> Result<Response, AppError> {
    // The body is checked before the attempt is counted: a request that could never log
    // anyone in (junk, another site's form, a client bug) must not use up the attempts of
    // everyone behind the same address (an office's NAT).
    let code = auth_code(body)?;
    let peer = extensions
        .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        .map(|c| c.0.ip());
    let client = client_ip(&headers, peer, s.config.trust_proxy);
    if let Err(wait) = s.login_limit.check(client, std::time::Instant::now()) {
        tracing::warn!(%client, "login attempts over the limit");
        return Err(AppError::new(
            StatusCode::TOO_MANY_REQUESTS,
            "login.rateLimited",
            format!("Too many login attempts from this address; wait {wait} seconds"),
        )
        .with_retry_after(wait));
    }
    let user = s.dingtalk.user_info(&code).await?;
    if !user.is_admin() && !s.config.allow_non_admins {
        tracing::info!(user = %user.userid, "login refused: not an org admin");
        return Err(AppError::new(StatusCode::FORBIDDEN, "login.notAdmin", "Only admins of this DingTalk organization may use the storage dashboard; ask an admin for access"));
    }
    let ttl = s.config.session_ttl.as_secs();
    let session = new_session(user, ttl)?;
    tracing::info!(user = %session.uid, admin = session.admin, "login");
    if session.admin {
        let op = crate::collector::Operator {
            union_id: session.union_id.clone(),
            name: session.name.clone(),
        };
        // The daily collection's operator by default; a store that cannot take it costs
        // the login nothing (the collection waits for the next admin).
        if let Err(e) = s.collector.admin_logged_in(&s.store, &op).await {
            tracing::warn!(error = %e, "the last admin could not be remembered");
        }
    }
    let cookie = s.sessions.cookie(&session, ttl);
    Ok(with_cookie(
        Json(Me::from(&session)).into_response(),
        cookie,
    ))
}

/// The auth code of a login body, if it can be one.
fn auth_code(body: Result<Json<LoginRequest>, JsonRejection>) -> Result<String, AppError> {
    let bad = |message| AppError::new(StatusCode::BAD_REQUEST, "login.badRequest", message);
    let Ok(Json(req)) = body else {
        return Err(bad(
            "Send JSON {\"authCode\": \"...\"} with Content-Type: application/json",
        ));
    };
    let code = req.auth_code.trim();
    if code.is_empty() || code.len() > 256 || !code.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(bad(
            "authCode must be the 1 to 256 visible ASCII characters that dd.requestAuthCode gave",
        ));
    }
    Ok(code.to_owned())
}

/// A session for `user` from now, for `ttl` seconds.
fn new_session(user: UserInfo, ttl: u64) -> Result<Session, AppError> {
    // 128 random bits: logout ends the login by its id.
    let Some(sid) = random_hex(16) else {
        tracing::error!("login failed: the operating system's random generator is unavailable");
        return Err(AppError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "login.unavailable",
            "The server cannot make a session id (no OS random generator); the operator must check the host",
        ));
    };
    let now = now_secs();
    Ok(Session {
        sid,
        admin: user.is_admin(),
        uid: user.userid,
        union_id: user.unionid,
        name: user.name,
        iat: now,
        exp: now + ttl as i64,
    })
}

fn with_cookie(mut resp: Response, cookie: Option<HeaderValue>) -> Response {
    if let Some(v) = cookie {
        resp.headers_mut().insert(header::SET_COOKIE, v);
    }
    resp
}

/// Clears the cookie and, if the request carries a valid session, ends that session on the
/// server too, so a copy of the cookie is refused from now on (by this process: see
/// `session::Revocations`). The user's other sessions stay valid.
pub async fn logout(State(s): State<AppState>, session: Result<Session, AppError>) -> Response {
    if let Ok(session) = session {
        s.sessions.revoked.revoke(&session, now_secs());
        tracing::info!(user = %session.uid, "logout");
    }
    with_cookie(
        StatusCode::NO_CONTENT.into_response(),
        s.sessions.removal_cookie(),
    )
}

pub async fn me(session: Session) -> Json<Me> {
    Json(Me::from(&session))
}

/// `GET /api/usage`: this month's metered DingTalk calls against the app's budget.
pub async fn usage(
    _session: Session,
    State(state): State<AppState>,
) -> Result<Json<crate::gateway::Usage>, AppError> {
    Ok(Json(state.dingtalk.gateway.usage().await?))
}
