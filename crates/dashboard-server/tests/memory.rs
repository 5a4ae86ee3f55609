//! Live answers are remembered a short while per user: the same folder page asked again
//! (back, forward, sorting back and forth, a reload) costs no DingTalk call, another user's
//! request never gets it, errors are always asked again, and a folder page's header costs
//! one single-space call, not a listing of every space.

mod common;

use axum::http::{header, StatusCode};
use common::*;
use dingtalk_emulator::faults::{Fault, FaultKind};

fn calls(a: &Answer) -> Option<String> {
    let v = a.headers.get(dingtalk_wire::CALLS_HEADER)?;
    Some(v.to_str().ok()?.to_owned())
}

#[tokio::test]
async fn the_same_request_within_the_window_costs_no_call() {
    let h = harness(&["--allow-non-admins"]).await;
    let admin = h.admin_cookie().await;
    let (space, folder) = h.emulator.big_folder();
    let prefix = format!("/v1.0/storage/spaces/{space}/dentries");
    let by = |order: &str| format!("{prefix}?parentId={folder}&maxResults=50&orderBy={order}");
    h.emulator.clear_requests();

    let first = h.get(&by("NAME"), Some(&admin)).await;
    assert_eq!(first.status, StatusCode::OK);
    assert!(calls(&first).is_some(), "a call says what it cost");
    assert!(first.headers.get(header::AGE).is_none());
    // Sorting by another column and back, and the first page again.
    let other = h.get(&by("MODIFIED_TIME"), Some(&admin)).await;
    let again = h.get(&by("NAME"), Some(&admin)).await;
    assert_eq!(
        (other.status, again.status),
        (StatusCode::OK, StatusCode::OK)
    );
    assert_eq!(again.body, first.body, "the same answer");
    assert!(
        calls(&again).is_none(),
        "an answer from memory cost nothing"
    );
    assert!(again.headers.get(header::AGE).is_some());
    assert_eq!(
        again
            .headers
            .get(header::CONTENT_TYPE)
            .map(|v| v.as_bytes()),
        Some(&b"application/json"[..])
    );
    assert_eq!(
        h.upstream(&prefix).len(),
        2,
        "NAME once, MODIFIED_TIME once"
    );

    // Another user's same request is asked for them, under their own unionId.
    let member = h.login(dingtalk_emulator::DEMO_MEMBER_CODE).await;
    let member = h.session_cookie(&member).expect("member session");
    h.get(&by("NAME"), Some(&member)).await;
    let seen = h.upstream(&prefix);
    assert_eq!(seen.len(), 3);
    assert!(seen[2].query.contains(&format!(
        "unionId={}",
        dingtalk_emulator::DEMO_MEMBER_UNION_ID
    )));
}

#[tokio::test]
async fn errors_are_asked_again() {
    let h = harness(&[]).await;
    let admin = h.admin_cookie().await;
    let uri = "/v1.0/drive/spaces?spaceType=org&maxResults=50";
    h.emulator.inject(Fault {
        times: Some(1),
        ..Fault::always(FaultKind::SystemError500)
    });
    h.emulator.clear_requests();
    let failed = h.get(uri, Some(&admin)).await;
    assert_eq!(failed.status, StatusCode::INTERNAL_SERVER_ERROR);
    let retried = h.get(uri, Some(&admin)).await;
    assert_eq!(retried.status, StatusCode::OK);
    let remembered = h.get(uri, Some(&admin)).await;
    assert_eq!(remembered.body, retried.body);
    assert_eq!(
        h.upstream("/v1.0/drive/spaces").len(),
        2,
        "the failure and its retry reached DingTalk; the third came from memory"
    );
}

#[tokio::test]
async fn a_zero_window_remembers_nothing() {
    let h = harness(&["--live-memory-seconds", "0"]).await;
    let admin = h.admin_cookie().await;
    let uri = "/v1.0/drive/spaces?spaceType=org&maxResults=50";
    h.emulator.clear_requests();
    for _ in 0..3 {
        assert_eq!(h.get(uri, Some(&admin)).await.status, StatusCode::OK);
    }
    assert_eq!(h.upstream("/v1.0/drive/spaces").len(), 3);
}

#[tokio::test]
async fn a_space_is_one_call_under_the_users_own_union_id() {
    let h = harness(&["--allow-non-admins"]).await;
    let member = h.login(dingtalk_emulator::DEMO_MEMBER_CODE).await;
    let member = h.session_cookie(&member).expect("member session");
    let (space, _) = h.emulator.big_folder();
    h.emulator.clear_requests();
    // A smuggled unionId is replaced by the session's.
    let uri = format!("/v1.0/storage/spaces/{space}?unionId=demoAdminUnion01");
    let a = h.get(&uri, Some(&member)).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    let got: dingtalk_wire::GetSpaceResponse = serde_json::from_str(&a.body).expect("a space");
    assert_eq!(got.space.id, space);
    assert!(got.space.quota.is_some() && got.space.used_quota.is_some());
    let seen = h.upstream(&format!("/v1.0/storage/spaces/{space}"));
    assert_eq!(seen.len(), 1);
    assert_eq!(
        seen[0].query,
        format!("unionId={}", dingtalk_emulator::DEMO_MEMBER_UNION_ID)
    );
    assert_eq!(h.upstream("/v1.0/drive/spaces").len(), 0, "no listing");
    assert!(calls(&a).is_some_and(|c| c.starts_with("1 ")), "metered");

    let missing = h.get("/v1.0/storage/spaces/999999999", Some(&member)).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert_eq!(missing.code(), "spaceNotExist");
    let bad = h.get("/v1.0/storage/spaces/a%2Fb", Some(&member)).await;
    assert_eq!(bad.status, StatusCode::NOT_FOUND);
    assert_eq!(
        h.get(&uri, None).await.status,
        StatusCode::UNAUTHORIZED,
        "no session, no call"
    );
}
