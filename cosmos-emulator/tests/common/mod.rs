//! A small signed HTTP client for the end-to-end tests: it signs requests with the account
//! key exactly as the SDKs do (via `cosmos_protocol::auth`).

#![allow(dead_code)]

pub mod peer;

use cosmos_protocol::auth::{format_date, MasterKey, ResourceLink};
use reqwest::{Method, StatusCode};
use serde_json::Value;
use std::time::SystemTime;

pub struct Client {
    http: reqwest::Client,
    endpoint: String,
    key: MasterKey,
}

pub struct Response {
    pub status: StatusCode,
    pub headers: reqwest::header::HeaderMap,
    pub body: Vec<u8>,
}

impl Response {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| {
            panic!(
                "body is not JSON ({e}): {:?}",
                String::from_utf8_lossy(&self.body)
            )
        })
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

impl Client {
    pub fn new(endpoint: &str, key: &str) -> Self {
        Self::with_http(endpoint, key, reqwest::Client::new())
    }

    pub fn with_http(endpoint: &str, key: &str, http: reqwest::Client) -> Self {
        Self {
            http,
            endpoint: endpoint.trim_end_matches('/').to_owned(),
            key: MasterKey::from_base64(key).expect("valid key"),
        }
    }

    /// Sends a request signed over `path`'s name-based link, with extra headers.
    pub async fn send(
        &self,
        method: Method,
        path: &str,
        headers: &[(&str, &str)],
        body: Option<&Value>,
    ) -> Response {
        self.send_raw(
            method,
            path,
            headers,
            body.map(|b| b.to_string().into_bytes()),
        )
        .await
    }

    pub async fn send_raw(
        &self,
        method: Method,
        path: &str,
        headers: &[(&str, &str)],
        body: Option<Vec<u8>>,
    ) -> Response {
        let link = ResourceLink::from_path(path);
        self.send_signed(method, path, &link, SystemTime::now(), headers, body)
            .await
    }

    /// Sends a request signed over an explicit link at an explicit time.
    pub async fn send_signed(
        &self,
        method: Method,
        path: &str,
        link: &ResourceLink,
        at: SystemTime,
        headers: &[(&str, &str)],
        body: Option<Vec<u8>>,
    ) -> Response {
        let date = format_date(at);
        let mut request = self
            .http
            .request(method.clone(), format!("{}{path}", self.endpoint))
            .header("x-ms-date", &date)
            .header("x-ms-version", cosmos_protocol::API_VERSION)
            .header(
                "authorization",
                self.key.authorization(method.as_str(), link, &date),
            );
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        if let Some(body) = body {
            request = request
                .header("content-type", "application/json")
                .body(body);
        }
        let response = request.send().await.expect("request is sent");
        Response {
            status: response.status(),
            headers: response.headers().clone(),
            body: response.bytes().await.expect("body").to_vec(),
        }
    }

    pub async fn get(&self, path: &str, headers: &[(&str, &str)]) -> Response {
        self.send(Method::GET, path, headers, None).await
    }

    pub async fn post(&self, path: &str, headers: &[(&str, &str)], body: &Value) -> Response {
        self.send(Method::POST, path, headers, Some(body)).await
    }

    pub async fn put(&self, path: &str, headers: &[(&str, &str)], body: &Value) -> Response {
        self.send(Method::PUT, path, headers, Some(body)).await
    }

    pub async fn delete(&self, path: &str, headers: &[(&str, &str)]) -> Response {
        self.send(Method::DELETE, path, headers, None).await
    }

    /// Creates a database and a container partitioned on `/pk` (V2).
    pub async fn setup(&self, db: &str, coll: &str) {
        let r = self.post("/dbs", &[], &serde_json::json!({"id": db})).await;
        assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.json());
        let r = self
            .post(
                &format!("/dbs/{db}/colls"),
                &[],
                &serde_json::json!({"id": coll, "partitionKey": {"paths": ["/pk"], "kind": "Hash", "version": 2}}),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.json());
    }
}
