//! Parameter values as text for paths, queries and headers.

use super::error::Error;
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC};

/// Everything but RFC 3986's unreserved characters is escaped in a path segment, so
/// a value can never add a segment (`/`), a query (`?`) or a fragment (`#`).
const PATH_SEGMENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

/// A value as text for a path, query or header: strings (and string enums) as
/// they are, anything else as JSON.
pub(crate) fn text_of<T: serde::Serialize + ?Sized, E>(value: &T) -> Result<String, Error<E>> {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => Ok(s),
        Ok(other) => Ok(other.to_string()),
        Err(e) => Err(Error::InvalidRequest(e.to_string())),
    }
}

/// Percent-encodes one path segment (UTF-8, then every byte outside the unreserved set).
pub(crate) fn encode_path(value: &str) -> String {
    percent_encoding::utf8_percent_encode(value, PATH_SEGMENT).to_string()
}
