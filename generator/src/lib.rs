//! `generator`: OpenAPI 3.0/3.1 documents in, a typed async Rust client crate out.
//!
//! The pipeline runs one way: [`load`] (bytes to `openapiv3`, with located repairs) ->
//! [`lower`] (to the [`ir`]) -> [`emit`] (IR to tokens) -> [`write`] (format, check, write).
//! [`names`] makes every identifier; [`diag`] carries every finding.

// A `Diagnostic` (file, pointer, message, help) is the error of every loading step;
// it is built once per failure, so its size on the error path costs nothing.
#![allow(clippy::result_large_err)]

mod builder;
pub mod diag;
pub mod emit;
pub mod ir;
pub mod load;
pub mod lower;
pub mod names;
mod pointer;
pub mod release;
pub mod report;
pub mod runtime;
mod stack;
pub mod summary;
pub mod write;

pub use builder::{cargo_instructions, BuildError, Builder, Built};
use diag::{Diagnostic, Severity};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// One input document and the overlays that correct it.
#[derive(Clone, Debug)]
pub struct Input {
    pub spec: PathBuf,
    pub overlays: Vec<PathBuf>,
}

/// What to generate.
#[derive(Clone, Debug)]
pub struct Config {
    pub inputs: Vec<Input>,
    pub crate_name: String,
    /// What the client is for, in its docs (default: the documents' titles).
    pub title: Option<String>,
    /// Every repair is an error.
    pub strict: bool,
    /// The command named in the `@generated` header.
    pub command: String,
    /// Every struct derives serde's `Deserialize` ([`ir::Api::derive_deserialize`]).
    pub derive_deserialize: bool,
}

/// A generated crate in memory, with everything found on the way.
pub struct Generated {
    pub api: ir::Api,
    /// Operations in the input documents, and how many of them the client leaves out
    /// (each counted by the finding that says why).
    pub operations: OperationCount,
    pub files: Vec<write::Rendered>,
    pub diagnostics: Vec<Diagnostic>,
    /// Text of every file read, for rendering diagnostics.
    pub sources: HashMap<String, String>,
}

/// Generation stopped: the diagnostics say why.
pub struct Failed {
    pub diagnostics: Vec<Diagnostic>,
    pub sources: HashMap<String, String>,
}

/// The IR of every input, with everything found on the way.
pub struct Lowered {
    pub api: ir::Api,
    pub operations: OperationCount,
    pub diagnostics: Vec<Diagnostic>,
    pub sources: HashMap<String, String>,
}

/// Runs the pipeline in memory. Nothing is written. The crate gets version
/// [`release::INITIAL`]; [`generate_for`] keeps the version of the crate it replaces.
pub fn generate(config: &Config) -> Result<Generated, Failed> {
    generate_versioned(config, None)
}

/// [`generate`] as a replacement for the crate in `out`: its version is kept.
pub fn generate_for(config: &Config, out: &Path) -> Result<Generated, Failed> {
    generate_versioned(config, release::current_version(out).as_deref())
}

/// [`generate`] with the crate's version (`None`: [`release::INITIAL`]).
pub fn generate_versioned(config: &Config, crate_version: Option<&str>) -> Result<Generated, Failed> {
    let Lowered { mut api, operations, mut diagnostics, sources } = load_and_lower(config)?;
    if let Some(v) = crate_version {
        api.crate_version = v.to_owned();
    }
    api.derive_deserialize = config.derive_deserialize;
    let summary = || summary::render(&api, &config.command);
    let files = match write::render_with(&api, &config.command, Some(&summary)) {
        Ok(f) => f,
        Err(e) => {
            diagnostics.push(
                Diagnostic::error("internal", "", e)
                    .with_help("this is a generator bug: please report it with the document that caused it"),
            );
            return Err(Failed { diagnostics, sources });
        }
    };
    Ok(Generated { api, operations, files, diagnostics, sources })
}

impl Generated {
    /// Gives the crate another version: `Cargo.toml` is made again, nothing else.
    pub fn set_crate_version(&mut self, version: &str, command: &str) -> Result<(), String> {
        self.api.crate_version = version.to_owned();
        let header = write::header(command);
        let shared = emit::Shared::new(&self.api);
        for part in emit::parts(&self.api).iter().filter(|p| p.path == "Cargo.toml") {
            let Some(file) = part.emit(&self.api, &shared) else { continue };
            let manifest = write::format(file, &header)?;
            match self.files.iter_mut().find(|f| f.path == manifest.path) {
                Some(f) => *f = manifest,
                None => self.files.push(manifest),
            }
        }
        Ok(())
    }
}

/// The first half of [`generate`]: every input loaded and lowered to the IR. One
/// document is loaded and lowered on one thread, whose caches then hold it.
pub fn load_and_lower(config: &Config) -> Result<Lowered, Failed> {
    stack::on_large_stack(|| {
        let mut diagnostics = Vec::new();
        let mut sources = HashMap::new();
        let mut documents = Vec::new();
        let mut operations_in = 0;
        for loaded in load_inputs(&config.inputs, config.strict) {
            diagnostics.extend(loaded.diagnostics);
            sources.extend(loaded.sources);
            if let Some(doc) = loaded.document {
                operations_in += doc.operations_in;
                documents.push(doc);
            }
        }
        if diagnostics.iter().any(|d| d.severity == Severity::Error) {
            return Err(Failed { diagnostics, sources });
        }
        let options = lower::Options { crate_name: config.crate_name.clone(), title: config.title.clone() };
        let (api, warnings) = lower::lower(&documents, &options);
        let mut warnings = warnings;
        // Findings about converted (Swagger 2.0) or imported parts point where they were written.
        load::relocate(&mut warnings, &documents);
        if config.strict {
            // An extension of ours that cannot be honoured is a mistake in the overlay
            // (or document) written for this generator: `--strict` refuses it too.
            for d in warnings.iter_mut().filter(|d| lower::EXTENSION_FINDINGS.contains(&d.code)) {
                d.severity = Severity::Error;
            }
        }
        diagnostics.extend(warnings);
        let first = config.inputs.first().map(|i| i.spec.display().to_string()).unwrap_or_default();
        let operations = OperationCount::of(operations_in, &api, &first, &mut diagnostics);
        load::locate_later(&mut diagnostics, &sources);
        if diagnostics.iter().any(|d| d.severity == Severity::Error) {
            return Err(Failed { diagnostics, sources });
        }
        Ok(Lowered { api, operations, diagnostics, sources })
    })
}

/// Operations in the documents and out in the client.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OperationCount {
    /// Operations (method entries under `paths`) in the documents as loaded.
    pub documented: usize,
    /// Operations the client has.
    pub generated: usize,
    /// How many the findings say they left out.
    pub left_out: usize,
}

impl OperationCount {
    /// Counts the operations of `api` against `documented`. An operation missing from
    /// the client that no finding accounts for is a generator bug, reported as such (the
    /// corpus check fails on it).
    fn of(documented: usize, api: &ir::Api, first_input: &str, diagnostics: &mut Vec<Diagnostic>) -> Self {
        let generated = api.operations.len();
        let left_out: usize = diagnostics.iter().map(|d| d.operations_left_out).sum();
        let lost = documented.saturating_sub(generated + left_out);
        if lost > 0 {
            diagnostics.push(
                Diagnostic::warning(
                    "operation-lost",
                    "",
                    format!("{lost} of {documented} operation(s) are missing from the client and no finding says why"),
                )
                .with_help("this is a generator bug: please report it with the document that caused it")
                .in_file(first_input)
                .leaves_out(lost),
            );
        }
        OperationCount { documented, generated, left_out: left_out + lost }
    }
}

/// Loads every input. Documents are independent until lowering: each loads on its own
/// thread, and results come in input order, so output does not depend on scheduling.
pub fn load_inputs(inputs: &[Input], strict: bool) -> Vec<load::Loaded> {
    stack::map_on_large_stacks(inputs, |input| load::load(&input.spec, &input.overlays, strict))
}

/// Where this repository keeps the test cases of its client's published examples
/// ([`emit::example_tests`]), from the repository root; the default run writes and
/// `--check`s it beside `generated-client/`.
pub const EXAMPLE_TESTS: &str = "tests/tests/published_examples/cases.rs";

/// The test cases of `api`'s published examples ([`emit::example_tests`]), formatted,
/// with the `@generated` header naming `command`.
pub fn render_example_tests(api: &ir::Api, command: &str) -> Result<write::Rendered, String> {
    render_calls(api, command, EXAMPLE_TESTS, false)
}

/// Where this repository keeps the published response examples the decoding benchmark
/// decodes ([`emit::decode_cases`]), from the repository root.
pub const DECODE_CASES: &str = "tests/decode-bench/src/cases.rs";

/// The decoding benchmark's cases for `api`'s client, formatted.
pub fn render_decode_cases(api: &ir::Api, command: &str) -> Result<write::Rendered, String> {
    let header = write::header(command);
    stack::on_large_stack(|| {
        let content = emit::Content::Rust(emit::decode_cases(api));
        write::format(emit::File { path: DECODE_CASES.to_owned(), content }, &header)
    })
}

/// Where this repository keeps the test that compiles every call the client's docs
/// show ([`emit::doc_calls_test`]), from the repository root.
pub const DOC_CALLS: &str = "tests/tests/doc_calls/calls.rs";

/// The test of the calls the docs of `api`'s client show, formatted.
pub fn render_doc_calls(api: &ir::Api, command: &str) -> Result<write::Rendered, String> {
    let header = write::header(command);
    stack::on_large_stack(|| {
        let content = emit::Content::Rust(emit::doc_calls_test(api));
        write::format(emit::File { path: DOC_CALLS.to_owned(), content }, &header)
    })
}

/// The calls module ([`emit::example_tests`]) for `path`: a call for each operation with
/// examples, or for every operation (`--calls`, which `scripts/wire-check.sh` drives).
pub fn render_calls(
    api: &ir::Api,
    command: &str,
    path: &str,
    every_operation: bool,
) -> Result<write::Rendered, String> {
    let header = write::header(command);
    let mut rendered = stack::on_large_stack(|| {
        let content = emit::Content::Rust(emit::example_tests(api, every_operation));
        write::format(emit::File { path: EXAMPLE_TESTS.to_owned(), content }, &header)
    })?;
    rendered.path = path.to_owned();
    Ok(rendered)
}

/// The configuration of this repository's own client: every document in
/// `ROOT/specs` (overlays, `*.overlay.yaml`, applied to the document their `extends`
/// names), crate `rocketchat-client`. Paths stay relative to `root` as given.
pub fn repository_config(root: &Path, strict: bool) -> Result<Config, String> {
    let specs_dir = root.join("specs");
    let mut specs = Vec::new();
    let mut overlays = Vec::new();
    let entries = std::fs::read_dir(&specs_dir).map_err(|e| format!("cannot read {}: {e}", specs_dir.display()))?;
    for e in entries.flatten() {
        let p = e.path();
        let p = p.strip_prefix("./").map(Path::to_path_buf).unwrap_or(p);
        let name = p.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_owned();
        if name.contains(".overlay.") {
            overlays.push(p);
        } else if name.ends_with(".json") || name.ends_with(".yaml") || name.ends_with(".yml") {
            specs.push(p);
        }
    }
    specs.sort();
    overlays.sort();
    if let Some(why) = unmatched_overlay(&specs, &overlays) {
        return Err(why);
    }
    let inputs = specs.iter().map(|s| Input { spec: s.clone(), overlays: overlays_for(s, &overlays) }).collect();
    Ok(Config {
        derive_deserialize: false,
        inputs,
        crate_name: "rocketchat-client".to_owned(),
        title: Some("the Rocket.Chat REST API".to_owned()),
        strict,
        command: "cargo run -p generator".to_owned(),
    })
}

/// The overlays whose `extends` names this document's file name.
pub fn overlays_for(spec: &Path, overlays: &[PathBuf]) -> Vec<PathBuf> {
    let Some(name) = spec.file_name().and_then(|n| n.to_str()) else { return Vec::new() };
    overlays.iter().filter(|o| overlay_extends(o).is_ok_and(|e| e == name)).cloned().collect()
}

/// The file name an overlay's `extends` names (its last path segment), or why the
/// overlay cannot say: unreadable, not YAML (with the parser's line and column), or
/// no `extends`.
pub fn overlay_extends(overlay: &Path) -> Result<String, String> {
    let shown = overlay.display();
    let text = std::fs::read_to_string(overlay).map_err(|e| format!("cannot read the overlay {shown}: {e}"))?;
    let value: serde_json::Value =
        serde_yaml::from_str(&text).map_err(|e| format!("the overlay {shown} is not valid YAML: {e}"))?;
    let extends = value
        .get("extends")
        .and_then(|e| e.as_str())
        .ok_or_else(|| format!("the overlay {shown} has no `extends` (the file name of the document it corrects)"))?;
    Ok(extends.rsplit('/').next().unwrap_or(extends).to_owned())
}

/// Why an overlay applies to none of `specs`, for the first such overlay: one that
/// cannot be read, or whose `extends` names no spec's file name. `None` when every
/// overlay extends one of them; an overlay that applied to nothing would leave its
/// corrections out without a word.
pub fn unmatched_overlay(specs: &[PathBuf], overlays: &[PathBuf]) -> Option<String> {
    let names: Vec<&str> = specs.iter().filter_map(|s| s.file_name().and_then(|n| n.to_str())).collect();
    overlays.iter().find_map(|o| match overlay_extends(o) {
        Err(why) => Some(why),
        Ok(extends) if !names.contains(&extends.as_str()) => Some(format!(
            "the overlay {} extends `{extends}`, which is not the file name of any document ({})",
            o.display(),
            names.join(", ")
        )),
        Ok(_) => None,
    })
}
