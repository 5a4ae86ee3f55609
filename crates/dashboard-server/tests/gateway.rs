//! Every DingTalk call passes one gateway: it keeps each API within DingTalk's 20 calls a
//! second (measured where the calls arrive, at the emulator), counts the metered ones per
//! month of DingTalk's metering, and refuses past this app's monthly budget, exactly at it,
//! naming the budget and the day it starts again.

mod common;

use axum::http::StatusCode;
use common::*;
use dashboard_server::gateway::Gateway;
use dashboard_server::store::{Store, StoreTarget};
use dingtalk_emulator::faults::{Fault, FaultKind};
use dingtalk_wire::{Call, IsoTime};
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::Duration;

#[tokio::test]
async fn fifty_requesters_at_once_stay_within_twenty_calls_a_second() {
    let h = harness(&["--monthly-call-budget", "1000"]).await;
    let cookie = h.admin_cookie().await;
    let (space, folder) = h.emulator.big_folder();
    let prefix = format!("/v1.0/storage/spaces/{space}/dentries");
    h.emulator.clear_requests();
    let started = std::time::Instant::now();
    let requests: Vec<_> = (0..50)
        .map(|i| {
            let (app, cookie, prefix) = (h.app.clone(), h.cookie_header(&cookie), prefix.clone());
            let uri = format!("{prefix}?parentId={folder}&maxResults={}", 1 + i % 50);
            tokio::spawn(async move {
                let req = axum::http::Request::get(uri)
                    .header("cookie", cookie)
                    .body(axum::body::Body::empty())
                    .expect("request");
                tower::ServiceExt::oneshot(app, req)
                    .await
                    .expect("answer")
                    .status()
            })
        })
        .collect();
    for r in requests {
        assert_eq!(r.await.expect("task"), StatusCode::OK);
    }
    let arrived: Vec<_> = h.upstream(&prefix).iter().map(|r| r.at).collect();
    assert_eq!(arrived.len(), 50, "one call each, none refused by DingTalk");
    let busiest = busiest_second(&arrived);
    assert!(
        busiest <= 20,
        "{busiest} calls reached DingTalk within one second"
    );
    assert!(
        started.elapsed() >= Duration::from_secs(2),
        "50 calls at 20/s take over 2 s"
    );
}

#[tokio::test]
async fn the_budget_stops_exactly_at_its_limit_and_says_when_it_resets() {
    let h = harness(&["--monthly-call-budget", "5"]).await;
    let cookie = h.admin_cookie().await;
    h.emulator.clear_requests();
    let mut statuses = Vec::new();
    for i in 0..7 {
        // Each a different request: the same one again would be answered from memory.
        let spaces = format!("/v1.0/drive/spaces?spaceType=org&maxResults={}", 50 - i);
        statuses.push(h.get(&spaces, Some(&cookie)).await);
    }
    assert!(statuses[..5].iter().all(|a| a.status == StatusCode::OK));
    let calls = |a: &Answer| {
        let v = a.headers.get(dingtalk_wire::CALLS_HEADER)?;
        Some(v.to_str().ok()?.to_owned())
    };
    let first = calls(&statuses[0]).expect("the month's calls come with the answer");
    assert!(
        first.starts_with("1 5 ") && first.ends_with("-01"),
        "{first}"
    );
    assert!(calls(&statuses[4]).expect("calls").starts_with("5 5 "));
    assert_eq!(calls(&statuses[5]), None, "a refused call cost nothing");
    let refused = &statuses[5];
    assert_eq!(refused.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(refused.code(), "budget.exhausted");
    let message = refused.json()["message"].as_str().unwrap_or("").to_owned();
    assert!(
        message.contains("5 metered calls") && message.contains("DINGTALK_MONTHLY_CALL_BUDGET"),
        "{message}"
    );
    assert!(
        message.contains("-01 (China time)"),
        "names the day it resets: {message}"
    );
    assert_eq!(statuses[6].status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(
        h.upstream("/v1.0/drive/spaces").len(),
        5,
        "DingTalk saw exactly 5"
    );
    let usage = h.get("/api/usage", Some(&cookie)).await.json();
    assert_eq!(
        (usage["used"].as_i64(), usage["budget"].as_i64()),
        (Some(5), Some(5))
    );
    assert!(usage["resetsOn"]
        .as_str()
        .is_some_and(|d| d.ends_with("-01")));
    assert_eq!(
        h.get("/api/usage", None).await.status,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn throttled_calls_go_back_to_the_budget() {
    let h = harness(&["--monthly-call-budget", "3"]).await;
    let cookie = h.admin_cookie().await;
    h.emulator.inject(Fault {
        times: Some(2),
        ..Fault::always(FaultKind::Busy429)
    });
    let a = h
        .get(
            "/v1.0/drive/spaces?spaceType=org&maxResults=50",
            Some(&cookie),
        )
        .await;
    assert_eq!(
        a.status,
        StatusCode::OK,
        "retried in later windows until it passed"
    );
    let usage = h.get("/api/usage", Some(&cookie)).await.json();
    assert_eq!(
        usage["used"].as_i64(),
        Some(1),
        "two throttled calls, one counted: {usage}"
    );
}

static NOW_MS: AtomicI64 = AtomicI64::new(0);

fn test_clock() -> i64 {
    NOW_MS.load(Ordering::SeqCst)
}

#[tokio::test]
async fn the_month_rolls_over_at_midnight_in_china() {
    let ms = |s: &str| IsoTime::parse(s).epoch_ms().expect("time");
    NOW_MS.store(ms("2026-12-31T15:59:00Z"), Ordering::SeqCst);
    let store = Store::open(&StoreTarget::Sqlite(temp_dir("month")))
        .await
        .expect("store");
    let gateway = Gateway::with_clock(store, 2, 20, test_clock);
    for _ in 0..2 {
        let a = gateway
            .admit(Call::ListSpaces)
            .await
            .expect("within budget");
        gateway.settle(a, None).await;
    }
    let refused = gateway.admit(Call::ListSpaces).await.err().expect("spent");
    assert_eq!(refused.code, "budget.exhausted");
    assert!(refused.message.contains("2026-12") && refused.message.contains("2027-01-01"));
    // Unmetered calls (the token, the login) still pass.
    let token = gateway.admit(Call::AccessToken).await.expect("not metered");
    gateway.settle(token, None).await;
    let usage = gateway.usage().await.expect("usage");
    assert_eq!(
        (usage.month.as_str(), usage.used, usage.resets_on.as_str()),
        ("2026-12", 2, "2027-01-01")
    );
    // 00:00 on 1 January in Beijing.
    NOW_MS.store(ms("2026-12-31T16:00:00Z"), Ordering::SeqCst);
    let a = gateway.admit(Call::ListSpaces).await.expect("a new month");
    gateway.settle(a, None).await;
    assert_eq!(gateway.usage().await.expect("usage").used, 1);
    let calls = gateway.month_calls().await.expect("calls");
    assert_eq!(calls.by_api, [("listSpaces".to_owned(), 1, 1)]);
}
