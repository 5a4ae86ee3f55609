//! DingTalk's errors: the body api.dingtalk.com answers with, its codes, and what each code
//! means for a caller, classified once for the app, the server and the emulator.
//!
//! Sources: the server API error codes
//! (<https://open.dingtalk.com/document/development/server-api-error-codes-1>), throttling
//! (<https://open.dingtalk.com/document/development/how-to-process-api-throttling-on-the-dingtalk-server>,
//! <https://open.dingtalk.com/document/development/call-frequency-limit>) and the reference
//! pages of the Drive and Storage calls.

use crate::open_enum::open_enum;
use serde::{Deserialize, Serialize};
use std::time::Duration;

/// `{"code": "...", "message": "...", "requestid": "..."}`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ErrorBody {
    pub code: String,
    pub message: String,
    /// Lowercase on the wire; some gateways send `requestId`.
    #[serde(alias = "requestId", skip_serializing_if = "Option::is_none")]
    pub requestid: Option<String>,
    /// Passed on as DingTalk sent it. The app never reads it: not decoding it there keeps
    /// serde_json's `Value` parser out of the wasm (3 KB after gzip).
    #[cfg_attr(target_arch = "wasm32", serde(skip_deserializing))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub accessdenieddetail: Option<serde_json::Value>,
}

impl ErrorBody {
    pub fn new(code: &str, message: &str) -> Self {
        Self {
            code: code.to_owned(),
            message: message.to_owned(),
            ..Self::default()
        }
    }

    /// Parses an error body. `None` when the body is not the documented shape (an HTML
    /// ban page, truncated JSON, an object without `code`).
    pub fn from_body(body: &str) -> Option<Self> {
        serde_json::from_str::<Self>(body)
            .ok()
            .filter(|e| !e.code.is_empty())
    }

    /// The code as DingTalk's open set of codes.
    pub fn error_code(&self) -> ErrorCode {
        ErrorCode::from(self.code.as_str())
    }
}

open_enum! {
    /// The `code` of an api.dingtalk.com error. Codes outside this list (DingTalk adds
    /// them, and the dashboard server answers with its own in the same shape) are kept as
    /// `Unknown` and classified by the answer's HTTP status.
    ErrorCode {
        /// 400: the app access token expired or is missing (400, not 401).
        InvalidAuthentication = "InvalidAuthentication",
        /// 400: the app key or secret is wrong (token call).
        InvalidClientIdOrSecret = "invalidClientIdOrSecret",
        /// 400: the token call has no `appKey`.
        MissingAppKey = "MissingappKey",
        /// 400: the token call has no `appSecret`.
        MissingAppSecret = "MissingappSecret",
        ParamError = "paramError",
        ParamErrorDotted = "param.error",
        /// ListSpaces: `maxResults` over DingTalk's maximum.
        MaxResultsTooLarge = "param.error.maxresults",
        /// 400: too many requests.
        RequestOverlimit = "request.overlimit",
        UnsupportedOperation = "unsupported.operation",
        /// Spelled so by DingTalk.
        NoPriviledge = "no.priviledge",
        /// 403: the operator (`unionId`) may not list this folder.
        PermissionDenied = "permissionDenied",
        /// 403: the app lacks the API's permission scope.
        AccessTokenPermissionDenied = "Forbidden.AccessDenied.AccessTokenPermissionDenied",
        /// 403: the caller's IP is not on the app's whitelist.
        IpNotInWhiteList = "Forbidden.AccessDenied.IpNotInWhiteList",
        /// 403: the API's global QPS limit.
        QpsLimitForApi = "Forbidden.AccessDenied.QpsLimitForApi",
        /// 403: the app's per-second limit on this API (20 QPS on standard organizations).
        QpsLimitForAppkeyAndApi = "Forbidden.AccessDenied.QpsLimitForAppkeyAndApi",
        /// 403: the app's per-minute limit on this API.
        QpmLimitForAppkeyAndApi = "Forbidden.AccessDenied.QpmLimitForAppkeyAndApi",
        /// The organization's monthly call quota is spent: every metered call of every app
        /// of the organization fails until the month ends.
        ApiCountLimitForOrg = "Forbidden.AccessDenied.ApiCountLimitForOrg",
        /// 404
        SpaceNotExist = "spaceNotExist",
        /// 404
        DentryNotExist = "dentryNotExist",
        /// 404: no such API (path or method).
        ActionNotFound = "InvalidAction.NotFound",
        /// 429
        SystemBusy = "system.busy",
        /// 429
        SystemBusyCamel = "systemBusy",
        /// 500
        SystemError = "systemError",
        /// 500
        UnknownError = "unknownError",
        /// 500
        UnknownErrorDotted = "unknown.error",
        /// 503: retry later.
        OperationTimeout = "operationTimeout",
        /// 503: retry later.
        ServiceBusy = "serviceBusy",
    }
}

/// What an error means for the caller: the one classification every part uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorClass {
    /// Over a call-rate limit: the same call succeeds in a later window.
    Throttled,
    /// DingTalk asks to retry later (busy, timed out).
    Transient,
    /// The app's credentials or token were refused.
    Auth,
    /// The operator or the app may not do this; retrying does not help.
    Permission,
    NotFound,
    /// The request itself is wrong.
    BadRequest,
    /// Anything else, DingTalk's internal faults included: DingTalk does not say whether
    /// the same call would succeed.
    Unknown,
}

impl ErrorCode {
    /// The class of this code; `Unknown` for a code this build does not know.
    pub fn class(&self) -> ErrorClass {
        use ErrorClass::*;
        match self {
            Self::RequestOverlimit
            | Self::QpsLimitForApi
            | Self::QpsLimitForAppkeyAndApi
            | Self::QpmLimitForAppkeyAndApi
            | Self::SystemBusy
            | Self::SystemBusyCamel => Throttled,
            Self::OperationTimeout | Self::ServiceBusy => Transient,
            Self::InvalidAuthentication | Self::InvalidClientIdOrSecret => Auth,
            Self::UnsupportedOperation
            | Self::NoPriviledge
            | Self::PermissionDenied
            | Self::AccessTokenPermissionDenied
            | Self::IpNotInWhiteList
            | Self::ApiCountLimitForOrg => Permission,
            Self::SpaceNotExist | Self::DentryNotExist | Self::ActionNotFound => NotFound,
            Self::ParamError
            | Self::ParamErrorDotted
            | Self::MaxResultsTooLarge
            | Self::MissingAppKey
            | Self::MissingAppSecret => BadRequest,
            Self::SystemError
            | Self::UnknownError
            | Self::UnknownErrorDotted
            | Self::Unknown(_) => Unknown,
        }
    }
}

impl ErrorClass {
    /// The class of an error answer: its code's when DingTalk's code is known, else its
    /// status's (an IP-ban page in HTML, a new code): 429 is throttling and 503 "retry
    /// later" whatever the body.
    pub fn of(status: u16, code: Option<&str>) -> Self {
        let by_code = code.map_or(Self::Unknown, |c| ErrorCode::from(c).class());
        match (by_code, status) {
            (Self::Unknown, 429) => Self::Throttled,
            (Self::Unknown, 503) => Self::Transient,
            (class, _) => class,
        }
    }

    /// Whether the same call, sent again after [`ErrorClass::retry_after`], may succeed.
    pub fn is_retryable(self) -> bool {
        matches!(self, Self::Throttled | Self::Transient)
    }

    /// The least wait before retry number `retry` (0 for the first) of a call refused with
    /// this class, or `None` if it is not worth retrying. DingTalk counts calls per
    /// one-second window and advises backing off 1 s, 2 s, 4 s: a full second after a
    /// refusal is in a later window whatever the window's alignment, and doubling keeps a
    /// sustained limit from being hit every second.
    pub fn retry_after(self, retry: u32) -> Option<Duration> {
        self.is_retryable()
            .then(|| THROTTLE_WINDOW.saturating_mul(2u32.saturating_pow(retry)))
    }
}

/// DingTalk's throttling window: limits are counted per second.
pub const THROTTLE_WINDOW: Duration = Duration::from_secs(1);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_known_code_round_trips_and_has_a_class() {
        for code in ErrorCode::KNOWN {
            let c = ErrorCode::from(*code);
            assert!(!c.is_unknown() && c.as_str() == *code, "{code}");
            let _ = c.class();
        }
    }

    #[test]
    fn classes_follow_code_then_status() {
        use ErrorClass::*;
        assert_eq!(
            ErrorClass::of(403, Some("Forbidden.AccessDenied.QpsLimitForApi")),
            Throttled
        );
        assert_eq!(ErrorClass::of(400, Some("request.overlimit")), Throttled);
        assert_eq!(ErrorClass::of(503, Some("serviceBusy")), Transient);
        assert_eq!(ErrorClass::of(403, Some("permissionDenied")), Permission);
        assert_eq!(ErrorClass::of(400, Some("InvalidAuthentication")), Auth);
        assert_eq!(ErrorClass::of(404, Some("dentryNotExist")), NotFound);
        assert_eq!(ErrorClass::of(400, Some("param.error")), BadRequest);
        assert_eq!(ErrorClass::of(500, Some("systemError")), Unknown);
        // Unreadable bodies and codes of the server's own go by status.
        assert_eq!(ErrorClass::of(429, None), Throttled);
        assert_eq!(ErrorClass::of(503, Some("upstream.unreadable")), Transient);
        assert_eq!(ErrorClass::of(403, None), Unknown);
        assert_eq!(ErrorClass::of(404, Some("brand.new")), Unknown);
    }

    #[test]
    fn retries_wait_for_a_later_window_and_double() {
        let waits: Vec<_> = (0..3)
            .map(|n| ErrorClass::Throttled.retry_after(n))
            .collect();
        assert_eq!(
            waits,
            [1, 2, 4].map(|s| Some(Duration::from_secs(s))).to_vec()
        );
        assert!(ErrorClass::Transient.retry_after(0).is_some());
        for c in [
            ErrorClass::Auth,
            ErrorClass::Permission,
            ErrorClass::NotFound,
            ErrorClass::BadRequest,
            ErrorClass::Unknown,
        ] {
            assert_eq!(c.retry_after(0), None, "{c:?}");
        }
        assert!(
            ErrorClass::Throttled.retry_after(u32::MAX).is_some(),
            "no overflow"
        );
    }
}
