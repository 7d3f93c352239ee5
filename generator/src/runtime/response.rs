//! A response read in full, and its decoding into documented results or errors.

use super::error::Error;
use super::de::{DecodeError, FromJson};
use std::time::{Duration, SystemTime};

/// A response, read in full, before it is decoded.
pub(crate) struct RawResponse {
    pub(crate) status: u16,
    pub(crate) content_type: Option<String>,
    pub(crate) retry_after: Option<Duration>,
    pub(crate) headers: reqwest::header::HeaderMap,
    pub(crate) body: Vec<u8>,
    /// Credentials to blank out of excerpts, should a server echo them.
    pub(crate) secrets: Vec<String>,
}

impl RawResponse {
    /// The status and headers, for a [`ResponseValue`]; the headers are moved out.
    pub(crate) fn take_meta(&mut self) -> (u16, reqwest::header::HeaderMap) {
        (self.status, std::mem::take(&mut self.headers))
    }

    fn is_json(&self) -> bool {
        match &self.content_type {
            None => true,
            Some(ct) => {
                let essence = ct.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
                essence == "application/json" || essence.ends_with("+json")
            }
        }
    }

    /// Decodes a documented JSON body: parsed, then read by the type's `FromJson`
    /// (`runtime/de.rs`), whose errors say where in the body they are.
    pub(crate) fn json<T: FromJson, E>(self) -> Result<T, Error<E>> {
        if !self.is_json() {
            return Err(self.unexpected_because("the content type is not JSON"));
        }
        let decoded = serde_json::from_slice(&self.body)
            .map_err(DecodeError::from)
            .and_then(T::from_json);
        match decoded {
            Ok(value) => Ok(value),
            Err(e) => {
                let reason = format!("the body does not match the documented schema: {e}");
                Err(self.unexpected_because(&reason))
            }
        }
    }

    /// A documented text body.
    pub(crate) fn text<E>(self) -> Result<String, Error<E>> {
        Ok(String::from_utf8_lossy(&self.body).into_owned())
    }

    /// A documented binary body.
    pub(crate) fn bytes<E>(self) -> Result<Vec<u8>, Error<E>> {
        Ok(self.body)
    }

    /// A documented response without a body (whatever the body, it is ignored).
    pub(crate) fn empty<E>(self) -> Result<(), Error<E>> {
        Ok(())
    }

    /// A documented error status, with its documented body.
    pub(crate) fn api_error<B, E>(self, decode: fn(RawResponse) -> Result<B, Error<E>>, wrap: fn(B) -> E) -> Error<E> {
        let status = self.status;
        match decode(self) {
            Ok(body) => Error::Api { status, body: wrap(body) },
            Err(e) => e,
        }
    }

    /// A response the API description does not describe.
    pub(crate) fn unexpected<E>(self) -> Error<E> {
        if self.status == 429 {
            return Error::RateLimited {
                status: self.status,
                retry_after: self.retry_after,
                body: excerpt(&self.body, &self.secrets),
            };
        }
        self.unexpected_because("the status is not documented for this operation")
    }

    fn unexpected_because<E>(self, reason: &str) -> Error<E> {
        Error::UnexpectedResponse {
            status: self.status,
            content_type: self.content_type,
            body: excerpt(&self.body, &self.secrets),
            reason: reason.to_owned(),
        }
    }
}

/// A `Retry-After` value: a number of seconds, or an HTTP-date
/// (`Sun, 06 Nov 1994 08:49:37 GMT`) read as the time left until then, counted from
/// `now` (zero once it has passed).
pub(crate) fn retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(at.duration_since(now).unwrap_or_default())
}

/// The start of a body, as text, for error messages, with any credential of the
/// client blanked out.
pub(crate) fn excerpt(body: &[u8], secrets: &[String]) -> String {
    const MAX: usize = 512;
    let mut text = String::from_utf8_lossy(body).into_owned();
    for secret in secrets.iter().filter(|s| !s.is_empty()) {
        text = text.replace(secret.as_str(), "<redacted>");
    }
    match text.char_indices().nth(MAX) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text,
    }
}

/// A decoded success body with the response's status and headers, from an operation's
/// `send_with_response()`. Dereferences to the body.
#[derive(Debug, Clone)]
pub struct ResponseValue<T> {
    status: u16,
    headers: reqwest::header::HeaderMap,
    body: T,
}

impl<T> ResponseValue<T> {
    pub(crate) fn new(status: u16, headers: reqwest::header::HeaderMap, body: T) -> Self {
        ResponseValue { status, headers, body }
    }

    /// The HTTP status code.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The response headers (rate-limit counters, `Link`, `ETag`...).
    pub fn headers(&self) -> &reqwest::header::HeaderMap {
        &self.headers
    }

    /// The decoded body.
    pub fn body(&self) -> &T {
        &self.body
    }

    /// The decoded body, without the status and headers.
    pub fn into_inner(self) -> T {
        self.body
    }

    /// Status, headers and body.
    pub fn into_parts(self) -> (u16, reqwest::header::HeaderMap, T) {
        (self.status, self.headers, self.body)
    }
}

impl<T> std::ops::Deref for ResponseValue<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.body
    }
}
