//! The quota review from snapshots, for org admins: the latest snapshot in one request with no
//! DingTalk call, its status for the progress of a refresh, and the refresh an admin asks for.

use crate::collector::{Operator, Reason};
use crate::error::AppError;
use crate::session::Session;
use crate::AppState;
use axum::extract::State;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;

/// Snapshots hold every org space, which DingTalk shows only to org admins: nobody else
/// receives them (non-admins list live under their own unionId).
pub(super) fn admin(session: &Session) -> Result<Operator, AppError> {
    if !session.admin {
        return Err(AppError::new(
            StatusCode::FORBIDDEN,
            "review.adminsOnly",
            "Snapshots of every org space are for org admins; the spaces you may see are listed live under your own account",
        ));
    }
    Ok(Operator {
        union_id: session.union_id.clone(),
        name: session.name.clone(),
    })
}

/// `GET /api/review`: `{"status": {...}, "spaces": [...]}`, the spaces of the latest snapshot
/// as DingTalk sent them. Starts a refresh (as this admin) when the snapshot is stale.
pub async fn review(State(s): State<AppState>, session: Session) -> Result<Response, AppError> {
    let op = admin(&session)?;
    let status = s.collector.open(&s, op).await?;
    let fields = match &status.snapshot {
        Some(snap) => s.store.snapshot_fields(snap.id).await?,
        None => Vec::new(),
    };
    let status = serde_json::to_string(&status).unwrap_or_else(|_| "null".into());
    // Each space was checked to be one JSON object when it was stored.
    let mut body = String::with_capacity(
        status.len() + 32 + fields.iter().map(|f| f.len() + 1).sum::<usize>(),
    );
    body.push_str("{\"status\":");
    body.push_str(&status);
    body.push_str(",\"spaces\":[");
    for (i, f) in fields.iter().enumerate() {
        if i > 0 {
            body.push(',');
        }
        body.push_str(f);
    }
    body.push_str("]}");
    let mut resp = body.into_response();
    resp.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    with_usage(&s, resp).await
}

/// Adds the month's DingTalk calls (`x-dashboard-calls`), so the top bar shows them with
/// answers that cost none.
async fn with_usage(s: &AppState, mut resp: Response) -> Result<Response, AppError> {
    if let Some(v) = s.dingtalk.gateway.usage().await?.header() {
        resp.headers_mut().insert(dingtalk_wire::CALLS_HEADER, v);
    }
    Ok(resp)
}

/// `GET /api/review/status`: the snapshot's time and a refresh's progress.
pub async fn status(State(s): State<AppState>, session: Session) -> Result<Response, AppError> {
    admin(&session)?;
    let status = s.collector.status(&s.store).await?;
    with_usage(&s, Json(status).into_response()).await
}

/// `POST /api/review/refresh`: lists every space again as this admin, unless a refresh runs
/// already (then everyone waits for that one).
pub async fn refresh(State(s): State<AppState>, session: Session) -> Result<Response, AppError> {
    let op = admin(&session)?;
    let asked = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_micros() as i64)
        .unwrap_or(0);
    s.collector.start(&s, op, Reason::Asked(asked)).await?;
    let status = s.collector.status(&s.store).await?;
    with_usage(&s, Json(status).into_response()).await
}
