//! Typed view of the response headers every Cosmos answer carries.
//!
//! Every accessor tolerates a missing or malformed header (returning `None`), because a
//! gateway, proxy or emulator may omit any of them and that must not fail an otherwise good
//! response.

use std::time::Duration;

use cosmos_protocol::headers as h;
use http::HeaderMap;

/// The headers of one response.
#[derive(Debug, Clone, Default)]
pub struct ResponseHeaders {
    map: HeaderMap,
}

impl ResponseHeaders {
    pub(crate) fn new(map: HeaderMap) -> Self {
        Self { map }
    }

    /// A header as text, if present and visible ASCII.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.map.get(name)?.to_str().ok().map(str::trim)
    }

    /// All raw headers.
    pub fn as_map(&self) -> &HeaderMap {
        &self.map
    }

    /// `x-ms-request-charge`, 0 when absent.
    pub fn request_charge(&self) -> f64 {
        self.get(h::REQUEST_CHARGE)
            .and_then(|v| v.parse::<f64>().ok())
            .filter(|v| v.is_finite())
            .unwrap_or(0.0)
    }

    /// `x-ms-activity-id`.
    pub fn activity_id(&self) -> Option<&str> {
        self.get(h::ACTIVITY_ID).filter(|v| !v.is_empty())
    }

    /// `etag`, quotes included, as `If-Match` wants it back.
    pub fn etag(&self) -> Option<&str> {
        self.get(h::ETAG).filter(|v| !v.is_empty())
    }

    /// `x-ms-session-token`.
    pub fn session_token(&self) -> Option<&str> {
        self.get(h::SESSION_TOKEN).filter(|v| !v.is_empty())
    }

    /// `x-ms-continuation`: present when a feed has more pages.
    pub fn continuation(&self) -> Option<&str> {
        self.get(h::CONTINUATION).filter(|v| !v.is_empty())
    }

    /// `x-ms-item-count`.
    pub fn item_count(&self) -> Option<u64> {
        self.get(h::ITEM_COUNT)?.parse().ok()
    }

    /// `x-ms-substatus`.
    pub fn sub_status(&self) -> Option<u32> {
        self.get(h::SUBSTATUS)?.parse().ok()
    }

    /// `x-ms-retry-after-ms` (fractions allowed, as some gateways send them).
    pub fn retry_after(&self) -> Option<Duration> {
        let ms: f64 = self.get(h::RETRY_AFTER_MS)?.parse().ok()?;
        (ms.is_finite() && ms >= 0.0).then(|| Duration::from_secs_f64(ms / 1000.0))
    }

    /// `x-ms-alt-content-path`: the name path of the owning resource (`dbs/d/colls/c` for an
    /// item).
    pub fn alt_content_path(&self) -> Option<&str> {
        self.get(h::ALT_CONTENT_PATH).filter(|v| !v.is_empty())
    }

    /// `x-ms-content-path`: the RID of the owning resource (the container's RID for an item).
    pub fn content_path(&self) -> Option<&str> {
        self.get(h::CONTENT_PATH).filter(|v| !v.is_empty())
    }

    /// `x-ms-documentdb-query-metrics`, when requested.
    pub fn query_metrics(&self) -> Option<&str> {
        self.get(h::QUERY_METRICS)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::HeaderValue;

    fn headers(pairs: &[(&'static str, &[u8])]) -> ResponseHeaders {
        let mut map = HeaderMap::new();
        for (k, v) in pairs {
            map.insert(*k, HeaderValue::from_bytes(v).unwrap());
        }
        ResponseHeaders::new(map)
    }

    #[test]
    fn parses_standard_headers() {
        let h = headers(&[
            ("x-ms-request-charge", b"5.71"),
            ("x-ms-activity-id", b"abc"),
            ("etag", b"\"0000-1\""),
            ("x-ms-session-token", b"0:-1#12"),
            ("x-ms-continuation", b"{\"token\":\"x\"}"),
            ("x-ms-item-count", b"3"),
            ("x-ms-substatus", b"1002"),
            ("x-ms-retry-after-ms", b"12.5"),
        ]);
        assert_eq!(h.request_charge(), 5.71);
        assert_eq!(h.activity_id(), Some("abc"));
        assert_eq!(h.etag(), Some("\"0000-1\""));
        assert_eq!(h.session_token(), Some("0:-1#12"));
        assert_eq!(h.continuation(), Some("{\"token\":\"x\"}"));
        assert_eq!(h.item_count(), Some(3));
        assert_eq!(h.sub_status(), Some(1002));
        assert_eq!(h.retry_after(), Some(Duration::from_micros(12_500)));
    }

    #[test]
    fn tolerates_missing_and_garbage() {
        let empty = ResponseHeaders::default();
        assert_eq!(empty.request_charge(), 0.0);
        assert_eq!(empty.etag(), None);
        assert_eq!(empty.retry_after(), None);
        let bad = headers(&[
            ("x-ms-request-charge", b"NaN"),
            ("x-ms-retry-after-ms", b"-5"),
            ("x-ms-substatus", b"x"),
            ("x-ms-activity-id", b"\xff\xfe"),
            ("x-ms-continuation", b""),
        ]);
        assert_eq!(bad.request_charge(), 0.0);
        assert_eq!(bad.retry_after(), None);
        assert_eq!(bad.sub_status(), None);
        assert_eq!(bad.activity_id(), None);
        assert_eq!(bad.continuation(), None);
    }
}
