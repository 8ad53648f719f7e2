//! Master key, resource tokens, AAD tokens and permissions.

use super::*;

#[tokio::test]
async fn resource_tokens_are_chosen_per_request() {
    let stub = Stub::start().await;
    let tokens = ResourceTokens::new()
        .with("dbs/d/colls/c", "type=resource&ver=1.0&sig=coll")
        .with(
            "dbs/d/colls/c/docs/special",
            "type=resource&ver=1.0&sig=item",
        );
    let client = CosmosClient::new(&stub.endpoint, tokens, fast_retries()).unwrap();
    let container = client.database("d").container("c");
    stub.push(Scripted::new(200, DOC))
        .push(Scripted::new(200, DOC));
    container.read_item::<Value>("special", "a").await.unwrap();
    container.read_item::<Value>("other", "a").await.unwrap();
    let sigs: Vec<String> = stub
        .received()
        .iter()
        .map(|r| {
            AuthorizationHeader::parse(r.header("authorization").unwrap())
                .unwrap()
                .signature
        })
        .collect();
    assert_eq!(sigs, ["item", "coll"]);
    // A resource no token covers fails before sending.
    let err = client.database("other").read().await.unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::InvalidArgument { .. }));
    assert_eq!(stub.received().len(), 2);
}

#[derive(Debug, Default)]
struct FakeIdentity {
    calls: AtomicUsize,
}

impl TokenCredential for FakeIdentity {
    fn get_token<'a>(
        &'a self,
        scopes: &'a [&'a str],
    ) -> BoxFuture<'a, Result<AccessToken, CredentialError>> {
        Box::pin(async move {
            assert_eq!(scopes, ["https://127.0.0.1/.default"]);
            self.calls.fetch_add(1, Ordering::SeqCst);
            Ok(AccessToken::new(
                "eyJhbGciOi.payload.sig",
                SystemTime::now() + Duration::from_secs(3600),
            ))
        })
    }
}

#[derive(Debug)]
struct BrokenIdentity;

impl TokenCredential for BrokenIdentity {
    fn get_token<'a>(
        &'a self,
        _scopes: &'a [&'a str],
    ) -> BoxFuture<'a, Result<AccessToken, CredentialError>> {
        Box::pin(async { Err("identity provider unreachable".into()) })
    }
}

#[tokio::test]
async fn aad_tokens_are_sent_and_cached() {
    let stub = Stub::start().await;
    let identity = Arc::new(FakeIdentity::default());
    let client = CosmosClient::new(
        &stub.endpoint,
        Credential::token(identity.clone()),
        fast_retries(),
    )
    .unwrap();
    stub.push(Scripted::new(200, "{}"))
        .push(Scripted::new(200, "{}"));
    client.get_database_account().await.unwrap();
    client.get_database_account().await.unwrap();
    assert_eq!(identity.calls.load(Ordering::SeqCst), 1);
    for req in stub.received() {
        let auth = AuthorizationHeader::parse(req.header("authorization").unwrap()).unwrap();
        assert_eq!(auth.kind, cosmos_protocol::auth::AuthKind::Aad);
        assert_eq!(auth.signature, "eyJhbGciOi.payload.sig");
    }

    let broken = CosmosClient::new(
        &stub.endpoint,
        Credential::token(Arc::new(BrokenIdentity)),
        fast_retries(),
    )
    .unwrap();
    let err = broken.get_database_account().await.unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Credential { .. }));
    assert!(err.message().contains("unreachable"));
    assert_eq!(stub.received().len(), 2);
}

#[tokio::test]
async fn users_and_permissions_mint_resource_tokens() {
    let stub = Stub::start().await;
    let client = stub.client(fast_retries());
    let db = client.database("d");
    stub.push(Scripted::new(201, r#"{"id":"u","_rid":"r","_permissions":"permissions/"}"#))
        .push(Scripted::new(
            201,
            r#"{"id":"p","permissionMode":"Read","resource":"dbs/d/colls/c","_token":"type=resource&ver=1.0&sig=minted"}"#,
        ));
    let user = db.create_user("u").await.unwrap();
    assert_eq!(user.value().id, "u");
    let permission = db
        .user("u")
        .create_permission(&cosmos_core::resources::PermissionProperties::new(
            "p",
            cosmos_core::resources::PermissionMode::Read,
            "dbs/d/colls/c",
        ))
        .token_expiry(Duration::from_secs(600))
        .await
        .unwrap()
        .into_value();
    let received = stub.received();
    assert_eq!(received[0].path, "/dbs/d/users");
    assert_eq!(
        serde_json::from_slice::<Value>(&received[0].body).unwrap(),
        json!({"id": "u"})
    );
    assert_eq!(received[1].path, "/dbs/d/users/u/permissions");
    assert_eq!(
        received[1].header("x-ms-documentdb-expiry-seconds"),
        Some("600")
    );

    // The minted token authorizes a second client.
    let token = permission.token.unwrap();
    let reader = CosmosClient::new(
        &stub.endpoint,
        ResourceTokens::new().with(&permission.resource, token),
        fast_retries(),
    )
    .unwrap();
    stub.push(Scripted::new(200, DOC));
    reader
        .database("d")
        .container("c")
        .read_item::<Value>("x", "a")
        .await
        .unwrap();
    let last = stub.received().pop().unwrap();
    let auth = AuthorizationHeader::parse(last.header("authorization").unwrap()).unwrap();
    assert_eq!(auth.kind, cosmos_protocol::auth::AuthKind::Resource);
    assert_eq!(auth.signature, "minted");
}
