use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::SystemProperties;

/// A database user: the owner of permissions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct UserProperties {
    pub id: String,
    #[serde(flatten)]
    pub system: SystemProperties,
    #[serde(flatten)]
    pub additional_properties: Map<String, Value>,
}

impl UserProperties {
    pub fn new(id: impl Into<String>) -> Self {
        Self {
            id: id.into(),
            system: SystemProperties::default(),
            additional_properties: Map::new(),
        }
    }
}

/// What a permission's token allows on its resource.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum PermissionMode {
    All,
    Read,
}

/// A permission: a user's access to one resource (a container, or an item), whose `_token`
/// is a resource token for [`ResourceTokens`](crate::ResourceTokens).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct PermissionProperties {
    pub id: String,
    pub permission_mode: PermissionMode,
    /// The name-based link of the resource, e.g. `dbs/d/colls/c`.
    pub resource: String,
    /// Restricts the token to one logical partition (the key's JSON array form).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource_partition_key: Option<Value>,
    /// The resource token minted by the service on every read or write of the permission.
    #[serde(rename = "_token", default, skip_serializing_if = "Option::is_none")]
    pub token: Option<String>,
    #[serde(flatten)]
    pub system: SystemProperties,
    #[serde(flatten)]
    pub additional_properties: Map<String, Value>,
}

impl PermissionProperties {
    pub fn new(id: impl Into<String>, mode: PermissionMode, resource: impl Into<String>) -> Self {
        Self {
            id: id.into(),
            permission_mode: mode,
            resource: resource.into(),
            resource_partition_key: None,
            token: None,
            system: SystemProperties::default(),
            additional_properties: Map::new(),
        }
    }

    /// Limits the permission to one logical partition.
    pub fn with_partition_key(mut self, key: &cosmos_protocol::PartitionKey) -> Self {
        self.resource_partition_key = Some(Value::Array(
            key.components().iter().map(|c| c.to_json()).collect(),
        ));
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn permission_shape() {
        let p = PermissionProperties::new("p", PermissionMode::Read, "dbs/d/colls/c")
            .with_partition_key(&"a".into());
        assert_eq!(
            serde_json::to_value(&p).unwrap(),
            json!({"id": "p", "permissionMode": "Read", "resource": "dbs/d/colls/c",
                   "resourcePartitionKey": ["a"]})
        );
        let read: PermissionProperties = serde_json::from_value(json!({
            "id": "p", "permissionMode": "All", "resource": "dbs/d/colls/c",
            "_token": "type=resource&ver=1.0&sig=abc", "_rid": "x", "_ts": 1
        }))
        .unwrap();
        assert_eq!(read.token.as_deref(), Some("type=resource&ver=1.0&sig=abc"));
        assert_eq!(read.system.rid.as_deref(), Some("x"));
    }
}
