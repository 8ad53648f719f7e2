//! Change feed processing per feed range: one worker per range, each saving its own
//! continuation token so that it can stop and resume independently of the others.
//!
//! ```sh
//! cargo run --example change_feed
//! ```

mod common;

use std::collections::BTreeMap;

use cosmos::core::{
    ChangeFeedOperation, ContainerClient, ContainerProperties, FeedRange, PartitionKeyDefinition,
};
use futures::TryStreamExt as _;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Reading {
    id: String,
    sensor: String,
    celsius: f64,
}

/// Where each worker's progress is kept between runs: feed range → continuation token. A real
/// processor would use a lease container or a file; the string forms are made to be stored.
type Checkpoints = BTreeMap<String, String>;

/// Reads one feed range from its saved position (or the beginning) up to now, then saves
/// where it stopped. Returns how many changes it handled.
async fn process_range(
    container: ContainerClient,
    range: FeedRange,
    saved: Option<String>,
) -> Result<(FeedRange, usize, String), cosmos::core::Error> {
    let mut feed = container
        .change_feed::<Reading>()
        .feed_range(range.clone())
        .max_item_count(10);
    if let Some(token) = saved {
        feed = feed.continuation(token);
    }
    let mut pages = std::pin::pin!(feed.into_pages());
    let mut handled = 0;
    let mut token = String::new();
    while let Some(page) = pages.try_next().await? {
        for reading in page.items() {
            handled += 1;
            if reading.celsius > 30.0 {
                println!(
                    "  [{}] hot: {} at {}°C",
                    short(&range),
                    reading.sensor,
                    reading.celsius
                );
            }
        }
        token = page.continuation().to_owned();
    }
    Ok((range, handled, token))
}

fn short(range: &FeedRange) -> String {
    format!(
        "{}..{}",
        &range.min()[..range.min().len().min(4)],
        &range.max()[..range.max().len().min(4)]
    )
}

/// One pass of every worker, concurrently; updates the checkpoints.
async fn run_workers(
    container: &ContainerClient,
    checkpoints: &mut Checkpoints,
) -> Result<usize, Box<dyn std::error::Error>> {
    let ranges = container.read_feed_ranges().await?;
    let workers = ranges.into_iter().map(|range| {
        let saved = checkpoints.get(&range.to_string()).cloned();
        process_range(container.clone(), range, saved)
    });
    let mut total = 0;
    for (range, handled, token) in futures::future::try_join_all(workers).await? {
        println!("  range {} handled {handled} change(s)", short(&range));
        total += handled;
        checkpoints.insert(range.to_string(), token);
    }
    Ok(total)
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let (client, _emulator) = common::connect().await?;
    client
        .create_database_if_not_exists("change_feed_example")
        .await?;
    let db = client.database("change_feed_example");
    db.create_container_if_not_exists(ContainerProperties::new(
        "readings",
        PartitionKeyDefinition::new("/sensor"),
    ))
    .await?;
    let readings = db.container("readings");

    let write = |n: u32, celsius: f64| {
        let readings = readings.clone();
        async move {
            let sensor = format!("sensor-{}", n % 5);
            readings
                .upsert_item(
                    sensor.as_str(),
                    &Reading {
                        id: format!("r{n}"),
                        sensor: sensor.clone(),
                        celsius,
                    },
                )
                .await
        }
    };
    for n in 0..20 {
        write(n, 18.0 + f64::from(n)).await?;
    }

    let mut checkpoints = Checkpoints::new();
    println!("first pass, from the beginning:");
    let first = run_workers(&readings, &mut checkpoints).await?;
    assert!(first >= 20, "every reading is seen at least once");

    // More writes arrive; each worker resumes from its own checkpoint and sees only those.
    write(3, 40.0).await?;
    write(20, 21.0).await?;
    println!("second pass, from the saved checkpoints:");
    let second = run_workers(&readings, &mut checkpoints).await?;
    assert_eq!(second, 2, "only the new changes");

    // The all-versions-and-deletes feed (from now) also reports deletes.
    let token = readings
        .change_feed_all_versions::<Reading>()
        .into_pages()
        .try_fold(String::new(), |_, page| async move {
            Ok(page.continuation().to_owned())
        })
        .await?;
    readings.delete_item("r20", "sensor-0").await?;
    let deletes: Vec<_> = readings
        .change_feed_all_versions::<Reading>()
        .continuation(token)
        .try_filter(|c| {
            std::future::ready(c.metadata.operation_type == ChangeFeedOperation::Delete)
        })
        .try_collect()
        .await?;
    println!(
        "deleted since then: {:?}",
        deletes
            .iter()
            .map(|c| c.metadata.id.clone())
            .collect::<Vec<_>>()
    );
    assert_eq!(deletes.len(), 1);

    db.delete().await?;
    Ok(())
}
