//! Items: CRUD, conditions, partition keys, patch and batch.

use super::*;

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
