//! The customer fixture shared by the repository tests (not every test binary uses all of it).
#![allow(dead_code)]

use cosmos_orm::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, CosmosFields)]
pub struct Address {
    pub city: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, CosmosDocument)]
#[serde(rename_all = "camelCase")]
pub struct Customer {
    pub id: String,
    #[cosmos(partition_key)]
    pub tenant_id: String,
    pub name: String,
    pub age: u32,
    pub tags: Vec<String>,
    pub address: Address,
    #[cosmos(etag)]
    #[serde(rename = "_etag", default, skip_serializing_if = "Option::is_none")]
    pub etag: Option<String>,
}

pub fn customer(id: &str, tenant: &str, name: &str, age: u32) -> Customer {
    Customer {
        id: id.into(),
        tenant_id: tenant.into(),
        name: name.into(),
        age,
        tags: vec!["new".into()],
        address: Address {
            city: "Oslo".into(),
        },
        etag: None,
    }
}
