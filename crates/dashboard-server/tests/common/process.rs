//! The server binary as separate processes (a restart, a SIGKILL, replicas), and an admin
//! logged in to one over real HTTP.

use std::time::Duration;

/// A free loopback port.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

pub struct Server(pub std::process::Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// The server binary in demo mode on `port`, its store in `data`, with `args` besides (the
/// demo's own DingTalk unless `--api-base` is among them). Killed (SIGKILL) when dropped.
pub fn start(data: &std::path::Path, port: u16, args: &[&str]) -> Server {
    let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_dashboard-server"));
    c.args(["--demo", "--dist", "/nonexistent-dist"]);
    if !args.contains(&"--demo-spaces") && !args.contains(&"--api-base") {
        c.args(["--demo-spaces", "6000"]);
    }
    if !args.contains(&"--demo-history-days") {
        // A quick start: these tests are about snapshots, not the demo's made-up history.
        c.args(["--demo-history-days", "0"]);
    }
    let child = c
        .args(args)
        .args(["--listen", &format!("127.0.0.1:{port}")])
        .arg("--data-dir")
        .arg(data)
        .env(
            "SESSION_SECRET",
            "0123456789abcdef0123456789abcdef-processes",
        )
        .env("RUST_LOG", "warn")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("the server starts");
    Server(child)
}

/// A logged-in admin of the demo at `base`: the client and its session cookie.
pub struct Admin {
    pub http: reqwest::Client,
    pub cookie: String,
}

impl Admin {
    pub async fn login(base: &str) -> Self {
        let http = reqwest::Client::new();
        for _ in 0..100 {
            let r = http
                .post(format!("{base}/api/login"))
                .json(&serde_json::json!({ "authCode": dingtalk_emulator::DEMO_ADMIN_CODE }))
                .send()
                .await;
            if let Ok(r) = r {
                let cookie = r
                    .headers()
                    .get("set-cookie")
                    .and_then(|v| v.to_str().ok())
                    .and_then(|v| v.split(';').next())
                    .map(str::to_owned);
                if let (true, Some(cookie)) = (r.status().is_success(), cookie) {
                    return Self { http, cookie };
                }
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("could not log in at {base}");
    }

    pub async fn json(&self, url: &str) -> serde_json::Value {
        for _ in 0..100 {
            let r = self
                .http
                .get(url)
                .header("cookie", &self.cookie)
                .send()
                .await;
            if let Ok(r) = r {
                if let Ok(v) = r.json().await {
                    return v;
                }
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("no answer from {url}");
    }

    pub async fn wait_for(
        &self,
        url: &str,
        what: &str,
        ok: impl Fn(&serde_json::Value) -> bool,
    ) -> serde_json::Value {
        for _ in 0..600 {
            let s = self.json(url).await;
            if ok(&s) {
                return s;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("{what} did not happen");
    }
}
