//! `/api/scans/{spaceId}…`: a space's scan, its report, its treemap levels and its folder
//! sizes (admins only; only starting a scan costs DingTalk calls, which the server makes).

use super::client::{get_json, post_json};
use super::ApiError;
use dashboard_core::scan_report::{FolderSizes, ScanReport, ScanStatus, TreeLevel};
use serde::Serialize;

fn base(space_id: &str) -> String {
    let id: String = js_sys::encode_uri_component(space_id).into();
    format!("/api/scans/{id}")
}

fn encoded(v: &str) -> String {
    js_sys::encode_uri_component(v).into()
}

/// The space's latest scan and what a new one would cost.
pub async fn scan_status(space_id: &str) -> Result<ScanStatus, ApiError> {
    get_json(&base(space_id), None).await
}

#[derive(Serialize)]
struct Confirm {
    confirm: bool,
    #[serde(rename = "continue")]
    go_on: bool,
}

/// Starts a scan, or with `go_on` takes the last one up where it stopped (or joins the one
/// running); refused with `scan.budget` when nothing is left of the month's budget.
pub async fn start_scan(space_id: &str, go_on: bool) -> Result<ScanStatus, ApiError> {
    post_json(
        &base(space_id),
        &Confirm {
            confirm: true,
            go_on,
        },
    )
    .await
}

pub async fn cancel_scan(space_id: &str) -> Result<ScanStatus, ApiError> {
    post_json(&format!("{}/cancel", base(space_id)), &()).await
}

/// What the latest scan with results found (`scan.none` when none has).
pub async fn scan_report(space_id: &str) -> Result<ScanReport, ApiError> {
    get_json(&format!("{}/report", base(space_id)), None).await
}

/// One folder's level of the treemap (`0`: the space's root).
pub async fn scan_tree(space_id: &str, folder: &str) -> Result<TreeLevel, ApiError> {
    let url = format!("{}/tree?folder={}", base(space_id), encoded(folder));
    get_json(&url, None).await
}

/// The scanned sizes of `parent`'s subfolders (`scan.none` when no scan has results).
pub async fn folder_sizes(space_id: &str, parent: &str) -> Result<FolderSizes, ApiError> {
    let url = format!("{}/folders?parent={}", base(space_id), encoded(parent));
    get_json(&url, None).await
}
