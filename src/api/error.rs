use dingtalk_wire::ApiError as WireError;

/// Why a call failed, in enough detail for the view to explain it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApiError {
    /// A documented error body (from DingTalk, or from our server in the same shape).
    Api {
        status: u16,
        code: String,
        message: String,
        request_id: Option<String>,
    },
    /// An error status whose body is not the documented shape (an HTML ban page, a
    /// truncated body); the start of the body is kept for support.
    BadBody { status: u16, snippet: String },
    /// A success status with a body that is not the expected JSON.
    Decode(String),
    /// The request never got an answer.
    Network(String),
    /// Cancelled by the app (navigation, a newer request, the cancel button).
    Aborted,
    /// DingTalk sent the same nextToken twice; following it would never end.
    RepeatedPage,
    /// The DingTalk JSAPI gave no login code (the admin cancelled, or the page is not
    /// configured as this org's app).
    DingTalkLogin(String),
}

impl ApiError {
    /// Classifies a non-success answer.
    pub fn from_response(status: u16, body: &str, header_request_id: Option<String>) -> Self {
        match WireError::from_body(body) {
            Some(e) => Self::Api {
                status,
                code: e.code,
                message: e.message,
                request_id: e.requestid.or(header_request_id),
            },
            None => Self::BadBody {
                status,
                snippet: body.chars().take(120).collect(),
            },
        }
    }

    pub fn code(&self) -> Option<&str> {
        match self {
            Self::Api { code, .. } => Some(code),
            _ => None,
        }
    }

    pub fn request_id(&self) -> Option<&str> {
        match self {
            Self::Api { request_id, .. } => request_id.as_deref(),
            _ => None,
        }
    }

    /// Our session is gone: the app must log in again.
    pub fn is_session_lost(&self) -> bool {
        self.code().is_some_and(|c| c.starts_with("session."))
    }

    /// Worth retrying by itself after a pause: throttling, busy, or an unreadable body on a
    /// throttling status (the IP-ban page is HTML).
    pub fn is_retryable(&self) -> bool {
        match self {
            Self::Api { status, code, .. } => {
                WireError::is_retryable(code) || *status == 429 || *status == 503
            }
            Self::BadBody { status, .. } => *status == 429 || *status == 503,
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_bodies() {
        let e = ApiError::from_response(
            403,
            r#"{"code":"permissionDenied","message":"no","requestid":"R9"}"#,
            None,
        );
        assert_eq!(e.code(), Some("permissionDenied"));
        assert_eq!(e.request_id(), Some("R9"));
        assert!(!e.is_retryable());
        let e = ApiError::from_response(429, "<html>busy</html>", Some("H".into()));
        assert!(matches!(e, ApiError::BadBody { status: 429, .. }));
        assert!(e.is_retryable());
        let e = ApiError::from_response(
            400,
            r#"{"code":"system.busy","message":""}"#,
            Some("H".into()),
        );
        assert!(e.is_retryable());
        assert_eq!(e.request_id(), Some("H"));
        let e = ApiError::from_response(401, r#"{"code":"session.expired","message":""}"#, None);
        assert!(e.is_session_lost());
    }
}
