//! IR to Rust: one `TokenStream` per generated file. Emitters read only the IR.

mod areas;
mod client;
mod doc_calls;
mod docs;
mod example_tests;
mod layout;
mod manifest;
mod operations;
pub(crate) mod types;

pub use areas::{ALL_AREAS_FEATURE, AREA_METHODS};
pub use client::CLIENT_METHODS;
pub use doc_calls::doc_calls_test;
pub use example_tests::{decode_cases, example_tests};
pub use manifest::CRATE_EXPORTS;
pub use operations::{BUILDER_FIELDS, BUILDER_METHODS};

use crate::ir::{Api, TypeRef};
use proc_macro2::TokenStream;
use quote::quote;

/// A generated file before formatting.
pub enum Content {
    /// Rust source, formatted by `prettyplease` when written.
    Rust(TokenStream),
    /// Any other text (Cargo.toml).
    Text(String),
    /// Rust source written by hand (a runtime module), copied as it is.
    Source(&'static str),
}

/// One file of the generated crate, relative to its root.
pub struct File {
    pub path: String,
    pub content: Content,
}

/// A file of the client crate and how it is made.
pub struct Part {
    pub path: String,
    make: Make,
}

enum Make {
    /// Emitted from the IR (`None`: this API's client does not have the file).
    Emit(fn(&Api) -> Option<Content>),
    /// One of several files of a module (an area's, or a group of shared types): the
    /// emitter and which one.
    Nth(fn(&Api, usize) -> Option<Content>, usize),
    /// A runtime module, copied as written, when the API needs it.
    Runtime(&'static crate::runtime::Module),
}

impl Part {
    /// Emits this file for `api` (`None`: this API's client does not need it).
    pub fn emit(&self, api: &Api) -> Option<File> {
        let content = match &self.make {
            Make::Emit(make) => make(api)?,
            Make::Nth(make, n) => make(api, *n)?,
            Make::Runtime(module) if (module.needed)(api) => Content::Source(module.source),
            Make::Runtime(_) => return None,
        };
        Some(File { path: self.path.clone(), content })
    }
}

/// Makes one file of the crate from the IR.
type Emitter = fn(&Api) -> Option<Content>;

/// Every file a client crate for `api` may have, each emitted on its own so files can
/// be made (and formatted) in parallel: tokens cannot cross threads. Operations and
/// types are split by area when the API has areas (`layout`).
pub fn parts(api: &Api) -> Vec<Part> {
    let emitted: [(&'static str, Emitter); 5] = [
        ("Cargo.toml", |api| Some(Content::Text(manifest::cargo_toml(api)))),
        ("src/lib.rs", |api| Some(Content::Rust(manifest::lib_rs(api)))),
        ("src/client.rs", |api| Some(Content::Rust(client::client_rs(api)))),
        ("src/areas.rs", |api| (!api.areas.is_empty()).then(|| Content::Rust(areas::areas_rs(api)))),
        ("src/runtime/mod.rs", |api| Some(Content::Rust(client::runtime_mod_rs(api)))),
    ];
    let mut parts: Vec<Part> =
        emitted.into_iter().map(|(path, make)| Part { path: path.to_owned(), make: Make::Emit(make) }).collect();
    if !api.areas.is_empty() {
        parts.push(Part {
            path: "src/operations/mod.rs".into(),
            make: Make::Emit(|api| Some(Content::Rust(operations::operations_mod_rs(api)))),
        });
        for (i, area) in api.areas.iter().enumerate() {
            parts.push(Part {
                path: format!("src/operations/{}.rs", area.name),
                make: Make::Nth(|api, i| Some(Content::Rust(operations::area_operations_rs(api, i))), i),
            });
        }
    } else if layout::split_operations(api) {
        parts.push(Part {
            path: "src/operations/mod.rs".into(),
            make: Make::Emit(|api| Some(Content::Rust(operations::letters_mod_rs(api)))),
        });
        for (i, (name, _)) in layout::operation_letters(api).iter().enumerate() {
            parts.push(Part {
                path: format!("src/operations/{name}.rs"),
                make: Make::Nth(|api, i| Some(Content::Rust(operations::letter_operations_rs(api, i))), i),
            });
        }
    } else {
        parts.push(Part {
            path: "src/operations.rs".into(),
            make: Make::Emit(|api| Some(Content::Rust(operations::operations_rs(api)))),
        });
    }
    if layout::split_types(api) {
        parts.push(Part {
            path: "src/types/mod.rs".into(),
            make: Make::Emit(|api| Some(Content::Rust(types::types_mod_rs(api, &layout::type_modules(api))))),
        });
        for (i, m) in layout::type_modules(api).iter().enumerate() {
            parts.push(Part {
                path: format!("src/types/{}.rs", m.name),
                make: Make::Nth(
                    |api, i| layout::type_modules(api).get(i).map(|m| Content::Rust(types::type_module_rs(api, m))),
                    i,
                ),
            });
        }
    } else {
        parts.push(Part {
            path: "src/types.rs".into(),
            make: Make::Emit(|api| Some(Content::Rust(types::types_rs(api)))),
        });
    }
    let runtime = crate::runtime::MODULES.iter().map(|m| Part { path: m.path.to_owned(), make: Make::Runtime(m) });
    parts.extend(runtime);
    parts
}

/// Every file of the client crate, emitted in order on the current thread.
pub fn crate_files(api: &Api) -> Vec<File> {
    parts(api).iter().filter_map(|part| part.emit(api)).collect()
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
        TypeRef::File => quote!(crate::FilePart),
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
