//! IR to Rust: one `TokenStream` per generated file. Emitters read only the IR.

mod client;
mod docs;
mod manifest;
mod operations;
mod types;

use crate::ir::{Api, TypeRef};
use proc_macro2::TokenStream;
use quote::quote;

/// A generated file before formatting.
pub enum Content {
    /// Rust source, formatted by `prettyplease` when written.
    Rust(TokenStream),
    /// Any other text (Cargo.toml).
    Text(String),
}

/// One file of the generated crate, relative to its root.
pub struct File {
    pub path: &'static str,
    pub content: Content,
}

/// Every file of the client crate.
pub fn crate_files(api: &Api) -> Vec<File> {
    vec![
        File { path: "Cargo.toml", content: Content::Text(manifest::cargo_toml(api)) },
        File { path: "src/lib.rs", content: Content::Rust(manifest::lib_rs(api)) },
        File { path: "src/client.rs", content: Content::Rust(client::client_rs(api)) },
        File { path: "src/error.rs", content: Content::Rust(client::error_rs()) },
        File { path: "src/operations.rs", content: Content::Rust(operations::operations_rs(api)) },
        File { path: "src/types.rs", content: Content::Rust(types::types_rs(api)) },
    ]
}

/// The Rust type for a type reference. `types_path` is how named types are reached
/// from the module being emitted (empty inside `types`).
pub(crate) fn rust_type(t: &TypeRef, types_path: &TokenStream) -> TokenStream {
    match t {
        TypeRef::Bool => quote!(bool),
        TypeRef::I8 => quote!(i8),
        TypeRef::I16 => quote!(i16),
        TypeRef::I32 => quote!(i32),
        TypeRef::I64 => quote!(i64),
        TypeRef::U8 => quote!(u8),
        TypeRef::U16 => quote!(u16),
        TypeRef::U32 => quote!(u32),
        TypeRef::U64 => quote!(u64),
        TypeRef::F32 => quote!(f32),
        TypeRef::F64 => quote!(f64),
        TypeRef::String => quote!(String),
        TypeRef::DateTime => quote!(chrono::DateTime<chrono::Utc>),
        TypeRef::Uuid => quote!(uuid::Uuid),
        TypeRef::Bytes => quote!(Vec<u8>),
        TypeRef::Json => quote!(serde_json::Value),
        TypeRef::JsonObject => quote!(serde_json::Map<String, serde_json::Value>),
        TypeRef::Named(n) => {
            let id = crate::names::ident(n);
            quote!(#types_path #id)
        }
        TypeRef::Vec(inner) => {
            let inner = rust_type(inner, types_path);
            quote!(Vec<#inner>)
        }
        TypeRef::Map(inner) => {
            let inner = rust_type(inner, types_path);
            quote!(std::collections::BTreeMap<String, #inner>)
        }
        TypeRef::Option(inner) => {
            let inner = rust_type(inner, types_path);
            quote!(Option<#inner>)
        }
        TypeRef::Boxed(inner) => {
            let inner = rust_type(inner, types_path);
            quote!(Box<#inner>)
        }
    }
}
