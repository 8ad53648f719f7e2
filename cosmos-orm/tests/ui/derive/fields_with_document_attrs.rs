use cosmos_orm::CosmosFields;
use serde::{Deserialize, Serialize};

#[derive(Serialize, Deserialize, CosmosFields)]
#[cosmos(container = "addresses")]
struct Address {
    #[cosmos(id)]
    id: String,
    #[cosmos(partition_key)]
    city: String,
}

fn main() {}
