//! The routing map against the emulator: hierarchical key prefixes sent as EPK-range
//! requests, and keyed reads in a session spread over several ranges.

use super::*;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Event {
    id: String,
    tenant: String,
    user: String,
    n: i64,
}

#[tokio::test]
async fn hierarchical_prefixes_query_and_feed_every_partition_under_them() {
    let emulator = Emulator::builder().partitions(4).start().await.unwrap();
    let client = CosmosClient::from_connection_string(&emulator.connection_string()).unwrap();
    client.create_database("app").await.unwrap();
    let db = client.database("app");
    db.create_container(ContainerProperties::new(
        "events",
        PartitionKeyDefinition::hierarchical(["/tenant", "/user"]),
    ))
    .await
    .unwrap();
    let events = db.container("events");
    let mut all = Vec::new();
    for i in 0..48i64 {
        let event = Event {
            id: format!("e{i:02}"),
            tenant: format!("t{}", i % 3),
            user: format!("u{}", i % 8),
            n: i,
        };
        events
            .create_item(
                PartitionKey::hierarchical([event.tenant.as_str(), event.user.as_str()]),
                &event,
            )
            .await
            .unwrap();
        all.push(event);
    }
    let t1: Vec<i64> = all
        .iter()
        .filter(|e| e.tenant == "t1")
        .map(|e| e.n)
        .collect();
    assert_eq!(t1.len(), 16);

    // The prefix ["t1"] covers users in several physical partitions' worth of EPKs.
    let got: Vec<i64> = events
        .query_items::<i64>("SELECT VALUE c.n FROM c ORDER BY c.n")
        .partition_key(PartitionKey::hierarchical(["t1"]))
        .try_collect()
        .await
        .unwrap();
    assert_eq!(got, t1);
    let count: Vec<i64> = events
        .query_items::<i64>("SELECT VALUE COUNT(1) FROM c")
        .partition_key(PartitionKey::hierarchical(["t1"]))
        .try_collect()
        .await
        .unwrap();
    assert_eq!(count, [16]);
    let mut feed: Vec<i64> = events
        .change_feed::<Event>()
        .partition_key(PartitionKey::hierarchical(["t1"]))
        .map_ok(|e| e.n)
        .try_collect()
        .await
        .unwrap();
    feed.sort();
    assert_eq!(feed, t1);

    // A full key still goes straight to its partition.
    let one: Vec<Event> = events
        .query_items("SELECT * FROM c")
        .partition_key(PartitionKey::hierarchical(["t1", "u1"]))
        .try_collect()
        .await
        .unwrap();
    assert!(!one.is_empty());
    assert!(one.iter().all(|e| e.tenant == "t1" && e.user == "u1"));
}

#[tokio::test]
async fn keyed_reads_see_their_writes_across_ranges() {
    let emulator = Emulator::builder().partitions(4).start().await.unwrap();
    let client = CosmosClient::from_connection_string(&emulator.connection_string()).unwrap();
    let orders = orders(&client).await;
    // Writes land in every range, so the session token has a vector per range; each read
    // sends only its own range's and still reads its write.
    for round in 0..3 {
        for i in 0..12 {
            let customer = format!("c{i}");
            orders
                .upsert_item(customer.as_str(), &order("o", &customer, f64::from(round)))
                .await
                .unwrap();
            let read = orders
                .read_item::<Order>("o", customer.as_str())
                .await
                .unwrap()
                .into_value();
            assert_eq!(read.total, f64::from(round));
        }
    }
    let ranges = orders
        .read_partition_key_ranges()
        .try_collect::<Vec<_>>()
        .await
        .unwrap();
    assert_eq!(ranges.len(), 4);
}

/// 40 orders over 10 customers in 2 partitions; the totals are 0..40.
async fn two_partitions() -> (Emulator, CosmosClient, ContainerClient) {
    let emulator = Emulator::builder().partitions(2).start().await.unwrap();
    let client = CosmosClient::from_connection_string(&emulator.connection_string()).unwrap();
    let orders = orders(&client).await;
    for i in 0..40 {
        let customer = format!("c{}", i % 10);
        orders
            .create_item(
                customer.as_str(),
                &order(&format!("o{i:02}"), &customer, f64::from(i)),
            )
            .await
            .unwrap();
    }
    (emulator, client, orders)
}

#[tokio::test]
async fn queries_in_flight_and_saved_tokens_survive_a_split() {
    let (emulator, _client, orders) = two_partitions().await;
    let all: Vec<f64> = (0..40).map(f64::from).collect();

    // An ORDER BY query reads its first page, then range 0 splits under it.
    let mut pages = orders
        .query_items::<f64>("SELECT VALUE c.total FROM c ORDER BY c.total")
        .max_item_count(5)
        .into_pages();
    let mut seen: Vec<f64> = pages.next().await.unwrap().unwrap().into_items();
    let (left, right) = emulator
        .split_partition("shop", "orders", "0")
        .await
        .unwrap();
    let after = orders.read_feed_ranges().await.unwrap();
    assert_eq!(after.len(), 3, "range 0 became {left} and {right}");
    while let Some(page) = pages.next().await {
        seen.extend(page.unwrap().into_items());
    }
    assert_eq!(seen, all, "no gap, no repeat");

    // A TOP query's token saved before a split of range 1, resumed by a new client.
    let mut first = orders
        .query_items::<Order>("SELECT TOP 40 * FROM c")
        .max_item_count(7)
        .into_pages();
    let page = first.next().await.unwrap().unwrap();
    let token = page.continuation().unwrap().to_owned();
    let mut ids: Vec<String> = page.items().iter().map(|o| o.id.clone()).collect();
    emulator
        .split_partition("shop", "orders", "1")
        .await
        .unwrap();
    let fresh = CosmosClient::from_connection_string(&emulator.connection_string()).unwrap();
    let rest: Vec<Order> = fresh
        .database("shop")
        .container("orders")
        .query_items("SELECT TOP 40 * FROM c")
        .max_item_count(7)
        .continuation(token)
        .try_collect()
        .await
        .unwrap();
    ids.extend(rest.into_iter().map(|o| o.id));
    ids.sort();
    assert_eq!(ids, (0..40).map(|i| format!("o{i:02}")).collect::<Vec<_>>());

    // Aggregates and GROUP BY over the four ranges now; the first client's map was stale.
    let count: Vec<i64> = orders
        .query_items::<i64>("SELECT VALUE COUNT(1) FROM c")
        .try_collect()
        .await
        .unwrap();
    assert_eq!(count, [40]);
    let groups: Vec<Value> = orders
        .query_items("SELECT c.customer, COUNT(1) AS n FROM c GROUP BY c.customer")
        .try_collect()
        .await
        .unwrap();
    assert_eq!(groups.len(), 10);
    assert!(groups.iter().all(|g| g["n"] == json!(4)));
    let ranges = orders.read_feed_ranges().await.unwrap();
    assert_eq!(ranges.len(), 4);
    assert!(!ranges.iter().any(|r| r.to_string().is_empty()));
}

#[tokio::test]
async fn keyed_reads_after_a_split_use_the_parent_session() {
    let (emulator, _client, orders) = two_partitions().await;
    // Keyed reads before the split load the routing map; it is stale after.
    for i in 0..10 {
        let customer = format!("c{i}");
        orders
            .read_item::<Order>(format!("o{i:02}"), customer.as_str())
            .await
            .unwrap();
    }
    emulator
        .split_partition("shop", "orders", "0")
        .await
        .unwrap();
    // Writes after the split land in the children; reads of every key see them.
    for i in 0..10 {
        let customer = format!("c{i}");
        orders
            .upsert_item(customer.as_str(), &order("late", &customer, 99.0))
            .await
            .unwrap();
        let read = orders
            .read_item::<Order>("late", customer.as_str())
            .await
            .unwrap();
        assert_eq!(read.into_value().total, 99.0);
    }
}
