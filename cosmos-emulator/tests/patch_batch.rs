//! Patch and transactional batch over real HTTP, in both SDKs' wire dialects.

mod common;

use common::Client;
use cosmos_emulator::Emulator;
use reqwest::{Method, StatusCode};
use serde_json::json;

const DOCS: &str = "/dbs/db/colls/c/docs";

async fn started(partitions: usize) -> (Emulator, Client) {
    let emulator = Emulator::builder()
        .partitions(partitions)
        .start()
        .await
        .unwrap();
    let client = Client::new(emulator.endpoint(), emulator.key());
    client.setup("db", "c").await;
    (emulator, client)
}

#[tokio::test]
async fn patch_applies_atomically_with_conditions() {
    let (_emulator, client) = started(1).await;
    let pk = ("x-ms-documentdb-partitionkey", "[\"p\"]");
    client
        .post(
            DOCS,
            &[],
            &json!({"id": "a", "pk": "p", "n": 1, "list": [1, 2]}),
        )
        .await;
    let ok = client
        .send(
            Method::PATCH,
            &format!("{DOCS}/a"),
            &[pk],
            Some(&json!({"operations": [
                {"op": "incr", "path": "/n", "value": 2},
                {"op": "add", "path": "/list/-", "value": 3},
                {"op": "move", "from": "/list", "path": "/moved"}
            ]})),
        )
        .await;
    assert_eq!(ok.status, StatusCode::OK, "{:?}", ok.json());
    let body = ok.json();
    assert_eq!(
        (body["n"].clone(), body["moved"].clone()),
        (json!(3), json!([1, 2, 3]))
    );
    assert!(body.get("list").is_none());
    assert_eq!(ok.header("x-ms-session-token"), Some("0:-1#2"));

    for (patch, status) in [
        (
            json!({"condition": "FROM c WHERE c.n > 100", "operations": [{"op": "set", "path": "/x", "value": 1}]}),
            StatusCode::PRECONDITION_FAILED,
        ),
        // The second operation fails: the first must not be kept.
        (
            json!({"operations": [{"op": "set", "path": "/x", "value": 1}, {"op": "remove", "path": "/nope"}]}),
            StatusCode::BAD_REQUEST,
        ),
        (
            json!({"operations": [{"op": "set", "path": "/pk", "value": "q"}]}),
            StatusCode::BAD_REQUEST,
        ),
        (
            json!({"operations": [{"op": "set", "path": "/id", "value": "b"}]}),
            StatusCode::BAD_REQUEST,
        ),
        (json!({"operations": []}), StatusCode::BAD_REQUEST),
    ] {
        let r = client
            .send(Method::PATCH, &format!("{DOCS}/a"), &[pk], Some(&patch))
            .await;
        assert_eq!(r.status, status, "{patch}");
    }
    let read = client.get(&format!("{DOCS}/a"), &[pk]).await.json();
    assert!(
        read.get("x").is_none(),
        "a failed patch changed the item: {read}"
    );
    let missing = client
        .send(
            Method::PATCH,
            &format!("{DOCS}/zz"),
            &[pk],
            Some(&json!({"operations": [{"op": "set", "path": "/x", "value": 1}]})),
        )
        .await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn atomic_batches_commit_all_or_nothing() {
    let (_emulator, client) = started(2).await;
    let headers = [
        ("x-ms-documentdb-partitionkey", "[\"p\"]"),
        ("x-ms-cosmos-is-batch-request", "true"),
        ("x-ms-cosmos-batch-atomic", "true"),
    ];
    // The JS SDK's dialect: the key as JSON text on each operation.
    let ok = client
        .post(DOCS, &headers, &json!([
            {"operationType": "Create", "partitionKey": "[\"p\"]", "resourceBody": {"id": "a", "pk": "p"}},
            {"operationType": "Read", "partitionKey": "[\"p\"]", "id": "a"},
            {"operationType": "Patch", "id": "a", "resourceBody": {"operations": [{"op": "set", "path": "/v", "value": 1}]}}
        ]))
        .await;
    assert_eq!(ok.status, StatusCode::OK);
    let results = ok.json();
    assert_eq!(results[0]["statusCode"], 201);
    assert_eq!(results[1]["resourceBody"]["id"], "a");
    assert_eq!(results[2]["resourceBody"]["v"], 1);
    assert!(results[0]["eTag"].is_string());

    let failed = client
        .post(DOCS, &headers, &json!([
            {"operationType": "Upsert", "resourceBody": {"id": "b", "pk": "p"}},
            {"operationType": "Replace", "id": "a", "ifMatch": "\"stale\"", "resourceBody": {"id": "a", "pk": "p"}},
            {"operationType": "Delete", "id": "a"}
        ]))
        .await;
    assert_eq!(failed.status, StatusCode::MULTI_STATUS);
    let codes: Vec<i64> = failed
        .json()
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["statusCode"].as_i64().unwrap())
        .collect();
    assert_eq!(codes, [424, 412, 424]);
    let pk = [("x-ms-documentdb-partitionkey", "[\"p\"]")];
    assert_eq!(
        client.get(&format!("{DOCS}/b"), &pk).await.status,
        StatusCode::NOT_FOUND
    );

    let wrong_partition = client
        .post(
            DOCS,
            &headers,
            &json!([{"operationType": "Create", "resourceBody": {"id": "c", "pk": "other"}}]),
        )
        .await;
    assert_eq!(wrong_partition.status, StatusCode::MULTI_STATUS);
    assert_eq!(wrong_partition.json()[0]["substatusCode"], 1001);
    let not_a_batch = client.post(DOCS, &headers, &json!({"id": "x"})).await;
    assert_eq!(not_a_batch.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn bulk_requests_run_each_operation_on_its_own() {
    let (_emulator, client) = started(4).await;
    let headers = [
        ("x-ms-cosmos-is-batch-request", "true"),
        ("x-ms-cosmos-batch-atomic", "false"),
        ("x-ms-cosmos-batch-continue-on-error", "true"),
    ];
    let ops: Vec<_> = (0..8)
        .map(|i| json!({"operationType": "Create", "partitionKey": format!("[\"k{i}\"]"), "resourceBody": {"id": "same", "pk": format!("k{i}")}}))
        .chain([json!({"operationType": "Create", "partitionKey": "[\"k0\"]", "resourceBody": {"id": "same", "pk": "k0"}})])
        .collect();
    let r = client.post(DOCS, &headers, &json!(ops)).await;
    assert_eq!(r.status, StatusCode::MULTI_STATUS);
    let codes: Vec<i64> = r
        .json()
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["statusCode"].as_i64().unwrap())
        .collect();
    assert_eq!(codes, [201, 201, 201, 201, 201, 201, 201, 201, 409]);
    let feed = client.get(DOCS, &[]).await.json();
    assert_eq!(feed["_count"], 8);
}
