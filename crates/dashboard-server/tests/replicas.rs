//! Several replicas on one Postgres, each its own process, all calling one DingTalk (an
//! emulator): exactly one collects snapshots, and when it dies mid-collection another takes
//! the collection over; the monthly budget and the per-second pace hold for them together.

mod common;

use common::postgres::Postgres;
use common::process::*;
use common::{busiest_second, temp_dir};
use dingtalk_emulator::faults::{Fault, FaultKind};
use dingtalk_emulator::Emulator;
use std::time::{Duration, Instant};

/// A replica on `pg`, calling DingTalk at `dingtalk`, with `args` besides.
fn replica(pg: &Postgres, dingtalk: &str, args: &[&str]) -> (Server, String) {
    let port = free_port();
    let mut all = vec![
        "--api-base",
        dingtalk,
        "--oapi-base",
        dingtalk,
        "--database-url",
        &pg.url,
    ];
    all.extend_from_slice(args);
    let server = start(&temp_dir("replica"), port, &all);
    (server, format!("http://127.0.0.1:{port}"))
}

async fn emulator(spaces: usize) -> (Emulator, String) {
    let emulator = Emulator::new(dingtalk_emulator::Config {
        spaces,
        ..Default::default()
    });
    let (addr, _task) = dingtalk_emulator::spawn(emulator.clone(), ([127, 0, 0, 1], 0).into())
        .await
        .expect("emulator starts");
    (emulator, format!("http://{addr}"))
}

/// Requests that reached the emulator under `prefix`, by when they arrived.
fn arrivals(emulator: &Emulator, prefix: &str) -> Vec<Instant> {
    emulator
        .requests()
        .into_iter()
        .filter(|r| r.path.starts_with(prefix))
        .map(|r| r.at)
        .collect()
}

async fn get(admin: &Admin, url: &str) -> (u16, serde_json::Value) {
    let r = admin
        .http
        .get(url)
        .header("cookie", &admin.cookie)
        .send()
        .await
        .expect("an answer");
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or(serde_json::Value::Null))
}

#[tokio::test]
async fn two_replicas_share_the_monthly_budget_and_the_pace() {
    let pg = Postgres::start();
    let (emulator, dingtalk) = emulator(120).await;
    let limits = [
        "--calls-per-second",
        "5",
        "--monthly-call-budget",
        "60",
        "--live-memory-seconds",
        "0",
    ];
    let (_a, a) = replica(&pg, &dingtalk, &limits);
    let (_b, b) = replica(&pg, &dingtalk, &limits);
    let (admin_a, admin_b) = (Admin::login(&a).await, Admin::login(&b).await);
    let (space, folder) = emulator.big_folder();
    let dentries = format!("/v1.0/storage/spaces/{space}/dentries");
    let page = |base: &str, n: usize| {
        format!(
            "{base}{dentries}?parentId={folder}&maxResults={}",
            1 + n % 50
        )
    };

    // 40 requesters at once, half at each replica: at 5 calls a second between them.
    let started = Instant::now();
    let mut asked = Vec::new();
    for i in 0..40 {
        let (admin, base) = if i % 2 == 0 {
            (&admin_a, &a)
        } else {
            (&admin_b, &b)
        };
        let (http, cookie, url) = (admin.http.clone(), admin.cookie.clone(), page(base, i));
        asked.push(tokio::spawn(async move {
            let r = http.get(url).header("cookie", cookie).send().await;
            r.map(|r| r.status().as_u16()).unwrap_or(0)
        }));
    }
    for r in asked {
        assert_eq!(r.await.expect("task"), 200);
    }
    let arrived = arrivals(&emulator, &dentries);
    assert_eq!(arrived.len(), 40);
    let busiest = busiest_second(&arrived);
    assert!(
        busiest <= 5,
        "{busiest} calls reached DingTalk within one second from two replicas paced at 5"
    );
    assert!(
        started.elapsed() >= Duration::from_secs(7),
        "40 calls at 5 a second take 7 s or more: {:?}",
        started.elapsed()
    );

    // Then one at a time, alternating, until both refuse: DingTalk sees exactly the budget.
    let mut refused = (false, false);
    for i in 40..80 {
        let (admin, base) = if i % 2 == 0 {
            (&admin_a, &a)
        } else {
            (&admin_b, &b)
        };
        let (status, body) = get(admin, &page(base, i)).await;
        match status {
            200 => {}
            429 => {
                assert_eq!(body["code"], "budget.exhausted", "{body}");
                if i % 2 == 0 {
                    refused.0 = true;
                } else {
                    refused.1 = true;
                }
            }
            other => panic!("unexpected {other}: {body}"),
        }
    }
    assert_eq!(
        refused,
        (true, true),
        "both replicas refuse past the budget"
    );
    // Every metered call since the emulator started: the dentries, and the day's scheduled
    // collection when one replica ran it for the admin who logged in (the same budget).
    assert_eq!(
        emulator.metered_calls(),
        60,
        "DingTalk saw exactly the budget, from both replicas together"
    );
    for base in [&a, &b] {
        let (_, usage) = get(&admin_a, &format!("{base}/api/usage")).await;
        assert_eq!(
            (usage["used"].as_i64(), usage["budget"].as_i64()),
            (Some(60), Some(60)),
            "{base}"
        );
    }
}

#[tokio::test]
async fn one_replica_collects_and_another_takes_over_when_it_dies() {
    let pg = Postgres::start();
    // 1,500 spaces: 30 pages.
    let (emulator, dingtalk) = emulator(1500).await;
    let (a_server, a) = replica(&pg, &dingtalk, &[]);
    let (_b_server, b) = replica(&pg, &dingtalk, &[]);
    let (admin_a, admin_b) = (Admin::login(&a).await, Admin::login(&b).await);

    // Admins open the review at both replicas at once: one listing between them (the day's
    // scheduled collection, if a replica starts it meanwhile, is that same one).
    let (review_a, review_b) = (format!("{a}/api/review"), format!("{b}/api/review"));
    let (first_a, first_b) = tokio::join!(admin_a.json(&review_a), admin_b.json(&review_b));
    assert!(first_a["status"].is_object() && first_b["status"].is_object());
    let done = |s: &serde_json::Value| s["snapshot"]["spaces"] == 1500 && s["refresh"].is_null();
    let first = admin_b
        .wait_for(
            &format!("{b}/api/review/status"),
            "the first snapshot",
            done,
        )
        .await;
    assert_eq!(
        arrivals(&emulator, "/v1.0/drive/spaces").len(),
        30,
        "one listing of 30 pages, for both replicas and the schedule"
    );
    let at_a = admin_a.json(&format!("{a}/api/review/status")).await;
    assert_eq!(
        at_a["snapshot"]["id"], first["snapshot"]["id"],
        "both replicas answer from the same snapshot"
    );

    // A refresh at a, slowed so that it can be caught half-way; b asked meanwhile joins it
    // (no second listing); then a dies (SIGKILL) and b takes the collection over once a's
    // lease has run out.
    emulator.inject(Fault {
        path: "/v1.0/drive/spaces".into(),
        latency_ms: 300,
        ..Fault::always(FaultKind::Latency)
    });
    let refresh = |admin: &Admin, base: &str| {
        admin
            .http
            .post(format!("{base}/api/review/refresh"))
            .header("cookie", &admin.cookie)
            .send()
    };
    let before = arrivals(&emulator, "/v1.0/drive/spaces").len();
    assert!(refresh(&admin_a, &a)
        .await
        .expect("refresh at a")
        .status()
        .is_success());
    admin_b
        .wait_for(
            &format!("{b}/api/review/status"),
            "a's refresh, seen at b",
            |s| s["refresh"]["pages"].as_i64().unwrap_or(0) >= 3,
        )
        .await;
    let joined = refresh(&admin_b, &b).await.expect("refresh at b");
    assert!(joined.status().is_success());
    let joined: serde_json::Value = joined.json().await.expect("a status");
    assert_eq!(
        joined["refresh"]["state"], "running",
        "b joins a's refresh: {joined}"
    );
    let mut a_server = a_server;
    let _ = a_server.0.kill();
    let _ = a_server.0.wait();
    let killed_at = arrivals(&emulator, "/v1.0/drive/spaces").len() - before;
    assert!(killed_at < 30, "a died before the end ({killed_at} pages)");
    emulator.clear_faults();
    let after = admin_b
        .wait_for(
            &format!("{b}/api/review/status"),
            "b finishing the collection",
            |s| s["snapshot"]["id"] != first["snapshot"]["id"] && s["refresh"].is_null(),
        )
        .await;
    assert_eq!(after["snapshot"]["spaces"], 1500);
    assert_eq!(after["snapshot"]["reason"], "resume", "{after}");
    assert_eq!(
        arrivals(&emulator, "/v1.0/drive/spaces").len() - before,
        killed_at + 30,
        "a's pages until it died, then one whole listing by b"
    );
}

async fn start_scan(admin: &Admin, url: &str) -> serde_json::Value {
    let r = admin
        .http
        .post(url)
        .header("cookie", &admin.cookie)
        .json(&serde_json::json!({ "confirm": true }))
        .send()
        .await
        .expect("an answer");
    assert_eq!(r.status().as_u16(), 202);
    r.json().await.expect("a status")
}

#[tokio::test]
async fn two_replicas_asked_at_once_run_one_scan_and_a_dead_ones_is_taken_over() {
    let pg = Postgres::start();
    let (emulator, dingtalk) = emulator(3).await;
    let (a_server, a) = replica(&pg, &dingtalk, &[]);
    let (_b, b) = replica(&pg, &dingtalk, &[]);
    let (admin_a, admin_b) = (Admin::login(&a).await, Admin::login(&b).await);
    // The first space holds the 10,000-entry folder: about ten seconds of pages.
    let space = emulator.space_ids()[0].clone();
    let path = format!("/api/scans/{space}");
    // A starts it; B, asked while it runs, and A again, give the same scan.
    let (on_a, on_b) = (format!("{a}{path}"), format!("{b}{path}"));
    let x = start_scan(&admin_a, &on_a).await;
    let (y, z) = tokio::join!(start_scan(&admin_b, &on_b), start_scan(&admin_a, &on_a));
    assert_eq!(x["scan"]["id"], y["scan"]["id"], "one scan: {x} {y}");
    assert_eq!(x["scan"]["id"], z["scan"]["id"], "one scan: {x} {z}");
    let list_all = format!("/v1.0/storage/spaces/{space}/dentries/listAll");
    admin_b
        .wait_for(&format!("{b}{path}"), "40 pages", |s| {
            s["scan"]["calls"].as_i64() >= Some(40)
        })
        .await;
    // A, which runs it, is killed mid-walk: B takes the scan over from its last page.
    drop(a_server);
    let done = admin_b
        .wait_for(&format!("{b}{path}"), "the scan's end", |s| {
            s["scan"]["state"] != "running"
        })
        .await;
    assert_eq!(done["scan"]["state"], "complete", "{done}");
    assert_eq!(
        done["scan"]["repeats"].as_i64(),
        Some(0),
        "no page read twice"
    );
    let pages = done["scan"]["calls"].as_i64().expect("calls");
    let calls = arrivals(&emulator, &list_all);
    // One call a page, and at most the one in flight when its process died again.
    assert!(
        (pages..=pages + 1).contains(&(calls.len() as i64)),
        "{} calls for {pages} pages",
        calls.len()
    );
    assert!(busiest_second(&calls) <= 20);
}
