//! The two decoders the benchmark compares, over the same published response examples
//! (`cases.rs`, generated with the client): the client as generated (`ours`, its
//! one-pass `from_json_slice`) and a build of the same documents whose structs derive
//! `Deserialize` (`derive`, through `serde_json::from_slice`).

pub mod derive;
pub mod ours;

/// A case: its name, the example as JSON text, and a decoder.
pub type Case = (&'static str, &'static str, fn(&[u8]) -> bool);

/// How many of `cases` decode, and their total size in bytes.
pub fn census(cases: &[Case]) -> (usize, usize) {
    let ok = cases.iter().filter(|(_, json, decode)| decode(json.as_bytes())).count();
    (ok, cases.iter().map(|(_, json, _)| json.len()).sum())
}
