//! Scans of a space: the walk of its flat listing through the gateway (DingTalk's pace, the
//! budget), one per space whoever asks, cancel, a stop that keeps what was read, a resume after
//! a restart, and results that add up to the emulator's own tree.

mod common;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use common::*;
use dashboard_core::scan_report::{
    EstimateBasis, FolderSizes, ScanReport, ScanState, ScanStatus, TreeLevel,
};
use dingtalk_emulator::Emulator;
use dingtalk_wire::{Dentry, ROOT_DENTRY_ID};
use std::collections::HashMap;
use std::time::Duration;

const LIST_ALL: &str = "/dentries/listAll";

async fn post(h: &Harness, uri: &str, cookie: &str, body: &str) -> Answer {
    let req = Request::post(uri)
        .header(header::COOKIE, h.cookie_header(cookie))
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body.to_owned()))
        .expect("request");
    h.send(req).await
}

async fn status(h: &Harness, space: &str, cookie: &str) -> ScanStatus {
    let a = h.get(&format!("/api/scans/{space}"), Some(cookie)).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    serde_json::from_str(&a.body).expect("a scan status")
}

/// Polls the space's scan until `done` holds (within a minute).
async fn until(
    h: &Harness,
    space: &str,
    cookie: &str,
    what: &str,
    done: impl Fn(&ScanStatus) -> bool,
) -> ScanStatus {
    for _ in 0..1200 {
        let s = status(h, space, cookie).await;
        if done(&s) {
            return s;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("{what} did not happen");
}

fn ended(s: &ScanStatus) -> bool {
    s.scan
        .as_ref()
        .is_some_and(|i| i.state != ScanState::Running)
}

/// Every dentry of `space` the demo admin may see, by walking its folders in the emulator:
/// what lies under the folder nobody may list is left out, as DingTalk's `listAll` leaves it.
fn tree(emu: &Emulator, space: &str) -> Vec<Dentry> {
    let (_, restricted) = emu.restricted_folder();
    let mut all = Vec::new();
    let mut folders = vec![ROOT_DENTRY_ID.to_owned()];
    while let Some(f) = folders.pop() {
        if f == restricted {
            continue;
        }
        for d in emu.children(space, &f).unwrap_or_default() {
            if d.is_folder() {
                folders.push(d.id.clone());
            }
            all.push(d);
        }
    }
    all
}

/// Bytes under each folder of `dentries`, worked out here (the root as `0`).
fn sizes(dentries: &[Dentry]) -> HashMap<String, i64> {
    let parent: HashMap<&str, &str> = dentries
        .iter()
        .map(|d| (d.id.as_str(), d.parent_id.as_str()))
        .collect();
    let mut out: HashMap<String, i64> = HashMap::new();
    for d in dentries.iter().filter(|d| !d.is_folder()) {
        let mut at = d.parent_id.as_str();
        loop {
            *out.entry(at.to_owned()).or_default() += d.size.unwrap_or(0);
            if at == ROOT_DENTRY_ID {
                break;
            }
            at = parent.get(at).copied().unwrap_or(ROOT_DENTRY_ID);
        }
    }
    out
}

fn list_all_calls(h: &Harness, space: &str) -> Vec<dingtalk_emulator::RecordedRequest> {
    h.upstream(&format!("/v1.0/storage/spaces/{space}{LIST_ALL}"))
}

#[tokio::test]
async fn a_scan_walks_the_space_at_dingtalks_pace_and_its_sizes_add_up() {
    let h = harness(&[]).await;
    let cookie = h.admin_cookie().await;
    // The first space holds the 10,000-entry folder: over 200 pages.
    let space = h.emulator.space_ids()[0].clone();
    let expected = tree(&h.emulator, &space);
    assert!(expected.len() > 10_000);

    let before = status(&h, &space, &cookie).await;
    assert!(before.scan.is_none());
    assert_ne!(before.estimate.basis, EstimateBasis::PreviousScan);
    assert!(before.estimate.calls >= 1 && before.estimate.fits());

    // Not without the admin's confirmation.
    let a = post(&h, &format!("/api/scans/{space}"), &cookie, "{}").await;
    assert_eq!(
        (a.status, a.code().as_str()),
        (StatusCode::BAD_REQUEST, "scan.unconfirmed")
    );
    assert!(list_all_calls(&h, &space).is_empty());

    h.emulator.clear_requests();
    let a = post(
        &h,
        &format!("/api/scans/{space}"),
        &cookie,
        r#"{"confirm":true}"#,
    )
    .await;
    assert_eq!(a.status, StatusCode::ACCEPTED, "{}", a.body);
    let done = until(&h, &space, &cookie, "the scan's end", ended).await;
    let scan = done.scan.expect("a scan");
    assert_eq!(scan.state, ScanState::Complete, "{:?}", scan.error);

    // One call a page, at most 20 in any second, none refused for pace.
    let calls = list_all_calls(&h, &space);
    let pages = (expected.len() as i64 + 49) / 50;
    assert_eq!(calls.len() as i64, pages);
    assert_eq!(
        (scan.calls, scan.entries, scan.repeats),
        (pages, expected.len() as i64, 0)
    );
    let times: Vec<_> = calls.iter().map(|r| r.at).collect();
    assert!(
        busiest_second(&times) <= 20,
        "{} in a second",
        busiest_second(&times)
    );
    assert!(calls.iter().all(|r| r.method == "POST"));
    assert_eq!(
        h.emulator.metered_calls() as i64,
        pages,
        "each page metered once"
    );
    assert!(scan.rollup_ms.is_some());

    // The report and the folder sizes equal the emulator's tree.
    let want = sizes(&expected);
    let r = h
        .get(&format!("/api/scans/{space}/report"), Some(&cookie))
        .await;
    let report: ScanReport = serde_json::from_str(&r.body).expect("a report");
    let files = expected.iter().filter(|d| !d.is_folder()).count() as u64;
    assert_eq!((report.files, report.bytes), (files, want[ROOT_DENTRY_ID]));
    assert_eq!(report.largest.len(), 100);
    let biggest = expected
        .iter()
        .filter(|d| !d.is_folder())
        .map(|d| d.size.unwrap_or(0))
        .max();
    assert_eq!(Some(report.largest[0].size), biggest);
    assert_eq!(
        report.by_kind.iter().map(|g| g.bytes).sum::<i64>(),
        want[ROOT_DENTRY_ID]
    );
    let f = h
        .get(&format!("/api/scans/{space}/folders"), Some(&cookie))
        .await;
    let folders: FolderSizes = serde_json::from_str(&f.body).expect("folder sizes");
    assert!(folders.whole);
    let top: Vec<&Dentry> = expected
        .iter()
        .filter(|d| d.is_folder() && d.parent_id == ROOT_DENTRY_ID)
        .collect();
    assert_eq!(folders.folders.len(), top.len());
    for f in &folders.folders {
        assert_eq!(
            f.size,
            want.get(&f.id).copied().unwrap_or(0),
            "folder {}",
            f.id
        );
    }
    // The treemap's root level: every top folder and file, largest first, and zoom into the
    // largest folder.
    let t = h
        .get(&format!("/api/scans/{space}/tree"), Some(&cookie))
        .await;
    let level: TreeLevel = serde_json::from_str(&t.body).expect("a level");
    assert_eq!(level.size, want[ROOT_DENTRY_ID]);
    assert!(level.path.is_empty());
    assert!(level.cells.windows(2).all(|w| w[0].size >= w[1].size));
    // Each file's last change, and each folder's newest under it.
    let newest = |d: &Dentry| d.modified_time.as_ref().and_then(|t| t.epoch_ms());
    for c in level.cells.iter().filter(|c| c.size > 0) {
        let want = if c.folder {
            let mut under = vec![c.id.as_str()];
            let mut best = None;
            while let Some(f) = under.pop() {
                for d in expected.iter().filter(|d| d.parent_id == f) {
                    if d.is_folder() {
                        under.push(&d.id);
                    } else {
                        best = best.max(newest(d));
                    }
                }
            }
            best
        } else {
            expected.iter().find(|d| d.id == c.id).and_then(newest)
        };
        assert_eq!(c.modified_ms, want, "{}", c.name);
    }
    let big = level.cells.iter().find(|c| c.folder).expect("a folder");
    let t = h
        .get(
            &format!("/api/scans/{space}/tree?folder={}", big.id),
            Some(&cookie),
        )
        .await;
    let inner: TreeLevel = serde_json::from_str(&t.body).expect("a level");
    assert_eq!(inner.size, big.size);
    assert_eq!(
        inner.path.last().map(|c| c.id.as_str()),
        Some(big.id.as_str())
    );
    let drawn: i64 = inner.cells.iter().map(|c| c.size).sum::<i64>() + inner.rest_bytes;
    assert_eq!(drawn, inner.size, "cells and the rest make the folder");
    let t = h
        .get(
            &format!("/api/scans/{space}/tree?folder=nope"),
            Some(&cookie),
        )
        .await;
    assert_eq!(t.code(), "scan.folder");

    // The next estimate is what this one took.
    let again = status(&h, &space, &cookie).await;
    assert_eq!(again.estimate.basis, EstimateBasis::PreviousScan);
    assert_eq!(again.estimate.calls, pages);
}

#[tokio::test]
async fn two_admins_asking_at_once_get_one_scan() {
    let h = harness(&[]).await;
    let (a, b) = (h.admin_cookie().await, h.admin_cookie().await);
    let space = h.emulator.space_ids()[3].clone();
    h.emulator.clear_requests();
    let uri = format!("/api/scans/{space}");
    let body = r#"{"confirm":true}"#;
    let (x, y) = tokio::join!(post(&h, &uri, &a, body), post(&h, &uri, &b, body));
    let x: ScanStatus = serde_json::from_str(&x.body).expect("status");
    let y: ScanStatus = serde_json::from_str(&y.body).expect("status");
    let (x, y) = (x.scan.expect("a scan"), y.scan.expect("a scan"));
    assert_eq!(x.id, y.id, "one scan");
    let done = until(&h, &space, &a, "the scan's end", ended).await;
    assert_eq!(done.scan.expect("scan").state, ScanState::Complete);
    let first_pages = list_all_calls(&h, &space)
        .iter()
        .filter(|r| r.method == "POST")
        .count() as i64;
    assert_eq!(
        first_pages,
        status(&h, &space, &a).await.scan.expect("scan").calls
    );
}

#[tokio::test]
async fn a_cancelled_scan_stops_calling_keeps_what_it_read_and_goes_on_from_there() {
    let h = harness(&[]).await;
    let cookie = h.admin_cookie().await;
    let space = h.emulator.space_ids()[0].clone();
    let total = tree(&h.emulator, &space).len() as i64;
    let uri = format!("/api/scans/{space}");
    post(&h, &uri, &cookie, r#"{"confirm":true}"#).await;
    until(&h, &space, &cookie, "40 pages", |s| {
        s.scan.as_ref().is_some_and(|i| i.calls >= 40)
    })
    .await;
    let a = post(&h, &format!("{uri}/cancel"), &cookie, "").await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    let s = until(&h, &space, &cookie, "the cancel", ended).await;
    let scan = s.scan.expect("scan");
    assert_eq!(scan.state, ScanState::Cancelled);
    assert!(
        scan.entries > 0 && scan.entries < total,
        "{} of {total}",
        scan.entries
    );
    // No call after it stopped.
    let calls = list_all_calls(&h, &space).len();
    tokio::time::sleep(Duration::from_millis(600)).await;
    assert_eq!(list_all_calls(&h, &space).len(), calls);
    assert_eq!(calls as i64, scan.calls);
    // Its results are there, and say they are not the whole space.
    let r = h.get(&format!("{uri}/report"), Some(&cookie)).await;
    let report: ScanReport = serde_json::from_str(&r.body).expect("a report");
    assert_eq!(report.scan.state, ScanState::Cancelled);
    assert!(!report.scan.is_whole());
    let f = h.get(&format!("{uri}/folders"), Some(&cookie)).await;
    let sizes: FolderSizes = serde_json::from_str(&f.body).expect("sizes");
    assert!(!sizes.whole);

    // It goes on from where it stopped: the same scan, no page read twice, to the end.
    assert!(scan.can_continue);
    let go_on = r#"{"confirm":true,"continue":true}"#;
    let a = post(&h, &uri, &cookie, go_on).await;
    assert_eq!(a.status, StatusCode::ACCEPTED, "{}", a.body);
    let s = until(&h, &space, &cookie, "the end", ended).await;
    let whole = s.scan.expect("scan");
    assert_eq!(whole.id, scan.id, "the same scan");
    assert_eq!(whole.state, ScanState::Complete, "{:?}", whole.error);
    assert_eq!((whole.entries, whole.repeats), (total, 0));
    assert_eq!(list_all_calls(&h, &space).len() as i64, whole.calls);
    assert!(!whole.can_continue);
    let r = h.get(&format!("{uri}/report"), Some(&cookie)).await;
    let report: ScanReport = serde_json::from_str(&r.body).expect("a report");
    assert!(report.scan.is_whole());
    // A complete scan has nothing to go on with.
    let a = post(&h, &uri, &cookie, go_on).await;
    assert_eq!(
        (a.status, a.code().as_str()),
        (StatusCode::CONFLICT, "scan.cannotContinue")
    );
}

#[tokio::test]
async fn the_budget_stops_a_scan_cleanly_and_refuses_one_it_cannot_hold() {
    let h = harness(&["--monthly-call-budget", "30"]).await;
    let cookie = h.admin_cookie().await;
    let space = h.emulator.space_ids()[0].clone();
    let uri = format!("/api/scans/{space}");
    // No snapshot holds the space: the estimate is a guess of one call, and the budget has
    // room for it.
    let s = status(&h, &space, &cookie).await;
    assert!(s.estimate.fits(), "{:?}", s.estimate);
    let a = post(&h, &uri, &cookie, r#"{"confirm":true}"#).await;
    assert_eq!(a.status, StatusCode::ACCEPTED, "{}", a.body);
    let s = until(&h, &space, &cookie, "the stop", ended).await;
    let scan = s.scan.expect("scan");
    assert_eq!(scan.state, ScanState::Stopped);
    let error = scan.error.expect("why it stopped");
    assert_eq!(error.code, "budget.exhausted");
    assert!(scan.calls > 0 && scan.entries == scan.calls * 50);
    assert_eq!(s.estimate.budget_left, 0);
    // What it read is kept and shown as such.
    let r = h.get(&format!("{uri}/report"), Some(&cookie)).await;
    let report: ScanReport = serde_json::from_str(&r.body).expect("a report");
    assert_eq!(report.scan.state, ScanState::Stopped);
    assert!(report.files > 0);
    // With nothing left, a new one is refused before any call.
    let calls = list_all_calls(&h, &space).len();
    let a = post(&h, &uri, &cookie, r#"{"confirm":true}"#).await;
    assert_eq!(
        (a.status, a.code().as_str()),
        (StatusCode::CONFLICT, "scan.budget")
    );
    assert!(a.json()["message"]
        .as_str()
        .unwrap_or("")
        .contains("DINGTALK_MONTHLY_CALL_BUDGET"));
    assert_eq!(list_all_calls(&h, &space).len(), calls);
}

#[tokio::test]
async fn scans_are_for_admins_and_ask_for_real_ids() {
    let h = harness(&[]).await;
    let space = h.emulator.space_ids()[0].clone();
    let a = h.get(&format!("/api/scans/{space}"), None).await;
    assert_eq!(a.status, StatusCode::UNAUTHORIZED);
    let cookie = h.admin_cookie().await;
    let a = h
        .get(&format!("/api/scans/{space}/report"), Some(&cookie))
        .await;
    assert_eq!(
        (a.status, a.code().as_str()),
        (StatusCode::NOT_FOUND, "scan.none")
    );
    let a = h
        .get(
            &format!("/api/scans/{space}/tree?folder=a%20b"),
            Some(&cookie),
        )
        .await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST, "{}", a.body);
    let a = h.get("/api/scans/..%2Fx", Some(&cookie)).await;
    assert_eq!(a.status, StatusCode::NOT_FOUND);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_scan_resumes_from_its_last_page_after_the_server_is_killed() {
    use common::process::{free_port, start, Admin};
    let data = temp_dir("scan-resume");
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let args = ["--demo-spaces", "2", "--demo-big-folder", "12000"];
    let emulator = Emulator::new(dingtalk_emulator::Config {
        spaces: 2,
        big_folder_entries: 12_000,
        ..Default::default()
    });
    let space = emulator.space_ids()[0].clone();
    let total = tree(&emulator, &space).len() as i64;
    let url = format!("{base}/api/scans/{space}");

    let server = start(&data, port, &args);
    let admin = Admin::login(&base).await;
    let r = admin
        .http
        .post(&url)
        .header("cookie", &admin.cookie)
        .json(&serde_json::json!({ "confirm": true }))
        .send()
        .await
        .expect("an answer");
    assert_eq!(r.status(), 202);
    let s = admin
        .wait_for(&url, "60 pages", |s| {
            s["scan"]["calls"].as_i64() >= Some(60)
        })
        .await;
    assert_eq!(s["scan"]["state"], "running");
    drop(server); // SIGKILL, mid-walk

    let _server = start(&data, port, &args);
    let admin = Admin::login(&base).await;
    let after = admin.json(&url).await;
    let kept = after["scan"]["calls"].as_i64().expect("calls");
    assert!(kept >= 60, "the pages read before stay read ({kept})");
    let done = admin
        .wait_for(&url, "the resumed scan's end", |s| {
            s["scan"]["state"] != "running"
        })
        .await;
    let scan = &done["scan"];
    assert_eq!(scan["state"], "complete", "{done}");
    assert_eq!(scan["entries"].as_i64(), Some(total), "every entry, once");
    assert_eq!(scan["repeats"].as_i64(), Some(0), "no page read twice");
    assert_eq!(scan["calls"].as_i64(), Some((total + 49) / 50));
}
