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

/// The methods the generated `Client` defines itself, besides the two setters of each
/// credential (`names::credential_setters`): every `pub fn` and `pub(crate) fn` of
/// [`client_rs`], and those of its `Clone` and `Debug` impls. Operations take other names
/// (`names::name_group`); a test generates a client and checks this list against it.
pub const CLIENT_METHODS: &[&str] = &[
    "new",
    "with_http_client",
    "with_timeout",
    "without_timeout",
    "with_connect_timeout",
    "with_max_response_size",
    "with_retry",
    "with_user_agent",
    "with_hooks",
    "with_deadline",
    "with_middleware",
    "clear_credentials",
    "store_credentials",
    "base_url",
    "request",
    "send_prepared",
    "clone",
    "fmt",
];

/// The `Placement` of a scheme, as a runtime value.
fn placement(kind: &AuthKind) -> TokenStream {
    match kind {
        AuthKind::Header(h) => quote!(Placement::Header(#h)),
        AuthKind::Query(q) => quote!(Placement::Query(#q)),
        AuthKind::Cookie(c) => quote!(Placement::Cookie(#c)),
        AuthKind::Bearer => quote!(Placement::Bearer),
        AuthKind::Basic => quote!(Placement::Basic),
        AuthKind::Scheme(s) => quote!(Placement::Scheme(#s)),
    }
}

/// The setters of one credential: `with_*` (builder style, this client only) and
/// `set_*` (on an existing client and its clones).
fn setters(slot: usize, a: &AuthScheme) -> TokenStream {
    let with = ident(&a.setter);
    let set = ident(&crate::names::credential_setters(&a.field).1);
    let slot = Literal::usize_unsuffixed(slot);
    let where_ = match &a.kind {
        AuthKind::Header(h) => format!("the `{h}` header"),
        AuthKind::Query(q) => format!("the `{q}` query parameter"),
        AuthKind::Cookie(c) => format!("the `{c}` cookie"),
        AuthKind::Bearer => "`Authorization: Bearer`".to_owned(),
        AuthKind::Basic => "`Authorization: Basic`".to_owned(),
        AuthKind::Scheme(s) => format!("`Authorization: {s}`"),
    };
    let mut about = format!("the `{}` credential, sent as {where_} on operations that accept it.", a.key);
    if let Some(d) = &a.doc {
        about.push_str(&format!("\n\n{d}"));
    }
    about.push_str("\n\nThe value is kept out of `Debug` output and error messages.");
    let with_doc = docs::lines(&format!(
        "Sets {about}\n\nOn this client only: clones made before keep theirs (see [`Client::{}`] to change them all).",
        set
    ));
    let set_doc = docs::lines(&format!("Sets {about}\n\nOn this client and every clone of it, without rebuilding it."));
    match a.kind {
        AuthKind::Basic => quote! {
            #with_doc
            pub fn #with(mut self, username: impl Into<String>, password: impl Into<String>) -> Self {
                self.credentials.detach();
                self.#set(username, password);
                self
            }

            #set_doc
            pub fn #set(&self, username: impl Into<String>, password: impl Into<String>) {
                let (username, password) = (username.into(), password.into());
                self.credentials.set(#slot, format!("{username}:{password}"));
            }
        },
        _ => quote! {
            #with_doc
            pub fn #with(mut self, value: impl Into<String>) -> Self {
                self.credentials.detach();
                self.#set(value);
                self
            }

            #set_doc
            pub fn #set(&self, value: impl Into<String>) {
                self.credentials.set(#slot, value.into());
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
    let setters = api.auth.iter().enumerate().map(|(slot, a)| setters(slot, a));
    let title = format!("A client for {}.", api.title);
    let servers = if api.servers.is_empty() {
        String::new()
    } else {
        format!(
            "\n\nServers named in the API description: {}.",
            api.servers.iter().map(|s| format!("`{s}`")).collect::<Vec<_>>().join(", ")
        )
    };
    let base = if api.base_path.is_empty() {
        "\n\nThe base URL given to [`Client::new`] is the server's root (e.g. `https://host`): \
         every operation's path, with any server path it has, follows it."
            .to_owned()
    } else {
        format!(
            "\n\nThe base URL given to [`Client::new`] ends with the servers' path `{0}` \
             (e.g. `https://host{0}`): every operation's path follows it.",
            api.base_path
        )
    };
    let servers = format!("{servers}{base}");
    let client_doc = docs::lines(&format!("{title}\n\nCheap to clone: clones share one connection pool.{servers}"));
    // Only where an operation logs in (`x-login`): unused, it would be dead code.
    let store = api.operations.iter().any(|o| matches!(o.session, Some(crate::ir::Session::Login(_)))).then(|| {
        quote! {
            /// Stores the credentials a login operation found in its response, on this
            /// client and the clones sharing its credentials.
            pub(crate) fn store_credentials(&self, found: crate::runtime::credentials::Found) {
                self.credentials.store(found);
            }
        }
    });
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
        use crate::runtime::retry::RetryPolicy;

        /// How an operation decodes its response (and, for a login or logout, changes the
        /// client's credentials).
        type Decode<T, E> = fn(&Client, RawResponse) -> Result<crate::ResponseValue<T>, Error<E>>;

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
            /// TLS by rustls (the default `rustls-tls` feature) and these limits, each
            /// settable: connections time out after 10 s ([`Client::with_connect_timeout`]),
            /// whole exchanges after 30 s ([`Client::with_timeout`]), and response bodies
            /// over 64 MiB are refused ([`Client::with_max_response_size`]). Requests are
            /// not retried unless you set a [`RetryPolicy`] ([`Client::with_retry`]). Each
            /// carries `User-Agent: <crate name>/<crate version>`
            /// ([`Client::with_user_agent`]); with the crate's `cookies` feature, cookies the
            /// server sets are kept and sent back. Redirects are followed (up to 10), so a
            /// documented `301`/`302`/`303`/`307`/`308` never reaches you; to see one, give
            /// [`Client::with_http_client`] a client built with
            /// `redirect(reqwest::redirect::Policy::none())`: it then arrives as
            /// [`Error::UnexpectedResponse`](crate::Error::UnexpectedResponse).
            pub fn new(base_url: impl AsRef<str>) -> Result<Self, InvalidBaseUrl> {
                Ok(Client { http: Http::new(base_url.as_ref())?, credentials: Credentials::new(SCHEMES) })
            }

            /// A client using your own `reqwest::Client` (proxies, TLS roots, a cookie
            /// store): its settings apply, and only what you set on the result is added.
            /// - Timeouts: its own, and no other unless you set one with
            ///   [`Client::with_timeout`] (which applies per request);
            ///   [`Client::with_connect_timeout`] cannot change its connect timeout.
            /// - `User-Agent`: its own (reqwest sends none unless built with
            ///   `user_agent(..)`), or [`Client::with_user_agent`].
            /// - Cookies: kept only if it was built with `cookie_store(true)`.
            /// - Redirects: followed as its policy says (reqwest's default: up to 10).
            /// - The response size limit is the default 64 MiB ([`Client::with_max_response_size`]).
            pub fn with_http_client(base_url: impl AsRef<str>, http: reqwest::Client) -> Result<Self, InvalidBaseUrl> {
                Ok(Client { http: Http::with_client(base_url.as_ref(), http)?, credentials: Credentials::new(SCHEMES) })
            }

            /// A client sending through your middleware stack (the `middleware` feature):
            /// every request of every operation, retry attempt and page goes through
            /// `stack`, then its `reqwest::Client`, whose settings apply as with
            /// [`Client::with_http_client`]. A middleware's own error is
            /// [`Error::Middleware`](crate::Error::Middleware). If the stack retries,
            /// leave the client's [`RetryPolicy`] unset.
            #[cfg(feature = "middleware")]
            pub fn with_middleware(base_url: impl AsRef<str>, stack: reqwest_middleware::ClientWithMiddleware) -> Result<Self, InvalidBaseUrl> {
                Ok(Client { http: Http::with_middleware(base_url.as_ref(), stack)?, credentials: Credentials::new(SCHEMES) })
            }

            /// Limits each whole exchange (connecting, sending, reading the full response)
            /// to `timeout`; past it, calls fail with an error whose `is_timeout()` is true.
            pub fn with_timeout(mut self, timeout: std::time::Duration) -> Self {
                self.http.set_timeout(Some(timeout));
                self
            }

            /// Removes the limit on each whole exchange (a connect timeout still applies).
            pub fn without_timeout(mut self) -> Self {
                self.http.set_timeout(None);
                self
            }

            /// Limits how long making a connection may take. Clients from
            /// [`Client::with_http_client`] keep their `reqwest::Client`'s connect timeout:
            /// set it there.
            pub fn with_connect_timeout(mut self, timeout: std::time::Duration) -> Self {
                self.http.set_connect_timeout(timeout);
                self
            }

            /// Refuses response bodies larger than `bytes` with
            /// [`Error::ResponseTooLarge`](crate::Error::ResponseTooLarge), reading no further.
            pub fn with_max_response_size(mut self, bytes: u64) -> Self {
                self.http.set_max_response_size(bytes);
                self
            }

            /// Runs `hooks` around every request this client sends: each operation,
            /// each retry attempt, each page of a walk (see [`Hooks`](crate::Hooks)).
            pub fn with_hooks(mut self, hooks: impl crate::Hooks) -> Self {
                self.http.set_hooks(std::sync::Arc::new(hooks));
                self
            }

            /// Limits each whole call, every attempt and every wait between them, to
            /// `deadline`; past it the call fails with
            /// [`Error::DeadlineExceeded`](crate::Error::DeadlineExceeded) (whose
            /// `is_timeout()` is true). [`Client::with_timeout`] limits each attempt: with
            /// 3 attempts of at most 2 s and retry waits, a call can take over 6 s unless a
            /// deadline says less.
            pub fn with_deadline(mut self, deadline: std::time::Duration) -> Self {
                self.http.set_deadline(Some(deadline));
                self
            }

            /// Sends `user_agent` as the `User-Agent` of every request, instead of the
            /// default `<crate name>/<crate version>` (or, on a client from
            /// [`Client::with_http_client`], that client's own). A value a header cannot
            /// carry (a line break, say) is ignored.
            pub fn with_user_agent(mut self, user_agent: impl AsRef<str>) -> Self {
                self.http.set_user_agent(user_agent.as_ref());
                self
            }

            /// Retries failed requests as `policy` says, where that is safe (see
            /// [`RetryPolicy`]).
            pub fn with_retry(mut self, policy: RetryPolicy) -> Self {
                self.http.set_retry(Some(policy));
                self
            }

            #(#setters)*

            /// Forgets every credential, on this client and its clones.
            pub fn clear_credentials(&self) {
                self.credentials.clear();
            }

            #store

            /// The base URL requests are sent to.
            pub fn base_url(&self) -> &str {
                self.http.base_url()
            }

            /// A request to `path` (already encoded), with the credentials of `schemes`.
            pub(crate) fn request<E>(&self, method: reqwest::Method, path: &str, schemes: &[&str]) -> Result<reqwest::RequestBuilder, Error<E>> {
                self.credentials.apply(self.http.request(method, path), schemes)
            }

            /// Sends a prepared request, reads the whole response and decodes it: the
            /// asynchronous part of every operation, written once.
            pub(crate) fn send_prepared<'a, T: Send + 'a, E: Send + 'a>(
                &'a self,
                op: &'static crate::runtime::http::Operation,
                prepared: Result<crate::runtime::send::Prepared, Error<E>>,
                decode: Decode<T, E>,
            ) -> crate::SendingWithResponse<'a, T, E> {
                crate::SendingWithResponse::new(async move {
                    let request = prepared?.request().await.map_err(Error::InvalidRequest)?;
                    let response = self.http.execute(op, request, self.credentials.secrets()).await?;
                    decode(self, response)
                })
            }
        }
    }
}
