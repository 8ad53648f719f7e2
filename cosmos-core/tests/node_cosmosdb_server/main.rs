//! End-to-end tests against `@vercel/cosmosdb-server`, an independent Cosmos DB server
//! implementation in Node.js, over HTTPS with its self-signed certificate.
//!
//! Needs `COSMOS_TEST_NODE_DIR` (the directory holding `node_modules/@vercel/cosmosdb-server`).

#[path = "../common/mod.rs"]
mod common;

use common::{node_dir, NodeCosmosServer};
use cosmos_core::{ContainerProperties, CosmosClient, PartitionKey, PartitionKeyDefinition, Query};
use futures::{StreamExt, TryStreamExt};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

macro_rules! server {
    () => {
        match node_dir() {
            Some(dir) => NodeCosmosServer::start(&dir).await,
            None => return,
        }
    };
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Order {
    id: String,
    customer: String,
    total: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    note: Option<String>,
}

fn order(id: &str, customer: &str, total: f64) -> Order {
    Order {
        id: id.into(),
        customer: customer.into(),
        total,
        note: None,
    }
}

async fn setup(client: &CosmosClient, db: &str, coll: &str) -> cosmos_core::ContainerClient {
    client.create_database(db).await.unwrap();
    let database = client.database(db);
    database
        .create_container(ContainerProperties::new(
            coll,
            PartitionKeyDefinition::new("/customer"),
        ))
        .await
        .unwrap();
    database.container(coll)
}

/// This server answers a read of a missing item in a partitioned container with a 500
/// ("Cannot read properties of undefined"), where Cosmos DB answers 404. Either way the client
/// must surface a service error carrying the server's message.
fn assert_missing_item(err: &cosmos_core::Error) {
    match err.status() {
        Some(404) => {}
        Some(500) => assert!(err.message().contains("Cannot read properties"), "{err:?}"),
        _ => panic!("unexpected {err:?}"),
    }
}

mod feeds;
mod items;
mod resources;
