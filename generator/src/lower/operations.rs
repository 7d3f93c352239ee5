//! Operations: every method of every path item, named, with its credentials,
//! parameters, body and responses.

use super::auth::OperationAuth;
use super::servers;
use super::Lowering;
use crate::diag::child;
use crate::ir::{Area, AuthScheme, Method, Operation, TypeKind};
use crate::names::{self, Namespace, OperationKey};
use openapiv3::{PathItem, ReferenceOr};

/// Where an operation stands: its document, path, method and the path item around it.
pub(super) struct Site<'a> {
    pub doc: usize,
    pub path: &'a str,
    pub method: &'a str,
    pub op: &'a openapiv3::Operation,
    pub item: &'a PathItem,
    /// `file#/paths/~1p/get`.
    pub origin: String,
    /// What of its server's path the client's base URL does not cover
    /// (`lower/servers.rs`): the operation's path follows it.
    pub prefix: String,
}

impl Site<'_> {
    /// The path as the document writes it, after the server prefix: what tells
    /// endpoints apart and names them.
    fn full_path(&self) -> String {
        format!("{}{}", self.prefix, self.path)
    }

    /// The path sent under the client's base URL.
    pub fn url(&self) -> String {
        format!("{}{}", self.prefix, crate::load::paths::url_path(self.path))
    }
}

/// The names an operation gives the generated code.
struct OpNames {
    method_name: String,
    builder: String,
    error_name: String,
    response_name: String,
}

impl<'a> Lowering<'a> {
    /// The operations, and the areas they are grouped in (`lower/areas.rs`).
    pub(super) fn operations(&mut self, auth: &[AuthScheme]) -> (Vec<Operation>, Vec<Area>) {
        let docs = self.docs;
        let mut found: Vec<Site<'a>> = Vec::new();
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
                    let origin = format!("{}#{}", d.name, child(&child("/paths", path), method));
                    let server = servers::effective(&op.servers, &item.servers, &d.api.servers);
                    // The server's path for now; the base path is taken off below.
                    let prefix = server.map(servers::server_path).unwrap_or_default();
                    found.push(Site { doc: i, path: path.as_str(), method, op, item, origin, prefix });
                }
            }
        }
        self.base_path = servers::common_prefix(found.iter().map(|s| s.prefix.as_str()));
        for site in &mut found {
            site.prefix = servers::prefix_under(&site.prefix, &self.base_path).to_owned();
        }
        let (found, duplicates) = self.one_per_endpoint(found);
        let credential_fields: Vec<&str> = auth.iter().map(|a| a.field.as_str()).collect();
        let full_paths: Vec<String> = found.iter().map(Site::full_path).collect();
        let keys: Vec<OperationKey> = found
            .iter()
            .zip(&full_paths)
            .map(|(s, path)| OperationKey { id: s.op.operation_id.as_deref().unwrap_or(""), method: s.method, path })
            .collect();
        let titles: Vec<Option<String>> =
            found.iter().map(|s| super::areas::title(self.docs, s.doc, &s.op.tags)).collect();
        let mut client_taken: Vec<String> = crate::emit::CLIENT_METHODS.iter().map(|m| m.to_string()).collect();
        for field in &credential_fields {
            let (with, set) = names::credential_setters(field);
            client_taken.extend([with, set]);
        }
        let (areas, placed) = super::areas::group(self.docs, &keys, &titles, &client_taken);
        let mut op_ns = Namespace::new();
        let mut out = Vec::new();
        for (site, place) in found.into_iter().zip(placed) {
            if let Some(wanted) = &place.name.wanted {
                self.warn(
                    site.doc,
                    "name-collision",
                    &site.origin,
                    format!("method name `{wanted}` is taken by another operation; this one is `{}`", place.name.name),
                    "give the operations distinct operationIds",
                );
            }
            // Types are found by the operation's name: its area's and its own (once,
            // `session().start_session` is `StartSession`).
            let area = place.area.and_then(|a| areas.get(a)).map(|a| a.name.as_str()).unwrap_or_default();
            let method = place.name.name.trim_start_matches("r#");
            let full = if names::repeats_area(area, method) { method.to_owned() } else { format!("{area}_{method}") };
            let builder = op_ns.claim(&self.case.type_name(&full));
            let error_name = op_ns.claim(&format!("{builder}Error"));
            let response_name = op_ns.claim(&format!("{builder}Success"));
            let names = OpNames { method_name: place.name.name, builder, error_name, response_name };
            let mut op = self.operation(site, auth, names);
            op.area = place.area;
            op.named_by_http_method = place.name.by_http_method;
            op.named_from_path = place.name.from_path;
            out.push(op);
        }
        // A left-out definition's examples are examples of the same endpoint: they test
        // the operation the client has for it.
        for (kept, site) in duplicates {
            let examples = self.examples(site.doc, site.op, &site.origin);
            if let Some(op) = out.get_mut(kept) {
                op.examples.extend(examples);
            }
        }
        (out, areas)
    }

    /// One operation per endpoint (method and path, path parameter names ignored): where
    /// several documents define one, the document read first defines it (inputs are
    /// read in the order given), and each later definition is left out with a note
    /// located at it, naming the one kept. The definitions left out come back with the
    /// index of the one kept.
    #[allow(clippy::type_complexity)]
    fn one_per_endpoint(&mut self, found: Vec<Site<'a>>) -> (Vec<Site<'a>>, Vec<(usize, Site<'a>)>) {
        let mut first: rustc_hash::FxHashMap<(String, String), usize> = Default::default();
        let mut kept = Vec::with_capacity(found.len());
        let mut left_out = Vec::new();
        for site in found {
            let key = (site.method.to_owned(), endpoint_shape(&site.full_path()));
            match first.get(&key) {
                None => {
                    first.insert(key, kept.len());
                    kept.push(site);
                }
                Some(&k) => {
                    let winner: &Site<'a> = &kept[k];
                    let (doc, origin) = (site.doc, site.origin.clone());
                    let there = if winner.path == site.path && winner.prefix == site.prefix {
                        String::new()
                    } else {
                        format!(" as `{}`", winner.full_path())
                    };
                    let msg = format!(
                        "`{} {}` is also defined in {}{there}, which is read first and defines the client's operation; this definition is left out",
                        site.method.to_uppercase(),
                        site.path,
                        self.docs[winner.doc].name,
                    );
                    let pointer = origin.split_once('#').map_or(origin.as_str(), |(_, p)| p).to_owned();
                    self.diags.push(
                        crate::diag::Diagnostic::note("duplicate-operation", pointer, msg)
                            .with_help("the first of the documents given defines an endpoint; give the one you want first (or drop the other)")
                            .in_file(self.docs[doc].name.clone())
                            .leaves_out(1),
                    );
                    left_out.push((k, site));
                }
            }
        }
        (kept, left_out)
    }

    fn operation(&mut self, site: Site<'a>, auth: &[AuthScheme], n: OpNames) -> Operation {
        let OperationAuth { schemes, headers } = self.operation_auth(site.doc, site.op, site.item, auth);
        let mut arg_ns = names::builder_inputs();
        let mut params = self.parameters(&site, &headers, &n.builder, &mut arg_ns);
        let path_parts = self.path_parts(&site, &mut params, &mut arg_ns);
        let op = site.op;
        let body = op
            .request_body
            .as_ref()
            .and_then(|b| self.body(site.doc, b, &n.builder, &child(&site.origin, "requestBody")));
        let body = body.map(|mut b| {
            if let Some(fb) = &b.flattened {
                let clash = self
                    .struct_fields(&fb.type_name)
                    .iter()
                    .any(|f| arg_ns.contains(&f.name) || names::builder_owns(&f.name));
                if clash {
                    b.flattened = None;
                }
            }
            b
        });
        let responses = self.responses(site.doc, op, &n.builder, &site.origin, site.method == "head");
        let pagination = self.pagination(&site, &params, &responses);
        let session = self.session(&site, &responses, auth);
        let examples = self.examples(site.doc, op, &site.origin);
        Operation {
            operation_id: op.operation_id.clone().unwrap_or_default(),
            method_name: n.method_name,
            area: None,
            named_by_http_method: false,
            named_from_path: false,
            builder_name: n.builder,
            error_name: n.error_name,
            response_name: n.response_name,
            method: to_method(site.method),
            path: site.url(),
            path_parts,
            doc: crate::ir::Doc {
                summary: op.summary.clone(),
                description: op.description.clone(),
                deprecated: op.deprecated,
            },
            tags: op.tags.clone(),
            params,
            body,
            responses,
            pagination,
            session,
            auth: schemes,
            origin: site.origin,
            examples,
        }
    }

    fn struct_fields(&self, type_name: &str) -> &[crate::ir::Field] {
        match self.types.get(type_name).map(|t| &t.kind) {
            Some(TypeKind::Struct(s)) => &s.fields,
            _ => &[],
        }
    }
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

/// A path with its parameter names blanked (`/a/{id}` and `/a/{key}` are one endpoint).
fn endpoint_shape(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut in_param = false;
    for c in path.chars() {
        match c {
            '{' => {
                in_param = true;
                out.push('{');
            }
            '}' => {
                in_param = false;
                out.push('}');
            }
            _ if in_param => {}
            c => out.push(c),
        }
    }
    out
}
