//! Which inputs and fields carry secrets, so no generated `Debug` prints them.
//!
//! A parameter or property is a secret when
//! - its schema says `format: password`;
//! - it is a parameter sent where a security scheme of the API puts its credential
//!   (the same header, query parameter or cookie name);
//! - or its name, split into words (`x-auth-token`, `clientSecret`, `api_key`), has one
//!   of the words in [`SECRET_WORDS`] or one of the word pairs in [`SECRET_PAIRS`].
//!
//! Redacting a value that was not secret costs a less useful `Debug`; printing one
//! that was costs a leak, so the list leans wide (`pageToken` is redacted too).

use crate::ir::{AuthKind, AuthScheme, ParamLocation};
use openapiv3::{Schema, SchemaKind, StringFormat, Type, VariantOrUnknownOrEmpty};

/// Words that make a name secret wherever they stand in it.
pub const SECRET_WORDS: &[&str] =
    &["password", "passwd", "passphrase", "secret", "token", "apikey", "credential", "credentials", "authorization"];

/// Adjacent words that make a name secret together.
pub const SECRET_PAIRS: &[(&str, &str)] =
    &[("api", "key"), ("private", "key"), ("access", "key"), ("signing", "key"), ("encryption", "key")];

/// Whether a name says it holds a secret.
pub fn secret_name(name: &str) -> bool {
    let snake = crate::names::snake(name);
    let words: Vec<&str> = snake.trim_start_matches("r#").split('_').filter(|w| !w.is_empty()).collect();
    words.iter().any(|w| SECRET_WORDS.contains(w))
        || words.windows(2).any(|pair| SECRET_PAIRS.iter().any(|&(a, b)| pair[0] == a && pair[1] == b))
}

/// Whether a schema (its `$ref` already resolved) says `format: password`.
pub fn password_format(schema: &Schema) -> bool {
    matches!(
        &schema.schema_kind,
        SchemaKind::Type(Type::String(s)) if matches!(s.format, VariantOrUnknownOrEmpty::Item(StringFormat::Password))
    )
}

/// Whether a parameter goes where a security scheme puts its credential.
pub fn scheme_parameter(wire: &str, location: ParamLocation, auth: &[AuthScheme]) -> bool {
    auth.iter().any(|a| match (&a.kind, location) {
        (AuthKind::Header(h), ParamLocation::Header) => h.eq_ignore_ascii_case(wire),
        (AuthKind::Query(q), ParamLocation::Query) => q == wire,
        (AuthKind::Cookie(c), ParamLocation::Cookie) => c == wire,
        (AuthKind::Bearer | AuthKind::Basic | AuthKind::Scheme(_), ParamLocation::Header) => {
            wire.eq_ignore_ascii_case("authorization")
        }
        _ => false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_with_secret_words_are_secret() {
        for name in
            ["password", "X-Auth-Token", "clientSecret", "api_key", "apiKey", "x-api-key", "newPassword", "APIKey"]
        {
            assert!(secret_name(name), "{name}");
        }
        for name in ["username", "user_id", "key", "tokenizer", "passage", "monkey", "count"] {
            assert!(!secret_name(name), "{name}");
        }
    }
}
