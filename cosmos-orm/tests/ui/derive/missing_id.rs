use cosmos_orm::CosmosDocument;
use serde::{Deserialize, Serialize};

#[derive(Serialize, Deserialize, CosmosDocument)]
struct User {
    name: String,
    #[cosmos(partition_key)]
    tenant: String,
}

fn main() {}
