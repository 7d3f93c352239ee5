//! Timeouts, the response size limit, retries, credentials set on a client in use, and
//! response metadata, through the generated client against local servers on 127.0.0.1.

use rocketchat_client::{Client, Error, RetryPolicy};
use std::time::{Duration, Instant};
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const OK: &str = r#"{"success": true}"#;

/// A server that accepts connections and never answers; it lives until the test ends.
async fn hung_server() -> (String, tokio::task::JoinHandle<()>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind 127.0.0.1");
    let url = format!("http://{}", listener.local_addr().expect("address"));
    let task = tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((stream, _)) = listener.accept().await {
            held.push(stream);
        }
    });
    (url, task)
}

async fn add_leader(
    client: &Client,
) -> Result<Option<bool>, Error<rocketchat_client::operations::GroupsAddLeaderError>> {
    client.groups().add_leader("room", "user").await.map(|r| r.success)
}

fn json(status: u16, body: &str) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_raw(body.as_bytes().to_vec(), "application/json")
}

#[tokio::test]
async fn a_server_that_never_answers_gives_a_timeout_error() {
    let (url, server) = hung_server().await;
    let client = Client::new(&url).expect("url").with_timeout(Duration::from_millis(500));
    let error = add_leader(&client).await.expect_err("no answer");
    assert!(error.is_timeout(), "{error:?}");
    server.abort();
}

/// Measures how long a hung request takes to fail with the default timeout:
/// `cargo test -p rocketchat-client-tests --test behaviour -- --ignored --nocapture`.
#[tokio::test]
#[ignore = "takes the default timeout (30 s); run to measure it"]
async fn a_hung_request_fails_after_the_default_timeout() {
    let (url, server) = hung_server().await;
    let client = Client::new(&url).expect("url");
    let started = Instant::now();
    let error = add_leader(&client).await.expect_err("no answer");
    println!("a hung request failed after {:.2?}: {error}", started.elapsed());
    assert!(error.is_timeout(), "{error:?}");
    server.abort();
}

#[tokio::test]
async fn a_body_over_the_limit_is_refused() {
    let server = MockServer::start().await;
    Mock::given(path("/api/v1/groups.addLeader"))
        .respond_with(json(200, &format!("{{\"x\":\"{}\"}}", "a".repeat(4096))))
        .mount(&server)
        .await;
    let client = Client::new(server.uri()).expect("url").with_max_response_size(1024);
    match add_leader(&client).await {
        Err(Error::ResponseTooLarge { status: 200, limit: 1024 }) => {}
        other => panic!("expected ResponseTooLarge, got {other:?}"),
    }
}

#[tokio::test]
async fn too_many_requests_then_ok_is_retried() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "0"))
        .up_to_n_times(2)
        .mount(&server)
        .await;
    Mock::given(method("POST")).respond_with(json(200, OK)).mount(&server).await;
    let client = Client::new(server.uri()).expect("url").with_retry(RetryPolicy::new(3));
    assert_eq!(add_leader(&client).await.expect("third attempt succeeds"), Some(true));
    assert_eq!(server.received_requests().await.expect("recorded").len(), 3);
}

#[tokio::test]
async fn a_server_that_always_answers_429_is_tried_max_attempts_times() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "0"))
        .mount(&server)
        .await;
    let client = Client::new(server.uri()).expect("url").with_retry(RetryPolicy::new(3));
    match add_leader(&client).await {
        Err(Error::RateLimited { status: 429, .. }) => {}
        other => panic!("expected RateLimited, got {other:?}"),
    }
    assert_eq!(server.received_requests().await.expect("recorded").len(), 3);
}

#[tokio::test]
async fn unavailable_is_not_retried_for_a_post() {
    let server = MockServer::start().await;
    Mock::given(method("POST")).respond_with(ResponseTemplate::new(503)).mount(&server).await;
    let client = Client::new(server.uri()).expect("url").with_retry(RetryPolicy::new(3));
    assert_eq!(add_leader(&client).await.expect_err("503").status(), Some(503));
    assert_eq!(server.received_requests().await.expect("recorded").len(), 1);
}

#[tokio::test]
async fn credentials_set_on_a_client_in_use_reach_its_clones_and_clear() {
    let server = MockServer::start().await;
    Mock::given(header("x-auth-token", "t0k3n")).respond_with(json(200, OK)).mount(&server).await;
    Mock::given(method("POST")).respond_with(json(401, r#"{"success": false}"#)).mount(&server).await;
    let client = Client::new(server.uri()).expect("url");
    let clone = client.clone();
    client.set_auth_token("t0k3n");
    assert_eq!(add_leader(&clone).await.expect("the clone sends the token"), Some(true));
    assert!(!format!("{clone:?}").contains("t0k3n"));
    clone.clear_credentials();
    assert!(add_leader(&client).await.is_err(), "cleared on every clone");
    // `with_*` gives this client its own credentials.
    let own = client.clone().with_auth_token("t0k3n");
    assert!(add_leader(&own).await.is_ok());
    assert!(add_leader(&client).await.is_err());
}

#[tokio::test]
async fn responses_come_with_status_and_headers_on_request() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(json(200, OK).insert_header("x-ratelimit-remaining", "41"))
        .mount(&server)
        .await;
    let client = Client::new(server.uri()).expect("url");
    let response = client.groups().add_leader("room", "user").send_with_response().await.expect("200");
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers().get("x-ratelimit-remaining").and_then(|v| v.to_str().ok()), Some("41"));
    assert_eq!(response.success, Some(true));
}

/// The generated crate is on the reqwest the application uses (0.13): the
/// application's own `reqwest::Client` is accepted as it is (a second reqwest would
/// not compile here), and requests go through it (its default header arrives).
#[tokio::test]
async fn the_applications_reqwest_client_is_used() {
    let server = MockServer::start().await;
    Mock::given(path("/api/v1/groups.addLeader"))
        .and(header("x-app", "mine"))
        .respond_with(json(200, OK))
        .mount(&server)
        .await;
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert("x-app", reqwest::header::HeaderValue::from_static("mine"));
    let http = reqwest::Client::builder().default_headers(headers).build().expect("reqwest client");
    let client = Client::with_http_client(server.uri(), http).expect("url");
    assert_eq!(add_leader(&client).await.expect("answered"), Some(true));
}
