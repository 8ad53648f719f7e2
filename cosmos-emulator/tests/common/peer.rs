//! Runs a third-party SDK's scenario script (Python or JS) against a fresh in-process
//! emulator, with the endpoint, key and partition count in the environment.

use cosmos_emulator::{Emulator, EmulatorBuilder};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// A full scenario takes a few seconds; anything near this is a hang.
const SCENARIO_TIMEOUT: Duration = Duration::from_secs(180);

/// The value of `var`, or `None` (after printing a skip line) when it is unset, unless
/// `COSMOS_REQUIRE_PEERS=1` makes the peer mandatory.
pub fn required_env(var: &str, what: &str) -> Option<String> {
    match std::env::var(var) {
        Ok(value) if !value.is_empty() => Some(value),
        _ => {
            assert!(
                std::env::var("COSMOS_REQUIRE_PEERS").as_deref() != Ok("1"),
                "COSMOS_REQUIRE_PEERS=1 but {var} is not set \
                 (run scripts/setup-peers.sh and export what it prints)"
            );
            println!("SKIPPED: {var} is not set; the {what} scenario did not run");
            None
        }
    }
}

/// Runs `command` against an emulator with `partitions` partitions per container and
/// asserts it succeeds and prints `scenario passed`.
pub async fn run_scenario(command: Command, partitions: usize, what: &str) {
    run_scenario_with(command, partitions, false, what).await;
}

/// Like [`run_scenario`], over HTTPS when `tls` is set: the emulator's self-signed certificate
/// is handed to the script as the CA that OpenSSL (`SSL_CERT_FILE`) and Node
/// (`NODE_EXTRA_CA_CERTS`) trust.
pub async fn run_scenario_with(command: Command, partitions: usize, tls: bool, what: &str) {
    let builder = Emulator::builder().partitions(partitions).tls(tls);
    run_scenario_on(command, builder, partitions, what).await;
}

/// Like [`run_scenario`], on an emulator configured by `builder` (`partitions` must match it).
pub async fn run_scenario_on(
    mut command: Command,
    builder: EmulatorBuilder,
    partitions: usize,
    what: &str,
) {
    let emulator = builder.start().await.expect("emulator starts");
    let _cert_dir;
    if let Some(pem) = emulator.certificate_pem() {
        let dir = std::env::temp_dir().join(format!(
            "cosmos-emulator-ca-{}-{}",
            std::process::id(),
            emulator
                .endpoint()
                .rsplit(':')
                .next()
                .unwrap_or("0")
                .trim_end_matches('/')
        ));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let path = dir.join("ca.pem");
        std::fs::write(&path, pem).expect("write the certificate");
        command
            .env("SSL_CERT_FILE", &path)
            .env("NODE_EXTRA_CA_CERTS", &path);
        _cert_dir = TempDir(dir);
    }
    let mut child = command
        .env("COSMOS_ENDPOINT", emulator.endpoint())
        .env("COSMOS_KEY", emulator.key())
        .env("COSMOS_PARTITIONS", partitions.to_string())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run the {what} scenario: {e}"));
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
    println!("--- {what} scenario with {partitions} partition(s) ---\n{stdout}{stderr}");
    assert!(
        output.status.success() && stdout.contains("scenario passed"),
        "the {what} scenario failed with {partitions} partition(s): {}\n{stdout}\n{stderr}",
        output.status
    );
    emulator.shutdown().await;
}

/// Removes a scratch directory when dropped.
struct TempDir(std::path::PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// What a paused scenario printed and how it ended.
pub struct PausedRun<T> {
    pub value: T,
    pub success: bool,
    pub stdout: String,
    pub stderr: String,
}

/// Runs `command` until it prints a line equal to `pause`, then runs `between` (e.g. splits a
/// partition or restarts the emulator), then sends a line on the script's stdin to let it go
/// on, and waits for it to finish.
pub async fn run_paused<T, F, Fut>(mut command: Command, pause: &str, between: F) -> PausedRun<T>
where
    F: FnOnce() -> Fut,
    Fut: std::future::Future<Output = T>,
{
    use std::io::{BufRead, BufReader, Read, Write};
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run the scenario: {e}"));
    let stdout = child.stdout.take().expect("stdout");
    let marker = format!("{pause}\n");
    // The emulator serves on this runtime's workers; read the script's lines off them.
    let (mut reader, mut seen) = tokio::task::spawn_blocking(move || {
        let mut reader = BufReader::new(stdout);
        let mut seen = String::new();
        while !seen.ends_with(&marker) {
            if reader.read_line(&mut seen).unwrap_or(0) == 0 {
                break;
            }
        }
        (reader, seen)
    })
    .await
    .expect("reader task");
    let paused = seen.ends_with(&format!("{pause}\n"));
    let value = between().await;
    if let Some(mut stdin) = child.stdin.take() {
        let _ = stdin.write_all(b"go\n");
    }
    let (status, stdout, stderr) = tokio::task::spawn_blocking(move || {
        let _ = reader.read_to_string(&mut seen);
        let mut stderr = String::new();
        if let Some(mut e) = child.stderr.take() {
            let _ = e.read_to_string(&mut stderr);
        }
        (child.wait(), seen, stderr)
    })
    .await
    .expect("wait task");
    PausedRun {
        value,
        success: paused && status.is_ok_and(|s| s.success()) && stdout.contains("scenario passed"),
        stdout,
        stderr,
    }
}
