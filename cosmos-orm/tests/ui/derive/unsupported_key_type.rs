use cosmos_orm::CosmosDocument;
use serde::{Deserialize, Serialize};

#[derive(Serialize, Deserialize, CosmosDocument)]
struct User {
    id: String,
    #[cosmos(partition_key)]
    tags: Vec<String>,
}

fn main() {}
