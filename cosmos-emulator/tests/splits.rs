//! Partition splits over real HTTP: `Emulator::split_partition` replaces a range by two
//! children; requests naming the old range get 410/1002, the partition key range feed shows
//! the children with their parents under a new etag, and items, LSNs, session tokens, feed
//! continuations and change feed continuations carry over.

mod common;

use common::Client;
use cosmos_emulator::Emulator;
use futures::TryStreamExt;
use reqwest::StatusCode;
use serde_json::{json, Value};
use std::collections::BTreeSet;

const DOCS: &str = "/dbs/db/colls/c/docs";
const PKRANGES: &str = "/dbs/db/colls/c/pkranges";
const RANGE: &str = "x-ms-documentdb-partitionkeyrangeid";
const FEED: (&str, &str) = ("a-im", "Incremental Feed");

fn ids(body: &Value) -> Vec<String> {
    body["Documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["id"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn a_split_moves_items_and_retires_the_range_id() {
    let emulator = Emulator::start().await.unwrap();
    let client = Client::new(emulator.endpoint(), emulator.key());
    client.setup("db", "c").await;
    for i in 0..20 {
        let r = client
            .post(
                DOCS,
                &[],
                &json!({"id": format!("d{i}"), "pk": format!("k{i}")}),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED);
    }
    let before = client.get(PKRANGES, &[]).await;
    let etag = before.header("etag").unwrap().to_owned();
    // A read feed page and a change feed position taken before the split.
    let page = client.get(DOCS, &[("x-ms-max-item-count", "7")]).await;
    let continuation = page.header("x-ms-continuation").unwrap().to_owned();
    let mut seen: Vec<String> = ids(&page.json());
    let query = |range: &'static str, token: Option<String>| {
        let client = &client;
        async move {
            let mut headers = vec![
                (RANGE, range),
                ("x-ms-documentdb-isquery", "True"),
                ("content-type", "application/query+json"),
                ("x-ms-max-item-count", "7"),
            ];
            if let Some(token) = &token {
                headers.push(("x-ms-continuation", token.as_str()));
            }
            let body = json!({"query": "SELECT c.id FROM c WHERE c.pk != 'x'"});
            client
                .send_raw(
                    reqwest::Method::POST,
                    DOCS,
                    &headers,
                    Some(body.to_string().into_bytes()),
                )
                .await
        }
    };
    let first_query_page = query("0", None).await;
    assert_eq!(first_query_page.status, StatusCode::OK);
    let query_token = first_query_page
        .header("x-ms-continuation")
        .unwrap()
        .to_owned();
    let mut queried = ids(&first_query_page.json());
    let changes = client.get(DOCS, &[FEED, (RANGE, "0")]).await;
    assert_eq!(changes.header("etag"), Some("\"20\""));

    let (left, right) = emulator.split_partition("db", "c", "0").await.unwrap();
    assert_eq!((left.as_str(), right.as_str()), ("1", "2"));
    assert!(emulator.split_partition("db", "c", "0").await.is_err());
    assert!(emulator.split_partition("db", "nope", "1").await.is_err());

    // The old id is gone for feeds, change feeds and queries.
    for r in [
        client.get(DOCS, &[(RANGE, "0")]).await,
        client.get(DOCS, &[FEED, (RANGE, "0")]).await,
        client
            .send_raw(
                reqwest::Method::POST,
                DOCS,
                &[
                    (RANGE, "0"),
                    ("x-ms-documentdb-isquery", "True"),
                    ("content-type", "application/query+json"),
                ],
                Some(json!({"query": "SELECT * FROM c"}).to_string().into_bytes()),
            )
            .await,
    ] {
        assert_eq!(r.status, StatusCode::GONE, "{:?}", r.json());
        assert_eq!(r.header("x-ms-substatus"), Some("1002"));
    }

    // The pkranges feed changed: the children, their parents, a new etag (then 304).
    let after = client
        .get(
            PKRANGES,
            &[("a-im", "Incremental Feed"), ("if-none-match", &etag)],
        )
        .await;
    assert_eq!(after.status, StatusCode::OK);
    let new_etag = after.header("etag").unwrap().to_owned();
    assert_ne!(new_etag, etag);
    let ranges = after.json()["PartitionKeyRanges"]
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(ranges.len(), 2);
    assert_eq!(ranges[0]["id"], "1");
    assert_eq!(ranges[1]["id"], "2");
    assert_eq!(ranges[0]["parents"], json!(["0"]));
    assert_eq!(ranges[0]["minInclusive"], "");
    assert_eq!(ranges[0]["maxExclusive"], ranges[1]["minInclusive"]);
    assert_eq!(ranges[1]["maxExclusive"], "FF");
    let unchanged = client.get(PKRANGES, &[("if-none-match", &new_etag)]).await;
    assert_eq!(unchanged.status, StatusCode::NOT_MODIFIED);

    // Items moved to both children, keeping LSNs and etags.
    let mut per_child = Vec::new();
    for child in ["1", "2"] {
        let r = client.get(DOCS, &[(RANGE, child)]).await;
        assert_eq!(r.status, StatusCode::OK);
        per_child.push(ids(&r.json()).len());
        // Children continue the parent's LSN.
        assert_eq!(
            r.header("x-ms-session-token"),
            Some(format!("{child}:-1#20").as_str())
        );
    }
    assert_eq!(per_child.iter().sum::<usize>(), 20);
    assert!(per_child.iter().all(|&n| n >= 5), "{per_child:?}");
    let read = client
        .get(
            &format!("{DOCS}/d3"),
            &[
                ("x-ms-documentdb-partitionkey", "[\"k3\"]"),
                // The parent's token is still honoured by its child.
                ("x-ms-session-token", "0:-1#20"),
            ],
        )
        .await;
    assert_eq!(read.status, StatusCode::OK);
    assert_eq!(read.json()["_lsn"], Value::Null);
    let ahead = client
        .get(
            &format!("{DOCS}/d3"),
            &[
                ("x-ms-documentdb-partitionkey", "[\"k3\"]"),
                ("x-ms-session-token", "0:-1#21"),
            ],
        )
        .await;
    assert_eq!(ahead.status, StatusCode::NOT_FOUND);

    // The read feed continues from its pre-split continuation without loss or repeats.
    let mut next = Some(continuation);
    while let Some(token) = next {
        let r = client
            .get(
                DOCS,
                &[("x-ms-max-item-count", "7"), ("x-ms-continuation", &token)],
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{:?}", r.json());
        seen.extend(ids(&r.json()));
        next = r.header("x-ms-continuation").map(str::to_owned);
    }
    let distinct: BTreeSet<&String> = seen.iter().collect();
    assert_eq!((seen.len(), distinct.len()), (20, 20));

    // A query page token of the parent resumes in the children: the first child continues
    // the parent's result, the other has nothing more (an SDK merges both).
    for child in ["1", "2"] {
        let mut next = Some(query_token.clone());
        while let Some(token) = next {
            let r = query(child, Some(token)).await;
            assert_eq!(r.status, StatusCode::OK, "{:?}", r.json());
            queried.extend(ids(&r.json()));
            next = r.header("x-ms-continuation").map(str::to_owned);
        }
    }
    let distinct: BTreeSet<&String> = queried.iter().collect();
    assert_eq!((queried.len(), distinct.len()), (20, 20));

    // Each child's change feed continues from the parent's etag: only what changed since.
    client
        .post(DOCS, &[], &json!({"id": "late", "pk": "k3"}))
        .await;
    let mut late = Vec::new();
    for child in ["1", "2"] {
        let r = client
            .get(DOCS, &[FEED, (RANGE, child), ("if-none-match", "\"20\"")])
            .await;
        if r.status == StatusCode::OK {
            late.extend(ids(&r.json()));
        } else {
            assert_eq!(r.status, StatusCode::NOT_MODIFIED);
        }
    }
    assert_eq!(late, ["late"]);
}

#[tokio::test]
async fn children_split_again_and_list_all_their_parents() {
    let emulator = Emulator::builder().partitions(2).start().await.unwrap();
    let client = Client::new(emulator.endpoint(), emulator.key());
    client.setup("db", "c").await;
    let (_, right) = emulator.split_partition("db", "c", "1").await.unwrap();
    let (a, b) = emulator.split_partition("db", "c", &right).await.unwrap();
    let ranges = client.get(PKRANGES, &[]).await.json()["PartitionKeyRanges"].clone();
    let ids: Vec<&str> = ranges
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["0", "2", a.as_str(), b.as_str()]);
    assert_eq!(ranges[3]["parents"], json!(["1", right]));
    // Writes and reads still land everywhere.
    for i in 0..40 {
        let r = client
            .post(
                DOCS,
                &[],
                &json!({"id": format!("d{i}"), "pk": format!("k{i}")}),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED);
    }
    let all = client.get(DOCS, &[]).await;
    assert_eq!(ids_len(&all.json()), 40);
}

fn ids_len(body: &Value) -> usize {
    body["Documents"].as_array().map_or(0, Vec::len)
}

/// Our client's change feed follows a split: with a continuation taken before it, and from
/// the beginning after it.
#[tokio::test]
async fn cosmos_core_change_feed_follows_a_split() {
    use cosmos_core::{ContainerProperties, CosmosClient, PartitionKeyDefinition};
    let emulator = Emulator::start().await.unwrap();
    let client = CosmosClient::from_connection_string(&emulator.connection_string()).unwrap();
    client.create_database("db").await.unwrap();
    let db = client.database("db");
    db.create_container(ContainerProperties::new(
        "c",
        PartitionKeyDefinition::new("/pk"),
    ))
    .await
    .unwrap();
    let container = db.container("c");
    for i in 0..10 {
        let pk = format!("k{i}");
        container
            .create_item(pk.as_str(), &json!({"id": format!("d{i}"), "pk": pk}))
            .await
            .unwrap();
    }
    let pages: Vec<_> = container
        .change_feed::<Value>()
        .into_pages()
        .try_collect()
        .await
        .unwrap();
    let before: usize = pages.iter().map(|p| p.items().len()).sum();
    assert_eq!(before, 10);
    let token = pages.last().unwrap().continuation().to_owned();

    emulator.split_partition("db", "c", "0").await.unwrap();
    for i in 10..16 {
        let pk = format!("k{i}");
        container
            .create_item(pk.as_str(), &json!({"id": format!("d{i}"), "pk": pk}))
            .await
            .unwrap();
    }
    let mut after: Vec<String> = container
        .change_feed::<Value>()
        .continuation(token)
        .try_collect::<Vec<Value>>()
        .await
        .expect("the change feed follows the split")
        .iter()
        .map(|d| d["id"].as_str().unwrap().to_owned())
        .collect();
    after.sort();
    assert_eq!(after, (10..16).map(|i| format!("d{i}")).collect::<Vec<_>>());

    let mut all: Vec<String> = container
        .change_feed::<Value>()
        .try_collect::<Vec<Value>>()
        .await
        .unwrap()
        .iter()
        .map(|d| d["id"].as_str().unwrap().to_owned())
        .collect();
    all.sort();
    all.dedup();
    assert_eq!(all.len(), 16);
}

/// Our client's queries keep paging while a partition splits: a gateway-served filter query
/// and an ORDER BY query the client merges per range.
#[tokio::test]
async fn cosmos_core_queries_page_across_a_split() {
    use cosmos_core::{ContainerProperties, CosmosClient, PartitionKeyDefinition};
    use futures::StreamExt;
    let emulator = Emulator::builder().partitions(2).start().await.unwrap();
    let client = CosmosClient::from_connection_string(&emulator.connection_string()).unwrap();
    client.create_database("db").await.unwrap();
    let db = client.database("db");
    db.create_container(ContainerProperties::new(
        "c",
        PartitionKeyDefinition::new("/pk"),
    ))
    .await
    .unwrap();
    let container = db.container("c");
    for i in 0..30 {
        let pk = format!("k{i}");
        container
            .create_item(
                pk.as_str(),
                &json!({"id": format!("d{i}"), "pk": pk, "n": i}),
            )
            .await
            .unwrap();
    }
    let mut filtered = container
        .query_items::<Value>("SELECT c.n FROM c WHERE c.n >= 0")
        .max_item_count(4)
        .into_pages();
    let mut ordered = container
        .query_items::<Value>("SELECT VALUE c.n FROM c ORDER BY c.n")
        .max_item_count(4)
        .into_pages();
    let mut rows: Vec<i64> = filtered
        .next()
        .await
        .unwrap()
        .unwrap()
        .items()
        .iter()
        .map(|r| r["n"].as_i64().unwrap())
        .collect();
    let mut sorted: Vec<i64> = ordered
        .next()
        .await
        .unwrap()
        .unwrap()
        .items()
        .iter()
        .map(|v| v.as_i64().unwrap())
        .collect();

    emulator.split_partition("db", "c", "0").await.unwrap();
    emulator.split_partition("db", "c", "1").await.unwrap();

    while let Some(page) = filtered.next().await {
        let page = page.expect("the filter query continues after the split");
        rows.extend(page.items().iter().map(|r| r["n"].as_i64().unwrap()));
    }
    rows.sort_unstable();
    assert_eq!(rows, (0..30).collect::<Vec<_>>());
    while let Some(page) = ordered.next().await {
        let page = page.expect("the ORDER BY query continues after the split");
        sorted.extend(page.items().iter().map(|v| v.as_i64().unwrap()));
    }
    assert_eq!(sorted, (0..30).collect::<Vec<_>>());
}
