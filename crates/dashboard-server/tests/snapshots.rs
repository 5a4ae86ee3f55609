//! The quota review from snapshots: the server lists every org space itself, keeps each
//! complete listing, and answers the review from the latest with no DingTalk call. One refresh
//! runs however many admins ask; a failed or partial listing never replaces a snapshot; a
//! process killed mid-collection comes back with the previous snapshot and lists again; and
//! nobody but an org admin receives snapshot data.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use common::process::*;
use common::*;
use dingtalk_emulator::faults::{Fault, FaultKind};
use std::time::Duration;

const SPACES: &str = "/v1.0/drive/spaces";

async fn post(h: &Harness, uri: &str, cookie: &str) -> Answer {
    h.send(
        Request::post(uri)
            .header("cookie", h.cookie_header(cookie))
            .body(Body::empty())
            .expect("request"),
    )
    .await
}

/// Waits (10 s at most) for a status that satisfies `ok`, and returns it.
async fn status_when(
    h: &Harness,
    cookie: &str,
    what: &str,
    ok: impl Fn(&serde_json::Value) -> bool,
) -> serde_json::Value {
    let mut s = serde_json::Value::Null;
    for _ in 0..200 {
        s = h.get("/api/review/status", Some(cookie)).await.json();
        if ok(&s) {
            return s;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("{what} never happened: {s}");
}

/// Waits until no refresh runs; the status then.
async fn settled(h: &Harness, cookie: &str) -> serde_json::Value {
    status_when(h, cookie, "the end of the refresh", |s| {
        s["refresh"]["state"] != "running"
    })
    .await
}

fn space_ids(review: &serde_json::Value) -> Vec<String> {
    review["spaces"]
        .as_array()
        .expect("spaces")
        .iter()
        .map(|s| s["spaceId"].as_str().expect("spaceId").to_owned())
        .collect()
}

#[tokio::test]
async fn one_refresh_runs_however_many_admins_ask_and_the_review_then_costs_nothing() {
    let h = harness(&[]).await;
    let cookie = h.admin_cookie().await;
    h.emulator.clear_requests();
    // Twenty admins ask at once (the first opening of the review asks too).
    let asks: Vec<_> = (0..20)
        .map(|i| {
            let (app, cookie) = (h.app.clone(), h.cookie_header(&cookie));
            tokio::spawn(async move {
                let req = if i % 2 == 0 {
                    Request::post("/api/review/refresh")
                } else {
                    Request::get("/api/review")
                }
                .header("cookie", cookie)
                .body(Body::empty())
                .expect("request");
                tower::ServiceExt::oneshot(app, req)
                    .await
                    .expect("answer")
                    .status()
            })
        })
        .collect();
    for a in asks {
        assert_eq!(a.await.expect("task"), StatusCode::OK);
    }
    let status = settled(&h, &cookie).await;
    let pages = h.upstream(SPACES).len();
    assert_eq!(
        pages, 3,
        "one listing of the 120 spaces: 3 pages, not one per admin"
    );
    assert_eq!(status["snapshot"]["spaces"], 120);
    assert_eq!(status["snapshot"]["operator"], "王芳");
    assert_eq!(
        status["refreshCalls"], 4,
        "the next refresh's cost, said before it starts: 3 pages and the organization's storage"
    );

    // The review now opens from the snapshot: every space once, no DingTalk call.
    h.emulator.clear_requests();
    let review = h.get("/api/review", Some(&cookie)).await;
    assert_eq!(review.status, StatusCode::OK);
    let review = review.json();
    let ids = space_ids(&review);
    let unique: std::collections::HashSet<_> = ids.iter().collect();
    assert_eq!((ids.len(), unique.len()), (120, 120));
    assert!(h.emulator.requests().is_empty(), "no DingTalk call");
    // Each space as DingTalk sent it, fields and all.
    assert!(
        review["spaces"][0]["usedQuota"].is_i64() && review["spaces"][0]["spaceName"].is_string()
    );
}

#[tokio::test]
async fn a_failed_or_partial_listing_never_replaces_the_snapshot() {
    let h = harness(&[]).await;
    let cookie = h.admin_cookie().await;
    post(&h, "/api/review/refresh", &cookie).await;
    let first = settled(&h, &cookie).await["snapshot"]["id"].clone();
    assert!(first.is_i64());

    // A partial listing: the second page repeats the first's token.
    h.emulator.inject(Fault {
        path: SPACES.into(),
        times: Some(2),
        ..Fault::always(FaultKind::RepeatToken)
    });
    post(&h, "/api/review/refresh", &cookie).await;
    let s = settled(&h, &cookie).await;
    assert_eq!(s["snapshot"]["id"], first, "the complete snapshot stands");
    assert_eq!(s["refresh"]["state"], "failed");
    assert_eq!(s["refresh"]["error"]["code"], "upstream.repeatedPage");

    // DingTalk failing outright, past the server's retries.
    h.emulator.clear_faults();
    h.emulator.inject(Fault {
        path: SPACES.into(),
        times: Some(1),
        ..Fault::always(FaultKind::SystemError500)
    });
    post(&h, "/api/review/refresh", &cookie).await;
    let s = settled(&h, &cookie).await;
    assert_eq!(s["snapshot"]["id"], first);
    assert_eq!(s["refresh"]["error"]["status"], 500);
    assert!(!s["refresh"]["error"]["message"]
        .as_str()
        .unwrap_or("")
        .is_empty());
    let review = h.get("/api/review", Some(&cookie)).await.json();
    assert_eq!(
        space_ids(&review).len(),
        120,
        "the admin still sees the last complete one"
    );
    assert_eq!(
        review["status"]["refresh"]["state"], "failed",
        "and why the refresh failed"
    );

    // Opening the review again does not spend calls on the same failure; asking does.
    h.emulator.clear_faults();
    h.emulator.clear_requests();
    h.get("/api/review", Some(&cookie)).await;
    assert!(h.upstream(SPACES).is_empty());
    post(&h, "/api/review/refresh", &cookie).await;
    let s = settled(&h, &cookie).await;
    assert_ne!(
        s["snapshot"]["id"], first,
        "a new snapshot once DingTalk answers"
    );
    assert!(s["refresh"].is_null(), "nothing failed since it");
}

#[tokio::test]
async fn non_admins_never_receive_snapshot_data() {
    let h = harness(&["--allow-non-admins"]).await;
    let admin = h.admin_cookie().await;
    post(&h, "/api/review/refresh", &admin).await;
    settled(&h, &admin).await;
    let member = h.login(dingtalk_emulator::DEMO_MEMBER_CODE).await;
    assert_eq!(member.status, StatusCode::OK);
    let member = h.session_cookie(&member).expect("member session");
    for uri in ["/api/review", "/api/review/status"] {
        let a = h.get(uri, Some(&member)).await;
        assert_eq!(
            (a.status, a.code()),
            (StatusCode::FORBIDDEN, "review.adminsOnly".into()),
            "{uri}"
        );
        assert!(!a.body.contains("spaceId"), "{uri}");
    }
    let a = post(&h, "/api/review/refresh", &member).await;
    assert_eq!(a.status, StatusCode::FORBIDDEN);
    // Their own live listing, under their own unionId.
    h.emulator.clear_requests();
    let live = h
        .get(
            "/v1.0/drive/spaces?spaceType=org&maxResults=50",
            Some(&member),
        )
        .await;
    assert_eq!(live.status, StatusCode::OK);
    let sent = h.upstream(SPACES);
    assert_eq!(sent.len(), 1);
    assert!(
        !sent[0].query.contains("unionId=manager"),
        "not under an admin's unionId: {}",
        sent[0].query
    );
}

/// `HH:MM` in China time, `minutes_ago` minutes before now: a schedule already due today.
fn china_clock(minutes_ago: i64) -> String {
    let now = dashboard_server::session::now_secs();
    let local = (now + 8 * 3600 - minutes_ago * 60).rem_euclid(86_400) / 60;
    format!("{:02}:{:02}", local / 60, local % 60)
}

#[tokio::test]
async fn the_daily_collection_runs_once_as_the_last_admin() {
    let at = china_clock(1);
    let h = harness(&["--collect-at", &at]).await;
    let cookie = h.admin_cookie().await;
    let before = h.get("/api/review/status", Some(&cookie)).await.json();
    assert_eq!(
        before["schedule"]["operator"], "王芳",
        "the admin who logged in last"
    );
    assert_eq!(before["schedule"]["at"], at.as_str());
    h.emulator.clear_requests();
    tokio::spawn(dashboard_server::collector::Collector::schedule(
        h.state.clone(),
    ));
    let status = status_when(&h, &cookie, "the scheduled snapshot", |s| {
        s["snapshot"].is_object() && s["refresh"].is_null()
    })
    .await;
    assert_eq!(status["snapshot"]["reason"], "schedule", "{status}");
    assert_eq!(status["snapshot"]["operator"], "王芳");
    assert_eq!(h.upstream(SPACES).len(), 3);
    // Past the next look at the clock: the day's collection is done, nothing more is asked.
    tokio::time::sleep(Duration::from_secs(6)).await;
    assert_eq!(h.upstream(SPACES).len(), 3, "once a day");
}

#[tokio::test]
async fn a_refused_operator_pauses_the_daily_collection_and_says_why() {
    let at = china_clock(1);
    let h = harness(&["--collect-at", &at, "--collector-union-id", "nobody000"]).await;
    let cookie = h.admin_cookie().await;
    h.emulator.clear_requests();
    tokio::spawn(dashboard_server::collector::Collector::schedule(
        h.state.clone(),
    ));
    let status = status_when(&h, &cookie, "the pause", |s| {
        s["schedule"]["paused"].is_object()
    })
    .await;
    let paused = &status["schedule"]["paused"];
    assert_eq!(paused["status"], 400, "{status}");
    assert!(
        paused["message"].as_str().unwrap_or("").contains("unionId"),
        "{paused}"
    );
    assert_eq!(status["schedule"]["operator"], "COLLECTOR_UNION_ID");
    assert!(status["snapshot"].is_null(), "nothing was kept");
    let asked = h.upstream(SPACES).len();
    assert_eq!(asked, 1, "refused once, not retried");
    tokio::time::sleep(Duration::from_secs(6)).await;
    assert_eq!(h.upstream(SPACES).len(), asked, "paused: not asked again");
    // An admin's own refresh still works, under the admin's account.
    post(&h, "/api/review/refresh", &cookie).await;
    assert_eq!(settled(&h, &cookie).await["snapshot"]["operator"], "王芳");
}

#[tokio::test]
async fn a_process_killed_mid_collection_keeps_the_previous_snapshot_and_lists_again() {
    let data = temp_dir("killed");
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let status = format!("{base}/api/review/status");
    let server = start(&data, port, &[]);
    let admin = Admin::login(&base).await;
    // The first opening lists the 6,000 spaces (120 pages at 20 a second).
    admin.json(&format!("{base}/api/review")).await;
    let first = admin
        .wait_for(&status, "the first snapshot", |s| {
            s["snapshot"]["spaces"] == 6000
        })
        .await;
    let first_id = first["snapshot"]["id"].clone();
    // A refresh, killed (SIGKILL) half-way.
    admin
        .http
        .post(format!("{base}/api/review/refresh"))
        .header("cookie", &admin.cookie)
        .send()
        .await
        .expect("refresh");
    admin
        .wait_for(&status, "a refresh under way", |s| {
            s["refresh"]["pages"].as_i64().unwrap_or(0) >= 20
        })
        .await;
    drop(server);

    let _server = start(&data, port, &[]);
    let admin = Admin::login(&base).await;
    let after = admin.json(&status).await;
    assert_eq!(
        after["snapshot"]["id"], first_id,
        "the previous snapshot is intact"
    );
    assert_eq!(after["snapshot"]["spaces"], 6000);
    // Once the dead process's lease has run out, the listing runs again, to the end.
    let done = admin
        .wait_for(&status, "a new snapshot after the restart", |s| {
            s["snapshot"]["id"] != first_id && s["refresh"].is_null()
        })
        .await;
    assert_eq!(done["snapshot"]["spaces"], 6000);
    assert_eq!(done["snapshot"]["reason"], "resume");
}
