//! GET /v1.0/storage/orgs/{corpId}?unionId=: the organization's storage, its partitions' used,
//! maximum and reserved bytes
//! (<https://open.dingtalk.com/document/development/obtain-enterprise-storage-related-information>).
//! One metered call gives the organization's real capacity, beside the sum of its spaces.

use crate::lenient;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct GetOrgResponse {
    pub org: OrgStorage,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct OrgStorage {
    #[serde(deserialize_with = "lenient::string_or_null")]
    pub corp_id: String,
    /// At most two: public cloud (`PUBLIC_OSS_PARTITION`) and dedicated (`MINI_OSS_PARTITION`).
    #[serde(deserialize_with = "lenient::vec_or_null")]
    pub partitions: Vec<Partition>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Partition {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub partition_type: Option<String>,
    pub quota: PartitionQuota,
}

/// Bytes; DingTalk leaves `reserved` out when nothing is pre-allocated.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct PartitionQuota {
    #[serde(
        deserialize_with = "lenient::opt_i64",
        skip_serializing_if = "Option::is_none"
    )]
    pub used: Option<i64>,
    #[serde(
        deserialize_with = "lenient::opt_i64",
        skip_serializing_if = "Option::is_none"
    )]
    pub max: Option<i64>,
    #[serde(
        deserialize_with = "lenient::opt_i64",
        skip_serializing_if = "Option::is_none"
    )]
    pub reserved: Option<i64>,
    /// `SHARE` or `PRIVATE`, kept as sent.
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
}

/// The organization's storage over all its partitions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct OrgTotals {
    /// `None` when no partition said.
    pub used: Option<i64>,
    pub max: Option<i64>,
    /// 0 when nothing is pre-allocated.
    pub reserved: i64,
}

impl OrgStorage {
    /// The partitions added up (saturating: sizes near the top of i64 cannot wrap).
    pub fn totals(&self) -> OrgTotals {
        let sum = |f: fn(&PartitionQuota) -> Option<i64>| {
            self.partitions
                .iter()
                .filter_map(|p| f(&p.quota))
                .fold(None, |acc: Option<i64>, v| {
                    Some(acc.unwrap_or(0).saturating_add(v.max(0)))
                })
        };
        OrgTotals {
            used: sum(|q| q.used),
            max: sum(|q| q.max),
            reserved: sum(|q| q.reserved).unwrap_or(0),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_documented_example_reads_and_adds_up() {
        let body = r#"{"org":{"corpId":"ding123xxxxx","partitions":[{"partitionType":"PUBLIC_OSS_PARTITION",
  "quota":{"used":1024,"max":1048576,"reserved":1000,"type":"PRIVATE"}}]}}"#;
        let r: GetOrgResponse = serde_json::from_str(body).expect("documented example");
        assert_eq!(r.org.corp_id, "ding123xxxxx");
        assert_eq!(r.org.partitions[0].quota.kind.as_deref(), Some("PRIVATE"));
        assert_eq!(
            r.org.totals(),
            OrgTotals {
                used: Some(1024),
                max: Some(1_048_576),
                reserved: 1000
            }
        );
    }

    #[test]
    fn two_partitions_add_up_and_missing_fields_are_unknown() {
        let body = r#"{"org":{"partitions":[
            {"partitionType":"PUBLIC_OSS_PARTITION","quota":{"used":10,"max":100}},
            {"partitionType":"MINI_OSS_PARTITION","quota":{"used":5,"max":null,"reserved":7}}]}}"#;
        let r: GetOrgResponse = serde_json::from_str(body).expect("reads");
        assert_eq!(
            r.org.totals(),
            OrgTotals {
                used: Some(15),
                max: Some(100),
                reserved: 7
            }
        );
        let empty: GetOrgResponse =
            serde_json::from_str(r#"{"org":{"partitions":null}}"#).expect("reads");
        assert_eq!(empty.org.totals(), OrgTotals::default());
        let huge: GetOrgResponse = serde_json::from_str(
            r#"{"org":{"partitions":[{"quota":{"used":9223372036854775807}},{"quota":{"used":5}}]}}"#,
        )
        .expect("reads");
        assert_eq!(huge.org.totals().used, Some(i64::MAX));
    }
}
