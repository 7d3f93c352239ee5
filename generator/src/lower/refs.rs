//! One resolver for every `$ref` lowering follows: parameters, request bodies,
//! responses and schemas. After loading, every reference is local (parts of other files
//! are bundled in under `components`), so a reference that lowering can follow names a
//! component of its own document: `#/components/<section>/<name>`, percent-decoded,
//! then `~1` -> `/` and `~0` -> `~`.

use super::Lowering;
use indexmap::IndexMap;
use openapiv3::{Components, Example, Parameter, ReferenceOr, RequestBody, Response, Schema};
use std::collections::HashSet;

/// A kind of component a reference can name.
pub(super) trait Component: Sized {
    /// Its section under `components`, as spelled in references.
    const SECTION: &'static str;
    fn section(components: &Components) -> &IndexMap<String, ReferenceOr<Self>>;
}

/// `impl Component for T` for each `T => section: field` (the field of `Components`).
macro_rules! components {
    ($($t:ty => $section:literal: $field:ident,)*) => {$(
        impl Component for $t {
            const SECTION: &'static str = $section;
            fn section(components: &Components) -> &IndexMap<String, ReferenceOr<Self>> {
                &components.$field
            }
        }
    )*};
}

components! {
    Schema => "schemas": schemas,
    Parameter => "parameters": parameters,
    RequestBody => "requestBodies": request_bodies,
    Response => "responses": responses,
    Example => "examples": examples,
}

/// Why a reference cannot be followed.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum RefError {
    /// Not `#/components/<section>/<name>` for the section the reference stands for.
    NotComponent,
    /// The section has no such component.
    Missing(String),
    /// A chain of references that comes back on itself.
    Cycle,
}

/// The component a reference names in `section`, unescaped; `None` when it points
/// anywhere else.
pub(super) fn component_name(reference: &str, section: &str) -> Option<String> {
    let rest = reference.strip_prefix("#/components/")?.strip_prefix(section)?.strip_prefix('/')?;
    // Nothing to decode or unescape in most names (checked for every `$ref`).
    if !rest.contains(['%', '~', '/']) {
        return Some(rest.to_owned());
    }
    let decoded = crate::pointer::from_fragment(rest);
    if decoded.contains('/') {
        return None;
    }
    Some(decoded.replace("~1", "/").replace("~0", "~"))
}

impl<'a> Lowering<'a> {
    /// One step: the component `reference` names in document `doc`, with its name.
    pub(super) fn target<T: Component>(
        &self,
        doc: usize,
        reference: &str,
    ) -> Result<(String, &'a ReferenceOr<T>), RefError> {
        let docs: &'a [crate::load::Document] = self.docs;
        let name = component_name(reference, T::SECTION).ok_or(RefError::NotComponent)?;
        let found = docs[doc].api.components.as_ref().and_then(|c| T::section(c).get(&name));
        match found {
            Some(item) => Ok((name, item)),
            None => Err(RefError::Missing(name)),
        }
    }

    /// Follows references, across chains, to the definition.
    pub(super) fn resolve<T: Component>(&self, doc: usize, item: &'a ReferenceOr<T>) -> Result<&'a T, RefError> {
        let mut current = item;
        let mut seen: HashSet<String> = HashSet::new();
        loop {
            match current {
                ReferenceOr::Item(t) => return Ok(t),
                ReferenceOr::Reference { reference } => {
                    let (name, next) = self.target::<T>(doc, reference)?;
                    if !seen.insert(name) {
                        return Err(RefError::Cycle);
                    }
                    current = next;
                }
            }
        }
    }
}
