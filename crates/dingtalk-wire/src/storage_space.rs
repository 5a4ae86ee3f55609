//! GET /v1.0/storage/spaces/{spaceId}?unionId=: one storage space, with its quota and use
//! (<https://open.dingtalk.com/document/development/get-space-information>). One metered call
//! names a space and its fill, where listing every org space costs a call per 50 spaces.

use crate::lenient;
use crate::time::IsoTime;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct GetSpaceResponse {
    pub space: StorageSpace,
}

/// A storage space as this call describes it (the Drive list's `Space` names its fields
/// differently: `spaceId`/`spaceName` there, `id`/`name` here).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct StorageSpace {
    #[serde(deserialize_with = "lenient::string_or_null")]
    pub id: String,
    #[serde(deserialize_with = "lenient::string_or_null")]
    pub corp_id: String,
    #[serde(deserialize_with = "lenient::string_or_null")]
    pub name: String,
    /// Bytes; the documentation does not say how an unlimited space is written (the Drive
    /// calls use -1). `None` when DingTalk sent no usable number.
    #[serde(
        deserialize_with = "lenient::opt_i64",
        skip_serializing_if = "Option::is_none"
    )]
    pub quota: Option<i64>,
    #[serde(
        deserialize_with = "lenient::opt_i64",
        skip_serializing_if = "Option::is_none"
    )]
    pub used_quota: Option<i64>,
    /// `NORMAL` or `DELETE`, as DingTalk spells them; kept as sent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub create_time: Option<IsoTime>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub modified_time: Option<IsoTime>,
}

impl StorageSpace {
    /// The same space in the Drive list's terms (what the quota review shows).
    pub fn as_drive_space(&self) -> crate::Space {
        crate::Space {
            space_id: self.id.clone(),
            space_name: self.name.clone(),
            quota: self.quota,
            used_quota: self.used_quota,
            modify_time: self.modified_time.clone(),
            create_time: self.create_time.clone(),
            ..crate::Space::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_documented_example_reads_and_maps_to_a_drive_space() {
        let body = r#"{"space":{"id":"854xxxxx","corpId":"ding12345","creatorId":"cHtUYxxxxx","ownerType":"USER","ownerId":"cHtUYxxxxx",
 "modifierId":"xxxxx","usedQuota":1024,"quota":1048576,"status":"NORMAL","createTime":"2022-01-01T10:00:00Z",
 "modifiedTime":"2022-01-01T10:00:00Z","appId":"app_id","scene":"scene","sceneId":"123",
 "capabilities":{"canSearch":true,"canRename":true,"canRecordRecentFile":true},"name":"测试空间",
 "partitions":[{"partitionType":"PUBLIC_OSS_PARTITION","quota":{"used":1024,"max":10000,"reserved":1000,"type":"SHARE"}}]}}"#;
        let r: GetSpaceResponse = serde_json::from_str(body).expect("documented example");
        assert_eq!(
            (r.space.id.as_str(), r.space.name.as_str()),
            ("854xxxxx", "测试空间")
        );
        assert_eq!(
            (r.space.quota, r.space.used_quota),
            (Some(1_048_576), Some(1024))
        );
        let d = r.space.as_drive_space();
        assert_eq!(
            (d.space_id.as_str(), d.quota, d.used_quota),
            ("854xxxxx", Some(1_048_576), Some(1024))
        );
        assert!(d.modify_time.and_then(|t| t.epoch_ms()).is_some());
        let sparse: GetSpaceResponse =
            serde_json::from_str(r#"{"space":{"id":"1","quota":null,"name":null}}"#)
                .expect("nulls");
        assert_eq!((sparse.space.quota, sparse.space.name.as_str()), (None, ""));
    }
}
