//! `cargo xtask <command>`: the one entry point for set-up, the demo and the tests.

mod bench;
mod build;
mod load;
mod local;
mod proptests;
mod setup;
mod soak;
mod test;
mod util;
mod wrk;

use std::process::ExitCode;

const USAGE: &str = "usage: cargo xtask <command>

commands:
  setup   install the toolchain pieces (wasm target, trunk, wasm-bindgen, npm tools, Chromium,
          wrk)
  build   build the app (trunk, release) and the server
  demo    setup + build, then serve the demo at http://127.0.0.1:8080 (--listen ADDR to change)
  test    setup, then every check: fmt, clippy (native and wasm32), unit tests, browser
          component tests, end-to-end tests against the demo server, an 8 s load check
  bench   setup + build, then the performance figures side by side (bundle size, the quota
          review against a plain-JS page, the 10,000-entry folder, API calls per screen, the
          proxy against nginx): one table, written to target/bench/results.json
          (--no-build, --only LIST, --runs N, --check-size: see `cargo xtask bench --help`)
  soak    the long runs: property tests with 100,000 cases each, then 1,000 connections for
          60 s through the server's proxy (zero errors, flat memory), written to
          target/soak/results.json (--cases N, --seconds S, --connections C, --only WHAT,
          --no-build: see `cargo xtask soak --help`)";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("setup") => setup::load_tools().and_then(|_| setup::setup()),
        Some("build") => setup::setup().and_then(|_| build::build()),
        Some("demo") => setup::setup()
            .and_then(|_| build::build())
            .and_then(|_| build::demo(&args[1..])),
        Some("test") => setup::load_tools()
            .and_then(|_| setup::setup())
            .and_then(|_| test::test()),
        Some("bench") => bench::bench(&args[1..]),
        Some("soak") => soak::soak(&args[1..]),
        Some("help" | "--help" | "-h") => {
            println!("{USAGE}");
            Ok(())
        }
        other => Err(format!("unknown command {other:?}\n\n{USAGE}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("\nxtask: {e}");
            ExitCode::FAILURE
        }
    }
}
