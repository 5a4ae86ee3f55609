//! The `msg` of a work notification: markdown and action cards typed, DingTalk's other
//! types kept as sent, and the format pages' limits on each.

use super::{
    MAX_ACTION_URL_CHARS, MAX_BUTTON_LIST_CHARS, MAX_BUTTON_TITLE_CHARS, MAX_MARKDOWN_TEXT_CHARS,
    MAX_MSG_BYTES, MAX_SINGLE_URL_CHARS,
};
use crate::lenient;
use serde::de::{self, Deserializer};
use serde::{Deserialize, Serialize, Serializer};
use serde_json::{json, Value};

/// A markdown message: `title` is the preview in the chat list.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Markdown {
    #[serde(deserialize_with = "lenient::string_or_null")]
    pub title: String,
    /// Line breaks as `  \n  ` (DingTalk's advice).
    #[serde(deserialize_with = "lenient::string_or_null")]
    pub text: String,
}

/// A button of an action card with several.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ActionButton {
    #[serde(deserialize_with = "lenient::string_or_null")]
    pub title: String,
    #[serde(deserialize_with = "lenient::string_or_null")]
    pub action_url: String,
}

/// An action card: markdown with one button (`single_title` + `single_url`) or several
/// (`btn_json_list`, laid out by `btn_orientation`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ActionCard {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(deserialize_with = "lenient::string_or_null")]
    pub markdown: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub single_title: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub single_url: Option<String>,
    /// `"0"` vertical, `"1"` horizontal.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub btn_orientation: Option<String>,
    #[serde(
        deserialize_with = "lenient::vec_or_null",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub btn_json_list: Vec<ActionButton>,
}

/// The `msgtype`s DingTalk documents for work notifications.
pub const MSG_TYPES: [&str; 8] = [
    "text",
    "image",
    "voice",
    "file",
    "link",
    "oa",
    "markdown",
    "action_card",
];

/// A message: `{"msgtype": "markdown", "markdown": {...}}`. The types the dashboard sends are
/// typed; DingTalk's others are kept as sent.
#[derive(Debug, Clone, PartialEq)]
pub enum Msg {
    Markdown(Markdown),
    ActionCard(ActionCard),
    /// Another `msgtype` and its whole object.
    Other {
        msgtype: String,
        body: Value,
    },
}

impl Msg {
    pub fn msgtype(&self) -> &str {
        match self {
            Self::Markdown(_) => "markdown",
            Self::ActionCard(_) => "action_card",
            Self::Other { msgtype, .. } => msgtype,
        }
    }

    /// The message as DingTalk's JSON object.
    pub fn to_value(&self) -> Value {
        match self {
            Self::Markdown(m) => json!({"msgtype": "markdown", "markdown": m}),
            Self::ActionCard(c) => json!({"msgtype": "action_card", "action_card": c}),
            Self::Other { body, .. } => body.clone(),
        }
    }

    /// Reads a `msg` object, or the JSON string a form body carries.
    pub fn from_value(v: Value) -> Result<Self, String> {
        let v = match v {
            Value::String(s) => serde_json::from_str(&s)
                .map_err(|e| format!("msg is not JSON ({e}): send it as a JSON object"))?,
            v => v,
        };
        let msgtype = v.get("msgtype").and_then(Value::as_str).unwrap_or("");
        let part = |key: &str| match v.get(key) {
            Some(p @ Value::Object(_)) => Ok(p.clone()),
            _ => Err(format!("msg.{key} is missing: a {key} message needs it")),
        };
        let bad = |e: serde_json::Error| format!("msg.{msgtype} is malformed: {e}");
        match msgtype {
            "markdown" => Ok(Self::Markdown(
                serde_json::from_value(part("markdown")?).map_err(bad)?,
            )),
            "action_card" => Ok(Self::ActionCard(
                serde_json::from_value(part("action_card")?).map_err(bad)?,
            )),
            t if MSG_TYPES.contains(&t) => {
                part(t)?;
                Ok(Self::Other {
                    msgtype: t.to_owned(),
                    body: v,
                })
            }
            "" => Err("msg.msgtype is missing: name one of DingTalk's message types".into()),
            t => Err(format!(
                "msg.msgtype {t:?} is not a work-notification type: use one of {}",
                MSG_TYPES.join(", ")
            )),
        }
    }

    /// DingTalk's limits on the message: the first one broken, named.
    pub fn check(&self) -> Result<(), String> {
        let problem = match self {
            Self::Markdown(m) => empty("msg.markdown.title", &m.title)
                .or_else(|| empty("msg.markdown.text", &m.text))
                .or_else(|| too_long("msg.markdown.text", &m.text, MAX_MARKDOWN_TEXT_CHARS)),
            Self::ActionCard(c) => action_card_problem(c),
            Self::Other { body, .. } => {
                let n = body.to_string().len();
                (n > MAX_MSG_BYTES)
                    .then(|| format!("msg has {n} bytes, over DingTalk's {MAX_MSG_BYTES}"))
            }
        };
        problem.map_or(Ok(()), Err)
    }
}

fn empty(what: &str, s: &str) -> Option<String> {
    s.trim().is_empty().then(|| format!("{what} is empty"))
}

fn too_long(what: &str, s: &str, max: usize) -> Option<String> {
    let n = s.chars().count();
    (n > max).then(|| format!("{what} has {n} characters, over DingTalk's {max}"))
}

fn action_card_problem(c: &ActionCard) -> Option<String> {
    if let Some(p) = empty("msg.action_card.markdown", &c.markdown) {
        return Some(p);
    }
    if let (Some(title), Some(url)) = (&c.single_title, &c.single_url) {
        return too_long(
            "msg.action_card.single_title",
            title,
            MAX_BUTTON_TITLE_CHARS,
        )
        .or_else(|| too_long("msg.action_card.single_url", url, MAX_SINGLE_URL_CHARS));
    }
    if c.btn_json_list.is_empty() {
        return Some(
            "msg.action_card has no button: give single_title and single_url, or btn_json_list"
                .into(),
        );
    }
    if c.btn_orientation
        .as_deref()
        .is_some_and(|o| o != "0" && o != "1")
    {
        return Some("msg.action_card.btn_orientation must be \"0\" or \"1\"".into());
    }
    let list = serde_json::to_string(&c.btn_json_list).unwrap_or_default();
    too_long(
        "msg.action_card.btn_json_list",
        &list,
        MAX_BUTTON_LIST_CHARS,
    )
    .or_else(|| {
        c.btn_json_list.iter().find_map(|b| {
            too_long("a button title", &b.title, MAX_BUTTON_TITLE_CHARS)
                .or_else(|| too_long("a button action_url", &b.action_url, MAX_ACTION_URL_CHARS))
        })
    })
}

impl Serialize for Msg {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.to_value().serialize(s)
    }
}

impl<'de> Deserialize<'de> for Msg {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Self::from_value(Value::deserialize(d)?).map_err(de::Error::custom)
    }
}
