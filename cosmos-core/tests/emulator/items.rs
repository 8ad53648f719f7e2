//! Point operations on items: CRUD, conditions, error statuses, partition keys, sessions.

use super::*;

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
async fn consistency_levels_and_gone_ranges() {
    let (emulator, client) = emulator().await;
    let orders = orders(&client).await;
    orders
        .create_item("alice", &order("1", "alice", 1.0))
        .await
        .unwrap();
    // Relaxing the account's Session consistency is allowed, per client or per request.
    let eventual = CosmosClient::from_connection_string_with_options(
        &emulator.connection_string(),
        ClientOptions::default().with_consistency_level(cosmos_core::ConsistencyLevel::Eventual),
    )
    .unwrap();
    let read = eventual
        .database("shop")
        .container("orders")
        .read_item::<Order>("1", "alice")
        .await
        .unwrap();
    assert_eq!(read.value().id, "1");
    // Strengthening it is a 400.
    let err = orders
        .read_item::<Order>("1", "alice")
        .consistency_level(cosmos_core::ConsistencyLevel::Strong)
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(400), "{err:?}");

    // A partition key range that does not exist is 410/1002, not retried.
    let err = orders
        .read_all_items::<Order>()
        .partition_key_range_id("99")
        .try_collect::<Vec<_>>()
        .await
        .unwrap_err();
    assert_eq!(
        (err.status(), err.sub_status()),
        (Some(410), Some(1002)),
        "{err:?}"
    );
}
