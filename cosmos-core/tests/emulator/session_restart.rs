//! A client that outlives the server's containers: its session tokens must not pin reads to
//! LSNs a recreated container never reached.

use super::*;

#[tokio::test]
async fn session_survives_an_emulator_restart_on_the_same_port() {
    let first = Emulator::start().await.unwrap();
    let port: u16 = first
        .endpoint()
        .trim_end_matches('/')
        .rsplit(':')
        .next()
        .and_then(|p| p.parse().ok())
        .expect("the endpoint names its port");
    let client = CosmosClient::from_connection_string(&first.connection_string()).unwrap();
    let container = orders(&client).await;
    // Many writes push the first container's LSN well past what the second will have.
    for i in 0..20 {
        container
            .upsert_item("alice", &order(&i.to_string(), "alice", 1.0))
            .await
            .unwrap();
    }
    container.read_item::<Order>("0", "alice").await.unwrap();
    let first_endpoint = first.endpoint().to_owned();
    first.shutdown().await;

    let second = Emulator::builder().port(port).start().await.unwrap();
    assert_eq!(second.endpoint(), first_endpoint);
    let container = orders(&client).await;
    container
        .create_item("alice", &order("fresh", "alice", 2.0))
        .await
        .unwrap();
    let read = container
        .read_item::<Order>("fresh", "alice")
        .await
        .unwrap();
    assert_eq!(read.value().total, 2.0);
    assert_eq!(read.diagnostics().retry_count, 0, "no session-lag retry");
}
