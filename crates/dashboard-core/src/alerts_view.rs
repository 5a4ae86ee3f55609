//! What the alerts page says of a rule, a crossing, a message's state and DingTalk's result,
//! and the rules form's check in the admin's words. Pure (tested natively); the alerts page's
//! components only place these words.

use crate::alerts::{RuleKind, Rules, HYSTERESIS_POINTS, MAX_FULL_WITHIN_DAYS, ORG};
use crate::alerts_page::{CrossingSeen, Delivery, DemoMessage, SendState};
use crate::folder_query::space_href;
use crate::format::{percent_bp, Locale};
use crate::i18n::{fill, Lang, Msg};

/// A subscription's choice, with the rule's setting in it.
pub fn rule_label(kind: RuleKind, rules: &Rules, lang: Lang) -> String {
    let (msg, value) = match kind {
        RuleKind::Warning => (Msg::AlertsRuleWarning, rules.warning),
        RuleKind::Critical => (Msg::AlertsRuleCritical, rules.critical),
        RuleKind::FullSoon => (Msg::AlertsRuleFullSoon, rules.full_within_days),
        RuleKind::Org => (Msg::AlertsRuleOrg, rules.org_percent),
    };
    fill(lang.t(msg), &[&value.to_string()])
}

/// The rule's short name in the log.
pub fn kind_msg(kind: RuleKind) -> Msg {
    match kind {
        RuleKind::Warning => Msg::AlertsKindWarning,
        RuleKind::Critical => Msg::AlertsKindCritical,
        RuleKind::FullSoon => Msg::AlertsKindFullSoon,
        RuleKind::Org => Msg::AlertsKindOrg,
    }
}

/// How far a crossing went: the share used, or the days until full.
pub fn crossing_value(c: &CrossingSeen, loc: impl Locale) -> String {
    let lang = loc.lang();
    match c.rule {
        RuleKind::FullSoon if c.value <= 0 => lang.t(Msg::AlertsFullNow).to_owned(),
        RuleKind::FullSoon => fill(lang.t(Msg::AlertsDays), &[&loc.number(c.value as f64)]),
        _ => percent_bp(c.value, loc),
    }
}

/// A crossing in the log: what crossed, whose (a space's name; the organization's has none)
/// and how far, with the space's page to link to. The name is the organization's own text.
pub fn crossing_item(c: &CrossingSeen, loc: impl Locale) -> (String, Option<String>) {
    let lang = loc.lang();
    let kind = lang.t(kind_msg(c.rule));
    let value = crossing_value(c, loc);
    if c.subject == ORG {
        return (fill(lang.t(Msg::AlertsOrgCrossing), &[kind, &value]), None);
    }
    let name = if c.name.trim().is_empty() {
        lang.t(Msg::Untitled)
    } else {
        &c.name
    };
    let text = fill(lang.t(Msg::AlertsCrossing), &[kind, name, &value]);
    (text, Some(space_href(&c.subject)))
}

pub fn state_msg(state: SendState) -> Msg {
    match state {
        SendState::Pending => Msg::SendPending,
        SendState::Sent => Msg::SendSent,
        SendState::Failed => Msg::SendFailed,
    }
}

/// DingTalk's result for the admin; a sent message without one yet is waiting for it, and
/// one never sent has none.
pub fn delivery_msg(delivery: Option<Delivery>, state: SendState) -> Option<Msg> {
    Some(match delivery {
        Some(Delivery::Read) => Msg::DeliveryRead,
        Some(Delivery::Unread) => Msg::DeliveryUnread,
        Some(Delivery::Duplicate) => Msg::DeliveryDuplicate,
        Some(Delivery::DailyLimit) => Msg::DeliveryDailyLimit,
        Some(Delivery::Throttled) => Msg::DeliveryThrottled,
        Some(Delivery::InvalidUser) => Msg::DeliveryInvalidUser,
        Some(Delivery::Failed) => Msg::DeliveryFailed,
        Some(Delivery::Unknown) => Msg::DeliveryUnknown,
        None if state == SendState::Sent => Msg::DeliveryWaiting,
        None => return None,
    })
}

/// The name of the language messages are written in (`zh`, `en`).
pub fn lang_name(code: &str) -> Option<Msg> {
    match Lang::parse(code)? {
        Lang::Zh => Some(Msg::LangNameZh),
        Lang::En => Some(Msg::LangNameEn),
    }
}

/// What became of a demo user's message: delivered (read or not), or held back by DingTalk
/// and why.
pub fn demo_status(m: &DemoMessage, lang: Lang) -> String {
    let msg = match (m.delivered, m.withheld.as_deref().map(str::trim)) {
        (true, _) if m.read => Msg::AlertsDemoRead,
        (true, _) => Msg::AlertsDemoUnread,
        (false, Some("143105")) => Msg::AlertsDemoDailyLimit,
        (false, Some("143106")) => Msg::AlertsDemoDuplicate,
        (false, other) => {
            return fill(lang.t(Msg::AlertsDemoHeld), &[other.unwrap_or("?")]);
        }
    };
    lang.t(msg).to_owned()
}

/// A message's link if it may be one on the page: the web's own schemes or a path of this
/// site, never `javascript:` or another scheme.
pub fn safe_href(url: &str) -> Option<&str> {
    let u = url.trim();
    let lower = u.get(..8).unwrap_or(u).to_ascii_lowercase();
    let web = lower.starts_with("https://") || lower.starts_with("http://");
    let path = u.starts_with('/') && !u.starts_with("//") && !u.starts_with("/\\");
    (web || path).then_some(u)
}

/// A field of the rules form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleField {
    Warning,
    Critical,
    Days,
    Org,
}

impl RuleField {
    pub const ALL: [RuleField; 4] = [Self::Warning, Self::Critical, Self::Days, Self::Org];

    /// Its input's id.
    pub fn id(self) -> &'static str {
        match self {
            Self::Warning => "alert-rule-warning",
            Self::Critical => "alert-rule-critical",
            Self::Days => "alert-rule-days",
            Self::Org => "alert-rule-org",
        }
    }

    pub fn label(self) -> Msg {
        match self {
            Self::Warning => Msg::AlertsRulesWarning,
            Self::Critical => Msg::AlertsRulesCritical,
            Self::Days => Msg::AlertsRulesDays,
            Self::Org => Msg::AlertsRulesOrg,
        }
    }

    /// Its value in `rules`.
    pub fn of(self, rules: &Rules) -> i64 {
        match self {
            Self::Warning => rules.warning,
            Self::Critical => rules.critical,
            Self::Days => rules.full_within_days,
            Self::Org => rules.org_percent,
        }
    }
}

/// The rules the form's fields (in [`RuleField::ALL`]'s order) say, or the field to fix and
/// what to do, in `lang`. [`Rules::check`] decides; this only names the problem it found.
pub fn read_rules(fields: [&str; 4], lang: Lang) -> Result<Rules, (RuleField, String)> {
    let mut v = [0_i64; 4];
    for (i, f) in RuleField::ALL.into_iter().enumerate() {
        v[i] = fields[i].trim().parse().map_err(|_| {
            let label = lang.t(f.label());
            (f, fill(lang.t(Msg::AlertsRulesNumber), &[label]))
        })?;
    }
    let rules = Rules {
        warning: v[0],
        critical: v[1],
        full_within_days: v[2],
        org_percent: v[3],
    };
    rules.check().map_err(|_| problem(&rules, lang))
}

fn problem(r: &Rules, lang: Lang) -> (RuleField, String) {
    let percent = |f: RuleField| {
        let args = [lang.t(f.label()), &f.of(r).to_string()];
        (f, fill(lang.t(Msg::AlertsRulesPercent), &args))
    };
    if !(1..=100).contains(&r.warning) {
        return percent(RuleField::Warning);
    }
    if !(1..=100).contains(&r.critical) {
        return percent(RuleField::Critical);
    }
    if r.warning >= r.critical {
        let (w, c) = (r.warning.to_string(), r.critical.to_string());
        return (
            RuleField::Warning,
            fill(lang.t(Msg::AlertsRulesOrder), &[&w, &c]),
        );
    }
    if !(1..=MAX_FULL_WITHIN_DAYS).contains(&r.full_within_days) {
        let (max, d) = (
            MAX_FULL_WITHIN_DAYS.to_string(),
            r.full_within_days.to_string(),
        );
        return (
            RuleField::Days,
            fill(lang.t(Msg::AlertsRulesDaysRange), &[&max, &d]),
        );
    }
    percent(RuleField::Org)
}

/// The rules form's note on how often an alert fires.
pub fn hysteresis_note(lang: Lang) -> String {
    fill(
        lang.t(Msg::AlertsRulesHint),
        &[&HYSTERESIS_POINTS.to_string()],
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::Plain;

    fn crossing(rule: RuleKind, value: i64) -> CrossingSeen {
        CrossingSeen {
            rule,
            subject: "s1".into(),
            name: "n".into(),
            value,
        }
    }

    #[test]
    fn crossings_read_as_shares_or_days() {
        let en = Plain(Lang::En);
        assert_eq!(
            crossing_value(&crossing(RuleKind::Critical, 9_610), en),
            "96.1%"
        );
        assert_eq!(crossing_value(&crossing(RuleKind::Org, 9_000), en), "90%");
        assert_eq!(
            crossing_value(&crossing(RuleKind::FullSoon, 9), en),
            "9 days"
        );
        assert_eq!(
            crossing_value(&crossing(RuleKind::FullSoon, 0), en),
            "full now"
        );
        let mut hostile = crossing(RuleKind::Warning, 8_000);
        hostile.name = "<b>设计部</b>".into();
        hostile.subject = "a/b".into();
        assert_eq!(
            crossing_item(&hostile, en),
            (
                "Warning · <b>设计部</b> · 80%".to_owned(),
                Some("/spaces/a%2Fb".to_owned())
            )
        );
        hostile.name = " ".into();
        assert_eq!(crossing_item(&hostile, en).0, "Warning · (untitled) · 80%");
        let org = CrossingSeen {
            subject: ORG.into(),
            ..crossing(RuleKind::Org, 9_100)
        };
        assert_eq!(
            crossing_item(&org, en),
            ("Organization · 91%".to_owned(), None)
        );
        let zh = Plain(Lang::Zh);
        assert_eq!(crossing_value(&crossing(RuleKind::FullSoon, 3), zh), "3 天");
        assert_eq!(
            rule_label(RuleKind::FullSoon, &Rules::default(), Lang::En),
            "a space is forecast full within 14 days"
        );
    }

    #[test]
    fn every_result_has_its_words() {
        let all = Delivery::ALL;
        let mut seen = Vec::new();
        for d in all {
            let m = delivery_msg(Some(d), SendState::Sent).expect("words");
            assert!(!seen.contains(&m), "{d:?} reads as another result");
            seen.push(m);
        }
        assert!(Lang::En
            .t(delivery_msg(Some(Delivery::DailyLimit), SendState::Sent).unwrap())
            .contains("143105"));
        assert!(Lang::En
            .t(delivery_msg(Some(Delivery::Duplicate), SendState::Sent).unwrap())
            .contains("143106"));
        assert_eq!(
            delivery_msg(None, SendState::Sent),
            Some(Msg::DeliveryWaiting)
        );
        assert_eq!(delivery_msg(None, SendState::Pending), None);
        assert_eq!(delivery_msg(None, SendState::Failed), None);
        assert_ne!(state_msg(SendState::Sent), state_msg(SendState::Failed));
    }

    #[test]
    fn the_rules_form_names_the_field_to_fix() {
        let en = Lang::En;
        assert_eq!(
            read_rules(["80", " 95 ", "14", "90"], en),
            Ok(Rules::default())
        );
        let (f, t) = read_rules(["95", "90", "14", "90"], en).unwrap_err();
        assert_eq!(f, RuleField::Warning);
        assert!(
            t.contains("(95%) must be below the critical one (90%)"),
            "{t}"
        );
        let (f, t) = read_rules(["80", "95", "x", "90"], en).unwrap_err();
        assert_eq!(f, RuleField::Days);
        assert!(t.contains("whole number"), "{t}");
        assert_eq!(
            read_rules(["80", "95", "400", "90"], en).unwrap_err().0,
            RuleField::Days
        );
        assert_eq!(
            read_rules(["80", "101", "14", "90"], en).unwrap_err().0,
            RuleField::Critical
        );
        assert_eq!(
            read_rules(["80", "95", "14", "0"], Lang::Zh).unwrap_err().0,
            RuleField::Org
        );
    }

    #[test]
    fn the_form_refuses_exactly_what_the_rules_refuse() {
        let values = [-1, 0, 1, 14, 50, 99, 100, 101, 365, 366];
        for w in values {
            for c in values {
                for d in values {
                    for o in [0, 1, 90, 100, 101] {
                        let r = Rules {
                            warning: w,
                            critical: c,
                            full_within_days: d,
                            org_percent: o,
                        };
                        let fields = [w, c, d, o].map(|v| v.to_string());
                        let read =
                            read_rules([&fields[0], &fields[1], &fields[2], &fields[3]], Lang::En);
                        assert_eq!(read.is_ok(), r.check().is_ok(), "{r:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn demo_messages_say_what_became_of_them() {
        let m = |delivered, read, withheld: Option<&str>| DemoMessage {
            delivered,
            read,
            withheld: withheld.map(str::to_owned),
            ..DemoMessage::default()
        };
        let en = Lang::En;
        assert_eq!(demo_status(&m(true, true, None), en), "Delivered, read");
        assert_eq!(
            demo_status(&m(true, false, None), en),
            "Delivered, not read"
        );
        assert!(demo_status(&m(false, false, Some("143105")), en).contains("daily limit"));
        assert!(demo_status(&m(false, false, Some("143106")), en).contains("same content"));
        assert_eq!(
            demo_status(&m(false, false, Some("143999")), en),
            "Held back by DingTalk (143999)"
        );
    }

    #[test]
    fn only_web_links_are_links() {
        assert_eq!(
            safe_href("https://dash.example.com/spaces/1"),
            Some("https://dash.example.com/spaces/1")
        );
        assert_eq!(
            safe_href("HTTP://127.0.0.1:8080/"),
            Some("HTTP://127.0.0.1:8080/")
        );
        assert_eq!(safe_href("/spaces/1"), Some("/spaces/1"));
        for bad in [
            "javascript:alert(1)",
            " JavaScript:alert(1)",
            "data:text/html,x",
            "//evil.example",
            "/\\evil.example",
            "dingtalk://dingtalkclient/page/link",
            "",
        ] {
            assert_eq!(safe_href(bad), None, "{bad}");
        }
        assert_eq!(lang_name("en"), Some(Msg::LangNameEn));
        assert_eq!(lang_name(""), None);
    }
}
