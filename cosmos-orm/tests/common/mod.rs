//! E2E helpers: Cosmos-compatible servers on loopback ports.
//!
//! Point operations run against the embedded emulator. It does not serve
//! queries, patches or batches yet, so those tests run against
//! `@vercel/cosmosdb-server` (installed by `scripts/setup-peers.sh`, found
//! through `COSMOS_TEST_NODE_DIR`). Without it they are skipped, unless
//! `COSMOS_REQUIRE_PEERS=1` (as in CI) makes that a failure.

#![allow(dead_code)]

use std::path::PathBuf;
use std::process::Stdio;
use std::time::Duration;

use cosmos_core::{ClientOptions, CosmosClient, Credential, DatabaseClient, RetryOptions};
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

/// A fresh database on an embedded emulator; keep the emulator alive while using it.
pub async fn emulator_database(name: &str) -> (cosmos_emulator::Emulator, DatabaseClient) {
    let emulator = cosmos_emulator::Emulator::start()
        .await
        .expect("start emulator");
    let client = CosmosClient::from_connection_string(&emulator.connection_string()).unwrap();
    client.create_database_if_not_exists(name).await.unwrap();
    (emulator, client.database(name))
}

/// A running `@vercel/cosmosdb-server`, killed on drop.
pub struct Server {
    endpoint: String,
    _child: Child,
}

fn node_dir() -> Option<PathBuf> {
    match std::env::var_os("COSMOS_TEST_NODE_DIR") {
        Some(dir) => Some(PathBuf::from(dir)),
        None if std::env::var("COSMOS_REQUIRE_PEERS").as_deref() == Ok("1") => {
            panic!("COSMOS_TEST_NODE_DIR is not set but COSMOS_REQUIRE_PEERS=1")
        }
        None => {
            eprintln!("skipping: COSMOS_TEST_NODE_DIR is not set (run scripts/setup-peers.sh)");
            None
        }
    }
}

impl Server {
    /// Starts the server on a free port, or `None` when it is not installed.
    pub async fn start() -> Option<Server> {
        let cli = node_dir()?.join("node_modules/@vercel/cosmosdb-server/lib/cli.js");
        assert!(cli.exists(), "{} not found", cli.display());
        let mut child = Command::new("node")
            .arg(&cli)
            .args(["-p", "0", "--host", "127.0.0.1"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .expect("spawn node");
        let mut lines = BufReader::new(child.stdout.take().expect("stdout")).lines();
        let port = tokio::time::timeout(Duration::from_secs(20), async {
            while let Some(line) = lines.next_line().await.expect("read stdout") {
                if let Some(addr) = line.strip_prefix("Ready to accept HTTPS connections at ") {
                    return addr
                        .rsplit(':')
                        .next()
                        .unwrap()
                        .trim()
                        .parse::<u16>()
                        .unwrap();
                }
            }
            panic!("cosmosdb-server exited before listening");
        })
        .await
        .expect("cosmosdb-server did not start in time");
        // Keep draining stdout so the server never blocks on a full pipe.
        tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
        Some(Server {
            endpoint: format!("https://127.0.0.1:{port}/"),
            _child: child,
        })
    }

    /// A fresh database on this server.
    pub async fn database(&self, name: &str) -> DatabaseClient {
        let client = CosmosClient::new(
            &self.endpoint,
            Credential::master_key(cosmos_protocol::EMULATOR_KEY).unwrap(),
            ClientOptions::default()
                .with_accept_invalid_certs(true)
                .with_retry(
                    RetryOptions::default().with_transient_backoff(Duration::from_millis(10)),
                ),
        )
        .unwrap();
        client.create_database_if_not_exists(name).await.unwrap();
        client.database(name)
    }
}
