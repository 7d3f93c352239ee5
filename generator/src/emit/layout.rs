//! Which file each generated item goes in. An API without areas has one
//! `operations.rs` and one `types.rs`. With areas, each area has its own
//! `operations/<area>.rs` (its request builders and its methods) and
//! `types/<area>.rs` (the types only it uses), and the types several areas (or none,
//! or `Client` itself) use are in `types/shared.rs`, split by first letter when there
//! are many: a change in one area regenerates that area's files, the shared files of
//! the types it changes, and the summary.

use crate::ir::Api;
use crate::names::Namespace;

/// Shared types beyond this many go in one file per first letter.
const SHARED_PER_FILE: usize = 80;

/// A module of the generated `types`: its name, the area it belongs to (`None`: shared
/// types), and its types (indexes into `Api::types`).
pub struct TypeModule {
    pub name: String,
    pub area: Option<usize>,
    pub types: Vec<usize>,
}

/// Whether the API's operations and types are split by area.
pub fn split(api: &Api) -> bool {
    !api.areas.is_empty()
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
    let mut out: Vec<TypeModule> = by_area
        .into_iter()
        .enumerate()
        .filter(|(_, types)| !types.is_empty())
        .map(|(a, types)| TypeModule { name: api.areas[a].name.clone(), area: Some(a), types })
        .collect();
    if shared.len() <= SHARED_PER_FILE {
        if !shared.is_empty() {
            out.push(TypeModule { name: ns.claim("shared"), area: None, types: shared });
        }
        return out;
    }
    let mut letters: std::collections::BTreeMap<char, Vec<usize>> = Default::default();
    for i in shared {
        let first = api.types[i].name.trim_start_matches("r#").chars().next().unwrap_or('_').to_ascii_lowercase();
        letters.entry(if first.is_ascii_alphabetic() { first } else { '_' }).or_default().push(i);
    }
    for (letter, types) in letters {
        let name = if letter == '_' { ns.claim("shared_other") } else { ns.claim(&format!("shared_{letter}")) };
        out.push(TypeModule { name, area: None, types });
    }
    out
}
