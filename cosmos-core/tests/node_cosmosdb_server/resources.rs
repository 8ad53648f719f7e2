//! Databases, containers and user-defined functions.

use super::*;

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
