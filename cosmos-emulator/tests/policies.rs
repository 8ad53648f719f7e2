//! Container policies over real HTTP: time to live and unique keys.

mod common;

use common::Client;
use cosmos_emulator::Emulator;
use reqwest::StatusCode;
use serde_json::json;
use std::time::Duration;

#[tokio::test]
async fn items_expire_under_the_ttl_policy() {
    let emulator = Emulator::start().await.unwrap();
    let client = Client::new(emulator.endpoint(), emulator.key());
    client.post("/dbs", &[], &json!({"id": "db"})).await;
    let pk = json!({"paths": ["/pk"], "kind": "Hash", "version": 2});
    client
        .post(
            "/dbs/db/colls",
            &[],
            &json!({"id": "ttl", "partitionKey": pk, "defaultTtl": 1}),
        )
        .await;
    client
        .post(
            "/dbs/db/colls",
            &[],
            &json!({"id": "off", "partitionKey": pk}),
        )
        .await;
    let docs = "/dbs/db/colls/ttl/docs";
    for body in [
        json!({"id": "short", "pk": "p"}),
        json!({"id": "forever", "pk": "p", "ttl": -1}),
        json!({"id": "long", "pk": "p", "ttl": 3600}),
    ] {
        assert_eq!(
            client.post(docs, &[], &body).await.status,
            StatusCode::CREATED
        );
    }
    let bad = client
        .post(docs, &[], &json!({"id": "bad", "pk": "p", "ttl": 0}))
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    // Without a container TTL an item's ttl is ignored.
    let off = "/dbs/db/colls/off/docs";
    client
        .post(off, &[], &json!({"id": "kept", "pk": "p", "ttl": 1}))
        .await;

    tokio::time::sleep(Duration::from_millis(2100)).await;
    let key = [("x-ms-documentdb-partitionkey", "[\"p\"]")];
    assert_eq!(
        client.get(&format!("{docs}/short"), &key).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        client.get(&format!("{docs}/forever"), &key).await.status,
        StatusCode::OK
    );
    assert_eq!(
        client.get(&format!("{docs}/long"), &key).await.status,
        StatusCode::OK
    );
    assert_eq!(
        client.get(&format!("{off}/kept"), &key).await.status,
        StatusCode::OK
    );
    let feed = client.get(docs, &[]).await.json();
    assert_eq!(feed["_count"], 2);
    // An expired id is free again.
    let again = client
        .post(docs, &[], &json!({"id": "short", "pk": "p", "ttl": -1}))
        .await;
    assert_eq!(again.status, StatusCode::CREATED);
    assert_eq!(client.get(docs, &[]).await.json()["_count"], 3);
}

#[tokio::test]
async fn unique_keys_are_unique_per_logical_partition() {
    let emulator = Emulator::builder().partitions(2).start().await.unwrap();
    let client = Client::new(emulator.endpoint(), emulator.key());
    client.post("/dbs", &[], &json!({"id": "db"})).await;
    client
        .post(
            "/dbs/db/colls",
            &[],
            &json!({"id": "users", "partitionKey": {"paths": ["/tenant"], "kind": "Hash", "version": 2},
                    "uniqueKeyPolicy": {"uniqueKeys": [{"paths": ["/email"]}]}}),
        )
        .await;
    let docs = "/dbs/db/colls/users/docs";
    let create =
        |id: &str, tenant: &str, email: &str| json!({"id": id, "tenant": tenant, "email": email});
    assert_eq!(
        client
            .post(docs, &[], &create("a", "t1", "x@y"))
            .await
            .status,
        StatusCode::CREATED
    );
    let clash = client.post(docs, &[], &create("b", "t1", "x@y")).await;
    assert_eq!(clash.status, StatusCode::CONFLICT);
    assert_eq!(
        client
            .post(docs, &[], &create("b", "t2", "x@y"))
            .await
            .status,
        StatusCode::CREATED
    );
    // Rewriting an item with its own key is fine.
    let upsert = client
        .post(
            docs,
            &[("x-ms-documentdb-is-upsert", "true")],
            &create("a", "t1", "x@y"),
        )
        .await;
    assert_eq!(upsert.status, StatusCode::OK);
    let batch = client
        .post(
            docs,
            &[
                ("x-ms-documentdb-partitionkey", "[\"t1\"]"),
                ("x-ms-cosmos-is-batch-request", "true"),
                ("x-ms-cosmos-batch-atomic", "true"),
            ],
            &json!([
                {"operationType": "Create", "resourceBody": create("c", "t1", "c@y")},
                {"operationType": "Create", "resourceBody": create("d", "t1", "c@y")}
            ]),
        )
        .await;
    assert_eq!(batch.status, StatusCode::MULTI_STATUS);
    assert_eq!(batch.json()[1]["statusCode"], 409);
}
