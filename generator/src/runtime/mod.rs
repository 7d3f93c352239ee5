//! The runtime every generated crate carries, written as ordinary Rust: each module
//! here is copied byte for byte (under the `@generated` header) to `src/runtime/` of
//! the generated crate. The generator's own tests compile and test these modules as
//! they are (`cargo test -p generator --lib runtime`).
//!
//! Rules for a runtime module, so the copy compiles in any generated crate:
//! - reach other runtime modules through `super::` (`super::error::Error`), never
//!   `crate::` (the crate is the generator here and the client there);
//! - use only the dependencies every generated crate has (`reqwest`, `serde`,
//!   `serde_json`, `httpdate`, `tokio` with `time`; with multipart bodies also
//!   reqwest's `multipart` and `stream` and tokio's `fs`, with paging operations
//!   `futures-util`), or add a dependency to the
//!   generated `Cargo.toml` (`emit/manifest.rs`) and to this crate's dev-dependencies;
//! - keep tests out of the module: they go in `tests/` here, so generated crates carry
//!   no test code.
//!
//! To add a module: write `NAME.rs` here and add one `NAME: <when needed>` line to
//! the list below; the generated `src/runtime/mod.rs` declares it.

use crate::ir::Api;

/// A runtime module: its name, its source, and whether a client of `api` needs it.
pub struct Module {
    pub name: &'static str,
    /// Where the module goes in the generated crate.
    pub path: &'static str,
    pub source: &'static str,
    pub needed: fn(&Api) -> bool,
}

fn always(_: &Api) -> bool {
    true
}

/// Declares the runtime modules: each is listed in [`MODULES`] (with its source)
/// and compiled here under `cfg(test)`.
macro_rules! runtime_modules {
    ($($name:ident: $needed:expr,)*) => {
        /// Every runtime module, in the order the generated `mod.rs` declares them.
        pub const MODULES: &[Module] = &[$(Module {
            name: stringify!($name),
            path: concat!("src/runtime/", stringify!($name), ".rs"),
            source: include_str!(concat!(stringify!($name), ".rs")),
            needed: $needed,
        }),*];

        // Each generated crate uses the parts its operations need; the tests here use
        // what they test.
        $(#[cfg(test)] #[allow(dead_code)] pub(crate) mod $name;)*
    };
}

runtime_modules! {
    credentials: always,
    de: always,
    error: always,
    hooks: always,
    http: always,
    lenient: always,
    mock: always,
    multipart: |api: &Api| api.uses.multipart,
    pager: |api: &Api| api.operations.iter().any(|o| o.pagination.is_some()),
    params: always,
    redact: always,
    response: always,
    retry: always,
    send: always,
    ser: crate::emit::types::serializes_field_by_field,
}

/// The runtime modules a client of `api` carries.
pub fn modules(api: &Api) -> impl Iterator<Item = &'static Module> + '_ {
    MODULES.iter().filter(move |m| (m.needed)(api))
}

#[cfg(test)]
mod tests;
