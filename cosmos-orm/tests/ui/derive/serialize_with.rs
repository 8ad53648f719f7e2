use cosmos_orm::CosmosDocument;
use serde::{Deserialize, Serialize, Serializer};

fn as_text<S: Serializer>(n: &u32, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&n.to_string())
}

#[derive(Serialize, Deserialize, CosmosDocument)]
struct User {
    id: String,
    #[cosmos(partition_key)]
    tenant: String,
    #[serde(serialize_with = "as_text")]
    age: u32,
}

fn main() {}
