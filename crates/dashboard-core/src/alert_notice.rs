//! The work notification an alert becomes: an action card in the admin's language whose
//! button opens the space (or the review, for the organization and a digest) in the
//! dashboard. Names are the organization's own and may hold anything, so they are written as
//! plain text inside the markdown: escaped, on one line, shortened.

use crate::alerts::{Crossing, Message, RuleKind, Rules};
use crate::alerts_page::Delivery;
use crate::format::{percent_bp, Plain};
use crate::i18n::{fill, Lang, Msg as T};
use dingtalk_wire::message::{forbidden, ActionCard, Msg, SendResult, MAX_SINGLE_URL_CHARS};

/// Crossings a digest lists by name; the rest are counted.
pub const DIGEST_LINES: usize = 10;
/// Characters of a space's name kept in a message.
pub const NAME_CHARS: usize = 40;

/// A space's name as plain text in markdown: control characters and line breaks as spaces,
/// markdown's and HTML's special characters escaped, at most [`NAME_CHARS`] characters.
pub fn plain_text(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 8);
    let mut kept = name
        .trim()
        .chars()
        .filter(|c| !matches!(c, '\u{200b}'..='\u{200f}'));
    for c in kept.by_ref().take(NAME_CHARS) {
        match c {
            c if c.is_control() => out.push(' '),
            '\\' | '`' | '*' | '_' | '{' | '}' | '[' | ']' | '(' | ')' | '#' | '+' | '-' | '.'
            | '!' | '|' | '>' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '&' => out.push_str("&amp;"),
            c => out.push(c),
        }
    }
    if kept.next().is_some() {
        out.push('…');
    }
    out
}

/// The address of a space's page in the dashboard at `base` (`https://host`, no trailing
/// slash needed), or of the review for the organization.
pub fn link(base: &str, subject: Option<&str>) -> String {
    let base = base.trim_end_matches('/');
    match subject {
        Some(id) => format!("{base}/spaces/{id}"),
        None => format!("{base}/"),
    }
}

fn pct(bp: i64, lang: Lang) -> String {
    percent_bp(bp, Plain(lang))
}

/// The one-line title of a crossing (the preview in DingTalk's chat list).
fn title(c: &Crossing, lang: Lang) -> String {
    let name = plain_text(&c.name);
    match c.key.kind {
        RuleKind::Warning => fill(lang.t(T::NoticeWarningTitle), &[&name, &pct(c.value, lang)]),
        RuleKind::Critical => fill(
            lang.t(T::NoticeCriticalTitle),
            &[&name, &pct(c.value, lang)],
        ),
        RuleKind::FullSoon if c.value <= 0 => fill(lang.t(T::NoticeFullNowTitle), &[&name]),
        RuleKind::FullSoon => fill(
            lang.t(T::NoticeFullSoonTitle),
            &[&name, &c.value.to_string()],
        ),
        RuleKind::Org => fill(lang.t(T::NoticeOrgTitle), &[&pct(c.value, lang)]),
    }
}

/// The line saying what a crossing is, against the rule it met.
fn line(c: &Crossing, lang: Lang, rules: &Rules) -> String {
    let name = plain_text(&c.name);
    let v = pct(c.value, lang);
    match c.key.kind {
        RuleKind::Warning => fill(
            lang.t(T::NoticeWarningLine),
            &[&name, &v, &rules.warning.to_string()],
        ),
        RuleKind::Critical => fill(
            lang.t(T::NoticeCriticalLine),
            &[&name, &v, &rules.critical.to_string()],
        ),
        RuleKind::FullSoon if c.value <= 0 => fill(lang.t(T::NoticeFullNowLine), &[&name]),
        RuleKind::FullSoon => fill(
            lang.t(T::NoticeFullSoonLine),
            &[
                &name,
                &c.value.to_string(),
                &rules.full_within_days.to_string(),
            ],
        ),
        RuleKind::Org => fill(
            lang.t(T::NoticeOrgLine),
            &[&v, &rules.org_percent.to_string()],
        ),
    }
}

/// The space a crossing is about, if it is about one.
fn space_of(c: &Crossing) -> Option<&str> {
    (c.key.kind != RuleKind::Org).then_some(c.key.subject.as_str())
}

/// The message's title (as the log shows it) and its `msg`.
pub fn compose(message: &Message, lang: Lang, rules: &Rules, base: &str) -> (String, Msg) {
    let (title, text, target) = match message {
        Message::One(c) => (title(c, lang), line(c, lang, rules), space_of(c)),
        Message::Digest(all) => {
            let mut lines: Vec<String> = all
                .iter()
                .take(DIGEST_LINES)
                .map(|c| format!("- {}", line(c, lang, rules)))
                .collect();
            if all.len() > DIGEST_LINES {
                lines.push(fill(
                    lang.t(T::NoticeDigestMore),
                    &[&(all.len() - DIGEST_LINES).to_string()],
                ));
            }
            let title = fill(lang.t(T::NoticeDigestTitle), &[&all.len().to_string()]);
            (title, lines.join("  \n  "), None)
        }
    };
    let button = if target.is_some() {
        T::NoticeOpenSpace
    } else {
        T::NoticeOpenReview
    };
    let mut url = link(base, target);
    if url.chars().count() > MAX_SINGLE_URL_CHARS {
        url = link(base, None);
    }
    let markdown = format!("### {title}  \n  {text}  \n  {}", lang.t(T::NoticeFooter));
    let card = ActionCard {
        title: Some(title.clone()),
        markdown,
        single_title: Some(lang.t(button).to_owned()),
        single_url: Some(url),
        ..ActionCard::default()
    };
    (title, Msg::ActionCard(card))
}

/// What became of a message for `userid`, from its send's result: held back by a limit
/// (DingTalk still answered the send with success), not delivered, read or not.
pub fn delivery_of(result: &SendResult, userid: &str) -> Delivery {
    let listed = |list: &[String]| list.iter().any(|u| u == userid);
    if let Some(f) = result.forbidden_list.iter().find(|f| f.userid == userid) {
        return match f.code.as_str() {
            forbidden::DUPLICATE_CONTENT => Delivery::Duplicate,
            forbidden::USER_DAILY_LIMIT => Delivery::DailyLimit,
            forbidden::APP_PER_MINUTE | forbidden::ORG_PER_MINUTE => Delivery::Throttled,
            _ => Delivery::Failed,
        };
    }
    if listed(&result.invalid_user_id_list) {
        Delivery::InvalidUser
    } else if listed(&result.forbidden_user_id_list) || listed(&result.failed_user_id_list) {
        Delivery::Failed
    } else if listed(&result.read_user_id_list) {
        Delivery::Read
    } else if listed(&result.unread_user_id_list) {
        Delivery::Unread
    } else {
        Delivery::Unknown
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::alerts::AlertKey;

    fn crossing(kind: RuleKind, subject: &str, name: &str, value: i64) -> Crossing {
        Crossing {
            key: AlertKey {
                kind,
                subject: subject.into(),
            },
            name: name.into(),
            value,
        }
    }

    fn card(msg: &Msg) -> &ActionCard {
        match msg {
            Msg::ActionCard(c) => c,
            other => panic!("not an action card: {other:?}"),
        }
    }

    #[test]
    fn one_crossing_links_to_its_space_in_the_admins_language() {
        let rules = Rules::default();
        let c = crossing(RuleKind::Warning, "28000000007", "设计部", 8_250);
        let (zh_title, zh) = compose(
            &Message::One(c.clone()),
            Lang::Zh,
            &rules,
            "https://q.example.com/",
        );
        let (en_title, en) = compose(&Message::One(c), Lang::En, &rules, "https://q.example.com");
        assert_eq!(zh_title, "空间「设计部」已用 82.5%");
        assert_eq!(en_title, "Space “设计部” is 82.5% full");
        for (msg, button) in [(&zh, "打开空间"), (&en, "Open the space")] {
            let card = card(msg);
            assert_eq!(
                card.single_url.as_deref(),
                Some("https://q.example.com/spaces/28000000007")
            );
            assert_eq!(card.single_title.as_deref(), Some(button));
            assert!(msg.check().is_ok(), "within DingTalk's limits");
        }
        assert!(card(&en)
            .markdown
            .contains("over the warning threshold of 80%"));
        assert!(card(&zh).markdown.contains("超过警告阈值 80%"));
    }

    #[test]
    fn each_rule_says_what_it_met() {
        let rules = Rules::default();
        let soon = crossing(RuleKind::FullSoon, "1", "A", 9);
        let now = crossing(RuleKind::FullSoon, "1", "A", 0);
        let org = crossing(RuleKind::Org, crate::alerts::ORG, "", 9_120);
        let crit = crossing(RuleKind::Critical, "1", "A", 10_400);
        let t = |c: &Crossing| compose(&Message::One(c.clone()), Lang::En, &rules, "https://h").0;
        assert_eq!(t(&soon), "Space “A” may be full within 9 days");
        assert_eq!(t(&now), "Space “A” is full");
        assert_eq!(t(&org), "The organization's storage is 91.2% full");
        assert_eq!(t(&crit), "Space “A” is nearly full: 104% used");
        let (_, org_msg) = compose(&Message::One(org), Lang::En, &rules, "https://h");
        assert_eq!(card(&org_msg).single_url.as_deref(), Some("https://h/"));
        assert_eq!(
            card(&org_msg).single_title.as_deref(),
            Some("Open the review")
        );
    }

    #[test]
    fn a_digest_names_ten_and_counts_the_rest() {
        let rules = Rules::default();
        let all: Vec<Crossing> = (0..14)
            .map(|i| crossing(RuleKind::Critical, &i.to_string(), &format!("S{i}"), 9_600))
            .collect();
        let (title, msg) = compose(&Message::Digest(all), Lang::Zh, &rules, "https://h");
        assert_eq!(title, "14 条容量提醒");
        let md = &card(&msg).markdown;
        assert_eq!(md.matches("超过严重阈值").count(), DIGEST_LINES);
        assert!(md.contains("另有 4 条"), "{md}");
        assert_eq!(card(&msg).single_url.as_deref(), Some("https://h/"));
        assert!(msg.check().is_ok());
    }

    #[test]
    fn names_are_plain_text() {
        assert_eq!(
            plain_text("[x](javascript:alert(1))"),
            "\\[x\\]\\(javascript:alert\\(1\\)\\)"
        );
        assert_eq!(plain_text("a\nb\u{0}c <img>"), "a b c &lt;img\\>");
        assert_eq!(plain_text("**bold** # h"), "\\*\\*bold\\*\\* \\# h");
        let long = "长".repeat(60);
        assert_eq!(plain_text(&long).chars().count(), NAME_CHARS + 1);
        assert!(plain_text(&long).ends_with('…'));
        let c = crossing(RuleKind::Warning, "1", "x\n### owned", 8_000);
        let (title, msg) = compose(&Message::One(c), Lang::En, &Rules::default(), "https://h");
        assert!(!title.contains('\n') && card(&msg).markdown.matches("###").count() == 1);
    }

    #[test]
    fn a_result_says_what_became_of_the_message() {
        use dingtalk_wire::message::Forbidden;
        let me = "manager4512";
        let with = |f: &dyn Fn(&mut SendResult)| {
            let mut r = SendResult::default();
            f(&mut r);
            delivery_of(&r, me)
        };
        let held = |code: &str| {
            with(&|r: &mut SendResult| {
                r.forbidden_user_id_list = vec![me.into()];
                r.forbidden_list = vec![Forbidden {
                    code: code.into(),
                    count: Some(1),
                    userid: me.into(),
                }];
            })
        };
        assert_eq!(held("143106"), Delivery::Duplicate);
        assert_eq!(held("143105"), Delivery::DailyLimit);
        assert_eq!(held("143103"), Delivery::Throttled);
        assert_eq!(held("1430002"), Delivery::Failed);
        assert_eq!(
            with(&|r| r.read_user_id_list = vec![me.into()]),
            Delivery::Read
        );
        assert_eq!(
            with(&|r| r.unread_user_id_list = vec![me.into()]),
            Delivery::Unread
        );
        assert_eq!(
            with(&|r| r.invalid_user_id_list = vec![me.into()]),
            Delivery::InvalidUser
        );
        assert_eq!(
            with(&|r| r.failed_user_id_list = vec![me.into()]),
            Delivery::Failed
        );
        assert_eq!(
            with(&|r| r.read_user_id_list = vec!["someone".into()]),
            Delivery::Unknown
        );
    }
}
