//! Test helpers: starting peer servers.

use std::path::PathBuf;
use std::process::Stdio;
use std::time::Duration;

use cosmos_core::{ClientOptions, CosmosClient, Credential, RetryOptions};
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

/// `@vercel/cosmosdb-server` running on a free loopback port, killed on drop.
pub struct NodeCosmosServer {
    pub endpoint: String,
    _child: Child,
}

/// Where the peers' `node_modules` live, or `None` (after printing why) when the test should
/// be skipped. With `COSMOS_REQUIRE_PEERS=1` a missing peer fails the test instead.
pub fn node_dir() -> Option<PathBuf> {
    match std::env::var_os("COSMOS_TEST_NODE_DIR") {
        Some(dir) => Some(PathBuf::from(dir)),
        None => {
            if std::env::var("COSMOS_REQUIRE_PEERS").as_deref() == Ok("1") {
                panic!("COSMOS_TEST_NODE_DIR is not set but COSMOS_REQUIRE_PEERS=1");
            }
            eprintln!("skipping: COSMOS_TEST_NODE_DIR is not set (no @vercel/cosmosdb-server)");
            None
        }
    }
}

impl NodeCosmosServer {
    /// Starts the server with `-p 0` and reads the port it prints once listening.
    pub async fn start(node_dir: &std::path::Path) -> Self {
        let cli = node_dir.join("node_modules/@vercel/cosmosdb-server/lib/cli.js");
        assert!(cli.exists(), "{} not found", cli.display());
        let mut child = Command::new("node")
            .arg(&cli)
            .args(["-p", "0", "--host", "127.0.0.1"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .expect("spawn node");
        let stdout = child.stdout.take().expect("stdout");
        let mut lines = BufReader::new(stdout).lines();
        let port = tokio::time::timeout(Duration::from_secs(20), async {
            while let Some(line) = lines.next_line().await.expect("read stdout") {
                // "Ready to accept HTTPS connections at 127.0.0.1:PORT"
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
        Self {
            endpoint: format!("https://127.0.0.1:{port}/"),
            _child: child,
        }
    }

    /// A client that trusts the server's self-signed certificate. The server ignores
    /// signatures, but the client still signs every request with the emulator key.
    pub fn client(&self) -> CosmosClient {
        CosmosClient::new(
            &self.endpoint,
            Credential::master_key(cosmos_protocol::EMULATOR_KEY).unwrap(),
            ClientOptions::default()
                .with_accept_invalid_certs(true)
                .with_retry(
                    RetryOptions::default().with_transient_backoff(Duration::from_millis(10)),
                ),
        )
        .unwrap()
    }
}
