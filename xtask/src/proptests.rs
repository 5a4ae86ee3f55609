//! The property tests, found and run at a chosen number of cases (`cargo xtask soak`).

use crate::util::{cmd, root, run, step, Result};

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// (package directory, package, test target) of every integration test file with a
/// `proptest!` block, in the workspace members' tests/ directories.
fn property_tests() -> Vec<(PathBuf, String, String)> {
    let root = root();
    let manifest = std::fs::read_to_string(root.join("Cargo.toml")).unwrap_or_default();
    // `members = [ "...", ... ]`, on one line or several.
    let members: Vec<String> = manifest
        .find("members")
        .map(|at| &manifest[at..])
        .and_then(|rest| Some(&rest[rest.find('[')? + 1..rest.find(']')?]))
        .map(|list| {
            list.split('"')
                .skip(1)
                .step_by(2)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default();
    let mut found = Vec::new();
    for member in members {
        let dir = root.join(&member);
        let Some(package) = package_name(&dir) else {
            continue;
        };
        let mut files: Vec<PathBuf> = std::fs::read_dir(dir.join("tests"))
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "rs"))
            .filter(|p| std::fs::read_to_string(p).is_ok_and(|text| text.contains("proptest!")))
            .collect();
        files.sort();
        for f in files {
            if let Some(stem) = f.file_stem() {
                found.push((
                    dir.clone(),
                    package.clone(),
                    stem.to_string_lossy().into_owned(),
                ));
            }
        }
    }
    found
}

/// `name = "..."` of the [package] in `dir`/Cargo.toml.
fn package_name(dir: &Path) -> Option<String> {
    let text = std::fs::read_to_string(dir.join("Cargo.toml")).ok()?;
    let line = text
        .lines()
        .find(|l| l.trim_start().starts_with("name") && l.contains('='))?;
    Some(line.split('"').nth(1)?.to_owned())
}

/// Runs each property test with `cases` cases, optimised (the server profile: opt-level 3
/// and unwinding, which proptest needs to shrink a failure; the release profile aborts).
/// Each is built first and its binary then run directly, so the time printed is the run's
/// alone and a concurrent edit cannot trigger a rebuild in between.
pub fn long_proptests(cases: u64) -> Result<Vec<(String, Duration)>> {
    let tests = property_tests();
    if tests.is_empty() {
        return Err("no property tests found (files with `proptest!` under the members' tests/).\n    Fix: run from the repository".into());
    }
    let mut took = Vec::new();
    for (dir, package, test) in tests {
        step(&format!(
            "property tests {package}/tests/{test}.rs, PROPTEST_CASES={cases}"
        ));
        let binary = build_test(&package, &test)?;
        let started = Instant::now();
        // As `cargo test` runs it: from the package's directory (proptest saves failing
        // cases under its proptest-regressions/).
        run(
            cmd(&binary.display().to_string())
                .current_dir(&dir)
                .env("PROPTEST_CASES", cases.to_string()),
            "a failing case is printed above, shrunk, and saved under proptest-regressions/: \
             fix the code, and keep the saved case (it is replayed first from now on)",
        )?;
        took.push((format!("{package} {test}"), started.elapsed()));
    }
    Ok(took)
}

/// Builds one test target with the server profile; returns its binary.
fn build_test(package: &str, test: &str) -> Result<PathBuf> {
    let args = [
        "test",
        "--profile",
        "server",
        "-p",
        package,
        "--test",
        test,
        "--no-run",
        "--message-format=json-render-diagnostics",
    ];
    println!("    $ cargo {}", args.join(" "));
    let out = cmd("cargo")
        .args(args)
        .stderr(std::process::Stdio::inherit())
        .output()
        .map_err(|e| format!("could not start cargo: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "building the {package} test {test} failed ({}).\n    Fix: read the compiler error above",
            out.status
        ));
    }
    test_executable(&String::from_utf8_lossy(&out.stdout), test).ok_or_else(|| {
        format!("cargo built {package}'s test {test} but named no executable.\n    Fix: run `cargo test --profile server -p {package} --test {test}` by hand")
    })
}

/// The `"executable"` of test target `test` in cargo's JSON messages.
fn test_executable(messages: &str, test: &str) -> Option<PathBuf> {
    let line = messages.lines().find(|l| {
        l.contains("\"reason\":\"compiler-artifact\"")
            && l.contains(&format!("\"name\":\"{test}\""))
            && l.contains("\"executable\":\"")
    })?;
    let rest = &line[line.find("\"executable\":\"")? + "\"executable\":\"".len()..];
    Some(PathBuf::from(&rest[..rest.find('"')?]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_property_tests() {
        let found: Vec<(String, String)> = property_tests()
            .into_iter()
            .map(|(_, package, test)| (package, test))
            .collect();
        assert!(
            found.contains(&("dingtalk-wire".to_owned(), "fuzz".to_owned())),
            "{found:?}"
        );
        assert!(
            found.contains(&("dashboard-core".to_owned(), "properties".to_owned())),
            "{found:?}"
        );
    }

    #[test]
    fn finds_the_test_binary_in_cargos_messages() {
        let messages = r#"{"reason":"compiler-artifact","target":{"kind":["lib"],"name":"dingtalk_wire"},"executable":null}
{"reason":"compiler-artifact","target":{"kind":["test"],"name":"fuzz","test":true},"executable":"/w/target/server/deps/fuzz-ec29"}
{"reason":"build-finished","success":true}"#;
        assert_eq!(
            test_executable(messages, "fuzz"),
            Some(PathBuf::from("/w/target/server/deps/fuzz-ec29"))
        );
        assert_eq!(test_executable(messages, "properties"), None);
    }
}
