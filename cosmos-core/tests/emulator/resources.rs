//! Account, databases, containers, authentication and TLS.

use super::*;

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
