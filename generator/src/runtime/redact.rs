//! `Debug` output without secrets. Generated types and request builders print
//! [`Redacted`] in place of each field or input that carries a secret (by the rule of
//! the generator's `lower/secrets.rs`: `format: password`, where a security scheme
//! puts its credential, or a name with a secret word such as `password`, `token`,
//! `secret`, `api_key`), and everything else as derived `Debug` would.

/// What `Debug` shows in place of a secret.
pub const REDACTED: &str = "<redacted>";

/// Stands in for a secret in `Debug` output: prints [`REDACTED`], never the value.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Redacted;

impl std::fmt::Debug for Redacted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(REDACTED)
    }
}

/// An optional secret for `Debug`: whether it is set (`Some(<redacted>)` or `None`),
/// never what it is.
pub fn optional<T>(value: &Option<T>) -> Option<Redacted> {
    value.as_ref().map(|_| Redacted)
}
