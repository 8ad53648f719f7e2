//! Throughput enforcement over real HTTP: 429/3200 with a retry hint once a partition's RU
//! budget is spent, nothing changed by a throttled request, and clients that retry through it
//! (our `cosmos_core` and, in `python_sdk.rs`, the official Python SDK).

mod common;

use common::Client;
use cosmos_core::{
    ClientOptions, ContainerProperties, CosmosClient, PartitionKeyDefinition, RetryOptions,
};
use cosmos_emulator::Emulator;
use futures::future::join_all;
use reqwest::StatusCode;
use serde_json::{json, Value};
use std::time::{Duration, Instant};

const DOCS: &str = "/dbs/db/colls/c/docs";

#[tokio::test]
async fn spent_budget_is_throttled_and_changes_nothing() {
    let emulator = Emulator::builder()
        .enforce_throughput(true)
        .start()
        .await
        .unwrap();
    let client = Client::new(emulator.endpoint(), emulator.key());
    client.setup("db", "c").await;
    // 400 RU/s on one partition, ~5.7 RU a write: the budget runs out within ~70 writes.
    let mut throttled = None;
    for i in 0..200 {
        let r = client
            .post(
                DOCS,
                &[("x-ms-documentdb-partitionkey", "[\"a\"]")],
                &json!({"id": format!("d{i}"), "pk": "a"}),
            )
            .await;
        if r.status == StatusCode::TOO_MANY_REQUESTS {
            throttled = Some((i, r));
            break;
        }
        assert_eq!(r.status, StatusCode::CREATED);
    }
    let (refused, r) = throttled.expect("a burst beyond 400 RU/s is throttled");
    assert!(refused >= 60, "throttled too early, after {refused} writes");
    assert_eq!(r.header("x-ms-substatus"), Some("3200"));
    let wait: u64 = r
        .header("x-ms-retry-after-ms")
        .and_then(|v| v.parse().ok())
        .expect("a retry hint");
    assert!((1..=1000).contains(&wait), "retry after {wait} ms");
    assert_eq!(r.json()["code"], "TooManyRequests");

    // The refused write did not happen; after the hint it goes through.
    let id = format!("d{refused}");
    let read = client
        .get(
            &format!("{DOCS}/{id}"),
            &[("x-ms-documentdb-partitionkey", "[\"a\"]")],
        )
        .await;
    assert!(
        matches!(
            read.status,
            StatusCode::NOT_FOUND | StatusCode::TOO_MANY_REQUESTS
        ),
        "{:?}",
        read.status
    );
    tokio::time::sleep(Duration::from_millis(wait + 20)).await;
    let r = client
        .post(
            DOCS,
            &[("x-ms-documentdb-partitionkey", "[\"a\"]")],
            &json!({"id": id, "pk": "a"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED);

    // Metadata reads are not throttled.
    assert_eq!(
        client.get("/dbs/db/colls/c", &[]).await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn throughput_is_off_unless_asked_for() {
    let emulator = Emulator::start().await.unwrap();
    let client = Client::new(emulator.endpoint(), emulator.key());
    client.setup("db", "c").await;
    for i in 0..150 {
        let r = client
            .post(DOCS, &[], &json!({"id": format!("d{i}"), "pk": "a"}))
            .await;
        assert_eq!(r.status, StatusCode::CREATED);
    }
}

#[tokio::test]
async fn more_throughput_admits_more() {
    let emulator = Emulator::builder()
        .enforce_throughput(true)
        .start()
        .await
        .unwrap();
    let client = Client::new(emulator.endpoint(), emulator.key());
    let r = client.post("/dbs", &[], &json!({"id": "db"})).await;
    assert_eq!(r.status, StatusCode::CREATED);
    let r = client
        .post(
            "/dbs/db/colls",
            &[("x-ms-offer-throughput", "10000")],
            &json!({"id": "c", "partitionKey": {"paths": ["/pk"], "kind": "Hash", "version": 2}}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED);
    for i in 0..300 {
        let r = client
            .post(DOCS, &[], &json!({"id": format!("d{i}"), "pk": "a"}))
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "write {i}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cosmos_core_retries_through_throttling() {
    let emulator = Emulator::builder()
        .enforce_throughput(true)
        .partitions(2)
        .start()
        .await
        .unwrap();
    let options = ClientOptions::default().with_retry(
        RetryOptions::default()
            .with_max_throttle_retries(50)
            .with_max_throttle_wait(Duration::from_secs(60)),
    );
    let client =
        CosmosClient::from_connection_string_with_options(&emulator.connection_string(), options)
            .unwrap();
    client.create_database("db").await.unwrap();
    let db = client.database("db");
    db.create_container(ContainerProperties::new(
        "c",
        PartitionKeyDefinition::new("/pk"),
    ))
    .await
    .unwrap();
    let container = db.container("c");

    // 240 writes of ~5.7 RU (~1370 RU) against 400 RU/s: about three seconds of budget.
    let started = Instant::now();
    let writes = (0..240).map(|i| {
        let container = container.clone();
        async move {
            let pk = format!("k{}", i % 8);
            container
                .create_item(pk.as_str(), &json!({"id": format!("d{i}"), "pk": pk}))
                .await
        }
    });
    let results = join_all(writes).await;
    let elapsed = started.elapsed();
    let mut retries = 0;
    let mut throttle_wait = Duration::ZERO;
    for result in results {
        let response = result.expect("every write succeeds after retries");
        assert_eq!(response.status(), 201);
        let diagnostics = response.diagnostics();
        retries += diagnostics.retry_count;
        throttle_wait += diagnostics.throttle_wait;
        assert!(diagnostics
            .attempt_statuses
            .iter()
            .all(|s| matches!(s, Some(201 | 429))));
    }
    println!("240 writes: {retries} retries, {throttle_wait:?} waited, {elapsed:?} elapsed");
    assert!(retries > 0, "the burst was throttled");
    assert!(throttle_wait > Duration::ZERO);
    // The budget refills at 400 RU/s, so the burst cannot finish much sooner than that allows.
    assert!(elapsed >= Duration::from_secs(2), "{elapsed:?}");

    let all: Vec<Value> = {
        use futures::TryStreamExt;
        container.read_all_items().try_collect().await.unwrap()
    };
    assert_eq!(all.len(), 240, "every write landed exactly once");
}

/// A database's shared throughput is spread over the partitions of all its containers: two
/// containers sharing 400 RU/s get 200 RU/s each.
#[tokio::test]
async fn shared_database_throughput_is_split_between_containers() {
    let emulator = Emulator::builder()
        .enforce_throughput(true)
        .start()
        .await
        .unwrap();
    let client = Client::new(emulator.endpoint(), emulator.key());
    let r = client
        .post(
            "/dbs",
            &[("x-ms-offer-throughput", "400")],
            &json!({"id": "db"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED);
    for coll in ["c", "other"] {
        let r = client
            .post(
                "/dbs/db/colls",
                &[],
                &json!({"id": coll, "partitionKey": {"paths": ["/pk"], "kind": "Hash", "version": 2}}),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED);
    }
    let mut admitted = 0;
    for i in 0..100 {
        let r = client
            .post(DOCS, &[], &json!({"id": format!("d{i}"), "pk": "a"}))
            .await;
        if r.status == StatusCode::TOO_MANY_REQUESTS {
            break;
        }
        assert_eq!(r.status, StatusCode::CREATED);
        admitted += 1;
    }
    // 200 RU/s at 5.71 RU a write: about 35 (a little more refills while they run).
    assert!((30..60).contains(&admitted), "{admitted} writes admitted");
    // The other container has its own share.
    let r = client
        .post(
            "/dbs/db/colls/other/docs",
            &[],
            &json!({"id": "x", "pk": "a"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED);
}
