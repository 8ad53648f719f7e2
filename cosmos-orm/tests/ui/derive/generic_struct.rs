use cosmos_orm::CosmosDocument;
use serde::{Deserialize, Serialize};

#[derive(Serialize, Deserialize, CosmosDocument)]
struct Wrapper<T> {
    id: String,
    #[cosmos(partition_key)]
    tenant: String,
    value: T,
}

fn main() {}
