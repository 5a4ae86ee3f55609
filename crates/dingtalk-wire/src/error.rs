//! The error body of api.dingtalk.com.

use serde::{Deserialize, Serialize};

/// `{"code": "...", "message": "...", "requestid": "..."}`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ApiError {
    pub code: String,
    pub message: String,
    /// Lowercase on the wire; some gateways send `requestId`.
    #[serde(alias = "requestId", skip_serializing_if = "Option::is_none")]
    pub requestid: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub accessdenieddetail: Option<serde_json::Value>,
}

impl ApiError {
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

    /// DingTalk's throttling codes: back off and retry.
    pub fn is_throttled(code: &str) -> bool {
        matches!(
            code,
            "request.overlimit"
                | "system.busy"
                | "systemBusy"
                | "Forbidden.AccessDenied.QpsLimitForApi"
                | "Forbidden.AccessDenied.QpsLimitForAppkeyAndApi"
                | "Forbidden.AccessDenied.QpmLimitForAppkeyAndApi"
        )
    }

    /// Codes worth retrying as-is: throttling, and the transient server faults.
    pub fn is_retryable(code: &str) -> bool {
        Self::is_throttled(code) || matches!(code, "operationTimeout" | "serviceBusy")
    }
}
