//! `cargo xtask setup`: installs what building and testing need, each only when missing or
//! at the wrong version (each pin says why).

use crate::util::{cmd, locked_version, output, root, run, step, Result};

pub const TRUNK_VERSION: &str = "0.21.14";

pub fn setup() -> Result {
    wasm_target()?;
    wasm_bindgen()?;
    trunk()?;
    npm()?;
    chromium()?;
    postgres()?;
    // After Chromium: its install ran `apt-get update` on a fresh machine.
    cjk_fonts();
    println!("\nsetup: everything is in place.");
    Ok(())
}

fn wasm_target() -> Result {
    step("wasm32-unknown-unknown target");
    let installed = output("rustup", &["target", "list", "--installed"]).unwrap_or_default();
    if installed
        .lines()
        .any(|l| l.trim() == "wasm32-unknown-unknown")
    {
        println!("    present");
        return Ok(());
    }
    run(
        cmd("rustup").args(["target", "add", "wasm32-unknown-unknown"]),
        "check that rustup can reach its server, then run `rustup target add wasm32-unknown-unknown`",
    )
}

fn wasm_bindgen() -> Result {
    step("wasm-bindgen CLI (must equal the wasm-bindgen in Cargo.lock)");
    let want = locked_version("wasm-bindgen").ok_or("Cargo.lock has no wasm-bindgen entry.\n    Fix: run `cargo generate-lockfile` at the repository root")?;
    let have = output("wasm-bindgen", &["--version"]).unwrap_or_default();
    if have == format!("wasm-bindgen {want}") {
        println!("    {have}");
        return Ok(());
    }
    println!(
        "    have {:?}, need {want}; installing (about 3 minutes)",
        have
    );
    // Not --locked: its locked dependency set does not resolve against the registry mirror.
    run(
        cmd("cargo").args(["install", "wasm-bindgen-cli", "--version", &want, "--force"]),
        "check crates.io access; the CLI version must equal Cargo.lock's wasm-bindgen",
    )
}

fn trunk() -> Result {
    step(&format!("trunk {TRUNK_VERSION}"));
    let have = output("trunk", &["--version"]).unwrap_or_default();
    if have == format!("trunk {TRUNK_VERSION}") {
        println!("    {have}");
        return Ok(());
    }
    println!("    have {:?}; installing (about 8 minutes)", have);
    // 0.22 needs a newer rustc than this machine's stable.
    run(
        cmd("cargo").args([
            "install",
            "--locked",
            "trunk",
            "--version",
            TRUNK_VERSION,
            "--force",
        ]),
        "check crates.io access and the disk space under ~/.cargo",
    )
}

fn npm() -> Result {
    step("npm packages (package-lock.json: binaryen's wasm-opt, playwright-core)");
    let root = root();
    let lock = root.join("package-lock.json");
    let stamp = root.join("node_modules/.package-lock.json");
    let modified = |p: &std::path::Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
    let fresh = matches!((modified(&stamp), modified(&lock)), (Some(s), Some(l)) if s >= l);
    if fresh && root.join("node_modules/.bin/wasm-opt").exists() {
        println!("    up to date");
        return Ok(());
    }
    run(
        cmd("npm").args(["ci", "--no-audit", "--no-fund"]),
        "install Node.js and npm (Debian: apt-get install nodejs npm) and check access to the npm registry",
    )
}

fn chromium() -> Result {
    step("Chromium and ChromeDriver (headless browser tests)");
    let have = |p: &str| std::path::Path::new(p).exists();
    if have("/usr/bin/chromium") && have("/usr/bin/chromedriver") {
        println!(
            "    {}",
            output("/usr/bin/chromium", &["--version"]).unwrap_or_else(|| "present".into())
        );
        return Ok(());
    }
    let root_user = output("id", &["-u"]).as_deref() == Some("0");
    if !root_user {
        return Err("Chromium is missing and installing it needs root.\n    Fix: sudo apt-get install -y chromium chromium-driver".into());
    }
    apt_install(
        &["chromium", "chromium-driver"],
        "run `apt-get update && apt-get install -y chromium chromium-driver` and read its error",
    )
}

/// PostgreSQL's server programs, for the store's tests on Postgres (each test starts a
/// throwaway cluster of its own; nothing is started here, and the demo needs none: it keeps
/// its store in SQLite).
fn postgres() -> Result {
    step("PostgreSQL (the store's tests on Postgres)");
    let found = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path().join("bin"))
        .find(|bin| bin.join("initdb").exists() && bin.join("pg_ctl").exists());
    if let Some(bin) = found {
        println!("    {}", bin.display());
        return Ok(());
    }
    if output("id", &["-u"]).as_deref() != Some("0") {
        return Err("PostgreSQL is missing and installing it needs root.\n    Fix: sudo apt-get install -y postgresql".into());
    }
    apt_install(
        &["postgresql"],
        "run `apt-get update && apt-get install -y postgresql` and read its error",
    )
}

/// `apt-get update`, then `apt-get install` of `packages` without recommends; `fix` is what
/// the admin is told when either fails.
fn apt_install(packages: &[&str], fix: &str) -> Result {
    run(
        cmd("apt-get")
            .arg("update")
            .env("DEBIAN_FRONTEND", "noninteractive"),
        fix,
    )?;
    run(
        cmd("apt-get")
            .args(["install", "-y", "--no-install-recommends"])
            .args(packages)
            .env("DEBIAN_FRONTEND", "noninteractive"),
        fix,
    )
}

/// wrk, for the load check of `cargo xtask test` and the load of `cargo xtask soak` (run by
/// `setup` and `test`, not by `build` and `demo`, which do not need it): required, so a
/// missing wrk that cannot be installed stops with the command that installs it.
pub fn load_tools() -> Result {
    step("wrk (the load check)");
    if crate::bench::find_program("wrk").is_some() {
        println!("    present");
        return Ok(());
    }
    if output("id", &["-u"]).as_deref() != Some("0") {
        return Err(
            "wrk is missing and installing it needs root.\n    Fix: sudo apt-get install -y wrk"
                .into(),
        );
    }
    apt_install(
        &["wrk"],
        "run `apt-get update && apt-get install -y wrk` and read its error",
    )
}

/// Optional Debian tools for `cargo xtask bench` only (not part of `setup`): brotli for the
/// bundle figures, nginx and wrk for the proxy comparison. Installed when missing and running
/// as root; otherwise, or if apt fails, the figure or scenario that needs one is reported as
/// n/a or skipped with the reason, and the bench goes on.
pub fn bench_tools() -> Result {
    step("benchmark tools (Debian: brotli, nginx-light, wrk, faketime)");
    let wanted = [
        ("brotli", "brotli"),
        ("nginx", "nginx-light"),
        ("wrk", "wrk"),
        ("faketime", "faketime"),
    ];
    let missing: Vec<&str> = wanted
        .iter()
        .filter(|(program, _)| crate::bench::find_program(program).is_none())
        .map(|(_, package)| *package)
        .collect();
    if missing.is_empty() {
        println!("    present");
        return Ok(());
    }
    if output("id", &["-u"]).as_deref() != Some("0") {
        println!(
            "    missing {} and installing needs root: those figures are skipped.\n    To have them: sudo apt-get install -y {}",
            missing.join(", "),
            missing.join(" ")
        );
        return Ok(());
    }
    let installed = apt_install(
        &missing,
        "the figures that need these tools are skipped; check apt's error above",
    );
    if let Err(e) = installed {
        println!("    warning: {e}");
    }
    Ok(())
}

/// Chinese fonts, so the screenshots the end-to-end run writes show Chinese, not boxes. Only
/// the pictures depend on them: a failure is reported, not fatal.
fn cjk_fonts() {
    if std::path::Path::new("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc").exists() {
        return;
    }
    if output("id", &["-u"]).as_deref() != Some("0") {
        println!("    note: without Chinese fonts screenshots show boxes (sudo apt-get install fonts-noto-cjk)");
        return;
    }
    let installed = cmd("apt-get")
        .args(["install", "-y", "--no-install-recommends", "fonts-noto-cjk"])
        .env("DEBIAN_FRONTEND", "noninteractive")
        .status()
        .is_ok_and(|s| s.success());
    if !installed {
        println!(
            "    note: fonts-noto-cjk did not install; screenshots will show boxes for Chinese"
        );
    }
}
