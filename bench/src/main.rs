//! Point-operation benchmark (issues 2 and 5): one in-process emulator, the same workload
//! driven by our client, our ORM, the official Rust SDK and the official Python SDK.

mod clients;
mod cpu;
mod item;
mod machine;
mod report;
mod runner;
mod stats;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use clap::{Parser, ValueEnum};
use cosmos_core::{ContainerProperties, CosmosClient, PartitionKeyDefinition};
use cosmos_emulator::Emulator;

use crate::clients::{core::CoreOps, official::OfficialOps, orm::OrmOps, python::PythonRun};
use crate::report::ClientResult;
use crate::runner::{run_phase, Operation, PointOps};
use crate::stats::Samples;

const DATABASE: &str = "bench";

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, ValueEnum)]
enum Client {
    /// cosmos-core, our async client
    Core,
    /// cosmos-orm's Repository<T> on cosmos-core
    Orm,
    /// azure_data_cosmos, the official Rust SDK (its default: no body on writes)
    Official,
    /// azure_data_cosmos returning the written item, as our client and Python do
    OfficialBody,
    /// azure-cosmos, the official Python async SDK
    Python,
}

impl Client {
    fn label(self) -> &'static str {
        match self {
            Client::Core => "ours: cosmos-core",
            Client::Orm => "ours: cosmos-orm",
            Client::Official => "official Rust SDK",
            Client::OfficialBody => "official Rust SDK, body on write",
            Client::Python => "official Python SDK",
        }
    }

    fn container(self) -> &'static str {
        match self {
            Client::Core => "core",
            Client::Orm => "orm",
            Client::Official => "official-rust",
            Client::OfficialBody => "official-rust-body",
            Client::Python => "python",
        }
    }
}

/// Point create/read/upsert of ~1 KB items at a fixed concurrency, per client.
#[derive(Debug, Parser)]
#[command(version)]
struct Args {
    /// Measured operations per operation kind and round, for each Rust client.
    #[arg(long, default_value_t = 20_000)]
    ops: u64,
    /// Warm-up operations per kind and round (not measured), for each Rust client.
    #[arg(long, default_value_t = 2_000)]
    warmup: u64,
    /// Measured operations per kind for the Python SDK (slower, so fewer by default).
    #[arg(long, default_value_t = 5_000)]
    python_ops: u64,
    /// Warm-up operations per kind for the Python SDK.
    #[arg(long, default_value_t = 500)]
    python_warmup: u64,
    /// Operations in flight at once, per client.
    #[arg(long, default_value_t = 32)]
    concurrency: usize,
    /// Rounds of the Rust clients, interleaved (core, orm, official, then the reverse order,
    /// ...) so that drift in the machine's load spreads evenly; figures aggregate all rounds.
    #[arg(long, default_value_t = 1)]
    rounds: u64,
    /// Physical partitions of the emulator's containers.
    #[arg(long, default_value_t = 1)]
    partitions: usize,
    /// Clients to run (comma separated); the first is the baseline of the ratios.
    #[arg(long, value_enum, value_delimiter = ',', default_values_t = [Client::Core, Client::Orm, Client::Official, Client::OfficialBody, Client::Python])]
    clients: Vec<Client>,
    /// Python interpreter with azure-cosmos and aiohttp (default: the peers venv).
    #[arg(long)]
    python: Option<PathBuf>,
}

#[tokio::main]
async fn main() {
    let args = Args::parse();
    if let Err(message) = run(args).await {
        eprintln!("cosmos-bench: {message}");
        std::process::exit(1);
    }
}

async fn run(args: Args) -> Result<(), String> {
    let emulator = Emulator::builder()
        .partitions(args.partitions)
        .start()
        .await
        .map_err(|e| format!("starting the emulator: {e}"))?;
    eprintln!("emulator listening on {}", emulator.endpoint());
    let load_before = machine::load_average();
    prepare(&emulator, &args.clients).await?;

    let mut rust_clients: Vec<(Client, Arc<dyn PointOps>)> = Vec::new();
    let mut skipped: BTreeMap<Client, String> = BTreeMap::new();
    let core = CosmosClient::from_connection_string(&emulator.connection_string())
        .map_err(|e| format!("building our client: {e}"))?;
    let db = core.database(DATABASE);
    for &client in &args.clients {
        let ops: Arc<dyn PointOps> = match client {
            Client::Core => Arc::new(CoreOps::new(db.container(client.container()), "core")),
            Client::Orm => Arc::new(OrmOps::new(db.container(client.container()), "orm")),
            Client::Official | Client::OfficialBody => {
                match OfficialOps::connect(
                    client == Client::OfficialBody,
                    emulator.endpoint(),
                    emulator.key(),
                    DATABASE,
                    client.container(),
                    "official",
                )
                .await
                {
                    Ok(ops) => Arc::new(ops),
                    Err(reason) => {
                        eprintln!("{} skipped: {reason}", client.label());
                        skipped.insert(client, reason);
                        continue;
                    }
                }
            }
            Client::Python => continue,
        };
        rust_clients.push((client, ops));
    }

    let mut measured: BTreeMap<Client, BTreeMap<Operation, Vec<Samples>>> = BTreeMap::new();
    for round in 0..args.rounds {
        // Each round writes fresh ids: warm-up ids first, then the measured ones.
        let base = round * (args.warmup + args.ops);
        let warm = base..base + args.warmup;
        let timed = base + args.warmup..base + args.warmup + args.ops;
        // Odd rounds run the clients in reverse order, so that no client always runs right
        // after the same one (the emulator's store and the allocator carry state across).
        let order: Vec<_> = if round % 2 == 0 {
            rust_clients.iter().collect()
        } else {
            rust_clients.iter().rev().collect()
        };
        for (client, ops) in order {
            for op in Operation::ALL {
                run_phase(Arc::clone(ops), op, warm.clone(), args.concurrency).await;
            }
            for op in Operation::ALL {
                let samples = run_phase(Arc::clone(ops), op, timed.clone(), args.concurrency).await;
                eprintln!(
                    "round {} {} {op}: {:.0} ops/s, {} errors",
                    round + 1,
                    client.label(),
                    samples.summarize().ops_per_sec,
                    samples.errors
                );
                measured
                    .entry(*client)
                    .or_default()
                    .entry(op)
                    .or_default()
                    .push(samples);
            }
        }
    }

    if args.clients.contains(&Client::Python) {
        let interpreter = args
            .python
            .clone()
            .unwrap_or_else(clients::python::default_interpreter);
        if !interpreter.exists() {
            skipped.insert(
                Client::Python,
                format!(
                    "no interpreter at {} (run scripts/setup-peers.sh or pass --python)",
                    interpreter.display()
                ),
            );
        } else {
            eprintln!("running the Python SDK with {}", interpreter.display());
            let run = PythonRun {
                interpreter: &interpreter,
                endpoint: emulator.endpoint(),
                key: emulator.key(),
                database: DATABASE,
                container: Client::Python.container(),
                ops: args.python_ops,
                warmup: args.python_warmup,
                concurrency: args.concurrency,
            };
            match run.run().await {
                Ok(phases) => {
                    let entry = measured.entry(Client::Python).or_default();
                    for (op, samples) in phases {
                        entry.entry(op).or_default().push(samples);
                    }
                }
                Err(reason) => {
                    skipped.insert(Client::Python, reason);
                }
            }
        }
    }
    emulator.shutdown().await;

    let results: Vec<ClientResult> = args
        .clients
        .iter()
        .map(|client| ClientResult {
            label: client.label(),
            phases: measured
                .get(client)
                .map(|phases| {
                    phases
                        .iter()
                        .map(|(op, rounds)| (*op, merge(rounds).summarize()))
                        .collect()
                })
                .unwrap_or_default(),
            skipped: skipped.get(client).cloned(),
        })
        .collect();

    for (client, phases) in &measured {
        for (op, rounds) in phases {
            if let Some(error) = rounds.iter().find_map(|s| s.first_error.as_ref()) {
                eprintln!("{} {op}: first error: {error}", client.label());
            }
        }
    }

    println!(
        "## Point operations, ~1 KB items, concurrency {}\n",
        args.concurrency
    );
    println!("{}", machine::describe(load_before.as_deref()));
    println!(
        "Rust clients: {} measured ops per operation and round ({} round(s), after {} warm-up ops); \
         Python: {} measured ops (after {} warm-up ops). Emulator: in-process, release build, {} partition(s), plain HTTP on loopback.\n",
        args.ops, args.rounds, args.warmup, args.python_ops, args.python_warmup, args.partitions
    );
    println!("{}", report::render(&results, Client::Orm.label()));
    Ok(())
}

/// Creates the database and one container per client, all partitioned by `/pk`.
async fn prepare(emulator: &Emulator, clients: &[Client]) -> Result<(), String> {
    let client = CosmosClient::from_connection_string(&emulator.connection_string())
        .map_err(|e| format!("building our client: {e}"))?;
    client
        .create_database_if_not_exists(DATABASE)
        .await
        .map_err(|e| format!("creating the database: {e}"))?;
    let db = client.database(DATABASE);
    for c in clients {
        db.create_container_if_not_exists(ContainerProperties::new(
            c.container(),
            PartitionKeyDefinition::new("/pk"),
        ))
        .await
        .map_err(|e| format!("creating container {}: {e}", c.container()))?;
    }
    Ok(())
}

/// All rounds of one phase as one: latencies together, wall times added.
fn merge(rounds: &[Samples]) -> Samples {
    Samples {
        latencies_us: rounds
            .iter()
            .flat_map(|s| s.latencies_us.iter().copied())
            .collect(),
        seconds: rounds.iter().map(|s| s.seconds).sum(),
        cpu_seconds: rounds.iter().map(|s| s.cpu_seconds).sum(),
        errors: rounds.iter().map(|s| s.errors).sum(),
        first_error: rounds.iter().find_map(|s| s.first_error.clone()),
    }
}
