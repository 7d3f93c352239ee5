//! The name of a type that stands for several structurally identical inline schemas.
//! Each would have had a name of its own where it stands; the type takes the shortest
//! of them (the first met on a tie), so that a shape first met deep inside one
//! operation (`IntegrationsCreateResponseIntegrationCreatedBy`) is named as plainly as
//! anywhere else it appears (`MessageEditedBy`). Components and domain types keep their
//! names.

use crate::ir::{Operation, Payload, TypeDef, TypeKind, TypeRef};
use crate::names::Namespace;
use rustc_hash::FxHashMap;
use std::collections::BTreeMap;

/// Type name -> the names its other inline occurrences would have had, in the order met.
pub type Candidates = FxHashMap<String, Vec<String>>;

/// Renames each unified inline type to its shortest candidate that is still free,
/// everywhere it is referred to.
pub fn shorten(
    types: &mut BTreeMap<String, TypeDef>,
    ops: &mut [Operation],
    candidates: &Candidates,
    ns: &mut Namespace,
) {
    let mut renames: FxHashMap<String, String> = FxHashMap::default();
    let mut unified: Vec<(&String, &Vec<String>)> = candidates.iter().collect();
    // Deterministic whatever the map's order.
    unified.sort();
    for (name, others) in unified {
        if !types.contains_key(name) {
            continue;
        }
        let Some(best) = others.iter().filter(|o| o.len() < name.len() && !ns.contains(o)).min_by_key(|o| o.len())
        else {
            continue;
        };
        ns.release(name);
        ns.claim(best);
        renames.insert(name.clone(), best.clone());
    }
    if renames.is_empty() {
        return;
    }
    let old = std::mem::take(types);
    for (name, mut def) in old {
        let name = renames.get(&name).cloned().unwrap_or(name);
        def.name = name.clone();
        kind_refs(&mut def.kind, &mut |t| rename(t, &renames));
        types.insert(name, def);
    }
    for op in ops {
        operation_refs(op, &mut |t| rename(t, &renames));
        if let Some(flat) = op.body.as_mut().and_then(|b| b.flattened.as_mut()) {
            if let Some(new) = renames.get(&flat.type_name) {
                flat.type_name = new.clone();
            }
        }
    }
}

fn rename(t: &mut TypeRef, renames: &FxHashMap<String, String>) {
    match t {
        TypeRef::Named(n) => {
            if let Some(new) = renames.get(n.as_str()) {
                *n = new.clone();
            }
        }
        TypeRef::Vec(t) | TypeRef::Map(t) | TypeRef::Option(t) | TypeRef::Boxed(t) => rename(t, renames),
        _ => {}
    }
}

/// Every type reference a type's definition holds.
fn kind_refs(kind: &mut TypeKind, f: &mut dyn FnMut(&mut TypeRef)) {
    match kind {
        TypeKind::Struct(s) => {
            s.fields.iter_mut().for_each(|x| f(&mut x.ty));
            if let Some(a) = &mut s.additional {
                f(a);
            }
        }
        TypeKind::Union(u) => u.variants.iter_mut().for_each(|v| f(&mut v.ty)),
        TypeKind::Exclusive(vs) => vs.iter_mut().for_each(|v| f(&mut v.ty)),
        TypeKind::Alias(t) | TypeKind::Newtype(t) => f(t),
        TypeKind::Enum(_) | TypeKind::IntEnum(_) => {}
    }
}

/// Every type reference an operation holds.
fn operation_refs(op: &mut Operation, f: &mut dyn FnMut(&mut TypeRef)) {
    op.params.iter_mut().for_each(|p| f(&mut p.ty));
    if let Some(b) = &mut op.body {
        f(&mut b.ty);
    }
    for r in &mut op.responses {
        if let Payload::Json(t) = &mut r.payload {
            f(t);
        }
    }
    if let Some(p) = &mut op.pagination {
        f(&mut p.item);
        for field in [&mut p.items, &mut p.total, &mut p.cursor].into_iter().flatten() {
            f(&mut field.ty);
        }
    }
}
