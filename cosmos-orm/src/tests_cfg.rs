//! Fixture documents for unit tests, covering renames, nesting, flattening,
//! hierarchical keys, etag and ttl.

use serde::{Deserialize, Serialize};

use crate::{CosmosDocument, CosmosFields};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, CosmosFields)]
#[serde(rename_all = "camelCase")]
pub struct Address {
    pub city: String,
    pub zip_code: String,
    pub geo: Geo,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, CosmosFields)]
pub struct Geo {
    pub lat: f64,
    pub lon: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, CosmosFields)]
pub struct Audit {
    pub created_by: String,
    pub version: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, CosmosDocument)]
#[serde(rename_all = "camelCase")]
pub struct User {
    pub id: String,
    #[cosmos(partition_key)]
    pub tenant_id: String,
    pub display_name: String,
    pub age: u32,
    pub score: f64,
    pub active: bool,
    pub tags: Vec<String>,
    pub addresses: Vec<Address>,
    pub home: Address,
    #[serde(rename = "first-name")]
    pub first_name: Option<String>,
    #[serde(flatten)]
    pub audit: Audit,
    #[serde(skip)]
    pub cached: u64,
    #[cosmos(etag)]
    #[serde(rename = "_etag", default, skip_serializing_if = "Option::is_none")]
    pub etag: Option<String>,
    #[cosmos(ttl)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ttl: Option<i32>,
}

impl User {
    pub fn sample(id: &str, tenant: &str) -> Self {
        User {
            id: id.into(),
            tenant_id: tenant.into(),
            display_name: "Ada".into(),
            age: 36,
            score: 9.5,
            active: true,
            tags: vec!["a".into()],
            addresses: vec![],
            home: Address {
                city: "London".into(),
                zip_code: "N1".into(),
                geo: Geo {
                    lat: 51.5,
                    lon: -0.1,
                },
            },
            first_name: None,
            audit: Audit {
                created_by: "system".into(),
                version: 1,
            },
            cached: 0,
            etag: None,
            ttl: None,
        }
    }
}

/// Hierarchical key: tenant, then a level inside an embedded struct.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, CosmosDocument)]
#[serde(rename_all = "PascalCase")]
#[cosmos(container = "events_v2")]
pub struct Event {
    #[serde(rename = "id")]
    pub id: String,
    #[cosmos(partition_key = 1)]
    pub tenant: String,
    #[cosmos(partition_key(level = 2, path = "geo.lat"))]
    pub place: Address,
    #[cosmos(partition_key = 3)]
    pub day: i64,
}

/// Key inside a flattened struct and a renamed id field.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, CosmosDocument)]
pub struct Note {
    #[cosmos(id)]
    #[serde(rename = "id")]
    pub key: String,
    #[serde(flatten)]
    #[cosmos(partition_key = "created_by")]
    pub audit: Audit,
    #[cosmos(opaque)]
    pub body: serde_json::Value,
}

/// Optional key left out of the document when `None`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, CosmosDocument)]
pub struct Category {
    pub id: String,
    #[cosmos(partition_key)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
}
