//! Decoding from `serde_json::Value`: what the generated types' [`FromJson`] impls share.
//!
//! serde's derived `Deserialize` (and, after it, a written-out map visitor) was most of
//! the Rocket.Chat client's `cargo check` time: every struct had a visitor generic over
//! the deserializer and a generic `next_value` per field. Structs without flattened
//! fields or extra properties (`emit/types.rs`, `decodes_field_by_field`) are decoded instead
//! from a parsed `serde_json::Value` by one non-generic function each,
//! [`FromJson::from_json`], that takes each field out of the object with [`required`]
//! or [`optional`] (lenient scalars with [`required_lenient`]/[`optional_lenient`]);
//! their `Deserialize` is one line, [`via_json`]. Every other generated type (unions,
//! enums, newtypes, structs that still derive) implements `FromJson` through its own
//! `Deserialize` ([`by_serde`]), so a field may hold any of them.
//!
//! Semantics are the derive's on JSON objects: unknown keys are ignored, an absent or
//! `null` optional field is `None`, an absent required field is ``missing field `id` ``,
//! scalars, strings and the rest decode exactly as serde's own impls (lenient scalars
//! as `runtime/lenient.rs` says), and a JSON array is not a struct. A repeated key keeps
//! its last value (as `serde_json::Value` does).
//!
//! Errors say where: each helper adds its key or index to a [`DecodeError`] passing
//! through (only on the error path), so a message reads
//! ``invalid type: map, expected a string at `users[1].livechat` ``.

use serde::de::{Deserialize, DeserializeOwned, Deserializer, Unexpected};
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use std::fmt;

/// A type read from an already parsed JSON value.
pub(crate) trait FromJson: Sized {
    fn from_json(value: Value) -> Result<Self, DecodeError>;
}

/// Why a value could not be decoded, and where (the path from the value decoded).
#[derive(Debug)]
pub(crate) struct DecodeError {
    message: String,
    /// Innermost step first: each step is pushed as the error passes outwards.
    path: Vec<Step>,
}

#[derive(Debug)]
enum Step {
    Key(String),
    Index(usize),
}

impl DecodeError {
    fn new(message: String) -> Self {
        DecodeError { message, path: Vec::new() }
    }

    /// serde's ``missing field `id` ``.
    #[cold]
    fn missing(key: &str) -> Self {
        DecodeError::new(format!("missing field `{key}`"))
    }

    /// serde_json's text for a value of the wrong JSON type (`invalid type: map,
    /// expected a string`).
    #[cold]
    fn invalid_type(value: &Value, expected: &str) -> Self {
        let error = <serde_json::Error as serde::de::Error>::invalid_type(unexpected(value), &expected);
        DecodeError::new(error.to_string())
    }

    #[cold]
    fn at_key(mut self, key: &str) -> Self {
        self.path.push(Step::Key(key.to_owned()));
        self
    }

    #[cold]
    fn at_index(mut self, index: usize) -> Self {
        self.path.push(Step::Index(index));
        self
    }
}

impl From<serde_json::Error> for DecodeError {
    #[cold]
    fn from(error: serde_json::Error) -> Self {
        DecodeError::new(error.to_string())
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)?;
        if self.path.is_empty() {
            return Ok(());
        }
        f.write_str(" at `")?;
        for (i, step) in self.path.iter().rev().enumerate() {
            match step {
                Step::Index(index) => write!(f, "[{index}]")?,
                // A key that would not read as one (`a.b`, ``) is quoted.
                Step::Key(key) if !plain_key(key) => write!(f, "[{key:?}]")?,
                Step::Key(key) if i == 0 => f.write_str(key)?,
                Step::Key(key) => write!(f, ".{key}")?,
            }
        }
        f.write_str("`")
    }
}

impl std::error::Error for DecodeError {}

/// Whether a key can be shown after a `.` in a path without ambiguity.
fn plain_key(key: &str) -> bool {
    !key.is_empty() && key.chars().all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '$' | '@'))
}

/// What serde calls a JSON value in its messages.
fn unexpected(value: &Value) -> Unexpected<'_> {
    match value {
        Value::Null => Unexpected::Unit,
        Value::Bool(b) => Unexpected::Bool(*b),
        Value::Number(n) => match (n.as_u64(), n.as_i64()) {
            (Some(u), _) => Unexpected::Unsigned(u),
            (None, Some(i)) => Unexpected::Signed(i),
            (None, None) => Unexpected::Float(n.as_f64().unwrap_or(f64::NAN)),
        },
        Value::String(s) => Unexpected::Str(s),
        Value::Array(_) => Unexpected::Seq,
        Value::Object(_) => Unexpected::Map,
    }
}

/// The `Deserialize` of a type decoded from JSON: the value is parsed first, then read
/// by the type's [`FromJson`]. Generic over the deserializer once, here, instead of once
/// per type.
pub(crate) fn via_json<'de, D: Deserializer<'de>, T: FromJson>(deserializer: D) -> Result<T, D::Error> {
    let value = Value::deserialize(deserializer)?;
    T::from_json(value).map_err(<D::Error as serde::de::Error>::custom)
}

/// `impl Deserialize` of a generated type through its [`FromJson`] ([`via_json`]): one
/// line per type in the generated code instead of the impl written out (generating and
/// formatting those was a tenth of the types' time). `Deserialize` is the name the
/// types' module imports.
// A crate may have no type (or operation) that needs it.
#[allow(unused_macros)]
macro_rules! deserialize_via_json {
    ($t:ident) => {
        impl<'de> Deserialize<'de> for $t {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                $crate::runtime::de::via_json(deserializer)
            }
        }
    };
}
#[allow(unused_imports)]
pub(crate) use deserialize_via_json;

/// `impl FromJson` of a generated type through its own `Deserialize` ([`by_serde`]),
/// one line per type.
// A crate may have no type (or operation) that needs it.
#[allow(unused_macros)]
macro_rules! decode_by_serde {
    ($t:ident) => {
        impl $crate::runtime::de::FromJson for $t {
            fn from_json(value: serde_json::Value) -> Result<Self, $crate::runtime::de::DecodeError> {
                $crate::runtime::de::by_serde(value)
            }
        }
    };
}
#[allow(unused_imports)]
pub(crate) use decode_by_serde;

/// The traits of a generated string enum, through its `as_str` and `From<&str>`:
/// `Display`, `Serialize` and `Deserialize` (as the wire string; an unknown value is
/// kept), and [`FromJson`] through that `Deserialize`. One line per enum instead of four
/// impls written out. `Serialize` and `Deserialize` are the names the types' module
/// imports.
// A crate may have no string enum.
#[allow(unused_macros)]
macro_rules! string_enum_traits {
    ($t:ident) => {
        impl std::fmt::Display for $t {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl Serialize for $t {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for $t {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = String::deserialize(deserializer)?;
                Ok(Self::from(value.as_str()))
            }
        }

        $crate::runtime::de::decode_by_serde!($t);
    };
}
#[allow(unused_imports)]
pub(crate) use string_enum_traits;

/// [`FromJson`] through a type's own `Deserialize` (exactly serde's behaviour and
/// messages): for the types that are not decoded field by field.
pub(crate) fn by_serde<T: DeserializeOwned>(value: Value) -> Result<T, DecodeError> {
    T::deserialize(value).map_err(DecodeError::from)
}

/// The object a struct is read from; anything else is an error expecting `struct Foo`.
pub(crate) fn object(value: Value, name: &str) -> Result<Map<String, Value>, DecodeError> {
    match value {
        Value::Object(map) => Ok(map),
        other => Err(DecodeError::invalid_type(&other, &format!("struct {name}"))),
    }
}

/// A required field, taken out of the object by its wire name.
pub(crate) fn required<T: FromJson>(map: &mut Map<String, Value>, key: &str) -> Result<T, DecodeError> {
    match map.remove(key) {
        Some(value) => T::from_json(value).map_err(|e| e.at_key(key)),
        None => Err(DecodeError::missing(key)),
    }
}

/// An optional or nullable field: absent or `null` is `None`.
pub(crate) fn optional<T: FromJson>(map: &mut Map<String, Value>, key: &str) -> Result<Option<T>, DecodeError> {
    match map.remove(key) {
        None | Some(Value::Null) => Ok(None),
        Some(value) => T::from_json(value).map(Some).map_err(|e| e.at_key(key)),
    }
}

/// A required boolean, integer or number field, read leniently (`runtime/lenient.rs`).
pub(crate) fn required_lenient<T: super::lenient::Lenient>(
    map: &mut Map<String, Value>,
    key: &str,
) -> Result<T, DecodeError> {
    match map.remove(key) {
        Some(value) => super::lenient::scalar(value).map_err(|e| DecodeError::from(e).at_key(key)),
        None => Err(DecodeError::missing(key)),
    }
}

/// An optional or nullable boolean, integer or number field, read leniently: absent or
/// `null` is `None`.
pub(crate) fn optional_lenient<T: super::lenient::Lenient>(
    map: &mut Map<String, Value>,
    key: &str,
) -> Result<Option<T>, DecodeError> {
    match map.remove(key) {
        None => Ok(None),
        Some(value) => super::lenient::option(value).map_err(|e| DecodeError::from(e).at_key(key)),
    }
}

// Scalars and strings decode as serde's own impls do (an integer out of range is an
// error, no coercion): through them.
macro_rules! from_json_by_serde {
    ($($t:ty),*) => {$(
        impl FromJson for $t {
            fn from_json(value: Value) -> Result<Self, DecodeError> {
                by_serde(value)
            }
        }
    )*};
}

from_json_by_serde!(bool, i8, i16, i32, i64, u8, u16, u32, u64, f32, f64, String);

impl FromJson for Value {
    fn from_json(value: Value) -> Result<Self, DecodeError> {
        Ok(value)
    }
}

impl FromJson for Map<String, Value> {
    fn from_json(value: Value) -> Result<Self, DecodeError> {
        match value {
            Value::Object(map) => Ok(map),
            other => Err(DecodeError::invalid_type(&other, "a map")),
        }
    }
}

impl<T: FromJson> FromJson for Option<T> {
    fn from_json(value: Value) -> Result<Self, DecodeError> {
        match value {
            Value::Null => Ok(None),
            value => T::from_json(value).map(Some),
        }
    }
}

impl<T: FromJson> FromJson for Box<T> {
    fn from_json(value: Value) -> Result<Self, DecodeError> {
        T::from_json(value).map(Box::new)
    }
}

impl<T: FromJson> FromJson for Vec<T> {
    fn from_json(value: Value) -> Result<Self, DecodeError> {
        match value {
            Value::Array(items) => items
                .into_iter()
                .enumerate()
                .map(|(i, item)| T::from_json(item).map_err(|e| e.at_index(i)))
                .collect(),
            other => Err(DecodeError::invalid_type(&other, "a sequence")),
        }
    }
}

impl<T: FromJson> FromJson for BTreeMap<String, T> {
    fn from_json(value: Value) -> Result<Self, DecodeError> {
        match value {
            Value::Object(map) => map
                .into_iter()
                .map(|(key, item)| match T::from_json(item) {
                    Ok(item) => Ok((key, item)),
                    Err(e) => Err(e.at_key(&key)),
                })
                .collect(),
            other => Err(DecodeError::invalid_type(&other, "a map")),
        }
    }
}
