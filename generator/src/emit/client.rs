//! `src/client.rs` (the client and its credential setters, which depend on the API)
//! and `src/runtime/mod.rs` (which declares the runtime modules the client carries;
//! their source is `crate::runtime`).

use super::docs;
use crate::ir::{Api, AuthKind, AuthScheme};
use crate::names::ident;
use proc_macro2::{Literal, TokenStream};
use quote::quote;

/// The generated `src/runtime/mod.rs`: the runtime modules this API's client needs.
pub fn runtime_mod_rs(api: &Api) -> TokenStream {
    let modules = crate::runtime::modules(api).map(|m| {
        let name = ident(m.name);
        quote!(pub(crate) mod #name;)
    });
    quote! {
        //! The runtime every client made by this generator carries: the HTTP exchange,
        //! credentials, decoding and errors. The same source in every generated crate.

        // Each API uses the parts its operations need.
        #![allow(dead_code)]

        #(#modules)*
    }
}

/// The `Placement` of a scheme, as a runtime value.
fn placement(kind: &AuthKind) -> TokenStream {
    match kind {
        AuthKind::Header(h) => quote!(Placement::Header(#h)),
        AuthKind::Query(q) => quote!(Placement::Query(#q)),
        AuthKind::Cookie(c) => quote!(Placement::Cookie(#c)),
        AuthKind::Bearer => quote!(Placement::Bearer),
        AuthKind::Basic => quote!(Placement::Basic),
    }
}

/// The setter of one credential.
fn setter(slot: usize, a: &AuthScheme) -> TokenStream {
    let setter = ident(&a.setter);
    let slot = Literal::usize_unsuffixed(slot);
    let where_ = match &a.kind {
        AuthKind::Header(h) => format!("the `{h}` header"),
        AuthKind::Query(q) => format!("the `{q}` query parameter"),
        AuthKind::Cookie(c) => format!("the `{c}` cookie"),
        AuthKind::Bearer => "`Authorization: Bearer`".to_owned(),
        AuthKind::Basic => "`Authorization: Basic`".to_owned(),
    };
    let mut doc =
        docs::lines(&format!("Sets the `{}` credential, sent as {where_} on operations that accept it.", a.key));
    if let Some(d) = &a.doc {
        doc.extend(docs::lines(&format!("\n{d}")));
    }
    doc.extend(docs::lines("\nThe value is kept out of `Debug` output and error messages."));
    match a.kind {
        AuthKind::Basic => quote! {
            #doc
            pub fn #setter(mut self, username: impl Into<String>, password: impl Into<String>) -> Self {
                let (username, password) = (username.into(), password.into());
                self.credentials.set(#slot, format!("{username}:{password}"));
                self
            }
        },
        _ => quote! {
            #doc
            pub fn #setter(mut self, value: impl Into<String>) -> Self {
                self.credentials.set(#slot, value.into());
                self
            }
        },
    }
}

pub fn client_rs(api: &Api) -> TokenStream {
    let schemes = api.auth.iter().map(|a| {
        let key = &a.key;
        let placement = placement(&a.kind);
        quote!(Scheme { key: #key, placement: #placement },)
    });
    let setters = api.auth.iter().enumerate().map(|(slot, a)| setter(slot, a));
    let title = format!("A client for {}.", api.title);
    let servers = if api.servers.is_empty() {
        String::new()
    } else {
        format!(
            "\n\nServers named in the API description: {}.",
            api.servers.iter().map(|s| format!("`{s}`")).collect::<Vec<_>>().join(", ")
        )
    };
    let client_doc = docs::lines(&format!("{title}\n\nCheap to clone: clones share one connection pool.{servers}"));
    let placement_use = if api.auth.is_empty() {
        quote!()
    } else {
        quote!(
            use crate::runtime::credentials::Placement;
        )
    };
    quote! {
        //! The client and its credentials; the HTTP exchange is in `runtime`.

        use crate::runtime::credentials::{Credentials, Scheme};
        #placement_use
        use crate::runtime::error::{Error, InvalidBaseUrl};
        use crate::runtime::http::Http;
        use crate::runtime::response::RawResponse;

        /// The security schemes of the API, in credential slot order.
        const SCHEMES: &[Scheme] = &[#(#schemes)*];

        #client_doc
        #[derive(Clone)]
        pub struct Client {
            http: Http,
            credentials: Credentials,
        }

        impl std::fmt::Debug for Client {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                let mut out = f.debug_struct("Client");
                out.field("base_url", &self.http.base_url());
                self.credentials.debug_fields(&mut out);
                out.finish_non_exhaustive()
            }
        }

        impl Client {
            /// A client for the server at `base_url` (e.g. `https://chat.example.com`), with
            /// a default HTTP client (TLS by rustls, the default `rustls-tls` feature).
            pub fn new(base_url: impl AsRef<str>) -> Result<Self, InvalidBaseUrl> {
                Self::with_http_client(base_url, reqwest::Client::new())
            }

            /// A client using your own `reqwest::Client` (timeouts, proxies, middleware).
            pub fn with_http_client(base_url: impl AsRef<str>, http: reqwest::Client) -> Result<Self, InvalidBaseUrl> {
                Ok(Client { http: Http::new(base_url.as_ref(), http)?, credentials: Credentials::new(SCHEMES) })
            }

            #(#setters)*

            /// The base URL requests are sent to.
            pub fn base_url(&self) -> &str {
                self.http.base_url()
            }

            /// A request to `path` (already encoded), with the credentials of `schemes`.
            pub(crate) fn request<E>(&self, method: reqwest::Method, path: &str, schemes: &[&str]) -> Result<reqwest::RequestBuilder, Error<E>> {
                self.credentials.apply(self.http.request(method, path), schemes)
            }

            /// Sends a request and reads the whole response.
            pub(crate) async fn execute<E>(&self, request: reqwest::RequestBuilder) -> Result<RawResponse, Error<E>> {
                self.http.execute(request, self.credentials.secrets()).await
            }
        }
    }
}
