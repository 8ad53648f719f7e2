use cosmos_orm::CosmosDocument;
use serde::{Deserialize, Serialize};

#[derive(Serialize, Deserialize, CosmosDocument)]
enum Shape {
    Circle { id: String },
}

fn main() {}
