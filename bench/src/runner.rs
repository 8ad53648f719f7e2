//! Drives one point operation at a fixed concurrency and records every latency.

use std::fmt;
use std::ops::Range;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Instant;

use futures::future::BoxFuture;

use crate::stats::Samples;

/// The measured point operations, in the order they run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Operation {
    Create,
    Read,
    Upsert,
}

impl Operation {
    pub const ALL: [Operation; 3] = [Operation::Create, Operation::Read, Operation::Upsert];

    pub fn name(self) -> &'static str {
        match self {
            Operation::Create => "create",
            Operation::Read => "read",
            Operation::Upsert => "upsert",
        }
    }
}

impl fmt::Display for Operation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One client under test: runs operation `op` on the item numbered `seq`.
///
/// Errors are strings because each client has its own error type and the runner only counts
/// and shows them.
pub trait PointOps: Send + Sync + 'static {
    fn run(&self, op: Operation, seq: u64) -> BoxFuture<'_, Result<(), String>>;
}

/// Runs `op` once for every sequence number in `seqs`, with `concurrency` workers pulling the
/// next number from a shared counter.
///
/// Workers are spawned tasks rather than futures polled by one task, so the client-side work
/// (serialization, signing, parsing) can use every runtime thread, as in an application.
pub async fn run_phase(
    client: Arc<dyn PointOps>,
    op: Operation,
    seqs: Range<u64>,
    concurrency: usize,
) -> Samples {
    let next = Arc::new(AtomicU64::new(seqs.start));
    let end = seqs.end;
    let cpu_before = crate::cpu::process_cpu_seconds();
    let started = Instant::now();
    let workers: Vec<_> = (0..concurrency.max(1))
        .map(|_| {
            let client = Arc::clone(&client);
            let next = Arc::clone(&next);
            tokio::spawn(async move {
                let mut latencies = Vec::new();
                let mut errors = 0u64;
                let mut first_error = None;
                loop {
                    let seq = next.fetch_add(1, Ordering::Relaxed);
                    if seq >= end {
                        break;
                    }
                    let t0 = Instant::now();
                    match client.run(op, seq).await {
                        Ok(()) => latencies.push(t0.elapsed().as_micros() as u64),
                        Err(e) => {
                            errors += 1;
                            first_error.get_or_insert(e);
                        }
                    }
                }
                (latencies, errors, first_error)
            })
        })
        .collect();

    let mut samples = Samples {
        latencies_us: Vec::with_capacity((end - seqs.start) as usize),
        seconds: 0.0,
        cpu_seconds: None,
        errors: 0,
        first_error: None,
    };
    for worker in workers {
        match worker.await {
            Ok((latencies, errors, first_error)) => {
                samples.latencies_us.extend(latencies);
                samples.errors += errors;
                if samples.first_error.is_none() {
                    samples.first_error = first_error;
                }
            }
            Err(join_error) => {
                samples.errors += 1;
                samples
                    .first_error
                    .get_or_insert_with(|| format!("worker task failed: {join_error}"));
            }
        }
    }
    samples.seconds = started.elapsed().as_secs_f64();
    samples.cpu_seconds = cpu_before
        .zip(crate::cpu::process_cpu_seconds())
        .map(|(before, after)| after - before);
    samples
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;

    /// Records the sequence numbers it saw and fails on multiples of 10.
    struct Recorder(Mutex<Vec<u64>>);

    impl PointOps for Recorder {
        fn run(&self, _op: Operation, seq: u64) -> BoxFuture<'_, Result<(), String>> {
            Box::pin(async move {
                self.0.lock().unwrap().push(seq);
                tokio::task::yield_now().await;
                if seq.is_multiple_of(10) {
                    Err(format!("boom {seq}"))
                } else {
                    Ok(())
                }
            })
        }
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn every_sequence_number_runs_exactly_once() {
        let recorder = Arc::new(Recorder(Mutex::new(Vec::new())));
        let samples = run_phase(recorder.clone(), Operation::Read, 5..105, 8).await;
        let mut seen = recorder.0.lock().unwrap().clone();
        seen.sort_unstable();
        assert_eq!(seen, (5..105).collect::<Vec<_>>());
        assert_eq!(samples.errors, 10);
        assert_eq!(samples.latencies_us.len(), 90);
        assert!(samples.first_error.unwrap().starts_with("boom"));
    }
}
