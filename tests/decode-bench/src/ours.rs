//! The client as generated.

pub use rocketchat_client as client;

/// Whether `json` decodes as a `T`, the way the client decodes a response body.
pub fn decodes<T: client::FromJson>(json: &[u8]) -> bool {
    client::from_json_slice::<T>(json).is_ok()
}

#[path = "cases.rs"]
#[rustfmt::skip]
pub mod cases;
