//! `GET /v1.0/storage/spaces/{spaceId}?unionId=`: one space with its quota and use, in the
//! storage API's field names, refused as DingTalk documents (a missing or foreign unionId, an
//! unknown space, no token).

mod common;

use common::*;
use dingtalk_emulator::{DEMO_ADMIN_UNION_ID, DEMO_CORP_ID};
use dingtalk_wire::query::encode;
use dingtalk_wire::{Call, GetSpaceResponse};

#[tokio::test]
async fn one_space_by_id_as_the_list_has_it() {
    let emu = shared();
    let token = token(emu).await;
    let listed = emu.spaces();
    let admin = encode(DEMO_ADMIN_UNION_ID);
    for s in [&listed[0], &listed[listed.len() - 1]] {
        let uri = format!("/v1.0/storage/spaces/{}?unionId={admin}", s.space_id);
        assert_eq!(
            Call::of_path(uri.split('?').next().unwrap_or("")),
            Some(Call::GetSpace)
        );
        let r = get(emu, &uri, Some(&token)).await;
        assert_eq!(
            r.status.as_u16(),
            200,
            "{}",
            String::from_utf8_lossy(&r.body)
        );
        let got: GetSpaceResponse = serde_json::from_slice(&r.body).expect("the documented shape");
        let space = got.space;
        assert_eq!(
            (space.id.as_str(), space.name.as_str()),
            (s.space_id.as_str(), s.space_name.as_str())
        );
        assert_eq!((space.quota, space.used_quota), (s.quota, s.used_quota));
        assert_eq!(
            (space.corp_id.as_str(), space.status.as_deref()),
            (DEMO_CORP_ID, Some("NORMAL"))
        );
        assert_eq!(space.as_drive_space().quota, s.quota);
    }
}

#[tokio::test]
async fn what_dingtalk_refuses() {
    let emu = shared();
    let token = token(emu).await;
    let id = &emu.spaces()[0].space_id;
    let admin = encode(DEMO_ADMIN_UNION_ID);
    get(emu, &format!("/v1.0/storage/spaces/{id}"), Some(&token))
        .await
        .assert_error(400, "paramError");
    get(
        emu,
        &format!("/v1.0/storage/spaces/{id}?unionId=nobody"),
        Some(&token),
    )
    .await
    .assert_error(400, "paramError");
    get(
        emu,
        &format!("/v1.0/storage/spaces/999999?unionId={admin}"),
        Some(&token),
    )
    .await
    .assert_error(404, "spaceNotExist");
    let r = get(
        emu,
        &format!("/v1.0/storage/spaces/{id}?unionId={admin}"),
        None,
    )
    .await;
    assert!(r.status.is_client_error(), "no token, no space");
}
