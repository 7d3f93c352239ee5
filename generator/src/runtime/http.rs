//! The HTTP exchange every operation shares: the server's base URL, the connection
//! pool, and sending a request to read its response.

use super::error::{Error, InvalidBaseUrl};
use super::response::{retry_after, RawResponse};
use reqwest::header::{HeaderName, CONTENT_TYPE, RETRY_AFTER};

/// Where requests go and the `reqwest::Client` that sends them. Cheap to clone:
/// clones share one connection pool.
#[derive(Clone)]
pub(crate) struct Http {
    base_url: String,
    client: reqwest::Client,
}

impl Http {
    /// Requests to `base_url` (an `http` or `https` URL) sent by `client`.
    pub(crate) fn new(base_url: &str, client: reqwest::Client) -> Result<Self, InvalidBaseUrl> {
        let url = reqwest::Url::parse(base_url).map_err(|e| InvalidBaseUrl::new(base_url, e.to_string()))?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(InvalidBaseUrl::new(base_url, "the scheme must be http or https".to_owned()));
        }
        Ok(Http { base_url: base_url.trim_end_matches('/').to_owned(), client })
    }

    /// The base URL, without a trailing `/`.
    pub(crate) fn base_url(&self) -> &str {
        &self.base_url
    }

    /// A request to `path` (already encoded) under the base URL.
    pub(crate) fn request(&self, method: reqwest::Method, path: &str) -> reqwest::RequestBuilder {
        self.client.request(method, format!("{}{}", self.base_url, path))
    }

    /// Sends a request and reads the whole response. `secrets` are blanked out of any
    /// excerpt of the body an error shows.
    pub(crate) async fn execute<E>(
        &self,
        request: reqwest::RequestBuilder,
        secrets: Vec<String>,
    ) -> Result<RawResponse, Error<E>> {
        let response = request.send().await.map_err(|e| Error::Transport(e.without_url()))?;
        let status = response.status().as_u16();
        let header =
            |name: HeaderName| response.headers().get(name).and_then(|v| v.to_str().ok()).map(str::to_owned);
        let content_type = header(CONTENT_TYPE);
        let retry_after = header(RETRY_AFTER).and_then(|v| retry_after(&v, std::time::SystemTime::now()));
        let body = response.bytes().await.map_err(|e| Error::Transport(e.without_url()))?.to_vec();
        Ok(RawResponse { status, content_type, retry_after, body, secrets })
    }
}
