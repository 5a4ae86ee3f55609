//! The spaces' history, for org admins (it is snapshot data): each space's growth, forecast and
//! sparkline for the review, and one space's daily points for its chart. Read from the store's
//! daily points; no DingTalk call.

use super::review::admin;
use crate::error::AppError;
use crate::session::{now_secs, Session};
use crate::AppState;
use axum::extract::{Path, State};
use axum::Json;
use dashboard_core::history::{china_day, space_trend, OrgHistory, SpaceHistory, Trends};
use dashboard_core::trend::{Point, WINDOW};

/// `GET /api/history`: every space's trend, judged today (China time).
pub async fn trends(State(s): State<AppState>, session: Session) -> Result<Json<Trends>, AppError> {
    admin(&session)?;
    let today = china_day(now_secs());
    // The forecast's 30 points, and the point 30 days back for the change over 30 days.
    let days = s.store.days_since(today - WINDOW as i64).await?;
    let mut spaces = Vec::new();
    let mut points: Vec<Point> = Vec::new();
    for (i, d) in days.iter().enumerate() {
        points.push(d.point);
        let last_of_space = days.get(i + 1).is_none_or(|n| n.space_id != d.space_id);
        if last_of_space {
            spaces.push(space_trend(&d.space_id, &points, today));
            points.clear();
        }
    }
    Ok(Json(Trends {
        today,
        days_kept: i64::from(s.config.history_days),
        demo_until: s.store.demo_until().await?,
        horizon: i64::from(s.config.warning_horizon_days),
        spaces,
    }))
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
