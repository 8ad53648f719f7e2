//! The official Python async SDK (azure-cosmos + aiohttp), run as a child process.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Stdio;

use tokio::process::Command;

use crate::runner::Operation;
use crate::stats::Samples;

/// Where the benchmark script lives, next to this crate's manifest.
pub fn script_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("python/point_ops.py")
}

/// The interpreter of the peers venv: `COSMOS_TEST_PYTHON`, else `$COSMOS_PEERS_DIR/venv`,
/// else `target/peers/venv` at the repository root (where `scripts/setup-peers.sh` puts it).
pub fn default_interpreter() -> PathBuf {
    if let Some(python) = std::env::var_os("COSMOS_TEST_PYTHON") {
        return PathBuf::from(python);
    }
    let peers = std::env::var_os("COSMOS_PEERS_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/peers"));
    peers.join("venv/bin/python")
}

pub struct PythonRun<'a> {
    pub interpreter: &'a Path,
    pub endpoint: &'a str,
    pub key: &'a str,
    pub database: &'a str,
    pub container: &'a str,
    pub ops: u64,
    pub warmup: u64,
    pub concurrency: usize,
}

impl PythonRun<'_> {
    /// Runs the script to completion and parses the per-operation samples it prints.
    pub async fn run(&self) -> Result<BTreeMap<Operation, Samples>, String> {
        let output = Command::new(self.interpreter)
            .arg(script_path())
            .args(["--endpoint", self.endpoint])
            .args(["--key", self.key])
            .args(["--database", self.database])
            .args(["--container", self.container])
            .args(["--ops", &self.ops.to_string()])
            .args(["--warmup", &self.warmup.to_string()])
            .args(["--concurrency", &self.concurrency.to_string()])
            .stdin(Stdio::null())
            .output()
            .await
            .map_err(|e| format!("starting {}: {e}", self.interpreter.display()))?;
        if !output.status.success() {
            return Err(format!(
                "the Python benchmark exited with {}: {}",
                output.status,
                String::from_utf8_lossy(&output.stderr).trim()
            ));
        }
        parse_report(&output.stdout)
    }
}

fn parse_report(stdout: &[u8]) -> Result<BTreeMap<Operation, Samples>, String> {
    let mut by_name: BTreeMap<String, Samples> = serde_json::from_slice(stdout)
        .map_err(|e| format!("the Python benchmark printed no valid report: {e}"))?;
    Operation::ALL
        .into_iter()
        .map(|op| {
            by_name
                .remove(op.name())
                .map(|samples| (op, samples))
                .ok_or_else(|| format!("the Python report has no {op} phase"))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_phase() {
        let phase = r#"{"latencies_us":[10,20],"seconds":0.5,"errors":0,"first_error":null}"#;
        let json = format!(r#"{{"create":{phase},"read":{phase},"upsert":{phase}}}"#);
        let report = parse_report(json.as_bytes()).unwrap();
        assert_eq!(report.len(), 3);
        assert_eq!(report[&Operation::Read].latencies_us, [10, 20]);
    }

    #[test]
    fn a_missing_phase_is_an_error() {
        let json = r#"{"create":{"latencies_us":[],"seconds":0.1}}"#;
        assert!(parse_report(json.as_bytes()).unwrap_err().contains("read"));
    }
}
