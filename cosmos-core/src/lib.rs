//! Async client for Azure Cosmos DB (NoSQL API) over the gateway protocol.
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! # let emulator = cosmos_emulator::Emulator::start().await?;
//! # let connection_string = emulator.connection_string();
//! use cosmos_core::{ContainerProperties, CosmosClient, PartitionKeyDefinition, Query};
//! use futures::TryStreamExt;
//! use serde::{Deserialize, Serialize};
//!
//! #[derive(Debug, Serialize, Deserialize)]
//! struct Order {
//!     id: String,
//!     customer: String,
//!     total: f64,
//! }
//!
//! // "AccountEndpoint=https://…;AccountKey=…;"
//! let client = CosmosClient::from_connection_string(&connection_string)?;
//! client.create_database_if_not_exists("shop").await?;
//! let db = client.database("shop");
//! db.create_container_if_not_exists(ContainerProperties::new(
//!     "orders",
//!     PartitionKeyDefinition::new("/customer"),
//! ))
//! .await?;
//! let orders = db.container("orders");
//!
//! let order = Order { id: "1".into(), customer: "alice".into(), total: 12.5 };
//! let created = orders.create_item("alice", &order).await?;
//! println!("created for {} RU", created.request_charge());
//!
//! // Optimistic concurrency: replace only if nobody changed the item meanwhile.
//! let read = orders.read_item::<Order>("1", "alice").await?;
//! let etag = read.etag().unwrap_or_default().to_owned();
//! let mut order = read.into_value();
//! order.total = 15.0;
//! orders.replace_item("1", "alice", &order).if_match(etag).await?;
//!
//! // Errors carry the status and helpers for the common cases.
//! let missing = orders.read_item::<Order>("nope", "alice").await.unwrap_err();
//! assert!(missing.is_not_found());
//!
//! // Queries stream items; `into_pages()` exposes continuation tokens instead.
//! let big: Vec<Order> = orders
//!     .query_items(Query::new("SELECT * FROM c WHERE c.total > @min").with_parameter("min", 10))
//!     .partition_key("alice")
//!     .try_collect()
//!     .await?;
//! assert_eq!(big.len(), 1);
//! # emulator.shutdown().await;
//! # Ok(())
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
//!   continuation tokens via [`Pager::into_pages`]. Cross-partition ORDER BY, VALUE
//!   aggregates, TOP, OFFSET/LIMIT and DISTINCT run from the gateway's query plan and are
//!   merged by the client. [`ContainerClient::change_feed`] reads changes incrementally
//!   (latest versions), [`ContainerClient::change_feed_all_versions`] every create, replace
//!   and delete.
//! - [`FeedRange`]s ([`ContainerClient::read_feed_ranges`]) split a container's key space
//!   between workers: change feeds and queries can each be limited to one.
//! - One [`Error`] type with [`ErrorKind`] and helpers (`is_not_found`, `is_conflict`,
//!   `is_precondition_failed`, `is_throttled`, `retry_after`).
//! - Retries (429, transient failures, session lag) follow [`RetryOptions`]; session tokens
//!   are tracked per container automatically.
//!
//! # Credentials
//!
//! [`Credential::MasterKey`] signs every request with the account key (HMAC-SHA256 over
//! verb, resource type, resource link and date). [`Credential::ResourceTokens`] holds tokens
//! minted by permissions ([`UserClient::create_permission`]); each request uses the token of
//! its exact resource link, else of its container, else of the nearest ancestor.
//! [`Credential::Token`] sends Microsoft Entra ID bearer tokens from a [`TokenCredential`],
//! cached until five minutes before they expire.
//!
//! # Retries
//!
//! | Answer | Retried |
//! |---|---|
//! | 429 | always, after `x-ms-retry-after-ms`; up to 9 times and 30 s of waiting |
//! | 404/1002 (session not yet available) | once |
//! | 408, 502, 503, 504, timeouts, dropped connections | reads (and queries), 3 times with exponential backoff; writes only with [`RetryOptions::retry_writes`] |
//! | connection refused | always: the request never left |
//! | anything else | never |
//!
//! # Sessions
//!
//! Every response's `x-ms-session-token` is merged into the token of its container (keyed by
//! the container's name path, one vector per partition key range, maxima only). Reads,
//! queries and feeds of the container send it back when the consistency level is Session or
//! left to the account (whose default is Session), so a client reads its own writes. Deleting
//! a container or database forgets its tokens.
//!
//! A keyed read of a container whose session spans several ranges sends only the vector of
//! the range owning its key (or of that range's parent, after a split), as the Python SDK
//! does; the client learns which range that is from the container's routing map.
//!
//! # Routing map
//!
//! Each container's partition key definition and partition key ranges are read once and
//! cached. Cross-partition queries and change feeds take their ranges from it; when a range
//! answers 410 with substatus 1002 or 1007 (split), the ranges are read again and the split
//! range's children continue from its continuation.

mod auth;
mod batch;
mod change_feed;
mod client;
mod connection_string;
mod container;
mod credential;
mod cross_partition;
mod database;
mod error;
mod feed_range;
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
mod routing;
mod routing_map;
mod scripts;
mod session;
mod user;

pub use batch::{BatchOperationResult, BatchResponse, TransactionalBatch};
pub use change_feed::{
    ChangeFeed, ChangeFeedItem, ChangeFeedMetadata, ChangeFeedOperation, ChangeFeedPage,
    ChangeFeedStart,
};
pub use client::CosmosClient;
pub use connection_string::ConnectionString;
pub use container::ContainerClient;
pub use credential::{AccessToken, Credential, CredentialError, ResourceTokens, TokenCredential};
pub use database::DatabaseClient;
pub use error::{Error, ErrorKind, Result};
pub use feed_range::FeedRange;
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
