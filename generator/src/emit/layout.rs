//! Which file each generated item goes in. A small API without areas has one
//! `operations.rs` and one `types.rs`; a large one, a file of each per first letter
//! (`operations/ops_a.rs`, `types/types_a.rs`). With areas, each area has its own
//! `operations/<area>.rs` (its request builders and its methods) and
//! `types/<area>.rs` (the types only it uses), and the types several areas (or none,
//! or `Client` itself) use are in `types/shared.rs`, split by first letter when there
//! are many: a change in one area regenerates that area's files, the shared files of
//! the types it changes, and the summary.

use crate::ir::Api;
use crate::names::Namespace;

/// Shared types beyond this many go in one file per first letter.
const SHARED_PER_FILE: usize = 80;

/// An area's types of more weight than this (fields and variants, [`weight`]) go in
/// several files: about 14 lines each once documented, decoded and given setters, so a
/// file stays within a few thousand lines.
const WEIGHT_PER_FILE: usize = 300;

/// A module of the generated `types`: its name, the area it belongs to (`None`: shared
/// types), and its types (indexes into `Api::types`).
pub struct TypeModule {
    pub name: String,
    pub area: Option<usize>,
    pub types: Vec<usize>,
}

/// Operations without areas beyond this many go in one file per first letter.
const OPERATIONS_PER_FILE: usize = 60;

/// Whether the API's operations are split in files: by area, or (an API without areas
/// with many operations) by the first letter of their method names.
pub fn split_operations(api: &Api) -> bool {
    !api.areas.is_empty() || api.operations.len() > OPERATIONS_PER_FILE
}

/// Whether the API's types are split in files: by area (and shared), or by first letter.
pub fn split_types(api: &Api) -> bool {
    !api.areas.is_empty() || api.types.len() > SHARED_PER_FILE
}

/// The first letter of `name` for a file of names (`_` for anything else).
fn letter(name: &str) -> char {
    let first = name.trim_start_matches("r#").chars().next().unwrap_or('_').to_ascii_lowercase();
    if first.is_ascii_alphabetic() {
        first
    } else {
        '_'
    }
}

/// How much text a type makes, in fields and variants (a type alone counts one).
fn weight(def: &crate::ir::TypeDef) -> usize {
    use crate::ir::TypeKind;
    1 + match &def.kind {
        TypeKind::Struct(s) => s.fields.len(),
        TypeKind::Enum(values) => values.len(),
        TypeKind::IntEnum(values) => values.len(),
        TypeKind::Union(u) => u.variants.len(),
        TypeKind::Exclusive(variants) => variants.len(),
        TypeKind::Alias(_) | TypeKind::Newtype(_) => 0,
    }
}

/// An area's types (in name order) cut into consecutive parts of at most
/// [`WEIGHT_PER_FILE`] each (a heavier type alone); no types, no part.
fn parts(api: &Api, types: Vec<usize>) -> Vec<Vec<usize>> {
    let mut out: Vec<Vec<usize>> = Vec::new();
    let mut current = (Vec::new(), 0);
    for i in types {
        let w = weight(&api.types[i]);
        if !current.0.is_empty() && current.1 + w > WEIGHT_PER_FILE {
            out.push(std::mem::take(&mut current.0));
            current.1 = 0;
        }
        current.0.push(i);
        current.1 += w;
    }
    if !current.0.is_empty() {
        out.push(current.0);
    }
    out
}

/// The files of the operations of an API without areas: one per first letter of the
/// method names (module name, operation indexes).
pub fn operation_letters(api: &Api) -> Vec<(String, Vec<usize>)> {
    let mut letters: std::collections::BTreeMap<char, Vec<usize>> = Default::default();
    for (i, op) in api.operations.iter().enumerate() {
        letters.entry(letter(&op.method_name)).or_default().push(i);
    }
    letters.into_iter().map(|(c, ops)| (if c == '_' { "other".to_owned() } else { format!("ops_{c}") }, ops)).collect()
}

/// The modules of `types` for an API with areas, in order: the areas' (those that have
/// types of their own), then the shared ones.
pub fn type_modules(api: &Api) -> Vec<TypeModule> {
    let mut by_area: Vec<Vec<usize>> = vec![Vec::new(); api.areas.len()];
    let mut shared: Vec<usize> = Vec::new();
    for (i, def) in api.types.iter().enumerate() {
        match def.reach.areas.as_slice() {
            [one] if *one < api.areas.len() => by_area[*one].push(i),
            _ => shared.push(i),
        }
    }
    let mut ns = Namespace::with_reserved(&["mod"]);
    for a in &api.areas {
        ns.claim(&a.name);
    }
    let mut out: Vec<TypeModule> = Vec::new();
    for (a, types) in by_area.into_iter().enumerate() {
        for (n, part) in parts(api, types).into_iter().enumerate() {
            let name =
                if n == 0 { api.areas[a].name.clone() } else { ns.claim(&format!("{}_{}", api.areas[a].name, n + 1)) };
            out.push(TypeModule { name, area: Some(a), types: part });
        }
    }
    if shared.len() <= SHARED_PER_FILE && !api.areas.is_empty() {
        if !shared.is_empty() {
            out.push(TypeModule { name: ns.claim("shared"), area: None, types: shared });
        }
        return out;
    }
    let mut letters: std::collections::BTreeMap<char, Vec<usize>> = Default::default();
    for i in shared {
        letters.entry(letter(&api.types[i].name)).or_default().push(i);
    }
    // Without areas every type is in these files: no `shared_` in their names.
    let prefix = if api.areas.is_empty() { "types" } else { "shared" };
    for (letter, types) in letters {
        let name =
            if letter == '_' { ns.claim(&format!("{prefix}_other")) } else { ns.claim(&format!("{prefix}_{letter}")) };
        out.push(TypeModule { name, area: None, types });
    }
    out
}
