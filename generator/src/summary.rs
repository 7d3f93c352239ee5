//! The API summary: what callers of a generated crate see, in a small file written beside
//! it (`api-summary.json`). The next regeneration reads it to say what changed
//! ([`crate::report`]). Everything here is derived from the IR, so it follows whatever
//! lowering decides (names, grouping, parameter styles) without knowing how.
//!
//! The file is JSON with one entry per line (operations, types), so its own `git diff`
//! is readable. Reading is lenient: a missing, older or unreadable file means "no
//! previous API", never an error, and unknown keys are ignored.

use crate::ir::{Api, Operation, ParamLocation, Payload, TypeDef, TypeKind, TypeRef};
use crate::write::{Rendered, MARKER};
use serde::{Deserialize, Serialize};
use std::path::Path;

/// Where the summary lives in a generated crate.
pub const FILE: &str = "api-summary.json";

/// Version of the file's layout; a different one is read as far as it goes.
pub const FORMAT: u32 = 1;

/// The public surface of a generated client.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Summary {
    pub format: u32,
    pub crate_name: String,
    /// What the client's base URL stands for: a server URL with this path (empty: the
    /// server's root). Operations' `path`s follow it.
    pub base_path: String,
    /// Setters on `Client` for credentials (`with_auth_token`).
    pub client_setters: Vec<String>,
    pub operations: Vec<OpSummary>,
    pub types: Vec<TypeSummary>,
}

/// One operation's method.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct OpSummary {
    /// HTTP method, upper case.
    pub method: String,
    pub path: String,
    /// How it is called from `Client`: the method's name, after its area's accessor
    /// when it has one (`chat().post_message`).
    pub name: String,
    /// `name(arg: Type, ..) -> Output`, with optional inputs as `[.setter(Type)]`.
    pub signature: String,
    pub inputs: Vec<Member>,
    /// The success type (`()` when there is none).
    pub output: String,
    /// Variants of the operation's documented-error enum.
    pub errors: Vec<String>,
    #[serde(skip_serializing_if = "is_false")]
    pub deprecated: bool,
}

/// A named type of the `types` module.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct TypeSummary {
    pub name: String,
    /// `struct`, `enum`, `union`, `exclusive`, `alias` or `newtype`.
    pub kind: String,
    /// Fields, enum values or variants, in order.
    pub members: Vec<Member>,
}

/// An input, field, enum value or variant.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Member {
    /// The Rust name callers write.
    pub name: String,
    /// The name on the wire (enum values: the string sent).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub wire: String,
    /// The Rust type (empty for enum values).
    #[serde(rename = "type", skip_serializing_if = "String::is_empty")]
    pub ty: String,
    /// Inputs: an argument (true) or a setter. Fields: not an `Option`.
    #[serde(skip_serializing_if = "is_false")]
    pub required: bool,
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// The summary of `api`.
pub fn of(api: &Api) -> Summary {
    Summary {
        format: FORMAT,
        crate_name: api.crate_name.clone(),
        base_path: api.base_path.clone(),
        client_setters: api.auth.iter().map(|a| plain(&a.setter)).collect(),
        operations: api.operations.iter().map(|op| operation(api, op)).collect(),
        types: api.types.iter().map(type_summary).collect(),
    }
}

fn operation(api: &Api, op: &Operation) -> OpSummary {
    let inputs = inputs(api, op);
    let output = output(op);
    let name = match op.area.and_then(|a| api.areas.get(a)) {
        Some(area) => format!("{}().{}", area.name, plain(&op.method_name)),
        None => plain(&op.method_name),
    };
    OpSummary {
        method: op.method.as_str().to_owned(),
        path: op.path.clone(),
        signature: signature(&name, &inputs, &output),
        name,
        inputs,
        output,
        errors: op.responses.iter().filter(|r| !r.success).map(|r| r.variant.clone()).collect(),
        deprecated: op.doc.deprecated,
    }
}

/// The inputs callers pass: parameters, then the body (one input, or the fields of a
/// struct body spread into arguments and setters).
fn inputs(api: &Api, op: &Operation) -> Vec<Member> {
    let mut out: Vec<Member> = op
        .params
        .iter()
        .map(|p| Member {
            name: plain(&p.name),
            wire: wire(location(p.location), &p.wire),
            ty: type_text(&p.ty),
            required: p.required,
        })
        .collect();
    let Some(body) = &op.body else { return out };
    let fields = body.flattened.as_ref().and_then(|f| api.types.iter().find(|t| t.name == f.type_name));
    match fields.map(|t| &t.kind) {
        Some(TypeKind::Struct(s)) => out.extend(s.fields.iter().map(|f| Member {
            name: plain(&f.name),
            wire: wire("body", &f.wire),
            ty: type_text(&if f.nullable { TypeRef::Option(Box::new(f.ty.clone())) } else { f.ty.clone() }),
            required: f.required,
        })),
        _ => out.push(Member {
            name: "body".to_owned(),
            wire: format!("body:{}", body.content_type),
            ty: type_text(&body.ty),
            required: body.required,
        }),
    }
    out
}

/// Where an input goes on the wire (empty when it has no name there of its own).
fn wire(place: &str, name: &str) -> String {
    if name.is_empty() {
        String::new()
    } else {
        format!("{place}:{name}")
    }
}

fn location(l: ParamLocation) -> &'static str {
    match l {
        ParamLocation::Path => "path",
        ParamLocation::Query => "query",
        ParamLocation::Header => "header",
        ParamLocation::Cookie => "cookie",
    }
}

/// The success type: one response's payload, or the operation's response enum.
fn output(op: &Operation) -> String {
    let mut successes: Vec<_> = op.responses.iter().filter(|r| r.success).collect();
    if successes.is_empty() {
        successes = op.responses.iter().filter(|r| r.status == crate::ir::Status::Default).collect();
    }
    match successes.as_slice() {
        [] => "()".to_owned(),
        [one] => payload_text(&one.payload),
        _ => op.response_name.clone(),
    }
}

fn payload_text(p: &Payload) -> String {
    match p {
        Payload::None => "()".to_owned(),
        Payload::Json(t) => type_text(t),
        Payload::Text => "String".to_owned(),
        Payload::Bytes => "Vec<u8>".to_owned(),
        Payload::OrEmpty(inner) => format!("Option<{}>", payload_text(inner)),
    }
}

fn signature(name: &str, inputs: &[Member], output: &str) -> String {
    let args: Vec<String> = inputs.iter().filter(|i| i.required).map(|i| format!("{}: {}", i.name, i.ty)).collect();
    let setters: String = inputs.iter().filter(|i| !i.required).map(|i| format!(" [.{}({})]", i.name, i.ty)).collect();
    format!("{name}({}){setters} -> {output}", args.join(", "))
}

fn type_summary(t: &TypeDef) -> TypeSummary {
    let (kind, members): (&str, Vec<Member>) = match &t.kind {
        TypeKind::Struct(s) => (
            "struct",
            s.fields
                .iter()
                .map(|f| Member {
                    name: plain(&f.name),
                    wire: f.wire.clone(),
                    ty: type_text(&f.ty),
                    required: f.required && !f.nullable,
                })
                .collect(),
        ),
        TypeKind::Enum(values) => (
            "enum",
            values.iter().map(|v| Member { name: plain(&v.name), wire: v.wire.clone(), ..Member::default() }).collect(),
        ),
        TypeKind::IntEnum(values) => (
            "enum",
            values
                .iter()
                .map(|v| Member { name: plain(&v.name), wire: v.value.to_string(), ..Member::default() })
                .collect(),
        ),
        TypeKind::Union(u) => (
            "union",
            u.variants
                .iter()
                .map(|v| Member { name: plain(&v.name), ty: type_text(&v.ty), ..Member::default() })
                .collect(),
        ),
        TypeKind::Exclusive(vs) => (
            "exclusive",
            vs.iter()
                .map(|v| Member {
                    name: plain(&v.name),
                    wire: v.wire.clone(),
                    ty: type_text(&v.ty),
                    ..Member::default()
                })
                .collect(),
        ),
        TypeKind::Alias(t) => ("alias", vec![Member { name: "=".to_owned(), ty: type_text(t), ..Member::default() }]),
        TypeKind::Newtype(t) => {
            ("newtype", vec![Member { name: "0".to_owned(), ty: type_text(t), ..Member::default() }])
        }
    };
    TypeSummary { name: t.name.clone(), kind: kind.to_owned(), members }
}

/// A Rust identifier as callers read it (`r#type` is `type`).
fn plain(name: &str) -> String {
    name.trim_start_matches("r#").to_owned()
}

/// The Rust type as written in the generated code, without the module path.
pub fn type_text(t: &TypeRef) -> String {
    let tokens = crate::emit::rust_type(t, &proc_macro2::TokenStream::new()).to_string();
    let mut out = String::with_capacity(tokens.len());
    for part in tokens.split(' ') {
        let joins = |s: &str| matches!(s, "<" | ">" | "::" | ",");
        if !out.is_empty() && !joins(part) && !out.ends_with(['<', ':', ',']) {
            out.push(' ');
        }
        out.push_str(part);
    }
    out.replace(',', ", ")
}

/// The summary file for `api`: JSON, one operation or type per line.
pub fn render(api: &Api, command: &str) -> Rendered {
    Rendered { path: FILE.to_owned(), text: to_text(&of(api), command) }
}

/// The file's text: a `@generated` note, then one entry per line.
pub fn to_text(summary: &Summary, command: &str) -> String {
    let list = |items: Vec<String>| {
        if items.is_empty() {
            "[]".to_owned()
        } else {
            format!("[\n    {}\n  ]", items.join(",\n    "))
        }
    };
    let note = format!("{MARKER} by `{command}`: the public API of this crate, read by the generator to report what changed on the next regeneration");
    format!(
        "{{\n  \"generated\": {},\n  \"format\": {},\n  \"crate_name\": {},\n  \"base_path\": {},\n  \"client_setters\": {},\n  \"operations\": {},\n  \"types\": {}\n}}\n",
        json_string(&note),
        summary.format,
        json_string(&summary.crate_name),
        json_string(&summary.base_path),
        line(&summary.client_setters),
        list(summary.operations.iter().map(line).collect()),
        list(summary.types.iter().map(line).collect()),
    )
}

fn json_string(s: &str) -> String {
    serde_json::Value::String(s.to_owned()).to_string()
}

/// One value as one line of JSON (these types always serialize).
fn line<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| "null".to_owned())
}

/// What reading the previous summary found.
#[derive(Debug)]
pub enum Previous {
    /// A summary to compare with.
    Found(Summary),
    /// No summary there (a first generation, or a crate made before summaries existed).
    Missing,
    /// A file that could not be read as a summary: treated as no previous API.
    Unreadable(String),
}

/// Reads the summary of the crate in `dir`, leniently.
pub fn read(dir: &Path) -> Previous {
    let path = dir.join(FILE);
    let Ok(text) = std::fs::read_to_string(&path) else { return Previous::Missing };
    parse(&text).map_or_else(|e| Previous::Unreadable(format!("{}: {e}", path.display())), Previous::Found)
}

/// Parses a summary's text; unknown keys are ignored and absent ones default.
pub fn parse(text: &str) -> Result<Summary, String> {
    serde_json::from_str(text).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_text_reads_like_rust() {
        let t = TypeRef::Option(Box::new(TypeRef::Map(Box::new(TypeRef::Vec(Box::new(TypeRef::Named("Foo".into())))))));
        assert_eq!(type_text(&t), "Option<std::collections::BTreeMap<String, Vec<Foo>>>");
        assert_eq!(type_text(&TypeRef::DateTime), "chrono::DateTime<chrono::Utc>");
    }

    #[test]
    fn text_round_trips_and_old_or_odd_files_are_tolerated() {
        let s = Summary {
            format: FORMAT,
            crate_name: "x".into(),
            base_path: "/api/v3".into(),
            client_setters: vec!["with_token".into()],
            operations: vec![OpSummary {
                method: "GET".into(),
                path: "/a".into(),
                name: "a".into(),
                ..Default::default()
            }],
            types: vec![],
        };
        let text = to_text(&s, "gen");
        assert_eq!(parse(&text).unwrap(), s);
        // An older layout: missing keys default, unknown keys are ignored.
        let old = parse(r#"{"operations": [{"method": "GET", "path": "/a", "extra": 1}], "future": true}"#).unwrap();
        assert_eq!(old.operations[0].path, "/a");
        assert!(parse("not json").is_err());
        let dir = tempfile::tempdir().unwrap();
        assert!(matches!(read(dir.path()), Previous::Missing));
        std::fs::write(dir.path().join(FILE), "{").unwrap();
        assert!(matches!(read(dir.path()), Previous::Unreadable(_)));
    }
}
