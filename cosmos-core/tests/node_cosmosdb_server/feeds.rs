//! Feeds and queries.

use super::*;

#[tokio::test]
async fn feeds_pages_and_queries() {
    let server = server!();
    let client = server.client();
    let orders = setup(&client, "shop", "orders").await;
    for i in 0..7 {
        let customer = if i % 2 == 0 { "even" } else { "odd" };
        orders
            .create_item(customer, &order(&format!("o{i}"), customer, f64::from(i)))
            .await
            .unwrap();
    }

    // Every item, as a stream.
    let all: Vec<Order> = orders.read_all_items().try_collect().await.unwrap();
    assert_eq!(all.len(), 7);

    // Page by page: 3 + 3 + 1, each page with its charge and a continuation until the last.
    let pages: Vec<_> = orders
        .read_all_items::<Order>()
        .max_item_count(3)
        .into_pages()
        .try_collect()
        .await
        .unwrap();
    let sizes: Vec<usize> = pages.iter().map(|p| p.items().len()).collect();
    assert_eq!(sizes, [3, 3, 1]);
    assert!(pages[0].continuation().is_some());
    assert!(pages[2].continuation().is_none());
    assert!(pages.iter().all(|p| p.request_charge() > 0.0));

    // Resuming from a saved continuation yields exactly the rest.
    let first = orders
        .read_all_items::<Order>()
        .max_item_count(3)
        .into_pages()
        .next()
        .await
        .unwrap()
        .unwrap();
    let token = first.continuation().unwrap().to_owned();
    let rest: Vec<Order> = orders
        .read_all_items()
        .max_item_count(3)
        .continuation(token)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(rest.len(), 4);
    let mut seen: Vec<String> = first
        .into_items()
        .into_iter()
        .chain(rest)
        .map(|o| o.id)
        .collect();
    seen.sort();
    assert_eq!(seen, ["o0", "o1", "o2", "o3", "o4", "o5", "o6"]);

    // Queries with parameters, across partitions and within one.
    let big: Vec<Order> = orders
        .query_items(Query::new("SELECT * FROM c WHERE c.total >= @min").with_parameter("min", 4))
        .try_collect()
        .await
        .unwrap();
    assert_eq!(big.len(), 3);
    let odd: Vec<Value> = orders
        // This server ignores the key header and insists on a key filter in the query.
        .query_items::<Value>(
            Query::new("SELECT c.id FROM c WHERE c.customer = @c").with_parameter("c", "odd"),
        )
        .partition_key("odd")
        .try_collect()
        .await
        .unwrap();
    assert_eq!(odd.len(), 3);
    let totals: Vec<f64> = orders
        .query_items::<f64>("SELECT VALUE c.total FROM c WHERE c.customer = 'even'")
        .partition_key("even")
        .try_collect()
        .await
        .unwrap();
    assert_eq!(totals.iter().sum::<f64>(), 12.0);

    // A query the server cannot parse surfaces as a 400 from the stream.
    let bad = orders
        .query_items::<Value>("SELEC nonsense")
        .try_collect::<Vec<_>>()
        .await
        .unwrap_err();
    assert_eq!(bad.status(), Some(400));
}

#[tokio::test]
async fn change_feed_reads_then_catches_up() {
    let server = server!();
    let client = server.client();
    let orders = setup(&client, "shop", "orders").await;
    for i in 0..3 {
        orders
            .create_item("alice", &order(&format!("o{i}"), "alice", f64::from(i)))
            .await
            .unwrap();
    }
    let pages: Vec<_> = orders
        .change_feed::<Order>()
        .into_pages()
        .try_collect()
        .await
        .unwrap();
    let changed: usize = pages.iter().map(|p| p.items().len()).sum();
    assert_eq!(changed, 3);
    // The feed ends once every range answered 304.
    assert_eq!(pages.last().unwrap().status(), 304);
}
