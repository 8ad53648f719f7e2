//! Typed partial updates: change fields without reading and rewriting the whole document.
//!
//! ```sh
//! cargo run --example patch
//! ```

mod common;

use cosmos_orm::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize, CosmosFields)]
struct Inventory {
    quantity: i64,
    warehouse: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, CosmosDocument)]
#[cosmos(container = "bikes")]
#[serde(rename_all = "camelCase")]
struct Bike {
    id: String,
    #[cosmos(partition_key)]
    category_id: String,
    name: String,
    price: f64,
    used: Option<bool>,
    tags: Vec<String>,
    inventory: Inventory,
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let (client, _emulator) = common::connect().await?;
    client
        .create_database_if_not_exists("patch_example")
        .await?;
    let bikes = Repository::<Bike>::in_database(&client.database("patch_example"));
    bikes.ensure_container().await?;
    bikes
        .upsert(&Bike {
            id: "r-410".into(),
            category_id: "road-bikes".into(),
            name: "R-410 Road Bicycle".into(),
            price: 455.95,
            used: Some(false),
            tags: vec!["r-series".into()],
            inventory: Inventory {
                quantity: 15,
                warehouse: "north".into(),
            },
        })
        .await?;

    // The operations of the documentation's example, but typed: `incr` only compiles on
    // numbers, `push` only on arrays, and values must have the field's type.
    let f = Bike::fields();
    let patch = Patch::new()
        .set(&f.price, 355.45)
        .incr(&f.inventory.quantity, 10)
        .push(&f.tags, "featured-bikes")
        .remove(&f.used)
        .set(&f.inventory.warehouse, "south");
    let patched = bikes.patch("r-410", "road-bikes", &patch).await?;
    println!(
        "patched: price {}, quantity {}, tags {:?} ({:.2} RU)",
        patched.value.price,
        patched.value.inventory.quantity,
        patched.value.tags,
        patched.request_charge
    );

    // A conditional patch runs only when the document matches; otherwise 412 and no change.
    let sell_one = Patch::new()
        .incr(&f.inventory.quantity, -1)
        .condition(f.inventory.quantity.gt(0));
    let sold = bikes.patch("r-410", "road-bikes", &sell_one).await?;
    println!("sold one, {} left", sold.value.inventory.quantity);

    let impossible = Patch::new()
        .set(&f.price, 1.0)
        .condition(f.price.gt(10_000.0));
    match bikes.patch("r-410", "road-bikes", &impossible).await {
        Err(e) if e.is_precondition_failed() => println!("conditional patch refused: {e}"),
        other => return Err(format!("expected 412, got {other:?}").into()),
    }

    client.delete_database("patch_example").await?;
    Ok(())
}
