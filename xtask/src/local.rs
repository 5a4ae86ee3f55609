//! Processes and HTTP on 127.0.0.1 for the load runs: children that are killed when dropped,
//! with a raised open-files limit and their output in a log file; a one-shot HTTP/1.1
//! exchange; a process's memory from /proc.

use crate::util::{cmd, Result};

use std::fs::File;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A child process that is killed (by its own id) when this is dropped, however the run ends.
pub struct Spawned {
    pub child: Child,
    pub name: &'static str,
    pub log: PathBuf,
}

impl Drop for Spawned {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Spawned {
    pub fn exited(&mut self) -> Option<String> {
        match self.child.try_wait() {
            Ok(Some(status)) => Some(status.to_string()),
            Ok(None) => None,
            Err(e) => Some(e.to_string()),
        }
    }

    /// The last lines of its log, for an error message.
    pub fn log_tail(&self) -> String {
        let text = std::fs::read_to_string(&self.log).unwrap_or_default();
        let lines: Vec<&str> = text.lines().collect();
        let tail = lines[lines.len().saturating_sub(15)..].join("\n      ");
        format!("{} log ({}):\n      {tail}", self.name, self.log.display())
    }
}

/// The open-files limit to ask for children: 65,536, or the hard limit if lower and not
/// root (root may raise the hard limit, unless the container forbids it). Each connection is a
/// socket in wrk and in the server, plus one from the server to the emulator per request in
/// flight; `check_open_files` verifies what the children got.
pub fn nofile_limit(connections: u32) -> Result<u64> {
    let hard = crate::util::output("sh", &["-c", "ulimit -Hn"])
        .ok_or("cannot read the open-files limit (`sh -c 'ulimit -Hn'` failed)")?;
    let root = crate::util::output("id", &["-u"]).as_deref() == Some("0");
    let limit = match hard.as_str() {
        "unlimited" => 65_536,
        _ if root => 65_536,
        n => n
            .parse::<u64>()
            .map_err(|_| format!("`ulimit -Hn` printed {n:?}, not a number"))?
            .min(65_536),
    };
    check_nofile(limit, connections)?;
    Ok(limit)
}

pub fn check_nofile(limit: u64, connections: u32) -> Result {
    let need = 2 * u64::from(connections) + 256;
    if limit < need {
        return Err(format!(
            "the open-files limit is {limit}, and {connections} connections need about {need}.\n    \
             Fix: raise the hard limit (as root `ulimit -Hn 65536`, /etc/security/limits.conf, or `docker run --ulimit nofile=65536`), or pass fewer --connections"
        ));
    }
    Ok(())
}

/// The open-files soft limit of process `pid` (Linux).
pub fn open_files_of(pid: u32) -> Option<u64> {
    let limits = std::fs::read_to_string(format!("/proc/{pid}/limits")).ok()?;
    let line = limits.lines().find(|l| l.starts_with("Max open files"))?;
    let soft = line["Max open files".len()..].split_whitespace().next()?;
    Some(if soft == "unlimited" {
        u64::MAX
    } else {
        soft.parse().ok()?
    })
}

/// `program args...` run through `sh` with the open-files soft limit raised to `nofile`, or
/// failing that to the hard limit; the shell `exec`s the program, so the child's id is the
/// program's.
pub fn with_nofile(nofile: u64, program: &Path) -> Command {
    let mut c = cmd("sh");
    c.args([
        "-c",
        "ulimit -n \"$1\" 2>/dev/null || ulimit -n \"$(ulimit -Hn)\" || exit 111; shift; exec \"$@\"",
        "soak",
        &nofile.to_string(),
    ])
    .arg(program);
    c
}

/// Starts a program that prints `listening on http://ADDR`, its output in `log`; returns
/// once it has printed it.
pub fn start_listening(
    mut c: Command,
    name: &'static str,
    log: PathBuf,
) -> Result<(Spawned, SocketAddr)> {
    let file = File::create(&log).map_err(|e| format!("cannot create {}: {e}", log.display()))?;
    let err = file
        .try_clone()
        .map_err(|e| format!("cannot share {}: {e}", log.display()))?;
    c.stdin(Stdio::null()).stdout(file).stderr(err);
    let child = c.spawn().map_err(|e| format!("cannot start {name}: {e}"))?;
    let mut p = Spawned { child, name, log };
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let text = std::fs::read_to_string(&p.log).unwrap_or_default();
        if let Some(addr) = listening_addr(&text) {
            return Ok((p, addr));
        }
        if let Some(status) = p.exited() {
            return Err(format!(
                "{name} exited ({status}) before listening.\n    {}",
                p.log_tail()
            ));
        }
        if Instant::now() > deadline {
            return Err(format!(
                "{name} did not listen within 30 s.\n    {}",
                p.log_tail()
            ));
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

pub fn listening_addr(log: &str) -> Option<SocketAddr> {
    let rest = &log[log.find("listening on http://")? + "listening on http://".len()..];
    let end = rest
        .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ':'))
        .unwrap_or(rest.len());
    rest[..end].parse().ok()
}

/// One HTTP/1.1 exchange on a fresh connection: (status, head, body).
pub fn http(addr: SocketAddr, request: &str) -> Result<(u16, String, String)> {
    let talk = || -> std::io::Result<Vec<u8>> {
        let mut s = TcpStream::connect_timeout(&addr, Duration::from_secs(5))?;
        s.set_read_timeout(Some(Duration::from_secs(30)))?;
        s.write_all(request.as_bytes())?;
        let mut out = Vec::new();
        s.read_to_end(&mut out)?;
        Ok(out)
    };
    let raw = talk().map_err(|e| format!("no answer from the server at {addr}: {e}"))?;
    let text = String::from_utf8_lossy(&raw);
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| format!("the server at {addr} sent no HTTP status line"))?;
    Ok((status, head.to_owned(), body.to_owned()))
}

/// VmRSS and VmHWM of `pid` in KB (Linux).
pub fn memory_kb(pid: u32) -> Option<(u64, u64)> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))?
            .trim()
            .trim_end_matches("kB")
            .trim()
            .parse::<u64>()
            .ok()
    };
    Some((field("VmRSS:")?, field("VmHWM:")?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_our_own_open_files_limit() {
        assert!(open_files_of(std::process::id()).is_some_and(|n| n > 0));
        assert!(check_nofile(1024, 1000).is_err());
        assert!(check_nofile(65_536, 1000).is_ok());
    }

    #[test]
    fn finds_the_listening_address() {
        assert_eq!(
            listening_addr("x\ndashboard-server listening on http://127.0.0.1:4567 (demo mode)\n"),
            Some(SocketAddr::from(([127, 0, 0, 1], 4567)))
        );
        assert_eq!(listening_addr("starting"), None);
    }
}
