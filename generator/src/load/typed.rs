//! The repaired `Value` into `openapiv3::OpenAPI`. A part that still does not fit the
//! OpenAPI model is replaced by the most local fallback (a schema becomes "any JSON",
//! a broken parameter or operation is left out), each a located warning, then the
//! document is read again. Only a document whose top level is unusable is an error.

use crate::diag::{segments, Diagnostic, Diagnostics};
use openapiv3::OpenAPI;
use serde_json::{Map, Value};
use serde_path_to_error::Segment;

/// Upper bound on fallbacks per document: enough for any real document, and a guarantee
/// that a pathological one ends.
const MAX_FALLBACKS: usize = 500;

pub fn to_openapi(mut doc: Value, diags: &mut Diagnostics) -> Result<OpenAPI, Diagnostic> {
    for _ in 0..MAX_FALLBACKS {
        let err = match serde_path_to_error::deserialize::<_, OpenAPI>(&doc) {
            Ok(api) => return Ok(api),
            Err(e) => e,
        };
        let pointer = to_pointer(err.path());
        let message = clean(&err.inner().to_string());
        match fall_back(&mut doc, &pointer) {
            Some((code, at, what)) => {
                diags.push(Diagnostic::warning(code, at, format!("{what}: {message}")).with_help(
                    "fix this part of the document to get a typed result; the rest of the document is unaffected",
                ))
            }
            None => {
                return Err(Diagnostic::error(
                    "invalid-document",
                    pointer,
                    format!("the document does not fit the OpenAPI model: {message}"),
                )
                .with_help("check this field against the OpenAPI 3.0 specification"));
            }
        }
    }
    Err(Diagnostic::error(
        "invalid-document",
        "",
        format!("more than {MAX_FALLBACKS} parts of the document do not fit the OpenAPI model"),
    )
    .with_help("is this really an OpenAPI 3 document?"))
}

fn clean(msg: &str) -> String {
    msg.replace(
        "data did not match any variant of untagged enum ReferenceOr",
        "neither a valid `$ref` nor a valid definition",
    )
}

fn to_pointer(path: &serde_path_to_error::Path) -> String {
    let mut out = String::new();
    for seg in path.iter() {
        match seg {
            Segment::Seq { index } => out = crate::diag::child(&out, &index.to_string()),
            Segment::Map { key } => out = crate::diag::child(&out, key),
            Segment::Enum { .. } | Segment::Unknown => {}
        }
    }
    out
}

/// What kind of node a path names, judged from its last steps.
fn is_schema_position(segs: &[String]) -> bool {
    let n = segs.len();
    let last = segs.last().map(String::as_str);
    let parent = if n >= 2 { segs[n - 2].as_str() } else { "" };
    let grand = if n >= 3 { segs[n - 3].as_str() } else { "" };
    matches!(last, Some("schema" | "items" | "additionalProperties" | "not"))
        || parent == "properties"
        || matches!(parent, "allOf" | "anyOf" | "oneOf")
        || (grand == "components" && parent == "schemas")
}

/// Replaces or removes the innermost replaceable node at or above `pointer`.
fn fall_back(doc: &mut Value, pointer: &str) -> Option<(&'static str, String, &'static str)> {
    let segs = segments(pointer);
    for len in (1..=segs.len()).rev() {
        let here = &segs[..len];
        let ptr = join(here);
        // `schemas:` with nothing after it (YAML null) where a section was meant.
        if len >= 2 && doc.pointer(&ptr).is_some_and(Value::is_null) {
            remove(doc, &ptr)?;
            return Some(("null-value", ptr, "this field is empty (null) and is left out"));
        }
        let parent = if len >= 2 { here[len - 2].as_str() } else { "" };
        let last = here[len - 1].as_str();
        if is_schema_position(here) {
            let mut any = Map::new();
            if let Some(d) = doc.pointer(&ptr).and_then(|v| v.get("description")).filter(|d| d.is_string()) {
                any.insert("description".into(), d.clone());
            }
            *doc.pointer_mut(&ptr)? = Value::Object(any);
            return Some((
                "invalid-schema",
                ptr,
                "schema does not fit the OpenAPI model and is read as any JSON value",
            ));
        }
        let removable = parent == "parameters"
            || (len == 3 && here[0] == "paths" && crate::load::walk::METHODS.contains(&last))
            || (len == 2 && here[0] == "paths")
            || parent == "examples"
            || parent == "headers"
            || parent == "links"
            || parent == "callbacks"
            || parent == "encoding"
            || (len == 3 && here[0] == "components")
            || (len == 1 && matches!(last, "servers" | "tags" | "externalDocs" | "security"))
            || (len == 2 && here[0] == "components" && last != "schemas");
        if removable {
            remove(doc, &ptr)?;
            let what = match (parent, len) {
                ("parameters", _) => "parameter is left out",
                (_, 3) if here[0] == "paths" => "operation is left out",
                (_, 2) if here[0] == "paths" => "path is left out",
                _ => "this part is left out",
            };
            return Some(("invalid-part", ptr, what));
        }
    }
    None
}

fn join(segs: &[String]) -> String {
    segs.iter().fold(String::new(), |acc, s| crate::diag::child(&acc, s))
}

fn remove(doc: &mut Value, ptr: &str) -> Option<()> {
    let (parent, last) = ptr.rsplit_once('/')?;
    let last = last.replace("~1", "/").replace("~0", "~");
    match doc.pointer_mut(parent)? {
        Value::Object(m) => m.shift_remove(&last).map(|_| ()),
        Value::Array(a) => {
            let i: usize = last.parse().ok()?;
            (i < a.len()).then(|| {
                a.remove(i);
            })
        }
        _ => None,
    }
}
