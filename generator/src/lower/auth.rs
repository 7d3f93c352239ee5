//! Credentials: security schemes, and header parameters shared by several operations
//! (set once on the client instead of passed to every call).

use super::refs::{component_name, Component};
use super::Lowering;
use crate::ir::{AuthKind, AuthScheme};
use crate::names::{self, Namespace};
use openapiv3::{Parameter, PathItem, ReferenceOr, SecurityRequirement, SecurityScheme};
use std::collections::{BTreeSet, HashMap};

/// The credentials one operation sends.
pub(super) struct OperationAuth {
    /// Keys of the schemes used, in the order of the client's schemes.
    pub schemes: Vec<String>,
    /// Lowercase header names those schemes set: such header parameters are not arguments.
    pub headers: Vec<String>,
}

impl<'a> Lowering<'a> {
    /// Header parameters defined once under `components/parameters` and shared by
    /// several operations (Rocket.Chat's `X-Auth-Token` and `X-User-Id`): credentials
    /// or client-wide settings in all but name. They are set once on the client, like
    /// security schemes, instead of being an argument of every call.
    fn shared_headers(&self) -> Vec<(String, String, Option<String>)> {
        let mut out: Vec<(String, String, Option<String>)> = Vec::new();
        for d in self.docs {
            let Some(c) = &d.api.components else { continue };
            let mut uses: HashMap<String, usize> = HashMap::new();
            let mut total = 0;
            for (_, item) in &d.api.paths.paths {
                let ReferenceOr::Item(item) = item else { continue };
                for (_, op) in item.iter() {
                    total += 1;
                    let here: BTreeSet<String> = op
                        .parameters
                        .iter()
                        .chain(&item.parameters)
                        .filter_map(|p| match p {
                            ReferenceOr::Reference { reference } => component_name(reference, Parameter::SECTION),
                            ReferenceOr::Item(_) => None,
                        })
                        .collect();
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
    pub(super) fn auth_schemes(&mut self) -> Vec<AuthScheme> {
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

    /// The schemes an operation uses: its (or the document's) security requirements,
    /// and the shared header parameters it references.
    pub(super) fn operation_auth(
        &self,
        doc: usize,
        op: &'a openapiv3::Operation,
        item: &'a PathItem,
        auth: &[AuthScheme],
    ) -> OperationAuth {
        let api = &self.docs[doc].api;
        let security: &[SecurityRequirement] = op.security.as_deref().or(api.security.as_deref()).unwrap_or(&[]);
        let mut schemes: BTreeSet<String> = security.iter().flat_map(|r| r.keys().cloned()).collect();
        // Shared header parameters this operation references are client settings, and a
        // header parameter that carries a credential (by its header name: a security
        // scheme's or a shared header's, whether referenced or written inline) is the
        // client's credential, not an argument.
        for p in op.parameters.iter().chain(&item.parameters) {
            if let ReferenceOr::Reference { reference } = p {
                let name = component_name(reference, Parameter::SECTION);
                if let Some(a) = auth.iter().find(|a| Some(&a.key) == name.as_ref()) {
                    schemes.insert(a.key.clone());
                    continue;
                }
            }
            let Ok(Parameter::Header { parameter_data, .. }) = self.resolve(doc, p) else { continue };
            let same = |a: &&AuthScheme| matches!(&a.kind, AuthKind::Header(h) if h.eq_ignore_ascii_case(&parameter_data.name));
            if let Some(a) = auth.iter().find(same) {
                schemes.insert(a.key.clone());
            }
        }
        let op_auth: Vec<String> = auth.iter().filter(|a| schemes.contains(&a.key)).map(|a| a.key.clone()).collect();
        let headers: Vec<String> = auth
            .iter()
            .filter(|a| op_auth.contains(&a.key))
            .filter_map(|a| match &a.kind {
                AuthKind::Header(h) => Some(h.to_ascii_lowercase()),
                AuthKind::Bearer | AuthKind::Basic => Some("authorization".to_owned()),
                _ => None,
            })
            .collect();
        OperationAuth { schemes: op_auth, headers }
    }
}
