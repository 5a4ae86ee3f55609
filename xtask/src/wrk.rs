//! wrk's summary, parsed.

/// What wrk printed.
#[derive(Debug, Default, PartialEq)]
pub struct WrkFigures {
    pub requests: u64,
    pub seconds: f64,
    pub requests_per_sec: f64,
    pub p50_ms: Option<f64>,
    pub p99_ms: Option<f64>,
    pub non_2xx_3xx: u64,
    /// connect, read, write, timeout.
    pub socket_errors: [u64; 4],
}

/// Parses wrk's summary (with --latency).
pub fn parse_wrk(out: &str) -> Option<WrkFigures> {
    let mut f = WrkFigures::default();
    let ms = |v: &str| {
        let split = v.find(|c: char| c.is_ascii_alphabetic())?;
        let n: f64 = v[..split].parse().ok()?;
        let unit = match &v[split..] {
            "us" => 0.001,
            "ms" => 1.0,
            "s" => 1000.0,
            "m" => 60_000.0,
            _ => return None,
        };
        Some(n * unit)
    };
    let mut seen_total = false;
    for line in out.lines().map(str::trim) {
        let words: Vec<&str> = line.split_whitespace().collect();
        match words.as_slice() {
            [n, "requests", "in", secs, ..] => {
                f.requests = n.parse().ok()?;
                f.seconds = ms(secs.trim_end_matches(','))? / 1000.0;
                seen_total = true;
            }
            ["Requests/sec:", v] => f.requests_per_sec = v.parse().ok()?,
            ["50%", v] => f.p50_ms = ms(v),
            ["99%", v] => f.p99_ms = ms(v),
            ["Non-2xx", "or", "3xx", "responses:", n] => f.non_2xx_3xx = n.parse().ok()?,
            ["Socket", "errors:", rest @ ..] => {
                let nums: Vec<u64> = rest
                    .iter()
                    .filter_map(|w| w.trim_end_matches(',').parse().ok())
                    .collect();
                f.socket_errors = nums.try_into().ok()?;
            }
            _ => {}
        }
    }
    seen_total.then_some(f)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) const WRK_OUT: &str =
        "Running 5s test @ http://127.0.0.1:40000/v1.0/drive/spaces?spaceType=org&maxResults=50
  2 threads and 1000 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency   180.12ms   40.01ms   1.20s    90.00%
    Req/Sec     2.70k   400.00     3.50k    70.00%
  Latency Distribution
     50%  175.00ms
     75%  190.00ms
     90%  210.00ms
     99%    1.02s
  26950 requests in 5.01s, 95.00MB read
  Socket errors: connect 0, read 3, write 0, timeout 12
  Non-2xx or 3xx responses: 7
Requests/sec:   5379.24
Transfer/sec:     18.96MB
";

    #[test]
    fn parses_wrks_summary() {
        let f = parse_wrk(WRK_OUT).expect("parsed");
        assert_eq!(f.requests, 26950);
        assert!((f.seconds - 5.01).abs() < 1e-9, "{}", f.seconds);
        assert_eq!(f.requests_per_sec, 5379.24);
        assert_eq!(f.p50_ms, Some(175.0));
        assert_eq!(f.p99_ms, Some(1020.0));
        assert_eq!(f.non_2xx_3xx, 7);
        assert_eq!(f.socket_errors, [0, 3, 0, 12]);
        assert_eq!(parse_wrk("wrk: unable to connect"), None);
    }
}
