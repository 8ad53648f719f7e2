//! Wire-level pieces of the Cosmos DB NoSQL gateway protocol shared by the client and the emulator:
//! request signing, partition key values and effective-partition-key hashing, session tokens,
//! resource ids and header names.
//!
//! Nothing here does I/O; everything is checked against vectors produced by the official SDKs
//! (see `shared/reference/cosmos-protocol.md`).

pub mod auth;
pub mod epk;
pub mod headers;
pub mod partition_key;
pub mod rid;
pub mod session;

pub use epk::{EffectivePartitionKey, EpkRange};
pub use partition_key::{
    PartitionKey, PartitionKeyDefinition, PartitionKeyKind, PartitionKeyValue,
};
pub use session::SessionToken;

/// The REST API version both official SDKs speak.
pub const API_VERSION: &str = "2020-07-15";

/// The well-known key of the local Cosmos DB emulator (public by design).
pub const EMULATOR_KEY: &str =
    "C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==";
