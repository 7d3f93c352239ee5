//! Versions: OpenAPI 3.0 passes through; 3.1 is rewritten into the 3.0 shapes the IR
//! needs (each rewrite a located note); Swagger 2.0 is converted before
//! ([`super::swagger2`]); other versions are refused.

use super::walk::{for_each_operation, for_each_schema};
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
            format!("Swagger {found} is not supported; the generator reads Swagger 2.0, OpenAPI 3.0 and 3.1"),
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
    mutual_tls(doc, diags);
    let Some(root) = doc.as_object_mut() else { return };
    if !root.contains_key("paths") {
        root.insert("paths".into(), Value::Object(Map::new()));
    }
    // 3.1 made `responses` optional: an operation without is one with no documented
    // response (3.0 requires it: there the omission is a repair).
    for_each_operation(doc, &mut |op, _, _, _| {
        op.entry("responses").or_insert_with(|| Value::Object(Map::new()));
    });
    for_each_schema(doc, &mut |s, ptr| normalize_schema_31(s, ptr, diags));
}

/// 3.1's `mutualTLS` security schemes: the credential is a client certificate, which
/// the TLS layer presents, not a value the client puts in requests. Each is removed
/// with a located warning (3.0 has no such type), and so are the requirements naming
/// it: from the client's side they ask for nothing it sends.
fn mutual_tls(doc: &mut Value, diags: &mut Diagnostics) {
    let Some(Value::Object(schemes)) = doc.pointer_mut("/components/securitySchemes") else { return };
    let names: Vec<String> = schemes
        .iter()
        .filter(|(_, s)| s.get("type").and_then(Value::as_str) == Some("mutualTLS"))
        .map(|(k, _)| k.clone())
        .collect();
    for name in &names {
        schemes.shift_remove(name);
        diags.push(
            Diagnostic::warning(
                "security-scheme",
                crate::diag::child("/components/securitySchemes", name),
                format!("security scheme `{name}` is mutual TLS: the client presents no certificate by itself, and requests that require it are sent without one"),
            )
            .with_help("give the client a `reqwest::Client` with the certificate (`Client::with_http_client`, `reqwest::Identity`)"),
        );
    }
    if names.is_empty() {
        return;
    }
    let drop_names = |reqs: &mut Value| {
        if let Value::Array(reqs) = reqs {
            for r in reqs.iter_mut().filter_map(Value::as_object_mut) {
                r.retain(|k, _| !names.contains(k));
            }
        }
    };
    if let Some(reqs) = doc.get_mut("security") {
        drop_names(reqs);
    }
    for_each_operation(doc, &mut |op, _, _, _| {
        if let Some(reqs) = op.get_mut("security") {
            drop_names(reqs);
        }
    });
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

/// Numeric keywords the OpenAPI model holds in 64-bit integers: integer schemas
/// `minimum`, `maximum`, `multipleOf` and `enum` (`i64`), and every schema's length and
/// count limits (`u64`). A number such as `-9223372036854776000` (read as a float, as
/// JSON and YAML give it) or `1.0e30` does not fit; what it says either a Rust type
/// already carries (bounds beyond `i64`, limits beyond any length) or is a defect
/// (a negative length). Each is dropped with a located note or repair. Integral floats
/// in range (`3.0`) are the same number and are read as integers. (Bounds of `number`
/// schemas are `f64` and stay.)
pub fn clamp_numeric_keywords(doc: &mut Value, diags: &mut Diagnostics) {
    for_each_schema(doc, &mut |s, ptr| {
        for key in ["minLength", "maxLength", "minItems", "maxItems", "minProperties", "maxProperties"] {
            clamp_limit(s, ptr, key, diags);
        }
        if s.get("type").and_then(Value::as_str) != Some("integer") {
            return;
        }
        for key in ["minimum", "maximum", "multipleOf"] {
            clamp_integer(s, ptr, key, diags);
        }
        clamp_integer_enum(s, ptr, diags);
    });
}

/// `n` as an `i64` if it is exactly one: an integer, or an integral float in range.
fn exact_i64(n: &serde_json::Number) -> Option<i64> {
    n.as_i64().or_else(|| {
        let f = n.as_f64()?;
        // `i64::MAX as f64` rounds up to 2^63, which is out of range: the bound is exclusive.
        (f.fract() == 0.0 && f >= i64::MIN as f64 && f < i64::MAX as f64).then_some(f as i64)
    })
}

fn clamp_integer(s: &mut Map<String, Value>, ptr: &str, key: &str, diags: &mut Diagnostics) {
    let Some(Value::Number(n)) = s.get(key) else { return };
    if n.is_i64() {
        return;
    }
    if let Some(i) = exact_i64(n) {
        s.insert(key.into(), Value::Number(i.into()));
        return;
    }
    let f = n.as_f64().unwrap_or_default();
    if f.fract() != 0.0 && f.abs() < 9.2e18 {
        // A fractional bound on an integer is read by lowering like any other schema.
        return;
    }
    s.remove(key);
    let why = if key == "multipleOf" {
        "no 64-bit integer but 0 is a multiple of it"
    } else {
        "the Rust type carries the bound"
    };
    diags.push(Diagnostic::note(
        "integer-out-of-range",
        child(ptr, key),
        format!("`{key}` is outside the 64-bit signed range; it was dropped ({why})"),
    ));
}

fn clamp_integer_enum(s: &mut Map<String, Value>, ptr: &str, diags: &mut Diagnostics) {
    let Some(Value::Array(values)) = s.get_mut("enum") else { return };
    let enum_ptr = child(ptr, "enum");
    let mut index = 0;
    values.retain_mut(|v| {
        let at = child(&enum_ptr, &index.to_string());
        index += 1;
        let Value::Number(n) = v else { return true };
        if let Some(exact) = exact_i64(n) {
            *v = Value::Number(exact.into());
            return true;
        }
        if n.as_f64().is_some_and(|f| f.fract() != 0.0 && f.abs() < 9.2e18) {
            return true;
        }
        diags.repair(
            "enum-value-out-of-range",
            at,
            format!("the enum value `{n}` is outside the 64-bit signed range of an integer; it is left out"),
            "use `type: number` or `type: string` for values beyond 64 bits",
        );
        false
    });
}

fn clamp_limit(s: &mut Map<String, Value>, ptr: &str, key: &str, diags: &mut Diagnostics) {
    let Some(Value::Number(n)) = s.get(key) else { return };
    if n.is_u64() {
        return;
    }
    let f = n.as_f64().unwrap_or_default();
    if f.fract() == 0.0 && (0.0..u64::MAX as f64).contains(&f) {
        s.insert(key.into(), Value::Number((f as u64).into()));
        return;
    }
    let shown = n.to_string();
    s.remove(key);
    if f > 0.0 && f.fract() == 0.0 {
        diags.push(Diagnostic::note(
            "integer-out-of-range",
            child(ptr, key),
            format!("`{key}` is {shown}, beyond any length a 64-bit machine holds; it was dropped (no limit)"),
        ));
        return;
    }
    diags.repair(
        "invalid-limit",
        child(ptr, key),
        format!("`{key}` is {shown}, but it must be a non-negative integer; it was dropped (no limit)"),
        format!("write `{key}` as a whole number of 0 or more, or leave it out"),
    );
}
