//! Timestamps and etags. Etags only need to change on every write and never repeat, so they
//! come from a process-wide counter laid out like the service's (`"xxxxxxxx-0000-0d00-…"`).

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

static NEXT_ETAG: AtomicU64 = AtomicU64::new(1);

/// Seconds since the Unix epoch (`_ts`).
pub fn now_ts() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// A fresh quoted etag, unique within the process.
pub fn new_etag(ts: u64) -> String {
    let n = NEXT_ETAG.fetch_add(1, Ordering::Relaxed);
    format!("\"{n:08x}-0000-0d00-0000-{ts:08x}0000\"")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn etags_are_quoted_and_unique() {
        let a = new_etag(1);
        let b = new_etag(1);
        assert_ne!(a, b);
        assert!(a.starts_with('"') && a.ends_with('"'));
    }
}
