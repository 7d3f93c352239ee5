//! The same documents generated with `--derive-deserialize`.

pub use rocketchat_client_derive as client;

/// Whether `json` decodes as a `T` through serde's derived `Deserialize`.
pub fn decodes<T: serde::de::DeserializeOwned>(json: &[u8]) -> bool {
    serde_json::from_slice::<T>(json).is_ok()
}

#[path = "cases.rs"]
#[rustfmt::skip]
pub mod cases;
