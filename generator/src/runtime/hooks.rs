//! Hooks: the application's own code, run around every request the client sends (each
//! operation, each retry attempt, each page of a walk).

use std::future::Future;
use std::pin::Pin;

/// The future a hook returns.
pub type HookFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// What to do with a response, as a hook decides from its status and headers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum AfterResponse {
    /// Go on: decode it (or retry it as the client's `RetryPolicy` says).
    Continue,
    /// Send the request again, once per call (after refreshing an expired token on a
    /// `401`, say): `before_request` runs again first. A request whose body is a stream
    /// cannot be sent twice; its response is kept.
    Resend,
}

/// A response as hooks see it: before its body is read.
#[derive(Debug)]
#[non_exhaustive]
pub struct ResponseHead<'a> {
    /// The HTTP status code.
    pub status: u16,
    /// The response headers.
    pub headers: &'a reqwest::header::HeaderMap,
    /// The request's method.
    pub method: &'a reqwest::Method,
    /// The headers the request went out with (after `before_request`): which token a
    /// `401` refused, say. They hold the client's credentials: do not log them.
    pub request_headers: &'a reqwest::header::HeaderMap,
    /// Which attempt of this call it answers (`1` for the first).
    pub attempt: u32,
}

/// The application's code around every request: sign it, add a header, refresh a token
/// that expired, count or log responses. Both methods have defaults that do nothing, so
/// an implementation writes only what it needs. Set with `Client::with_hooks`.
///
/// Credentials the client holds are already on the request `before_request` sees; a
/// hook that logs must not log them.
pub trait Hooks: Send + Sync + 'static {
    /// Called with each request about to be sent (headers can be added or changed). An
    /// `Err` fails the call with `Error::Hook` and nothing is sent.
    fn before_request<'a>(&'a self, request: &'a mut reqwest::Request) -> HookFuture<'a, Result<(), String>> {
        let _ = request;
        Box::pin(std::future::ready(Ok(())))
    }

    /// Called with each response's status and headers, before its body is read.
    fn after_response<'a>(&'a self, response: &'a ResponseHead<'a>) -> HookFuture<'a, AfterResponse> {
        let _ = response;
        Box::pin(std::future::ready(AfterResponse::Continue))
    }
}

/// Shared hooks (the application keeps a handle to read what they recorded).
impl<H: Hooks> Hooks for std::sync::Arc<H> {
    fn before_request<'a>(&'a self, request: &'a mut reqwest::Request) -> HookFuture<'a, Result<(), String>> {
        (**self).before_request(request)
    }

    fn after_response<'a>(&'a self, response: &'a ResponseHead<'a>) -> HookFuture<'a, AfterResponse> {
        (**self).after_response(response)
    }
}
