use cosmos_orm::CosmosDocument;
use serde::{Deserialize, Serialize};

#[derive(Serialize, Deserialize, CosmosDocument)]
struct User {
    id: String,
    #[cosmos(partition_key)]
    tenant: String,
    #[cosmos(etag)]
    etag: Option<String>,
    #[cosmos(ttl)]
    #[serde(rename = "expiry")]
    expiry: Option<i32>,
}

#[derive(Serialize, Deserialize, CosmosDocument)]
struct Order {
    id: String,
    #[cosmos(partition_key)]
    customer: String,
    #[cosmos(etag)]
    #[serde(rename = "_etag")]
    etag: String,
}

fn main() {}
