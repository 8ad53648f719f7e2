//! Item feeds and queries: paging, continuation, partition scope.

use super::*;

#[tokio::test]
async fn feeds_page_and_resume_across_partitions() {
    let emulator = Emulator::builder().partitions(4).start().await.unwrap();
    let client = CosmosClient::from_connection_string(&emulator.connection_string()).unwrap();
    let orders = orders(&client).await;
    for i in 0..25 {
        let customer = format!("c{}", i % 5);
        orders
            .create_item(
                customer.as_str(),
                &order(&format!("o{i:02}"), &customer, f64::from(i)),
            )
            .await
            .unwrap();
    }
    let all: Vec<Order> = orders.read_all_items().try_collect().await.unwrap();
    assert_eq!(all.len(), 25);

    let pages: Vec<_> = orders
        .read_all_items::<Order>()
        .max_item_count(4)
        .into_pages()
        .try_collect()
        .await
        .unwrap();
    assert!(pages.len() >= 7, "{} pages", pages.len());
    assert!(pages.iter().all(|p| p.items().len() <= 4));
    assert_eq!(pages.iter().map(|p| p.items().len()).sum::<usize>(), 25);
    assert!(pages.last().unwrap().continuation().is_none());
    assert!(pages.iter().all(|p| p.request_charge() > 0.0));

    // Stop after two pages, then resume from the saved token in a new pager.
    let mut first = orders
        .read_all_items::<Order>()
        .max_item_count(4)
        .into_pages();
    let mut seen: Vec<String> = Vec::new();
    let mut token = None;
    for _ in 0..2 {
        let page = first.next().await.unwrap().unwrap();
        token = page.continuation().map(str::to_owned);
        seen.extend(page.into_items().into_iter().map(|o| o.id));
    }
    let rest: Vec<Order> = orders
        .read_all_items()
        .max_item_count(4)
        .continuation(token.unwrap())
        .try_collect()
        .await
        .unwrap();
    seen.extend(rest.into_iter().map(|o| o.id));
    seen.sort();
    let mut expected: Vec<String> = (0..25).map(|i| format!("o{i:02}")).collect();
    expected.sort();
    assert_eq!(seen, expected);

    // One logical partition.
    let c3: Vec<Order> = orders
        .read_all_items()
        .partition_key("c3")
        .try_collect()
        .await
        .unwrap();
    assert_eq!(c3.len(), 5);
    assert!(c3.iter().all(|o| o.customer == "c3"));
    emulator.shutdown().await;
}

#[tokio::test]
async fn queries_with_parameters_pages_and_partition_scope() {
    let emulator = Emulator::builder().partitions(3).start().await.unwrap();
    let client = CosmosClient::from_connection_string(&emulator.connection_string()).unwrap();
    let orders = orders(&client).await;
    for i in 0..12 {
        let customer = format!("c{}", i % 3);
        orders
            .create_item(
                customer.as_str(),
                &order(&format!("o{i:02}"), &customer, f64::from(i)),
            )
            .await
            .unwrap();
    }

    // Cross-partition filter with a parameter, paged, then resumed from a continuation.
    let query =
        cosmos_core::Query::new("SELECT * FROM c WHERE c.total >= @min").with_parameter("min", 4);
    let pages: Vec<_> = orders
        .query_items::<Order>(query.clone())
        .max_item_count(3)
        .into_pages()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(pages.iter().map(|p| p.items().len()).sum::<usize>(), 8);
    assert!(pages.len() >= 3);
    assert!(pages.iter().all(|p| p.request_charge() > 0.0));
    let token = pages[0].continuation().unwrap().to_owned();
    let rest: Vec<Order> = orders
        .query_items(query)
        .max_item_count(3)
        .continuation(token)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(rest.len(), 8 - pages[0].items().len());

    // Within one partition, ORDER BY and aggregates are served directly.
    let sorted: Vec<f64> = orders
        .query_items::<f64>("SELECT VALUE c.total FROM c ORDER BY c.total DESC")
        .partition_key("c1")
        .try_collect()
        .await
        .unwrap();
    assert_eq!(sorted, [10.0, 7.0, 4.0, 1.0]);
    let count: Vec<u64> = orders
        .query_items::<u64>("SELECT VALUE COUNT(1) FROM c")
        .partition_key("c2")
        .try_collect()
        .await
        .unwrap();
    assert_eq!(count, [4]);

    // Across partitions the gateway asks for a query plan (400/1004) and the client merges.
    let all_sorted: Vec<f64> = orders
        .query_items::<f64>("SELECT VALUE c.total FROM c ORDER BY c.total")
        .try_collect()
        .await
        .unwrap();
    assert_eq!(all_sorted, (0..12).map(f64::from).collect::<Vec<_>>());

    // A syntax error is a 400 with the parser's message.
    let err = orders
        .query_items::<Value>("SELEC * FROM c")
        .try_collect::<Vec<_>>()
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(400));
    assert!(!err.message().is_empty());
}

#[tokio::test]
async fn partition_key_ranges_and_query_plans() {
    let emulator = Emulator::builder().partitions(3).start().await.unwrap();
    let client = CosmosClient::from_connection_string(&emulator.connection_string()).unwrap();
    let orders = orders(&client).await;
    for i in 0..30 {
        let customer = format!("c{i}");
        orders
            .create_item(
                customer.as_str(),
                &order(&format!("o{i:02}"), &customer, f64::from(i)),
            )
            .await
            .unwrap();
    }
    let ranges: Vec<cosmos_core::resources::PartitionKeyRange> = orders
        .read_partition_key_ranges()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ranges.len(), 3);
    assert_eq!(ranges[0].min_inclusive, "");
    assert_eq!(ranges[2].max_exclusive, "FF");
    for pair in ranges.windows(2) {
        assert_eq!(pair[0].max_exclusive, pair[1].min_inclusive);
    }

    // Querying each range once sees every item exactly once.
    let mut ids = Vec::new();
    for range in &ranges {
        let part: Vec<String> = orders
            .query_items::<String>("SELECT VALUE c.id FROM c")
            .partition_key_range_id(range.id.clone())
            .try_collect()
            .await
            .unwrap();
        ids.extend(part);
    }
    ids.sort();
    assert_eq!(ids.len(), 30);
    ids.dedup();
    assert_eq!(ids.len(), 30);

    // The plan of a cross-partition ORDER BY describes the merge the client must do.
    let plan = orders
        .query_plan("SELECT * FROM c ORDER BY c.total DESC")
        .await
        .unwrap()
        .into_value();
    assert_eq!(plan["queryInfo"]["orderBy"], json!(["Descending"]));
    assert!(plan["queryRanges"]
        .as_array()
        .is_some_and(|r| !r.is_empty()));
}
