//! `cargo xtask soak`: the long runs CI does not afford. The property tests with many more
//! cases (PROPTEST_CASES, `proptests.rs`), then load: 1,000 connections through the server's
//! proxy to the emulator (`load.rs`), a 10 s warm-up then 60 s measured, with zero errors and
//! flat memory required. Prints the figures and writes them to target/soak/results.json.
//!
//! `short_load` is the CI form of the load (1,000 connections, 3 s warm-up, 5 s measured)
//! that `cargo xtask test` runs; CI's property tests are the ordinary `cargo test` at
//! proptest's default 256 cases.

use crate::load::{run_load, LoadOptions, LoadResult, GROWTH_PERCENT, GROWTH_SLACK_KB, PATH};
use crate::util::{cmd, root, run, step, Result};

use std::time::Duration;

const USAGE: &str = "usage: cargo xtask soak [--cases N] [--seconds S] [--connections C] [--only proptest|load] [--no-build] [--ci-load]
  --cases N        cases per property test (default 100000; proptest's default is 256)
  --seconds S      length of the load (default 60)
  --connections C  concurrent connections of the load (default 1000)
  --only WHAT      only the property tests, or only the load
  --no-build       use target/server/dashboard-server and dingtalk-emulator as built
                   (otherwise they are built; the app itself, dist/, is not needed)
  --ci-load        only the load check `cargo xtask test` runs (3 s + 5 s), on the server as
                   built, to reproduce it";

struct Options {
    cases: u64,
    seconds: u32,
    connections: u32,
    proptest: bool,
    load: bool,
    build: bool,
    ci_load: bool,
}

fn number<T: std::str::FromStr + PartialOrd + std::fmt::Display>(
    value: Option<&String>,
    flag: &str,
    range: std::ops::RangeInclusive<T>,
) -> Result<T> {
    value
        .and_then(|v| v.parse().ok())
        .filter(|v| range.contains(v))
        .ok_or(format!(
            "{flag} needs a number from {} to {}\n\n{USAGE}",
            range.start(),
            range.end()
        ))
}

fn options(args: &[String]) -> Result<Option<Options>> {
    let mut o = Options {
        cases: 100_000,
        seconds: 60,
        connections: 1000,
        proptest: true,
        load: true,
        build: true,
        ci_load: false,
    };
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--cases" => o.cases = number(it.next(), a, 1..=100_000_000)?,
            "--seconds" => o.seconds = number(it.next(), a, 1..=86_400)?,
            "--connections" => o.connections = number(it.next(), a, 1..=30_000)?,
            "--only" => match it.next().map(String::as_str) {
                Some("proptest") => o.load = false,
                Some("load") => o.proptest = false,
                _ => return Err(format!("--only takes proptest or load\n\n{USAGE}")),
            },
            "--no-build" => o.build = false,
            "--ci-load" => o.ci_load = true,
            "--help" | "-h" => {
                println!("{USAGE}");
                return Ok(None);
            }
            other => return Err(format!("soak: unknown option {other:?}\n\n{USAGE}")),
        }
    }
    Ok(Some(o))
}

pub fn soak(args: &[String]) -> Result {
    let Some(o) = options(args)? else {
        return Ok(());
    };
    if o.ci_load {
        crate::setup::load_tools()?;
        return short_load();
    }
    let out = root().join("target/soak");
    std::fs::create_dir_all(&out).map_err(|e| format!("cannot create {}: {e}", out.display()))?;
    let proptests = if o.proptest {
        crate::proptests::long_proptests(o.cases)?
    } else {
        Vec::new()
    };
    let load = if o.load {
        if o.build {
            step("build the server and the emulator (cargo build --profile server)");
            run(
                cmd("cargo").args([
                    "build",
                    "--profile",
                    "server",
                    "-p",
                    "dashboard-server",
                    "-p",
                    "dingtalk-emulator",
                ]),
                "read the compiler error above",
            )?;
        }
        crate::setup::load_tools()?;
        step(&format!(
            "load: {} connections on GET {PATH}, 10 s warm-up then {} s measured, through dashboard-server --demo to the emulator",
            o.connections, o.seconds
        ));
        Some(run_load(&LoadOptions {
            connections: o.connections,
            warmup_seconds: 10,
            seconds: o.seconds,
            dir: out.clone(),
        })?)
    } else {
        None
    };

    step("results");
    for (name, took) in &proptests {
        println!(
            "    {name}: passed, {} cases per property, {:.1} s",
            o.cases,
            took.as_secs_f64()
        );
    }
    let failures = load.as_ref().map(report).unwrap_or_default();
    let json = out.join("results.json");
    let cases = o.proptest.then_some(o.cases);
    std::fs::write(
        &json,
        results_json(cases, &proptests, load.as_ref(), &failures),
    )
    .map_err(|e| format!("cannot write {}: {e}", json.display()))?;
    println!("\nwritten to {}", json.display());
    verdict(&failures)
}

/// The CI load: 1,000 connections, 3 s of warm-up then 5 s measured; figures in
/// target/soak/short-results.json.
/// Needs the server built (`build::build`); builds the emulator binary.
pub fn short_load() -> Result {
    step("the standalone emulator for the load check (cargo build --profile server -p dingtalk-emulator)");
    run(
        cmd("cargo").args(["build", "--profile", "server", "-p", "dingtalk-emulator"]),
        "read the compiler error above",
    )?;
    step(&format!(
        "load check: 1,000 connections on GET {PATH}, 3 s warm-up then 5 s measured (the long one: cargo xtask soak)"
    ));
    let dir = root().join("target/soak");
    let result = run_load(&LoadOptions {
        connections: 1000,
        warmup_seconds: 3,
        seconds: 5,
        dir: dir.clone(),
    })?;
    let failures = report(&result);
    let json = dir.join("short-results.json");
    std::fs::write(&json, results_json(None, &[], Some(&result), &failures))
        .map_err(|e| format!("cannot write {}: {e}", json.display()))?;
    verdict(&failures)
}

fn verdict(failures: &[String]) -> Result {
    if failures.is_empty() {
        return Ok(());
    }
    Err(format!(
        "the load run failed:\n      {}\n    Fix: read target/soak/server.log and target/soak/wrk.txt; non-2xx answers and memory growth are the server's, socket errors may be the machine's limits",
        failures.join("\n      ")
    ))
}

// ---- report --------------------------------------------------------------------------------

fn mb(kb: u64) -> String {
    format!("{:.1} MB", kb as f64 / 1024.0)
}

/// Prints the load figures; returns why the run failed, if it did.
fn report(r: &LoadResult) -> Vec<String> {
    let w = &r.wrk;
    let [c, rd, wr, t] = w.socket_errors;
    let ms = |v: Option<f64>| v.map_or("n/a".to_owned(), |v| format!("{v:.1} ms"));
    println!(
        "    load: {} connections, {} wrk threads, {:.1} s after a {} s warm-up ({} requests, {} non-2xx/3xx, socket errors {:?})",
        r.connections,
        r.threads,
        w.seconds,
        r.warm_secs,
        r.warmup.requests,
        r.warmup.non_2xx_3xx,
        r.warmup.socket_errors
    );
    println!(
        "    requests:       {} ({:.0}/s)",
        w.requests, w.requests_per_sec
    );
    println!(
        "    latency:        p50 {}, p99 {}",
        ms(w.p50_ms),
        ms(w.p99_ms)
    );
    println!("    non-2xx/3xx:    {}", w.non_2xx_3xx);
    println!("    socket errors:  connect {c}, read {rd}, write {wr}, timeout {t}");
    println!(
        "    server RSS:     start {}, warm-up highest {}, end {}, peak {} (VmHWM), 2 s after {}",
        mb(r.rss_start),
        mb(r.rss_warm),
        mb(r.rss_end),
        mb(r.rss_peak),
        mb(r.rss_after)
    );
    let failures = r.failures();
    println!(
        "    memory flat:    {} (end ≤ warm-up highest + {GROWTH_PERCENT}% + {} = {})",
        if r.rss_end <= r.rss_bound() {
            "yes"
        } else {
            "NO"
        },
        mb(GROWTH_SLACK_KB),
        mb(r.rss_bound())
    );
    println!(
        "    verdict:        {}",
        if failures.is_empty() {
            "passed"
        } else {
            "FAILED"
        }
    );
    failures
}

fn json_str(s: &str) -> String {
    let mut out = String::from("\"");
    for ch in s.chars() {
        match ch {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn json_opt(v: Option<f64>) -> String {
    v.map_or("null".to_owned(), |v| format!("{v:.2}"))
}

fn results_json(
    cases: Option<u64>,
    proptests: &[(String, Duration)],
    load: Option<&LoadResult>,
    failures: &[String],
) -> String {
    let commit = crate::util::output("git", &["rev-parse", "--short", "HEAD"]).unwrap_or_default();
    let dirty =
        crate::util::output("git", &["status", "--porcelain"]).is_some_and(|s| !s.is_empty());
    let when = crate::util::output("date", &["-u", "+%Y-%m-%dT%H:%M:%SZ"]).unwrap_or_default();
    let props: Vec<String> = proptests
        .iter()
        .map(|(name, took)| {
            format!(
                "{{\"test\": {}, \"seconds\": {:.1}}}",
                json_str(name),
                took.as_secs_f64()
            )
        })
        .collect();
    let load = load.map_or("null".to_owned(), |r| {
        let w = &r.wrk;
        let [c, rd, wr, t] = w.socket_errors;
        let samples: Vec<String> = r
            .samples
            .iter()
            .map(|(t, kb)| format!("[{t:.1}, {kb}]"))
            .collect();
        format!(
            "{{\n    \"path\": {}, \"connections\": {}, \"threads\": {}, \"seconds\": {:.2},\n    \
             \"requests\": {}, \"requests_per_sec\": {:.1}, \"latency_p50_ms\": {}, \"latency_p99_ms\": {},\n    \
             \"non_2xx_3xx\": {}, \"socket_errors\": {{\"connect\": {c}, \"read\": {rd}, \"write\": {wr}, \"timeout\": {t}}},\n    \
             \"warmup\": {{\"seconds\": {}, \"requests\": {}, \"non_2xx_3xx\": {}, \"socket_errors\": {}}},\n    \
             \"rss_kb\": {{\"start\": {}, \"warmup_highest\": {}, \"end\": {}, \"peak_vmhwm\": {}, \"after_2s_idle\": {}, \"end_allowed\": {}}},\n    \
             \"rss_samples_kb\": [{}]\n  }}",
            json_str(PATH),
            r.connections,
            r.threads,
            w.seconds,
            w.requests,
            w.requests_per_sec,
            json_opt(w.p50_ms),
            json_opt(w.p99_ms),
            w.non_2xx_3xx,
            r.warm_secs,
            r.warmup.requests,
            r.warmup.non_2xx_3xx,
            r.warmup.socket_errors.iter().sum::<u64>(),
            r.rss_start,
            r.rss_warm,
            r.rss_end,
            r.rss_peak,
            r.rss_after,
            r.rss_bound(),
            samples.join(", ")
        )
    });
    let failures: Vec<String> = failures.iter().map(|f| json_str(f)).collect();
    format!(
        "{{\n  \"commit\": {}, \"dirty\": {dirty}, \"finished\": {},\n  \"proptest_cases\": {},\n  \"proptests\": [{}],\n  \"load\": {load},\n  \"failures\": [{}],\n  \"passed\": {}\n}}\n",
        json_str(&commit),
        json_str(&when),
        cases.map_or("null".to_owned(), |c| c.to_string()),
        props.join(", "),
        failures.join(", "),
        failures.is_empty()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_parse_and_explain() {
        let args = |a: &[&str]| a.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        let o = options(&args(&[
            "--cases",
            "500",
            "--only",
            "load",
            "--seconds",
            "20",
        ]))
        .expect("valid")
        .expect("not help");
        assert_eq!((o.cases, o.seconds, o.connections), (500, 20, 1000));
        assert!(o.load && !o.proptest && o.build);
        assert!(options(&args(&["--seconds", "0"]))
            .err()
            .is_some_and(|e| e.contains("--seconds needs a number from 1")));
        assert!(options(&args(&["--only", "x"])).is_err());
        assert!(options(&args(&["--fast"])).is_err());
    }

    #[test]
    fn json_is_well_formed_enough() {
        let j = results_json(
            Some(10),
            &[("p t".into(), Duration::from_secs(2))],
            None,
            &["a \"b\"".into()],
        );
        assert!(j.contains("\"proptest_cases\": 10"));
        assert!(j.contains("\"load\": null"));
        assert!(j.contains(r#"["a \"b\""]"#));
        assert!(j.contains("\"passed\": false"));
    }
}
