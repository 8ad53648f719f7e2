//! The public handle: start an emulator in-process, learn its endpoint and key, stop it.

use crate::app::{self, AppState};
use crate::auth::Authorizer;
use crate::errors::EmulatorError;
use crate::server;
use crate::store::{Store, MAX_PARTITIONS};
use crate::tls;
use cosmos_protocol::auth::MasterKey;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;

/// A running emulator. Dropping it stops the server (without waiting); [`Emulator::shutdown`]
/// stops it and waits for open requests to finish.
#[derive(Debug)]
pub struct Emulator {
    endpoint: String,
    key: String,
    certificate_pem: Option<String>,
    store: Arc<Store>,
    stop: watch::Sender<bool>,
    task: Option<JoinHandle<()>>,
}

/// Options for [`Emulator::builder`].
#[derive(Debug, Clone)]
#[must_use]
pub struct EmulatorBuilder {
    port: u16,
    key: String,
    tls: bool,
    partitions: usize,
    enforce_throughput: bool,
}

impl Default for EmulatorBuilder {
    fn default() -> Self {
        Self {
            port: 0,
            key: cosmos_protocol::EMULATOR_KEY.to_owned(),
            tls: false,
            partitions: 1,
            enforce_throughput: false,
        }
    }
}

impl EmulatorBuilder {
    /// The loopback port to listen on; 0 (the default) picks a free one.
    pub fn port(mut self, port: u16) -> Self {
        self.port = port;
        self
    }

    /// The account key (base64); defaults to the well-known emulator key.
    pub fn key(mut self, key: impl Into<String>) -> Self {
        self.key = key.into();
        self
    }

    /// Serve HTTPS with a self-signed certificate instead of plain HTTP.
    pub fn tls(mut self, tls: bool) -> Self {
        self.tls = tls;
        self
    }

    /// Physical partitions per new container (default 1); the hash ring is split evenly.
    pub fn partitions(mut self, partitions: usize) -> Self {
        self.partitions = partitions;
        self
    }

    /// Enforce provisioned throughput (off by default): each physical partition gets its
    /// share of the container's (or shared database's) RU/s, and a request beyond what is
    /// left gets 429/3200 with `x-ms-retry-after-ms`, changing nothing.
    pub fn enforce_throughput(mut self, enforce: bool) -> Self {
        self.enforce_throughput = enforce;
        self
    }

    /// Binds the port and starts serving on the current tokio runtime.
    pub async fn start(self) -> Result<Emulator, EmulatorError> {
        if self.partitions == 0 || self.partitions > MAX_PARTITIONS {
            return Err(EmulatorError::Partitions {
                given: self.partitions,
                max: MAX_PARTITIONS,
            });
        }
        let master = MasterKey::from_base64(&self.key).map_err(|_| EmulatorError::InvalidKey)?;
        let tls = if self.tls {
            Some(tls::self_signed()?)
        } else {
            None
        };
        let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, self.port));
        let listener = TcpListener::bind(addr)
            .await
            .map_err(|source| EmulatorError::Bind { addr, source })?;
        let local = listener.local_addr()?;
        let scheme = if self.tls { "https" } else { "http" };
        let endpoint = format!("{scheme}://{local}/");
        let store = Arc::new(Store::new(self.partitions));
        let state = AppState {
            store: store.clone(),
            auth: Arc::new(Authorizer::new(master)),
            scheme,
            endpoint: endpoint.clone(),
            throttle: self
                .enforce_throughput
                .then(|| Arc::new(crate::throttle::Throttle::default())),
        };
        let (stop, stopped) = watch::channel(false);
        let acceptor = tls.as_ref().map(|t| t.acceptor.clone());
        let task = tokio::spawn(server::run(listener, app::router(state), acceptor, stopped));
        Ok(Emulator {
            endpoint,
            key: self.key,
            certificate_pem: tls.map(|t| t.certificate_pem),
            store,
            stop,
            task: Some(task),
        })
    }
}

impl Emulator {
    /// Starts an emulator on a free loopback port with the well-known key, over plain HTTP.
    pub async fn start() -> Result<Emulator, EmulatorError> {
        Self::builder().start().await
    }

    pub fn builder() -> EmulatorBuilder {
        EmulatorBuilder::default()
    }

    /// The account endpoint, e.g. `http://127.0.0.1:8081/`.
    pub fn endpoint(&self) -> &str {
        &self.endpoint
    }

    /// The account key clients sign with.
    pub fn key(&self) -> &str {
        &self.key
    }

    /// `AccountEndpoint=…;AccountKey=…;`, as the SDKs parse it.
    pub fn connection_string(&self) -> String {
        format!("AccountEndpoint={};AccountKey={};", self.endpoint, self.key)
    }

    /// The self-signed certificate (PEM) when serving HTTPS.
    pub fn certificate_pem(&self) -> Option<&str> {
        self.certificate_pem.as_deref()
    }

    /// Splits a physical partition, as the service does when a partition grows: the range
    /// `range_id` of container `coll` in database `db` (names or RIDs) is replaced by two
    /// children with new ids, which list it in `parents`, split at the median EPK of its items.
    /// Items move with their LSNs, etags and RIDs; the children continue the parent's LSN, so
    /// session tokens and change feed continuations of the parent stay valid for them.
    /// Requests that name the old range id get 410/1002 (clients refresh their partition key
    /// ranges, whose etag changes, and retarget). Returns the children's ids, left first.
    pub async fn split_partition(
        &self,
        db: &str,
        coll: &str,
        range_id: &str,
    ) -> Result<(String, String), EmulatorError> {
        let collection = self
            .store
            .database(db)
            .and_then(|d| d.collection(coll))
            .ok_or_else(|| EmulatorError::Split(format!("no container '{coll}' in '{db}'")))?;
        collection
            .split(range_id)
            .map_err(|e| EmulatorError::Split(e.to_string()))
    }

    /// Stops accepting connections and waits for open requests to finish.
    pub async fn shutdown(mut self) {
        let _ = self.stop.send(true);
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

impl Drop for Emulator {
    fn drop(&mut self) {
        let _ = self.stop.send(true);
    }
}
