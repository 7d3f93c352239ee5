//! Component schemas: a type name for each, claimed before anything is lowered, then
//! their types.

use super::{Lowering, Name};
use crate::diag::child;
use crate::ir::{Doc, TypeDef, TypeKind, TypeRef};
use crate::names;
use openapiv3::ReferenceOr;
use std::collections::HashMap;

fn doc_stem(name: &str) -> String {
    std::path::Path::new(name).file_stem().and_then(|s| s.to_str()).unwrap_or(name).to_owned()
}

impl Lowering<'_> {
    /// Claims a type name for every component schema of every document. The same name
    /// with the same definition in two documents is one type; different definitions
    /// get the document's name in front (`UserManagementUser`).
    pub(super) fn register_components(&mut self) {
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
    pub(super) fn component_type(&self, doc: usize, key: &str) -> Option<&String> {
        self.components.get(doc)?.get(key)
    }

    fn claim_component(&mut self, doc: usize, key: &str, type_name: String) {
        if let Some(names) = self.components.get_mut(doc) {
            names.insert(key.to_owned(), type_name);
        }
    }

    pub(super) fn lower_components(&mut self) {
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
                    self.types.insert(
                        name.clone(),
                        TypeDef { name, doc, kind: TypeKind::Alias(t), origin, reach: Default::default() },
                    );
                }
            }
        }
    }
}
