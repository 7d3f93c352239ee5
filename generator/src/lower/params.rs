//! Parameters: operation and path-item parameters to arguments, and the path template
//! to literal and parameter parts.

use super::operations::Site;
use super::{secrets, serialization};
use super::{Lowering, Name};
use crate::diag::child;
use crate::ir::{Doc, Param, ParamLocation, PathPart, Shape, TypeRef};
use crate::names::Namespace;
use openapiv3::{Parameter, ParameterSchemaOrContent, ReferenceOr};
use std::collections::BTreeSet;

impl<'a> Lowering<'a> {
    /// The parameters of an operation that are arguments: operation parameters override
    /// path-level ones of the same name and place; headers the credentials or the client
    /// set are left out.
    pub(super) fn parameters(
        &mut self,
        site: &Site<'a>,
        auth_headers: &[String],
        builder: &str,
        arg_ns: &mut Namespace,
    ) -> Vec<Param> {
        let doc = site.doc;
        let mut params: Vec<Param> = Vec::new();
        let mut seen: BTreeSet<(String, String)> = BTreeSet::new();
        let all: Vec<(&ReferenceOr<Parameter>, String)> = site
            .op
            .parameters
            .iter()
            .enumerate()
            .map(|(k, p)| (p, child(&child(&site.origin, "parameters"), &k.to_string())))
            .chain(site.item.parameters.iter().enumerate().map(|(k, p)| {
                (
                    p,
                    format!(
                        "{}#{}",
                        self.docs[doc].name,
                        child(&child(&child("/paths", site.path), "parameters"), &k.to_string())
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
            if location == ParamLocation::Header && auth_headers.contains(&lower_name) {
                continue;
            }
            if location == ParamLocation::Header {
                if let Some(instead) = reserved_header(&lower_name) {
                    // Once per document and header: a shared parameter is used by many.
                    if self.reserved_noted.insert((doc, lower_name.clone())) {
                        self.diags.push(
                            crate::diag::Diagnostic::note(
                                "reserved-header",
                                p_origin.split_once('#').map_or(p_origin.as_str(), |(_, p)| p).to_owned(),
                                format!("header parameter `{}` is not an input: {instead}", data.name),
                            )
                            .in_file(self.docs[doc].name.clone()),
                        );
                    }
                    continue;
                }
            }
            let hint = Name::Hint(format!("{} {}", builder, data.name));
            let schema = match &data.format {
                ParameterSchemaOrContent::Schema(s) => Some(s),
                ParameterSchemaOrContent::Content(c) => c.values().next().and_then(|m| m.schema.as_ref()),
            };
            let ty = match schema {
                Some(s) => self.lower(doc, s, &hint, &p_origin),
                None => TypeRef::String,
            };
            let secret = secrets::secret_name(&data.name)
                || secrets::scheme_parameter(&data.name, location, &self.auth)
                || schema.and_then(|s| self.resolve(doc, s).ok()).is_some_and(secrets::password_format);
            let ty = match ty {
                TypeRef::Option(inner) => *inner,
                t => t,
            };
            let shape = serialization::shape(&ty, &self.types);
            let (serialization, undefined) = serialization::parameter(param, shape);
            if let Some(u) = undefined {
                self.warn(doc, "parameter-style", &p_origin, u.message, u.help);
            }
            params.push(Param {
                name: arg_ns.claim(&self.case.snake(&data.name)),
                wire: data.name.clone(),
                location,
                ty,
                required: data.required || location == ParamLocation::Path,
                shape,
                serialization,
                doc: Doc {
                    summary: None,
                    description: data.description.clone(),
                    deprecated: data.deprecated.unwrap_or(false),
                },
                secret,
            });
        }
        params
    }

    /// The path template in parts. A placeholder without a declared parameter still
    /// needs a value: it becomes a string argument, with a warning.
    pub(super) fn path_parts(
        &mut self,
        site: &Site<'a>,
        params: &mut Vec<Param>,
        arg_ns: &mut Namespace,
    ) -> Vec<PathPart> {
        let mut parts = split_path(&site.url(), params);
        for part in parts.iter_mut() {
            let PathPart::Literal(l) = part else { continue };
            let Some(name) = l.strip_prefix('{').and_then(|s| s.strip_suffix('}')) else { continue };
            let name = name.to_owned();
            let secret = secrets::secret_name(&name);
            self.warn(
                site.doc,
                "undeclared-path-parameter",
                &site.origin,
                format!("path parameter `{name}` is not declared; it was added as a string argument"),
                "declare it under `parameters` with `in: path`",
            );
            params.push(Param {
                name: arg_ns.claim(&self.case.snake(&name)),
                wire: name,
                location: ParamLocation::Path,
                ty: TypeRef::String,
                required: true,
                shape: Shape::Primitive,
                serialization: serialization::undeclared_path(),
                doc: Doc::default(),
                secret,
            });
            *part = PathPart::Param(params.len() - 1);
        }
        parts
    }

    fn resolve_parameter(&mut self, doc: usize, p: &'a ReferenceOr<Parameter>, origin: &str) -> Option<&'a Parameter> {
        let found = self.resolve(doc, p).ok();
        if let (None, ReferenceOr::Reference { reference }) = (found, p) {
            self.warn(
                doc,
                "unsupported-ref",
                origin,
                format!("parameter `{reference}` is not a component parameter; it was skipped"),
                "reference parameters under `#/components/parameters/`",
            );
        }
        found
    }
}

/// `/a/{id}/b` -> `/a/`, parameter `id`, `/b`; a placeholder no parameter declares stays
/// a literal `{name}`.
fn split_path(path: &str, params: &[Param]) -> Vec<PathPart> {
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

/// What the client does instead of sending a header parameter of this (lowercase)
/// name, if the header is not the caller's to set: OpenAPI says parameters named
/// `Accept`, `Content-Type` and `Authorization` are ignored, and the HTTP layer owns
/// the framing headers. Never an argument, never a credential (`lower/auth.rs`).
/// `Authorization` is here only when no security scheme puts it there (those are
/// taken out before, as credentials).
pub(super) fn reserved_header(lower_name: &str) -> Option<&'static str> {
    Some(match lower_name {
    "content-type" => "the client sends the body's media type (a raw body's is chosen per request, `media_type`)",
    "accept" => "OpenAPI says to ignore it; the client accepts what the responses document",
    "authorization" => {
        "OpenAPI says to ignore it; describe the credential as a security scheme (`components/securitySchemes`) to get a client setter"
    }
    "content-length" | "transfer-encoding" | "connection" | "host" | "te" | "trailer" | "upgrade" | "keep-alive" => {
        "the HTTP layer sets it"
    }
    _ => return None,
})
}
