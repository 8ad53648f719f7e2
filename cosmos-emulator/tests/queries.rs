//! Queries over real HTTP: single-partition and cross-partition execution, paging, and the
//! 400/1004 + query plan hand-off the SDKs rely on.

mod common;

use common::Client;
use cosmos_emulator::Emulator;
use reqwest::StatusCode;
use serde_json::{json, Value};

const DOCS: &str = "/dbs/db/colls/c/docs";
const QUERY: [(&str, &str); 2] = [
    ("x-ms-documentdb-isquery", "True"),
    ("content-type", "application/query+json"),
];

async fn seeded(partitions: usize) -> (Emulator, Client) {
    let emulator = Emulator::builder()
        .partitions(partitions)
        .start()
        .await
        .unwrap();
    let client = Client::new(emulator.endpoint(), emulator.key());
    client.setup("db", "c").await;
    for i in 0..30 {
        let pk = if i % 3 == 0 { "a" } else { "b" };
        let doc = json!({"id": format!("q{i:02}"), "pk": pk, "n": i});
        assert_eq!(
            client.post(DOCS, &[], &doc).await.status,
            StatusCode::CREATED
        );
    }
    (emulator, client)
}

fn query(text: &str) -> Value {
    json!({"query": text, "parameters": []})
}

#[tokio::test]
async fn cross_partition_filters_page_with_continuations() {
    let (_emulator, client) = seeded(3).await;
    let body = json!({"query": "SELECT VALUE c.n FROM c WHERE c.n >= @min", "parameters": [{"name": "@min", "value": 10}]});
    let mut values = Vec::new();
    let mut continuation: Option<String> = None;
    loop {
        let mut headers = QUERY.to_vec();
        headers.push(("x-ms-max-item-count", "6"));
        if let Some(c) = &continuation {
            headers.push(("x-ms-continuation", c));
        }
        let page = client.post(DOCS, &headers, &body).await;
        assert_eq!(page.status, StatusCode::OK, "{:?}", page.json());
        let json = page.json();
        assert_eq!(json["_count"], json["Documents"].as_array().unwrap().len());
        values.extend(
            json["Documents"]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_i64().unwrap()),
        );
        match page.header("x-ms-continuation") {
            Some(c) => continuation = Some(c.to_owned()),
            None => break,
        }
    }
    values.sort_unstable();
    assert_eq!(values, (10..30).collect::<Vec<_>>());
}

#[tokio::test]
async fn merges_need_a_plan_across_partitions_but_run_within_one() {
    let (_emulator, client) = seeded(2).await;
    let ordered = query("SELECT VALUE c.n FROM c ORDER BY c.n DESC");
    let refused = client.post(DOCS, &QUERY, &ordered).await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    assert_eq!(refused.header("x-ms-substatus"), Some("1004"));
    let info: Value =
        serde_json::from_str(refused.json()["additionalErrorInfo"].as_str().unwrap()).unwrap();
    assert_eq!(info["queryInfo"]["orderBy"], json!(["Descending"]));
    let rewritten = info["queryInfo"]["rewrittenQuery"].as_str().unwrap();
    assert!(rewritten.contains("orderByItems"), "{rewritten}");

    // Within one logical partition the same query runs as written.
    let mut in_a = QUERY.to_vec();
    in_a.push(("x-ms-documentdb-partitionkey", "[\"a\"]"));
    in_a.push(("x-ms-documentdb-populatequerymetrics", "True"));
    let served = client.post(DOCS, &in_a, &ordered).await;
    assert_eq!(served.status, StatusCode::OK);
    let metrics = served.header("x-ms-documentdb-query-metrics").unwrap();
    assert!(metrics.contains("retrievedDocumentCount=10;"), "{metrics}");
    assert!(metrics.contains("outputDocumentCount=10;"), "{metrics}");
    let expected: Vec<i64> = (0..30).rev().filter(|n| n % 3 == 0).collect();
    assert_eq!(served.json()["Documents"], json!(expected));

    // The SDK's fan-out: the rewritten query per range id returns mergeable rows.
    let runnable = rewritten.replace("{documentdb-formattableorderbyquery-filter}", "true");
    let mut total = 0;
    for range in ["0", "1"] {
        let mut headers = QUERY.to_vec();
        headers.push(("x-ms-documentdb-partitionkeyrangeid", range));
        let page = client.post(DOCS, &headers, &query(&runnable)).await;
        assert_eq!(page.status, StatusCode::OK, "{:?}", page.json());
        let rows = page.json()["Documents"].as_array().unwrap().clone();
        for pair in rows.windows(2) {
            let (a, b) = (
                &pair[0]["orderByItems"][0]["item"],
                &pair[1]["orderByItems"][0]["item"],
            );
            assert!(a.as_i64() >= b.as_i64(), "each range is sorted descending");
        }
        total += rows.len();
    }
    assert_eq!(total, 30);

    let grouped = client
        .post(
            DOCS,
            &QUERY,
            &query("SELECT c.pk, COUNT(1) AS n FROM c GROUP BY c.pk"),
        )
        .await;
    assert_eq!(grouped.status, StatusCode::BAD_REQUEST);
    assert_eq!(grouped.header("x-ms-substatus"), None);
}

#[tokio::test]
async fn plan_requests_and_bad_queries() {
    let (_emulator, client) = seeded(1).await;
    let plan = client
        .post(
            DOCS,
            &[
                ("x-ms-cosmos-is-query-plan-request", "True"),
                (
                    "x-ms-cosmos-supported-query-features",
                    "Aggregate,OrderBy,Top",
                ),
                ("content-type", "application/query+json"),
            ],
            &query("SELECT VALUE COUNT(1) FROM c"),
        )
        .await;
    assert_eq!(plan.status, StatusCode::OK);
    let plan = plan.json();
    assert_eq!(plan["partitionedQueryExecutionInfoVersion"], 2);
    assert_eq!(plan["queryInfo"]["aggregates"], json!(["Count"]));
    assert_eq!(plan["queryRanges"][0]["min"], "");
    let without_features = client
        .post(
            DOCS,
            &[("x-ms-cosmos-is-query-plan-request", "True")],
            &query("SELECT * FROM c"),
        )
        .await;
    assert_eq!(without_features.status, StatusCode::BAD_REQUEST);

    for bad in [
        query("SELEC * FROM c"),
        json!({"nope": 1}),
        query("SELECT * FROM c WHERE c.n = @missing"),
    ] {
        let r = client.post(DOCS, &QUERY, &bad).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{bad}");
        assert_eq!(r.json()["code"], "BadRequest");
    }
}
