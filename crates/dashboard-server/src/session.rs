//! Sessions: signed, expiring, and stateless, so any replica holding the same key can check
//! them without shared storage. Format: `base64url(json).base64url(hmac-sha256(json))`.
//! Logging out ends a session before its expiry through [`Revocations`], the one piece of
//! session state, which is per process (see there).

use crate::error::AppError;
use crate::AppState;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use base64::Engine;
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;
use std::collections::HashMap;
use std::sync::{PoisonError, RwLock};

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
pub fn set_cookie(secure: bool, value: &str, max_age: u64) -> Option<HeaderValue> {
    let name = cookie_name(secure);
    let secure = if secure { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{name}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}{secure}"
    ))
    .ok()
}

/// Unix time in seconds.
pub fn now_secs() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

/// A random hex string from the OS generator; `None` if the OS has none (then no guessable
/// key or session id is made in its place).
pub fn random_hex(bytes: usize) -> Option<String> {
    let mut buf = vec![0u8; bytes];
    getrandom::fill(&mut buf).ok()?;
    Some(buf.iter().map(|b| format!("{b:02x}")).collect())
}

/// Who is logged in, and until when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    /// Random id of this session (128 bits, hex), so logout can end this one session and not
    /// the user's others. Cookies issued before it existed lack it and are refused as invalid
    /// (their holders log in again).
    pub sid: String,
    /// DingTalk userid.
    pub uid: String,
    /// DingTalk unionId: the operator of every proxied call.
    pub union_id: String,
    pub name: String,
    pub admin: bool,
    /// Issued at, Unix seconds.
    pub iat: i64,
    /// Expires at, Unix seconds.
    pub exp: i64,
}

/// Why a session was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionError {
    Missing,
    /// Not ours: malformed or the signature does not match.
    Invalid,
    Expired,
    /// Ended by logout before its expiry.
    Revoked,
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
                "This session was ended by logging out; log in again",
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

/// Signs and checks sessions.
#[derive(Clone)]
pub struct SessionKey {
    mac: Hmac<Sha256>,
}

impl SessionKey {
    pub fn new(secret: &[u8]) -> Self {
        // HMAC accepts keys of any length; `new_from_slice` cannot fail for it.
        let mac = match Hmac::<Sha256>::new_from_slice(secret) {
            Ok(m) => m,
            Err(_) => unreachable!("HMAC takes keys of any size"),
        };
        Self { mac }
    }

    pub fn sign(&self, session: &Session) -> String {
        let json = serde_json::to_vec(session).unwrap_or_default();
        let mut mac = self.mac.clone();
        mac.update(&json);
        let sig = mac.finalize().into_bytes();
        format!("{}.{}", B64.encode(&json), B64.encode(sig))
    }

    /// Checks the signature, then the expiry against `now` (Unix seconds).
    pub fn verify(&self, token: &str, now: i64) -> Result<Session, SessionError> {
        let (body, sig) = token.split_once('.').ok_or(SessionError::Invalid)?;
        let json = B64.decode(body).map_err(|_| SessionError::Invalid)?;
        let sig = B64.decode(sig).map_err(|_| SessionError::Invalid)?;
        let mut mac = self.mac.clone();
        mac.update(&json);
        // Constant-time comparison.
        mac.verify_slice(&sig).map_err(|_| SessionError::Invalid)?;
        let s: Session = serde_json::from_slice(&json).map_err(|_| SessionError::Invalid)?;
        if s.exp <= now {
            return Err(SessionError::Expired);
        }
        Ok(s)
    }
}

/// Sessions ended by logout, each held until it would have expired anyway (a signed cookie
/// cannot be unsigned, so a copy of a logged-out cookie, stolen or left in another tab, would
/// otherwise stay valid until its `exp`).
///
/// Memory: an entry per logout within one session lifetime, and a session needs a login,
/// which is rate-limited per client; entries past their expiry are dropped at each logout.
///
/// Per process: the set lives in this server's memory only, and is empty again after a
/// restart. Behind several replicas, a logged-out cookie is refused by the replica that
/// handled the logout, but stays valid on the others until it expires (at most the session
/// lifetime, `SESSION_TTL_SECS`, 8 hours by default). Use sticky sessions, or accept that
/// window; a shared store would close it.
#[derive(Default)]
pub struct Revocations {
    /// sid -> the session's `exp`.
    ended: RwLock<HashMap<String, i64>>,
}

impl Revocations {
    /// Ends `session` now (`now` in Unix seconds), and forgets sessions that have expired,
    /// which the expiry check refuses by itself.
    pub fn revoke(&self, session: &Session, now: i64) {
        let mut ended = self.ended.write().unwrap_or_else(PoisonError::into_inner);
        ended.retain(|_, exp| *exp > now);
        if session.exp > now {
            ended.insert(session.sid.clone(), session.exp);
        }
    }

    /// Whether the session `sid` was ended by logout. Only reads: a session past its expiry is
    /// refused before this is asked, and its entry goes at the next logout.
    pub fn is_revoked(&self, sid: &str) -> bool {
        self.ended
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .contains_key(sid)
    }

    /// Sessions held as ended.
    pub fn len(&self) -> usize {
        self.ended
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Every value of cookie `name` in the `Cookie` headers, in the order sent. A browser sends
/// several cookies of one name when they were set for different paths or domains (a sibling
/// subdomain can set one for the parent domain), so the first is not necessarily ours.
pub fn cookie_values<'a>(
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

    fn session(exp: i64) -> Session {
        Session {
            sid: "0123456789abcdef0123456789abcdef".into(),
            uid: "u".into(),
            union_id: "n".into(),
            name: "王芳".into(),
            admin: true,
            iat: 0,
            exp,
        }
    }

    #[test]
    fn round_trip() {
        let k = SessionKey::new(b"k");
        assert_eq!(k.verify(&k.sign(&session(100)), 99), Ok(session(100)));
    }

    #[test]
    fn expired_forged_and_tampered_are_refused() {
        let k = SessionKey::new(b"k");
        let t = k.sign(&session(100));
        assert_eq!(k.verify(&t, 100), Err(SessionError::Expired));
        assert_eq!(
            SessionKey::new(b"other").verify(&t, 0),
            Err(SessionError::Invalid)
        );
        // Tamper with the payload: make it expire later, keep the signature.
        let (_, sig) = t.split_once('.').expect("two parts");
        let forged = format!(
            "{}.{sig}",
            B64.encode(serde_json::to_vec(&session(999)).expect("json"))
        );
        assert_eq!(k.verify(&forged, 0), Err(SessionError::Invalid));
        for junk in ["", ".", "a.b", "%%%.%%%", "e30.e30"] {
            assert_eq!(k.verify(junk, 0), Err(SessionError::Invalid), "{junk}");
        }
    }

    #[test]
    fn sessions_from_before_session_ids_are_invalid() {
        let k = SessionKey::new(b"k");
        let legacy = br#"{"uid":"u","union_id":"n","name":"x","admin":true,"iat":0,"exp":100}"#;
        let mut mac = k.mac.clone();
        mac.update(legacy);
        let sig = mac.finalize().into_bytes();
        let token = format!("{}.{}", B64.encode(legacy), B64.encode(sig));
        assert_eq!(k.verify(&token, 0), Err(SessionError::Invalid));
    }

    #[test]
    fn revocations_hold_until_expiry_then_go() {
        let r = Revocations::default();
        let mut a = session(100);
        a.sid = "a".into();
        let mut b = session(200);
        b.sid = "b".into();
        r.revoke(&a, 10);
        assert!(r.is_revoked("a") && !r.is_revoked("b"));
        // Revoking again is harmless; an already expired session is not held.
        r.revoke(&a, 20);
        r.revoke(&session(5), 20);
        assert_eq!(r.len(), 1);
        // At a's expiry, the next logout drops it.
        r.revoke(&b, 100);
        assert!(!r.is_revoked("a") && r.is_revoked("b"));
        assert_eq!(r.len(), 1);
    }

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
