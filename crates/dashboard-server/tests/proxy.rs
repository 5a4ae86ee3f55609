mod common;

use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use common::*;

#[tokio::test]
async fn lists_spaces_with_the_app_token_and_the_sessions_union_id() {
    let h = harness(&[]).await;
    let cookie = h.admin_cookie().await;
    h.emulator.clear_requests();
    let a = h
        .get(
            "/v1.0/drive/spaces?spaceType=org&maxResults=50",
            Some(&cookie),
        )
        .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    let page: dingtalk_wire::ListSpacesResponse = serde_json::from_str(&a.body).expect("decodes");
    assert_eq!(page.spaces.len(), 50);
    assert!(page.next().is_some());
    let up = h.upstream("/v1.0/drive/spaces");
    assert_eq!(up.len(), 1);
    assert!(up[0].access_token.as_deref().is_some_and(|t| !t.is_empty()));
    assert!(
        up[0].query.contains("unionId=demoAdminUnion01"),
        "{}",
        up[0].query
    );
}

#[tokio::test]
async fn union_id_is_pinned_whatever_the_client_sends() {
    // Each variant pins to the same query, which the memory of recent answers would answer
    // after the first: off, so that every one is seen as DingTalk gets it.
    let h = harness(&["--live-memory-seconds", "0"]).await;
    let cookie = h.admin_cookie().await;
    for evil in [
        "unionId=demoMemberUnion02&spaceType=org&maxResults=5",
        "spaceType=org&maxResults=5&unionId=demoMemberUnion02&unionId=demoMemberUnion02",
        "spaceType=org&maxResults=5&union%49d=demoMemberUnion02",
        "spaceType=org&maxResults=5&UNIONID=demoMemberUnion02",
        "spaceType=org&maxResults=5&unionId%3DdemoMemberUnion02",
    ] {
        h.emulator.clear_requests();
        let a = h
            .get(&format!("/v1.0/drive/spaces?{evil}"), Some(&cookie))
            .await;
        assert_eq!(a.status, StatusCode::OK, "{evil}: {}", a.body);
        let up = h.upstream("/v1.0/drive/spaces");
        assert_eq!(up.len(), 1, "{evil}");
        let q = dingtalk_wire::query::Params::parse(&up[0].query);
        let unions: Vec<_> =
            q.0.iter()
                .filter(|(k, _)| k.to_ascii_lowercase().contains("unionid"))
                .collect();
        assert_eq!(unions.len(), 1, "{evil} -> {}", up[0].query);
        assert_eq!(unions[0].1, "demoAdminUnion01", "{evil}");
    }
}

#[tokio::test]
async fn dentries_are_forwarded_and_errors_pass_through() {
    let h = harness(&[]).await;
    let cookie = h.admin_cookie().await;
    let space = h.emulator.space_ids().into_iter().next().expect("a space");
    let a = h.get(&format!("/v1.0/storage/spaces/{space}/dentries?parentId=0&maxResults=10&orderBy=NAME&order=ASC"), Some(&cookie)).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    let a = h
        .get(
            "/v1.0/storage/spaces/999999999/dentries?parentId=0",
            Some(&cookie),
        )
        .await;
    assert_eq!(
        (a.status, a.code().as_str()),
        (StatusCode::NOT_FOUND, "spaceNotExist")
    );
    assert!(a.json()["requestid"].is_string());
    let a = h
        .get(
            "/v1.0/drive/spaces?spaceType=org&maxResults=51",
            Some(&cookie),
        )
        .await;
    assert_eq!(
        (a.status, a.code().as_str()),
        (StatusCode::BAD_REQUEST, "param.error.maxresults")
    );
}

#[tokio::test]
async fn other_paths_and_methods_never_reach_dingtalk() {
    let h = harness(&[]).await;
    let cookie = h.admin_cookie().await;
    h.emulator.clear_requests();
    for path in [
        "/v1.0/oauth2/accessToken",
        "/v1.0/drive/spaces/extra",
        "/v1.0/drive/managements/spaces/query",
        "/v1.0/storage/spaces/1/dentries/2",
        "/v1.0/storage/spaces/..%2F..%2Fdrive/dentries",
        "/v1.0/storage/spaces/%2e%2e/dentries",
        "/v1.0/storage/spaces/a%5Cb/dentries",
        "/v1.0//drive/spaces",
        "/v1.0/contact/users/me",
        "/topapi/v2/user/getuserinfo",
    ] {
        let a = h.get(path, Some(&cookie)).await;
        assert!(
            a.status == StatusCode::NOT_FOUND || a.status == StatusCode::SERVICE_UNAVAILABLE,
            "{path}: {}",
            a.status
        );
    }
    for method in [Method::POST, Method::PUT, Method::DELETE] {
        let req = Request::builder()
            .method(method.clone())
            .uri("/v1.0/drive/spaces?spaceType=org&maxResults=5")
            .header("cookie", h.cookie_header(&cookie))
            .body(Body::empty())
            .expect("request");
        let a = h.send(req).await;
        assert_eq!(a.status, StatusCode::METHOD_NOT_ALLOWED, "{method}");
    }
    assert!(
        h.emulator.requests().is_empty(),
        "nothing forwarded: {:?}",
        h.emulator.requests()
    );
}

#[tokio::test]
async fn an_expired_app_token_is_refreshed_once_for_concurrent_requests() {
    let h = harness(&[]).await;
    let cookie = h.admin_cookie().await;
    assert_eq!(h.upstream("/v1.0/oauth2/accessToken").len(), 1);
    h.emulator.expire_tokens();
    let calls: Vec<_> = (0..20)
        .map(|_| {
            let (app, cookie) = (h.app.clone(), h.cookie_header(&cookie));
            tokio::spawn(async move {
                use tower::ServiceExt;
                let req = Request::get("/v1.0/drive/spaces?spaceType=org&maxResults=5")
                    .header("cookie", cookie)
                    .body(Body::empty())
                    .expect("request");
                app.oneshot(req).await.expect("infallible").status()
            })
        })
        .collect();
    for c in calls {
        assert_eq!(c.await.expect("joins"), StatusCode::OK);
    }
    assert_eq!(
        h.upstream("/v1.0/oauth2/accessToken").len(),
        2,
        "one refresh for all 20"
    );
}

#[tokio::test]
async fn security_headers_on_every_route() {
    let h = harness(&[]).await;
    for path in [
        "/",
        "/healthz",
        "/api/me",
        "/api/config",
        "/v1.0/drive/spaces",
        "/v1.0/nope",
        "/spaces/1",
    ] {
        let a = h.get(path, None).await;
        let csp = a
            .headers
            .get("content-security-policy")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        assert!(
            csp.contains("script-src 'self' 'wasm-unsafe-eval'"),
            "{path}: {csp}"
        );
        assert!(
            !csp.contains("unsafe-inline") && !csp.contains("'unsafe-eval'"),
            "{path}: {csp}"
        );
        assert!(csp.contains("frame-ancestors 'self'"), "{path}");
        assert_eq!(
            a.headers
                .get("x-content-type-options")
                .and_then(|v| v.to_str().ok()),
            Some("nosniff"),
            "{path}"
        );
        assert!(a.headers.get("referrer-policy").is_some(), "{path}");
    }
}
