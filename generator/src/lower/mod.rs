//! Lowering: loaded `openapiv3` documents to the IR. `$ref`s are resolved here; no
//! tokens are built here.

mod schema;
mod view;

#[cfg(test)]
mod tests;

pub use schema::Name;

use crate::diag::{child, Diagnostic};
use crate::ir::{
    Api, AuthKind, AuthScheme, Body, BodyKind, Doc, FlatBody, Method, Operation, Param, ParamLocation, PathPart,
    Payload, QueryStyle, Response, Status, TypeDef, TypeKind, TypeRef, Uses,
};
use crate::load::Document;
use crate::names::{self, Namespace, OperationKey};
use openapiv3::{
    MediaType, Parameter, ParameterSchemaOrContent, PathItem, ReferenceOr, RequestBody, SecurityRequirement,
    SecurityScheme, StatusCode,
};
use rustc_hash::FxHashMap;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Options that shape the generated crate.
#[derive(Clone, Debug)]
pub struct Options {
    pub crate_name: String,
    /// Overrides the title taken from the documents.
    pub title: Option<String>,
}

/// Lowering state shared by schemas and operations.
pub struct Lowering<'a> {
    docs: &'a [Document],
    types: BTreeMap<String, TypeDef>,
    type_ns: Namespace,
    /// Per document: component schema name -> type name (looked up for every `$ref`).
    components: Vec<FxHashMap<String, String>>,
    diags: Vec<Diagnostic>,
    uses: Uses,
    /// Lowering a multipart body: `format: binary` strings are file bytes.
    multipart: bool,
    /// Case conversions already made (the same names recur across schemas).
    case: names::Cache,
}

/// Lowers documents (merged into one client) to the IR, with warnings found on the way.
pub fn lower(docs: &[Document], options: &Options) -> (Api, Vec<Diagnostic>) {
    let mut l = Lowering {
        docs,
        types: BTreeMap::new(),
        type_ns: Namespace::new(),
        components: vec![FxHashMap::default(); docs.len()],
        diags: Vec::new(),
        uses: Uses::default(),
        multipart: false,
        case: names::Cache::default(),
    };
    l.register_components();
    l.lower_components();
    let auth = l.auth_schemes();
    let operations = l.operations(&auth);
    box_recursive_fields(&mut l.types);
    newtype_recursive_aliases(&mut l.types);
    let first = docs.first().map(|d| &d.api.info);
    let title = match docs {
        _ if options.title.is_some() => options.title.clone().unwrap_or_default(),
        [one] => one.api.info.title.clone(),
        _ => docs.iter().map(|d| d.api.info.title.as_str()).collect::<Vec<_>>().join(", "),
    };
    let mut servers: Vec<String> = docs.iter().flat_map(|d| d.api.servers.iter().map(|s| s.url.clone())).collect();
    servers.dedup();
    let api = Api {
        crate_name: options.crate_name.clone(),
        title,
        version: first.map(|i| i.version.clone()).unwrap_or_default(),
        description: match docs {
            [one] => one.api.info.description.clone(),
            _ => None,
        },
        servers,
        auth,
        operations,
        types: l.types.into_values().collect(),
        uses: l.uses,
        sources: docs.iter().map(|d| d.name.clone()).collect(),
    };
    (api, l.diags)
}

fn doc_stem(name: &str) -> String {
    std::path::Path::new(name).file_stem().and_then(|s| s.to_str()).unwrap_or(name).to_owned()
}

impl<'a> Lowering<'a> {
    /// Claims a type name for every component schema of every document. The same name
    /// with the same definition in two documents is one type; different definitions
    /// get the document's name in front (`UserManagementUser`).
    fn register_components(&mut self) {
        let mut first_seen: HashMap<String, (usize, &ReferenceOr<openapiv3::Schema>)> = HashMap::new();
        for (i, d) in self.docs.iter().enumerate() {
            let Some(c) = &d.api.components else { continue };
            for (key, s) in &c.schemas {
                if let Some((j, other)) = first_seen.get(key) {
                    if *other == s {
                        let shared = self.component_type(*j, key).cloned().unwrap_or_default();
                        self.claim_component(i, key, shared);
                        continue;
                    }
                    let name = self.type_ns.claim(&names::type_name(&format!("{} {key}", doc_stem(&d.name))));
                    self.claim_component(i, key, name);
                    continue;
                }
                first_seen.insert(key.clone(), (i, s));
                let name = self.type_ns.claim(&names::type_name(key));
                self.claim_component(i, key, name);
            }
        }
    }

    /// The type name of a component schema of document `doc`.
    fn component_type(&self, doc: usize, key: &str) -> Option<&String> {
        self.components.get(doc)?.get(key)
    }

    fn claim_component(&mut self, doc: usize, key: &str, type_name: String) {
        if let Some(names) = self.components.get_mut(doc) {
            names.insert(key.to_owned(), type_name);
        }
    }

    fn lower_components(&mut self) {
        let docs = self.docs;
        for (i, d) in docs.iter().enumerate() {
            let Some(c) = &d.api.components else { continue };
            for (key, s) in &c.schemas {
                let Some(name) = self.component_type(i, key).cloned() else { continue };
                if self.types.contains_key(&name) {
                    continue;
                }
                let origin = format!("{}#{}", d.name, child("/components/schemas", key));
                let t = match s {
                    ReferenceOr::Item(schema) => self.lower_schema(i, schema, &Name::Fixed(name.clone()), &origin),
                    ReferenceOr::Reference { .. } => self.lower(i, s, &Name::Fixed(name.clone()), &origin),
                };
                if !self.types.contains_key(&name) {
                    let t = match t {
                        TypeRef::Option(inner) => *inner,
                        t => t,
                    };
                    let doc = s
                        .as_item()
                        .map(|s| Doc {
                            summary: s.schema_data.title.clone(),
                            description: s.schema_data.description.clone(),
                            deprecated: s.schema_data.deprecated,
                        })
                        .unwrap_or_default();
                    self.types.insert(name.clone(), TypeDef { name, doc, kind: TypeKind::Alias(t), origin });
                }
            }
        }
    }

    /// Header parameters defined once under `components/parameters` and shared by
    /// several operations (Rocket.Chat's `X-Auth-Token` and `X-User-Id`): credentials
    /// or client-wide settings in all but name. They are set once on the client, like
    /// security schemes, instead of being an argument of every call.
    fn shared_headers(&self) -> Vec<(String, String, Option<String>)> {
        let mut out: Vec<(String, String, Option<String>)> = Vec::new();
        for d in self.docs {
            let Some(c) = &d.api.components else { continue };
            let mut uses: HashMap<&str, usize> = HashMap::new();
            let mut total = 0;
            for (_, item) in &d.api.paths.paths {
                let ReferenceOr::Item(item) = item else { continue };
                for (_, op) in item.iter() {
                    total += 1;
                    let mut here: BTreeSet<&str> = BTreeSet::new();
                    for p in op.parameters.iter().chain(&item.parameters) {
                        if let ReferenceOr::Reference { reference } = p {
                            if let Some(name) = reference.strip_prefix("#/components/parameters/") {
                                here.insert(name);
                            }
                        }
                    }
                    for name in here {
                        *uses.entry(name).or_default() += 1;
                    }
                }
            }
            for (key, p) in &c.parameters {
                let Some(Parameter::Header { parameter_data, .. }) = p.as_item() else { continue };
                let n = uses.get(key.as_str()).copied().unwrap_or(0);
                if (n >= 2 || (n >= 1 && n == total)) && !out.iter().any(|(k, _, _)| k == key) {
                    out.push((key.clone(), parameter_data.name.clone(), parameter_data.description.clone()));
                }
            }
        }
        out
    }

    /// Security schemes of all documents, each once, then shared header parameters.
    fn auth_schemes(&mut self) -> Vec<AuthScheme> {
        let mut out: Vec<AuthScheme> = Vec::new();
        let mut ns = Namespace::new();
        let shared = self.shared_headers();
        for d in self.docs {
            let Some(c) = &d.api.components else { continue };
            for (key, s) in &c.security_schemes {
                if out.iter().any(|a| &a.key == key) {
                    continue;
                }
                let ReferenceOr::Item(s) = s else { continue };
                let (kind, doc) = match s {
                    SecurityScheme::APIKey { location, name, description, .. } => {
                        let kind = match location {
                            openapiv3::APIKeyLocation::Header => AuthKind::Header(name.clone()),
                            openapiv3::APIKeyLocation::Query => AuthKind::Query(name.clone()),
                            openapiv3::APIKeyLocation::Cookie => AuthKind::Cookie(name.clone()),
                        };
                        (kind, description.clone())
                    }
                    SecurityScheme::HTTP { scheme, description, .. } if scheme.eq_ignore_ascii_case("basic") => {
                        (AuthKind::Basic, description.clone())
                    }
                    SecurityScheme::HTTP { description, .. }
                    | SecurityScheme::OAuth2 { description, .. }
                    | SecurityScheme::OpenIDConnect { description, .. } => (AuthKind::Bearer, description.clone()),
                };
                let field = ns.claim(&names::snake(key));
                out.push(AuthScheme {
                    key: key.clone(),
                    setter: names::snake(&format!("with {}", field.trim_start_matches("r#"))),
                    field,
                    kind,
                    doc,
                });
            }
        }
        for (key, header, doc) in shared {
            let same_header =
                out.iter().any(|a| matches!(&a.kind, AuthKind::Header(h) if h.eq_ignore_ascii_case(&header)));
            if same_header || out.iter().any(|a| a.key == key) {
                continue;
            }
            let field = ns.claim(&names::snake(&key));
            out.push(AuthScheme {
                key: key.clone(),
                setter: names::snake(&format!("with {}", field.trim_start_matches("r#"))),
                field,
                kind: AuthKind::Header(header),
                doc,
            });
        }
        out
    }

    fn operations(&mut self, auth: &[AuthScheme]) -> Vec<Operation> {
        let docs = self.docs;
        let mut found: Vec<(usize, &str, &str, &openapiv3::Operation, &PathItem)> = Vec::new();
        for (i, d) in docs.iter().enumerate() {
            for (path, item) in &d.api.paths.paths {
                let ReferenceOr::Item(item) = item else {
                    self.warn(
                        i,
                        "unsupported-ref",
                        &format!("{}#{}", d.name, child("/paths", path)),
                        "a `$ref` path item is not supported; the path was skipped".into(),
                        "inline the path item",
                    );
                    continue;
                };
                for (method, op) in item.iter() {
                    found.push((i, path.as_str(), method, op, item));
                }
            }
        }
        let keys: Vec<OperationKey> = found
            .iter()
            .map(|(_, path, method, op, _)| OperationKey { id: op.operation_id.as_deref().unwrap_or(""), method, path })
            .collect();
        let names::OperationNames { names: method_names, renamed } = names::name_operations(&keys);
        for (i, wanted) in renamed {
            let (doc, path, method, _, _) = found[i];
            let origin = format!("{}#{}", docs[doc].name, child(&child("/paths", path), method));
            self.warn(
                doc,
                "name-collision",
                &origin,
                format!("method name `{wanted}` is taken by another operation; this one is `{}`", method_names[i]),
                "give the operations distinct operationIds",
            );
        }
        let mut op_ns = Namespace::new();
        let mut out = Vec::new();
        for ((i, path, method, op, item), method_name) in found.into_iter().zip(method_names) {
            let origin = format!("{}#{}", docs[i].name, child(&child("/paths", path), method));
            let builder = op_ns.claim(&self.case.type_name(&method_name));
            let error_name = op_ns.claim(&format!("{builder}Error"));
            let response_name = op_ns.claim(&format!("{builder}Success"));
            let lowered = self.operation(
                i,
                path,
                method,
                op,
                item,
                auth,
                OpNames { method_name, builder, error_name, response_name },
                origin,
            );
            out.push(lowered);
        }
        out
    }

    #[allow(clippy::too_many_arguments)]
    fn operation(
        &mut self,
        doc: usize,
        path: &str,
        method: &str,
        op: &'a openapiv3::Operation,
        item: &'a PathItem,
        auth: &[AuthScheme],
        n: OpNames,
        origin: String,
    ) -> Operation {
        let api = &self.docs[doc].api;
        let security: &[SecurityRequirement] = op.security.as_deref().or(api.security.as_deref()).unwrap_or(&[]);
        let mut schemes: BTreeSet<String> = security.iter().flat_map(|r| r.keys().cloned()).collect();
        // Shared header parameters this operation references are client settings.
        for p in op.parameters.iter().chain(&item.parameters) {
            if let ReferenceOr::Reference { reference } = p {
                if let Some(name) = reference.strip_prefix("#/components/parameters/") {
                    if let Some(a) = auth.iter().find(|a| a.key == name) {
                        schemes.insert(a.key.clone());
                    } else if let Some(Parameter::Header { parameter_data, .. }) =
                        api.components.as_ref().and_then(|c| c.parameters.get(name)).and_then(ReferenceOr::as_item)
                    {
                        // Same header under another scheme (a security scheme of another document).
                        if let Some(a) = auth.iter().find(
                            |a| matches!(&a.kind, AuthKind::Header(h) if h.eq_ignore_ascii_case(&parameter_data.name)),
                        ) {
                            schemes.insert(a.key.clone());
                        }
                    }
                }
            }
        }
        let op_auth: Vec<String> = auth.iter().filter(|a| schemes.contains(&a.key)).map(|a| a.key.clone()).collect();
        let auth_headers: Vec<String> = auth
            .iter()
            .filter(|a| op_auth.contains(&a.key))
            .filter_map(|a| match &a.kind {
                AuthKind::Header(h) => Some(h.to_ascii_lowercase()),
                AuthKind::Bearer | AuthKind::Basic => Some("authorization".to_owned()),
                _ => None,
            })
            .collect();

        let mut arg_ns = Namespace::with_reserved(&["send", "into_future", "client", "body", "new"]);
        let mut params: Vec<Param> = Vec::new();
        let mut seen: BTreeSet<(String, String)> = BTreeSet::new();
        // Operation parameters override path-level ones of the same name and place.
        let all: Vec<(&ReferenceOr<Parameter>, String)> = op
            .parameters
            .iter()
            .enumerate()
            .map(|(k, p)| (p, child(&child(&origin, "parameters"), &k.to_string())))
            .chain(item.parameters.iter().enumerate().map(|(k, p)| {
                (
                    p,
                    format!(
                        "{}#{}",
                        self.docs[doc].name,
                        child(&child(&child("/paths", path), "parameters"), &k.to_string())
                    ),
                )
            }))
            .collect();
        for (p, p_origin) in all {
            let Some(param) = self.resolve_parameter(doc, p, &p_origin) else { continue };
            let data = param.parameter_data_ref();
            let location = match param {
                Parameter::Path { .. } => ParamLocation::Path,
                Parameter::Query { .. } => ParamLocation::Query,
                Parameter::Header { .. } => ParamLocation::Header,
                Parameter::Cookie { .. } => ParamLocation::Cookie,
            };
            if !seen.insert((format!("{location:?}"), data.name.clone())) {
                continue;
            }
            let lower_name = data.name.to_ascii_lowercase();
            if location == ParamLocation::Header
                && (auth_headers.contains(&lower_name)
                    || matches!(lower_name.as_str(), "content-type" | "accept" | "content-length"))
            {
                continue;
            }
            let hint = Name::Hint(format!("{} {}", n.builder, data.name));
            let ty = match &data.format {
                ParameterSchemaOrContent::Schema(s) => self.lower(doc, s, &hint, &p_origin),
                ParameterSchemaOrContent::Content(c) => match c.values().next().and_then(|m| m.schema.as_ref()) {
                    Some(s) => self.lower(doc, s, &hint, &p_origin),
                    None => TypeRef::String,
                },
            };
            let ty = match ty {
                TypeRef::Option(inner) => *inner,
                t => t,
            };
            let style = match param {
                Parameter::Query { style, .. } => match (style, data.explode) {
                    (openapiv3::QueryStyle::SpaceDelimited, _) => QueryStyle::Space,
                    (openapiv3::QueryStyle::PipeDelimited, _) => QueryStyle::Pipe,
                    (openapiv3::QueryStyle::DeepObject, _) => QueryStyle::Json,
                    (_, Some(false)) => QueryStyle::Comma,
                    _ => QueryStyle::Repeat,
                },
                _ => QueryStyle::Comma,
            };
            let style = if self.is_structured(&ty) { QueryStyle::Json } else { style };
            params.push(Param {
                name: arg_ns.claim(&self.case.snake(&data.name)),
                wire: data.name.clone(),
                location,
                ty,
                required: data.required || location == ParamLocation::Path,
                style,
                doc: Doc {
                    summary: None,
                    description: data.description.clone(),
                    deprecated: data.deprecated.unwrap_or(false),
                },
            });
        }
        let path_parts = path_parts(path, &params);
        for part in &path_parts {
            if let PathPart::Literal(_) = part {
                continue;
            }
        }
        // Path placeholders without a declared parameter still need a value.
        let mut path_parts = path_parts;
        for part in path_parts.iter_mut() {
            if let PathPart::Literal(l) = part {
                if let Some(name) = l.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
                    let name = name.to_owned();
                    self.warn(
                        doc,
                        "undeclared-path-parameter",
                        &origin,
                        format!("path parameter `{name}` is not declared; it was added as a string argument"),
                        "declare it under `parameters` with `in: path`",
                    );
                    params.push(Param {
                        name: arg_ns.claim(&self.case.snake(&name)),
                        wire: name,
                        location: ParamLocation::Path,
                        ty: TypeRef::String,
                        required: true,
                        style: QueryStyle::Comma,
                        doc: Doc::default(),
                    });
                    *part = PathPart::Param(params.len() - 1);
                }
            }
        }
        let body = op.request_body.as_ref().and_then(|b| self.body(doc, b, &n.builder, &child(&origin, "requestBody")));
        let body = body.map(|mut b| {
            if let Some(fb) = &b.flattened {
                let clash = self
                    .struct_fields(&fb.type_name)
                    .iter()
                    .any(|f| arg_ns.contains(&f.name) || f.name == "send" || f.name == "into_future");
                if clash {
                    b.flattened = None;
                }
            }
            b
        });
        let responses = self.responses(doc, op, &n.builder, &origin);
        Operation {
            operation_id: op.operation_id.clone().unwrap_or_default(),
            method_name: n.method_name,
            builder_name: n.builder,
            error_name: n.error_name,
            response_name: n.response_name,
            method: to_method(method),
            path: path.to_owned(),
            path_parts,
            doc: Doc { summary: op.summary.clone(), description: op.description.clone(), deprecated: op.deprecated },
            tags: op.tags.clone(),
            params,
            body,
            responses,
            auth: op_auth,
            origin,
        }
    }

    fn struct_fields(&self, type_name: &str) -> &[crate::ir::Field] {
        match self.types.get(type_name).map(|t| &t.kind) {
            Some(TypeKind::Struct(s)) => &s.fields,
            _ => &[],
        }
    }

    /// Objects, maps and arrays of them cannot be written as plain query text.
    fn is_structured(&self, ty: &TypeRef) -> bool {
        match ty {
            TypeRef::Json | TypeRef::JsonObject | TypeRef::Map(_) => true,
            TypeRef::Vec(inner) => {
                !matches!(
                    **inner,
                    TypeRef::String
                        | TypeRef::Bool
                        | TypeRef::I32
                        | TypeRef::I64
                        | TypeRef::U32
                        | TypeRef::U64
                        | TypeRef::F64
                        | TypeRef::F32
                        | TypeRef::I8
                        | TypeRef::I16
                        | TypeRef::U8
                        | TypeRef::U16
                        | TypeRef::Uuid
                        | TypeRef::DateTime
                ) && !matches!(&**inner, TypeRef::Named(n) if matches!(self.types.get(n).map(|t| &t.kind), Some(TypeKind::Enum(_))))
            }
            TypeRef::Named(n) => !matches!(
                self.types.get(n).map(|t| &t.kind),
                Some(TypeKind::Enum(_)) | Some(TypeKind::IntEnum(_)) | Some(TypeKind::Alias(TypeRef::String))
            ),
            _ => false,
        }
    }

    fn resolve_parameter(&mut self, doc: usize, p: &'a ReferenceOr<Parameter>, origin: &str) -> Option<&'a Parameter> {
        let docs = self.docs;
        let mut current = p;
        for _ in 0..16 {
            match current {
                ReferenceOr::Item(p) => return Some(p),
                ReferenceOr::Reference { reference } => {
                    let found = reference.strip_prefix("#/components/parameters/").and_then(|name| {
                        docs[doc].api.components.as_ref()?.parameters.get(&crate::load::refs::fragment_pointer(name))
                    });
                    match found {
                        Some(next) => current = next,
                        None => {
                            self.warn(
                                doc,
                                "unsupported-ref",
                                origin,
                                format!("parameter `{reference}` is not a component parameter; it was skipped"),
                                "reference parameters under `#/components/parameters/`",
                            );
                            return None;
                        }
                    }
                }
            }
        }
        None
    }

    fn resolve_body(&mut self, doc: usize, b: &'a ReferenceOr<RequestBody>, origin: &str) -> Option<&'a RequestBody> {
        let docs = self.docs;
        match b {
            ReferenceOr::Item(b) => Some(b),
            ReferenceOr::Reference { reference } => {
                let found = reference
                    .strip_prefix("#/components/requestBodies/")
                    .and_then(|name| {
                        docs[doc]
                            .api
                            .components
                            .as_ref()?
                            .request_bodies
                            .get(&crate::load::refs::fragment_pointer(name))
                    })
                    .and_then(ReferenceOr::as_item);
                if found.is_none() {
                    self.warn(
                        doc,
                        "unsupported-ref",
                        origin,
                        format!("request body `{reference}` could not be resolved; the body was skipped"),
                        "reference bodies under `#/components/requestBodies/`",
                    );
                }
                found
            }
        }
    }

    fn body(&mut self, doc: usize, b: &'a ReferenceOr<RequestBody>, builder: &str, origin: &str) -> Option<Body> {
        let body = self.resolve_body(doc, b, origin)?;
        let (content_type, media, kind) = pick_media(&body.content)?;
        let hint = Name::Hint(format!("{builder} Request"));
        let media_origin = child(&child(origin, "content"), content_type);
        self.multipart = kind == BodyKind::Multipart;
        let ty = match (kind, media.schema.as_ref()) {
            (BodyKind::Text, _) => TypeRef::String,
            (BodyKind::Bytes, _) => TypeRef::Bytes,
            (_, Some(s)) => self.lower(doc, s, &hint, &child(&media_origin, "schema")),
            (_, None) => TypeRef::Json,
        };
        self.multipart = false;
        let ty = match ty {
            TypeRef::Option(inner) => *inner,
            t => t,
        };
        if kind == BodyKind::Multipart {
            self.uses.multipart = true;
        }
        let flattened = match &ty {
            TypeRef::Named(n) if matches!(kind, BodyKind::Json | BodyKind::Form | BodyKind::Multipart) => {
                match self.types.get(n).map(|t| &t.kind) {
                    Some(TypeKind::Struct(s)) if !s.fields.is_empty() && s.additional.is_none() => {
                        Some(FlatBody { type_name: n.clone() })
                    }
                    _ => None,
                }
            }
            _ => None,
        };
        // Multipart bodies are written field by field, so they must be structs.
        if kind == BodyKind::Multipart && flattened.is_none() {
            self.warn(
                doc,
                "multipart-not-object",
                origin,
                "a multipart body that is not an object is sent as JSON".into(),
                "describe multipart bodies as objects, one property per part",
            );
            return Some(Body {
                kind: BodyKind::Json,
                content_type: "application/json".into(),
                ty,
                required: body.required,
                doc: body.description.clone(),
                flattened,
            });
        }
        Some(Body {
            kind,
            content_type: content_type.to_owned(),
            ty,
            required: body.required,
            doc: body.description.clone(),
            flattened,
        })
    }

    fn responses(&mut self, doc: usize, op: &'a openapiv3::Operation, builder: &str, origin: &str) -> Vec<Response> {
        let docs = self.docs;
        let mut entries: Vec<(Status, &ReferenceOr<openapiv3::Response>)> = op
            .responses
            .responses
            .iter()
            .map(|(code, r)| {
                let s = match code {
                    StatusCode::Code(c) => Status::Code(*c),
                    StatusCode::Range(r) => Status::Range(*r),
                };
                (s, r)
            })
            .collect();
        if let Some(d) = &op.responses.default {
            entries.push((Status::Default, d));
        }
        entries.sort_by_key(|(s, _)| *s);
        let success_count = entries.iter().filter(|(s, _)| is_success(*s)).count();
        let mut out = Vec::new();
        let mut variant_ns = Namespace::with_reserved(&["Unknown"]);
        for (status, r) in entries {
            let r_origin = child(&child(origin, "responses"), &status_key(status));
            let resolved = match r {
                ReferenceOr::Item(r) => Some(r),
                ReferenceOr::Reference { reference } => reference
                    .strip_prefix("#/components/responses/")
                    .and_then(|name| {
                        docs[doc].api.components.as_ref()?.responses.get(&crate::load::refs::fragment_pointer(name))
                    })
                    .and_then(ReferenceOr::as_item),
            };
            let Some(resp) = resolved else {
                self.warn(
                    doc,
                    "unsupported-ref",
                    &r_origin,
                    "response reference could not be resolved; the response was skipped".into(),
                    "reference responses under `#/components/responses/`",
                );
                continue;
            };
            let variant = variant_ns.claim(&match status {
                Status::Code(c) => names::status_variant(Some(c), None),
                Status::Range(r) => names::status_variant(None, Some(r)),
                Status::Default => names::status_variant(None, None),
            });
            let success = is_success(status);
            let hint = if success && success_count == 1 {
                format!("{builder} Response")
            } else {
                format!("{builder} {variant}")
            };
            // A component response keeps its component name for its inline body schema.
            let hint = match r {
                ReferenceOr::Reference { reference } => {
                    reference.rsplit('/').next().map(|n| n.to_owned()).unwrap_or(hint)
                }
                ReferenceOr::Item(_) => hint,
            };
            let payload = match pick_media(&resp.content) {
                None => Payload::None,
                Some((ct, media, kind)) => match kind {
                    BodyKind::Json | BodyKind::Form | BodyKind::Multipart => match &media.schema {
                        Some(s) => {
                            let t = self.lower(
                                doc,
                                s,
                                &Name::Hint(hint),
                                &child(&child(&child(&r_origin, "content"), ct), "schema"),
                            );
                            Payload::Json(t)
                        }
                        None => Payload::Json(TypeRef::Json),
                    },
                    BodyKind::Text => Payload::Text,
                    BodyKind::Bytes => Payload::Bytes,
                },
            };
            out.push(Response { status, variant, payload, description: resp.description.clone(), success });
        }
        out
    }
}

struct OpNames {
    method_name: String,
    builder: String,
    error_name: String,
    response_name: String,
}

fn status_key(s: Status) -> String {
    match s {
        Status::Code(c) => c.to_string(),
        Status::Range(r) => format!("{r}XX"),
        Status::Default => "default".into(),
    }
}

pub fn is_success(s: Status) -> bool {
    matches!(s, Status::Code(200..=299) | Status::Range(2))
}

fn to_method(m: &str) -> Method {
    match m {
        "get" => Method::Get,
        "put" => Method::Put,
        "post" => Method::Post,
        "delete" => Method::Delete,
        "options" => Method::Options,
        "head" => Method::Head,
        "patch" => Method::Patch,
        _ => Method::Trace,
    }
}

/// The media type the client uses: JSON first, then forms, text, and raw bytes.
fn pick_media(content: &indexmap::IndexMap<String, MediaType>) -> Option<(&str, &MediaType, BodyKind)> {
    let kind_of = |ct: &str| {
        let ct = ct.to_ascii_lowercase();
        let essence = ct.split(';').next().unwrap_or("").trim().to_owned();
        if essence == "application/json" || essence.ends_with("+json") || essence == "*/*" || essence == "application/*"
        {
            BodyKind::Json
        } else if essence == "application/x-www-form-urlencoded" {
            BodyKind::Form
        } else if essence == "multipart/form-data" {
            BodyKind::Multipart
        } else if essence.starts_with("text/") {
            BodyKind::Text
        } else {
            BodyKind::Bytes
        }
    };
    let rank = |k: BodyKind| match k {
        BodyKind::Json => 0,
        BodyKind::Form => 1,
        BodyKind::Multipart => 2,
        BodyKind::Text => 3,
        BodyKind::Bytes => 4,
    };
    content.iter().map(|(ct, m)| (ct.as_str(), m, kind_of(ct))).min_by_key(|(_, _, k)| rank(*k))
}

fn path_parts(path: &str, params: &[Param]) -> Vec<PathPart> {
    let mut parts = Vec::new();
    let mut rest = path;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}').map(|c| c + open) else { break };
        if open > 0 {
            parts.push(PathPart::Literal(rest[..open].to_owned()));
        }
        let name = &rest[open + 1..close];
        match params.iter().position(|p| p.location == ParamLocation::Path && p.wire == name) {
            Some(i) => parts.push(PathPart::Param(i)),
            None => parts.push(PathPart::Literal(format!("{{{name}}}"))),
        }
        rest = &rest[close + 1..];
    }
    if !rest.is_empty() {
        parts.push(PathPart::Literal(rest.to_owned()));
    }
    parts
}

/// Fields whose type contains their own struct by value (directly or through other
/// structs, unions or aliases) are boxed, so every type has a finite size.
fn box_recursive_fields(types: &mut BTreeMap<String, TypeDef>) {
    fn by_value(t: &TypeRef) -> Option<&str> {
        match t {
            TypeRef::Named(n) => Some(n),
            TypeRef::Option(inner) => by_value(inner),
            _ => None,
        }
    }
    fn edges(def: &TypeDef) -> Vec<String> {
        match &def.kind {
            TypeKind::Struct(s) => s.fields.iter().filter_map(|f| by_value(&f.ty).map(str::to_owned)).collect(),
            TypeKind::Union(u) => u.variants.iter().filter_map(|v| by_value(&v.ty).map(str::to_owned)).collect(),
            TypeKind::Exclusive(vs) => vs.iter().filter_map(|v| by_value(&v.ty).map(str::to_owned)).collect(),
            TypeKind::Alias(t) => by_value(t).map(str::to_owned).into_iter().collect(),
            TypeKind::Enum(_) | TypeKind::IntEnum(_) | TypeKind::Newtype(_) => Vec::new(),
        }
    }
    let graph: HashMap<String, Vec<String>> = types.iter().map(|(n, d)| (n.clone(), edges(d))).collect();
    let reaches = |from: &str, to: &str| -> bool {
        let mut stack = vec![from.to_owned()];
        let mut seen = BTreeSet::new();
        while let Some(n) = stack.pop() {
            if n == to {
                return true;
            }
            if seen.insert(n.clone()) {
                if let Some(next) = graph.get(&n) {
                    stack.extend(next.iter().cloned());
                }
            }
        }
        false
    };
    let boxed = |t: &mut TypeRef, owner: &str| {
        if let Some(target) = by_value(t).map(str::to_owned) {
            if reaches(&target, owner) {
                let inner = std::mem::replace(t, TypeRef::Json);
                *t = match inner {
                    TypeRef::Option(i) => TypeRef::Option(Box::new(TypeRef::Boxed(i))),
                    other => TypeRef::Boxed(Box::new(other)),
                };
            }
        }
    };
    for (name, def) in types.iter_mut() {
        match &mut def.kind {
            TypeKind::Struct(s) => s.fields.iter_mut().for_each(|f| boxed(&mut f.ty, name)),
            TypeKind::Union(u) => u.variants.iter_mut().for_each(|v| boxed(&mut v.ty, name)),
            TypeKind::Exclusive(vs) => vs.iter_mut().for_each(|v| boxed(&mut v.ty, name)),
            TypeKind::Alias(_) | TypeKind::Enum(_) | TypeKind::IntEnum(_) | TypeKind::Newtype(_) => {}
        }
    }
}

/// Aliases that reach themselves through other aliases become newtypes.
fn newtype_recursive_aliases(types: &mut BTreeMap<String, TypeDef>) {
    let aliases: HashMap<String, Vec<String>> = types
        .iter()
        .filter_map(|(n, d)| match &d.kind {
            TypeKind::Alias(t) => Some((n.clone(), t.names().into_iter().map(str::to_owned).collect())),
            _ => None,
        })
        .collect();
    let recursive: Vec<String> = aliases
        .keys()
        .filter(|start| {
            let mut stack: Vec<&String> = aliases.get(*start).map(|v| v.iter().collect()).unwrap_or_default();
            let mut seen = BTreeSet::new();
            while let Some(n) = stack.pop() {
                if n == *start {
                    return true;
                }
                if seen.insert(n.clone()) {
                    stack.extend(aliases.get(n).into_iter().flatten());
                }
            }
            false
        })
        .cloned()
        .collect();
    for name in recursive {
        if let Some(def) = types.get_mut(&name) {
            if let TypeKind::Alias(t) = &def.kind {
                def.kind = TypeKind::Newtype(t.clone());
            }
        }
    }
}
