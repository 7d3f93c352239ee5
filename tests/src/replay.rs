//! Replaying a recording: a real HTTP server on 127.0.0.1 serves the recorded response, the
//! generated client makes the recorded call, and both the request it sent and the typed
//! result it returned are compared with the recording.

use crate::diff::{differences, render};
use crate::outcome::{call_catching_panics, variant_status, CallResult, Outcome};
use crate::recording::{Auth, Expect, RecordedRequest, RecordedResponse, Recording};
use crate::{REDACTED, TEST_TOKEN};
use rocketchat_client::Client;
use serde_json::Value;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// The headers that carry credentials: compared both ways (a credential the recording does
/// not list must not be sent either).
pub const AUTH_HEADERS: [&str; 2] = ["x-user-id", "x-auth-token"];

/// A request as it arrived at the local server.
#[derive(Debug, Clone, PartialEq)]
pub struct SentRequest {
    /// HTTP method.
    pub method: String,
    /// Path, without the query.
    pub path: String,
    /// Query pairs, in order.
    pub query: Vec<(String, String)>,
    /// Headers (lowercase names), in order.
    pub headers: Vec<(String, String)>,
    /// The raw body.
    pub body: Vec<u8>,
}

impl From<&wiremock::Request> for SentRequest {
    fn from(request: &wiremock::Request) -> Self {
        SentRequest {
            method: request.method.as_str().to_owned(),
            path: request.url.path().to_owned(),
            query: request.url.query_pairs().map(|(k, v)| (k.into_owned(), v.into_owned())).collect(),
            headers: request
                .headers
                .iter()
                .map(|(k, v)| (k.as_str().to_ascii_lowercase(), String::from_utf8_lossy(v.as_bytes()).into_owned()))
                .collect(),
            body: request.body.clone(),
        }
    }
}

impl SentRequest {
    /// The values of one header, joined with `, ` (`None`: not sent).
    pub fn header(&self, name: &str) -> Option<String> {
        let values: Vec<&str> =
            self.headers.iter().filter(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str()).collect();
        (!values.is_empty()).then(|| values.join(", "))
    }

    /// The query as a recording writes it: one string per name, an array for a repeated name.
    pub fn query_map(&self) -> indexmap::IndexMap<String, Value> {
        let mut map: indexmap::IndexMap<String, Value> = indexmap::IndexMap::new();
        for (k, v) in &self.query {
            match map.get_mut(k) {
                None => {
                    map.insert(k.clone(), Value::String(v.clone()));
                }
                Some(Value::Array(items)) => items.push(Value::String(v.clone())),
                Some(existing) => {
                    let first = existing.take();
                    *existing = Value::Array(vec![first, Value::String(v.clone())]);
                }
            }
        }
        map
    }
}

/// Replaces the token wherever it occurs in `text`, for messages.
pub fn mask(text: &str, token: &str) -> String {
    if token.is_empty() {
        text.to_owned()
    } else {
        text.replace(token, REDACTED)
    }
}

fn quoted(text: Option<&str>, token: &str) -> String {
    match text {
        Some(t) => Value::String(mask(t, token)).to_string(),
        None => "(not sent)".to_owned(),
    }
}

fn mismatch(what: &str, expected: String, sent: String) -> String {
    format!("  {what}:\n    expected: {expected}\n    sent:     {sent}\n")
}

/// Compares a sent request with the recorded one: method, path, query, every recorded header
/// (`"<redacted>"` = `token`), the auth headers both ways, and the body as JSON.
/// The error names each differing field with its expected and sent values; `token` is never shown.
pub fn compare_request(expected: &RecordedRequest, sent: &SentRequest, token: &str) -> Result<(), String> {
    let mut report = String::new();
    if !expected.method.eq_ignore_ascii_case(&sent.method) {
        report += &mismatch("method", quoted(Some(&expected.method), token), quoted(Some(&sent.method), token));
    }
    if expected.path != sent.path {
        report += &mismatch("path", quoted(Some(&expected.path), token), quoted(Some(&sent.path), token));
    }
    let sent_query = sent.query_map();
    if expected.query != sent_query {
        let e = Value::Object(expected.query.clone().into_iter().collect());
        let s = Value::Object(sent_query.into_iter().collect());
        report += &render(&differences(&e, &s), "query", "sent");
    }
    for (name, want) in &expected.headers {
        let got = sent.header(name);
        let matches = match (want.as_str(), got.as_deref()) {
            (REDACTED, Some(got)) => got == token,
            (want, Some(got)) => want == got,
            (_, None) => false,
        };
        if !matches {
            let shown_want = if want == REDACTED {
                format!("{REDACTED} (the harness's token)")
            } else {
                Value::String(want.clone()).to_string()
            };
            report += &mismatch(&format!("header {name}"), shown_want, quoted(got.as_deref(), token));
        }
    }
    for name in AUTH_HEADERS {
        if !expected.headers.contains_key(name) {
            if let Some(got) = sent.header(name) {
                report += &mismatch(&format!("header {name}"), "(not sent)".to_owned(), quoted(Some(&got), token));
            }
        }
    }
    match &expected.body {
        None if sent.body.is_empty() => {}
        None => {
            let text = String::from_utf8_lossy(&sent.body);
            report += &mismatch("body", "(no body)".to_owned(), quoted(Some(&text), token));
        }
        Some(want) => match serde_json::from_slice::<Value>(&sent.body) {
            Ok(got) => {
                let diffs = differences(want, &got);
                if !diffs.is_empty() {
                    report += &mask(&render(&diffs, "body", "sent"), token);
                    report += &mask(&mismatch("body (whole)", want.to_string(), got.to_string()), token);
                }
            }
            Err(e) => {
                let text = String::from_utf8_lossy(&sent.body);
                report += &mismatch(
                    "body",
                    mask(&want.to_string(), token),
                    format!("{} (not JSON: {e})", quoted(Some(&text), token)),
                );
            }
        },
    }
    if report.is_empty() {
        Ok(())
    } else {
        Err(format!("the request sent differs from the recording:\n{report}"))
    }
}

/// Compares what the client returned with the recording's `expect`; also fails when the
/// token appears in the error's `Display` or in the result's `Debug`.
pub fn compare_outcome(expect: &Expect, result: &CallResult, token: &str) -> Result<(), String> {
    let mut report = String::new();
    if !token.is_empty() {
        if result.debug.contains(token) {
            report += "  the auth token appears in the result's Debug output\n";
        }
        if result.display.as_deref().is_some_and(|d| d.contains(token)) {
            report += "  the auth token appears in the error's Display output\n";
        }
    }
    let got = &result.outcome;
    let mut wrong_kind = false;
    match (expect, got) {
        (Expect::Ok(want), Outcome::Ok(value)) => {
            report += &render(&differences(want, value), "Ok value", "got");
        }
        (Expect::ApiError { status, body }, Outcome::Api { status: s, variant, body: b }) => {
            if status != s {
                report += &format!("  Error::Api status:\n    expected: {status}\n    got:      {s}\n");
            }
            if variant_status(variant) != Some(*s) {
                report += &format!("  Error::Api variant {variant} does not stand for status {s}\n");
            }
            report += &render(&differences(body, b), "Error::Api body", "got");
        }
        (
            Expect::UnexpectedResponse { status, content_type, body_contains },
            Outcome::Unexpected { status: s, content_type: ct, body, reason },
        ) => {
            if status != s {
                report += &format!("  Error::UnexpectedResponse status:\n    expected: {status}\n    got:      {s}\n");
            }
            if content_type != ct {
                report += &format!(
                    "  Error::UnexpectedResponse content_type:\n    expected: {content_type:?}\n    got:      {ct:?}\n"
                );
            }
            if !body.contains(body_contains.as_str()) {
                report += &format!(
                    "  Error::UnexpectedResponse body excerpt:\n    expected to contain: {body_contains:?}\n    got:                 {body:?}\n"
                );
            }
            if reason.trim().is_empty() {
                report += "  Error::UnexpectedResponse has an empty reason\n";
            }
        }
        (
            Expect::RateLimited { status, retry_after_secs, body_contains },
            Outcome::RateLimited { status: s, retry_after, body },
        ) => {
            if status != s {
                report += &format!("  Error::RateLimited status:\n    expected: {status}\n    got:      {s}\n");
            }
            let got_secs = retry_after.map(|d| d.as_secs());
            if *retry_after_secs != got_secs {
                report += &format!(
                    "  Error::RateLimited retry_after (seconds):\n    expected: {retry_after_secs:?}\n    got:      {got_secs:?}\n"
                );
            }
            if let Some(want) = body_contains {
                if !body.contains(want.as_str()) {
                    report += &format!(
                        "  Error::RateLimited body excerpt:\n    expected to contain: {want:?}\n    got:                 {body:?}\n"
                    );
                }
            }
        }
        _ => wrong_kind = true,
    }
    if wrong_kind {
        let want = serde_json::to_string(expect).unwrap_or_default();
        report += &format!("  result:\n    expected: {want}\n    got:      {}\n", mask(&got.describe(), token));
    }
    if report.is_empty() {
        Ok(())
    } else {
        Err(format!("the typed result differs from `expect`:\n{report}"))
    }
}

/// The response template for a recorded response: status, exactly the recorded headers
/// (no content type is added), and the body bytes.
pub fn response_template(response: &RecordedResponse) -> Result<ResponseTemplate, String> {
    crate::recording::check_response(response)?;
    let mut template = ResponseTemplate::new(response.status).set_body_bytes(response.body_bytes()?);
    for (name, value) in &response.headers {
        template = template.append_header(name.as_str(), value.as_str());
    }
    Ok(template)
}

/// A client for `base_url` with the call's user id and `token`.
pub fn client_for(base_url: &str, auth: &Auth, token: &str) -> Result<Client, String> {
    let mut client = Client::new(base_url).map_err(|e| e.to_string())?;
    if let Some(user_id) = &auth.user_id {
        client = client.with_user_id(user_id);
    }
    Ok(client.with_auth_token(token))
}

/// A local server answering every request with one recorded response, and a client for it.
pub struct Replay {
    /// The server (on 127.0.0.1, a free port).
    pub server: MockServer,
    /// A client pointed at it, with the recording's user id and [`TEST_TOKEN`].
    pub client: Client,
}

impl Replay {
    /// Serves the recording's response to a client set up from its `call.auth`.
    pub async fn start(recording: &Recording) -> Result<Replay, String> {
        Replay::serve(&recording.response, recording.call.auth(), TEST_TOKEN).await
    }

    /// Serves `response` to a client with `auth` and `token`.
    pub async fn serve(response: &RecordedResponse, auth: &Auth, token: &str) -> Result<Replay, String> {
        let template = response_template(response)?;
        let server = MockServer::start().await;
        Mock::given(any()).respond_with(template).mount(&server).await;
        let client = client_for(&server.uri(), auth, token)?;
        Ok(Replay { server, client })
    }

    /// The one request the server received.
    pub async fn sent_request(&self) -> Result<SentRequest, String> {
        let received = self.server.received_requests().await.unwrap_or_default();
        match received.as_slice() {
            [one] => Ok(SentRequest::from(one)),
            [] => Err("the client sent no request".to_owned()),
            many => Err(format!("the client sent {} requests; the recording has one", many.len())),
        }
    }

    /// Compares the one request received with `expected` (see [`compare_request`]).
    pub async fn check_request(&self, expected: &RecordedRequest) -> Result<(), String> {
        compare_request(expected, &self.sent_request().await?, TEST_TOKEN)
    }
}

/// Runs one recording: serve, call, compare the request and the typed result.
pub async fn run_case(recording: &Recording) -> Result<(), String> {
    let replay = Replay::start(recording).await?;
    let result = call_catching_panics(&replay.client, &recording.call).await;
    let mut failures = Vec::new();
    if let Err(e) = replay.check_request(&recording.request).await {
        failures.push(e);
    }
    if let Err(e) = compare_outcome(&recording.expect, &result, TEST_TOKEN) {
        failures.push(e);
    }
    if failures.is_empty() {
        Ok(())
    } else {
        Err(failures.join("\n"))
    }
}

/// Loads and runs one recording file.
pub async fn run_file(path: &std::path::Path) -> Result<(), String> {
    let recording = crate::recording::load(path)?;
    run_case(&recording).await.map_err(|e| format!("{e}(recording: {})", path.display()))
}

/// Runs every recording under `dir`: `(case name, result)` in name order.
pub async fn run_dir(dir: &std::path::Path) -> Result<Vec<(String, Result<(), String>)>, String> {
    let mut out = Vec::new();
    for case in crate::recording::discover(dir)? {
        let result = run_file(&case.path).await;
        out.push((case.name, result));
    }
    Ok(out)
}
