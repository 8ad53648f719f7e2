//! Request charges: a deterministic RU model shaped like the service's (a point read of 1 KB
//! costs 1 RU, a write about 5.7, a replace about twice that, larger items cost more).

/// RU charges are reported with two decimals.
fn round2(ru: f64) -> f64 {
    (ru * 100.0).round() / 100.0
}

/// Whole kilobytes, at least one.
fn kilobytes(bytes: usize) -> f64 {
    (bytes.div_ceil(1024)).max(1) as f64
}

/// A point read of an item of `bytes`.
pub fn point_read(bytes: usize) -> f64 {
    round2(kilobytes(bytes))
}

/// Creating an item (or an upsert that creates).
pub fn create(bytes: usize) -> f64 {
    round2(5.71 + 1.9 * (kilobytes(bytes) - 1.0))
}

/// Replacing an item (or an upsert that replaces): the old version is read and rewritten.
pub fn replace(bytes: usize) -> f64 {
    round2(10.67 + 3.8 * (kilobytes(bytes) - 1.0))
}

/// Deleting an item.
pub fn delete(bytes: usize) -> f64 {
    round2(5.71 + 1.9 * (kilobytes(bytes) - 1.0))
}

/// A feed page: a base cost plus the items and bytes it returns.
pub fn feed(items: usize, bytes: usize) -> f64 {
    round2(1.0 + 0.05 * items as f64 + 0.4 * (bytes as f64 / 1024.0))
}

/// A query page: a base cost, the documents scanned and the bytes returned.
pub fn query(scanned: usize, returned_bytes: usize) -> f64 {
    round2(2.31 + 0.02 * scanned as f64 + 0.4 * (returned_bytes as f64 / 1024.0))
}

/// Reading a database, container, list or the account.
pub fn metadata_read() -> f64 {
    1.0
}

/// Creating, replacing or deleting a database or container.
pub fn metadata_write() -> f64 {
    4.95
}

/// Formats a charge for the `x-ms-request-charge` header.
pub fn header_value(ru: f64) -> String {
    format!("{:.2}", round2(ru))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn charges_grow_with_size_and_are_deterministic() {
        assert_eq!(point_read(10), 1.0);
        assert_eq!(point_read(3000), 3.0);
        assert_eq!(create(500), 5.71);
        assert!(create(10_000) > create(500));
        assert!(replace(500) > create(500));
        assert_eq!(feed(0, 0), 1.0);
        assert_eq!(header_value(5.71), "5.71");
    }
}
