//! `Cargo.toml` and `src/lib.rs` of the generated crate.

use super::docs;
use crate::ir::Api;
use proc_macro2::TokenStream;
use quote::quote;

pub fn cargo_toml(api: &Api) -> String {
    let mut reqwest_features = vec!["\"json\""];
    if api.uses.multipart {
        reqwest_features.push("\"multipart\"");
    }
    let mut deps = vec![
        format!(
            "reqwest = {{ version = \"0.12\", default-features = false, features = [{}] }}",
            reqwest_features.join(", ")
        ),
        "serde = { version = \"1\", features = [\"derive\"] }".to_owned(),
        "serde_json = \"1\"".to_owned(),
    ];
    if api.uses.date_time {
        deps.push(
            "chrono = { version = \"0.4\", default-features = false, features = [\"serde\", \"std\"] }".to_owned(),
        );
    }
    if api.uses.uuid {
        deps.push("uuid = { version = \"1\", features = [\"serde\"] }".to_owned());
    }
    deps.sort();
    let description = format!("Typed async client for {} (generated from its OpenAPI description)", api.title)
        .replace('\\', "\\\\")
        .replace('"', "\\\"");
    format!(
        "[package]\nname = \"{name}\"\nversion = \"{version}\"\nedition = \"2021\"\ndescription = \"{description}\"\npublish = false\n\n\
         [lib]\n# Descriptions are API prose, not Rust examples.\ndoctest = false\n\n[features]\n\
         # TLS for `https://` servers. Without default features, pick `native-tls`, or none\n\
         # for plain HTTP.\n\
         default = [\"rustls-tls\"]\nrustls-tls = [\"reqwest/rustls-tls\"]\nnative-tls = [\"reqwest/native-tls\"]\n\n\
         [dependencies]\n{deps}\n",
        name = api.crate_name,
        version = api.crate_version,
        deps = deps.join("\n"),
    )
}

pub fn lib_rs(api: &Api) -> TokenStream {
    let mut text = format!("A typed async client for {}", api.title);
    if !api.version.is_empty() {
        text.push_str(&format!(" (API version {})", api.version));
    }
    text.push_str(".\n\nGenerated from:\n");
    for s in &api.sources {
        text.push_str(&format!("- `{s}`\n"));
    }
    if let Some(d) = &api.description {
        text.push_str(&format!("\n{}\n", d.trim()));
    }
    text.push_str(&format!(
        "\n{} operations, one method each on [`Client`]. Optional inputs are set on the \
         returned request builder, which is sent with `.send().await` or by awaiting it. \
         Errors are [`Error`], whose `Api` variant carries the operation's documented \
         error body.",
        api.operations.len()
    ));
    let doc: Vec<TokenStream> = text
        .lines()
        .map(|l| {
            let l = format!(" {l}");
            quote!(#![doc = #l])
        })
        .collect();
    let _ = docs::lines;
    // With no operations, the request machinery has no caller.
    let runtime_unused = if api.operations.is_empty() { quote!(#[allow(dead_code)]) } else { quote!() };
    quote! {
        #(#doc)*
        // API prose becomes rustdoc as written; these lints judge prose style, and the
        // large-variant ones judge the API's own shapes.
        #![warn(missing_docs)]
        #![allow(
            clippy::doc_lazy_continuation,
            clippy::doc_overindented_list_items,
            clippy::too_long_first_doc_paragraph,
            clippy::large_enum_variant,
            clippy::result_large_err,
            clippy::enum_variant_names,
            clippy::empty_docs,
            rustdoc::all
        )]

        // Formatted by the generator (prettyplease); rustfmt would only reflow it.
        #[rustfmt::skip]
        #runtime_unused
        mod client;
        #[rustfmt::skip]
        mod error;
        #[rustfmt::skip]
        pub mod operations;
        #[rustfmt::skip]
        pub mod types;

        pub use client::Client;
        pub use error::{Error, InvalidBaseUrl};
    }
}
