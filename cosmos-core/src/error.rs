//! The one error type of the client.
//!
//! Modelled on the mongodb driver: a cheap-to-clone [`Error`] wrapping a boxed [`ErrorKind`]
//! plus the response metadata every Cosmos failure carries (activity id, request charge,
//! retry-after), so callers can log and branch without matching on the kind.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

/// `Result` with this crate's [`Error`] as the default error.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Why an operation failed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The service answered with a non-success status (including 304 for conditional reads).
    #[error("{status}{} {code}: {message}", sub_status.map(|s| format!("/{s}")).unwrap_or_default())]
    Service {
        status: u16,
        sub_status: Option<u32>,
        /// The `code` field of the error body (`NotFound`, `Conflict`, …), empty when absent.
        code: String,
        /// The `message` field of the error body, or a description of the status.
        message: String,
    },
    /// The request never produced an HTTP response: connection, TLS or timeout failure.
    #[error("transport error: {message}")]
    Transport {
        message: String,
        /// The connection could not be established, so the request was never sent.
        is_connect: bool,
        is_timeout: bool,
    },
    /// A request body could not be serialized or a response body could not be read as the
    /// expected type.
    #[error("serialization error: {message}")]
    Serialization { message: String },
    /// The caller passed something the client refuses to send (bad id, bad endpoint, bad key).
    #[error("invalid argument: {message}")]
    InvalidArgument { message: String },
    /// The token credential failed to produce a token.
    #[error("credential error: {message}")]
    Credential { message: String },
}

/// An error from the Cosmos client.
#[derive(Clone, thiserror::Error)]
#[non_exhaustive]
pub struct Error {
    /// What went wrong.
    pub kind: Box<ErrorKind>,
    activity_id: Option<String>,
    request_charge: Option<f64>,
    retry_after: Option<Duration>,
    #[source]
    source: Option<Arc<dyn std::error::Error + Send + Sync>>,
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Error")
            .field("kind", &self.kind)
            .field("activity_id", &self.activity_id)
            .field("request_charge", &self.request_charge)
            .field("retry_after", &self.retry_after)
            .finish()
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.kind)?;
        if let Some(id) = &self.activity_id {
            write!(f, " (activity id {id})")?;
        }
        Ok(())
    }
}

impl From<ErrorKind> for Error {
    fn from(kind: ErrorKind) -> Self {
        Self {
            kind: Box::new(kind),
            activity_id: None,
            request_charge: None,
            retry_after: None,
            source: None,
        }
    }
}

impl Error {
    pub(crate) fn invalid_argument(message: impl Into<String>) -> Self {
        ErrorKind::InvalidArgument {
            message: message.into(),
        }
        .into()
    }

    pub(crate) fn serialization(err: serde_json::Error) -> Self {
        let mut e: Error = ErrorKind::Serialization {
            message: err.to_string(),
        }
        .into();
        e.source = Some(Arc::new(err));
        e
    }

    pub(crate) fn transport(err: reqwest::Error) -> Self {
        // reqwest's Display omits the cause chain, which holds the useful part (refused, TLS…).
        let mut message = err.to_string();
        let mut cause = std::error::Error::source(&err);
        while let Some(c) = cause {
            message.push_str(": ");
            message.push_str(&c.to_string());
            cause = c.source();
        }
        let mut e: Error = ErrorKind::Transport {
            message,
            is_connect: err.is_connect(),
            is_timeout: err.is_timeout(),
        }
        .into();
        e.source = Some(Arc::new(err));
        e
    }

    pub(crate) fn credential(err: Box<dyn std::error::Error + Send + Sync>) -> Self {
        let mut e: Error = ErrorKind::Credential {
            message: err.to_string(),
        }
        .into();
        e.source = Some(Arc::from(err));
        e
    }

    pub(crate) fn with_response_meta(
        mut self,
        activity_id: Option<String>,
        request_charge: Option<f64>,
        retry_after: Option<Duration>,
    ) -> Self {
        self.activity_id = activity_id;
        self.request_charge = request_charge;
        self.retry_after = retry_after;
        self
    }

    /// The kind of failure.
    pub fn kind(&self) -> &ErrorKind {
        &self.kind
    }

    /// The HTTP status of a service error.
    pub fn status(&self) -> Option<u16> {
        match *self.kind {
            ErrorKind::Service { status, .. } => Some(status),
            _ => None,
        }
    }

    /// The `x-ms-substatus` of a service error.
    pub fn sub_status(&self) -> Option<u32> {
        match *self.kind {
            ErrorKind::Service { sub_status, .. } => sub_status,
            _ => None,
        }
    }

    /// The service's error message (or the description of a client-side failure).
    pub fn message(&self) -> &str {
        match &*self.kind {
            ErrorKind::Service { message, .. }
            | ErrorKind::Transport { message, .. }
            | ErrorKind::Serialization { message }
            | ErrorKind::InvalidArgument { message }
            | ErrorKind::Credential { message } => message,
        }
    }

    /// `x-ms-activity-id` of the failed response, to quote in support requests.
    pub fn activity_id(&self) -> Option<&str> {
        self.activity_id.as_deref()
    }

    /// RUs charged for the failed request.
    pub fn request_charge(&self) -> Option<f64> {
        self.request_charge
    }

    /// How long the service asked to wait (`x-ms-retry-after-ms`), on 429 and some 503s.
    pub fn retry_after(&self) -> Option<Duration> {
        self.retry_after
    }

    fn has_status(&self, expected: u16) -> bool {
        self.status() == Some(expected)
    }

    /// 404: the resource (or its parent) does not exist.
    pub fn is_not_found(&self) -> bool {
        self.has_status(404)
    }

    /// 409: a resource with the same id (or unique key) already exists.
    pub fn is_conflict(&self) -> bool {
        self.has_status(409)
    }

    /// 412: an `If-Match` etag condition failed.
    pub fn is_precondition_failed(&self) -> bool {
        self.has_status(412)
    }

    /// 304: an `If-None-Match` read found the resource unchanged.
    pub fn is_not_modified(&self) -> bool {
        self.has_status(304)
    }

    /// 429: the request rate exceeded the provisioned throughput, even after the client's
    /// own retries.
    pub fn is_throttled(&self) -> bool {
        self.has_status(429)
    }

    /// 401 or 403: the credential was rejected or lacks permission.
    pub fn is_unauthorized(&self) -> bool {
        self.has_status(401) || self.has_status(403)
    }

    /// A transport failure (no HTTP response).
    pub fn is_transport(&self) -> bool {
        matches!(*self.kind, ErrorKind::Transport { .. })
    }
}

/// The JSON body of a Cosmos error response: `{"code": "...", "message": "..."}`.
#[derive(serde::Deserialize, Default)]
struct ErrorBody {
    #[serde(default)]
    code: Option<String>,
    #[serde(default)]
    message: Option<String>,
}

/// Builds the service error for a non-success response. Never fails: a garbage or empty body
/// falls back to the status's reason phrase, so an odd server cannot make error handling panic.
pub(crate) fn service_error(status: u16, sub_status: Option<u32>, body: &[u8]) -> Error {
    let parsed: ErrorBody = serde_json::from_slice(body).unwrap_or_default();
    let message = parsed
        .message
        .filter(|m| !m.trim().is_empty())
        .or_else(|| {
            // A non-JSON body (a proxy's HTML page, plain text) is still the best description.
            let text = String::from_utf8_lossy(body);
            let text = text.trim();
            (!text.is_empty() && !text.starts_with('{')).then(|| truncate(text, 512))
        })
        .unwrap_or_else(|| {
            http::StatusCode::from_u16(status)
                .ok()
                .and_then(|s| s.canonical_reason())
                .unwrap_or("unknown status")
                .to_owned()
        });
    ErrorKind::Service {
        status,
        sub_status,
        code: parsed.code.unwrap_or_default(),
        message,
    }
    .into()
}

fn truncate(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((i, _)) => format!("{}…", &text[..i]),
        None => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_is_a_well_behaved_error_type() {
        fn check<E: std::error::Error + Send + Sync + Clone + 'static>() {}
        check::<Error>();
        // Boxed kind keeps `Result<T>` small.
        assert!(
            std::mem::size_of::<Error>() <= 96,
            "{}",
            std::mem::size_of::<Error>()
        );
    }

    #[test]
    fn parses_cosmos_error_body() {
        let e = service_error(
            404,
            Some(0),
            br#"{"code":"NotFound","message":"Entity with the specified id does not exist"}"#,
        );
        assert!(e.is_not_found());
        assert_eq!(e.sub_status(), Some(0));
        assert_eq!(e.message(), "Entity with the specified id does not exist");
        match e.kind() {
            ErrorKind::Service { code, .. } => assert_eq!(code, "NotFound"),
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn garbage_bodies_fall_back_to_reason() {
        for body in [
            &b""[..],
            b"{",
            b"{}",
            b"\xff\xfe",
            br#"{"message":""}"#,
            b"[1,2]",
        ] {
            let e = service_error(409, None, body);
            assert!(e.is_conflict());
            assert!(!e.message().is_empty(), "{body:?}");
        }
        assert_eq!(
            service_error(412, None, b"").message(),
            "Precondition Failed"
        );
        assert_eq!(service_error(599, None, b"").message(), "unknown status");
        assert_eq!(
            service_error(502, None, b"Bad gateway").message(),
            "Bad gateway"
        );
    }

    #[test]
    fn helpers_and_metadata() {
        let e = service_error(429, Some(3200), b"{}").with_response_meta(
            Some("act".into()),
            Some(1.5),
            Some(Duration::from_millis(20)),
        );
        assert!(e.is_throttled());
        assert_eq!(e.retry_after(), Some(Duration::from_millis(20)));
        assert_eq!(e.request_charge(), Some(1.5));
        assert_eq!(e.activity_id(), Some("act"));
        assert!(e.to_string().contains("429/3200"));
        assert!(e.to_string().contains("act"));
        let cloned = e.clone();
        assert_eq!(cloned.kind(), e.kind());
        assert!(!Error::invalid_argument("x").is_not_found());
        assert_eq!(Error::invalid_argument("x").status(), None);
    }
}
