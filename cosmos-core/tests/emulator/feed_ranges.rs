//! Feed ranges: one per physical partition, change feeds and queries scoped to them, and
//! sub-ranges cut by EPK bounds.

use super::*;
use cosmos_core::{ChangeFeedStart, FeedRange, Query};

async fn filled(emulator: &Emulator, n: usize) -> ContainerClient {
    let client = CosmosClient::from_connection_string(&emulator.connection_string()).unwrap();
    let orders = orders(&client).await;
    for i in 0..n {
        let customer = format!("c{}", i % 10);
        orders
            .create_item(
                customer.as_str(),
                &order(&format!("o{i:02}"), &customer, i as f64),
            )
            .await
            .unwrap();
    }
    orders
}

fn ids(items: &[Order]) -> Vec<String> {
    let mut ids: Vec<String> = items.iter().map(|o| o.id.clone()).collect();
    ids.sort();
    ids
}

#[tokio::test]
async fn feed_ranges_partition_the_change_feed_and_queries() {
    let emulator = Emulator::builder().partitions(4).start().await.unwrap();
    let orders = filled(&emulator, 40).await;

    let ranges = orders.read_feed_ranges().await.unwrap();
    assert_eq!(ranges.len(), 4);
    assert_eq!(ranges[0].min(), "");
    assert_eq!(ranges[3].max(), "FF");
    for pair in ranges.windows(2) {
        assert_eq!(pair[0].max(), pair[1].min(), "ranges tile the ring");
    }
    // The string form round-trips (and is what a worker would persist).
    for range in &ranges {
        assert_eq!(&range.to_string().parse::<FeedRange>().unwrap(), range);
    }

    // Each range's change feed, read concurrently, yields a disjoint share of the items.
    let per_range = futures::future::try_join_all(ranges.iter().map(|range| {
        let orders = orders.clone();
        let range = range.clone();
        async move {
            let pages: Vec<_> = orders
                .change_feed::<Order>()
                .feed_range(range)
                .max_item_count(3)
                .into_pages()
                .try_collect()
                .await?;
            let token = pages.last().unwrap().continuation().to_owned();
            let items: Vec<Order> = pages.into_iter().flat_map(|p| p.into_items()).collect();
            Ok::<_, cosmos_core::Error>((items, token))
        }
    }))
    .await
    .unwrap();
    let mut all: Vec<Order> = Vec::new();
    for (items, _) in &per_range {
        all.extend(items.iter().cloned());
    }
    assert_eq!(all.len(), 40, "no item twice, none missing");
    assert_eq!(
        ids(&all),
        (0..40).map(|i| format!("o{i:02}")).collect::<Vec<_>>()
    );
    assert!(
        per_range
            .iter()
            .filter(|(items, _)| !items.is_empty())
            .count()
            > 1
    );

    // Queries scoped to each range give the same shares.
    for (range, (items, _)) in ranges.iter().zip(&per_range) {
        let queried: Vec<Order> = orders
            .query_items(Query::new("SELECT * FROM c"))
            .feed_range(range.clone())
            .try_collect()
            .await
            .unwrap();
        assert_eq!(ids(&queried), ids(items));
        let ordered: Vec<f64> = orders
            .query_items::<f64>(Query::new(
                "SELECT VALUE c.total FROM c ORDER BY c.total DESC",
            ))
            .feed_range(range.clone())
            .try_collect()
            .await
            .unwrap();
        let mut expected: Vec<f64> = items.iter().map(|o| o.total).collect();
        expected.sort_by(|a, b| b.total_cmp(a));
        assert_eq!(ordered, expected);
    }

    // Resuming one range's token sees only that range's new changes.
    let (first_items, first_token) = &per_range[0];
    let customer = first_items[0].customer.clone();
    orders
        .upsert_item(customer.as_str(), &order("new", &customer, 1.0))
        .await
        .unwrap();
    let mut seen_new = 0;
    for (_, token) in &per_range {
        let changed: Vec<Order> = orders
            .change_feed()
            .continuation(token.clone())
            .try_collect()
            .await
            .unwrap();
        seen_new += changed.len();
        if token == first_token {
            assert_eq!(ids(&changed), ["new"]);
        }
    }
    assert_eq!(seen_new, 1);
}

#[tokio::test]
async fn sub_ranges_and_spanning_ranges_cut_by_epk() {
    let emulator = Emulator::builder().partitions(4).start().await.unwrap();
    let orders = filled(&emulator, 40).await;
    let definition = PartitionKeyDefinition::new("/customer");

    // One logical partition as a feed range: a sub-range of one physical partition.
    let c3 = orders.feed_range_for_partition_key("c3").await.unwrap();
    assert_eq!(c3, FeedRange::for_partition_key(&definition, "c3").unwrap());
    let changes: Vec<Order> = orders
        .change_feed()
        .feed_range(c3.clone())
        .try_collect()
        .await
        .unwrap();
    assert_eq!(changes.len(), 4);
    assert!(changes.iter().all(|o| o.customer == "c3"));
    let queried: Vec<Order> = orders
        .query_items("SELECT * FROM c")
        .feed_range(c3)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ids(&queried), ids(&changes));

    // A range spanning the middle of the ring: exactly the items whose EPK falls inside.
    let middle = FeedRange::new("20", "D0").unwrap();
    let inside: Vec<String> = (0..10)
        .map(|i| format!("c{i}"))
        .filter(|c| {
            middle.contains(&FeedRange::for_partition_key(&definition, c.as_str()).unwrap())
        })
        .collect();
    let expected = 4 * inside.len();
    let changes: Vec<Order> = orders
        .change_feed()
        .feed_range(middle.clone())
        .try_collect()
        .await
        .unwrap();
    assert_eq!(changes.len(), expected);
    assert!(changes.iter().all(|o| inside.contains(&o.customer)));
    let count: Vec<u64> = orders
        .query_items::<u64>("SELECT VALUE COUNT(1) FROM c")
        .feed_range(middle)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(count.iter().sum::<u64>(), expected as u64);

    // A feed range cannot be combined with a partition key.
    let err = orders
        .query_items::<Order>("SELECT * FROM c")
        .partition_key("c1")
        .feed_range(FeedRange::full())
        .try_collect::<Vec<_>>()
        .await
        .unwrap_err();
    assert!(err.to_string().contains("feed range"), "{err}");
}

#[tokio::test]
async fn all_versions_and_deletes_from_now_and_continuations() {
    let emulator = Emulator::builder().partitions(4).start().await.unwrap();
    let orders = filled(&emulator, 8).await;

    // The mode refuses to start anywhere but now or a continuation.
    for start in [
        ChangeFeedStart::Beginning,
        ChangeFeedStart::PointInTime(std::time::SystemTime::now()),
    ] {
        let err = orders
            .change_feed_all_versions::<Order>()
            .start_from(start)
            .try_collect::<Vec<_>>()
            .await
            .unwrap_err();
        assert!(
            matches!(err.kind(), cosmos_core::ErrorKind::InvalidArgument { .. }),
            "{err}"
        );
    }

    // Starting now: nothing yet, and a token to come back with.
    let pages: Vec<_> = orders
        .change_feed_all_versions::<Order>()
        .into_pages()
        .try_collect()
        .await
        .unwrap();
    assert!(pages.iter().all(|p| p.items().is_empty()));
    let token = pages.last().unwrap().continuation().to_owned();

    orders
        .create_item("c1", &order("n1", "c1", 1.0))
        .await
        .unwrap();
    orders
        .upsert_item("c1", &order("n1", "c1", 2.0))
        .await
        .unwrap();
    orders.delete_item("n1", "c1").await.unwrap();
    orders.delete_item("o02", "c2").await.unwrap();

    let changes: Vec<cosmos_core::ChangeFeedItem<Order>> = orders
        .change_feed_all_versions()
        .continuation(token.clone())
        .try_collect()
        .await
        .unwrap();
    use cosmos_core::ChangeFeedOperation::*;
    let n1: Vec<_> = changes
        .iter()
        .filter(|c| {
            c.current.as_ref().map(|o| o.id.as_str()) == Some("n1")
                || c.metadata.id.as_deref() == Some("n1")
        })
        .collect();
    let kinds: Vec<_> = n1.iter().map(|c| c.metadata.operation_type).collect();
    assert_eq!(kinds, [Create, Replace, Delete]);
    assert_eq!(n1[0].current, Some(order("n1", "c1", 1.0)));
    assert_eq!(n1[1].current, Some(order("n1", "c1", 2.0)));
    assert_eq!(n1[1].metadata.previous_image_lsn, n1[0].metadata.lsn);
    assert!(n1[2].current.is_none());
    assert_eq!(
        n1[2].metadata.partition_key,
        Some(json!({"customer": "c1"}))
    );
    assert!(n1.windows(2).all(|w| w[0].metadata.lsn < w[1].metadata.lsn));
    let deleted: Vec<_> = changes
        .iter()
        .filter(|c| c.metadata.operation_type == Delete)
        .filter_map(|c| c.metadata.id.clone())
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    assert_eq!(deleted, ["n1", "o02"]);
    assert_eq!(changes.len(), 4);

    // A latest-version feed refuses an all-versions token.
    let err = orders
        .change_feed::<Order>()
        .continuation(token)
        .try_collect::<Vec<_>>()
        .await
        .unwrap_err();
    assert!(err.to_string().contains("continuation"), "{err}");
}
