//! A request's session: the cookie that carries it, its check on every request (the
//! `Session` extractor), and the server's answer when there is none.

use super::{now_secs, Revocations, Session, SessionError, SessionKey};
use crate::error::AppError;
use crate::AppState;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode};

/// Name of the session cookie over plain HTTP (demo, `COOKIE_SECURE=false`).
pub const COOKIE: &str = "dqd_session";
/// Name of the session cookie when it is `Secure`. Browsers take a `__Host-` cookie only from
/// this very host over HTTPS, with `Path=/` and no `Domain`, so a sibling subdomain or a
/// plain-HTTP man in the middle cannot plant one for the browser to send here.
pub const SECURE_COOKIE: &str = "__Host-dqd_session";

/// The session cookie's name for `Secure` (or not) cookies.
pub fn cookie_name(secure: bool) -> &'static str {
    if secure {
        SECURE_COOKIE
    } else {
        COOKIE
    }
}

/// The `Set-Cookie` value that stores `value` in the session cookie for `max_age` seconds
/// (0 deletes it): the one place the cookie's attributes are written.
fn set_cookie(secure: bool, value: &str, max_age: u64) -> Option<HeaderValue> {
    let name = cookie_name(secure);
    let secure = if secure { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{name}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}{secure}"
    ))
    .ok()
}

impl From<SessionError> for AppError {
    /// 401 is the server's answer for "no valid session" and nothing else on the data calls:
    /// the app logs in again on it.
    fn from(e: SessionError) -> Self {
        let (code, message) = match e {
            SessionError::Missing => (
                "session.missing",
                "Not logged in; open the dashboard from the DingTalk workbench",
            ),
            SessionError::Invalid => ("session.invalid", "The session is not valid; log in again"),
            SessionError::Expired => ("session.expired", "The session has expired; log in again"),
            // The app treats it as it treats an expiry: the session has ended.
            SessionError::Revoked => (
                "session.expired",
                "That login was ended by logging out; log in again",
            ),
        };
        AppError::new(StatusCode::UNAUTHORIZED, code, message)
    }
}

/// The request's session, for any handler that takes a `Session` argument (or a
/// `Result<Session, AppError>` when a missing one is not an error).
impl FromRequestParts<AppState> for Session {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, s: &AppState) -> Result<Self, AppError> {
        Ok(s.sessions.of_request(&parts.headers, now_secs())?)
    }
}

/// Everything needed to check a request's session: the key and the logged-out sessions.
pub struct Sessions {
    pub key: SessionKey,
    /// Sessions ended by logout (in this process only: see [`Revocations`]).
    pub revoked: Revocations,
    pub secure: bool,
}

impl Sessions {
    pub fn new(secret: &[u8], secure: bool) -> Self {
        Self {
            key: SessionKey::new(secret),
            revoked: Revocations::default(),
            secure,
        }
    }

    /// One cookie's session: signed by us, not expired, not ended by logout. Checked on every
    /// request (base64, HMAC-SHA256, JSON: about 1.5 µs for a real cookie in a release
    /// build), so nothing about a session is held but its logout.
    fn verify(&self, token: &str, now: i64) -> Result<Session, SessionError> {
        let s = self.key.verify(token, now)?;
        if self.revoked.is_revoked(&s.sid) {
            return Err(SessionError::Revoked);
        }
        Ok(s)
    }

    /// The session of a request, or why there is none. Of several cookies of our name, the
    /// first that verifies wins: another site of the same parent domain can plant one ahead
    /// of ours, and taking the first as it comes would log the user out. (All of them
    /// together are bounded by the request head limit, so trying each costs little.) When
    /// none verifies, an ended session is reported before junk, so the app logs in again.
    pub fn of_request(&self, headers: &HeaderMap, now: i64) -> Result<Session, SessionError> {
        let mut refusal = SessionError::Missing;
        for token in cookie_values(headers, cookie_name(self.secure)) {
            match self.verify(token, now) {
                Ok(s) => return Ok(s),
                Err(e) if matches!(refusal, SessionError::Missing | SessionError::Invalid) => {
                    refusal = e
                }
                Err(_) => {}
            }
        }
        Err(refusal)
    }

    /// The `Set-Cookie` value of a new session.
    pub fn cookie(&self, session: &Session, ttl_secs: u64) -> Option<HeaderValue> {
        set_cookie(self.secure, &self.key.sign(session), ttl_secs)
    }

    /// The `Set-Cookie` value that deletes the session cookie.
    pub fn removal_cookie(&self) -> Option<HeaderValue> {
        set_cookie(self.secure, "", 0)
    }
}

/// Every value of cookie `name` in the `Cookie` headers, in the order sent. A browser sends
/// several cookies of one name when they were set for different paths or domains (a sibling
/// subdomain can set one for the parent domain), so the first is not necessarily ours.
fn cookie_values<'a>(
    headers: &'a axum::http::HeaderMap,
    name: &'a str,
) -> impl Iterator<Item = &'a str> {
    headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|h| h.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .filter(move |(k, _)| *k == name)
        .map(|(_, v)| v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookie_parsing() {
        use axum::http::{header, HeaderMap, HeaderValue};
        let mut h = HeaderMap::new();
        fn values<'a>(h: &'a HeaderMap, name: &'a str) -> Vec<&'a str> {
            cookie_values(h, name).collect()
        }
        assert!(values(&h, COOKIE).is_empty());
        h.append(
            header::COOKIE,
            HeaderValue::from_static("a=1; dqd_session=x.y; b=2;dqd_session=z=w"),
        );
        h.append(header::COOKIE, HeaderValue::from_static(""));
        h.append(
            header::COOKIE,
            HeaderValue::from_static("__Host-dqd_session=s; xdqd_session=n"),
        );
        assert_eq!(values(&h, COOKIE), ["x.y", "z=w"]);
        assert_eq!(values(&h, SECURE_COOKIE), ["s"]);
        assert_eq!(cookie_name(true), SECURE_COOKIE);
        assert_eq!(cookie_name(false), COOKIE);
    }

    #[test]
    fn one_cookie_shape_to_set_and_to_delete() {
        let v = |h: Option<HeaderValue>| h.expect("a header").to_str().expect("ascii").to_owned();
        assert_eq!(
            v(set_cookie(true, "a.b", 60)),
            "__Host-dqd_session=a.b; Path=/; HttpOnly; SameSite=Lax; Max-Age=60; Secure"
        );
        assert_eq!(
            v(set_cookie(false, "", 0)),
            "dqd_session=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0"
        );
    }
}
