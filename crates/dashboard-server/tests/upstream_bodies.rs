//! What the browser gets when DingTalk's answer is not the JSON it should be, and DingTalk
//! answering with a redirect.

mod common;

use axum::http::StatusCode;
use axum::routing::{get, post};
use common::*;
use dingtalk_emulator::faults::{Fault, FaultKind};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

const SPACES: &str = "/v1.0/drive/spaces?spaceType=org&maxResults=50";

fn assert_own_json(a: &Answer, what: &str) {
    assert_eq!(
        a.headers.get("content-type").and_then(|v| v.to_str().ok()),
        Some("application/json"),
        "{what}"
    );
    assert!(
        !a.body.contains('<'),
        "{what}: DingTalk's text passed on: {}",
        a.body
    );
    assert_eq!(
        a.headers.get("cache-control").and_then(|v| v.to_str().ok()),
        Some("no-store"),
        "{what}"
    );
}

/// DingTalk's status, content type and body; what the browser gets: status and code.
type Case = (
    u16,
    Option<&'static str>,
    &'static [u8],
    StatusCode,
    &'static str,
);

#[tokio::test]
async fn bodies_that_are_not_json_become_the_servers_own_json_error() {
    let ban =
        b"<!DOCTYPE html><html><body><h1>Access Denied</h1><script>alert(1)</script></body></html>";
    let cases: &[Case] = &[
        // An IP ban: an HTML page with DingTalk's error status.
        (
            403,
            Some("text/html"),
            ban,
            StatusCode::FORBIDDEN,
            "upstream.unreadable",
        ),
        // A gateway's empty error, and a throttling text: the status (which says whether
        // DingTalk throttled) is kept.
        (
            502,
            None,
            b"",
            StatusCode::BAD_GATEWAY,
            "upstream.unreadable",
        ),
        (
            429,
            Some("text/plain"),
            b"slow down",
            StatusCode::TOO_MANY_REQUESTS,
            "upstream.unreadable",
        ),
        // JSON, but not DingTalk's error shape.
        (
            403,
            Some("application/json"),
            br#"{"error":"banned"}"#,
            StatusCode::FORBIDDEN,
            "upstream.unreadable",
        ),
        // A success whose body is cut off, empty, or HTML.
        (
            200,
            Some("application/json"),
            br#"{"spaces":[{"spaceId":"1","#,
            StatusCode::BAD_GATEWAY,
            "upstream.malformed",
        ),
        (
            200,
            None,
            b"",
            StatusCode::BAD_GATEWAY,
            "upstream.malformed",
        ),
        (
            200,
            Some("text/html"),
            ban,
            StatusCode::BAD_GATEWAY,
            "upstream.malformed",
        ),
        // A redirect is no answer to a list call.
        (
            302,
            Some("text/html"),
            b"<a href=/elsewhere>moved</a>",
            StatusCode::BAD_GATEWAY,
            "upstream.unreadable",
        ),
    ];
    for &(status, ct, body, want, code) in cases {
        let what = format!("{status} {ct:?} {:?}", String::from_utf8_lossy(body));
        let base = scripted_upstream(status, ct, body).await;
        let h = harness_upstream(&base, &[]).await;
        let a = h.get(SPACES, Some(&admin_session())).await;
        assert_eq!(
            (a.status, a.code().as_str()),
            (want, code),
            "{what}: {}",
            a.body
        );
        assert_own_json(&a, &what);
        assert_eq!(a.json()["requestid"], "R1", "{what}");
        let message = a.json()["message"].as_str().unwrap_or("").to_owned();
        assert!(
            message.contains(&format!("HTTP {status}")) && message.contains("bytes"),
            "{what}: {message}"
        );
    }
}

#[tokio::test]
async fn good_answers_pass_with_our_content_type_whatever_dingtalk_said() {
    for (status, ct, body, code) in [
        (200, Some("text/html"), &br#"{"spaces":[]}"#[..], ""),
        (
            404,
            Some("text/plain"),
            br#"{"code":"spaceNotExist","message":"gone","requestid":"Q"}"#,
            "spaceNotExist",
        ),
    ] {
        let base = scripted_upstream(status, ct, body).await;
        let h = harness_upstream(&base, &[]).await;
        let a = h.get(SPACES, Some(&admin_session())).await;
        assert_eq!(a.status.as_u16(), status);
        assert_eq!(a.body.as_bytes(), body, "passed on as it came");
        assert_eq!(a.code(), code);
        assert_own_json(&a, &format!("{status}"));
    }
}

#[tokio::test]
async fn the_emulators_ban_page_and_cut_off_json_are_explained() {
    // The same request again and again, each to reach DingTalk: no memory of answers.
    let h = harness(&["--live-memory-seconds", "0"]).await;
    let cookie = h.admin_cookie().await;
    for (kind, want, code) in [
        (
            FaultKind::HtmlBan,
            StatusCode::FORBIDDEN,
            "upstream.unreadable",
        ),
        (
            FaultKind::TruncatedJson,
            StatusCode::BAD_GATEWAY,
            "upstream.malformed",
        ),
    ] {
        h.emulator.inject(Fault {
            times: Some(1),
            ..Fault::always(kind)
        });
        let a = h.get(SPACES, Some(&cookie)).await;
        assert_eq!(
            (a.status, a.code().as_str()),
            (want, code),
            "{kind:?}: {}",
            a.body
        );
        assert_own_json(&a, &format!("{kind:?}"));
        // The next call, without the fault, is DingTalk's own answer.
        assert_eq!(h.get(SPACES, Some(&cookie)).await.status, StatusCode::OK);
    }
}

/// A stand-in whose `redirecting` call answers `307` to a trap that counts what reaches it.
async fn redirecting(redirecting: &'static str) -> (String, Arc<AtomicUsize>) {
    let trapped = Arc::new(AtomicUsize::new(0));
    let t = trapped.clone();
    let trap = serve_upstream(axum::Router::new().fallback(move || {
        t.fetch_add(1, Ordering::SeqCst);
        async { "{}" }
    }))
    .await;
    let redirect = move || {
        let to = format!("{trap}/stolen?access_token=leaked");
        async move { (StatusCode::TEMPORARY_REDIRECT, [("location", to)]) }
    };
    let token =
        || async { axum::Json(serde_json::json!({"accessToken": "tok", "expireIn": 7200})) };
    let mut app = axum::Router::new();
    app = if redirecting == "accessToken" {
        app.route("/v1.0/oauth2/accessToken", post(redirect))
    } else {
        app.route("/v1.0/oauth2/accessToken", post(token))
            .route("/topapi/v2/user/getuserinfo", post(redirect))
    };
    let app = app.route("/v1.0/drive/spaces", get(|| async { "{}" }));
    (serve_upstream(app).await, trapped)
}

#[tokio::test]
async fn the_token_and_login_calls_follow_no_redirect() {
    for call in ["accessToken", "getuserinfo"] {
        let (base, trapped) = redirecting(call).await;
        let h = harness_upstream(&base, &[]).await;
        let a = h.login("a-code").await;
        assert_eq!(
            (a.status, a.code().as_str()),
            (StatusCode::BAD_GATEWAY, "upstream.redirected"),
            "{call}: {}",
            a.body
        );
        let message = a.json()["message"].as_str().unwrap_or("").to_owned();
        assert!(
            message.contains(call) && message.contains("DINGTALK_API_BASE"),
            "{message}"
        );
        assert!(!message.contains("leaked"), "{message}");
        assert_eq!(
            trapped.load(Ordering::SeqCst),
            0,
            "{call}: the redirect was followed"
        );
    }
}
