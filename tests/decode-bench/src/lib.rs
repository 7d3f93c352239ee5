//! The two decoders the benchmark compares, over the same published response examples
//! (`cases.rs`, generated with the client): the client as generated (`ours`, its
//! one-pass `from_json_slice`) and a build of the same documents whose structs derive
//! `Deserialize` (`derive`, through `serde_json::from_slice`).

/// The client as generated.
pub mod ours {
    pub use rocketchat_client as client;

    /// Whether `json` decodes as a `T`, the way the client decodes a response body.
    pub fn decodes<T: client::FromJson>(json: &[u8]) -> bool {
        client::from_json_slice::<T>(json).is_ok()
    }

    #[path = "../cases.rs"]
    #[rustfmt::skip]
    pub mod cases;
}

/// The same documents with `--derive-deserialize`.
pub mod derive {
    pub use rocketchat_client_derive as client;

    /// Whether `json` decodes as a `T` through serde's derived `Deserialize`.
    pub fn decodes<T: serde::de::DeserializeOwned>(json: &[u8]) -> bool {
        serde_json::from_slice::<T>(json).is_ok()
    }

    #[path = "../cases.rs"]
    #[rustfmt::skip]
    pub mod cases;
}

/// A case: its name, the example as JSON text, and a decoder.
pub type Case = (&'static str, &'static str, fn(&[u8]) -> bool);

/// How many of `cases` decode, and their total size in bytes.
pub fn census(cases: &[Case]) -> (usize, usize) {
    let ok = cases.iter().filter(|(_, json, decode)| decode(json.as_bytes())).count();
    (ok, cases.iter().map(|(_, json, _)| json.len()).sum())
}
