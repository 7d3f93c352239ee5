//! The published examples as test cases: a Rust module (not part of the client crate)
//! with one call per operation that has examples, made through the operation's own
//! `Client` method and builder, and one case per example. A test runner includes it
//! as a module and provides, in the module above it (`super::`), the harness items it
//! names: `Call`, `Case`, `Input`, `Op`, `Outcome` and `Target` (see
//! `tests/src/examples.rs` in this repository for their meaning).
//!
//! Every required input is read from the case's [`Input`]: from the request example
//! when the case is one, otherwise from a minimal value made here from the input's
//! type (required fields only), so nothing about an operation is written by hand.

use super::operations::{call_inputs, InputSource};
use super::rust_type;
use crate::ir::{
    Api, BodyKind, ExampleTarget, Operation, ParamLocation, PathPart, Payload, Status, TypeDef, TypeKind, TypeRef,
};
use crate::names::ident;
use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};
use serde_json::{json, Map, Value};
use std::collections::{BTreeSet, HashMap};

/// How deep minimal values of nested required fields go (a recursive type that
/// requires itself ends in `null` there).
const MAX_DEPTH: usize = 12;

/// The module of test cases for `api`'s client: a call for each operation with examples,
/// or (`every_operation`, for `scripts/wire-check.sh`) for each operation.
pub fn example_tests(api: &Api, every_operation: bool) -> TokenStream {
    let krate = format_ident!("{}", api.crate_name.replace('-', "_"));
    let types: HashMap<&str, &TypeDef> = api.types.iter().map(|t| (t.name.as_str(), t)).collect();
    let mut ops = Vec::new();
    let mut fns = Vec::new();
    let mut cases = Vec::new();
    let mut names = BTreeSet::new();
    for op in api.operations.iter().filter(|op| every_operation || !op.examples.is_empty()) {
        let index = ops.len();
        let minimal = minimal_inputs(&types, op);
        let expected_path = expected_path(op, &minimal);
        let label = call_label(api, op);
        let call = format_ident!("call_{}", label);
        let method = op.method.as_str();
        let name = label.as_str();
        let path = &op.path;
        let minimal_text = minimal.to_string();
        let expected_path = match expected_path {
            Some(p) => quote!(Some(#p)),
            None => quote!(None),
        };
        let body_media_type = match &op.body {
            Some(b) => {
                let ct = &b.content_type;
                quote!(Some(#ct))
            }
            None => quote!(None),
        };
        ops.push(quote! {
            Op { name: #name, method: #method, path: #path, expected_path: #expected_path, body_media_type: #body_media_type, minimal: #minimal_text, call: #call },
        });
        fns.push(call_fn(api, &types, &krate, op, &call));
        for e in &op.examples {
            let (target, status, label) = match e.target {
                ExampleTarget::Request => (quote!(Target::Request), 0u16, "request".to_owned()),
                ExampleTarget::Response(s) => (quote!(Target::Response), served_status(op, s), status_label(s)),
            };
            let base = format!("{name}/{label}/{}", e.name);
            let mut case_name = base.clone();
            let mut n = 2;
            while !names.insert(case_name.clone()) {
                case_name = format!("{base} ({n})");
                n += 1;
            }
            let status = Literal::u16_unsuffixed(status);
            let media = &e.media_type;
            let value = e.value.to_string();
            let origin = &e.origin;
            let index = Literal::usize_unsuffixed(index);
            cases.push(quote! {
                Case { name: #case_name, op: #index, target: #target, status: #status, media_type: #media, value: #value, origin: #origin },
            });
        }
    }
    let client = client_fn(api, &krate);
    quote! {
        //! The published examples of the API description as test cases: one call per
        //! operation that has examples (through its own method and builder) and one case
        //! per example. Included by the test runner, which provides the harness items.

        use super::{Call, Case, Input, Op, Outcome, Target};

        #client

        /// Every operation with examples.
        pub static OPS: &[Op] = &[#(#ops)*];

        /// Every published example.
        pub static CASES: &[Case] = &[#(#cases)*];

        #(#fns)*
    }
}

/// Every published example of a JSON response with the type the client decodes it
/// into, for the decoding benchmark (`tests/decode-bench`): a module the benchmark
/// includes twice, once for the client as generated and once for a build of the same
/// documents with `--derive-deserialize`. The includer names the crate `client` and
/// provides `decodes::<T>(json) -> bool` (its own decoder for `T`).
pub fn decode_cases(api: &Api) -> TokenStream {
    let mut cases = Vec::new();
    for op in &api.operations {
        for e in &op.examples {
            let ExampleTarget::Response(status) = e.target else { continue };
            let Some(response) = op.responses.iter().find(|r| r.status == status) else { continue };
            let Payload::Json(t) = &response.payload else { continue };
            let ty = rust_type(t, &quote!(client::types::));
            let name = format!("{}/{}/{}", call_label(api, op), status_label(status), e.name);
            let value = e.value.to_string();
            cases.push(quote!((#name, #value, super::decodes::<#ty>),));
        }
    }
    quote! {
        //! Every published example of a JSON response, with the type the client decodes
        //! it into: `(case, example, decoder)`. Included by the decoding benchmark, which
        //! provides `client` and `decodes`.

        use super::client;

        /// Every published JSON response example.
        pub static CASES: &[(&str, &str, fn(&[u8]) -> bool)] = &[#(#cases)*];
    }
}

/// `client(base_url)`: the client with every credential set, retries off.
fn client_fn(api: &Api, krate: &proc_macro2::Ident) -> TokenStream {
    let setters = api.auth.iter().map(|a| {
        let setter = ident(&a.setter);
        let value = format!("test-{}", a.field.trim_start_matches("r#"));
        match a.kind {
            // Basic takes a user name and a password.
            crate::ir::AuthKind::Basic => quote!(.#setter(#value, "test-password")),
            _ => quote!(.#setter(#value)),
        }
    });
    quote! {
        /// The client the cases call, against `base_url` through `http`: every credential
        /// set, no retries.
        pub fn client(base_url: &str, http: reqwest::Client) -> Result<#krate::Client, String> {
            Ok(#krate::Client::with_http_client(base_url, http)
                .map_err(|e| e.to_string())?
                .with_retry(#krate::RetryPolicy::new(1))
                #(#setters)*)
        }
    }
}

/// The function that calls `op` with the inputs of an [`Input`].
fn call_fn(
    api: &Api,
    types: &HashMap<&str, &TypeDef>,
    krate: &proc_macro2::Ident,
    op: &Operation,
    call: &proc_macro2::Ident,
) -> TokenStream {
    let types_path = quote!(#krate::types::);
    let file_part = quote!(#krate::FilePart::bytes);
    let inputs = call_inputs(api, op);
    let mut args = Vec::new();
    let mut setters = Vec::new();
    for ci in &inputs {
        let t = rust_type(&ci.ty, &types_path);
        let (value, setter) = match &ci.source {
            InputSource::Param(p) => {
                let loc = location(p.location);
                let wire = &p.wire;
                if ci.required {
                    (quote!(i.param::<#t>(#loc, #wire)?), None)
                } else {
                    (quote!(i.param_opt::<#t>(#loc, #wire)?), Some(ident(&p.name)))
                }
            }
            InputSource::Field(f) => {
                let wire = &f.wire;
                let getter = match (&f.ty, ci.required) {
                    (TypeRef::File, true) => quote!(#file_part(i.file(#wire)?)),
                    (TypeRef::File, false) => quote!(i.file_opt(#wire)?.map(#file_part)),
                    (TypeRef::Vec(item), true) if **item == TypeRef::File => {
                        quote!(i.files(#wire)?.into_iter().map(#file_part).collect())
                    }
                    (TypeRef::Vec(item), false) if **item == TypeRef::File => {
                        quote!(i.files_opt(#wire)?.map(|f| f.into_iter().map(#file_part).collect()))
                    }
                    _ if f.flatten => {
                        let wires = exclusive_wires(types, &f.ty);
                        if ci.required {
                            quote!(i.exclusive::<#t>(&[#(#wires),*])?)
                        } else {
                            quote!(i.exclusive_opt::<#t>(&[#(#wires),*])?)
                        }
                    }
                    (_, true) => quote!(i.field::<#t>(#wire)?),
                    (_, false) => quote!(i.field_opt::<#t>(#wire)?),
                };
                (getter, (!ci.required).then(|| ident(&f.name)))
            }
            InputSource::Body(body) => {
                let getter = match (body.kind, ci.required) {
                    (BodyKind::Bytes, true) => quote!(i.bytes()?),
                    (BodyKind::Bytes, false) => quote!(i.bytes_opt()?),
                    (_, true) => quote!(i.body::<#t>()?),
                    (_, false) => quote!(i.body_opt::<#t>()?),
                };
                (getter, (!ci.required).then(|| ident("body")))
            }
        };
        match setter {
            None => args.push(value),
            Some(s) => setters.push(quote! {
                if let Some(v) = #value {
                    b = b.#s(v);
                }
            }),
        }
    }
    let method = ident(&op.method_name);
    let target = match op.area.and_then(|a| api.areas.get(a)) {
        Some(area) => {
            let accessor = ident(&area.name);
            quote!(c.#accessor().#method)
        }
        None => quote!(c.#method),
    };
    let binding = if setters.is_empty() { quote!(b) } else { quote!(mut b) };
    let input = if inputs.is_empty() { quote!(_) } else { quote!(i) };
    let doc = format!("`{} {}` through `{}`.", op.method.as_str(), op.path, call_path(api, op));
    quote! {
        #[doc = #doc]
        fn #call<'a>(c: &'a #krate::Client, #input: &'a Input) -> Call<'a> {
            Box::pin(async move {
                let #binding = #target(#(#args),*);
                #(#setters)*
                Ok::<_, String>(Outcome::of(b.send().await))
            })
        }
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

/// The wire names of an "exactly one of" type's branches.
fn exclusive_wires(types: &HashMap<&str, &TypeDef>, t: &TypeRef) -> Vec<String> {
    match t.named().and_then(|n| types.get(n)).map(|d| &d.kind) {
        Some(TypeKind::Exclusive(vs)) => vs.iter().map(|v| v.wire.clone()).collect(),
        _ => Vec::new(),
    }
}

/// `200`, `4XX`, `default`.
fn status_label(s: Status) -> String {
    match s {
        Status::Code(c) => c.to_string(),
        Status::Range(r) => format!("{r}XX"),
        Status::Default => "default".to_owned(),
    }
}

/// The status the server answers an example of response `s` with: its code; for a
/// range, its first code the operation does not document by itself; for `default`,
/// 200 when it is the operation's success, else 500.
/// How a user calls the operation: `Client::me` or `Client::chat().post_message`.
fn call_path(api: &Api, op: &Operation) -> String {
    let method = op.method_name.trim_start_matches("r#");
    match op.area.and_then(|a| api.areas.get(a)) {
        Some(area) => format!("Client::{}().{method}", area.name.trim_start_matches("r#")),
        None => format!("Client::{method}"),
    }
}

/// A name for the operation unique in the whole client (method names repeat across
/// areas): `chat_post_message` for `chat().post_message`.
fn call_label(api: &Api, op: &Operation) -> String {
    let method = op.method_name.trim_start_matches("r#");
    match op.area.and_then(|a| api.areas.get(a)) {
        Some(area) => format!("{}_{method}", area.name.trim_start_matches("r#")),
        None => method.to_owned(),
    }
}

fn served_status(op: &Operation, s: Status) -> u16 {
    let documented = |c: u16| op.responses.iter().any(|r| r.status == Status::Code(c));
    match s {
        Status::Code(c) => c,
        Status::Range(r) => (r * 100..r * 100 + 100).find(|c| !documented(*c)).unwrap_or(r * 100),
        Status::Default => {
            if op.responses.iter().any(|r| r.success) {
                (500..600).find(|c| !documented(*c)).unwrap_or(500)
            } else {
                200
            }
        }
    }
}

/// The inputs a case starts from: every required parameter by location and wire name,
/// and the body when one must be sent (a flattened body always: its required fields
/// are arguments), each a minimal value of its type.
fn minimal_inputs(types: &HashMap<&str, &TypeDef>, op: &Operation) -> Value {
    let mut out = Map::new();
    for p in op.params.iter().filter(|p| p.required) {
        let section = out.entry(location(p.location)).or_insert_with(|| json!({}));
        if let Value::Object(m) = section {
            // Any JSON as a parameter: a string, which every style sends (an empty
            // object sends nothing, and the required parameter would go missing).
            let value = if p.ty == TypeRef::Json { json!("x") } else { minimal(types, &p.ty, 0) };
            m.insert(p.wire.clone(), value);
        }
    }
    if let Some(body) = &op.body {
        let value = match body.kind {
            // Not empty: an empty body is no body to a server that requires one.
            BodyKind::Text | BodyKind::Bytes => Some(json!("x")),
            _ if body.flattened.is_some() || body.required => Some(minimal(types, &body.ty, 0)),
            _ => None,
        };
        if let Some(v) = value {
            out.insert("body".to_owned(), v);
        }
    }
    Value::Object(out)
}

/// The smallest value of `t` that decodes and is sent: required fields only, the first
/// value of an enum, the first branch of a union, one item in an array.
pub(super) fn minimal(types: &HashMap<&str, &TypeDef>, t: &TypeRef, depth: usize) -> Value {
    if depth > MAX_DEPTH {
        return Value::Null;
    }
    match t {
        TypeRef::Bool => json!(false),
        TypeRef::I8
        | TypeRef::I16
        | TypeRef::I32
        | TypeRef::I64
        | TypeRef::U8
        | TypeRef::U16
        | TypeRef::U32
        | TypeRef::U64
        | TypeRef::F32
        | TypeRef::F64 => json!(1),
        TypeRef::String => json!("x"),
        TypeRef::DateTime => json!("2024-01-01T00:00:00Z"),
        TypeRef::Uuid => json!("00000000-0000-0000-0000-000000000000"),
        TypeRef::Bytes => json!([]),
        TypeRef::File => json!(""),
        TypeRef::Json | TypeRef::JsonObject | TypeRef::Map(_) => json!({}),
        // One item: an empty array sends nothing in a query or form body, and `minItems`
        // is commonly 1.
        TypeRef::Vec(item) => json!([minimal(types, item, depth + 1)]),
        TypeRef::Option(_) => Value::Null,
        TypeRef::Boxed(inner) => minimal(types, inner, depth),
        TypeRef::Named(n) => match types.get(n.as_str()).map(|d| &d.kind) {
            None => Value::Null,
            Some(TypeKind::Struct(s)) => {
                let mut m = Map::new();
                for f in s.fields.iter().filter(|f| f.required || f.flatten) {
                    if f.flatten {
                        if let Value::Object(branch) = minimal(types, &f.ty, depth + 1) {
                            m.extend(branch);
                        }
                    } else if f.nullable {
                        m.insert(f.wire.clone(), Value::Null);
                    } else {
                        m.insert(f.wire.clone(), minimal(types, &f.ty, depth + 1));
                    }
                }
                Value::Object(m)
            }
            Some(TypeKind::Enum(values)) => json!(values.first().map_or("x", |v| v.wire.as_str())),
            Some(TypeKind::IntEnum(values)) => json!(values.first().map_or(0, |v| v.value)),
            Some(TypeKind::Union(u)) => match u.variants.first() {
                None => Value::Null,
                Some(v) => {
                    let mut value = minimal(types, &v.ty, depth + 1);
                    if let (Some(tag), Some(tv), Value::Object(m)) = (&u.tag, v.tag_values.first(), &mut value) {
                        m.insert(tag.clone(), json!(tv));
                    }
                    value
                }
            },
            Some(TypeKind::Exclusive(vs)) => match vs.first() {
                None => json!({}),
                Some(v) => json!({ v.wire.clone(): minimal(types, &v.ty, depth + 1) }),
            },
            Some(TypeKind::Alias(inner) | TypeKind::Newtype(inner)) => minimal(types, inner, depth + 1),
        },
    }
}

/// The path the client requests with the minimal path parameters, when each is text
/// that needs no encoding (else the path is not checked).
fn expected_path(op: &Operation, minimal: &Value) -> Option<String> {
    let mut path = String::new();
    for part in &op.path_parts {
        match part {
            PathPart::Literal(l) => path.push_str(l),
            PathPart::Param(i) => {
                let p = op.params.get(*i)?;
                let text = match minimal.get("path").and_then(|m| m.get(&p.wire))? {
                    Value::String(s) => s.clone(),
                    Value::Number(n) => n.to_string(),
                    Value::Bool(b) => b.to_string(),
                    _ => return None,
                };
                if !text.chars().all(|c| c.is_ascii_alphanumeric() || "-_.~".contains(c)) {
                    return None;
                }
                path.push_str(&text);
            }
        }
    }
    path.is_ascii().then_some(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn api(yaml: &str) -> Api {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("api.yaml");
        std::fs::write(&path, yaml).expect("write");
        let loaded = crate::load::load(&path, &[], false);
        let doc = loaded.document.unwrap_or_else(|| panic!("does not load: {:?}", loaded.diagnostics));
        crate::lower::lower(&[doc], &crate::lower::Options { crate_name: "my-client".into(), title: None }).0
    }

    const DOC: &str = "openapi: 3.0.3
info: {title: T, version: '1'}
paths:
  /rooms/{rid}/messages:
    post:
      operationId: postMessage
      parameters:
        - {name: rid, in: path, required: true, schema: {type: string}}
        - {name: n, in: query, required: true, schema: {type: integer}}
        - {name: dry, in: query, schema: {type: boolean}}
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              required: [text, kind, at]
              properties:
                text: {type: string}
                kind: {type: string, enum: [plain, rich]}
                at: {type: string, format: date-time}
                note: {type: string}
                inner:
                  type: object
                  required: [a]
                  properties: {a: {type: boolean}, b: {type: string}}
            examples:
              hello: {value: {text: hi, kind: rich, at: '2024-01-01T00:00:00Z'}}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {type: object, properties: {id: {type: string}}}
              example: {id: m1}
        4XX:
          description: bad
          content:
            application/json:
              schema: {type: object}
              example: {error: no}
  /plain:
    get:
      responses:
        '200': {description: ok}
";

    #[test]
    fn minimal_inputs_hold_each_required_input_of_its_type() {
        let a = api(DOC);
        let types: HashMap<&str, &TypeDef> = a.types.iter().map(|t| (t.name.as_str(), t)).collect();
        let op = &a.operations[0];
        let m = minimal_inputs(&types, op);
        assert_eq!(
            m,
            json!({"path": {"rid": "x"}, "query": {"n": 1}, "body": {"text": "x", "kind": "plain", "at": "2024-01-01T00:00:00Z"}})
        );
        assert_eq!(expected_path(op, &m).as_deref(), Some("/rooms/x/messages"));
        assert_eq!(served_status(op, Status::Range(4)), 400);
    }

    #[test]
    fn every_example_is_a_case_and_each_operation_with_examples_a_call() {
        let a = api(DOC);
        let code = example_tests(&a, false);
        let file: syn::File = syn::parse2(code.clone()).expect("the cases parse");
        let text = prettyplease::unparse(&file);
        // Three examples, one operation with examples (`/plain` has none).
        assert_eq!(text.matches("Case {").count(), 3, "{text}");
        assert_eq!(text.matches("Op {").count(), 1, "{text}");
        assert!(text.contains("name: \"post_message/request/hello\""), "{text}");
        assert!(text.contains("name: \"post_message/4XX/example\""), "{text}");
        assert!(text.contains("status: 400"), "{text}");
        // The method is called with the required inputs as arguments, in order, and
        // the optional ones through their setters.
        let compact: String = text.split_whitespace().collect();
        assert!(
            compact.contains(r#"c.post_message(i.param::<String>("path","rid")?,i.param::<i64>("query","n")?,i.field::<String>("text")?,"#),
            "{text}"
        );
        assert!(compact.contains(r#"ifletSome(v)=i.param_opt::<bool>("query","dry")?{b=b.dry(v);}"#), "{text}");
        assert!(compact.contains(r#"ifletSome(v)=i.field_opt::<String>("note")?{b=b.note(v);}"#), "{text}");
        assert!(compact.contains("my_client::Client::with_http_client"), "{text}");
    }
}
