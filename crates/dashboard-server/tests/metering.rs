//! What one page of the dashboard can cost the organization: DingTalk meters Drive and
//! storage calls per organization per month, so retries must not multiply. Under sustained
//! throttling or a busy DingTalk, one page the app asks for reaches DingTalk at most
//! `MAX_ATTEMPTS` times, and the app asks once per click on its retry button.

mod common;

use axum::http::StatusCode;
use common::*;
use dashboard_server::dingtalk::{MAX_ATTEMPTS, RETRY_BUDGET};
use dingtalk_emulator::faults::{Fault, FaultKind};
use std::time::{Duration, Instant};

const SPACES: &str = "/v1.0/drive/spaces?spaceType=org&maxResults=50";

struct Cost {
    fault: FaultKind,
    call: &'static str,
    status: StatusCode,
    calls: usize,
    metered: u64,
    took: Duration,
}

async fn one_page_under(fault: FaultKind, call: &'static str) -> Cost {
    let h = harness(&[]).await;
    let cookie = h.admin_cookie().await;
    let (space, folder) = h.emulator.big_folder();
    let (uri, prefix) = if call == "spaces" {
        (SPACES.to_owned(), "/v1.0/drive/spaces".to_owned())
    } else {
        let prefix = format!("/v1.0/storage/spaces/{space}/dentries");
        (format!("{prefix}?parentId={folder}&maxResults=50"), prefix)
    };
    h.emulator.clear_requests();
    h.emulator.inject(Fault::always(fault));
    let started = Instant::now();
    let a = h.get(&uri, Some(&cookie)).await;
    Cost {
        fault,
        call,
        status: a.status,
        calls: h.upstream(&prefix).len(),
        metered: h.emulator.metered_calls(),
        took: started.elapsed(),
    }
}

#[tokio::test]
async fn one_page_costs_a_bounded_number_of_calls_under_sustained_throttling() {
    let runs: Vec<_> = [
        FaultKind::Busy429,
        FaultKind::QpsLimit403,
        FaultKind::ServiceBusy503,
    ]
    .into_iter()
    .flat_map(|f| ["spaces", "dentries"].map(|c| tokio::spawn(one_page_under(f, c))))
    .collect();
    println!("one page under a sustained fault (at most {MAX_ATTEMPTS} DingTalk calls, waits within {RETRY_BUDGET:?}):");
    for run in runs {
        let c = run.await.expect("runs");
        println!(
            "  {:<16} {:<8} -> HTTP {}, {} DingTalk calls, {} metered, {:.1} s",
            format!("{:?}", c.fault),
            c.call,
            c.status.as_u16(),
            c.calls,
            c.metered,
            c.took.as_secs_f64()
        );
        assert!(c.status.is_client_error() || c.status.is_server_error());
        assert_eq!(c.calls, MAX_ATTEMPTS as usize, "{:?} {}", c.fault, c.call);
        // Each retry waits for a later one-second window: 1 s, then 2 s.
        assert!(
            c.took >= Duration::from_secs(3),
            "{:?}: {:?}",
            c.fault,
            c.took
        );
        assert!(
            c.took < RETRY_BUDGET + Duration::from_secs(5),
            "{:?}",
            c.took
        );
        // Calls refused by throttling are not billed; a busy DingTalk's are.
        let billed = if c.fault == FaultKind::ServiceBusy503 {
            c.calls as u64
        } else {
            0
        };
        assert_eq!(c.metered, billed, "{:?}", c.fault);
    }
}

#[tokio::test]
async fn a_page_that_succeeds_is_metered_once() {
    let h = harness(&[]).await;
    let cookie = h.admin_cookie().await;
    h.emulator.clear_requests();
    assert_eq!(h.get(SPACES, Some(&cookie)).await.status, StatusCode::OK);
    assert_eq!(h.emulator.metered_calls(), 1);
}
