//! GET /v1.0/drive/spaces

use crate::lenient;
use crate::open_enum::open_enum;
use crate::time::IsoTime;
use serde::{Deserialize, Serialize};

open_enum! {
    /// `spaceType`.
    SpaceType { Org = "org", Personal = "personal" }
}

open_enum! {
    /// `permissionMode`.
    PermissionMode { Acl = "acl", Custom = "custom" }
}

/// One page of `GET /v1.0/drive/spaces`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ListSpacesResponse {
    #[serde(deserialize_with = "lenient::vec_or_null")]
    pub spaces: Vec<Space>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

impl ListSpacesResponse {
    /// The token of the next page, or `None` on the last page (absent, null or "").
    pub fn next(&self) -> Option<&str> {
        crate::next_page_token(self.next_token.as_deref())
    }
}

/// A Drive space.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Space {
    #[serde(deserialize_with = "lenient::string_or_null")]
    pub space_id: String,
    #[serde(deserialize_with = "lenient::string_or_null")]
    pub space_name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub space_type: Option<SpaceType>,
    /// Bytes; -1 means unlimited. `None` when DingTalk sent no usable number.
    #[serde(
        deserialize_with = "lenient::opt_i64",
        skip_serializing_if = "Option::is_none"
    )]
    pub quota: Option<i64>,
    /// Bytes used.
    #[serde(
        deserialize_with = "lenient::opt_i64",
        skip_serializing_if = "Option::is_none"
    )]
    pub used_quota: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub permission_mode: Option<PermissionMode>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub create_time: Option<IsoTime>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub modify_time: Option<IsoTime>,
}

/// What a space's `quota` means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Quota {
    /// `-1`: no limit.
    Unlimited,
    /// A limit in bytes (0 included).
    Limited(i64),
    /// Missing, or a negative value other than -1: DingTalk sent nothing usable.
    Unknown,
}

impl Space {
    /// The quota, interpreted.
    pub fn quota_kind(&self) -> Quota {
        match self.quota {
            Some(-1) => Quota::Unlimited,
            Some(q) if q >= 0 => Quota::Limited(q),
            _ => Quota::Unknown,
        }
    }
}
