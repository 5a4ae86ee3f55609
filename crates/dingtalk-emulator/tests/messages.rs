//! Work notifications as DingTalk documents them: asyncsend_v2 answers success with a task
//! id, delivers once per content per user per day and at most the per-user daily limit
//! (success all the same past either), reports unknown userids in the result; getsendresult
//! tells each case; getbyunionid maps the demo users as the login does. Each call is paced
//! like the other APIs, the two message calls are metered once and the look-up is not.

mod common;

use common::{get, post, token};
use dingtalk_emulator::{
    Config, Emulator, DEMO_ADMIN_CODE, DEMO_ADMIN_UNION_ID, DEMO_AGENT_ID, DEMO_MEMBER_UNION_ID,
};
use dingtalk_wire::message::{
    AsyncSendRequest, AsyncSendResponse, GetByUnionIdResponse, Markdown, Msg, SendResult,
    SendResultResponse, MAX_MARKDOWN_TEXT_CHARS,
};
use serde_json::{json, Value};

const SEND: &str = "/topapi/message/corpconversation/asyncsend_v2";
const RESULT: &str = "/topapi/message/corpconversation/getsendresult";
const BY_UNION: &str = "/topapi/user/getbyunionid";
const ADMIN: &str = "manager4512";
const MEMBER: &str = "user0203";
const JSON: &str = "application/json";
const FORM: &str = "application/x-www-form-urlencoded";

fn markdown(text: &str) -> Msg {
    Msg::Markdown(Markdown {
        title: "空间将满".into(),
        text: text.into(),
    })
}

/// An oapi call with a JSON body: the answer, which is always HTTP 200.
async fn call(emu: &Emulator, path: &str, token: &str, body: &Value) -> Value {
    let uri = format!("{path}?access_token={token}");
    let r = post(emu, &uri, JSON, &body.to_string()).await;
    assert_eq!(r.status.as_u16(), 200, "oapi answers 200: {:?}", r.json());
    let v = r.json();
    let id = v["request_id"].as_str().expect("request_id");
    assert_eq!(r.headers["x-acs-request-id"], id);
    v
}

async fn send(emu: &Emulator, token: &str, userids: &[&str], msg: Msg) -> AsyncSendResponse {
    let body = serde_json::to_value(AsyncSendRequest::to_users(DEMO_AGENT_ID, userids, msg))
        .expect("a request");
    serde_json::from_value(call(emu, SEND, token, &body).await).expect("asyncsend answer")
}

/// A send that DingTalk accepts: its task id.
async fn sent(emu: &Emulator, token: &str, userids: &[&str], msg: Msg) -> i64 {
    let r = send(emu, token, userids, msg).await;
    assert_eq!((r.errcode, r.errmsg.as_str()), (0, "ok"));
    r.task_id.expect("task_id")
}

async fn result(emu: &Emulator, token: &str, task_id: i64) -> SendResult {
    let body = json!({"agent_id": DEMO_AGENT_ID, "task_id": task_id});
    let r: SendResultResponse =
        serde_json::from_value(call(emu, RESULT, token, &body).await).expect("result answer");
    assert_eq!(r.errcode, 0, "{r:?}");
    r.send_result.expect("send_result")
}

async fn errcode(emu: &Emulator, path: &str, token: &str, body: &Value) -> i64 {
    call(emu, path, token, body).await["errcode"]
        .as_i64()
        .expect("errcode")
}

#[tokio::test]
async fn a_send_delivers_and_its_result_follows_the_reading() {
    let emu = Emulator::new(common::unpaced());
    let token = token(&emu).await;
    let task = sent(&emu, &token, &[ADMIN], markdown("市场部已用 95%")).await;
    let got = emu.messages(ADMIN);
    assert_eq!(got.len(), 1);
    assert!(got[0].delivered && !got[0].read && got[0].withheld.is_none());
    assert_eq!((got[0].task_id, got[0].agent_id), (task, DEMO_AGENT_ID));
    assert_eq!(got[0].msg, markdown("市场部已用 95%"));
    assert!(emu.messages(MEMBER).is_empty());
    let r = result(&emu, &token, task).await;
    assert_eq!(r.unread_user_id_list, [ADMIN]);
    assert!(r.read_user_id_list.is_empty() && r.forbidden_user_id_list.is_empty());

    let read = format!("/_emulator/messages/read?userid={ADMIN}");
    assert_eq!(post(&emu, &read, JSON, "").await.status.as_u16(), 204);
    let r = result(&emu, &token, task).await;
    assert_eq!(
        (r.read_user_id_list, r.unread_user_id_list),
        (vec![ADMIN.to_owned()], vec![])
    );

    let shown = get(&emu, &format!("/_emulator/messages?userid={ADMIN}"), None)
        .await
        .json();
    assert_eq!(shown["userid"], ADMIN);
    assert_eq!(
        shown["messages"][0]["msg"]["markdown"]["text"],
        "市场部已用 95%"
    );
    assert_eq!(shown["messages"][0]["delivered"], true);
    assert_eq!(shown["messages"][0]["read"], true);
    let all = get(&emu, "/_emulator/messages", None).await.json();
    assert_eq!(all["users"][ADMIN].as_array().map(Vec::len), Some(1));
    assert_eq!(all["users"][MEMBER], json!([]));
}

#[tokio::test]
async fn the_same_content_reaches_a_user_once_a_day() {
    let emu = Emulator::new(common::unpaced());
    let token = token(&emu).await;
    let first = sent(&emu, &token, &[ADMIN], markdown("已用 95%")).await;
    let again = sent(&emu, &token, &[ADMIN, MEMBER], markdown("已用 95%")).await;
    let other = sent(&emu, &token, &[ADMIN], markdown("已用 96%")).await;
    let got = emu.messages(ADMIN);
    let delivered: Vec<bool> = got.iter().map(|m| m.delivered).collect();
    assert_eq!(
        delivered,
        [true, false, true],
        "success reported, not delivered again"
    );
    assert_eq!(got[1].withheld.as_deref(), Some("143106"));
    assert_eq!(
        emu.messages(MEMBER).len(),
        1,
        "the member had not had it yet"
    );

    assert_eq!(
        result(&emu, &token, first).await.unread_user_id_list,
        [ADMIN]
    );
    let r = result(&emu, &token, again).await;
    assert_eq!(r.forbidden_user_id_list, [ADMIN]);
    assert_eq!(r.unread_user_id_list, [MEMBER]);
    assert_eq!(r.forbidden_list.len(), 1);
    assert_eq!(
        (
            r.forbidden_list[0].code.as_str(),
            r.forbidden_list[0].userid.as_str()
        ),
        ("143106", ADMIN)
    );
    assert_eq!(
        result(&emu, &token, other).await.unread_user_id_list,
        [ADMIN]
    );
}

#[tokio::test]
async fn past_the_daily_limit_success_is_reported_and_nothing_delivered() {
    let emu = Emulator::new(Config {
        messages_per_user_per_day: 2,
        ..common::unpaced()
    });
    let token = token(&emu).await;
    let mut tasks = Vec::new();
    for n in 0..3 {
        tasks.push(sent(&emu, &token, &[ADMIN], markdown(&format!("第 {n} 条"))).await);
    }
    let got = emu.messages(ADMIN);
    let delivered: Vec<bool> = got.iter().map(|m| m.delivered).collect();
    assert_eq!(delivered, [true, true, false]);
    assert_eq!(got[2].withheld.as_deref(), Some("143105"));
    let r = result(&emu, &token, tasks[2]).await;
    assert_eq!(r.forbidden_user_id_list, [ADMIN]);
    assert!(r.unread_user_id_list.is_empty());
    let limit = &r.forbidden_list[0];
    assert_eq!((limit.code.as_str(), limit.count), ("143105", Some(2)));
    // Another user's limit is their own.
    sent(&emu, &token, &[MEMBER], markdown("第 2 条")).await;
    assert!(emu.messages(MEMBER)[0].delivered);
}

#[tokio::test]
async fn an_unknown_userid_is_invalid_in_the_result_and_the_send_succeeds() {
    let emu = Emulator::new(common::unpaced());
    let token = token(&emu).await;
    let task = sent(&emu, &token, &["nobody42", ADMIN], markdown("x")).await;
    let r = result(&emu, &token, task).await;
    assert_eq!(r.invalid_user_id_list, ["nobody42"]);
    assert_eq!(r.unread_user_id_list, [ADMIN]);
    assert!(emu.messages("nobody42").is_empty());
}

/// The send page's curl: a form, `msg` as a JSON string, here an action card.
#[tokio::test]
async fn a_form_send_as_in_the_docs_delivers_an_action_card() {
    let emu = Emulator::new(common::unpaced());
    let token = token(&emu).await;
    let msg = json!({"msgtype": "action_card", "action_card": {
        "title": "空间将满", "markdown": "### 市场部  \n  已用 95%",
        "single_title": "查看空间", "single_url": "https://dash.example/spaces/28000000001"}});
    let form = format!(
        "agent_id={DEMO_AGENT_ID}&userid_list={ADMIN}&msg={}",
        dingtalk_wire::query::encode(&msg.to_string())
    );
    let r = post(&emu, &format!("{SEND}?access_token={token}"), FORM, &form).await;
    assert_eq!(r.json()["errcode"], 0, "{:?}", r.json());
    let got = emu.messages(ADMIN);
    assert_eq!(got[0].msg.msgtype(), "action_card");
    assert_eq!(serde_json::to_value(&got[0].msg).expect("msg"), msg);
}

#[tokio::test]
async fn refusals_name_the_problem_and_deliver_nothing() {
    let emu = Emulator::new(common::unpaced());
    let token = token(&emu).await;
    let good = serde_json::to_value(AsyncSendRequest::to_users(
        DEMO_AGENT_ID,
        &[ADMIN],
        markdown("x"),
    ))
    .expect("a request");
    let with = |key: &str, value: Value| {
        let mut body = good.clone();
        body[key] = value;
        body
    };
    let many: Vec<String> = (0..101).map(|i| format!("u{i}")).collect();
    let cases = [
        ("bad token", "wrong", good.clone(), 88),
        ("no token", "", good.clone(), 88),
        (
            "other agent",
            token.as_str(),
            with("agent_id", json!(1)),
            40056,
        ),
        (
            "agent not a number",
            token.as_str(),
            with("agent_id", json!("x")),
            400002,
        ),
        ("no msg", token.as_str(), with("msg", Value::Null), 400002),
        (
            "no recipient",
            token.as_str(),
            with("userid_list", json!("")),
            400002,
        ),
        (
            "101 userids",
            token.as_str(),
            with("userid_list", json!(many.join(","))),
            400002,
        ),
        (
            "long markdown",
            token.as_str(),
            with(
                "msg",
                serde_json::to_value(markdown(&"满".repeat(MAX_MARKDOWN_TEXT_CHARS + 1)))
                    .expect("msg"),
            ),
            400002,
        ),
        (
            "unknown msgtype",
            token.as_str(),
            with("msg", json!({"msgtype": "sticker"})),
            400002,
        ),
        (
            "msg not JSON",
            token.as_str(),
            with("msg", json!("{oops")),
            400002,
        ),
        ("not an object", token.as_str(), json!([1, 2]), 400002),
    ];
    for (what, token, body, code) in cases {
        let r = call(&emu, SEND, token, &body).await;
        assert_eq!(r["errcode"], code, "{what}: {r}");
        assert!(!r["errmsg"].as_str().unwrap_or("").is_empty(), "{what}");
        assert!(r.get("task_id").is_none(), "{what}");
    }
    let raw = format!("{SEND}?access_token={token}");
    let broken = post(&emu, &raw, JSON, "{\"agent_id\":").await;
    assert_eq!(broken.json()["errcode"], 400002);
    assert!(emu.messages(ADMIN).is_empty(), "nothing was delivered");

    let task = sent(&emu, &token, &[ADMIN], markdown("x")).await;
    let result_of = |agent: Value, task: Value| json!({"agent_id": agent, "task_id": task});
    for (what, body, code) in [
        (
            "unknown task",
            result_of(json!(DEMO_AGENT_ID), json!(task + 1)),
            400002,
        ),
        ("other agent", result_of(json!(7), json!(task)), 40056),
        ("no task", json!({"agent_id": DEMO_AGENT_ID}), 400002),
    ] {
        assert_eq!(errcode(&emu, RESULT, &token, &body).await, code, "{what}");
    }
    let body = result_of(json!(DEMO_AGENT_ID), json!(task));
    assert_eq!(errcode(&emu, RESULT, "wrong", &body).await, 88);
}

#[tokio::test]
async fn getbyunionid_gives_the_userid_the_login_gives() {
    let emu = Emulator::new(common::unpaced());
    let token = token(&emu).await;
    let login = post(
        &emu,
        &format!("/topapi/v2/user/getuserinfo?access_token={token}"),
        FORM,
        &format!("code={DEMO_ADMIN_CODE}"),
    )
    .await
    .json();
    for (union, userid) in [
        (DEMO_ADMIN_UNION_ID, login["result"]["userid"].clone()),
        (DEMO_MEMBER_UNION_ID, json!(MEMBER)),
    ] {
        let v = call(&emu, BY_UNION, &token, &json!({ "unionid": union })).await;
        let r: GetByUnionIdResponse = serde_json::from_value(v).expect("answer");
        let user = r.result.expect("result");
        assert_eq!((r.errcode, json!(user.userid)), (0, userid));
        assert_eq!(user.contact_type, Some(0), "an employee");
    }
    let form = post(
        &emu,
        &format!("{BY_UNION}?access_token={token}"),
        FORM,
        &format!("unionid={DEMO_MEMBER_UNION_ID}"),
    )
    .await
    .json();
    assert_eq!(form["result"]["userid"], MEMBER);
    for (token, body, code) in [
        (token.as_str(), json!({"unionid": "nobody"}), 60121),
        (token.as_str(), json!({}), 400002),
        (
            token.as_str(),
            json!({"unionId": DEMO_ADMIN_UNION_ID}),
            400002,
        ),
        ("wrong", json!({"unionid": DEMO_ADMIN_UNION_ID}), 88),
    ] {
        assert_eq!(errcode(&emu, BY_UNION, token, &body).await, code, "{body}");
    }
}

#[tokio::test]
async fn messages_are_metered_once_the_look_up_not_and_all_are_paced() {
    let emu = Emulator::new(Config::default());
    let token = token(&emu).await;
    emu.clear_requests();
    let task = sent(&emu, &token, &[ADMIN], markdown("x")).await;
    assert_eq!(emu.metered_calls(), 1, "one send, one metered call");
    result(&emu, &token, task).await;
    assert_eq!(emu.metered_calls(), 2, "its result, one more");
    let union = json!({ "unionid": DEMO_ADMIN_UNION_ID });
    assert_eq!(errcode(&emu, BY_UNION, &token, &union).await, 0);
    assert_eq!(emu.metered_calls(), 2, "the contacts look-up is exempt");

    // 20 a second per API: the first results above took one place of getsendresult's.
    let body = json!({"agent_id": DEMO_AGENT_ID, "task_id": task});
    let mut codes = Vec::new();
    for _ in 0..20 {
        codes.push(errcode(&emu, RESULT, &token, &body).await);
    }
    assert_eq!(codes.iter().filter(|c| **c == 0).count(), 19);
    assert_eq!(codes.last(), Some(&90018), "throttled as oapi does");
    assert_eq!(emu.metered_calls(), 21, "the throttled call is not billed");
    let mut looked_up = Vec::new();
    for _ in 0..20 {
        looked_up.push(errcode(&emu, BY_UNION, &token, &union).await);
    }
    assert_eq!(looked_up.last(), Some(&90018), "the look-up is paced too");
    let calls = get(&emu, "/_emulator/calls", None).await.json();
    assert_eq!(calls["served"]["asyncsend_v2"], 1);
    assert_eq!(calls["served"]["getsendresult"], 20);
    assert_eq!(calls["served"]["getbyunionid"], 20);
    assert_eq!(calls["throttled"], 2);
}

#[tokio::test]
async fn past_the_monthly_quota_sends_fail_and_the_look_up_still_works() {
    let emu = Emulator::new(Config {
        monthly_quota: Some(1),
        ..common::unpaced()
    });
    let token = token(&emu).await;
    sent(&emu, &token, &[ADMIN], markdown("x")).await;
    let r = send(&emu, &token, &[ADMIN], markdown("y")).await;
    assert_eq!((r.errcode, r.task_id), (90020, None));
    assert_eq!(
        emu.messages(ADMIN).len(),
        1,
        "the refused send delivered nothing"
    );
    let union = json!({ "unionid": DEMO_ADMIN_UNION_ID });
    assert_eq!(errcode(&emu, BY_UNION, &token, &union).await, 0);
    assert_eq!(emu.metered_calls(), 1);
}

/// Any body, with a valid token, gets DingTalk's parameter error: never a panic or a 5xx.
#[tokio::test]
async fn odd_bodies_get_the_parameter_error() {
    let emu = Emulator::new(common::unpaced());
    let token = token(&emu).await;
    let deep = "[".repeat(10_000);
    let huge = "x".repeat(300 * 1024);
    let bodies = [
        "",
        "\u{0}",
        "%FF%FE=%E4%B8&&==",
        "agent_id=1e400&msg=%7B",
        r#"{"agent_id":1e400,"userid_list":["a"]}"#,
        r#"{"agent_id":"3190000001","userid_list":"a","msg":{"msgtype":"markdown","markdown":{"title":null,"text":null}}}"#,
        r#"{"agent_id":3190000001,"to_all_user":"yes","msg":{"msgtype":"action_card","action_card":{"markdown":"m","btn_json_list":[{"title":"t"}],"btn_orientation":"2"}}}"#,
        r#"{"agent_id":-1,"task_id":"abc","unionid":7}"#,
        &deep,
        &huge,
    ];
    for path in [SEND, RESULT, BY_UNION] {
        for body in bodies {
            for content_type in [JSON, FORM] {
                let r = post(
                    &emu,
                    &format!("{path}?access_token={token}"),
                    content_type,
                    body,
                )
                .await;
                assert_eq!(
                    r.status.as_u16(),
                    200,
                    "{path} {}",
                    &body[..body.len().min(80)]
                );
                let code = r.json()["errcode"].as_i64().expect("errcode");
                assert_eq!(code, 400002, "{path} {}", &body[..body.len().min(80)]);
            }
        }
    }
    assert!(emu.messages(ADMIN).is_empty() && emu.messages(MEMBER).is_empty());
}
