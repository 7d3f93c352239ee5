//! The repaired `Value` into `openapiv3::OpenAPI`. A part that still does not fit the
//! OpenAPI model is replaced by the most local fallback (a schema becomes "any JSON",
//! a broken parameter or operation is left out), each a located warning (an error with
//! `--strict`), then the document is read again. Only a document whose top level is
//! unusable is an error.

use crate::diag::{segments, Diagnostic, Diagnostics, Severity};
use openapiv3::OpenAPI;
use serde::Deserialize;
use serde_json::{Map, Value};
use serde_path_to_error::Segment;

/// Upper bound on fallbacks per document: enough for any real document, and a guarantee
/// that a pathological one ends.
const MAX_FALLBACKS: usize = 500;

pub fn to_openapi(mut doc: Value, diags: &mut Diagnostics) -> Result<OpenAPI, Diagnostic> {
    // Most documents fit at once: reading without tracking the path is faster, and the
    // path is only needed to report a part that does not fit.
    if let Ok(api) = OpenAPI::deserialize(&doc) {
        return Ok(api);
    }
    for _ in 0..MAX_FALLBACKS {
        let err = match serde_path_to_error::deserialize::<_, OpenAPI>(&doc) {
            Ok(api) => return Ok(api),
            Err(e) => e,
        };
        let (pointer, message) = refine(&doc, to_pointer(err.path()), clean(&err.inner().to_string()));
        let operations = operations_at(&doc, &segments(&pointer));
        match fall_back(&mut doc, &pointer) {
            // A fallback is a repair: `--strict` refuses it.
            Some((code, what, at)) => {
                let severity = if diags.strict { Severity::Error } else { Severity::Warning };
                let left_out = operations.get(at).copied().unwrap_or_default();
                let with = match left_out {
                    0 | 1 => String::new(),
                    n => format!(" with its {n} operations"),
                };
                diags.push(
                    Diagnostic::new(severity, code, pointer, format!("{message}; {what}{with}"))
                        .with_help("fix this part of the document to get a typed result; the rest of the document is unaffected")
                        .leaves_out(left_out),
                );
            }
            None => {
                return Err(Diagnostic::error(
                    "invalid-document",
                    pointer,
                    format!("the document does not fit the OpenAPI model: {message}"),
                )
                .with_help("check this field against the OpenAPI 3.0 specification"));
            }
        }
    }
    Err(Diagnostic::error(
        "invalid-document",
        "",
        format!("more than {MAX_FALLBACKS} parts of the document do not fit the OpenAPI model"),
    )
    .with_help("is this really an OpenAPI 3 document?"))
}

fn clean(msg: &str) -> String {
    msg.replace(
        "data did not match any variant of untagged enum ReferenceOr",
        "neither a valid `$ref` nor a valid definition",
    )
}

fn to_pointer(path: &serde_path_to_error::Path) -> String {
    let mut out = String::new();
    for seg in path.iter() {
        match seg {
            Segment::Seq { index } => out = crate::diag::child(&out, &index.to_string()),
            Segment::Map { key } => out = crate::diag::child(&out, key),
            Segment::Enum { .. } | Segment::Unknown => {}
        }
    }
    out
}

/// What an OpenAPI node is, by its place in the document.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Root,
    Info,
    Servers,
    Server,
    Tags,
    Tag,
    Paths,
    PathItem,
    Operation,
    Parameters,
    Parameter,
    RequestBody,
    Responses,
    Response,
    Content,
    MediaType,
    Schema,
    SchemaMap,
    SchemaList,
    Headers,
    Header,
    Examples,
    Example,
    Links,
    Link,
    Callbacks,
    Callback,
    Encodings,
    Encoding,
    Components,
    ParameterMap,
    RequestBodyMap,
    ResponseMap,
    SecuritySchemes,
    SecurityScheme,
}

fn child_kind(parent: Kind, key: &str) -> Option<Kind> {
    use Kind::*;
    Some(match (parent, key) {
        (Root, "info") => Info,
        (Root | PathItem | Operation, "servers") => Servers,
        (Root, "tags") => Tags,
        (Root, "paths") => Paths,
        (Root, "components") => Components,
        (Servers, _) => Server,
        (Tags, _) => Tag,
        (Paths, _) => PathItem,
        (PathItem, m) if crate::load::walk::METHODS.contains(&m) => Operation,
        (PathItem | Operation, "parameters") => Parameters,
        (Operation, "requestBody") => RequestBody,
        (Operation, "responses") => Responses,
        (Operation, "callbacks") | (Components, "callbacks") => Callbacks,
        (Parameters | ParameterMap, _) => Parameter,
        (Parameter | Header | MediaType, "schema") => Schema,
        (Parameter | Header | RequestBody | Response, "content") => Content,
        (Parameter | Header | MediaType, "examples") | (Components, "examples") => Examples,
        (Responses | ResponseMap, _) => Response,
        (Response, "headers") | (Encoding, "headers") | (Components, "headers") => Headers,
        (Response, "links") | (Components, "links") => Links,
        (Content, _) => MediaType,
        (MediaType, "encoding") => Encodings,
        (Encodings, _) => Encoding,
        (Schema, "items" | "additionalProperties" | "not") => Schema,
        (Schema, "properties") => SchemaMap,
        (Schema, "allOf" | "anyOf" | "oneOf") => SchemaList,
        (SchemaMap | SchemaList, _) => Schema,
        (Headers, _) => Header,
        (Examples, _) => Example,
        (Links, _) => Link,
        (Callbacks, _) => Callback,
        (Callback, _) => PathItem,
        (Components, "schemas") => SchemaMap,
        (Components, "parameters") => ParameterMap,
        (Components, "requestBodies") => RequestBodyMap,
        (Components, "responses") => ResponseMap,
        (Components, "securitySchemes") => SecuritySchemes,
        (RequestBodyMap, _) => RequestBody,
        (SecuritySchemes, _) => SecurityScheme,
        _ => return None,
    })
}

/// The kind of the node at a pointer, or `None` for a plain field.
fn kind_of(segs: &[String]) -> Option<Kind> {
    segs.iter().try_fold(Kind::Root, |k, s| child_kind(k, s))
}

/// Deserializes `v` as the `openapiv3` type of `kind`: the error's path inside `v` and
/// its message. `None` for kinds that are only containers (their entries are checked).
fn probe(kind: Kind, v: &Value) -> Option<Result<(), (String, String)>> {
    fn typed<T: serde::de::DeserializeOwned>(v: &Value) -> Option<Result<(), (String, String)>> {
        Some(
            serde_path_to_error::deserialize::<_, T>(v)
                .map(|_| ())
                .map_err(|e| (to_pointer(e.path()), clean(&e.inner().to_string()))),
        )
    }
    use Kind::*;
    let referable = matches!(
        kind,
        Schema | Parameter | RequestBody | Response | Header | Example | Link | PathItem | SecurityScheme | Callback
    );
    if referable && v.get("$ref").is_some_and(Value::is_string) {
        return Some(Ok(()));
    }
    match kind {
        Root => typed::<OpenAPI>(v),
        Info => typed::<openapiv3::Info>(v),
        Server => typed::<openapiv3::Server>(v),
        Tag => typed::<openapiv3::Tag>(v),
        PathItem => typed::<openapiv3::PathItem>(v),
        Operation => typed::<openapiv3::Operation>(v),
        Parameter => typed::<openapiv3::Parameter>(v),
        RequestBody => typed::<openapiv3::RequestBody>(v),
        Responses => typed::<openapiv3::Responses>(v),
        Response => typed::<openapiv3::Response>(v),
        MediaType => typed::<openapiv3::MediaType>(v),
        Schema => typed::<openapiv3::Schema>(v),
        Header => typed::<openapiv3::Header>(v),
        Example => typed::<openapiv3::Example>(v),
        Link => typed::<openapiv3::Link>(v),
        Callback => typed::<openapiv3::Callback>(v),
        Encoding => typed::<openapiv3::Encoding>(v),
        Components => typed::<openapiv3::Components>(v),
        SecurityScheme => typed::<openapiv3::SecurityScheme>(v),
        Servers | Tags | Paths | Parameters | Content | SchemaMap | SchemaList | Headers | Examples | Links
        | Callbacks | Encodings | ParameterMap | RequestBodyMap | ResponseMap | SecuritySchemes => None,
    }
}

/// Whether `v`, as a `kind`, does not deserialize (itself, or any entry of a container).
fn fails(kind: Kind, v: &Value, depth: usize) -> bool {
    match probe(kind, v) {
        Some(r) => r.is_err(),
        None if depth < 4 && shape_fits(kind, v) => {
            entries(v).any(|(k, c)| child_kind(kind, &k).is_some_and(|ck| fails(ck, c, depth + 1)))
        }
        None => false,
    }
}

/// Whether a container is the JSON type its entries are looked for in (a list given
/// where a map belongs is wrong as a whole, not entry by entry).
fn shape_fits(kind: Kind, v: &Value) -> bool {
    use Kind::*;
    match kind {
        Parameters | SchemaList | Servers | Tags => v.is_array(),
        _ => v.is_object(),
    }
}

fn entries(v: &Value) -> Box<dyn Iterator<Item = (String, &Value)> + '_> {
    match v {
        Value::Object(m) => Box::new(m.iter().map(|(k, c)| (k.clone(), c))),
        Value::Array(a) => Box::new(a.iter().enumerate().map(|(i, c)| (i.to_string(), c))),
        _ => Box::new(std::iter::empty()),
    }
}

/// `serde_path_to_error` loses the path inside `#[serde(flatten)]` fields and untagged
/// or internally tagged enums, which `openapiv3` has at every level (`paths`, `responses`,
/// every `ReferenceOr`). Starting from where it stopped, this finds the innermost node
/// that does not deserialize on its own, and in it the member that makes it fail.
fn refine(doc: &Value, mut pointer: String, mut message: String) -> (String, String) {
    // Each step goes one or more levels deeper; documents are at most 128 levels deep.
    for _ in 0..256 {
        let Some(node) = doc.pointer(&pointer) else { break };
        let Some(kind) = kind_of(&segments(&pointer)) else { break };
        if let Some(Err((inner, msg))) = probe(kind, node) {
            message = msg;
            if !inner.is_empty() && doc.pointer(&format!("{pointer}{inner}")).is_some() {
                pointer.push_str(&inner);
                continue;
            }
        }
        if !shape_fits(kind, node) {
            break;
        }
        let failing = entries(node).find(|(k, c)| child_kind(kind, k).is_some_and(|ck| fails(ck, c, 0)));
        if let Some((key, _)) = failing {
            pointer = crate::diag::child(&pointer, &key);
            continue;
        }
        if let Some(member) = culprit_member(kind, node) {
            pointer = crate::diag::child(&pointer, &member);
        }
        break;
    }
    (pointer, message)
}

/// In an object that fails as a whole (its own fields buffered by `flatten`), the member
/// without which it deserializes.
fn culprit_member(kind: Kind, node: &Value) -> Option<String> {
    let obj = node.as_object()?;
    if obj.len() > 64 {
        return None;
    }
    obj.keys()
        .find(|key| {
            let mut without = obj.clone();
            without.shift_remove(*key);
            matches!(probe(kind, &Value::Object(without)), Some(Ok(())))
        })
        .cloned()
}

/// Replaces or removes the innermost replaceable node at or above `pointer`: what was
/// done, for the message, and the length of the pointer of the node replaced.
fn fall_back(doc: &mut Value, pointer: &str) -> Option<(&'static str, String, usize)> {
    let segs = segments(pointer);
    for len in (1..=segs.len()).rev() {
        let here = &segs[..len];
        let ptr = join(here);
        let at = |what: &str| if ptr == pointer { format!("this {what}") } else { format!("the {what} at #{ptr}") };
        // `schemas:` with nothing after it (YAML null) where a section was meant.
        if len >= 2 && doc.pointer(&ptr).is_some_and(Value::is_null) {
            remove(doc, &ptr)?;
            return Some(("null-value", format!("{} is empty (null) and is left out", at("field")), len));
        }
        let what = match kind_of(here) {
            Some(Kind::Schema) => {
                let mut any = Map::new();
                if let Some(d) = doc.pointer(&ptr).and_then(|v| v.get("description")).filter(|d| d.is_string()) {
                    any.insert("description".into(), d.clone());
                }
                *doc.pointer_mut(&ptr)? = Value::Object(any);
                return Some(("invalid-schema", format!("{} is read as any JSON value", at("schema")), len));
            }
            Some(Kind::Parameter) => "parameter",
            Some(Kind::Operation) => "operation",
            Some(Kind::PathItem) => "path",
            Some(Kind::Response) => "response",
            Some(Kind::Server) => "server",
            Some(Kind::Tag) => "tag",
            Some(
                Kind::Example
                | Kind::Header
                | Kind::Link
                | Kind::Callback
                | Kind::Encoding
                | Kind::RequestBody
                | Kind::SecurityScheme
                | Kind::MediaType,
            ) => "part",
            Some(Kind::Parameters | Kind::Servers | Kind::Tags | Kind::Callbacks | Kind::Links | Kind::Examples) => {
                "list"
            }
            _ if len == 1 && matches!(here[0].as_str(), "externalDocs" | "security") => "part",
            _ if len == 2 && here[0] == "components" && here[1] != "schemas" => "part",
            _ => continue,
        };
        remove(doc, &ptr)?;
        return Some(("invalid-part", format!("{} is left out", at(what)), len));
    }
    None
}

/// How many operations each prefix of `segs` holds (by prefix length): a path item its
/// methods, an operation one, anything else none.
fn operations_at(doc: &Value, segs: &[String]) -> Vec<usize> {
    (0..=segs.len())
        .map(|len| match &segs[..len] {
            [paths, path] if paths == "paths" && !path.starts_with("x-") => doc
                .pointer(&join(&segs[..len]))
                .and_then(Value::as_object)
                .map_or(0, |item| crate::load::walk::METHODS.iter().filter(|m| item.contains_key(**m)).count()),
            [paths, _, method] if paths == "paths" && crate::load::walk::METHODS.contains(&method.as_str()) => 1,
            _ => 0,
        })
        .collect()
}

fn join(segs: &[String]) -> String {
    segs.iter().fold(String::new(), |acc, s| crate::diag::child(&acc, s))
}

fn remove(doc: &mut Value, ptr: &str) -> Option<()> {
    let (parent, last) = ptr.rsplit_once('/')?;
    let last = last.replace("~1", "/").replace("~0", "~");
    match doc.pointer_mut(parent)? {
        Value::Object(m) => m.shift_remove(&last).map(|_| ()),
        Value::Array(a) => {
            let i: usize = last.parse().ok()?;
            (i < a.len()).then(|| {
                a.remove(i);
            })
        }
        _ => None,
    }
}
