use cosmos_orm::CosmosDocument;
use serde::{Deserialize, Serialize};

#[derive(Serialize, Deserialize, CosmosDocument)]
struct User {
    #[cosmos(id)]
    #[serde(rename = "id")]
    key: String,
    #[cosmos(id)]
    other: String,
    #[cosmos(partition_key)]
    tenant: String,
}

fn main() {}
