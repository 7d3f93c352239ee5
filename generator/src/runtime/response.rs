//! A response read in full, and its decoding into documented results or errors.

use super::error::Error;
use super::de::{from_json_slice, FromJson};
use std::time::{Duration, SystemTime};

/// A response, read in full, before it is decoded.
pub(crate) struct RawResponse {
    pub(crate) status: u16,
    pub(crate) content_type: Option<String>,
    pub(crate) retry_after: Option<Duration>,
    pub(crate) headers: reqwest::header::HeaderMap,
    pub(crate) body: std::sync::Arc<Vec<u8>>,
    /// Credentials to blank out of excerpts, should a server echo them.
    pub(crate) secrets: Vec<String>,
}

impl RawResponse {
    /// The decoded `body` with the status, headers and raw body (no copy of the bytes).
    pub(crate) fn into_value<T>(self, body: T) -> ResponseValue<T> {
        let raw = self.raw();
        ResponseValue { status: self.status, headers: self.headers, body, raw }
    }

    /// The body as it arrived (sharing the bytes).
    pub(crate) fn raw(&self) -> RawBody {
        RawBody { content_type: self.content_type.clone(), bytes: self.body.clone() }
    }

    fn is_json(&self) -> bool {
        match &self.content_type {
            None => true,
            Some(ct) => is_json_type(ct),
        }
    }

    /// Decodes a documented JSON body in one pass by the type's `FromJson`
    /// (`runtime/de.rs`), whose errors say where in the body they are.
    pub(crate) fn json<T: FromJson, E>(&self) -> Result<T, Error<E>> {
        if !self.is_json() {
            return Err(self.unexpected_because("the content type is not JSON"));
        }
        match from_json_slice(&self.body) {
            Ok(value) => Ok(value),
            Err(e) => {
                let reason = format!("the body does not match the documented schema: {e}");
                Err(self.unexpected_because(&reason))
            }
        }
    }

    /// A documented text body.
    pub(crate) fn text<E>(&self) -> Result<String, Error<E>> {
        Ok(String::from_utf8_lossy(&self.body).into_owned())
    }

    /// A documented binary body.
    pub(crate) fn bytes<E>(&self) -> Result<Vec<u8>, Error<E>> {
        Ok(self.body.to_vec())
    }

    /// A documented response without a body (whatever the body, it is ignored: it stays
    /// readable as the raw body).
    pub(crate) fn empty<E>(&self) -> Result<(), Error<E>> {
        Ok(())
    }

    /// Whether the body is empty (or only white space): for a response the API
    /// description leaves open whether it has a body.
    fn is_blank(&self) -> bool {
        self.body.iter().all(u8::is_ascii_whitespace)
    }

    /// A JSON body that may be absent (Swagger 2.0 `produces` without a `schema`).
    pub(crate) fn json_or_empty<T: FromJson, E>(&self) -> Result<Option<T>, Error<E>> {
        if self.is_blank() {
            return Ok(None);
        }
        self.json().map(Some)
    }

    /// A text body that may be absent.
    pub(crate) fn text_or_empty<E>(&self) -> Result<Option<String>, Error<E>> {
        if self.body.is_empty() {
            return Ok(None);
        }
        self.text().map(Some)
    }

    /// A binary body that may be absent.
    pub(crate) fn bytes_or_empty<E>(&self) -> Result<Option<Vec<u8>>, Error<E>> {
        if self.body.is_empty() {
            return Ok(None);
        }
        self.bytes().map(Some)
    }

    /// A documented error status, with its documented body (and the raw one).
    pub(crate) fn api_error<B, E>(&self, decode: fn(&RawResponse) -> Result<B, Error<E>>, wrap: fn(B) -> E) -> Error<E> {
        match decode(self) {
            Ok(body) => Error::Api { status: self.status, body: wrap(body), raw: self.raw() },
            Err(e) => e,
        }
    }

    /// [`api_error`](Self::api_error) as a match arm's value, one short call per
    /// documented error status of every operation: `404 => response.json_error(E::NotFound)`.
    pub(crate) fn json_error<B: FromJson, T, E>(&self, wrap: fn(B) -> E) -> Result<T, Error<E>> {
        Err(self.api_error(RawResponse::json, wrap))
    }

    /// [`json_error`](Self::json_error) for a text body.
    pub(crate) fn text_error<T, E>(&self, wrap: fn(String) -> E) -> Result<T, Error<E>> {
        Err(self.api_error(RawResponse::text, wrap))
    }

    /// [`json_error`](Self::json_error) for a body of bytes.
    pub(crate) fn bytes_error<T, E>(&self, wrap: fn(Vec<u8>) -> E) -> Result<T, Error<E>> {
        Err(self.api_error(RawResponse::bytes, wrap))
    }

    /// [`json_error`](Self::json_error) for a JSON body that may be absent.
    pub(crate) fn json_or_empty_error<B: FromJson, T, E>(&self, wrap: fn(Option<B>) -> E) -> Result<T, Error<E>> {
        Err(self.api_error(RawResponse::json_or_empty, wrap))
    }

    /// [`json_error`](Self::json_error) for a text body that may be absent.
    pub(crate) fn text_or_empty_error<T, E>(&self, wrap: fn(Option<String>) -> E) -> Result<T, Error<E>> {
        Err(self.api_error(RawResponse::text_or_empty, wrap))
    }

    /// [`json_error`](Self::json_error) for a body of bytes that may be absent.
    pub(crate) fn bytes_or_empty_error<T, E>(&self, wrap: fn(Option<Vec<u8>>) -> E) -> Result<T, Error<E>> {
        Err(self.api_error(RawResponse::bytes_or_empty, wrap))
    }

    /// [`json_error`](Self::json_error) for a status documented without a body.
    pub(crate) fn empty_error<T, E>(&self, error: E) -> Result<T, Error<E>> {
        Err(Error::Api { status: self.status, body: error, raw: self.raw() })
    }

    /// The decoded body with the response's status and headers, or the error.
    pub(crate) fn into_result<T, E>(self, decoded: Result<T, Error<E>>) -> Result<ResponseValue<T>, Error<E>> {
        decoded.map(|body| self.into_value(body))
    }

    /// A response the API description does not describe.
    pub(crate) fn unexpected<E>(&self) -> Error<E> {
        if self.status == 429 {
            return Error::RateLimited {
                status: self.status,
                retry_after: self.retry_after,
                body: excerpt(&self.body, &self.secrets),
                raw: self.raw(),
            };
        }
        self.unexpected_because("the status is not documented for this operation")
    }

    fn unexpected_because<E>(&self, reason: &str) -> Error<E> {
        Error::UnexpectedResponse {
            status: self.status,
            content_type: self.content_type.clone(),
            body: excerpt(&self.body, &self.secrets),
            reason: reason.to_owned(),
            raw: self.raw(),
        }
    }
}

/// Whether a media type is JSON: `application/json`, a `+json` suffix
/// (`application/problem+json`), or JSON with a suffix of its own as some APIs write it
/// (`application/json+sarif`).
fn is_json_type(content_type: &str) -> bool {
    let essence = content_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    essence == "application/json" || essence.ends_with("+json") || essence.starts_with("application/json+")
}

/// A response body exactly as it arrived, with its `Content-Type`: on every response
/// ([`ResponseValue::raw_body`]) and on every error for a response that arrived
/// ([`Error::raw_body`](crate::Error::raw_body)), whether or not the API description
/// types it. Cheap to clone (the bytes are shared).
///
/// `Debug` shows its length and content type, never its content: a body can echo
/// credentials.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct RawBody {
    content_type: Option<String>,
    bytes: std::sync::Arc<Vec<u8>>,
}

impl RawBody {
    /// The bytes as received.
    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// The `Content-Type` header, if any.
    pub fn content_type(&self) -> Option<&str> {
        self.content_type.as_deref()
    }

    /// The body as text, if it is UTF-8.
    pub fn text(&self) -> Option<&str> {
        std::str::from_utf8(&self.bytes).ok()
    }

    /// The body parsed as JSON, if it is JSON (whatever the `Content-Type` says).
    pub fn json(&self) -> Option<serde_json::Value> {
        serde_json::from_slice(&self.bytes).ok()
    }

    /// The body decoded as `T` from JSON, with serde's error when it is not one.
    pub fn json_as<T: serde::de::DeserializeOwned>(&self) -> Result<T, serde_json::Error> {
        serde_json::from_slice(&self.bytes)
    }

    /// Whether the `Content-Type` is JSON (`application/json` or `...+json`).
    pub fn is_json(&self) -> bool {
        self.content_type.as_deref().is_some_and(is_json_type)
    }

    /// The length in bytes.
    pub fn len(&self) -> usize {
        self.bytes.len()
    }

    /// Whether the body is empty.
    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }

    /// The bytes (copied only if the body is still shared, e.g. with the
    /// `ResponseValue` or error it came from).
    pub fn into_bytes(self) -> Vec<u8> {
        std::sync::Arc::try_unwrap(self.bytes).unwrap_or_else(|shared| shared.as_ref().clone())
    }
}

impl std::fmt::Debug for RawBody {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RawBody")
            .field("content_type", &self.content_type)
            .field("len", &self.bytes.len())
            .finish_non_exhaustive()
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

/// A decoded success body with the response's status, headers and raw body, from an
/// operation's `send_with_response()`. Dereferences to the body.
#[derive(Debug, Clone)]
pub struct ResponseValue<T> {
    status: u16,
    headers: reqwest::header::HeaderMap,
    body: T,
    raw: RawBody,
}

impl<T> ResponseValue<T> {
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

    /// The body as it arrived, typed or not: its bytes, its `Content-Type`, as text or
    /// JSON. No second request is made; the bytes are shared.
    pub fn raw_body(&self) -> &RawBody {
        &self.raw
    }

    /// The `Content-Type` header, if any.
    pub fn content_type(&self) -> Option<&str> {
        self.raw.content_type()
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
