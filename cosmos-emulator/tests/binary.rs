//! The `cosmos-emulator` binary: one ready line with the endpoint, serves, stops on SIGTERM.

mod common;

use common::Client;
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

// Stopping uses `kill -TERM`.
#[cfg(unix)]
#[tokio::test]
async fn prints_one_ready_line_serves_and_stops_on_sigterm() {
    let cert = std::env::temp_dir().join(format!("cosmos-emulator-bin-{}.pem", std::process::id()));
    let mut child = Command::new(env!("CARGO_BIN_EXE_cosmos-emulator"))
        .args(["--port", "0", "--partitions", "2", "--tls", "--cert-out"])
        .arg(&cert)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary starts");
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    stdout.read_line(&mut line).unwrap();
    let endpoint = line
        .trim()
        .strip_prefix("cosmos-emulator ready at ")
        .unwrap_or_else(|| panic!("unexpected ready line {line:?}"))
        .to_owned();
    assert!(endpoint.starts_with("https://127.0.0.1:"), "{endpoint}");

    let pem = std::fs::read(&cert).expect("the certificate was written");
    let http = reqwest::Client::builder()
        .add_root_certificate(reqwest::Certificate::from_pem(&pem).unwrap())
        .build()
        .unwrap();
    let client = Client::with_http(&endpoint, cosmos_protocol::EMULATOR_KEY, http);
    assert_eq!(client.get("/", &[]).await.status, reqwest::StatusCode::OK);

    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let exit = tokio::task::spawn_blocking(move || child.wait())
        .await
        .unwrap()
        .unwrap();
    assert!(exit.success(), "exit status {exit}");
    let mut rest = String::new();
    std::io::Read::read_to_string(&mut stdout, &mut rest).unwrap();
    assert!(rest.is_empty(), "more than one line on stdout: {rest:?}");
    let _ = std::fs::remove_file(&cert);
}
