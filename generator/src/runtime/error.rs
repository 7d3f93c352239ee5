//! The error every operation returns.

use super::response::RawBody;

/// What can go wrong calling an operation. `E` is the operation's documented
/// error responses (for example `GroupsInviteError`).
#[derive(Debug)]
#[non_exhaustive]
pub enum Error<E> {
    /// The server answered with an error status the API description documents,
    /// and a body of the documented shape.
    Api {
        /// HTTP status code.
        status: u16,
        /// The decoded documented body.
        body: E,
        /// The body as it arrived (also for a status documented without a schema).
        raw: RawBody,
    },
    /// The server answered with a response the API description does not describe:
    /// an undocumented status, a body that is not the documented JSON (an HTML
    /// page from a proxy, an empty or truncated body), or another content type.
    UnexpectedResponse {
        /// HTTP status code.
        status: u16,
        /// The `Content-Type` header, if any.
        content_type: Option<String>,
        /// The start of the body (at most 512 characters).
        body: String,
        /// Why the response was not accepted.
        reason: String,
        /// The whole body as it arrived.
        raw: RawBody,
    },
    /// 429 Too Many Requests (when the operation does not document it).
    RateLimited {
        /// HTTP status code (429).
        status: u16,
        /// How long the server asked to wait (`Retry-After`, in seconds or until
        /// an HTTP-date).
        retry_after: Option<std::time::Duration>,
        /// The start of the body.
        body: String,
        /// The whole body as it arrived.
        raw: RawBody,
    },
    /// The response body is larger than the client's limit (`Client::with_max_response_size`);
    /// reading stopped there.
    ResponseTooLarge {
        /// HTTP status code.
        status: u16,
        /// The limit, in bytes.
        limit: u64,
    },
    /// A login operation succeeded, but its response has no credential (a string) where
    /// the API description says it carries one; no credential was stored.
    MissingCredential {
        /// HTTP status code.
        status: u16,
        /// The JSON pointer (RFC 6901) into the response body, e.g. `/data/authToken`.
        pointer: String,
        /// The body as it arrived (never in the message: a login answer may carry
        /// other secrets).
        raw: RawBody,
    },
    /// The call took longer than the client's deadline (`Client::with_deadline`), every
    /// attempt and every wait between them counted; what was under way was dropped.
    DeadlineExceeded {
        /// The deadline.
        deadline: std::time::Duration,
    },
    /// A hook (`Client::with_hooks`) refused the request; nothing was sent.
    Hook(String),
    /// A middleware of the client's stack failed (`Client::with_middleware`, the
    /// `middleware` feature): its message.
    Middleware(String),
    /// The request could not be sent or the response not read (connection,
    /// TLS, timeout). The URL is left out, so no query credential can leak.
    Transport(reqwest::Error),
    /// The request could not be built from the arguments given.
    InvalidRequest(String),
}

impl<E> Error<E> {
    /// The HTTP status, when a response arrived.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Api { status, .. }
            | Error::UnexpectedResponse { status, .. }
            | Error::RateLimited { status, .. }
            | Error::ResponseTooLarge { status, .. }
            | Error::MissingCredential { status, .. } => Some(*status),
            Error::Transport(e) => e.status().map(|s| s.as_u16()),
            Error::InvalidRequest(_) | Error::DeadlineExceeded { .. } | Error::Hook(_) | Error::Middleware(_) => None,
        }
    }

    /// The body of the response, as it arrived, on every error for a response that
    /// arrived and was read: `Api`, `UnexpectedResponse`, `RateLimited`,
    /// `MissingCredential` (a body over the size limit, `ResponseTooLarge`, is not read).
    pub fn raw_body(&self) -> Option<&RawBody> {
        match self {
            Error::Api { raw, .. }
            | Error::UnexpectedResponse { raw, .. }
            | Error::RateLimited { raw, .. }
            | Error::MissingCredential { raw, .. } => Some(raw),
            _ => None,
        }
    }

    /// The body of the response parsed as JSON, for every operation alike (without
    /// matching its error enum): a server's error code and message, documented or not.
    /// `None` when no body arrived or it is not JSON.
    pub fn body_json(&self) -> Option<serde_json::Value> {
        self.raw_body().and_then(RawBody::json)
    }

    /// The bytes of the response body, when one arrived (see [`Error::raw_body`]).
    pub fn body_bytes(&self) -> Option<&[u8]> {
        self.raw_body().map(RawBody::bytes)
    }

    /// Whether the call took too long: an exchange longer than the client's timeout
    /// (connecting, or the whole request and response), or the whole call longer than
    /// its deadline.
    pub fn is_timeout(&self) -> bool {
        matches!(self, Error::Transport(e) if e.is_timeout()) || matches!(self, Error::DeadlineExceeded { .. })
    }
}

impl<E: std::fmt::Debug> std::fmt::Display for Error<E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::Api { status, body, .. } => write!(f, "the server returned {status}: {body:?}"),
            Error::UnexpectedResponse { status, content_type, body, reason, .. } => write!(
                f,
                "unexpected response {status} ({}): {reason}; body starts: {body}",
                content_type.as_deref().unwrap_or("no content type")
            ),
            Error::RateLimited { retry_after, .. } => match retry_after {
                Some(d) => write!(f, "rate limited (429); retry after {} s", d.as_secs()),
                None => write!(f, "rate limited (429)"),
            },
            Error::ResponseTooLarge { status, limit } => {
                write!(f, "the response ({status}) is larger than the limit of {limit} bytes")
            }
            Error::MissingCredential { status, pointer, .. } => {
                write!(f, "the login response ({status}) has no credential (a string) at `{pointer}`; none was stored")
            }
            Error::DeadlineExceeded { deadline } => {
                write!(f, "the call took longer than its deadline of {} ms", deadline.as_millis())
            }
            Error::Hook(why) => write!(f, "a hook refused the request: {why}"),
            Error::Middleware(why) => write!(f, "a middleware failed: {why}"),
            Error::Transport(e) => write!(f, "the request failed: {e}"),
            Error::InvalidRequest(why) => write!(f, "the request could not be built: {why}"),
        }
    }
}

impl<E: std::fmt::Debug> std::error::Error for Error<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Transport(e) => Some(e),
            _ => None,
        }
    }
}

/// The base URL given to `Client::new` is not usable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidBaseUrl {
    url: String,
    reason: String,
}

impl InvalidBaseUrl {
    pub(crate) fn new(url: &str, reason: String) -> Self {
        InvalidBaseUrl { url: url.to_owned(), reason }
    }
}

impl std::fmt::Display for InvalidBaseUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "invalid base URL `{}`: {} (expected e.g. `https://chat.example.com`)", self.url, self.reason)
    }
}

impl std::error::Error for InvalidBaseUrl {}
