//! Writing out a generated struct whose `Serialize` is written out (`emit/types.rs`):
//! its fields as the entries of a map, in order.

use serde::ser::SerializeMap;
use serde::Serialize;

/// A field that is always written (a required nullable one unset is `null`).
pub(crate) fn entry<M: SerializeMap, T: Serialize + ?Sized>(
    map: &mut M,
    key: &'static str,
    value: &T,
) -> Result<(), M::Error> {
    map.serialize_entry(key, value)
}

/// An optional field: written when set, left out when not.
pub(crate) fn optional<M: SerializeMap, T: Serialize>(
    map: &mut M,
    key: &'static str,
    value: &Option<T>,
) -> Result<(), M::Error> {
    match value {
        Some(value) => map.serialize_entry(key, value),
        None => Ok(()),
    }
}
