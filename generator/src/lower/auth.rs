//! Credentials: security schemes, and header parameters shared by several operations
//! (set once on the client instead of passed to every call).

use super::refs::{component_name, Component};
use super::Lowering;
use crate::diag::{child, Diagnostic};
use crate::ir::{AuthKind, AuthScheme};
use crate::names::{self, Namespace};
use openapiv3::{Components, Parameter, PathItem, ReferenceOr, SecurityRequirement, SecurityScheme};
use std::collections::{BTreeSet, HashMap};

/// HTTP authentication schemes (IANA's registry) that answer a server's challenge
/// per request: no credential set once on a client can stand for them.
const CHALLENGE_RESPONSE: [&str; 7] = ["digest", "negotiate", "ntlm", "hoba", "mutual", "scram-sha-1", "scram-sha-256"];

/// The security scheme `s` is or refers to (`#/components/securitySchemes/<name>`,
/// followed through further references, boundedly), or why there is none.
fn security_scheme<'c>(
    c: &'c Components,
    mut s: &'c ReferenceOr<SecurityScheme>,
) -> Result<&'c SecurityScheme, String> {
    for _ in 0..32 {
        match s {
            ReferenceOr::Item(s) => return Ok(s),
            ReferenceOr::Reference { reference } => {
                let Some(name) = component_name(reference, "securitySchemes") else {
                    return Err(format!("refers to `{reference}`, which is not a security scheme"));
                };
                s = c
                    .security_schemes
                    .get(&name)
                    .ok_or_else(|| format!("refers to `{reference}`, which does not exist"))?;
            }
        }
    }
    Err("is a cycle of references".to_owned())
}

/// The scheme a security scheme key stands for: the last key along a chain of local
/// references between schemes (`apiKey: {$ref: '#/components/securitySchemes/key'}`
/// is `key`), or `key` itself.
fn canonical(c: &Components, key: &str) -> String {
    let mut current = key.to_owned();
    for _ in 0..32 {
        let Some(ReferenceOr::Reference { reference }) = c.security_schemes.get(&current) else { break };
        match component_name(reference, "securitySchemes").filter(|n| c.security_schemes.contains_key(n)) {
            Some(next) => current = next,
            None => break,
        }
    }
    current
}

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
                // Headers the client or the HTTP layer owns are never client settings.
                if super::params::reserved_header(&parameter_data.name.to_ascii_lowercase()).is_some() {
                    continue;
                }
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
        for (i, d) in self.docs.iter().enumerate() {
            let Some(c) = &d.api.components else { continue };
            for (key, s) in &c.security_schemes {
                if out.iter().any(|a| &a.key == key) {
                    continue;
                }
                let at = child(&child("/components", "securitySchemes"), key);
                // Another name for a scheme defined beside it: the same credential
                // (requirements naming it are mapped in `operation_auth`).
                if canonical(c, key) != *key {
                    continue;
                }
                let s = match security_scheme(c, s) {
                    Ok(s) => s,
                    Err(why) => {
                        self.warn(
                            i,
                            "security-scheme",
                            &at,
                            format!("security scheme `{key}` {why}; the client has no credential for it, and operations that require it are sent without one"),
                            "point the `$ref` at a scheme under `components/securitySchemes` of this document (or a file next to it)",
                        );
                        continue;
                    }
                };
                let (kind, doc) = match s {
                    SecurityScheme::APIKey { location, name, description, .. } => {
                        let kind = match location {
                            openapiv3::APIKeyLocation::Header => AuthKind::Header(name.clone()),
                            openapiv3::APIKeyLocation::Query => AuthKind::Query(name.clone()),
                            openapiv3::APIKeyLocation::Cookie => AuthKind::Cookie(name.clone()),
                        };
                        (kind, description.clone())
                    }
                    SecurityScheme::HTTP { scheme, description, .. } => {
                        let kind = match scheme.trim().to_ascii_lowercase().as_str() {
                            "basic" => AuthKind::Basic,
                            // An empty scheme names nothing to send: bearer, as before.
                            "bearer" | "" => AuthKind::Bearer,
                            s if CHALLENGE_RESPONSE.contains(&s) => {
                                self.warn(
                                    i,
                                    "security-scheme",
                                    &child(&at, "scheme"),
                                    format!("security scheme `{key}` is HTTP `{scheme}` authentication, a challenge-response exchange the client does not perform; it has no credential for it, and operations that require it are sent without one"),
                                    "describe a scheme the client can send (bearer, basic, an API key), or authenticate through the `reqwest::Client` given to the client",
                                );
                                continue;
                            }
                            _ => {
                                // A token scheme (`Token`, `ApiKey`...): the header is
                                // `Authorization: <scheme> <credential>`, the scheme
                                // named as the document writes it.
                                let scheme = scheme.trim().to_owned();
                                self.diags.push(
                                    Diagnostic::note(
                                        "security-scheme",
                                        child(&at, "scheme"),
                                        format!("security scheme `{key}` is HTTP `{scheme}` authentication; the client sends its credential as `Authorization: {scheme} <credential>`"),
                                    )
                                    .with_help("use `bearer` or `basic` if that is what the server expects")
                                    .in_file(self.docs[i].name.clone()),
                                );
                                AuthKind::Scheme(scheme)
                            }
                        };
                        (kind, description.clone())
                    }
                    SecurityScheme::OAuth2 { description, .. } | SecurityScheme::OpenIDConnect { description, .. } => {
                        (AuthKind::Bearer, description.clone())
                    }
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
        // An `Authorization` header parameter with no scheme putting that header: the
        // document's way of saying the calls need credentials. OpenAPI says to ignore
        // such a parameter, but a client that sends nothing there fails on every call
        // of a real server; it is a credential of the client, sent as set.
        let covered = out.iter().any(|a| match &a.kind {
            AuthKind::Bearer | AuthKind::Basic => true,
            AuthKind::Header(h) => h.eq_ignore_ascii_case("authorization"),
            _ => false,
        });
        if let (false, Some(doc)) = (covered, self.authorization_parameter()) {
            let field = ns.claim("authorization");
            let about = "The value of the `Authorization` header, as sent (e.g. `Bearer <token>`): the API \
                         description asks for it as a header parameter, not a security scheme.";
            out.push(AuthScheme {
                key: "Authorization".to_owned(),
                setter: names::snake(&format!("with {}", field.trim_start_matches("r#"))),
                field,
                kind: AuthKind::Header("Authorization".to_owned()),
                doc: Some(match doc {
                    Some(d) => format!("{d}\n\n{about}"),
                    None => about.to_owned(),
                }),
            });
        }
        self.undefined_requirements();
        out
    }

    /// The description of the first `Authorization` header parameter of any operation
    /// (inline or referenced), if any operation has one.
    fn authorization_parameter(&self) -> Option<Option<String>> {
        for (i, d) in self.docs.iter().enumerate() {
            for (_, item) in &d.api.paths.paths {
                let ReferenceOr::Item(item) = item else { continue };
                let ops = item.iter().flat_map(|(_, op)| op.parameters.iter());
                for p in item.parameters.iter().chain(ops) {
                    let Ok(Parameter::Header { parameter_data, .. }) = self.resolve(i, p) else { continue };
                    if parameter_data.name.eq_ignore_ascii_case("authorization") {
                        return Some(parameter_data.description.clone());
                    }
                }
            }
        }
        None
    }

    /// A security requirement naming a scheme no document defines: a located warning
    /// (operations requiring only it are sent without credentials).
    fn undefined_requirements(&mut self) {
        let defined = |name: &str| {
            self.docs.iter().any(|d| d.api.components.as_ref().is_some_and(|c| c.security_schemes.contains_key(name)))
        };
        let mut undefined: Vec<(usize, String, String)> = Vec::new();
        for (i, d) in self.docs.iter().enumerate() {
            let mut check = |at: &str, reqs: &[SecurityRequirement]| {
                for (n, r) in reqs.iter().enumerate() {
                    for name in r.keys().filter(|name| !defined(name)) {
                        undefined.push((i, child(&child(at, &n.to_string()), name), name.clone()));
                    }
                }
            };
            check("/security", d.api.security.as_deref().unwrap_or_default());
            for (path, item) in &d.api.paths.paths {
                let ReferenceOr::Item(item) = item else { continue };
                for (method, op) in item.iter() {
                    let at = child(&child(&child("/paths", path), method), "security");
                    check(&at, op.security.as_deref().unwrap_or_default());
                }
            }
        }
        for (i, at, name) in undefined {
            self.warn(
                i,
                "security-scheme",
                &at,
                format!("the security requirement names `{name}`, which no `components/securitySchemes` defines; the client has no credential for it"),
                "define the scheme under `components/securitySchemes`, or fix the name",
            );
        }
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
        let components = api.components.as_ref();
        let mut schemes: BTreeSet<String> = security
            .iter()
            .flat_map(|r| r.keys())
            .map(|k| components.map_or_else(|| k.clone(), |c| canonical(c, k)))
            .collect();
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
                AuthKind::Bearer | AuthKind::Basic | AuthKind::Scheme(_) => Some("authorization".to_owned()),
                _ => None,
            })
            .collect();
        OperationAuth { schemes: op_auth, headers }
    }
}
