//! Versions: OpenAPI 3.0 passes through; 3.1 is rewritten into the 3.0 shapes the IR
//! needs (each rewrite a located note); Swagger 2.0 and unknown versions are refused.

use super::walk::for_each_schema;
use crate::diag::{child, Diagnostic, Diagnostics};
use serde_json::{Map, Value};

/// Which OpenAPI version a document declares.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Version {
    V30,
    V31,
}

/// Reads `openapi` (or `swagger`) and refuses what the generator cannot read.
pub fn version(doc: &Value) -> Result<Version, Diagnostic> {
    let Some(root) = doc.as_object() else {
        return Err(Diagnostic::error("not-an-object", "", format!("the document is {}, not an object", kind_of(doc)))
            .with_help("an OpenAPI document is a JSON object / YAML mapping with `openapi`, `info` and `paths`"));
    };
    if let Some(v) = root.get("swagger") {
        let found = v.as_str().map(str::to_owned).unwrap_or_else(|| v.to_string());
        return Err(Diagnostic::error(
            "unsupported-version",
            "/swagger",
            format!("Swagger {found} is not supported; the generator reads OpenAPI 3.0 and 3.1"),
        )
        .with_help(
            "convert the document to OpenAPI 3 first (e.g. with swagger2openapi or the Swagger Editor's converter)",
        ));
    }
    let Some(v) = root.get("openapi") else {
        return Err(Diagnostic::error("missing-version", "", "the document has no `openapi` version field")
            .with_help("add `openapi: 3.0.3` (or 3.1.0) at the top level"));
    };
    let text = v.as_str().map(str::to_owned).unwrap_or_else(|| v.to_string());
    if text.starts_with("3.0") {
        Ok(Version::V30)
    } else if text.starts_with("3.1") {
        Ok(Version::V31)
    } else {
        Err(Diagnostic::error(
            "unsupported-version",
            "/openapi",
            format!("OpenAPI version `{text}` is not supported; the generator reads 3.0.x and 3.1.x"),
        )
        .with_help("set `openapi` to a 3.0.x or 3.1.x version the document actually follows"))
    }
}

fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Rewrites a 3.1 document into 3.0 form.
pub fn normalize_31(doc: &mut Value, diags: &mut Diagnostics) {
    let Some(root) = doc.as_object_mut() else { return };
    root.insert("openapi".into(), Value::String("3.0.3".into()));
    if root.remove("webhooks").is_some() {
        diags.push(Diagnostic::note(
            "webhooks-ignored",
            "/webhooks",
            "`webhooks` describe requests the API sends, not calls a client makes; they were ignored",
        ));
    }
    root.remove("jsonSchemaDialect");
    if !root.contains_key("paths") {
        root.insert("paths".into(), Value::Object(Map::new()));
    }
    if let Some(Value::Object(comps)) = root.get_mut("components") {
        if comps.remove("pathItems").is_some() {
            diags.push(Diagnostic::note(
                "path-items-ignored",
                "/components/pathItems",
                "`components.pathItems` are not used by the generator",
            ));
        }
    }
    for_each_schema(doc, &mut |s, ptr| normalize_schema_31(s, ptr, diags));
}

fn normalize_schema_31(s: &mut Map<String, Value>, ptr: &str, diags: &mut Diagnostics) {
    if s.contains_key("$ref") && s.len() > 1 {
        let siblings: Vec<String> = s.keys().filter(|k| *k != "$ref").cloned().collect();
        let reference = s.remove("$ref").unwrap_or(Value::Null);
        let mut r = Map::new();
        r.insert("$ref".into(), reference);
        s.insert("allOf".into(), Value::Array(vec![Value::Object(r)]));
        diags.push(Diagnostic::note(
            "ref-siblings",
            ptr.to_owned(),
            format!("`$ref` has sibling keywords ({}); read as `allOf: [$ref]` with them", siblings.join(", ")),
        ));
    }
    if let Some(Value::Array(types)) = s.get("type").cloned() {
        let non_null: Vec<Value> = types.iter().filter(|t| t.as_str() != Some("null")).cloned().collect();
        if non_null.len() < types.len() {
            s.insert("nullable".into(), Value::Bool(true));
        }
        match non_null.as_slice() {
            [] => {
                s.remove("type");
            }
            [one] => {
                s.insert("type".into(), one.clone());
            }
            many => {
                s.remove("type");
                let any: Vec<Value> = many.iter().map(|t| serde_json::json!({ "type": t })).collect();
                s.insert("anyOf".into(), Value::Array(any));
            }
        }
    } else if s.get("type").and_then(Value::as_str) == Some("null") {
        s.remove("type");
        s.insert("nullable".into(), Value::Bool(true));
    }
    if let Some(Value::Array(examples)) = s.remove("examples") {
        if let Some(first) = examples.into_iter().next() {
            s.entry("example").or_insert(first);
        }
    }
    if let Some(c) = s.remove("const") {
        s.insert("enum".into(), Value::Array(vec![c]));
    }
    for (bound, flag) in [("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum")] {
        if let Some(n @ Value::Number(_)) = s.get(bound).cloned() {
            s.insert(flag.into(), n);
            s.insert(bound.into(), Value::Bool(true));
        }
    }
    if let Some(Value::Array(_)) = s.remove("prefixItems") {
        diags.push(Diagnostic::note(
            "prefix-items",
            child(ptr, "prefixItems"),
            "`prefixItems` (tuples) are read as plain arrays",
        ));
    }
}

/// Integer bounds outside i64 (common for `uint64`) cannot be represented by the
/// OpenAPI model; they carry no information a Rust integer type does not, so they go.
/// (Bounds of `number` schemas are `f64` and stay.)
pub fn clamp_integer_bounds(doc: &mut Value, diags: &mut Diagnostics) {
    for_each_schema(doc, &mut |s, ptr| {
        // Only integer bounds are `i64` in the model; number bounds are `f64`.
        if s.get("type").and_then(Value::as_str) != Some("integer") {
            return;
        }
        for key in ["minimum", "maximum"] {
            let out_of_range = matches!(s.get(key), Some(Value::Number(n)) if n.as_i64().is_none() && n.as_f64().is_some_and(|f| f.fract() == 0.0 && f.abs() > 9.2e18) || n.as_u64().is_some_and(|u| u > i64::MAX as u64));
            if out_of_range {
                s.remove(key);
                diags.push(Diagnostic::note(
                    "integer-out-of-range",
                    child(ptr, key),
                    format!("`{key}` is outside the 64-bit signed range; it was dropped and the Rust type carries the bound"),
                ));
            }
        }
    });
}
