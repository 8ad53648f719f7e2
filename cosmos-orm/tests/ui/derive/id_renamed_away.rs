use cosmos_orm::CosmosDocument;
use serde::{Deserialize, Serialize};

#[derive(Serialize, Deserialize, CosmosDocument)]
#[serde(rename_all = "UPPERCASE")]
struct User {
    id: String,
    #[cosmos(partition_key)]
    tenant: String,
}

fn main() {}
