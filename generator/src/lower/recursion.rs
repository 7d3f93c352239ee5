//! Recursive types made finite: after all types are lowered, fields that contain their
//! own type by value are boxed and aliases that contain themselves become newtypes.

use crate::ir::{TypeDef, TypeKind, TypeRef};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Type name -> the type names it contains.
type Graph = HashMap<String, Vec<String>>;

/// Whether `to` is reachable in `graph` from any of `from` (each counts as reached).
fn reaches<'g>(graph: &'g Graph, from: impl IntoIterator<Item = &'g String>, to: &str) -> bool {
    let mut stack: Vec<&String> = from.into_iter().collect();
    let mut seen: BTreeSet<&String> = BTreeSet::new();
    while let Some(n) = stack.pop() {
        if n == to {
            return true;
        }
        if seen.insert(n) {
            stack.extend(graph.get(n).into_iter().flatten());
        }
    }
    false
}

/// Fields whose type contains their own struct by value (directly or through other
/// structs, unions or aliases) are boxed, so every type has a finite size.
pub(super) fn box_recursive_fields(types: &mut BTreeMap<String, TypeDef>) {
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
    let graph: Graph = types.iter().map(|(n, d)| (n.clone(), edges(d))).collect();
    let boxed = |t: &mut TypeRef, owner: &str| {
        if let Some(target) = by_value(t).map(str::to_owned) {
            if reaches(&graph, [&target], owner) {
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
pub(super) fn newtype_recursive_aliases(types: &mut BTreeMap<String, TypeDef>) {
    let aliases: Graph = types
        .iter()
        .filter_map(|(n, d)| match &d.kind {
            TypeKind::Alias(t) => Some((n.clone(), t.names().into_iter().map(str::to_owned).collect())),
            _ => None,
        })
        .collect();
    let recursive: Vec<String> = aliases
        .iter()
        .filter(|(start, next)| reaches(&aliases, next.iter(), start))
        .map(|(start, _)| start.clone())
        .collect();
    for name in recursive {
        if let Some(def) = types.get_mut(&name) {
            if let TypeKind::Alias(t) = &def.kind {
                def.kind = TypeKind::Newtype(t.clone());
            }
        }
    }
}
