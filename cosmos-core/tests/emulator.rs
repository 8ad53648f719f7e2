//! End-to-end tests against the workspace's own emulator (`cosmos-emulator`), in-process on a
//! loopback port: every operation it serves and every error path the client maps.

use cosmos_core::resources::{IndexingMode, UniqueKeyPolicy};
use cosmos_core::{
    ClientOptions, ContainerClient, ContainerProperties, CosmosClient, Credential, IndexingPolicy,
    PartitionKey, PartitionKeyDefinition, PartitionKeyValue, RetryOptions,
};
use cosmos_emulator::Emulator;
use futures::{StreamExt, TryStreamExt};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Order {
    id: String,
    customer: String,
    total: f64,
}

fn order(id: &str, customer: &str, total: f64) -> Order {
    Order {
        id: id.into(),
        customer: customer.into(),
        total,
    }
}

async fn emulator() -> (Emulator, CosmosClient) {
    let emulator = Emulator::start().await.expect("emulator starts");
    let client = CosmosClient::from_connection_string(&emulator.connection_string()).unwrap();
    (emulator, client)
}

async fn orders(client: &CosmosClient) -> ContainerClient {
    client.create_database("shop").await.unwrap();
    let db = client.database("shop");
    db.create_container(ContainerProperties::new(
        "orders",
        PartitionKeyDefinition::new("/customer"),
    ))
    .await
    .unwrap();
    db.container("orders")
}

#[tokio::test]
async fn account_and_database_lifecycle() {
    let (emulator, client) = emulator().await;
    let account = client.get_database_account().await.unwrap();
    assert_eq!(account.status(), 200);
    assert!(account.activity_id().is_some());

    let created = client.create_database("db1").await.unwrap();
    assert_eq!(created.status(), 201);
    assert_eq!(created.value().id, "db1");
    assert!(created.value().system.rid.is_some());
    assert!(created.etag().is_some());
    assert!(created.request_charge() > 0.0);

    let conflict = client.create_database("db1").await.unwrap_err();
    assert!(conflict.is_conflict(), "{conflict:?}");
    assert!(!conflict.message().is_empty());
    assert!(conflict.activity_id().is_some());

    assert_eq!(
        client
            .create_database_if_not_exists("db1")
            .await
            .unwrap()
            .status(),
        200
    );
    assert_eq!(
        client
            .create_database_if_not_exists("db2")
            .throughput(cosmos_core::ThroughputProperties::autoscale(4000))
            .await
            .unwrap()
            .status(),
        201
    );
    client.create_database("db3").throughput(400).await.unwrap();

    let read = client.database("db2").read().await.unwrap();
    assert_eq!(read.value().id, "db2");
    let missing = client.database("nope").read().await.unwrap_err();
    assert!(missing.is_not_found(), "{missing:?}");
    assert_eq!(missing.status(), Some(404));

    let mut ids: Vec<String> = client
        .list_databases()
        .map_ok(|d| d.id)
        .try_collect()
        .await
        .unwrap();
    ids.sort();
    assert_eq!(ids, ["db1", "db2", "db3"]);

    assert_eq!(client.delete_database("db1").await.unwrap().status(), 204);
    assert!(client
        .delete_database("db1")
        .await
        .unwrap_err()
        .is_not_found());
    assert!(client
        .database("db1")
        .read()
        .await
        .unwrap_err()
        .is_not_found());
    emulator.shutdown().await;
}

#[tokio::test]
async fn container_lifecycle() {
    let (_emulator, client) = emulator().await;
    client.create_database("db").await.unwrap();
    let db = client.database("db");
    let props = ContainerProperties::new("c1", PartitionKeyDefinition::new("/pk"))
        .with_default_ttl(3600)
        .with_indexing_policy(
            IndexingPolicy::default()
                .with_indexing_mode(IndexingMode::Consistent)
                .include("/*")
                .exclude("/blob/?"),
        )
        .with_unique_key_policy(UniqueKeyPolicy::default().with_key(["/email"]));
    let created = db.create_container(props.clone()).await.unwrap();
    assert_eq!(created.status(), 201);
    let value = created.value();
    assert_eq!(value.partition_key.paths, ["/pk"]);
    assert_eq!(value.partition_key.effective_version(), 2);
    assert_eq!(value.default_ttl, Some(3600));
    assert!(value.system.rid.is_some());

    assert!(db
        .create_container(props.clone())
        .await
        .unwrap_err()
        .is_conflict());
    assert_eq!(
        db.create_container_if_not_exists(props.clone())
            .await
            .unwrap()
            .status(),
        200
    );
    db.create_container_if_not_exists(ContainerProperties::new(
        "c2",
        PartitionKeyDefinition::hierarchical(["/tenant", "/user"]),
    ))
    .throughput(400)
    .await
    .unwrap();

    let read = db.container("c1").read().await.unwrap();
    assert_eq!(read.value().id, "c1");
    assert!(read.etag().is_some());
    let mut ids: Vec<String> = db
        .list_containers()
        .map_ok(|c| c.id)
        .try_collect()
        .await
        .unwrap();
    ids.sort();
    assert_eq!(ids, ["c1", "c2"]);

    let mut replacement = read.value().clone();
    replacement.default_ttl = Some(60);
    let replaced = db
        .replace_container(replacement.clone())
        .if_match(read.etag().unwrap())
        .await
        .unwrap();
    assert_eq!(replaced.value().default_ttl, Some(60));
    let stale = db
        .replace_container(replacement)
        .if_match(read.etag().unwrap())
        .await
        .unwrap_err();
    assert!(stale.is_precondition_failed(), "{stale:?}");

    assert!(db
        .container("nope")
        .read()
        .await
        .unwrap_err()
        .is_not_found());
    assert!(client
        .database("nodb")
        .list_containers()
        .try_collect::<Vec<_>>()
        .await
        .unwrap_err()
        .is_not_found());

    // Invalid definitions are refused by the client before sending.
    let bad = db
        .create_container(ContainerProperties::new(
            "bad",
            PartitionKeyDefinition::new("no-slash"),
        ))
        .await
        .unwrap_err();
    assert!(matches!(
        bad.kind(),
        cosmos_core::ErrorKind::InvalidArgument { .. }
    ));

    assert_eq!(db.delete_container("c1").await.unwrap().status(), 204);
    assert!(db.container("c1").read().await.unwrap_err().is_not_found());
    assert!(db.delete_container("c1").await.unwrap_err().is_not_found());
}

#[tokio::test]
async fn item_crud_conditions_and_errors() {
    let (_emulator, client) = emulator().await;
    let orders = orders(&client).await;

    let created = orders
        .create_item("alice", &order("1", "alice", 10.0))
        .await
        .unwrap();
    assert_eq!(created.status(), 201);
    assert!(created.session_token().is_some());
    let etag1 = created.etag().unwrap().to_owned();
    assert_eq!(created.value().as_ref().unwrap().total, 10.0);

    let conflict = orders
        .create_item("alice", &order("1", "alice", 1.0))
        .await
        .unwrap_err();
    assert!(conflict.is_conflict(), "{conflict:?}");

    let read = orders.read_item::<Order>("1", "alice").await.unwrap();
    assert_eq!(read.value(), &order("1", "alice", 10.0));
    assert_eq!(read.etag(), Some(etag1.as_str()));
    let raw = orders.read_item::<Value>("1", "alice").await.unwrap();
    assert_eq!(raw.value()["_etag"], etag1.as_str());

    // If-None-Match: unchanged → 304, surfaced as an error the caller can test for.
    let unchanged = orders
        .read_item::<Order>("1", "alice")
        .if_none_match(etag1.clone())
        .await
        .unwrap_err();
    assert!(unchanged.is_not_modified(), "{unchanged:?}");

    let replaced = orders
        .replace_item("1", "alice", &order("1", "alice", 20.0))
        .if_match(etag1.clone())
        .await
        .unwrap();
    assert_eq!(replaced.status(), 200);
    let etag2 = replaced.etag().unwrap().to_owned();
    assert_ne!(etag1, etag2);
    // A read conditioned on the old etag now returns the new item.
    let fresh = orders
        .read_item::<Order>("1", "alice")
        .if_none_match(etag1.clone())
        .await
        .unwrap();
    assert_eq!(fresh.value().total, 20.0);

    let stale = orders
        .replace_item("1", "alice", &order("1", "alice", 30.0))
        .if_match(etag1.clone())
        .await
        .unwrap_err();
    assert!(stale.is_precondition_failed(), "{stale:?}");
    assert!(orders
        .delete_item("1", "alice")
        .if_match(etag1.clone())
        .await
        .unwrap_err()
        .is_precondition_failed());

    let up1 = orders
        .upsert_item("bob", &order("2", "bob", 1.0))
        .await
        .unwrap();
    assert_eq!(up1.status(), 201);
    let up2 = orders
        .upsert_item("bob", &order("2", "bob", 2.0))
        .await
        .unwrap();
    assert_eq!(up2.status(), 200);
    assert_eq!(up2.into_value().unwrap().total, 2.0);

    // Prefer: return=minimal → no body, headers still there.
    let minimal = orders
        .upsert_item("bob", &order("2", "bob", 3.0))
        .minimal_response()
        .await
        .unwrap();
    assert!(minimal.value().is_none());
    assert!(minimal.etag().is_some());

    assert!(orders
        .replace_item("404", "alice", &order("404", "alice", 0.0))
        .await
        .unwrap_err()
        .is_not_found());
    assert!(orders
        .read_item::<Order>("1", "not-alice")
        .await
        .unwrap_err()
        .is_not_found());

    assert_eq!(
        orders
            .delete_item("1", "alice")
            .if_match(etag2)
            .await
            .unwrap()
            .status(),
        204
    );
    assert!(orders
        .read_item::<Order>("1", "alice")
        .await
        .unwrap_err()
        .is_not_found());
    assert!(orders
        .delete_item("1", "alice")
        .await
        .unwrap_err()
        .is_not_found());

    // 400: an id the service refuses, and a key header that contradicts the body (1001).
    let bad_id = orders
        .create_item("alice", &json!({"id": "a/b", "customer": "alice"}))
        .await
        .unwrap_err();
    assert_eq!(bad_id.status(), Some(400), "{bad_id:?}");
    let mismatch = orders
        .create_item("bob", &order("3", "alice", 1.0))
        .await
        .unwrap_err();
    assert_eq!(mismatch.status(), Some(400));
    assert_eq!(mismatch.sub_status(), Some(1001));

    // 413: over 2 MB.
    let huge = json!({"id": "big", "customer": "alice", "blob": "x".repeat(2 * 1024 * 1024 + 10)});
    let too_large = orders.create_item("alice", &huge).await.unwrap_err();
    assert_eq!(too_large.status(), Some(413), "{too_large:?}");

    // Items of a missing container or database.
    let orphan = client.database("shop").container("missing");
    assert!(orphan
        .read_item::<Value>("1", "alice")
        .await
        .unwrap_err()
        .is_not_found());
}

#[tokio::test]
async fn wrong_key_is_unauthorized() {
    let (emulator, _client) = emulator().await;
    let other_key = "dGhpcyBpcyBub3QgdGhlIGVtdWxhdG9yIGtleSBhdCBhbGwgLSBub3QgYXQgYWxsIQ==";
    let intruder = CosmosClient::new(
        emulator.endpoint(),
        Credential::master_key(other_key).unwrap(),
        ClientOptions::default(),
    )
    .unwrap();
    let err = intruder
        .list_databases()
        .try_collect::<Vec<_>>()
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(401), "{err:?}");
    assert!(err.is_unauthorized());
    // Writes are refused the same way.
    let err = intruder.create_database("x").await.unwrap_err();
    assert_eq!(err.status(), Some(401));
}

#[tokio::test]
async fn partition_key_kinds_round_trip() {
    let (_emulator, client) = emulator().await;
    client.create_database("db").await.unwrap();
    let db = client.database("db");
    db.create_container(ContainerProperties::new(
        "c",
        PartitionKeyDefinition::new("/k"),
    ))
    .await
    .unwrap();
    let c = db.container("c");
    let cases: Vec<(&str, Value, PartitionKey)> = vec![
        ("s", json!({"id": "s", "k": "ü ☕"}), "ü ☕".into()),
        ("n", json!({"id": "n", "k": 7}), 7.into()),
        ("f", json!({"id": "f", "k": 2.5}), 2.5.into()),
        ("b", json!({"id": "b", "k": false}), false.into()),
        (
            "z",
            json!({"id": "z", "k": null}),
            PartitionKeyValue::Null.into(),
        ),
        ("u", json!({"id": "u"}), PartitionKey::undefined()),
    ];
    for (id, doc, key) in &cases {
        c.create_item(key.clone(), doc).await.unwrap();
        let read = c.read_item::<Value>(*id, key.clone()).await.unwrap();
        assert_eq!(read.value()["id"], *id);
    }
    // The same id under another key is a different item.
    assert!(c
        .read_item::<Value>("n", 8)
        .await
        .unwrap_err()
        .is_not_found());
    assert!(c
        .read_item::<Value>("z", PartitionKey::undefined())
        .await
        .unwrap_err()
        .is_not_found());

    // Hierarchical keys.
    db.create_container(ContainerProperties::new(
        "h",
        PartitionKeyDefinition::hierarchical(["/tenant", "/user"]),
    ))
    .await
    .unwrap();
    let h = db.container("h");
    let key = PartitionKey::hierarchical(["t1", "u1"]);
    h.create_item(
        key.clone(),
        &json!({"id": "1", "tenant": "t1", "user": "u1"}),
    )
    .await
    .unwrap();
    assert_eq!(
        h.read_item::<Value>("1", key).await.unwrap().value()["user"],
        "u1"
    );
    assert!(h
        .read_item::<Value>("1", PartitionKey::hierarchical(["t1", "u2"]))
        .await
        .unwrap_err()
        .is_not_found());
}

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

/// The global LSN of a single-range session token such as `0:-1#12`.
fn lsn(token: &str) -> u64 {
    let parsed = cosmos_protocol::session::CompoundSessionToken::parse(token).unwrap();
    parsed.0.values().map(|t| t.global_lsn).max().unwrap()
}

#[tokio::test]
async fn session_tokens_advance_with_writes() {
    let (_emulator, client) = emulator().await;
    let orders = orders(&client).await;
    let first = orders
        .create_item("alice", &order("1", "alice", 1.0))
        .await
        .unwrap();
    let second = orders
        .upsert_item("alice", &order("1", "alice", 2.0))
        .await
        .unwrap();
    let (a, b) = (
        lsn(first.session_token().unwrap()),
        lsn(second.session_token().unwrap()),
    );
    assert!(b > a, "{a} then {b}");
    // The read is served at (at least) the session's LSN, and the client's own tracked
    // token is accepted by the server.
    let read = orders.read_item::<Order>("1", "alice").await.unwrap();
    assert!(lsn(read.session_token().unwrap()) >= b);
    assert_eq!(read.value().total, 2.0);
}

#[tokio::test]
async fn https_with_self_signed_certificate() {
    let emulator = Emulator::builder().tls(true).start().await.unwrap();
    assert!(emulator.endpoint().starts_with("https://"));
    let strict = CosmosClient::from_connection_string_with_options(
        &emulator.connection_string(),
        ClientOptions::default().with_retry(RetryOptions::none()),
    )
    .unwrap();
    let err = strict.get_database_account().await.unwrap_err();
    assert!(err.is_transport(), "{err:?}");
    let lenient = CosmosClient::from_connection_string_with_options(
        &emulator.connection_string(),
        ClientOptions::default().with_accept_invalid_certs(true),
    )
    .unwrap();
    lenient.create_database("db").await.unwrap();
    assert_eq!(
        lenient.database("db").read().await.unwrap().value().id,
        "db"
    );
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

    // Across partitions the gateway asks for a query plan (400/1004); the client surfaces it
    // until cross-partition execution lands.
    let err = orders
        .query_items::<f64>("SELECT VALUE c.total FROM c ORDER BY c.total")
        .try_collect::<Vec<_>>()
        .await
        .unwrap_err();
    assert_eq!(
        (err.status(), err.sub_status()),
        (Some(400), Some(1004)),
        "{err:?}"
    );

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
async fn patch_items() {
    let (_emulator, client) = emulator().await;
    let orders = orders(&client).await;
    orders
        .create_item(
            "alice",
            &json!({"id": "1", "customer": "alice", "total": 10, "tags": ["a"], "old": 1}),
        )
        .await
        .unwrap();
    let patch = cosmos_core::PatchDocument::new()
        .incr("/total", 5)
        .set("/note", "rush")
        .add("/tags/-", "b")
        .remove("/old")
        .move_from("/note", "/memo");
    let patched = orders
        .patch_item::<Value>("1", "alice", &patch)
        .await
        .unwrap();
    assert_eq!(patched.status(), 200);
    let item = patched.into_value().unwrap();
    assert_eq!(item["total"], 15);
    assert_eq!(item["tags"], json!(["a", "b"]));
    assert_eq!(item["memo"], "rush");
    assert!(item.get("old").is_none() && item.get("note").is_none());

    // A false condition is a 412; a missing item a 404; a bad operation a 400.
    let guarded = cosmos_core::PatchDocument::new()
        .set("/total", 0)
        .condition("FROM c WHERE c.total > 100");
    let err = orders
        .patch_item::<Value>("1", "alice", &guarded)
        .await
        .unwrap_err();
    assert!(err.is_precondition_failed(), "{err:?}");
    let err = orders
        .patch_item::<Value>(
            "404",
            "alice",
            &cosmos_core::PatchDocument::new().set("/a", 1),
        )
        .await
        .unwrap_err();
    assert!(err.is_not_found(), "{err:?}");
    let err = orders
        .patch_item::<Value>(
            "1",
            "alice",
            &cosmos_core::PatchDocument::new().remove("/missing"),
        )
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(400), "{err:?}");

    // if_match on patch, and minimal responses.
    let current = orders.read_item::<Value>("1", "alice").await.unwrap();
    let etag = current.etag().unwrap().to_owned();
    let minimal = orders
        .patch_item::<Value>(
            "1",
            "alice",
            &cosmos_core::PatchDocument::new().incr("/total", 1),
        )
        .if_match(etag.clone())
        .minimal_response()
        .await
        .unwrap();
    assert!(minimal.value().is_none());
    let err = orders
        .patch_item::<Value>(
            "1",
            "alice",
            &cosmos_core::PatchDocument::new().incr("/total", 1),
        )
        .if_match(etag)
        .await
        .unwrap_err();
    assert!(err.is_precondition_failed());
}

#[tokio::test]
async fn transactional_batches_commit_or_roll_back() {
    let (_emulator, client) = emulator().await;
    let orders = orders(&client).await;
    orders
        .create_item("alice", &order("1", "alice", 1.0))
        .await
        .unwrap();

    let mut batch = cosmos_core::TransactionalBatch::new();
    batch
        .create(&order("2", "alice", 2.0))
        .read("1")
        .upsert(&order("3", "alice", 3.0))
        .replace("1", &order("1", "alice", 10.0))
        .patch("3", &cosmos_core::PatchDocument::new().incr("/total", 1))
        .delete("2");
    let done = orders.execute_batch("alice", &batch).await.unwrap();
    assert_eq!(done.status(), 200);
    let results = done.value();
    assert!(results.is_success(), "{results:?}");
    let statuses: Vec<u16> = results.results().iter().map(|r| r.status_code).collect();
    assert_eq!(statuses, [201, 200, 201, 200, 200, 204]);
    let read: Order = results.results()[1].resource().unwrap().unwrap();
    assert_eq!(read.total, 1.0);
    assert_eq!(
        orders
            .read_item::<Order>("3", "alice")
            .await
            .unwrap()
            .value()
            .total,
        4.0
    );

    // The second operation conflicts: 207, nothing committed, the rest 424.
    let mut failing = cosmos_core::TransactionalBatch::new();
    failing
        .create(&order("4", "alice", 4.0))
        .create(&order("1", "alice", 0.0))
        .delete("3");
    let failed = orders.execute_batch("alice", &failing).await.unwrap();
    assert_eq!(failed.status(), 207);
    let results = failed.value();
    assert!(!results.is_success());
    let (index, failure) = results.first_failure().unwrap();
    assert_eq!((index, failure.status_code), (1, 409));
    assert!(orders
        .read_item::<Order>("4", "alice")
        .await
        .unwrap_err()
        .is_not_found());
    assert!(orders.read_item::<Order>("3", "alice").await.is_ok());
}
