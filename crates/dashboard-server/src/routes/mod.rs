//! The HTTP surface: the app's files, login, and the whitelisted API proxy.

mod alerts;
mod auth;
mod history;
mod proxy;
mod review;
mod scans;
pub mod static_files;

use crate::AppState;
use axum::routing::{any, get, post, put};
use axum::Router;

pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/healthz", get(|| async { "ok" }))
        .route("/api/config", get(auth::config))
        .route("/api/login", post(auth::login))
        .route("/api/logout", post(auth::logout))
        .route("/api/me", get(auth::me))
        .route("/api/usage", get(auth::usage))
        .route("/api/review", get(review::review))
        .route("/api/review/status", get(review::status))
        .route("/api/review/refresh", post(review::refresh))
        .route("/api/history", get(history::trends))
        .route("/api/history/spaces/{space_id}", get(history::space))
        .route("/api/history/org", get(history::org))
        .route(
            "/api/scans/{space_id}",
            get(scans::status).post(scans::start),
        )
        .route("/api/scans/{space_id}/cancel", post(scans::cancel))
        .route("/api/scans/{space_id}/report", get(scans::report))
        .route("/api/scans/{space_id}/tree", get(scans::tree))
        .route("/api/scans/{space_id}/folders", get(scans::folders))
        .route("/api/alerts", get(alerts::page))
        .route("/api/alerts/subscriptions", put(alerts::subscribe))
        .route("/api/alerts/rules", put(alerts::set_rules))
        .route("/api/alerts/demo", get(alerts::demo))
        .route(
            "/api/{*rest}",
            any(|| async { crate::error::AppError::not_found() }),
        )
        .route("/v1.0/drive/spaces", get(proxy::list_spaces))
        .route("/v1.0/storage/spaces/{space_id}", get(proxy::get_space))
        .route(
            "/v1.0/storage/spaces/{space_id}/dentries",
            get(proxy::list_dentries),
        )
        .route(
            "/v1.0/{*rest}",
            any(|| async { crate::error::AppError::not_found() }),
        )
        // The routes above only: the app's files are compressed once, at start-up.
        .route_layer(axum::middleware::map_response(crate::compress::json_answer))
        .fallback(static_files::serve)
        .layer(tower_http::limit::RequestBodyLimitLayer::new(16 * 1024))
        // Outermost: every answer, the body limit's 413 included, gets the security headers.
        .layer(crate::headers::EdgeLayer::new(
            state.csp.clone(),
            state.config.cookie_secure,
        ))
        .with_state(state)
}
