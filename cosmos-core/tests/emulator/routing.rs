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
