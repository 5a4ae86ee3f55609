use super::*;
use serde_json::json;

/// The send page's response example.
#[test]
fn the_send_answer_of_the_docs_reads() {
    let body = r#"{"errcode":0,"task_id":256271667526,"request_id":"4jzllmte0wau"}"#;
    let r: AsyncSendResponse = serde_json::from_str(body).expect("documented example");
    assert_eq!(r.task_id, Some(256_271_667_526));
    assert_eq!(r.request_id.as_deref(), Some("4jzllmte0wau"));
    assert_eq!(r.refusal(), None);
    let refused: AsyncSendResponse =
        serde_json::from_str(r#"{"errcode":"88","errmsg":"invalid access_token"}"#)
            .expect("quoted");
    assert_eq!(refused.refusal(), Some(ErrorClass::Auth));
}

#[test]
fn a_body_without_errcode_is_not_a_success() {
    let ban = r#"{"status":1111,"wait":5,"source":"x5","punish":"deny","uuid":"xxx"}"#;
    assert!(serde_json::from_str::<AsyncSendResponse>(ban).is_err());
    assert!(serde_json::from_str::<GetByUnionIdResponse>(r#"{"errcode":"ok"}"#).is_err());
}

/// The result page's response example.
#[test]
fn the_send_result_of_the_docs_reads() {
    let body = r#"{"errcode":0,"send_result":{"failed_user_id_list":[],"forbidden_list":[],"invalid_dept_id_list":[],"invalid_user_id_list":[],"read_user_id_list":["manager4220"],"unread_user_id_list":[]},"request_id":"6pcvwp6jcows"}"#;
    let r: SendResultResponse = serde_json::from_str(body).expect("documented example");
    let result = r.send_result.expect("send_result");
    assert_eq!(result.read_user_id_list, ["manager4220"]);
    assert!(result.forbidden_list.is_empty());
    let limited = r#"{"errcode":0,"send_result":{"forbidden_list":[{"code":"143105","count":"500","userid":"u1"}],"forbidden_user_id_list":["u1"],"unread_user_id_list":null}}"#;
    let r: SendResultResponse = serde_json::from_str(limited).expect("lenient");
    let result = r.send_result.expect("send_result");
    assert_eq!(
        result.forbidden_list,
        [Forbidden {
            code: forbidden::USER_DAILY_LIMIT.into(),
            count: Some(500),
            userid: "u1".into()
        }]
    );
}

/// The contacts page's example quotes its numbers; the table says Number.
#[test]
fn the_union_id_answer_reads_quoted_or_not() {
    let quoted = r#"{"errcode":"0","errmsg":"ok","result":{"contact_type":"0","userid":"zhangsan"},"request_id":"x"}"#;
    let plain = r#"{"errcode":0,"errmsg":"ok","result":{"contact_type":0,"userid":"zhangsan"}}"#;
    for body in [quoted, plain] {
        let r: GetByUnionIdResponse = serde_json::from_str(body).expect(body);
        let user = r.result.expect("result");
        assert_eq!(user.userid, "zhangsan");
        assert_eq!(user.contact_type, Some(CONTACT_EMPLOYEE));
    }
    let unknown: GetByUnionIdResponse =
        serde_json::from_str(r#"{"errcode":60121,"errmsg":"找不到该用户"}"#).expect("error");
    assert_eq!(unknown.refusal(), Some(ErrorClass::NotFound));
}

fn markdown() -> Msg {
    Msg::Markdown(Markdown {
        title: "空间将满".into(),
        text: "#### 市场部  \n  已用 95%".into(),
    })
}

#[test]
fn a_json_send_round_trips() {
    let req = AsyncSendRequest::to_users(3_120_000_001, &["manager4512", "user0203"], markdown());
    let json = serde_json::to_value(&req).expect("serializes");
    assert_eq!(json["agent_id"], 3_120_000_001i64);
    assert_eq!(json["userid_list"], "manager4512,user0203");
    assert_eq!(json["msg"]["msgtype"], "markdown");
    assert_eq!(json["msg"]["markdown"]["title"], "空间将满");
    assert!(json.get("to_all_user").is_none() && json.get("dept_id_list").is_none());
    let back: AsyncSendRequest = serde_json::from_value(json).expect("reads back");
    assert_eq!(back, req);
    let (agent, msg, to) = back.check().expect("valid");
    assert_eq!((agent, msg), (3_120_000_001, &markdown()));
    assert_eq!(to.userids, ["manager4512", "user0203"]);
}

/// The send page's curl: a form whose `msg` is a JSON string, numbers as text.
#[test]
fn a_form_send_reads_msg_as_a_json_string() {
    let form = json!({
        "agent_id": "3120000001",
        "userid_list": "manager4512, manager4512,,user0203",
        "to_all_user": "false",
        "msg": r#"{"msgtype":"action_card","action_card":{"title":"空间将满","markdown":"已用 95%","single_title":"查看","single_url":"https://dash.example/spaces/28"}}"#,
    });
    let req: AsyncSendRequest = serde_json::from_value(form).expect("form fields");
    let (agent, msg, to) = req.check().expect("valid");
    assert_eq!(agent, 3_120_000_001);
    assert_eq!(msg.msgtype(), "action_card");
    assert_eq!(
        to.userids,
        ["manager4512", "user0203"],
        "trimmed, no repeats"
    );
    let Msg::ActionCard(card) = msg else {
        panic!("an action card: {msg:?}")
    };
    assert_eq!(
        card.single_url.as_deref(),
        Some("https://dash.example/spaces/28")
    );
}

#[test]
fn the_documented_limits_are_named() {
    let mut req = AsyncSendRequest::to_users(1, &["a"], markdown());
    req.agent_id = None;
    assert!(req.check().unwrap_err().contains("agent_id"));
    let many: Vec<String> = (0..=MAX_USERIDS).map(|i| format!("u{i}")).collect();
    let many: Vec<&str> = many.iter().map(String::as_str).collect();
    let err = AsyncSendRequest::to_users(1, &many, markdown())
        .check()
        .unwrap_err();
    assert!(err.contains("101 userids"), "{err}");
    let err = AsyncSendRequest::to_users(1, &[], markdown())
        .check()
        .unwrap_err();
    assert!(err.contains("no recipient"), "{err}");
    let mut everyone = AsyncSendRequest::to_users(1, &[], markdown());
    everyone.to_all_user = true;
    assert!(everyone.check().is_ok());

    let long = Msg::Markdown(Markdown {
        title: "t".into(),
        text: "满".repeat(MAX_MARKDOWN_TEXT_CHARS + 1),
    });
    assert!(long.check().unwrap_err().contains("5001 characters"));
    let at_limit = Msg::Markdown(Markdown {
        title: "t".into(),
        text: "满".repeat(MAX_MARKDOWN_TEXT_CHARS),
    });
    assert_eq!(at_limit.check(), Ok(()));
    let card = |title: &str| {
        Msg::ActionCard(ActionCard {
            markdown: "m".into(),
            single_title: Some(title.into()),
            single_url: Some("https://x".into()),
            ..ActionCard::default()
        })
    };
    assert_eq!(card(&"查".repeat(MAX_BUTTON_TITLE_CHARS)).check(), Ok(()));
    assert!(card(&"查".repeat(MAX_BUTTON_TITLE_CHARS + 1))
        .check()
        .is_err());
    let no_button = Msg::ActionCard(ActionCard {
        markdown: "m".into(),
        ..ActionCard::default()
    });
    assert!(no_button.check().unwrap_err().contains("no button"));
    let text =
        Msg::from_value(json!({"msgtype":"text","text":{"content":"x".repeat(MAX_MSG_BYTES)}}))
            .expect("a text message");
    assert!(text.check().unwrap_err().contains("bytes"));
}

#[test]
fn malformed_messages_are_errors_not_panics() {
    for bad in [
        json!("{not json"),
        json!({"msgtype":"markdown"}),
        json!({"msgtype":"markdown","markdown":"text"}),
        json!({"msgtype":"markdown","markdown":{"title":7}}),
        json!({"msgtype":"sticker","sticker":{}}),
        json!({}),
        json!(null),
        json!([1, 2]),
    ] {
        assert!(Msg::from_value(bad.clone()).is_err(), "{bad}");
    }
    let oa = Msg::from_value(json!({"msgtype":"oa","oa":{"message_url":"https://x"}})).expect("oa");
    assert_eq!(oa.msgtype(), "oa");
    assert_eq!(oa.to_value()["oa"]["message_url"], "https://x");
}

#[test]
fn the_day_turns_at_midnight_in_china() {
    // 2026-12-01T15:59:59.999Z is 23:59:59.999 on 1 December in Beijing.
    let last = crate::IsoTime::parse("2026-12-01T15:59:59.999Z")
        .epoch_ms()
        .expect("a time");
    assert_eq!(message_day(last) + 1, message_day(last + 1));
    assert_eq!(message_day(last - 86_399_999), message_day(last));
}

#[test]
fn every_oapi_code_has_its_class() {
    use ErrorClass::*;
    let cases = [
        (0, None),
        (88, Some(Auth)),
        (40014, Some(Auth)),
        (errcode::BAD_PARAM, Some(BadRequest)),
        (errcode::INVALID_AGENT_ID, Some(Permission)),
        (errcode::NO_SUCH_EMPLOYEE, Some(NotFound)),
        (errcode::BUSY, Some(Transient)),
        (90018, Some(Throttled)),
        (90020, Some(Permission)),
        (123_456, Some(Unknown)),
    ];
    for (code, class) in cases {
        assert_eq!(oapi_refusal(code), class, "{code}");
    }
}
