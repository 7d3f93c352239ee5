//! Visiting the parts of a raw document (`serde_json::Value`) by their OpenAPI role, so
//! repairs and normalisations can act on "every schema" or "every parameter" without
//! each re-learning the document's shape.

use crate::diag::child;
use serde_json::{Map, Value};

pub const METHODS: [&str; 8] = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

type SchemaFn<'a> = dyn FnMut(&mut Map<String, Value>, &str) + 'a;

/// Calls `f` on every schema object in the document, parents before children.
pub fn for_each_schema(doc: &mut Value, f: &mut SchemaFn) {
    let Some(root) = doc.as_object_mut() else { return };
    if let Some(Value::Object(components)) = root.get_mut("components") {
        if let Some(Value::Object(schemas)) = components.get_mut("schemas") {
            for (name, s) in schemas.iter_mut() {
                schema(s, &child("/components/schemas", name), f);
            }
        }
        for kind in ["parameters", "headers"] {
            if let Some(Value::Object(items)) = components.get_mut(kind) {
                for (name, p) in items.iter_mut() {
                    parameter_like(p, &child(&child("/components", kind), name), f);
                }
            }
        }
        for kind in ["responses", "requestBodies"] {
            if let Some(Value::Object(items)) = components.get_mut(kind) {
                for (name, r) in items.iter_mut() {
                    with_content(r, &child(&child("/components", kind), name), f);
                }
            }
        }
    }
    let Some(Value::Object(paths)) = root.get_mut("paths") else { return };
    for (path, item) in paths.iter_mut() {
        let item_ptr = child("/paths", path);
        let Some(item) = item.as_object_mut() else { continue };
        if let Some(Value::Array(params)) = item.get_mut("parameters") {
            for (i, p) in params.iter_mut().enumerate() {
                parameter_like(p, &child(&child(&item_ptr, "parameters"), &i.to_string()), f);
            }
        }
        for method in METHODS {
            let Some(Value::Object(op)) = item.get_mut(method) else { continue };
            let op_ptr = child(&item_ptr, method);
            if let Some(Value::Array(params)) = op.get_mut("parameters") {
                for (i, p) in params.iter_mut().enumerate() {
                    parameter_like(p, &child(&child(&op_ptr, "parameters"), &i.to_string()), f);
                }
            }
            if let Some(body) = op.get_mut("requestBody") {
                with_content(body, &child(&op_ptr, "requestBody"), f);
            }
            if let Some(Value::Object(responses)) = op.get_mut("responses") {
                for (code, r) in responses.iter_mut() {
                    with_content(r, &child(&child(&op_ptr, "responses"), code), f);
                }
            }
        }
    }
}

/// A parameter or header object: `schema`, or `content`.
fn parameter_like(p: &mut Value, ptr: &str, f: &mut SchemaFn) {
    if let Some(s) = p.get_mut("schema") {
        schema(s, &child(ptr, "schema"), f);
    }
    content(p, ptr, f);
}

/// A response or request body: `content`, and (responses) `headers`.
fn with_content(r: &mut Value, ptr: &str, f: &mut SchemaFn) {
    content(r, ptr, f);
    if let Some(Value::Object(headers)) = r.get_mut("headers") {
        for (name, h) in headers.iter_mut() {
            parameter_like(h, &child(&child(ptr, "headers"), name), f);
        }
    }
}

fn content(v: &mut Value, ptr: &str, f: &mut SchemaFn) {
    if let Some(Value::Object(content)) = v.get_mut("content") {
        for (media, m) in content.iter_mut() {
            if let Some(s) = m.get_mut("schema") {
                schema(s, &child(&child(&child(ptr, "content"), media), "schema"), f);
            }
        }
    }
}

/// One schema and, recursively, its subschemas. Depth is bounded by the parser (128).
fn schema(s: &mut Value, ptr: &str, f: &mut SchemaFn) {
    let Some(obj) = s.as_object_mut() else { return };
    f(obj, ptr);
    for key in ["items", "additionalProperties", "not"] {
        if let Some(sub) = obj.get_mut(key) {
            schema(sub, &child(ptr, key), f);
        }
    }
    for key in ["properties", "patternProperties"] {
        if let Some(Value::Object(props)) = obj.get_mut(key) {
            let base = child(ptr, key);
            for (name, sub) in props.iter_mut() {
                schema(sub, &child(&base, name), f);
            }
        }
    }
    for key in ["allOf", "anyOf", "oneOf", "prefixItems"] {
        if let Some(Value::Array(list)) = obj.get_mut(key) {
            let base = child(ptr, key);
            for (i, sub) in list.iter_mut().enumerate() {
                schema(sub, &child(&base, &i.to_string()), f);
            }
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

/// The value at a JSON pointer.
pub fn get<'a>(doc: &'a Value, pointer: &str) -> Option<&'a Value> {
    if pointer.is_empty() {
        return Some(doc);
    }
    doc.pointer(pointer)
}
