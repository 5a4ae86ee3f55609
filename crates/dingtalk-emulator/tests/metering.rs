//! The emulator limits calls as DingTalk does: 20 a second per app and list API (403
//! QpsLimitForAppkeyAndApi past it, not billed), and, when given, the organization's monthly
//! quota of metered calls (403 ApiCountLimitForOrg past it); `GET /_emulator/calls` counts
//! what it served by API.

mod common;

use common::*;
use dingtalk_emulator::{Config, Emulator, DEMO_ADMIN_UNION_ID};
use dingtalk_wire::query::encode;

fn spaces() -> String {
    let admin = encode(DEMO_ADMIN_UNION_ID);
    format!("/v1.0/drive/spaces?unionId={admin}&spaceType=org&maxResults=50")
}

async fn token_again(emu: &Emulator) -> String {
    common::token(emu).await
}

async fn calls(emu: &Emulator) -> serde_json::Value {
    get(emu, "/_emulator/calls", None).await.json()
}

#[tokio::test]
async fn twenty_calls_a_second_per_api_then_dingtalks_refusal() {
    let emu = Emulator::new(Config::default());
    let token = token(&emu).await;
    let mut refused = 0;
    for _ in 0..25 {
        let r = get(&emu, &spaces(), Some(&token)).await;
        if r.status.as_u16() == 403 {
            r.assert_error(403, "Forbidden.AccessDenied.QpsLimitForAppkeyAndApi");
            refused += 1;
        } else {
            assert_eq!(r.status.as_u16(), 200);
        }
    }
    assert_eq!(
        refused, 5,
        "the 21st to 25th call within the second are refused"
    );
    // The other list API has a limit of its own.
    let (space, folder) = emu.big_folder();
    let admin = encode(DEMO_ADMIN_UNION_ID);
    let dentries =
        format!("/v1.0/storage/spaces/{space}/dentries?parentId={folder}&unionId={admin}");
    assert_eq!(
        get(&emu, &dentries, Some(&token)).await.status.as_u16(),
        200
    );
    tokio::time::sleep(std::time::Duration::from_millis(1_050)).await;
    assert_eq!(
        get(&emu, &spaces(), Some(&token)).await.status.as_u16(),
        200,
        "a second later"
    );
    let c = calls(&emu).await;
    assert_eq!(c["served"]["listSpaces"], 21);
    assert_eq!(c["served"]["listDentries"], 1);
    assert_eq!(c["throttled"], 5);
    assert_eq!(c["metered"], 22, "throttled calls are not billed");
}

#[tokio::test]
async fn past_the_monthly_quota_every_metered_call_fails() {
    let emu = Emulator::new(Config {
        monthly_quota: Some(3),
        qps_per_api: 0,
        ..Config::default()
    });
    let token = token(&emu).await;
    for _ in 0..3 {
        assert_eq!(
            get(&emu, &spaces(), Some(&token)).await.status.as_u16(),
            200
        );
    }
    get(&emu, &spaces(), Some(&token))
        .await
        .assert_error(403, "Forbidden.AccessDenied.ApiCountLimitForOrg");
    // The token call is not metered and still works.
    assert!(!token_again(&emu).await.is_empty());
    assert_eq!(calls(&emu).await["metered"], 3);
}
