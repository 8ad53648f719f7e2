//! Users, permissions and resource tokens over real HTTP.

mod common;

use common::Client;
use cosmos_emulator::Emulator;
use reqwest::StatusCode;
use serde_json::{json, Value};

const DOCS: &str = "/dbs/db/colls/c/docs";

/// Sends a request authorized by a resource token (sent URL-encoded, as the SDKs do).
async fn with_token(
    endpoint: &str,
    token: &str,
    method: reqwest::Method,
    path: &str,
    headers: &[(&str, &str)],
    body: Option<Value>,
) -> StatusCode {
    let encoded: String =
        percent_encoding::utf8_percent_encode(token, percent_encoding::NON_ALPHANUMERIC)
            .to_string();
    let mut request = reqwest::Client::new()
        .request(
            method,
            format!("{}{}", endpoint.trim_end_matches('/'), path),
        )
        .header("authorization", encoded)
        .header(
            "x-ms-date",
            httpdate::fmt_http_date(std::time::SystemTime::now()),
        );
    for (k, v) in headers {
        request = request.header(*k, *v);
    }
    if let Some(body) = body {
        request = request.body(body.to_string());
    }
    request.send().await.unwrap().status()
}

#[tokio::test]
async fn tokens_grant_what_their_permission_says() {
    let emulator = Emulator::start().await.unwrap();
    let client = Client::new(emulator.endpoint(), emulator.key());
    client.setup("db", "c").await;
    client.post(DOCS, &[], &json!({"id": "a", "pk": "p"})).await;
    client.post(DOCS, &[], &json!({"id": "b", "pk": "q"})).await;

    let user = client.post("/dbs/db/users", &[], &json!({"id": "u"})).await;
    assert_eq!(user.status, StatusCode::CREATED);
    assert_eq!(
        client
            .post("/dbs/db/users", &[], &json!({"id": "u"}))
            .await
            .status,
        StatusCode::CONFLICT
    );
    let read_p = client
        .post(
            "/dbs/db/users/u/permissions",
            &[],
            &json!({"id": "read-p", "permissionMode": "Read", "resource": "dbs/db/colls/c",
                    "resourcePartitionKey": ["p"]}),
        )
        .await;
    assert_eq!(read_p.status, StatusCode::CREATED);
    let read_token = read_p.json()["_token"].as_str().unwrap().to_owned();
    let all = client
        .post(
            "/dbs/db/users/u/permissions/",
            &[("x-ms-documentdb-expiry-seconds", "600")],
            &json!({"id": "all", "permissionMode": "All", "resource": "dbs/db/colls/c"}),
        )
        .await
        .json();
    let all_token = all["_token"].as_str().unwrap().to_owned();
    let endpoint = emulator.endpoint();
    let get = reqwest::Method::GET;
    let p = [("x-ms-documentdb-partitionkey", "[\"p\"]")];
    let q = [("x-ms-documentdb-partitionkey", "[\"q\"]")];

    assert_eq!(
        with_token(endpoint, &read_token, get.clone(), "/", &[], None).await,
        StatusCode::OK
    );
    assert_eq!(
        with_token(
            endpoint,
            &read_token,
            get.clone(),
            "/dbs/db/colls/c",
            &[],
            None
        )
        .await,
        StatusCode::OK
    );
    assert_eq!(
        with_token(
            endpoint,
            &read_token,
            get.clone(),
            &format!("{DOCS}/a"),
            &p,
            None
        )
        .await,
        StatusCode::OK
    );
    // Another partition key, another container, a write or the database list: forbidden.
    assert_eq!(
        with_token(
            endpoint,
            &read_token,
            get.clone(),
            &format!("{DOCS}/b"),
            &q,
            None
        )
        .await,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        with_token(endpoint, &read_token, get.clone(), "/dbs", &[], None).await,
        StatusCode::FORBIDDEN
    );
    let write = Some(json!({"id": "n", "pk": "p"}));
    assert_eq!(
        with_token(
            endpoint,
            &read_token,
            reqwest::Method::POST,
            DOCS,
            &p,
            write.clone()
        )
        .await,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        with_token(endpoint, &all_token, reqwest::Method::POST, DOCS, &p, write).await,
        StatusCode::CREATED
    );
    assert_eq!(
        with_token(
            endpoint,
            &all_token,
            get.clone(),
            "/dbs/db/users",
            &[],
            None
        )
        .await,
        StatusCode::FORBIDDEN
    );

    // Reading a permission mints a fresh token; deleting it revokes every token at once.
    let reread = client
        .get("/dbs/db/users/u/permissions/all", &[])
        .await
        .json();
    assert!(reread["_token"]
        .as_str()
        .unwrap()
        .starts_with("type=resource"));
    let listed = client.get("/dbs/db/users/u/permissions", &[]).await.json();
    assert_eq!(listed["_count"], 2);
    assert_eq!(
        client
            .delete("/dbs/db/users/u/permissions/all", &[])
            .await
            .status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        with_token(
            endpoint,
            &all_token,
            get.clone(),
            &format!("{DOCS}/a"),
            &p,
            None
        )
        .await,
        StatusCode::UNAUTHORIZED
    );
    let forged = format!("{}x", read_token);
    assert_eq!(
        with_token(endpoint, &forged, get, "/", &[], None).await,
        StatusCode::UNAUTHORIZED
    );

    let bad_expiry = client
        .post(
            "/dbs/db/users/u/permissions",
            &[("x-ms-documentdb-expiry-seconds", "99999")],
            &json!({"id": "x", "permissionMode": "All", "resource": "dbs/db"}),
        )
        .await;
    assert_eq!(bad_expiry.status, StatusCode::BAD_REQUEST);
    let bad_mode = client
        .post(
            "/dbs/db/users/u/permissions",
            &[],
            &json!({"id": "x", "permissionMode": "Write", "resource": "dbs/db"}),
        )
        .await;
    assert_eq!(bad_mode.status, StatusCode::BAD_REQUEST);
    let renamed = client
        .put("/dbs/db/users/u", &[], &json!({"id": "v"}))
        .await;
    assert_eq!(renamed.status, StatusCode::OK);
    assert_eq!(
        client.get("/dbs/db/users", &[]).await.json()["Users"][0]["id"],
        "v"
    );
    assert_eq!(
        client.delete("/dbs/db/users/v", &[]).await.status,
        StatusCode::NO_CONTENT
    );
}
