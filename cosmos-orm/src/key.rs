//! Partition key wire types.
//!
//! These mirror the shapes `cosmos-protocol` will export (`PartitionKey`,
//! `PartitionKeyValue`, `PartitionKeyDefinition`). They live in this one file so
//! that switching to the protocol crate is a matter of replacing it with
//! re-exports.

use serde::{Deserialize, Serialize};

/// One component of a partition key value.
#[derive(Debug, Clone, PartialEq)]
pub enum PartitionKeyValue {
    /// A JSON string.
    String(String),
    /// A JSON number; kept exact so `[5]` is not sent as `[5.0]`.
    Number(serde_json::Number),
    /// A JSON boolean.
    Bool(bool),
    /// JSON `null`.
    Null,
    /// The property is absent from the document (sent as `{}`).
    Undefined,
}

impl PartitionKeyValue {
    /// The JSON form used inside the `x-ms-documentdb-partitionkey` header.
    pub fn to_json(&self) -> serde_json::Value {
        match self {
            Self::String(s) => serde_json::Value::String(s.clone()),
            Self::Number(n) => serde_json::Value::Number(n.clone()),
            Self::Bool(b) => serde_json::Value::Bool(*b),
            Self::Null => serde_json::Value::Null,
            Self::Undefined => serde_json::Value::Object(serde_json::Map::new()),
        }
    }
}

/// A full (possibly hierarchical) partition key value: one component per path.
#[derive(Debug, Clone, PartialEq)]
pub struct PartitionKey(Vec<PartitionKeyValue>);

impl PartitionKey {
    /// Builds a key from its components, outermost level first.
    pub fn new(values: Vec<PartitionKeyValue>) -> Self {
        Self(values)
    }

    /// The components, outermost level first.
    pub fn values(&self) -> &[PartitionKeyValue] {
        &self.0
    }

    /// The JSON array sent in `x-ms-documentdb-partitionkey`, e.g. `["a",5]`.
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::Value::Array(self.0.iter().map(PartitionKeyValue::to_json).collect())
    }
}

/// How a container partitions: one path, or up to three hierarchical paths.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum PartitionKeyKind {
    /// A single partition key path.
    Hash,
    /// A hierarchical key of two or three paths.
    MultiHash,
}

/// The `partitionKey` property of a container.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartitionKeyDefinition {
    /// Paths such as `/tenantId`, outermost level first.
    pub paths: Vec<String>,
    /// `Hash` for one path, `MultiHash` for several.
    pub kind: PartitionKeyKind,
    /// Hash version; always echoed because a missing version means V1.
    pub version: u8,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_json_covers_every_component() {
        let key = PartitionKey::new(vec![
            PartitionKeyValue::String("a".into()),
            PartitionKeyValue::Number(5.into()),
            PartitionKeyValue::Bool(true),
            PartitionKeyValue::Null,
            PartitionKeyValue::Undefined,
        ]);
        assert_eq!(key.to_json().to_string(), r#"["a",5,true,null,{}]"#);
    }

    #[test]
    fn definition_serializes_like_the_service() {
        let def = PartitionKeyDefinition {
            paths: vec!["/a".into(), "/b".into()],
            kind: PartitionKeyKind::MultiHash,
            version: 2,
        };
        assert_eq!(
            serde_json::to_string(&def).unwrap(),
            r#"{"paths":["/a","/b"],"kind":"MultiHash","version":2}"#
        );
    }
}
