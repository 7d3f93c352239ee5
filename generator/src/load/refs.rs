//! `$ref`: references into other files next to the document are bundled in (so the
//! rest of the pipeline sees one self-contained document); local references are
//! checked, and dangling or alias-cyclic ones are located errors.

use crate::diag::{child, Diagnostic};
use serde_json::{Map, Value};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

/// Keys whose values are data, not OpenAPI structure: a `$ref` inside is not a reference.
/// So are specification extensions (`x-...`): OpenAPI gives a `$ref` inside one no
/// meaning (code samples and vendor blocks use it for their own files).
const DATA_KEYS: [&str; 5] = ["example", "default", "enum", "const", "value"];

/// Keys whose values map names (of properties, components, media types...) to parts:
/// a member named `x-...`, `example` or `$ref` there is a name, not an extension, data or a
/// reference. (Every member of `components` is such a map.)
const NAME_MAPS: [&str; 14] = [
    "properties",
    "patternProperties",
    "dependentSchemas",
    "$defs",
    "definitions",
    "headers",
    "examples",
    "links",
    "callbacks",
    "content",
    "encoding",
    "variables",
    "scopes",
    "mapping",
];

/// Whether the member `key` (with value `sub`) of an object holds no OpenAPI structure.
fn is_data(key: &str, sub: &Value) -> bool {
    key.starts_with("x-") || DATA_KEYS.contains(&key) || (key == "examples" && sub.is_array())
}

/// A step of a JSON pointer, kept as it is in the document: walks spell out the pointer
/// (escaped) only for what they report, not for every node they pass.
#[derive(Clone, Copy)]
enum Step<'a> {
    Key(&'a str),
    Index(usize),
}

/// The JSON pointer of a path, as [`child`] builds it.
fn spell(path: &[Step]) -> String {
    path.iter().fold(String::new(), |acc, step| match step {
        Step::Key(k) => child(&acc, k),
        Step::Index(i) => child(&acc, &i.to_string()),
    })
}

/// Called with an object, its path, and whether it maps names to parts.
type ObjectFn<'a, 'f> = dyn FnMut(&'a Map<String, Value>, &[Step<'a>], bool) + 'f;

/// Calls `f` on every object that can hold a reference (data under [`DATA_KEYS`] and
/// extensions are skipped), in document order, with its path and whether it maps names
/// ([`NAME_MAPS`]: a member named `$ref` there is a name, not a reference). Iterative:
/// depth is no concern.
fn for_each_object<'a>(doc: &'a Value, f: &mut ObjectFn<'a, '_>) {
    let mut path: Vec<Step<'a>> = Vec::new();
    // (node, its depth, the step to it, whether it maps names)
    let mut stack: Vec<(&'a Value, usize, Option<Step<'a>>, bool)> = vec![(doc, 0, None, false)];
    while let Some((v, depth, step, names)) = stack.pop() {
        path.truncate(depth.saturating_sub(1));
        path.extend(step);
        match v {
            Value::Object(map) => {
                f(map, &path, names);
                let in_components = matches!(path.as_slice(), [Step::Key("components")]);
                for (k, sub) in map.iter().rev() {
                    if !(sub.is_object() || sub.is_array()) || (!names && is_data(k, sub)) {
                        continue;
                    }
                    let maps_names = !names && (in_components || NAME_MAPS.contains(&k.as_str()));
                    stack.push((sub, depth + 1, Some(Step::Key(k)), maps_names));
                }
            }
            Value::Array(items) => {
                for (i, sub) in items.iter().enumerate().rev() {
                    if sub.is_object() || sub.is_array() {
                        stack.push((sub, depth + 1, Some(Step::Index(i)), false));
                    }
                }
            }
            _ => {}
        }
    }
}

/// Every `$ref` in the document, with the pointer of the `$ref` member.
pub fn collect(doc: &Value) -> Vec<(String, String)> {
    collect_where(doc, |_| true)
}

/// The `$ref`s for which `keep` holds, with the pointers of their `$ref` members.
fn collect_where(doc: &Value, keep: impl Fn(&str) -> bool) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for_each_object(doc, &mut |map, path, _| {
        if let Some(Value::String(r)) = map.get("$ref") {
            if keep(r) {
                out.push((child(&spell(path), "$ref"), r.clone()));
            }
        }
    });
    out
}

pub use crate::pointer::from_fragment as fragment_pointer;

/// Where a part imported from another file came from: diagnostics about the part are
/// reported in that file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Origin {
    /// Pointer of the imported part in the bundled document.
    pub local: String,
    /// The file, named as in diagnostics ([`display_name`]).
    pub file: String,
    /// Pointer of the part in that file.
    pub pointer: String,
}

impl Origin {
    /// `pointer` (in the bundled document) in the file it came from, if it is inside
    /// the imported part.
    pub fn map(&self, pointer: &str) -> Option<String> {
        let rest = pointer.strip_prefix(self.local.as_str())?;
        (rest.is_empty() || rest.starts_with('/')).then(|| format!("{}{rest}", self.pointer))
    }
}

/// The name of a referenced file in diagnostics: relative to the current directory
/// when inside it (as the user would write it), else absolute.
pub fn display_name(path: &Path) -> String {
    let cwd = std::env::current_dir().ok().and_then(|d| std::fs::canonicalize(d).ok());
    cwd.and_then(|d| path.strip_prefix(d).ok().map(|p| p.display().to_string()))
        .unwrap_or_else(|| path.display().to_string())
}

/// Loads another document of the bundle (parsed and repaired like the main one).
pub trait Loader {
    fn load(&mut self, path: &Path) -> Result<Value, Diagnostic>;
}

/// Replaces references to other files by local ones, importing the referenced parts under
/// `components` (each recorded in `origins`). Every problem is an error located at the
/// `$ref`.
pub fn bundle(
    doc: &mut Value,
    main_path: &Path,
    loader: &mut dyn Loader,
    origins: &mut Vec<Origin>,
) -> Result<(), Diagnostic> {
    let main_abs = absolute(main_path);
    let base = main_abs.parent().map(Path::to_path_buf).unwrap_or_default();
    let mut mapped: HashMap<(PathBuf, String), String> = HashMap::new();
    let mut files: HashMap<PathBuf, Value> = HashMap::new();
    // Each imported part: where it was placed, the folder of the file it came from (its
    // relative references resolve from there) and what kind of part it is. A reference
    // outside every imported part is the main document's, resolved from its folder.
    let mut imports: Vec<Import> = Vec::new();
    for round in 0..10_000 {
        let external = collect_where(doc, |r| !r.starts_with('#'));
        if external.is_empty() {
            return Ok(());
        }
        if round == 9_999 {
            break;
        }
        for (ptr, reference) in external {
            let (file, fragment) = reference.split_once('#').unwrap_or((reference.as_str(), ""));
            if file.contains("://") {
                return Err(Diagnostic::error(
                    "remote-ref",
                    ptr,
                    format!("`{reference}` points to a remote document; the generator does not fetch over the network"),
                )
                .with_help("download the document next to this one and reference it by relative path"));
            }
            let holder = innermost(&imports, &ptr);
            let dir = holder.map(|i| i.dir.clone()).unwrap_or_else(|| base.clone());
            let kind = match holder {
                Some(i) => Part::at(i.part, &ptr[i.local.len()..]),
                None => Part::at(Part::Document, &ptr),
            };
            let target_file = if Path::new(file).is_absolute() { PathBuf::from(file) } else { dir.join(file) };
            let target_file = absolute(&target_file);
            let pointer = fragment_pointer(fragment);
            let key = (target_file.clone(), pointer.clone());
            let local = if target_file == main_abs {
                format!("#{pointer}")
            } else if let Some(local) = mapped.get(&key) {
                local.clone()
            } else {
                if !files.contains_key(&target_file) {
                    let loaded = loader.load(&target_file).map_err(|d| {
                        let help = if d.code == "io" {
                            "check that the referenced file exists next to this document"
                        } else {
                            "fix the referenced file (its own error says where)"
                        };
                        Diagnostic::error(
                            "dangling-ref",
                            ptr.clone(),
                            format!("`{reference}` cannot be loaded: {}", d.message),
                        )
                        .with_help(help)
                    })?;
                    files.insert(target_file.clone(), loaded);
                }
                let node = files
                    .get(&target_file)
                    .and_then(|f| if pointer.is_empty() { Some(f) } else { f.pointer(&pointer) })
                    .cloned()
                    .ok_or_else(|| {
                        Diagnostic::error(
                            "dangling-ref",
                            ptr.clone(),
                            format!(
                                "`{reference}` does not exist: `{}` has nothing at `{pointer}`",
                                target_file.display()
                            ),
                        )
                        .with_help("fix the pointer after `#`, or add the missing definition")
                    })?;
                let node = qualify_local_refs(node, &target_file);
                let local_ptr = match in_place(&ptr, kind) {
                    // A component that is only a reference to another file is that part:
                    // it takes the component's place (a security scheme imported beside
                    // its reference would be a second credential).
                    Some(slot) => {
                        if let Some(v) = doc.pointer_mut(&slot) {
                            *v = node;
                        }
                        slot
                    }
                    None => place(doc, kind.section(), &pointer, &target_file, node),
                };
                origins.push(Origin {
                    local: local_ptr.clone(),
                    file: display_name(&target_file),
                    pointer: pointer.clone(),
                });
                let local = format!("#{local_ptr}");
                mapped.insert(key, local.clone());
                let dir = target_file.parent().map(Path::to_path_buf).unwrap_or_default();
                imports.push(Import { local: local_ptr, dir, part: kind });
                local
            };
            if let Some(slot) = doc.pointer_mut(&ptr) {
                *slot = Value::String(local);
            }
        }
    }
    Err(Diagnostic::error("too-many-refs", "", "references between files did not settle after 10 000 imports")
        .with_help("check for files that reference each other without end"))
}

/// The component a `$ref` at `ptr` is the whole of (`/components/<section>/<name>/$ref`),
/// when an import of `kind` replaces it. Schemas are left as they were: an alias and
/// its target stay two types, named as written.
fn in_place(ptr: &str, kind: Part) -> Option<String> {
    let section = kind.section()?;
    let component = ptr.strip_suffix("/$ref")?;
    let segs = crate::diag::segments(component);
    (segs.len() == 3 && segs[0] == "components" && segs[1] == section).then(|| component.to_owned())
}

/// A part imported from another file (see [`bundle`]).
struct Import {
    /// Its pointer in the bundled document.
    local: String,
    /// The folder of the file it came from.
    dir: PathBuf,
    /// What it is, from where the reference that imported it stands.
    part: Part,
}

/// The import holding `ptr`: the longest placed pointer that is `ptr` or a whole-segment
/// prefix of it (`/components/schemas/account` holds `/components/schemas/account/x`,
/// not `/components/schemas/account_get/x`).
fn innermost<'i>(imports: &'i [Import], ptr: &str) -> Option<&'i Import> {
    imports
        .iter()
        .filter(|i| ptr.strip_prefix(i.local.as_str()).is_some_and(|rest| rest.is_empty() || rest.starts_with('/')))
        .max_by_key(|i| i.local.len())
}

/// What kind of OpenAPI object a node is, from the keys leading to it: an imported part
/// is filed under the `components` section of the kind of object its `$ref` stands for
/// (a security scheme from another file is a security scheme, not a schema).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Part {
    Document,
    Paths,
    PathItem,
    Operation,
    Parameters,
    Parameter,
    RequestBody,
    Responses,
    Response,
    Headers,
    Header,
    Content,
    MediaType,
    Encodings,
    Encoding,
    Examples,
    Example,
    Links,
    Link,
    Callbacks,
    Callback,
    Components,
    In(Section),
    SecurityScheme,
    /// A schema, or anything else: what it holds is not told apart.
    Other,
}

/// A member of `components` whose members are of one kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Section {
    Schemas,
    Parameters,
    Responses,
    RequestBodies,
    Headers,
    Examples,
    Links,
    Callbacks,
    SecuritySchemes,
    PathItems,
}

const METHODS: [&str; 8] = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

impl Part {
    /// The kind of the node at `pointer` (relative to a node of kind `self`); a trailing
    /// `/$ref` is the node holding it.
    fn at(self, pointer: &str) -> Part {
        let mut segs = crate::diag::segments(pointer);
        if segs.last().is_some_and(|s| s == "$ref") {
            segs.pop();
        }
        segs.iter().fold(self, |part, seg| part.step(seg))
    }

    fn step(self, key: &str) -> Part {
        use Part::*;
        match (self, key) {
            (Document, "paths" | "webhooks") => Paths,
            (Document, "components") => Components,
            (Paths, _) => PathItem,
            (PathItem, "parameters") | (Operation, "parameters") => Parameters,
            (PathItem, m) if METHODS.contains(&m) => Operation,
            (Operation, "requestBody") => RequestBody,
            (Operation, "responses") => Responses,
            (Operation, "callbacks") => Callbacks,
            (Parameters, _) => Parameter,
            (Responses, _) => Response,
            (Response, "headers") | (Encoding, "headers") => Headers,
            (Response, "links") => Links,
            (Parameter | Header | RequestBody | Response, "content") => Content,
            (Parameter | Header | MediaType, "examples") => Examples,
            (Content, _) => MediaType,
            (MediaType, "encoding") => Encodings,
            (Encodings, _) => Encoding,
            (Headers, _) => Header,
            (Examples, _) => Example,
            (Links, _) => Link,
            (Callbacks, _) => Callback,
            (Callback, _) => PathItem,
            (Components, section) => match section {
                "schemas" => Part::In(Section::Schemas),
                "parameters" => Part::In(Section::Parameters),
                "responses" => Part::In(Section::Responses),
                "requestBodies" => Part::In(Section::RequestBodies),
                "headers" => Part::In(Section::Headers),
                "examples" => Part::In(Section::Examples),
                "links" => Part::In(Section::Links),
                "callbacks" => Part::In(Section::Callbacks),
                "securitySchemes" => Part::In(Section::SecuritySchemes),
                "pathItems" => Part::In(Section::PathItems),
                _ => Other,
            },
            (Part::In(s), _) => match s {
                Section::Schemas => Other,
                Section::Parameters => Parameter,
                Section::Responses => Response,
                Section::RequestBodies => RequestBody,
                Section::Headers => Header,
                Section::Examples => Example,
                Section::Links => Link,
                Section::Callbacks => Callback,
                Section::SecuritySchemes => SecurityScheme,
                Section::PathItems => PathItem,
            },
            _ => Other,
        }
    }

    /// The `components` section a part of this kind is filed under; `None` for kinds
    /// without one (schemas, and what OpenAPI does not let a reference stand for: their
    /// imports are filed under `schemas`, as before).
    fn section(self) -> Option<&'static str> {
        Some(match self {
            Part::Parameter => "parameters",
            Part::Response => "responses",
            Part::RequestBody => "requestBodies",
            Part::Header => "headers",
            Part::Example => "examples",
            Part::Link => "links",
            Part::Callback => "callbacks",
            Part::SecurityScheme => "securitySchemes",
            _ => return None,
        })
    }
}

fn absolute(p: &Path) -> PathBuf {
    std::fs::canonicalize(p)
        .unwrap_or_else(|_| std::env::current_dir().map(|d| d.join(p)).unwrap_or_else(|_| p.to_path_buf()))
}

/// Inside a node imported from `file`, `#/x` means `file#/x`.
fn qualify_local_refs(mut node: Value, file: &Path) -> Value {
    let refs = collect(&node);
    for (ptr, r) in refs {
        if let Some(frag) = r.strip_prefix('#') {
            if let Some(slot) = node.pointer_mut(&ptr) {
                *slot = Value::String(format!("{}#{frag}", file.display()));
            }
        }
    }
    node
}

/// Puts an imported node under `components`: in `section` (the kind of object its
/// reference stands for) when it has one, else under `schemas` (or the section it was
/// in, in its own file), keeping its name when free.
fn place(doc: &mut Value, section: Option<&str>, pointer: &str, file: &Path, node: Value) -> String {
    let segs = crate::diag::segments(pointer);
    let stem = file.file_stem().and_then(|s| s.to_str()).unwrap_or("external").to_owned();
    let (kind, name) = match segs.as_slice() {
        [c, kind, name] if c == "components" => (kind.clone(), name.clone()),
        [] => ("schemas".to_owned(), stem.clone()),
        [.., last] => ("schemas".to_owned(), last.clone()),
    };
    let kind = section.map(str::to_owned).unwrap_or(kind);
    let Some(root) = doc.as_object_mut() else { return String::new() };
    let comps = root.entry("components").or_insert_with(|| Value::Object(Default::default()));
    if !comps.is_object() {
        *comps = Value::Object(Default::default());
    }
    let Some(comps) = comps.as_object_mut() else { return String::new() };
    let section = comps.entry(kind.clone()).or_insert_with(|| Value::Object(Default::default()));
    if !section.is_object() {
        *section = Value::Object(Default::default());
    }
    let Some(section) = section.as_object_mut() else { return String::new() };
    let mut chosen = name.clone();
    let mut n = 1;
    while let Some(existing) = section.get(&chosen) {
        if *existing == node {
            break;
        }
        n += 1;
        chosen = if n == 2 { format!("{name}_{stem}") } else { format!("{name}_{stem}{n}") };
    }
    section.insert(chosen.clone(), node);
    child(&child("/components", &kind), &chosen)
}

/// A `$ref` member whose value is not a string (a property *named* `$ref` is fine).
fn invalid_ref(pointer: String, r: &Value) -> Diagnostic {
    Diagnostic::error("invalid-ref", pointer, format!("`$ref` is {}, but a reference is a string", describe(r)))
        .with_help("write the reference as a string such as `\"#/components/schemas/Pet\"`")
}

fn describe(v: &Value) -> String {
    match v {
        Value::Null => "null".to_owned(),
        Value::Bool(b) => format!("the boolean {b}"),
        Value::Number(n) => format!("the number {n}"),
        Value::String(s) => format!("the string {s:?}"),
        Value::Array(_) => "a list".to_owned(),
        Value::Object(_) => "an object".to_owned(),
    }
}

/// Replaces each path item written as a local `$ref` (3.1's `components/pathItems`, or
/// a path item imported from another file) by the item it points to, with the
/// `$ref`'s own `summary` and `description` over the target's. Each is recorded in
/// `origins` so findings inside point into the target. A reference that leads nowhere
/// is left for [`check`] to report.
pub fn inline_path_items(doc: &mut Value, file: &str, origins: &mut Vec<Origin>) {
    let Some(Value::Object(paths)) = doc.get("paths") else { return };
    let refs: Vec<(String, String)> = paths
        .iter()
        .filter_map(|(path, item)| {
            let r = item.get("$ref")?.as_str()?.strip_prefix('#')?;
            Some((path.clone(), fragment_pointer(r)))
        })
        .collect();
    for (path, target) in refs {
        let Some((target, Value::Object(found))) = follow(doc, target) else { continue };
        let local = child("/paths", &path);
        let Some(Value::Object(slot)) = doc.pointer_mut(&local) else { continue };
        let mut item = found;
        for (k, v) in std::mem::take(slot) {
            if k != "$ref" {
                item.insert(k, v);
            }
        }
        *slot = item;
        origins.push(Origin { local, file: file.to_owned(), pointer: target });
    }
}

/// The pointer and copy of the node a chain of local references ends at, if it ends.
fn follow(doc: &Value, mut target: String) -> Option<(String, Value)> {
    for _ in 0..64 {
        let node = if target.is_empty() { doc } else { doc.pointer(&target)? };
        match node.get("$ref").and_then(Value::as_str).and_then(|r| r.strip_prefix('#')) {
            Some(next) => target = fragment_pointer(next),
            None => return Some((target, node.clone())),
        }
    }
    None
}

/// Schemas that contain themselves through `$ref`, `allOf` and single-branch `oneOf` or
/// `anyOf` only (`A: allOf: [B]`, `B: oneOf: [A]`): such a schema has no definition to
/// reach. Recursion through `properties`, `items` and the like is a recursive type, and
/// fine, as is a union with another branch or a `discriminator` (polymorphism).
const COMPOSITION: [&str; 3] = ["allOf", "oneOf", "anyOf"];

fn composition_cycles(doc: &Value) -> Vec<Diagnostic> {
    let Some(Value::Object(schemas)) = doc.pointer("/components/schemas") else { return Vec::new() };
    // Edges: each `$ref` reached from a schema through composition, with its pointer.
    fn edges(doc: &Value, node: &str) -> Vec<(String, String)> {
        let mut out = Vec::new();
        let mut stack = vec![node.to_owned()];
        while let Some(p) = stack.pop() {
            let Some(v) = doc.pointer(&p) else { continue };
            if let Some(r) = v.get("$ref").and_then(Value::as_str).and_then(|r| r.strip_prefix('#')) {
                out.push((child(&p, "$ref"), fragment_pointer(r)));
            }
            for key in COMPOSITION {
                let Some(Value::Array(members)) = v.get(key) else { continue };
                if key != "allOf" && (members.len() != 1 || v.get("discriminator").is_some()) {
                    continue;
                }
                for i in (0..members.len()).rev() {
                    stack.push(child(&child(&p, key), &i.to_string()));
                }
            }
            if stack.len() > 10_000 {
                break;
            }
        }
        out
    }
    let mut out = Vec::new();
    let mut done: HashSet<String> = HashSet::new();
    for name in schemas.keys() {
        let start = child("/components/schemas", name);
        // Depth-first along the edges, keeping the path to report the cycle's members.
        let mut path: Vec<(String, Vec<(String, String)>)> = vec![(start.clone(), edges(doc, &start))];
        let mut on_path: HashSet<String> = HashSet::from([start.clone()]);
        let mut via: Vec<String> = Vec::new();
        while let Some((_, pending)) = path.last_mut() {
            let Some((ref_ptr, target)) = pending.pop() else {
                let (node, _) = path.pop().unwrap_or_default();
                on_path.remove(&node);
                done.insert(node);
                via.pop();
                continue;
            };
            if on_path.contains(&target) {
                let from = path.iter().position(|(n, _)| *n == target).unwrap_or(0);
                // Cycles of bare `$ref`s are reported by `check` itself.
                let cycle: Vec<&String> = via[from..].iter().chain([&ref_ptr]).collect();
                let through: Vec<&str> =
                    COMPOSITION.into_iter().filter(|k| cycle.iter().any(|p| p.contains(&format!("/{k}/")))).collect();
                if through.is_empty() {
                    continue;
                }
                let mut members: Vec<String> = path[from..].iter().map(|(n, _)| short(n)).collect();
                members.push(short(&target));
                out.push(
                    Diagnostic::error(
                        "cyclic-ref",
                        ref_ptr,
                        format!(
                            "the schema contains itself through `{}` ({}), so it has no definition",
                            through.join("`, `"),
                            members.join(" -> ")
                        ),
                    )
                    .with_help("one schema in the cycle must stop including the next one (recursive schemas through properties or items are fine)"),
                );
                continue;
            }
            if done.contains(&target) || path.len() > 10_000 {
                continue;
            }
            on_path.insert(target.clone());
            let next = edges(doc, &target);
            path.push((target, next));
            via.push(ref_ptr);
        }
    }
    out
}

fn short(pointer: &str) -> String {
    pointer
        .strip_prefix("/components/schemas/")
        .map(|n| n.replace("~1", "/").replace("~0", "~"))
        .unwrap_or_else(|| format!("#{pointer}"))
}

/// What following a reference string leads to (the same wherever it is written).
enum Resolution {
    Found,
    /// Not a local reference (after bundling, every other file is imported).
    NotLocal,
    /// The pointer reached, directly or along a chain of references, that does not exist.
    Dangling {
        target: String,
        help: String,
    },
    /// A chain of references that comes back on itself.
    Cycle,
}

fn resolve(doc: &Value, reference: &str) -> Resolution {
    let Some(fragment) = reference.strip_prefix('#') else { return Resolution::NotLocal };
    let mut target = fragment_pointer(fragment);
    let mut seen = HashSet::new();
    loop {
        let Some(node) = (if target.is_empty() { Some(doc) } else { doc.pointer(&target) }) else {
            let help = suggest(doc, &target);
            return Resolution::Dangling { target, help };
        };
        let Some(next) = node.get("$ref").and_then(Value::as_str).and_then(|r| r.strip_prefix('#')) else {
            return Resolution::Found;
        };
        if !seen.insert(target.clone()) {
            return Resolution::Cycle;
        }
        target = fragment_pointer(next);
    }
}

impl Resolution {
    /// The finding about the reference `reference` written at `ptr`, if any.
    fn diagnostic(&self, ptr: String, reference: &str) -> Option<Diagnostic> {
        Some(match self {
            Resolution::Found => return None,
            Resolution::NotLocal => {
                Diagnostic::error("dangling-ref", ptr, format!("`{reference}` could not be resolved"))
            }
            Resolution::Dangling { target, help } => Diagnostic::error(
                "dangling-ref",
                ptr,
                format!("`{reference}` points to nothing: no `{target}` in this document"),
            )
            .with_help(help),
            Resolution::Cycle => Diagnostic::error("cyclic-ref", ptr, format!("`{reference}` is part of a cycle of references that never reaches a definition"))
                .with_help("one reference in the cycle must point to an actual schema (recursive schemas through properties are fine)"),
        })
    }
}

/// Local references that point nowhere, or only to each other, and `$ref`s that are
/// not strings: one walk over the document; each distinct reference is followed once.
pub fn check(doc: &Value) -> Vec<Diagnostic> {
    let mut invalid = Vec::new();
    let mut unresolved = Vec::new();
    let mut resolved: HashMap<&str, Resolution> = HashMap::new();
    for_each_object(doc, &mut |map, path, names| match map.get("$ref") {
        Some(Value::String(r)) => {
            let resolution = resolved.entry(r.as_str()).or_insert_with(|| resolve(doc, r));
            if !matches!(resolution, Resolution::Found) {
                unresolved.extend(resolution.diagnostic(child(&spell(path), "$ref"), r));
            }
        }
        Some(r) if !names => invalid.push(invalid_ref(child(&spell(path), "$ref"), r)),
        _ => {}
    });
    let mut out = invalid;
    out.extend(composition_cycles(doc));
    out.extend(unresolved);
    out.sort_by(|a, b| a.pointer.cmp(&b.pointer));
    out.dedup_by(|a, b| a.pointer == b.pointer);
    out
}

fn suggest(doc: &Value, target: &str) -> String {
    let (parent, name) = target.rsplit_once('/').unwrap_or(("", target));
    let siblings = doc.pointer(parent).and_then(Value::as_object);
    let near = siblings.and_then(|m| {
        m.keys().find(|k| k.eq_ignore_ascii_case(name) || k.to_lowercase().starts_with(&name.to_lowercase()))
    });
    match near {
        Some(k) => format!("did you mean `#{parent}/{k}`?"),
        None => format!("define `{name}` under `{parent}`, or fix the reference"),
    }
}
