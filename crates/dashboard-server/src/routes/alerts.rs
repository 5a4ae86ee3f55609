//! Alerts, for org admins: the rules, what this admin subscribes to, the log of what was sent,
//! and in demo mode what each demo user received. None of these spends a DingTalk call.

use super::review::admin;
use crate::error::AppError;
use crate::session::{now_secs, Session};
use crate::store::alerts::RULES_SETTING;
use crate::AppState;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use dashboard_core::alerts::Rules;
use dashboard_core::alerts_page::{AlertsPage, DemoInbox, Subscriptions};
use dashboard_core::i18n::Lang;

/// `GET /api/alerts`.
pub async fn page(
    State(s): State<AppState>,
    session: Session,
) -> Result<Json<AlertsPage>, AppError> {
    let op = admin(&session)?;
    Ok(Json(s.alerts.page(&s, &op.union_id).await?))
}

/// `PUT /api/alerts/subscriptions` with `{"subscribed": ["warning", ...], "lang": "zh"}`.
pub async fn subscribe(
    State(s): State<AppState>,
    session: Session,
    body: Bytes,
) -> Result<Json<AlertsPage>, AppError> {
    let op = admin(&session)?;
    let asked: Subscriptions = serde_json::from_slice(&body).map_err(|e| {
        AppError::new(
            StatusCode::BAD_REQUEST,
            "alerts.badSubscriptions",
            format!("The subscriptions could not be read ({e}); send {{\"subscribed\": [rules among warning, critical, fullSoon, org], \"lang\": \"zh\" or \"en\"}}"),
        )
    })?;
    let Some(lang) = Lang::parse(&asked.lang) else {
        return Err(AppError::new(
            StatusCode::BAD_REQUEST,
            "alerts.badLanguage",
            format!(
                "Messages can be written in \"zh\" or \"en\", not {:?}",
                asked.lang
            ),
        ));
    };
    let rules = asked.subscribed.into_iter().collect();
    s.store
        .set_alert_subscriptions(&op.union_id, &op.name, lang.code(), &rules, now_secs())
        .await?;
    tracing::info!(union_id = %op.union_id, rules = rules.len(), lang = lang.code(), "alerts: subscriptions set");
    Ok(Json(s.alerts.page(&s, &op.union_id).await?))
}

/// `PUT /api/alerts/rules` with the rules (`{"warning": 80, "critical": 95,
/// "fullWithinDays": 14, "orgPercent": 90}`); they apply from the next snapshot.
pub async fn set_rules(
    State(s): State<AppState>,
    session: Session,
    body: Bytes,
) -> Result<Json<AlertsPage>, AppError> {
    let op = admin(&session)?;
    let bad = |problem: String| {
        AppError::new(
            StatusCode::BAD_REQUEST,
            "alerts.badRules",
            format!("The alert rules were not changed: {problem}"),
        )
    };
    let rules: Rules = serde_json::from_slice(&body)
        .map_err(|e| bad(format!("they could not be read ({e}); send warning, critical, fullWithinDays and orgPercent as whole numbers")))?;
    let rules = rules.check().map_err(bad)?;
    let json = serde_json::to_string(&rules).unwrap_or_default();
    s.store.set_setting(RULES_SETTING, &json).await?;
    tracing::info!(union_id = %op.union_id, rules = %json, "alerts: rules changed");
    Ok(Json(s.alerts.page(&s, &op.union_id).await?))
}

/// `GET /api/alerts/demo`: what each demo user received (demo mode only).
pub async fn demo(
    State(s): State<AppState>,
    session: Session,
) -> Result<Json<Vec<DemoInbox>>, AppError> {
    admin(&session)?;
    if !s.config.demo {
        return Err(AppError::not_found());
    }
    Ok(Json(s.alerts.demo_inboxes(&s).await?))
}
