//! Areas: operations grouped for the user, each an accessor on `Client` (`client.chat()`)
//! and a cargo feature; and which areas use each type (a type is built when one of them is).
//!
//! The rule: an operation's area is its first tag; an operation without tags is in an
//! area named for its document when several documents are read, and stays on `Client`
//! when one is. An API whose operations would make fewer than two areas has none. Names come from `names` (`area_names`, `name_group`).

use crate::ir::{Area, Operation, Payload, TypeDef, TypeKind, TypeRef};
use crate::load::Document;
use crate::names::{self, OperationKey};
use rustc_hash::FxHashSet;
use std::collections::{BTreeMap, BTreeSet};

/// What an operation of document `doc` with `tags` is grouped under, as written.
pub(super) fn title(docs: &[Document], doc: usize, tags: &[String]) -> Option<String> {
    if let Some(tag) = tags.first() {
        return Some(tag.clone());
    }
    if docs.len() < 2 {
        return None;
    }
    let name = &docs.get(doc)?.name;
    let file = std::path::Path::new(name).file_stem().and_then(|s| s.to_str()).unwrap_or(name);
    Some(file.to_owned())
}

/// Where an operation goes: its area (`None`: a method of `Client`) and its method name.
pub(super) struct Placement {
    pub area: Option<usize>,
    pub name: names::MethodName,
}

/// Groups the operations `ops` (one title each, `titles`) in areas and names each
/// operation within its group (`names::name_group`); returns the areas, sorted by
/// accessor, and one placement per operation. `client_taken` are the names the
/// `Client` defines itself (its methods and credential setters).
pub(super) fn group(
    docs: &[Document],
    ops: &[OperationKey],
    titles: &[Option<String>],
    client_taken: &[String],
) -> (Vec<Area>, Vec<Placement>) {
    let conv = names::Convention::of(ops);
    let mut distinct: Vec<&str> = titles.iter().flatten().map(String::as_str).collect();
    distinct.sort_by_cached_key(|t| (names::snake(t), t.to_string()));
    distinct.dedup();
    // One area would only add a step to every call.
    let areas_wanted = distinct.len() >= 2;
    let on_client: Vec<usize> = (0..ops.len()).filter(|&k| !areas_wanted || titles[k].is_none()).collect();
    let reserved: Vec<&str> = client_taken.iter().map(String::as_str).collect();
    let mut placed: Vec<Option<Placement>> = (0..ops.len()).map(|_| None).collect();
    let client_names = names::name_group(ops, &conv, &on_client, "", "", &reserved);
    for (&k, name) in on_client.iter().zip(client_names) {
        placed[k] = Some(Placement { area: None, name });
    }
    if !areas_wanted {
        return (Vec::new(), placed.into_iter().flatten().collect());
    }
    // Operations left on `Client` keep their names; areas steer clear of them.
    let mut taken: Vec<&str> = reserved.clone();
    taken.extend(placed.iter().flatten().map(|p| p.name.name.as_str()));
    let made = names::area_names(&distinct, &taken);
    let mut areas = Vec::with_capacity(made.len());
    for (i, (title, n)) in distinct.iter().zip(made).enumerate() {
        let members: Vec<usize> = (0..ops.len()).filter(|&k| titles[k].as_deref() == Some(*title)).collect();
        let named = names::name_group(ops, &conv, &members, title, &n.stem, crate::emit::AREA_METHODS);
        for (k, name) in members.into_iter().zip(named) {
            placed[k] = Some(Placement { area: Some(i), name });
        }
        areas.push(Area {
            name: n.accessor,
            type_name: n.type_name,
            title: (*title).to_owned(),
            doc: tag_description(docs, title),
        });
    }
    (areas, placed.into_iter().flatten().collect())
}

/// The description of tag `title` in the first document that describes it.
fn tag_description(docs: &[Document], title: &str) -> Option<String> {
    docs.iter()
        .flat_map(|d| &d.api.tags)
        .filter(|t| t.name == title)
        .find_map(|t| t.description.clone())
        .filter(|d| !d.trim().is_empty())
}

/// Sets `TypeDef::reach`: the areas whose operations reach a type (through parameters,
/// bodies, responses and the types those contain; a type an operation on `Client`
/// reaches, or every area reaches, or none, is always built), and whether it is sent
/// (parameters, request bodies) or received (responses). A type no operation reaches
/// goes both ways: it is public, and someone may use it either way.
pub(super) fn reach_types(types: &mut BTreeMap<String, TypeDef>, ops: &[Operation], areas: usize) {
    // Slot `areas` is `Client` itself.
    let mut by_area: Vec<FxHashSet<String>> = vec![FxHashSet::default(); areas + 1];
    let mut sent: FxHashSet<String> = FxHashSet::default();
    let mut received: FxHashSet<String> = FxHashSet::default();
    for op in ops {
        let mut out: Vec<&str> = op.params.iter().flat_map(|p| p.ty.names()).collect();
        if let Some(b) = &op.body {
            out.extend(b.ty.names());
            out.extend(b.flattened.iter().map(|f| f.type_name.as_str()));
        }
        let mut back: Vec<&str> = op
            .responses
            .iter()
            .flat_map(|r| match &r.payload {
                Payload::Json(t) => t.names(),
                _ => Vec::new(),
            })
            .collect();
        back.extend(op.pagination.iter().flat_map(|p| p.item.names()));
        let slot = op.area.unwrap_or(areas);
        walk(types, &out, &mut sent);
        walk(types, &back, &mut received);
        walk(types, &out, &mut by_area[slot]);
        walk(types, &back, &mut by_area[slot]);
    }
    // A type no operation reaches is always built (it is public, and may be used either
    // way), so everything it contains is always built too.
    let unused: Vec<String> =
        types.keys().filter(|n| !by_area.iter().any(|a| a.contains(n.as_str()))).cloned().collect();
    let unused: Vec<&str> = unused.iter().map(String::as_str).collect();
    walk(types, &unused, &mut by_area[areas]);
    for (name, def) in types.iter_mut() {
        let (s, r) = (sent.contains(name), received.contains(name));
        def.reach.sent = s || !r;
        def.reach.received = r || !s;
        if areas == 0 || by_area[areas].contains(name) {
            continue;
        }
        let users: BTreeSet<usize> = (0..areas).filter(|&a| by_area[a].contains(name)).collect();
        if users.len() < areas {
            def.reach.areas = users.into_iter().collect();
        }
    }
}

/// Adds to `seen` the types named `roots` and every type they contain.
fn walk(types: &BTreeMap<String, TypeDef>, roots: &[&str], seen: &mut FxHashSet<String>) {
    let mut stack: Vec<&str> = roots.to_vec();
    while let Some(name) = stack.pop() {
        if seen.contains(name) {
            continue;
        }
        seen.insert(name.to_owned());
        if let Some(def) = types.get(name) {
            stack.extend(children(&def.kind));
        }
    }
}

/// The type names a type's definition mentions.
fn children(kind: &TypeKind) -> Vec<&str> {
    match kind {
        TypeKind::Struct(s) => {
            let mut out: Vec<&str> = s.fields.iter().flat_map(|f| f.ty.names()).collect();
            out.extend(s.additional.iter().flat_map(TypeRef::names));
            out
        }
        TypeKind::Union(u) => u.variants.iter().flat_map(|v| v.ty.names()).collect(),
        TypeKind::Exclusive(vs) => vs.iter().flat_map(|v| v.ty.names()).collect(),
        TypeKind::Alias(t) | TypeKind::Newtype(t) => t.names(),
        TypeKind::Enum(_) | TypeKind::IntEnum(_) => Vec::new(),
    }
}
