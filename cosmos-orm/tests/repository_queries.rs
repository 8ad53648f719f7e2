//! Repository queries, patches and batches over real HTTP, against the embedded emulator.

mod common;

use cosmos_orm::prelude::*;

use common::customer::{customer, Customer};

#[tokio::test]
async fn typed_queries() {
    let (_emulator, database) = common::emulator_database("orm_query").await;
    let repo = Repository::<Customer>::in_database(&database);
    repo.ensure_container().await.unwrap();
    for (id, tenant, name, age) in [
        ("a", "acme", "Ada", 36),
        ("b", "acme", "Bob", 17),
        ("c", "acme", "Cyd", 52),
        ("d", "other", "Dee", 40),
    ] {
        repo.create(&customer(id, tenant, name, age)).await.unwrap();
    }
    let f = Customer::fields();
    let in_acme = || Query::<Customer>::in_partition("acme");

    let adults = in_acme()
        .filter(f.age.ge(18))
        .order_by(f.age.desc())
        .build()
        .unwrap();
    let names: Vec<String> = repo
        .all(adults)
        .await
        .unwrap()
        .value
        .into_iter()
        .map(|c| c.name)
        .collect();
    assert_eq!(names, ["Cyd", "Ada"], "Dee (40) lives in another partition");

    let projected = in_acme()
        .filter(f.address.city.eq("Oslo") & f.tags.array_contains("new"))
        .order_by(f.name.asc())
        .select((f.name.clone(), f.age.clone()))
        .build()
        .unwrap();
    let rows = repo.all(projected).await.unwrap().value;
    assert_eq!(
        rows,
        [
            ("Ada".to_string(), 36),
            ("Bob".to_string(), 17),
            ("Cyd".to_string(), 52)
        ]
    );

    let youngest = in_acme().order_by(f.age.asc()).first().unwrap();
    assert_eq!(repo.first(youngest).await.unwrap().value.unwrap().id, "b");

    let hostile = in_acme()
        .filter(f.name.eq("x\" OR true OR c.name = \""))
        .exists()
        .unwrap();
    assert!(
        !repo.exists(hostile).await.unwrap().value,
        "values are parameters, not SQL"
    );

    let everywhere = Query::<Customer>::cross_partition()
        .filter(f.age.gt(30) & f.name.starts_with("D"))
        .build()
        .unwrap();
    let rows = repo.all(everywhere).await.unwrap().value;
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].id, "d");

    // Cross-partition aggregates need the client-side query pipeline (400/1004
    // from the gateway otherwise), so the count runs in one partition.
    let adults = in_acme().filter(f.age.ge(18)).count().unwrap();
    assert_eq!(repo.count(adults).await.unwrap().value, 2);
}

#[tokio::test]
async fn typed_patches() {
    let (_emulator, database) = common::emulator_database("orm_patch").await;
    let repo = Repository::<Customer>::in_database(&database);
    repo.ensure_container().await.unwrap();
    let ada = repo
        .create(&customer("a", "acme", "Ada", 36))
        .await
        .unwrap()
        .value;
    let f = Customer::fields();

    let patched = repo
        .patch(
            "a",
            "acme",
            &Patch::new()
                .incr(&f.age, 1)
                .push(&f.tags, "vip")
                .set(&f.address.city, "Bergen")
                .condition(f.age.eq(36)),
        )
        .await
        .unwrap()
        .value;
    assert_eq!(patched.age, 37);
    assert_eq!(patched.tags, ["new", "vip"]);
    assert_eq!(patched.address.city, "Bergen");

    let failed = repo
        .patch(
            "a",
            "acme",
            &Patch::new().incr(&f.age, 1).condition(f.age.eq(36)),
        )
        .await
        .unwrap_err();
    assert!(failed.is_precondition_failed(), "{failed}");

    // `ada` still has the etag from before the patch.
    let stale = repo
        .patch_document(&ada, &Patch::new().set(&f.name, "x"))
        .await
        .unwrap_err();
    assert!(stale.is_precondition_failed(), "{stale}");

    let mut too_long = Patch::new();
    for _ in 0..11 {
        too_long = too_long.incr(&f.age, 1);
    }
    let err = repo.patch("a", "acme", &too_long).await.unwrap_err();
    assert!(
        matches!(err, cosmos_orm::RepositoryError::Patch(_)),
        "{err}"
    );
}

#[tokio::test]
async fn typed_batches() {
    let (_emulator, database) = common::emulator_database("orm_batch").await;
    let repo = Repository::<Customer>::in_database(&database);
    repo.ensure_container().await.unwrap();
    repo.create(&customer("a", "acme", "Ada", 36))
        .await
        .unwrap();
    let f = Customer::fields();

    let mut batch = Batch::<Customer>::new("acme");
    batch
        .create(&customer("b", "acme", "Bob", 17))
        .read("a")
        .patch("a", Patch::new().incr(&f.age, 2));
    let items = repo.execute(&batch).await.unwrap().value;
    assert_eq!(items.len(), 3);
    assert_eq!(items[0].status, 201);
    assert_eq!(
        items[1].document.as_ref().map(|c| c.name.as_str()),
        Some("Ada")
    );
    assert_eq!(items[2].document.as_ref().map(|c| c.age), Some(38));
    assert!(items[2].etag.is_some());

    let mut failing = Batch::<Customer>::new("acme");
    failing
        .create(&customer("c", "acme", "Cyd", 52))
        .create(&customer("a", "acme", "Ada", 1));
    let err = repo.execute(&failing).await.unwrap_err();
    assert!(
        matches!(
            err,
            cosmos_orm::RepositoryError::BatchFailed {
                index: 1,
                status: 409,
                ..
            }
        ),
        "{err}"
    );
    assert!(
        repo.find("c", "acme").await.unwrap().value.is_none(),
        "nothing was committed"
    );

    let mut elsewhere = Batch::<Customer>::new("acme");
    elsewhere.upsert(&customer("z", "other", "Zed", 1));
    let err = repo.execute(&elsewhere).await.unwrap_err();
    assert!(
        matches!(err, cosmos_orm::RepositoryError::Batch(_)),
        "{err}"
    );
}
