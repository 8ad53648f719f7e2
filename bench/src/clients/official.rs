//! The official Rust SDK, azure_data_cosmos, with master-key auth.

use azure_data_cosmos::clients::ContainerClient;
use azure_data_cosmos::options::{
    BinaryEncodingOptions, ContentResponseOnWrite, OperationOptions, Region,
};
use azure_data_cosmos::{
    AccountEndpoint, AccountReference, CosmosClientBuilder, CosmosRuntime, RoutingStrategy,
};
use futures::future::BoxFuture;

use crate::clients::core::check_read;
use crate::item::{item_id, partition_of, BenchItem};
use crate::runner::{Operation, PointOps};

pub struct OfficialOps {
    container: ContainerClient,
    prefix: String,
}

impl OfficialOps {
    /// Connects to `endpoint` (plain http on a loopback host, which the SDK allows for
    /// emulators) and opens the container, which must exist.
    ///
    /// The SDK asks for no body on writes (`Prefer: return=minimal`) unless told otherwise;
    /// `body_on_write` makes it return the written item, as our client and the Python SDK do.
    pub async fn connect(
        body_on_write: bool,
        endpoint: &str,
        key: &str,
        database: &str,
        container: &str,
        prefix: impl Into<String>,
    ) -> Result<Self, String> {
        let endpoint: AccountEndpoint = endpoint
            .parse()
            .map_err(|e| format!("endpoint {endpoint}: {e}"))?;
        let account = AccountReference::with_authentication_key(endpoint, key.to_owned());
        // The SDK's defaults otherwise: HTTP/2 (prior knowledge over plain http, which the
        // emulator serves as the service does). TLS would need the SDK's `rustls` feature, which
        // forces aws-lc-rs (see the README).
        let runtime = CosmosRuntime::builder()
            .build()
            .await
            .map_err(|e| format!("building the SDK runtime: {e}"))?;
        let mut defaults = OperationOptions::default();
        if body_on_write {
            defaults.content_response_on_write = Some(ContentResponseOnWrite::Enabled);
        }
        let client = CosmosClientBuilder::new()
            .with_runtime(runtime)
            .with_default_operation_options(defaults)
            // The SDK writes Cosmos binary JSON by default, a format only the real service
            // reads; our emulator speaks text JSON, as do the other clients measured here.
            .with_binary_encoding_options(BinaryEncodingOptions::new().with_enabled(false))
            .build(account, RoutingStrategy::ProximityTo(Region::EAST_US))
            .await
            .map_err(|e| format!("building the official client: {e}"))?;
        let container = client
            .database_client(database)
            .container_client(container, None)
            .await
            .map_err(|e| format!("opening container {container}: {e}"))?;
        Ok(Self {
            container,
            prefix: prefix.into(),
        })
    }
}

impl PointOps for OfficialOps {
    fn run(&self, op: Operation, seq: u64) -> BoxFuture<'_, Result<(), String>> {
        Box::pin(async move {
            match op {
                Operation::Create => {
                    let item = BenchItem::new(&self.prefix, seq);
                    self.container
                        .create_item(item.pk.clone(), &item.id, &item, None)
                        .await
                        .map_err(|e| e.to_string())?;
                }
                Operation::Read => {
                    let item: BenchItem = self
                        .container
                        .read_item(partition_of(seq), &item_id(&self.prefix, seq), None)
                        .await
                        .map_err(|e| e.to_string())?
                        .into_model()
                        .map_err(|e| e.to_string())?;
                    check_read(&item, seq)?;
                }
                Operation::Upsert => {
                    let mut item = BenchItem::new(&self.prefix, seq);
                    item.version += 1;
                    self.container
                        .upsert_item(item.pk.clone(), &item.id, &item, None)
                        .await
                        .map_err(|e| e.to_string())?;
                }
            }
            Ok(())
        })
    }
}
