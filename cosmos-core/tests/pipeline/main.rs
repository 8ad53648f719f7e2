//! The request pipeline over real HTTP against a scripted loopback server: retries (429,
//! transient failures, session lag), session-token tracking, request signing for every
//! credential kind, paging, and tolerance of malformed responses.

mod stub;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use cosmos_core::{
    AccessToken, ClientOptions, ConsistencyLevel, CosmosClient, Credential, CredentialError,
    ErrorKind, PartitionKey, PartitionKeyValue, ResourceTokens, RetryOptions, TokenCredential,
};
use cosmos_protocol::auth::{AuthorizationHeader, MasterKey, ResourceLink};
use futures::future::BoxFuture;
use futures::{StreamExt, TryStreamExt};
use serde_json::{json, Value};
use stub::{Scripted, Stub};

/// A container `c` partitioned by `/pk` (one level).
const CONTAINER: &str = r#"{"id":"c","partitionKey":{"paths":["/pk"],"kind":"Hash","version":2}}"#;

const DOC: &str = r#"{"id":"x","pk":"a","_etag":"\"1\"","_ts":1}"#;

fn fast_retries() -> ClientOptions {
    ClientOptions::default().with_retry(
        RetryOptions::default()
            .with_transient_backoff(Duration::from_millis(5))
            .with_max_throttle_retries(3),
    )
}

fn throttled(ms: u32) -> Scripted {
    Scripted::new(
        429,
        r#"{"code":"TooManyRequests","message":"Request rate is large"}"#,
    )
    .header("x-ms-retry-after-ms", ms.to_string())
    .header("x-ms-substatus", "3200")
    .header("x-ms-request-charge", "0.5")
}

mod credentials;
mod feeds;
mod requests;
mod retries;
mod sessions;
mod splits;
