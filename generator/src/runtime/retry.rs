//! Retrying a request that failed in a way worth retrying, only where that is safe.

use std::time::Duration;

/// When and how often a request is sent again. Off unless set with
/// `Client::with_retry`.
///
/// A request is sent again only when doing so cannot repeat an effect:
/// - `429 Too Many Requests`, or a connection that could not be made: the server has
///   not processed the request, whatever its method;
/// - `502`, `503`, `504`, or a timeout: only for idempotent methods (`GET`, `HEAD`,
///   `OPTIONS`, `TRACE`, `PUT`, `DELETE`);
/// - never when the body is a stream that cannot be sent twice.
///
/// Between attempts the client waits for the server's `Retry-After` when it sends
/// one, or else for an exponential backoff with full jitter (a random time up to
/// `initial_backoff * 2^(attempt - 1)`, at most `max_backoff`). A `Retry-After`
/// longer than `max_backoff` is not waited for: the response is returned as it came.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct RetryPolicy {
    /// Attempts in all, the first included (`1` never retries).
    pub max_attempts: u32,
    /// The backoff ceiling before the second attempt; it doubles for each further one.
    pub initial_backoff: Duration,
    /// The longest wait between two attempts (backoff and `Retry-After` alike).
    pub max_backoff: Duration,
}

impl Default for RetryPolicy {
    /// 3 attempts, backoff from 200 ms, waits of at most 30 s.
    fn default() -> Self {
        RetryPolicy { max_attempts: 3, initial_backoff: Duration::from_millis(200), max_backoff: Duration::from_secs(30) }
    }
}

impl RetryPolicy {
    /// The default policy with `max_attempts` attempts in all.
    pub fn new(max_attempts: u32) -> Self {
        RetryPolicy { max_attempts, ..RetryPolicy::default() }
    }

    /// Sets the backoff ceiling before the second attempt.
    pub fn with_initial_backoff(mut self, backoff: Duration) -> Self {
        self.initial_backoff = backoff;
        self
    }

    /// Sets the longest wait between two attempts.
    pub fn with_max_backoff(mut self, backoff: Duration) -> Self {
        self.max_backoff = backoff;
        self
    }

    /// How long to wait before attempt `attempt + 1` after attempt `attempt` (from 1)
    /// failed, `None` to stop. `retry_after` is the server's request, `random` a
    /// uniformly random `u64` (the jitter).
    pub(crate) fn delay(&self, attempt: u32, retry_after: Option<Duration>, random: u64) -> Option<Duration> {
        if attempt >= self.max_attempts {
            return None;
        }
        if let Some(wait) = retry_after {
            return (wait <= self.max_backoff).then_some(wait);
        }
        let doubling = 2u32.checked_pow(attempt - 1).unwrap_or(u32::MAX);
        let ceiling = self.initial_backoff.saturating_mul(doubling).min(self.max_backoff);
        let nanos = u64::try_from(ceiling.as_nanos()).unwrap_or(u64::MAX);
        Some(Duration::from_nanos(random % nanos.saturating_add(1)))
    }
}

/// Whether a response with `status` to a `method` request may be sent again.
pub(crate) fn status_is_retryable(method: &reqwest::Method, status: u16) -> bool {
    match status {
        429 => true,
        502..=504 => is_idempotent(method),
        _ => false,
    }
}

/// Whether a request that failed with `error` may be sent again.
pub(crate) fn error_is_retryable(method: &reqwest::Method, error: &reqwest::Error) -> bool {
    error.is_connect() || (error.is_timeout() && is_idempotent(method))
}

/// Methods whose repetition has the effect of one request (RFC 9110, section 9.2.2).
fn is_idempotent(method: &reqwest::Method) -> bool {
    use reqwest::Method;
    [Method::GET, Method::HEAD, Method::OPTIONS, Method::TRACE, Method::PUT, Method::DELETE].contains(method)
}

/// A random `u64` for jitter, from the standard library's per-process random hash
/// keys (no dependency needed for numbers that only spread retries apart).
pub(crate) fn random() -> u64 {
    use std::hash::{BuildHasher, Hasher};
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u64(std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default().as_nanos()
        as u64);
    hasher.finish()
}
