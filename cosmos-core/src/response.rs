//! What a successful operation returns: the value plus the metadata of the response.

use std::time::Duration;

use crate::headers::ResponseHeaders;

/// How the client got to a response.
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct Diagnostics {
    /// Attempts beyond the first (throttling, transient failures, session-not-available).
    pub retry_count: u32,
    /// Time from the first attempt to the final response, waits included.
    pub elapsed: Duration,
    /// Time spent waiting on 429 retry-after hints.
    pub throttle_wait: Duration,
    /// RUs charged over all attempts (throttled attempts are charged too).
    pub total_request_charge: f64,
    /// The status of every attempt, in order (`None` for a transport failure).
    pub attempt_statuses: Vec<Option<u16>>,
}

/// A successful response: its value, status, headers and diagnostics.
///
/// Writes return [`ItemResponse<T>`]: their value is `None` when the service sent no body
/// (`Prefer: return=minimal`, deletes).
#[derive(Debug, Clone)]
pub struct Response<T> {
    value: T,
    status: u16,
    headers: ResponseHeaders,
    diagnostics: Diagnostics,
}

/// The response of an item or resource write.
pub type ItemResponse<T> = Response<Option<T>>;

impl<T> Response<T> {
    pub(crate) fn new(
        value: T,
        status: u16,
        headers: ResponseHeaders,
        diagnostics: Diagnostics,
    ) -> Self {
        Self {
            value,
            status,
            headers,
            diagnostics,
        }
    }

    pub fn value(&self) -> &T {
        &self.value
    }

    pub fn into_value(self) -> T {
        self.value
    }

    /// Replaces the value, keeping the metadata.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Response<U> {
        Response {
            value: f(self.value),
            status: self.status,
            headers: self.headers,
            diagnostics: self.diagnostics,
        }
    }

    /// HTTP status: 200, 201 (created), 204 (deleted)…
    pub fn status(&self) -> u16 {
        self.status
    }

    /// RUs the request consumed (the final attempt's charge).
    pub fn request_charge(&self) -> f64 {
        self.headers.request_charge()
    }

    pub fn activity_id(&self) -> Option<&str> {
        self.headers.activity_id()
    }

    /// The resource's new etag, for a later `if_match`.
    pub fn etag(&self) -> Option<&str> {
        self.headers.etag()
    }

    /// The session token the response advanced the session to.
    pub fn session_token(&self) -> Option<&str> {
        self.headers.session_token()
    }

    pub fn headers(&self) -> &ResponseHeaders {
        &self.headers
    }

    pub fn diagnostics(&self) -> &Diagnostics {
        &self.diagnostics
    }
}
