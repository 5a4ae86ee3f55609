//! `cargo xtask test`: every check CI runs, in order of cost, stopping at the first failure.

use crate::build::{build, server_bin};
use crate::util::{cmd, root, run, step, Result};

pub fn test() -> Result {
    step("format (cargo fmt --check)");
    run(
        cmd("cargo").args(["fmt", "--all", "--", "--check"]),
        "run `cargo fmt --all`",
    )?;
    step("lint, native (cargo clippy --all-targets -D warnings)");
    run(
        cmd("cargo").args([
            "clippy",
            "--workspace",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ]),
        "fix the warnings clippy printed above",
    )?;
    step("lint, wasm32 (the app)");
    run(
        cmd("cargo").args([
            "clippy",
            "-p",
            "drive-quota-dashboard",
            "--all-targets",
            "--target",
            "wasm32-unknown-unknown",
            "--",
            "-D",
            "warnings",
        ]),
        "fix the warnings clippy printed above",
    )?;
    step("unit and integration tests, native (cargo test --workspace)");
    run(
        cmd("cargo").args(["test", "--workspace"]),
        "read the failing test above",
    )?;
    step("component tests in headless Chromium (wasm-bindgen-test)");
    run(
        cmd("cargo").args([
            "test",
            "-p",
            "drive-quota-dashboard",
            "--target",
            "wasm32-unknown-unknown",
        ]),
        "read the failing test above; chromedriver must be on PATH (cargo xtask setup)",
    )?;
    build()?;
    crate::bench::check_bundle_size()?;
    step("end-to-end tests in headless Chromium against dashboard-server --demo");
    run(
        cmd("node")
            .arg("tests/e2e/run.mjs")
            .env("SERVER_BIN", server_bin())
            .env("DIST_DIR", root().join("dist")),
        "read the failing journey above; screenshots of failures are in target/e2e/",
    )?;
    crate::soak::short_load()?;
    println!("\nxtask test: all checks passed.");
    Ok(())
}
