//! `dingtalk-emulator`: serves the DingTalk API emulator on its own.

use clap::Parser;
use dingtalk_emulator::{spawn, Config, Emulator};
use std::net::SocketAddr;

/// A local stand-in for api.dingtalk.com and oapi.dingtalk.com with deterministic demo
/// data: app token, user login (codes "demo-admin" and "demo-member"), Drive spaces and
/// storage dentries, thumbnails. App key/secret: demo-app-key / demo-app-secret.
#[derive(Parser, Debug)]
#[command(version)]
struct Args {
    /// Address to listen on (port 0 picks a free port).
    #[arg(
        long,
        env = "DINGTALK_EMULATOR_LISTEN",
        default_value = "127.0.0.1:9100"
    )]
    listen: SocketAddr,

    /// Seed of the generated data: the same seed always gives the same spaces and files.
    #[arg(long, env = "DINGTALK_EMULATOR_SEED", default_value_t = 42)]
    seed: u64,

    /// Number of org spaces to generate.
    #[arg(long, env = "DINGTALK_EMULATOR_SPACES", default_value_t = 120)]
    spaces: usize,

    /// Number of entries in the big folder "历史照片归档" of the first space (max 1000000).
    #[arg(
        long = "big-folder",
        env = "DINGTALK_EMULATOR_BIG_FOLDER",
        default_value_t = 10_000
    )]
    big_folder: usize,

    /// Lifetime of issued app access tokens, in seconds.
    #[arg(
        long = "token-ttl",
        env = "DINGTALK_EMULATOR_TOKEN_TTL",
        default_value_t = 7200
    )]
    token_ttl: i64,

    /// Calls a second each list API serves; past it DingTalk's 403
    /// Forbidden.AccessDenied.QpsLimitForAppkeyAndApi (0: no limit, for load tests of a client).
    #[arg(long, env = "DINGTALK_EMULATOR_QPS_PER_API", default_value_t = dingtalk_wire::CALLS_PER_SECOND_PER_API)]
    qps_per_api: u32,

    /// Metered calls served before every further one is refused as over the organization's
    /// monthly quota (403 Forbidden.AccessDenied.ApiCountLimitForOrg). Unset: no quota.
    #[arg(long, env = "DINGTALK_EMULATOR_MONTHLY_QUOTA")]
    monthly_quota: Option<u64>,

    /// The app's AgentId: work notifications and their results must name it (else errcode
    /// 40056).
    #[arg(long, env = "DINGTALK_EMULATOR_AGENT_ID", default_value_t = dingtalk_emulator::DEMO_AGENT_ID)]
    agent_id: i64,

    /// Misbehave like real DingTalk on every list call (repeatable): latency, busy429,
    /// qps-limit403, system-error500, service-busy503, html-ban, truncated-json,
    /// connection-reset, repeat-token, duplicate-item, unknown-enums, missing-fields,
    /// huge-numbers, expired-token, hostile (an XSS corpus in names and URLs). Tests switch faults per request with
    /// POST/DELETE /_emulator/faults instead.
    #[arg(long = "fault", value_parser = parse_fault)]
    faults: Vec<dingtalk_emulator::faults::FaultKind>,
}

fn parse_fault(s: &str) -> Result<dingtalk_emulator::faults::FaultKind, String> {
    dingtalk_emulator::faults::FaultKind::parse(s)
        .ok_or_else(|| format!("unknown fault {s:?}; see --help for the list"))
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    // Logs go to stderr so stdout carries only the bound address.
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .init();
    let args = Args::parse();
    let emulator = Emulator::new(Config {
        seed: args.seed,
        spaces: args.spaces,
        big_folder_entries: args.big_folder,
        token_ttl_secs: args.token_ttl,
        qps_per_api: args.qps_per_api,
        monthly_quota: args.monthly_quota,
        agent_id: args.agent_id,
        ..Config::default()
    });
    for kind in args.faults {
        emulator.inject(dingtalk_emulator::faults::Fault::always(kind));
    }
    let (addr, server) = spawn(emulator, args.listen).await?;
    println!("dingtalk-emulator listening on http://{addr}");
    tokio::select! {
        _ = server => {}
        _ = tokio::signal::ctrl_c() => {}
    }
    Ok(())
}
