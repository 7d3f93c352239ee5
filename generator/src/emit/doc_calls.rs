//! A short call for each operation's docs: the operation's method with its required
//! inputs and a few optional ones, valued from its published request example where it
//! has one (else from the smallest valid value, `example_tests::minimal`). The same
//! calls, as functions, make one test of this repository (`doc_calls_test`), so each
//! call in the docs compiles.

use super::example_tests::minimal;
use super::operations::{call_inputs, InputSource};
use crate::ir::{Api, BodyKind, ExampleTarget, Operation, TypeDef, TypeRef};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use serde_json::Value;
use std::collections::HashMap;

/// Optional inputs shown beyond the required ones.
const SETTERS_SHOWN: usize = 2;

/// What a secret input shows.
static SECRET: Value = Value::Null;

/// JSON values longer than this are shown as their smallest valid value.
const LONGEST_VALUE: usize = 160;

/// The types of an API by name, for minimal values.
pub struct DocCalls<'a> {
    api: &'a Api,
    types: HashMap<&'a str, &'a TypeDef>,
}

impl<'a> DocCalls<'a> {
    pub fn new(api: &'a Api) -> Self {
        DocCalls { api, types: api.types.iter().map(|t| (t.name.as_str(), t)).collect() }
    }

    /// The statement that calls `op` on a `client` (`let answer = client.chat().search("x").await?;`).
    pub fn call(&self, op: &Operation) -> String {
        let example = op
            .examples
            .iter()
            .find(|e| e.target == ExampleTarget::Request && e.media_type.contains("json"))
            .map(|e| &e.value);
        let mut args = Vec::new();
        let mut setters = Vec::new();
        let mut lets: Vec<String> = Vec::new();
        for input in call_inputs(self.api, op) {
            let secret = match &input.source {
                InputSource::Param(p) => p.secret,
                InputSource::Field(f) => f.secret,
                InputSource::Body(_) => false,
            };
            let (name, published) = match &input.source {
                InputSource::Param(p) => (p.name.as_str(), None),
                // A published password is not repeated in the docs.
                InputSource::Field(f) if secret => (f.name.as_str(), Some(&SECRET)),
                InputSource::Field(f) => (f.name.as_str(), example.and_then(|e| e.get(&f.wire))),
                InputSource::Body(b) if matches!(b.kind, BodyKind::Bytes | BodyKind::Text) => ("body", None),
                InputSource::Body(_) => ("body", example),
            };
            if !input.required && (setters.len() >= SETTERS_SHOWN || published.is_none()) {
                continue;
            }
            let value = match published {
                Some(v) if std::ptr::eq(v, &SECRET) => Value::String("...".to_owned()),
                Some(v) if v.to_string().len() <= LONGEST_VALUE && fits(&input.ty, v) => v.clone(),
                _ => self.minimal(&input.ty, name),
            };
            let mut shown = match &input.source {
                InputSource::Body(b) if b.kind == BodyKind::Bytes => "b\"...\".to_vec()".to_owned(),
                InputSource::Body(b) if b.kind == BodyKind::Text => "\"...\"".to_owned(),
                _ => literal(&input.ty, &value),
            };
            // A value decoded from JSON gets a line of its own, with its type.
            if shown.starts_with("serde_json::") {
                let binding = match name.trim_start_matches("r#") {
                    "client" | "answer" => format!("{name}_value"),
                    _ => name.to_owned(),
                };
                lets.push(format!("let {binding}: {} = {shown};", type_text(&input.ty)));
                shown = binding;
            }
            if input.required {
                args.push(shown);
            } else {
                setters.push(format!(".{}({shown})", name.trim_start_matches("r#")));
            }
        }
        let method = op.method_name.as_str();
        let target = match op.area.and_then(|a| self.api.areas.get(a)) {
            Some(area) => format!("client.{}().{method}", area.name),
            None => format!("client.{method}"),
        };
        let returns = if has_output(op) { "let answer = " } else { "" };
        lets.push(format!("{returns}{target}({}){}.await?;", args.join(", "), setters.concat()));
        lets.join("\n")
    }

    fn minimal(&self, t: &TypeRef, name: &str) -> Value {
        match t {
            // A name reads better than `"x"` where any text will do.
            TypeRef::String => Value::String(name.trim_start_matches("r#").to_owned()),
            _ => minimal(&self.types, t, 0),
        }
    }
}

/// A type as the docs write it (`types::ChatPostMessageRequest`, `Vec<String>`).
fn type_text(t: &TypeRef) -> String {
    super::rust_type(t, &quote!(types::))
        .to_string()
        .replace(" :: ", "::")
        .replace(":: ", "::")
        .replace(" < ", "<")
        .replace("< ", "<")
        .replace(" >", ">")
        .replace(" ,", ",")
}

/// Whether the operation answers with a value worth a binding.
fn has_output(op: &Operation) -> bool {
    op.responses.iter().any(|r| r.success && !matches!(r.payload, crate::ir::Payload::None))
}

/// Whether a published value has the JSON shape of `t`'s scalars (a mismatched example
/// is shown as the smallest valid value instead).
fn fits(t: &TypeRef, v: &Value) -> bool {
    match t {
        TypeRef::String => v.is_string(),
        TypeRef::Bool => v.is_boolean(),
        TypeRef::F32 | TypeRef::F64 => v.is_number(),
        TypeRef::I8 | TypeRef::I16 | TypeRef::I32 | TypeRef::I64 => v.is_i64(),
        TypeRef::U8 | TypeRef::U16 | TypeRef::U32 | TypeRef::U64 => v.is_u64(),
        TypeRef::Option(inner) | TypeRef::Boxed(inner) => v.is_null() || fits(inner, v),
        TypeRef::File | TypeRef::Bytes => false,
        _ => true,
    }
}

/// Text, numbers and booleans.
fn is_scalar(t: &TypeRef) -> bool {
    matches!(
        t,
        TypeRef::String
            | TypeRef::Bool
            | TypeRef::I8
            | TypeRef::I16
            | TypeRef::I32
            | TypeRef::I64
            | TypeRef::U8
            | TypeRef::U16
            | TypeRef::U32
            | TypeRef::U64
            | TypeRef::F32
            | TypeRef::F64
    )
}

/// Rust for `value` as an argument of type `t`: a literal for text, numbers and
/// booleans, a decoded JSON value for anything else.
fn literal(t: &TypeRef, value: &Value) -> String {
    match (t, value) {
        (TypeRef::String, Value::String(s)) => format!("{s:?}"),
        (TypeRef::Bool, Value::Bool(b)) => b.to_string(),
        (TypeRef::I8 | TypeRef::I16 | TypeRef::I32 | TypeRef::I64, Value::Number(n)) if n.is_i64() => n.to_string(),
        (TypeRef::U8 | TypeRef::U16 | TypeRef::U32 | TypeRef::U64, Value::Number(n)) if n.is_u64() => n.to_string(),
        (TypeRef::F32 | TypeRef::F64, Value::Number(n)) => {
            let f = n.as_f64().unwrap_or_default();
            if f.fract() == 0.0 && f.abs() < 1e15 {
                format!("{f:.1}")
            } else {
                format!("{f}")
            }
        }
        (TypeRef::Vec(item), Value::Array(items))
            if items.len() <= 4 && items.iter().all(|v| fits(item, v) && !v.is_null()) && is_scalar(item) =>
        {
            let shown: Vec<String> = items
                .iter()
                .map(|v| match (&**item, v) {
                    (TypeRef::String, Value::String(s)) => format!("{s:?}.into()"),
                    _ => literal(item, v),
                })
                .collect();
            format!("vec![{}]", shown.join(", "))
        }
        (TypeRef::File, _) => "FilePart::bytes(b\"...\".to_vec())".to_owned(),
        (TypeRef::Bytes, _) => "b\"...\".to_vec()".to_owned(),
        (TypeRef::Option(inner), v) if !v.is_null() => format!("Some({})", literal(inner, v)),
        (TypeRef::Option(_), _) => "None".to_owned(),
        (TypeRef::Boxed(inner), v) => format!("Box::new({})", literal(inner, v)),
        _ => format!("serde_json::from_value(serde_json::json!({value}))?"),
    }
}

/// The doc block of an operation's method: its call, inside a function that is hidden.
/// A client generated into a module of another crate (`generator::Builder`, no area
/// features) has no crate name to import from: its blocks are not doctests there.
pub fn doc_block(api: &Api, call: &str) -> String {
    if !api.area_features {
        return format!("\n\n```ignore\n{call}\n```");
    }
    let krate = api.crate_name.replace('-', "_");
    format!(
        "\n\n```no_run\n# use {krate}::*;\n# async fn call(client: &Client) -> Result<(), Box<dyn std::error::Error>> {{\n{call}\n# Ok(())\n# }}\n```"
    )
}

/// The module that compiles every documented call (this repository's
/// `tests/tests/doc_calls/calls.rs`): one function per operation, the call as its body, and a
/// test that each call is word for word in the client's docs.
pub fn doc_calls_test(api: &Api) -> TokenStream {
    let krate = format_ident!("{}", api.crate_name.replace('-', "_"));
    let calls = DocCalls::new(api);
    let mut fns = Vec::new();
    let mut texts = Vec::new();
    for (i, op) in api.operations.iter().enumerate() {
        let call = calls.call(op);
        let name = format_ident!("call_{i}");
        let body: TokenStream =
            call.parse().unwrap_or_else(|_| quote!(compile_error!("a documented call does not parse");));
        fns.push(quote! {
            #[allow(dead_code, unused_variables, clippy::all)]
            async fn #name(client: &Client) -> Result<(), Box<dyn std::error::Error>> {
                #body
                Ok(())
            }
        });
        texts.push(call);
    }
    quote! {
        //! Every call the client's docs show, compiled: one function per operation.
        #[allow(unused_imports)]
        use #krate::*;

        #(#fns)*

        /// The calls as the docs show them.
        const CALLS: &[&str] = &[#(#texts),*];

        #[test]
        fn every_documented_call_is_in_the_docs() {
            let mut source = String::new();
            let mut dirs = vec![std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../generated-client/src")];
            while let Some(dir) = dirs.pop() {
                for entry in std::fs::read_dir(&dir).expect("generated-client/src").flatten() {
                    let path = entry.path();
                    if path.is_dir() {
                        dirs.push(path);
                    } else {
                        source.push_str(&std::fs::read_to_string(&path).expect("a source file"));
                    }
                }
            }
            // Doc lines as written, whatever their indentation.
            let docs: String = source.lines().map(|l| format!("{}\n", l.trim_start())).collect();
            for call in CALLS {
                let block: String = call.lines().map(|l| format!("/// {l}\n")).collect();
                assert!(docs.contains(&block), "not in the docs: {call}");
            }
        }
    }
}
