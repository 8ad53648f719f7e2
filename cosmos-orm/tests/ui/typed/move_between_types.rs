use cosmos_orm::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Serialize, Deserialize, CosmosFields)]
struct Address {
    city: String,
}

#[derive(Serialize, Deserialize, CosmosDocument)]
struct User {
    id: String,
    #[cosmos(partition_key)]
    tenant: String,
    name: String,
    age: u32,
    tags: Vec<String>,
    address: Address,
}

fn main() {
    let f = User::fields();
    let _ = Patch::<User>::new().move_field(&f.age, &f.name);
}
