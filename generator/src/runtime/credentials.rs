//! Credentials: where each security scheme puts its value, and the values set on a
//! client, which are never printed.

use super::error::Error;
use reqwest::header::{HeaderValue, AUTHORIZATION, COOKIE};
use reqwest::RequestBuilder;

/// Where a security scheme's credential goes in a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Placement {
    /// A header of this name.
    Header(&'static str),
    /// A query parameter of this name.
    Query(&'static str),
    /// A cookie of this name.
    Cookie(&'static str),
    /// `Authorization: Bearer <value>`.
    Bearer,
    /// `Authorization: Basic`, the value being `username:password`.
    Basic,
}

/// A security scheme of the API: its key in the description and its placement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Scheme {
    pub(crate) key: &'static str,
    pub(crate) placement: Placement,
}

/// The credential values set on a client, one slot per scheme of the API.
#[derive(Clone)]
pub(crate) struct Credentials {
    schemes: &'static [Scheme],
    values: Vec<Option<String>>,
}

impl Credentials {
    /// No credential set, for the API's `schemes`.
    pub(crate) fn new(schemes: &'static [Scheme]) -> Self {
        Credentials { schemes, values: vec![None; schemes.len()] }
    }

    /// Sets the credential of the scheme at `slot` (its index in the schemes).
    pub(crate) fn set(&mut self, slot: usize, value: String) {
        if let Some(v) = self.values.get_mut(slot) {
            *v = Some(value);
        }
    }

    /// Every credential value set, to blank out of error messages.
    pub(crate) fn secrets(&self) -> Vec<String> {
        self.values.iter().flatten().cloned().collect()
    }

    /// Adds the credentials of the schemes named in `accepted` to `request`.
    pub(crate) fn apply<E>(&self, mut request: RequestBuilder, accepted: &[&str]) -> Result<RequestBuilder, Error<E>> {
        for (scheme, value) in self.schemes.iter().zip(&self.values) {
            let Some(value) = value else { continue };
            if !accepted.contains(&scheme.key) {
                continue;
            }
            request = match scheme.placement {
                Placement::Header(name) => request.header(name, sensitive(value, name)?),
                Placement::Query(name) => request.query(&[(name, value.as_str())]),
                Placement::Cookie(name) => request.header(COOKIE, sensitive(&format!("{name}={value}"), "Cookie")?),
                Placement::Bearer => request.header(AUTHORIZATION, sensitive(&format!("Bearer {value}"), "Authorization")?),
                Placement::Basic => {
                    let (user, pass) = value.split_once(':').unwrap_or((value.as_str(), ""));
                    request.basic_auth(user, Some(pass))
                }
            };
        }
        Ok(request)
    }

    /// Adds one field per scheme to a `Debug` struct, each shown only as set or not.
    pub(crate) fn debug_fields(&self, out: &mut std::fmt::DebugStruct<'_, '_>) {
        for (scheme, value) in self.schemes.iter().zip(&self.values) {
            out.field(scheme.key, &value.as_ref().map(|_| "<redacted>"));
        }
    }
}

/// A header value marked sensitive (hidden from reqwest's own `Debug`).
fn sensitive<E>(value: &str, header: &str) -> Result<HeaderValue, Error<E>> {
    let mut value = HeaderValue::from_str(value)
        .map_err(|_| Error::InvalidRequest(format!("the credential for `{header}` is not a valid header value")))?;
    value.set_sensitive(true);
    Ok(value)
}
