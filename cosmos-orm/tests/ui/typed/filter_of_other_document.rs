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

#[derive(Serialize, Deserialize, CosmosDocument)]
struct Order {
    id: String,
    #[cosmos(partition_key)]
    customer: String,
}

fn main() {
    let user = User::fields();
    let _ = Query::<Order>::in_partition("c").filter(user.name.eq("x"));
    let _ = Patch::<Order>::new().set(&user.age, 1);
}
