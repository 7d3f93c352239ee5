//! Swagger 2.0 into the OpenAPI 3.0 shape, on the raw document, before repairs: the rest
//! of the pipeline reads one model. Every moved part is recorded as an [`Origin`] in the
//! same file, so a finding about the converted document points into the 2.0 text
//! (`#/components/schemas/Pet` is reported at `#/definitions/Pet`).
//!
//! | 2.0 | 3.0 |
//! |---|---|
//! | `host`, `basePath`, `schemes` | `servers` |
//! | `definitions`, `parameters`, `responses`, `securityDefinitions` | `components/...` |
//! | `in: body` parameter | `requestBody`, one media type per `consumes` |
//! | `in: formData` parameters | a form `requestBody` (multipart with a `type: file`) |
//! | `type`, `format`, `items`... on a parameter or header | its `schema` |
//! | `collectionFormat` | `style` and `explode` (`encoding` for form fields) |
//! | response `schema`, `examples` | `content`, one media type per `produces` |
//! | `type: file` | `type: string, format: binary` |
//! | `discriminator: name` | `discriminator: {propertyName: name}` |

use super::refs::Origin;
use super::walk::{for_each_schema, METHODS};
use crate::diag::{child, Diagnostic, Diagnostics};
use serde_json::{json, Map, Value};

/// Keywords of a 2.0 parameter, header or items object that describe its value: they
/// move into `schema`.
const VALUE_KEYS: [&str; 18] = [
    "type",
    "format",
    "items",
    "default",
    "maximum",
    "exclusiveMaximum",
    "minimum",
    "exclusiveMinimum",
    "maxLength",
    "minLength",
    "pattern",
    "maxItems",
    "minItems",
    "uniqueItems",
    "enum",
    "multipleOf",
    "x-nullable",
    "example",
];

const JSON: &str = "application/json";

/// On a media type: the response may come without a body (a Swagger 2.0 response
/// without a `schema`, or a 3.x document saying so).
pub const OPTIONAL_BODY: &str = "x-optional-body";

/// Whether the document declares Swagger 2.0.
pub fn is_swagger2(doc: &Value) -> bool {
    doc.get("swagger").and_then(Value::as_str).is_some_and(|v| v.trim() == "2.0")
}

/// Converts a Swagger 2.0 document (in `file`) in place.
pub fn convert(doc: &mut Value, file: &str, origins: &mut Vec<Origin>, diags: &mut Diagnostics) {
    let Some(root) = doc.as_object_mut() else { return };
    let mut c = Converter { file, origins, diags, form_params: Map::new() };
    root.shift_remove("swagger");
    root.insert("openapi".into(), Value::String("3.0.3".into()));
    c.origin("/openapi", "/swagger");
    let consumes = media_list(root.shift_remove("consumes"));
    let produces = media_list(root.shift_remove("produces"));
    c.servers(root);
    c.components(root, &produces);
    if let Some(Value::Object(paths)) = root.get_mut("paths") {
        for (path, item) in paths.iter_mut() {
            let Value::Object(item) = item else { continue };
            c.path_item(&child("/paths", path), item, &consumes, &produces);
        }
    }
    rewrite_refs(doc, false);
    for_each_schema(doc, &mut |s, _| schema(s));
}

struct Converter<'a> {
    file: &'a str,
    origins: &'a mut Vec<Origin>,
    diags: &'a mut Diagnostics,
    /// `parameters` components that are bodies or form fields: inlined where used.
    form_params: Map<String, Value>,
}

impl Converter<'_> {
    fn origin(&mut self, local: &str, pointer: &str) {
        if local != pointer {
            self.origins.push(Origin {
                local: local.to_owned(),
                file: self.file.to_owned(),
                pointer: pointer.to_owned(),
            });
        }
    }

    /// `host`, `basePath` and `schemes` become `servers` (a relative URL without a host).
    fn servers(&mut self, root: &mut Map<String, Value>) {
        let host = root.shift_remove("host").and_then(|h| h.as_str().map(str::to_owned));
        let base = root.shift_remove("basePath").and_then(|b| b.as_str().map(str::to_owned));
        let schemes: Vec<String> = match root.shift_remove("schemes") {
            Some(Value::Array(s)) => s.iter().filter_map(Value::as_str).map(str::to_owned).collect(),
            _ => Vec::new(),
        };
        if host.is_none() && base.is_none() {
            return;
        }
        let base = base.unwrap_or_default();
        let base = if base.is_empty() || base.starts_with('/') { base } else { format!("/{base}") };
        let urls: Vec<String> = match &host {
            // 2.0 says the default scheme is the one the description was fetched with;
            // HTTPS is the safe guess for a description read from a file.
            Some(host) if schemes.is_empty() => vec![format!("https://{host}{base}")],
            Some(host) => schemes.iter().map(|s| format!("{s}://{host}{base}")).collect(),
            None => vec![if base.is_empty() { "/".to_owned() } else { base }],
        };
        let servers = urls.into_iter().map(|url| json!({ "url": url })).collect();
        root.insert("servers".into(), Value::Array(servers));
        self.origin("/servers", if host.is_some() { "/host" } else { "/basePath" });
    }

    /// `definitions`, `parameters`, `responses` and `securityDefinitions` move under
    /// `components`.
    fn components(&mut self, root: &mut Map<String, Value>, produces: &Option<Vec<String>>) {
        let mut components = Map::new();
        if let Some(defs) = root.shift_remove("definitions") {
            components.insert("schemas".into(), defs);
            self.origin("/components/schemas", "/definitions");
        }
        if let Some(Value::Object(params)) = root.shift_remove("parameters") {
            let mut out = Map::new();
            for (name, p) in params {
                let Value::Object(p) = p else {
                    out.insert(name, p);
                    continue;
                };
                if matches!(p.get("in").and_then(Value::as_str), Some("body" | "formData")) {
                    self.form_params.insert(name, Value::Object(p));
                    continue;
                }
                let local = child("/components/parameters", &name);
                let p = self.parameter(&local, &child("/parameters", &name), p);
                out.insert(name, Value::Object(p));
            }
            if !out.is_empty() {
                components.insert("parameters".into(), Value::Object(out));
            }
            self.origin("/components/parameters", "/parameters");
        }
        if let Some(Value::Object(responses)) = root.shift_remove("responses") {
            let mut out = Map::new();
            for (name, r) in responses {
                let local = child("/components/responses", &name);
                let declared = produces.clone().unwrap_or_default();
                let r = self.response(&local, &child("/responses", &name), r, &media_or(None, produces), &declared);
                out.insert(name, r);
            }
            components.insert("responses".into(), Value::Object(out));
            self.origin("/components/responses", "/responses");
        }
        if let Some(Value::Object(schemes)) = root.shift_remove("securityDefinitions") {
            let out = schemes.into_iter().map(|(name, s)| (name, security_scheme(s))).collect();
            components.insert("securitySchemes".into(), Value::Object(out));
            self.origin("/components/securitySchemes", "/securityDefinitions");
        }
        if !components.is_empty() {
            root.insert("components".into(), Value::Object(components));
        }
    }

    fn path_item(
        &mut self,
        ptr: &str,
        item: &mut Map<String, Value>,
        consumes: &Option<Vec<String>>,
        produces: &Option<Vec<String>>,
    ) {
        // Bodies and form fields declared for the whole path belong to each operation.
        let mut shared_bodies = Vec::new();
        if let Some(Value::Array(params)) = item.shift_remove("parameters") {
            let mut kept = Vec::new();
            for (j, p) in params.into_iter().enumerate() {
                let from = child(&child(ptr, "parameters"), &j.to_string());
                let (p, from) = self.resolve_form_ref(p, from);
                match p {
                    Value::Object(p) if is_body_or_form(&p) => shared_bodies.push((p, from)),
                    Value::Object(p) => {
                        let local = child(&child(ptr, "parameters"), &kept.len().to_string());
                        kept.push(Value::Object(self.parameter(&local, &from, p)));
                    }
                    other => kept.push(other),
                }
            }
            if !kept.is_empty() {
                item.insert("parameters".into(), Value::Array(kept));
            }
        }
        for method in METHODS {
            let Some(Value::Object(op)) = item.get_mut(method) else { continue };
            self.operation(&child(ptr, method), op, &shared_bodies, consumes, produces);
        }
    }

    fn operation(
        &mut self,
        ptr: &str,
        op: &mut Map<String, Value>,
        shared_bodies: &[(Map<String, Value>, String)],
        consumes: &Option<Vec<String>>,
        produces: &Option<Vec<String>>,
    ) {
        let consumes = media_or(media_list(op.shift_remove("consumes")), consumes);
        // What a response without a `schema` may carry: the media types the document
        // declares (none when it declares none, or for `HEAD`, which has no body).
        let own = media_list(op.shift_remove("produces"));
        let declared = match own.clone().or_else(|| produces.clone()) {
            Some(list) if !ptr.ends_with("/head") => list,
            _ => Vec::new(),
        };
        let produces = media_or(own, produces);
        if op.shift_remove("schemes").is_some() {
            self.diags.push(Diagnostic::note(
                "swagger2-schemes",
                child(ptr, "schemes"),
                "an operation's own `schemes` has no OpenAPI 3 equivalent; the document's servers are used",
            ));
        }
        let mut bodies: Vec<(Map<String, Value>, String)> = Vec::new();
        let mut kept = Vec::new();
        if let Some(Value::Array(params)) = op.shift_remove("parameters") {
            for (j, p) in params.into_iter().enumerate() {
                let from = child(&child(ptr, "parameters"), &j.to_string());
                let (p, from) = self.resolve_form_ref(p, from);
                match p {
                    Value::Object(p) if is_body_or_form(&p) => bodies.push((p, from)),
                    Value::Object(p) => {
                        let local = child(&child(ptr, "parameters"), &kept.len().to_string());
                        kept.push(Value::Object(self.parameter(&local, &from, p)));
                    }
                    other => kept.push(other),
                }
            }
        }
        for (p, from) in shared_bodies {
            let overridden = bodies.iter().any(|(b, _)| b.get("name") == p.get("name") && b.get("in") == p.get("in"));
            if !overridden {
                bodies.push((p.clone(), from.clone()));
            }
        }
        if !kept.is_empty() {
            op.insert("parameters".into(), Value::Array(kept));
        }
        if let Some(body) = self.request_body(ptr, bodies, &consumes) {
            op.insert("requestBody".into(), body);
        }
        if let Some(Value::Object(responses)) = op.get_mut("responses") {
            for (code, r) in responses.iter_mut() {
                if code.starts_with("x-") {
                    continue;
                }
                let at = child(&child(ptr, "responses"), code);
                let untyped: &[String] = if code == "204" { &[] } else { &declared };
                *r = self.response(&at, &at, std::mem::take(r), &produces, untyped);
            }
        }
    }

    /// A `$ref` to a body or form-field parameter component: the component itself
    /// (3.0 has no such parameter to refer to), located where it is defined.
    fn resolve_form_ref(&self, p: Value, from: String) -> (Value, String) {
        let name = p.get("$ref").and_then(Value::as_str).and_then(|r| r.strip_prefix("#/parameters/"));
        match name.and_then(|n| self.form_params.get(n).map(|v| (n, v))) {
            Some((n, target)) => (target.clone(), child("/parameters", n)),
            None => (p, from),
        }
    }

    /// The body parameter, or the form fields, as a request body.
    fn request_body(
        &mut self,
        ptr: &str,
        params: Vec<(Map<String, Value>, String)>,
        consumes: &[String],
    ) -> Option<Value> {
        let local = child(ptr, "requestBody");
        let (body, form): (Vec<_>, Vec<_>) =
            params.into_iter().partition(|(p, _)| p.get("in").and_then(Value::as_str) == Some("body"));
        if let Some((mut p, from)) = body.into_iter().next() {
            let schema = p.shift_remove("schema").unwrap_or_else(|| json!({}));
            let mut content = Map::new();
            let types: Vec<&String> = consumes.iter().filter(|t| !is_form(t)).collect();
            let types = if types.is_empty() { vec![&consumes[0]] } else { types };
            for t in types {
                content.insert(t.clone(), json!({ "schema": schema.clone() }));
                self.origin(&child(&child(&child(&local, "content"), t), "schema"), &child(&from, "schema"));
            }
            let mut out = Map::new();
            copy(&p, &mut out, &["description", "required"]);
            copy_extensions(&p, &mut out);
            out.insert("content".into(), Value::Object(content));
            self.origin(&local, &from);
            return Some(Value::Object(out));
        }
        let first = form.first().map(|(_, from)| from.clone())?;
        let multipart = form.iter().any(|(p, _)| p.get("type").and_then(Value::as_str) == Some("file"))
            || !consumes.iter().any(|t| t == "application/x-www-form-urlencoded")
                && consumes.iter().any(|t| t == "multipart/form-data");
        let media = if multipart { "multipart/form-data" } else { "application/x-www-form-urlencoded" };
        let schema_ptr = child(&child(&child(&local, "content"), media), "schema");
        let mut properties = Map::new();
        let mut required = Vec::new();
        let mut encoding = Map::new();
        for (mut p, from) in form {
            let Some(name) = p.get("name").and_then(Value::as_str).map(str::to_owned) else { continue };
            if p.get("required").and_then(Value::as_bool) == Some(true) {
                required.push(Value::String(name.clone()));
            }
            if let Some(style) = self.form_style(&mut p, &from) {
                encoding.insert(name.clone(), style);
            }
            let mut s = value_schema(&p);
            if let Some(d) = p.get("description") {
                s.insert("description".into(), d.clone());
            }
            self.origin(&child(&child(&schema_ptr, "properties"), &name), &from);
            properties.insert(name, Value::Object(s));
        }
        let mut schema = json!({ "type": "object", "properties": properties });
        if !required.is_empty() {
            schema["required"] = Value::Array(required);
        }
        let mut media_type = json!({ "schema": schema });
        if !encoding.is_empty() {
            media_type["encoding"] = Value::Object(encoding);
        }
        self.origin(&local, &first);
        Some(json!({ "content": { media: media_type } }))
    }

    /// A form field's `collectionFormat` as its `encoding` entry.
    fn form_style(&mut self, p: &mut Map<String, Value>, from: &str) -> Option<Value> {
        if p.get("type").and_then(Value::as_str) != Some("array") {
            return None;
        }
        let format = p.shift_remove("collectionFormat");
        let (style, explode) = match format.as_ref().and_then(Value::as_str).unwrap_or("csv") {
            "multi" => ("form", true),
            "ssv" => ("spaceDelimited", false),
            "pipes" => ("pipeDelimited", false),
            "tsv" => {
                self.tsv(&child(from, "collectionFormat"));
                ("form", false)
            }
            _ => ("form", false),
        };
        Some(json!({ "style": style, "explode": explode }))
    }

    fn tsv(&mut self, ptr: &str) {
        self.diags.repair(
            "swagger2-tsv",
            ptr.to_owned(),
            "`collectionFormat: tsv` (tab-separated) has no OpenAPI 3 style; the values are sent comma-separated",
            "use `csv`, `ssv` or `pipes` if the server accepts them",
        );
    }

    /// A 2.0 non-body parameter: the value keywords move into `schema`,
    /// `collectionFormat` becomes `style`/`explode`.
    fn parameter(&mut self, local: &str, from: &str, mut p: Map<String, Value>) -> Map<String, Value> {
        if p.contains_key("$ref") {
            return p;
        }
        let location = p.get("in").and_then(Value::as_str).unwrap_or_default().to_owned();
        let format = p.shift_remove("collectionFormat");
        let schema = value_schema(&p);
        for key in VALUE_KEYS {
            p.shift_remove(key);
        }
        if schema.get("type").and_then(Value::as_str) == Some("array") {
            let format = format.as_ref().and_then(Value::as_str).unwrap_or("csv");
            let style = match (location.as_str(), format) {
                ("query", "multi") => Some(("form", true)),
                ("query", "ssv") => Some(("spaceDelimited", false)),
                ("query", "pipes") => Some(("pipeDelimited", false)),
                ("query", _) => Some(("form", false)),
                (_, "csv") => None,
                _ => {
                    self.diags.repair(
                        "swagger2-collection-format",
                        child(from, "collectionFormat"),
                        format!("`collectionFormat: {format}` has no OpenAPI 3 style in a {location} parameter; the values are sent comma-separated"),
                        "use `csv` outside query parameters",
                    );
                    None
                }
            };
            if format == "tsv" && location == "query" {
                self.tsv(&child(from, "collectionFormat"));
            }
            if let Some((style, explode)) = style {
                p.insert("style".into(), Value::String(style.into()));
                p.insert("explode".into(), Value::Bool(explode));
            }
        }
        p.insert("schema".into(), Value::Object(schema));
        self.origin(local, from);
        // The value keywords are on the parameter itself in 2.0.
        self.origin(&child(local, "schema"), from);
        p
    }

    /// A 2.0 response: `schema` and `examples` become `content`, headers get schemas.
    /// Without a `schema`, 2.0 leaves it open whether a body comes: each media type the
    /// document declares (`untyped`) becomes content without a schema, marked
    /// [`OPTIONAL_BODY`] (the client reads it as `Option<..>`, `None` when empty).
    fn response(&mut self, local: &str, from: &str, r: Value, produces: &[String], untyped: &[String]) -> Value {
        let Value::Object(mut r) = r else { return r };
        if r.contains_key("$ref") {
            return Value::Object(r);
        }
        let examples = match r.shift_remove("examples") {
            Some(Value::Object(e)) => e,
            _ => Map::new(),
        };
        if let Some(schema) = r.shift_remove("schema") {
            let file = schema.get("type").and_then(Value::as_str) == Some("file");
            let mut types: Vec<String> = produces.to_vec();
            if file && types.iter().all(|t| t == JSON) {
                types = vec!["application/octet-stream".to_owned()];
            }
            let mut content = Map::new();
            for t in types {
                let mut m = json!({ "schema": schema.clone() });
                if let Some(e) = examples.get(&t) {
                    m["example"] = e.clone();
                }
                self.origin(&child(&child(&child(local, "content"), &t), "schema"), &child(from, "schema"));
                content.insert(t, m);
            }
            r.insert("content".into(), Value::Object(content));
        } else if !untyped.is_empty() {
            let content = untyped.iter().map(|t| (t.clone(), json!({ OPTIONAL_BODY: true }))).collect();
            r.insert("content".into(), Value::Object(content));
        }
        if let Some(Value::Object(headers)) = r.get_mut("headers") {
            for (name, h) in headers.iter_mut() {
                let Value::Object(header) = h else { continue };
                let schema = value_schema(header);
                for key in VALUE_KEYS.iter().chain(&["collectionFormat"]) {
                    header.shift_remove(*key);
                }
                header.insert("schema".into(), Value::Object(schema));
                let at = child(&child(local, "headers"), name);
                self.origin(&child(&at, "schema"), &child(&child(from, "headers"), name));
            }
        }
        if local != from {
            self.origin(local, from);
        }
        Value::Object(r)
    }
}

fn is_body_or_form(p: &Map<String, Value>) -> bool {
    matches!(p.get("in").and_then(Value::as_str), Some("body" | "formData"))
}

fn is_form(media: &str) -> bool {
    matches!(media, "application/x-www-form-urlencoded" | "multipart/form-data")
}

/// A `consumes` or `produces` list; `None` when absent or empty.
fn media_list(v: Option<Value>) -> Option<Vec<String>> {
    let list: Vec<String> = v?.as_array()?.iter().filter_map(Value::as_str).map(str::to_owned).collect();
    (!list.is_empty()).then_some(list)
}

/// The operation's list, else the document's, else JSON.
fn media_or(own: Option<Vec<String>>, outer: &Option<Vec<String>>) -> Vec<String> {
    own.or_else(|| outer.clone()).unwrap_or_else(|| vec![JSON.to_owned()])
}

/// The schema of a 2.0 parameter, header or items object (`items` recursively).
fn value_schema(p: &Map<String, Value>) -> Map<String, Value> {
    let mut s = Map::new();
    for key in VALUE_KEYS {
        let Some(v) = p.get(key) else { continue };
        let v = match (key, v) {
            ("items", Value::Object(items)) => Value::Object(value_schema(items)),
            ("x-nullable", v) => {
                s.insert("nullable".into(), v.clone());
                continue;
            }
            _ => v.clone(),
        };
        s.insert(key.into(), v);
    }
    s
}

fn copy(from: &Map<String, Value>, to: &mut Map<String, Value>, keys: &[&str]) {
    for key in keys {
        if let Some(v) = from.get(*key) {
            to.insert((*key).into(), v.clone());
        }
    }
}

fn copy_extensions(from: &Map<String, Value>, to: &mut Map<String, Value>) {
    for (k, v) in from.iter().filter(|(k, _)| k.starts_with("x-")) {
        to.insert(k.clone(), v.clone());
    }
}

fn security_scheme(s: Value) -> Value {
    let Value::Object(mut s) = s else { return s };
    match s.get("type").and_then(Value::as_str) {
        Some("basic") => {
            s.insert("type".into(), Value::String("http".into()));
            s.insert("scheme".into(), Value::String("basic".into()));
        }
        Some("oauth2") => {
            let flow = s.shift_remove("flow");
            let mut f = Map::new();
            for key in ["authorizationUrl", "tokenUrl"] {
                if let Some(v) = s.shift_remove(key) {
                    f.insert(key.into(), v);
                }
            }
            f.insert("scopes".into(), s.shift_remove("scopes").unwrap_or_else(|| json!({})));
            let name = match flow.as_ref().and_then(Value::as_str) {
                Some("application") => "clientCredentials",
                Some("accessCode") => "authorizationCode",
                Some("password") => "password",
                _ => "implicit",
            };
            s.insert("flows".into(), json!({ name: f }));
        }
        _ => {}
    }
    Value::Object(s)
}

/// A 2.0 schema's own spellings: `type: file`, `x-nullable`, a string `discriminator`.
fn schema(s: &mut Map<String, Value>) {
    if s.get("type").and_then(Value::as_str) == Some("file") {
        s.insert("type".into(), Value::String("string".into()));
        s.insert("format".into(), Value::String("binary".into()));
    }
    if let Some(n) = s.shift_remove("x-nullable") {
        s.entry("nullable").or_insert(n);
    }
    if let Some(Value::String(name)) = s.get("discriminator").cloned() {
        s.insert("discriminator".into(), json!({ "propertyName": name }));
    }
}

/// `#/definitions/X` -> `#/components/schemas/X`, and likewise for parameters and
/// responses, in every `$ref` that is a reference (not in extensions or data; `names`:
/// `v` maps names to parts, whose members named like data are parts).
fn rewrite_refs(v: &mut Value, names: bool) {
    match v {
        Value::Object(map) => {
            if let Some(Value::String(r)) = map.get_mut("$ref") {
                for (from, to) in [
                    ("#/definitions/", "#/components/schemas/"),
                    ("#/parameters/", "#/components/parameters/"),
                    ("#/responses/", "#/components/responses/"),
                ] {
                    if let Some(rest) = r.strip_prefix(from) {
                        *r = format!("{to}{rest}");
                        break;
                    }
                }
            }
            for (k, sub) in map.iter_mut() {
                let data = k.starts_with("x-") || matches!(k.as_str(), "example" | "examples" | "default" | "enum");
                if names || !data {
                    let maps_names = !names
                        && matches!(k.as_str(), "properties" | "definitions" | "schemas" | "headers" | "responses");
                    rewrite_refs(sub, maps_names);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| rewrite_refs(v, false)),
        _ => {}
    }
}
