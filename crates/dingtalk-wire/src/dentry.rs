//! GET /v1.0/storage/spaces/{spaceId}/dentries

use crate::lenient;
use crate::open_enum::open_enum;
use crate::time::IsoTime;
use serde::{Deserialize, Deserializer, Serialize};
use std::collections::BTreeMap;

open_enum! {
    /// `type` of a dentry.
    DentryType { File = "FILE", Folder = "FOLDER" }
}

open_enum! {
    /// `status` of a dentry.
    DentryStatus { Normal = "NORMAL", Deleted = "DELETED", Expired = "EXPIRED" }
}

open_enum! {
    /// `partitionType`.
    PartitionType { PublicOss = "PUBLIC_OSS_PARTITION", MiniOss = "MINI_OSS_PARTITION" }
}

open_enum! {
    /// `storageDriver`. DingTalk's own `UNKNOWN` is a known value, distinct from a value
    /// this build has never seen.
    StorageDriver { DingTalk = "DINGTALK", AliDoc = "ALIDOC", UnknownDriver = "UNKNOWN" }
}

open_enum! {
    /// `visibility` of an app property.
    Visibility { Public = "PUBLIC", Private = "PRIVATE" }
}

/// One page of `GET /v1.0/storage/spaces/{spaceId}/dentries`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ListDentriesResponse {
    #[serde(deserialize_with = "lenient::vec_or_null")]
    pub dentries: Vec<Dentry>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

impl ListDentriesResponse {
    /// The token of the next page, or `None` on the last page (absent, null or "").
    pub fn next(&self) -> Option<&str> {
        crate::next_page_token(self.next_token.as_deref())
    }
}

/// A file or folder.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Dentry {
    #[serde(deserialize_with = "lenient::string_or_null")]
    pub id: String,
    #[serde(deserialize_with = "lenient::string_or_null")]
    pub space_id: String,
    #[serde(deserialize_with = "lenient::string_or_null")]
    pub parent_id: String,
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<DentryType>,
    #[serde(deserialize_with = "lenient::string_or_null")]
    pub name: String,
    /// Bytes.
    #[serde(
        deserialize_with = "lenient::opt_i64",
        skip_serializing_if = "Option::is_none"
    )]
    pub size: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    #[serde(
        deserialize_with = "lenient::opt_i64",
        skip_serializing_if = "Option::is_none"
    )]
    pub version: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<DentryStatus>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub extension: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub creator_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub modifier_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub create_time: Option<IsoTime>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub modified_time: Option<IsoTime>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub properties: Option<DentryProperties>,
    #[serde(skip_serializing_if = "AppProperties::is_empty")]
    pub app_properties: AppProperties,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub uuid: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub partition_type: Option<PartitionType>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub storage_driver: Option<StorageDriver>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub thumbnail: Option<Thumbnail>,
    /// In the SDK model, not in the reference table (e.g. "image", "document").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
}

impl Dentry {
    /// True for a folder; an unknown type is not a folder (it cannot be opened).
    pub fn is_folder(&self) -> bool {
        self.kind == Some(DentryType::Folder)
    }

    /// `properties.readOnly`, false when absent.
    pub fn read_only(&self) -> bool {
        self.properties.as_ref().is_some_and(|p| p.read_only)
    }
}

/// `properties`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct DentryProperties {
    #[serde(deserialize_with = "lenient::bool_or_null")]
    pub read_only: bool,
}

/// `thumbnail`: a temporary URL and the image's size in pixels.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Thumbnail {
    #[serde(
        deserialize_with = "lenient::opt_i64",
        skip_serializing_if = "Option::is_none"
    )]
    pub width: Option<i64>,
    #[serde(
        deserialize_with = "lenient::opt_i64",
        skip_serializing_if = "Option::is_none"
    )]
    pub height: Option<i64>,
    #[serde(deserialize_with = "lenient::string_or_null")]
    pub url: String,
}

/// One app property.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct AppProperty {
    #[serde(deserialize_with = "lenient::string_or_null")]
    pub name: String,
    #[serde(deserialize_with = "lenient::string_or_null")]
    pub value: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub visibility: Option<Visibility>,
}

/// `appProperties`. The SDKs model it as `{appId: [property, ...]}` and the reference page
/// shows a bare `[property, ...]`; both are read. It is always written in the map form,
/// because the official SDKs fail on the array form. A bare array is kept under the key
/// [`AppProperties::UNKEYED`].
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
#[serde(transparent)]
pub struct AppProperties(pub BTreeMap<String, Vec<AppProperty>>);

impl AppProperties {
    /// Key of the properties that arrived as a bare array.
    pub const UNKEYED: &'static str = "";

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Every property, whatever app it belongs to.
    pub fn iter(&self) -> impl Iterator<Item = &AppProperty> {
        self.0.values().flatten()
    }
}

impl<'de> Deserialize<'de> for AppProperties {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Shape {
            Map(BTreeMap<String, Vec<AppProperty>>),
            List(Vec<AppProperty>),
        }
        Ok(match Option::<Shape>::deserialize(d)? {
            None => Self::default(),
            Some(Shape::Map(m)) => Self(m),
            Some(Shape::List(l)) if l.is_empty() => Self::default(),
            Some(Shape::List(l)) => Self(BTreeMap::from([(Self::UNKEYED.to_owned(), l)])),
        })
    }
}
