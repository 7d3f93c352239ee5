//! `src/client.rs` (the client, its credentials and the HTTP exchange) and
//! `src/error.rs` (the one error type).

use super::docs;
use crate::ir::{Api, AuthKind};
use crate::names::ident;
use proc_macro2::TokenStream;
use quote::quote;

pub fn client_rs(api: &Api) -> TokenStream {
    let fields = api.auth.iter().map(|a| {
        let f = ident(&a.field);
        quote!(#f: Option<Secret>,)
    });
    let inits = api.auth.iter().map(|a| {
        let f = ident(&a.field);
        quote!(#f: None,)
    });
    let setters = api.auth.iter().map(|a| {
        let f = ident(&a.field);
        let setter = ident(&a.setter);
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
                    self.#f = Some(Secret(format!("{username}:{password}")));
                    self
                }
            },
            _ => quote! {
                #doc
                pub fn #setter(mut self, value: impl Into<String>) -> Self {
                    self.#f = Some(Secret(value.into()));
                    self
                }
            },
        }
    });
    let debug_fields = api.auth.iter().map(|a| {
        let f = ident(&a.field);
        let label = &a.key;
        quote!(.field(#label, &self.#f.as_ref().map(|_| "<redacted>")))
    });
    let apply = api.auth.iter().map(|a| {
        let f = ident(&a.field);
        let key = &a.key;
        let use_it = match &a.kind {
            AuthKind::Header(h) => quote!(request = request.header(#h, sensitive(&secret.0, #h)?);),
            AuthKind::Query(q) => quote!(request = request.query(&[(#q, secret.0.as_str())]);),
            AuthKind::Cookie(c) => quote!(request = request.header(reqwest::header::COOKIE, sensitive(&format!("{}={}", #c, secret.0), "Cookie")?);),
            AuthKind::Bearer => quote!(request = request.header(reqwest::header::AUTHORIZATION, sensitive(&format!("Bearer {}", secret.0), "Authorization")?);),
            AuthKind::Basic => quote! {
                let (user, pass) = secret.0.split_once(':').unwrap_or((secret.0.as_str(), ""));
                request = request.basic_auth(user, Some(pass));
            },
        };
        quote! {
            if schemes.contains(&#key) {
                if let Some(secret) = &self.#f {
                    #use_it
                }
            }
        }
    });
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
    let has_auth = !api.auth.is_empty();
    let secret_fields = api.auth.iter().map(|a| ident(&a.field));
    let secrets_list = if has_auth {
        quote!([#(&self.#secret_fields),*].into_iter().flatten().map(|s| s.0.clone()).collect())
    } else {
        quote!(Vec::new())
    };
    let secret = if has_auth {
        quote! {
            /// A credential: never printed.
            #[derive(Clone)]
            struct Secret(String);
        }
    } else {
        quote!()
    };
    let unused_schemes = if has_auth { quote!() } else { quote!(let _ = schemes;) };
    let mut_request = if has_auth { quote!(mut request) } else { quote!(request) };
    let sensitive_fn = if api.auth.iter().any(|a| !matches!(a.kind, AuthKind::Basic | AuthKind::Query(_))) {
        quote! {
            /// A header value marked sensitive (hidden from reqwest's own `Debug`).
            fn sensitive<E>(value: &str, header: &str) -> Result<reqwest::header::HeaderValue, Error<E>> {
                let mut value = reqwest::header::HeaderValue::from_str(value)
                    .map_err(|_| Error::InvalidRequest(format!("the credential for `{header}` is not a valid header value")))?;
                value.set_sensitive(true);
                Ok(value)
            }
        }
    } else {
        quote!()
    };
    quote! {
        //! The client, its credentials, and the HTTP exchange every operation shares.

        use crate::error::{Error, InvalidBaseUrl};
        use serde::de::DeserializeOwned;

        #client_doc
        #[derive(Clone)]
        pub struct Client {
            base_url: String,
            http: reqwest::Client,
            #(#fields)*
        }

        #secret

        impl std::fmt::Debug for Client {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_struct("Client")
                    .field("base_url", &self.base_url)
                    #(#debug_fields)*
                    .finish_non_exhaustive()
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
                let raw = base_url.as_ref();
                let url = reqwest::Url::parse(raw).map_err(|e| InvalidBaseUrl::new(raw, e.to_string()))?;
                if !matches!(url.scheme(), "http" | "https") {
                    return Err(InvalidBaseUrl::new(raw, "the scheme must be http or https".to_owned()));
                }
                Ok(Client {
                    base_url: raw.trim_end_matches('/').to_owned(),
                    http,
                    #(#inits)*
                })
            }

            #(#setters)*

            /// The base URL requests are sent to.
            pub fn base_url(&self) -> &str {
                &self.base_url
            }

            /// A request to `path` (already encoded), with the credentials of `schemes`.
            pub(crate) fn request<E>(&self, method: reqwest::Method, path: &str, schemes: &[&str]) -> Result<reqwest::RequestBuilder, Error<E>> {
                let #mut_request = self.http.request(method, format!("{}{}", self.base_url, path));
                #unused_schemes
                #(#apply)*
                Ok(request)
            }

            /// The credentials set on this client.
            fn secrets(&self) -> Vec<String> {
                #secrets_list
            }

            /// Sends a request and reads the whole response.
            pub(crate) async fn execute<E>(&self, request: reqwest::RequestBuilder) -> Result<RawResponse, Error<E>> {
                let response = request.send().await.map_err(|e| Error::Transport(e.without_url()))?;
                let status = response.status().as_u16();
                let header = |name: reqwest::header::HeaderName| {
                    response.headers().get(name).and_then(|v| v.to_str().ok()).map(str::to_owned)
                };
                let content_type = header(reqwest::header::CONTENT_TYPE);
                let retry_after = header(reqwest::header::RETRY_AFTER).and_then(|v| retry_after(&v));
                let body = response.bytes().await.map_err(|e| Error::Transport(e.without_url()))?.to_vec();
                Ok(RawResponse { status, content_type, retry_after, body, secrets: self.secrets() })
            }
        }

        #sensitive_fn

        /// A value as text for a path, query or header: strings (and string enums) as
        /// they are, anything else as JSON.
        #[allow(dead_code)] // only APIs with structured parameters use it
        pub(crate) fn text_of<T: serde::Serialize + ?Sized, E>(value: &T) -> Result<String, Error<E>> {
            match serde_json::to_value(value) {
                Ok(serde_json::Value::String(s)) => Ok(s),
                Ok(other) => Ok(other.to_string()),
                Err(e) => Err(Error::InvalidRequest(e.to_string())),
            }
        }

        /// Percent-encodes one path segment.
        #[allow(dead_code)] // only APIs with path parameters use it
        pub(crate) fn encode_path(value: &str) -> String {
            let mut out = String::with_capacity(value.len());
            for b in value.bytes() {
                match b {
                    b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => out.push(b as char),
                    _ => out.push_str(&format!("%{b:02X}")),
                }
            }
            out
        }

        /// A response, read in full, before it is decoded.
        pub(crate) struct RawResponse {
            pub(crate) status: u16,
            content_type: Option<String>,
            retry_after: Option<std::time::Duration>,
            body: Vec<u8>,
            /// Credentials to blank out of excerpts, should a server echo them.
            secrets: Vec<String>,
        }

        // Each API uses the decoders its documented responses need.
        #[allow(dead_code)]
        impl RawResponse {
            fn is_json(&self) -> bool {
                match &self.content_type {
                    None => true,
                    Some(ct) => {
                        let essence = ct.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
                        essence == "application/json" || essence.ends_with("+json")
                    }
                }
            }

            /// Decodes a documented JSON body.
            pub(crate) fn json<T: DeserializeOwned, E>(self) -> Result<T, Error<E>> {
                if !self.is_json() {
                    return Err(self.unexpected_because("the content type is not JSON"));
                }
                match serde_json::from_slice(&self.body) {
                    Ok(value) => Ok(value),
                    Err(e) => {
                        let reason = format!("the body does not match the documented schema: {e}");
                        Err(self.unexpected_because(&reason))
                    }
                }
            }

            /// A documented text body.
            pub(crate) fn text<E>(self) -> Result<String, Error<E>> {
                Ok(String::from_utf8_lossy(&self.body).into_owned())
            }

            /// A documented binary body.
            pub(crate) fn bytes<E>(self) -> Result<Vec<u8>, Error<E>> {
                Ok(self.body)
            }

            /// A documented response without a body (whatever the body, it is ignored).
            pub(crate) fn empty<E>(self) -> Result<(), Error<E>> {
                Ok(())
            }

            /// A documented error status, with its documented body.
            pub(crate) fn api_error<B, E>(self, decode: fn(RawResponse) -> Result<B, Error<E>>, wrap: fn(B) -> E) -> Error<E> {
                let status = self.status;
                match decode(self) {
                    Ok(body) => Error::Api { status, body: wrap(body) },
                    Err(e) => e,
                }
            }

            /// A response the API description does not describe.
            pub(crate) fn unexpected<E>(self) -> Error<E> {
                if self.status == 429 {
                    return Error::RateLimited {
                        status: self.status,
                        retry_after: self.retry_after,
                        body: excerpt(&self.body, &self.secrets),
                    };
                }
                self.unexpected_because("the status is not documented for this operation")
            }

            fn unexpected_because<E>(self, reason: &str) -> Error<E> {
                Error::UnexpectedResponse {
                    status: self.status,
                    content_type: self.content_type,
                    body: excerpt(&self.body, &self.secrets),
                    reason: reason.to_owned(),
                }
            }
        }

        /// A `Retry-After` value: a number of seconds, or an HTTP-date
        /// (`Sun, 06 Nov 1994 08:49:37 GMT`) read as the time left until then (zero once
        /// it has passed).
        fn retry_after(value: &str) -> Option<std::time::Duration> {
            let value = value.trim();
            if let Ok(seconds) = value.parse::<u64>() {
                return Some(std::time::Duration::from_secs(seconds));
            }
            let at = http_date(value)?;
            Some(at.duration_since(std::time::SystemTime::now()).unwrap_or_default())
        }

        /// An HTTP-date in the IMF-fixdate form servers send (RFC 9110, section 5.6.7).
        fn http_date(value: &str) -> Option<std::time::SystemTime> {
            const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
            let (_weekday, rest) = value.split_once(", ")?;
            let fields: Vec<&str> = rest.split(' ').collect();
            let [day, month, year, time, "GMT"] = fields.as_slice() else { return None };
            let day: u64 = day.parse().ok()?;
            let month = MONTHS.iter().position(|m| m == month)? as u64 + 1;
            let year: u64 = year.parse().ok()?;
            let hms: Vec<u64> = time.split(':').map(|p| p.parse().ok()).collect::<Option<_>>()?;
            let [hour, minute, second] = hms.as_slice() else { return None };
            if !(1..=31).contains(&day) || year < 1970 || *hour > 23 || *minute > 59 || *second > 60 {
                return None;
            }
            let seconds = days_since_epoch(year, month, day) * 86_400 + hour * 3_600 + minute * 60 + second;
            std::time::UNIX_EPOCH.checked_add(std::time::Duration::from_secs(seconds))
        }

        /// Days from 1970-01-01 to a date (Gregorian calendar, year 1970 or later), counting
        /// years from March so the leap day comes last.
        fn days_since_epoch(year: u64, month: u64, day: u64) -> u64 {
            let year = if month <= 2 { year - 1 } else { year };
            let (era, year_of_era) = (year / 400, year % 400);
            let day_of_year = (153 * ((month + 9) % 12) + 2) / 5 + day - 1;
            let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
            (era * 146_097 + day_of_era).saturating_sub(719_468)
        }

        /// The start of a body, as text, for error messages, with any credential of this
        /// client blanked out.
        fn excerpt(body: &[u8], secrets: &[String]) -> String {
            const MAX: usize = 512;
            let mut text = String::from_utf8_lossy(body).into_owned();
            for secret in secrets.iter().filter(|s| !s.is_empty()) {
                text = text.replace(secret.as_str(), "<redacted>");
            }
            match text.char_indices().nth(MAX) {
                Some((cut, _)) => format!("{}…", &text[..cut]),
                None => text,
            }
        }
    }
}

pub fn error_rs() -> TokenStream {
    quote! {
        //! The error every operation returns.

        /// What can go wrong calling an operation. `E` is the operation's documented
        /// error responses (for example `GroupsInviteError`).
        #[derive(Debug)]
        #[non_exhaustive]
        pub enum Error<E> {
            /// The server answered with an error status the API description documents,
            /// and a body of the documented shape.
            Api {
                /// HTTP status code.
                status: u16,
                /// The decoded documented body.
                body: E,
            },
            /// The server answered with a response the API description does not describe:
            /// an undocumented status, a body that is not the documented JSON (an HTML
            /// page from a proxy, an empty or truncated body), or another content type.
            UnexpectedResponse {
                /// HTTP status code.
                status: u16,
                /// The `Content-Type` header, if any.
                content_type: Option<String>,
                /// The start of the body (at most 512 characters).
                body: String,
                /// Why the response was not accepted.
                reason: String,
            },
            /// 429 Too Many Requests (when the operation does not document it).
            RateLimited {
                /// HTTP status code (429).
                status: u16,
                /// How long the server asked to wait (`Retry-After`, in seconds or until
                /// an HTTP-date).
                retry_after: Option<std::time::Duration>,
                /// The start of the body.
                body: String,
            },
            /// The request could not be sent or the response not read (connection,
            /// TLS, timeout). The URL is left out, so no query credential can leak.
            Transport(reqwest::Error),
            /// The request could not be built from the arguments given.
            InvalidRequest(String),
        }

        impl<E> Error<E> {
            /// The HTTP status, when a response arrived.
            pub fn status(&self) -> Option<u16> {
                match self {
                    Error::Api { status, .. } | Error::UnexpectedResponse { status, .. } | Error::RateLimited { status, .. } => Some(*status),
                    Error::Transport(e) => e.status().map(|s| s.as_u16()),
                    Error::InvalidRequest(_) => None,
                }
            }
        }

        impl<E: std::fmt::Debug> std::fmt::Display for Error<E> {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                match self {
                    Error::Api { status, body } => write!(f, "the server returned {status}: {body:?}"),
                    Error::UnexpectedResponse { status, content_type, body, reason } => write!(
                        f,
                        "unexpected response {status} ({}): {reason}; body starts: {body}",
                        content_type.as_deref().unwrap_or("no content type")
                    ),
                    Error::RateLimited { retry_after, .. } => match retry_after {
                        Some(d) => write!(f, "rate limited (429); retry after {} s", d.as_secs()),
                        None => write!(f, "rate limited (429)"),
                    },
                    Error::Transport(e) => write!(f, "the request failed: {e}"),
                    Error::InvalidRequest(why) => write!(f, "the request could not be built: {why}"),
                }
            }
        }

        impl<E: std::fmt::Debug> std::error::Error for Error<E> {
            fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
                match self {
                    Error::Transport(e) => Some(e),
                    _ => None,
                }
            }
        }

        /// The base URL given to [`Client::new`](crate::Client::new) is not usable.
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub struct InvalidBaseUrl {
            url: String,
            reason: String,
        }

        impl InvalidBaseUrl {
            pub(crate) fn new(url: &str, reason: String) -> Self {
                InvalidBaseUrl { url: url.to_owned(), reason }
            }
        }

        impl std::fmt::Display for InvalidBaseUrl {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(f, "invalid base URL `{}`: {} (expected e.g. `https://chat.example.com`)", self.url, self.reason)
            }
        }

        impl std::error::Error for InvalidBaseUrl {}
    }
}
