//! The request pipeline over real HTTP against a scripted loopback server: retries (429,
//! transient failures, session lag), session-token tracking, request signing for every
//! credential kind, paging, and tolerance of malformed responses.

mod common;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use common::stub::{Scripted, Stub};
use cosmos_core::{
    AccessToken, ClientOptions, ConsistencyLevel, CosmosClient, Credential, CredentialError,
    ErrorKind, PartitionKey, PartitionKeyValue, ResourceTokens, RetryOptions, TokenCredential,
};
use cosmos_protocol::auth::{AuthorizationHeader, MasterKey, ResourceLink};
use futures::future::BoxFuture;
use futures::{StreamExt, TryStreamExt};
use serde_json::{json, Value};

const DOC: &str = r#"{"id":"x","pk":"a","_etag":"\"1\"","_ts":1}"#;

fn fast_retries() -> ClientOptions {
    ClientOptions::default().with_retry(
        RetryOptions::default()
            .with_transient_backoff(Duration::from_millis(5))
            .with_max_throttle_retries(3),
    )
}

fn throttled(ms: u32) -> Scripted {
    Scripted::new(
        429,
        r#"{"code":"TooManyRequests","message":"Request rate is large"}"#,
    )
    .header("x-ms-retry-after-ms", ms.to_string())
    .header("x-ms-substatus", "3200")
    .header("x-ms-request-charge", "0.5")
}

#[tokio::test]
async fn throttled_requests_wait_and_retry() {
    let stub = Stub::start().await;
    stub.push(throttled(30))
        .push(throttled(30))
        .push(Scripted::new(200, DOC).header("x-ms-request-charge", "1.25"));
    let container = stub.client(fast_retries()).database("d").container("c");
    let started = std::time::Instant::now();
    let read = container.read_item::<Value>("x", "a").await.unwrap();
    assert!(started.elapsed() >= Duration::from_millis(60));
    assert_eq!(read.status(), 200);
    assert_eq!(read.request_charge(), 1.25);
    let diag = read.diagnostics();
    assert_eq!(diag.retry_count, 2);
    assert_eq!(diag.attempt_statuses, [Some(429), Some(429), Some(200)]);
    assert_eq!(diag.throttle_wait, Duration::from_millis(60));
    assert_eq!(diag.total_request_charge, 2.25);
    assert!(diag.elapsed >= Duration::from_millis(60));
    // Each attempt is freshly signed: three requests reached the server.
    assert_eq!(stub.received().len(), 3);
}

#[tokio::test]
async fn throttling_gives_up_after_the_configured_retries() {
    let stub = Stub::start().await;
    for _ in 0..10 {
        stub.push(throttled(1));
    }
    let container = stub.client(fast_retries()).database("d").container("c");
    let err = container
        .create_item("a", &json!({"id": "x", "pk": "a"}))
        .await
        .unwrap_err();
    assert!(err.is_throttled());
    assert_eq!(err.sub_status(), Some(3200));
    assert_eq!(err.retry_after(), Some(Duration::from_millis(1)));
    assert_eq!(err.request_charge(), Some(0.5));
    assert_eq!(err.message(), "Request rate is large");
    // The first attempt plus three retries.
    assert_eq!(stub.received().len(), 4);

    // With a total-wait budget smaller than the hint, nothing is retried.
    let stub = Stub::start().await;
    stub.push(throttled(500)).push(Scripted::new(200, DOC));
    let options = ClientOptions::default()
        .with_retry(RetryOptions::default().with_max_throttle_wait(Duration::from_millis(100)));
    let container = stub.client(options).database("d").container("c");
    assert!(container
        .read_item::<Value>("x", "a")
        .await
        .unwrap_err()
        .is_throttled());
    assert_eq!(stub.received().len(), 1);
}

#[tokio::test]
async fn transient_failures_retry_reads_but_not_writes() {
    let stub = Stub::start().await;
    stub.push(Scripted::new(503, "Service Unavailable"))
        .push(Scripted::new(408, ""))
        .push(Scripted::new(200, DOC));
    let container = stub.client(fast_retries()).database("d").container("c");
    let read = container.read_item::<Value>("x", "a").await.unwrap();
    assert_eq!(read.diagnostics().retry_count, 2);

    let stub = Stub::start().await;
    stub.push(Scripted::new(503, ""))
        .push(Scripted::new(201, DOC));
    let container = stub.client(fast_retries()).database("d").container("c");
    let err = container
        .create_item("a", &json!({"id": "x"}))
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(503));
    assert_eq!(err.message(), "Service Unavailable");
    assert_eq!(stub.received().len(), 1);

    // Opting in retries writes too.
    let stub = Stub::start().await;
    stub.push(Scripted::new(503, ""))
        .push(Scripted::new(201, DOC));
    let options = ClientOptions::default().with_retry(
        RetryOptions::default()
            .with_retry_writes(true)
            .with_transient_backoff(Duration::from_millis(1)),
    );
    let container = stub.client(options).database("d").container("c");
    let created = container
        .create_item("a", &json!({"id": "x"}))
        .await
        .unwrap();
    assert_eq!(created.status(), 201);
}

#[tokio::test]
async fn session_not_available_is_retried_once() {
    let stub = Stub::start().await;
    let lagging = || {
        Scripted::new(404, r#"{"code":"NotFound","message":"lag"}"#)
            .header("x-ms-substatus", "1002")
    };
    stub.push(lagging()).push(Scripted::new(200, DOC));
    let container = stub.client(fast_retries()).database("d").container("c");
    assert!(container.read_item::<Value>("x", "a").await.is_ok());

    stub.push(lagging())
        .push(lagging())
        .push(Scripted::new(200, DOC));
    let err = container.read_item::<Value>("x", "a").await.unwrap_err();
    assert!(err.is_not_found());
    assert_eq!(err.sub_status(), Some(1002));
}

#[tokio::test]
async fn connection_refused_is_a_transport_error() {
    // Bind then drop a listener to get a port nothing listens on.
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let client = CosmosClient::new(
        &format!("http://127.0.0.1:{port}/"),
        Credential::master_key(common::cosmos_protocol_key()).unwrap(),
        fast_retries(),
    )
    .unwrap();
    let err = client.database("d").read().await.unwrap_err();
    assert!(err.is_transport(), "{err:?}");
    assert!(matches!(
        err.kind(),
        ErrorKind::Transport {
            is_connect: true,
            ..
        }
    ));
    assert_eq!(err.status(), None);
}

#[tokio::test]
async fn requests_are_signed_and_carry_protocol_headers() {
    let stub = Stub::start().await;
    stub.push(Scripted::new(201, DOC));
    let options = fast_retries().with_consistency_level(ConsistencyLevel::Eventual);
    let container = stub.client(options).database("My Db").container("c");
    container
        .create_item(PartitionKey::hierarchical(["t", "ü"]), &json!({"id": "x"}))
        .minimal_response()
        .await
        .unwrap();
    let req = &stub.received()[0];
    assert_eq!(req.method, "POST");
    assert_eq!(req.path, "/dbs/My%20Db/colls/c/docs");
    assert_eq!(req.header("x-ms-version"), Some("2020-07-15"));
    assert_eq!(req.header("x-ms-consistency-level"), Some("Eventual"));
    assert_eq!(req.header("prefer"), Some("return=minimal"));
    assert_eq!(
        req.header("x-ms-documentdb-partitionkey"),
        Some(r#"["t","\u00fc"]"#)
    );
    assert_eq!(req.header("content-type"), Some("application/json"));
    assert_eq!(
        serde_json::from_slice::<Value>(&req.body).unwrap(),
        json!({"id": "x"})
    );
    // The server can verify the signature with the key: (POST, docs, dbs/My Db/colls/c).
    let date = req.header("x-ms-date").unwrap();
    let auth = AuthorizationHeader::parse(req.header("authorization").unwrap()).unwrap();
    let key = MasterKey::from_base64(common::cosmos_protocol_key()).unwrap();
    let link = ResourceLink::from_path(&req.path);
    assert_eq!(link.link, "dbs/My Db/colls/c");
    assert!(key.verify("POST", &link, date, &auth.signature));
}

#[tokio::test]
async fn partition_key_header_forms() {
    let stub = Stub::start().await;
    let container = stub.client(fast_retries()).database("d").container("c");
    let keys: Vec<(PartitionKey, &str)> = vec![
        ("s".into(), r#"["s"]"#),
        (5.into(), "[5]"),
        (2.5.into(), "[2.5]"),
        (false.into(), "[false]"),
        (PartitionKeyValue::Null.into(), "[null]"),
        (PartitionKey::undefined(), "[{}]"),
        (PartitionKey::NONE, "[]"),
        (PartitionKey::hierarchical(["a", "b"]), r#"["a","b"]"#),
    ];
    for (key, expected) in keys {
        stub.push(Scripted::new(200, DOC));
        container.read_item::<Value>("x", key).await.unwrap();
        let last = stub.received().pop().unwrap();
        assert_eq!(last.header("x-ms-documentdb-partitionkey"), Some(expected));
    }
}

#[tokio::test]
async fn session_tokens_are_tracked_per_container_and_sent_on_reads() {
    let stub = Stub::start().await;
    let client = stub.client(fast_retries());
    let a = client.database("d").container("a");
    let b = client.database("d").container("b");
    stub.push(Scripted::new(201, DOC).header("x-ms-session-token", "0:-1#5"))
        .push(Scripted::new(201, DOC).header("x-ms-session-token", "1:-1#2"))
        .push(Scripted::new(200, DOC))
        .push(Scripted::new(200, DOC))
        .push(Scripted::new(201, DOC).header("x-ms-session-token", "0:-1#4"))
        .push(Scripted::new(200, DOC))
        .push(Scripted::new(200, r#"{"Documents":[]}"#))
        .push(Scripted::new(200, DOC));
    a.create_item("p", &json!({"id": "1"})).await.unwrap();
    a.upsert_item("p", &json!({"id": "2"})).await.unwrap();
    a.read_item::<Value>("1", "p").await.unwrap();
    b.read_item::<Value>("1", "p").await.unwrap();
    // An older token for range 0 does not move the session backwards.
    a.create_item("p", &json!({"id": "3"})).await.unwrap();
    a.read_item::<Value>("1", "p").await.unwrap();
    let _: Vec<Value> = a
        .query_items("SELECT * FROM c")
        .try_collect()
        .await
        .unwrap();
    a.read_item::<Value>("1", "p")
        .session_token("0:-1#99")
        .await
        .unwrap();
    let got: Vec<Option<String>> = stub
        .received()
        .iter()
        .map(|r| r.header("x-ms-session-token").map(str::to_owned))
        .collect();
    assert_eq!(
        got,
        [
            None,
            None,
            Some("0:-1#5,1:-1#2".into()),
            None,
            None,
            Some("0:-1#5,1:-1#2".into()),
            Some("0:-1#5,1:-1#2".into()),
            Some("0:-1#99".into()),
        ]
    );

    // Under an explicit non-Session level the token is not sent.
    stub.push(Scripted::new(200, DOC));
    a.read_item::<Value>("1", "p")
        .consistency_level(ConsistencyLevel::Eventual)
        .await
        .unwrap();
    assert_eq!(
        stub.received().pop().unwrap().header("x-ms-session-token"),
        None
    );

    // Deleting the container forgets its session.
    stub.push(Scripted::new(204, ""))
        .push(Scripted::new(200, DOC));
    client.database("d").delete_container("a").await.unwrap();
    a.read_item::<Value>("1", "p").await.unwrap();
    assert_eq!(
        stub.received().pop().unwrap().header("x-ms-session-token"),
        None
    );
}

#[tokio::test]
async fn malformed_responses_are_errors_not_panics() {
    let stub = Stub::start().await;
    let container = stub.client(fast_retries()).database("d").container("c");
    stub.push(Scripted::new(200, "not json"));
    let err = container.read_item::<Value>("x", "a").await.unwrap_err();
    assert!(
        matches!(err.kind(), ErrorKind::Serialization { .. }),
        "{err:?}"
    );
    stub.push(Scripted::new(200, ""));
    let err = container.read_item::<Value>("x", "a").await.unwrap_err();
    assert!(
        matches!(err.kind(), ErrorKind::Serialization { .. }),
        "{err:?}"
    );
    // A write with an empty body (as with Prefer: return=minimal) has no value.
    stub.push(Scripted::new(201, ""));
    let created = container
        .create_item("a", &json!({"id": "x"}))
        .await
        .unwrap();
    assert!(created.value().is_none());
    assert_eq!(created.request_charge(), 0.0);
    assert_eq!(created.activity_id(), None);
    // Garbage headers and an HTML error page.
    stub.push(
        Scripted::new(409, "<html>conflict</html>")
            .header("x-ms-substatus", "abc")
            .header("x-ms-request-charge", "lots"),
    );
    let err = container
        .create_item("a", &json!({"id": "x"}))
        .await
        .unwrap_err();
    assert!(err.is_conflict());
    assert_eq!(err.sub_status(), None);
    assert_eq!(err.message(), "<html>conflict</html>");
    // A feed whose body is not a feed.
    stub.push(Scripted::new(200, r#"{"unexpected": true}"#));
    let err = container
        .read_all_items::<Value>()
        .try_collect::<Vec<_>>()
        .await
        .unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Serialization { .. }));
}

#[tokio::test]
async fn pager_follows_and_resumes_continuations() {
    let stub = Stub::start().await;
    let container = stub.client(fast_retries()).database("d").container("c");
    stub.push(
        Scripted::new(200, r#"{"Documents":[{"n":1},{"n":2}],"_count":2}"#)
            .header("x-ms-continuation", "t1")
            .header("x-ms-request-charge", "2"),
    )
    .push(Scripted::new(200, r#"{"Documents":[],"_count":0}"#).header("x-ms-continuation", "t2"))
    .push(Scripted::new(200, r#"{"Documents":[{"n":3}],"_count":1}"#));
    let items: Vec<Value> = container
        .read_all_items()
        .max_item_count(2)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(items, [json!({"n":1}), json!({"n":2}), json!({"n":3})]);
    let sent: Vec<_> = stub
        .received()
        .iter()
        .map(|r| {
            (
                r.header("x-ms-continuation").map(str::to_owned),
                r.header("x-ms-max-item-count").map(str::to_owned),
            )
        })
        .collect();
    assert_eq!(
        sent,
        [
            (None, Some("2".into())),
            (Some("t1".into()), Some("2".into())),
            (Some("t2".into()), Some("2".into())),
        ]
    );

    // Resuming sends the saved token first; a server that echoes the token with an empty
    // page does not make the pager loop.
    stub.push(Scripted::new(200, r#"{"Documents":[]}"#).header("x-ms-continuation", "t9"));
    let mut pages = container
        .read_all_items::<Value>()
        .continuation("t9")
        .into_pages();
    let page = pages.next().await.unwrap().unwrap();
    assert!(page.items().is_empty());
    assert_eq!(page.continuation(), Some("t9"));
    assert!(pages.next().await.is_none());
    assert_eq!(
        stub.received().pop().unwrap().header("x-ms-continuation"),
        Some("t9")
    );

    // An error ends the stream after being yielded once.
    stub.push(Scripted::new(
        400,
        r#"{"code":"BadRequest","message":"bad"}"#,
    ));
    let mut items = container.read_all_items::<Value>();
    assert_eq!(items.next().await.unwrap().unwrap_err().status(), Some(400));
    assert!(items.next().await.is_none());
}

#[tokio::test]
async fn query_requests_have_the_query_shape() {
    let stub = Stub::start().await;
    let container = stub.client(fast_retries()).database("d").container("c");
    stub.push(Scripted::new(200, r#"{"Documents":[1,2]}"#));
    let values: Vec<u32> = container
        .query_items::<u32>(
            cosmos_core::Query::new("SELECT VALUE c.n FROM c WHERE c.k = @k")
                .with_parameter("k", "v"),
        )
        .try_collect()
        .await
        .unwrap();
    assert_eq!(values, [1, 2]);
    stub.push(Scripted::new(200, r#"{"Documents":[]}"#));
    let _: Vec<u32> = container
        .query_items::<u32>("SELECT VALUE 1")
        .partition_key("pk")
        .try_collect()
        .await
        .unwrap();
    let received = stub.received();
    let cross = &received[0];
    assert_eq!(cross.method, "POST");
    assert_eq!(cross.path, "/dbs/d/colls/c/docs");
    assert_eq!(cross.header("x-ms-documentdb-isquery"), Some("true"));
    assert_eq!(cross.header("content-type"), Some("application/query+json"));
    assert_eq!(
        cross.header("x-ms-documentdb-query-enablecrosspartition"),
        Some("true")
    );
    assert_eq!(
        serde_json::from_slice::<Value>(&cross.body).unwrap(),
        json!({"query": "SELECT VALUE c.n FROM c WHERE c.k = @k", "parameters": [{"name": "@k", "value": "v"}]})
    );
    let single = &received[1];
    assert_eq!(
        single.header("x-ms-documentdb-partitionkey"),
        Some(r#"["pk"]"#)
    );
    assert_eq!(
        single.header("x-ms-documentdb-query-enablecrosspartition"),
        None
    );
}

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
async fn client_is_shared_across_tasks() {
    let stub = Stub::start().await;
    for _ in 0..16 {
        stub.push(Scripted::new(200, DOC));
    }
    let client = stub.client(fast_retries());
    let tasks: Vec<_> = (0..16)
        .map(|i| {
            let container = client.database("d").container("c");
            tokio::spawn(async move {
                container
                    .read_item::<Value>(format!("x{i}"), "a")
                    .await
                    .map(|r| r.status())
            })
        })
        .collect();
    for task in tasks {
        assert_eq!(task.await.unwrap().unwrap(), 200);
    }
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

#[tokio::test]
async fn stored_procedures_and_triggers_requests() {
    use cosmos_core::resources::{
        StoredProcedureProperties, TriggerOperation, TriggerProperties, TriggerType,
    };
    let stub = Stub::start().await;
    let container = stub.client(fast_retries()).database("d").container("c");
    let scripts = container.scripts();
    stub.push(Scripted::new(201, r#"{"id":"sp","body":"function(){}"}"#))
        .push(Scripted::new(200, r#"{"sum":3}"#))
        .push(Scripted::new(200, ""))
        .push(Scripted::new(
            201,
            r#"{"id":"t","body":"function(){}","triggerType":"pre","triggerOperation":"create"}"#,
        ))
        .push(Scripted::new(201, DOC));
    scripts
        .create_stored_procedure(&StoredProcedureProperties::new("sp", "function(){}"))
        .await
        .unwrap();
    let result = scripts
        .execute_stored_procedure::<Value>("sp", "pk", &(1, 2))
        .enable_script_logging()
        .await
        .unwrap();
    assert_eq!(result.value().as_ref().unwrap()["sum"], 3);
    let nothing = scripts
        .execute_stored_procedure::<Value>("sp", "pk", &())
        .await
        .unwrap();
    assert!(nothing.value().is_none());
    let trigger = scripts
        .create_trigger(&TriggerProperties::new(
            "t",
            "function(){}",
            TriggerType::Pre,
            TriggerOperation::Create,
        ))
        .await
        .unwrap();
    assert_eq!(trigger.value().trigger_type, TriggerType::Pre);
    container
        .create_item("pk", &json!({"id": "x"}))
        .pre_trigger("t")
        .pre_trigger("t2")
        .post_trigger("after")
        .await
        .unwrap();

    let r = stub.received();
    assert_eq!(r[0].path, "/dbs/d/colls/c/sprocs");
    assert_eq!(r[1].path, "/dbs/d/colls/c/sprocs/sp");
    assert_eq!(r[1].method, "POST");
    assert_eq!(
        r[1].header("x-ms-documentdb-partitionkey"),
        Some(r#"["pk"]"#)
    );
    assert_eq!(
        r[1].header("x-ms-documentdb-script-enable-logging"),
        Some("true")
    );
    assert_eq!(
        serde_json::from_slice::<Value>(&r[1].body).unwrap(),
        json!([1, 2])
    );
    assert_eq!(
        serde_json::from_slice::<Value>(&r[2].body).unwrap(),
        json!([])
    );
    assert_eq!(r[3].path, "/dbs/d/colls/c/triggers");
    assert_eq!(
        r[4].header("x-ms-documentdb-pre-trigger-include"),
        Some("t,t2")
    );
    assert_eq!(
        r[4].header("x-ms-documentdb-post-trigger-include"),
        Some("after")
    );
}
