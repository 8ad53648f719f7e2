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
