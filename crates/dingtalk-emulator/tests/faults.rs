//! Each injected fault looks like DingTalk misbehaving, applies the set number of times, and
//! then the emulator is well again.

mod common;

use axum::body::Body;
use axum::http::Request;
use common::*;
use dingtalk_emulator::faults::{Fault, FaultKind};
use dingtalk_emulator::Emulator;
use dingtalk_wire::{DentryType, ListDentriesResponse, ListSpacesResponse, SpaceType};
use tower::ServiceExt;

const SPACES: &str = "/v1.0/drive/spaces?unionId=demoAdminUnion01&spaceType=org&maxResults=50";

fn once(kind: FaultKind) -> Fault {
    Fault {
        kind,
        path: String::new(),
        times: Some(1),
        latency_ms: 50,
    }
}

async fn fresh() -> (Emulator, String) {
    let emu = Emulator::new(common::unpaced());
    let t = token(&emu).await;
    (emu, t)
}

#[tokio::test]
async fn status_faults_answer_once_with_the_documented_shape() {
    for (kind, status, code) in [
        (FaultKind::Busy429, 429, "system.busy"),
        (
            FaultKind::QpsLimit403,
            403,
            "Forbidden.AccessDenied.QpsLimitForApi",
        ),
        (FaultKind::SystemError500, 500, "systemError"),
        (FaultKind::ServiceBusy503, 503, "serviceBusy"),
    ] {
        let (emu, t) = fresh().await;
        emu.inject(once(kind));
        get(&emu, SPACES, Some(&t)).await.assert_error(status, code);
        assert_eq!(
            get(&emu, SPACES, Some(&t)).await.status,
            200,
            "{kind:?} applies once"
        );
    }
}

#[tokio::test]
async fn html_ban_and_truncated_bodies_are_not_json() {
    let (emu, t) = fresh().await;
    emu.inject(once(FaultKind::HtmlBan));
    let r = get(&emu, SPACES, Some(&t)).await;
    assert_eq!(r.status, 403);
    assert!(r.headers["content-type"]
        .to_str()
        .unwrap_or("")
        .starts_with("text/html"));
    assert!(serde_json::from_slice::<serde_json::Value>(&r.body).is_err());
    emu.inject(once(FaultKind::TruncatedJson));
    let r = get(&emu, SPACES, Some(&t)).await;
    assert_eq!(r.status, 200);
    assert!(serde_json::from_slice::<ListSpacesResponse>(&r.body).is_err());
}

#[tokio::test]
async fn connection_reset_breaks_the_body() {
    let (emu, t) = fresh().await;
    emu.inject(once(FaultKind::ConnectionReset));
    let req = Request::get(SPACES)
        .header("x-acs-dingtalk-access-token", &t)
        .body(Body::empty())
        .expect("request");
    let resp = emu.router().oneshot(req).await.expect("infallible");
    assert!(http_body_util::BodyExt::collect(resp.into_body())
        .await
        .is_err());
}

#[tokio::test]
async fn repeat_token_and_duplicate_item_paging() {
    let (emu, t) = fresh().await;
    let p1: ListSpacesResponse =
        serde_json::from_slice(&get(&emu, SPACES, Some(&t)).await.body).expect("page 1");
    let t1 = p1.next().expect("more pages").to_owned();
    emu.inject(once(FaultKind::RepeatToken));
    let p2: ListSpacesResponse = serde_json::from_slice(
        &get(&emu, &format!("{SPACES}&nextToken={t1}"), Some(&t))
            .await
            .body,
    )
    .expect("page 2");
    assert_eq!(p2.next(), Some(t1.as_str()), "the same token again");

    let (emu, t) = fresh().await;
    emu.inject(Fault {
        times: Some(2),
        ..once(FaultKind::DuplicateItem)
    });
    let p1: ListSpacesResponse =
        serde_json::from_slice(&get(&emu, SPACES, Some(&t)).await.body).expect("page 1");
    let t1 = p1.next().expect("more").to_owned();
    let p2: ListSpacesResponse = serde_json::from_slice(
        &get(&emu, &format!("{SPACES}&nextToken={t1}"), Some(&t))
            .await
            .body,
    )
    .expect("page 2");
    assert_eq!(
        p2.spaces.first().map(|s| &s.space_id),
        p1.spaces.last().map(|s| &s.space_id)
    );
    assert_eq!(p2.spaces.len(), 51);
}

#[tokio::test]
async fn unknown_missing_and_huge_values_still_decode() {
    let (emu, t) = fresh().await;
    let (space, _) = emu.big_folder();
    let uri = dentries_uri(&space, &[("parentId", "0")]);
    emu.inject(once(FaultKind::UnknownEnums));
    let page: ListDentriesResponse =
        serde_json::from_slice(&get(&emu, &uri, Some(&t)).await.body).expect("decodes");
    assert!(page
        .dentries
        .iter()
        .any(|d| d.kind == Some(DentryType::Unknown("SHORTCUT_V2".into()))));
    assert!(page
        .dentries
        .iter()
        .all(|d| d.status.as_ref().is_some_and(|s| s.as_str() == "ARCHIVED")));
    emu.inject(once(FaultKind::UnknownEnums));
    let spaces: ListSpacesResponse =
        serde_json::from_slice(&get(&emu, SPACES, Some(&t)).await.body).expect("decodes");
    assert!(spaces
        .spaces
        .iter()
        .all(|s| s.space_type == Some(SpaceType::Unknown("team".into()))));

    emu.inject(once(FaultKind::MissingFields));
    let spaces: ListSpacesResponse =
        serde_json::from_slice(&get(&emu, SPACES, Some(&t)).await.body).expect("decodes");
    assert!(spaces
        .spaces
        .iter()
        .all(|s| s.quota.is_none() && s.modify_time.is_none() && !s.space_id.is_empty()));

    emu.inject(once(FaultKind::HugeNumbers));
    let spaces: ListSpacesResponse =
        serde_json::from_slice(&get(&emu, SPACES, Some(&t)).await.body).expect("decodes");
    assert!(spaces
        .spaces
        .iter()
        .all(|s| s.used_quota.is_some_and(|u| u > i64::MAX - 100)));
}

#[tokio::test]
async fn expired_token_and_latency() {
    let (emu, t) = fresh().await;
    emu.inject(once(FaultKind::ExpiredToken));
    get(&emu, SPACES, Some(&t))
        .await
        .assert_error(400, "InvalidAuthentication");
    let t = token(&emu).await;
    emu.inject(Fault {
        latency_ms: 200,
        ..once(FaultKind::Latency)
    });
    let started = std::time::Instant::now();
    assert_eq!(get(&emu, SPACES, Some(&t)).await.status, 200);
    assert!(started.elapsed() >= std::time::Duration::from_millis(200));
}

#[tokio::test]
async fn the_control_endpoint_sets_and_clears_faults() {
    let (emu, t) = fresh().await;
    let r = post(
        &emu,
        "/_emulator/faults",
        "application/json",
        r#"{"kind":"busy429","path":"/v1.0/drive"}"#,
    )
    .await;
    assert_eq!(r.status, 204);
    get(&emu, SPACES, Some(&t))
        .await
        .assert_error(429, "system.busy");
    get(&emu, SPACES, Some(&t))
        .await
        .assert_error(429, "system.busy");
    let req = Request::delete("/_emulator/faults")
        .body(Body::empty())
        .expect("request");
    assert_eq!(send(&emu, req).await.status, 204);
    assert_eq!(get(&emu, SPACES, Some(&t)).await.status, 200);
    assert_eq!(FaultKind::parse("html-ban"), Some(FaultKind::HtmlBan));
    assert_eq!(FaultKind::ALL.len(), 16);
}

#[tokio::test]
async fn hostile_names_carry_the_corpus() {
    let (emu, t) = fresh().await;
    emu.inject(once(FaultKind::Hostile));
    let spaces: ListSpacesResponse =
        serde_json::from_slice(&get(&emu, SPACES, Some(&t)).await.body).expect("decodes");
    assert_eq!(
        spaces.spaces[1].space_name,
        dingtalk_emulator::hostile::PAYLOADS[1]
    );
    assert!(dingtalk_emulator::hostile::PAYLOADS.len() >= 50);
}
