//! Runs the official Python SDK (azure-cosmos, async API) against an in-process emulator:
//! `tests/python/scenario.py`, with the interpreter named by `COSMOS_TEST_PYTHON`.
//!
//! Without that variable the test is skipped (with a message), unless `COSMOS_REQUIRE_PEERS=1`
//! makes it mandatory. `scripts/setup-peers.sh` creates a suitable virtualenv.

mod common;

use common::peer::{required_env, run_paused, run_scenario, run_scenario_on, run_scenario_with};
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
    let mut command = script(&python, "restart.py");
    command
        .env("COSMOS_ENDPOINT", first.endpoint())
        .env("COSMOS_KEY", first.key());
    let run = run_paused(command, "restart", || async move {
        first.shutdown().await;
        Emulator::builder()
            .port(port)
            .start()
            .await
            .expect("a new emulator on the same port")
    })
    .await;
    println!(
        "--- Python SDK restart scenario ---\n{}{}",
        run.stdout, run.stderr
    );
    assert!(run.success, "the Python SDK restart scenario failed");
    run.value.shutdown().await;
}

/// The Python SDK keeps paging a cross-partition query and reading the change feed while a
/// partition splits under it (see `tests/python/split.py`).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn python_sdk_reads_across_a_split() {
    let Some(python) = required_env("COSMOS_TEST_PYTHON", "Python SDK") else {
        return;
    };
    let emulator = Emulator::builder()
        .partitions(2)
        .start()
        .await
        .expect("emulator starts");
    let mut command = script(&python, "split.py");
    command
        .env("COSMOS_ENDPOINT", emulator.endpoint())
        .env("COSMOS_KEY", emulator.key());
    let run = run_paused(command, "split", || {
        emulator.split_partition("splits", "c", "0")
    })
    .await;
    println!(
        "--- Python SDK split scenario ---\n{}{}",
        run.stdout, run.stderr
    );
    assert_eq!(run.value.expect("the split"), ("2".into(), "3".into()));
    assert!(run.success, "the Python SDK split scenario failed");
    emulator.shutdown().await;
}
