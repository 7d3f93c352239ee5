use crate::runtime::error::Error;
use crate::runtime::response::RawResponse;
use crate::runtime::send::{Prepared, SendingWithResponse};

fn done(status: u16, body: &str) -> SendingWithResponse<'static, String, ()> {
    let body = body.to_owned();
    let raw = RawResponse {
        status,
        content_type: None,
        retry_after: None,
        headers: Default::default(),
        body: Default::default(),
        secrets: Vec::new(),
    };
    SendingWithResponse::new(async move { Ok(raw.into_value(body)) })
}

#[tokio::test]
async fn sending_gives_the_body_and_sending_with_response_the_status_too() {
    let full = done(201, "made").await.expect("a response");
    assert_eq!((full.status(), full.body().as_str()), (201, "made"));
    assert_eq!(done(200, "only").body_only().await.expect("a body"), "only");
}

#[tokio::test]
async fn an_error_comes_through_either_future() {
    let failing = || SendingWithResponse::<String, ()>::new(async { Err(Error::InvalidRequest("bad".to_owned())) });
    assert!(matches!(failing().await, Err(Error::InvalidRequest(m)) if m == "bad"));
    assert!(matches!(failing().body_only().await, Err(Error::InvalidRequest(m)) if m == "bad"));
}

#[tokio::test]
async fn a_prepared_request_is_ready_or_made_when_sent() {
    let client = reqwest::Client::new();
    let ready = Prepared::Ready(client.get("http://127.0.0.1:9/a"));
    let request = ready.request().await.expect("ready").build().expect("a request");
    assert_eq!(request.url().path(), "/a");
    let later = Prepared::Later(Box::pin(async { Err("the file is gone".to_owned()) }));
    assert_eq!(later.request().await.err().as_deref(), Some("the file is gone"));
}

#[test]
fn the_futures_are_send_and_unpin_and_debug_shows_no_content() {
    fn send_unpin<F: Send + Unpin>(_: &F) {}
    let sending = done(200, "secret body");
    send_unpin(&sending);
    assert_eq!(format!("{sending:?}"), "SendingWithResponse");
    let body_only = sending.body_only();
    send_unpin(&body_only);
    assert_eq!(format!("{body_only:?}"), "Sending");
}
