use cosmos_orm::CosmosDocument;
use serde::{Deserialize, Serialize};

#[derive(Serialize, Deserialize, CosmosDocument)]
#[serde(deny_unknown_fields)]
struct User {
    id: String,
    #[cosmos(partition_key)]
    tenant: String,
}

fn main() {}
