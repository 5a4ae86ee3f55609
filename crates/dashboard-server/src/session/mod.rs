//! Sessions: signed, expiring, and stateless, so any replica holding the same key can check
//! them without shared storage. Format: `base64url(json).base64url(hmac-sha256(json))`.
//! Logging out ends a session before its expiry through [`Revocations`], the one piece of
//! session state, which is per process (see there).

mod request;

use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use base64::Engine;
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;
use std::collections::HashMap;
use std::sync::{PoisonError, RwLock};

pub use request::{cookie_name, Sessions, COOKIE, SECURE_COOKIE};

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
    /// Random id of the login (128 bits, hex), so logout can end this one login and not
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
}
