//! Sends a [`Request`]: signs each attempt, attaches session tokens, retries per the policy and
//! turns non-success statuses into [`Error`]s.

use std::time::{Instant, SystemTime};

use bytes::Bytes;
use cosmos_protocol::auth::{format_date, ResourceLink};
use cosmos_protocol::epk::{effective_partition_key, EpkTarget};
use cosmos_protocol::headers as h;
use cosmos_protocol::PartitionKey;
use http::{HeaderValue, Method};
use tracing::Instrument as _;

use crate::auth::Authorizer;
use crate::error::{service_error, Error, Result};
use crate::headers::ResponseHeaders;
use crate::options::{ClientOptions, ConsistencyLevel};
use crate::request::Request;
use crate::resources::PartitionKeyRange;
use crate::response::Diagnostics;
use crate::retry::{decide, Outcome, RetryState};
use crate::routing_map::RoutingMaps;
use crate::session::SessionContainer;

/// A success response before its body is decoded.
#[derive(Debug)]
pub(crate) struct RawResponse {
    pub(crate) status: u16,
    pub(crate) headers: ResponseHeaders,
    pub(crate) body: Bytes,
    pub(crate) diagnostics: Diagnostics,
}

impl RawResponse {
    /// Decodes the JSON body; `None` for an empty body (204, `Prefer: return=minimal`).
    /// The typed response carrying `value` with this response's status, headers and
    /// diagnostics.
    pub(crate) fn into_response<T>(self, value: T) -> crate::response::Response<T> {
        crate::response::Response::new(value, self.status, self.headers, self.diagnostics)
    }

    pub(crate) fn json<T: serde::de::DeserializeOwned>(&self) -> Result<Option<T>> {
        if self.body.iter().all(u8::is_ascii_whitespace) {
            return Ok(None);
        }
        serde_json::from_slice(&self.body)
            .map(Some)
            .map_err(|e| self.annotate(Error::serialization(e)))
    }

    /// Decodes a body that must be present.
    pub(crate) fn json_required<T: serde::de::DeserializeOwned>(&self) -> Result<T> {
        self.json()?.ok_or_else(|| {
            self.annotate(
                crate::error::ErrorKind::Serialization {
                    message: format!("the {} response has no body", self.status),
                }
                .into(),
            )
        })
    }

    fn annotate(&self, err: Error) -> Error {
        err.with_response_meta(
            self.headers.activity_id().map(str::to_owned),
            Some(self.headers.request_charge()),
            None,
        )
    }
}

#[derive(Debug)]
pub(crate) struct Pipeline {
    http: reqwest::Client,
    /// The endpoint without a trailing slash, e.g. `https://acct.documents.azure.com:443`.
    base_url: String,
    auth: Authorizer,
    pub(crate) options: ClientOptions,
    pub(crate) sessions: SessionContainer,
    pub(crate) routing: RoutingMaps,
}

impl Pipeline {
    pub(crate) fn new(
        http: reqwest::Client,
        base_url: String,
        auth: Authorizer,
        options: ClientOptions,
    ) -> Self {
        Self {
            http,
            base_url,
            auth,
            options,
            sessions: SessionContainer::default(),
            routing: RoutingMaps::default(),
        }
    }

    /// Sends the request, retrying as the policy allows.
    pub(crate) async fn send(&self, request: &Request) -> Result<RawResponse> {
        let keyed = self.keyed_session_token(request).await;
        let path = request.encoded_path();
        let span = tracing::debug_span!(
            "cosmos.request",
            operation = request.operation,
            method = %request.method,
            path = %path,
            status = tracing::field::Empty,
            request_charge = tracing::field::Empty,
            activity_id = tracing::field::Empty,
            retries = tracing::field::Empty,
        );
        self.send_with_retries(request, &path, keyed)
            .instrument(span)
            .await
    }

    /// For a keyed read of a container whose session spans several ranges: only the token of
    /// the range owning the key (`Some(None)`: no token for it yet, send none), as the
    /// Python SDK does. `None` leaves the choice to [`Self::session_token_for`]: no key, one
    /// range, or a routing map that could not be read (then the whole token is sent).
    async fn keyed_session_token(&self, request: &Request) -> Option<Option<String>> {
        let consistency = request.consistency_level.or(self.options.consistency_level);
        if request.session_token.is_some()
            || !request.is_read
            || !matches!(consistency, None | Some(ConsistencyLevel::Session))
        {
            return None;
        }
        let link = request.container_link.as_deref()?;
        let header = request.headers.get(h::PARTITION_KEY)?.to_str().ok()?;
        if self.sessions.range_count(link) < 2 {
            return None;
        }
        let key = PartitionKey::from_header(header).ok()?;
        let definition = self.routing.definition_if_available(self, link).await?;
        let target = effective_partition_key(&definition, &key).ok()?;
        let mut ranges = self.routing.ranges(self, link).await.ok()?;
        // Tokens from ranges the map does not know mean it predates a split: read it again,
        // or the key would be matched to its gone parent and get the parent's older token.
        let unknown: Vec<String> = self
            .sessions
            .range_ids(link)
            .into_iter()
            .filter(|id| !ranges.iter().any(|r| &r.id == id || r.parents.contains(id)))
            .collect();
        if self.routing.first_sight_of(link, &unknown) {
            ranges = self.routing.refresh_ranges(self, link).await.ok()?;
        }
        let owners: Vec<&PartitionKeyRange> = match &target {
            EpkTarget::Point(epk) => ranges
                .iter()
                .filter(|r| r.epk_range().contains(epk.as_str()))
                .collect(),
            EpkTarget::Range(range) => ranges
                .iter()
                .filter(|r| r.epk_range().overlaps(range))
                .collect(),
        };
        Some(self.sessions.token_for_ranges(link, &owners))
    }

    async fn send_with_retries(
        &self,
        request: &Request,
        path: &str,
        keyed: Option<Option<String>>,
    ) -> Result<RawResponse> {
        let span = tracing::Span::current();
        let link = if request.rid_based {
            ResourceLink::from_path(path).rid_form()
        } else {
            ResourceLink::from_path(path)
        };
        let url = format!("{}{}", self.base_url, path);
        let started = Instant::now();
        let mut state = RetryState::default();
        let mut diagnostics = Diagnostics::default();
        loop {
            let attempt = self.attempt(request, &link, &url, keyed.as_ref()).await;
            let (outcome, error) = match attempt {
                Ok(response)
                    if (200..300).contains(&response.status)
                        || (response.status == 304 && request.not_modified_is_success) =>
                {
                    diagnostics.attempt_statuses.push(Some(response.status));
                    diagnostics.total_request_charge += response.headers.request_charge();
                    diagnostics.retry_count =
                        (diagnostics.attempt_statuses.len() as u32).saturating_sub(1);
                    diagnostics.elapsed = started.elapsed();
                    diagnostics.throttle_wait = state.throttle_wait;
                    self.record_session(request, &response.headers);
                    span.record("status", response.status);
                    span.record("request_charge", response.headers.request_charge());
                    span.record("retries", diagnostics.retry_count);
                    if let Some(id) = response.headers.activity_id() {
                        span.record("activity_id", id);
                    }
                    return Ok(RawResponse {
                        diagnostics,
                        ..response
                    });
                }
                Ok(response) => {
                    diagnostics.attempt_statuses.push(Some(response.status));
                    diagnostics.total_request_charge += response.headers.request_charge();
                    let headers = &response.headers;
                    let sub_status = headers.sub_status();
                    let retry_after = headers.retry_after();
                    let error = service_error(response.status, sub_status, &response.body)
                        .with_response_meta(
                            headers.activity_id().map(str::to_owned),
                            Some(headers.request_charge()),
                            retry_after,
                        );
                    span.record("status", response.status);
                    if let Some(id) = headers.activity_id() {
                        span.record("activity_id", id);
                    }
                    let outcome = Outcome::Status {
                        status: response.status,
                        sub_status,
                        retry_after,
                    };
                    (outcome, error)
                }
                Err(error) => {
                    diagnostics.attempt_statuses.push(None);
                    let is_connect = matches!(
                        *error.kind,
                        crate::ErrorKind::Transport {
                            is_connect: true,
                            ..
                        }
                    );
                    if !error.is_transport() {
                        // Signing or credential failures are not going to improve on retry.
                        return Err(error);
                    }
                    (Outcome::Transport { is_connect }, error)
                }
            };
            match decide(&self.options.retry, &mut state, outcome, request.is_read) {
                Some((wait, reason)) => {
                    tracing::debug!(?reason, ?wait, error = %error, "retrying");
                    tokio::time::sleep(wait).await;
                }
                None => {
                    span.record(
                        "retries",
                        (diagnostics.attempt_statuses.len() as u32).saturating_sub(1),
                    );
                    return Err(error);
                }
            }
        }
    }

    /// One HTTP exchange. A non-success status is still `Ok` here; only transport and
    /// signing failures are errors.
    async fn attempt(
        &self,
        request: &Request,
        link: &ResourceLink,
        url: &str,
        keyed: Option<&Option<String>>,
    ) -> Result<RawResponse> {
        let date = format_date(SystemTime::now());
        let authorization = self
            .auth
            .authorization(request.method.as_str(), link, &date)
            .await?;
        let mut headers = request.headers.clone();
        let mut set = |name: &'static str, value: &str| -> Result<()> {
            let value = HeaderValue::from_str(value).map_err(|_| {
                Error::invalid_argument(format!("'{value}' is not a valid {name} header"))
            })?;
            headers.insert(name, value);
            Ok(())
        };
        set(h::X_MS_DATE, &date)?;
        set(h::X_MS_VERSION, cosmos_protocol::API_VERSION)?;
        set(h::AUTHORIZATION, &authorization)?;
        set("accept", "application/json")?;
        let consistency = request.consistency_level.or(self.options.consistency_level);
        if let Some(level) = consistency {
            set(h::CONSISTENCY_LEVEL, level.as_str())?;
        }
        let token = match keyed {
            Some(chosen) => chosen.clone(),
            None => self.session_token_for(request, consistency),
        };
        if let Some(token) = token {
            set(h::SESSION_TOKEN, &token)?;
        }
        let mut builder = self
            .http
            .request(request.method.clone(), url)
            .headers(headers);
        if let Some(body) = &request.body {
            if !request.headers.contains_key(http::header::CONTENT_TYPE) {
                builder = builder.header(http::header::CONTENT_TYPE, "application/json");
            }
            builder = builder.body(body.clone());
        } else if request.method == Method::POST || request.method == Method::PUT {
            builder = builder.header(http::header::CONTENT_LENGTH, "0");
        }
        let response = builder.send().await.map_err(Error::transport)?;
        let status = response.status().as_u16();
        let headers = ResponseHeaders::new(response.headers().clone());
        let body = response.bytes().await.map_err(Error::transport)?;
        Ok(RawResponse {
            status,
            headers,
            body,
            diagnostics: Diagnostics::default(),
        })
    }

    /// The session token to send: the caller's, or the tracked one for reads under Session
    /// consistency. With no level configured the account default applies, which is Session
    /// for nearly every account, so the token is sent then too (as the Python SDK does).
    fn session_token_for(
        &self,
        request: &Request,
        consistency: Option<ConsistencyLevel>,
    ) -> Option<String> {
        if let Some(explicit) = &request.session_token {
            return Some(explicit.clone());
        }
        if !request.is_read || !matches!(consistency, None | Some(ConsistencyLevel::Session)) {
            return None;
        }
        self.sessions.token_for(request.container_link.as_deref()?)
    }

    fn record_session(&self, request: &Request, headers: &ResponseHeaders) {
        let Some(token) = headers.session_token() else {
            return;
        };
        let scope = request
            .container_link
            .as_deref()
            .or_else(|| headers.alt_content_path().filter(|p| p.contains("/colls/")));
        if let Some(scope) = scope {
            self.sessions.record(scope, token, headers.content_path());
        }
    }
}
