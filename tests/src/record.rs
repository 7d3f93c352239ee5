//! Record mode: make each case's call against a real Rocket.Chat and write what comes back as
//! a recording file, with the token scrubbed.
//!
//! The client's request is caught by a local server on 127.0.0.1 (so the exact bytes the
//! generated client sends are what is recorded), forwarded once to `ROCKETCHAT_URL`, and the
//! upstream's answer is written as the recording's response. The `expect` block is what the
//! client makes of that (scrubbed) response, and the written file is replayed before this
//! returns, so a recording that is written also passes.

use crate::outcome::{call_catching_panics, Outcome};
use crate::recording::{load, to_file_text, Call, CaseFile, Expect, RecordedRequest, RecordedResponse, Recording};
use crate::replay::{client_for, run_case, Replay, SentRequest};
use crate::{REDACTED, TEST_TOKEN};
use serde::Deserialize;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::time::Duration;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// The server to record from, e.g. `http://localhost:3000`. Setting it turns record mode on.
pub const URL_VAR: &str = "ROCKETCHAT_URL";
/// The user id sent as `X-User-Id` (kept in the recordings).
pub const USER_ID_VAR: &str = "ROCKETCHAT_USER_ID";
/// The token sent as `X-Auth-Token` (never written).
pub const TOKEN_VAR: &str = "ROCKETCHAT_AUTH_TOKEN";
/// Where recordings are written (default `target/recordings`; relative to the workspace root).
pub const OUT_VAR: &str = "ROCKETCHAT_RECORD_DIR";
/// Which case files' calls are made (default `tests/recordings`; relative to the workspace root).
pub const FROM_VAR: &str = "ROCKETCHAT_RECORD_FROM";

/// Request headers written to recordings (the token as `<redacted>`).
pub const RECORDED_REQUEST_HEADERS: [&str; 3] = ["x-user-id", "x-auth-token", "content-type"];
/// Response headers written to recordings (others, like `set-cookie` or `date`, are dropped).
pub const RECORDED_RESPONSE_HEADERS: [&str; 5] =
    ["content-type", "retry-after", "x-ratelimit-limit", "x-ratelimit-remaining", "x-ratelimit-reset"];

/// Record mode settings.
#[derive(Clone)]
pub struct RecordConfig {
    /// The upstream server's base URL.
    pub upstream: String,
    /// `X-User-Id`.
    pub user_id: String,
    /// `X-Auth-Token`.
    pub auth_token: String,
    /// The case files whose calls are made.
    pub from_dir: PathBuf,
    /// Where recordings are written.
    pub out_dir: PathBuf,
}

impl std::fmt::Debug for RecordConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RecordConfig")
            .field("upstream", &self.upstream)
            .field("user_id", &self.user_id)
            .field("auth_token", &REDACTED)
            .field("from_dir", &self.from_dir)
            .field("out_dir", &self.out_dir)
            .finish()
    }
}

/// The workspace root (the folder above this crate).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().map(Path::to_path_buf).unwrap_or_default()
}

impl RecordConfig {
    /// Record mode from the process environment: `None` when `ROCKETCHAT_URL` is unset.
    pub fn from_env() -> Result<Option<RecordConfig>, String> {
        RecordConfig::from_lookup(|name| std::env::var(name).ok())
    }

    /// Record mode from any variable lookup (testable without touching the environment).
    pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> Result<Option<RecordConfig>, String> {
        let Some(upstream) = get(URL_VAR).filter(|u| !u.trim().is_empty()) else {
            return Ok(None);
        };
        let url = reqwest::Url::parse(upstream.trim()).map_err(|e| format!("{URL_VAR}={upstream:?}: {e}"))?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(format!("{URL_VAR}={upstream:?}: the scheme must be http or https"));
        }
        let required = |name: &str| {
            get(name)
                .filter(|v| !v.trim().is_empty())
                .ok_or_else(|| format!("record mode ({URL_VAR} is set) needs {name} as well"))
        };
        let user_id = required(USER_ID_VAR)?;
        let auth_token = required(TOKEN_VAR)?;
        let dir = |name: &str, default: PathBuf| match get(name).filter(|v| !v.is_empty()) {
            Some(path) => workspace_root().join(path),
            None => default,
        };
        Ok(Some(RecordConfig {
            upstream: upstream.trim().trim_end_matches('/').to_owned(),
            user_id,
            auth_token,
            from_dir: dir(FROM_VAR, crate::recordings_dir()),
            out_dir: dir(OUT_VAR, workspace_root().join("target").join("recordings")),
        }))
    }
}

/// The part of a case file record mode uses: its call (the rest is ignored, so a file with
/// only `call` is enough to record a new case).
#[derive(Debug, Deserialize)]
struct CallOnly {
    call: Call,
}

/// Reads the call of a case file.
pub fn load_call(path: &Path) -> Result<Call, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    serde_json::from_str::<CallOnly>(&text)
        .map(|c| c.call)
        .map_err(|e| format!("{}: no usable `call`: {e}", path.display()))
}

/// Replaces every occurrence of `token` in the strings (and keys) of `value`.
pub fn scrub(value: &mut Value, token: &str) {
    if token.is_empty() {
        return;
    }
    match value {
        Value::String(s) if s.contains(token) => *s = s.replace(token, REDACTED),
        Value::Array(items) => items.iter_mut().for_each(|v| scrub(v, token)),
        Value::Object(map) => {
            let old = std::mem::take(map);
            for (key, mut v) in old {
                scrub(&mut v, token);
                map.insert(key.replace(token, REDACTED), v);
            }
        }
        _ => {}
    }
}

fn scrubbed<T: serde::Serialize + serde::de::DeserializeOwned>(value: &T, token: &str) -> Result<T, String> {
    let mut json = serde_json::to_value(value).map_err(|e| e.to_string())?;
    scrub(&mut json, token);
    serde_json::from_value(json).map_err(|e| e.to_string())
}

/// The first `max` characters of `text`.
fn excerpt(text: &str, max: usize) -> String {
    text.chars().take(max).collect()
}

/// Sends `sent` to the upstream and reads the whole answer.
async fn forward(sent: &SentRequest, config: &RecordConfig) -> Result<RecordedResponse, String> {
    let mut url = reqwest::Url::parse(&format!("{}{}", config.upstream.trim_end_matches('/'), sent.path))
        .map_err(|e| format!("cannot build the upstream URL: {e}"))?;
    if !sent.query.is_empty() {
        url.query_pairs_mut().extend_pairs(sent.query.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    }
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(60))
        .build()
        .map_err(|e| e.to_string())?;
    let method = reqwest::Method::from_bytes(sent.method.as_bytes()).map_err(|e| e.to_string())?;
    let mut request = http.request(method, url);
    for (name, value) in &sent.headers {
        if !matches!(name.as_str(), "host" | "content-length" | "connection" | "transfer-encoding") {
            let mut value = reqwest::header::HeaderValue::from_str(value).map_err(|e| e.to_string())?;
            value.set_sensitive(name == "x-auth-token");
            request = request.header(name.as_str(), value);
        }
    }
    let response = request
        .body(sent.body.clone())
        .send()
        .await
        .map_err(|e| format!("the upstream ({URL_VAR}) did not answer: {}", e.without_url()))?;
    let status = response.status().as_u16();
    let mut headers = indexmap::IndexMap::new();
    for name in RECORDED_RESPONSE_HEADERS {
        let values: Vec<String> = response
            .headers()
            .get_all(name)
            .iter()
            .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
            .collect();
        if !values.is_empty() {
            headers.insert(name.to_owned(), values.join(", "));
        }
    }
    let bytes = response.bytes().await.map_err(|e| format!("reading the upstream's answer: {}", e.without_url()))?;
    let (body, body_text) = match serde_json::from_slice::<Value>(&bytes) {
        Ok(json) if !bytes.is_empty() => (Some(json), None),
        _ => (None, Some(String::from_utf8_lossy(&bytes).into_owned())),
    };
    Ok(RecordedResponse { status, headers, body, body_text })
}

/// What the client makes of a response, as an `expect` block.
async fn expect_for(response: &RecordedResponse, call: &Call) -> Result<Expect, String> {
    let replay = Replay::serve(response, call.auth(), TEST_TOKEN).await?;
    let result = call_catching_panics(&replay.client, call).await;
    Ok(match result.outcome {
        Outcome::Ok(value) => Expect::Ok(value),
        Outcome::Api { status, body, .. } => Expect::ApiError { status, body },
        Outcome::Unexpected { status, content_type, body, .. } => {
            Expect::UnexpectedResponse { status, content_type, body_contains: excerpt(&body, 80) }
        }
        Outcome::RateLimited { status, retry_after, body } => Expect::RateLimited {
            status,
            retry_after_secs: retry_after.map(|d| d.as_secs()),
            body_contains: (!body.is_empty()).then(|| excerpt(&body, 80)),
        },
        other => return Err(format!("the client could not take the recorded response: {}", other.describe())),
    })
}

/// Records one case: makes `call` (with the configured credentials) against the upstream and
/// writes `out_dir/<name>.json`. Returns the written file, which has been replayed green.
pub async fn record_case(name: &str, call: &Call, config: &RecordConfig) -> Result<PathBuf, String> {
    let token = config.auth_token.as_str();
    let mut call = call.clone();
    call.auth_mut().user_id = Some(config.user_id.clone());

    // 1. Catch exactly what the generated client sends.
    let catcher = MockServer::start().await;
    Mock::given(any()).respond_with(ResponseTemplate::new(204)).mount(&catcher).await;
    let client = client_for(&catcher.uri(), call.auth(), token)?;
    let _ = call_catching_panics(&client, &call).await;
    let received = catcher.received_requests().await.unwrap_or_default();
    let [request] = received.as_slice() else {
        return Err(format!("the client sent {} requests; one was expected", received.len()));
    };
    let sent = SentRequest::from(request);

    // 2. Forward it once.
    let response = forward(&sent, config).await?;

    // 3. What the recording says, with the token scrubbed everywhere.
    let mut headers = indexmap::IndexMap::new();
    for header in RECORDED_REQUEST_HEADERS {
        if let Some(value) = sent.header(header) {
            let value = if header == "x-auth-token" { REDACTED.to_owned() } else { value };
            headers.insert(header.to_owned(), value);
        }
    }
    let body = if sent.body.is_empty() {
        None
    } else {
        Some(serde_json::from_slice(&sent.body).map_err(|e| format!("the client sent a body that is not JSON: {e}"))?)
    };
    let request = RecordedRequest {
        method: sent.method.clone(),
        path: sent.path.clone(),
        query: sent.query_map(),
        headers,
        body,
    };
    let request = scrubbed(&request, token)?;
    let response = scrubbed(&response, token)?;
    let call = scrubbed(&call, token)?;
    let expect = expect_for(&response, &call).await?;
    let description = format!(
        "Recorded by record mode against a live server ({URL_VAR}) with the call of case `{name}`: {} {}.",
        call.operation(),
        response.status
    );
    let recording = Recording { description, call, request, response, expect };

    // 4. Write it, never with the token.
    let text = to_file_text(&recording);
    if text.contains(token) {
        return Err("refusing to write a recording that still contains the auth token".to_owned());
    }
    let path = config.out_dir.join(format!("{name}.json"));
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
    }
    std::fs::write(&path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))?;

    // 5. It must replay.
    let written = load(&path)?;
    run_case(&written).await.map_err(|e| format!("{} was written but does not replay:\n{e}", path.display()))?;
    Ok(path)
}

/// Records the case in `case` (a file under `config.from_dir`).
pub async fn record_file(case: &CaseFile, config: &RecordConfig) -> Result<PathBuf, String> {
    let call = load_call(&case.path)?;
    record_case(&case.name, &call, config).await
}
