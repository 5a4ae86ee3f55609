//! The load run of `cargo xtask soak` (and its short form in `cargo xtask test`): the standalone
//! emulator, `dashboard-server --demo` in front of it, one demo login, then wrk with many
//! connections on a proxied call (a warm-up run, then the measured one), while the server's
//! memory is sampled every second.
//!
//! The emulator runs in its own process so the figures are the server's alone (the emulator
//! keeps a request log of up to 100,000 entries, which would look like growth).

use crate::build::server_bin;
use crate::local::{
    check_nofile, http, memory_kb, nofile_limit, open_files_of, start_listening, with_nofile,
    Spawned,
};
use crate::util::{root, Result};
use crate::wrk::{parse_wrk, WrkFigures};

use std::io::Read;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::Stdio;
use std::time::{Duration, Instant};

/// The proxied call under load: the quota review's first page.
pub const PATH: &str = "/v1.0/drive/spaces?spaceType=org&maxResults=50";
/// Spaces the emulator generates.
const SPACES: u32 = 1000;
/// Memory is flat if, at the end, RSS ≤ RSS after warm-up × (1 + this / 100) + the slack.
pub const GROWTH_PERCENT: u64 = 20;
pub const GROWTH_SLACK_KB: u64 = 16 * 1024;

pub fn emulator_bin() -> PathBuf {
    root().join("target/server/dingtalk-emulator")
}

/// Logs in with the demo admin code; returns `dqd_session=...` (never printed).
fn demo_login(addr: SocketAddr) -> Result<String> {
    let body = r#"{"authCode":"demo-admin"}"#;
    let req = format!(
        "POST /api/login HTTP/1.1\r\nhost: {addr}\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
        body.len()
    );
    let (status, head, answer) = http(addr, &req)?;
    let cookie = head
        .lines()
        .filter_map(|l| l.split_once(':'))
        .filter(|(k, _)| k.eq_ignore_ascii_case("set-cookie"))
        .filter_map(|(_, v)| v.trim().split(';').next())
        .find(|c| c.starts_with("dqd_session="))
        .map(str::to_owned);
    match (status, cookie) {
        (200, Some(c)) => Ok(c),
        _ => Err(format!(
            "the demo login answered {status} without a session cookie: {}\n    Fix: check that the server runs with --demo and can reach the emulator",
            answer.chars().take(300).collect::<String>()
        )),
    }
}

fn get(addr: SocketAddr, cookie: &str) -> Result<(u16, String)> {
    let req = format!(
        "GET {PATH} HTTP/1.1\r\nhost: {addr}\r\ncookie: {cookie}\r\nconnection: close\r\n\r\n"
    );
    http(addr, &req).map(|(status, _, body)| (status, body))
}

pub struct LoadOptions {
    pub connections: u32,
    /// Length of the warm-up run, then of the measured run.
    pub warmup_seconds: u32,
    pub seconds: u32,
    /// Where the logs and the wrk script go.
    pub dir: PathBuf,
}

/// What one load run measured.
pub struct LoadResult {
    pub connections: u32,
    pub threads: u32,
    /// The warm-up run: its errors count too, its rate does not.
    pub warmup: WrkFigures,
    /// The measured run.
    pub wrk: WrkFigures,
    /// Server RSS in KB: before the load, the highest during the warm-up, at the end of the
    /// measured run, and 2 s after it; the peak is the kernel's high-water mark (VmHWM).
    pub rss_start: u64,
    pub rss_warm: u64,
    pub warm_secs: u32,
    pub rss_end: u64,
    pub rss_after: u64,
    pub rss_peak: u64,
    /// (seconds since the warm-up started, RSS KB), one a second.
    pub samples: Vec<(f64, u64)>,
}

impl LoadResult {
    /// The most RSS may be at the end for memory to count as flat.
    pub fn rss_bound(&self) -> u64 {
        self.rss_warm + self.rss_warm * GROWTH_PERCENT / 100 + GROWTH_SLACK_KB
    }

    /// Why the run failed, if it did.
    pub fn failures(&self) -> Vec<String> {
        let mut out = Vec::new();
        if self.wrk.requests == 0 {
            out.push("no request was answered".to_owned());
        }
        for (phase, f) in [("warm-up", &self.warmup), ("measured run", &self.wrk)] {
            if f.non_2xx_3xx > 0 {
                out.push(format!(
                    "{phase}: {} answers were not 2xx/3xx (the server log says which)",
                    f.non_2xx_3xx
                ));
            }
            let [c, r, w, t] = f.socket_errors;
            if c + r + w + t > 0 {
                out.push(format!(
                    "{phase}: socket errors: connect {c}, read {r}, write {w}, timeout {t}"
                ));
            }
        }
        if self.rss_end > self.rss_bound() {
            out.push(format!(
                "server memory grew: {} KB at the end against {} KB in the warm-up (allowed: +{GROWTH_PERCENT}% + {} KB = {} KB)",
                self.rss_end,
                self.rss_warm,
                GROWTH_SLACK_KB,
                self.rss_bound()
            ));
        }
        out
    }
}

/// The wrk script that adds the session cookie from the environment, so it is in neither
/// wrk's command line nor any file.
const WRK_SCRIPT: &str =
    "-- Written by cargo xtask soak: the session cookie comes from the environment.\n\
wrk.headers[\"Cookie\"] = os.getenv(\"SOAK_COOKIE\")\n";

pub fn run_load(o: &LoadOptions) -> Result<LoadResult> {
    for (bin, how) in [
        (
            server_bin(),
            "cargo build --profile server -p dashboard-server",
        ),
        (
            emulator_bin(),
            "cargo build --profile server -p dingtalk-emulator",
        ),
    ] {
        if !bin.exists() {
            return Err(format!("{} is missing.\n    Fix: {how}", bin.display()));
        }
    }
    let wrk = crate::bench::find_program("wrk").ok_or(
        "wrk is not installed.\n    Fix: run `cargo xtask setup` as root, or apt-get install -y wrk",
    )?;
    std::fs::create_dir_all(&o.dir)
        .map_err(|e| format!("cannot create {}: {e}", o.dir.display()))?;
    let nofile = nofile_limit(o.connections)?;

    let mut c = with_nofile(nofile, &emulator_bin());
    c.args(["--listen", "127.0.0.1:0", "--spaces", &SPACES.to_string()])
        .args(["--qps-per-api", "0"])
        .env("RUST_LOG", "warn");
    let (_emulator, emulator_addr) =
        start_listening(c, "dingtalk-emulator", o.dir.join("emulator.log"))?;
    let base = format!("http://{emulator_addr}");
    let mut c = with_nofile(nofile, &server_bin());
    // The load measures the server's connections, not DingTalk's pace: a store of its own,
    // a budget and pace the load cannot reach (both are tested in the server's tests), and
    // every request forwarded (no memory of live answers).
    c.args(["--demo", "--listen", "127.0.0.1:0"])
        .env("DINGTALK_API_BASE", &base)
        .env("DINGTALK_OAPI_BASE", &base)
        .env("DATA_DIR", o.dir.join("store"))
        .env("DINGTALK_MONTHLY_CALL_BUDGET", "4000000000")
        .env("DINGTALK_CALLS_PER_SECOND", "1000000")
        .env("LIVE_MEMORY_SECONDS", "0")
        .env("RUST_LOG", "warn");
    let (mut server, addr) = start_listening(c, "dashboard-server", o.dir.join("server.log"))?;
    let pid = server.child.id();
    // What the server got is what wrk and the emulator got (same limits, same way).
    if let Some(got) = open_files_of(pid) {
        check_nofile(got, o.connections)?;
    }

    let cookie = demo_login(addr)?;
    let (status, body) = get(addr, &cookie)?;
    if status != 200 || !body.contains("\"spaces\"") {
        return Err(format!(
            "GET {PATH} answered {status} before the load: {}\n    {}",
            body.chars().take(300).collect::<String>(),
            server.log_tail()
        ));
    }
    let rss_start = memory_kb(pid).map_or(0, |m| m.0);

    let script = o.dir.join("session.lua");
    std::fs::write(&script, WRK_SCRIPT)
        .map_err(|e| format!("cannot write {}: {e}", script.display()))?;
    let mut load = Wrk {
        program: wrk,
        nofile,
        threads: std::thread::available_parallelism()
            .map_or(2, |n| n.get() as u32)
            .clamp(1, 4)
            .min(o.connections),
        connections: o.connections,
        script,
        url: format!("http://{addr}{PATH}"),
        cookie,
        log: o.dir.join("wrk.txt"),
        started: Instant::now(),
        samples: Vec::new(),
    };
    // Connections, the upstream pool and the allocator's arenas fill during the warm-up; its
    // highest RSS is the baseline the end of the measured run is held to.
    println!("    warm-up, {} s:", o.warmup_seconds);
    let warmup = load.phase(o.warmup_seconds, &mut server, pid)?;
    let rss_warm = load.samples.iter().map(|s| s.1).max().unwrap_or(0);
    let measured_from = load.samples.len();
    println!("    measured run, {} s:", o.seconds);
    let figures = load.phase(o.seconds, &mut server, pid)?;

    let rss_end = load.samples.last().map_or(0, |s| s.1);
    std::thread::sleep(Duration::from_secs(2));
    let (rss_after, hwm) = memory_kb(pid).unwrap_or((0, 0));
    // The kernel's RSS counters are synced lazily: a sample may exceed VmHWM by a few pages.
    let rss_peak = load
        .samples
        .iter()
        .map(|s| s.1)
        .chain([hwm])
        .max()
        .unwrap_or(0);
    let (status, _) = get(addr, &load.cookie)?;
    if status != 200 {
        return Err(format!(
            "after the load the server answers {status} to GET {PATH}.\n    {}",
            server.log_tail()
        ));
    }
    Ok(LoadResult {
        connections: o.connections,
        threads: load.threads,
        warmup,
        wrk: figures,
        rss_start,
        rss_warm,
        warm_secs: o.warmup_seconds,
        rss_end: if load.samples.len() > measured_from {
            rss_end
        } else {
            0
        },
        rss_after,
        rss_peak,
        samples: load.samples,
    })
}

/// wrk runs against one URL, and the server's memory sampled while they go.
struct Wrk {
    program: PathBuf,
    nofile: u64,
    threads: u32,
    connections: u32,
    script: PathBuf,
    url: String,
    /// `dqd_session=...`: passed to wrk's script in the environment, never printed.
    cookie: String,
    log: PathBuf,
    started: Instant,
    /// (seconds since the first run started, server RSS in KB), one a second.
    samples: Vec<(f64, u64)>,
}

impl Wrk {
    /// One wrk run of `seconds`, sampling the server (`pid`) every second.
    fn phase(&mut self, seconds: u32, server: &mut Spawned, pid: u32) -> Result<WrkFigures> {
        let mut c = with_nofile(self.nofile, &self.program);
        c.args([
            "-t",
            &self.threads.to_string(),
            "-c",
            &self.connections.to_string(),
            "-d",
            &format!("{seconds}s"),
            "--latency",
            "--timeout",
            "10s",
            "-s",
        ])
        .arg(&self.script)
        .arg(&self.url)
        .env("SOAK_COOKIE", &self.cookie)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
        println!(
            "    $ wrk -t {} -c {} -d {seconds}s --latency --timeout 10s -s {} {}   (cookie from SOAK_COOKIE)",
            self.threads,
            self.connections,
            self.script.display(),
            self.url
        );
        let started = Instant::now();
        let child = c.spawn().map_err(|e| format!("cannot start wrk: {e}"))?;
        let mut run = Spawned {
            child,
            name: "wrk",
            log: self.log.clone(),
        };
        let deadline = started + Duration::from_secs(u64::from(seconds) + 60);
        let mut next = started + Duration::from_secs(1);
        while run.exited().is_none() {
            if Instant::now() > deadline {
                return Err(format!(
                    "wrk did not finish within {} s of its {seconds} s run",
                    seconds + 60
                ));
            }
            if let Some(status) = server.exited() {
                return Err(format!(
                    "the server exited ({status}) under load.\n    {}",
                    server.log_tail()
                ));
            }
            let now = Instant::now();
            if now >= next {
                if let Some((rss, _)) = memory_kb(pid) {
                    let t = now.duration_since(self.started).as_secs_f64();
                    self.samples.push((t, rss));
                }
                next += Duration::from_secs(1);
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let mut out = String::new();
        let mut err = String::new();
        if let Some(mut s) = run.child.stdout.take() {
            let _ = s.read_to_string(&mut out);
        }
        if let Some(mut s) = run.child.stderr.take() {
            let _ = s.read_to_string(&mut err);
        }
        let _ = std::fs::write(&self.log, format!("{out}{err}"));
        let figures = parse_wrk(&out).ok_or_else(|| {
            format!(
                "wrk printed no summary (raising the open-files limit to {} may have failed):\n{out}{err}",
                self.nofile
            )
        })?;
        for line in out.lines() {
            println!("      {line}");
        }
        Ok(figures)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wrk::tests::WRK_OUT;

    #[test]
    fn failures_name_errors_and_growth() {
        let mut r = LoadResult {
            connections: 1000,
            threads: 2,
            warmup: WrkFigures::default(),
            wrk: parse_wrk(WRK_OUT).expect("parsed"),
            rss_start: 10_000,
            rss_warm: 40_000,
            warm_secs: 1,
            rss_end: 40_000 + 8_000 + GROWTH_SLACK_KB,
            rss_after: 30_000,
            rss_peak: 70_000,
            samples: Vec::new(),
        };
        assert_eq!(r.failures().len(), 2, "{:?}", r.failures());
        r.rss_end += 1;
        assert_eq!(r.failures().len(), 3);
        r.wrk.non_2xx_3xx = 0;
        r.wrk.socket_errors = [0; 4];
        r.rss_end = 41_000;
        assert!(r.failures().is_empty());
        r.warmup.socket_errors = [1, 0, 0, 0];
        assert!(r.failures()[0].starts_with("warm-up: socket errors: connect 1"));
    }
}
