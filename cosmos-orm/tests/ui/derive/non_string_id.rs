use cosmos_orm::CosmosDocument;
use serde::{Deserialize, Serialize};

#[derive(Serialize, Deserialize, CosmosDocument)]
struct User {
    id: u64,
    #[cosmos(partition_key)]
    tenant: String,
}

fn main() {}
