//! `src/areas.rs`: one struct per area of operations (`lower/areas.rs`), reached from
//! `Client` by an accessor (`client.chat()`), each behind its cargo feature. The
//! operations' methods on them are in `src/operations.rs`.

use super::docs;
use crate::ir::{Api, Area};
use crate::names::ident;
use proc_macro2::TokenStream;
use quote::quote;

/// The methods an area's struct defines itself (its derived `Clone`, `Copy` and
/// `Debug`), and `new`, which reads as a constructor: operations in an area take other
/// names (`names::name_group`).
pub const AREA_METHODS: &[&str] = &["clone", "clone_from", "fmt", "new"];

/// The cargo feature that builds everything (all areas), on by default.
pub const ALL_AREAS_FEATURE: &str = "full";

/// `#[cfg(...)]` for an item used by the areas `used_by` (indexes into `api.areas`);
/// nothing when it is always built.
pub(crate) fn cfg(api: &Api, used_by: &[usize]) -> TokenStream {
    if !api.area_features {
        return quote!();
    }
    let features: Vec<&str> = used_by.iter().filter_map(|&a| api.areas.get(a)).map(|a| a.name.as_str()).collect();
    match features.as_slice() {
        [] => quote!(),
        [one] => quote!(#[cfg(feature = #one)]),
        many => quote!(#[cfg(any(#(feature = #many),*))]),
    }
}

/// Puts `cfg` on each item of `items` (a sequence of items, as emitted).
pub(crate) fn gated(cfg: &TokenStream, items: TokenStream) -> TokenStream {
    if cfg.is_empty() {
        return items;
    }
    // Split by tokens, not parsed: parsing every operation's items here was an eighth
    // of a generation's time.
    let (inner, items) = crate::write::items(items);
    quote!(#inner #(#cfg #items)*)
}

/// Where the method of operation `op` is, for rustdoc links: `crate::areas::Chat::post_message`
/// or `crate::Client::login`; and how it reads: `Chat::post_message`.
pub(crate) fn method_path(api: &Api, op: &crate::ir::Operation) -> (String, String) {
    let method = op.method_name.trim_start_matches("r#");
    match op.area.and_then(|a| api.areas.get(a)) {
        Some(area) => (format!("crate::areas::{}::{method}", area.type_name), format!("{}::{method}", area.type_name)),
        None => (format!("crate::Client::{method}"), format!("Client::{method}")),
    }
}

/// The generated `src/areas.rs` (only for an API with areas).
pub fn areas_rs(api: &Api) -> TokenStream {
    let items = api.areas.iter().enumerate().map(|(i, area)| area_items(api, i, area));
    quote! {
        //! The API's operations by area: `client.<area>()` gives a cheap view of the client
        //! (a borrow) with that area's methods. Each area is a cargo feature; the default
        //! `full` feature turns all of them on.

        #(#items)*
    }
}

fn area_items(api: &Api, i: usize, area: &Area) -> TokenStream {
    let ty = ident(&area.type_name);
    let accessor = ident(&area.name);
    let feature = &area.name;
    let cfg = cfg(api, &[i]);
    let ops: Vec<&crate::ir::Operation> = api.operations.iter().filter(|o| o.area == Some(i)).collect();
    let built = if api.area_features { format!("; built with the `{feature}` feature") } else { String::new() };
    let built_ = if api.area_features { format!(" Built with the `{feature}` feature.") } else { String::new() };
    let mut listing = String::new();
    for op in &ops {
        let m = op.method_name.trim_start_matches("r#");
        let summary = op
            .doc
            .summary
            .as_deref()
            .or(op.doc.description.as_deref())
            .and_then(|s| s.lines().map(str::trim).find(|l| !l.is_empty()))
            .map(|s| format!(": {}", docs::prose(s.trim_end_matches('.'))))
            .unwrap_or_default();
        listing.push_str(&format!("\n- [`{m}`](Self::{m}){summary} (`{} {}`)", op.method.as_str(), op.path));
    }
    let about = area.doc.as_deref().map(|d| format!("\n\n{}", docs::prose(d.trim()))).unwrap_or_default();
    let struct_doc = docs::lines(&format!(
        "The `{}` operations ({}), from [`Client::{}`](crate::Client::{}){built}.{about}\n{listing}",
        area.title,
        ops.len(),
        area.name,
        area.name,
    ));
    let names: Vec<String> = ops
        .iter()
        .map(|o| format!("[`{0}`]({1}::{0})", o.method_name.trim_start_matches("r#"), area.type_name))
        .collect();
    let accessor_doc = docs::lines(&format!(
        "The `{}` operations: {}.{about}\n\nA borrow of this client: cheap to make for each call (`client.{}().{}(..)`).{built_}",
        area.title,
        names.join(", "),
        area.name,
        ops.first().map_or("", |o| o.method_name.trim_start_matches("r#")),
    ));
    quote! {
        #cfg
        #struct_doc
        #[derive(Clone, Copy, Debug)]
        pub struct #ty<'a> {
            pub(crate) client: &'a crate::Client,
        }

        #cfg
        impl crate::Client {
            #accessor_doc
            pub fn #accessor(&self) -> #ty<'_> {
                #ty { client: self }
            }
        }
    }
}
