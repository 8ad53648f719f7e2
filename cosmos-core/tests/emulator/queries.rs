//! Cross-partition queries merged by the client: ORDER BY, aggregates, TOP, OFFSET/LIMIT,
//! DISTINCT, checked against answers computed locally from the same data.

use super::*;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Row {
    id: String,
    customer: String,
    n: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    rank: Option<i64>,
}

/// 40 rows over 8 customers in a 4-partition container; `rank` is missing on every 5th.
async fn loaded() -> (Emulator, ContainerClient, Vec<Row>) {
    loaded_in(4).await
}

/// The same rows in a container of `partitions` physical partitions.
async fn loaded_in(partitions: usize) -> (Emulator, ContainerClient, Vec<Row>) {
    let emulator = Emulator::builder()
        .partitions(partitions)
        .start()
        .await
        .unwrap();
    let client = CosmosClient::from_connection_string(&emulator.connection_string()).unwrap();
    let c = orders(&client).await;
    let mut rows = Vec::new();
    for i in 0..40i64 {
        let row = Row {
            id: format!("r{i:02}"),
            customer: format!("c{}", i % 8),
            n: (i * 7) % 23,
            rank: (i % 5 != 0).then_some(i % 3),
        };
        c.create_item(row.customer.as_str(), &row).await.unwrap();
        rows.push(row);
    }
    (emulator, c, rows)
}

async fn values<T: serde::de::DeserializeOwned + Send + 'static>(
    c: &ContainerClient,
    query: impl Into<cosmos_core::Query>,
) -> Vec<T> {
    c.query_items::<T>(query).try_collect().await.unwrap()
}

#[tokio::test]
async fn order_by_merges_across_partitions() {
    let (_emulator, c, rows) = loaded().await;
    let mut expected: Vec<i64> = rows.iter().map(|r| r.n).collect();
    expected.sort();
    assert_eq!(
        values::<i64>(&c, "SELECT VALUE c.n FROM c ORDER BY c.n").await,
        expected
    );
    expected.reverse();
    assert_eq!(
        values::<i64>(&c, "SELECT VALUE c.n FROM c ORDER BY c.n DESC").await,
        expected
    );

    // Two keys, mixed directions, whole documents, small pages.
    let mut by_two = rows.clone();
    by_two.sort_by(|a, b| a.customer.cmp(&b.customer).then(b.n.cmp(&a.n)));
    let got: Vec<Row> = c
        .query_items("SELECT * FROM c ORDER BY c.customer, c.n DESC")
        .max_item_count(7)
        .try_collect()
        .await
        .unwrap();
    let key = |r: &Row| (r.customer.clone(), r.n);
    assert_eq!(
        got.iter().map(key).collect::<Vec<_>>(),
        by_two.iter().map(key).collect::<Vec<_>>()
    );
    let pages: Vec<_> = c
        .query_items::<Row>("SELECT * FROM c ORDER BY c.customer, c.n DESC")
        .max_item_count(7)
        .into_pages()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(pages.len(), 6);
    // Each page is charged what its fetches cost (a page served from rows already buffered
    // costs nothing); every page but the last can be resumed from.
    assert!(pages.iter().map(|p| p.request_charge()).sum::<f64>() > 0.0);
    assert!(pages[..5].iter().all(|p| p.continuation().is_some()));
    assert!(pages[5].continuation().is_none());

    // Undefined keys sort first.
    let ranks: Vec<Value> = values(&c, "SELECT VALUE {\"r\": c.rank} FROM c ORDER BY c.rank").await;
    assert_eq!(ranks.len(), 40);
    assert!(ranks[..8].iter().all(|v| v.get("r").is_none()), "{ranks:?}");
    assert!(ranks[8..]
        .windows(2)
        .all(|w| w[0]["r"].as_i64() <= w[1]["r"].as_i64()));

    // With a filter and a parameter.
    let filtered: Vec<String> = values(
        &c,
        cosmos_core::Query::new("SELECT VALUE c.id FROM c WHERE c.n > @n ORDER BY c.id DESC")
            .with_parameter("n", 15),
    )
    .await;
    let mut expected: Vec<String> = rows
        .iter()
        .filter(|r| r.n > 15)
        .map(|r| r.id.clone())
        .collect();
    expected.sort();
    expected.reverse();
    assert_eq!(filtered, expected);
}

#[tokio::test]
async fn aggregates_combine_across_partitions() {
    let (_emulator, c, rows) = loaded().await;
    let ns: Vec<i64> = rows.iter().map(|r| r.n).collect();
    assert_eq!(
        values::<i64>(&c, "SELECT VALUE COUNT(1) FROM c").await,
        [40]
    );
    assert_eq!(
        values::<i64>(&c, "SELECT VALUE SUM(c.n) FROM c").await,
        [ns.iter().sum::<i64>()]
    );
    assert_eq!(
        values::<i64>(&c, "SELECT VALUE MIN(c.n) FROM c").await,
        [*ns.iter().min().unwrap()]
    );
    assert_eq!(
        values::<i64>(&c, "SELECT VALUE MAX(c.n) FROM c").await,
        [*ns.iter().max().unwrap()]
    );
    let avg: Vec<f64> = values(&c, "SELECT VALUE AVG(c.n) FROM c").await;
    let expected = ns.iter().sum::<i64>() as f64 / 40.0;
    assert!((avg[0] - expected).abs() < 1e-9, "{avg:?} vs {expected}");
    assert_eq!(
        values::<i64>(&c, "SELECT VALUE COUNT(1) FROM c WHERE c.n > 100").await,
        [0]
    );
    // MIN over nothing is undefined: no rows at all.
    assert!(
        values::<i64>(&c, "SELECT VALUE MIN(c.n) FROM c WHERE c.n > 100")
            .await
            .is_empty()
    );
}

#[tokio::test]
async fn top_offset_limit_and_distinct_across_partitions() {
    let (_emulator, c, rows) = loaded().await;
    let mut sorted: Vec<i64> = rows.iter().map(|r| r.n).collect();
    sorted.sort();

    assert_eq!(
        values::<i64>(&c, "SELECT TOP 5 VALUE c.n FROM c ORDER BY c.n").await,
        sorted[..5]
    );
    assert_eq!(
        values::<i64>(&c, "SELECT VALUE c.n FROM c ORDER BY c.n OFFSET 3 LIMIT 4").await,
        sorted[3..7]
    );
    assert_eq!(values::<Value>(&c, "SELECT TOP 3 * FROM c").await.len(), 3);
    assert_eq!(
        values::<Value>(&c, "SELECT * FROM c OFFSET 35 LIMIT 10")
            .await
            .len(),
        5
    );

    let mut customers: Vec<String> = values(&c, "SELECT DISTINCT VALUE c.customer FROM c").await;
    customers.sort();
    assert_eq!(
        customers,
        (0..8).map(|i| format!("c{i}")).collect::<Vec<_>>()
    );
    let mut distinct_sorted = sorted.clone();
    distinct_sorted.dedup();
    assert_eq!(
        values::<i64>(&c, "SELECT DISTINCT VALUE c.n FROM c ORDER BY c.n").await,
        distinct_sorted
    );
    let objects: Vec<Value> = values(&c, "SELECT DISTINCT c.customer FROM c").await;
    assert_eq!(objects.len(), 8);
}

/// Reads a query page by page, resuming every page from the previous page's token in a new
/// pager, and returns everything read.
async fn resumed<T: serde::de::DeserializeOwned + Send + 'static>(
    c: &ContainerClient,
    query: &str,
    page_size: u32,
) -> (Vec<T>, usize) {
    let mut all = Vec::new();
    let mut token: Option<String> = None;
    let mut pages = 0;
    loop {
        let mut pager = c.query_items::<T>(query).max_item_count(page_size);
        if let Some(t) = token.take() {
            pager = pager.continuation(t);
        }
        let page = pager.into_pages().next().await.unwrap().unwrap();
        pages += 1;
        token = page.continuation().map(str::to_owned);
        all.extend(page.into_items());
        if token.is_none() {
            return (all, pages);
        }
    }
}

#[tokio::test]
async fn merged_queries_resume_from_their_tokens() {
    let (_emulator, c, rows) = loaded().await;
    let mut sorted: Vec<i64> = rows.iter().map(|r| r.n).collect();
    sorted.sort();

    let (got, pages) = resumed::<i64>(&c, "SELECT VALUE c.n FROM c ORDER BY c.n", 6).await;
    assert_eq!(got, sorted);
    assert_eq!(pages, 7);

    let (got, _) = resumed::<i64>(
        &c,
        "SELECT VALUE c.n FROM c ORDER BY c.n DESC OFFSET 3 LIMIT 20",
        6,
    )
    .await;
    let mut desc = sorted.clone();
    desc.reverse();
    assert_eq!(got, desc[3..23]);

    let mut ordered_distinct = sorted.clone();
    ordered_distinct.dedup();
    let (got, _) = resumed::<i64>(&c, "SELECT DISTINCT VALUE c.n FROM c ORDER BY c.n", 4).await;
    assert_eq!(got, ordered_distinct);

    // TOP without ORDER BY: ranges one after another.
    let (got, pages) = resumed::<Row>(&c, "SELECT TOP 30 * FROM c", 7).await;
    assert_eq!(got.len(), 30);
    assert_eq!(pages, 5);
    let mut ids: Vec<&str> = got.iter().map(|r| r.id.as_str()).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 30);

    // Unordered DISTINCT cannot be resumed: its pages carry no token.
    let pages: Vec<_> = c
        .query_items::<String>("SELECT DISTINCT VALUE c.customer FROM c")
        .max_item_count(3)
        .into_pages()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(pages.iter().map(|p| p.items().len()).sum::<usize>(), 8);
    assert!(pages.iter().all(|p| p.continuation().is_none()));

    // A token of another query's layout is refused.
    let err = c
        .query_items::<i64>("SELECT VALUE c.n FROM c ORDER BY c.n")
        .continuation(r#"{"xp":1,"ranges":[{"id":"nope"}]}"#)
        .try_collect::<Vec<_>>()
        .await
        .unwrap_err();
    assert!(
        matches!(err.kind(), cosmos_core::ErrorKind::InvalidArgument { .. }),
        "{err:?}"
    );
}

/// GROUP BY and aggregates in a select list, merged by the client across 4 partitions, give
/// what one partition computes itself.
#[tokio::test]
async fn group_by_and_non_value_aggregates_match_a_single_partition() {
    let (_spread, c, rows) = loaded().await;
    let (_single, one, _) = loaded_in(1).await;
    // Numbers compare by value: a merged AVG may print 11.0 where one partition prints 11.
    fn numbers_as_f64(v: Value) -> Value {
        match v {
            Value::Number(n) => json!(n.as_f64()),
            Value::Array(a) => Value::Array(a.into_iter().map(numbers_as_f64).collect()),
            Value::Object(o) => {
                Value::Object(o.into_iter().map(|(k, v)| (k, numbers_as_f64(v))).collect())
            }
            other => other,
        }
    }
    let canonical = |mut v: Vec<Value>| {
        let mut text: Vec<String> = v.drain(..).map(|v| numbers_as_f64(v).to_string()).collect();
        text.sort();
        text
    };
    for query in [
        "SELECT c.customer, COUNT(1) AS n FROM c GROUP BY c.customer",
        "SELECT c.customer AS k, SUM(c.n) AS total, MIN(c.n) AS lo, MAX(c.n) AS hi, \
         AVG(c.n) AS mean FROM c GROUP BY c.customer",
        "SELECT c.rank, c.customer, COUNT(1) AS n FROM c WHERE c.n > 3 GROUP BY c.rank, c.customer",
        "SELECT VALUE COUNT(1) FROM c GROUP BY c.rank",
        "SELECT VALUE c.rank FROM c GROUP BY c.rank",
        "SELECT COUNT(1) AS n, SUM(c.n) AS s, MAX(c.customer) AS last FROM c",
        "SELECT COUNT(1) AS n, MIN(c.n) AS lo FROM c WHERE c.n > 100",
        "SELECT TOP 3 c.customer FROM c GROUP BY c.customer",
    ] {
        let merged: Vec<Value> = values(&c, query).await;
        let single: Vec<Value> = one
            .query_items(query)
            .partition_key_range_id("0")
            .try_collect()
            .await
            .unwrap();
        assert!(!single.is_empty(), "{query}");
        if query.contains("TOP") {
            assert_eq!(merged.len(), single.len(), "{query}");
            continue;
        }
        assert_eq!(canonical(merged), canonical(single), "{query}");
    }

    // And against the data itself: rows per customer.
    let mut counts: Vec<(String, i64)> = values::<Value>(
        &c,
        "SELECT c.customer, COUNT(1) AS n FROM c GROUP BY c.customer",
    )
    .await
    .into_iter()
    .map(|v| {
        (
            v["customer"].as_str().unwrap().to_owned(),
            v["n"].as_i64().unwrap(),
        )
    })
    .collect();
    counts.sort();
    let mut expected: Vec<(String, i64)> = Vec::new();
    for row in &rows {
        match expected.iter_mut().find(|(k, _)| *k == row.customer) {
            Some((_, n)) => *n += 1,
            None => expected.push((row.customer.clone(), 1)),
        }
    }
    expected.sort();
    assert_eq!(counts, expected);
}
