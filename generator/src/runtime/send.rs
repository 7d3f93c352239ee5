//! The futures an operation's `send()` and `send_with_response()` return.
//!
//! An operation prepares its request and decodes its response without awaiting
//! anything; what happens in between (reading file parts, the exchange, retries) is
//! one generic async path written once (`Client::send_prepared`), not two `async fn`s
//! and a boxed `IntoFuture` per operation: those were about a quarter of the
//! Rocket.Chat client's `cargo check` time (BENCHMARKS.md).

use super::error::Error;
use super::response::ResponseValue;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

/// A boxed future that is `Send`.
type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// A request ready to send, or one whose body still has to be read (a multipart form
/// with files on disk). Made and moved once per request: its size does not matter.
#[allow(clippy::large_enum_variant)]
pub(crate) enum Prepared {
    Ready(reqwest::RequestBuilder),
    Later(BoxFuture<'static, Result<reqwest::RequestBuilder, String>>),
}

impl Prepared {
    /// The request to send (an error says why its body cannot be made).
    pub(crate) async fn request(self) -> Result<reqwest::RequestBuilder, String> {
        match self {
            Prepared::Ready(request) => Ok(request),
            Prepared::Later(later) => later.await,
        }
    }
}

/// A request being sent: awaiting it gives the decoded response with its status and
/// headers (`ResponseValue`), or the error.
#[must_use = "futures do nothing unless `.await`ed or polled"]
pub struct SendingWithResponse<'a, T, E> {
    inner: BoxFuture<'a, Result<ResponseValue<T>, Error<E>>>,
}

impl<'a, T, E> SendingWithResponse<'a, T, E> {
    pub(crate) fn new(future: impl Future<Output = Result<ResponseValue<T>, Error<E>>> + Send + 'a) -> Self {
        SendingWithResponse { inner: Box::pin(future) }
    }

    /// Just the decoded body, when awaited.
    pub(crate) fn body_only(self) -> Sending<'a, T, E> {
        Sending { inner: self }
    }
}

impl<T, E> Future for SendingWithResponse<'_, T, E> {
    type Output = Result<ResponseValue<T>, Error<E>>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        self.inner.as_mut().poll(cx)
    }
}

impl<T, E> fmt::Debug for SendingWithResponse<'_, T, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SendingWithResponse")
    }
}

/// A request being sent: awaiting it gives the decoded response body, or the error.
#[must_use = "futures do nothing unless `.await`ed or polled"]
pub struct Sending<'a, T, E> {
    inner: SendingWithResponse<'a, T, E>,
}

impl<T, E> Future for Sending<'_, T, E> {
    type Output = Result<T, Error<E>>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        Pin::new(&mut self.inner).poll(cx).map(|result| result.map(ResponseValue::into_inner))
    }
}

impl<T, E> fmt::Debug for Sending<'_, T, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Sending")
    }
}

/// What every request builder has besides its setters: `send`, `send_with_response` and
/// `IntoFuture`, through the builder's own `prepare_request` and `decode_response`:
/// `sending!(ChatDelete, crate::types::ChatDeleteResponse, ChatDeleteError,
/// "chat.delete", "/api/v1/chat.delete")`. One line per operation instead of the same
/// three items written out (a seventh of an operation's text to generate and format).
// A crate may have no operation.
#[allow(unused_macros)]
macro_rules! sending {
    ($builder:ident, $output:ty, $error:ty, $name:literal, $path:literal) => {
        impl<'a> $builder<'a> {
            /// Sends the request and decodes the response.
            pub fn send(self) -> $crate::Sending<'a, $output, $error> {
                self.send_with_response().body_only()
            }

            /// Sends the request and decodes the response, keeping its status and headers.
            pub fn send_with_response(self) -> $crate::SendingWithResponse<'a, $output, $error> {
                let client = self.client;
                // A constant, promoted to `'static` as `send_prepared` needs.
                let operation = &$crate::runtime::http::Operation { name: $name, path: $path };
                client.send_prepared(operation, self.prepare_request(), Self::decode_response)
            }
        }

        impl<'a> std::future::IntoFuture for $builder<'a> {
            type Output = Result<$output, $crate::Error<$error>>;
            type IntoFuture = $crate::Sending<'a, $output, $error>;

            fn into_future(self) -> Self::IntoFuture {
                self.send()
            }
        }
    };
}
#[allow(unused_imports)]
pub(crate) use sending;
