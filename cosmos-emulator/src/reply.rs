//! Successful responses: status, JSON body and the protocol headers every handler sets.

use crate::charge;
use axum::response::{IntoResponse, Response};
use cosmos_protocol::headers;
use http::{HeaderMap, HeaderName, HeaderValue, StatusCode};
use serde::Serialize;

#[derive(Debug)]
pub struct Reply {
    status: StatusCode,
    headers: HeaderMap,
    body: Option<Vec<u8>>,
}

impl Reply {
    /// A reply with no body (204, 304, or a write under `Prefer: return=minimal`).
    pub fn empty(status: StatusCode) -> Self {
        Self {
            status,
            headers: HeaderMap::new(),
            body: None,
        }
    }

    /// A JSON reply. Serializing plain JSON values cannot fail; if it ever did, the body
    /// would be empty rather than the request failing after its effects were committed.
    pub fn json(status: StatusCode, body: &impl Serialize) -> Self {
        let mut reply = Self::empty(status);
        reply.body = Some(serde_json::to_vec(body).unwrap_or_default());
        reply
    }

    /// Sets a header; values that are not valid header text are skipped.
    pub fn header(mut self, name: &'static str, value: impl AsRef<str>) -> Self {
        if let Ok(v) = HeaderValue::from_str(value.as_ref()) {
            self.headers.insert(HeaderName::from_static(name), v);
        }
        self
    }

    pub fn charge(self, ru: f64) -> Self {
        self.header(headers::REQUEST_CHARGE, charge::header_value(ru))
    }

    pub fn etag(self, etag: &str) -> Self {
        self.header(headers::ETAG, etag)
    }

    /// The session token of one partition key range: `<range>:-1#<lsn>`.
    pub fn session(self, range_id: &str, lsn: u64) -> Self {
        self.header(headers::SESSION_TOKEN, format!("{range_id}:-1#{lsn}"))
            .header(headers::PARTITION_KEY_RANGE_ID, range_id)
    }

    /// A compound session token over several ranges.
    pub fn sessions(self, touched: &[(String, u64)]) -> Self {
        if touched.is_empty() {
            return self;
        }
        let token = touched
            .iter()
            .map(|(range, lsn)| format!("{range}:-1#{lsn}"))
            .collect::<Vec<_>>()
            .join(",");
        self.header(headers::SESSION_TOKEN, token)
    }

    /// The owner of the addressed resource, by name and by RID: clients key their session
    /// tokens on these.
    pub fn owner(self, alt_path: &str, rid: &str) -> Self {
        self.header(headers::ALT_CONTENT_PATH, alt_path)
            .header(headers::CONTENT_PATH, rid)
    }
}

impl IntoResponse for Reply {
    fn into_response(self) -> Response {
        let mut response = match self.body {
            Some(body) => {
                let mut r = (self.status, body).into_response();
                r.headers_mut().insert(
                    http::header::CONTENT_TYPE,
                    HeaderValue::from_static("application/json"),
                );
                r
            }
            None => self.status.into_response(),
        };
        response.headers_mut().extend(self.headers);
        response
    }
}
