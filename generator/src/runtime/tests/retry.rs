use crate::runtime::retry::{error_is_retryable, random, status_is_retryable, RetryPolicy};
use reqwest::Method;
use std::time::Duration;

#[test]
fn backoff_doubles_under_full_jitter_and_stops_at_the_cap() {
    let policy =
        RetryPolicy::new(10).with_initial_backoff(Duration::from_millis(100)).with_max_backoff(Duration::from_secs(1));
    // A random value of exactly the ceiling waits the ceiling; one more wraps to zero.
    for (attempt, ceiling_ms) in (1..=6).zip([100u64, 200, 400, 800, 1000, 1000]) {
        let ceiling = Duration::from_millis(ceiling_ms);
        let nanos = ceiling.as_nanos() as u64;
        assert_eq!(policy.delay(attempt, None, nanos), Some(ceiling), "attempt {attempt}");
        assert_eq!(policy.delay(attempt, None, nanos + 1), Some(Duration::ZERO), "attempt {attempt}");
    }
    for _ in 0..100 {
        let wait = policy.delay(3, None, random()).expect("a wait");
        assert!(wait <= Duration::from_millis(400), "{wait:?}");
    }
}

#[test]
fn jitter_spreads_waits() {
    let policy = RetryPolicy::new(3).with_initial_backoff(Duration::from_secs(1));
    let waits: std::collections::BTreeSet<_> = (0..20).map(|_| policy.delay(1, None, random())).collect();
    assert!(waits.len() > 10, "{waits:?}");
}

#[test]
fn attempts_are_counted_with_the_first() {
    let policy = RetryPolicy::new(3);
    assert!(policy.delay(1, None, 7).is_some());
    assert!(policy.delay(2, None, 7).is_some());
    assert_eq!(policy.delay(3, None, 7), None);
    assert_eq!(RetryPolicy::new(1).delay(1, None, 7), None);
    assert_eq!(RetryPolicy::new(0).delay(1, None, 7), None);
}

#[test]
fn retry_after_is_waited_for_unless_longer_than_the_cap() {
    let policy = RetryPolicy::new(3).with_max_backoff(Duration::from_secs(5));
    assert_eq!(policy.delay(1, Some(Duration::from_secs(4)), 7), Some(Duration::from_secs(4)));
    assert_eq!(policy.delay(1, Some(Duration::from_secs(6)), 7), None);
}

#[test]
fn a_huge_attempt_count_does_not_overflow() {
    let policy = RetryPolicy::new(u32::MAX).with_max_backoff(Duration::from_secs(2));
    let wait = policy.delay(200, None, u64::MAX).expect("a wait");
    assert!(wait <= Duration::from_secs(2));
}

#[test]
fn only_safe_statuses_and_methods_are_retried() {
    assert!(status_is_retryable(&Method::POST, 429));
    assert!(status_is_retryable(&Method::GET, 503));
    assert!(status_is_retryable(&Method::DELETE, 502));
    assert!(!status_is_retryable(&Method::POST, 503));
    assert!(!status_is_retryable(&Method::PATCH, 504));
    assert!(!status_is_retryable(&Method::GET, 500));
    assert!(!status_is_retryable(&Method::GET, 200));
}

#[tokio::test]
async fn a_refused_connection_is_retryable_for_any_method() {
    // A port that was just free: nothing listens there.
    let port = std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).expect("a free port").port();
    let error = reqwest::Client::new().post(format!("http://127.0.0.1:{port}/")).send().await.expect_err("refused");
    assert!(error_is_retryable(&Method::POST, &error), "{error:?}");
}
