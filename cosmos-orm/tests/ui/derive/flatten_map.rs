use std::collections::HashMap;

use cosmos_orm::CosmosDocument;
use serde::{Deserialize, Serialize};

#[derive(Serialize, Deserialize, CosmosDocument)]
struct User {
    id: String,
    #[cosmos(partition_key)]
    tenant: String,
    #[serde(flatten)]
    extra: HashMap<String, String>,
}

fn main() {}
