//! Lowering: loaded `openapiv3` documents to the IR. `$ref`s are resolved here; no
//! tokens are built here.
//!
//! One concern per module: `components` (type names of component schemas), `auth`
//! (security schemes and shared header parameters), `operations` (paths to operations),
//! `login` (what `x-login`/`x-logout` operations do to credentials), `pagination`,
//! `params`, `secrets` (which inputs and fields never show in `Debug`), `serialization`
//! (how parameters and form fields go on the wire), `bodies`
//! (request bodies and media types), `responses`, `examples` (published examples, as
//! test data), `schema` (schemas to types), `recursion` (making recursive types
//! finite), `domain` (one type for the inline schemas an overlay marks `x-type-name`)
//! and `refs` (the one `$ref` resolver they all use).

mod areas;
mod auth;
mod bodies;
mod components;
mod domain;
mod examples;
mod login;
mod operations;
mod pagination;
mod params;
mod recursion;
mod refs;
mod responses;
mod schema;
pub mod secrets;
mod serialization;
mod servers;
mod unify;
mod view;

#[cfg(test)]
mod tests;

pub use responses::is_success;
pub use schema::Name;

use crate::diag::Diagnostic;
use crate::ir::{Api, AuthScheme, TypeDef, Uses};
use crate::load::Document;
use crate::names::{self, Namespace};
use rustc_hash::FxHashMap;
use std::collections::BTreeMap;

/// The codes of findings about the generator's own extensions (`x-pagination`,
/// `x-login`, `x-logout`) that could not be honoured: warnings, errors under `--strict`.
pub const EXTENSION_FINDINGS: &[&str] = &["pagination-overlay", "login-overlay"];

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
    /// Case conversions already made (the same names recur across schemas).
    case: names::Cache,
    /// Inline types by shape (their kind, written out): an inline schema with the
    /// shape of one already made is that type.
    shapes: FxHashMap<String, String>,
    /// The API's security schemes: parameters sent where they put a credential are secrets.
    auth: Vec<AuthScheme>,
    /// Unified inline types: the names their other occurrences would have had.
    unified: unify::Candidates,
    /// Types made for inline schemas (the only ones `unify` renames).
    inline_types: std::collections::HashSet<String>,
    /// Domain types (`x-type-name`), merged before lowering.
    domain: &'a [domain::DomainType],
    /// Mark -> (index in `domain`, type name claimed for it).
    domain_names: FxHashMap<String, (usize, String)>,
    /// Domain types whose lowering has begun (a recursive one refers to itself).
    domain_started: std::collections::HashSet<String>,
    /// The path every operation's server shares (`lower/servers.rs`).
    base_path: String,
    /// Reserved header parameters already noted, per document (`params::reserved_header`).
    reserved_noted: std::collections::HashSet<(usize, String)>,
}

/// Lowers documents (merged into one client) to the IR, with warnings found on the way.
pub fn lower(docs: &[Document], options: &Options) -> (Api, Vec<Diagnostic>) {
    let (domain, domain_diags) = domain::collect(docs);
    let mut l = Lowering::new(docs, &domain);
    l.diags.extend(domain_diags);
    l.register_components();
    l.claim_domain_types();
    l.lower_components();
    let auth = l.auth_schemes();
    l.auth = auth.clone();
    let (mut operations, areas) = l.operations(&auth);
    unify::shorten(&mut l.types, &mut operations, &l.unified, &mut l.type_ns);
    unify::op_aliases(&mut l.types, &mut operations, &mut l.type_ns);
    recursion::box_recursive_fields(&mut l.types);
    recursion::newtype_recursive_aliases(&mut l.types);
    areas::reach_types(&mut l.types, &operations, areas.len());
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
        crate_version: crate::release::INITIAL.to_owned(),
        title,
        version: first.map(|i| i.version.clone()).unwrap_or_default(),
        description: match docs {
            [one] => one.api.info.description.clone(),
            _ => None,
        },
        servers,
        base_path: l.base_path,
        auth,
        operations,
        types: l.types.into_values().collect(),
        uses: l.uses,
        sources: docs.iter().map(|d| d.name.clone()).collect(),
        areas,
        area_features: true,
        derive_deserialize: false,
    };
    (api, l.diags)
}

impl<'a> Lowering<'a> {
    fn new(docs: &'a [Document], domain: &'a [domain::DomainType]) -> Self {
        Lowering {
            docs,
            types: BTreeMap::new(),
            type_ns: Namespace::new(),
            components: vec![FxHashMap::default(); docs.len()],
            diags: Vec::new(),
            uses: Uses::default(),
            case: names::Cache::default(),
            shapes: FxHashMap::default(),
            auth: Vec::new(),
            unified: Default::default(),
            inline_types: Default::default(),
            domain,
            domain_names: FxHashMap::default(),
            domain_started: Default::default(),
            base_path: String::new(),
            reserved_noted: Default::default(),
        }
    }

    /// Claims each domain type's name after the components' (a component keeps its
    /// name; a domain type meeting one is told so and numbered).
    fn claim_domain_types(&mut self) {
        for (i, d) in self.domain.iter().enumerate() {
            if self.type_ns.contains(&d.name) {
                self.warn(
                    d.doc,
                    "type-name",
                    &d.origin,
                    format!(
                        "`{}: {}` is also a component's name; the domain type is numbered",
                        domain::EXTENSION,
                        d.name
                    ),
                    "pick a name no component schema has, or `$ref` the component instead",
                );
            }
            let claimed = self.type_ns.claim(&d.name);
            self.domain_names.insert(d.name.clone(), (i, claimed));
        }
    }

    pub(super) fn warn(&mut self, doc: usize, code: &'static str, origin: &str, msg: String, help: &str) {
        let pointer = origin.split_once('#').map_or(origin, |(_, p)| p).to_owned();
        self.diags.push(Diagnostic::warning(code, pointer, msg).with_help(help).in_file(self.docs[doc].name.clone()));
    }
}
