//! Start-up configuration: command-line flags and environment variables, validated once.
//! A missing or malformed value stops start-up with a message that names it.

use crate::store::StoreTarget;
use clap::Parser;
use std::fmt;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

/// DingTalk Drive quota dashboard server: serves the app, logs admins in through DingTalk,
/// and forwards the dashboard's two read-only Drive calls with the app token.
#[derive(Debug, Parser)]
#[command(
    name = "dashboard-server",
    version,
    after_help = "Logging: RUST_LOG sets the level (default info); LOG_FORMAT=json writes one JSON object per line.\nLogs never contain the app secret, app tokens, session cookies or auth codes."
)]
pub struct Cli {
    /// Address to listen on.
    #[arg(long, env = "LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,

    /// Serve the app from this directory (`trunk build --release` output) instead of the
    /// copy embedded in this binary.
    #[arg(long, env = "DASHBOARD_DIST")]
    pub dist: Option<PathBuf>,

    /// Demo mode: offer the demo logins and, unless DINGTALK_API_BASE / DINGTALK_OAPI_BASE
    /// are set, run the built-in DingTalk emulator in-process as DingTalk.
    #[arg(long)]
    pub demo: bool,

    /// Demo mode: number of org spaces the emulator generates.
    #[arg(long, default_value_t = 120)]
    pub demo_spaces: usize,

    /// Demo mode: entries in the first space's big folder (历史照片归档).
    #[arg(long, default_value_t = 10_000)]
    pub demo_big_folder: usize,

    /// Demo mode: days of made-up history written at start-up from the emulator's model of
    /// its spaces' use over time (0: none, history only from live snapshots).
    #[arg(long, default_value_t = 180)]
    pub demo_history_days: u32,

    /// Demo mode: seed of the emulator's data.
    #[arg(long, default_value_t = 42)]
    pub demo_seed: u64,

    /// AppKey (Client ID) of the DingTalk internal app. Required outside demo mode.
    #[arg(long, env = "DINGTALK_APP_KEY", hide_env_values = true)]
    pub app_key: Option<String>,

    /// AppSecret (Client Secret) of the DingTalk app. Required outside demo mode. Never logged.
    #[arg(long, env = "DINGTALK_APP_SECRET", hide_env_values = true)]
    pub app_secret: Option<String>,

    /// CorpId of the organization (the JSAPI needs it). Required outside demo mode.
    #[arg(long, env = "DINGTALK_CORP_ID")]
    pub corp_id: Option<String>,

    /// Key that signs session cookies: at least 32 characters, the same on every replica.
    /// Required outside demo mode (demo mode makes a random one).
    #[arg(long, env = "SESSION_SECRET", hide_env_values = true)]
    pub session_secret: Option<String>,

    /// Session lifetime in seconds.
    #[arg(long, env = "SESSION_TTL_SECS", default_value_t = 8 * 3600)]
    pub session_ttl_secs: u64,

    /// Base URL of the DingTalk new-style API (default https://api.dingtalk.com). Must be
    /// https unless on this machine (loopback); with --demo, must be on this machine.
    #[arg(long, env = "DINGTALK_API_BASE")]
    pub api_base: Option<String>,

    /// Base URL of the DingTalk old-style API, for the user's identity (default
    /// https://oapi.dingtalk.com). Must be https unless on this machine (loopback); with
    /// --demo, must be on this machine.
    #[arg(long, env = "DINGTALK_OAPI_BASE")]
    pub oapi_base: Option<String>,

    /// Let users who are not org admins log in (default: admins only).
    #[arg(long, env = "ALLOW_NON_ADMINS", default_value_t = false)]
    pub allow_non_admins: bool,

    /// Who may frame the dashboard (CSP frame-ancestors). DingTalk's desktop workbench opens
    /// micro apps in its own webview, so the default allows only this origin.
    #[arg(long, env = "FRAME_ANCESTORS", default_value = "'self'")]
    pub frame_ancestors: String,

    /// Login attempts allowed per client address per minute.
    #[arg(long, env = "LOGIN_ATTEMPTS_PER_MINUTE", default_value_t = 10)]
    pub login_attempts_per_minute: u32,

    /// Behind a reverse proxy: take the client address from the last X-Forwarded-For entry
    /// (set only when the proxy overwrites or appends that header).
    #[arg(long, env = "TRUST_PROXY", default_value_t = false)]
    pub trust_proxy: bool,

    /// Mark the session cookie `Secure` and name it `__Host-dqd_session` (default: on, off in
    /// demo mode). Turn off only for plain-HTTP testing.
    #[arg(long, env = "COOKIE_SECURE")]
    pub cookie_secure: Option<bool>,

    /// Seconds a client has to send a request's whole head (request line and headers); idle
    /// keep-alive connections are closed after as long. A client that trickles its headers
    /// (slowloris) is disconnected when it runs out.
    #[arg(long, env = "HEADER_READ_TIMEOUT_SECS", default_value_t = 10)]
    pub header_read_timeout_secs: u64,

    /// Most client connections open at once; further ones wait in the accept queue until one
    /// closes. Keep it below the open-files limit (`ulimit -n`), which the connections to
    /// DingTalk share.
    #[arg(long, env = "MAX_CONNECTIONS", default_value_t = 4096)]
    pub max_connections: usize,

    /// Directory of the embedded store (SQLite, `dashboard.sqlite3`), used unless DATABASE_URL
    /// names a Postgres database.
    #[arg(long, env = "DATA_DIR", default_value = "./data")]
    pub data_dir: PathBuf,

    /// `postgres://user:password@host/database`: keep the store in Postgres, shared by every
    /// replica, instead of SQLite under DATA_DIR.
    #[arg(long, env = "DATABASE_URL", hide_env_values = true)]
    pub database_url: Option<String>,

    /// Metered DingTalk calls this app may make in a calendar month (China time). The
    /// organization has 5,000 for all its apps together (standard edition).
    #[arg(long, env = "DINGTALK_MONTHLY_CALL_BUDGET", default_value_t = 2000)]
    pub monthly_call_budget: u32,

    /// Calls per second to each DingTalk API; DingTalk refuses more than 20.
    #[arg(long, env = "DINGTALK_CALLS_PER_SECOND", default_value_t = dingtalk_wire::CALLS_PER_SECOND_PER_API)]
    pub calls_per_second: u32,

    /// Minutes a snapshot of the org spaces stays fresh: an admin opening the review after
    /// that starts a refresh (every space listed again, one call per 50 spaces).
    #[arg(long, env = "SNAPSHOT_FRESH_MINUTES", default_value_t = 60)]
    pub snapshot_fresh_minutes: u64,

    /// Seconds a live DingTalk answer (a folder page, a space) is remembered for the same
    /// user and request, so going back and forth costs no call; 0 turns the memory off.
    #[arg(long, env = "LIVE_MEMORY_SECONDS", default_value_t = 60)]
    pub live_memory_seconds: u64,

    /// Days of history kept: one point per space per day, for the charts, growth figures and
    /// forecasts (snapshots within a day are thinned to the day's last after a week).
    #[arg(long, env = "HISTORY_DAYS", default_value_t = 400)]
    pub history_days: u32,

    /// Days within which a space forecast to be full is marked on the review (and counted
    /// by its "full soon" filter and summary).
    #[arg(long, env = "WARNING_HORIZON_DAYS", default_value_t = 30)]
    pub warning_horizon_days: u32,

    /// When the daily collection runs, `HH:MM` in China time.
    #[arg(long, env = "COLLECT_AT", default_value = "02:00")]
    pub collect_at: String,

    /// The unionId the daily collection lists spaces as (an org admin's); without it, the
    /// admin who logged in last.
    #[arg(long, env = "COLLECTOR_UNION_ID")]
    pub collector_union_id: Option<String>,

    /// AgentId of the DingTalk app (developer console, the app's details page): turns on
    /// alerts, sent to subscribed admins as DingTalk work notifications. Without it alerts are
    /// off. Demo mode uses the emulator's app unless this is `off`.
    #[arg(long, env = "DINGTALK_AGENT_ID")]
    pub agent_id: Option<String>,

    /// The dashboard's address as admins open it (`https://quota.example.com`): alerts link
    /// to spaces under it. Required with DINGTALK_AGENT_ID (demo mode: this server).
    #[arg(long, env = "PUBLIC_URL")]
    pub public_url: Option<String>,
}

/// Alerts, on: the app that sends them and where their links lead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AlertsConfig {
    pub agent_id: i64,
    /// No trailing slash. Empty in demo mode without PUBLIC_URL until the server knows the
    /// address it listens on ([`Config::bound_to`]).
    pub public_url: String,
}

impl Config {
    /// The configuration once the server listens on `addr`: in demo mode without PUBLIC_URL,
    /// alerts link to this server (`http://127.0.0.1:port` when it listens on every address).
    pub fn bound_to(mut self, addr: SocketAddr) -> Self {
        if let Some(alerts) = self.alerts.as_mut().filter(|a| a.public_url.is_empty()) {
            let ip = match addr.ip() {
                ip if ip.is_unspecified() => std::net::IpAddr::from([127, 0, 0, 1]),
                ip => ip,
            };
            alerts.public_url = format!("http://{}", SocketAddr::new(ip, addr.port()));
        }
        self
    }
}

/// A secret string whose Debug/Display never shows the value.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(s: impl Into<String>) -> Self {
        Self(s.into())
    }
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

/// Where the dashboard's DingTalk calls go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Upstream {
    /// Real (or externally run) DingTalk at these bases.
    Remote { api_base: String, oapi_base: String },
    /// The emulator, started in-process on a loopback port.
    Emulated {
        spaces: usize,
        seed: u64,
        big_folder: usize,
        history_days: u32,
    },
}

/// The validated configuration.
#[derive(Debug, Clone)]
pub struct Config {
    pub listen: SocketAddr,
    pub dist: Option<PathBuf>,
    pub demo: bool,
    pub app_key: String,
    pub app_secret: Secret,
    pub corp_id: String,
    pub session_secret: Secret,
    pub session_ttl: Duration,
    pub upstream: Upstream,
    pub allow_non_admins: bool,
    pub cookie_secure: bool,
    pub frame_ancestors: String,
    pub login_attempts_per_minute: u32,
    pub trust_proxy: bool,
    pub header_read_timeout: Duration,
    pub max_connections: usize,
    pub store: StoreTarget,
    pub monthly_call_budget: u32,
    pub calls_per_second: u32,
    pub snapshot_fresh_for: Duration,
    pub live_memory: Duration,
    pub history_days: u32,
    pub warning_horizon_days: u32,
    /// Minutes after midnight, China time.
    pub collect_at_minutes: u32,
    pub collector_union_id: Option<String>,
    /// `None`: alerts are off.
    pub alerts: Option<AlertsConfig>,
}

/// `HH:MM` (24-hour) as minutes after midnight.
fn clock_minutes(v: &str) -> Option<u32> {
    let (h, m) = v.trim().split_once(':')?;
    if !(1..=2).contains(&h.len()) || m.len() != 2 {
        return None;
    }
    let (h, m): (u32, u32) = (h.parse().ok()?, m.parse().ok()?);
    (h < 24 && m < 60).then_some(h * 60 + m)
}

/// A configuration value that stops start-up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    pub name: &'static str,
    pub problem: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.name, self.problem)
    }
}

impl std::error::Error for ConfigError {}

fn err(name: &'static str, problem: impl Into<String>) -> ConfigError {
    ConfigError {
        name,
        problem: problem.into(),
    }
}

const DEMO_APP_KEY: &str = "demo-app-key";
const DEMO_APP_SECRET: &str = "demo-app-secret";
const DEMO_CORP_ID: &str = dingtalk_emulator::DEMO_CORP_ID;
pub const MIN_SESSION_SECRET: usize = 32;

impl Config {
    /// Validates the flags and environment. `random` supplies the demo session key.
    pub fn from_cli(cli: Cli, random: impl FnOnce() -> String) -> Result<Self, ConfigError> {
        let demo = cli.demo;
        let required = |v: Option<String>, name: &'static str, demo_default: &str| {
            match v.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty()) {
                Some(s) => Ok(s),
                None if demo => Ok(demo_default.to_owned()),
                None => Err(err(name, "is not set; set it to the value from the DingTalk developer console (or run with --demo)")),
            }
        };
        let app_key = required(cli.app_key, "DINGTALK_APP_KEY", DEMO_APP_KEY)?;
        if app_key.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(err(
                "DINGTALK_APP_KEY",
                "contains whitespace; copy the AppKey again",
            ));
        }
        let app_secret = Secret::new(required(
            cli.app_secret,
            "DINGTALK_APP_SECRET",
            DEMO_APP_SECRET,
        )?);
        let corp_id = required(cli.corp_id, "DINGTALK_CORP_ID", DEMO_CORP_ID)?;
        if !corp_id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        {
            return Err(err(
                "DINGTALK_CORP_ID",
                "must be letters and digits only (it looks like ding0123abcd)",
            ));
        }
        let session_secret = match cli.session_secret.filter(|s| !s.is_empty()) {
            Some(s) if s.len() < MIN_SESSION_SECRET => {
                return Err(err(
                    "SESSION_SECRET",
                    format!("is {} characters; use at least {MIN_SESSION_SECRET} random characters (e.g. `openssl rand -hex 32`)", s.len()),
                ))
            }
            Some(s) => Secret::new(s),
            None if demo => Secret::new(random()),
            None => return Err(err("SESSION_SECRET", "is not set; set it to at least 32 random characters (e.g. `openssl rand -hex 32`), the same on every replica")),
        };
        if cli.session_ttl_secs < 60 || cli.session_ttl_secs > 30 * 86_400 {
            return Err(err(
                "SESSION_TTL_SECS",
                format!("is {}; use 60 to 2592000 seconds", cli.session_ttl_secs),
            ));
        }
        let upstream = match (cli.api_base, cli.oapi_base) {
            (None, None) if demo => Upstream::Emulated {
                spaces: cli.demo_spaces,
                seed: cli.demo_seed,
                big_folder: cli.demo_big_folder,
                history_days: cli.demo_history_days.min(3660),
            },
            (api, oapi) => Upstream::Remote {
                api_base: base_url("DINGTALK_API_BASE", api, "https://api.dingtalk.com", demo)?,
                oapi_base: base_url(
                    "DINGTALK_OAPI_BASE",
                    oapi,
                    "https://oapi.dingtalk.com",
                    demo,
                )?,
            },
        };
        if !(1..=300).contains(&cli.header_read_timeout_secs) {
            return Err(err(
                "HEADER_READ_TIMEOUT_SECS",
                format!(
                    "is {}; use 1 to 300 seconds (default 10)",
                    cli.header_read_timeout_secs
                ),
            ));
        }
        if cli.max_connections == 0 {
            return Err(err(
                "MAX_CONNECTIONS",
                "is 0, which would serve no one; use 1 or more (default 4096)",
            ));
        }
        let store = match cli.database_url.map(|u| u.trim().to_owned()).filter(|u| !u.is_empty()) {
            Some(url) if url.starts_with("postgres://") || url.starts_with("postgresql://") => {
                StoreTarget::Postgres(url)
            }
            Some(_) => return Err(err("DATABASE_URL", "is not a postgres:// URL; set it to postgres://user:password@host/database, or leave it unset to keep the store in SQLite under DATA_DIR")),
            None => StoreTarget::Sqlite(cli.data_dir),
        };
        if cli.monthly_call_budget == 0 {
            return Err(err(
                "DINGTALK_MONTHLY_CALL_BUDGET",
                "is 0, which would refuse every DingTalk call; use 1 or more (default 2000, within the organization's 5000)",
            ));
        }
        if cli.calls_per_second == 0 {
            return Err(err(
                "DINGTALK_CALLS_PER_SECOND",
                "is 0, which would send nothing; use 1 to 20 (DingTalk refuses more than 20)",
            ));
        }
        if !(1..=7 * 24 * 60).contains(&cli.snapshot_fresh_minutes) {
            return Err(err(
                "SNAPSHOT_FRESH_MINUTES",
                format!(
                    "is {}; use 1 to 10080 minutes (default 60): each refresh costs one DingTalk call per 50 spaces",
                    cli.snapshot_fresh_minutes
                ),
            ));
        }
        if cli.live_memory_seconds > 3600 {
            return Err(err(
                "LIVE_MEMORY_SECONDS",
                format!(
                    "is {}; use 0 (off) to 3600 seconds (default 60): longer, and an admin would see folders as they were an hour ago",
                    cli.live_memory_seconds
                ),
            ));
        }
        if !(30..=3660).contains(&cli.history_days) {
            return Err(err(
                "HISTORY_DAYS",
                format!(
                    "is {}; use 30 to 3660 days (default 400): forecasts read 30 days, and growth over a year needs a year and a month",
                    cli.history_days
                ),
            ));
        }
        if !(1..=365).contains(&cli.warning_horizon_days) {
            return Err(err(
                "WARNING_HORIZON_DAYS",
                format!(
                    "is {}; use 1 to 365 days (default 30): the days within which a space forecast to be full is marked",
                    cli.warning_horizon_days
                ),
            ));
        }
        let collect_at_minutes = clock_minutes(&cli.collect_at).ok_or_else(|| {
            err(
                "COLLECT_AT",
                format!(
                    "is {:?}; use a time of day as HH:MM, China time (default 02:00)",
                    cli.collect_at
                ),
            )
        })?;
        let collector_union_id = match cli.collector_union_id.map(|v| v.trim().to_owned()) {
            Some(v) if v.is_empty() => None,
            Some(v) if !dingtalk_wire::is_valid_id(&v) => {
                return Err(err(
                    "COLLECTOR_UNION_ID",
                    "must be an org admin's unionId (letters and digits), as DingTalk shows it",
                ))
            }
            v => v,
        };
        let alerts = alerts(cli.agent_id, cli.public_url, demo)?;
        Ok(Self {
            alerts,
            snapshot_fresh_for: Duration::from_secs(cli.snapshot_fresh_minutes * 60),
            live_memory: Duration::from_secs(cli.live_memory_seconds),
            history_days: cli.history_days,
            warning_horizon_days: cli.warning_horizon_days,
            collect_at_minutes,
            collector_union_id,
            listen: cli.listen,
            dist: cli.dist,
            demo,
            app_key,
            app_secret,
            corp_id,
            session_secret,
            session_ttl: Duration::from_secs(cli.session_ttl_secs),
            upstream,
            allow_non_admins: cli.allow_non_admins,
            cookie_secure: cli.cookie_secure.unwrap_or(!demo),
            frame_ancestors: frame_ancestors(cli.frame_ancestors)?,
            login_attempts_per_minute: match cli.login_attempts_per_minute {
                0 => {
                    return Err(err(
                        "LOGIN_ATTEMPTS_PER_MINUTE",
                        "is 0, which would refuse every login; use 1 or more (default 10)",
                    ))
                }
                n => n,
            },
            trust_proxy: cli.trust_proxy,
            header_read_timeout: Duration::from_secs(cli.header_read_timeout_secs),
            max_connections: cli.max_connections,
            store,
            monthly_call_budget: cli.monthly_call_budget,
            calls_per_second: cli.calls_per_second,
        })
    }
}

/// CSP source list: keywords and origins only, nothing that could end the directive.
fn frame_ancestors(v: String) -> Result<String, ConfigError> {
    let v = v.trim().to_owned();
    if v.is_empty() || v.contains([';', ',', '\n', '\r']) {
        return Err(err(
            "FRAME_ANCESTORS",
            "must be a space-separated CSP source list such as 'self' https://example.com",
        ));
    }
    Ok(v)
}

/// `http(s)://host[:port][/path]` without a trailing slash.
///
/// https only, except on this machine: the app secret goes to the token call and the app
/// token with every call, so plain HTTP across a network would hand both to anyone on the
/// path. Demo mode offers logins without DingTalk and must never reach a real one, so there
/// every base must be on this machine (an emulator).
fn base_url(
    name: &'static str,
    value: Option<String>,
    default: &str,
    demo: bool,
) -> Result<String, ConfigError> {
    let v = value.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty());
    let v = v.as_deref().unwrap_or(default);
    let (https, rest) = match (v.strip_prefix("https://"), v.strip_prefix("http://")) {
        (Some(rest), _) => (true, rest),
        (None, Some(rest)) => (false, rest),
        (None, None) => {
            return Err(err(
                name,
                format!("{v:?} is not an http(s) URL; use e.g. {default}"),
            ))
        }
    };
    let host = rest.split('/').next().unwrap_or("");
    if host.is_empty() || rest.contains(['?', '#', ' ']) {
        return Err(err(
            name,
            format!("{v:?} is not a base URL; use e.g. {default}"),
        ));
    }
    let local = is_loopback(host);
    if demo && !local {
        return Err(err(
            name,
            format!("is {v:?}, but --demo offers logins that skip DingTalk, so it may only talk to an emulator on this machine; point both DINGTALK_API_BASE and DINGTALK_OAPI_BASE at a loopback address (e.g. http://127.0.0.1:9100), or leave both unset to use the built-in emulator, or run without --demo"),
        ));
    }
    if !https && !local && !demo {
        return Err(err(
            name,
            format!("is {v:?}: plain HTTP would carry the app secret and tokens unencrypted; use https:// (e.g. {default}); http:// is accepted only for a loopback address (an emulator on this machine)"),
        ));
    }
    Ok(v.trim_end_matches('/').to_owned())
}

/// Alerts' settings: on with an AgentId (demo mode: the emulator's, unless `off`) and the
/// dashboard's public address (demo mode: this server's).
fn alerts(
    agent_id: Option<String>,
    public_url: Option<String>,
    demo: bool,
) -> Result<Option<AlertsConfig>, ConfigError> {
    let agent_id = agent_id
        .map(|v| v.trim().to_owned())
        .filter(|v| !v.is_empty());
    let agent_id = match agent_id.as_deref() {
        None if demo => dingtalk_emulator::DEMO_AGENT_ID,
        None => return Ok(None),
        Some(v) if v.eq_ignore_ascii_case("off") => return Ok(None),
        Some(v) => match v.parse::<i64>() {
            Ok(n) if n > 0 => n,
            _ => {
                return Err(err(
                    "DINGTALK_AGENT_ID",
                    format!("is {v:?}; use the app's AgentId, a number such as 3190000001, from the DingTalk developer console (the app's details page), or leave it unset to keep alerts off"),
                ))
            }
        },
    };
    let public_url = public_url
        .map(|v| v.trim().to_owned())
        .filter(|v| !v.is_empty());
    let public_url = match public_url {
        Some(v) => v,
        None if demo => {
            return Ok(Some(AlertsConfig {
                agent_id,
                public_url: String::new(),
            }))
        }
        None => return Err(err(
            "PUBLIC_URL",
            "is not set, but DINGTALK_AGENT_ID turns alerts on and their messages link to the dashboard; set it to the dashboard's address as admins open it (e.g. https://quota.example.com)",
        )),
    };
    let (https, rest) = match (public_url.strip_prefix("https://"), public_url.strip_prefix("http://")) {
        (Some(rest), _) => (true, rest),
        (None, Some(rest)) => (false, rest),
        (None, None) => return Err(err("PUBLIC_URL", format!("{public_url:?} is not an http(s) URL; use the dashboard's address, e.g. https://quota.example.com"))),
    };
    let host = rest.split('/').next().unwrap_or("");
    if host.is_empty() || rest.contains(['?', '#', ' ', '"', '<', '>']) || rest.contains('@') {
        return Err(err(
            "PUBLIC_URL",
            format!("{public_url:?} is not a plain address; use e.g. https://quota.example.com (no query, fragment or user)"),
        ));
    }
    if !https && !is_loopback(host) {
        return Err(err(
            "PUBLIC_URL",
            format!("is {public_url:?}: DingTalk opens alert links on admins' phones, so use https:// (http:// only for an address on this machine)"),
        ));
    }
    Ok(Some(AlertsConfig {
        agent_id,
        public_url: public_url.trim_end_matches('/').to_owned(),
    }))
}

/// Whether `authority` (`host[:port]`, possibly with user info) names this machine.
fn is_loopback(authority: &str) -> bool {
    let host_port = authority.rsplit('@').next().unwrap_or("");
    let host = match host_port.strip_prefix('[') {
        // [v6]:port
        Some(v6) => v6.split(']').next().unwrap_or(""),
        None => host_port.split(':').next().unwrap_or(""),
    };
    host.eq_ignore_ascii_case("localhost")
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cli(args: &[&str]) -> Cli {
        let mut all = vec!["dashboard-server"];
        all.extend_from_slice(args);
        Cli::try_parse_from(all).expect("flags parse")
    }

    fn full() -> Vec<&'static str> {
        vec![
            "--app-key",
            "dingabc",
            "--app-secret",
            "s3cr3t",
            "--corp-id",
            "ding123",
            "--session-secret",
            "0123456789abcdef0123456789abcdef",
        ]
    }

    #[test]
    fn alerts_need_an_agent_id_and_a_public_address() {
        let off = Config::from_cli(cli(&full()), String::new).expect("valid");
        assert_eq!(off.alerts, None, "off without DINGTALK_AGENT_ID");
        let mut on = full();
        on.extend([
            "--agent-id",
            "3190000001",
            "--public-url",
            "https://q.example.com/",
        ]);
        let on = Config::from_cli(cli(&on), String::new).expect("valid");
        assert_eq!(
            on.alerts,
            Some(AlertsConfig {
                agent_id: 3_190_000_001,
                public_url: "https://q.example.com".into()
            })
        );
        let named = |args: &[&str]| {
            let mut all = full();
            all.extend_from_slice(args);
            Config::from_cli(cli(&all), String::new).unwrap_err().name
        };
        assert_eq!(named(&["--agent-id", "12"]), "PUBLIC_URL");
        assert_eq!(
            named(&["--agent-id", "abc", "--public-url", "https://q"]),
            "DINGTALK_AGENT_ID"
        );
        assert_eq!(
            named(&["--agent-id=-4", "--public-url", "https://q"]),
            "DINGTALK_AGENT_ID"
        );
        assert_eq!(
            named(&["--agent-id", "12", "--public-url", "http://q.example.com"]),
            "PUBLIC_URL"
        );
        assert_eq!(
            named(&["--agent-id", "12", "--public-url", "https://q/?a=1"]),
            "PUBLIC_URL"
        );
        assert_eq!(
            named(&["--agent-id", "12", "--public-url", "ftp://q"]),
            "PUBLIC_URL"
        );
        let demo = Config::from_cli(cli(&["--demo", "--listen", "0.0.0.0:8080"]), || {
            "r".repeat(40)
        })
        .unwrap()
        .bound_to("0.0.0.0:41234".parse().unwrap());
        assert_eq!(
            demo.alerts,
            Some(AlertsConfig {
                agent_id: dingtalk_emulator::DEMO_AGENT_ID,
                public_url: "http://127.0.0.1:41234".into()
            })
        );
        // An address given is kept.
        let given = Config::from_cli(
            cli(&["--demo", "--public-url", "http://localhost:9/"]),
            || "r".repeat(40),
        )
        .unwrap()
        .bound_to("127.0.0.1:41234".parse().unwrap());
        assert_eq!(given.alerts.unwrap().public_url, "http://localhost:9");
        let demo_off =
            Config::from_cli(cli(&["--demo", "--agent-id", "off"]), || "r".repeat(40)).unwrap();
        assert_eq!(demo_off.alerts, None);
    }

    #[test]
    fn demo_needs_nothing_and_uses_the_emulator() {
        let c = Config::from_cli(cli(&["--demo"]), || "r".repeat(40)).expect("valid");
        assert!(c.demo && !c.cookie_secure);
        assert_eq!(
            c.upstream,
            Upstream::Emulated {
                spaces: 120,
                seed: 42,
                big_folder: 10_000,
                history_days: 180,
            }
        );
    }

    #[test]
    fn demo_with_loopback_bases_uses_them() {
        let c = Config::from_cli(
            cli(&[
                "--demo",
                "--api-base",
                "http://127.0.0.1:9100/",
                "--oapi-base",
                "http://localhost:9101",
            ]),
            || "r".repeat(40),
        )
        .expect("valid");
        assert_eq!(
            c.upstream,
            Upstream::Remote {
                api_base: "http://127.0.0.1:9100".into(),
                oapi_base: "http://localhost:9101".into()
            }
        );
    }

    #[test]
    fn demo_never_talks_to_a_remote_dingtalk() {
        // One base on loopback leaves the other at DingTalk's default: refused, named.
        for (args, name) in [
            (
                vec!["--demo", "--api-base", "http://127.0.0.1:9100"],
                "DINGTALK_OAPI_BASE",
            ),
            (
                vec!["--demo", "--oapi-base", "http://[::1]:9100"],
                "DINGTALK_API_BASE",
            ),
            (
                vec![
                    "--demo",
                    "--api-base",
                    "https://api.dingtalk.com",
                    "--oapi-base",
                    "http://127.0.0.1:1",
                ],
                "DINGTALK_API_BASE",
            ),
        ] {
            let e = Config::from_cli(cli(&args), || "r".repeat(40)).expect_err("refused");
            assert_eq!(e.name, name, "{args:?}");
            assert!(
                e.problem.contains("--demo") && e.problem.contains("loopback"),
                "{e}"
            );
        }
    }

    #[test]
    fn bases_are_https_unless_on_this_machine() {
        for (base, ok) in [
            ("https://api.dingtalk.com", true),
            ("https://gateway.corp.example:8443/dingtalk", true),
            ("http://api.dingtalk.com", false),
            ("http://10.0.0.5:9100", false),
            ("http://127.0.0.1:9100", true),
            ("http://127.8.9.10", true),
            ("http://localhost:9100", true),
            ("http://[::1]:9100", true),
            ("http://localhost.evil.example", false),
            ("http://127.0.0.1.evil.example", false),
            ("http://user@127.0.0.1:9", true),
            ("http://127.0.0.1@evil.example", false),
        ] {
            let mut args = full();
            args.extend(["--api-base", base]);
            let got = Config::from_cli(cli(&args), String::new);
            assert_eq!(got.is_ok(), ok, "{base}: {got:?}");
            if let Err(e) = got {
                assert_eq!(e.name, "DINGTALK_API_BASE");
                assert!(e.problem.contains("use https://"), "{e}");
            }
        }
    }

    #[test]
    fn connection_limits_have_sane_defaults_and_bounds() {
        let c = Config::from_cli(cli(&full()), String::new).expect("valid");
        // A client sending a header line every 20 s is cut off before its second line.
        assert!(c.header_read_timeout < Duration::from_secs(20));
        assert!(c.max_connections >= 1024);
        for (flag, value, name) in [
            (
                "--header-read-timeout-secs",
                "0",
                "HEADER_READ_TIMEOUT_SECS",
            ),
            (
                "--header-read-timeout-secs",
                "301",
                "HEADER_READ_TIMEOUT_SECS",
            ),
            ("--max-connections", "0", "MAX_CONNECTIONS"),
        ] {
            let mut args = full();
            args.extend([flag, value]);
            let e = Config::from_cli(cli(&args), String::new).expect_err(value);
            assert_eq!(e.name, name);
        }
    }

    #[test]
    fn the_store_is_sqlite_unless_a_postgres_url_is_given() {
        let c = Config::from_cli(cli(&full()), String::new).expect("valid");
        assert_eq!(c.store, StoreTarget::Sqlite(PathBuf::from("./data")));
        assert_eq!((c.monthly_call_budget, c.calls_per_second), (2000, 20));
        let mut args = full();
        args.extend(["--database-url", "postgres://u:p@db/quota"]);
        let c = Config::from_cli(cli(&args), String::new).expect("valid");
        assert_eq!(
            c.store,
            StoreTarget::Postgres("postgres://u:p@db/quota".into())
        );
        for (flag, value, name) in [
            ("--database-url", "mysql://db/quota", "DATABASE_URL"),
            ("--database-url", "sqlite:data.db", "DATABASE_URL"),
            ("--monthly-call-budget", "0", "DINGTALK_MONTHLY_CALL_BUDGET"),
            ("--calls-per-second", "0", "DINGTALK_CALLS_PER_SECOND"),
            ("--live-memory-seconds", "3601", "LIVE_MEMORY_SECONDS"),
            ("--history-days", "29", "HISTORY_DAYS"),
            ("--warning-horizon-days", "0", "WARNING_HORIZON_DAYS"),
            ("--warning-horizon-days", "366", "WARNING_HORIZON_DAYS"),
        ] {
            let mut args = full();
            args.extend([flag, value]);
            let e = Config::from_cli(cli(&args), String::new).expect_err(value);
            assert_eq!(e.name, name, "{value}");
        }
        let mut args = full();
        args.extend(["--data-dir", ""]);
        assert!(Cli::try_parse_from(std::iter::once("dashboard-server").chain(args)).is_err());
    }

    #[test]
    fn production_requires_every_value_and_names_it() {
        let e = Config::from_cli(cli(&[]), String::new).expect_err("missing");
        assert_eq!(e.name, "DINGTALK_APP_KEY");
        let mut args = full();
        args.truncate(6);
        let e = Config::from_cli(cli(&args), String::new).expect_err("missing secret");
        assert_eq!(e.name, "SESSION_SECRET");
        let mut args = full();
        args[7] = "short";
        let e = Config::from_cli(cli(&args), String::new).expect_err("short secret");
        assert!(e.to_string().contains("at least 32"), "{e}");
        let c = Config::from_cli(cli(&full()), String::new).expect("valid");
        assert!(c.cookie_secure);
        assert_eq!(
            c.upstream,
            Upstream::Remote {
                api_base: "https://api.dingtalk.com".into(),
                oapi_base: "https://oapi.dingtalk.com".into()
            }
        );
    }

    #[test]
    fn malformed_values_are_named() {
        for (flag, value, name) in [
            ("--api-base", "api.dingtalk.com", "DINGTALK_API_BASE"),
            ("--oapi-base", "ftp://x", "DINGTALK_OAPI_BASE"),
            ("--api-base", "https://", "DINGTALK_API_BASE"),
            ("--corp-id", "ding 1", "DINGTALK_CORP_ID"),
            ("--app-key", "a b", "DINGTALK_APP_KEY"),
            ("--session-ttl-secs", "5", "SESSION_TTL_SECS"),
        ] {
            let mut args = full();
            match args.iter().position(|a| *a == flag) {
                Some(i) => args[i + 1] = value,
                None => args.extend([flag, value]),
            }
            let e = Config::from_cli(cli(&args), String::new).expect_err(value);
            assert_eq!(e.name, name, "{value}");
        }
    }

    #[test]
    fn secrets_never_print() {
        let c = Config::from_cli(cli(&full()), String::new).expect("valid");
        let shown = format!("{c:?}");
        assert!(
            !shown.contains("s3cr3t") && !shown.contains("0123456789abcdef"),
            "{shown}"
        );
    }
}
