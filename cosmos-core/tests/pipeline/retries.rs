//! Retry policy over HTTP: throttling, transient failures, session lag, refused connections.

use super::*;

#[tokio::test]
async fn throttled_requests_wait_and_retry() {
    let stub = Stub::start().await;
    stub.push(throttled(30))
        .push(throttled(30))
        .push(Scripted::new(200, DOC).header("x-ms-request-charge", "1.25"));
    let container = stub.client(fast_retries()).database("d").container("c");
    let started = std::time::Instant::now();
    let read = container.read_item::<Value>("x", "a").await.unwrap();
    assert!(started.elapsed() >= Duration::from_millis(60));
    assert_eq!(read.status(), 200);
    assert_eq!(read.request_charge(), 1.25);
    let diag = read.diagnostics();
    assert_eq!(diag.retry_count, 2);
    assert_eq!(diag.attempt_statuses, [Some(429), Some(429), Some(200)]);
    assert_eq!(diag.throttle_wait, Duration::from_millis(60));
    assert_eq!(diag.total_request_charge, 2.25);
    assert!(diag.elapsed >= Duration::from_millis(60));
    // Each attempt is freshly signed: three requests reached the server.
    assert_eq!(stub.received().len(), 3);
}

#[tokio::test]
async fn throttling_gives_up_after_the_configured_retries() {
    let stub = Stub::start().await;
    for _ in 0..10 {
        stub.push(throttled(1));
    }
    let container = stub.client(fast_retries()).database("d").container("c");
    let err = container
        .create_item("a", &json!({"id": "x", "pk": "a"}))
        .await
        .unwrap_err();
    assert!(err.is_throttled());
    assert_eq!(err.sub_status(), Some(3200));
    assert_eq!(err.retry_after(), Some(Duration::from_millis(1)));
    assert_eq!(err.request_charge(), Some(0.5));
    assert_eq!(err.message(), "Request rate is large");
    // The first attempt plus three retries.
    assert_eq!(stub.received().len(), 4);

    // With a total-wait budget smaller than the hint, nothing is retried.
    let stub = Stub::start().await;
    stub.push(throttled(500)).push(Scripted::new(200, DOC));
    let options = ClientOptions::default()
        .with_retry(RetryOptions::default().with_max_throttle_wait(Duration::from_millis(100)));
    let container = stub.client(options).database("d").container("c");
    assert!(container
        .read_item::<Value>("x", "a")
        .await
        .unwrap_err()
        .is_throttled());
    assert_eq!(stub.received().len(), 1);
}

#[tokio::test]
async fn transient_failures_retry_reads_but_not_writes() {
    let stub = Stub::start().await;
    stub.push(Scripted::new(503, "Service Unavailable"))
        .push(Scripted::new(408, ""))
        .push(Scripted::new(200, DOC));
    let container = stub.client(fast_retries()).database("d").container("c");
    let read = container.read_item::<Value>("x", "a").await.unwrap();
    assert_eq!(read.diagnostics().retry_count, 2);

    let stub = Stub::start().await;
    stub.push(Scripted::new(503, ""))
        .push(Scripted::new(201, DOC));
    let container = stub.client(fast_retries()).database("d").container("c");
    let err = container
        .create_item("a", &json!({"id": "x"}))
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(503));
    assert_eq!(err.message(), "Service Unavailable");
    assert_eq!(stub.received().len(), 1);

    // Opting in retries writes too.
    let stub = Stub::start().await;
    stub.push(Scripted::new(503, ""))
        .push(Scripted::new(201, DOC));
    let options = ClientOptions::default().with_retry(
        RetryOptions::default()
            .with_retry_writes(true)
            .with_transient_backoff(Duration::from_millis(1)),
    );
    let container = stub.client(options).database("d").container("c");
    let created = container
        .create_item("a", &json!({"id": "x"}))
        .await
        .unwrap();
    assert_eq!(created.status(), 201);
}

#[tokio::test]
async fn session_not_available_is_retried_once() {
    let stub = Stub::start().await;
    let lagging = || {
        Scripted::new(404, r#"{"code":"NotFound","message":"lag"}"#)
            .header("x-ms-substatus", "1002")
    };
    stub.push(lagging()).push(Scripted::new(200, DOC));
    let container = stub.client(fast_retries()).database("d").container("c");
    assert!(container.read_item::<Value>("x", "a").await.is_ok());

    stub.push(lagging())
        .push(lagging())
        .push(Scripted::new(200, DOC));
    let err = container.read_item::<Value>("x", "a").await.unwrap_err();
    assert!(err.is_not_found());
    assert_eq!(err.sub_status(), Some(1002));
}

#[tokio::test]
async fn connection_refused_is_a_transport_error() {
    // Bind then drop a listener to get a port nothing listens on.
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let client = CosmosClient::new(
        &format!("http://127.0.0.1:{port}/"),
        Credential::master_key(cosmos_protocol::EMULATOR_KEY).unwrap(),
        fast_retries(),
    )
    .unwrap();
    let err = client.database("d").read().await.unwrap_err();
    assert!(err.is_transport(), "{err:?}");
    assert!(matches!(
        err.kind(),
        ErrorKind::Transport {
            is_connect: true,
            ..
        }
    ));
    assert_eq!(err.status(), None);
}
