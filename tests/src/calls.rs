//! What a generated calls module (`emit::example_tests`: one call per operation through
//! the client's own methods, one case per published example) runs on: the inputs of a
//! call, its outcome, the operation and case tables. Written once for any generated
//! client: it names the client as `crate::client` (this crate: the Rocket.Chat client;
//! `scripts/wire-check/driver`: the client of the document being checked, which
//! includes this file).

use crate::client::{Client, Error};
use serde::de::DeserializeOwned;
use serde_json::{json, Value};
use std::future::Future;
use std::pin::Pin;

/// What a generated call returns: the outcome, or why the inputs could not be made.
pub type Call<'a> = Pin<Box<dyn Future<Output = Result<Outcome, String>> + 'a>>;

/// An operation with examples (generated).
pub struct Op {
    /// The `Client` method.
    pub name: &'static str,
    pub method: &'static str,
    /// The path template.
    pub path: &'static str,
    /// The path the client requests with the minimal path parameters (`None`: not
    /// checked, a parameter's text would need encoding).
    pub expected_path: Option<&'static str>,
    /// The media type the client sends the body as, when there is a body.
    pub body_media_type: Option<&'static str>,
    /// The minimal inputs, as JSON: `{"path": {wire: value}, "query": .., "header": ..,
    /// "cookie": .., "body": ..}`.
    pub minimal: &'static str,
    /// Calls the method with the inputs of an [`Input`] and sends the request.
    pub call: for<'a> fn(&'a Client, &'a Input) -> Call<'a>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Target {
    Request,
    Response,
}

/// One published example (generated).
pub struct Case {
    /// `<method>/<status or "request">/<example name>`.
    pub name: &'static str,
    /// Index into the operations.
    pub op: usize,
    pub target: Target,
    /// The status a response example is served with.
    pub status: u16,
    pub media_type: &'static str,
    /// The example, as JSON.
    pub value: &'static str,
    /// `file#pointer` where the example is written.
    pub origin: &'static str,
}

/// What the client made of the response.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Decoded into the operation's success type.
    Ok,
    /// Decoded into the operation's documented error for this status.
    Api(u16),
    /// Anything else, said briefly.
    Other(String),
}

impl Outcome {
    pub fn of<T, E: std::fmt::Debug>(result: Result<T, Error<E>>) -> Outcome {
        match result {
            Ok(_) => Outcome::Ok,
            Err(Error::Api { status, .. }) => Outcome::Api(status),
            Err(Error::UnexpectedResponse { status, content_type, reason, .. }) => Outcome::Other(format!(
                "unexpected response {status} ({}): {reason}",
                content_type.as_deref().unwrap_or("no content type")
            )),
            Err(other) => Outcome::Other(other.to_string()),
        }
    }
}

/// The inputs of one call, by location and wire name (see [`Op::minimal`]).
pub struct Input {
    value: Value,
}

fn decode<T: DeserializeOwned>(value: &Value, what: &str) -> Result<T, String> {
    // Through text, as the client decodes: the types' decoders for `serde_json`'s
    // reader are the ones the client already has.
    let text = serde_json::to_vec(value).map_err(|e| e.to_string())?;
    serde_json::from_slice(&text).map_err(|e| {
        locate(&format!("{what} does not fit its type: {e}"), std::str::from_utf8(&text).unwrap_or_default())
    })
}

/// A file part's content: a string as its bytes, anything else as JSON text.
pub fn content(value: &Value) -> Vec<u8> {
    match value {
        Value::String(s) => s.clone().into_bytes(),
        other => other.to_string().into_bytes(),
    }
}

impl Input {
    pub fn new(value: Value) -> Input {
        Input { value }
    }

    /// The minimal inputs of `op`, with the body replaced by `body` when given.
    pub fn for_op(op: &Op, body: Option<Value>) -> Result<Input, String> {
        let mut value: Value =
            serde_json::from_str(op.minimal).map_err(|e| format!("minimal inputs of {}: {e}", op.name))?;
        if let (Some(body), Value::Object(m)) = (body, &mut value) {
            m.insert("body".to_owned(), body);
        }
        Ok(Input { value })
    }

    fn param_value(&self, location: &str, wire: &str) -> Option<&Value> {
        self.value.get(location)?.get(wire)
    }

    fn body_field(&self, wire: &str) -> Option<&Value> {
        self.value.get("body")?.as_object()?.get(wire)
    }

    pub fn param<T: DeserializeOwned>(&self, location: &str, wire: &str) -> Result<T, String> {
        let v = self.param_value(location, wire).ok_or_else(|| format!("no {location} parameter `{wire}`"))?;
        decode(v, &format!("{location} parameter `{wire}`"))
    }

    pub fn param_opt<T: DeserializeOwned>(&self, location: &str, wire: &str) -> Result<Option<T>, String> {
        self.param_value(location, wire).map(|v| decode(v, &format!("{location} parameter `{wire}`"))).transpose()
    }

    pub fn field<T: DeserializeOwned>(&self, wire: &str) -> Result<T, String> {
        let v = self.body_field(wire).ok_or_else(|| format!("the body has no `{wire}`, which is required"))?;
        decode(v, &format!("body field `{wire}`"))
    }

    pub fn field_opt<T: DeserializeOwned>(&self, wire: &str) -> Result<Option<T>, String> {
        self.body_field(wire).map(|v| decode(v, &format!("body field `{wire}`"))).transpose()
    }

    /// An "exactly one of" group: the first of `wires` the body has.
    pub fn exclusive<T: DeserializeOwned>(&self, wires: &[&str]) -> Result<T, String> {
        self.exclusive_opt(wires)?.ok_or_else(|| format!("the body has none of {wires:?}, one of which is required"))
    }

    pub fn exclusive_opt<T: DeserializeOwned>(&self, wires: &[&str]) -> Result<Option<T>, String> {
        let Some((wire, v)) = wires.iter().find_map(|w| self.body_field(w).map(|v| (*w, v))) else {
            return Ok(None);
        };
        decode(&json!({ wire: v }), &format!("body field `{wire}`")).map(Some)
    }

    pub fn body<T: DeserializeOwned>(&self) -> Result<T, String> {
        self.body_opt()?.ok_or_else(|| "no body, which is required".to_owned())
    }

    pub fn body_opt<T: DeserializeOwned>(&self) -> Result<Option<T>, String> {
        self.value.get("body").map(|v| decode(v, "the body")).transpose()
    }

    pub fn bytes(&self) -> Result<Vec<u8>, String> {
        self.bytes_opt()?.ok_or_else(|| "no body, which is required".to_owned())
    }

    pub fn bytes_opt(&self) -> Result<Option<Vec<u8>>, String> {
        Ok(self.value.get("body").map(content))
    }

    pub fn file(&self, wire: &str) -> Result<Vec<u8>, String> {
        self.file_opt(wire)?.ok_or_else(|| format!("the body has no file `{wire}`, which is required"))
    }

    pub fn file_opt(&self, wire: &str) -> Result<Option<Vec<u8>>, String> {
        Ok(self.body_field(wire).map(content))
    }

    pub fn files(&self, wire: &str) -> Result<Vec<Vec<u8>>, String> {
        self.files_opt(wire)?.ok_or_else(|| format!("the body has no files `{wire}`, which are required"))
    }

    pub fn files_opt(&self, wire: &str) -> Result<Option<Vec<Vec<u8>>>, String> {
        Ok(self.body_field(wire).map(|v| match v {
            Value::Array(items) => items.iter().map(content).collect(),
            one => vec![content(one)],
        }))
    }
}

/// `reason` (a serde message about `text`, compact JSON on one line) with the JSON
/// pointer of the value at its `line 1 column N` added, so a defect says where.
pub fn locate(reason: &str, text: &str) -> String {
    let Some((head, column)) = reason.rsplit_once(" at line 1 column ") else { return reason.to_owned() };
    let Ok(column) = column.trim().parse::<usize>() else { return reason.to_owned() };
    // serde's column is the last byte it read. A struct decoded through a parsed
    // `serde_json::Value` (the client's `runtime/de.rs`) is read whole, and the
    // separator after it, before it is judged: the value is the one before that byte.
    // Such a decoder says itself where inside the value the error is (`` at `a.b` ``).
    match pointer_at(text, column.saturating_sub(1)) {
        Some(pointer) if head.ends_with('`') && head.contains(" at `") => format!("{head} (in {pointer})"),
        Some(pointer) => format!("{head} at {pointer}"),
        None => reason.to_owned(),
    }
}

/// The JSON pointer of the innermost value around byte `column` (1-based, as serde
/// counts) of compact JSON `text`.
pub fn pointer_at(text: &str, column: usize) -> Option<String> {
    // Each open container: its pointer, and for an object the last key read.
    enum Frame {
        Object(Option<String>),
        Array(usize),
    }
    let bytes = text.as_bytes();
    let end = column.min(bytes.len());
    let mut stack: Vec<Frame> = Vec::new();
    let mut i = 0;
    let mut expecting_key = false;
    while i < end {
        match bytes[i] {
            b'{' => {
                stack.push(Frame::Object(None));
                expecting_key = true;
            }
            b'[' => stack.push(Frame::Array(0)),
            b'}' | b']' => {
                stack.pop();
            }
            b',' => match stack.last_mut() {
                Some(Frame::Array(n)) => *n += 1,
                Some(Frame::Object(_)) => expecting_key = true,
                None => {}
            },
            b'"' => {
                let start = i + 1;
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    if bytes[i] == b'\\' {
                        i += 1;
                    }
                    i += 1;
                }
                if expecting_key {
                    let key: String = serde_json::from_str(&text[start - 1..(i + 1).min(text.len())]).ok()?;
                    if let Some(Frame::Object(k)) = stack.last_mut() {
                        *k = Some(key);
                    }
                    expecting_key = false;
                }
            }
            _ => {}
        }
        i += 1;
    }
    let mut pointer = String::new();
    for frame in &stack {
        match frame {
            Frame::Object(Some(k)) => pointer.push_str(&format!("/{}", k.replace('~', "~0").replace('/', "~1"))),
            Frame::Object(None) => {}
            Frame::Array(n) => pointer.push_str(&format!("/{n}")),
        }
    }
    Some(if pointer.is_empty() { "the top".to_owned() } else { pointer })
}
