//! Runs the official Python SDK (azure-cosmos, async API) against an in-process emulator:
//! `tests/python/scenario.py`, with the interpreter named by `COSMOS_TEST_PYTHON`.
//!
//! Without that variable the test is skipped (with a message), unless `COSMOS_REQUIRE_PEERS=1`
//! makes it mandatory. `scripts/setup-peers.sh` creates a suitable virtualenv.

use cosmos_emulator::Emulator;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// A full scenario takes a few seconds; anything near this is a hang.
const SCENARIO_TIMEOUT: Duration = Duration::from_secs(180);

fn python() -> Option<String> {
    match std::env::var("COSMOS_TEST_PYTHON") {
        Ok(python) if !python.is_empty() => Some(python),
        _ => {
            assert!(
                std::env::var("COSMOS_REQUIRE_PEERS").as_deref() != Ok("1"),
                "COSMOS_REQUIRE_PEERS=1 but COSMOS_TEST_PYTHON is not set \
                 (run scripts/setup-peers.sh and export what it prints)"
            );
            println!("SKIPPED: COSMOS_TEST_PYTHON is not set; the Python SDK scenario did not run");
            None
        }
    }
}

/// Runs the scenario against a fresh emulator with `partitions` partitions per container.
async fn run_scenario(python: &str, partitions: usize) {
    let emulator = Emulator::builder()
        .partitions(partitions)
        .start()
        .await
        .expect("emulator starts");
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/python/scenario.py");
    let mut child = Command::new(python)
        .arg(&script)
        .env("COSMOS_ENDPOINT", emulator.endpoint())
        .env("COSMOS_KEY", emulator.key())
        .env("COSMOS_PARTITIONS", partitions.to_string())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run {python}: {e}"));
    // The emulator serves on this runtime's workers; wait for the script off them.
    let output = tokio::task::spawn_blocking(move || {
        let started = Instant::now();
        loop {
            match child.try_wait() {
                Ok(Some(_)) => break,
                Ok(None) if started.elapsed() > SCENARIO_TIMEOUT => {
                    let _ = child.kill();
                    break;
                }
                Ok(None) => std::thread::sleep(Duration::from_millis(50)),
                Err(e) => panic!("waiting for the scenario: {e}"),
            }
        }
        child.wait_with_output()
    })
    .await
    .expect("wait task")
    .expect("scenario output");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    println!("--- scenario with {partitions} partition(s) ---\n{stdout}{stderr}");
    assert!(
        output.status.success() && stdout.contains("scenario passed"),
        "the Python SDK scenario failed with {partitions} partition(s): {}\n{stdout}\n{stderr}",
        output.status
    );
    emulator.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn python_sdk_scenario_single_partition() {
    if let Some(python) = python() {
        run_scenario(&python, 1).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn python_sdk_scenario_four_partitions() {
    if let Some(python) = python() {
        run_scenario(&python, 4).await;
    }
}
