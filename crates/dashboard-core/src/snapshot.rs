//! What the server says about the review's data: the latest snapshot of the org spaces, a
//! refresh in progress or failed, and the daily collection. Shared by the server (which
//! writes it) and the app (which shows it), and the words the app shows for it.

use crate::error::ApiError;
use crate::format::Locale;
use crate::i18n::{fill, Msg};
use dingtalk_wire::ErrorBody;
use serde::{Deserialize, Serialize};

/// `GET /api/review/status`, and the `status` of `GET /api/review`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReviewStatus {
    /// The latest snapshot, if any.
    pub snapshot: Option<SnapshotInfo>,
    /// A refresh running now, or the last one if it failed after the latest snapshot.
    pub refresh: Option<RefreshInfo>,
    /// DingTalk calls a refresh is expected to cost (the latest snapshot's pages).
    pub refresh_calls: Option<i64>,
    pub schedule: ScheduleInfo,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SnapshotInfo {
    pub id: i64,
    /// Unix seconds when its listing ended.
    pub taken_at: i64,
    /// Whose account DingTalk was asked under.
    pub operator: String,
    /// `asked`, `stale`, `schedule` or `resume`.
    pub reason: String,
    pub spaces: i64,
    pub pages: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RefreshInfo {
    pub id: i64,
    pub state: RefreshState,
    /// Unix seconds.
    pub started_at: i64,
    pub operator: String,
    pub reason: String,
    pub pages: i64,
    pub spaces: i64,
    /// The previous snapshot's pages: how many to expect.
    pub expected_pages: Option<i64>,
    pub error: Option<Failure>,
}

/// Where a refresh is: a collection that completed is a snapshot, not a refresh.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RefreshState {
    Running,
    /// Failed, or cut short by its process's end.
    Failed,
}

impl RefreshInfo {
    pub fn running(&self) -> bool {
        self.state == RefreshState::Running
    }
}

/// The daily collection: when, as whom, and why it is paused.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ScheduleInfo {
    /// `HH:MM`, China time.
    pub at: String,
    /// Whom it runs as; none until an admin has logged in.
    pub operator: Option<String>,
    /// Why it is paused (DingTalk refused the operator).
    pub paused: Option<Failure>,
}

/// The code of a listing stopped because DingTalk sent the same page token twice.
pub const REPEATED_PAGE: &str = "upstream.repeatedPage";

/// Why a refresh failed: the HTTP status and the error body DingTalk (or the server) gave,
/// flat (`{"status","code","message","requestid"}`; serde's `flatten` would cost the app's
/// wasm its buffering deserializer).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Failure {
    pub status: u16,
    #[serde(default)]
    pub code: String,
    #[serde(default)]
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requestid: Option<String>,
}

impl Failure {
    pub fn new(status: u16, code: &str, message: &str) -> Self {
        Self {
            status,
            code: code.to_owned(),
            message: message.to_owned(),
            requestid: None,
        }
    }

    /// DingTalk's (or the server's) error body with its status.
    pub fn from_body(status: u16, body: ErrorBody) -> Self {
        Self {
            status,
            code: body.code,
            message: body.message,
            requestid: body.requestid,
        }
    }

    /// The error as the app explains errors.
    pub fn to_api_error(&self) -> ApiError {
        if self.code == REPEATED_PAGE {
            return ApiError::RepeatedPage;
        }
        ApiError::Api {
            status: self.status,
            code: self.code.clone(),
            message: self.message.clone(),
            request_id: self.requestid.clone(),
        }
    }
}

/// The review's `GET /api/review`: the status and the latest snapshot's spaces.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Review {
    pub status: ReviewStatus,
    /// Read as the spaces of a DingTalk page are (the same decoder, so the app holds it once).
    #[serde(default, deserialize_with = "dingtalk_wire::lenient::vec_or_null")]
    pub spaces: Vec<dingtalk_wire::Space>,
}

impl ReviewStatus {
    pub fn running(&self) -> Option<&RefreshInfo> {
        self.refresh.as_ref().filter(|r| r.running())
    }

    pub fn failed(&self) -> Option<&RefreshInfo> {
        self.refresh.as_ref().filter(|r| !r.running())
    }
}

/// "Data as of 2026/12/1 09:00, listed by 王芳 (daily collection)".
pub fn as_of(s: &SnapshotInfo, loc: impl Locale) -> String {
    let lang = loc.lang();
    let how = match s.reason.as_str() {
        "schedule" => lang.t(Msg::ReasonSchedule),
        "asked" => lang.t(Msg::ReasonAsked),
        _ => lang.t(Msg::ReasonOpened),
    };
    fill(
        lang.t(Msg::SnapshotAsOf),
        &[&loc.date_time(s.taken_at * 1000), how, &s.operator],
    )
}

/// "Refreshing: page 3 of about 20, 150 spaces".
pub fn refresh_progress(r: &RefreshInfo, loc: impl Locale) -> String {
    let lang = loc.lang();
    match r.expected_pages {
        Some(total) if total >= r.pages => fill(
            lang.t(Msg::RefreshProgressOf),
            &[
                &r.pages.to_string(),
                &total.to_string(),
                &r.spaces.to_string(),
            ],
        ),
        _ => fill(
            lang.t(Msg::RefreshProgress),
            &[&r.pages.to_string(), &r.spaces.to_string()],
        ),
    }
}

/// The refresh button's label, with its cost when it is known: "Refresh (about 20 DingTalk
/// calls)".
pub fn refresh_label(status: &ReviewStatus, loc: impl Locale) -> String {
    let lang = loc.lang();
    match status.refresh_calls {
        Some(n) => fill(lang.t(Msg::RefreshCost), &[&n.to_string()]),
        None => lang.t(Msg::Refresh).to_owned(),
    }
}

/// The daily collection in a sentence, or why it is not running.
pub fn schedule_line(s: &ScheduleInfo, loc: impl Locale) -> String {
    let lang = loc.lang();
    match &s.operator {
        Some(op) => fill(lang.t(Msg::ScheduleAs), &[&s.at, op]),
        None => fill(lang.t(Msg::ScheduleNoOperator), &[&s.at]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::Plain;
    use crate::i18n::Lang;

    fn status() -> ReviewStatus {
        serde_json::from_str(
            r#"{"snapshot":{"id":7,"takenAt":1796140800,"operator":"王芳","reason":"schedule","spaces":1000,"pages":20},
                "refresh":{"id":8,"state":"running","startedAt":1796144400,"operator":"李雷","reason":"asked","pages":3,"spaces":150,"expectedPages":20,"error":null},
                "refreshCalls":20,
                "schedule":{"at":"02:00","operator":"王芳","paused":null}}"#,
        )
        .expect("the server's status")
    }

    #[test]
    fn the_status_reads_and_says_what_it_holds() {
        let s = status();
        let snap = s.snapshot.as_ref().expect("snapshot");
        assert_eq!(
            as_of(snap, Plain(Lang::En)),
            "Data as of 2026-12-01T16:00:00Z, listed by the daily collection as 王芳"
        );
        assert!(as_of(snap, Plain(Lang::Zh)).contains("王芳"));
        let r = s.running().expect("running");
        assert_eq!(
            refresh_progress(r, Plain(Lang::En)),
            "Refreshing: page 3 of about 20, 150 spaces so far"
        );
        assert_eq!(
            refresh_label(&s, Plain(Lang::En)),
            "Refresh (about 20 DingTalk calls)"
        );
        assert_eq!(s.failed(), None);
        assert_eq!(
            schedule_line(&s.schedule, Plain(Lang::En)),
            "Collected every day at 02:00 (China time) as 王芳"
        );
    }

    #[test]
    fn a_failure_reads_as_the_apps_error() {
        let mut s = status();
        s.refresh = Some(RefreshInfo {
            state: RefreshState::Failed,
            error: Some(
                serde_json::from_str(
                    r#"{"status":429,"code":"Throttling","message":"slow down","requestid":"r-1"}"#,
                )
                .expect("failure"),
            ),
            ..s.refresh.clone().expect("refresh")
        });
        let f = s.failed().and_then(|r| r.error.as_ref()).expect("failed");
        assert_eq!(
            f.to_api_error(),
            ApiError::Api {
                status: 429,
                code: "Throttling".into(),
                message: "slow down".into(),
                request_id: Some("r-1".into())
            }
        );
        assert_eq!(s.running(), None);
        // More pages than expected: no "of about".
        let mut r = status().refresh.expect("refresh");
        r.pages = 25;
        assert_eq!(
            refresh_progress(&r, Plain(Lang::En)),
            "Refreshing: page 25, 150 spaces so far"
        );
        // Without a snapshot the cost is unknown.
        let mut s = status();
        s.refresh_calls = None;
        assert_eq!(refresh_label(&s, Plain(Lang::En)), "Refresh");
    }
}
