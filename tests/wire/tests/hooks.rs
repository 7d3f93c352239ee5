//! Hooks around every request, a token refreshed once for concurrent calls, and a
//! deadline for a whole call, against a server on 127.0.0.1.

use feature_tests::{Request, Response, Server};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use wire_fixture_client::{AfterResponse, Client, Error, HookFuture, Hooks, ResponseHead, RetryPolicy};

/// Adds a header to every request, and writes down every response it is shown.
#[derive(Default)]
struct Recorder {
    seen: Mutex<Vec<(u16, u32, Option<String>)>>,
}

impl Hooks for Recorder {
    fn before_request<'a>(&'a self, request: &'a mut reqwest::Request) -> HookFuture<'a, Result<(), String>> {
        Box::pin(async move {
            request.headers_mut().insert("x-signed", "yes".parse().map_err(|_| "header")?);
            Ok(())
        })
    }

    fn after_response<'a>(&'a self, r: &'a ResponseHead<'a>) -> HookFuture<'a, AfterResponse> {
        Box::pin(async move {
            let served = r.headers.get("x-served").and_then(|v| v.to_str().ok()).map(str::to_owned);
            self.seen.lock().expect("lock").push((r.status, r.attempt, served));
            AfterResponse::Continue
        })
    }
}

#[tokio::test]
async fn hooks_see_every_attempt_of_every_call() {
    let count = Arc::new(AtomicU32::new(0));
    let counter = count.clone();
    let server = Server::start(move |_: &Request| {
        let n = counter.fetch_add(1, Ordering::SeqCst) + 1;
        let response = if n == 1 { Response::status(503, "{}") } else { Response::json("[]") };
        response.header("x-served", n.to_string())
    });
    let recorder = Arc::new(Recorder::default());
    let retry = RetryPolicy::new(3).with_initial_backoff(Duration::from_millis(1));
    let client = Client::new(server.url()).expect("a valid base URL").with_retry(retry).with_hooks(recorder.clone());
    client.items().list_items().await.expect("the second attempt succeeds");
    client.legacy().list_items_v1().await.expect("another operation");
    let seen = recorder.seen.lock().expect("lock").clone();
    let expected = [(503, 1, Some("1".to_owned())), (200, 2, Some("2".to_owned())), (200, 1, Some("3".to_owned()))];
    assert_eq!(seen, expected);
    assert!(server.requests().iter().all(|r| r.header("x-signed") == Some("yes")), "every attempt is signed");
}

struct Refuse;

impl Hooks for Refuse {
    fn before_request<'a>(&'a self, _: &'a mut reqwest::Request) -> HookFuture<'a, Result<(), String>> {
        Box::pin(async { Err("no network today".to_owned()) })
    }
}

#[tokio::test]
async fn a_hook_can_fail_the_call_and_nothing_is_sent() {
    let server = Server::start(|_: &Request| Response::json("[]"));
    let client = Client::new(server.url()).expect("a valid base URL").with_hooks(Refuse);
    let error = client.items().list_items().await.expect_err("refused");
    assert!(matches!(&error, Error::Hook(why) if why == "no network today"), "{error:?}");
    assert!(server.requests().is_empty());
}

/// The README's token refresh: the token is sent by `before_request`; a `401` makes
/// `after_response` fetch a new one, once for all the calls it refused, and resend.
struct TokenRefresh {
    /// The current token.
    token: tokio::sync::RwLock<String>,
    /// Held while one call refreshes; the others wait, then see the new token.
    refreshing: tokio::sync::Mutex<()>,
    /// Fetches a new token (your identity provider).
    fetch: Box<dyn Fn() -> String + Send + Sync>,
}

impl Hooks for TokenRefresh {
    fn before_request<'a>(&'a self, request: &'a mut reqwest::Request) -> HookFuture<'a, Result<(), String>> {
        Box::pin(async move {
            let token = self.token.read().await.clone();
            let value = format!("Bearer {token}").parse().map_err(|_| "a token a header cannot carry")?;
            request.headers_mut().insert(reqwest::header::AUTHORIZATION, value);
            Ok(())
        })
    }

    fn after_response<'a>(&'a self, response: &'a ResponseHead<'a>) -> HookFuture<'a, AfterResponse> {
        Box::pin(async move {
            if response.status != 401 {
                return AfterResponse::Continue;
            }
            let refused = response.request_headers.get(reqwest::header::AUTHORIZATION).cloned();
            let _one_at_a_time = self.refreshing.lock().await;
            let current = format!("Bearer {}", self.token.read().await);
            // Another call refreshed it while this one waited: just send again.
            if refused.as_ref().and_then(|v| v.to_str().ok()) == Some(current.as_str()) {
                *self.token.write().await = (self.fetch)();
            }
            AfterResponse::Resend
        })
    }
}

#[tokio::test]
async fn a_401_refreshes_the_token_once_for_concurrent_calls() {
    let server = Server::start(|r: &Request| match r.header("authorization") {
        Some("Bearer fresh") => Response::json("[]"),
        _ => Response::status(401, r#"{"error": "expired"}"#),
    });
    let fetched = Arc::new(AtomicU32::new(0));
    let counter = fetched.clone();
    let hooks = TokenRefresh {
        token: tokio::sync::RwLock::new("stale".to_owned()),
        refreshing: tokio::sync::Mutex::new(()),
        fetch: Box::new(move || {
            counter.fetch_add(1, Ordering::SeqCst);
            "fresh".to_owned()
        }),
    };
    let client = Client::new(server.url()).expect("a valid base URL").with_hooks(hooks);
    let calls = (0..8).map(|_| {
        let client = client.clone();
        tokio::spawn(async move { client.items().list_items().await })
    });
    for call in calls {
        call.await.expect("the task").expect("sent again with the fresh token");
    }
    assert_eq!(fetched.load(Ordering::SeqCst), 1, "one refresh for all the calls");
    let requests = server.requests();
    let stale = requests.iter().filter(|r| r.header("authorization") == Some("Bearer stale")).count();
    assert_eq!(requests.len() - stale, 8, "each call sent once more, with the fresh token");
    // Later calls send the fresh token at once.
    client.items().list_items().await.expect("fresh");
    assert_eq!(server.requests().len(), requests.len() + 1);
}

#[tokio::test]
async fn a_deadline_bounds_the_whole_call_across_attempts_and_waits() {
    let server = Server::start(|_: &Request| {
        std::thread::sleep(Duration::from_millis(400));
        Response::json("[]")
    });
    let retry = RetryPolicy::new(5).with_initial_backoff(Duration::from_millis(1));
    let client =
        Client::new(server.url()).expect("a valid base URL").with_timeout(Duration::from_millis(150)).with_retry(retry);
    // Without a deadline, each attempt times out on its own and the call goes on.
    let error = client.items().list_items().await.expect_err("every attempt times out");
    assert!(matches!(error, Error::Transport(_)) && error.is_timeout(), "{error:?}");
    // The server records a request when its (slow) answer is written.
    std::thread::sleep(Duration::from_millis(500));
    let attempts = server.requests().len();
    assert_eq!(attempts, 5, "all the attempts the policy allows");
    let deadline = Duration::from_millis(250);
    let error = client.clone().with_deadline(deadline).items().list_items().await.expect_err("past the deadline");
    assert!(matches!(error, Error::DeadlineExceeded { deadline: d } if d == deadline), "{error:?}");
    assert!(error.is_timeout());
    // 5 attempts were allowed; the deadline stopped the call before the third began.
    std::thread::sleep(Duration::from_millis(500));
    assert!(server.requests().len() - attempts <= 2, "{} attempts", server.requests().len() - attempts);
}
