//! The spaces' history, for org admins (it is snapshot data): each space's growth, forecast and
//! sparkline for the review, and one space's daily points for its chart. Read from the store's
//! daily points; no DingTalk call.

use super::review::admin;
use crate::error::AppError;
use crate::session::{now_secs, Session};
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::header::CONTENT_TYPE;
use axum::response::{IntoResponse, Response};
use axum::Json;
use dashboard_core::history::{china_day, OrgHistory, SpaceHistory};

/// `GET /api/history`: every space's trend, judged today (China time); worked out once per
/// snapshot and day.
pub async fn trends(State(s): State<AppState>, session: Session) -> Result<Response, AppError> {
    admin(&session)?;
    let json = s.trends.json(&s.store).await?;
    Ok(([(CONTENT_TYPE, "application/json")], json).into_response())
}

/// `GET /api/history/spaces/{spaceId}`: the space's daily points and its trend (no points
/// for a space the snapshots never held).
pub async fn space(
    State(s): State<AppState>,
    session: Session,
    Path(space_id): Path<String>,
) -> Result<Json<SpaceHistory>, AppError> {
    admin(&session)?;
    if !dingtalk_wire::is_valid_id(&space_id) {
        return Err(AppError::not_found());
    }
    let today = china_day(now_secs());
    let points = s.store.space_days(&space_id).await?;
    let demo_until = s.store.demo_until().await?;
    Ok(Json(SpaceHistory::new(
        &space_id, &points, today, demo_until,
    )))
}

/// `GET /api/history/org`: the organization's storage each day (DingTalk's used and
/// capacity, what its spaces are allotted), its growth and when it would fill its capacity.
pub async fn org(
    State(s): State<AppState>,
    session: Session,
) -> Result<Json<OrgHistory>, AppError> {
    admin(&session)?;
    let today = china_day(now_secs());
    let days = s.store.org_days().await?;
    let demo_until = s.store.org_demo_until().await?;
    Ok(Json(OrgHistory::new(&days, today, demo_until)))
}
