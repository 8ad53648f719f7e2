//! What a repository call returns: the value and the cost of getting it.

/// A typed result with its response metadata.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Outcome<T> {
    /// The result.
    pub value: T,
    /// Request units charged, summed over every page for queries.
    pub request_charge: f64,
    /// The resource etag, for point operations.
    pub etag: Option<String>,
    /// The service activity id of the (last) response.
    pub activity_id: Option<String>,
}

impl<T> Outcome<T> {
    pub(crate) fn new(
        value: T,
        request_charge: f64,
        etag: Option<&str>,
        activity_id: Option<&str>,
    ) -> Self {
        Self {
            value,
            request_charge,
            etag: etag.map(str::to_owned),
            activity_id: activity_id.map(str::to_owned),
        }
    }

    /// The result, dropping the metadata.
    pub fn into_value(self) -> T {
        self.value
    }
}
