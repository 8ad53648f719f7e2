//! The pager: continuation following, resuming, errors.

use super::*;

#[tokio::test]
async fn pager_follows_and_resumes_continuations() {
    let stub = Stub::start().await;
    let container = stub.client(fast_retries()).database("d").container("c");
    stub.push(
        Scripted::new(200, r#"{"Documents":[{"n":1},{"n":2}],"_count":2}"#)
            .header("x-ms-continuation", "t1")
            .header("x-ms-request-charge", "2"),
    )
    .push(Scripted::new(200, r#"{"Documents":[],"_count":0}"#).header("x-ms-continuation", "t2"))
    .push(Scripted::new(200, r#"{"Documents":[{"n":3}],"_count":1}"#));
    let items: Vec<Value> = container
        .read_all_items()
        .max_item_count(2)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(items, [json!({"n":1}), json!({"n":2}), json!({"n":3})]);
    let sent: Vec<_> = stub
        .received()
        .iter()
        .map(|r| {
            (
                r.header("x-ms-continuation").map(str::to_owned),
                r.header("x-ms-max-item-count").map(str::to_owned),
            )
        })
        .collect();
    assert_eq!(
        sent,
        [
            (None, Some("2".into())),
            (Some("t1".into()), Some("2".into())),
            (Some("t2".into()), Some("2".into())),
        ]
    );

    // Resuming sends the saved token first; a server that echoes the token with an empty
    // page does not make the pager loop.
    stub.push(Scripted::new(200, r#"{"Documents":[]}"#).header("x-ms-continuation", "t9"));
    let mut pages = container
        .read_all_items::<Value>()
        .continuation("t9")
        .into_pages();
    let page = pages.next().await.unwrap().unwrap();
    assert!(page.items().is_empty());
    assert_eq!(page.continuation(), Some("t9"));
    assert!(pages.next().await.is_none());
    assert_eq!(
        stub.received().pop().unwrap().header("x-ms-continuation"),
        Some("t9")
    );

    // An error ends the stream after being yielded once.
    stub.push(Scripted::new(
        400,
        r#"{"code":"BadRequest","message":"bad"}"#,
    ));
    let mut items = container.read_all_items::<Value>();
    assert_eq!(items.next().await.unwrap().unwrap_err().status(), Some(400));
    assert!(items.next().await.is_none());
}
