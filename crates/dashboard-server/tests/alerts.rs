//! Alerts against the emulator: a subscribed admin hears of a crossing once, in their
//! language, with a link to the space; nothing is sent twice across a restart or by two
//! replicas; DingTalk's limits (the same content once a day, the daily limit) are recorded as
//! its results say; a failure is tried again within the budget and recorded.

mod common;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use common::*;
use dashboard_core::alerts::RuleKind;
use dashboard_core::alerts_page::{AlertsPage, Delivery, SendState};
use dashboard_server::alerts::{RESULT_AFTER_SECS, RETRY_AFTER};
use dingtalk_emulator::faults::{Fault, FaultKind};
use dingtalk_emulator::Emulator;
use dingtalk_wire::message::Msg;
use std::time::Duration;

const PUBLIC: &str = "https://quota.example.com";
const ON: [&str; 4] = ["--agent-id", "3190000001", "--public-url", PUBLIC];
const ADMIN: &str = "manager4512";
const SEND: &str = "/topapi/message/corpconversation/asyncsend_v2";

async fn put(h: &Harness, uri: &str, cookie: &str, body: &str) -> Answer {
    let req = Request::put(uri)
        .header(header::COOKIE, h.cookie_header(cookie))
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body.to_owned()))
        .expect("request");
    h.send(req).await
}

async fn page(h: &Harness, cookie: &str) -> AlertsPage {
    let a = h.get("/api/alerts", Some(cookie)).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    serde_json::from_str(&a.body).expect("the alerts page")
}

async fn subscribe(h: &Harness, cookie: &str, rules: &str, lang: &str) -> AlertsPage {
    let a = put(
        h,
        "/api/alerts/subscriptions",
        cookie,
        &format!(r#"{{"subscribed":{rules},"lang":"{lang}"}}"#),
    )
    .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    serde_json::from_str(&a.body).expect("the alerts page")
}

async fn snapshot_id(h: &Harness, cookie: &str) -> Option<i64> {
    h.get("/api/review/status", Some(cookie)).await.json()["snapshot"]["id"].as_i64()
}

/// Takes a new snapshot (the first, or a refresh) and waits for it.
async fn snapshot(h: &Harness, cookie: &str) {
    let before = snapshot_id(h, cookie).await;
    let req = Request::post("/api/review/refresh")
        .header(header::COOKIE, h.cookie_header(cookie))
        .body(Body::empty())
        .expect("request");
    h.send(req).await;
    for _ in 0..400 {
        if snapshot_id(h, cookie)
            .await
            .is_some_and(|id| Some(id) != before)
        {
            return;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    panic!("no new snapshot");
}

async fn judge(h: &Harness) -> Option<usize> {
    let config = h.state.config.alerts.clone().expect("alerts on");
    h.state
        .alerts
        .judge(&h.state, &config)
        .await
        .expect("judged")
}

async fn deliver(h: &Harness) {
    let config = h.state.config.alerts.clone().expect("alerts on");
    h.state
        .alerts
        .deliver(&h.state, &config)
        .await
        .expect("delivered");
}

/// Spaces of the latest snapshot with a quota and less than half of it used: (id, quota).
async fn roomy_spaces(h: &Harness, cookie: &str) -> Vec<(String, i64)> {
    let review = h.get("/api/review", Some(cookie)).await.json();
    review["spaces"]
        .as_array()
        .expect("spaces")
        .iter()
        .filter_map(|s| {
            let quota = s["quota"].as_i64().filter(|q| *q > 1 << 20)?;
            let used = s["usedQuota"].as_i64()?;
            let id = s["spaceId"].as_str()?.to_owned();
            (used * 2 < quota).then_some((id, quota))
        })
        .collect()
}

fn sends(emu: &Emulator) -> usize {
    emu.requests().iter().filter(|r| r.path == SEND).count()
}

async fn emulator() -> (Emulator, String) {
    emulator_with(dingtalk_emulator::Config::default()).await
}

async fn emulator_with(config: dingtalk_emulator::Config) -> (Emulator, String) {
    let emu = Emulator::new(config);
    let (addr, _task) = dingtalk_emulator::spawn(emu.clone(), ([127, 0, 0, 1], 0).into())
        .await
        .expect("emulator starts");
    (emu, format!("http://{addr}"))
}

fn with<'a>(extra: &[&'a str]) -> Vec<&'a str> {
    let mut all = ON.to_vec();
    all.extend_from_slice(extra);
    all
}

#[tokio::test]
async fn a_crossing_is_told_once_in_the_admins_language_linking_to_its_space() {
    let h = harness(&ON).await;
    let cookie = h.admin_cookie().await;
    let first = page(&h, &cookie).await;
    assert!(first.enabled && first.subscribed.is_empty() && first.log.is_empty());
    assert_eq!(first.calls_per_message, 2);
    assert_eq!((first.rules.warning, first.rules.critical), (80, 95));

    // The spaces as they are: judged with no one subscribed, nothing to send.
    snapshot(&h, &cookie).await;
    assert_eq!(judge(&h).await, Some(0));
    assert_eq!(judge(&h).await, None, "a snapshot is judged once");
    assert!(page(&h, &cookie).await.judged_at.is_some());

    let subscribed = subscribe(&h, &cookie, r#"["warning","critical"]"#, "en").await;
    assert_eq!(
        subscribed.subscribed,
        vec![RuleKind::Warning, RuleKind::Critical]
    );
    assert_eq!(subscribed.lang, "en");

    // One space fills to 85%: one crossing, one message.
    let (space, quota) = roomy_spaces(&h, &cookie).await.remove(0);
    assert!(h.emulator.set_used(&space, quota / 100 * 85));
    snapshot(&h, &cookie).await;
    assert_eq!(judge(&h).await, Some(1));
    deliver(&h).await;
    let got = h.emulator.messages(ADMIN);
    assert_eq!(got.len(), 1, "{got:?}");
    assert!(got[0].delivered);
    let Msg::ActionCard(card) = &got[0].msg else {
        panic!("an action card: {:?}", got[0].msg);
    };
    assert_eq!(
        card.single_url.as_deref(),
        Some(format!("{PUBLIC}/spaces/{space}").as_str())
    );
    assert_eq!(card.single_title.as_deref(), Some("Open the space"));
    assert!(
        card.markdown
            .contains("85% full, over the warning threshold of 80%"),
        "{}",
        card.markdown
    );

    let log = page(&h, &cookie).await.log;
    assert_eq!(log.len(), 1);
    let sent = &log[0];
    assert_eq!(sent.state, SendState::Sent);
    assert_eq!((sent.attempts, sent.calls), (1, 1));
    assert_eq!(sent.task_id, Some(got[0].task_id));
    assert_eq!(sent.to_name, "王芳");
    assert_eq!(sent.crossings[0].subject, space);
    assert_eq!(
        sent.delivery, None,
        "its result is looked up once DingTalk had time"
    );

    tokio::time::sleep(Duration::from_secs(RESULT_AFTER_SECS as u64 + 1)).await;
    deliver(&h).await;
    let sent = page(&h, &cookie).await.log.remove(0);
    assert_eq!(sent.delivery, Some(Delivery::Unread));
    assert_eq!(sent.calls, 2, "the send and its result");

    // The space stays full: no repeat; the userid was looked up once.
    snapshot(&h, &cookie).await;
    assert_eq!(judge(&h).await, Some(0));
    deliver(&h).await;
    assert_eq!(h.emulator.messages(ADMIN).len(), 1);
    assert_eq!(sends(&h.emulator), 1);
    assert_eq!(h.upstream("/topapi/user/getbyunionid").len(), 1);
    assert_eq!(
        h.upstream("/topapi/message/corpconversation/getsendresult")
            .len(),
        1
    );
}

#[tokio::test]
async fn the_page_is_for_admins_and_checks_what_it_is_sent() {
    let h = harness(&ON).await;
    let cookie = h.admin_cookie().await;
    let member = h.login(dingtalk_emulator::DEMO_MEMBER_CODE).await;
    // Members may log in only when the server allows it; either way the page is refused.
    if let Some(member) = h.session_cookie(&member) {
        assert_eq!(
            h.get("/api/alerts", Some(&member)).await.status,
            StatusCode::FORBIDDEN
        );
    }
    assert_eq!(
        h.get("/api/alerts", None).await.status,
        StatusCode::UNAUTHORIZED
    );
    // Each refusal: 400 with its code, nothing kept.
    let refused = |uri: &'static str, body: &'static str| {
        let (h, cookie) = (&h, &cookie);
        async move {
            let a = put(h, uri, cookie, body).await;
            assert_eq!(a.status, StatusCode::BAD_REQUEST, "{}", a.body);
            a
        }
    };
    let subs = "/api/alerts/subscriptions";
    let bad = refused(subs, r#"{"subscribed":["everything"],"lang":"en"}"#).await;
    assert_eq!(bad.code(), "alerts.badSubscriptions");
    let bad = refused(subs, r#"{"subscribed":[],"lang":"fr"}"#).await;
    assert_eq!(bad.code(), "alerts.badLanguage");
    let rules = r#"{"warning":95,"critical":90,"fullWithinDays":14,"orgPercent":90}"#;
    let bad = refused("/api/alerts/rules", rules).await;
    assert_eq!(bad.code(), "alerts.badRules");
    let message = bad.json()["message"].as_str().unwrap_or("").to_owned();
    assert!(message.contains("below"), "{message}");
    let kept = page(&h, &cookie).await;
    assert!(kept.subscribed.is_empty() && kept.rules == dashboard_core::alerts::Rules::default());
    let good = put(
        &h,
        "/api/alerts/rules",
        &cookie,
        r#"{"warning":70,"critical":90,"fullWithinDays":30,"orgPercent":85}"#,
    )
    .await;
    assert_eq!(good.status, StatusCode::OK, "{}", good.body);
    let rules = page(&h, &cookie).await.rules;
    assert_eq!(
        (
            rules.warning,
            rules.critical,
            rules.full_within_days,
            rules.org_percent
        ),
        (70, 90, 30, 85)
    );
    // Outside demo mode there is no demo inbox.
    assert_eq!(
        h.get("/api/alerts/demo", Some(&cookie)).await.status,
        StatusCode::NOT_FOUND
    );

    // Without an AgentId the page says alerts are off; subscriptions are still kept.
    let off = harness(&[]).await;
    let cookie = off.admin_cookie().await;
    assert!(!page(&off, &cookie).await.enabled);
    assert_eq!(
        subscribe(&off, &cookie, r#"["org"]"#, "zh")
            .await
            .subscribed,
        vec![RuleKind::Org]
    );
}

#[tokio::test]
async fn nothing_is_sent_twice_across_a_restart() {
    let (emu, base) = emulator().await;
    let data = temp_dir("alerts-restart");
    let data = data.to_str().expect("utf-8").to_owned();
    let first = harness_upstream(&base, &with(&["--data-dir", &data])).await;
    let cookie = first.admin_cookie().await;
    subscribe(&first, &cookie, r#"["warning","critical"]"#, "zh").await;
    // Subscribed before the first snapshot: every space already over a threshold is told.
    snapshot(&first, &cookie).await;
    let decided = judge(&first).await.expect("judged");
    assert!(decided >= 1);
    let log = page(&first, &cookie).await.log;
    assert_eq!(log.len(), decided);
    // The process dies while sending one of them: its claim stands for a while.
    let now = dashboard_server::session::now_secs();
    let held = log[0].id;
    let claimed = first
        .state
        .store
        .claim_alert_message(held, "a-process-that-died", now + 2, now)
        .await
        .expect("claims");
    assert!(claimed.is_some());
    deliver(&first).await;
    assert_eq!(sends(&emu), decided - 1, "the one held is not sent");
    drop(first);

    // Started again on the same store.
    let again = harness_upstream(&base, &with(&["--data-dir", &data])).await;
    assert_eq!(judge(&again).await, None, "that snapshot was judged");
    deliver(&again).await;
    assert_eq!(sends(&emu), decided - 1, "still held by the dead process");
    tokio::time::sleep(Duration::from_secs(3)).await;
    deliver(&again).await;
    assert_eq!(sends(&emu), decided, "its claim ran out: sent once");
    deliver(&again).await;
    snapshot(&again, &cookie).await;
    assert_eq!(judge(&again).await, Some(0), "what fired is remembered");
    deliver(&again).await;
    assert_eq!(sends(&emu), decided);
    assert_eq!(emu.messages(ADMIN).len(), decided);
    let log = page(&again, &cookie).await.log;
    assert!(log
        .iter()
        .all(|m| m.state == SendState::Sent && m.attempts == 1));
}

#[tokio::test]
async fn two_replicas_send_each_message_once() {
    let pg = postgres::Postgres::start();
    let (emu, base) = emulator().await;
    let store = with(&["--database-url", &pg.url]);
    let a = harness_upstream(&base, &store).await;
    let b = harness_upstream(&base, &store).await;
    let cookie = a.admin_cookie().await;
    subscribe(&a, &cookie, r#"["warning","critical"]"#, "en").await;
    snapshot(&a, &cookie).await;
    let (one, two) = tokio::join!(judge(&a), judge(&b));
    let decided = match (one, two) {
        (Some(n), None) | (None, Some(n)) => n,
        other => panic!("one replica judges the snapshot: {other:?}"),
    };
    assert!(decided >= 1);
    for _ in 0..3 {
        tokio::join!(deliver(&a), deliver(&b));
    }
    assert_eq!(sends(&emu), decided);
    assert_eq!(emu.messages(ADMIN).len(), decided);
    snapshot(&b, &cookie).await;
    let (one, two) = tokio::join!(judge(&a), judge(&b));
    assert!(
        matches!((one, two), (Some(0), None) | (None, Some(0))),
        "{one:?} {two:?}"
    );
}

#[tokio::test]
async fn dingtalks_limits_are_recorded_as_its_results_say() {
    let (emu, base) = emulator_with(dingtalk_emulator::Config {
        messages_per_user_per_day: 2,
        ..Default::default()
    })
    .await;
    let h = harness_upstream(&base, &ON).await;
    let cookie = h.admin_cookie().await;
    snapshot(&h, &cookie).await;
    assert_eq!(judge(&h).await, Some(0));
    subscribe(&h, &cookie, r#"["warning"]"#, "zh").await;
    let roomy = roomy_spaces(&h, &cookie).await;
    let [(a, qa), (b, qb), (c, qc), ..] = &roomy[..] else {
        panic!("three roomy spaces");
    };

    // 1: A crosses (delivered).
    emu.set_used(a, qa / 100 * 85);
    snapshot(&h, &cookie).await;
    assert_eq!(judge(&h).await, Some(1));
    deliver(&h).await;
    // A recovers below the margin and crosses again at the same figure: the same content
    // the same day, which DingTalk holds back although it answers success.
    emu.set_used(a, qa / 100 * 60);
    snapshot(&h, &cookie).await;
    assert_eq!(judge(&h).await, Some(0));
    emu.set_used(a, qa / 100 * 85);
    snapshot(&h, &cookie).await;
    assert_eq!(judge(&h).await, Some(1), "re-armed after recovering");
    deliver(&h).await;
    // B and C cross together: B is the admin's second message today, C is past the limit.
    emu.set_used(b, qb / 100 * 90);
    emu.set_used(c, qc / 100 * 91);
    snapshot(&h, &cookie).await;
    assert_eq!(judge(&h).await, Some(2));
    deliver(&h).await;
    assert_eq!(sends(&emu), 4);

    tokio::time::sleep(Duration::from_secs(RESULT_AFTER_SECS as u64 + 1)).await;
    deliver(&h).await;
    let log = page(&h, &cookie).await.log;
    let by_space = |id: &str| -> Vec<Option<Delivery>> {
        log.iter()
            .rev()
            .filter(|m| m.crossings[0].subject == id)
            .map(|m| m.delivery)
            .collect()
    };
    assert_eq!(
        by_space(a),
        vec![Some(Delivery::Unread), Some(Delivery::Duplicate)]
    );
    let (bc, cc) = (by_space(b), by_space(c));
    assert_eq!(bc.len() + cc.len(), 2);
    let mut others = [bc[0], cc[0]];
    others.sort_by_key(|d| format!("{d:?}"));
    assert_eq!(others, [Some(Delivery::DailyLimit), Some(Delivery::Unread)]);
    assert!(
        log.iter().all(|m| m.state == SendState::Sent),
        "DingTalk took each"
    );
    let delivered = emu.messages(ADMIN).iter().filter(|m| m.delivered).count();
    assert_eq!(delivered, 2);
}

#[tokio::test]
async fn a_failure_is_tried_again_within_the_budget_and_recorded() {
    // An IP-ban page, then DingTalk takes it.
    let h = harness(&ON).await;
    let cookie = h.admin_cookie().await;
    snapshot(&h, &cookie).await;
    assert_eq!(judge(&h).await, Some(0));
    subscribe(&h, &cookie, r#"["warning"]"#, "en").await;
    let (space, quota) = roomy_spaces(&h, &cookie).await.remove(0);
    h.emulator.set_used(&space, quota / 100 * 88);
    snapshot(&h, &cookie).await;
    assert_eq!(judge(&h).await, Some(1));
    h.emulator.inject(Fault {
        kind: FaultKind::HtmlBan,
        path: SEND.into(),
        times: Some(1),
        latency_ms: 0,
    });
    deliver(&h).await;
    let m = page(&h, &cookie).await.log.remove(0);
    assert_eq!((m.state, m.attempts, m.calls), (SendState::Pending, 1, 1));
    assert!(
        m.error
            .as_deref()
            .unwrap_or("")
            .starts_with("upstream.unreadable"),
        "{m:?}"
    );
    deliver(&h).await;
    assert_eq!(sends(&h.emulator), 1, "not before its time");
    tokio::time::sleep(Duration::from_secs(RETRY_AFTER[0] as u64 + 1)).await;
    deliver(&h).await;
    let m = page(&h, &cookie).await.log.remove(0);
    assert_eq!((m.state, m.attempts, m.calls), (SendState::Sent, 2, 2));
    assert!(m.error.is_some(), "the failed attempt stays on record");
    assert_eq!(h.emulator.messages("manager4512").len(), 1);

    // DingTalk busy when the budget has one call left: that call is spent, the retry is not
    // made, and the message says why.
    let (emu, base) = emulator().await;
    let probe = harness_upstream(&base, &with(&[])).await;
    let cookie = probe.admin_cookie().await;
    snapshot(&probe, &cookie).await;
    let snapshot_calls = probe.get("/api/usage", Some(&cookie)).await.json()["used"]
        .as_i64()
        .expect("calls used");
    // Two snapshots, then one call.
    let budget = (2 * snapshot_calls + 1).to_string();
    let data = temp_dir("alerts-budget");
    let data = data.to_str().expect("utf-8").to_owned();
    drop(probe);
    emu.clear_requests();
    let h = harness_upstream(
        &base,
        &with(&["--monthly-call-budget", &budget, "--data-dir", &data]),
    )
    .await;
    let cookie = h.admin_cookie().await;
    snapshot(&h, &cookie).await;
    assert_eq!(judge(&h).await, Some(0));
    subscribe(&h, &cookie, r#"["warning"]"#, "en").await;
    let (space, quota) = roomy_spaces(&h, &cookie).await.remove(0);
    emu.set_used(&space, quota / 100 * 88);
    snapshot(&h, &cookie).await;
    let decided = judge(&h).await;
    emu.inject(Fault {
        kind: FaultKind::OapiBusy,
        path: SEND.into(),
        times: None,
        latency_ms: 0,
    });
    deliver(&h).await;
    tokio::time::sleep(Duration::from_secs(RETRY_AFTER[0] as u64 + 1)).await;
    deliver(&h).await;
    let log = page(&h, &cookie).await.log;
    assert_eq!(decided, Some(1), "{log:?}");
    let m = &log[0];
    assert_eq!(m.state, SendState::Failed, "{m:?}");
    assert_eq!(sends(&emu), 1, "one call, then the budget said no");
    assert!(
        m.error
            .as_deref()
            .unwrap_or("")
            .starts_with("budget.exhausted"),
        "{m:?}"
    );
}
