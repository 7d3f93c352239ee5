//! The harness of `tests/tests/published_examples/`: every example the API description
//! publishes, run through the checked-in client's own methods against a real HTTP
//! server on 127.0.0.1 (wiremock).
//!
//! The cases and one call per operation are generated (`cases.rs`, by the generator's
//! `emit::example_tests`); this module is what they run on:
//!
//! - a **response example** is served with its status and media type, whatever the
//!   client sends, and the client's method must decode it: a 2xx into the success
//!   type (`Ok`), another status into the operation's documented error
//!   (`Error::Api`). The inputs are minimal values of the required inputs' types;
//! - a **request example** fills the method's inputs (arguments and setters, by wire
//!   name) and what the client sends must be the example (JSON compared as values;
//!   multipart part by part).
//!
//! Either way the request must reach the server once, with the operation's method and
//! path. A case that does not pass fails with the reason, unless the checked-in list
//! of known spec defects names it with that reason.

use crate::calls::{content, Input, Op, Outcome};
pub use crate::calls::{locate, pointer_at};
pub use crate::calls::{Call, Case, Target};
use rocketchat_client::Client;
use serde_json::{Map, Value};

/// A passed case.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Passed {
    /// A 2xx example decoded into the success type.
    Decoded,
    /// An error example decoded into the documented error.
    DecodedError,
    /// A request example is what the client sent.
    Sent,
}

/// Whether a media type is JSON (as the generator reads it: `application/json`, `+json`,
/// `*/*`, `application/*`).
pub fn is_json(media_type: &str) -> bool {
    let essence = media_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    essence == "application/json" || essence.ends_with("+json") || essence == "*/*" || essence == "application/*"
}

/// The bytes a response example is served as: JSON for a JSON media type, else a string
/// as it is.
pub fn served_body(media_type: &str, value: &Value) -> Vec<u8> {
    if is_json(media_type) {
        value.to_string().into_bytes()
    } else {
        content(value)
    }
}

/// Makes the client the cases call for a base URL, through a given `reqwest::Client`
/// (generated: it sets every credential).
pub type MakeClient = fn(&str, reqwest::Client) -> Result<Client, String>;

/// One runtime and one `reqwest::Client` for every case (each case has its own
/// server): making them per case took most of the run (TLS roots are read per
/// `reqwest::Client`). Idle connections are not kept, so none outlives its server.
fn shared() -> Result<&'static (tokio::runtime::Runtime, reqwest::Client), String> {
    static SHARED: std::sync::OnceLock<Result<(tokio::runtime::Runtime, reqwest::Client), String>> =
        std::sync::OnceLock::new();
    SHARED
        .get_or_init(|| {
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
                .map_err(|e| format!("no runtime: {e}"))?;
            let http = reqwest::Client::builder()
                .no_proxy()
                .pool_max_idle_per_host(0)
                .build()
                .map_err(|e| format!("no HTTP client: {e}"))?;
            Ok((runtime, http))
        })
        .as_ref()
        .map_err(Clone::clone)
}

/// Runs one case against a fresh local server.
pub fn run(case: &Case, ops: &[Op], client: MakeClient) -> Result<Passed, String> {
    let op = ops.get(case.op).ok_or_else(|| format!("case {} names no operation", case.name))?;
    let example: Value =
        serde_json::from_str(case.value).map_err(|e| format!("the example of {} is not JSON: {e}", case.name))?;
    let (runtime, http) = shared()?;
    runtime.block_on(run_async(case, op, &example, client, http.clone()))
}

async fn run_async(
    case: &Case,
    op: &Op,
    example: &Value,
    client: MakeClient,
    http: reqwest::Client,
) -> Result<Passed, String> {
    use wiremock::{matchers::any, Mock, MockServer, ResponseTemplate};
    if case.target == Target::Request {
        let essence = |m: &str| m.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
        match op.body_media_type {
            Some(sent) if essence(sent) == essence(case.media_type) => {}
            sent => {
                return Err(format!(
                    "the client sends this operation's body as {}, not as {}",
                    sent.unwrap_or("nothing"),
                    case.media_type
                ))
            }
        }
    }
    let server = MockServer::start().await;
    let (status, media_type, body) = match case.target {
        Target::Response => (case.status, case.media_type, served_body(case.media_type, example)),
        // The answer does not matter: the request is what is checked.
        Target::Request => (200, "application/json", b"{}".to_vec()),
    };
    Mock::given(any()).respond_with(ResponseTemplate::new(status).set_body_raw(body, media_type)).mount(&server).await;
    let input = match case.target {
        Target::Request => Input::for_op(op, Some(example.clone()))?,
        Target::Response => Input::for_op(op, None)?,
    };
    let client = client(&server.uri(), http)?;
    let outcome = (op.call)(&client, &input).await?;
    let requests = server.received_requests().await.unwrap_or_default();
    let [request] = requests.as_slice() else {
        return Err(match outcome {
            Outcome::Other(why) if requests.is_empty() => format!("no request was sent: {why}"),
            _ => format!("{} requests were sent, not one", requests.len()),
        });
    };
    if request.method.as_str() != op.method {
        return Err(format!("sent {} instead of {}", request.method, op.method));
    }
    if let Some(path) = op.expected_path {
        if request.url.path() != path {
            return Err(format!("sent to {} instead of {path}", request.url.path()));
        }
    }
    match case.target {
        Target::Request => {
            let content_type = request.headers.get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("");
            compare_request(case.media_type, example, content_type, &request.body)?;
            Ok(Passed::Sent)
        }
        Target::Response => match outcome {
            Outcome::Ok if (200..300).contains(&case.status) => Ok(Passed::Decoded),
            Outcome::Api(s) if s == case.status && !(200..300).contains(&case.status) => Ok(Passed::DecodedError),
            Outcome::Ok => Err(format!("a {} response was taken as success", case.status)),
            Outcome::Api(s) => Err(format!("a {s} response was taken as a documented error")),
            Outcome::Other(why) => Err(locate(&why, &example.to_string())),
        },
    }
}

/// Compares what the client sent with a request example.
pub fn compare_request(media_type: &str, example: &Value, content_type: &str, body: &[u8]) -> Result<(), String> {
    if is_json(media_type) {
        let sent: Value = serde_json::from_slice(body)
            .map_err(|e| format!("the body sent is not JSON ({e}): {}", String::from_utf8_lossy(body)))?;
        let differences: Vec<_> = crate::diff::differences(example, &sent)
            .into_iter()
            .filter(|d| !same_value(&d.expected, &d.actual))
            .collect();
        if differences.is_empty() {
            return Ok(());
        }
        return Err(format!(
            "the body sent differs from the example:\n{}",
            crate::diff::render(&differences, "body", "sent")
        ));
    }
    if media_type.starts_with("multipart/form-data") {
        let sent = multipart_parts(content_type, body)?;
        let expected = match example {
            Value::Object(m) => m.iter().map(|(k, v)| (k.clone(), texts(v))).filter(|(_, v)| !v.is_empty()).collect(),
            other => return Err(format!("a multipart example that is not an object: {other}")),
        };
        return if sent == expected {
            Ok(())
        } else {
            Err(format!("the parts sent differ from the example: sent {sent:?}, example {expected:?}"))
        };
    }
    let expected = content(example);
    if body == expected.as_slice() {
        Ok(())
    } else {
        Err(format!(
            "the body sent differs from the example: sent {:?}, example {:?}",
            String::from_utf8_lossy(body),
            String::from_utf8_lossy(&expected)
        ))
    }
}

/// The same scalar written differently: numbers of equal value (`1` and `1.0`), or
/// date-times of the same instant (`...00Z` and `...00.000Z`).
fn same_value(expected: &Option<Value>, actual: &Option<Value>) -> bool {
    match (expected, actual) {
        (Some(Value::Number(a)), Some(Value::Number(b))) => a.as_f64() == b.as_f64(),
        (Some(Value::String(a)), Some(Value::String(b))) => {
            match (chrono::DateTime::parse_from_rfc3339(a), chrono::DateTime::parse_from_rfc3339(b)) {
                (Ok(a), Ok(b)) => a == b,
                _ => false,
            }
        }
        _ => false,
    }
}

/// The texts a multipart field's example value is sent as (as the client's runtime
/// writes them: a string as it is, an array one part per item, else JSON).
fn texts(value: &Value) -> Vec<String> {
    match value {
        Value::Null => Vec::new(),
        Value::String(s) => vec![s.clone()],
        Value::Array(items) => items.iter().filter(|i| !i.is_null()).map(|i| texts(i).concat()).collect(),
        other => vec![other.to_string()],
    }
}

/// The parts of a `multipart/form-data` body: name -> contents (text, lossy), in order.
pub fn multipart_parts(
    content_type: &str,
    body: &[u8],
) -> Result<std::collections::BTreeMap<String, Vec<String>>, String> {
    let boundary = content_type
        .split(';')
        .find_map(|p| p.trim().strip_prefix("boundary="))
        .map(|b| b.trim_matches('"'))
        .ok_or_else(|| format!("no multipart boundary in `{content_type}`"))?;
    let text = String::from_utf8_lossy(body);
    let delimiter = format!("--{boundary}");
    let mut parts: std::collections::BTreeMap<String, Vec<String>> = Default::default();
    for chunk in text.split(delimiter.as_str()).skip(1) {
        if chunk.starts_with("--") {
            break;
        }
        let chunk = chunk.strip_prefix("\r\n").unwrap_or(chunk);
        let (head, content) = chunk.split_once("\r\n\r\n").ok_or("a part without headers")?;
        let name = head
            .split(';')
            .find_map(|p| p.trim().strip_prefix("name="))
            .map(|n| n.split("\r\n").next().unwrap_or(n).trim_matches('"').to_owned())
            .ok_or_else(|| format!("a part without a name: {head}"))?;
        let content = content.strip_suffix("\r\n").unwrap_or(content);
        parts.entry(name).or_default().push(content.to_owned());
    }
    Ok(parts)
}

/// The checked-in list of known spec defects: case name -> the reason it fails.
pub fn read_defects(path: &std::path::Path) -> Result<Map<String, Value>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let json: Value = serde_json::from_str(&text).map_err(|e| format!("{} is not JSON: {e}", path.display()))?;
    json.get("defects")
        .and_then(Value::as_object)
        .cloned()
        .ok_or_else(|| format!("{} has no `defects` object", path.display()))
}

/// A short class of a failure reason, for the counts: what serde or the harness said,
/// without the particulars.
pub fn reason_class(reason: &str) -> String {
    let classes = [
        ("missing field", "a required field is absent"),
        ("invalid type", "a value of another type than declared"),
        ("unknown variant", "a value the enum does not list"),
        ("invalid length", "an array or string of another length"),
        ("invalid value", "an invalid value"),
        ("data did not match any variant", "no branch of a union fits"),
        ("premature end", "an empty or truncated body"),
        ("expected value", "not JSON of the declared type"),
        ("input contains invalid characters", "an invalid date-time or uuid"),
        ("premature end of input", "an invalid date-time or uuid"),
        ("trailing input", "an invalid date-time or uuid"),
    ];
    for (needle, class) in classes {
        if reason.contains(needle) {
            return class.to_owned();
        }
    }
    if reason.contains("the body sent differs") || reason.contains("the parts sent differ") {
        return "the request sent is not the example".to_owned();
    }
    if reason.contains("the client sends this operation's body as") {
        return "a request example of a media type the client does not send".to_owned();
    }
    if reason.contains("the body has no") || reason.contains("does not fit its type") {
        return "the request example does not fit the request's inputs".to_owned();
    }
    "other".to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn inputs_are_read_by_location_and_wire_name() {
        let i = Input::new(json!({"path": {"id": "a"}, "body": {"n": "3", "roomId": "r", "text": "hi"}}));
        assert_eq!(i.param::<String>("path", "id").unwrap(), "a");
        assert!(i.param::<String>("query", "id").unwrap_err().contains("no query parameter `id`"));
        assert_eq!(i.param_opt::<String>("query", "id").unwrap(), None);
        assert!(i.field::<u32>("n").unwrap_err().contains("body field `n` does not fit its type"));
        assert_eq!(i.field_opt::<String>("text").unwrap().as_deref(), Some("hi"));
        assert!(i.field::<String>("missing").unwrap_err().contains("required"));
        let e: Value = i.exclusive(&["roomName", "roomId"]).unwrap();
        assert_eq!(e, json!({"roomId": "r"}));
        assert!(i.exclusive::<Value>(&["x"]).is_err());
    }

    #[test]
    fn serde_positions_become_pointers() {
        let text = r#"{"a":{"b":[1,{"c":"x,}"},"d"]},"e":true}"#;
        let at = |needle: &str| text.find(needle).unwrap() + 1;
        assert_eq!(pointer_at(text, at("\"x")).as_deref(), Some("/a/b/1/c"));
        assert_eq!(pointer_at(text, at("\"d\"")).as_deref(), Some("/a/b/2"));
        assert_eq!(pointer_at(text, at("true")).as_deref(), Some("/e"));
        let reason = format!("invalid type: boolean `true`, expected a string at line 1 column {}", at("true") + 3);
        assert_eq!(locate(&reason, text), "invalid type: boolean `true`, expected a string at /e");
        assert_eq!(locate("missing field `x`", text), "missing field `x`");
        // A struct read whole: the column is past it and its comma.
        let text = r#"[{"a":1},{"b":{"c":true}},{}]"#;
        let at = |needle: &str| text.find(needle).unwrap() + 1;
        let reason =
            format!("invalid type: boolean `true`, expected a string at `b.c` at line 1 column {}", at("},{}") + 1);
        assert_eq!(locate(&reason, text), "invalid type: boolean `true`, expected a string at `b.c` (in /1)");
        let reason = format!("missing field `x` at line 1 column {}", at("{}]") + 2);
        assert_eq!(locate(&reason, text), "missing field `x` at /2");
    }

    #[test]
    fn json_request_bodies_compare_as_values() {
        let ct = "application/json";
        compare_request(
            ct,
            &json!({"a": 1, "t": "2024-01-01T00:00:00.000Z"}),
            ct,
            br#"{"t":"2024-01-01T00:00:00Z","a":1.0}"#,
        )
        .unwrap();
        let err = compare_request(ct, &json!({"a": 1, "b": "x"}), ct, br#"{"a":1}"#).unwrap_err();
        assert!(err.contains("/b"), "{err}");
        assert!(compare_request(ct, &json!({"a": 1}), ct, br#"{"a":2}"#).is_err());
    }

    #[test]
    fn multipart_bodies_compare_part_by_part() {
        let ct = "multipart/form-data; boundary=XyZ";
        let body = b"--XyZ\r\nContent-Disposition: form-data; name=\"msg\"\r\n\r\nhello\r\n--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"file\"\r\nContent-Type: application/octet-stream\r\n\r\nbytes\r\n--XyZ\r\nContent-Disposition: form-data; name=\"tags\"\r\n\r\na\r\n--XyZ\r\nContent-Disposition: form-data; name=\"tags\"\r\n\r\nb\r\n--XyZ--\r\n";
        let mt = "multipart/form-data";
        compare_request(mt, &json!({"msg": "hello", "file": "bytes", "tags": ["a", "b"]}), ct, body).unwrap();
        assert!(compare_request(mt, &json!({"msg": "hello", "file": "bytes"}), ct, body).is_err());
    }

    #[test]
    fn response_examples_are_served_as_their_media_type_says() {
        assert_eq!(served_body("application/json", &json!("a")), b"\"a\"");
        assert_eq!(served_body("text/plain", &json!("a")), b"a");
        assert_eq!(served_body("application/vnd.x+json; charset=utf-8", &json!({"a": 1})), br#"{"a":1}"#);
    }
}
