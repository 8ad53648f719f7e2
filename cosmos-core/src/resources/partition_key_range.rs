use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::SystemProperties;

/// A physical partition's slice of the effective-partition-key space: `[min, max)` in
/// uppercase hex, from `""` to `"FF"`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct PartitionKeyRange {
    /// The range id, as sent in `x-ms-documentdb-partitionkeyrangeid`.
    pub id: String,
    pub min_inclusive: String,
    pub max_exclusive: String,
    /// The ranges this one was split from.
    #[serde(default)]
    pub parents: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    #[serde(flatten)]
    pub system: SystemProperties,
    #[serde(flatten)]
    pub additional_properties: Map<String, Value>,
}

impl PartitionKeyRange {
    /// The range as an [`EpkRange`](cosmos_protocol::EpkRange).
    pub fn epk_range(&self) -> cosmos_protocol::EpkRange {
        cosmos_protocol::EpkRange::new(self.min_inclusive.clone(), self.max_exclusive.clone())
    }
}
