//! The name of a type that stands for several structurally identical inline schemas.
//! Each would have had a name of its own where it stands. Used by one operation, the
//! type takes the shortest of them (the first met on a tie). Used by several, it takes
//! a name of none of them (`neutral_name`): what the occurrences' names share after
//! their operations' names (`EditedBy`), else what it holds (`MessagesPage`,
//! `UserEnvelope`), else a `Shape`. Components and domain types keep their names.
//!
//! Then every operation's response gets a name of its own (`op_aliases`):
//! `pub type ChatSearchResponse = MessagesPage;`, which its signature shows.

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
    let users = users_of(types, ops);
    let builders: Vec<&str> = ops.iter().map(|o| o.builder_name.as_str()).collect();
    for (name, others) in unified {
        let Some(def) = types.get(name) else { continue };
        let shared = users.get(name.as_str()).is_some_and(|u| u.len() > 1);
        if shared {
            let mut all: Vec<&str> = vec![name.as_str()];
            all.extend(others.iter().map(String::as_str));
            // A type name like any other: clear of `String`, `Option`, the crate's exports.
            let neutral = crate::names::type_name(&neutral_name(def, &all, &builders, types));
            ns.release(name);
            // Never a builder's name either (`BannersList` is `banners().list()`'s).
            let taken = |n: &str| ns.contains(n) || builders.contains(&n);
            let neutral =
                if taken(&neutral) && !neutral.ends_with("Shape") { format!("{neutral}Shape") } else { neutral };
            let claimed = ns.claim(&neutral);
            renames.insert(name.clone(), claimed);
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

/// Type name -> the operations (indexes) whose inputs or outputs reach it.
fn users_of<'t>(types: &'t BTreeMap<String, TypeDef>, ops: &[Operation]) -> FxHashMap<&'t str, Vec<usize>> {
    let mut users: FxHashMap<&str, Vec<usize>> = FxHashMap::default();
    for (i, op) in ops.iter().enumerate() {
        let mut roots: Vec<String> = Vec::new();
        let mut op = op.clone();
        operation_refs(&mut op, &mut |t| roots.extend(t.names().into_iter().map(str::to_owned)));
        let mut seen: rustc_hash::FxHashSet<&str> = Default::default();
        let mut stack: Vec<&str> =
            roots.iter().filter_map(|r| types.get_key_value(r.as_str()).map(|(k, _)| k.as_str())).collect();
        while let Some(name) = stack.pop() {
            if !seen.insert(name) {
                continue;
            }
            users.entry(name).or_default().push(i);
            if let Some(def) = types.get(name) {
                let mut kind = def.kind.clone();
                kind_refs(&mut kind, &mut |t| {
                    stack.extend(t.names().into_iter().filter_map(|n| types.get_key_value(n).map(|(k, _)| k.as_str())))
                });
            }
        }
    }
    users
}

/// Fields that say how a list is paged or whether a call worked, not what it returns.
const META_FIELDS: &[&str] = &[
    "success", "status", "count", "offset", "total", "page", "per_page", "limit", "skip", "next", "cursor", "has_more",
];

/// Fields that say a list is one page of more.
const PAGING_FIELDS: &[&str] =
    &["count", "offset", "total", "page", "per_page", "limit", "skip", "next", "cursor", "has_more"];

/// Weak last words of a type name: not a name on their own.
const WEAK: &[&str] = &["Item", "Items", "Body", "Data", "Value", "Result", "Response", "Request", "Error", "Success"];

/// A name for a type several operations share, taken from none of them. `occurrences`
/// are the names it would have had where it stands; `builders` the operations' names.
fn neutral_name(def: &TypeDef, occurrences: &[&str], builders: &[&str], types: &BTreeMap<String, TypeDef>) -> String {
    if let Some(suffix) = shared_suffix(occurrences, builders) {
        return suffix;
    }
    let TypeKind::Struct(s) = &def.kind else {
        return format!("{}Shape", occurrence_words(occurrences, builders));
    };
    let content: Vec<&crate::ir::Field> =
        s.fields.iter().filter(|f| !META_FIELDS.contains(&f.name.trim_start_matches("r#"))).collect();
    let camel = |f: &crate::ir::Field| crate::names::camel(&f.name);
    let paged = s.fields.iter().any(|f| PAGING_FIELDS.contains(&f.name.trim_start_matches("r#")));
    match content.as_slice() {
        [one] => {
            let holds = camel(one);
            let list = match &one.ty {
                TypeRef::Option(t) => matches!(**t, TypeRef::Vec(_)),
                t => matches!(t, TypeRef::Vec(_)),
            };
            let named_list = one
                .ty
                .named()
                .and_then(|n| types.get(n))
                .is_some_and(|d| matches!(d.kind, TypeKind::Alias(TypeRef::Vec(_))));
            match (list || named_list, paged) {
                (true, true) => format!("{holds}Page"),
                (true, false) => format!("{holds}List"),
                _ => format!("{holds}Envelope"),
            }
        }
        [] if s.fields.is_empty() => "EmptyObject".to_owned(),
        [] => format!("{}Shape", s.fields.iter().take(3).map(camel).collect::<String>()),
        [a, b, ..] => format!("{}{}Shape", camel(a), camel(b)),
    }
}

/// The camel-case words `name` ends with after the operation name it starts with and
/// the `Response`/`Request` word after that.
fn after_operation<'n>(name: &'n str, builders: &[&str]) -> &'n str {
    let rest = builders
        .iter()
        .filter(|b| name.starts_with(**b) && name[b.len()..].starts_with(|c: char| c.is_ascii_uppercase()))
        .map(|b| &name[b.len()..])
        .min_by_key(|r| r.len())
        .unwrap_or(name);
    for word in ["Response", "Request", "Body", "Error"] {
        if let Some(r) = rest.strip_prefix(word).filter(|r| r.starts_with(|c: char| c.is_ascii_uppercase())) {
            return r;
        }
    }
    rest
}

/// What every occurrence's name ends with after its operation's name, in whole words,
/// unless that is only a weak word (`Item`).
fn shared_suffix(occurrences: &[&str], builders: &[&str]) -> Option<String> {
    let rests: Vec<Vec<&str>> = occurrences.iter().map(|o| camel_words(after_operation(o, builders))).collect();
    let first = rests.first()?;
    let mut n = 0;
    while n < first.len() && rests.iter().all(|r| r.len() > n && r[r.len() - 1 - n] == first[first.len() - 1 - n]) {
        n += 1;
    }
    let words = &first[first.len() - n..];
    let strong = words.iter().any(|w| !WEAK.contains(w));
    (strong && rests.iter().all(|r| r.len() == n || !occurrences.is_empty())).then(|| words.concat())
}

/// The words of the shortest occurrence after its operation's name (for `…Shape`).
fn occurrence_words(occurrences: &[&str], builders: &[&str]) -> String {
    let rest = occurrences.iter().map(|o| after_operation(o, builders)).min_by_key(|r| r.len()).unwrap_or_default();
    let words: Vec<&str> = camel_words(rest).into_iter().filter(|w| !WEAK.contains(w)).collect();
    words.concat()
}

fn camel_words(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in s.char_indices().skip(1) {
        if c.is_ascii_uppercase() {
            out.push(&s[start..i]);
            start = i;
        }
    }
    if start < s.len() {
        out.push(&s[start..]);
    }
    out
}

/// Gives every operation whose one success payload is a type not named after it an
/// alias of its own (`{builder}Response`), and makes its signature show the alias. Its
/// docs (who returns it, who shares the shape) are written by `emit::types`.
pub fn op_aliases(types: &mut BTreeMap<String, TypeDef>, ops: &mut [Operation], ns: &mut Namespace) {
    for op in ops.iter_mut() {
        let mut successes = op.responses.iter().filter(|r| r.success);
        let one = match (successes.next(), successes.next()) {
            (Some(r), None) => match &r.payload {
                Payload::Json(t) => Some(t.clone()),
                _ => None,
            },
            _ => None,
        };
        let Some(t) =
            one.filter(|t| !t.names().is_empty() && t.names().iter().all(|n| !named_after(n, &op.builder_name)))
        else {
            continue;
        };
        let alias = ns.claim(&format!("{}Response", op.builder_name));
        let def = TypeDef {
            name: alias.clone(),
            doc: crate::ir::Doc::default(),
            kind: TypeKind::Alias(t),
            origin: op.origin.clone(),
            reach: Default::default(),
        };
        types.insert(alias.clone(), def);
        for r in op.responses.iter_mut().filter(|r| r.success) {
            if let Payload::Json(p) = &mut r.payload {
                *p = TypeRef::Named(alias.clone());
            }
        }
    }
}

/// Whether type `name` is named after the operation whose builder is `builder`: the
/// builder's name, then what the type is for (`ChatSearchResponse`, `..RequestItem`).
fn named_after(name: &str, builder: &str) -> bool {
    name.strip_prefix(builder)
        .is_some_and(|rest| ["Response", "Request", "Error", "Success", "Body"].iter().any(|w| rest.starts_with(w)))
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
