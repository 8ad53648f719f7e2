use cosmos_orm::CosmosDocument;
use serde::{Deserialize, Serialize};

#[derive(Serialize, Deserialize, CosmosDocument)]
struct User {
    id: String,
    #[cosmos(partition_key)]
    tenant: String,
    #[cosmos(partition_key)]
    region: String,
}

fn main() {}
