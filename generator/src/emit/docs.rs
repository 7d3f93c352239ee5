//! Rustdoc attributes from document prose.

use crate::ir::Doc;
use proc_macro2::TokenStream;
use quote::quote;

/// `#[doc = "..."]` lines for a block of text (one attribute per line, so the
/// formatter prints `///` comments).
pub fn lines(text: &str) -> TokenStream {
    let mut out = TokenStream::new();
    for line in text.replace("\r\n", "\n").replace('\r', "\n").trim_end().lines() {
        let line = format!(" {}", line.trim_end());
        out.extend(quote!(#[doc = #line]));
    }
    out
}

/// Summary, then description, then a deprecation note.
pub fn of(doc: &Doc) -> TokenStream {
    lines(&text(doc))
}

pub fn text(doc: &Doc) -> String {
    let mut parts: Vec<String> = Vec::new();
    if let Some(s) = doc.summary.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        parts.push(s.to_owned());
    }
    if let Some(d) = doc.description.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        if parts.first().map(String::as_str) != Some(d) {
            parts.push(d.to_owned());
        }
    }
    parts.join("\n\n")
}

/// `#[deprecated]` where the document says so.
pub fn deprecated(doc: &Doc) -> TokenStream {
    if doc.deprecated {
        quote!(#[deprecated(note = "deprecated in the API description")])
    } else {
        TokenStream::new()
    }
}
