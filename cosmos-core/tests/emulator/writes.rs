//! Patch and transactional batches.

use super::*;

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
