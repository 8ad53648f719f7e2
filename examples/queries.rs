//! Typed queries: filters, ordering, projections, counts, pages and raw SQL.
//!
//! ```sh
//! cargo run --example queries
//! ```

mod common;

use cosmos_orm::prelude::*;
use futures::TryStreamExt as _;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize, CosmosDocument)]
#[cosmos(container = "catalog")]
#[serde(rename_all = "camelCase")]
struct Product {
    id: String,
    #[cosmos(partition_key)]
    category: String,
    name: String,
    price: f64,
    tags: Vec<String>,
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let (client, _emulator) = common::connect().await?;
    client
        .create_database_if_not_exists("queries_example")
        .await?;
    let products = Repository::<Product>::in_database(&client.database("queries_example"));
    products.ensure_container().await?;

    for i in 0..40u32 {
        let category = ["bikes", "helmets", "lights", "locks"][i as usize % 4];
        products
            .upsert(&Product {
                id: format!("p{i:02}"),
                category: category.into(),
                name: format!("{category} model {i}"),
                price: 5.0 + f64::from(i) * 3.0,
                tags: if i % 3 == 0 {
                    vec!["sale".into()]
                } else {
                    vec![]
                },
            })
            .await?;
    }
    let f = Product::fields();

    // One partition, filtered and ordered. Values become @parameters, never SQL text.
    let bikes = products
        .all(
            Query::<Product>::in_partition("bikes")
                .filter(f.price.between(20.0, 80.0).and(f.name.contains("model")))
                .order_by(f.price.desc())
                .build()?,
        )
        .await?;
    println!(
        "bikes between 20 and 80: {} ({:.2} RU)",
        bikes.value.len(),
        bikes.request_charge
    );

    // Only the fields we need, as a tuple.
    let names = products
        .all(
            Query::<Product>::in_partition("lights")
                .filter(f.tags.array_contains("sale"))
                .select((&f.name, &f.price))
                .build()?,
        )
        .await?;
    for (name, price) in &names.value {
        println!("  on sale: {name} at {price}");
    }

    // Fan-out over every partition must be asked for explicitly; ORDER BY and TOP are merged
    // by the client from the gateway's query plan.
    let priciest = products
        .all(
            Query::<Product>::cross_partition()
                .order_by(f.price.desc())
                .top(3)
                .build()?,
        )
        .await?;
    let ids: Vec<&str> = priciest.value.iter().map(|p| p.id.as_str()).collect();
    println!("three priciest across categories: {ids:?}");

    let count = products
        .count(
            Query::<Product>::cross_partition()
                .filter(f.category.is_in(["bikes", "locks"]))
                .count()?,
        )
        .await?;
    println!("bikes and locks: {}", count.value);
    let has_cheap = products
        .exists(
            Query::<Product>::in_partition("helmets")
                .filter(f.price.lt(10.0))
                .exists()?,
        )
        .await?;
    println!("cheap helmets exist: {}", has_cheap.value);

    // Page by page, resuming from a token, as a web API handing out "next" links would.
    let query = || {
        Query::<Product>::in_partition("locks")
            .order_by(f.price.asc())
            .build()
    };
    let first = products.page(query()?, 4, None).await?;
    println!(
        "page 1: {} items, more: {}",
        first.items.len(),
        first.continuation.is_some()
    );
    let second = products.page(query()?, 4, first.continuation).await?;
    println!("page 2: {} items", second.items.len());

    // Streams fetch pages lazily as they are polled.
    let streamed: Vec<Product> = products
        .stream(Query::<Product>::in_partition("bikes").build()?)
        .try_collect()
        .await?;
    println!("streamed {} bikes", streamed.len());

    // The escape hatch: raw SQL, still parameterized.
    let raw = products
        .all(
            RawQuery::<Product, serde_json::Value>::in_partition(
                "helmets",
                "SELECT VALUE {name: c.name, discounted: c.price * 0.9} FROM c WHERE c.price > @min",
            )
            .param("@min", 50)
            .build()?,
        )
        .await?;
    println!("raw query rows: {}", raw.value.len());

    client.delete_database("queries_example").await?;
    Ok(())
}
