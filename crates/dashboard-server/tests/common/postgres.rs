//! A throwaway PostgreSQL cluster for the store's tests: `initdb` into a temp directory,
//! started on a free loopback port, stopped (and its files removed) when dropped. Run as root,
//! it runs the cluster as the `postgres` user Debian's package creates (initdb refuses root).

use std::path::{Path, PathBuf};
use std::process::Command;

pub struct Postgres {
    dir: PathBuf,
    bin: PathBuf,
    pub url: String,
}

/// The directory of PostgreSQL's server programs: `PG_BIN`, else the newest
/// `/usr/lib/postgresql/*/bin` (Debian's layout).
fn bin_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("PG_BIN") {
        return PathBuf::from(dir);
    }
    let mut versions: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path().join("bin"))
        .filter(|p| p.join("initdb").exists())
        .collect();
    versions.sort();
    versions.pop().unwrap_or_else(|| {
        panic!("PostgreSQL's server programs are not installed; run `cargo xtask setup` (it installs Debian's `postgresql` package) or set PG_BIN to the directory holding initdb and pg_ctl")
    })
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout.starts_with(b"0\n"))
}

/// Runs `program args` (as the postgres user when root); its output when it fails.
fn run(bin: &Path, program: &str, args: &[&str]) -> Result<(), String> {
    let exe = bin.join(program);
    let output = if is_root() {
        let quoted: Vec<String> = std::iter::once(exe.display().to_string())
            .chain(args.iter().map(|a| a.to_string()))
            .map(|a| format!("'{}'", a.replace('\'', "'\\''")))
            .collect();
        Command::new("su")
            .args(["postgres", "-s", "/bin/sh", "-c", &quoted.join(" ")])
            .output()
    } else {
        Command::new(&exe).args(args).output()
    }
    .map_err(|e| format!("cannot run {program}: {e}"))?;
    if output.status.success() {
        return Ok(());
    }
    Err(format!(
        "{program} failed: {}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    ))
}

impl Postgres {
    pub fn start() -> Self {
        let bin = bin_dir();
        let dir = super::temp_dir("postgres");
        if is_root() {
            let owned = Command::new("chown")
                .args(["-R", "postgres", &dir.display().to_string()])
                .status()
                .is_ok_and(|s| s.success());
            assert!(owned, "cannot give {} to the postgres user", dir.display());
        }
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let data = dir.join("data");
        let (data, log) = (
            data.display().to_string(),
            dir.join("log").display().to_string(),
        );
        run(
            &bin,
            "initdb",
            &[
                "-D",
                &data,
                "-U",
                "test",
                "--auth=trust",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
            ],
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let options = format!(
            "-p {port} -k {} -c listen_addresses=127.0.0.1 -c fsync=off",
            dir.display()
        );
        run(
            &bin,
            "pg_ctl",
            &["-D", &data, "-o", &options, "-l", &log, "-w", "start"],
        )
        .unwrap_or_else(|e| panic!("{e}"));
        Self {
            dir,
            bin,
            url: format!("postgres://test@127.0.0.1:{port}/postgres"),
        }
    }
}

impl Drop for Postgres {
    fn drop(&mut self) {
        let data = self.dir.join("data").display().to_string();
        if let Err(e) = run(
            &self.bin,
            "pg_ctl",
            &["-D", &data, "-m", "immediate", "-w", "stop"],
        ) {
            eprintln!("the test cluster did not stop: {e}");
        }
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
