//! Work notifications and the unionId → userid look-up (oapi calls: `errcode`/`errmsg`).
//!
//! - `POST /topapi/message/corpconversation/asyncsend_v2`: the app (its `agent_id`) sends a
//!   message to users; DingTalk answers a `task_id` at once and delivers later
//!   (<https://open.dingtalk.com/document/development/asynchronous-sending-of-enterprise-session-messages>,
//!   formats: <https://open.dingtalk.com/document/development/message-types-and-data-format>).
//! - `POST /topapi/message/corpconversation/getsendresult`: what became of a task
//!   (<https://open.dingtalk.com/document/development/gets-the-result-of-sending-messages-asynchronously-to-the-enterprise>).
//! - `POST /topapi/user/getbyunionid`: the userid a message is addressed to, from the unionId
//!   the login gives (<https://open.dingtalk.com/document/development/query-a-user-by-the-union-id>).
//!
//! DingTalk's documented example sends a form body with `msg` as a JSON string; the official
//! SDK and most clients send JSON with `msg` as an object. Both decode into the same types.

use crate::auth::errcode as login;
use crate::error::ErrorClass;
use crate::lenient;
use serde::{Deserialize, Serialize};

mod msg;
pub use msg::{ActionButton, ActionCard, Markdown, Msg, MSG_TYPES};

/// Most userids in one send's `userid_list`.
pub const MAX_USERIDS: usize = 100;
/// Most department ids in one send's `dept_id_list`.
pub const MAX_DEPT_IDS: usize = 20;
/// Most bytes of a `msg` of a type without a documented limit of its own. The send page says
/// 2048 bytes for every `msg`, while the format page allows a markdown text of 5000
/// characters: the format pages' per-field limits are taken for markdown and action cards.
pub const MAX_MSG_BYTES: usize = 2048;
/// Most characters of a markdown message's text.
pub const MAX_MARKDOWN_TEXT_CHARS: usize = 5000;
/// Characters DingTalk recommends at most for an action card's markdown (not refused past it).
pub const ACTION_CARD_MARKDOWN_CHARS: usize = 1000;
/// Most characters of a button title (`single_title`, `btn_json_list[].title`).
pub const MAX_BUTTON_TITLE_CHARS: usize = 20;
/// Most characters of an action card's `single_url`.
pub const MAX_SINGLE_URL_CHARS: usize = 500;
/// Most characters of a button's `action_url`.
pub const MAX_ACTION_URL_CHARS: usize = 700;
/// Most characters of an action card's `btn_json_list` written as JSON.
pub const MAX_BUTTON_LIST_CHARS: usize = 1000;
/// Messages an internal app may deliver to one user a day; past it DingTalk still answers
/// success but delivers nothing (143105 in the send's result).
pub const MESSAGES_PER_USER_PER_DAY: u32 = 500;
/// The same for a third-party app: 100 by the send page, 50 by the result page (the stricter
/// is the safe one to plan for).
pub const ISV_MESSAGES_PER_USER_PER_DAY: u32 = 50;
/// Recipients an app may reach a minute (143103 in the result past it).
pub const RECIPIENTS_PER_MINUTE: u32 = 5000;
/// How long DingTalk keeps a task's result for `getsendresult`, in milliseconds (24 hours).
pub const SEND_RESULT_KEPT_MS: i64 = 24 * 3_600_000;

/// The day DingTalk's daily message limits count in: days since 1970-01-01 in China (the
/// pages say "per day" without a time zone; DingTalk's other calendar limits, the monthly
/// quota, turn at midnight in China).
pub fn message_day(epoch_ms: i64) -> i64 {
    (epoch_ms + crate::calls::CHINA_OFFSET_MS).div_euclid(86_400_000)
}

/// The oapi `errcode`s of these calls, beside the login's ([`crate::auth::errcode`]).
pub mod errcode {
    /// No such employee for the unionId (getbyunionid).
    pub const NO_SUCH_EMPLOYEE: i64 = 60121;
    /// A parameter is missing, malformed or over its limit (the code the contacts pages
    /// document; the send page documents no parameter errors, and DingTalk's topapi calls
    /// answer this one).
    pub const BAD_PARAM: i64 = 400002;
    /// The `agent_id` is not the app's.
    pub const INVALID_AGENT_ID: i64 = 40056;
    /// A userid is invalid (synchronous calls; an async send reports unknown userids in
    /// `invalid_user_id_list` instead).
    pub const INVALID_USERID: i64 = 33012;
    /// DingTalk is busy: retry later.
    pub const BUSY: i64 = -1;
}

/// The `code`s of `send_result.forbidden_list`: why a recipient got nothing although the send
/// succeeded.
pub mod forbidden {
    /// The app's recipients-per-minute limit.
    pub const APP_PER_MINUTE: &str = "143103";
    /// The organization's recipients-per-minute limit.
    pub const ORG_PER_MINUTE: &str = "143104";
    /// The per-user daily limit ([`super::MESSAGES_PER_USER_PER_DAY`]).
    pub const USER_DAILY_LIMIT: &str = "143105";
    /// The same content reached this user today already.
    pub const DUPLICATE_CONTENT: &str = "143106";
}

/// The class of an oapi `errcode`; `None` for 0 (success). One table for every oapi call.
pub fn oapi_refusal(code: i64) -> Option<ErrorClass> {
    use login::*;
    Some(match code {
        OK => return None,
        TOKEN_INVALID | TOKEN_INVALID_OLD | TOKEN_EXPIRED => ErrorClass::Auth,
        CODE_MISSING | CODE_UNKNOWN | CODE_USED | errcode::BAD_PARAM | errcode::INVALID_USERID => {
            ErrorClass::BadRequest
        }
        errcode::INVALID_AGENT_ID | ORG_QUOTA_SPENT => ErrorClass::Permission,
        errcode::NO_SUCH_EMPLOYEE => ErrorClass::NotFound,
        errcode::BUSY => ErrorClass::Transient,
        c if THROTTLED.contains(&c) => ErrorClass::Throttled,
        _ => ErrorClass::Unknown,
    })
}

/// Body of `asyncsend_v2`. Every field is optional here so that a missing one is answered
/// with DingTalk's parameter error by [`AsyncSendRequest::check`], not a decoding failure.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct AsyncSendRequest {
    #[serde(
        deserialize_with = "lenient::opt_i64",
        skip_serializing_if = "Option::is_none"
    )]
    pub agent_id: Option<i64>,
    /// Comma-separated userids.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub userid_list: Option<String>,
    /// Comma-separated department ids (sub-departments included).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dept_id_list: Option<String>,
    #[serde(
        deserialize_with = "lenient::bool_or_null",
        skip_serializing_if = "std::ops::Not::not"
    )]
    pub to_all_user: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub msg: Option<Msg>,
}

/// Whom a send is addressed to, as [`AsyncSendRequest::check`] read it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Recipients {
    /// Without duplicates, in the order given.
    pub userids: Vec<String>,
    pub dept_ids: Vec<String>,
    pub to_all_user: bool,
}

/// The entries of a comma-separated list, trimmed, without empty ones or repeats.
fn comma_list(s: Option<&str>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for item in s.unwrap_or("").split(',').map(str::trim) {
        if !item.is_empty() && !out.iter().any(|o| o == item) {
            out.push(item.to_owned());
        }
    }
    out
}

impl AsyncSendRequest {
    /// A message from the app to the given users.
    pub fn to_users(agent_id: i64, userids: &[&str], msg: Msg) -> Self {
        Self {
            agent_id: Some(agent_id),
            userid_list: Some(userids.join(",")),
            msg: Some(msg),
            ..Self::default()
        }
    }

    /// The parameter rules of the send: the recipients, or the problem (answered with
    /// [`errcode::BAD_PARAM`]). The agent id is checked against the app by the caller.
    pub fn check(&self) -> Result<(i64, &Msg, Recipients), String> {
        let agent_id = self
            .agent_id
            .ok_or("agent_id is missing or not an integer: give the app's AgentId")?;
        let msg = self
            .msg
            .as_ref()
            .ok_or("msg is missing: give the message to send")?;
        let to = Recipients {
            userids: comma_list(self.userid_list.as_deref()),
            dept_ids: comma_list(self.dept_id_list.as_deref()),
            to_all_user: self.to_all_user,
        };
        if to.userids.len() > MAX_USERIDS {
            return Err(format!(
                "userid_list has {} userids, over DingTalk's {MAX_USERIDS}: split the send",
                to.userids.len()
            ));
        }
        if to.dept_ids.len() > MAX_DEPT_IDS {
            return Err(format!(
                "dept_id_list has {} departments, over DingTalk's {MAX_DEPT_IDS}",
                to.dept_ids.len()
            ));
        }
        if to.userids.is_empty() && to.dept_ids.is_empty() && !to.to_all_user {
            return Err("no recipient: give userid_list, dept_id_list or to_all_user".into());
        }
        msg.check()?;
        Ok((agent_id, msg, to))
    }
}

/// Answer of `asyncsend_v2`. In the three answers `errcode` is required: a body without it
/// (the `{"status":1111,...}` of an IP ban) must not read as a success.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct AsyncSendResponse {
    #[serde(deserialize_with = "lenient::errcode")]
    pub errcode: i64,
    #[serde(default, deserialize_with = "lenient::string_or_null")]
    pub errmsg: String,
    #[serde(
        default,
        deserialize_with = "lenient::opt_i64",
        skip_serializing_if = "Option::is_none"
    )]
    pub task_id: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
}

/// Body of `getsendresult`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct SendResultRequest {
    #[serde(
        deserialize_with = "lenient::opt_i64",
        skip_serializing_if = "Option::is_none"
    )]
    pub agent_id: Option<i64>,
    #[serde(
        deserialize_with = "lenient::opt_i64",
        skip_serializing_if = "Option::is_none"
    )]
    pub task_id: Option<i64>,
}

/// Answer of `getsendresult`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct SendResultResponse {
    #[serde(deserialize_with = "lenient::errcode")]
    pub errcode: i64,
    #[serde(
        default,
        deserialize_with = "lenient::string_or_null",
        skip_serializing_if = "String::is_empty"
    )]
    pub errmsg: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub send_result: Option<SendResult>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
}

/// What became of each recipient of a send.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct SendResult {
    /// Not users of the organization.
    #[serde(deserialize_with = "lenient::vec_or_null")]
    pub invalid_user_id_list: Vec<String>,
    /// Withheld by a limit (throttled, daily cap, duplicate): see `forbidden_list`.
    #[serde(deserialize_with = "lenient::vec_or_null")]
    pub forbidden_user_id_list: Vec<String>,
    #[serde(deserialize_with = "lenient::vec_or_null")]
    pub failed_user_id_list: Vec<String>,
    #[serde(deserialize_with = "lenient::vec_or_null")]
    pub read_user_id_list: Vec<String>,
    #[serde(deserialize_with = "lenient::vec_or_null")]
    pub unread_user_id_list: Vec<String>,
    #[serde(deserialize_with = "lenient::vec_or_null")]
    pub invalid_dept_id_list: Vec<i64>,
    #[serde(deserialize_with = "lenient::vec_or_null")]
    pub forbidden_list: Vec<Forbidden>,
}

/// Why one recipient got nothing: a [`forbidden`] code and the limit it hit.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Forbidden {
    #[serde(deserialize_with = "lenient::string_or_null")]
    pub code: String,
    /// The limit's threshold.
    #[serde(deserialize_with = "lenient::opt_i64")]
    pub count: Option<i64>,
    #[serde(deserialize_with = "lenient::string_or_null")]
    pub userid: String,
}

/// Body of `getbyunionid` (lowercase `unionid`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct GetByUnionIdRequest {
    #[serde(deserialize_with = "lenient::string_or_null")]
    pub unionid: String,
}

/// Answer of `getbyunionid`; the documented example quotes its numbers, both are read.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct GetByUnionIdResponse {
    #[serde(deserialize_with = "lenient::errcode")]
    pub errcode: i64,
    #[serde(default, deserialize_with = "lenient::string_or_null")]
    pub errmsg: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result: Option<UnionIdUser>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
}

/// The user behind a unionId.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct UnionIdUser {
    /// 0 = employee, 1 = external contact.
    #[serde(deserialize_with = "lenient::opt_i64")]
    pub contact_type: Option<i64>,
    #[serde(deserialize_with = "lenient::string_or_null")]
    pub userid: String,
}

/// `contact_type` of an employee.
pub const CONTACT_EMPLOYEE: i64 = 0;
/// `contact_type` of an external contact (no work notification reaches one).
pub const CONTACT_EXTERNAL: i64 = 1;

/// An oapi answer: `errcode` 0 for success, otherwise a refusal of the class
/// [`oapi_refusal`] gives it.
pub trait OapiAnswer {
    fn errcode(&self) -> i64;

    /// The class of DingTalk's refusal; `None` when it answered `errcode` 0.
    fn refusal(&self) -> Option<ErrorClass> {
        oapi_refusal(self.errcode())
    }
}

impl OapiAnswer for AsyncSendResponse {
    fn errcode(&self) -> i64 {
        self.errcode
    }
}

impl OapiAnswer for SendResultResponse {
    fn errcode(&self) -> i64 {
        self.errcode
    }
}

impl OapiAnswer for GetByUnionIdResponse {
    fn errcode(&self) -> i64 {
        self.errcode
    }
}

#[cfg(test)]
mod tests;
