use clap::Parser;
use dashboard_server::config::{Cli, Config};
use std::process::ExitCode;

// Every proxied call allocates (headers, query, body): mimalloc serves these from per-thread
// pages where glibc's malloc took ~15% of the server's CPU under load (perf, cargo xtask bench).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> ExitCode {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| "info,tower_http=warn".into());
    // LOG_FORMAT=json: one JSON object per line, for log collectors.
    if std::env::var("LOG_FORMAT").is_ok_and(|f| f == "json") {
        tracing_subscriber::fmt()
            .json()
            .with_env_filter(filter)
            .init();
    } else {
        tracing_subscriber::fmt().with_env_filter(filter).init();
    }
    let Some(demo_key) = dashboard_server::session::random_hex(32) else {
        eprintln!("dashboard-server: the operating system's random generator is unavailable");
        return ExitCode::FAILURE;
    };
    let config = match Config::from_cli(Cli::parse(), || demo_key) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("dashboard-server: configuration error: {e}");
            return ExitCode::from(2);
        }
    };
    let listen = config.listen;
    let demo = config.demo;
    let limits = dashboard_server::ServeLimits::from_config(&config);
    let listener = match dashboard_server::bind(listen) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("dashboard-server: cannot listen on {listen}: {e}; choose another address with --listen or LISTEN");
            return ExitCode::FAILURE;
        }
    };
    let addr = listener.local_addr().unwrap_or(listen);
    // Alerts link to this address in demo mode (the port is known once bound).
    let config = config.bound_to(addr);
    let app = match dashboard_server::build(config).await {
        Ok(app) => app,
        Err(e) => {
            eprintln!("dashboard-server: {e}");
            return ExitCode::FAILURE;
        }
    };
    tracing::info!(%addr, demo, "dashboard-server listening");
    println!(
        "dashboard-server listening on http://{addr}{}",
        if demo { " (demo mode)" } else { "" }
    );
    let shutdown = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    dashboard_server::serve(listener, app, limits, shutdown).await;
    ExitCode::SUCCESS
}
