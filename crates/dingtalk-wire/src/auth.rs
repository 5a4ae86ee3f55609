//! The login calls: the app access token and the user identity behind an auth code.

use crate::lenient;
use serde::{Deserialize, Serialize};

/// Body of `POST /v1.0/oauth2/accessToken`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AccessTokenRequest {
    pub app_key: String,
    pub app_secret: String,
}

/// Answer of `POST /v1.0/oauth2/accessToken`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AccessTokenResponse {
    pub access_token: String,
    /// Seconds of validity (7200 in practice).
    pub expire_in: i64,
}

/// Answer of `POST /topapi/v2/user/getuserinfo` (the old "oapi" style: errcode/errmsg).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct UserInfoResponse {
    pub errcode: i64,
    pub errmsg: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub result: Option<UserInfo>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
}

/// The oapi `errcode`s of the login call
/// (<https://open.dingtalk.com/document/development/server-api-error-codes-1>).
pub mod errcode {
    pub const OK: i64 = 0;
    /// The access token is invalid.
    pub const TOKEN_INVALID: i64 = 88;
    /// The access token is invalid (older code).
    pub const TOKEN_INVALID_OLD: i64 = 40014;
    pub const TOKEN_EXPIRED: i64 = 42001;
    /// The request has no `code`.
    pub const CODE_MISSING: i64 = 40035;
    /// The auth code is unknown.
    pub const CODE_UNKNOWN: i64 = 40078;
    /// The auth code was already used.
    pub const CODE_USED: i64 = 40077;
    /// Over a call-rate limit (per app, or DingTalk's whole API).
    pub const THROTTLED: [i64; 2] = [90018, 90002];
    /// The organization's monthly call quota is spent.
    pub const ORG_QUOTA_SPENT: i64 = 90020;
}

impl crate::message::OapiAnswer for UserInfoResponse {
    fn errcode(&self) -> i64 {
        self.errcode
    }
}

/// The user behind an auth code.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct UserInfo {
    pub userid: String,
    pub unionid: String,
    pub name: String,
    /// True for org admins.
    #[serde(deserialize_with = "lenient::bool_or_null")]
    pub sys: bool,
    /// 1 = primary admin, 2 = sub-admin, 0/absent = not an admin.
    #[serde(deserialize_with = "lenient::opt_i64")]
    pub sys_level: Option<i64>,
}

impl UserInfo {
    /// An org admin by DingTalk's account: `sys`, or a primary/sub-admin `sys_level`.
    pub fn is_admin(&self) -> bool {
        self.sys || matches!(self.sys_level, Some(1) | Some(2))
    }
}
