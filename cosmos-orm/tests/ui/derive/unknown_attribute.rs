use cosmos_orm::CosmosDocument;
use serde::{Deserialize, Serialize};

#[derive(Serialize, Deserialize, CosmosDocument)]
#[cosmos(table = "users")]
struct User {
    id: String,
    #[cosmos(partition_key, indexed)]
    tenant: String,
}

fn main() {}
