//! The change feed over real HTTP: etag continuations, 304s, start points and scoping.

mod common;

use common::Client;
use cosmos_emulator::Emulator;
use reqwest::StatusCode;
use serde_json::json;

const DOCS: &str = "/dbs/db/colls/c/docs";
const FEED: (&str, &str) = ("a-im", "Incremental Feed");

#[tokio::test]
async fn etag_continuations_and_304s() {
    let emulator = Emulator::builder().partitions(2).start().await.unwrap();
    let client = Client::new(emulator.endpoint(), emulator.key());
    client.setup("db", "c").await;
    for i in 0..6 {
        client
            .post(
                DOCS,
                &[],
                &json!({"id": format!("d{i}"), "pk": format!("k{i}")}),
            )
            .await;
    }
    let mut total = 0;
    for range in ["0", "1"] {
        let scope = ("x-ms-documentdb-partitionkeyrangeid", range);
        let first = client.get(DOCS, &[FEED, scope]).await;
        assert_eq!(first.status, StatusCode::OK);
        let etag = first.header("etag").unwrap().to_owned();
        assert!(etag.starts_with('"') && etag.ends_with('"'), "{etag}");
        let docs = first.json()["Documents"].as_array().unwrap().clone();
        assert!(docs.iter().all(|d| d["_lsn"].is_u64()));
        total += docs.len();
        let again = client
            .get(DOCS, &[FEED, scope, ("if-none-match", &etag)])
            .await;
        assert_eq!(again.status, StatusCode::NOT_MODIFIED);
        assert_eq!(again.header("etag"), Some(etag.as_str()));
        let now = client
            .get(DOCS, &[FEED, scope, ("if-none-match", "*")])
            .await;
        assert_eq!(now.status, StatusCode::NOT_MODIFIED);
        let since = client
            .get(
                DOCS,
                &[
                    FEED,
                    scope,
                    ("if-modified-since", "Thu, 01 Jan 1970 00:00:00 GMT"),
                ],
            )
            .await;
        assert_eq!(since.json()["_count"], docs.len());
    }
    assert_eq!(total, 6);

    let pk = ("x-ms-documentdb-partitionkey", "[\"k1\"]");
    let one = client.get(DOCS, &[FEED, pk]).await.json();
    assert_eq!(one["_count"], 1);
    let unscoped = client.get(DOCS, &[FEED]).await;
    assert_eq!(unscoped.status, StatusCode::BAD_REQUEST);
    let full = client
        .get(
            DOCS,
            &[
                ("a-im", "Full-Fidelity Feed"),
                ("x-ms-documentdb-partitionkeyrangeid", "0"),
            ],
        )
        .await;
    assert_eq!(full.status, StatusCode::BAD_REQUEST);
    let bad = client
        .get(
            DOCS,
            &[
                FEED,
                ("x-ms-documentdb-partitionkeyrangeid", "0"),
                ("if-none-match", "\"x\""),
            ],
        )
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn pages_follow_lsn_order_and_report_latest_versions() {
    let emulator = Emulator::start().await.unwrap();
    let client = Client::new(emulator.endpoint(), emulator.key());
    client.setup("db", "c").await;
    for id in ["a", "b", "c"] {
        client.post(DOCS, &[], &json!({"id": id, "pk": "p"})).await;
    }
    client
        .post(
            DOCS,
            &[("x-ms-documentdb-is-upsert", "true")],
            &json!({"id": "a", "pk": "p", "v": 2}),
        )
        .await;
    let mut ids = Vec::new();
    let mut etag: Option<String> = None;
    loop {
        let mut headers = vec![FEED, ("x-ms-max-item-count", "2")];
        if let Some(e) = &etag {
            headers.push(("if-none-match", e));
        }
        let page = client.get(DOCS, &headers).await;
        etag = Some(page.header("etag").unwrap().to_owned());
        if page.status == StatusCode::NOT_MODIFIED {
            break;
        }
        for d in page.json()["Documents"].as_array().unwrap() {
            ids.push(d["id"].as_str().unwrap().to_owned());
        }
    }
    assert_eq!(ids, ["b", "c", "a"]);
}

#[tokio::test]
async fn all_versions_and_deletes_from_now() {
    let emulator = Emulator::start().await.unwrap();
    let client = Client::new(emulator.endpoint(), emulator.key());
    client.setup("db", "c").await;
    let full = ("a-im", "Full-Fidelity Feed");
    let wire = ("x-ms-cosmos-changefeed-wire-format-version", "2021-09-15");
    let range = ("x-ms-documentdb-partitionkeyrangeid", "0");
    let beginning = client.get(DOCS, &[full, wire, range]).await;
    assert_eq!(
        beginning.status,
        StatusCode::BAD_REQUEST,
        "must start from now or a continuation"
    );
    let now = client
        .get(DOCS, &[full, wire, range, ("if-none-match", "*")])
        .await;
    assert_eq!(now.status, StatusCode::NOT_MODIFIED);
    let etag = now.header("etag").unwrap().to_owned();

    client.post(DOCS, &[], &json!({"id": "a", "pk": "p"})).await;
    client
        .post(
            DOCS,
            &[("x-ms-documentdb-is-upsert", "true")],
            &json!({"id": "a", "pk": "p", "v": 2}),
        )
        .await;
    client
        .delete(
            &format!("{DOCS}/a"),
            &[("x-ms-documentdb-partitionkey", "[\"p\"]")],
        )
        .await;
    let page = client
        .get(DOCS, &[full, wire, range, ("if-none-match", &etag)])
        .await;
    assert_eq!(page.status, StatusCode::OK);
    let docs = page.json()["Documents"].as_array().unwrap().clone();
    let kinds: Vec<&str> = docs
        .iter()
        .map(|d| d["metadata"]["operationType"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["create", "replace", "delete"]);
    assert_eq!(docs[1]["current"]["v"], 2);
    assert_eq!(
        docs[1]["metadata"]["previousImageLSN"],
        docs[0]["metadata"]["lsn"]
    );
    assert!(docs[2].get("current").is_none());
    assert_eq!(docs[2]["metadata"]["id"], "a");
    assert_eq!(docs[2]["metadata"]["partitionKey"], json!({"pk": "p"}));
    let next = page.header("etag").unwrap().to_owned();
    let done = client
        .get(DOCS, &[full, wire, range, ("if-none-match", &next)])
        .await;
    assert_eq!(done.status, StatusCode::NOT_MODIFIED);
}
