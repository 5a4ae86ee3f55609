//! Refusals: authentication, parameters, tokens, permissions, unknown ids and paths.

mod common;

use axum::body::Body;
use axum::http::Request;
use common::{dentries_uri, get, send, shared, token};
use dingtalk_emulator::{Config, Emulator, DEMO_ADMIN_UNION_ID, DEMO_MEMBER_UNION_ID};
use dingtalk_wire::query::encode;

fn spaces_uri(query: &str) -> String {
    format!("/v1.0/drive/spaces?{query}")
}

#[tokio::test]
async fn missing_wrong_and_expired_tokens_are_refused() {
    let emu = Emulator::new(common::unpaced());
    let space = emu.space_ids()[0].clone();
    let spaces = spaces_uri(&format!(
        "unionId={DEMO_ADMIN_UNION_ID}&spaceType=org&maxResults=10"
    ));
    let dentries = dentries_uri(&space, &[("parentId", "0")]);
    for uri in [&spaces, &dentries] {
        get(&emu, uri, None)
            .await
            .assert_error(400, "InvalidAuthentication");
        get(&emu, uri, Some(""))
            .await
            .assert_error(400, "InvalidAuthentication");
        get(&emu, uri, Some("0123456789abcdef0123456789abcdef"))
            .await
            .assert_error(400, "InvalidAuthentication");
    }
    let t = token(&emu).await;
    assert_eq!(get(&emu, &spaces, Some(&t)).await.status, 200);
    assert_eq!(get(&emu, &dentries, Some(&t)).await.status, 200);
    emu.expire_tokens();
    for uri in [&spaces, &dentries] {
        get(&emu, uri, Some(&t))
            .await
            .assert_error(400, "InvalidAuthentication");
    }
    let fresh = token(&emu).await;
    assert_ne!(fresh, t);
    assert_eq!(get(&emu, &spaces, Some(&fresh)).await.status, 200);
}

#[tokio::test]
async fn tokens_expire_after_their_ttl() {
    let emu = Emulator::new(Config {
        token_ttl_secs: 0,
        spaces: 3,
        ..common::unpaced()
    });
    let t = token(&emu).await;
    let uri = spaces_uri(&format!(
        "unionId={DEMO_ADMIN_UNION_ID}&spaceType=org&maxResults=10"
    ));
    get(&emu, &uri, Some(&t))
        .await
        .assert_error(400, "InvalidAuthentication");
}

#[tokio::test]
async fn list_spaces_parameters_are_validated() {
    let emu = shared();
    let t = token(emu).await;
    let cases = [
        ("spaceType=org&maxResults=10", "param.error"),
        (
            &*format!("unionId={DEMO_ADMIN_UNION_ID}&maxResults=10"),
            "param.error",
        ),
        (
            &*format!("unionId={DEMO_ADMIN_UNION_ID}&spaceType=org"),
            "param.error",
        ),
        (
            &*format!("unionId={DEMO_ADMIN_UNION_ID}&spaceType=team&maxResults=10"),
            "param.error",
        ),
        (
            &*format!("unionId={DEMO_ADMIN_UNION_ID}&spaceType=org&maxResults=abc"),
            "param.error",
        ),
        (
            &*format!("unionId={DEMO_ADMIN_UNION_ID}&spaceType=org&maxResults=0"),
            "param.error",
        ),
        (
            &*format!("unionId={DEMO_ADMIN_UNION_ID}&spaceType=org&maxResults=51"),
            "param.error.maxresults",
        ),
        (
            &*format!(
                "unionId={DEMO_ADMIN_UNION_ID}&spaceType=org&maxResults=99999999999999999999"
            ),
            "param.error",
        ),
    ];
    for (query, code) in cases {
        let msg = get(emu, &spaces_uri(query), Some(&t))
            .await
            .assert_error(400, code);
        if code == "param.error" {
            assert!(msg.starts_with("Invalid Param"), "{msg}");
        } else {
            assert_eq!(msg, "Too Large MaxResults");
        }
    }
    let msg = get(
        emu,
        &spaces_uri("unionId=stranger&spaceType=org&maxResults=10"),
        Some(&t),
    )
    .await
    .assert_error(400, "param.error");
    assert!(msg.contains("unionId"), "{msg}");
}

#[tokio::test]
async fn personal_spaces_are_an_empty_list() {
    let emu = shared();
    let t = token(emu).await;
    let uri = spaces_uri(&format!(
        "unionId={DEMO_MEMBER_UNION_ID}&spaceType=personal&maxResults=10"
    ));
    let r = get(emu, &uri, Some(&t)).await;
    assert_eq!(r.status, 200);
    assert_eq!(r.json(), serde_json::json!({"spaces": []}));
}

#[tokio::test]
async fn list_dentries_parameters_are_validated() {
    let emu = shared();
    let t = token(emu).await;
    let space = emu.space_ids()[0].clone();
    let bad = [
        dentries_uri(&space, &[("parentId", "0"), ("unionId", "")]),
        dentries_uri(&space, &[("unionId", DEMO_ADMIN_UNION_ID)]),
        dentries_uri(&space, &[("parentId", "")]),
        dentries_uri(&space, &[("parentId", "0"), ("maxResults", "51")]),
        dentries_uri(&space, &[("parentId", "0"), ("maxResults", "0")]),
        dentries_uri(&space, &[("parentId", "0"), ("maxResults", "-3")]),
        dentries_uri(&space, &[("parentId", "0"), ("orderBy", "COLOUR")]),
        dentries_uri(&space, &[("parentId", "0"), ("order", "UP")]),
        dentries_uri(&space, &[("parentId", "0"), ("withThumbnail", "yes")]),
    ];
    for uri in &bad {
        get(emu, uri, Some(&t))
            .await
            .assert_error(400, "paramError");
    }
    let msg = get(
        emu,
        &dentries_uri(&space, &[("parentId", "0"), ("unionId", "stranger")]),
        Some(&t),
    )
    .await
    .assert_error(400, "paramError");
    assert!(msg.contains("unionId"), "{msg}");
    let msg = get(emu, &bad[1], Some(&t))
        .await
        .assert_error(400, "paramError");
    assert!(msg.contains("parentId"), "{msg}");
}

async fn first_token(emu: &Emulator, uri: &str, t: &str) -> String {
    let r = get(emu, uri, Some(t)).await;
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    r.json()["nextToken"]
        .as_str()
        .expect("nextToken")
        .to_owned()
}

#[tokio::test]
async fn garbage_and_foreign_next_tokens_are_refused() {
    let emu = shared();
    let t = token(emu).await;
    let (space, big) = emu.big_folder();
    let page = |order_by: &str, order: &str, token: Option<&str>, parent: &str, union: &str| {
        let mut p = vec![
            ("parentId", parent.to_owned()),
            ("maxResults", "5".to_owned()),
        ];
        p.push(("orderBy", order_by.to_owned()));
        p.push(("order", order.to_owned()));
        p.push(("unionId", union.to_owned()));
        if let Some(tok) = token {
            p.push(("nextToken", tok.to_owned()));
        }
        let refs: Vec<(&str, &str)> = p.iter().map(|(k, v)| (*k, v.as_str())).collect();
        dentries_uri(&space, &refs)
    };
    let name_asc = first_token(
        emu,
        &page("NAME", "ASC", None, &big, DEMO_ADMIN_UNION_ID),
        &t,
    )
    .await;
    // The token works for its own query, with any page size.
    let ok = page("NAME", "ASC", Some(&name_asc), &big, DEMO_ADMIN_UNION_ID);
    assert_eq!(get(emu, &ok, Some(&t)).await.status, 200);
    let refused = [
        page("NAME", "ASC", Some("garbage"), &big, DEMO_ADMIN_UNION_ID),
        page("NAME", "ASC", Some("!!!"), &big, DEMO_ADMIN_UNION_ID),
        page(
            "NAME",
            "ASC",
            Some(&name_asc[..name_asc.len() - 2]),
            &big,
            DEMO_ADMIN_UNION_ID,
        ),
        page("NAME", "DESC", Some(&name_asc), &big, DEMO_ADMIN_UNION_ID),
        page("SIZE", "ASC", Some(&name_asc), &big, DEMO_ADMIN_UNION_ID),
        page("NAME", "ASC", Some(&name_asc), "0", DEMO_ADMIN_UNION_ID),
        page("NAME", "ASC", Some(&name_asc), &big, DEMO_MEMBER_UNION_ID),
    ];
    for uri in &refused {
        let msg = get(emu, uri, Some(&t))
            .await
            .assert_error(400, "paramError");
        assert!(msg.contains("nextToken"), "{msg}");
    }
    // A dentries token is no spaces token, and the reverse.
    let spaces = format!("unionId={DEMO_ADMIN_UNION_ID}&spaceType=org&maxResults=5");
    let spaces_token = first_token(emu, &spaces_uri(&spaces), &t).await;
    let uri = spaces_uri(&format!("{spaces}&nextToken={}", encode(&name_asc)));
    get(emu, &uri, Some(&t))
        .await
        .assert_error(400, "param.error");
    let uri = spaces_uri(&format!("{spaces}&nextToken=garbage"));
    get(emu, &uri, Some(&t))
        .await
        .assert_error(400, "param.error");
    let member = format!(
        "unionId={DEMO_MEMBER_UNION_ID}&spaceType=org&maxResults=5&nextToken={}",
        encode(&spaces_token)
    );
    get(emu, &spaces_uri(&member), Some(&t))
        .await
        .assert_error(400, "param.error");
    let uri = page(
        "NAME",
        "ASC",
        Some(&spaces_token),
        &big,
        DEMO_ADMIN_UNION_ID,
    );
    get(emu, &uri, Some(&t))
        .await
        .assert_error(400, "paramError");
}

#[tokio::test]
async fn restricted_folders_are_denied() {
    let emu = shared();
    let t = token(emu).await;
    let (space, restricted) = emu.restricted_folder();
    for user in [DEMO_ADMIN_UNION_ID, DEMO_MEMBER_UNION_ID] {
        let uri = dentries_uri(&space, &[("parentId", &restricted), ("unionId", user)]);
        get(emu, &uri, Some(&t))
            .await
            .assert_error(403, "permissionDenied");
    }
    let name = emu
        .children(&space, "0")
        .expect("root")
        .into_iter()
        .find(|d| d.id == restricted)
        .expect("listed at the root")
        .name;
    assert_eq!(name, "董事会纪要（仅限董事）");
    // Its subfolders are no way around the restriction.
    for d in emu.children(&space, &restricted).expect("folder") {
        if d.is_folder() {
            let uri = dentries_uri(&space, &[("parentId", &d.id)]);
            get(emu, &uri, Some(&t))
                .await
                .assert_error(403, "permissionDenied");
        }
    }
    let (space, admin_only) = emu.admin_only_folder();
    let admin = dentries_uri(
        &space,
        &[("parentId", &admin_only), ("unionId", DEMO_ADMIN_UNION_ID)],
    );
    assert_eq!(get(emu, &admin, Some(&t)).await.status, 200);
    let member = dentries_uri(
        &space,
        &[("parentId", &admin_only), ("unionId", DEMO_MEMBER_UNION_ID)],
    );
    get(emu, &member, Some(&t))
        .await
        .assert_error(403, "permissionDenied");
}

#[tokio::test]
async fn unknown_spaces_and_dentries_are_404() {
    let emu = shared();
    let t = token(emu).await;
    for space in ["999", "", "%E4%B8%AD", "28000000001x"] {
        let uri = dentries_uri(space, &[("parentId", "0")]);
        get(emu, &uri, Some(&t))
            .await
            .assert_error(404, "spaceNotExist");
    }
    let space = emu.space_ids()[0].clone();
    let file = emu
        .children(&space, "0")
        .expect("root")
        .into_iter()
        .find(|d| !d.is_folder())
        .expect("a file");
    for parent in ["424242", file.id.as_str(), "-1", "董事会"] {
        let uri = dentries_uri(&space, &[("parentId", parent)]);
        get(emu, &uri, Some(&t))
            .await
            .assert_error(404, "dentryNotExist");
    }
    // A folder of another space is unknown here.
    let other = emu.space_ids()[1].clone();
    let (_, big) = emu.big_folder();
    let uri = dentries_uri(&other, &[("parentId", &big)]);
    get(emu, &uri, Some(&t))
        .await
        .assert_error(404, "dentryNotExist");
}

#[tokio::test]
async fn unknown_paths_and_methods_get_the_dingtalk_error_shape() {
    let emu = shared();
    for (method, uri) in [
        ("GET", "/"),
        ("GET", "/v1.0/drive/nothing"),
        ("POST", "/v1.0/drive/spaces"),
        ("GET", "/v1.0/oauth2/accessToken"),
        ("DELETE", "/v1.0/storage/spaces/1/dentries"),
    ] {
        let req = Request::builder()
            .method(method)
            .uri(uri)
            .body(Body::empty())
            .expect("req");
        send(emu, req)
            .await
            .assert_error(404, "InvalidAction.NotFound");
    }
}

#[tokio::test]
async fn request_ids_are_fresh() {
    let emu = shared();
    let a = get(emu, "/nope", None).await.json()["requestid"].clone();
    let b = get(emu, "/nope", None).await.json()["requestid"].clone();
    assert_ne!(a, b);
}

#[tokio::test]
async fn every_request_is_recorded_in_order() {
    let emu = Emulator::new(Config {
        spaces: 2,
        ..common::unpaced()
    });
    let t = token(&emu).await;
    emu.clear_requests();
    get(&emu, "/v1.0/drive/spaces?unionId=x&spaceType=org", None).await;
    get(
        &emu,
        "/v1.0/drive/spaces?unionId=%E4%B8%AD&spaceType=org&maxResults=1",
        Some(&t),
    )
    .await;
    get(&emu, "/somewhere/else", None).await;
    common::post(
        &emu,
        &format!("/topapi/v2/user/getuserinfo?access_token={t}"),
        "application/x-www-form-urlencoded",
        "code=demo-admin",
    )
    .await;
    let log = emu.requests();
    assert_eq!(log.len(), 4);
    assert_eq!(log[0].method, "GET");
    assert_eq!(log[0].path, "/v1.0/drive/spaces");
    assert_eq!(log[0].query, "unionId=x&spaceType=org");
    assert_eq!(log[0].access_token, None);
    assert_eq!(log[1].query, "unionId=%E4%B8%AD&spaceType=org&maxResults=1");
    assert_eq!(log[1].access_token.as_deref(), Some(t.as_str()));
    assert_eq!(log[2].path, "/somewhere/else");
    assert_eq!(log[3].method, "POST");
    assert_eq!(log[3].access_token.as_deref(), Some(t.as_str()));
    emu.clear_requests();
    assert!(emu.requests().is_empty());
}
