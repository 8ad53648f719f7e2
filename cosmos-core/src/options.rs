//! Client-wide settings.
//!
//! Option structs are `#[non_exhaustive]` so fields can be added without breaking callers:
//! start from `Default` and set fields or chain the `with_*` methods.

use std::fmt;
use std::time::Duration;

/// The read consistency a request asks for (`x-ms-consistency-level`). It may only weaken the
/// account's default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ConsistencyLevel {
    Strong,
    BoundedStaleness,
    Session,
    Eventual,
    ConsistentPrefix,
}

impl ConsistencyLevel {
    /// The header value.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Strong => "Strong",
            Self::BoundedStaleness => "BoundedStaleness",
            Self::Session => "Session",
            Self::Eventual => "Eventual",
            Self::ConsistentPrefix => "ConsistentPrefix",
        }
    }
}

impl fmt::Display for ConsistencyLevel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// When and how often the client retries on its own.
///
/// Defaults follow the official SDKs: throttled (429) requests are retried up to 9 times or
/// 30 seconds of total waiting, honouring `x-ms-retry-after-ms`; transient failures (408, 503,
/// connection errors) are retried 3 times with exponential backoff for reads only, unless
/// [`retry_writes`](Self::retry_writes) is set.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct RetryOptions {
    /// Retries of a 429 before its error is returned.
    pub max_throttle_retries: u32,
    /// Total time spent waiting on 429s before giving up.
    pub max_throttle_wait: Duration,
    /// Retries of a transient failure (408, 500, 502, 503, 504, connection or timeout).
    pub max_transient_retries: u32,
    /// First backoff for transient failures; it doubles on each retry.
    pub transient_backoff: Duration,
    /// Retry transient failures of writes too. Off by default: a write that timed out may
    /// have been applied, and replaying a create would then fail with 409 (or duplicate a
    /// non-idempotent upsert). A write whose connection was never established is always safe
    /// to retry and is retried regardless.
    pub retry_writes: bool,
}

impl Default for RetryOptions {
    fn default() -> Self {
        Self {
            max_throttle_retries: 9,
            max_throttle_wait: Duration::from_secs(30),
            max_transient_retries: 3,
            transient_backoff: Duration::from_millis(100),
            retry_writes: false,
        }
    }
}

impl RetryOptions {
    /// No automatic retries at all.
    pub fn none() -> Self {
        Self {
            max_throttle_retries: 0,
            max_throttle_wait: Duration::ZERO,
            max_transient_retries: 0,
            transient_backoff: Duration::ZERO,
            retry_writes: false,
        }
    }

    pub fn with_max_throttle_retries(mut self, n: u32) -> Self {
        self.max_throttle_retries = n;
        self
    }

    pub fn with_max_throttle_wait(mut self, wait: Duration) -> Self {
        self.max_throttle_wait = wait;
        self
    }

    pub fn with_max_transient_retries(mut self, n: u32) -> Self {
        self.max_transient_retries = n;
        self
    }

    pub fn with_transient_backoff(mut self, backoff: Duration) -> Self {
        self.transient_backoff = backoff;
        self
    }

    pub fn with_retry_writes(mut self, on: bool) -> Self {
        self.retry_writes = on;
        self
    }
}

/// Settings of a [`CosmosClient`](crate::CosmosClient).
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ClientOptions {
    /// Sent as `x-ms-consistency-level` on every request unless a request overrides it.
    /// `None` leaves the account default in force.
    pub consistency_level: Option<ConsistencyLevel>,
    /// Accept any TLS certificate. Only for local emulators with self-signed certificates.
    pub accept_invalid_certs: bool,
    pub retry: RetryOptions,
    /// Limit on one HTTP attempt (connect + response).
    pub request_timeout: Duration,
    pub connect_timeout: Duration,
    /// Appended to the `User-Agent` header.
    pub user_agent_suffix: Option<String>,
}

impl Default for ClientOptions {
    fn default() -> Self {
        Self {
            consistency_level: None,
            accept_invalid_certs: false,
            retry: RetryOptions::default(),
            request_timeout: Duration::from_secs(65),
            connect_timeout: Duration::from_secs(10),
            user_agent_suffix: None,
        }
    }
}

impl ClientOptions {
    pub fn with_consistency_level(mut self, level: ConsistencyLevel) -> Self {
        self.consistency_level = Some(level);
        self
    }

    pub fn with_accept_invalid_certs(mut self, accept: bool) -> Self {
        self.accept_invalid_certs = accept;
        self
    }

    pub fn with_retry(mut self, retry: RetryOptions) -> Self {
        self.retry = retry;
        self
    }

    pub fn with_request_timeout(mut self, timeout: Duration) -> Self {
        self.request_timeout = timeout;
        self
    }

    pub fn with_connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    pub fn with_user_agent_suffix(mut self, suffix: impl Into<String>) -> Self {
        self.user_agent_suffix = Some(suffix.into());
        self
    }
}
