//! Repository pages (resumable with continuation tokens) and the typed change feed, over
//! real HTTP against the embedded emulator.

mod common;

use cosmos_orm::prelude::*;
use futures::{StreamExt as _, TryStreamExt as _};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, CosmosDocument)]
struct Event {
    id: String,
    #[cosmos(partition_key)]
    stream: String,
    seq: u32,
}

fn event(stream: &str, seq: u32) -> Event {
    Event {
        id: format!("{stream}-{seq:03}"),
        stream: stream.into(),
        seq,
    }
}

#[tokio::test]
async fn pages_resume_from_their_continuation_tokens() {
    let (_emulator, db) = common::emulator_database("orm_pages").await;
    let events = Repository::<Event>::in_database(&db);
    events.ensure_container().await.unwrap();
    for seq in 0..25 {
        events.create(&event("a", seq)).await.unwrap();
    }
    events.create(&event("b", 0)).await.unwrap();

    let f = Event::fields();
    let query = || {
        Query::<Event>::in_partition("a")
            .order_by(f.seq.asc())
            .build()
            .unwrap()
    };
    // Walk the pages one request at a time, as a web API handing out tokens would.
    let mut seen = Vec::new();
    let mut token = None;
    let mut pages = 0;
    loop {
        let page = events.page(query(), 10, token.clone()).await.unwrap();
        assert!(page.items.len() <= 10);
        assert!(page.request_charge > 0.0);
        seen.extend(page.items.iter().map(|e| e.seq));
        pages += 1;
        match page.continuation {
            Some(next) => token = Some(next),
            None => break,
        }
    }
    assert_eq!(pages, 3);
    assert_eq!(seen, (0..25).collect::<Vec<_>>());

    // The stream of pages yields the same rows.
    let streamed: Vec<u32> = events
        .pages(query(), Some(7), None)
        .map_ok(|page| page.items.into_iter().map(|e| e.seq).collect::<Vec<_>>())
        .try_concat()
        .await
        .unwrap();
    assert_eq!(streamed, seen);

    // A token that is not one fails with a typed error, not a panic.
    let bad = events.page(query(), 10, Some("not a token".into())).await;
    assert!(bad.is_err());
}

#[tokio::test]
async fn typed_change_feed_reads_and_resumes() {
    let (_emulator, db) = common::emulator_database("orm_feed").await;
    let events = Repository::<Event>::in_database(&db);
    events.ensure_container().await.unwrap();
    for seq in 0..3 {
        events.create(&event("a", seq)).await.unwrap();
        events.create(&event("b", seq)).await.unwrap();
    }

    // Whole container, from the beginning, page by page; remember where we stopped.
    let mut pages = Box::pin(events.change_feed().max_item_count(100).into_pages());
    let mut all = Vec::new();
    let mut token = String::new();
    while let Some(page) = pages.next().await {
        let page = page.unwrap();
        token = page.continuation().to_owned();
        all.extend(page.into_items());
    }
    assert_eq!(all.len(), 6);

    // One partition only, checked against the key type.
    let only_a: Vec<Event> = events
        .change_feed_in_partition("a")
        .try_collect()
        .await
        .unwrap();
    assert_eq!(
        only_a.iter().map(|e| e.seq).collect::<Vec<_>>(),
        vec![0, 1, 2]
    );
    assert!(only_a.iter().all(|e| e.stream == "a"));

    // Resuming from the saved token sees only what changed since: the latest version.
    let mut updated = event("b", 1);
    updated.seq = 99;
    events.upsert(&updated).await.unwrap();
    let changes: Vec<Event> = events
        .change_feed()
        .continuation(token)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(changes, vec![updated]);
}

#[tokio::test]
async fn cross_partition_order_by_top_and_count_run_from_the_query_plan() {
    let emulator = cosmos_emulator::Emulator::builder()
        .partitions(4)
        .start()
        .await
        .unwrap();
    let client =
        cosmos_core::CosmosClient::from_connection_string(&emulator.connection_string()).unwrap();
    client.create_database("orm_xp").await.unwrap();
    let events = Repository::<Event>::in_database(&client.database("orm_xp"));
    events.ensure_container().await.unwrap();
    for (i, stream) in ["a", "b", "c", "d", "e", "f"].iter().enumerate() {
        for seq in 0..4 {
            events
                .create(&event(stream, seq * 10 + i as u32))
                .await
                .unwrap();
        }
    }
    let f = Event::fields();
    let top = events
        .all(
            Query::<Event>::cross_partition()
                .order_by(f.seq.desc())
                .top(5)
                .build()
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(
        top.value.iter().map(|e| e.seq).collect::<Vec<_>>(),
        vec![35, 34, 33, 32, 31]
    );
    let count = events
        .count(
            Query::<Event>::cross_partition()
                .filter(f.seq.ge(10))
                .count()
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(count.value, 18);
}
