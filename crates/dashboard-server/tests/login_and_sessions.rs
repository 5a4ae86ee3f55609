mod common;

use axum::http::{header, StatusCode};
use common::*;
use dashboard_server::session::now_secs;
use dashboard_server::session::Session;

#[tokio::test]
async fn admin_logs_in_and_gets_an_httponly_session() {
    let h = harness(&[]).await;
    let a = h.login("demo-admin").await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    let set = a
        .headers
        .get(header::SET_COOKIE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    assert!(
        set.contains("HttpOnly") && set.contains("SameSite=Lax") && set.contains("Secure"),
        "{set}"
    );
    assert_eq!(a.json()["name"], "王芳");
    assert_eq!(a.json()["admin"], true);
    // The body carries no token of any kind.
    assert!(
        !a.body.contains("accessToken") && !a.body.contains("unionId"),
        "{}",
        a.body
    );
    let cookie = h.session_cookie(&a).expect("cookie");
    let me = h.get("/api/me", Some(&cookie)).await;
    assert_eq!(me.status, StatusCode::OK);
    assert_eq!(me.json()["userId"], "manager4512");
}

#[tokio::test]
async fn non_admins_are_refused_unless_allowed() {
    let h = harness(&[]).await;
    let a = h.login("demo-member").await;
    assert_eq!(a.status, StatusCode::FORBIDDEN);
    assert_eq!(a.code(), "login.notAdmin");
    assert!(a.headers.get(header::SET_COOKIE).is_none());
    let h = harness(&["--allow-non-admins"]).await;
    let a = h.login("demo-member").await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    assert_eq!(a.json()["admin"], false);
}

#[tokio::test]
async fn bad_codes_and_bodies_are_refused() {
    let h = harness(&[]).await;
    let a = h.login("not-a-code").await;
    assert_eq!(
        (a.status, a.code().as_str()),
        (StatusCode::UNAUTHORIZED, "login.invalidCode")
    );
    let a = h.login("").await;
    assert_eq!(
        (a.status, a.code().as_str()),
        (StatusCode::BAD_REQUEST, "login.badRequest")
    );
    let req = axum::http::Request::post("/api/login")
        .body(axum::body::Body::from("code=x"))
        .expect("request");
    let a = h.send(req).await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn forged_tampered_and_expired_sessions_are_refused_without_upstream_calls() {
    let h = harness(&[]).await;
    let good = h.admin_cookie().await;
    h.emulator.clear_requests();
    let now = now_secs();
    let expired = admin_session_until("00000000000000000000000000000001", now - 1);
    let (body, sig) = good.split_once('.').expect("two parts");
    let tampered = format!("{}A.{sig}", body);
    let forged = dashboard_server::session::SessionKey::new(b"another key entirely, 32+ chars!!")
        .sign(&Session {
            sid: "00000000000000000000000000000002".into(),
            uid: "boss".into(),
            union_id: "bossUnion".into(),
            name: "x".into(),
            admin: true,
            iat: now,
            exp: now + 999,
        });
    for (cookie, code) in [
        (None, "session.missing"),
        (Some(expired.as_str()), "session.expired"),
        (Some(tampered.as_str()), "session.invalid"),
        (Some(forged.as_str()), "session.invalid"),
        (Some("garbage"), "session.invalid"),
    ] {
        let a = h
            .get("/v1.0/drive/spaces?spaceType=org&maxResults=50", cookie)
            .await;
        assert_eq!(
            (a.status, a.code().as_str()),
            (StatusCode::UNAUTHORIZED, code),
            "{cookie:?}"
        );
        let me = h.get("/api/me", cookie).await;
        assert_eq!(me.status, StatusCode::UNAUTHORIZED);
    }
    assert!(
        h.upstream("/v1.0/").is_empty(),
        "nothing forwarded: {:?}",
        h.upstream("/v1.0/")
    );
}

#[tokio::test]
async fn logout_clears_the_cookie() {
    let h = harness(&[]).await;
    let req = axum::http::Request::post("/api/logout")
        .body(axum::body::Body::empty())
        .expect("request");
    let a = h.send(req).await;
    assert_eq!(a.status, StatusCode::NO_CONTENT);
    let set = a
        .headers
        .get(header::SET_COOKIE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    assert!(set.contains("Max-Age=0"), "{set}");
}

#[tokio::test]
async fn a_session_replayed_after_logout_is_refused_and_the_users_others_stay_valid() {
    let h = harness(&[]).await;
    // The same admin on two devices: two sessions.
    let first = h.admin_cookie().await;
    let second = h.admin_cookie().await;
    assert_ne!(first, second);
    let spaces = "/v1.0/drive/spaces?spaceType=org&maxResults=50";
    let a = h.get(spaces, Some(&first)).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);

    let out = h.logout(Some(&first)).await;
    assert_eq!(out.status, StatusCode::NO_CONTENT);
    h.emulator.clear_requests();
    // The old cookie, replayed (stolen, or left in another tab): refused as an ended session.
    let space = h.emulator.space_ids().into_iter().next().expect("a space");
    for uri in [
        spaces.to_owned(),
        format!("/v1.0/storage/spaces/{space}/dentries?parentId=0"),
        "/api/me".to_owned(),
    ] {
        let a = h.get(&uri, Some(&first)).await;
        assert_eq!(
            (a.status, a.code().as_str()),
            (StatusCode::UNAUTHORIZED, "session.expired"),
            "{uri}: {}",
            a.body
        );
        assert!(a.json()["message"]
            .as_str()
            .is_some_and(|m| m.contains("logging out")));
    }
    assert!(
        h.upstream("/v1.0/").is_empty(),
        "nothing forwarded: {:?}",
        h.upstream("/v1.0/")
    );
    // Logging out again with it changes nothing.
    assert_eq!(h.logout(Some(&first)).await.status, StatusCode::NO_CONTENT);
    assert_eq!(
        h.get(spaces, Some(&first)).await.status,
        StatusCode::UNAUTHORIZED
    );

    // The other session of the same user is untouched (a request not made before, so that
    // it reaches DingTalk rather than the memory of the user's recent answers).
    let a = h
        .get(
            "/v1.0/drive/spaces?spaceType=org&maxResults=49",
            Some(&second),
        )
        .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    assert_eq!(h.upstream("/v1.0/drive/spaces").len(), 1);
    let me = h.get("/api/me", Some(&second)).await;
    assert_eq!(me.json()["userId"], "manager4512");
}

#[tokio::test]
async fn config_and_health_are_public_and_secret_free() {
    let h = harness(&[]).await;
    let c = h.get("/api/config", None).await;
    assert_eq!(c.status, StatusCode::OK);
    assert_eq!(c.json()["corpId"], dingtalk_emulator::DEMO_CORP_ID);
    assert_eq!(c.json()["clientId"], "demo-app-key");
    assert!(!c.body.contains("demo-app-secret") && !c.body.contains(SECRET));
    assert_eq!(c.json()["demo"], false);
    assert!(c.json().get("demoCodes").is_none());
    let hz = h.get("/healthz", None).await;
    assert_eq!((hz.status, hz.body.as_str()), (StatusCode::OK, "ok"));
}
