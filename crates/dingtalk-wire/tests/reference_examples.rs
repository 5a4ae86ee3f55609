//! The response examples of DingTalk's reference pages of the two list calls, copied
//! verbatim into tests/fixtures, decode with every field as documented.

use dingtalk_wire::*;

#[test]
fn list_spaces_example_decodes_every_field() {
    let page: ListSpacesResponse =
        serde_json::from_str(include_str!("fixtures/list-spaces.json")).expect("decodes");
    assert_eq!(page.spaces.len(), 1);
    let s = &page.spaces[0];
    assert_eq!(s.space_id, "123456789");
    assert_eq!(s.space_name, "Zhang San's Shared Folder");
    assert_eq!(s.space_type, Some(SpaceType::Org));
    assert_eq!(s.quota, Some(2_147_483_648));
    assert_eq!(s.used_quota, Some(640_445_953));
    assert_eq!(s.quota_kind(), Quota::Limited(2_147_483_648));
    assert_eq!(s.permission_mode, Some(PermissionMode::Acl));
    let created = s.create_time.as_ref().expect("createTime");
    assert_eq!(created.raw(), "2016-02-28T10:47:08Z");
    assert_eq!(created.epoch_ms(), Some(1_456_656_428_000));
    let modified = s.modify_time.as_ref().expect("modifyTime");
    assert_eq!(modified.raw(), "2021-03-29T14:20:36Z");
    assert_eq!(modified.epoch_ms(), Some(1_617_027_636_000));
    assert_eq!(page.next_token.as_deref(), Some("fekaf"));
    assert_eq!(page.next(), Some("fekaf"));
}

#[test]
fn list_dentries_example_decodes_every_field() {
    let page: ListDentriesResponse =
        serde_json::from_str(include_str!("fixtures/list-dentries.json")).expect("decodes");
    assert_eq!(page.dentries.len(), 1);
    let d = &page.dentries[0];
    assert_eq!(d.id, "657xxxxx");
    assert_eq!(d.space_id, "854xxxxx");
    assert_eq!(d.parent_id, "0");
    assert_eq!(d.kind, Some(DentryType::File));
    assert!(!d.is_folder());
    assert_eq!(d.name, "Test folder");
    assert_eq!(d.size, Some(512));
    assert_eq!(d.path.as_deref(), Some("./test.txt"));
    assert_eq!(d.version, Some(1));
    assert_eq!(d.status, Some(DentryStatus::Normal));
    assert_eq!(d.extension.as_deref(), Some("txt"));
    assert_eq!(d.creator_id.as_deref(), Some("cHtUxxxxx"));
    assert_eq!(d.modifier_id.as_deref(), Some("cHtUxxxxx"));
    assert_eq!(
        d.create_time.as_ref().and_then(IsoTime::epoch_ms),
        Some(1_641_031_200_000)
    );
    assert_eq!(
        d.modified_time.as_ref().map(IsoTime::raw),
        Some("2022-01-01T10:00:00Z")
    );
    assert!(d.read_only());
    // The reference page shows the array form: kept under the unkeyed entry.
    let props: Vec<_> = d.app_properties.iter().collect();
    assert_eq!(props.len(), 1);
    assert_eq!(props[0].name, "Property 1");
    assert_eq!(props[0].value, "Property value 1");
    assert_eq!(props[0].visibility, Some(Visibility::Private));
    assert_eq!(d.uuid.as_deref(), Some("123xxxxx"));
    assert_eq!(d.partition_type, Some(PartitionType::PublicOss));
    assert_eq!(d.storage_driver, Some(StorageDriver::DingTalk));
    let t = d.thumbnail.as_ref().expect("thumbnail");
    assert_eq!(
        (t.width, t.height, t.url.as_str()),
        (Some(64), Some(64), "url")
    );
    assert_eq!(page.next(), Some("next_token"));
}

#[test]
fn app_properties_map_form_is_read_and_written() {
    let json = r#"{"dentries":[{"id":"1","appProperties":{"app1":[{"name":"k","value":"v","visibility":"PUBLIC"}]}}]}"#;
    let page: ListDentriesResponse = serde_json::from_str(json).expect("decodes");
    let d = &page.dentries[0];
    assert_eq!(
        d.app_properties.0["app1"][0].visibility,
        Some(Visibility::Public)
    );
    // Written back as the map form, even when read from the array form.
    let back = serde_json::to_value(d).expect("encodes");
    assert!(back["appProperties"]["app1"].is_array());
    let from_list: ListDentriesResponse =
        serde_json::from_str(include_str!("fixtures/list-dentries.json")).expect("decodes");
    let back = serde_json::to_value(&from_list.dentries[0]).expect("encodes");
    assert!(back["appProperties"].is_object(), "{back}");
}

#[test]
fn unknown_enum_values_and_fields_are_kept_not_fatal() {
    let json = r#"{"dentries":[{"id":"1","type":"SHORTCUT","status":"ARCHIVED","storageDriver":"S3",
        "partitionType":"MARS","newField":{"x":1},"properties":{"readOnly":null,"other":1}}],
        "nextToken":null,"extra":[1,2]}"#;
    let page: ListDentriesResponse = serde_json::from_str(json).expect("decodes");
    let d = &page.dentries[0];
    assert_eq!(d.kind, Some(DentryType::Unknown("SHORTCUT".into())));
    assert_eq!(d.status.as_ref().map(|s| s.as_str()), Some("ARCHIVED"));
    assert!(d.status.as_ref().is_some_and(|s| s.is_unknown()));
    assert_eq!(d.storage_driver, Some(StorageDriver::Unknown("S3".into())));
    assert_eq!(
        d.partition_type,
        Some(PartitionType::Unknown("MARS".into()))
    );
    assert!(!d.read_only());
    assert_eq!(page.next(), None);
    // DingTalk's own "UNKNOWN" driver is a known value.
    let d: Dentry = serde_json::from_str(r#"{"storageDriver":"UNKNOWN"}"#).expect("decodes");
    assert_eq!(d.storage_driver, Some(StorageDriver::UnknownDriver));
}

#[test]
fn missing_and_null_fields_default() {
    let page: ListSpacesResponse =
        serde_json::from_str(r#"{"spaces":[{"spaceId":"a","spaceName":null}]}"#).expect("decodes");
    let s = &page.spaces[0];
    assert_eq!(
        (s.space_name.as_str(), s.quota, s.used_quota),
        ("", None, None)
    );
    assert_eq!(s.quota_kind(), Quota::Unknown);
    assert_eq!(page.next(), None);
    let page: ListSpacesResponse =
        serde_json::from_str(r#"{"spaces":null,"nextToken":""}"#).expect("decodes");
    assert!(page.spaces.is_empty());
    assert_eq!(page.next(), None);
    let page: ListDentriesResponse = serde_json::from_str("{}").expect("decodes");
    assert!(page.dentries.is_empty());
}

#[test]
fn int64_values_keep_every_digit() {
    let json = r#"{"spaces":[{"spaceId":"a","quota":-1,"usedQuota":9223372036854775807},
        {"spaceId":"b","quota":"9007199254740993","usedQuota":0}]}"#;
    let page: ListSpacesResponse = serde_json::from_str(json).expect("decodes");
    assert_eq!(page.spaces[0].quota_kind(), Quota::Unlimited);
    assert_eq!(page.spaces[0].used_quota, Some(i64::MAX));
    assert_eq!(page.spaces[1].quota, Some(9_007_199_254_740_993));
    assert_eq!(
        page.spaces[1].quota_kind(),
        Quota::Limited(9_007_199_254_740_993)
    );
    // Out of range or not an integer: unknown, not a failed page.
    let json = r#"{"spaces":[{"quota":18446744073709551615,"usedQuota":1.5},{"quota":-7}]}"#;
    let page: ListSpacesResponse = serde_json::from_str(json).expect("decodes");
    assert_eq!(
        (page.spaces[0].quota, page.spaces[0].used_quota),
        (None, None)
    );
    assert_eq!(page.spaces[1].quota_kind(), Quota::Unknown);
}

#[test]
fn error_body_shapes() {
    let e = ErrorBody::from_body(
        r#"{"code":"InvalidAuthentication","message":"token expired","requestid":"R1"}"#,
    )
    .expect("documented shape");
    assert_eq!(
        (e.code.as_str(), e.requestid.as_deref()),
        ("InvalidAuthentication", Some("R1"))
    );
    let e = ErrorBody::from_body(
        r#"{"code":"x","message":"m","requestId":"R2","accessdenieddetail":{"a":1}}"#,
    )
    .expect("camelCase requestId");
    assert_eq!(e.requestid.as_deref(), Some("R2"));
    assert!(e.accessdenieddetail.is_some());
    assert_eq!(ErrorBody::from_body("<html>banned</html>"), None);
    assert_eq!(ErrorBody::from_body(r#"{"code":"x","mess"#), None);
    assert_eq!(ErrorBody::from_body(r#"{"message":"no code"}"#), None);
    assert_eq!(e.error_code(), ErrorCode::Unknown("x".into()));
}

#[test]
fn user_info_admin_flags() {
    use dingtalk_wire::auth::UserInfo;
    let admin: UserInfo =
        serde_json::from_str(r#"{"userid":"u","unionid":"n","sys":true,"sys_level":1}"#)
            .expect("decodes");
    assert!(admin.is_admin());
    let sub: UserInfo = serde_json::from_str(r#"{"sys":false,"sys_level":2}"#).expect("decodes");
    assert!(sub.is_admin());
    let member: UserInfo = serde_json::from_str(r#"{"sys":false,"sys_level":0}"#).expect("decodes");
    assert!(!member.is_admin());
    let bare: UserInfo = serde_json::from_str(r#"{"userid":"u"}"#).expect("decodes");
    assert!(!bare.is_admin());
}
