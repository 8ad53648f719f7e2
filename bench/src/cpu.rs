//! CPU time used by this process: the Rust clients and the in-process emulator together.
//!
//! Throughput on a shared 2-core machine moves with whatever else runs; the CPU time spent per
//! operation does not (much), so it is the steadier measure of what a client costs.

/// Linux reports `/proc` times in USER_HZ ticks, fixed at 100 per second for user space.
const TICKS_PER_SECOND: f64 = 100.0;

/// User + system CPU seconds consumed so far by all threads of this process; `None` where
/// `/proc/self/stat` is not available.
pub fn process_cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    parse_stat(&stat)
}

fn parse_stat(stat: &str) -> Option<f64> {
    // The command name (field 2) is parenthesized and may hold spaces; the numeric fields
    // follow its closing parenthesis, starting with field 3.
    let rest = stat.rsplit_once(')')?.1;
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let utime: u64 = fields.get(14 - 3)?.parse().ok()?;
    let stime: u64 = fields.get(15 - 3)?.parse().ok()?;
    Some((utime + stime) as f64 / TICKS_PER_SECOND)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adds_user_and_system_ticks() {
        let stat = "4242 (cosmos bench) S 1 2 3 4 5 6 7 8 9 10 250 50 0 0 20 0 3 0";
        assert_eq!(parse_stat(stat), Some(3.0));
    }

    #[test]
    fn reads_this_process() {
        assert!(process_cpu_seconds().is_some_and(|s| s >= 0.0));
    }
}
