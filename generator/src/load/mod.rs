//! Loading: bytes -> `serde_json::Value` -> Swagger 2.0 conversion, version checks and 3.1 normalisation ->
//! named repairs -> overlays -> `$ref` bundling and checks -> `openapiv3::OpenAPI`.
//!
//! Every step reports by JSON pointer; positions are resolved once at the end.

pub mod locate;
pub mod normalize;
pub mod overlay;
pub mod parse;
pub mod paths;
pub mod refs;
pub mod repair;
pub mod source;
pub mod swagger2;
pub mod typed;
pub mod walk;

use crate::diag::{Diagnostic, Diagnostics, Severity};
use serde_json::Value;
use source::Source;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// A loaded document, ready for lowering.
pub struct Document {
    /// The path as the user gave it.
    pub name: String,
    pub api: openapiv3::OpenAPI,
    /// Operations in the document as written (overlays applied), before any is left out.
    pub operations_in: usize,
    /// Parts imported from other files by `$ref`, for locating findings about them
    /// ([`relocate`]).
    pub origins: Vec<refs::Origin>,
}

/// The outcome of loading one document: the document unless an error occurred, every
/// diagnostic (located), and the text of every file involved (for rendering).
pub struct Loaded {
    pub document: Option<Document>,
    pub diagnostics: Vec<Diagnostic>,
    pub sources: HashMap<String, String>,
}

/// Loads one document, with the overlays that extend it, reading `--strict` as "every
/// repair is an error".
pub fn load(path: &Path, overlays: &[PathBuf], strict: bool) -> Loaded {
    let mut files: Vec<Source> = Vec::new();
    let mut diags = Diagnostics::new(strict);
    let mut origins = Vec::new();
    let result = crate::stack::on_large_stack(|| load_inner(path, overlays, &mut files, &mut diags, &mut origins));
    let main_name = path.display().to_string();
    let mut diagnostics = diags.items;
    if let Err(d) = result.as_ref() {
        diagnostics.push(d.clone());
    }
    for d in &mut diagnostics {
        if d.file.is_empty() {
            d.file = main_name.clone();
        }
    }
    relocate_in(&mut diagnostics, &main_name, &origins);
    locate_all(&mut diagnostics, &files);
    let failed = diagnostics.iter().any(|d| d.severity == Severity::Error);
    let sources = files.into_iter().map(|s| (s.name, s.text)).collect();
    Loaded { document: if failed { None } else { result.ok() }, diagnostics, sources }
}

fn load_inner(
    path: &Path,
    overlays: &[PathBuf],
    files: &mut Vec<Source>,
    diags: &mut Diagnostics,
    origins: &mut Vec<refs::Origin>,
) -> Result<Document, Diagnostic> {
    let source = Source::read(path)?;
    let name = source.name.clone();
    let parsed = parse::parse(&source);
    files.push(source);
    let parsed = parsed?;
    let mut doc = parsed.value;
    diags.extend(parsed.notes);
    if parsed.has_duplicate_keys {
        report_duplicates(&files[0], diags);
    }
    let version = prepare(&mut doc, diags, origins, &name)?;
    for overlay_path in overlays {
        let src = Source::read(overlay_path)?;
        let overlay_name = src.name.clone();
        let in_overlay = |d: Diagnostic| d.in_file(overlay_name.clone());
        let parsed = parse::parse(&src);
        files.push(src.clone());
        let value = parsed.map_err(in_overlay)?.value;
        let overlay = overlay::Overlay::parse(src, value).map_err(in_overlay)?;
        overlay.apply(&mut doc).map_err(in_overlay)?;
    }
    paths::move_paths(&mut doc, diags, origins, &name);
    let mut loader = BundleLoader { files, strict: diags.strict, diags: Vec::new() };
    let bundled = refs::bundle(&mut doc, path, &mut loader, origins);
    let extra = std::mem::take(&mut loader.diags);
    diags.extend(extra);
    bundled?;
    // Path items imported from other files are inlined like local ones.
    refs::inline_path_items(&mut doc, &name, origins);
    if !origins.is_empty() || !overlays.is_empty() {
        // Parts imported from other files (a file of bare schemas is not prepared on its
        // own) and parts written by overlays get the same rewrites and repairs; the
        // rest of the document is already repaired, and repairs are idempotent.
        rewrite(&mut doc, version, diags);
    }
    let mut ref_errors = refs::check(&doc).into_iter();
    if let Some(first) = ref_errors.next() {
        diags.extend(ref_errors);
        return Err(first);
    }
    // Inlined where `paths` use them; the rest describe no call.
    if let Some(Value::Object(components)) = doc.get_mut("components") {
        components.shift_remove("pathItems");
    }
    let operations_in = walk::count_operations(&doc);
    let api = typed::to_openapi(doc, diags)?;
    Ok(Document { name, api, operations_in, origins: origins.clone() })
}

/// Version checks and the rewrites every document gets before repairs.
fn prepare(
    doc: &mut Value,
    diags: &mut Diagnostics,
    origins: &mut Vec<refs::Origin>,
    name: &str,
) -> Result<normalize::Version, Diagnostic> {
    if swagger2::is_swagger2(doc) {
        swagger2::convert(doc, name, origins, diags);
    }
    let version = normalize::version(doc)?;
    repair::repair_version_strings(doc, diags);
    // Path items reached by `$ref` (3.1's `components/pathItems`) get the repairs of
    // every other path item.
    refs::inline_path_items(doc, name, origins);
    paths::repair_paths(doc, diags, origins, name);
    rewrite(doc, version, diags);
    Ok(version)
}

/// 3.1 normalisation, integer bounds and the named repairs.
fn rewrite(doc: &mut Value, version: normalize::Version, diags: &mut Diagnostics) {
    if version == normalize::Version::V31 {
        normalize::normalize_31(doc, diags);
    }
    repair::repair(doc, diags);
    // After repairs: `maxLength: "1e30"` is a number by then.
    normalize::clamp_numeric_keywords(doc, diags);
}

/// Findings about parts imported from other files are reported in those files.
pub fn relocate(diags: &mut [Diagnostic], docs: &[Document]) {
    for doc in docs {
        relocate_in(diags, &doc.name, &doc.origins);
    }
}

fn relocate_in(diags: &mut [Diagnostic], name: &str, origins: &[refs::Origin]) {
    for d in diags.iter_mut().filter(|d| d.file == name && d.span.is_none()) {
        // The innermost import holding the pointer (imports can nest).
        let found = origins
            .iter()
            .filter_map(|o| o.map(&d.pointer).map(|p| (o.local.len(), &o.file, p)))
            .max_by_key(|(len, ..)| *len);
        if let Some((_, file, pointer)) = found {
            d.file = file.clone();
            d.pointer = pointer;
        }
    }
}

fn report_duplicates(source: &Source, diags: &mut Diagnostics) {
    let index = locate::Index::build(source);
    for (pointer, span) in index.duplicates {
        let key = crate::diag::segments(&pointer).pop().unwrap_or_default();
        let severity = if diags.strict { Severity::Error } else { Severity::Warning };
        diags.push(
            Diagnostic::new(
                severity,
                "duplicate-key",
                pointer,
                format!("key `{key}` appears twice in the same mapping; the last one is used"),
            )
            .with_help("remove or rename one of the two entries")
            .with_span(span),
        );
    }
}

/// Other files reached by `$ref`: parsed and repaired like the main document.
struct BundleLoader<'a> {
    files: &'a mut Vec<Source>,
    strict: bool,
    diags: Vec<Diagnostic>,
}

impl refs::Loader for BundleLoader<'_> {
    fn load(&mut self, path: &Path) -> Result<Value, Diagnostic> {
        let source = Source::read(path)?;
        let source = Source { name: refs::display_name(path), ..source };
        let name = source.name.clone();
        let parsed = parse::parse(&source);
        self.files.push(source);
        // A file that cannot be read is reported where it fails, as well as at the
        // `$ref` that needs it.
        let parsed = parsed.inspect_err(|d| self.diags.push(d.clone()))?;
        let mut doc = parsed.value;
        let mut diags = Diagnostics::new(self.strict);
        diags.extend(parsed.notes);
        if parsed.has_duplicate_keys {
            report_duplicates(self.files.last().expect("just pushed"), &mut diags);
        }
        if doc.get("openapi").is_some() {
            // Its path items are inlined when the main document imports them.
            prepare(&mut doc, &mut diags, &mut Vec::new(), &name)
                .map_err(|d| d.in_file(name.clone()))
                .inspect_err(|d| self.diags.push(d.clone()))?;
        }
        self.diags.extend(diags.items.into_iter().map(|d| d.in_file(name.clone())));
        Ok(doc)
    }
}

/// Resolves the positions of diagnostics found after loading (by lowering), given the
/// text of every file read.
pub fn locate_later(diags: &mut [Diagnostic], sources: &HashMap<String, String>) {
    let files: Vec<Source> = sources
        .iter()
        .filter(|(name, _)| diags.iter().any(|d| d.span.is_none() && &d.file == *name))
        .filter_map(|(name, text)| Source::from_bytes(name.clone(), PathBuf::from(name), text.as_bytes().to_vec()).ok())
        .collect();
    locate_all(diags, &files);
}

/// Resolves each diagnostic's pointer to a position in its file.
fn locate_all(diags: &mut [Diagnostic], files: &[Source]) {
    // Each file is indexed once, for exactly the pointers reported in it.
    let mut wanted: HashMap<&str, Vec<&str>> = HashMap::new();
    for d in diags.iter().filter(|d| d.span.is_none()) {
        wanted.entry(d.file.as_str()).or_default().push(d.pointer.as_str());
    }
    let mut indexes: HashMap<String, locate::Index> = HashMap::new();
    for src in files {
        if let Some(pointers) = wanted.get(src.name.as_str()) {
            indexes.entry(src.name.clone()).or_insert_with(|| locate::Index::for_pointers(src, pointers));
        }
    }
    for d in diags.iter_mut().filter(|d| d.span.is_none()) {
        let Some(index) = indexes.get(&d.file) else { continue };
        d.span = if d.code == "duplicate-key" { index.locate_key(&d.pointer) } else { index.locate(&d.pointer) };
    }
}
