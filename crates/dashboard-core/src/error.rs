use dingtalk_wire::{ErrorBody, ErrorCode};

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
        match ErrorBody::from_body(body) {
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

    /// The code as one of DingTalk's (`Unknown` for the server's own codes).
    pub fn dingtalk_code(&self) -> Option<ErrorCode> {
        self.code().map(ErrorCode::from)
    }

    /// Our session is gone: the app must log in again. The server answers 401 for that
    /// alone on `/api/me` and the data calls; DingTalk never does (an expired app token is
    /// its 400), and the server renews the app token itself.
    pub fn is_session_lost(&self) -> bool {
        matches!(self, Self::Api { status: 401, .. })
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
        assert_eq!(e.dingtalk_code(), Some(ErrorCode::PermissionDenied));
        assert_eq!(e.request_id(), Some("R9"));
        assert!(!e.is_session_lost());
        let e = ApiError::from_response(429, "<html>busy</html>", Some("H".into()));
        assert!(matches!(e, ApiError::BadBody { status: 429, .. }));
        let e = ApiError::from_response(
            400,
            r#"{"code":"system.busy","message":""}"#,
            Some("H".into()),
        );
        assert_eq!(e.request_id(), Some("H"));
        let e = ApiError::from_response(401, r#"{"code":"session.expired","message":""}"#, None);
        assert!(e.is_session_lost());
    }
}
