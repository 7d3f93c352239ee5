//! The `middleware` feature: a client built on the application's
//! `reqwest_middleware::ClientWithMiddleware` sends every call (each operation, each
//! retry attempt) through the stack, against a server on 127.0.0.1.

use feature_tests::{Request, Response, Server};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;
use std::time::Duration;
use wire_fixture_client::{Client, Error, RetryPolicy};

/// Counts the requests it passes on, and tags them.
struct Counter(Arc<AtomicU32>);

#[async_trait::async_trait]
impl reqwest_middleware::Middleware for Counter {
    async fn handle(
        &self,
        mut request: reqwest::Request,
        extensions: &mut http::Extensions,
        next: reqwest_middleware::Next<'_>,
    ) -> reqwest_middleware::Result<reqwest::Response> {
        self.0.fetch_add(1, Ordering::SeqCst);
        request.headers_mut().insert("x-through", reqwest::header::HeaderValue::from_static("counter"));
        next.run(request, extensions).await
    }
}

/// Fails every request.
struct Broken;

#[async_trait::async_trait]
impl reqwest_middleware::Middleware for Broken {
    async fn handle(
        &self,
        _: reqwest::Request,
        _: &mut http::Extensions,
        _: reqwest_middleware::Next<'_>,
    ) -> reqwest_middleware::Result<reqwest::Response> {
        Err(reqwest_middleware::Error::Middleware(anyhow::anyhow!("circuit open")))
    }
}

#[tokio::test]
async fn a_middleware_sees_every_call_and_every_attempt() {
    let served = Arc::new(AtomicU32::new(0));
    let counter = served.clone();
    let server = Server::start(move |r: &Request| {
        let n = counter.fetch_add(1, Ordering::SeqCst);
        match (n, r.path()) {
            (0, _) => Response::status(503, "{}"),
            (_, "/api/v1/items") => Response::json(r#"["Anchor"]"#),
            _ => Response::json("[]"),
        }
    });
    let seen = Arc::new(AtomicU32::new(0));
    let stack = reqwest_middleware::ClientBuilder::new(reqwest::Client::new()).with(Counter(seen.clone())).build();
    let retry = RetryPolicy::new(2).with_initial_backoff(Duration::from_millis(1));
    let client = Client::with_middleware(server.url(), stack).expect("a valid base URL").with_retry(retry);
    client.items().list_items().await.expect("the retry succeeds");
    client.legacy().list_items_v1().await.expect("another operation");
    client.media().info().await.expect("a third");
    assert_eq!(seen.load(Ordering::SeqCst), 4, "3 calls, one of them retried once");
    assert!(server.requests().iter().all(|r| r.header("x-through") == Some("counter")));
}

#[tokio::test]
async fn a_middlewares_own_error_is_error_middleware() {
    let server = Server::start(|_: &Request| Response::json("[]"));
    let stack = reqwest_middleware::ClientBuilder::new(reqwest::Client::new()).with(Broken).build();
    let client = Client::with_middleware(server.url(), stack).expect("a valid base URL");
    let error = client.items().list_items().await.expect_err("the middleware fails");
    assert!(matches!(&error, Error::Middleware(why) if why == "circuit open"), "{error:?}");
    assert!(server.requests().is_empty());
}
