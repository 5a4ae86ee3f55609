//! A per-client limit on login attempts: a fixed window per IP address, so a flood of
//! logins cannot hammer DingTalk's login call with the app's token.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The client's address: the TCP peer, or with `trust_proxy` the address the reverse proxy
/// appended last to X-Forwarded-For (earlier entries are the client's own claims).
pub fn client_ip(
    headers: &axum::http::HeaderMap,
    peer: Option<IpAddr>,
    trust_proxy: bool,
) -> IpAddr {
    // Strictly the last entry: anything before it was written by the client.
    let forwarded = trust_proxy.then(|| {
        let last_header = headers.get_all("x-forwarded-for").iter().next_back()?;
        let last = last_header.to_str().ok()?.rsplit(',').next()?;
        last.trim().parse().ok()
    });
    forwarded
        .flatten()
        .or(peer)
        .unwrap_or(IpAddr::from([0, 0, 0, 0]))
}

pub struct RateLimit {
    max: u32,
    window: Duration,
    seen: Mutex<HashMap<IpAddr, (Instant, u32)>>,
}

/// Entries kept before expired windows are swept.
const SWEEP_AT: usize = 10_000;

impl RateLimit {
    pub fn new(max: u32, window: Duration) -> Self {
        Self {
            max,
            window,
            seen: Mutex::new(HashMap::new()),
        }
    }

    /// Counts one attempt by `ip`; `Err(seconds to wait)` once it is over the limit.
    pub fn check(&self, ip: IpAddr, now: Instant) -> Result<(), u64> {
        let mut seen = self
            .seen
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if seen.len() >= SWEEP_AT {
            seen.retain(|_, (start, _)| now.duration_since(*start) < self.window);
        }
        let entry = seen.entry(ip).or_insert((now, 0));
        if now.duration_since(entry.0) >= self.window {
            *entry = (now, 0);
        }
        entry.1 += 1;
        if entry.1 > self.max {
            let wait = self.window.saturating_sub(now.duration_since(entry.0));
            return Err(wait.as_secs().max(1));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_each_client_separately_and_resets() {
        let rl = RateLimit::new(3, Duration::from_secs(60));
        let (a, b): (IpAddr, IpAddr) = ([10, 0, 0, 1].into(), [10, 0, 0, 2].into());
        let t0 = Instant::now();
        for _ in 0..3 {
            assert_eq!(rl.check(a, t0), Ok(()));
        }
        assert_eq!(rl.check(a, t0), Err(60));
        assert_eq!(rl.check(b, t0), Ok(()));
        assert_eq!(rl.check(a, t0 + Duration::from_secs(59)), Err(1));
        assert_eq!(rl.check(a, t0 + Duration::from_secs(60)), Ok(()));
    }
}
