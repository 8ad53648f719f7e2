//! End-to-end tests against the workspace's own emulator (`cosmos-emulator`), in-process on a
//! loopback port: every operation it serves and every error path the client maps.

use cosmos_core::resources::{IndexingMode, UniqueKeyPolicy};
use cosmos_core::{
    ClientOptions, ContainerClient, ContainerProperties, CosmosClient, Credential, IndexingPolicy,
    PartitionKey, PartitionKeyDefinition, PartitionKeyValue, RetryOptions,
};
use cosmos_emulator::Emulator;
use futures::{StreamExt, TryStreamExt};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Order {
    id: String,
    customer: String,
    total: f64,
}

fn order(id: &str, customer: &str, total: f64) -> Order {
    Order {
        id: id.into(),
        customer: customer.into(),
        total,
    }
}

async fn emulator() -> (Emulator, CosmosClient) {
    let emulator = Emulator::start().await.expect("emulator starts");
    let client = CosmosClient::from_connection_string(&emulator.connection_string()).unwrap();
    (emulator, client)
}

async fn orders(client: &CosmosClient) -> ContainerClient {
    client.create_database("shop").await.unwrap();
    let db = client.database("shop");
    db.create_container(ContainerProperties::new(
        "orders",
        PartitionKeyDefinition::new("/customer"),
    ))
    .await
    .unwrap();
    db.container("orders")
}

mod changes;
mod feed_ranges;
mod feeds;
mod items;
mod queries;
mod resources;
mod routing;
mod security;
mod session_restart;
mod writes;
