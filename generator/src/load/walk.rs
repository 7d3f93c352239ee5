//! Visiting the parts of a raw document (`serde_json::Value`) by their OpenAPI role, so
//! repairs and normalisations can act on "every schema" or "every parameter" without
//! each re-learning the document's shape.

use crate::diag::child;
use serde_json::{Map, Value};
use std::fmt::Write as _;

pub const METHODS: [&str; 8] = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

type SchemaFn<'a> = dyn FnMut(&mut Map<String, Value>, &str) + 'a;

/// Runs `f` with `step` appended (escaped, as [`child`] does) to the pointer in `ptr`,
/// then takes it off again: a walk builds its pointers in one buffer instead of a new
/// string for every node it passes.
fn under<R>(ptr: &mut String, step: &str, f: impl FnOnce(&mut String) -> R) -> R {
    let len = ptr.len();
    ptr.push('/');
    for c in step.chars() {
        match c {
            '~' => ptr.push_str("~0"),
            '/' => ptr.push_str("~1"),
            _ => ptr.push(c),
        }
    }
    let out = f(ptr);
    ptr.truncate(len);
    out
}

/// [`under`] for an array index.
fn under_index<R>(ptr: &mut String, i: usize, f: impl FnOnce(&mut String) -> R) -> R {
    let len = ptr.len();
    // Writing to a `String` cannot fail.
    let _ = write!(ptr, "/{i}");
    let out = f(ptr);
    ptr.truncate(len);
    out
}

/// Calls `f` on every schema object in the document, parents before children.
pub fn for_each_schema(doc: &mut Value, f: &mut SchemaFn) {
    let Some(root) = doc.as_object_mut() else { return };
    let ptr = &mut String::new();
    if let Some(Value::Object(components)) = root.get_mut("components") {
        under(ptr, "components", |ptr| {
            if let Some(Value::Object(schemas)) = components.get_mut("schemas") {
                under(ptr, "schemas", |ptr| {
                    for (name, s) in schemas.iter_mut() {
                        under(ptr, name, |ptr| schema(s, ptr, f));
                    }
                });
            }
            for kind in ["parameters", "headers"] {
                if let Some(Value::Object(items)) = components.get_mut(kind) {
                    under(ptr, kind, |ptr| {
                        for (name, p) in items.iter_mut() {
                            under(ptr, name, |ptr| parameter_like(p, ptr, f));
                        }
                    });
                }
            }
            for kind in ["responses", "requestBodies"] {
                if let Some(Value::Object(items)) = components.get_mut(kind) {
                    under(ptr, kind, |ptr| {
                        for (name, r) in items.iter_mut() {
                            under(ptr, name, |ptr| with_content(r, ptr, f));
                        }
                    });
                }
            }
        });
    }
    let Some(Value::Object(paths)) = root.get_mut("paths") else { return };
    under(ptr, "paths", |ptr| {
        for (path, item) in paths.iter_mut() {
            let Some(item) = item.as_object_mut() else { continue };
            under(ptr, path, |ptr| {
                if let Some(Value::Array(params)) = item.get_mut("parameters") {
                    under(ptr, "parameters", |ptr| {
                        for (i, p) in params.iter_mut().enumerate() {
                            under_index(ptr, i, |ptr| parameter_like(p, ptr, f));
                        }
                    });
                }
                for method in METHODS {
                    let Some(Value::Object(op)) = item.get_mut(method) else { continue };
                    under(ptr, method, |ptr| {
                        if let Some(Value::Array(params)) = op.get_mut("parameters") {
                            under(ptr, "parameters", |ptr| {
                                for (i, p) in params.iter_mut().enumerate() {
                                    under_index(ptr, i, |ptr| parameter_like(p, ptr, f));
                                }
                            });
                        }
                        if let Some(body) = op.get_mut("requestBody") {
                            under(ptr, "requestBody", |ptr| with_content(body, ptr, f));
                        }
                        if let Some(Value::Object(responses)) = op.get_mut("responses") {
                            under(ptr, "responses", |ptr| {
                                for (code, r) in responses.iter_mut() {
                                    under(ptr, code, |ptr| with_content(r, ptr, f));
                                }
                            });
                        }
                    });
                }
            });
        }
    });
}

/// A parameter or header object: `schema`, or `content`.
fn parameter_like(p: &mut Value, ptr: &mut String, f: &mut SchemaFn) {
    if let Some(s) = p.get_mut("schema") {
        under(ptr, "schema", |ptr| schema(s, ptr, f));
    }
    content(p, ptr, f);
}

/// A response or request body: `content`, and (responses) `headers`.
fn with_content(r: &mut Value, ptr: &mut String, f: &mut SchemaFn) {
    content(r, ptr, f);
    if let Some(Value::Object(headers)) = r.get_mut("headers") {
        under(ptr, "headers", |ptr| {
            for (name, h) in headers.iter_mut() {
                under(ptr, name, |ptr| parameter_like(h, ptr, f));
            }
        });
    }
}

fn content(v: &mut Value, ptr: &mut String, f: &mut SchemaFn) {
    if let Some(Value::Object(content)) = v.get_mut("content") {
        under(ptr, "content", |ptr| {
            for (media, m) in content.iter_mut() {
                if let Some(s) = m.get_mut("schema") {
                    under(ptr, media, |ptr| under(ptr, "schema", |ptr| schema(s, ptr, f)));
                }
            }
        });
    }
}

/// One schema and, recursively, its subschemas. Depth is bounded by the parser (128).
fn schema(s: &mut Value, ptr: &mut String, f: &mut SchemaFn) {
    let Some(obj) = s.as_object_mut() else { return };
    f(obj, ptr);
    for key in ["items", "additionalProperties", "not"] {
        if let Some(sub) = obj.get_mut(key) {
            under(ptr, key, |ptr| schema(sub, ptr, f));
        }
    }
    for key in ["properties", "patternProperties"] {
        if let Some(Value::Object(props)) = obj.get_mut(key) {
            under(ptr, key, |ptr| {
                for (name, sub) in props.iter_mut() {
                    under(ptr, name, |ptr| schema(sub, ptr, f));
                }
            });
        }
    }
    for key in ["allOf", "anyOf", "oneOf", "prefixItems"] {
        if let Some(Value::Array(list)) = obj.get_mut(key) {
            under(ptr, key, |ptr| {
                for (i, sub) in list.iter_mut().enumerate() {
                    under_index(ptr, i, |ptr| schema(sub, ptr, f));
                }
            });
        }
    }
}

/// Calls `f` on every parameter and header object (path, operation and component level).
pub fn for_each_parameter(doc: &mut Value, f: &mut dyn FnMut(&mut Map<String, Value>, &str)) {
    let Some(root) = doc.as_object_mut() else { return };
    if let Some(Value::Object(components)) = root.get_mut("components") {
        for kind in ["parameters", "headers"] {
            if let Some(Value::Object(items)) = components.get_mut(kind) {
                for (name, p) in items.iter_mut() {
                    if let Some(obj) = p.as_object_mut() {
                        f(obj, &child(&child("/components", kind), name));
                    }
                }
            }
        }
    }
    let Some(Value::Object(paths)) = root.get_mut("paths") else { return };
    for (path, item) in paths.iter_mut() {
        let item_ptr = child("/paths", path);
        let Some(item) = item.as_object_mut() else { continue };
        for (key, v) in item.iter_mut() {
            let lists: Vec<(&mut Value, String)> = if key == "parameters" {
                vec![(v, child(&item_ptr, "parameters"))]
            } else if METHODS.contains(&key.as_str()) {
                let op_ptr = child(&item_ptr, key);
                match v.get_mut("parameters") {
                    Some(p) => vec![(p, child(&op_ptr, "parameters"))],
                    None => vec![],
                }
            } else {
                vec![]
            };
            for (list, ptr) in lists {
                let Value::Array(list) = list else { continue };
                for (i, p) in list.iter_mut().enumerate() {
                    if let Some(obj) = p.as_object_mut() {
                        f(obj, &child(&ptr, &i.to_string()));
                    }
                }
            }
        }
    }
}

/// Calls `f` on every operation object with its method and path.
/// Called with an operation, its pointer, method and path.
type OperationFn<'a> = dyn FnMut(&mut Map<String, Value>, &str, &str, &str) + 'a;

pub fn for_each_operation(doc: &mut Value, f: &mut OperationFn) {
    let Some(Value::Object(paths)) = doc.get_mut("paths") else { return };
    for (path, item) in paths.iter_mut() {
        let item_ptr = child("/paths", path);
        let Some(item) = item.as_object_mut() else { continue };
        for method in METHODS {
            if let Some(Value::Object(op)) = item.get_mut(method) {
                f(op, &child(&item_ptr, method), method, path);
            }
        }
    }
}

/// The operations under `paths`: method members of path items, whatever their value (a
/// malformed one is still an operation the client must account for).
pub fn count_operations(doc: &Value) -> usize {
    let Some(Value::Object(paths)) = doc.get("paths") else { return 0 };
    paths
        .iter()
        .filter(|(path, _)| !path.starts_with("x-"))
        .filter_map(|(_, item)| item.as_object())
        .map(|item| METHODS.iter().filter(|m| item.contains_key(**m)).count())
        .sum()
}

/// The value at a JSON pointer.
pub fn get<'a>(doc: &'a Value, pointer: &str) -> Option<&'a Value> {
    if pointer.is_empty() {
        return Some(doc);
    }
    doc.pointer(pointer)
}
