//! Quickstart: a typed repository over Cosmos DB.
//!
//! Runs on the embedded emulator by default (no account needed). Set
//! `COSMOS_CONNECTION_STRING="AccountEndpoint=…;AccountKey=…;"` to use a real account instead.
//!
//! ```sh
//! cargo run --example quickstart
//! ```

mod common;

use cosmos_orm::prelude::*;
use futures::future::join_all;
use serde::{Deserialize, Serialize};

/// A product, partitioned by category: items of one category share a logical partition, so
/// reading or querying one category touches one partition.
#[derive(Debug, Clone, Serialize, Deserialize, CosmosDocument)]
#[cosmos(container = "products")]
#[serde(rename_all = "camelCase")]
struct Product {
    id: String,
    #[cosmos(partition_key)]
    category: String,
    name: String,
    price: f64,
    stock: i64,
    #[cosmos(etag)]
    #[serde(rename = "_etag", default, skip_serializing_if = "Option::is_none")]
    etag: Option<String>,
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    // Keep the emulator alive for the whole run when we started one.
    let (client, _emulator) = common::connect().await?;

    let database = client.create_database_if_not_exists("quickstart").await?;
    println!(
        "database 'quickstart' ready ({:.2} RU)",
        database.request_charge()
    );
    let db = client.database("quickstart");

    let products = Repository::<Product>::in_database(&db);
    let container = products.ensure_container().await?;
    println!(
        "container 'products' ready ({:.2} RU)",
        container.request_charge
    );

    // Write ten items concurrently, like `asyncio.gather` in the Python SDK's samples. Upsert
    // keeps the example re-runnable against a real account.
    let items: Vec<Product> = (0..10)
        .map(|i| Product {
            id: format!("item{i}"),
            category: if i % 2 == 0 { "electronics" } else { "books" }.into(),
            name: format!("Product {i}"),
            price: 10.0 + f64::from(i) * 2.5,
            stock: 5 + i64::from(i),
            etag: None,
        })
        .collect();
    let written = join_all(items.iter().map(|p| products.upsert(p))).await;
    let mut write_charge = 0.0;
    for result in written {
        write_charge += result?.request_charge;
    }
    println!(
        "upserted {} items concurrently ({write_charge:.2} RU)",
        items.len()
    );

    // Point reads, also concurrent: the cheapest way to fetch an item.
    let reads = join_all(
        items
            .iter()
            .map(|p| products.find(&p.id, p.category.clone())),
    )
    .await;
    let mut read_charge = 0.0;
    let mut found = 0;
    for result in reads {
        let outcome = result?;
        read_charge += outcome.request_charge;
        found += usize::from(outcome.value.is_some());
    }
    println!("read {found} items concurrently ({read_charge:.2} RU)");

    // A typed, parameterized query scoped to one partition.
    let f = Product::fields();
    let cheap = products
        .all(
            Query::<Product>::in_partition("electronics".to_string())
                .filter(f.price.lt(20.0))
                .order_by(f.price.asc())
                .build()?,
        )
        .await?;
    println!(
        "electronics under 20: {:?} ({:.2} RU)",
        cheap
            .value
            .iter()
            .map(|p| p.name.as_str())
            .collect::<Vec<_>>(),
        cheap.request_charge
    );

    // A partial update: decrement the stock without reading the item first.
    let patched = products
        .patch(
            "item0",
            "electronics".to_string(),
            &Patch::new().incr(&f.stock, -1),
        )
        .await?;
    println!(
        "item0 stock is now {} ({:.2} RU)",
        patched.value.stock, patched.request_charge
    );

    // Optimistic concurrency: replace succeeds with the current etag, fails with a stale one.
    let mut current = patched.value;
    let stale = current.clone();
    current.price += 1.0;
    let replaced = products.replace(&current).await?;
    println!("item0 repriced ({:.2} RU)", replaced.request_charge);
    match products.replace(&stale).await {
        Err(e) if e.is_precondition_failed() => println!("stale write rejected: {e}"),
        other => return Err(format!("expected a precondition failure, got {other:?}").into()),
    }

    let count = products
        .count(Query::<Product>::in_partition("books".to_string()).count()?)
        .await?;
    println!(
        "books: {} items ({:.2} RU)",
        count.value, count.request_charge
    );

    client.delete_database("quickstart").await?;
    println!("deleted database 'quickstart'");
    Ok(())
}
