use cosmos_protocol::PartitionKeyDefinition;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::SystemProperties;

/// A container (collection) resource, as created, read and replaced.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ContainerProperties {
    pub id: String,
    pub partition_key: PartitionKeyDefinition,
    /// Item time-to-live in seconds; `-1` enables per-item TTL without a default.
    #[serde(
        rename = "defaultTtl",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub default_ttl: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub indexing_policy: Option<IndexingPolicy>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unique_key_policy: Option<UniqueKeyPolicy>,
    #[serde(flatten)]
    pub system: SystemProperties,
    #[serde(flatten)]
    pub additional_properties: Map<String, Value>,
}

impl ContainerProperties {
    /// A container partitioned by `partition_key` (e.g. `PartitionKeyDefinition::new("/pk")`).
    pub fn new(id: impl Into<String>, partition_key: impl Into<PartitionKeyDefinition>) -> Self {
        Self {
            id: id.into(),
            partition_key: partition_key.into(),
            default_ttl: None,
            indexing_policy: None,
            unique_key_policy: None,
            system: SystemProperties::default(),
            additional_properties: Map::new(),
        }
    }

    pub fn with_default_ttl(mut self, seconds: i64) -> Self {
        self.default_ttl = Some(seconds);
        self
    }

    pub fn with_indexing_policy(mut self, policy: IndexingPolicy) -> Self {
        self.indexing_policy = Some(policy);
        self
    }

    pub fn with_unique_key_policy(mut self, policy: UniqueKeyPolicy) -> Self {
        self.unique_key_policy = Some(policy);
        self
    }
}

/// `consistent` (the default) or `none` (no index, point reads only).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum IndexingMode {
    Consistent,
    Lazy,
    None,
}

/// How a container indexes its items. Composite, spatial and vector indexes are kept in
/// `additional_properties` verbatim.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct IndexingPolicy {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub indexing_mode: Option<IndexingMode>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub automatic: Option<bool>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub included_paths: Vec<IncludedPath>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub excluded_paths: Vec<ExcludedPath>,
    #[serde(flatten)]
    pub additional_properties: Map<String, Value>,
}

impl Default for IndexingPolicy {
    fn default() -> Self {
        Self {
            indexing_mode: Some(IndexingMode::Consistent),
            automatic: Some(true),
            included_paths: Vec::new(),
            excluded_paths: Vec::new(),
            additional_properties: Map::new(),
        }
    }
}

impl IndexingPolicy {
    pub fn with_indexing_mode(mut self, mode: IndexingMode) -> Self {
        self.indexing_mode = Some(mode);
        self
    }

    pub fn include(mut self, path: impl Into<String>) -> Self {
        self.included_paths.push(IncludedPath::new(path));
        self
    }

    pub fn exclude(mut self, path: impl Into<String>) -> Self {
        self.excluded_paths.push(ExcludedPath::new(path));
        self
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct IncludedPath {
    /// e.g. `/*` or `/address/?`.
    pub path: String,
    #[serde(flatten)]
    pub additional_properties: Map<String, Value>,
}

impl IncludedPath {
    pub fn new(path: impl Into<String>) -> Self {
        Self {
            path: path.into(),
            additional_properties: Map::new(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ExcludedPath {
    pub path: String,
    #[serde(flatten)]
    pub additional_properties: Map<String, Value>,
}

impl ExcludedPath {
    pub fn new(path: impl Into<String>) -> Self {
        Self {
            path: path.into(),
            additional_properties: Map::new(),
        }
    }
}

/// Uniqueness constraints, enforced within each logical partition.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct UniqueKeyPolicy {
    #[serde(default)]
    pub unique_keys: Vec<UniqueKey>,
}

impl UniqueKeyPolicy {
    /// Adds a key made of one or more paths (`["/email"]`, `["/first", "/last"]`).
    pub fn with_key<I, S>(mut self, paths: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.unique_keys.push(UniqueKey {
            paths: paths.into_iter().map(Into::into).collect(),
        });
        self
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct UniqueKey {
    pub paths: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn serializes_creation_body() {
        let props = ContainerProperties::new("c", PartitionKeyDefinition::new("/pk"))
            .with_default_ttl(60)
            .with_indexing_policy(IndexingPolicy::default().include("/*").exclude("/blob/?"))
            .with_unique_key_policy(UniqueKeyPolicy::default().with_key(["/email"]));
        assert_eq!(
            serde_json::to_value(&props).unwrap(),
            json!({
                "id": "c",
                "partitionKey": {"paths": ["/pk"], "kind": "Hash", "version": 2},
                "defaultTtl": 60,
                "indexingPolicy": {
                    "indexingMode": "consistent", "automatic": true,
                    "includedPaths": [{"path": "/*"}], "excludedPaths": [{"path": "/blob/?"}]
                },
                "uniqueKeyPolicy": {"uniqueKeys": [{"paths": ["/email"]}]}
            })
        );
    }

    #[test]
    fn round_trips_service_fields() {
        let body = json!({
            "id": "c",
            "partitionKey": {"paths": ["/pk"], "kind": "Hash"},
            "indexingPolicy": {"indexingMode": "consistent", "automatic": true,
                "includedPaths": [{"path": "/*", "indexes": []}], "excludedPaths": [],
                "compositeIndexes": [[{"path": "/a", "order": "ascending"}]]},
            "conflictResolutionPolicy": {"mode": "LastWriterWins"},
            "_rid": "abc=", "_self": "dbs/x/colls/abc=/", "_etag": "\"1\"", "_ts": 17,
            "_docs": "docs/"
        });
        let props: ContainerProperties = serde_json::from_value(body).unwrap();
        assert_eq!(props.partition_key.effective_version(), 1);
        assert_eq!(props.system.rid.as_deref(), Some("abc="));
        assert_eq!(props.system.ts, Some(17));
        assert!(props
            .additional_properties
            .contains_key("conflictResolutionPolicy"));
        assert!(!props.additional_properties.contains_key("_rid"));
        let policy = props.indexing_policy.clone().unwrap();
        assert!(policy
            .additional_properties
            .contains_key("compositeIndexes"));
        let again = serde_json::to_value(&props).unwrap();
        assert_eq!(again["_docs"], "docs/");
        assert_eq!(
            again["indexingPolicy"]["includedPaths"][0]["indexes"],
            json!([])
        );
    }
}
