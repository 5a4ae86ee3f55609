//! Building the app and the server, and running the demo.

use crate::util::{cmd, root, run, step, Result};

use std::path::PathBuf;

/// Where `cargo build --profile server` puts the server.
pub fn server_bin() -> PathBuf {
    root().join("target/server/dashboard-server")
}

/// Where the bundled official JSAPI goes; index.html copies this directory into dist/.
const JSAPI_DIR: &str = "jsapi/dist/jsapi";

/// Bundles the DingTalk JSAPI in two parts: the official package with every client's bridge
/// (jsapi/dingtalk.js -> jsapi/dist/jsapi/dingtalk-jsapi-<hash>.js, fetched only inside
/// DingTalk, and cached for good under its content hash), and the small loader the page
/// always has (jsapi/bridge.js -> jsapi/dist/dingtalk-bridge.js, inlined by Trunk). Prints
/// both sizes, raw and gzip.
pub fn bundle_jsapi() -> Result {
    step("bundle the DingTalk JSAPI (esbuild -> jsapi/dist/)");
    let root = root();
    let dir = root.join(JSAPI_DIR);
    // Only the current build's file: Trunk copies the whole directory into dist/.
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {JSAPI_DIR}: {e}"))?;
    let unhashed = dir.join("dingtalk-jsapi.js");
    esbuild("jsapi/dingtalk.js", &unhashed, &[])?;
    let body = std::fs::read(&unhashed).map_err(|e| format!("cannot read the bundle: {e}"))?;
    let name = format!("dingtalk-jsapi-{:016x}.js", fnv1a(&body));
    std::fs::rename(&unhashed, dir.join(&name))
        .map_err(|e| format!("cannot name the bundle: {e}"))?;
    let url = format!("\"/jsapi/{name}\"");
    let loader = root.join("jsapi/dist/dingtalk-bridge.js");
    esbuild(
        "jsapi/bridge.js",
        &loader,
        &[&format!("--define:__DINGTALK_JSAPI_URL__={url}")],
    )?;
    for (what, file) in [
        ("loader (inline, every page)", loader),
        ("package (DingTalk only)", dir.join(&name)),
    ] {
        let raw = std::fs::metadata(&file).map(|m| m.len()).unwrap_or(0);
        let gz = crate::bench::gzip_size(&file).map_or("?".into(), |g| g.to_string());
        println!("    {what}: {raw} B, {gz} B gzip -9");
    }
    Ok(())
}

fn esbuild(entry: &str, out: &std::path::Path, extra: &[&str]) -> Result {
    run(
        cmd("esbuild")
            .args([
                entry,
                "--bundle",
                "--format=iife",
                "--minify",
                "--target=es2018",
                "--log-level=warning",
            ])
            .args(extra)
            .arg(format!("--outfile={}", out.display())),
        "run `cargo xtask setup` (it installs esbuild and dingtalk-jsapi from package-lock.json)",
    )
}

/// FNV-1a, 64 bits: a content hash for the file name (16 hex digits, the form the server
/// caches as immutable), not a security property.
fn fnv1a(data: &[u8]) -> u64 {
    data.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
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
