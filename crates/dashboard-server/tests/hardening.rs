mod common;

use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use common::*;
use dashboard_server::config::Secret;
use dashboard_server::dingtalk::DingTalk;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

/// An upstream whose list call fails `failures` times with `status`/`code`, then succeeds.
async fn flaky(failures: usize, status: u16, code: &'static str) -> (String, Arc<AtomicUsize>) {
    let hits = Arc::new(AtomicUsize::new(0));
    let h = hits.clone();
    let app = Router::new()
        .route("/v1.0/oauth2/accessToken", post(|| async { Json(serde_json::json!({"accessToken": "tok", "expireIn": 7200})) }))
        .route(
            "/v1.0/drive/spaces",
            get(move || {
                let n = h.fetch_add(1, Ordering::SeqCst);
                async move {
                    if n < failures {
                        let body = serde_json::json!({"code": code, "message": "busy", "requestid": format!("R{n}")});
                        (StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR), Json(body))
                    } else {
                        (StatusCode::OK, Json(serde_json::json!({"spaces": []})))
                    }
                }
            }),
        );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("binds");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    (format!("http://{addr}"), hits)
}

fn client(base: &str) -> DingTalk {
    DingTalk::new(base.into(), base.into(), "k".into(), Secret::new("s"))
}

#[tokio::test]
async fn throttling_and_busy_answers_are_retried_with_backoff() {
    for (status, code) in [
        (429, "system.busy"),
        (403, "Forbidden.AccessDenied.QpsLimitForApi"),
        (503, "serviceBusy"),
        (400, "request.overlimit"),
    ] {
        let (base, hits) = flaky(2, status, code).await;
        let started = std::time::Instant::now();
        let f = client(&base)
            .forward_get("/v1.0/drive/spaces", "spaceType=org")
            .await
            .expect("answered");
        assert_eq!(f.status, StatusCode::OK, "{code}");
        assert_eq!(hits.load(Ordering::SeqCst), 3, "{code}");
        assert!(
            started.elapsed() >= std::time::Duration::from_millis(750),
            "paced: 250 ms then 500 ms"
        );
    }
}

#[tokio::test]
async fn retries_are_bounded_and_the_last_answer_is_passed_on() {
    let (base, hits) = flaky(usize::MAX, 503, "serviceBusy").await;
    let f = client(&base)
        .forward_get("/v1.0/drive/spaces", "spaceType=org")
        .await
        .expect("answered");
    assert_eq!(f.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(hits.load(Ordering::SeqCst), 3, "one call and two retries");
    assert_eq!(f.request_id.as_deref(), Some("R2"));
}

#[tokio::test]
async fn other_errors_are_not_retried() {
    let (base, hits) = flaky(usize::MAX, 403, "permissionDenied").await;
    let f = client(&base)
        .forward_get("/v1.0/drive/spaces", "spaceType=org")
        .await
        .expect("answered");
    assert_eq!(f.status, StatusCode::FORBIDDEN);
    assert_eq!(hits.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn an_unreachable_dingtalk_is_a_clear_502() {
    let f = client("http://127.0.0.1:9")
        .forward_get("/v1.0/drive/spaces", "")
        .await;
    let e = f.err().expect("an error");
    assert_eq!(e.status, StatusCode::BAD_GATEWAY);
    assert_eq!(e.code, "upstream.unreachable");
}

#[tokio::test]
async fn a_flood_of_logins_is_limited_per_client() {
    let h = harness(&["--login-attempts-per-minute", "5"]).await;
    h.emulator.clear_requests();
    let mut statuses = Vec::new();
    for _ in 0..8 {
        statuses.push(h.login("not-a-code").await);
    }
    let limited: Vec<_> = statuses
        .iter()
        .filter(|a| a.status == StatusCode::TOO_MANY_REQUESTS)
        .collect();
    assert_eq!(
        limited.len(),
        3,
        "{:?}",
        statuses.iter().map(|a| a.status).collect::<Vec<_>>()
    );
    assert!(limited
        .iter()
        .all(|a| a.code() == "login.rateLimited" && a.headers.contains_key("retry-after")));
    assert_eq!(
        h.upstream("/topapi/v2/user/getuserinfo").len(),
        5,
        "refused attempts never reach DingTalk"
    );
}

#[tokio::test]
async fn oversized_bodies_are_refused() {
    let h = harness(&[]).await;
    let big = format!(r#"{{"authCode":"{}"}}"#, "x".repeat(64 * 1024));
    let req = axum::http::Request::post("/api/login")
        .header("content-type", "application/json")
        .body(axum::body::Body::from(big))
        .expect("request");
    let a = h.send(req).await;
    assert!(
        a.status == StatusCode::PAYLOAD_TOO_LARGE || a.status == StatusCode::BAD_REQUEST,
        "{}",
        a.status
    );
    assert!(h.upstream("/topapi").is_empty());
}

#[tokio::test]
async fn behind_a_proxy_the_limit_counts_the_address_the_proxy_appended() {
    let h = harness(&["--login-attempts-per-minute", "2", "--trust-proxy"]).await;
    let attempt = |xff: &'static str| {
        let req = axum::http::Request::post("/api/login")
            .header("content-type", "application/json")
            .header("x-forwarded-for", xff)
            .body(axum::body::Body::from(r#"{"authCode":"nope"}"#))
            .expect("request");
        h.send(req)
    };
    // The client forges the first entries; the proxy's (last) entry is what counts.
    assert_eq!(
        attempt("1.1.1.1, 10.0.0.7").await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        attempt("2.2.2.2, 10.0.0.7").await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        attempt("3.3.3.3, 10.0.0.7").await.status,
        StatusCode::TOO_MANY_REQUESTS
    );
    assert_eq!(attempt("10.0.0.8").await.status, StatusCode::UNAUTHORIZED);
}
