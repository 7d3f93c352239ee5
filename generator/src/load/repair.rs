//! Named, local repairs of common defects in published documents. Each one is reported
//! where it happened; `--strict` turns each into an error.
//!
//! | code | defect | repair |
//! |---|---|---|
//! | `string-boolean` | `"true"`/`"false"` where OpenAPI wants a boolean | the boolean |
//! | `string-number` | `"10"` where OpenAPI wants a number | the number |
//! | `required-not-array` | `required: true` inside a property schema (Swagger 1 style) | moved to the parent's `required` list |
//! | `required-missing-property` | `required` names a property the schema does not define | the name is dropped |
//! | `example-type-mismatch` | an example value of the wrong JSON type (`"false"` for a boolean) | the value is converted |
//! | `missing-operation-id` | an operation without `operationId` | a stable name from method and path |
//! | `duplicate-operation-id` | two operations with one `operationId` | the later one gets a numeric suffix |
//! | `number-not-string` | `version: 1.0` (a YAML number) where OpenAPI wants a string | its text |
//! | `missing-description` | a response without its required `description` | an empty description |
//! | `missing-responses` | a 3.0 operation without its required `responses` | no documented response |
//! | `nonstandard-type` | `type: int`, `long`, `float`, `double`, `bool`, `str`, `Integer`... (a language's type name, a case variant) | the JSON Schema type, with the `format` the name implies when none is given (`long` -> `integer`/`int64`) |

use super::walk::{self, for_each_operation, for_each_parameter, for_each_schema};
use crate::diag::{child, Diagnostics};
use serde_json::{Map, Value};
use std::collections::HashSet;

const SCHEMA_BOOLS: [&str; 7] =
    ["nullable", "readOnly", "writeOnly", "deprecated", "uniqueItems", "exclusiveMinimum", "exclusiveMaximum"];
const SCHEMA_NUMBERS: [&str; 9] = [
    "minLength",
    "maxLength",
    "minItems",
    "maxItems",
    "minProperties",
    "maxProperties",
    "minimum",
    "maximum",
    "multipleOf",
];
const PARAMETER_BOOLS: [&str; 5] = ["required", "deprecated", "allowEmptyValue", "explode", "allowReserved"];

/// Applies every repair to the raw document.
pub fn repair(doc: &mut Value, diags: &mut Diagnostics) {
    repair_response_descriptions(doc, diags);
    for_each_parameter(doc, &mut |p, ptr| {
        for key in PARAMETER_BOOLS {
            coerce_bool(p, key, ptr, diags);
        }
    });
    for_each_operation(doc, &mut |op, ptr, method, path| {
        if !op.contains_key("responses") {
            diags.repair(
                "missing-responses",
                ptr.to_owned(),
                format!("`{} {path}` has no `responses`, which OpenAPI 3.0 requires; it was read as documenting no response", method.to_uppercase()),
                "add `responses` with the success status and its content, so the client can decode the result",
            );
            op.insert("responses".to_owned(), Value::Object(Map::new()));
        }
        coerce_bool(op, "deprecated", ptr, diags);
        if let Some(Value::Object(body)) = op.get_mut("requestBody") {
            coerce_bool(body, "required", &child(ptr, "requestBody"), diags);
        }
    });
    for_each_schema(doc, &mut |s, ptr| repair_schema(s, ptr, diags));
    repair_examples(doc, diags);
    repair_operation_ids(doc, diags);
}

/// `openapi: 3.0` and `version: 1.0` unquoted are YAML numbers; OpenAPI wants strings.
/// Runs before 3.1 normalisation, which rewrites `openapi`.
pub fn repair_version_strings(doc: &mut Value, diags: &mut Diagnostics) {
    for (parent, key) in [("", "openapi"), ("/info", "title"), ("/info", "version")] {
        let Some(Value::Object(obj)) = doc.pointer_mut(parent) else { continue };
        let Some(v @ (Value::Number(_) | Value::Bool(_))) = obj.get(key) else { continue };
        let text = v.to_string();
        diags.repair(
            "number-not-string",
            child(parent, key),
            format!("`{key}` is the {} {text}, but OpenAPI requires a string", if v.is_number() { "number" } else { "boolean" }),
            format!("quote it: `{key}: \"{text}\"` (a YAML number loses digits: 1.10 reads as 1.1); it was read as \"{text}\""),
        );
        obj.insert(key.to_owned(), Value::String(text));
    }
}

/// A response object must have a `description`; many published documents leave it out.
fn repair_response_descriptions(doc: &mut Value, diags: &mut Diagnostics) {
    let fix = |responses: &mut Map<String, Value>, base: &str, diags: &mut Diagnostics| {
        for (code, r) in responses.iter_mut() {
            let Value::Object(r) = r else { continue };
            if r.contains_key("description") || r.contains_key("$ref") || code.starts_with("x-") {
                continue;
            }
            diags.repair(
                "missing-description",
                child(base, code),
                format!("response `{code}` has no `description`, which OpenAPI requires"),
                "add a `description` saying what the response means; an empty one was used",
            );
            r.insert("description".to_owned(), Value::String(String::new()));
        }
    };
    if let Some(Value::Object(responses)) = doc.pointer_mut("/components/responses") {
        fix(responses, "/components/responses", diags);
    }
    for_each_operation(doc, &mut |op, ptr, _, _| {
        if let Some(Value::Object(responses)) = op.get_mut("responses") {
            fix(responses, &child(ptr, "responses"), diags);
        }
    });
}

fn bool_text(v: &Value) -> Option<bool> {
    match v.as_str()?.trim().to_ascii_lowercase().as_str() {
        "true" => Some(true),
        "false" => Some(false),
        _ => None,
    }
}

fn coerce_bool(obj: &mut Map<String, Value>, key: &str, ptr: &str, diags: &mut Diagnostics) {
    let Some(v) = obj.get(key) else { return };
    let Some(b) = bool_text(v) else { return };
    let raw = v.as_str().unwrap_or_default().to_owned();
    obj.insert(key.to_owned(), Value::Bool(b));
    diags.repair(
        "string-boolean",
        child(ptr, key),
        format!("`{key}` is the string \"{raw}\", but OpenAPI requires a boolean"),
        format!("write `\"{key}\": {b}` without quotes; it was read as {b}"),
    );
}

fn coerce_number(obj: &mut Map<String, Value>, key: &str, ptr: &str, diags: &mut Diagnostics) {
    let Some(Value::String(raw)) = obj.get(key) else { return };
    let raw = raw.clone();
    let parsed = raw
        .trim()
        .parse::<i64>()
        .map(Value::from)
        .ok()
        .or_else(|| raw.trim().parse::<f64>().ok().and_then(serde_json::Number::from_f64).map(Value::Number));
    let Some(n) = parsed else { return };
    diags.repair(
        "string-number",
        child(ptr, key),
        format!("`{key}` is the string \"{raw}\", but OpenAPI requires a number"),
        format!("write `\"{key}\": {n}` without quotes"),
    );
    obj.insert(key.to_owned(), n);
}

/// The JSON Schema type (and the format it implies) a type name seen in published
/// documents means: programming languages' names and case variants. Names not here
/// stay as written (lowering types them as any JSON value, with a warning).
fn standard_type(name: &str) -> Option<(&'static str, Option<&'static str>)> {
    Some(match name.trim().to_ascii_lowercase().as_str() {
        "int" | "int32" | "integer32" => ("integer", Some("int32")),
        "long" | "int64" | "integer64" => ("integer", Some("int64")),
        "integer" => ("integer", None),
        "float" => ("number", Some("float")),
        "double" => ("number", Some("double")),
        "number" | "decimal" => ("number", None),
        "bool" | "boolean" => ("boolean", None),
        "str" | "string" => ("string", None),
        "object" => ("object", None),
        "array" => ("array", None),
        _ => return None,
    })
}

/// `type: long` -> `type: integer, format: int64`; `type: Boolean` -> `type: boolean`.
fn repair_type(s: &mut Map<String, Value>, ptr: &str, diags: &mut Diagnostics) {
    let Some(Value::String(raw)) = s.get("type") else { return };
    let Some((typ, implied)) = standard_type(raw) else { return };
    if raw == typ {
        return;
    }
    let raw = raw.clone();
    s.insert("type".to_owned(), Value::String(typ.to_owned()));
    let format = match (implied, s.get("format")) {
        (Some(f), None) => {
            s.insert("format".to_owned(), Value::String(f.to_owned()));
            format!(", format: {f}")
        }
        _ => String::new(),
    };
    diags.repair(
        "nonstandard-type",
        child(ptr, "type"),
        format!("`type: {raw}` is not a JSON Schema type; it was read as `type: {typ}{format}`"),
        format!(
            "write `type: {typ}`{}",
            if format.is_empty() { String::new() } else { format!(" with `{}`", &format[2..]) }
        ),
    );
}

fn repair_schema(s: &mut Map<String, Value>, ptr: &str, diags: &mut Diagnostics) {
    if s.contains_key("$ref") {
        return;
    }
    repair_type(s, ptr, diags);
    for key in SCHEMA_BOOLS {
        coerce_bool(s, key, ptr, diags);
    }
    for key in SCHEMA_NUMBERS {
        coerce_number(s, key, ptr, diags);
    }
    let mut required: Vec<Value> = match s.get("required") {
        Some(Value::Array(list)) => list.clone(),
        Some(Value::String(one)) if bool_text(&Value::String(one.clone())).is_none() => {
            diags.repair(
                "required-not-array",
                child(ptr, "required"),
                format!("`required` is the string \"{one}\", but must be a list of property names"),
                format!("write `\"required\": [\"{one}\"]`"),
            );
            vec![Value::String(one.clone())]
        }
        Some(Value::Bool(_)) | Some(Value::String(_)) => {
            // A property-level `required: true` at the top of a schema has no parent to
            // move to; the parent case is handled below, before children are visited.
            diags.repair(
                "required-not-array",
                child(ptr, "required"),
                "`required` is a boolean here, but in a schema it must be a list of property names",
                "list the property in the `required` array of the object that contains it",
            );
            s.remove("required");
            Vec::new()
        }
        _ => return move_property_required(s, ptr, Vec::new(), diags),
    };
    let defined: Option<Vec<String>> = match s.get("properties") {
        Some(Value::Object(props))
            if !["allOf", "anyOf", "oneOf"].iter().any(|k| s.contains_key(*k))
                && !matches!(s.get("additionalProperties"), Some(Value::Bool(true)) | Some(Value::Object(_))) =>
        {
            Some(props.keys().cloned().collect())
        }
        _ => None,
    };
    if let Some(defined) = defined {
        let mut i = 0;
        required.retain(|name| {
            let keep = name.as_str().is_none_or(|n| defined.iter().any(|d| d == n));
            if !keep {
                let n = name.as_str().unwrap_or_default();
                let hint = closest(n, &defined).map(|c| format!("; did you mean `{c}`?")).unwrap_or_default();
                diags.repair(
                    "required-missing-property",
                    child(&child(ptr, "required"), &i.to_string()),
                    format!("`required` names `{n}`, but the schema has no property `{n}`{hint}"),
                    format!("add `{n}` to `properties` or remove it from `required`; it was ignored"),
                );
            }
            i += 1;
            keep
        });
    }
    move_property_required(s, ptr, required, diags);
}

/// Moves `required: true` from property schemas into the parent's `required` list.
fn move_property_required(s: &mut Map<String, Value>, ptr: &str, mut required: Vec<Value>, diags: &mut Diagnostics) {
    let had_list = s.contains_key("required");
    let mut changed = false;
    if let Some(Value::Object(props)) = s.get_mut("properties") {
        for (name, prop) in props.iter_mut() {
            let Some(prop) = prop.as_object_mut() else { continue };
            let flag = match prop.get("required") {
                Some(Value::Bool(b)) => *b,
                Some(v @ Value::String(_)) => match bool_text(v) {
                    Some(b) => b,
                    None => continue,
                },
                _ => continue,
            };
            prop.remove("required");
            changed = true;
            let prop_ptr = child(&child(ptr, "properties"), name);
            diags.repair(
                "required-not-array",
                child(&prop_ptr, "required"),
                format!(
                    "property `{name}` says `required: {flag}`, but `required` belongs in the parent object as a list"
                ),
                format!("remove it here and list `{name}` in the parent's `required` array"),
            );
            if flag && !required.iter().any(|r| r.as_str() == Some(name)) {
                required.push(Value::String(name.clone()));
            }
        }
    }
    if had_list || (changed && !required.is_empty()) {
        s.insert("required".to_owned(), Value::Array(required));
    }
}

/// The defined name nearest to `name` by shared prefix, if it shares a meaningful one.
fn closest<'a>(name: &str, defined: &'a [String]) -> Option<&'a str> {
    defined
        .iter()
        .map(|d| (d.chars().zip(name.chars()).take_while(|(a, b)| a == b).count(), d))
        .filter(|(n, _)| *n >= 3)
        .max_by_key(|(n, _)| *n)
        .map(|(_, d)| d.as_str())
}

/// Examples whose values contradict their schema's type (`"false"` for a boolean).
fn repair_examples(doc: &mut Value, diags: &mut Diagnostics) {
    let mut fixes: Vec<(String, Value, String, String)> = Vec::new();
    {
        let snapshot: &Value = doc;
        let mut media: Vec<(String, &Value)> = Vec::new();
        collect_media(snapshot, &mut media);
        for (ptr, m) in media {
            let Some(schema) = m.get("schema") else { continue };
            if let Some(ex) = m.get("example") {
                check_example(snapshot, schema, ex, &child(&ptr, "example"), 0, &mut fixes);
            }
            if let Some(Value::Object(examples)) = m.get("examples") {
                for (name, ex) in examples {
                    if let Some(v) = ex.get("value") {
                        let p = child(&child(&child(&ptr, "examples"), name), "value");
                        check_example(snapshot, schema, v, &p, 0, &mut fixes);
                    }
                }
            }
        }
    }
    for (ptr, value, message, help) in fixes {
        if let Some(slot) = doc.pointer_mut(&ptr) {
            *slot = value;
        }
        diags.repair("example-type-mismatch", ptr, message, help);
    }
}

fn collect_media<'a>(doc: &'a Value, out: &mut Vec<(String, &'a Value)>) {
    fn from_content<'a>(holder: &'a Value, ptr: &str, out: &mut Vec<(String, &'a Value)>) {
        if let Some(Value::Object(content)) = holder.get("content") {
            for (media, m) in content {
                out.push((child(&child(ptr, "content"), media), m));
            }
        }
    }
    if let Some(Value::Object(comps)) = doc.get("components") {
        for kind in ["responses", "requestBodies"] {
            if let Some(Value::Object(items)) = comps.get(kind) {
                for (name, r) in items {
                    from_content(r, &child(&child("/components", kind), name), out);
                }
            }
        }
    }
    let Some(Value::Object(paths)) = doc.get("paths") else { return };
    for (path, item) in paths {
        for method in walk::METHODS {
            let Some(op) = item.get(method) else { continue };
            let op_ptr = child(&child("/paths", path), method);
            if let Some(body) = op.get("requestBody") {
                from_content(body, &child(&op_ptr, "requestBody"), out);
            }
            if let Some(Value::Object(responses)) = op.get("responses") {
                for (code, r) in responses {
                    from_content(r, &child(&child(&op_ptr, "responses"), code), out);
                }
            }
        }
    }
}

fn resolve<'a>(doc: &'a Value, mut schema: &'a Value) -> &'a Value {
    for _ in 0..16 {
        match schema.get("$ref").and_then(Value::as_str).and_then(|r| r.strip_prefix('#')) {
            Some(p) => match walk::get(doc, p) {
                Some(target) => schema = target,
                None => return schema,
            },
            None => return schema,
        }
    }
    schema
}

fn check_example(
    doc: &Value,
    schema: &Value,
    ex: &Value,
    ptr: &str,
    depth: usize,
    fixes: &mut Vec<(String, Value, String, String)>,
) {
    if depth > 32 {
        return;
    }
    let schema = resolve(doc, schema);
    let ty = schema.get("type").and_then(Value::as_str);
    match (ty, ex) {
        (Some("boolean"), Value::String(s)) => {
            if let Some(b) = bool_text(ex) {
                fixes.push((
                    ptr.to_owned(),
                    Value::Bool(b),
                    format!("example value is the string \"{s}\", but the schema says boolean"),
                    format!("write `{b}` without quotes; the example was read as {b}"),
                ));
            }
        }
        (Some("integer" | "number"), Value::String(s)) => {
            if let Ok(n) = s.trim().parse::<i64>() {
                fixes.push((
                    ptr.to_owned(),
                    Value::from(n),
                    format!("example value is the string \"{s}\", but the schema says {}", ty.unwrap_or_default()),
                    format!("write `{n}` without quotes"),
                ));
            }
        }
        (_, Value::Object(fields)) => {
            if let Some(Value::Object(props)) = schema.get("properties") {
                for (name, v) in fields {
                    if let Some(p) = props.get(name) {
                        check_example(doc, p, v, &child(ptr, name), depth + 1, fixes);
                    }
                }
            }
        }
        (_, Value::Array(items)) => {
            if let Some(item_schema) = schema.get("items") {
                for (i, v) in items.iter().enumerate() {
                    check_example(doc, item_schema, v, &child(ptr, &i.to_string()), depth + 1, fixes);
                }
            }
        }
        _ => {}
    }
}

/// Every operation gets a unique operationId; missing ones are derived from method and
/// path (`get /users/{id}` -> `get-users-id`), duplicates get `-2`, `-3`, ...
fn repair_operation_ids(doc: &mut Value, diags: &mut Diagnostics) {
    // A new name must not take an id written later in the document.
    let mut written: HashSet<String> = HashSet::new();
    for_each_operation(doc, &mut |op, _, _, _| {
        if let Some(Value::String(id)) = op.get("operationId") {
            written.insert(id.clone());
        }
    });
    let mut taken: HashSet<String> = HashSet::new();
    for_each_operation(doc, &mut |op, ptr, method, path| {
        let id = match op.get("operationId") {
            Some(Value::String(id)) if !id.trim().is_empty() => id.clone(),
            _ => {
                let derived = derived_operation_id(method, path);
                diags.repair(
                    "missing-operation-id",
                    ptr.to_owned(),
                    format!("`{} {path}` has no operationId; it was named `{derived}`", method.to_uppercase()),
                    "give the operation an `operationId` so its method name is stable when paths change",
                );
                op.insert("operationId".to_owned(), Value::String(derived.clone()));
                derived
            }
        };
        if !taken.insert(id.clone()) {
            let renamed = (2..)
                .map(|n| format!("{id}-{n}"))
                .find(|c| !taken.contains(c) && !written.contains(c))
                .unwrap_or_default();
            taken.insert(renamed.clone());
            diags.repair(
                "duplicate-operation-id",
                child(ptr, "operationId"),
                format!("operationId `{id}` is used by an earlier operation; this one was renamed `{renamed}`"),
                "operationIds must be unique in a document; rename one of them",
            );
            op.insert("operationId".to_owned(), Value::String(renamed));
        }
    });
}

/// `get` + `/users/{id}/keys` -> `get-users-id-keys`.
pub fn derived_operation_id(method: &str, path: &str) -> String {
    let mut out = method.to_owned();
    for part in path.split(|c: char| !c.is_alphanumeric() && c != '.' && c != '_').filter(|p| !p.is_empty()) {
        out.push('-');
        out.push_str(part);
    }
    out
}
