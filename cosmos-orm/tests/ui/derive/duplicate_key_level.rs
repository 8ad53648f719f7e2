use cosmos_orm::CosmosDocument;
use serde::{Deserialize, Serialize};

#[derive(Serialize, Deserialize, CosmosDocument)]
struct User {
    id: String,
    #[cosmos(partition_key = 1)]
    tenant: String,
    #[cosmos(partition_key = 1)]
    region: String,
}

fn main() {}
