//! A scripted HTTP server on a loopback port: it answers each request with the next scripted
//! response and records what it received, to test the client's retry, session and signing
//! logic over real HTTP without a Cosmos implementation.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode};
use axum::response::Response;
use cosmos_core::{ClientOptions, CosmosClient, Credential};

#[derive(Clone, Debug)]
pub struct Scripted {
    pub status: u16,
    pub headers: Vec<(&'static str, String)>,
    pub body: String,
}

impl Scripted {
    pub fn new(status: u16, body: impl Into<String>) -> Self {
        Self {
            status,
            headers: Vec::new(),
            body: body.into(),
        }
    }

    pub fn header(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.headers.push((name, value.into()));
        self
    }
}

#[derive(Clone, Debug)]
pub struct Received {
    pub method: Method,
    pub path: String,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl Received {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

#[derive(Default)]
struct Shared {
    script: Mutex<VecDeque<Scripted>>,
    received: Mutex<Vec<Received>>,
}

pub struct Stub {
    pub endpoint: String,
    shared: Arc<Shared>,
}

async fn handle(State(shared): State<Arc<Shared>>, request: axum::extract::Request) -> Response {
    let (parts, body) = request.into_parts();
    let body = axum::body::to_bytes(body, usize::MAX)
        .await
        .unwrap_or_default();
    shared.received.lock().unwrap().push(Received {
        method: parts.method,
        path: parts.uri.path().to_owned(),
        headers: parts.headers,
        body: body.to_vec(),
    });
    let next = shared.script.lock().unwrap().pop_front();
    let scripted = next.unwrap_or_else(|| Scripted::new(599, r#"{"message":"unscripted"}"#));
    let mut response = Response::builder().status(StatusCode::from_u16(scripted.status).unwrap());
    for (name, value) in scripted.headers {
        response = response.header(name, value);
    }
    response.body(Body::from(scripted.body)).unwrap()
}

impl Stub {
    pub async fn start() -> Self {
        let shared = Arc::new(Shared::default());
        let app = axum::Router::new()
            .fallback(handle)
            .with_state(shared.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move {
            axum::serve(listener, app).await.unwrap();
        });
        Self {
            endpoint: format!("http://{addr}/"),
            shared,
        }
    }

    pub fn push(&self, response: Scripted) -> &Self {
        self.shared.script.lock().unwrap().push_back(response);
        self
    }

    pub fn received(&self) -> Vec<Received> {
        self.shared.received.lock().unwrap().clone()
    }

    pub fn client(&self, options: ClientOptions) -> CosmosClient {
        CosmosClient::new(
            &self.endpoint,
            Credential::master_key(cosmos_protocol::EMULATOR_KEY).unwrap(),
            options,
        )
        .unwrap()
    }
}
