//! Concurrent writers over real HTTP: every acknowledged write is kept, ids stay unique per
//! logical partition under races, and LSNs count every write.

mod common;

use common::Client;
use cosmos_emulator::Emulator;
use reqwest::StatusCode;
use serde_json::json;
use std::sync::Arc;
use std::time::Instant;

const DOCS: &str = "/dbs/db/colls/c/docs";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_writers_lose_nothing() {
    let emulator = Emulator::builder().partitions(3).start().await.unwrap();
    let client = Arc::new(Client::new(emulator.endpoint(), emulator.key()));
    client.setup("db", "c").await;
    let started = Instant::now();
    let writers: Vec<_> = (0..8)
        .map(|w| {
            let client = client.clone();
            tokio::spawn(async move {
                let mut created = 0;
                for i in 0..50 {
                    let doc = json!({"id": format!("w{w}-{i}"), "pk": format!("k{}", i % 7)});
                    if client.post(DOCS, &[], &doc).await.status == StatusCode::CREATED {
                        created += 1;
                    }
                    // Every writer also races on the same id in the same logical partition.
                    let race = json!({"id": format!("race-{i}"), "pk": "shared"});
                    let status = client.post(DOCS, &[], &race).await.status;
                    assert!(status == StatusCode::CREATED || status == StatusCode::CONFLICT);
                }
                created
            })
        })
        .collect();
    let mut created = 0;
    for writer in writers {
        created += writer.await.unwrap();
    }
    let elapsed = started.elapsed();
    println!("800 concurrent writes in {elapsed:?}");
    assert_eq!(created, 400);

    let mut total = 0;
    let mut continuation: Option<String> = None;
    loop {
        let mut headers = vec![("x-ms-max-item-count", "1000")];
        if let Some(c) = &continuation {
            headers.push(("x-ms-continuation", c));
        }
        let page = client.get(DOCS, &headers).await;
        total += page.json()["_count"].as_u64().unwrap();
        match page.header("x-ms-continuation") {
            Some(c) => continuation = Some(c.to_owned()),
            None => break,
        }
    }
    // 400 distinct items plus exactly one winner per raced id.
    assert_eq!(total, 450);
    // LSNs advance once per committed write: 450 in all.
    let feed = client.get(DOCS, &[("x-ms-max-item-count", "1000")]).await;
    let lsns: u64 = feed
        .header("x-ms-session-token")
        .unwrap()
        .split(',')
        .map(|t| t.rsplit('#').next().unwrap().parse::<u64>().unwrap())
        .sum();
    assert_eq!(lsns, 450);
}
