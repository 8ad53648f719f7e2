//! Prints the results as Markdown tables (readable in a terminal, pasteable in the README).

use std::collections::BTreeMap;
use std::fmt::Write;
use std::time::Duration;

use crate::runner::Operation;
use crate::stats::Summary;

/// Everything measured for one client.
pub struct ClientResult {
    pub label: &'static str,
    pub phases: BTreeMap<Operation, Summary>,
    /// Why the client has no figures (not installed, failed to connect...).
    pub skipped: Option<String>,
}

/// The ORM's cost over the raw client is acceptable below this (issue 5).
const ORM_OVERHEAD_GOAL_PERCENT: f64 = 5.0;

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// `results[0]` is the baseline ("ours"); the ORM, when present, is labelled `orm_label`.
pub fn render(results: &[ClientResult], orm_label: &str) -> String {
    let mut out = String::new();
    let baseline = results.first();
    let _ = writeln!(
        out,
        "| client | operation | ops | ops/s | p50 (ms) | p99 (ms) | CPU µs/op | errors | ops/s vs ours | p50 vs ours | CPU/op vs ours |"
    );
    let _ = writeln!(
        out,
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    );
    for result in results {
        if let Some(reason) = &result.skipped {
            let _ = writeln!(
                out,
                "| {} | (skipped: {}) | | | | | | | | | |",
                result.label, reason
            );
            continue;
        }
        for (op, s) in &result.phases {
            let base = baseline.and_then(|b| b.phases.get(op));
            let (tput_ratio, p50_ratio, cpu_ratio) = match base {
                Some(b) => (
                    ratio(s.ops_per_sec, b.ops_per_sec),
                    ratio(ms(s.p50), ms(b.p50)),
                    optional_ratio(s.cpu_us_per_op, b.cpu_us_per_op),
                ),
                None => ("-".into(), "-".into(), "-".into()),
            };
            let cpu = s
                .cpu_us_per_op
                .map_or_else(|| "-".to_owned(), |c| format!("{c:.0}"));
            let _ = writeln!(
                out,
                "| {} | {} | {} | {:.0} | {:.2} | {:.2} | {} | {} | {} | {} | {} |",
                result.label,
                op,
                s.ops,
                s.ops_per_sec,
                ms(s.p50),
                ms(s.p99),
                cpu,
                s.errors,
                tput_ratio,
                p50_ratio,
                cpu_ratio
            );
        }
    }

    if let Some(base) = baseline.filter(|b| b.skipped.is_none()) {
        let _ = writeln!(out, "\nRelative to our client ({}):", base.label);
        for result in results.iter().skip(1).filter(|r| r.skipped.is_none()) {
            for (op, s) in &result.phases {
                if let Some(b) = base.phases.get(op) {
                    let _ = writeln!(
                        out,
                        "- {} {} throughput = {} ours; p50 = {} ours; p99 = {} ours; CPU per op = {} ours",
                        result.label,
                        op,
                        ratio(s.ops_per_sec, b.ops_per_sec),
                        ratio(ms(s.p50), ms(b.p50)),
                        ratio(ms(s.p99), ms(b.p99)),
                        optional_ratio(s.cpu_us_per_op, b.cpu_us_per_op),
                    );
                }
            }
        }
        if let Some(orm) = results
            .iter()
            .find(|r| r.label == orm_label && r.skipped.is_none())
        {
            let _ = writeln!(
                out,
                "\nORM overhead vs the raw core client (goal < {ORM_OVERHEAD_GOAL_PERCENT}%):"
            );
            for (op, s) in &orm.phases {
                if let Some(b) = base.phases.get(op) {
                    // Time per operation is the inverse of throughput: the ORM's extra cost is
                    // how much longer each operation takes on average.
                    let overhead = (b.ops_per_sec / s.ops_per_sec - 1.0) * 100.0;
                    let p50 = (ms(s.p50) / ms(b.p50) - 1.0) * 100.0;
                    let cpu = s
                        .cpu_us_per_op
                        .zip(b.cpu_us_per_op)
                        .map(|(orm, core)| (orm / core - 1.0) * 100.0);
                    // CPU per operation is the verdict when measured: wall-clock throughput on
                    // a shared machine swings by more than the 5% being judged.
                    let judged = cpu.unwrap_or(overhead);
                    let verdict = if judged < ORM_OVERHEAD_GOAL_PERCENT {
                        "within goal"
                    } else {
                        "OVER GOAL"
                    };
                    let cpu_text = cpu.map_or_else(|| "-".to_owned(), |c| format!("{c:+.1}%"));
                    let _ = writeln!(
                        out,
                        "- {op}: CPU per op {cpu_text}, wall time per op {overhead:+.1}%, p50 {p50:+.1}% ({verdict})"
                    );
                }
            }
        }
    }
    out
}

fn optional_ratio(value: Option<f64>, base: Option<f64>) -> String {
    match (value, base) {
        (Some(value), Some(base)) => ratio(value, base),
        _ => "-".into(),
    }
}

fn ratio(value: f64, base: f64) -> String {
    if base > 0.0 && value.is_finite() {
        format!("{:.2}x", value / base)
    } else {
        "-".into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn summary(ops_per_sec: f64, p50_ms: u64) -> Summary {
        Summary {
            ops: 100,
            errors: 0,
            ops_per_sec,
            p50: Duration::from_millis(p50_ms),
            p99: Duration::from_millis(p50_ms * 2),
            cpu_us_per_op: Some(ops_per_sec / 10.0),
        }
    }

    fn client(label: &'static str, ops_per_sec: f64, p50_ms: u64) -> ClientResult {
        ClientResult {
            label,
            phases: BTreeMap::from([(Operation::Read, summary(ops_per_sec, p50_ms))]),
            skipped: None,
        }
    }

    #[test]
    fn ratios_are_relative_to_the_first_client() {
        let text = render(
            &[client("ours", 1000.0, 2), client("theirs", 620.0, 3)],
            "orm",
        );
        assert!(text.contains(
            "- theirs read throughput = 0.62x ours; p50 = 1.50x ours; p99 = 1.50x ours; CPU per op = 0.62x ours"
        ));
        assert!(text.contains(
            "| theirs | read | 100 | 620 | 3.00 | 6.00 | 62 | 0 | 0.62x | 1.50x | 0.62x |"
        ));
    }

    #[test]
    fn orm_overhead_is_extra_time_per_operation() {
        let mut orm = client("orm", 800.0, 2);
        orm.phases.get_mut(&Operation::Read).unwrap().cpu_us_per_op = Some(103.0);
        let text = render(&[client("ours", 1000.0, 2), orm], "orm");
        assert!(text.contains(
            "- read: CPU per op +3.0%, wall time per op +25.0%, p50 +0.0% (within goal)"
        ));
    }

    #[test]
    fn skipped_clients_are_listed_with_their_reason() {
        let mut python = client("python", 0.0, 0);
        python.skipped = Some("no interpreter".into());
        let text = render(&[client("ours", 1000.0, 2), python], "orm");
        assert!(text.contains("| python | (skipped: no interpreter)"));
        assert!(!text.contains("python read throughput"));
    }
}
