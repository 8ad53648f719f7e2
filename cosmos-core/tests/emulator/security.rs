//! Users, permissions and the resource tokens they mint; offers (throughput).

use super::*;
use cosmos_core::resources::{PermissionMode, PermissionProperties};
use cosmos_core::{ResourceTokens, ThroughputProperties};

#[tokio::test]
async fn resource_tokens_from_permissions_authorize_a_second_client() {
    let (emulator, client) = emulator().await;
    let orders = orders(&client).await;
    orders
        .create_item("alice", &order("1", "alice", 1.0))
        .await
        .unwrap();
    client
        .database("shop")
        .create_container(ContainerProperties::new(
            "secret",
            PartitionKeyDefinition::new("/pk"),
        ))
        .await
        .unwrap();
    let db = client.database("shop");
    let user = db.create_user("reader").await.unwrap();
    assert_eq!(user.status(), 201);
    assert!(db.create_user("reader").await.unwrap_err().is_conflict());

    let reader = db.user("reader");
    let read_only = reader
        .create_permission(&PermissionProperties::new(
            "orders-read",
            PermissionMode::Read,
            orders.link(),
        ))
        .token_expiry(std::time::Duration::from_secs(600))
        .await
        .unwrap()
        .into_value();
    let token = read_only.token.clone().expect("a minted token");
    let listed: Vec<PermissionProperties> = reader.list_permissions().try_collect().await.unwrap();
    assert_eq!(listed.len(), 1);
    // Every read of a permission mints a token too.
    assert!(reader
        .read_permission("orders-read")
        .await
        .unwrap()
        .value()
        .token
        .is_some());

    let limited = CosmosClient::new(
        emulator.endpoint(),
        ResourceTokens::new().with(orders.link(), token),
        ClientOptions::default(),
    )
    .unwrap();
    let their_orders = limited.database("shop").container("orders");
    let read = their_orders.read_item::<Order>("1", "alice").await.unwrap();
    assert_eq!(read.value().total, 1.0);
    let listed: Vec<Order> = their_orders.read_all_items().try_collect().await.unwrap();
    assert_eq!(listed.len(), 1);
    // A Read permission does not allow writes.
    let denied = their_orders
        .create_item("alice", &order("2", "alice", 2.0))
        .await
        .unwrap_err();
    assert_eq!(denied.status(), Some(403), "{denied:?}");
    // No token covers the other container: refused before sending.
    let uncovered = limited
        .database("shop")
        .container("secret")
        .read_item::<Value>("x", "y")
        .await
        .unwrap_err();
    assert!(matches!(
        uncovered.kind(),
        cosmos_core::ErrorKind::InvalidArgument { .. }
    ));
    // A forged token is rejected by the server.
    let forged = CosmosClient::new(
        emulator.endpoint(),
        ResourceTokens::new().with(orders.link(), "type=resource&ver=1.0&sig=forged"),
        ClientOptions::default().with_retry(RetryOptions::none()),
    )
    .unwrap();
    let err = forged
        .database("shop")
        .container("orders")
        .read_item::<Order>("1", "alice")
        .await
        .unwrap_err();
    assert!(err.is_unauthorized(), "{err:?}");

    assert_eq!(
        reader
            .delete_permission("orders-read")
            .await
            .unwrap()
            .status(),
        204
    );
    assert!(reader
        .read_permission("orders-read")
        .await
        .unwrap_err()
        .is_not_found());
    assert_eq!(db.delete_user("reader").await.unwrap().status(), 204);
    assert!(db.user("reader").read().await.unwrap_err().is_not_found());
}

#[tokio::test]
async fn throughput_is_read_and_replaced() {
    let (_emulator, client) = emulator().await;
    client.create_database("db").await.unwrap();
    let db = client.database("db");
    db.create_container(ContainerProperties::new(
        "c",
        PartitionKeyDefinition::new("/pk"),
    ))
    .throughput(400)
    .await
    .unwrap();
    let c = db.container("c");
    let read = c.read_throughput().await.unwrap();
    assert_eq!(
        read.value().throughput(),
        Some(ThroughputProperties::manual(400))
    );
    let replaced = c
        .replace_throughput(ThroughputProperties::manual(1000))
        .await
        .unwrap();
    assert_eq!(
        replaced.value().throughput(),
        Some(ThroughputProperties::manual(1000))
    );
    assert_eq!(
        c.read_throughput().await.unwrap().value().throughput(),
        Some(ThroughputProperties::manual(1000))
    );

    // Shared database throughput, autoscale.
    client
        .create_database("shared")
        .throughput(ThroughputProperties::autoscale(4000))
        .await
        .unwrap();
    let shared = client.database("shared");
    assert_eq!(
        shared.read_throughput().await.unwrap().value().throughput(),
        Some(ThroughputProperties::autoscale(4000))
    );
    let switched = shared
        .replace_throughput(ThroughputProperties::manual(800))
        .await
        .unwrap();
    assert_eq!(
        switched.value().throughput(),
        Some(ThroughputProperties::manual(800))
    );
}

#[derive(Debug)]
struct StaticToken;

impl cosmos_core::TokenCredential for StaticToken {
    fn get_token<'a>(
        &'a self,
        _scopes: &'a [&'a str],
    ) -> futures::future::BoxFuture<
        'a,
        Result<cosmos_core::AccessToken, cosmos_core::CredentialError>,
    > {
        Box::pin(async {
            Ok(cosmos_core::AccessToken::new(
                "eyJhbGciOiJub25lIn0.e30.",
                std::time::SystemTime::now() + std::time::Duration::from_secs(3600),
            ))
        })
    }
}

#[tokio::test]
async fn aad_tokens_reach_the_server_and_its_refusal_is_mapped() {
    let (emulator, _client) = emulator().await;
    let aad = CosmosClient::new(
        emulator.endpoint(),
        cosmos_core::Credential::token(std::sync::Arc::new(StaticToken)),
        ClientOptions::default(),
    )
    .unwrap();
    // This emulator trusts no issuer: the token parses but is refused with 401 and a message.
    let err = aad
        .list_databases()
        .try_collect::<Vec<_>>()
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(401), "{err:?}");
    assert!(err.message().contains("AAD"), "{err:?}");
}
