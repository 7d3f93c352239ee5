//! The wire-check driver: calls every operation of a generated client once, through the
//! client's own methods, against a validating mock server (Prism), and prints one JSON
//! line per operation: what the client made of the answer and the request violations
//! the server found. `scripts/wire-check.sh` builds it per document, with the calls
//! module the generator writes (`--calls`) and the calls harness of `tests/src/calls.rs`.
//!
//! Usage: `driver BASE_URL` (the mock server, without the document's base path).

use crate::calls::{Case, Input, Op, Outcome, Target};
use crate::client::{AfterResponse, Client, HookFuture, Hooks, ResponseHead};
use serde_json::{json, Value};
use std::sync::{Arc, Mutex};

/// Makes the client of the calls module (every credential set, no retries).
pub type MakeClient = fn(&str, reqwest::Client) -> Result<Client, String>;

/// What one call's responses said.
#[derive(Default, Debug, Clone)]
struct Seen {
    status: Option<u16>,
    content_type: Option<String>,
    /// `sl-violations` entries about the request.
    violations: Vec<Value>,
    /// The header was there but could not be read (Prism cuts it past 8 KB).
    unreadable: bool,
}

/// Records each response's status and Prism's request violations.
#[derive(Default)]
struct Recorder(Mutex<Seen>);

impl Hooks for Recorder {
    fn after_response<'a>(&'a self, response: &'a ResponseHead<'a>) -> HookFuture<'a, AfterResponse> {
        let header = |name: &str| response.headers.get(name).and_then(|v| v.to_str().ok()).map(str::to_owned);
        let mut seen = Seen { status: Some(response.status), content_type: header("content-type"), ..Seen::default() };
        if let Some(text) = header("sl-violations") {
            match serde_json::from_str::<Vec<Value>>(&text) {
                Ok(list) => {
                    seen.violations = list.into_iter().filter(|v| v["location"][0] == "request").collect();
                }
                Err(_) => seen.unreadable = true,
            }
        }
        if let Ok(mut slot) = self.0.lock() {
            *slot = seen;
        }
        Box::pin(std::future::ready(AfterResponse::Continue))
    }
}

/// How a call ended, in the words of the wire-check table.
fn class(outcome: &Result<Outcome, String>, seen: &Seen) -> (&'static str, String) {
    let two_xx = seen.status.is_some_and(|s| (200..300).contains(&s));
    match outcome {
        Err(why) => ("not-called", why.clone()),
        Ok(Outcome::Ok) => ("decoded", String::new()),
        Ok(Outcome::Api(_)) => ("api-error", String::new()),
        Ok(Outcome::Other(why)) if two_xx => ("undecoded", why.clone()),
        Ok(Outcome::Other(why)) if why.starts_with("unexpected response") || why.starts_with("rate limited") => {
            ("unexpected-response", why.clone())
        }
        Ok(Outcome::Other(why)) if seen.status.is_none() => ("no-response", why.clone()),
        Ok(Outcome::Other(why)) => ("not-surfaced", why.clone()),
    }
}

/// Calls each operation once and prints a JSON line for it. The request example, when
/// the document publishes one, gives the body; otherwise minimal valid inputs.
pub fn run(base_url: &str, ops: &[Op], cases: &[Case], make: MakeClient) -> Result<(), String> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("no runtime: {e}"))?;
    let http = reqwest::Client::builder().no_proxy().build().map_err(|e| format!("no HTTP client: {e}"))?;
    let recorder = Arc::new(Recorder::default());
    let client = make(base_url, http)?.with_hooks(recorder.clone());
    for (i, op) in ops.iter().enumerate() {
        let example = cases.iter().find(|c| c.op == i && c.target == Target::Request);
        let example_body = example.and_then(|c| serde_json::from_str::<Value>(c.value).ok());
        let mut from = if example_body.is_some() { "request-example" } else { "minimal" };
        let mut input = Input::for_op(op, example_body);
        if input.is_err() && from == "request-example" {
            from = "minimal";
            input = Input::for_op(op, None);
        }
        if let Ok(mut slot) = recorder.0.lock() {
            *slot = Seen::default();
        }
        let outcome = match &input {
            Ok(input) => runtime.block_on((op.call)(&client, input)),
            Err(why) => Err(why.clone()),
        };
        // An example the client cannot take (a defect of the example) is tried again
        // with minimal values, so the operation is still called.
        let outcome = match (outcome, from) {
            (Err(why), "request-example") => {
                from = "minimal";
                match Input::for_op(op, None) {
                    Ok(input) => runtime.block_on((op.call)(&client, &input)),
                    Err(e) => Err(format!("{why}; minimal inputs: {e}")),
                }
            }
            (outcome, _) => outcome,
        };
        let seen = recorder.0.lock().map(|s| s.clone()).unwrap_or_default();
        let (class, detail) = class(&outcome, &seen);
        let line = json!({
            "op": op.name,
            "method": op.method,
            "path": op.path,
            "inputs": from,
            "class": class,
            "status": seen.status,
            "content_type": seen.content_type,
            "violations": seen.violations,
            "violations_unreadable": seen.unreadable,
            "detail": detail,
        });
        println!("{line}");
    }
    Ok(())
}
