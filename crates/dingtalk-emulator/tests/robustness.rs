//! Odd input never panics and never gets a 5xx: the emulator answers everything.

mod common;

use axum::body::Body;
use axum::http::Request;
use common::{send, shared, token};

#[tokio::test]
async fn odd_requests_get_answers_not_panics() {
    let emu = shared();
    let t = token(emu).await;
    let space = emu.space_ids()[0].clone();
    let (_, big) = emu.big_folder();
    let long = "x".repeat(20_000);
    let queries = [
        String::new(),
        "?".into(),
        "&&&==&".into(),
        "%".into(),
        "%%%ZZ%E4%B8".into(),
        "unionId=%FF%FE&parentId=%00&maxResults=%2B5".into(),
        format!("unionId=demoAdminUnion01&parentId={big}&nextToken=%E4%B8%AD%0A%0A"),
        format!("unionId=demoAdminUnion01&parentId={big}&nextToken={long}"),
        format!("unionId=demoAdminUnion01&parentId={long}&orderBy=SIZE"),
        "unionId=demoAdminUnion01&parentId=0&maxResults=-9223372036854775808".into(),
        "unionId=demoAdminUnion01&spaceType=org&maxResults=18446744073709551616".into(),
        "unionId=demoAdminUnion01&spaceType=ORG&maxResults=1&maxResults=99".into(),
    ];
    let paths = [
        format!("/v1.0/storage/spaces/{space}/dentries"),
        "/v1.0/storage/spaces/%FF/dentries".into(),
        "/v1.0/drive/spaces".into(),
        format!("/thumbnails/{space}/%FF.png"),
        "/thumbnails/%E4%B8%AD/.png".into(),
        "/topapi/v2/user/getuserinfo".into(),
        "/topapi/message/corpconversation/asyncsend_v2".into(),
        "/topapi/message/corpconversation/getsendresult".into(),
        "/topapi/user/getbyunionid".into(),
    ];
    for path in &paths {
        for q in &queries {
            let q = q.trim_start_matches('?');
            let uri = format!("{path}?{q}");
            for method in ["GET", "POST"] {
                let req = Request::builder()
                    .method(method)
                    .uri(&uri)
                    .header("x-acs-dingtalk-access-token", &t)
                    .header("host", "bad host/../")
                    .body(Body::from("code=%FF&\u{0}"))
                    .expect("request");
                let r = send(emu, req).await;
                assert!(r.status.as_u16() < 500, "{method} {uri}: {}", r.status);
            }
        }
    }
    let req = Request::get(format!(
        "/v1.0/storage/spaces/{space}/dentries?unionId=demoAdminUnion01&parentId=0"
    ))
    .header("x-acs-dingtalk-access-token", &b"\xff\xfe"[..])
    .body(Body::empty())
    .expect("request");
    send(emu, req)
        .await
        .assert_error(400, "InvalidAuthentication");
}
