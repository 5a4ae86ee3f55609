//! Alerts: after each snapshot the rules are judged (`dashboard_core::alerts`), once per
//! snapshot whichever process gets there first, and the messages decided are written with the
//! judgement in one transaction; then each message goes to its admin as a DingTalk work
//! notification (`asyncsend_v2`) through the gateway, and its result (`getsendresult`) is
//! looked up once DingTalk has had time to deliver it.
//!
//! Nothing is sent twice: a snapshot is judged once (the store refuses a second judgement),
//! an alert that fired stays quiet until its subject recovers, and a message is claimed by
//! one process at a time. A process that dies between DingTalk taking a message and writing
//! so leaves it to be sent again when its claim runs out: the same content, which DingTalk
//! delivers once a day (143106).

use crate::config::AlertsConfig;
use crate::dingtalk::OapiBody;
use crate::error::AppError;
use crate::session::now_secs;
use crate::store::alerts::{MessageRow, NewMessage, RULES_SETTING};
use crate::store::{Store, StoreError};
use crate::AppState;
use dashboard_core::alert_notice::{compose, delivery_of};
use dashboard_core::alerts::{
    evaluate, plan, Crossing, Message, OrgSeen, Rules, SpaceSeen, Subscriber,
};
use dashboard_core::alerts_page::{
    AlertsPage, CrossingSeen, DemoInbox, DemoMessage, SendState, SentAlert, LOG_LIMIT,
};
use dashboard_core::i18n::Lang;
use dingtalk_wire::message::{
    errcode, AsyncSendRequest, AsyncSendResponse, GetByUnionIdResponse, Msg, OapiAnswer,
    SendResultResponse, CONTACT_EXTERNAL,
};
use dingtalk_wire::{Call, ErrorClass};
use std::collections::HashMap;
use std::time::Duration;
use tokio::sync::Notify;

/// How often each process looks for a snapshot to judge and messages to send.
const TICK: Duration = Duration::from_secs(5);
/// Sends of one message at most: the first and two retries of a failure DingTalk may get
/// over (busy, throttled, no answer).
pub const MAX_ATTEMPTS: i64 = 3;
/// Seconds before the second and the third attempt (DingTalk's advice for a busy answer is to
/// back off and try again).
pub const RETRY_AFTER: [i64; 2] = [5, 60];
/// Seconds after a send before its result is looked up: DingTalk delivers asynchronously.
pub const RESULT_AFTER_SECS: i64 = 5;
/// Look-ups of a result at most (a second one only after a failed first).
const RESULT_TRIES: i64 = 2;
/// Seconds a process holds a message it works on; a dead process's claim runs out.
const CLAIM_SECS: i64 = 60;
/// Metered calls one message costs: the send and the look-up of its result.
pub const CALLS_PER_MESSAGE: u32 = 2;

const SEND_PATH: &str = "/topapi/message/corpconversation/asyncsend_v2";
const RESULT_PATH: &str = "/topapi/message/corpconversation/getsendresult";
const USER_PATH: &str = "/topapi/user/getbyunionid";

pub struct Alerts {
    holder: String,
    wake: Notify,
}

impl Default for Alerts {
    fn default() -> Self {
        Self::new()
    }
}

impl Alerts {
    pub fn new() -> Self {
        Self {
            holder: crate::session::random_hex(8)
                .unwrap_or_else(|| format!("pid{}", std::process::id())),
            wake: Notify::new(),
        }
    }

    /// A snapshot was written: judge it now rather than at the next tick.
    pub fn wake(&self) {
        self.wake.notify_one();
    }

    /// Every [`TICK`] (or when woken): judges the latest snapshot if no process has, and
    /// takes the messages due a step further. Runs for the life of the process; does nothing
    /// while alerts are off.
    pub async fn watch(state: AppState) {
        let Some(config) = state.config.alerts.clone() else {
            return;
        };
        loop {
            if let Err(e) = state.alerts.judge(&state, &config).await {
                tracing::warn!(error = %e, "alerts: the latest snapshot could not be judged; trying again shortly");
            }
            if let Err(e) = state.alerts.deliver(&state, &config).await {
                tracing::warn!(error = %e, "alerts: messages could not be read or written; trying again shortly");
            }
            tokio::select! {
                _ = tokio::time::sleep(TICK) => {}
                _ = state.alerts.wake.notified() => {}
            }
        }
    }

    /// Judges the latest snapshot against the rules, unless it has been: the number of
    /// messages decided (`None` when there was nothing to judge or another process did).
    pub async fn judge(
        &self,
        state: &AppState,
        config: &AlertsConfig,
    ) -> Result<Option<usize>, StoreError> {
        let store = &state.store;
        let Some(snapshot) = store.latest_snapshot().await? else {
            return Ok(None);
        };
        if store.alerts_judged(snapshot.id).await? {
            return Ok(None);
        }
        let rules = rules(store).await?;
        let spaces = seen_spaces(state, snapshot.id).await?;
        let org = OrgSeen {
            used_bp: store
                .org_days()
                .await?
                .last()
                .and_then(|d| dashboard_core::quota::fill_bp(d.used, d.capacity)),
        };
        let fired = store.alerts_fired().await?;
        let judged = evaluate(&rules, &fired, &spaces, org);
        let subscribers = store.alert_subscribers().await?;
        let langs: HashMap<&str, &str> = subscribers
            .iter()
            .map(|s| (s.union_id.as_str(), s.lang.as_str()))
            .collect();
        let who: Vec<Subscriber> = subscribers
            .iter()
            .map(|s| Subscriber {
                union_id: s.union_id.clone(),
                kinds: s.rules.clone(),
            })
            .collect();
        let mut messages = Vec::new();
        for (union_id, told) in plan(&judged.crossings, &who) {
            let lang = langs.get(union_id.as_str()).copied().unwrap_or("zh");
            for m in told {
                let (title, msg) = compose(
                    &m,
                    Lang::parse(lang).unwrap_or_default(),
                    &rules,
                    &config.public_url,
                );
                let crossings: Vec<CrossingSeen> = match &m {
                    Message::One(c) => vec![seen(c)],
                    Message::Digest(all) => all.iter().map(seen).collect(),
                };
                messages.push(NewMessage {
                    union_id: union_id.clone(),
                    lang: lang.to_owned(),
                    digest: matches!(m, Message::Digest(_)),
                    crossings: serde_json::to_string(&crossings).unwrap_or_else(|_| "[]".into()),
                    title,
                    msg: serde_json::to_string(&msg.to_value()).unwrap_or_default(),
                });
            }
        }
        let written = store
            .record_judgement(
                snapshot.id,
                now_secs(),
                &judged.fired,
                judged.crossings.len(),
                &messages,
            )
            .await?;
        if !written {
            return Ok(None);
        }
        tracing::info!(
            snapshot = snapshot.id,
            crossings = judged.crossings.len(),
            messages = messages.len(),
            "alerts: snapshot judged"
        );
        Ok(Some(messages.len()))
    }

    /// Takes every message with a step due (a send, a result to look up) one step further.
    pub async fn deliver(&self, state: &AppState, config: &AlertsConfig) -> Result<(), StoreError> {
        let store = &state.store;
        let now = now_secs();
        for id in store.due_alert_messages(now, RESULT_TRIES).await? {
            let now = now_secs();
            let Some(mut m) = store
                .claim_alert_message(id, &self.holder, now + CLAIM_SECS, now)
                .await?
            else {
                continue;
            };
            if m.state == "pending" {
                self.send(state, config, &mut m).await?;
            } else {
                self.look_up_result(state, config, &mut m).await?;
            }
            store.write_alert_message(&m, &self.holder).await?;
        }
        Ok(())
    }

    /// One attempt at sending `m`, written into it.
    async fn send(
        &self,
        state: &AppState,
        config: &AlertsConfig,
        m: &mut MessageRow,
    ) -> Result<(), StoreError> {
        let userid = match self.userid(state, &m.union_id).await? {
            Ok(userid) => userid,
            Err(Failure { error, lasting }) => {
                m.attempts += 1;
                self.failed(m, error, lasting);
                return Ok(());
            }
        };
        let msg = serde_json::from_str(&m.msg)
            .ok()
            .and_then(|v| Msg::from_value(v).ok());
        let Some(msg) = msg else {
            self.failed(m, "alerts.badMessage: the message kept for this alert cannot be read back; it is not sent".into(), true);
            return Ok(());
        };
        let body = serde_json::to_value(AsyncSendRequest::to_users(
            config.agent_id,
            &[userid.as_str()],
            msg,
        ))
        .unwrap_or_default();
        m.attempts += 1;
        let answer = state
            .dingtalk
            .oapi_post::<AsyncSendResponse>(Call::SendMessage, SEND_PATH, OapiBody::Json(&body))
            .await;
        match answer {
            Ok((r, counted)) => {
                m.calls += i64::from(counted);
                match (r.refusal(), r.task_id) {
                    (None, Some(task_id)) => {
                        let now = now_secs();
                        m.state = "sent".into();
                        m.task_id = Some(task_id);
                        m.sent_at = Some(now);
                        m.next_at = now + RESULT_AFTER_SECS;
                        tracing::info!(message = m.id, task_id, "alerts: message sent");
                    }
                    (None, None) => {
                        m.state = "sent".into();
                        m.sent_at = Some(now_secs());
                        m.result_tries = RESULT_TRIES;
                        m.error = Some("upstream.noTaskId: DingTalk took the message but gave no task_id, so its result cannot be looked up".into());
                    }
                    (Some(class), _) => {
                        let lasting = !matches!(
                            class,
                            ErrorClass::Throttled | ErrorClass::Transient | ErrorClass::Unknown
                        );
                        self.failed(m, format!("errcode {}: {}", r.errcode, r.errmsg), lasting);
                    }
                }
            }
            Err(e) if e.code == "budget.exhausted" => {
                // No call was made: the month's budget is spent.
                m.attempts -= 1;
                self.failed(m, format!("{}: {}", e.code, e.message), true);
            }
            Err(e) => {
                // Sent, but no readable answer: counted as DingTalk may have.
                m.calls += 1;
                self.failed(m, format!("{}: {}", e.code, e.message), false);
            }
        }
        Ok(())
    }

    /// Records a failed attempt: tried again later unless it is `lasting` or the attempts
    /// have run out.
    fn failed(&self, m: &mut MessageRow, error: String, lasting: bool) {
        tracing::warn!(message = m.id, attempts = m.attempts, lasting, error = %error, "alerts: a send failed");
        m.error = Some(error);
        match retry_after(m.attempts, lasting) {
            Some(after) => m.next_at = now_secs() + after,
            None => m.state = "failed".into(),
        }
    }

    /// The userid of `union_id`: kept, or looked up (getbyunionid, not metered) and kept.
    async fn userid(
        &self,
        state: &AppState,
        union_id: &str,
    ) -> Result<Result<String, Failure>, StoreError> {
        if let Some(userid) = state.store.alert_userid(union_id).await? {
            return Ok(Ok(userid));
        }
        let body = serde_json::json!({ "unionid": union_id });
        let answer = state
            .dingtalk
            .oapi_post::<GetByUnionIdResponse>(
                Call::UserByUnionId,
                USER_PATH,
                OapiBody::Json(&body),
            )
            .await;
        let failure = match answer {
            Ok((r, _)) => match (r.refusal(), r.result) {
                (None, Some(u)) if !u.userid.is_empty() && u.contact_type != Some(CONTACT_EXTERNAL) => {
                    state.store.set_alert_userid(union_id, &u.userid).await?;
                    return Ok(Ok(u.userid));
                }
                (None, _) => Failure::lasting("alerts.notEmployee: DingTalk knows this admin only as an external contact, whom work notifications do not reach".into()),
                (Some(_), _) if r.errcode == errcode::NO_SUCH_EMPLOYEE => Failure::lasting(format!("errcode {}: no employee of the organization has this unionId ({})", r.errcode, r.errmsg)),
                (Some(ErrorClass::Permission | ErrorClass::BadRequest), _) => Failure::lasting(format!("errcode {}: {}; the app needs the contacts permission (qyapi_get_member)", r.errcode, r.errmsg)),
                (Some(_), _) => Failure::passing(format!("errcode {}: {}", r.errcode, r.errmsg)),
            },
            Err(e) => Failure::passing(format!("{}: {}", e.code, e.message)),
        };
        Ok(Err(failure))
    }

    /// Looks up what became of sent message `m` (getsendresult), written into it.
    async fn look_up_result(
        &self,
        state: &AppState,
        config: &AlertsConfig,
        m: &mut MessageRow,
    ) -> Result<(), StoreError> {
        let now = now_secs();
        let (Some(task_id), Some(sent_at)) = (m.task_id, m.sent_at) else {
            m.result_tries = RESULT_TRIES;
            return Ok(());
        };
        if now - sent_at >= dingtalk_wire::message::SEND_RESULT_KEPT_MS / 1000 {
            // DingTalk keeps a result for 24 hours.
            m.result_tries = RESULT_TRIES;
            return Ok(());
        }
        let Some(userid) = state.store.alert_userid(&m.union_id).await? else {
            m.result_tries = RESULT_TRIES;
            return Ok(());
        };
        m.result_tries += 1;
        let body = serde_json::json!({ "agent_id": config.agent_id, "task_id": task_id });
        let answer = state
            .dingtalk
            .oapi_post::<SendResultResponse>(Call::SendResult, RESULT_PATH, OapiBody::Json(&body))
            .await;
        match answer {
            Ok((r, counted)) => {
                m.calls += i64::from(counted);
                match (r.refusal(), r.send_result) {
                    (None, Some(result)) => {
                        let delivery = delivery_of(&result, &userid);
                        m.delivery = serde_json::to_value(delivery)
                            .ok()
                            .and_then(|v| v.as_str().map(str::to_owned));
                    }
                    _ => {
                        m.error = Some(format!("result: errcode {}: {}", r.errcode, r.errmsg));
                        m.next_at = now + 60;
                    }
                }
            }
            Err(e) => {
                if e.code != "budget.exhausted" {
                    m.calls += 1;
                }
                m.error = Some(format!("result: {}: {}", e.code, e.message));
                m.next_at = now + 60;
            }
        }
        Ok(())
    }

    /// The alerts page for the admin `union_id`.
    pub async fn page(&self, state: &AppState, union_id: &str) -> Result<AlertsPage, StoreError> {
        let store = &state.store;
        let (subscribed, lang) = store.alert_subscriptions(union_id).await?;
        let log = store
            .alert_log(LOG_LIMIT)
            .await?
            .into_iter()
            .map(|(m, name)| sent_alert(m, name))
            .collect();
        Ok(AlertsPage {
            enabled: state.config.alerts.is_some(),
            rules: rules(store).await?,
            subscribed: subscribed.into_iter().collect(),
            lang: lang.unwrap_or_else(|| Lang::default().code().to_owned()),
            calls_per_message: CALLS_PER_MESSAGE,
            log,
            demo: state.config.demo,
            judged_at: store.latest_judgement().await?,
        })
    }

    /// In demo mode: what each demo user received, from the emulator.
    pub async fn demo_inboxes(&self, state: &AppState) -> Result<Vec<DemoInbox>, AppError> {
        let all = state.dingtalk.emulator_messages().await?;
        Ok(dingtalk_emulator::DEMO_USERS
            .iter()
            .map(|u| {
                let messages = all["users"][u.userid]
                    .as_array()
                    .map(|list| list.iter().rev().map(demo_message).collect())
                    .unwrap_or_default();
                DemoInbox {
                    userid: u.userid.to_owned(),
                    name: u.name.to_owned(),
                    admin: u.is_admin(),
                    messages,
                }
            })
            .collect())
    }
}

/// Seconds until the next attempt after `attempts` failed ones, or `None` to give up: a
/// `lasting` failure (a refusal trying again cannot change) or the attempts spent.
pub fn retry_after(attempts: i64, lasting: bool) -> Option<i64> {
    if lasting || attempts >= MAX_ATTEMPTS {
        return None;
    }
    usize::try_from(attempts - 1)
        .ok()
        .and_then(|i| RETRY_AFTER.get(i))
        .copied()
}

/// Why there is no userid to send to: `lasting` when trying again cannot help.
struct Failure {
    error: String,
    lasting: bool,
}

impl Failure {
    fn lasting(error: String) -> Self {
        Self {
            error,
            lasting: true,
        }
    }

    fn passing(error: String) -> Self {
        Self {
            error,
            lasting: false,
        }
    }
}

/// The rules in force: as an admin last set them, or the defaults.
pub async fn rules(store: &Store) -> Result<Rules, StoreError> {
    Ok(store
        .setting(RULES_SETTING)
        .await?
        .and_then(|v| serde_json::from_str::<Rules>(&v).ok())
        .and_then(|r| r.check().ok())
        .unwrap_or_default())
}

/// Every space of snapshot `id` as the rules see it: its use against its quota and, from the
/// trends, the days until it is likely full.
async fn seen_spaces(state: &AppState, id: i64) -> Result<Vec<SpaceSeen>, StoreError> {
    let trends = state.trends.json(&state.store).await?;
    let trends: Option<dashboard_core::history::Trends> = serde_json::from_slice(&trends).ok();
    let full_in: HashMap<String, i64> = trends
        .map(|t| {
            t.spaces
                .iter()
                .filter_map(|s| Some((s.space_id.clone(), s.forecast.days_until_full(t.today)?)))
                .collect()
        })
        .unwrap_or_default();
    Ok(state
        .store
        .snapshot_fields(id)
        .await?
        .iter()
        .filter_map(|f| serde_json::from_str::<dingtalk_wire::Space>(f).ok())
        .map(|s| SpaceSeen {
            used_bp: match (s.used_quota, s.quota) {
                (Some(used), Some(quota)) => dashboard_core::quota::fill_bp(used, quota),
                _ => None,
            },
            full_in_days: full_in.get(&s.space_id).copied(),
            space_id: s.space_id,
            name: s.space_name,
        })
        .collect())
}

fn seen(c: &Crossing) -> CrossingSeen {
    CrossingSeen {
        rule: c.key.kind,
        subject: c.key.subject.clone(),
        name: c.name.clone(),
        value: c.value,
    }
}

fn sent_alert(m: MessageRow, name: String) -> SentAlert {
    let state = match m.state.as_str() {
        "sent" => SendState::Sent,
        "failed" => SendState::Failed,
        _ => SendState::Pending,
    };
    SentAlert {
        id: m.id,
        at: m.created_at,
        to_name: name,
        to_union_id: m.union_id,
        digest: m.digest != 0,
        crossings: serde_json::from_str(&m.crossings).unwrap_or_default(),
        title: m.title,
        lang: m.lang,
        state,
        attempts: u32::try_from(m.attempts).unwrap_or(0),
        calls: u32::try_from(m.calls).unwrap_or(0),
        task_id: m.task_id,
        sent_at: m.sent_at,
        delivery: m
            .delivery
            .and_then(|d| serde_json::from_value(serde_json::Value::String(d)).ok()),
        error: m.error,
    }
}

/// One message of the emulator's inbox as the demo's page shows it.
fn demo_message(v: &serde_json::Value) -> DemoMessage {
    let msg = Msg::from_value(v["msg"].clone()).ok();
    let (title, text, url) = match msg {
        Some(Msg::ActionCard(c)) => (c.title.unwrap_or_default(), c.markdown, c.single_url),
        Some(Msg::Markdown(m)) => (m.title, m.text, None),
        _ => (String::new(), String::new(), None),
    };
    DemoMessage {
        task_id: v["task_id"].as_i64().unwrap_or(0),
        at: v["at"]
            .as_str()
            .and_then(|t| dingtalk_wire::IsoTime::parse(t).epoch_ms())
            .unwrap_or(0),
        title,
        text,
        url,
        delivered: v["delivered"].as_bool().unwrap_or(false),
        withheld: v["withheld"].as_str().map(str::to_owned),
        read: v["read"].as_bool().unwrap_or(false),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_passing_failure_is_tried_again_twice_then_given_up() {
        assert_eq!(retry_after(1, false), Some(RETRY_AFTER[0]));
        assert_eq!(retry_after(2, false), Some(RETRY_AFTER[1]));
        assert_eq!(retry_after(MAX_ATTEMPTS, false), None);
        assert_eq!(
            retry_after(1, true),
            None,
            "a lasting refusal is not tried again"
        );
        assert_eq!(retry_after(0, false), None);
    }
}
