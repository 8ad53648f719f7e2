//! E2E helper: a fresh database on the embedded emulator, served on a free loopback port.

pub mod customer;

use cosmos_core::{CosmosClient, DatabaseClient};

/// A fresh database on an embedded emulator; keep the emulator alive while using it.
pub async fn emulator_database(name: &str) -> (cosmos_emulator::Emulator, DatabaseClient) {
    let emulator = cosmos_emulator::Emulator::start()
        .await
        .expect("start emulator");
    let client = CosmosClient::from_connection_string(&emulator.connection_string()).unwrap();
    client.create_database_if_not_exists(name).await.unwrap();
    (emulator, client.database(name))
}
