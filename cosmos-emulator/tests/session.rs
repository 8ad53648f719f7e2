//! Session consistency over real HTTP: a read whose session token is ahead of the partition
//! gets 404/1002, and containers get fresh RIDs in every emulator so clients (which key their
//! tokens on the container RID) drop the tokens an earlier emulator issued.

mod common;

use common::Client;
use cosmos_emulator::Emulator;
use reqwest::StatusCode;
use serde_json::json;

const DOCS: &str = "/dbs/db/colls/c/docs";
const PK: (&str, &str) = ("x-ms-documentdb-partitionkey", "[\"a\"]");
const TOKEN: &str = "x-ms-session-token";

#[tokio::test]
async fn reads_ahead_of_the_partition_are_not_available() {
    let emulator = Emulator::start().await.unwrap();
    let client = Client::new(emulator.endpoint(), emulator.key());
    client.setup("db", "c").await;
    for i in 0..3 {
        let r = client
            .post(DOCS, &[PK], &json!({"id": format!("d{i}"), "pk": "a"}))
            .await;
        assert_eq!(r.status, StatusCode::CREATED);
    }
    let r = client
        .get(&format!("{DOCS}/d0"), &[PK, (TOKEN, "0:-1#3")])
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.header(TOKEN), Some("0:-1#3"));

    let ahead = [PK, (TOKEN, "0:-1#4")];
    for r in [
        client.get(&format!("{DOCS}/d0"), &ahead).await,
        // Even for an item that does not exist: the replica cannot know yet.
        client.get(&format!("{DOCS}/nope"), &ahead).await,
        client.get(DOCS, &ahead).await,
        client
            .get(
                DOCS,
                &[
                    (TOKEN, "0:-1#4"),
                    ("a-im", "Incremental Feed"),
                    ("x-ms-documentdb-partitionkeyrangeid", "0"),
                ],
            )
            .await,
        client
            .send_raw(
                reqwest::Method::POST,
                DOCS,
                &[
                    PK,
                    (TOKEN, "0:-1#9"),
                    ("x-ms-documentdb-isquery", "True"),
                    ("content-type", "application/query+json"),
                ],
                Some(
                    json!({"query": "SELECT * FROM c", "parameters": []})
                        .to_string()
                        .into_bytes(),
                ),
            )
            .await,
    ] {
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{:?}", r.json());
        assert_eq!(r.header("x-ms-substatus"), Some("1002"));
        assert_eq!(r.json()["code"], "NotFound");
    }
    // Tokens of other ranges, and weaker consistency, are not checked.
    let r = client
        .get(&format!("{DOCS}/d0"), &[PK, (TOKEN, "7:-1#99")])
        .await;
    assert_eq!(r.status, StatusCode::OK);
    let r = client
        .get(
            &format!("{DOCS}/d0"),
            &[
                PK,
                (TOKEN, "0:-1#99"),
                ("x-ms-consistency-level", "Eventual"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    // Writes are not session-checked.
    let r = client
        .post(
            DOCS,
            &[PK, (TOKEN, "0:-1#99")],
            &json!({"id": "w", "pk": "a"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED);
}

#[tokio::test]
async fn containers_get_new_rids_in_every_emulator() {
    let mut rids = Vec::new();
    for _ in 0..3 {
        let emulator = Emulator::start().await.unwrap();
        let client = Client::new(emulator.endpoint(), emulator.key());
        client.setup("db", "c").await;
        let r = client.get("/dbs/db/colls/c", &[]).await;
        let rid = r.json()["_rid"].as_str().unwrap().to_owned();
        // Still the 8-byte shape clients decode (the JS SDK insists on it).
        assert_eq!(base64_len(&rid), 8, "{rid}");
        let written = client
            .post(DOCS, &[PK], &json!({"id": "x", "pk": "a"}))
            .await;
        assert_eq!(written.header("x-ms-content-path"), Some(rid.as_str()));
        let doc = written.json();
        let by_rid = client
            .get(
                &format!("/dbs/db/colls/{rid}/docs/{}", doc["_rid"].as_str().unwrap()),
                &[],
            )
            .await;
        assert_eq!(by_rid.status, StatusCode::OK);
        rids.push(rid);
        emulator.shutdown().await;
    }
    rids.sort();
    rids.dedup();
    assert_eq!(rids.len(), 3, "{rids:?}");
}

fn base64_len(rid: &str) -> usize {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD
        .decode(rid.replace('-', "/"))
        .map_or(0, |b| b.len())
}
