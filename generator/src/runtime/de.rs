//! What the generated structs' hand-written `Deserialize` impls share.
//!
//! Structs are decoded by a small visitor the generator writes out (`emit/types.rs`)
//! instead of serde's derive: the derive's field enum, `visit_seq` and wrapper types
//! were about half of the Rocket.Chat client's `cargo check` time. A struct's visitor
//! reads each key with [`Key`] (its index among the wire names), each value into an
//! `Option` local, and finishes with [`required`] for the fields that must be present.
//! Absent optional fields are `None`, unknown keys are skipped.

use serde::de::{self, DeserializeSeed, Deserializer, Visitor};
use std::fmt;

/// Reads an object key as its index in the wire names (`None`: a key the struct does
/// not know, to be skipped). The key is compared where it lies, never copied.
#[derive(Clone, Copy)]
pub struct Key(pub &'static [&'static str]);

impl<'de> DeserializeSeed<'de> for Key {
    type Value = Option<usize>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Option<usize>, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

// `visit_borrowed_str` and `visit_string` (and their bytes forms) default to the
// borrowing `visit_str`/`visit_bytes`: no key is allocated.
impl<'de> Visitor<'de> for Key {
    type Value = Option<usize>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a field name")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Option<usize>, E> {
        Ok(self.0.iter().position(|name| *name == v))
    }

    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<Option<usize>, E> {
        Ok(self.0.iter().position(|name| name.as_bytes() == v))
    }
}

/// The value of a required field, or the error serde's derive gives when it is absent
/// (``missing field `id` ``).
pub fn required<T, E: de::Error>(value: Option<T>, name: &'static str) -> Result<T, E> {
    value.ok_or_else(|| E::missing_field(name))
}
