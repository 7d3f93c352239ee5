//! Typed mocks for applications' tests (the `mock` feature): a real HTTP server on
//! 127.0.0.1 (wiremock) that answers the operations an application's test expects, each
//! expectation written with the generated types, and says which calls nobody expected
//! and which expectations no call met.
#![cfg(feature = "mock")]

use std::sync::{Arc, Mutex};

/// An operation the mock server can answer: implemented by every operation's request
/// builder (`operations::ChatPostMessage` for `chat().post_message()`).
pub trait MockOperation {
    /// The HTTP method.
    const METHOD: &'static str;
    /// The path template (`/api/v1/chat.postMessage`, `/items/{id}`).
    const PATH: &'static str;
    /// `area.method`, for reports.
    const NAME: &'static str;
    /// The JSON request body (`serde_json::Value` when it has none or is not JSON).
    type Body: serde::de::DeserializeOwned;
    /// What the operation returns on success.
    type Output;
    /// The operation's documented-error enum.
    type Error;
    /// The answer that decodes into `output`.
    fn success_reply(output: &Self::Output) -> Reply;
    /// The answer that decodes into `error` (as `Error::Api`).
    fn error_reply(error: &Self::Error) -> Reply;
}

/// An answer: status, media type and body.
#[derive(Debug, Clone, PartialEq)]
pub struct Reply {
    /// The HTTP status code.
    pub status: u16,
    /// The `Content-Type`, when there is a body.
    pub content_type: Option<&'static str>,
    /// The body.
    pub body: Vec<u8>,
}

impl Reply {
    /// `value` as JSON with `status`.
    pub fn json<T: serde::Serialize>(status: u16, value: &T) -> Reply {
        let body = serde_json::to_vec(value).unwrap_or_default();
        Reply { status, content_type: Some("application/json"), body }
    }

    /// Text with `status`.
    pub fn text(status: u16, text: &str) -> Reply {
        Reply { status, content_type: Some("text/plain"), body: text.as_bytes().to_vec() }
    }

    /// Bytes with `status`.
    pub fn bytes(status: u16, bytes: &[u8]) -> Reply {
        Reply { status, content_type: Some("application/octet-stream"), body: bytes.to_vec() }
    }

    /// No body.
    pub fn empty(status: u16) -> Reply {
        Reply { status, content_type: None, body: Vec::new() }
    }
}

/// The items of an operation's `MockOperation` impl after its types: the method, path
/// and name, and the answers that decode into a given success or documented error. The
/// generator writes one short invocation per operation instead of the two functions
/// written out (formatting those was a tenth of a generation's time):
///
/// ```text
/// answers!(
///     "POST", "/items", "items.create",
///     success(json 201),  // or (empty 204), or (ItemsCreateSuccess { Created json 201, Gone empty 204 })
///     errors(ItemsCreateError { NotFound json 404, Conflict empty 409 })
/// );
/// ```
///
/// Each answer is a variant (its enum's), how its body is written (`json`, `text`,
/// `bytes`, `json_or_empty`, `text_or_empty`, `bytes_or_empty`; `ignored` for a value
/// answered without a body; `empty` for a variant without one) and the status.
// A crate may have no type (or operation) that needs it.
#[allow(unused_macros)]
macro_rules! answers {
    (@reply $v:ident, json $s:literal) => { $crate::runtime::mock::Reply::json($s, $v) };
    (@reply $v:ident, text $s:literal) => { $crate::runtime::mock::Reply::text($s, $v) };
    (@reply $v:ident, bytes $s:literal) => { $crate::runtime::mock::Reply::bytes($s, $v) };
    (@reply $v:ident, ignored $s:literal) => {{
        let _ = $v;
        $crate::runtime::mock::Reply::empty($s)
    }};
    (@reply $v:ident, json_or_empty $s:literal) => { $crate::runtime::mock::answers!(@or_empty $v, json $s) };
    (@reply $v:ident, text_or_empty $s:literal) => { $crate::runtime::mock::answers!(@or_empty $v, text $s) };
    (@reply $v:ident, bytes_or_empty $s:literal) => { $crate::runtime::mock::answers!(@or_empty $v, bytes $s) };
    (@or_empty $v:ident, $kind:ident $s:literal) => {
        match $v {
            Some(inner) => $crate::runtime::mock::answers!(@reply inner, $kind $s),
            None => $crate::runtime::mock::Reply::empty($s),
        }
    };
    // A match on the enum `$ty` behind `$on`, its arms gathered one variant at a time.
    (@arms $on:ident; $ty:ident; [$($done:tt)*];) => { match *$on { $($done)* } };
    (@arms $on:ident; $ty:ident; [$($done:tt)*]; $v:ident empty $s:literal $(, $($rest:tt)*)?) => {
        $crate::runtime::mock::answers!(
            @arms $on; $ty; [$($done)* $ty::$v => $crate::runtime::mock::Reply::empty($s),]; $($($rest)*)?
        )
    };
    (@arms $on:ident; $ty:ident; [$($done:tt)*]; $v:ident $kind:ident $s:literal $(, $($rest:tt)*)?) => {
        $crate::runtime::mock::answers!(
            @arms $on; $ty;
            [$($done)* $ty::$v(ref value) => $crate::runtime::mock::answers!(@reply value, $kind $s),];
            $($($rest)*)?
        )
    };
    (@success $on:ident; empty $s:literal) => {{
        let _ = $on;
        $crate::runtime::mock::Reply::empty($s)
    }};
    (@success $on:ident; $kind:ident $s:literal) => { $crate::runtime::mock::answers!(@reply $on, $kind $s) };
    (@success $on:ident; $ty:ident { $($arms:tt)* }) => { $crate::runtime::mock::answers!(@arms $on; $ty; []; $($arms)*) };
    (
        $method:literal, $path:literal, $name:literal,
        success($($success:tt)*),
        errors($error:ident { $($errors:tt)* })
    ) => {
        const METHOD: &'static str = $method;
        const PATH: &'static str = $path;
        const NAME: &'static str = $name;

        fn success_reply(output: &Self::Output) -> $crate::runtime::mock::Reply {
            $crate::runtime::mock::answers!(@success output; $($success)*)
        }

        fn error_reply(error: &Self::Error) -> $crate::runtime::mock::Reply {
            $crate::runtime::mock::answers!(@arms error; $error; []; $($errors)*)
        }
    };
}
#[allow(unused_imports)]
pub(crate) use answers;

/// Whether a request body is one an expectation is for.
type BodyCheck = Arc<dyn Fn(&[u8]) -> bool + Send + Sync>;

/// One expectation, as the report names it.
#[derive(Clone)]
struct Expected {
    name: &'static str,
    method: &'static str,
    path: &'static str,
    body: Option<BodyCheck>,
    times: Option<u64>,
}

impl Expected {
    fn matches(&self, request: &wiremock::Request) -> bool {
        self.method == request.method.as_str()
            && path_matches(self.path, request.url.path())
            && self.body.as_ref().is_none_or(|check| check(&request.body))
    }
}

/// A mock server for an application's tests: start it, give its [`MockServer::uri`] to
/// the client, set what each operation answers, run the code under test, then
/// [`MockServer::verify`].
pub struct MockServer {
    server: wiremock::MockServer,
    expected: Arc<Mutex<Vec<Expected>>>,
}

impl std::fmt::Debug for MockServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MockServer").field("uri", &self.server.uri()).finish_non_exhaustive()
    }
}

/// What [`MockServer::verify`] found wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MockReport {
    /// Calls no expectation matched: `METHOD /path`.
    pub unexpected: Vec<String>,
    /// Expectations not met as often as they asked: `name: expected N, got M`.
    pub unmet: Vec<String>,
}

impl std::fmt::Display for MockReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for u in &self.unexpected {
            writeln!(f, "unexpected call: {u}")?;
        }
        for u in &self.unmet {
            writeln!(f, "unmet expectation: {u}")?;
        }
        Ok(())
    }
}

impl std::error::Error for MockReport {}

/// Whether a request path is one of a path template's (each `{name}` stands for the
/// text of one segment).
fn path_matches(template: &str, path: &str) -> bool {
    let (mut t, mut p) = (template.split('/'), path.split('/'));
    loop {
        match (t.next(), p.next()) {
            (None, None) => return true,
            (Some(ts), Some(ps)) if segment_matches(ts, ps) => {}
            _ => return false,
        }
    }
}

fn segment_matches(template: &str, segment: &str) -> bool {
    let Some(open) = template.find('{') else { return template == segment };
    let (prefix, rest) = template.split_at(open);
    let suffix = rest.find('}').map_or("", |close| &rest[close + 1..]);
    segment.len() > prefix.len() + suffix.len() && segment.starts_with(prefix) && segment.ends_with(suffix)
}

/// The same as a regular expression, for wiremock.
fn path_regex(template: &str) -> String {
    let mut pattern = String::from("^");
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        escape_into(&mut pattern, &rest[..open]);
        pattern.push_str("[^/]+");
        rest = rest[open..].find('}').map_or("", |close| &rest[open + close + 1..]);
    }
    escape_into(&mut pattern, rest);
    pattern.push('$');
    pattern
}

fn escape_into(out: &mut String, text: &str) {
    for c in text.chars() {
        if "\\.+*?()|[]{}^$#&-~".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
}

impl MockServer {
    /// A server on a free port of 127.0.0.1.
    pub async fn start() -> MockServer {
        MockServer { server: wiremock::MockServer::start().await, expected: Arc::default() }
    }

    /// The base URL to give the client.
    pub fn uri(&self) -> String {
        self.server.uri()
    }

    /// An expectation for the operation `O` (its request builder type): any call unless
    /// [`Expectation::when`] says which.
    pub fn on<O: MockOperation>(&self) -> Expectation<'_, O> {
        Expectation { server: self, when: None, times: None }
    }

    /// Every call nobody expected, and every expectation met fewer or more times than it
    /// asked (`times`).
    pub async fn verify(&self) -> Result<(), MockReport> {
        let requests = self.server.received_requests().await.unwrap_or_default();
        let expected = self.expected.lock().map(|e| e.clone()).unwrap_or_default();
        let mut counts = vec![0u64; expected.len()];
        let mut unexpected = Vec::new();
        for r in &requests {
            match expected.iter().position(|e| e.matches(r)) {
                Some(i) => counts[i] += 1,
                None => unexpected.push(format!("{} {}", r.method, r.url.path())),
            }
        }
        let unmet: Vec<String> = expected
            .iter()
            .zip(&counts)
            .filter_map(|(e, n)| match e.times {
                Some(t) if t != *n => Some(format!("{}: expected {t} call(s), got {n}", e.name)),
                None if *n == 0 => Some(format!("{}: expected a call, got none", e.name)),
                _ => None,
            })
            .collect();
        if unexpected.is_empty() && unmet.is_empty() {
            Ok(())
        } else {
            Err(MockReport { unexpected, unmet })
        }
    }
}

/// What one operation answers, and to which calls.
pub struct Expectation<'s, O: MockOperation> {
    server: &'s MockServer,
    when: Option<Arc<dyn Fn(&O::Body) -> bool + Send + Sync>>,
    times: Option<u64>,
}

impl<O: MockOperation> std::fmt::Debug for Expectation<'_, O> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Expectation").field("operation", &O::NAME).field("times", &self.times).finish_non_exhaustive()
    }
}

/// Matches a request whose JSON body, decoded as the operation's body type, passes the
/// predicate.
struct BodyMatches<B>(Arc<dyn Fn(&B) -> bool + Send + Sync>);

impl<B: serde::de::DeserializeOwned + 'static> wiremock::Match for BodyMatches<B> {
    fn matches(&self, request: &wiremock::Request) -> bool {
        serde_json::from_slice::<B>(&request.body).is_ok_and(|body| (self.0)(&body))
    }
}

impl<'s, O: MockOperation + 'static> Expectation<'s, O> {
    /// Only calls whose body passes `predicate` (its JSON read as the operation's body
    /// type) get this answer.
    pub fn when(mut self, predicate: impl Fn(&O::Body) -> bool + Send + Sync + 'static) -> Self {
        self.when = Some(Arc::new(predicate));
        self
    }

    /// Exactly `n` calls are expected ([`MockServer::verify`] says otherwise).
    pub fn times(mut self, n: u64) -> Self {
        self.times = Some(n);
        self
    }

    /// Answers with `output`, as the operation's success.
    pub async fn respond(self, output: O::Output) {
        let reply = O::success_reply(&output);
        self.mount(reply).await;
    }

    /// Answers with the documented error `error`.
    pub async fn fail(self, error: O::Error) {
        let reply = O::error_reply(&error);
        self.mount(reply).await;
    }

    async fn mount(self, reply: Reply) {
        let mut mock = wiremock::Mock::given(wiremock::matchers::method(O::METHOD))
            .and(wiremock::matchers::path_regex(path_regex(O::PATH)));
        let mut body: Option<BodyCheck> = None;
        if let Some(when) = self.when {
            let check = when.clone();
            body = Some(Arc::new(move |bytes: &[u8]| serde_json::from_slice::<O::Body>(bytes).is_ok_and(|b| check(&b))));
            mock = mock.and(BodyMatches::<O::Body>(when));
        }
        let mut template = wiremock::ResponseTemplate::new(reply.status);
        if let Some(ct) = reply.content_type {
            template = template.set_body_raw(reply.body, ct);
        }
        mock.respond_with(template).mount(&self.server.server).await;
        if let Ok(mut expected) = self.server.expected.lock() {
            expected.push(Expected { name: O::NAME, method: O::METHOD, path: O::PATH, body, times: self.times });
        }
    }
}
