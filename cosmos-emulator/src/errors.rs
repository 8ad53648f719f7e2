//! Errors: [`EmulatorError`] for starting the server, [`ApiError`] for Cosmos-shaped HTTP failures.

use axum::response::{IntoResponse, Response};
use cosmos_protocol::headers;
use http::{HeaderValue, StatusCode};

/// Why the emulator could not start.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum EmulatorError {
    #[error("could not bind {addr}: {source}")]
    Bind {
        addr: std::net::SocketAddr,
        source: std::io::Error,
    },
    #[error("the account key is not valid base64")]
    InvalidKey,
    #[error("the partition count must be between 1 and {max}, got {given}")]
    Partitions { given: usize, max: usize },
    #[error("could not set up TLS: {0}")]
    Tls(String),
    #[error("I/O error: {0}")]
    Io(#[from] std::io::Error),
    #[error("cannot split: {0}")]
    Split(String),
}

/// A failed request, rendered as the gateway renders it: a status, an optional
/// `x-ms-substatus` and a `{"code","message"}` body.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{status} {code}: {message}")]
pub struct ApiError {
    pub status: StatusCode,
    pub substatus: Option<u32>,
    pub code: &'static str,
    pub message: String,
    /// `additionalErrorInfo`: the query plan of a 400/1004.
    pub additional_info: Option<String>,
    /// `x-ms-retry-after-ms` of a 429: when the client may try again.
    pub retry_after_ms: Option<u64>,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        Self {
            status,
            substatus: None,
            code,
            message: message.into(),
            additional_info: None,
            retry_after_ms: None,
        }
    }

    pub fn with_substatus(mut self, substatus: u32) -> Self {
        self.substatus = Some(substatus);
        self
    }

    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "BadRequest", message)
    }

    pub fn unauthorized(message: impl Into<String>) -> Self {
        Self::new(StatusCode::UNAUTHORIZED, "Unauthorized", message)
    }

    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, "NotFound", message)
    }

    /// The message the gateway uses for a missing resource.
    pub fn resource_not_found() -> Self {
        Self::not_found("Entity with the specified id does not exist in the system.")
    }

    pub fn method_not_allowed(message: impl Into<String>) -> Self {
        Self::new(StatusCode::METHOD_NOT_ALLOWED, "MethodNotAllowed", message)
    }

    pub fn conflict() -> Self {
        Self::new(
            StatusCode::CONFLICT,
            "Conflict",
            "Entity with the specified id already exists in the system.",
        )
    }

    pub fn precondition_failed() -> Self {
        Self::new(
            StatusCode::PRECONDITION_FAILED,
            "PreconditionFailed",
            "Operation cannot be performed because one of the specified precondition is not met.",
        )
    }

    pub fn too_large(message: impl Into<String>) -> Self {
        Self::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "RequestEntityTooLarge",
            message,
        )
    }

    /// A partition key range id that does not exist (any more): clients refresh their routing
    /// map on 410/1002.
    pub fn range_gone(id: &str) -> Self {
        Self::new(
            StatusCode::GONE,
            "Gone",
            format!("The partition key range '{id}' is not available."),
        )
        .with_substatus(1002)
    }

    /// 429/3200: the partition's throughput for this second is spent. Nothing was changed;
    /// the client retries after `retry_after_ms`.
    pub fn throttled(retry_after_ms: u64) -> Self {
        let mut error = Self::new(
            StatusCode::TOO_MANY_REQUESTS,
            "TooManyRequests",
            "Request rate is large. More Request Units may be needed, so no changes were made. \
             Please retry this request later.",
        )
        .with_substatus(3200);
        error.retry_after_ms = Some(retry_after_ms);
        error
    }

    /// 404/1002: the read's session token is ahead of what the partition has committed.
    pub fn read_session_unavailable() -> Self {
        Self::not_found("The read session is not available for the input session token.")
            .with_substatus(1002)
    }

    /// The request charge a failure costs: lookups that reached storage are billed like a
    /// minimal read, everything refused up front is free.
    pub(crate) fn request_charge_ru(&self) -> f64 {
        self.request_charge().parse().unwrap_or(0.0)
    }

    fn request_charge(&self) -> &'static str {
        match self.status {
            StatusCode::NOT_FOUND | StatusCode::CONFLICT | StatusCode::PRECONDITION_FAILED => "1",
            _ => "0",
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut body = serde_json::json!({ "code": self.code, "message": self.message });
        if let Some(info) = &self.additional_info {
            body["additionalErrorInfo"] = serde_json::Value::String(info.clone());
        }
        let body = body.to_string();
        let mut response = (self.status, body).into_response();
        let h = response.headers_mut();
        h.insert(
            http::header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        h.insert(
            headers::REQUEST_CHARGE,
            HeaderValue::from_static(self.request_charge()),
        );
        if let Some(sub) = self.substatus {
            h.insert(headers::SUBSTATUS, HeaderValue::from(sub));
        }
        if let Some(ms) = self.retry_after_ms {
            h.insert(headers::RETRY_AFTER_MS, HeaderValue::from(ms));
        }
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn renders_cosmos_error_body() {
        let response = ApiError::bad_request("nope")
            .with_substatus(1001)
            .into_response();
        assert_eq!(response.status(), StatusCode::BAD_REQUEST);
        assert_eq!(response.headers()[headers::SUBSTATUS], "1001");
        let body = axum::body::to_bytes(response.into_body(), 1024)
            .await
            .unwrap();
        let json: serde_json::Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"code": "BadRequest", "message": "nope"})
        );
    }
}
