//! `GET /v1.0/storage/orgs/{corpId}?unionId=`: the organization's storage, consistent with its
//! spaces, for org admins only, refused as DingTalk documents, and metered.

mod common;

use common::*;
use dingtalk_emulator::{DEMO_ADMIN_UNION_ID, DEMO_CORP_ID, DEMO_MEMBER_UNION_ID};
use dingtalk_wire::query::encode;
use dingtalk_wire::{Call, GetOrgResponse};

#[tokio::test]
async fn the_org_holds_what_its_spaces_use() {
    let emu = shared();
    let token = token(emu).await;
    let uri = format!(
        "/v1.0/storage/orgs/{DEMO_CORP_ID}?unionId={}",
        encode(DEMO_ADMIN_UNION_ID)
    );
    assert_eq!(
        Call::of_path(uri.split('?').next().unwrap_or("")),
        Some(Call::OrgStorage)
    );
    let r = get(emu, &uri, Some(&token)).await;
    assert_eq!(
        r.status.as_u16(),
        200,
        "{}",
        String::from_utf8_lossy(&r.body)
    );
    let got: GetOrgResponse = serde_json::from_slice(&r.body).expect("the documented shape");
    assert_eq!(got.org.corp_id, DEMO_CORP_ID);
    let totals = got.org.totals();
    let spaces = emu.spaces();
    let used: i64 = spaces
        .iter()
        .map(|s| s.used_quota.unwrap_or(0).max(0))
        .sum();
    let allotted: i64 = spaces
        .iter()
        .filter_map(|s| s.quota.filter(|q| *q > 0))
        .sum();
    assert_eq!(totals.used, Some(used));
    let max = totals.max.expect("a maximum");
    assert!(max >= 2 * allotted && max % (1 << 40) == 0, "{max}");
    assert!(totals.reserved > 0 && totals.reserved <= allotted);
}

#[tokio::test]
async fn what_dingtalk_refuses() {
    let emu = shared();
    let token = token(emu).await;
    let admin = encode(DEMO_ADMIN_UNION_ID);
    get(
        emu,
        &format!(
            "/v1.0/storage/orgs/{DEMO_CORP_ID}?unionId={}",
            encode(DEMO_MEMBER_UNION_ID)
        ),
        Some(&token),
    )
    .await
    .assert_error(403, "permissionDenied");
    get(
        emu,
        &format!("/v1.0/storage/orgs/{DEMO_CORP_ID}"),
        Some(&token),
    )
    .await
    .assert_error(400, "paramError");
    get(
        emu,
        &format!("/v1.0/storage/orgs/dingother?unionId={admin}"),
        Some(&token),
    )
    .await
    .assert_error(400, "paramError");
    let r = get(
        emu,
        &format!("/v1.0/storage/orgs/{DEMO_CORP_ID}?unionId={admin}"),
        None,
    )
    .await;
    assert!(r.status.is_client_error(), "no token, no answer");
}
