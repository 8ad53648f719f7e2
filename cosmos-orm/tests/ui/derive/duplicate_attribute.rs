use cosmos_orm::CosmosDocument;
use serde::{Deserialize, Serialize};

#[derive(Serialize, Deserialize, CosmosDocument)]
#[cosmos(container = "a", container = "b")]
struct User {
    id: String,
    #[cosmos(partition_key)]
    tenant: String,
}

fn main() {}
