//! Domain types: the same thing (a user, a message, a room) described inline in many
//! places, each time a little differently. An overlay marks each such inline schema
//! with `x-type-name: Message`; every schema so marked, in any of the documents, is
//! then the one type `Message`, whose description is the union of theirs:
//!
//! - a property any of them declares is a field (nested inline objects and array items
//!   merged the same way, so no described field is lost);
//! - a property is required only if every one of them requires it;
//! - where two say different things about a property (`string` here, `object` there),
//!   the field holds any JSON value (so every response any of them describes still
//!   decodes) and a located `warning[type-name-conflict]` says where.
//!
//! The merge works on the documents as JSON, before any type is made, so the type is
//! the same whichever operation is lowered first.

use crate::diag::{child, Diagnostic};
use crate::load::Document;
use openapiv3::Schema;
use serde_json::{Map, Value};

/// The extension that names a domain type.
pub const EXTENSION: &str = "x-type-name";

/// One domain type: its name, the merged schema, and where it was first met.
pub struct DomainType {
    pub name: String,
    /// The document whose `$ref`s the merged schema's own come from (the first marked
    /// schema's).
    pub doc: usize,
    /// `file#pointer` of the first marked schema.
    pub origin: String,
    pub schema: Schema,
}

struct Found {
    doc: usize,
    pointer: String,
    value: Value,
}

/// Every marked schema in `docs`, merged by name (in the order first met).
pub fn collect(docs: &[Document]) -> (Vec<DomainType>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let mut by_name: Vec<(String, Vec<Found>)> = Vec::new();
    for (i, d) in docs.iter().enumerate() {
        // The document after overlays, as JSON: where the marks are.
        let Ok(json) = serde_json::to_value(&d.api) else { continue };
        let mut found = Vec::new();
        find_marked(&json, "", &mut found);
        for (pointer, name, value) in found {
            let warn = |msg: String, help: &str| {
                Diagnostic::warning("type-name", pointer.clone(), msg)
                    .with_help(help.to_owned())
                    .in_file(d.name.clone())
            };
            let Some(name) = name.as_str().filter(|n| is_type_name(n)) else {
                diags.push(warn(
                    format!("`{EXTENSION}: {name}` is not a Rust type name; the schema is typed as if unmarked"),
                    "use an UpperCamelCase name such as `Message`",
                ));
                continue;
            };
            if value.get("$ref").is_some() {
                diags.push(warn(
                    format!("`{EXTENSION}` beside a `$ref` names nothing; the referenced type is used"),
                    "put the mark on an inline schema, or name the component instead",
                ));
                continue;
            }
            let at = match by_name.iter().position(|(n, _)| n == name) {
                Some(at) => at,
                None => {
                    by_name.push((name.to_owned(), Vec::new()));
                    by_name.len() - 1
                }
            };
            by_name[at].1.push(Found { doc: i, pointer, value });
        }
    }
    let mut out = Vec::new();
    for (name, found) in by_name {
        let Some(first) = found.first() else { continue };
        let mut merged = first.value.clone();
        if let Value::Object(m) = &mut merged {
            m.remove(EXTENSION);
        }
        for f in &found[1..] {
            let file = &docs[f.doc].name;
            merge(&mut merged, &f.value, &f.pointer, &mut |pointer, msg| {
                diags.push(
                    Diagnostic::warning("type-name-conflict", pointer, msg)
                        .with_help(format!(
                            "make the schemas marked `{EXTENSION}: {name}` agree, or mark them with different names"
                        ))
                        .in_file(file.clone()),
                );
            });
        }
        if let (Value::Object(m), n @ 2..) = (&mut merged, found.len()) {
            let note = format!("One type for the {n} schemas marked `{EXTENSION}: {name}`; their fields united.");
            let description = match m.get("description").and_then(Value::as_str) {
                Some(d) => format!("{d}\n\n{note}"),
                None => note,
            };
            m.insert("description".into(), Value::String(description));
        }
        match serde_json::from_value::<Schema>(merged) {
            Ok(schema) => out.push(DomainType {
                origin: format!("{}#{}", docs[first.doc].name, first.pointer),
                doc: first.doc,
                name,
                schema,
            }),
            // The parts were schemas, and merging keeps the shape of one.
            Err(e) => diags.push(
                Diagnostic::warning(
                    "type-name",
                    first.pointer.clone(),
                    format!(
                        "the schemas named `{name}` do not merge into one schema ({e}); each is typed as if unmarked"
                    ),
                )
                .in_file(docs[first.doc].name.clone()),
            ),
        }
    }
    (out, diags)
}

/// Whether `name` can be a type's name as written: ASCII, UpperCamelCase.
fn is_type_name(name: &str) -> bool {
    name.chars().next().is_some_and(|c| c.is_ascii_uppercase()) && name.chars().all(|c| c.is_ascii_alphanumeric())
}

/// The mark's name of a schema (`x-type-name`), if it has one.
pub fn mark(schema: &Schema) -> Option<&str> {
    schema.schema_data.extensions.get(EXTENSION)?.as_str()
}

fn find_marked(v: &Value, pointer: &str, out: &mut Vec<(String, Value, Value)>) {
    match v {
        Value::Object(m) => {
            if let Some(name) = m.get(EXTENSION) {
                out.push((pointer.to_owned(), name.clone(), v.clone()));
            }
            for (k, x) in m {
                find_marked(x, &child(pointer, k), out);
            }
        }
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                find_marked(x, &child(pointer, &i.to_string()), out);
            }
        }
        _ => {}
    }
}

/// Merges schema `b` (at `pointer`) into `a`: properties united, required intersected,
/// nested inline objects and array items merged alike; a disagreement keeps `a`'s.
fn merge(a: &mut Value, b: &Value, pointer: &str, conflict: &mut dyn FnMut(String, String)) {
    merge_at(a, b, pointer, true, conflict);
}

/// A schema that says nothing: any JSON value.
fn any_value(was: &Value) -> Value {
    let mut m = Map::new();
    if let Some(d) = was.get("description") {
        m.insert("description".into(), d.clone());
    }
    Value::Object(m)
}

fn merge_at(a_value: &mut Value, b: &Value, pointer: &str, top: bool, conflict: &mut dyn FnMut(String, String)) {
    // Below the marked schema, a disagreement makes the property any JSON value, so
    // every response any of them describes still decodes; the marked schemas
    // themselves must agree on being objects (the first is kept).
    let settle = |a_value: &mut Value, what: String, conflict: &mut dyn FnMut(String, String)| {
        if top {
            conflict(pointer.to_owned(), format!("{what}; the first is kept"));
        } else {
            conflict(pointer.to_owned(), format!("{what}; the field holds any JSON value"));
            *a_value = any_value(a_value);
        }
    };
    if a_value.as_object().is_some_and(Map::is_empty) {
        // Already any JSON value.
        return;
    }
    let (Some(a), Some(b)) = (a_value.as_object(), b.as_object()) else { return };
    if a.contains_key("$ref") || b.contains_key("$ref") {
        if a.get("$ref") != b.get("$ref") {
            settle(a_value, "a `$ref` here and a different schema where first met".to_owned(), conflict);
        }
        return;
    }
    if let (Some(ta), Some(tb)) = (a.get("type"), b.get("type")) {
        if ta != tb {
            let what = format!("`type: {tb}` here, `type: {ta}` where first met");
            settle(a_value, what, conflict);
            return;
        }
    }
    let Value::Object(a) = a_value else { return };
    if a.get("type").is_none() {
        if let Some(t) = b.get("type") {
            a.insert("type".into(), t.clone());
        }
    }
    let required = intersect(a.get("required"), b.get("required"));
    if let Some(Value::Object(pb)) = b.get("properties") {
        let pa = a.entry("properties").or_insert_with(|| Value::Object(Map::new()));
        if let Value::Object(pa) = pa {
            let props = child(pointer, "properties");
            for (k, vb) in pb {
                match pa.get_mut(k) {
                    Some(va) => merge_at(va, vb, &child(&props, k), false, conflict),
                    None => {
                        pa.insert(k.clone(), vb.clone());
                    }
                }
            }
        }
    }
    if let (Some(ia), Some(ib)) = (a.get_mut("items"), b.get("items")) {
        merge_at(ia, ib, &child(pointer, "items"), false, conflict);
    }
    for key in ["description", "items", "additionalProperties"] {
        if !a.contains_key(key) {
            if let Some(v) = b.get(key) {
                a.insert(key.into(), v.clone());
            }
        }
    }
    if required.is_empty() {
        a.remove("required");
    } else {
        a.insert("required".into(), Value::Array(required));
    }
}

/// The properties both require: a response described once without a field may lack it.
fn intersect(ra: Option<&Value>, rb: Option<&Value>) -> Vec<Value> {
    let list = |r: Option<&Value>| -> Vec<Value> { r.and_then(Value::as_array).cloned().unwrap_or_default() };
    let rb = list(rb);
    list(ra).into_iter().filter(|k| rb.contains(k)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn merged(a: Value, b: Value) -> (Value, Vec<String>) {
        let mut a = a;
        let mut notes = Vec::new();
        merge(&mut a, &b, "/b", &mut |p, m| notes.push(format!("{p}: {m}")));
        (a, notes)
    }

    #[test]
    fn properties_unite_and_required_intersects() {
        let (m, notes) = merged(
            json!({"type": "object", "required": ["_id", "msg"], "properties": {"_id": {"type": "string"}, "msg": {"type": "string"},
                   "u": {"type": "object", "properties": {"_id": {"type": "string"}}}}}),
            json!({"type": "object", "required": ["_id", "ts"], "properties": {"_id": {"type": "string"}, "ts": {"type": "string"},
                   "msg": {"type": "string"}, "u": {"type": "object", "properties": {"username": {"type": "string"}}}}}),
        );
        assert!(notes.is_empty(), "{notes:?}");
        let props: Vec<&String> = m["properties"].as_object().map(|o| o.keys().collect()).unwrap_or_default();
        assert_eq!(props, ["_id", "msg", "u", "ts"]);
        // `msg` is optional in the second, `ts` unknown to the first: only `_id` is sure.
        assert_eq!(m["required"], json!(["_id"]));
        let nested: Vec<&String> =
            m["properties"]["u"]["properties"].as_object().map(|o| o.keys().collect()).unwrap_or_default();
        assert_eq!(nested, ["_id", "username"]);
    }

    #[test]
    fn a_disagreement_is_any_json_and_says_where() {
        let (m, notes) = merged(
            json!({"type": "object", "properties": {"ts": {"type": "string"}}}),
            json!({"type": "object", "properties": {"ts": {"type": "object", "properties": {"$date": {"type": "integer"}}}}}),
        );
        assert_eq!(m["properties"]["ts"], json!({}), "any JSON value");
        assert_eq!(notes.len(), 1);
        assert!(notes[0].starts_with("/b/properties/ts: "), "{notes:?}");
    }

    #[test]
    fn type_names_are_checked() {
        assert!(is_type_name("Message"));
        assert!(!is_type_name("message"));
        assert!(!is_type_name("Chat Message"));
        assert!(!is_type_name(""));
    }
}
