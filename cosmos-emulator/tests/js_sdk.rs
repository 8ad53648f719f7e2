//! Runs the official JS SDK (@azure/cosmos) against an in-process emulator:
//! `tests/js/scenario.cjs`, with `node` from `PATH` and the packages installed in
//! `COSMOS_TEST_NODE_DIR` (by `scripts/setup-peers.sh`).
//!
//! Without that variable the test is skipped (with a message), unless `COSMOS_REQUIRE_PEERS=1`
//! makes it mandatory.

mod common;

use common::peer::{required_env, run_scenario, run_scenario_with};
use std::path::{Path, PathBuf};
use std::process::Command;

fn scenario(node_dir: &str) -> Command {
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/js/scenario.cjs");
    let mut command = Command::new("node");
    command
        .arg(script)
        .env("NODE_PATH", Path::new(node_dir).join("node_modules"));
    command
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn js_sdk_scenario_single_partition() {
    if let Some(dir) = required_env("COSMOS_TEST_NODE_DIR", "JS SDK") {
        run_scenario(scenario(&dir), 1, "JS SDK").await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn js_sdk_scenario_four_partitions() {
    if let Some(dir) = required_env("COSMOS_TEST_NODE_DIR", "JS SDK") {
        run_scenario(scenario(&dir), 4, "JS SDK").await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn js_sdk_scenario_over_tls() {
    if let Some(dir) = required_env("COSMOS_TEST_NODE_DIR", "JS SDK") {
        run_scenario_with(scenario(&dir), 2, true, "JS SDK (TLS)").await;
    }
}
