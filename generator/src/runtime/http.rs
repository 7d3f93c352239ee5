//! The HTTP exchange every operation shares: the server's base URL, the connection
//! pool, timeouts, the response size limit, retries, and reading a response.

use super::error::{Error, InvalidBaseUrl};
use super::hooks::{AfterResponse, Hooks, ResponseHead};
use super::response::{retry_after, RawResponse};
use super::retry::{self, RetryPolicy};
use reqwest::header::{CONTENT_TYPE, RETRY_AFTER};
use std::time::{Duration, SystemTime};

/// How long `Client::new` waits for a connection to be made.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// How long `Client::new` waits for a whole exchange (connecting, sending, and reading
/// the full response).
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
/// The largest response body read by default: 64 MiB.
pub const DEFAULT_MAX_RESPONSE_SIZE: u64 = 64 * 1024 * 1024;
/// The `User-Agent` of a client built here: the generated crate's name and version.
pub const DEFAULT_USER_AGENT: &str = concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION"));

/// Where requests go, the `reqwest::Client` that sends them, and how. Cheap to clone:
/// clones share one connection pool.
#[derive(Clone, Debug)]
pub(crate) struct Http {
    base_url: String,
    client: reqwest::Client,
    /// Whether `client` was built here (so it may be rebuilt with another connect
    /// timeout) rather than given.
    own_client: bool,
    connect_timeout: Duration,
    timeout: Option<Duration>,
    max_response_size: u64,
    retry: Option<RetryPolicy>,
    /// A `User-Agent` set on each request, over the `reqwest::Client`'s own.
    user_agent: Option<reqwest::header::HeaderValue>,
    /// The application's hooks around each request.
    hooks: Option<HookSet>,
    /// The limit on a whole call: every attempt and every wait.
    deadline: Option<Duration>,
    /// The application's middleware stack, which sends instead of `client`.
    #[cfg(feature = "middleware")]
    middleware: Option<reqwest_middleware::ClientWithMiddleware>,
}

/// Why an exchange gave no response.
enum Failure {
    Transport(reqwest::Error),
    /// A middleware's own error (the `middleware` feature).
    #[allow(dead_code)] // made by the `middleware` feature only
    Middleware(String),
}

impl Failure {
    fn into_error<E>(self) -> Error<E> {
        match self {
            Failure::Transport(e) => transport(e),
            Failure::Middleware(why) => Error::Middleware(why),
        }
    }
}

/// What a call is, for traces: its name and path template, never the filled URL (which
/// can hold identifiers and query credentials).
#[derive(Debug)]
pub(crate) struct Operation {
    /// `area.method`, or `method` for an operation on `Client`.
    #[allow(dead_code)] // read by the `tracing` feature only
    pub(crate) name: &'static str,
    /// The path template (`/api/v1/chat.postMessage`, `/items/{id}`).
    #[allow(dead_code)] // read by the `tracing` feature only
    pub(crate) path: &'static str,
}

/// An error's kind, for a trace: never its text, which can hold a body.
#[cfg(feature = "tracing")]
struct ErrorKind<'e, E>(&'e Error<E>);

#[cfg(feature = "tracing")]
impl<E> std::fmt::Display for ErrorKind<'_, E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let kind = match self.0 {
            Error::Api { .. } => "api",
            Error::UnexpectedResponse { .. } => "unexpected_response",
            Error::RateLimited { .. } => "rate_limited",
            Error::ResponseTooLarge { .. } => "response_too_large",
            Error::MissingCredential { .. } => "missing_credential",
            Error::DeadlineExceeded { .. } => "deadline_exceeded",
            Error::Hook(_) => "hook",
            Error::Middleware(_) => "middleware",
            Error::Transport(e) if e.is_timeout() => "timeout",
            Error::Transport(_) => "transport",
            Error::InvalidRequest(_) => "invalid_request",
        };
        f.write_str(kind)
    }
}

/// The hooks, shared by clones of a client.
#[derive(Clone)]
struct HookSet(std::sync::Arc<dyn Hooks>);

impl std::fmt::Debug for HookSet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Hooks")
    }
}

impl Http {
    /// Requests to `base_url` (an `http` or `https` URL) with the default timeouts.
    pub(crate) fn new(base_url: &str) -> Result<Self, InvalidBaseUrl> {
        let mut http = Http::with_client(base_url, build_client(DEFAULT_CONNECT_TIMEOUT))?;
        http.own_client = true;
        http.timeout = Some(DEFAULT_TIMEOUT);
        Ok(http)
    }

    /// Requests to `base_url` sent by `client`, whose own timeouts apply.
    pub(crate) fn with_client(base_url: &str, client: reqwest::Client) -> Result<Self, InvalidBaseUrl> {
        let url = reqwest::Url::parse(base_url).map_err(|e| InvalidBaseUrl::new(base_url, e.to_string()))?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(InvalidBaseUrl::new(base_url, "the scheme must be http or https".to_owned()));
        }
        Ok(Http {
            base_url: base_url.trim_end_matches('/').to_owned(),
            client,
            own_client: false,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            timeout: None,
            max_response_size: DEFAULT_MAX_RESPONSE_SIZE,
            retry: None,
            user_agent: None,
            hooks: None,
            deadline: None,
            #[cfg(feature = "middleware")]
            middleware: None,
        })
    }

    /// Requests to `base_url` sent through `stack` (its middleware, then its
    /// `reqwest::Client`, whose own timeouts apply).
    #[cfg(feature = "middleware")]
    pub(crate) fn with_middleware(
        base_url: &str,
        stack: reqwest_middleware::ClientWithMiddleware,
    ) -> Result<Self, InvalidBaseUrl> {
        // Requests are built with a plain client (building applies none of its
        // settings) and sent through the stack.
        let mut http = Http::with_client(base_url, reqwest::Client::new())?;
        http.middleware = Some(stack);
        Ok(http)
    }

    /// The base URL, without a trailing `/`.
    pub(crate) fn base_url(&self) -> &str {
        &self.base_url
    }

    /// Sets (or with `None` removes) the limit on each whole exchange.
    pub(crate) fn set_timeout(&mut self, timeout: Option<Duration>) {
        self.timeout = timeout;
    }

    /// Sets the connect timeout, rebuilding the connection pool; returns `false` (and
    /// changes nothing) when the `reqwest::Client` was given, not built here.
    pub(crate) fn set_connect_timeout(&mut self, timeout: Duration) -> bool {
        if !self.own_client {
            return false;
        }
        self.connect_timeout = timeout;
        self.client = build_client(timeout);
        true
    }

    /// Sets the largest response body accepted, in bytes.
    pub(crate) fn set_max_response_size(&mut self, bytes: u64) {
        self.max_response_size = bytes;
    }

    /// Sets (or with `None` turns off) retries.
    pub(crate) fn set_retry(&mut self, policy: Option<RetryPolicy>) {
        self.retry = policy;
    }

    /// Sets the hooks run around every request.
    pub(crate) fn set_hooks(&mut self, hooks: std::sync::Arc<dyn Hooks>) {
        self.hooks = Some(HookSet(hooks));
    }

    /// Sets (or with `None` removes) the limit on a whole call.
    pub(crate) fn set_deadline(&mut self, deadline: Option<Duration>) {
        self.deadline = deadline;
    }

    /// Sets the `User-Agent` sent with every request (a value a header cannot carry is
    /// refused with `false`, changing nothing).
    pub(crate) fn set_user_agent(&mut self, value: &str) -> bool {
        match reqwest::header::HeaderValue::from_str(value) {
            Ok(v) => {
                self.user_agent = Some(v);
                true
            }
            Err(_) => false,
        }
    }

    /// A request to `path` (already encoded) under the base URL.
    pub(crate) fn request(&self, method: reqwest::Method, path: &str) -> reqwest::RequestBuilder {
        let request = self.client.request(method, format!("{}{}", self.base_url, path));
        match &self.user_agent {
            Some(ua) => request.header(reqwest::header::USER_AGENT, ua.clone()),
            None => request,
        }
    }

    /// Sends a request, retrying as the policy allows, and reads the whole response,
    /// within the deadline if one is set. `secrets` are blanked out of any excerpt of
    /// the body an error shows. With the `tracing` feature, the call is one span.
    pub(crate) async fn execute<E>(
        &self,
        op: &'static Operation,
        request: reqwest::RequestBuilder,
        secrets: Vec<String>,
    ) -> Result<RawResponse, Error<E>> {
        let request = request.build().map_err(transport)?;
        #[cfg(feature = "tracing")]
        {
            use tracing::Instrument;
            let span = tracing::info_span!(
                "http_call",
                operation = op.name,
                http.method = %request.method(),
                http.path = op.path,
                http.status = tracing::field::Empty,
                attempt = tracing::field::Empty,
                duration_ms = tracing::field::Empty,
            );
            let start = std::time::Instant::now();
            let outcome = self.within_deadline(request, secrets).instrument(span.clone()).await;
            span.record("duration_ms", u64::try_from(start.elapsed().as_millis()).unwrap_or(u64::MAX));
            if let Err(error) = &outcome {
                tracing::debug!(parent: &span, error = %ErrorKind(error), "the call failed");
            }
            outcome
        }
        #[cfg(not(feature = "tracing"))]
        {
            let _ = op;
            self.within_deadline(request, secrets).await
        }
    }

    async fn within_deadline<E>(&self, request: reqwest::Request, secrets: Vec<String>) -> Result<RawResponse, Error<E>> {
        let attempts = self.attempts(request, secrets);
        match self.deadline {
            None => attempts.await,
            Some(deadline) => match tokio::time::timeout(deadline, attempts).await {
                Ok(outcome) => outcome,
                Err(_) => Err(Error::DeadlineExceeded { deadline }),
            },
        }
    }

    /// Every attempt of one call, the waits between them, and the hooks around each.
    async fn attempts<E>(&self, mut request: reqwest::Request, secrets: Vec<String>) -> Result<RawResponse, Error<E>> {
        if request.timeout().is_none() {
            *request.timeout_mut() = self.timeout;
        }
        // Attempts in all (what hooks see), and those the retry policy counts (a resend
        // a hook asks for is not one of them).
        let mut attempt = 1;
        let mut tried = 1;
        let mut resent = false;
        loop {
            // A copy made before the hooks change it: they run again on every attempt.
            let again = (self.retry.is_some() || self.hooks.is_some()).then(|| request.try_clone()).flatten();
            let method = request.method().clone();
            if let Some(hooks) = &self.hooks {
                hooks.0.before_request(&mut request).await.map_err(Error::Hook)?;
            }
            let sent = self.hooks.as_ref().map(|_| request.headers().clone());
            let outcome = self.send(request).await;
            #[cfg(feature = "tracing")]
            {
                let span = tracing::Span::current();
                span.record("attempt", attempt);
                if let Ok(response) = &outcome {
                    span.record("http.status", response.status().as_u16());
                }
            }
            if let (Some(hooks), Ok(response), Some(sent)) = (&self.hooks, &outcome, &sent) {
                let head = ResponseHead {
                    status: response.status().as_u16(),
                    headers: response.headers(),
                    method: &method,
                    request_headers: sent,
                    attempt,
                };
                // Each response is shown; one resend per call is honoured.
                if hooks.0.after_response(&head).await == AfterResponse::Resend && !resent {
                    if let Some(again) = again {
                        resent = true;
                        request = again;
                        attempt += 1;
                        continue;
                    }
                }
            }
            let wait = match (&outcome, self.retry, &again) {
                (Ok(response), Some(policy), Some(_))
                    if retry::status_is_retryable(&method, response.status().as_u16()) =>
                {
                    let asked = header(response, RETRY_AFTER).and_then(|v| retry_after(&v, SystemTime::now()));
                    policy.delay(tried, asked, retry::random())
                }
                (Err(Failure::Transport(error)), Some(policy), Some(_)) if retry::error_is_retryable(&method, error) => {
                    policy.delay(tried, None, retry::random())
                }
                _ => None,
            };
            match (wait, again) {
                (Some(wait), Some(again)) => {
                    #[cfg(feature = "tracing")]
                    tracing::info!(
                        attempt,
                        wait_ms = u64::try_from(wait.as_millis()).unwrap_or(u64::MAX),
                        status = outcome.as_ref().ok().map(|r| r.status().as_u16()),
                        "retrying"
                    );
                    tokio::time::sleep(wait).await;
                    request = again;
                    attempt += 1;
                    tried += 1;
                }
                _ => return self.read(outcome.map_err(Failure::into_error)?, secrets).await,
            }
        }
    }

    /// One exchange, through the middleware stack when the client has one.
    async fn send(&self, request: reqwest::Request) -> Result<reqwest::Response, Failure> {
        #[cfg(feature = "middleware")]
        if let Some(stack) = &self.middleware {
            return stack.execute(request).await.map_err(|e| match e {
                reqwest_middleware::Error::Reqwest(e) => Failure::Transport(e),
                reqwest_middleware::Error::Middleware(e) => Failure::Middleware(e.to_string()),
            });
        }
        self.client.execute(request).await.map_err(Failure::Transport)
    }

    /// Reads a response whole, refusing a body larger than the limit.
    async fn read<E>(&self, mut response: reqwest::Response, secrets: Vec<String>) -> Result<RawResponse, Error<E>> {
        let status = response.status().as_u16();
        let limit = self.max_response_size;
        if response.content_length().is_some_and(|length| length > limit) {
            return Err(Error::ResponseTooLarge { status, limit });
        }
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(transport)? {
            if (body.len() + chunk.len()) as u64 > limit {
                return Err(Error::ResponseTooLarge { status, limit });
            }
            body.extend_from_slice(&chunk);
        }
        let content_type = header(&response, CONTENT_TYPE);
        let retry_after = header(&response, RETRY_AFTER).and_then(|v| retry_after(&v, SystemTime::now()));
        let headers = std::mem::take(response.headers_mut());
        Ok(RawResponse { status, content_type, retry_after, headers, body: std::sync::Arc::new(body), secrets })
    }
}

/// A `reqwest::Client` with this connect timeout, the default `User-Agent` and (with
/// the `cookies` feature) a cookie store; the default client should building one fail
/// (which only a broken TLS set-up does, and which the default reports).
fn build_client(connect_timeout: Duration) -> reqwest::Client {
    let builder = reqwest::Client::builder().connect_timeout(connect_timeout).user_agent(DEFAULT_USER_AGENT);
    #[cfg(feature = "cookies")]
    let builder = builder.cookie_store(true);
    builder.build().unwrap_or_default()
}

fn header(response: &reqwest::Response, name: reqwest::header::HeaderName) -> Option<String> {
    response.headers().get(name).and_then(|v| v.to_str().ok()).map(str::to_owned)
}

/// A transport failure, without the URL (which may carry a query credential).
fn transport<E>(error: reqwest::Error) -> Error<E> {
    Error::Transport(error.without_url())
}
