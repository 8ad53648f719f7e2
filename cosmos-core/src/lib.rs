//! Async client for Azure Cosmos DB (NoSQL API) over the gateway protocol.
//!
//! ```no_run
//! # async fn demo() -> cosmos_core::Result<()> {
//! use cosmos_core::{ContainerProperties, CosmosClient, PartitionKeyDefinition};
//! use serde_json::json;
//!
//! let client = CosmosClient::from_connection_string(
//!     "AccountEndpoint=https://localhost:8081/;AccountKey=C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==;",
//! )?;
//! client.create_database_if_not_exists("shop").await?;
//! let db = client.database("shop");
//! db.create_container_if_not_exists(ContainerProperties::new(
//!     "orders",
//!     PartitionKeyDefinition::new("/customer"),
//! ))
//! .await?;
//! let orders = db.container("orders");
//! let created = orders
//!     .create_item("alice", &json!({"id": "1", "customer": "alice", "total": 12.5}))
//!     .await?;
//! println!("charged {} RU", created.request_charge());
//! let order: serde_json::Value = orders.read_item("1", "alice").await?.into_value();
//! # let _ = order; Ok(())
//! # }
//! ```
//!
//! # API shape
//!
//! - [`CosmosClient`] → [`DatabaseClient`] → [`ContainerClient`]: cheap, cloneable handles
//!   (an `Arc` inside); getting one makes no request.
//! - Every operation returns a `#[must_use]` builder (see [`operations`]); chain its options,
//!   then `.await` it. Results are [`Response<T>`] (value, status, charge, activity id, etag,
//!   session token, [`Diagnostics`]); writes return [`ItemResponse<T>`] whose value is `None`
//!   when the service sent no body.
//! - Feeds and queries return a [`Pager<T>`]: a `Stream` of items, or of [`Page`]s with
//!   continuation tokens via [`Pager::into_pages`].
//! - One [`Error`] type with [`ErrorKind`] and helpers (`is_not_found`, `is_conflict`,
//!   `is_precondition_failed`, `is_throttled`, `retry_after`).
//! - Retries (429, transient failures, session lag) follow [`RetryOptions`]; session tokens
//!   are tracked per container automatically.

mod auth;
mod batch;
mod client;
mod connection_string;
mod container;
mod credential;
mod database;
mod error;
mod headers;
pub mod operations;
mod options;
mod pager;
mod patch;
mod pipeline;
mod query;
mod request;
pub mod resources;
mod response;
mod retry;
mod scripts;
mod session;
mod user;

pub use batch::{BatchOperationResult, BatchResponse, TransactionalBatch};
pub use client::CosmosClient;
pub use connection_string::ConnectionString;
pub use container::ContainerClient;
pub use credential::{AccessToken, Credential, CredentialError, ResourceTokens, TokenCredential};
pub use database::DatabaseClient;
pub use error::{Error, ErrorKind, Result};
pub use headers::ResponseHeaders;
pub use options::{ClientOptions, ConsistencyLevel, RetryOptions};
pub use pager::{Page, Pager, Pages};
pub use patch::PatchDocument;
pub use query::Query;
pub use resources::{
    ContainerProperties, DatabaseAccount, DatabaseProperties, IndexingPolicy, ThroughputProperties,
    UniqueKeyPolicy,
};
pub use response::{Diagnostics, ItemResponse, Response};
pub use scripts::ScriptsClient;
pub use user::UserClient;

pub use cosmos_protocol::{
    PartitionKey, PartitionKeyDefinition, PartitionKeyKind, PartitionKeyValue,
};
