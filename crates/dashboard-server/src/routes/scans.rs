//! Scans of a space, for org admins: the latest one and what a new one would cost, starting
//! one (confirmed), cancelling it, and its results (the report, a treemap level, the folder
//! sizes the grid shows). Only starting a scan spends DingTalk calls.

use super::review::admin;
use crate::error::AppError;
use crate::session::Session;
use crate::AppState;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::Json;
use dashboard_core::scan_report::{FolderSizes, ScanReport, ScanStatus, TreeLevel};
use serde::Deserialize;

fn space(id: &str) -> Result<&str, AppError> {
    if dingtalk_wire::is_valid_id(id) {
        Ok(id)
    } else {
        Err(AppError::not_found())
    }
}

/// A folder named in a query: the root when none.
fn folder(id: Option<&str>) -> Result<&str, AppError> {
    match id {
        None | Some("") => Ok(dashboard_core::scan::ROOT),
        Some(id) if dingtalk_wire::is_valid_id(id) => Ok(id),
        Some(_) => Err(AppError::new(
            StatusCode::BAD_REQUEST,
            "scan.badFolder",
            "The folder id is not one DingTalk gives; open the folder from the space's page",
        )),
    }
}

/// `GET /api/scans/{spaceId}`.
pub async fn status(
    State(s): State<AppState>,
    session: Session,
    Path(space_id): Path<String>,
) -> Result<Json<ScanStatus>, AppError> {
    admin(&session)?;
    Ok(Json(s.scanner.status(&s, space(&space_id)?).await?))
}

#[derive(Deserialize)]
struct StartRequest {
    #[serde(default)]
    confirm: bool,
    /// Take the cancelled or stopped latest scan up from where it stopped.
    #[serde(default, rename = "continue")]
    go_on: bool,
}

/// `POST /api/scans/{spaceId}` with `{"confirm": true}`: starts a scan as this admin, or
/// gives the one running; with `"continue": true`, takes the last one up where it stopped.
pub async fn start(
    State(s): State<AppState>,
    session: Session,
    Path(space_id): Path<String>,
    body: Bytes,
) -> Result<(StatusCode, Json<ScanStatus>), AppError> {
    let op = admin(&session)?;
    let space_id = space(&space_id)?;
    let asked = serde_json::from_slice::<StartRequest>(&body).ok();
    let Some(StartRequest {
        confirm: true,
        go_on,
    }) = asked
    else {
        return Err(AppError::new(
            StatusCode::BAD_REQUEST,
            "scan.unconfirmed",
            "A scan spends DingTalk calls: send {\"confirm\": true} once the admin has seen its estimate",
        ));
    };
    let status = s.scanner.start(&s, op, space_id, go_on).await?;
    Ok((StatusCode::ACCEPTED, Json(status)))
}

/// `POST /api/scans/{spaceId}/cancel`.
pub async fn cancel(
    State(s): State<AppState>,
    session: Session,
    Path(space_id): Path<String>,
) -> Result<Json<ScanStatus>, AppError> {
    admin(&session)?;
    Ok(Json(s.scanner.cancel(&s, space(&space_id)?).await?))
}

/// `GET /api/scans/{spaceId}/report`.
pub async fn report(
    State(s): State<AppState>,
    session: Session,
    Path(space_id): Path<String>,
) -> Result<Json<ScanReport>, AppError> {
    admin(&session)?;
    Ok(Json(s.scanner.report(&s, space(&space_id)?).await?))
}

#[derive(Deserialize)]
pub struct FolderQuery {
    folder: Option<String>,
    parent: Option<String>,
}

/// `GET /api/scans/{spaceId}/tree?folder=`.
pub async fn tree(
    State(s): State<AppState>,
    session: Session,
    Path(space_id): Path<String>,
    Query(q): Query<FolderQuery>,
) -> Result<Json<TreeLevel>, AppError> {
    admin(&session)?;
    let level = s
        .scanner
        .tree(&s, space(&space_id)?, folder(q.folder.as_deref())?)
        .await?;
    Ok(Json(level))
}

/// `GET /api/scans/{spaceId}/folders?parent=`.
pub async fn folders(
    State(s): State<AppState>,
    session: Session,
    Path(space_id): Path<String>,
    Query(q): Query<FolderQuery>,
) -> Result<Json<FolderSizes>, AppError> {
    admin(&session)?;
    let sizes = s
        .scanner
        .folder_sizes(&s, space(&space_id)?, folder(q.parent.as_deref())?)
        .await?;
    Ok(Json(sizes))
}
