use cosmos_orm::CosmosDocument;
use serde::{Deserialize, Serialize};

#[derive(Serialize, Deserialize, CosmosDocument)]
#[serde(rename_all(serialize = "camelCase", deserialize = "snake_case"))]
struct User {
    id: String,
    #[cosmos(partition_key)]
    #[serde(rename(serialize = "t", deserialize = "tenant"))]
    tenant: String,
}

fn main() {}
