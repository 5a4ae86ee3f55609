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
    (serve_upstream(app).await, hits)
}

async fn client(base: &str) -> DingTalk {
    let gateway = common::gateway(2000).await;
    DingTalk::new(
        base.into(),
        base.into(),
        "k".into(),
        Secret::new("s"),
        gateway,
    )
}

#[tokio::test]
async fn throttling_and_busy_answers_are_retried_in_later_windows() {
    let cases = [
        (429, "system.busy"),
        (403, "Forbidden.AccessDenied.QpsLimitForApi"),
        (503, "serviceBusy"),
        (400, "request.overlimit"),
    ];
    let runs = cases.map(|(status, code)| {
        tokio::spawn(async move {
            let (base, hits) = flaky(2, status, code).await;
            let started = std::time::Instant::now();
            let f = client(&base)
                .await
                .forward_get("/v1.0/drive/spaces", "spaceType=org")
                .await
                .expect("answered");
            assert_eq!(f.status, StatusCode::OK, "{code}");
            assert_eq!(hits.load(Ordering::SeqCst), 3, "{code}");
            assert!(
                started.elapsed() >= std::time::Duration::from_secs(3),
                "{code}: paced 1 s then 2 s, each retry in a later one-second window"
            );
        })
    });
    for run in runs {
        run.await.expect("passes");
    }
}

#[tokio::test]
async fn retries_are_bounded_and_the_last_answer_is_passed_on() {
    let (base, hits) = flaky(usize::MAX, 503, "serviceBusy").await;
    let f = client(&base)
        .await
        .forward_get("/v1.0/drive/spaces", "spaceType=org")
        .await
        .expect("answered");
    assert_eq!(f.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(
        hits.load(Ordering::SeqCst),
        dashboard_server::dingtalk::MAX_ATTEMPTS as usize
    );
    assert_eq!(
        f.request_id.as_ref().and_then(|v| v.to_str().ok()),
        Some("R2")
    );
}

#[tokio::test]
async fn other_errors_are_not_retried() {
    let (base, hits) = flaky(usize::MAX, 403, "permissionDenied").await;
    let f = client(&base)
        .await
        .forward_get("/v1.0/drive/spaces", "spaceType=org")
        .await
        .expect("answered");
    assert_eq!(f.status, StatusCode::FORBIDDEN);
    assert_eq!(hits.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn an_unreachable_dingtalk_is_a_clear_502() {
    let f = client("http://127.0.0.1:9")
        .await
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
    // Declared too large: refused before the body is read, with the security headers too.
    let declared = "x".repeat(20 * 1024);
    let req = axum::http::Request::post("/api/login")
        .header("content-type", "application/json")
        .header("content-length", declared.len())
        .body(axum::body::Body::from(declared))
        .expect("request");
    let a = h.send(req).await;
    assert_eq!(a.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(
        a.headers.contains_key("content-security-policy")
            && a.headers.contains_key("x-content-type-options"),
        "{:?}",
        a.headers
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

/// A valid session cookie padded to `size` bytes with other cookies, as a browser would send
/// a bloated cookie jar.
fn padded_cookie(h: &Harness, session: &str, size: usize) -> String {
    let mut c = format!("{}; junk=", h.cookie_header(session));
    let pad = size.saturating_sub(c.len());
    c.push_str(&"x".repeat(pad));
    c
}

#[tokio::test]
async fn oversized_headers_and_uris_are_refused_before_any_route() {
    let h = harness(&[]).await;
    let session = h.admin_cookie().await;
    h.emulator.clear_requests();
    let spaces = "/v1.0/drive/spaces?spaceType=org&maxResults=50";

    // A 64 KB cookie, with a valid session in it.
    let req = axum::http::Request::get(spaces)
        .header("cookie", padded_cookie(&h, &session, 64 * 1024))
        .body(axum::body::Body::empty())
        .expect("request");
    let a = h.send(req).await;
    assert_eq!(
        (a.status, a.code().as_str()),
        (
            StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
            "request.headersTooLarge"
        ),
        "{}",
        a.body
    );
    assert!(a.headers.contains_key("content-security-policy"));

    // 200 small headers: few bytes, too many lines.
    let mut b = axum::http::Request::get(spaces).header("cookie", h.cookie_header(&session));
    for i in 0..200 {
        b = b.header(format!("x-h{i}"), "1");
    }
    let a = h
        .send(b.body(axum::body::Body::empty()).expect("request"))
        .await;
    assert_eq!(a.status, StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE);

    // A 20 KB query on a whitelisted call.
    let long = format!("{spaces}&nextToken={}", "a".repeat(20 * 1024));
    let a = h.get(&long, Some(&session)).await;
    assert_eq!(
        (a.status, a.code().as_str()),
        (StatusCode::URI_TOO_LONG, "request.uriTooLong"),
        "{}",
        a.body
    );
    // Refused before login, too.
    let req = axum::http::Request::post("/api/login")
        .header("content-type", "application/json")
        .header("cookie", padded_cookie(&h, "x", 20 * 1024))
        .body(axum::body::Body::from(r#"{"authCode":"demo-admin"}"#))
        .expect("request");
    assert_eq!(
        h.send(req).await.status,
        StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE
    );
    assert!(
        h.emulator.requests().is_empty(),
        "nothing reached DingTalk: {:?}",
        h.emulator.requests()
    );

    // Just under the limits, the same call goes through.
    let req = axum::http::Request::get(spaces)
        .header("cookie", padded_cookie(&h, &session, 15 * 1024))
        .body(axum::body::Body::empty())
        .expect("request");
    assert_eq!(h.send(req).await.status, StatusCode::OK);
}

#[tokio::test]
async fn oversized_heads_are_refused_on_the_wire_too() {
    // Through axum::serve, as deployed: hyper takes a 64 KB cookie and a 20 KB URI (its own
    // limits are ~400 KB and 64 KB), so the server's limits answer; hyper refuses >100 headers
    // itself.
    let h = harness(&[]).await;
    let session = h.admin_cookie().await;
    h.emulator.clear_requests();
    let addr = h.listen().await;
    let spaces = "/v1.0/drive/spaces?spaceType=org&maxResults=50";

    let cookie = padded_cookie(&h, &session, 64 * 1024);
    let (status, body) = raw_http(
        addr,
        &format!("GET {spaces} HTTP/1.1\r\nhost: x\r\ncookie: {cookie}"),
    )
    .await
    .expect("an answer");
    assert_eq!(status, 431, "{body}");
    assert!(body.contains("request.headersTooLarge"), "{body}");

    let (status, body) = raw_http(
        addr,
        &format!(
            "GET {spaces}&nextToken={} HTTP/1.1\r\nhost: x\r\ncookie: {}",
            "a".repeat(20 * 1024),
            h.cookie_header(&session)
        ),
    )
    .await
    .expect("an answer");
    assert_eq!(status, 414, "{body}");
    assert!(body.contains("request.uriTooLong"), "{body}");

    let many: String = (0..200).map(|i| format!("\r\nx-h{i}: 1")).collect();
    let (status, _) = raw_http(
        addr,
        &format!(
            "GET {spaces} HTTP/1.1\r\nhost: x\r\ncookie: {}{many}",
            h.cookie_header(&session)
        ),
    )
    .await
    .expect("an answer");
    assert_eq!(status, 431);

    // A normal request on the same server is answered.
    let (status, body) = raw_http(
        addr,
        &format!(
            "GET {spaces} HTTP/1.1\r\nhost: x\r\ncookie: {}",
            h.cookie_header(&session)
        ),
    )
    .await
    .expect("an answer");
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        h.upstream("/v1.0/").len(),
        1,
        "only the normal request reached DingTalk"
    );
}
