//! A request as the operations describe it, before signing and sending.

use bytes::Bytes;
use http::{HeaderMap, HeaderName, HeaderValue, Method};
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

use crate::error::{Error, Result};
use crate::options::ConsistencyLevel;

/// Path segments are encoded except for RFC 3986 unreserved characters, so ids with spaces or
/// non-ASCII letters survive the trip and are signed (decoded) exactly as named.
const SEGMENT_ENCODE_SET: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// Checks an id that will become a path segment. The service refuses `/ \ ? #` in ids, and
/// here they would also re-route the request, so they are rejected before sending.
pub(crate) fn check_path_id(kind: &str, id: &str) -> Result<()> {
    if id.is_empty() {
        return Err(Error::invalid_argument(format!(
            "{kind} id must not be empty"
        )));
    }
    if let Some(c) = id.chars().find(|c| matches!(c, '/' | '\\' | '?' | '#')) {
        return Err(Error::invalid_argument(format!(
            "{kind} id '{id}' contains '{c}', which Cosmos DB does not allow in ids"
        )));
    }
    Ok(())
}

#[derive(Debug, Clone)]
pub(crate) struct Request {
    pub(crate) method: Method,
    /// Unencoded path segments, e.g. `["dbs", "d", "colls", "c", "docs"]`.
    pub(crate) segments: Vec<String>,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Option<Bytes>,
    /// Reads (and queries) change nothing, so they may always be retried and carry the
    /// session token.
    pub(crate) is_read: bool,
    /// The container whose session this request belongs to (`dbs/d/colls/c`).
    pub(crate) container_link: Option<String>,
    pub(crate) consistency_level: Option<ConsistencyLevel>,
    /// A session token chosen by the caller, sent instead of the tracked one.
    pub(crate) session_token: Option<String>,
    /// The operation's name, for tracing.
    pub(crate) operation: &'static str,
    /// The path addresses the resource by RID (offers): it is signed over the last RID,
    /// lowercased, instead of the name-based link.
    pub(crate) rid_based: bool,
    /// A 304 is an answer, not a failure (change feed: nothing new since the etag).
    pub(crate) not_modified_is_success: bool,
}

impl Request {
    pub(crate) fn new(operation: &'static str, method: Method, segments: Vec<String>) -> Self {
        let is_read = method == Method::GET || method == Method::HEAD;
        Self {
            method,
            segments,
            headers: HeaderMap::new(),
            body: None,
            is_read,
            container_link: None,
            consistency_level: None,
            session_token: None,
            operation,
            rid_based: false,
            not_modified_is_success: false,
        }
    }

    /// Adds a header; a value that cannot be an HTTP header (control characters, non-ASCII)
    /// is an argument error rather than a panic.
    pub(crate) fn header(&mut self, name: &'static str, value: impl AsRef<str>) -> Result<()> {
        let value = HeaderValue::from_str(value.as_ref()).map_err(|_| {
            Error::invalid_argument(format!(
                "'{}' is not a valid value for header {name}",
                value.as_ref()
            ))
        })?;
        self.headers.insert(HeaderName::from_static(name), value);
        Ok(())
    }

    pub(crate) fn json_body(&mut self, body: &impl serde::Serialize) -> Result<()> {
        self.body = Some(Bytes::from(
            serde_json::to_vec(body).map_err(Error::serialization)?,
        ));
        Ok(())
    }

    pub(crate) fn in_container(mut self, container_link: &str) -> Self {
        self.container_link = Some(container_link.to_owned());
        self
    }

    /// The URL path, segments percent-encoded: `/dbs/My%20Db/colls/c`.
    pub(crate) fn encoded_path(&self) -> String {
        let mut path = String::new();
        for segment in &self.segments {
            path.push('/');
            path.extend(utf8_percent_encode(segment, SEGMENT_ENCODE_SET));
        }
        if path.is_empty() {
            path.push('/');
        }
        path
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_encoded_per_segment() {
        let req = Request::new(
            "t",
            Method::GET,
            ["dbs", "My Db", "colls", "c", "docs", "50%off ü"]
                .map(String::from)
                .to_vec(),
        );
        assert_eq!(
            req.encoded_path(),
            "/dbs/My%20Db/colls/c/docs/50%25off%20%C3%BC"
        );
        let link = cosmos_protocol::auth::ResourceLink::from_path(&req.encoded_path());
        assert_eq!(link.link, "dbs/My Db/colls/c/docs/50%off ü");
        assert_eq!(Request::new("t", Method::GET, vec![]).encoded_path(), "/");
    }

    #[test]
    fn ids_with_separators_are_refused() {
        assert!(check_path_id("item", "ok id").is_ok());
        for bad in ["", "a/b", "a\\b", "a?b", "a#b"] {
            assert!(check_path_id("item", bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn bad_header_values_are_errors() {
        let mut req = Request::new("t", Method::GET, vec![]);
        assert!(req.header("if-match", "\"etag\"").is_ok());
        assert!(req.header("if-match", "bad\nvalue").is_err());
        assert!(Request::new("t", Method::POST, vec![]).is_read.eq(&false));
    }
}
