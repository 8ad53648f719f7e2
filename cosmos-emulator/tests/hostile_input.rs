//! Hostile input over real HTTP: every route, method and a set of malformed bodies and
//! headers. Nothing may answer 5xx, and every error carries a Cosmos error body.

mod common;

use common::Client;
use cosmos_emulator::Emulator;
use reqwest::Method;

const PATHS: [&str; 16] = [
    "/",
    "/dbs",
    "/dbs/db",
    "/dbs/db/colls",
    "/dbs/db/colls/c",
    "/dbs/db/colls/c/docs",
    "/dbs/db/colls/c/docs/a",
    "/dbs/db/colls/c/pkranges",
    "/dbs/db/colls/c/conflicts",
    "/dbs/db/colls/c/operations/partitionkeydelete",
    "/dbs/db/users",
    "/dbs/db/users/u/permissions/p",
    "/offers",
    "/offers/AAAA",
    "/dbs/db/colls/c/sprocs/s",
    "/dbs/%E2%9C%93/colls/%20/docs/%2541",
];

const BODIES: [&[u8]; 9] = [
    b"",
    b"{",
    b"null",
    b"[]",
    b"[{}]",
    b"{\"id\": 5}",
    b"{\"id\": \"a\", \"pk\": {\"nested\": [1, 2]}, \"ttl\": \"x\"}",
    b"{\"query\": 7, \"operations\": \"no\", \"partitionKey\": [[1]]}",
    b"\xff\xfe\x00garbage",
];

const HEADERS: [(&str, &str); 10] = [
    ("x-ms-documentdb-partitionkey", "[{\"a\":1}]"),
    ("x-ms-documentdb-partitionkey", "not json"),
    ("x-ms-max-item-count", "-7"),
    (
        "x-ms-continuation",
        "{\"token\":\"+SEQ:99999999999999999999\"}",
    ),
    ("x-ms-documentdb-isquery", "perhaps"),
    ("x-ms-cosmos-is-batch-request", "true"),
    ("x-ms-documentdb-partitionkeyrangeid", "../../0"),
    ("a-im", "Incremental Feed"),
    ("if-none-match", "\"not-a-number\""),
    ("x-ms-offer-throughput", "lots"),
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nothing_answers_5xx() {
    let emulator = Emulator::builder().partitions(2).start().await.unwrap();
    let client = Client::new(emulator.endpoint(), emulator.key());
    client.setup("db", "c").await;
    let methods = [
        Method::GET,
        Method::POST,
        Method::PUT,
        Method::PATCH,
        Method::DELETE,
    ];
    let mut requests = 0;
    for path in PATHS {
        for method in &methods {
            // Earlier DELETEs may have removed the database: recreate it so every route is
            // exercised with its owners present.
            client
                .post("/dbs", &[], &serde_json::json!({"id": "db"}))
                .await;
            client
                .post(
                    "/dbs/db/colls",
                    &[],
                    &serde_json::json!({"id": "c", "partitionKey": {"paths": ["/pk"], "kind": "Hash", "version": 2}}),
                )
                .await;
            for body in BODIES {
                for header in HEADERS {
                    let r = client
                        .send_raw(method.clone(), path, &[header], Some(body.to_vec()))
                        .await;
                    requests += 1;
                    assert!(
                        r.status.as_u16() < 500,
                        "{method} {path} {header:?} {:?} answered {}",
                        String::from_utf8_lossy(body),
                        r.status
                    );
                    if r.status.as_u16() >= 400 {
                        let error = r.json();
                        assert!(
                            error["code"].is_string() && error["message"].is_string(),
                            "{method} {path}: {error}"
                        );
                    }
                }
            }
        }
    }
    assert_eq!(requests, 16 * 5 * 9 * 10);
    // The server is still healthy afterwards.
    assert_eq!(client.get("/", &[]).await.status, reqwest::StatusCode::OK);
}
