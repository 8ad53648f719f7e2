//! Scan throughput over 100k synthetic documents.
//!
//! * `filter_order_by`: `WHERE` on two properties plus `ORDER BY`, reported
//!   as documents scanned per second.
//! * `point_filter`: an `id = @id` lookup scanning the whole set, reported
//!   as latency per query.

use cosmos_sql::{parse, Parameters};
use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use serde_json::{json, Value};

const DOCS: usize = 100_000;

fn documents() -> Vec<Value> {
    let categories = ["books", "games", "garden", "music", "tools"];
    (0..DOCS)
        .map(|i| {
            json!({
                "id": format!("item-{i}"),
                "pk": format!("pk-{}", i % 100),
                "category": categories[i % categories.len()],
                "price": (i * 7919 % 10_000) as f64 / 100.0,
                "qty": i % 50,
                "tags": ["a", "b", if i % 3 == 0 { "sale" } else { "regular" }],
                "address": {"city": format!("city-{}", i % 1000), "zip": i % 100_000},
            })
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let docs = documents();
    let mut group = c.benchmark_group("scan");
    group.sample_size(10);
    group.throughput(Throughput::Elements(DOCS as u64));

    let q = parse(
        "SELECT c.id, c.price FROM c WHERE c.category = 'games' AND c.price > 50 ORDER BY c.price DESC",
    )
    .unwrap();
    let params = Parameters::new();
    group.bench_function("filter_order_by", |b| {
        b.iter(|| black_box(q.execute(&docs, &params, None).unwrap()))
    });

    let q = parse("SELECT * FROM c WHERE c.id = @id").unwrap();
    let params = Parameters::new().with("@id", json!("item-77777"));
    group.bench_function("point_filter", |b| {
        b.iter(|| {
            let out = q.execute(&docs, &params, None).unwrap();
            assert_eq!(out.len(), 1);
            black_box(out)
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
