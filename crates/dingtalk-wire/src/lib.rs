//! Wire types of the DingTalk open API calls the dashboard uses.
//!
//! Shared by the wasm app, the server and the emulator, so it knows nothing of HTTP or UI.
//! Decoding is lenient where DingTalk is known to vary (its reference pages and official SDKs
//! disagree, and it adds values without notice):
//! unknown enum values are kept, missing optional fields default, both time formats and both
//! `appProperties` shapes are read. Integers are i64 end to end, never f64.

mod calls;
mod dentry;
mod error;
mod ids;
pub mod lenient;
mod list_all;
pub mod message;
mod open_enum;
mod org_storage;
pub mod query;
mod space;
mod storage_space;
mod time;

pub use calls::{BillingMonth, Call, CALLS_HEADER, CALLS_PER_SECOND_PER_API, ORG_MONTHLY_CALLS};
pub use dentry::{
    AppProperties, AppProperty, Dentry, DentryProperties, DentryStatus, DentryType,
    ListDentriesResponse, PartitionType, StorageDriver, Thumbnail, Visibility,
};
pub use error::{ErrorBody, ErrorClass, ErrorCode, THROTTLE_WINDOW};
pub use ids::{is_valid_id, MAX_ID_LEN, ROOT_DENTRY_ID};
pub use list_all::{ListAllOption, ListAllPage, ListAllRequest, LIST_ALL_MAX_RESULTS};
pub use org_storage::{GetOrgResponse, OrgStorage, OrgTotals, Partition, PartitionQuota};
pub use query::{ListDentriesQuery, ListSpacesQuery, Order, OrderBy, QueryError};
pub use space::{ListSpacesResponse, PermissionMode, Quota, Space, SpaceType};
pub use storage_space::{GetSpaceResponse, StorageSpace};
pub use time::IsoTime;

/// DingTalk's "last page" rule: an absent, null or empty `nextToken` ends the paging.
pub fn next_page_token(token: Option<&str>) -> Option<&str> {
    token.filter(|t| !t.is_empty())
}

/// Header that carries the app access token on api.dingtalk.com calls.
pub const ACCESS_TOKEN_HEADER: &str = "x-acs-dingtalk-access-token";

/// Header in which DingTalk names each answer (support tickets ask for it); the server passes
/// it on to the app.
pub const REQUEST_ID_HEADER: &str = "x-acs-request-id";

/// Login calls (app token, user identity).
pub mod auth;
