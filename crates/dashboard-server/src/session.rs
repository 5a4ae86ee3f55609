//! Sessions: signed, expiring, and stateless, so any replica holding the same key can check
//! them without shared storage. Format: `base64url(json).base64url(hmac-sha256(json))`.

use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use base64::Engine;
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;

/// Name of the session cookie.
pub const COOKIE: &str = "dqd_session";

/// Who is logged in, and until when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
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

/// The value of cookie `name` in a `Cookie` header.
pub fn cookie_value<'a>(header: &'a str, name: &str) -> Option<&'a str> {
    header
        .split(';')
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn session(exp: i64) -> Session {
        Session {
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
    fn cookie_parsing() {
        assert_eq!(
            cookie_value("a=1; dqd_session=x.y; b=2", COOKIE),
            Some("x.y")
        );
        assert_eq!(cookie_value("a=1", COOKIE), None);
        assert_eq!(cookie_value("", COOKIE), None);
    }
}
