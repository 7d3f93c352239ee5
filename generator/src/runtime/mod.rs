//! Runtime modules of the generated crate, kept as real Rust: each is written into
//! every generated crate as it is, and compiled here too so its unit tests run with
//! the generator's.

/// `src/params.rs` of the generated crate: parameter styles on the wire.
pub const PARAMS: &str = include_str!("params.rs");

#[cfg(test)]
#[allow(dead_code)] // each generated crate uses the parts its API needs
mod params;

#[cfg(test)]
mod params_tests;
