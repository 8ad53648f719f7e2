use cosmos_orm::{CosmosDocument, CosmosFields};
use serde::{Deserialize, Serialize};

#[derive(Serialize, Deserialize, CosmosFields)]
struct Address {
    city: String,
}

#[derive(Serialize, Deserialize, CosmosDocument)]
struct User {
    id: String,
    #[cosmos(partition_key = "town")]
    address: Address,
}

fn main() {}
