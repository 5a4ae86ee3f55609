//! The app token and the code-to-user exchange.

mod common;

use common::{post, token};
use dingtalk_emulator::{Emulator, DEMO_ADMIN_CODE, DEMO_MEMBER_CODE};
use dingtalk_wire::auth::{AccessTokenResponse, UserInfoResponse};

const TOKEN_PATH: &str = "/v1.0/oauth2/accessToken";
const JSON: &str = "application/json";
const FORM: &str = "application/x-www-form-urlencoded";

#[tokio::test]
async fn the_same_token_is_returned_while_valid() {
    let emu = Emulator::new(common::unpaced());
    let body = r#"{"appKey":"demo-app-key","appSecret":"demo-app-secret"}"#;
    let a: AccessTokenResponse =
        serde_json::from_slice(&post(&emu, TOKEN_PATH, JSON, body).await.body).expect("a");
    let b: AccessTokenResponse =
        serde_json::from_slice(&post(&emu, TOKEN_PATH, JSON, body).await.body).expect("b");
    assert_eq!(a.access_token, b.access_token);
    assert_eq!(a.expire_in, 7200);
    assert!(b.expire_in <= 7200 && b.expire_in > 7000, "{}", b.expire_in);
    assert_eq!(a.access_token.len(), 32);
    assert!(a.access_token.bytes().all(|c| c.is_ascii_hexdigit()));
    emu.expire_tokens();
    let c: AccessTokenResponse =
        serde_json::from_slice(&post(&emu, TOKEN_PATH, JSON, body).await.body).expect("c");
    assert_ne!(c.access_token, a.access_token);
    assert_eq!(c.expire_in, 7200);
}

#[tokio::test]
async fn wrong_credentials_are_refused() {
    let emu = Emulator::new(common::unpaced());
    for (body, code) in [
        (
            r#"{"appKey":"demo-app-key","appSecret":"wrong"}"#,
            "invalidClientIdOrSecret",
        ),
        (
            r#"{"appKey":"other","appSecret":"demo-app-secret"}"#,
            "invalidClientIdOrSecret",
        ),
        (r#"{"appSecret":"demo-app-secret"}"#, "MissingappKey"),
        (r#"{"appKey":"demo-app-key"}"#, "MissingappSecret"),
        ("not json", "MissingappKey"),
        ("", "MissingappKey"),
        (r#"{"appKey":1,"appSecret":[]}"#, "MissingappKey"),
    ] {
        post(&emu, TOKEN_PATH, JSON, body)
            .await
            .assert_error(400, code);
    }
}

async fn user_info(
    emu: &Emulator,
    token: &str,
    content_type: &str,
    body: &str,
) -> UserInfoResponse {
    let uri = format!("/topapi/v2/user/getuserinfo?access_token={token}");
    let r = post(emu, &uri, content_type, body).await;
    assert_eq!(r.status, 200, "oapi answers errors with HTTP 200");
    serde_json::from_slice(&r.body).expect("oapi body")
}

#[tokio::test]
async fn demo_codes_log_in_the_demo_users() {
    let emu = Emulator::new(common::unpaced());
    let t = token(&emu).await;
    for _ in 0..2 {
        let admin = user_info(&emu, &t, FORM, &format!("code={DEMO_ADMIN_CODE}")).await;
        assert_eq!((admin.errcode, admin.errmsg.as_str()), (0, "ok"));
        assert!(admin.request_id.is_some());
        let u = admin.result.expect("result");
        assert_eq!(
            (u.userid.as_str(), u.unionid.as_str(), u.name.as_str()),
            ("manager4512", "demoAdminUnion01", "王芳")
        );
        assert!(u.sys && u.sys_level == Some(1) && u.is_admin());
    }
    let member = user_info(
        &emu,
        &t,
        JSON,
        &format!(r#"{{"code":"{DEMO_MEMBER_CODE}"}}"#),
    )
    .await;
    let u = member.result.expect("result");
    assert_eq!(
        (u.unionid.as_str(), u.name.as_str()),
        ("demoMemberUnion02", "李雷")
    );
    assert!(!u.sys && u.sys_level == Some(0) && !u.is_admin());
}

#[tokio::test]
async fn unknown_codes_and_bad_tokens_get_errcodes() {
    let emu = Emulator::new(common::unpaced());
    let t = token(&emu).await;
    let r = user_info(&emu, &t, FORM, "code=expired-or-made-up").await;
    assert_eq!(
        (r.errcode, r.errmsg.as_str()),
        (40078, "不存在的临时授权码")
    );
    assert!(r.result.is_none());
    let r = user_info(&emu, &t, FORM, "").await;
    assert_ne!(r.errcode, 0);
    let r = user_info(&emu, &t, JSON, "{not json").await;
    assert_ne!(r.errcode, 0);
    let r = user_info(&emu, "wrong", FORM, "code=demo-admin").await;
    assert_eq!((r.errcode, r.errmsg.as_str()), (88, "invalid access_token"));
    emu.expire_tokens();
    let r = user_info(&emu, &t, FORM, "code=demo-admin").await;
    assert_eq!(r.errcode, 88);
    let raw = post(&emu, "/topapi/v2/user/getuserinfo", FORM, "code=demo-admin")
        .await
        .json();
    assert_eq!(raw["errcode"], 88);
    assert!(raw.get("result").is_none());
}
