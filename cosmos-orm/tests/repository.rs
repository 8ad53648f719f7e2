//! Repository point operations over real HTTP, against the embedded emulator.

mod common;

use cosmos_orm::prelude::*;

use common::customer::{customer, Customer};

#[tokio::test]
async fn crud_with_optimistic_concurrency() {
    let (_emulator, database) = common::emulator_database("orm_crud").await;
    let repo = Repository::<Customer>::in_database(&database);
    let created = repo.ensure_container().await.unwrap();
    assert_eq!(created.value.id, "customers");

    let stored = repo
        .create(&customer("c1", "acme", "Ada", 36))
        .await
        .unwrap();
    assert!(
        stored.value.etag.is_some(),
        "the write's etag is kept in the document"
    );
    assert!(stored.request_charge >= 0.0);
    assert!(repo.create(&stored.value).await.unwrap_err().is_conflict());

    let found = repo.find("c1", "acme").await.unwrap().value.expect("found");
    assert_eq!(found.name, "Ada");
    assert_eq!(found.etag, stored.value.etag);
    assert!(repo.find("c1", "other").await.unwrap().value.is_none());
    assert!(repo.find("nope", "acme").await.unwrap().value.is_none());

    let mut renamed = found.clone();
    renamed.name = "Ada L.".into();
    let replaced = repo.replace(&renamed).await.unwrap().value;
    assert_ne!(replaced.etag, found.etag);

    // `found` still carries the old etag: replacing or deleting with it must not win.
    let mut stale = found.clone();
    stale.name = "stale".into();
    assert!(repo
        .replace(&stale)
        .await
        .unwrap_err()
        .is_precondition_failed());
    assert!(repo
        .delete(&stale)
        .await
        .unwrap_err()
        .is_precondition_failed());

    let upserted = repo
        .upsert(&customer("c2", "acme", "Bob", 20))
        .await
        .unwrap();
    assert_eq!(upserted.value.name, "Bob");

    repo.delete(&replaced).await.unwrap();
    repo.delete_by_id("c2", "acme").await.unwrap();
    assert!(repo.find("c1", "acme").await.unwrap().value.is_none());
    assert!(repo
        .delete_by_id("c2", "acme")
        .await
        .unwrap_err()
        .is_not_found());
}

#[tokio::test]
async fn ensure_container_checks_the_key_definition() {
    let (_emulator, database) = common::emulator_database("orm_mismatch").await;
    database
        .create_container_if_not_exists(cosmos_core::ContainerProperties::new(
            "customers",
            cosmos_core::PartitionKeyDefinition::new("/name"),
        ))
        .await
        .unwrap();
    let err = Repository::<Customer>::in_database(&database)
        .ensure_container()
        .await
        .unwrap_err();
    assert!(
        matches!(err, cosmos_orm::RepositoryError::ContainerMismatch { .. }),
        "{err}"
    );
}
