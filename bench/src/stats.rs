//! Throughput and latency percentiles of one measured phase.

use std::time::Duration;

use serde::Deserialize;

/// Raw measurements of one phase: every operation's latency and the wall time of the phase.
#[derive(Debug, Clone, Deserialize)]
pub struct Samples {
    /// Latency of each successful operation, in microseconds.
    pub latencies_us: Vec<u64>,
    /// Wall-clock duration of the whole phase, in seconds.
    pub seconds: f64,
    /// CPU seconds this process (Rust clients + emulator) used during the phase; `None` for
    /// the Python SDK, whose work happens in another process.
    #[serde(default)]
    pub cpu_seconds: Option<f64>,
    /// Operations that failed (not included in the latencies).
    #[serde(default)]
    pub errors: u64,
    /// The first failure, to tell the reader what went wrong.
    #[serde(default)]
    pub first_error: Option<String>,
}

/// Summary of one phase.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Summary {
    pub ops: usize,
    pub errors: u64,
    pub ops_per_sec: f64,
    pub p50: Duration,
    pub p99: Duration,
    /// CPU microseconds per successful operation (client + emulator), when measured.
    pub cpu_us_per_op: Option<f64>,
}

impl Samples {
    pub fn summarize(&self) -> Summary {
        let mut sorted = self.latencies_us.clone();
        sorted.sort_unstable();
        let ops = sorted.len();
        let ops_per_sec = if self.seconds > 0.0 {
            ops as f64 / self.seconds
        } else {
            0.0
        };
        Summary {
            ops,
            errors: self.errors,
            ops_per_sec,
            p50: Duration::from_micros(percentile(&sorted, 50.0)),
            p99: Duration::from_micros(percentile(&sorted, 99.0)),
            cpu_us_per_op: self
                .cpu_seconds
                .filter(|_| ops > 0)
                .map(|cpu| cpu * 1e6 / ops as f64),
        }
    }
}

/// Nearest-rank percentile of sorted values; 0 for an empty set.
fn percentile(sorted: &[u64], pct: f64) -> u64 {
    if sorted.is_empty() {
        return 0;
    }
    let rank = ((pct / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_rank_percentiles() {
        let values: Vec<u64> = (1..=100).collect();
        assert_eq!(percentile(&values, 50.0), 50);
        assert_eq!(percentile(&values, 99.0), 99);
        assert_eq!(percentile(&values, 100.0), 100);
        assert_eq!(percentile(&[7], 99.0), 7);
        assert_eq!(percentile(&[], 50.0), 0);
    }

    #[test]
    fn summary_counts_throughput_over_wall_time() {
        let samples = Samples {
            latencies_us: vec![300, 100, 200, 400],
            seconds: 2.0,
            cpu_seconds: Some(0.002),
            errors: 1,
            first_error: None,
        };
        let summary = samples.summarize();
        assert_eq!(summary.ops, 4);
        assert_eq!(summary.errors, 1);
        assert!((summary.ops_per_sec - 2.0).abs() < 1e-9);
        assert_eq!(summary.p50, Duration::from_micros(200));
        assert_eq!(summary.p99, Duration::from_micros(400));
        assert_eq!(summary.cpu_us_per_op, Some(500.0));
    }
}
