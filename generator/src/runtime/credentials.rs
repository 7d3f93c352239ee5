//! Credentials: where each security scheme puts its value, and the values set on a
//! client, which are never printed.

use super::error::Error;
use super::response::RawResponse;
use reqwest::header::{HeaderValue, AUTHORIZATION, COOKIE};
use reqwest::RequestBuilder;
use std::sync::{Arc, PoisonError, RwLock, RwLockReadGuard, RwLockWriteGuard};

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
    /// `Authorization: <scheme> <value>`: another HTTP authentication scheme.
    Scheme(&'static str),
}

/// A security scheme of the API: its key in the description and its placement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Scheme {
    pub(crate) key: &'static str,
    pub(crate) placement: Placement,
}

/// The credential values set on a client, one slot per scheme of the API. Clones
/// share the values (setting one on a client sets it on its clones) until
/// [`Credentials::detach`].
#[derive(Clone)]
pub(crate) struct Credentials {
    schemes: &'static [Scheme],
    values: Arc<RwLock<Vec<Option<String>>>>,
}

impl Credentials {
    /// No credential set, for the API's `schemes`.
    pub(crate) fn new(schemes: &'static [Scheme]) -> Self {
        Credentials { schemes, values: Arc::new(RwLock::new(vec![None; schemes.len()])) }
    }

    /// The values, whoever held the lock last (a value is replaced whole, so a panic
    /// elsewhere cannot leave one half-written).
    fn read(&self) -> RwLockReadGuard<'_, Vec<Option<String>>> {
        self.values.read().unwrap_or_else(PoisonError::into_inner)
    }

    fn write(&self) -> RwLockWriteGuard<'_, Vec<Option<String>>> {
        self.values.write().unwrap_or_else(PoisonError::into_inner)
    }

    /// Stops sharing values with clones: later changes here are this client's own.
    pub(crate) fn detach(&mut self) {
        let values = self.read().clone();
        self.values = Arc::new(RwLock::new(values));
    }

    /// Sets the credential of the scheme at `slot` (its index in the schemes).
    pub(crate) fn set(&self, slot: usize, value: String) {
        if let Some(v) = self.write().get_mut(slot) {
            *v = Some(value);
        }
    }

    /// Forgets every credential.
    pub(crate) fn clear(&self) {
        self.write().iter_mut().for_each(|v| *v = None);
    }

    /// Stores credentials found in a login response (all of them, at once).
    pub(crate) fn store(&self, found: Found) {
        let mut slots = self.write();
        for (slot, value) in found.0 {
            if let Some(v) = slots.get_mut(slot) {
                *v = Some(value);
            }
        }
    }

    /// Every credential value set, to blank out of error messages.
    pub(crate) fn secrets(&self) -> Vec<String> {
        self.read().iter().flatten().cloned().collect()
    }

    /// Adds the credentials of the schemes named in `accepted` to `request`.
    pub(crate) fn apply<E>(&self, mut request: RequestBuilder, accepted: &[&str]) -> Result<RequestBuilder, Error<E>> {
        let values = self.read();
        for (scheme, value) in self.schemes.iter().zip(values.iter()) {
            let Some(value) = value else { continue };
            if !accepted.contains(&scheme.key) {
                continue;
            }
            request = match scheme.placement {
                Placement::Header(name) => request.header(name, sensitive(value, name)?),
                Placement::Query(name) => request.query(&[(name, value.as_str())]),
                Placement::Cookie(name) => request.header(COOKIE, sensitive(&format!("{name}={value}"), "Cookie")?),
                Placement::Bearer => request.header(AUTHORIZATION, sensitive(&format!("Bearer {value}"), "Authorization")?),
                Placement::Scheme(scheme) => {
                    request.header(AUTHORIZATION, sensitive(&format!("{scheme} {value}"), "Authorization")?)
                }
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
        for (scheme, value) in self.schemes.iter().zip(self.read().iter()) {
            out.field(scheme.key, &value.as_ref().map(|_| "<redacted>"));
        }
    }
}

/// Credentials read from a login response, not yet stored: `(slot, value)`. No
/// `Debug`: the values are secrets.
pub(crate) struct Found(Vec<(usize, String)>);

/// Finds, for each `(slot, pointer)`, the string at that JSON pointer of a login
/// response's body. A body that is not JSON, or a pointer where the body has no string,
/// is [`Error::MissingCredential`] naming the pointer (its message shows no part of the
/// body; the body is there to read, as on every error for a response that arrived).
pub(crate) fn find_in<E>(response: &RawResponse, found_at: &[(usize, &str)]) -> Result<Found, Error<E>> {
    let missing =
        |pointer: &str| Error::MissingCredential { status: response.status, pointer: pointer.to_owned(), raw: response.raw() };
    let Ok(json) = serde_json::from_slice::<serde_json::Value>(&response.body) else {
        return Err(missing(found_at.first().map_or("", |(_, p)| p)));
    };
    let mut values = Vec::with_capacity(found_at.len());
    for &(slot, pointer) in found_at {
        match json.pointer(pointer) {
            Some(serde_json::Value::String(value)) => values.push((slot, value.clone())),
            _ => return Err(missing(pointer)),
        }
    }
    Ok(Found(values))
}

/// A header value marked sensitive (hidden from reqwest's own `Debug`).
fn sensitive<E>(value: &str, header: &str) -> Result<HeaderValue, Error<E>> {
    let mut value = HeaderValue::from_str(value)
        .map_err(|_| Error::InvalidRequest(format!("the credential for `{header}` is not a valid header value")))?;
    value.set_sensitive(true);
    Ok(value)
}
