//! Lowering: loaded `openapiv3` documents to the IR. `$ref`s are resolved here; no
//! tokens are built here.
//!
//! One concern per module: `components` (type names of component schemas), `auth`
//! (security schemes and shared header parameters), `operations` (paths to operations),
//! `params`, `secrets` (which inputs and fields never show in `Debug`), `serialization`
//! (how parameters and form fields go on the wire), `bodies`
//! (request bodies and media types), `responses`, `schema` (schemas to types),
//! `recursion` (making recursive types finite) and `refs` (the one `$ref` resolver
//! they all use).

mod areas;
mod auth;
mod bodies;
mod components;
mod operations;
mod pagination;
mod params;
mod recursion;
mod refs;
mod responses;
mod schema;
pub mod secrets;
mod serialization;
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
}

/// Lowers documents (merged into one client) to the IR, with warnings found on the way.
pub fn lower(docs: &[Document], options: &Options) -> (Api, Vec<Diagnostic>) {
    let mut l = Lowering::new(docs);
    l.register_components();
    l.lower_components();
    let auth = l.auth_schemes();
    l.auth = auth.clone();
    let (operations, areas) = l.operations(&auth);
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
        auth,
        operations,
        types: l.types.into_values().collect(),
        uses: l.uses,
        sources: docs.iter().map(|d| d.name.clone()).collect(),
        areas,
        area_features: true,
    };
    (api, l.diags)
}

impl<'a> Lowering<'a> {
    fn new(docs: &'a [Document]) -> Self {
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
        }
    }

    pub(super) fn warn(&mut self, doc: usize, code: &'static str, origin: &str, msg: String, help: &str) {
        let pointer = origin.split_once('#').map_or(origin, |(_, p)| p).to_owned();
        self.diags.push(Diagnostic::warning(code, pointer, msg).with_help(help).in_file(self.docs[doc].name.clone()));
    }
}
