//! Server-level behaviour over real HTTP: the account, databases, containers, partition key
//! ranges, auth, errors for unknown routes, TLS and shutdown.

mod common;

use common::Client;
use cosmos_emulator::Emulator;
use cosmos_protocol::auth::ResourceLink;
use reqwest::{Method, StatusCode};
use serde_json::json;
use std::time::{Duration, SystemTime};

#[tokio::test]
async fn account_advertises_its_endpoint() {
    let emulator = Emulator::start().await.unwrap();
    assert!(emulator.endpoint().starts_with("http://127.0.0.1:"));
    assert_eq!(
        emulator.connection_string(),
        format!(
            "AccountEndpoint={};AccountKey={};",
            emulator.endpoint(),
            emulator.key()
        )
    );
    let client = Client::new(emulator.endpoint(), emulator.key());
    let account = client
        .get(
            "/",
            &[("x-ms-activity-id", "11111111-2222-3333-4444-555555555555")],
        )
        .await;
    assert_eq!(account.status, StatusCode::OK);
    assert_eq!(
        account.header("x-ms-activity-id"),
        Some("11111111-2222-3333-4444-555555555555")
    );
    let body = account.json();
    assert_eq!(
        body["writableLocations"][0]["databaseAccountEndpoint"],
        emulator.endpoint()
    );
    assert_eq!(
        body["readableLocations"][0]["databaseAccountEndpoint"],
        emulator.endpoint()
    );
    assert_eq!(body["enableMultipleWriteLocations"], false);
    assert_eq!(
        body["userConsistencyPolicy"]["defaultConsistencyLevel"],
        "Session"
    );
    assert!(body["queryEngineConfiguration"].is_string());
    emulator.shutdown().await;
}

#[tokio::test]
async fn databases_and_containers_lifecycle() {
    let emulator = Emulator::start().await.unwrap();
    let client = Client::new(emulator.endpoint(), emulator.key());
    let db = client
        .post(
            "/dbs",
            &[("x-ms-offer-throughput", "400")],
            &json!({"id": "d"}),
        )
        .await;
    assert_eq!(db.status, StatusCode::CREATED);
    let db_rid = db.json()["_rid"].as_str().unwrap().to_owned();
    assert_eq!(cosmos_protocol::rid::decode(&db_rid).unwrap().len(), 4);
    let bad_offer = client
        .post(
            "/dbs",
            &[("x-ms-offer-throughput", "10")],
            &json!({"id": "e"}),
        )
        .await;
    assert_eq!(bad_offer.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        client.post("/dbs", &[], &json!({"id": "d"})).await.status,
        StatusCode::CONFLICT
    );
    let list = client.get("/dbs/", &[]).await;
    assert_eq!(list.json()["_count"], 1);
    assert_eq!(list.header("x-ms-item-count"), Some("1"));

    // A container without a version stays V1 (no version echoed); unique keys and TTL kept.
    let v1 = client
        .post(
            "/dbs/d/colls",
            &[],
            &json!({"id": "v1", "partitionKey": {"paths": ["/pk"], "kind": "Hash"}, "defaultTtl": 60,
                    "uniqueKeyPolicy": {"uniqueKeys": [{"paths": ["/email"]}]}}),
        )
        .await;
    assert_eq!(v1.status, StatusCode::CREATED);
    let body = v1.json();
    assert_eq!(
        body["partitionKey"],
        json!({"paths": ["/pk"], "kind": "Hash"})
    );
    assert_eq!(body["defaultTtl"], 60);
    assert_eq!(
        body["uniqueKeyPolicy"]["uniqueKeys"][0]["paths"][0],
        "/email"
    );
    assert_eq!(body["indexingPolicy"]["automatic"], true);
    assert_eq!(
        cosmos_protocol::rid::decode(body["_rid"].as_str().unwrap())
            .unwrap()
            .len(),
        8
    );

    let read = client.get("/dbs/d/colls/v1", &[]).await;
    assert_eq!(read.status, StatusCode::OK);
    assert!(read
        .header("x-ms-resource-quota")
        .unwrap()
        .contains("documentSize="));
    assert!(read
        .header("x-ms-resource-usage")
        .unwrap()
        .contains("documentsCount=0"));
    // Reading by RIDs works too.
    let coll_rid = body["_rid"].as_str().unwrap();
    let by_rid_path = format!("/dbs/{db_rid}/colls/{coll_rid}");
    let by_rid = client
        .send_signed(
            Method::GET,
            &by_rid_path,
            &ResourceLink::from_path(&by_rid_path).rid_form(),
            SystemTime::now(),
            &[],
            None,
        )
        .await;
    assert_eq!(by_rid.status, StatusCode::OK);

    let multi = client
        .post(
            "/dbs/d/colls/",
            &[],
            &json!({"id": "h", "partitionKey": {"paths": ["/a", "/b", "/c"], "kind": "MultiHash", "version": 2}}),
        )
        .await;
    assert_eq!(multi.status, StatusCode::CREATED);
    let too_deep = client
        .post(
            "/dbs/d/colls",
            &[],
            &json!({"id": "x", "partitionKey": {"paths": ["/a", "/b", "/c", "/d"], "kind": "MultiHash", "version": 2}}),
        )
        .await;
    assert_eq!(too_deep.status, StatusCode::BAD_REQUEST);

    let mut replaced = body.clone();
    replaced["defaultTtl"] = json!(120);
    let put = client.put("/dbs/d/colls/v1", &[], &replaced).await;
    assert_eq!(put.status, StatusCode::OK);
    assert_eq!(put.json()["defaultTtl"], 120);
    assert_eq!(put.json()["_rid"], body["_rid"]);
    let mut repartitioned = replaced.clone();
    repartitioned["partitionKey"] = json!({"paths": ["/other"], "kind": "Hash"});
    assert_eq!(
        client
            .put("/dbs/d/colls/v1", &[], &repartitioned)
            .await
            .status,
        StatusCode::BAD_REQUEST
    );

    let colls = client.get("/dbs/d/colls", &[]).await.json();
    assert_eq!(colls["_count"], 2);
    assert_eq!(
        client.delete("/dbs/d/colls/v1", &[]).await.status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        client.get("/dbs/d/colls/v1", &[]).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        client.delete("/dbs/d/", &[]).await.status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        client.get("/dbs/d/colls/h/docs", &[]).await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn pkranges_answer_304_to_their_etag() {
    let emulator = Emulator::builder().partitions(4).start().await.unwrap();
    let client = Client::new(emulator.endpoint(), emulator.key());
    client.setup("db", "c").await;
    let first = client
        .get("/dbs/db/colls/c/pkranges/", &[("a-im", "Incremental Feed")])
        .await;
    assert_eq!(first.status, StatusCode::OK);
    let etag = first.header("etag").unwrap().to_owned();
    let body = first.json();
    let ranges = body["PartitionKeyRanges"].as_array().unwrap();
    assert_eq!(ranges.len(), 4);
    assert_eq!(ranges[0]["minInclusive"], "");
    assert_eq!(ranges[3]["maxExclusive"], "FF");
    for pair in ranges.windows(2) {
        assert_eq!(pair[0]["maxExclusive"], pair[1]["minInclusive"]);
    }
    let again = client
        .get(
            "/dbs/db/colls/c/pkranges/",
            &[("a-im", "Incremental Feed"), ("if-none-match", &etag)],
        )
        .await;
    assert_eq!(again.status, StatusCode::NOT_MODIFIED);
    assert_eq!(again.header("etag"), Some(etag.as_str()));
}

#[tokio::test]
async fn auth_is_enforced() {
    let emulator = Emulator::start().await.unwrap();
    let wrong = Client::new(emulator.endpoint(), &"A".repeat(88));
    let r = wrong.get("/dbs", &[]).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert_eq!(r.json()["code"], "Unauthorized");

    let http = reqwest::Client::new();
    let anonymous = http
        .get(format!("{}dbs", emulator.endpoint()))
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);

    let client = Client::new(emulator.endpoint(), emulator.key());
    let stale = client
        .send_signed(
            Method::GET,
            "/dbs",
            &ResourceLink::from_path("/dbs"),
            SystemTime::now() - Duration::from_secs(20 * 60),
            &[],
            None,
        )
        .await;
    assert_eq!(stale.status, StatusCode::UNAUTHORIZED);
    // A signature over another resource does not authorize this one.
    let misdirected = client
        .send_signed(
            Method::GET,
            "/dbs/a",
            &ResourceLink::from_path("/dbs/b"),
            SystemTime::now(),
            &[],
            None,
        )
        .await;
    assert_eq!(misdirected.status, StatusCode::UNAUTHORIZED);

    let custom = Emulator::builder().key("c2VjcmV0").start().await.unwrap();
    assert_eq!(
        Client::new(custom.endpoint(), "c2VjcmV0")
            .get("/", &[])
            .await
            .status,
        StatusCode::OK
    );
    assert!(Emulator::builder()
        .key("not base64!")
        .start()
        .await
        .is_err());
    assert!(Emulator::builder().partitions(0).start().await.is_err());
}

#[tokio::test]
async fn unknown_routes_and_methods_get_cosmos_errors() {
    let emulator = Emulator::start().await.unwrap();
    let client = Client::new(emulator.endpoint(), emulator.key());
    let unknown = client.get("/dbs/d/users/u", &[]).await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    assert_eq!(unknown.json()["code"], "NotFound");
    let patch = client.send(Method::PATCH, "/dbs", &[], None).await;
    assert_eq!(patch.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(patch.json()["code"], "MethodNotAllowed");
    let missing_db = client.get("/dbs/nope/colls/c/docs", &[]).await;
    assert_eq!(missing_db.status, StatusCode::NOT_FOUND);
    let bad_json = client
        .send_raw(Method::POST, "/dbs", &[], Some(b"nope".to_vec()))
        .await;
    assert_eq!(bad_json.status, StatusCode::BAD_REQUEST);
    // A request may not ask for more consistency than the account's Session.
    let strong = client
        .get("/dbs", &[("x-ms-consistency-level", "Strong")])
        .await;
    assert_eq!(strong.status, StatusCode::BAD_REQUEST);
    let eventual = client
        .get("/dbs", &[("x-ms-consistency-level", "Eventual")])
        .await;
    assert_eq!(eventual.status, StatusCode::OK);
    client.setup("db", "c").await;
    let conflicts = client.get("/dbs/db/colls/c/conflicts", &[]).await;
    assert_eq!(conflicts.status, StatusCode::OK);
    assert_eq!(conflicts.json()["Conflicts"], json!([]));
}

#[tokio::test]
async fn tls_serves_https_with_a_self_signed_certificate() {
    let emulator = Emulator::builder().tls(true).start().await.unwrap();
    assert!(emulator.endpoint().starts_with("https://127.0.0.1:"));
    let pem = emulator.certificate_pem().expect("a certificate");
    let http = reqwest::Client::builder()
        .add_root_certificate(reqwest::Certificate::from_pem(pem.as_bytes()).unwrap())
        .build()
        .unwrap();
    let client = Client::with_http(emulator.endpoint(), emulator.key(), http);
    let account = client.get("/", &[]).await;
    assert_eq!(account.status, StatusCode::OK);
    assert_eq!(
        account.json()["writableLocations"][0]["databaseAccountEndpoint"],
        emulator.endpoint()
    );
    emulator.shutdown().await;
}

#[tokio::test]
async fn shutdown_and_drop_stop_the_server() {
    let emulator = Emulator::start().await.unwrap();
    let endpoint = emulator.endpoint().to_owned();
    emulator.shutdown().await;
    assert!(reqwest::get(&endpoint).await.is_err());

    let dropped = Emulator::start().await.unwrap();
    let endpoint = dropped.endpoint().to_owned();
    drop(dropped);
    let mut refused = false;
    for _ in 0..50 {
        if reqwest::get(&endpoint).await.is_err() {
            refused = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(
        refused,
        "the server kept running after the handle was dropped"
    );
}

#[tokio::test]
async fn offers_follow_their_databases_and_containers() {
    let emulator = Emulator::start().await.unwrap();
    let client = Client::new(emulator.endpoint(), emulator.key());
    let shared = client
        .post(
            "/dbs",
            &[("x-ms-offer-throughput", "800")],
            &json!({"id": "shared"}),
        )
        .await
        .json();
    client.post("/dbs", &[], &json!({"id": "plain"})).await;
    let pk = json!({"paths": ["/pk"], "kind": "Hash", "version": 2});
    // In a database with shared throughput a container has no offer unless it asks.
    client
        .post(
            "/dbs/shared/colls",
            &[],
            &json!({"id": "a", "partitionKey": pk}),
        )
        .await;
    let auto = client
        .post(
            "/dbs/shared/colls",
            &[(
                "x-ms-cosmos-offer-autopilot-settings",
                "{\"maxThroughput\": 4000}",
            )],
            &json!({"id": "b", "partitionKey": pk}),
        )
        .await
        .json();
    // Elsewhere it gets the default 400 RU/s.
    let plain = client
        .post(
            "/dbs/plain/colls",
            &[],
            &json!({"id": "c", "partitionKey": pk}),
        )
        .await
        .json();
    let offers = client.get("/offers", &[]).await.json();
    assert_eq!(offers["_count"], 3);

    let find = |link: String| {
        let client = &client;
        async move {
            let r = client
                .post(
                    "/offers",
                    &[
                        ("x-ms-documentdb-isquery", "True"),
                        ("content-type", "application/query+json"),
                    ],
                    &json!({"query": "SELECT * FROM root r WHERE r.resource = @link",
                            "parameters": [{"name": "@link", "value": link}]}),
                )
                .await;
            assert_eq!(r.status, StatusCode::OK);
            r.json()["Offers"].as_array().unwrap().clone()
        }
    };
    let db_offer = find(shared["_self"].as_str().unwrap().to_owned()).await;
    assert_eq!(db_offer[0]["content"]["offerThroughput"], 800);
    let auto_offer = find(auto["_self"].as_str().unwrap().to_owned()).await;
    assert_eq!(
        auto_offer[0]["content"]["offerAutopilotSettings"]["maxThroughput"],
        4000
    );
    let plain_offer = find(plain["_self"].as_str().unwrap().to_owned()).await;
    assert_eq!(plain_offer[0]["content"]["offerThroughput"], 400);
    assert!(find("dbs/none/".into()).await.is_empty());

    // Offers are addressed by RID: signed over the lowercased RID.
    let rid = plain_offer[0]["_rid"].as_str().unwrap().to_owned();
    let path = format!("/offers/{rid}");
    let link = ResourceLink::from_path(&path).rid_form();
    let mut replaced = plain_offer[0].clone();
    replaced["content"]["offerThroughput"] = json!(1200);
    let put = client
        .send_signed(
            Method::PUT,
            &path,
            &link,
            SystemTime::now(),
            &[],
            Some(replaced.to_string().into_bytes()),
        )
        .await;
    assert_eq!(put.status, StatusCode::OK, "{:?}", put.json());
    assert_eq!(put.json()["content"]["offerThroughput"], 1200);
    replaced["content"]["offerThroughput"] = json!(50);
    let bad = client
        .send_signed(
            Method::PUT,
            &path,
            &link,
            SystemTime::now(),
            &[],
            Some(replaced.to_string().into_bytes()),
        )
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);

    client.delete("/dbs/shared", &[]).await;
    assert_eq!(client.get("/offers", &[]).await.json()["_count"], 1);
}
