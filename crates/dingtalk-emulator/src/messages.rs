//! Work notifications: `asyncsend_v2` and `getsendresult` with DingTalk's documented limits,
//! and what each demo user received (`GET /_emulator/messages?userid=`), so the demo shows
//! an admin's DingTalk and tests check what arrived.
//!
//! Where DingTalk's pages are silent, the emulator does what DingTalk most plausibly does:
//! - a userid that is not in the organization does not fail the send (it is asynchronous):
//!   it is listed in the result's `invalid_user_id_list`; department ids likewise in
//!   `invalid_dept_id_list` (the demo organization has no departments);
//! - "the same content" is the same `msg`, field for field; "a day" is a calendar day in China
//!   ([`message_day`]); a message withheld as a duplicate does not count toward the
//!   per-user daily limit, since nothing was delivered;
//! - parameter errors are answered with 400002 and a task id unknown (or older than the 24
//!   hours DingTalk keeps results) with 400002 too;
//! - a delivered message stays unread until [`Emulator::mark_read`] (a test's "the admin
//!   opened DingTalk").

use crate::auth::{user_by_userid, USERS};
use crate::oapi::{self, OapiRequest};
use crate::rng::hash64;
use crate::{lock, Emulator};
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::Json;
use dingtalk_wire::auth::errcode::OK;
use dingtalk_wire::message::{
    errcode::{BAD_PARAM, INVALID_AGENT_ID},
    forbidden, message_day, AsyncSendRequest, AsyncSendResponse, Forbidden, Msg, Recipients,
    SendResult, SendResultRequest, SendResultResponse, SEND_RESULT_KEPT_MS,
};
use dingtalk_wire::IsoTime;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap, HashSet, VecDeque};
use std::time::{SystemTime, UNIX_EPOCH};

/// Messages kept per user (oldest dropped first), so a long demo's memory stays bounded.
const INBOX_CAP: usize = 1000;
/// Tasks kept at most, beside the 24 hours' expiry.
const TASKS_CAP: usize = 100_000;
/// The first task id; DingTalk's are 12-digit numbers.
const FIRST_TASK_ID: i64 = 256_271_667_526;

/// One message as a user's DingTalk got it, or as a limit withheld it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReceivedMessage {
    pub task_id: i64,
    pub agent_id: i64,
    /// When it was sent.
    pub at: IsoTime,
    pub msg: Msg,
    /// False when a limit withheld it (DingTalk answered success all the same).
    pub delivered: bool,
    /// For a withheld message, the [`forbidden`] code of the limit: `"143106"` (the same
    /// content today already) or `"143105"` (the per-user daily limit).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub withheld: Option<String>,
    pub read: bool,
}

struct Task {
    agent_id: i64,
    sent_ms: i64,
    result: SendResult,
}

/// Sent messages: tasks for `getsendresult`, each user's messages, and the day's counts the
/// limits need.
#[derive(Default)]
pub(crate) struct Outbox {
    sent: i64,
    tasks: BTreeMap<i64, Task>,
    inbox: HashMap<String, VecDeque<ReceivedMessage>>,
    /// Messages delivered to a user on a day.
    delivered: HashMap<(i64, String), u32>,
    /// Contents (their hash) a user got on a day.
    seen: HashSet<(i64, String, u64)>,
}

fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

impl Outbox {
    /// Sends `msg` to `to` now: the task id. Each user gets it, or a limit withholds it.
    fn send(&mut self, agent_id: i64, msg: &Msg, to: &Recipients, daily_limit: u32) -> i64 {
        let now = now_ms();
        let day = message_day(now);
        self.forget_before(now, day);
        let task_id = FIRST_TASK_ID + self.sent;
        self.sent += 1;
        let mut result = SendResult {
            invalid_dept_id_list: to.dept_ids.iter().filter_map(|d| d.parse().ok()).collect(),
            ..SendResult::default()
        };
        let userids: Vec<String> = if to.to_all_user {
            USERS.iter().map(|u| u.userid.to_owned()).collect()
        } else {
            to.userids.clone()
        };
        let content = hash64(&[msg.to_value().to_string().as_bytes()]);
        for userid in userids {
            if user_by_userid(&userid).is_none() {
                result.invalid_user_id_list.push(userid);
                continue;
            }
            let withheld = self.withholds(day, &userid, content, daily_limit);
            match withheld {
                Some((code, count)) => {
                    result.forbidden_user_id_list.push(userid.clone());
                    result.forbidden_list.push(Forbidden {
                        code: code.into(),
                        count: Some(count),
                        userid: userid.clone(),
                    });
                }
                None => result.unread_user_id_list.push(userid.clone()),
            }
            let inbox = self.inbox.entry(userid).or_default();
            if inbox.len() >= INBOX_CAP {
                inbox.pop_front();
            }
            inbox.push_back(ReceivedMessage {
                task_id,
                agent_id,
                at: IsoTime::from_epoch_ms(now),
                msg: msg.clone(),
                delivered: withheld.is_none(),
                withheld: withheld.map(|(code, _)| code.to_owned()),
                read: false,
            });
        }
        self.tasks.insert(
            task_id,
            Task {
                agent_id,
                sent_ms: now,
                result,
            },
        );
        task_id
    }

    /// The limit that withholds a message of this `content` from `userid` today, with its
    /// threshold; when none does, the delivery is counted.
    fn withholds(
        &mut self,
        day: i64,
        userid: &str,
        content: u64,
        daily_limit: u32,
    ) -> Option<(&'static str, i64)> {
        let seen = (day, userid.to_owned(), content);
        if self.seen.contains(&seen) {
            return Some((forbidden::DUPLICATE_CONTENT, 1));
        }
        let delivered = self.delivered.entry((day, userid.to_owned())).or_default();
        if *delivered >= daily_limit {
            return Some((forbidden::USER_DAILY_LIMIT, i64::from(daily_limit)));
        }
        *delivered += 1;
        self.seen.insert(seen);
        None
    }

    /// Drops what no limit or result needs any more: earlier days' counts, expired tasks.
    fn forget_before(&mut self, now: i64, day: i64) {
        self.delivered.retain(|(d, _), _| *d == day);
        self.seen.retain(|(d, _, _)| *d == day);
        self.tasks
            .retain(|_, t| now.saturating_sub(t.sent_ms) < SEND_RESULT_KEPT_MS);
        while self.tasks.len() >= TASKS_CAP {
            self.tasks.pop_first();
        }
    }

    fn result(&self, agent_id: i64, task_id: i64) -> Option<SendResult> {
        let task = self.tasks.get(&task_id)?;
        let fresh = now_ms().saturating_sub(task.sent_ms) < SEND_RESULT_KEPT_MS;
        (task.agent_id == agent_id && fresh).then(|| task.result.clone())
    }

    fn mark_read(&mut self, userid: &str) {
        let Some(inbox) = self.inbox.get_mut(userid) else {
            return;
        };
        let mut opened = HashSet::new();
        for m in inbox.iter_mut().filter(|m| m.delivered && !m.read) {
            m.read = true;
            opened.insert(m.task_id);
        }
        for id in opened {
            if let Some(task) = self.tasks.get_mut(&id) {
                let r = &mut task.result;
                r.unread_user_id_list.retain(|u| u != userid);
                r.read_user_id_list.push(userid.to_owned());
            }
        }
    }
}

impl Emulator {
    /// The messages sent to `userid`, oldest first: delivered ones and those a limit withheld.
    pub fn messages(&self, userid: &str) -> Vec<ReceivedMessage> {
        let outbox = lock(&self.inner.outbox);
        outbox
            .inbox
            .get(userid)
            .map(|m| m.iter().cloned().collect())
            .unwrap_or_default()
    }

    /// `userid` opens DingTalk: every message delivered to them is read from now on.
    pub fn mark_read(&self, userid: &str) {
        lock(&self.inner.outbox).mark_read(userid);
    }
}

/// `POST /topapi/message/corpconversation/asyncsend_v2?access_token=...`
pub(crate) async fn async_send(
    State(emu): State<Emulator>,
    OapiRequest(request): OapiRequest<AsyncSendRequest>,
) -> Response {
    let (agent_id, msg, to) = match request.check() {
        Ok(valid) => valid,
        Err(msg) => return oapi::refused(&emu, BAD_PARAM, &msg),
    };
    if let Some(refusal) = agent_refusal(&emu, agent_id) {
        return refusal;
    }
    let limit = emu.config().messages_per_user_per_day;
    let task_id = lock(&emu.inner.outbox).send(agent_id, msg, &to, limit);
    let request_id = emu.request_id();
    let answer = AsyncSendResponse {
        errcode: OK,
        errmsg: "ok".into(),
        task_id: Some(task_id),
        request_id: Some(request_id.clone()),
    };
    oapi::reply(OK, &answer, &request_id)
}

/// `POST /topapi/message/corpconversation/getsendresult?access_token=...`
pub(crate) async fn send_result(
    State(emu): State<Emulator>,
    OapiRequest(request): OapiRequest<SendResultRequest>,
) -> Response {
    let (Some(agent_id), Some(task_id)) = (request.agent_id, request.task_id) else {
        let msg =
            "agent_id and task_id are required: give the app's AgentId and the send's task_id";
        return oapi::refused(&emu, BAD_PARAM, msg);
    };
    if let Some(refusal) = agent_refusal(&emu, agent_id) {
        return refusal;
    }
    let Some(send_result) = lock(&emu.inner.outbox).result(agent_id, task_id) else {
        let msg = "task_id is unknown or older than 24 hours: results are kept a day";
        return oapi::refused(&emu, BAD_PARAM, msg);
    };
    let request_id = emu.request_id();
    let answer = SendResultResponse {
        errcode: OK,
        errmsg: "ok".into(),
        send_result: Some(send_result),
        request_id: Some(request_id.clone()),
    };
    oapi::reply(OK, &answer, &request_id)
}

/// 40056 when `agent_id` is not the app's.
fn agent_refusal(emu: &Emulator, agent_id: i64) -> Option<Response> {
    (agent_id != emu.config().agent_id).then(|| {
        let msg = "不合法的agentId: give the AgentId on the app's page of the developer console";
        oapi::refused(emu, INVALID_AGENT_ID, msg)
    })
}

#[derive(Deserialize)]
pub(crate) struct Who {
    userid: Option<String>,
}

/// `GET /_emulator/messages?userid=`: what the user was sent, oldest first; without a userid,
/// every demo user's, by userid.
pub(crate) async fn control_messages(
    State(emu): State<Emulator>,
    Query(who): Query<Who>,
) -> Json<serde_json::Value> {
    Json(match who.userid {
        Some(userid) => serde_json::json!({
            "userid": userid,
            "messages": emu.messages(&userid),
        }),
        None => {
            let all: BTreeMap<&str, Vec<ReceivedMessage>> = USERS
                .iter()
                .map(|u| (u.userid, emu.messages(u.userid)))
                .collect();
            serde_json::json!({ "users": all })
        }
    })
}

/// `POST /_emulator/messages/read?userid=`: [`Emulator::mark_read`].
pub(crate) async fn control_read(
    State(emu): State<Emulator>,
    Query(who): Query<Who>,
) -> StatusCode {
    match who.userid {
        Some(userid) => {
            emu.mark_read(&userid);
            StatusCode::NO_CONTENT
        }
        None => StatusCode::BAD_REQUEST,
    }
}
