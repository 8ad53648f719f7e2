//! The axum application: shared state, and the single entry point every request goes
//! through (authorize, parse the path, read the body, route, stamp the common headers).
//!
//! One catch-all handler instead of a route table: the SDKs disagree on trailing slashes,
//! names and RIDs share path positions, and unknown paths must still get Cosmos error bodies.

use crate::access;
use crate::auth::{Authorizer, Principal};
use crate::errors::ApiError;
use crate::path::ResourcePath;
use crate::request::RequestContext;
use crate::routes;
use crate::store::Store;
use crate::throttle::{self, Throttle};
use axum::body::Body;
use axum::extract::{Request, State};
use axum::response::{IntoResponse, Response};
use axum::Router;
use cosmos_protocol::headers;
use http::HeaderValue;
use std::sync::Arc;
use std::time::{Instant, SystemTime};

/// Bodies above this are refused before parsing (documents are limited to 2 MB; the slack
/// lets an oversized document still get its specific 413 message).
pub const MAX_REQUEST_BYTES: usize = 4 * 1024 * 1024;

/// What the service reports as its version.
const SERVICE_VERSION: &str = "version=2.14.0.0";

#[derive(Clone, Debug)]
pub struct AppState {
    pub store: Arc<Store>,
    pub auth: Arc<Authorizer>,
    /// `http` or `https`: with the `Host` header, the endpoint the account advertises.
    pub scheme: &'static str,
    /// Advertised when a request has no usable `Host` header.
    pub endpoint: String,
    /// Set when throughput is enforced (429 once a partition's RU budget is spent).
    pub throttle: Option<Arc<Throttle>>,
}

pub fn router(state: AppState) -> Router {
    Router::new().fallback(handle).with_state(state)
}

async fn handle(State(state): State<AppState>, request: Request) -> Response {
    let activity_id = request
        .headers()
        .get(headers::ACTIVITY_ID)
        .filter(|v| !v.is_empty())
        .cloned()
        .unwrap_or_else(|| {
            HeaderValue::from_str(&uuid::Uuid::new_v4().to_string()).unwrap_or_else(|_| {
                HeaderValue::from_static("00000000-0000-0000-0000-000000000000")
            })
        });
    let mut response = match serve(&state, request).await {
        Ok(response) => response,
        Err(error) => error.into_response(),
    };
    let h = response.headers_mut();
    h.insert(headers::ACTIVITY_ID, activity_id);
    h.insert(
        "x-ms-serviceversion",
        HeaderValue::from_static(SERVICE_VERSION),
    );
    h.insert(
        "x-ms-gatewayversion",
        HeaderValue::from_static(SERVICE_VERSION),
    );
    h.entry(headers::REQUEST_CHARGE)
        .or_insert(HeaderValue::from_static("0"));
    response
}

async fn serve(state: &AppState, request: Request) -> Result<Response, ApiError> {
    let (parts, body) = request.into_parts();
    let principal = state.auth.authorize(
        &parts.method,
        parts.uri.path(),
        &parts.headers,
        SystemTime::now(),
    )?;
    crate::consistency::check(&parts.headers)?;
    let path = ResourcePath::parse(parts.uri.path())?;
    let parts_path = parts.uri.path().to_owned();
    let body = read_body(body).await?;
    let endpoint = parts
        .headers
        .get(http::header::HOST)
        .and_then(|h| h.to_str().ok())
        // HTTP/2 requests name the host in the :authority pseudo-header instead.
        .or_else(|| parts.uri.authority().map(|a| a.as_str()))
        .filter(|h| !h.is_empty() && h.is_ascii())
        .map_or_else(
            || state.endpoint.clone(),
            |host| format!("{}://{host}/", state.scheme),
        );
    let ctx = RequestContext {
        method: parts.method,
        headers: parts.headers,
        body,
        endpoint,
    };
    if let Principal::Resource(claims) = &principal {
        access::check(state, claims, &ctx, parts_path.as_str())?;
    }
    let Some(limiter) = &state.throttle else {
        return routes::route(state, &ctx, path);
    };
    let Some(admission) = throttle::admission(state, &ctx, &path) else {
        return routes::route(state, &ctx, path);
    };
    limiter
        .admit(&admission, Instant::now())
        .map_err(|wait| ApiError::throttled(wait.as_micros().div_ceil(1000) as u64))?;
    let result = routes::route(state, &ctx, path);
    let actual = match &result {
        Ok(response) => response
            .headers()
            .get(headers::REQUEST_CHARGE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<f64>().ok())
            .unwrap_or(0.0),
        Err(error) => error.request_charge_ru(),
    };
    limiter.settle(&admission, actual);
    result
}

async fn read_body(body: Body) -> Result<bytes::Bytes, ApiError> {
    axum::body::to_bytes(body, MAX_REQUEST_BYTES)
        .await
        .map_err(|_| {
            ApiError::too_large(format!(
                "Request size is too large: at most {MAX_REQUEST_BYTES} bytes are accepted."
            ))
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::Body;
    use cosmos_protocol::auth::{format_date, MasterKey, ResourceLink};
    use cosmos_protocol::EMULATOR_KEY;
    use http::{Method, StatusCode};
    use tower::ServiceExt;

    fn app() -> Router {
        let key = MasterKey::from_base64(EMULATOR_KEY).unwrap();
        router(AppState {
            store: Arc::new(Store::new(2)),
            auth: Arc::new(Authorizer::new(key)),
            scheme: "http",
            endpoint: "http://fallback/".into(),
            throttle: None,
        })
    }

    fn signed(method: Method, path: &str, body: &str) -> Request {
        let key = MasterKey::from_base64(EMULATOR_KEY).unwrap();
        let date = format_date(SystemTime::now());
        let auth = key.authorization(method.as_str(), &ResourceLink::from_path(path), &date);
        http::Request::builder()
            .method(method)
            .uri(path)
            .header("host", "emulator.test:1234")
            .header(headers::X_MS_DATE, date)
            .header(headers::AUTHORIZATION, auth)
            .body(Body::from(body.to_owned()))
            .unwrap()
    }

    async fn json(response: Response) -> serde_json::Value {
        let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
            .await
            .unwrap();
        serde_json::from_slice(&bytes).unwrap()
    }

    #[tokio::test]
    async fn account_uses_the_host_header_and_stamps_common_headers() {
        let response = app().oneshot(signed(Method::GET, "/", "")).await.unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        let h = response.headers();
        assert!(h.contains_key(headers::ACTIVITY_ID));
        assert!(h.contains_key("x-ms-serviceversion"));
        assert_eq!(h[headers::REQUEST_CHARGE], "1.00");
        let body = json(response).await;
        assert_eq!(
            body["writableLocations"][0]["databaseAccountEndpoint"],
            "http://emulator.test:1234/"
        );
    }

    #[tokio::test]
    async fn unauthenticated_and_unknown_requests_get_cosmos_errors() {
        let anonymous = http::Request::builder()
            .uri("/dbs")
            .body(Body::empty())
            .unwrap();
        let response = app().oneshot(anonymous).await.unwrap();
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
        assert!(response.headers().contains_key(headers::ACTIVITY_ID));
        assert_eq!(json(response).await["code"], "Unauthorized");

        let response = app()
            .oneshot(signed(Method::GET, "/dbs/d/sprocs", ""))
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::NOT_FOUND);
        let response = app()
            .oneshot(signed(Method::PUT, "/dbs", "{}"))
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::METHOD_NOT_ALLOWED);
    }

    #[tokio::test]
    async fn database_create_then_list_on_one_router() {
        let app = app();
        let created = app
            .clone()
            .oneshot(signed(Method::POST, "/dbs", r#"{"id":"d"}"#))
            .await
            .unwrap();
        assert_eq!(created.status(), StatusCode::CREATED);
        let listed = app.oneshot(signed(Method::GET, "/dbs/", "")).await.unwrap();
        assert_eq!(listed.headers()[headers::ITEM_COUNT], "1");
        assert_eq!(json(listed).await["Databases"][0]["id"], "d");
    }
}
