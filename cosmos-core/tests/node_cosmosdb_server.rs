//! End-to-end tests against `@vercel/cosmosdb-server`, an independent Cosmos DB server
//! implementation in Node.js, over HTTPS with its self-signed certificate.
//!
//! Needs `COSMOS_TEST_NODE_DIR` (the directory holding `node_modules/@vercel/cosmosdb-server`).

mod common;

use common::{node_dir, NodeCosmosServer};
use cosmos_core::{ContainerProperties, CosmosClient, PartitionKey, PartitionKeyDefinition, Query};
use futures::{StreamExt, TryStreamExt};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

macro_rules! server {
    () => {
        match node_dir() {
            Some(dir) => NodeCosmosServer::start(&dir).await,
            None => return,
        }
    };
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Order {
    id: String,
    customer: String,
    total: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    note: Option<String>,
}

fn order(id: &str, customer: &str, total: f64) -> Order {
    Order {
        id: id.into(),
        customer: customer.into(),
        total,
        note: None,
    }
}

async fn setup(client: &CosmosClient, db: &str, coll: &str) -> cosmos_core::ContainerClient {
    client.create_database(db).await.unwrap();
    let database = client.database(db);
    database
        .create_container(ContainerProperties::new(
            coll,
            PartitionKeyDefinition::new("/customer"),
        ))
        .await
        .unwrap();
    database.container(coll)
}

/// This server answers a read of a missing item in a partitioned container with a 500
/// ("Cannot read properties of undefined"), where Cosmos DB answers 404. Either way the client
/// must surface a service error carrying the server's message.
fn assert_missing_item(err: &cosmos_core::Error) {
    match err.status() {
        Some(404) => {}
        Some(500) => assert!(err.message().contains("Cannot read properties"), "{err:?}"),
        _ => panic!("unexpected {err:?}"),
    }
}

#[tokio::test]
async fn account_and_databases() {
    let server = server!();
    let client = server.client();

    let account = client.get_database_account().await.unwrap();
    assert_eq!(account.status(), 200);
    assert!(account.activity_id().is_some());

    let created = client.create_database("db1").await.unwrap();
    assert_eq!(created.status(), 201);
    assert_eq!(created.value().id, "db1");
    assert!(created.value().system.rid.is_some());
    assert_eq!(created.request_charge(), 1.0);

    let dup = client.create_database("db1").await.unwrap_err();
    assert!(dup.is_conflict(), "{dup:?}");
    assert_eq!(dup.status(), Some(409));

    // if_not_exists returns the existing database, and creates a missing one.
    let existing = client.create_database_if_not_exists("db1").await.unwrap();
    assert_eq!(existing.status(), 200);
    let fresh = client.create_database_if_not_exists("db2").await.unwrap();
    assert_eq!(fresh.status(), 201);

    let read = client.database("db2").read().await.unwrap();
    assert_eq!(read.value().id, "db2");

    let missing = client.database("nope").read().await.unwrap_err();
    assert!(missing.is_not_found(), "{missing:?}");

    let mut ids: Vec<String> = client
        .list_databases()
        .map_ok(|d| d.id)
        .try_collect()
        .await
        .unwrap();
    ids.sort();
    assert_eq!(ids, ["db1", "db2"]);

    let queried: Vec<_> = client
        .query_databases(
            Query::new("SELECT * FROM root r WHERE r.id = @id").with_parameter("@id", "db2"),
        )
        .try_collect()
        .await
        .unwrap();
    assert_eq!(queried.len(), 1);
    assert_eq!(queried[0].id, "db2");

    let deleted = client.delete_database("db1").await.unwrap();
    assert_eq!(deleted.status(), 204);
    assert!(client
        .database("db1")
        .read()
        .await
        .unwrap_err()
        .is_not_found());
    let ids: Vec<_> = client.list_databases().try_collect().await.unwrap();
    assert_eq!(ids.len(), 1);
}

#[tokio::test]
async fn containers() {
    let server = server!();
    let client = server.client();
    client.create_database("db").await.unwrap();
    let db = client.database("db");

    let props =
        ContainerProperties::new("c1", PartitionKeyDefinition::new("/pk")).with_default_ttl(3600);
    let created = db.create_container(props.clone()).await.unwrap();
    assert_eq!(created.status(), 201);
    assert_eq!(created.value().partition_key.paths, ["/pk"]);
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
        PartitionKeyDefinition::hierarchical(["/a", "/b"]),
    ))
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

    let queried: Vec<_> = db
        .query_containers(
            Query::new("SELECT * FROM root r WHERE r.id = @id").with_parameter("id", "c2"),
        )
        .try_collect()
        .await
        .unwrap();
    assert_eq!(queried.len(), 1);
    assert_eq!(queried[0].partition_key.paths, ["/a", "/b"]);

    let mut replacement = read.into_value();
    replacement.default_ttl = Some(60);
    let replaced = db.replace_container(replacement).await.unwrap();
    assert_eq!(replaced.status(), 200);
    assert_eq!(replaced.value().default_ttl, Some(60));

    assert_eq!(db.delete_container("c1").await.unwrap().status(), 204);
    assert!(db.container("c1").read().await.unwrap_err().is_not_found());
    // Items of a missing container are not found either.
    let orphan = db.container("does-not-exist");
    assert!(orphan
        .read_item::<Value>("x", "pk")
        .await
        .unwrap_err()
        .is_not_found());
}

#[tokio::test]
async fn item_crud_and_conditions() {
    let server = server!();
    let client = server.client();
    let orders = setup(&client, "shop", "orders").await;

    let created = orders
        .create_item("alice", &order("1", "alice", 10.0))
        .await
        .unwrap();
    assert_eq!(created.status(), 201);
    let etag1 = created.etag().unwrap().to_owned();
    assert_eq!(created.value().as_ref().unwrap().total, 10.0);

    let dup = orders
        .create_item("alice", &order("1", "alice", 11.0))
        .await
        .unwrap_err();
    assert!(dup.is_conflict(), "{dup:?}");
    assert!(dup.activity_id().is_some());

    let read = orders.read_item::<Order>("1", "alice").await.unwrap();
    assert_eq!(read.value(), &order("1", "alice", 10.0));
    assert_eq!(read.etag(), Some(etag1.as_str()));
    let raw = orders.read_item::<Value>("1", "alice").await.unwrap();
    assert!(raw.value()["_etag"].is_string());

    // Replace under the current etag succeeds and changes it; the old etag then fails.
    let mut changed = order("1", "alice", 20.0);
    changed.note = Some("rush".into());
    let replaced = orders
        .replace_item("1", "alice", &changed)
        .if_match(etag1.clone())
        .await
        .unwrap();
    assert_eq!(replaced.status(), 200);
    let etag2 = replaced.etag().unwrap().to_owned();
    assert_ne!(etag1, etag2);
    let stale = orders
        .replace_item("1", "alice", &changed)
        .if_match(etag1.clone())
        .await
        .unwrap_err();
    assert!(stale.is_precondition_failed(), "{stale:?}");
    let stale_delete = orders
        .delete_item("1", "alice")
        .if_match(etag1.clone())
        .await
        .unwrap_err();
    assert!(stale_delete.is_precondition_failed());

    // Upsert creates then replaces.
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
    let stale_upsert = orders
        .upsert_item("bob", &order("2", "bob", 3.0))
        .if_match(etag1)
        .await
        .unwrap_err();
    assert!(stale_upsert.is_precondition_failed());

    // Replacing a missing item is a 404.
    let missing = orders
        .replace_item("404", "alice", &order("404", "alice", 0.0))
        .await
        .unwrap_err();
    assert!(missing.is_not_found());

    let deleted = orders
        .delete_item("1", "alice")
        .if_match(etag2)
        .await
        .unwrap();
    assert_eq!(deleted.status(), 204);
    let gone = orders.read_item::<Order>("1", "alice").await.unwrap_err();
    assert_missing_item(&gone);
    assert!(orders
        .delete_item("1", "alice")
        .await
        .unwrap_err()
        .is_not_found());

    // A response that is not an Order is a serialization error, not a panic.
    let wrong: cosmos_core::Error = orders.read_item::<Vec<u8>>("2", "bob").await.unwrap_err();
    assert!(matches!(
        wrong.kind(),
        cosmos_core::ErrorKind::Serialization { .. }
    ));

    // Ids that would re-route the request are refused before sending.
    let bad = orders.read_item::<Value>("a/b", "x").await.unwrap_err();
    assert!(matches!(
        bad.kind(),
        cosmos_core::ErrorKind::InvalidArgument { .. }
    ));
}

#[tokio::test]
async fn partition_key_kinds() {
    let server = server!();
    let client = server.client();
    client.create_database("db").await.unwrap();
    let db = client.database("db");
    db.create_container(ContainerProperties::new(
        "c",
        PartitionKeyDefinition::new("/k"),
    ))
    .await
    .unwrap();
    let c = db.container("c");
    c.create_item(7, &json!({"id": "n", "k": 7})).await.unwrap();
    c.create_item(true, &json!({"id": "b", "k": true}))
        .await
        .unwrap();
    c.create_item("ü ☕", &json!({"id": "s", "k": "ü ☕"}))
        .await
        .unwrap();
    assert_eq!(c.read_item::<Value>("n", 7).await.unwrap().value()["k"], 7);
    assert_eq!(
        c.read_item::<Value>("b", true).await.unwrap().value()["k"],
        true
    );
    assert_eq!(
        c.read_item::<Value>("s", PartitionKey::from("ü ☕"))
            .await
            .unwrap()
            .value()["k"],
        "ü ☕"
    );
    assert_missing_item(&c.read_item::<Value>("n", 8).await.unwrap_err());
}

#[tokio::test]
async fn feeds_pages_and_queries() {
    let server = server!();
    let client = server.client();
    let orders = setup(&client, "shop", "orders").await;
    for i in 0..7 {
        let customer = if i % 2 == 0 { "even" } else { "odd" };
        orders
            .create_item(customer, &order(&format!("o{i}"), customer, f64::from(i)))
            .await
            .unwrap();
    }

    // Every item, as a stream.
    let all: Vec<Order> = orders.read_all_items().try_collect().await.unwrap();
    assert_eq!(all.len(), 7);

    // Page by page: 3 + 3 + 1, each page with its charge and a continuation until the last.
    let pages: Vec<_> = orders
        .read_all_items::<Order>()
        .max_item_count(3)
        .into_pages()
        .try_collect()
        .await
        .unwrap();
    let sizes: Vec<usize> = pages.iter().map(|p| p.items().len()).collect();
    assert_eq!(sizes, [3, 3, 1]);
    assert!(pages[0].continuation().is_some());
    assert!(pages[2].continuation().is_none());
    assert!(pages.iter().all(|p| p.request_charge() > 0.0));

    // Resuming from a saved continuation yields exactly the rest.
    let first = orders
        .read_all_items::<Order>()
        .max_item_count(3)
        .into_pages()
        .next()
        .await
        .unwrap()
        .unwrap();
    let token = first.continuation().unwrap().to_owned();
    let rest: Vec<Order> = orders
        .read_all_items()
        .max_item_count(3)
        .continuation(token)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(rest.len(), 4);
    let mut seen: Vec<String> = first
        .into_items()
        .into_iter()
        .chain(rest)
        .map(|o| o.id)
        .collect();
    seen.sort();
    assert_eq!(seen, ["o0", "o1", "o2", "o3", "o4", "o5", "o6"]);

    // Queries with parameters, across partitions and within one.
    let big: Vec<Order> = orders
        .query_items(Query::new("SELECT * FROM c WHERE c.total >= @min").with_parameter("min", 4))
        .try_collect()
        .await
        .unwrap();
    assert_eq!(big.len(), 3);
    let odd: Vec<Value> = orders
        // This server ignores the key header and insists on a key filter in the query.
        .query_items::<Value>(
            Query::new("SELECT c.id FROM c WHERE c.customer = @c").with_parameter("c", "odd"),
        )
        .partition_key("odd")
        .try_collect()
        .await
        .unwrap();
    assert_eq!(odd.len(), 3);
    let totals: Vec<f64> = orders
        .query_items::<f64>("SELECT VALUE c.total FROM c WHERE c.customer = 'even'")
        .partition_key("even")
        .try_collect()
        .await
        .unwrap();
    assert_eq!(totals.iter().sum::<f64>(), 12.0);

    // A query the server cannot parse surfaces as a 400 from the stream.
    let bad = orders
        .query_items::<Value>("SELEC nonsense")
        .try_collect::<Vec<_>>()
        .await
        .unwrap_err();
    assert_eq!(bad.status(), Some(400));
}

#[tokio::test]
async fn patch_and_batch() {
    let server = server!();
    let client = server.client();
    let orders = setup(&client, "shop", "orders").await;
    orders
        .create_item(
            "alice",
            &json!({"id": "o1", "customer": "alice", "total": 10, "tags": []}),
        )
        .await
        .unwrap();

    let patch = cosmos_core::PatchDocument::new()
        .incr("/total", 5)
        .set("/note", "rush")
        .add("/tags/-", "gift");
    let patched = orders
        .patch_item::<Value>("o1", "alice", &patch)
        .await
        .unwrap();
    assert_eq!(patched.status(), 200);
    let item = patched.into_value().unwrap();
    assert_eq!(item["total"], 15);
    assert_eq!(item["note"], "rush");
    assert_eq!(item["tags"], json!(["gift"]));

    let mut batch = cosmos_core::TransactionalBatch::new();
    batch
        .create(&order("o2", "alice", 2.0))
        .read("o1")
        .upsert(&order("o3", "alice", 3.0))
        .delete("o1");
    let done = orders.execute_batch("alice", &batch).await.unwrap();
    let results = done.value();
    assert!(results.is_success(), "{results:?}");
    let statuses: Vec<u16> = results.results().iter().map(|r| r.status_code).collect();
    assert_eq!(statuses, [201, 200, 201, 204]);
    let read: Value = results.results()[1].resource().unwrap().unwrap();
    assert_eq!(read["total"], 15);
    let o2 = orders.read_item::<Order>("o2", "alice").await.unwrap();
    assert_eq!(o2.value().total, 2.0);

    // A failing operation fails the batch; the ones after it are not run (424).
    let mut failing = cosmos_core::TransactionalBatch::new();
    failing.create(&order("o2", "alice", 9.0)).read("o3");
    let failed = orders.execute_batch("alice", &failing).await.unwrap();
    let results = failed.value();
    assert!(!results.is_success());
    let (index, failure) = results.first_failure().unwrap();
    assert_eq!((index, failure.status_code), (0, 409));
    assert_eq!(results.results()[1].status_code, 424);
}

#[tokio::test]
async fn user_defined_functions() {
    use cosmos_core::resources::UserDefinedFunctionProperties as Udf;
    let server = server!();
    let client = server.client();
    let orders = setup(&client, "shop", "orders").await;
    orders
        .create_item("alice", &order("1", "alice", 10.0))
        .await
        .unwrap();
    let scripts = orders.scripts();
    let created = scripts
        .create_user_defined_function(&Udf::new("double", "function (x) { return x * 2; }"))
        .await
        .unwrap();
    assert_eq!(created.status(), 201);
    assert!(scripts
        .create_user_defined_function(&Udf::new("double", "function (x) { return x; }"))
        .await
        .unwrap_err()
        .is_conflict());
    let read = scripts.read_user_defined_function("double").await.unwrap();
    assert!(read.value().body.contains("x * 2"));
    scripts
        .replace_user_defined_function(&Udf::new("double", "function (x) { return x * 3; }"))
        .await
        .unwrap();
    let listed: Vec<Udf> = scripts
        .list_user_defined_functions()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(listed.len(), 1);
    assert!(listed[0].body.contains("x * 3"));
    assert_eq!(
        scripts
            .delete_user_defined_function("double")
            .await
            .unwrap()
            .status(),
        204
    );
    assert!(scripts
        .list_user_defined_functions()
        .try_collect::<Vec<_>>()
        .await
        .unwrap()
        .is_empty());
}
