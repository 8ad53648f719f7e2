//! The request as the route handlers see it, with typed access to the protocol headers.

use crate::errors::ApiError;
use bytes::Bytes;
use cosmos_protocol::{headers, PartitionKey};
use http::{HeaderMap, Method};
use serde_json::{Map, Value};

/// Page size when the client leaves it to the server (`-1` or absent), as the emulator does.
pub const DEFAULT_PAGE_SIZE: usize = 100;
/// The largest page the emulator returns whatever the client asks.
pub const MAX_PAGE_SIZE: usize = 10_000;

#[derive(Debug)]
pub struct RequestContext {
    pub method: Method,
    pub headers: HeaderMap,
    pub body: Bytes,
    /// The endpoint the client reached us at (scheme and `Host`), advertised by the account.
    pub endpoint: String,
}

impl RequestContext {
    /// A header as text; `None` when absent. Non-ASCII values are refused with 400.
    pub fn header(&self, name: &str) -> Result<Option<&str>, ApiError> {
        match self.headers.get(name) {
            None => Ok(None),
            Some(v) => v
                .to_str()
                .map(Some)
                .map_err(|_| ApiError::bad_request(format!("The header '{name}' is not valid."))),
        }
    }

    /// A boolean header; the Python SDK sends `True`/`False`, the JS SDK lowercase.
    pub fn flag(&self, name: &str) -> Result<bool, ApiError> {
        match self.header(name)? {
            None => Ok(false),
            Some(v) if v.trim().eq_ignore_ascii_case("true") => Ok(true),
            Some(v) if v.trim().eq_ignore_ascii_case("false") => Ok(false),
            Some(v) => Err(ApiError::bad_request(format!(
                "The value '{v}' of header '{name}' is not a boolean."
            ))),
        }
    }

    /// The `x-ms-documentdb-partitionkey` header, parsed.
    pub fn partition_key(&self) -> Result<Option<PartitionKey>, ApiError> {
        self.header(headers::PARTITION_KEY)?
            .map(|text| {
                PartitionKey::from_header(text).map_err(|e| {
                    ApiError::bad_request(format!(
                        "The partition key supplied in x-ms-partitionkey header is invalid: {e}"
                    ))
                })
            })
            .transpose()
    }

    pub fn if_match(&self) -> Result<Option<&str>, ApiError> {
        self.header(headers::IF_MATCH)
    }

    pub fn if_none_match(&self) -> Result<Option<&str>, ApiError> {
        self.header(headers::IF_NONE_MATCH)
    }

    /// `Prefer: return=minimal`: the client wants writes answered without a body.
    pub fn wants_minimal(&self) -> Result<bool, ApiError> {
        Ok(self.header(headers::PREFER)?.is_some_and(|v| {
            v.split(';')
                .any(|p| p.trim().eq_ignore_ascii_case("return=minimal"))
        }))
    }

    /// The page size: `x-ms-max-item-count`, where -1 or absent means the server's default.
    pub fn max_item_count(&self) -> Result<usize, ApiError> {
        let Some(text) = self.header(headers::MAX_ITEM_COUNT)? else {
            return Ok(DEFAULT_PAGE_SIZE);
        };
        match text.trim().parse::<i64>() {
            Ok(-1) => Ok(DEFAULT_PAGE_SIZE),
            Ok(n) if n > 0 => Ok((n as u64).min(MAX_PAGE_SIZE as u64) as usize),
            _ => Err(ApiError::bad_request(format!(
                "Invalid value '{text}' for header x-ms-max-item-count: it must be -1 or a positive number."
            ))),
        }
    }

    pub fn continuation(&self) -> Result<Option<&str>, ApiError> {
        Ok(self
            .header(headers::CONTINUATION)?
            .filter(|t| !t.trim().is_empty()))
    }

    /// The body as a JSON object; anything else is a 400.
    pub fn json_object(&self) -> Result<Map<String, Value>, ApiError> {
        match serde_json::from_slice::<Value>(&self.body) {
            Ok(Value::Object(map)) => Ok(map),
            Ok(_) => Err(ApiError::bad_request(
                "The input content is invalid: the body must be a JSON object.",
            )),
            Err(e) => Err(ApiError::bad_request(format!(
                "The input content is not valid JSON: {e}"
            ))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx(pairs: &[(&'static str, &str)], body: &str) -> RequestContext {
        let mut headers = HeaderMap::new();
        for (k, v) in pairs {
            headers.insert(*k, v.parse().unwrap());
        }
        RequestContext {
            method: Method::GET,
            headers,
            body: Bytes::from(body.to_owned()),
            endpoint: String::new(),
        }
    }

    #[test]
    fn flags_and_page_sizes() {
        let c = ctx(
            &[
                (headers::IS_UPSERT, "True"),
                (headers::MAX_ITEM_COUNT, "-1"),
            ],
            "",
        );
        assert!(c.flag(headers::IS_UPSERT).unwrap());
        assert!(!c.flag(headers::IS_QUERY).unwrap());
        assert_eq!(c.max_item_count().unwrap(), DEFAULT_PAGE_SIZE);
        let c = ctx(
            &[(headers::IS_UPSERT, "yes"), (headers::MAX_ITEM_COUNT, "0")],
            "",
        );
        assert!(c.flag(headers::IS_UPSERT).is_err());
        assert!(c.max_item_count().is_err());
    }

    #[test]
    fn bodies_and_keys() {
        assert!(ctx(&[], "{\"id\":1}").json_object().is_ok());
        assert!(ctx(&[], "[1]").json_object().is_err());
        assert!(ctx(&[], "{").json_object().is_err());
        let c = ctx(
            &[
                (headers::PARTITION_KEY, "[\"a\"]"),
                (headers::PREFER, "return=minimal"),
            ],
            "",
        );
        assert_eq!(c.partition_key().unwrap().unwrap().to_header(), "[\"a\"]");
        assert!(c.wants_minimal().unwrap());
        assert!(ctx(&[(headers::PARTITION_KEY, "[")], "")
            .partition_key()
            .is_err());
    }
}
