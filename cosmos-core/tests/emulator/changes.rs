//! The change feed and partition-key deletes.

use super::*;
use cosmos_core::ChangeFeedStart;

#[tokio::test]
async fn change_feed_reads_resumes_and_scopes() {
    let emulator = Emulator::builder().partitions(3).start().await.unwrap();
    let client = CosmosClient::from_connection_string(&emulator.connection_string()).unwrap();
    let orders = orders(&client).await;
    for i in 0..9 {
        let customer = format!("c{}", i % 3);
        orders
            .create_item(
                customer.as_str(),
                &order(&format!("o{i}"), &customer, f64::from(i)),
            )
            .await
            .unwrap();
    }

    let pages: Vec<_> = orders
        .change_feed::<Order>()
        .max_item_count(2)
        .into_pages()
        .try_collect()
        .await
        .unwrap();
    let mut seen: Vec<String> = pages
        .iter()
        .flat_map(|p| p.items().iter().map(|o| o.id.clone()))
        .collect();
    seen.sort();
    assert_eq!(seen, (0..9).map(|i| format!("o{i}")).collect::<Vec<_>>());
    assert_eq!(pages.last().unwrap().status(), 304);
    let token = pages.last().unwrap().continuation().to_owned();

    // Nothing new since the token; then one update and one insert arrive, latest versions.
    let none: Vec<Order> = orders
        .change_feed()
        .continuation(token.clone())
        .try_collect()
        .await
        .unwrap();
    assert!(none.is_empty());
    orders
        .upsert_item("c1", &order("o1", "c1", 100.0))
        .await
        .unwrap();
    orders
        .create_item("c2", &order("o9", "c2", 9.0))
        .await
        .unwrap();
    let mut changed: Vec<Order> = orders
        .change_feed()
        .continuation(token)
        .try_collect()
        .await
        .unwrap();
    changed.sort_by(|a, b| a.id.cmp(&b.id));
    assert_eq!(changed, [order("o1", "c1", 100.0), order("o9", "c2", 9.0)]);

    // Starting now sees nothing old; one logical partition sees only its items.
    let from_now: Vec<Order> = orders
        .change_feed()
        .start_from(ChangeFeedStart::Now)
        .try_collect()
        .await
        .unwrap();
    assert!(from_now.is_empty());
    let c0: Vec<Order> = orders
        .change_feed()
        .partition_key("c0")
        .try_collect()
        .await
        .unwrap();
    assert_eq!(c0.len(), 3);
    assert!(c0.iter().all(|o| o.customer == "c0"));
}

#[tokio::test]
async fn delete_all_items_of_a_partition() {
    let (_emulator, client) = emulator().await;
    let orders = orders(&client).await;
    for i in 0..4 {
        let customer = if i % 2 == 0 { "even" } else { "odd" };
        orders
            .create_item(customer, &order(&format!("o{i}"), customer, 0.0))
            .await
            .unwrap();
    }
    let done = orders
        .delete_all_items_by_partition_key("even")
        .await
        .unwrap();
    assert!((200..300).contains(&done.status()));
    let left: Vec<Order> = orders.read_all_items().try_collect().await.unwrap();
    assert!(left.iter().all(|o| o.customer == "odd"), "{left:?}");
    assert_eq!(left.len(), 2);
}
