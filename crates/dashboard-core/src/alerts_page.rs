//! What the alerts page and the server say to each other (`/api/alerts`): the rules, the
//! admin's subscriptions, the log of what was sent, and in demo mode what each demo user
//! received. JSON in camelCase; the same types on both sides.

use crate::alerts::{RuleKind, Rules};
use serde::{Deserialize, Serialize};

/// `GET /api/alerts` (and the answer of every change on the page).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
pub struct AlertsPage {
    /// The server sends alerts: `DINGTALK_AGENT_ID` is set.
    pub enabled: bool,
    pub rules: Rules,
    /// The rules this admin is subscribed to.
    pub subscribed: Vec<RuleKind>,
    /// The language their messages are written in (`zh` or `en`): the page's language when
    /// they last changed their subscriptions.
    pub lang: String,
    /// Metered calls one message costs: the send and the look-up of its result.
    pub calls_per_message: u32,
    /// The most recent messages, newest first (at most [`LOG_LIMIT`]).
    pub log: Vec<SentAlert>,
    /// Demo mode: the page can ask what each demo user received (`GET /api/alerts/demo`).
    pub demo: bool,
    /// When the rules were last judged (epoch seconds): after the latest snapshot, usually.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub judged_at: Option<i64>,
}

/// Messages the log shows.
pub const LOG_LIMIT: usize = 100;

/// `PUT /api/alerts/subscriptions`: the rules this admin wants to hear about, and the
/// language to write to them in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
pub struct Subscriptions {
    pub subscribed: Vec<RuleKind>,
    pub lang: String,
}

/// Where a message stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub enum SendState {
    /// Waiting for its first attempt, or for the next after a failure DingTalk may get over.
    #[default]
    Pending,
    /// DingTalk took it (a `task_id`); its result may follow.
    Sent,
    /// Given up: DingTalk refused it for good, or the attempts or the budget ran out.
    Failed,
}

/// What became of a sent message for its admin, from `getsendresult`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Delivery {
    Read,
    Unread,
    /// The same content reached them today already (143106): not delivered again.
    Duplicate,
    /// Their daily limit of messages from the app was reached (143105): not delivered.
    DailyLimit,
    /// A per-minute limit held it back (143103, 143104).
    Throttled,
    /// DingTalk does not know the userid.
    InvalidUser,
    /// DingTalk says it failed.
    Failed,
    /// DingTalk's result does not name the admin.
    Unknown,
}

impl Delivery {
    pub const ALL: [Delivery; 8] = [
        Self::Read,
        Self::Unread,
        Self::Duplicate,
        Self::DailyLimit,
        Self::Throttled,
        Self::InvalidUser,
        Self::Failed,
        Self::Unknown,
    ];
}

/// One message in the log.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
pub struct SentAlert {
    pub id: i64,
    /// When it was decided (epoch seconds): the snapshot's evaluation.
    pub at: i64,
    /// To whom: their name as they logged in, and unionId.
    pub to_name: String,
    pub to_union_id: String,
    /// A digest of several crossings rather than one.
    pub digest: bool,
    /// What it tells.
    pub crossings: Vec<CrossingSeen>,
    /// Its title as sent (the preview in DingTalk's chat list).
    pub title: String,
    pub lang: String,
    pub state: SendState,
    pub attempts: u32,
    /// Metered DingTalk calls it cost (sends and result look-ups).
    pub calls: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub task_id: Option<i64>,
    /// Epoch seconds DingTalk took it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sent_at: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delivery: Option<Delivery>,
    /// The last failure: its code and message.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// One crossing as the log shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CrossingSeen {
    pub rule: RuleKind,
    /// The space's id, or `org`.
    pub subject: String,
    pub name: String,
    /// Basis points used, or days until full.
    pub value: i64,
}

/// `GET /api/alerts/demo`: what each demo user received, from the emulator.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
pub struct DemoInbox {
    pub userid: String,
    pub name: String,
    pub admin: bool,
    pub messages: Vec<DemoMessage>,
}

/// One message a demo user received (or DingTalk held back).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
pub struct DemoMessage {
    pub task_id: i64,
    /// Epoch milliseconds.
    pub at: i64,
    pub title: String,
    /// The markdown as sent.
    pub text: String,
    /// Where its button leads.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    pub delivered: bool,
    /// Why it was held back (143105, 143106).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub withheld: Option<String>,
    pub read: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_reads_what_it_writes() {
        let page = AlertsPage {
            enabled: true,
            rules: Rules::default(),
            subscribed: vec![RuleKind::Warning, RuleKind::FullSoon],
            lang: "en".into(),
            calls_per_message: 2,
            log: vec![SentAlert {
                id: 3,
                crossings: vec![CrossingSeen {
                    rule: RuleKind::Critical,
                    subject: "28000000001".into(),
                    name: "设计部".into(),
                    value: 9_610,
                }],
                state: SendState::Sent,
                delivery: Some(Delivery::DailyLimit),
                task_id: Some(256_271_667_526),
                ..Default::default()
            }],
            demo: true,
            judged_at: Some(1_764_000_000),
        };
        let json = serde_json::to_string(&page).unwrap();
        assert!(
            json.contains(r#""subscribed":["warning","fullSoon"]"#),
            "{json}"
        );
        assert!(json.contains(r#""fullWithinDays":14"#), "{json}");
        assert!(json.contains(r#""delivery":"dailyLimit""#), "{json}");
        assert_eq!(serde_json::from_str::<AlertsPage>(&json).unwrap(), page);
        let unknown: Result<Subscriptions, _> =
            serde_json::from_str(r#"{"subscribed":["everything"],"lang":"en"}"#);
        assert!(unknown.is_err(), "an unknown rule is refused, not dropped");
    }
}
