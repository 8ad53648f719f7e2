//! A one-paragraph description of the machine, printed with the figures.

/// The 1, 5 and 15 minute load averages, e.g. `"2.79 2.92 1.99"`.
pub fn load_average() -> Option<String> {
    let text = std::fs::read_to_string("/proc/loadavg").ok()?;
    Some(
        text.split_whitespace()
            .take(3)
            .collect::<Vec<_>>()
            .join(" "),
    )
}

/// CPU model and count, memory, the load when the run started (other processes compete for
/// the same CPUs), and the reminder that everything shares them.
pub fn describe(load_at_start: Option<&str>) -> String {
    let cpus = std::thread::available_parallelism()
        .map(|n| n.get().to_string())
        .unwrap_or_else(|_| "?".into());
    let model = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| field(&info, "model name"))
        .unwrap_or_else(|| "unknown CPU".into());
    let memory = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|info| field(&info, "MemTotal"))
        .and_then(|kb| kb.trim_end_matches(" kB").trim().parse::<u64>().ok())
        .map(|kb| format!(", {:.0} GiB RAM", kb as f64 / 1024.0 / 1024.0))
        .unwrap_or_default();
    let load = load_at_start
        .map(|l| format!(" Load average at start: {l} (other processes share the machine)."))
        .unwrap_or_default();
    format!(
        "Machine: {model}, {cpus} logical CPU(s){memory}.{load} The emulator and every client \
         share these CPUs (the clients run one after another, the emulator serves all of them), \
         so the figures measure client + emulator together and compare clients, not the \
         service. CPU µs/op is this process's CPU time (Rust client + emulator) per operation.\n"
    )
}

/// The value of the first `name: value` line.
fn field(text: &str, name: &str) -> Option<String> {
    text.lines()
        .filter_map(|line| line.split_once(':'))
        .find(|(key, _)| key.trim() == name)
        .map(|(_, value)| value.trim().to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_first_matching_field() {
        let info = "processor\t: 0\nmodel name\t: Test CPU @ 2GHz\nmodel name\t: other\n";
        assert_eq!(
            field(info, "model name").as_deref(),
            Some("Test CPU @ 2GHz")
        );
        assert_eq!(field(info, "flags"), None);
    }
}
