//! Building the app and the server, and running the demo.

use crate::util::{cmd, root, run, step, Result};

use std::path::PathBuf;

/// Where `cargo build --profile server` puts the server.
pub fn server_bin() -> PathBuf {
    root().join("target/server/dashboard-server")
}

/// Bundles the DingTalk JSAPI bridge (jsapi/bridge.js + the npm dingtalk-jsapi parts it
/// imports) into jsapi/dist/dingtalk-bridge.js, which index.html loads.
pub fn bundle_jsapi() -> Result {
    step("bundle the DingTalk JSAPI bridge (esbuild -> jsapi/dist/dingtalk-bridge.js)");
    run(
        cmd("esbuild").args([
            "jsapi/bridge.js",
            "--bundle",
            "--format=iife",
            "--minify",
            "--target=es2018",
            "--log-level=warning",
            "--outfile=jsapi/dist/dingtalk-bridge.js",
        ]),
        "run `cargo xtask setup` (it installs esbuild and dingtalk-jsapi from package-lock.json)",
    )
}

pub fn build() -> Result {
    bundle_jsapi()?;
    step("build the app (trunk build --release -> dist/)");
    run(
        cmd("trunk").args(["build", "--release"]),
        "read trunk's error above; `cargo xtask setup` reinstalls trunk, wasm-bindgen and wasm-opt at the pinned versions",
    )?;
    step("build the server (cargo build --profile server)");
    run(
        cmd("cargo").args(["build", "--profile", "server", "-p", "dashboard-server"]),
        "read the compiler error above",
    )
}

pub fn demo(args: &[String]) -> Result {
    let mut listen = "127.0.0.1:8080".to_owned();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--listen" => {
                listen = it
                    .next()
                    .cloned()
                    .ok_or("--listen needs an address, e.g. 0.0.0.0:8080")?
            }
            other => {
                return Err(format!(
                    "demo: unknown option {other:?} (only --listen ADDR)"
                ))
            }
        }
    }
    step(&format!(
        "serve the demo at http://{listen} (Ctrl-C stops it)"
    ));
    run(
        cmd(&server_bin().display().to_string())
            .args(["--demo", "--listen", &listen, "--dist"])
            .arg(root().join("dist")),
        "if the address is taken, choose another: cargo xtask demo --listen 127.0.0.1:8081",
    )
}
