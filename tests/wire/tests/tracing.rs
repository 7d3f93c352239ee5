//! The `tracing` feature: one span per call with the operation, method, path template,
//! status, attempt and duration, an event per retry, and no secret or filled URL in any
//! field. A subscriber here records every field of every span and event.

use feature_tests::{Request, Response, Server};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};
use wire_fixture_client::{Client, HookFuture, Hooks, RetryPolicy};

/// Every field recorded, as (span or event name, field, value).
#[derive(Clone, Default)]
struct Everything {
    fields: Arc<Mutex<Vec<(String, String, String)>>>,
    spans: Arc<Mutex<Vec<String>>>,
    metadata: Arc<Mutex<Vec<&'static Metadata<'static>>>>,
    entered: Arc<Mutex<Vec<Id>>>,
}

struct Into<'a>(&'a Everything, String);

impl Visit for Into<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        let entry = (self.1.clone(), field.name().to_owned(), format!("{value:?}").trim_matches('"').to_owned());
        self.0.fields.lock().expect("lock").push(entry);
    }
}

impl Subscriber for Everything {
    /// The client's own spans and events (not those of the HTTP stack below it, which
    /// log connection addresses at trace level).
    fn enabled(&self, metadata: &Metadata<'_>) -> bool {
        metadata.target().starts_with("wire_fixture_client")
    }

    fn new_span(&self, span: &Attributes<'_>) -> Id {
        let mut spans = self.spans.lock().expect("lock");
        spans.push(span.metadata().name().to_owned());
        self.metadata.lock().expect("lock").push(span.metadata());
        let id = spans.len() as u64;
        drop(spans);
        span.record(&mut Into(self, span.metadata().name().to_owned()));
        Id::from_u64(id)
    }

    fn record(&self, span: &Id, values: &Record<'_>) {
        let name = self.spans.lock().expect("lock")[span.into_u64() as usize - 1].clone();
        values.record(&mut Into(self, name));
    }

    fn record_follows_from(&self, _: &Id, _: &Id) {}

    fn event(&self, event: &Event<'_>) {
        event.record(&mut Into(self, format!("event:{}", event.metadata().level())));
    }

    fn enter(&self, span: &Id) {
        self.entered.lock().expect("lock").push(span.clone());
    }

    fn exit(&self, _: &Id) {
        self.entered.lock().expect("lock").pop();
    }

    /// As real subscribers do: `Span::current()` is the span entered last.
    fn current_span(&self) -> tracing_core::span::Current {
        let entered = self.entered.lock().expect("lock");
        let spans = self.spans.lock().expect("lock");
        match entered.last() {
            Some(id) => {
                let _ = &spans;
                tracing_core::span::Current::new(
                    id.clone(),
                    self.metadata.lock().expect("lock")[id.into_u64() as usize - 1],
                )
            }
            None => tracing_core::span::Current::none(),
        }
    }
}

impl Everything {
    fn get(&self, span: &str, field: &str) -> Vec<String> {
        let fields = self.fields.lock().expect("lock");
        fields.iter().filter(|(s, f, _)| s == span && f == field).map(|(_, _, v)| v.clone()).collect()
    }
}

struct Bearer;

impl Hooks for Bearer {
    fn before_request<'a>(&'a self, request: &'a mut reqwest::Request) -> HookFuture<'a, Result<(), String>> {
        request.headers_mut().insert("authorization", reqwest::header::HeaderValue::from_static("Bearer tok-SECRET"));
        Box::pin(std::future::ready(Ok(())))
    }
}

#[tokio::test]
async fn one_span_per_call_and_an_event_per_retry_without_secrets() {
    let everything = Everything::default();
    let _guard = tracing::subscriber::set_default(everything.clone());
    let served = Arc::new(AtomicU32::new(0));
    let counter = served.clone();
    let server = Server::start(move |_: &Request| {
        if counter.fetch_add(1, Ordering::SeqCst) == 0 {
            Response::status(503, "{}")
        } else {
            Response::json(r#"{"id": "id-PRIVATE-42"}"#)
        }
    });
    let retry = RetryPolicy::new(3).with_initial_backoff(Duration::from_millis(1));
    let client = Client::new(server.url()).expect("a valid base URL").with_retry(retry).with_hooks(Bearer);
    client.items().get_item("id-PRIVATE-42").await.expect("the item, on the second attempt");

    assert_eq!(everything.get("http_call", "operation"), ["items.get_item"]);
    assert_eq!(everything.get("http_call", "http.method"), ["GET"]);
    assert_eq!(everything.get("http_call", "http.path"), ["/api/v3/items/{id}"]);
    assert_eq!(everything.get("http_call", "attempt"), ["1", "2"]);
    assert_eq!(everything.get("http_call", "http.status"), ["503", "200"]);
    let duration = everything.get("http_call", "duration_ms");
    assert_eq!(duration.len(), 1, "{duration:?}");
    assert!(duration[0].parse::<u64>().is_ok(), "{duration:?}");
    let waits = everything.get("event:INFO", "wait_ms");
    assert_eq!(waits.len(), 1, "one retry event: {waits:?}");
    assert_eq!(everything.get("event:INFO", "status"), ["503"]);

    let fields = everything.fields.lock().expect("lock").clone();
    assert!(fields.len() >= 10, "{fields:?}");
    for (span, field, value) in &fields {
        for secret in ["tok-SECRET", "id-PRIVATE-42", "127.0.0.1"] {
            assert!(!value.contains(secret), "{span}.{field} = {value:?} shows {secret}");
        }
    }
}
