//! Document operations over real HTTP: status codes, headers and bodies as the gateway
//! returns them.

mod common;

use common::Client;
use cosmos_emulator::Emulator;
use reqwest::StatusCode;
use serde_json::json;

const DOCS: &str = "/dbs/db/colls/c/docs";

async fn started() -> (Emulator, Client) {
    let emulator = Emulator::start().await.unwrap();
    let client = Client::new(emulator.endpoint(), emulator.key());
    client.setup("db", "c").await;
    (emulator, client)
}

#[tokio::test]
async fn create_read_replace_delete_with_headers() {
    let (_emulator, client) = started().await;
    let pk = [("x-ms-documentdb-partitionkey", "[\"p\"]")];
    let created = client
        .post(
            &format!("{DOCS}/"),
            &pk,
            &json!({"id": "a", "pk": "p", "n": 1}),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED);
    let body = created.json();
    let etag = body["_etag"].as_str().unwrap().to_owned();
    assert_eq!(created.header("etag"), Some(etag.as_str()));
    assert_eq!(body["_attachments"], "attachments/");
    assert!(body["_self"].as_str().unwrap().ends_with('/'));
    assert_eq!(created.header("x-ms-session-token"), Some("0:-1#1"));
    assert_eq!(
        created.header("x-ms-documentdb-partitionkeyrangeid"),
        Some("0")
    );
    assert_eq!(
        created.header("x-ms-alt-content-path"),
        Some("dbs/db/colls/c")
    );
    assert_eq!(created.header("content-type"), Some("application/json"));
    let content_path = created.header("x-ms-content-path").unwrap();
    assert_eq!(cosmos_protocol::rid::decode(content_path).unwrap().len(), 8);
    assert!(
        created
            .header("x-ms-request-charge")
            .unwrap()
            .parse::<f64>()
            .unwrap()
            > 1.0
    );
    assert!(created.header("x-ms-activity-id").is_some());

    let read = client.get(&format!("{DOCS}/a"), &pk).await;
    assert_eq!(read.status, StatusCode::OK);
    assert_eq!(read.json()["n"], 1);
    assert_eq!(read.header("x-ms-session-token"), Some("0:-1#1"));

    let not_modified = client
        .get(&format!("{DOCS}/a/"), &[pk[0], ("if-none-match", &etag)])
        .await;
    assert_eq!(not_modified.status, StatusCode::NOT_MODIFIED);
    assert!(not_modified.body.is_empty());

    let replaced = client
        .put(
            &format!("{DOCS}/a/"),
            &[pk[0], ("if-match", &etag)],
            &json!({"id": "a", "pk": "p", "n": 2}),
        )
        .await;
    assert_eq!(replaced.status, StatusCode::OK);
    assert_eq!(replaced.header("x-ms-session-token"), Some("0:-1#2"));
    assert_eq!(replaced.json()["_rid"], body["_rid"]);
    let stale = client
        .put(
            &format!("{DOCS}/a"),
            &[pk[0], ("if-match", &etag)],
            &json!({"id": "a", "pk": "p"}),
        )
        .await;
    assert_eq!(stale.status, StatusCode::PRECONDITION_FAILED);

    let deleted = client.delete(&format!("{DOCS}/a"), &pk).await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT);
    assert!(deleted.body.is_empty());
    assert_eq!(deleted.header("x-ms-session-token"), Some("0:-1#3"));
    let gone = client.get(&format!("{DOCS}/a"), &pk).await;
    assert_eq!(gone.status, StatusCode::NOT_FOUND);
    assert_eq!(gone.json()["code"], "NotFound");
}

#[tokio::test]
async fn upsert_statuses_conflicts_and_minimal_responses() {
    let (_emulator, client) = started().await;
    let upsert = [
        ("x-ms-documentdb-partitionkey", "[5]"),
        ("x-ms-documentdb-is-upsert", "True"),
    ];
    let first = client
        .post(DOCS, &upsert, &json!({"id": "u", "pk": 5}))
        .await;
    assert_eq!(first.status, StatusCode::CREATED);
    let second = client
        .post(DOCS, &upsert, &json!({"id": "u", "pk": 5, "v": 1}))
        .await;
    assert_eq!(second.status, StatusCode::OK);
    let dup = client
        .post(DOCS, &[upsert[0]], &json!({"id": "u", "pk": 5}))
        .await;
    assert_eq!(dup.status, StatusCode::CONFLICT);
    assert_eq!(dup.json()["code"], "Conflict");
    let minimal = client
        .post(
            DOCS,
            &[("prefer", "return=minimal")],
            &json!({"id": "m", "pk": 5}),
        )
        .await;
    assert_eq!(minimal.status, StatusCode::CREATED);
    assert!(minimal.body.is_empty());
    assert!(minimal.header("etag").is_some());
}

#[tokio::test]
async fn invalid_documents_are_refused() {
    let (_emulator, client) = started().await;
    let mismatch = client
        .post(
            DOCS,
            &[("x-ms-documentdb-partitionkey", "[\"x\"]")],
            &json!({"id": "a", "pk": "y"}),
        )
        .await;
    assert_eq!(mismatch.status, StatusCode::BAD_REQUEST);
    assert_eq!(mismatch.header("x-ms-substatus"), Some("1001"));

    for (body, why) in [
        (json!({"pk": "a"}), "missing id"),
        (json!({"id": 5, "pk": "a"}), "numeric id"),
        (json!({"id": "a/b", "pk": "a"}), "slash"),
        (json!({"id": "a#b", "pk": "a"}), "hash"),
        (json!({"id": "x".repeat(1024), "pk": "a"}), "too long"),
        (json!([1, 2]), "not an object"),
    ] {
        let r = client.post(DOCS, &[], &body).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{why}");
        assert_eq!(r.json()["code"], "BadRequest", "{why}");
    }
    let malformed = client
        .send_raw(reqwest::Method::POST, DOCS, &[], Some(b"{\"id\":".to_vec()))
        .await;
    assert_eq!(malformed.status, StatusCode::BAD_REQUEST);

    let big = json!({"id": "big", "pk": "a", "blob": "x".repeat(2 * 1024 * 1024)});
    let too_large = client.post(DOCS, &[], &big).await;
    assert_eq!(too_large.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(too_large.json()["code"], "RequestEntityTooLarge");

    let bad_key = client
        .get(
            &format!("{DOCS}/a"),
            &[("x-ms-documentdb-partitionkey", "[")],
        )
        .await;
    assert_eq!(bad_key.status, StatusCode::BAD_REQUEST);
    let no_key = client.get(&format!("{DOCS}/a"), &[]).await;
    assert_eq!(no_key.status, StatusCode::BAD_REQUEST);
    let bad_flag = client
        .post(
            DOCS,
            &[("x-ms-documentdb-is-upsert", "maybe")],
            &json!({"id": "a", "pk": "a"}),
        )
        .await;
    assert_eq!(bad_flag.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn read_feed_pages_with_continuations() {
    let emulator = Emulator::builder().partitions(3).start().await.unwrap();
    let client = Client::new(emulator.endpoint(), emulator.key());
    client.setup("db", "c").await;
    for i in 0..25 {
        let pk = if i % 5 == 0 {
            "hot".to_owned()
        } else {
            format!("k{i}")
        };
        let r = client
            .post(DOCS, &[], &json!({"id": format!("d{i}"), "pk": pk}))
            .await;
        assert_eq!(r.status, StatusCode::CREATED);
    }
    let mut seen = Vec::new();
    let mut continuation: Option<String> = None;
    let mut pages = 0;
    loop {
        let mut headers = vec![("x-ms-max-item-count", "4")];
        if let Some(c) = &continuation {
            headers.push(("x-ms-continuation", c));
        }
        let page = client.get(&format!("{DOCS}/"), &headers).await;
        assert_eq!(page.status, StatusCode::OK);
        let body = page.json();
        let docs = body["Documents"].as_array().unwrap();
        assert!(docs.len() <= 4);
        assert_eq!(body["_count"], docs.len());
        assert_eq!(
            page.header("x-ms-item-count"),
            Some(docs.len().to_string().as_str())
        );
        seen.extend(docs.iter().map(|d| d["id"].as_str().unwrap().to_owned()));
        pages += 1;
        match page.header("x-ms-continuation") {
            Some(c) => continuation = Some(c.to_owned()),
            None => break,
        }
    }
    seen.sort();
    seen.dedup();
    assert_eq!(seen.len(), 25);
    assert!(pages >= 7);

    let hot = client
        .get(DOCS, &[("x-ms-documentdb-partitionkey", "[\"hot\"]")])
        .await;
    assert_eq!(hot.json()["_count"], 5);

    let by_range = client
        .get(DOCS, &[("x-ms-documentdb-partitionkeyrangeid", "2")])
        .await;
    assert_eq!(by_range.status, StatusCode::OK);
    let gone = client
        .get(DOCS, &[("x-ms-documentdb-partitionkeyrangeid", "9")])
        .await;
    assert_eq!(gone.status, StatusCode::GONE);
    assert_eq!(gone.header("x-ms-substatus"), Some("1002"));
    let bad = client.get(DOCS, &[("x-ms-continuation", "garbage")]).await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn rid_based_paths_and_session_lsns_per_partition() {
    let emulator = Emulator::builder().partitions(2).start().await.unwrap();
    let client = Client::new(emulator.endpoint(), emulator.key());
    client.setup("db", "c").await;
    let created = client
        .post(DOCS, &[], &json!({"id": "r", "pk": "p"}))
        .await
        .json();
    let self_link = created["_self"].as_str().unwrap();
    let link = cosmos_protocol::auth::ResourceLink::from_path(self_link).rid_form();
    let read = client
        .send_signed(
            reqwest::Method::GET,
            &format!("/{self_link}"),
            &link,
            std::time::SystemTime::now(),
            &[],
            None,
        )
        .await;
    assert_eq!(read.status, StatusCode::OK, "{:?}", read.json());
    assert_eq!(read.json()["id"], "r");

    // Each partition has its own LSN.
    let mut tokens = std::collections::BTreeMap::new();
    for i in 0..20 {
        let r = client
            .post(
                DOCS,
                &[],
                &json!({"id": format!("s{i}"), "pk": format!("s{i}")}),
            )
            .await;
        let token = r.header("x-ms-session-token").unwrap().to_owned();
        let (range, lsn) = token.split_once(":-1#").unwrap();
        let lsn: u64 = lsn.parse().unwrap();
        let previous = tokens.insert(range.to_owned(), lsn).unwrap_or(0);
        assert!(lsn > previous, "{token}");
    }
    assert_eq!(tokens.len(), 2);
    let feed = client.get(DOCS, &[]).await;
    let compound = feed.header("x-ms-session-token").unwrap();
    assert_eq!(compound.split(',').count(), 2, "{compound}");
}

#[tokio::test]
async fn partition_key_delete_removes_one_logical_partition() {
    let (_emulator, client) = started().await;
    for (id, pk) in [("a", "x"), ("b", "x"), ("c", "y")] {
        client.post(DOCS, &[], &json!({"id": id, "pk": pk})).await;
    }
    let deleted = client
        .send(
            reqwest::Method::POST,
            "/dbs/db/colls/c/operations/partitionkeydelete",
            &[("x-ms-documentdb-partitionkey", "[\"x\"]")],
            None,
        )
        .await;
    assert_eq!(deleted.status, StatusCode::OK);
    let feed = client.get(DOCS, &[]).await.json();
    assert_eq!(feed["_count"], 1);
    assert_eq!(feed["Documents"][0]["id"], "c");
    let no_key = client
        .send(
            reqwest::Method::POST,
            "/dbs/db/colls/c/operations/partitionkeydelete",
            &[],
            None,
        )
        .await;
    assert_eq!(no_key.status, StatusCode::BAD_REQUEST);
}
