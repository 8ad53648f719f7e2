//! Runs the official Python SDK (azure-cosmos, async API) against an in-process emulator:
//! `tests/python/scenario.py`, with the interpreter named by `COSMOS_TEST_PYTHON`.
//!
//! Without that variable the test is skipped (with a message), unless `COSMOS_REQUIRE_PEERS=1`
//! makes it mandatory. `scripts/setup-peers.sh` creates a suitable virtualenv.

mod common;

use common::peer::{required_env, run_scenario, run_scenario_on, run_scenario_with};
use cosmos_emulator::Emulator;
use std::path::PathBuf;
use std::process::Command;

fn scenario(python: &str) -> Command {
    script(python, "scenario.py")
}

fn script(python: &str, name: &str) -> Command {
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/python")
        .join(name);
    let mut command = Command::new(python);
    command.arg(script);
    command
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn python_sdk_scenario_single_partition() {
    if let Some(python) = required_env("COSMOS_TEST_PYTHON", "Python SDK") {
        run_scenario(scenario(&python), 1, "Python SDK").await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn python_sdk_scenario_four_partitions() {
    if let Some(python) = required_env("COSMOS_TEST_PYTHON", "Python SDK") {
        run_scenario(scenario(&python), 4, "Python SDK").await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn python_sdk_scenario_over_tls() {
    if let Some(python) = required_env("COSMOS_TEST_PYTHON", "Python SDK") {
        run_scenario_with(scenario(&python), 2, true, "Python SDK (TLS)").await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn python_sdk_retries_through_throttling() {
    if let Some(python) = required_env("COSMOS_TEST_PYTHON", "Python SDK") {
        let builder = Emulator::builder().enforce_throughput(true);
        run_scenario_on(
            script(&python, "throttling.py"),
            builder,
            1,
            "Python SDK (throttling)",
        )
        .await;
    }
}

/// The Python SDK keeps one client across an emulator restart on the same port (see
/// `tests/python/restart.py`): its session tokens from the first emulator must not make reads
/// against the second fail with 404/1002.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn python_sdk_survives_an_emulator_restart() {
    use std::io::{BufRead, BufReader, Read, Write};
    use std::process::Stdio;
    let Some(python) = required_env("COSMOS_TEST_PYTHON", "Python SDK") else {
        return;
    };
    let first = Emulator::start().await.expect("emulator starts");
    let port: u16 = first
        .endpoint()
        .trim_end_matches('/')
        .rsplit(':')
        .next()
        .and_then(|p| p.parse().ok())
        .expect("a port");
    let mut child = script(&python, "restart.py")
        .env("COSMOS_ENDPOINT", first.endpoint())
        .env("COSMOS_KEY", first.key())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("python runs");
    let stdout = child.stdout.take().expect("stdout");
    // The emulator serves on this runtime's workers; read the script's lines off them.
    let (mut reader, mut seen) = tokio::task::spawn_blocking(move || {
        let mut reader = BufReader::new(stdout);
        let mut seen = String::new();
        while !seen.ends_with("restart\n") {
            if reader.read_line(&mut seen).unwrap_or(0) == 0 {
                break;
            }
        }
        (reader, seen)
    })
    .await
    .expect("reader");
    assert!(
        seen.ends_with("restart\n"),
        "the script stopped early:\n{seen}"
    );
    first.shutdown().await;
    let second = Emulator::builder()
        .port(port)
        .start()
        .await
        .expect("a new emulator on the same port");
    let mut stdin = child.stdin.take().expect("stdin");
    stdin.write_all(b"go\n").expect("signal the script");
    drop(stdin);
    let output = tokio::task::spawn_blocking(move || {
        let _ = reader.read_to_string(&mut seen);
        let mut stderr = String::new();
        if let Some(mut e) = child.stderr.take() {
            let _ = e.read_to_string(&mut stderr);
        }
        (child.wait(), seen, stderr)
    })
    .await
    .expect("wait task");
    let (status, stdout, stderr) = output;
    println!("--- Python SDK restart scenario ---\n{stdout}{stderr}");
    assert!(
        status.is_ok_and(|s| s.success()) && stdout.contains("scenario passed"),
        "the Python SDK restart scenario failed:\n{stdout}\n{stderr}"
    );
    second.shutdown().await;
}
