//! The JSON shapes of Cosmos resources the client creates and reads.
//!
//! Every struct keeps unknown properties in `additional_properties`, so reading a resource
//! and replacing it never drops fields this crate does not model.

mod account;
mod container;
mod database;
mod offer;
mod partition_key_range;
mod script;
mod throughput;
mod user;

pub use account::{AccountLocation, ConsistencyPolicy, DatabaseAccount};
pub use container::{
    ContainerProperties, ExcludedPath, IncludedPath, IndexingMode, IndexingPolicy, UniqueKey,
    UniqueKeyPolicy,
};
pub use database::DatabaseProperties;
pub use offer::{AutoscaleSettings, OfferContent, OfferProperties};
pub use partition_key_range::PartitionKeyRange;
pub use script::{
    StoredProcedureProperties, TriggerOperation, TriggerProperties, TriggerType,
    UserDefinedFunctionProperties,
};
pub use throughput::ThroughputProperties;
pub use user::{PermissionMode, PermissionProperties, UserProperties};

use serde::{Deserialize, Serialize};

/// The system properties every resource carries.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct SystemProperties {
    #[serde(rename = "_rid", default, skip_serializing_if = "Option::is_none")]
    pub rid: Option<String>,
    #[serde(rename = "_self", default, skip_serializing_if = "Option::is_none")]
    pub self_link: Option<String>,
    #[serde(rename = "_etag", default, skip_serializing_if = "Option::is_none")]
    pub etag: Option<String>,
    /// Last modification, in seconds since the Unix epoch.
    #[serde(rename = "_ts", default, skip_serializing_if = "Option::is_none")]
    pub ts: Option<u64>,
}
