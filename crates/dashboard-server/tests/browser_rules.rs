//! What the server asks of the browsers that call it: same-origin POSTs, uncached API
//! answers, a `__Host-` session cookie, and login attempts counted only when they could log
//! someone in.

mod common;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use common::*;
use dashboard_server::session::now_secs;

fn login_request(content_type: &str, body: &str) -> Request<Body> {
    Request::post("/api/login")
        .header(header::CONTENT_TYPE, content_type)
        .body(Body::from(body.to_owned()))
        .expect("request")
}

#[tokio::test]
async fn junk_login_bodies_are_refused_without_using_up_attempts() {
    let h = harness(&["--login-attempts-per-minute", "2"]).await;
    let long = format!(r#"{{"authCode":"{}"}}"#, "a".repeat(257));
    let junk: Vec<(&str, String)> = vec![
        ("application/json", "not json".into()),
        ("application/json", "".into()),
        ("application/json", r#"{"code":"x"}"#.into()),
        ("application/json", r#"{"authCode":""}"#.into()),
        ("application/json", r#"{"authCode":"   "}"#.into()),
        ("application/json", r#"{"authCode":"a b"}"#.into()),
        ("application/json", "{\"authCode\":\"a\\u0000b\"}".into()),
        ("application/json", r#"{"authCode":"验证码"}"#.into()),
        ("application/json", long),
        // What a cross-site form can send without a preflight.
        ("text/plain", r#"{"authCode":"demo-admin"}"#.into()),
        (
            "application/x-www-form-urlencoded",
            "authCode=demo-admin".into(),
        ),
    ];
    for _ in 0..3 {
        for (ct, body) in &junk {
            let a = h.send(login_request(ct, body)).await;
            assert_eq!(
                (a.status, a.code().as_str()),
                (StatusCode::BAD_REQUEST, "login.badRequest"),
                "{ct} {body}"
            );
        }
    }
    assert!(h.upstream("/topapi").is_empty(), "no junk reached DingTalk");
    // 33 junk requests later, the address still has both of its attempts.
    assert_eq!(h.login("demo-admin").await.status, StatusCode::OK);
    assert_eq!(h.login("not-a-code").await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        h.login("demo-admin").await.status,
        StatusCode::TOO_MANY_REQUESTS
    );
}

/// A real HTTP client: what a browser's request looks like on the wire, `Host` included.
fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client")
}

#[tokio::test]
async fn posts_from_other_origins_are_refused_before_they_count() {
    let h = harness(&["--login-attempts-per-minute", "1"]).await;
    let addr = h.listen().await;
    let session = h.admin_cookie().await;
    h.emulator.clear_requests();
    let own = format!("https://{addr}");
    let login = |origin: Option<&str>, site: Option<&str>| {
        let mut r = client()
            .post(format!("http://{addr}/api/login"))
            .header("content-type", "application/json")
            .body(r#"{"authCode":"demo-admin"}"#);
        if let Some(o) = origin {
            r = r.header("origin", o.to_owned());
        }
        if let Some(s) = site {
            r = r.header("sec-fetch-site", s.to_owned());
        }
        r.send()
    };
    for (origin, site) in [
        (Some("https://evil.example"), None),
        (Some("https://evil.example"), Some("cross-site")),
        (None, Some("cross-site")),
        (None, Some("same-site")),
        (Some("null"), None),
        // The server is reached over HTTPS (cookies are Secure): plain HTTP is not its origin.
        (Some(&*format!("http://{addr}")), None),
    ] {
        for _ in 0..3 {
            let r = login(origin, site).await.expect("answered");
            assert_eq!(r.status(), StatusCode::FORBIDDEN, "{origin:?} {site:?}");
            assert_eq!(
                r.headers()
                    .get("cache-control")
                    .and_then(|v| v.to_str().ok()),
                Some("no-store")
            );
            let body: serde_json::Value = r.json().await.expect("JSON");
            assert_eq!(body["code"], "request.crossOrigin");
            let message = body["message"].as_str().unwrap_or("");
            assert!(
                message.contains("own pages") && message.contains("Host"),
                "{message}"
            );
        }
    }
    // A cross-origin logout does not end the session either.
    let r = client()
        .post(format!("http://{addr}/api/logout"))
        .header("origin", "https://evil.example")
        .header("cookie", h.cookie_header(&session))
        .send()
        .await
        .expect("answered");
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        h.get("/api/me", Some(&session)).await.status,
        StatusCode::OK
    );
    assert!(h.upstream("/topapi").is_empty(), "nothing reached DingTalk");

    // The page's own POST: by its Origin, by Sec-Fetch-Site, or from a client that sends
    // neither. The limit of one attempt is still whole after all the refusals above.
    let r = login(Some(&own), Some("same-origin"))
        .await
        .expect("answered");
    assert_eq!(r.status(), StatusCode::OK);
    for (origin, site) in [
        (Some(own.as_str()), None),
        (
            Some("https://proxy-rewrote-host.example"),
            Some("same-origin"),
        ),
        (None, None),
    ] {
        let r = login(origin, site).await.expect("answered");
        assert_eq!(
            r.status(),
            StatusCode::TOO_MANY_REQUESTS,
            "{origin:?} {site:?}: let through to the limit"
        );
    }
}

#[tokio::test]
async fn every_api_answer_is_no_store() {
    let h = harness(&[]).await;
    let session = h.admin_cookie().await;
    let json = |uri: &str, body: &str| {
        Request::post(uri.to_owned())
            .header("content-type", "application/json")
            .body(Body::from(body.to_owned()))
            .expect("request")
    };
    let answers = vec![
        ("config", h.get("/api/config", None).await),
        ("me", h.get("/api/me", Some(&session)).await),
        ("me, no session", h.get("/api/me", None).await),
        ("unknown", h.get("/api/nope", None).await),
        (
            "spaces",
            h.get("/v1.0/drive/spaces?spaceType=org", Some(&session))
                .await,
        ),
        (
            "spaces, no session",
            h.get("/v1.0/drive/spaces", None).await,
        ),
        (
            "not forwarded",
            h.get("/v1.0/contact/users/me", Some(&session)).await,
        ),
        ("bad login", h.send(json("/api/login", "{}")).await),
        (
            "oversized body",
            h.send(json("/api/login", &"x".repeat(20 * 1024))).await,
        ),
        (
            "oversized head",
            h.send(
                Request::get("/api/me")
                    .header("cookie", "x".repeat(20 * 1024))
                    .body(Body::empty())
                    .expect("request"),
            )
            .await,
        ),
        (
            "cross-origin",
            h.send(
                Request::post("/api/logout")
                    .header("origin", "https://evil.example")
                    .body(Body::empty())
                    .expect("request"),
            )
            .await,
        ),
        ("logout", h.logout(Some(&session)).await),
    ];
    for (what, a) in &answers {
        assert_eq!(
            a.headers.get("cache-control").and_then(|v| v.to_str().ok()),
            Some("no-store"),
            "{what}: {}",
            a.status
        );
    }
}

fn set_cookie(a: &Answer) -> String {
    a.headers
        .get(header::SET_COOKIE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned()
}

#[tokio::test]
async fn the_secure_cookie_is_host_prefixed_and_the_plain_one_is_not() {
    let h = harness(&[]).await;
    let a = h.login("demo-admin").await;
    let set = set_cookie(&a);
    assert!(set.starts_with("__Host-dqd_session="), "{set}");
    // What browsers require of a __Host- cookie.
    assert!(
        set.contains("; Secure") && set.contains("; Path=/"),
        "{set}"
    );
    assert!(!set.to_ascii_lowercase().contains("domain="), "{set}");
    let session = h.session_cookie(&a).expect("a session");
    // The same value under the unprefixed name (what a sibling subdomain could plant) is not
    // read.
    let plain = Request::get("/api/me")
        .header("cookie", format!("dqd_session={session}"))
        .body(Body::empty())
        .expect("request");
    assert_eq!(h.send(plain).await.code(), "session.missing");
    let out = set_cookie(&h.logout(Some(&session)).await);
    assert!(
        out.starts_with("__Host-dqd_session=;")
            && out.contains("Max-Age=0")
            && out.contains("; Secure"),
        "{out}"
    );

    let h = harness(&["--cookie-secure", "false"]).await;
    let set = set_cookie(&h.login("demo-admin").await);
    assert!(
        set.starts_with("dqd_session=") && !set.contains("Secure"),
        "{set}"
    );
}

#[tokio::test]
async fn of_several_session_cookies_the_first_that_verifies_wins() {
    let h = harness(&[]).await;
    let good = h.admin_cookie().await;
    let now = now_secs();
    let expired = admin_session_until("00000000000000000000000000000009", now - 1);
    let name = h.cookie;
    let me = |cookies: Vec<String>| {
        let mut b = Request::get("/api/me");
        for c in cookies {
            b = b.header("cookie", c);
        }
        h.send(b.body(Body::empty()).expect("request"))
    };
    for cookies in [
        // A planted cookie ahead of ours, in one header or in several.
        vec![format!("{name}=planted; a=1; {name}={good}")],
        vec![format!("{name}=planted"), format!("{name}={good}")],
        vec![format!("{name}={expired}; {name}=x.y; {name}={good}")],
        vec![format!("{name}={good}; {name}=planted")],
    ] {
        let a = me(cookies.clone()).await;
        assert_eq!(a.status, StatusCode::OK, "{cookies:?}: {}", a.body);
        assert_eq!(a.json()["userId"], "manager4512");
    }
    // None verifies: an ended session is reported before junk, whatever the order.
    for cookies in [
        vec![format!("{name}=planted; {name}={expired}")],
        vec![format!("{name}={expired}; {name}=planted")],
    ] {
        let a = me(cookies.clone()).await;
        assert_eq!(
            (a.status, a.code().as_str()),
            (StatusCode::UNAUTHORIZED, "session.expired"),
            "{cookies:?}"
        );
    }
    let a = me(vec![format!("{name}=planted; {name}=x.y")]).await;
    assert_eq!(a.code(), "session.invalid");
}
