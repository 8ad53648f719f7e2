//! Hierarchical keys, keys inside embedded structs, per-item TTL and
//! streamed queries, against the embedded emulator.

mod common;

use cosmos_orm::prelude::*;
use futures::TryStreamExt as _;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, CosmosFields)]
struct Device {
    kind: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, CosmosDocument)]
#[serde(rename_all = "camelCase")]
struct Visit {
    id: String,
    #[cosmos(partition_key = 1)]
    tenant_id: String,
    #[cosmos(partition_key = 2)]
    user_id: u32,
    #[cosmos(partition_key(level = 3, path = "kind"))]
    device: Device,
    page: String,
    #[cosmos(ttl)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    ttl: Option<i32>,
}

fn visit(id: &str, tenant: &str, user: u32, kind: &str, page: &str) -> Visit {
    Visit {
        id: id.into(),
        tenant_id: tenant.into(),
        user_id: user,
        device: Device { kind: kind.into() },
        page: page.into(),
        ttl: Some(3600),
    }
}

#[tokio::test]
async fn hierarchical_keys_end_to_end() {
    let (_emulator, database) = common::emulator_database("orm_keys").await;
    let repo = Repository::<Visit>::in_database(&database);
    let container = repo.ensure_container().await.unwrap().value;
    assert_eq!(
        container.partition_key.paths,
        ["/tenantId", "/userId", "/device/kind"]
    );
    assert_eq!(
        container.default_ttl,
        Some(-1),
        "per-item TTL needs TTL enabled"
    );

    for (id, user, kind, page) in [
        ("v1", 1, "phone", "/home"),
        ("v2", 1, "phone", "/cart"),
        ("v3", 1, "laptop", "/home"),
        ("v4", 2, "phone", "/home"),
    ] {
        repo.create(&visit(id, "acme", user, kind, page))
            .await
            .unwrap();
    }

    let found = repo.find("v1", ("acme", 1, "phone")).await.unwrap().value;
    assert_eq!(found.map(|v| v.page).as_deref(), Some("/home"));
    assert!(repo
        .find("v1", ("acme", 2, "phone"))
        .await
        .unwrap()
        .value
        .is_none());

    let f = Visit::fields();
    let query = Query::<Visit>::in_partition(("acme", 1, "phone"))
        .filter(f.page.starts_with("/"))
        .order_by(f.page.asc())
        .build()
        .unwrap();
    let ids: Vec<String> = repo
        .stream(query)
        .map_ok(|v| v.id)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(
        ids,
        ["v2", "v1"],
        "only the phone visits of user 1, streamed"
    );

    let mut batch = Batch::<Visit>::new(("acme", 2, "phone"));
    batch
        .delete("v4")
        .create(&visit("v5", "acme", 2, "phone", "/help"));
    let items = repo.execute(&batch).await.unwrap().value;
    assert_eq!(items[0].status, 204);
    assert_eq!(
        items[1].document.as_ref().map(|v| v.page.as_str()),
        Some("/help")
    );
}
