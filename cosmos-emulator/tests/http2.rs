//! HTTP/2 over plain TCP (prior knowledge), as the official Rust SDK speaks it by default.

use cosmos_emulator::Emulator;
use cosmos_protocol::auth::{format_date, MasterKey, ResourceLink};
use http_body_util::{BodyExt as _, Empty};
use hyper::body::Bytes;
use hyper_util::rt::{TokioExecutor, TokioIo};

async fn h2_get(
    emulator: &Emulator,
    signed: bool,
) -> (http::StatusCode, http::Version, serde_json::Value) {
    let authority = emulator
        .endpoint()
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .to_owned();
    let tcp = tokio::net::TcpStream::connect(&authority).await.unwrap();
    let (mut sender, connection) =
        hyper::client::conn::http2::handshake(TokioExecutor::new(), TokioIo::new(tcp))
            .await
            .expect("HTTP/2 handshake");
    tokio::spawn(connection);
    let date = format_date(std::time::SystemTime::now());
    let mut request = http::Request::get(format!("http://{authority}/"))
        .header("x-ms-date", &date)
        .header("x-ms-version", cosmos_protocol::API_VERSION);
    if signed {
        let key = MasterKey::from_base64(emulator.key()).unwrap();
        request = request.header(
            "authorization",
            key.authorization("GET", &ResourceLink::from_path("/"), &date),
        );
    }
    let response = sender
        .send_request(request.body(Empty::<Bytes>::new()).unwrap())
        .await
        .expect("HTTP/2 response");
    let (status, version) = (response.status(), response.version());
    let body = response.into_body().collect().await.unwrap().to_bytes();
    (status, version, serde_json::from_slice(&body).unwrap())
}

#[tokio::test]
async fn serves_http2_with_prior_knowledge() {
    let emulator = Emulator::start().await.unwrap();

    let (status, version, account) = h2_get(&emulator, true).await;
    assert_eq!(version, http::Version::HTTP_2);
    assert_eq!(status, 200, "{account}");
    let advertised = &account["writableLocations"][0]["databaseAccountEndpoint"];
    assert_eq!(advertised, emulator.endpoint(), "{account}");

    // Auth is enforced the same way over HTTP/2.
    let (status, _, error) = h2_get(&emulator, false).await;
    assert_eq!(status, 401);
    assert_eq!(error["code"], "Unauthorized");
}
