//! Concurrency patterns from the Python SDK's async samples, in Rust: concurrent creates with
//! per-item error handling, upserts in batches of 50, a retry wrapper for throttling (429),
//! and an optimistic-concurrency update loop.
//!
//! ```sh
//! cargo run --example concurrency
//! ```

mod common;

use std::future::Future;
use std::time::Duration;

use cosmos_orm::prelude::*;
use cosmos_orm::RepositoryError;
use futures::future::join_all;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize, CosmosDocument)]
#[cosmos(container = "counters")]
struct Counter {
    id: String,
    #[cosmos(partition_key)]
    category: String,
    value: i64,
    #[cosmos(etag)]
    #[serde(rename = "_etag", default, skip_serializing_if = "Option::is_none")]
    etag: Option<String>,
}

fn counter(i: usize) -> Counter {
    Counter {
        id: format!("c{i}"),
        category: format!("cat{}", i % 10),
        value: 0,
        etag: None,
    }
}

/// Retries an operation the service throttled, waiting as long as it asked (`x-ms-retry-after-ms`)
/// or backing off exponentially. The client already retries 429s itself (see `RetryOptions`);
/// this outer loop is for work that must not give up after those.
async fn with_throttle_retry<T, F, Fut>(mut operation: F) -> Result<T, RepositoryError>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, RepositoryError>>,
{
    let mut attempt = 0u32;
    loop {
        match operation().await {
            Err(RepositoryError::Cosmos(e)) if e.is_throttled() && attempt < 5 => {
                let wait = e
                    .retry_after()
                    .unwrap_or(Duration::from_millis(100 << attempt));
                println!("throttled, retrying in {wait:?}");
                tokio::time::sleep(wait).await;
                attempt += 1;
            }
            other => return other,
        }
    }
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let (client, _emulator) = common::connect().await?;
    client
        .create_database_if_not_exists("concurrency_example")
        .await?;
    let counters = Repository::<Counter>::in_database(&client.database("concurrency_example"));
    counters.ensure_container().await?;

    // Concurrent creates; each result is handled on its own (like gather(return_exceptions=True)).
    // The duplicate of c0 fails with 409 without affecting the others.
    let mut batch: Vec<Counter> = (0..20).map(counter).collect();
    batch.push(counter(0));
    let results = join_all(
        batch
            .iter()
            .map(|c| with_throttle_retry(|| counters.create(c))),
    )
    .await;
    let created = results.iter().filter(|r| r.is_ok()).count();
    let conflicts = results
        .iter()
        .filter(|r| matches!(r, Err(RepositoryError::Cosmos(e)) if e.is_conflict()))
        .count();
    println!("created {created}, conflicts {conflicts}");

    // Bulk upserts, 50 at a time so a large import does not flood the service.
    let items: Vec<Counter> = (0..500).map(counter).collect();
    let mut charge = 0.0;
    for chunk in items.chunks(50) {
        for result in join_all(chunk.iter().map(|c| counters.upsert(c))).await {
            charge += result?.request_charge;
        }
    }
    println!(
        "upserted {} items in batches of 50 ({charge:.0} RU)",
        items.len()
    );

    // Optimistic concurrency: 10 tasks increment one counter by read-modify-replace. A replace
    // with a stale etag fails with 412 and the task re-reads and tries again, so no increment
    // is lost.
    let tasks = (0..10).map(|_| async {
        loop {
            let mut current = counters
                .find("c1", "cat1".to_string())
                .await?
                .value
                .expect("c1 exists");
            current.value += 1;
            match counters.replace(&current).await {
                Ok(_) => return Ok::<_, RepositoryError>(()),
                Err(e) if e.is_precondition_failed() => continue,
                Err(e) => return Err(e),
            }
        }
    });
    for result in join_all(tasks).await {
        result?;
    }
    let final_value = counters
        .find("c1", "cat1".to_string())
        .await?
        .value
        .map(|c| c.value);
    println!("after 10 concurrent increments c1 = {final_value:?}");
    assert_eq!(final_value, Some(10));

    client.delete_database("concurrency_example").await?;
    Ok(())
}
