//! dashboard-server: serves the dashboard app, logs users in through DingTalk and forwards the
//! app's two read-only Drive calls with the app token, which never leaves this process.

pub mod alerts;
pub mod collector;
pub mod compress;
pub mod config;
pub mod demo;
pub mod dingtalk;
pub mod encoding;
pub mod error;
pub mod gateway;
mod headers;
pub mod limits;
pub mod memory;
mod origin;
pub mod ratelimit;
mod routes;
pub mod scanner;
mod serve;
pub mod session;
pub mod store;
pub mod token;
pub mod trends;
mod upstream;

use crate::config::{Config, Upstream};
use crate::dingtalk::DingTalk;
use std::sync::Arc;

pub use routes::router;
pub use serve::{bind, serve, ServeLimits, ACCEPT_BACKLOG};

/// Shared by every request.
#[derive(Clone)]
pub struct AppState(Arc<Inner>);

pub struct Inner {
    pub config: Config,
    pub sessions: session::Sessions,
    pub dingtalk: DingTalk,
    pub frontend: routes::static_files::Frontend,
    pub csp: axum::http::HeaderValue,
    pub login_limit: ratelimit::RateLimit,
    /// What the server remembers (the call meter, snapshots).
    pub store: store::Store,
    /// Snapshots of the org spaces: refreshes and the daily collection.
    pub collector: collector::Collector,
    /// Live answers of the last [`Config::live_memory`], per user.
    pub memory: memory::Memory,
    /// The review's trends, ready for the latest snapshot.
    pub trends: trends::TrendsCache,
    /// Scans of a space: what fills it.
    pub scanner: scanner::Scanner,
    /// Alerts judged after each snapshot and sent as DingTalk work notifications.
    pub alerts: alerts::Alerts,
}

impl std::ops::Deref for AppState {
    type Target = Inner;
    fn deref(&self) -> &Inner {
        &self.0
    }
}

impl AppState {
    /// `api_base` / `oapi_base`: where DingTalk is (already resolved, emulator included);
    /// `store`: opened.
    pub fn new(config: Config, api_base: String, oapi_base: String, store: store::Store) -> Self {
        let sessions = session::Sessions::new(
            config.session_secret.expose().as_bytes(),
            config.cookie_secure,
        );
        let dingtalk = DingTalk::new(
            api_base,
            oapi_base,
            config.app_key.clone(),
            config.app_secret.clone(),
            gateway::Gateway::new(
                store.clone(),
                config.monthly_call_budget,
                config.calls_per_second,
            ),
        );
        let frontend = routes::static_files::Frontend::load(config.dist.as_deref());
        let policy =
            headers::content_security_policy(&frontend.script_hashes, &config.frame_ancestors);
        let csp = axum::http::HeaderValue::from_str(&policy).unwrap_or_else(|_| {
            axum::http::HeaderValue::from_static("default-src 'self'; frame-ancestors 'none'")
        });
        let login_limit = ratelimit::RateLimit::new(
            config.login_attempts_per_minute,
            std::time::Duration::from_secs(60),
        );
        let collector = collector::Collector::new(
            config.snapshot_fresh_for,
            config.collect_at_minutes,
            config.collector_union_id.clone(),
        )
        .keeping(config.history_days);
        let memory = memory::Memory::new(config.live_memory);
        let trends = trends::TrendsCache::new(config.history_days, config.warning_horizon_days);
        Self(Arc::new(Inner {
            scanner: scanner::Scanner::new(),
            alerts: alerts::Alerts::new(),
            memory,
            trends,
            store,
            collector,
            config,
            sessions,
            dingtalk,
            frontend,
            csp,
            login_limit,
        }))
    }
}

/// Opens the store, resolves where DingTalk is (starting the emulator in demo mode) and builds
/// the router. The error says what could not start and how to fix it.
pub async fn build(config: Config) -> Result<axum::Router, String> {
    let store = store::Store::open(&config.store)
        .await
        .map_err(|e| e.to_string())?;
    tracing::info!(store = %config.store.describe(), "store open");
    let (api, oapi) = match &config.upstream {
        Upstream::Remote {
            api_base,
            oapi_base,
        } => (api_base.clone(), oapi_base.clone()),
        Upstream::Emulated {
            spaces,
            seed,
            big_folder,
            history_days,
        } => {
            let emulator = dingtalk_emulator::Emulator::new(dingtalk_emulator::Config {
                spaces: *spaces,
                seed: *seed,
                big_folder_entries: *big_folder,
                ..Default::default()
            });
            let started = std::time::Instant::now();
            let today = dashboard_core::history::china_day(session::now_secs());
            let points = demo::fill_history(&store, &emulator, today, i64::from(*history_days))
                .await
                .map_err(|e| format!("could not write the demo's history: {e}"))?;
            tracing::info!(
                points,
                ms = started.elapsed().as_millis() as u64,
                "demo: {history_days} days of made-up history written"
            );
            let loopback = std::net::SocketAddr::from(([127, 0, 0, 1], 0));
            let (addr, _task) = dingtalk_emulator::spawn(emulator, loopback)
                .await
                .map_err(|e| format!("could not start the demo's DingTalk emulator: {e}"))?;
            tracing::info!(%addr, "demo: DingTalk emulator started in-process");
            // On stdout too: tests and benchmarks inject faults through its control endpoint.
            println!("demo: DingTalk emulator at http://{addr}");
            let base = format!("http://{addr}");
            (base.clone(), base)
        }
    };
    let state = AppState::new(config, api, oapi, store);
    tokio::spawn(collector::Collector::schedule(state.clone()));
    tokio::spawn(scanner::Scanner::watch(state.clone()));
    tokio::spawn(alerts::Alerts::watch(state.clone()));
    Ok(router(state))
}
