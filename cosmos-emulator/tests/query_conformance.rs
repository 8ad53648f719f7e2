//! Query conformance through the official SDKs: the same case table
//! (`tests/query_conformance/cases.json`, over the families/products data set in `data.json`)
//! runs through `cosmos-sql` directly, and through the Python SDK (azure-cosmos) and the JS SDK
//! (@azure/cosmos) against emulators with one and with four physical partitions:
//! single-partition (partition key given), cross-partition, paged with 2 items a page, and
//! resumed from a continuation token in a new query. `query_conformance/table.rs` reads the
//! table and judges what the runners (`runner.py`, `runner.cjs`) report.
//!
//! The SDK tests need `COSMOS_TEST_PYTHON` / `COSMOS_TEST_NODE_DIR` (see `tests/python_sdk.rs`
//! and `tests/js_sdk.rs`); without them they are skipped unless `COSMOS_REQUIRE_PEERS=1`.

mod common;
#[path = "query_conformance/table.rs"]
mod table;

use common::peer::required_env;
use common::Client;
use cosmos_emulator::Emulator;
use reqwest::StatusCode;
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};
use table::{data, dir, judge, matches, table, Case, Record, Table, Tally};

/// The whole table runs in well under a minute; anything near this is a hang.
const RUN_TIMEOUT: Duration = Duration::from_secs(300);

/// The table checked against `cosmos-sql` itself: expected results, and parse errors with
/// their positions.
#[test]
fn case_table_matches_the_engine() {
    let data = data();
    let table = table();
    assert!(table.cases.len() >= 80, "{} cases", table.cases.len());
    let mut failures = Vec::new();
    for case in &table.cases {
        let docs = &data[&case.container];
        let params =
            cosmos_sql::Parameters::from_json(case.parameters.as_ref().unwrap_or(&json!([])))
                .expect("parameters");
        let outcome = cosmos_sql::parse(&case.query)
            .map_err(|e| e.to_string())
            .and_then(|q| q.execute(docs, &params, None).map_err(|e| e.to_string()));
        let problem = match (outcome, &case.expected, &case.error) {
            (Ok(got), Some(want), _) => {
                (!matches(want, &got, case.ordered)).then(|| format!("got {}", Value::from(got)))
            }
            (Err(message), _, Some(error)) => error.mismatch(Some(400), &message),
            (Ok(got), None, _) => Some(format!("succeeded with {}", Value::from(got))),
            (Err(message), _, None) => Some(format!("failed: {message}")),
        };
        if let Some(problem) = problem {
            failures.push(format!("{}: {}\n    {problem}", case.name, case.query));
        }
    }
    assert!(
        failures.is_empty(),
        "{} case(s) differ from cosmos-sql:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Creates database `qconf` and, per data set, `<name>` (partitioned on `/pk`) and
/// `<name>_one` (partitioned on `/tenant`, where every item has "t1"), and loads the items.
async fn load(emulator: &Emulator) {
    let client = Client::new(emulator.endpoint(), emulator.key());
    let r = client.post("/dbs", &[], &json!({"id": "qconf"})).await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.json());
    for (name, items) in data() {
        for (coll, path) in [(name.clone(), "/pk"), (format!("{name}_one"), "/tenant")] {
            // ORDER BY on several keys needs a matching composite index in the service.
            let body = json!({
                "id": coll,
                "partitionKey": {"paths": [path], "kind": "Hash", "version": 2},
                "indexingPolicy": {
                    "indexingMode": "consistent",
                    "automatic": true,
                    "includedPaths": [{"path": "/*"}],
                    "excludedPaths": [{"path": "/\"_etag\"/?"}],
                    "compositeIndexes": [[
                        {"path": "/category", "order": "ascending"},
                        {"path": "/price", "order": "descending"}
                    ]]
                }
            });
            let r = client.post("/dbs/qconf/colls", &[], &body).await;
            assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.json());
            for item in &items {
                let key = item[&path[1..]].to_string();
                let pk_header = format!("[{key}]");
                let r = client
                    .post(
                        &format!("/dbs/qconf/colls/{coll}/docs"),
                        &[("x-ms-documentdb-partitionkey", &pk_header)],
                        item,
                    )
                    .await;
                assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.json());
            }
        }
    }
}

/// Checks that the partitioned containers hold items in more than one partition key range,
/// so cross-partition runs really merge results from several partitions.
async fn assert_spread(emulator: &Emulator) {
    let client = Client::new(emulator.endpoint(), emulator.key());
    for name in data().keys() {
        let r = client
            .get(&format!("/dbs/qconf/colls/{name}/pkranges"), &[])
            .await;
        assert_eq!(r.status, StatusCode::OK, "{:?}", r.json());
        let ranges = r.json()["PartitionKeyRanges"].clone();
        let mut filled = 0;
        for range in ranges.as_array().expect("ranges") {
            let id = range["id"].as_str().expect("range id");
            let r = client
                .get(
                    &format!("/dbs/qconf/colls/{name}/docs"),
                    &[("x-ms-documentdb-partitionkeyrangeid", id)],
                )
                .await;
            assert_eq!(r.status, StatusCode::OK, "{:?}", r.json());
            filled += usize::from(r.json()["_count"].as_u64().unwrap_or(0) > 0);
        }
        assert!(
            filled > 1,
            "{name}: all items landed in one of the partition key ranges"
        );
    }
}

/// Runs `command` (a runner script) to completion off the runtime's workers, which serve
/// the emulator, and returns its stdout; panics with its output if it fails.
///
/// The output goes to files, not pipes: a runner prints far more than a pipe buffers, and a
/// full pipe would block it while this side only polls for its exit.
async fn run_runner(mut command: Command, what: &str) -> String {
    let dir = std::env::temp_dir().join(format!(
        "cosmos-qconf-{}-{}",
        std::process::id(),
        what.replace(|c: char| !c.is_ascii_alphanumeric(), "-")
    ));
    std::fs::create_dir_all(&dir).expect("scratch directory");
    let (out_path, err_path) = (dir.join("stdout"), dir.join("stderr"));
    let file = |path: &Path| std::fs::File::create(path).expect("output file");
    let mut child = command
        .stdout(file(&out_path))
        .stderr(file(&err_path))
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run the {what} runner: {e}"));
    let status = tokio::task::spawn_blocking(move || {
        let started = Instant::now();
        loop {
            match child.try_wait() {
                Ok(Some(status)) => return status,
                Ok(None) if started.elapsed() > RUN_TIMEOUT => {
                    let _ = child.kill();
                    return child.wait().expect("the killed runner is reaped");
                }
                Ok(None) => std::thread::sleep(Duration::from_millis(50)),
                Err(e) => panic!("waiting for the runner: {e}"),
            }
        }
    })
    .await
    .expect("wait task");
    let read = |path: &Path| std::fs::read(path).unwrap_or_default();
    let output = std::process::Output {
        status,
        stdout: read(&out_path),
        stderr: read(&err_path),
    };
    let _ = std::fs::remove_dir_all(&dir);
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success()
            && (stdout.contains("{\"done\": true}") || stdout.contains("{\"done\":true}")),
        "the {what} runner failed ({}):\n{stdout}\n{stderr}",
        output.status
    );
    stdout
}

/// Paged cases whose cross-partition continuation tokens the SDKs can resume from: those
/// the gateway serves itself. Planned queries (ORDER BY, aggregates, DISTINCT, TOP, OFFSET,
/// GROUP BY) are merged client-side, where neither SDK hands out a token that resumes them
/// (Python's is the last partition's own, JS gives none), against the service as here.
fn cross_resumable(table: &Table) -> Vec<String> {
    table
        .cases
        .iter()
        .filter(|c| c.paged && c.cross)
        .filter(|c| cosmos_sql::parse(&c.query).is_ok_and(|q| !q.info().needs_plan()))
        .map(|c| c.name.clone())
        .collect()
}

/// Starts an emulator with `partitions` partitions, loads the data, runs `command` with the
/// case table and checks every execution it reports.
async fn conformance(command: Command, sdk: &str, partitions: usize) {
    let emulator = Emulator::builder()
        .partitions(partitions)
        .start()
        .await
        .expect("emulator starts");
    load(&emulator).await;
    if partitions > 1 {
        assert_spread(&emulator).await;
    }
    let table = table();
    let resumable = cross_resumable(&table);
    let mut command = command;
    command
        .arg(dir().join("cases.json"))
        .env("QCONF_CROSS_RESUMABLE", resumable.join(","))
        .env("COSMOS_ENDPOINT", emulator.endpoint())
        .env("COSMOS_KEY", emulator.key());
    let what = format!("{sdk} SDK, {partitions} partition(s)");
    let stdout = run_runner(command, &what).await;
    emulator.shutdown().await;

    let cases: BTreeMap<&str, &Case> = table.cases.iter().map(|c| (c.name.as_str(), c)).collect();
    let mut tally = Tally::default();
    let mut seen = 0;
    for line in stdout.lines().filter(|l| l.contains("\"case\"")) {
        let record: Record =
            serde_json::from_str(line).unwrap_or_else(|e| panic!("runner line {line}: {e}"));
        let case = cases
            .get(record.case.as_str())
            .unwrap_or_else(|| panic!("unknown case {}", record.case));
        seen += 1;
        let mode = if record.paged && !record.mode.ends_with("resumed") {
            format!("{}-paged", record.mode)
        } else {
            record.mode.clone()
        };
        let problem = judge(case, sdk, &record)
            .map(|p| format!("{} [{mode}]: {}\n    {p}", case.name, case.query));
        tally.record(&mode, problem);
    }
    let expected_runs: usize = table
        .cases
        .iter()
        .map(|c| {
            let per = usize::from(c.single) + usize::from(c.cross) + usize::from(c.pk.is_some());
            // Paged cases run once more, resumed from a continuation token.
            per * if c.paged { 2 } else { 1 }
                + usize::from(c.paged && c.single)
                + usize::from(c.paged && resumable.contains(&c.name))
        })
        .sum();
    println!("{what}: {} cases; {}", table.cases.len(), tally.summary());
    assert_eq!(seen, expected_runs, "the runner skipped executions");
    assert!(
        tally.failures.is_empty(),
        "{what}: {} execution(s) failed ({}):\n{}",
        tally.failures.len(),
        tally.summary(),
        tally.failures.join("\n")
    );
}

fn python(interpreter: &str) -> Command {
    let mut command = Command::new(interpreter);
    command.arg(dir().join("runner.py"));
    command
}

fn node(node_dir: &str) -> Command {
    let mut command = Command::new("node");
    command
        .arg(dir().join("runner.cjs"))
        .env("NODE_PATH", Path::new(node_dir).join("node_modules"));
    command
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn python_sdk_one_partition() {
    if let Some(interpreter) = required_env("COSMOS_TEST_PYTHON", "Python SDK") {
        conformance(python(&interpreter), "python", 1).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn python_sdk_four_partitions() {
    if let Some(interpreter) = required_env("COSMOS_TEST_PYTHON", "Python SDK") {
        conformance(python(&interpreter), "python", 4).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn js_sdk_one_partition() {
    if let Some(node_dir) = required_env("COSMOS_TEST_NODE_DIR", "JS SDK") {
        conformance(node(&node_dir), "js", 1).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn js_sdk_four_partitions() {
    if let Some(node_dir) = required_env("COSMOS_TEST_NODE_DIR", "JS SDK") {
        conformance(node(&node_dir), "js", 4).await;
    }
}
