use super::server::{response, Server};
use crate::runtime::error::Error;
use crate::runtime::http::{Http, Operation};
use crate::runtime::retry::RetryPolicy;
use reqwest::Method;
use std::time::Duration;

static OP: Operation = Operation { name: "test", path: "/x" };

/// Retries without waiting, so the tests count attempts, not seconds.
fn quick(attempts: u32) -> RetryPolicy {
    RetryPolicy::new(attempts).with_initial_backoff(Duration::from_millis(1))
}

fn http(server: &Server, retry: Option<RetryPolicy>) -> Http {
    let mut http = Http::new(&server.url).expect("a base URL");
    http.set_retry(retry);
    http
}

async fn call(http: &Http, method: Method) -> Result<u16, Error<()>> {
    http.execute::<()>(&OP, http.request(method, "/x"), vec![]).await.map(|r| r.status)
}

#[tokio::test]
async fn a_server_that_never_answers_times_out() {
    let server = Server::start(vec![]).await;
    let mut http = http(&server, None);
    http.set_timeout(Some(Duration::from_millis(300)));
    let error = call(&http, Method::GET).await.expect_err("no answer");
    assert!(error.is_timeout(), "{error:?}");
}

#[tokio::test]
async fn bodies_over_the_limit_are_refused() {
    let server = Server::start(vec![response(200, &[], &"x".repeat(1000))]).await;
    let mut http = http(&server, None);
    http.set_max_response_size(999);
    let error = call(&http, Method::GET).await.expect_err("too large");
    assert!(matches!(error, Error::ResponseTooLarge { status: 200, limit: 999 }), "{error:?}");
    http.set_max_response_size(1000);
    assert_eq!(call(&http, Method::GET).await.expect("at the limit"), 200);
}

#[tokio::test]
async fn chunked_bodies_over_the_limit_are_refused_while_reading() {
    let chunk = format!("{:x}\r\n{}\r\n", 600, "y".repeat(600));
    let body = format!("HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n{chunk}{chunk}0\r\n\r\n");
    let server = Server::start(vec![body]).await;
    let mut http = http(&server, None);
    http.set_max_response_size(1000);
    let error = call(&http, Method::GET).await.expect_err("too large");
    assert!(matches!(error, Error::ResponseTooLarge { limit: 1000, .. }), "{error:?}");
}

#[tokio::test]
async fn responses_keep_their_headers() {
    let server = Server::start(vec![response(200, &["x-rate-remaining: 7"], "{}")]).await;
    let http = http(&server, None);
    let raw = http.execute::<()>(&OP, http.request(Method::GET, "/"), vec![]).await.expect("a response");
    let value = raw.into_value(());
    assert_eq!(value.status(), 200);
    assert_eq!(value.headers().get("x-rate-remaining").and_then(|v| v.to_str().ok()), Some("7"));
    assert_eq!(value.raw_body().bytes(), b"{}");
}

#[tokio::test]
async fn unavailable_then_ok_is_retried_for_get() {
    let server = Server::start(vec![response(503, &[], ""), response(503, &[], ""), response(200, &[], "")]).await;
    assert_eq!(call(&http(&server, Some(quick(3))), Method::GET).await.expect("a response"), 200);
    assert_eq!(server.requests(), 3);
}

#[tokio::test]
async fn unavailable_is_not_retried_for_post() {
    let server = Server::start(vec![response(503, &[], ""), response(200, &[], "")]).await;
    assert_eq!(call(&http(&server, Some(quick(3))), Method::POST).await.expect("a response"), 503);
    assert_eq!(server.requests(), 1);
}

#[tokio::test]
async fn too_many_requests_is_retried_for_post_after_retry_after() {
    let server = Server::start(vec![response(429, &["retry-after: 1"], ""), response(200, &[], "")]).await;
    let started = std::time::Instant::now();
    assert_eq!(call(&http(&server, Some(quick(2))), Method::POST).await.expect("a response"), 200);
    assert_eq!(server.requests(), 2);
    // The wait is the server's, not the 1 ms backoff.
    assert!(started.elapsed() >= Duration::from_secs(1));
}

#[tokio::test]
async fn a_retry_after_beyond_the_cap_is_returned_at_once() {
    let server = Server::start(vec![response(429, &["retry-after: 3600"], ""), response(200, &[], "")]).await;
    assert_eq!(call(&http(&server, Some(quick(3))), Method::GET).await.expect("a response"), 429);
    assert_eq!(server.requests(), 1);
}

#[tokio::test]
async fn a_server_that_always_fails_is_tried_max_attempts_times() {
    let server = Server::start(vec![response(503, &[], "down")]).await;
    assert_eq!(call(&http(&server, Some(quick(4))), Method::GET).await.expect("a response"), 503);
    assert_eq!(server.requests(), 4);
}

#[tokio::test]
async fn without_a_policy_nothing_is_retried() {
    let server = Server::start(vec![response(429, &[], ""), response(200, &[], "")]).await;
    assert_eq!(call(&http(&server, None), Method::GET).await.expect("a response"), 429);
    assert_eq!(server.requests(), 1);
}

#[tokio::test]
async fn a_hung_server_is_retried_for_get_then_times_out() {
    let server = Server::start(vec![]).await;
    let mut http = http(&server, Some(quick(2)));
    http.set_timeout(Some(Duration::from_millis(200)));
    let error = call(&http, Method::GET).await.expect_err("no answer");
    assert!(error.is_timeout(), "{error:?}");
    assert_eq!(server.requests(), 2);
}

#[test]
fn base_urls_must_be_http() {
    assert!(Http::new("ftp://example.com").is_err());
    assert!(Http::new("not a url").is_err());
    assert_eq!(Http::new("http://example.com/api/").expect("a base URL").base_url(), "http://example.com/api");
}
