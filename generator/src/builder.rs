//! Generating a client from a `build.rs`, the way `prost-build` does for protobuf.
//!
//! ```no_run
//! // build.rs (with `generator` under [build-dependencies])
//! fn main() -> Result<(), Box<dyn std::error::Error>> {
//!     generator::Builder::new()
//!         .spec("openapi/petstore.yaml")
//!         .overlay("openapi/petstore.overlay.yaml")
//!         .module("petstore")
//!         .build()?;
//!     Ok(())
//! }
//! ```
//!
//! ```ignore
//! // src/lib.rs: the client is the module `petstore`.
//! pub mod petstore {
//!     include!(concat!(env!("OUT_DIR"), "/petstore.rs"));
//! }
//! ```
//!
//! The client is one file of inline modules (`types`, `operations`, `client` and the
//! runtime), with `Client`, `Error`, `ResponseValue`, `RetryPolicy` and `InvalidBaseUrl`
//! at its top, exactly as in a generated crate. The crate that includes it declares the
//! dependencies a generated crate's `Cargo.toml` lists (`reqwest` 0.13 with `json` and `query`, `serde`
//! with `derive`, `serde_json`, `httpdate`, `tokio` with `time`, and `chrono` / `uuid`
//! when the API uses dates or UUIDs; with multipart bodies also reqwest's `multipart`
//! and `stream` and tokio's `fs`; `futures-util` when an operation pages).
//!
//! [`Builder::build`] prints `cargo:rerun-if-changed` for every file it read (documents,
//! overlays, files brought in by `$ref`), each warning as a `cargo:warning`, and fails
//! with an error naming `file:line:col` for each problem, writing nothing.

use crate::diag::{Diagnostic, Severity};
use crate::emit::{self, Content};
use crate::{Config, Input};
use proc_macro2::{Group, Ident, Literal, Spacing, TokenStream, TokenTree};
use std::collections::BTreeSet;
use std::fmt;
use std::path::{Path, PathBuf};

/// Builds a client from OpenAPI documents into `OUT_DIR`, for a `build.rs`.
#[derive(Clone, Debug, Default)]
pub struct Builder {
    inputs: Vec<Input>,
    /// Overlays given before any document.
    orphan_overlays: Vec<PathBuf>,
    crate_name: Option<String>,
    module: Option<String>,
    module_path: Option<String>,
    out_dir: Option<PathBuf>,
    title: Option<String>,
    strict: bool,
}

/// What [`Builder::generate`] made.
#[derive(Clone, Debug)]
pub struct Built {
    /// The file written: `OUT_DIR/<module>.rs`.
    pub file: PathBuf,
    /// Whether its content changed (an unchanged file is not touched, so the including
    /// crate is not rebuilt for nothing).
    pub changed: bool,
    /// Every file read: documents, overlays, and files brought in by `$ref`.
    pub inputs: Vec<PathBuf>,
    /// Warnings, one line each: `file:line:col: warning[code]: message (help: ...)`.
    pub warnings: Vec<String>,
}

/// Why nothing was generated: every error, located.
#[derive(Clone, Debug)]
pub struct BuildError {
    /// Each error on one line: `file:line:col: error[code]: message (help: ...)`.
    pub errors: Vec<String>,
    /// Every file read before stopping (still worth watching for changes).
    pub inputs: Vec<PathBuf>,
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the OpenAPI client could not be generated:")?;
        for e in &self.errors {
            write!(f, "\n  {e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for BuildError {}

impl Builder {
    /// A builder with no documents yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds an OpenAPI 3.0/3.1 (or Swagger 2.0) document; several are merged into one client.
    pub fn spec(mut self, path: impl AsRef<Path>) -> Self {
        let overlays = std::mem::take(&mut self.orphan_overlays);
        self.inputs.push(Input { spec: path.as_ref().to_path_buf(), overlays });
        self
    }

    /// Adds an overlay (corrections in the OpenAPI Overlay shape) to the document added
    /// last (or, given before any, to the next one).
    pub fn overlay(mut self, path: impl AsRef<Path>) -> Self {
        match self.inputs.last_mut() {
            Some(input) => input.overlays.push(path.as_ref().to_path_buf()),
            None => self.orphan_overlays.push(path.as_ref().to_path_buf()),
        }
        self
    }

    /// The client's crate name, as the command's `--crate-name` (default: the module
    /// name); it names the module when [`Builder::module`] is not set.
    pub fn crate_name(mut self, name: impl Into<String>) -> Self {
        self.crate_name = Some(name.into());
        self
    }

    /// The module the client is included as, which is also the file's name:
    /// `OUT_DIR/<module>.rs` (default: the crate name in snake case, else `api`).
    pub fn module(mut self, name: impl Into<String>) -> Self {
        self.module = Some(name.into());
        self
    }

    /// Where the including crate puts the module, as a path from its root (default:
    /// `crate::<module>`, a module at the crate root). `crate` alone means the file is
    /// included at the root itself.
    pub fn module_path(mut self, path: impl Into<String>) -> Self {
        self.module_path = Some(path.into());
        self
    }

    /// The directory the file is written to (default: `OUT_DIR`, which cargo sets for
    /// build scripts).
    pub fn out_dir(mut self, dir: impl AsRef<Path>) -> Self {
        self.out_dir = Some(dir.as_ref().to_path_buf());
        self
    }

    /// What the client is for, in its docs (default: the documents' titles).
    pub fn title(mut self, title: impl Into<String>) -> Self {
        self.title = Some(title.into());
        self
    }

    /// Every repair of a defective document is an error.
    pub fn strict(mut self, strict: bool) -> Self {
        self.strict = strict;
        self
    }

    /// [`Builder::generate`], telling cargo about it: `cargo:rerun-if-changed` for every
    /// file read, a `cargo:warning` per warning. On error the files read are still
    /// watched, so fixing the document reruns the build script.
    pub fn build(&self) -> Result<Built, BuildError> {
        let result = self.generate();
        let (inputs, warnings) = match &result {
            Ok(built) => (&built.inputs, built.warnings.as_slice()),
            Err(e) => (&e.inputs, &[][..]),
        };
        for line in cargo_instructions(inputs, warnings) {
            println!("{line}");
        }
        result
    }

    /// Generates the client into `OUT_DIR/<module>.rs` without printing anything. On
    /// error nothing is written.
    pub fn generate(&self) -> Result<Built, BuildError> {
        let mut watched: Vec<PathBuf> = self.inputs.iter().flat_map(input_files).collect();
        let fail = |errors: Vec<String>, watched: Vec<PathBuf>| BuildError { errors, inputs: sorted(watched) };
        if self.inputs.is_empty() {
            return Err(fail(vec!["generator::Builder: no document: call `.spec(path)`".into()], watched));
        }
        let module = match (&self.module, &self.crate_name) {
            (Some(m), _) => m.clone(),
            (None, Some(c)) => crate::names::snake(c).trim_start_matches("r#").to_owned(),
            (None, None) => "api".to_owned(),
        };
        if syn::parse_str::<Ident>(&module).is_err() {
            return Err(fail(
                vec![format!("generator::Builder: `{module}` is not a module name (a Rust identifier)")],
                watched,
            ));
        }
        let module_path = self.module_path.clone().unwrap_or_else(|| format!("crate::{module}"));
        let Ok(module_path_tokens) = syn::parse_str::<syn::Path>(&module_path) else {
            return Err(fail(vec![format!("generator::Builder: `{module_path}` is not a Rust path")], watched));
        };
        if module_path_tokens.segments.first().is_none_or(|s| s.ident != "crate") {
            return Err(fail(
                vec![format!("generator::Builder: the module path `{module_path}` must start with `crate`")],
                watched,
            ));
        }
        let out_dir = match self.out_dir.clone().or_else(|| std::env::var_os("OUT_DIR").map(PathBuf::from)) {
            Some(d) => d,
            None => {
                return Err(fail(
                    vec!["generator::Builder: OUT_DIR is not set (outside a build script, call `.out_dir(dir)`)".into()],
                    watched,
                ))
            }
        };
        let config = Config {
            derive_deserialize: false,
            inputs: self.inputs.clone(),
            crate_name: self.crate_name.clone().unwrap_or_else(|| module.replace('_', "-")),
            title: self.title.clone(),
            strict: self.strict,
            command: "generator::Builder (build.rs)".into(),
        };
        let lowered = match crate::load_and_lower(&config) {
            Ok(l) => l,
            Err(failed) => {
                watched.extend(failed.sources.keys().map(PathBuf::from));
                let errors =
                    failed.diagnostics.iter().filter(|d| d.severity == Severity::Error).map(one_line).collect();
                return Err(fail(errors, watched));
            }
        };
        watched.extend(lowered.sources.keys().map(PathBuf::from));
        let warnings = lowered.diagnostics.iter().filter(|d| d.severity == Severity::Warning).map(one_line).collect();
        // A module of the application's crate has no cargo features of its own: every
        // area is built, none behind a feature.
        let mut api = lowered.api;
        api.area_features = false;
        let text = match render_module(&api, &module_path_tokens) {
            Ok(t) => t,
            Err(e) => {
                return Err(fail(vec![format!("generator::Builder: internal error (a generator bug): {e}")], watched))
            }
        };
        let file = out_dir.join(format!("{module}.rs"));
        let changed = match crate::write::write_file(&file, &text) {
            Ok(c) => c,
            Err(e) => return Err(fail(vec![format!("{}: cannot write: {e}", file.display())], watched)),
        };
        Ok(Built { file, changed, inputs: sorted(watched), warnings })
    }
}

/// The files an input names: its document and overlays.
fn input_files(input: &Input) -> Vec<PathBuf> {
    std::iter::once(input.spec.clone()).chain(input.overlays.iter().cloned()).collect()
}

fn sorted(paths: Vec<PathBuf>) -> Vec<PathBuf> {
    paths.into_iter().collect::<BTreeSet<_>>().into_iter().collect()
}

/// A finding on one line, for cargo: `file:line:col: severity[code]: message (help: ...)`.
fn one_line(d: &Diagnostic) -> String {
    let mut line = format!("{}: {}[{}]: {}", d.location(), d.severity, d.code, d.message);
    if let Some(help) = &d.help {
        line.push_str(&format!(" (help: {help})"));
    }
    line.replace(['\n', '\r'], " ")
}

/// The lines a build script prints: what to watch, then the warnings.
pub fn cargo_instructions(inputs: &[PathBuf], warnings: &[String]) -> Vec<String> {
    let watch = inputs.iter().map(|p| format!("cargo:rerun-if-changed={}", p.display()));
    watch.chain(warnings.iter().map(|w| format!("cargo:warning={w}"))).collect()
}

/// The lints the generated crate's `lib.rs` allows crate-wide, as outer attributes for
/// each module (an included file cannot carry inner attributes), `dead_code`: a
/// crate using part of the client must not be warned about the rest, and
/// `unexpected_cfgs`: the runtime's `cookies` feature is the generated crate's, which the
/// including crate need not have (its own `reqwest::Client` can keep cookies).
fn module_lints(lib: &syn::File) -> Vec<syn::Attribute> {
    let mut lints: Vec<syn::Attribute> = lib
        .attrs
        .iter()
        .filter(|a| a.path().is_ident("allow"))
        .cloned()
        .map(|mut a| {
            a.style = syn::AttrStyle::Outer;
            a
        })
        .collect();
    lints.push(syn::parse_quote!(#[allow(dead_code)]));
    lints.push(syn::parse_quote!(#[allow(unexpected_cfgs)]));
    lints
}

/// The whole client as one file of inline modules, its `crate::` paths made to start
/// at `module_path`.
fn render_module(api: &crate::ir::Api, module_path: &syn::Path) -> Result<String, String> {
    let files = emit::crate_files(api);
    let parse = |path: &str| -> Result<Option<syn::File>, String> {
        let Some(file) = files.iter().find(|f| f.path == path) else { return Ok(None) };
        let tokens = match &file.content {
            Content::Rust(tokens) => tokens.clone(),
            Content::Source(text) => text.parse::<TokenStream>().map_err(|e| format!("{path}: {e}"))?,
            Content::Text(_) => return Err(format!("{path} is not Rust")),
        };
        syn::parse2(tokens).map(Some).map_err(|e| format!("{path}: {e}"))
    };
    let lib = parse("src/lib.rs")?.ok_or("no src/lib.rs")?;
    let lint_attrs = module_lints(&lib);
    let mut items = Vec::new();
    for item in lib.items {
        match item {
            syn::Item::Mod(mut m) if m.content.is_none() => {
                inline(&mut m, "src", &parse)?;
                m.attrs.retain(|a| !a.path().is_ident("allow"));
                m.attrs.extend(lint_attrs.iter().cloned());
                items.push(syn::Item::Mod(m));
            }
            // A crate that includes the client privately and uses part of it is not
            // warned about the re-exports it does not use.
            syn::Item::Use(mut u) => {
                u.attrs.push(syn::parse_quote!(#[allow(unused_imports)]));
                items.push(syn::Item::Use(u));
            }
            other => items.push(other),
        }
    }
    let file = syn::File { shebang: None, attrs: Vec::new(), items };
    let tokens = quote::ToTokens::into_token_stream(file);
    let prefix: Vec<TokenTree> = quote::ToTokens::into_token_stream(module_path.clone()).into_iter().collect();
    let rewritten = if prefix.len() > 1 { reroot(tokens, &prefix) } else { tokens };
    let file: syn::File = syn::parse2(rewritten).map_err(|e| format!("the client does not parse: {e}"))?;
    let header = format!(
        "// {}\n// The client for {}, to be included as the module `{}`.\n\n",
        crate::write::header("generator::Builder (build.rs)"),
        api.title,
        quote::ToTokens::into_token_stream(module_path.clone()).to_string().replace(' ', ""),
    );
    Ok(format!("{header}{}", prettyplease::unparse(&file)))
}

/// Fills a `mod name;` with its file (`dir/name.rs` or `dir/name/mod.rs`), and the
/// modules that file declares in turn, as rustc would find them.
fn inline(
    m: &mut syn::ItemMod,
    dir: &str,
    parse: &dyn Fn(&str) -> Result<Option<syn::File>, String>,
) -> Result<(), String> {
    let name = m.ident.to_string();
    let (file, sub_dir) = match parse(&format!("{dir}/{name}.rs"))? {
        Some(f) => (f, format!("{dir}/{name}")),
        None => match parse(&format!("{dir}/{name}/mod.rs"))? {
            Some(f) => (f, format!("{dir}/{name}")),
            None => return Err(format!("no file for module `{name}` in {dir}")),
        },
    };
    let mut items = Vec::new();
    for item in file.items {
        match item {
            syn::Item::Mod(mut sub) if sub.content.is_none() => {
                inline(&mut sub, &sub_dir, parse)?;
                items.push(syn::Item::Mod(sub));
            }
            other => items.push(other),
        }
    }
    // The file's inner attributes (`//!` docs, `#![allow]`) stay inner: allowed at the
    // top of an inline module.
    m.attrs.extend(file.attrs);
    m.content = Some((Default::default(), items));
    m.semi = None;
    Ok(())
}

/// `crate::x` -> `<prefix>::x` everywhere, macro input, intra-doc links and serde's
/// path strings (`deserialize_with = "crate::runtime::lenient::scalar"`) included
/// (`pub(crate)` has no `::` after it and stays).
fn reroot(tokens: TokenStream, prefix: &[TokenTree]) -> TokenStream {
    let trees: Vec<TokenTree> = tokens.into_iter().collect();
    let prefix_text = prefix.iter().map(ToString::to_string).collect::<String>().replace(' ', "");
    let mut out = Vec::with_capacity(trees.len());
    let mut i = 0;
    while i < trees.len() {
        match &trees[i] {
            TokenTree::Ident(id) if id == "crate" && is_path_sep(&trees, i + 1) => {
                out.extend(prefix.iter().cloned());
            }
            TokenTree::Group(g) => {
                let mut inner = Group::new(g.delimiter(), reroot(g.stream(), prefix));
                inner.set_span(g.span());
                out.push(TokenTree::Group(inner));
            }
            TokenTree::Literal(lit) if is_path_text(&out) => {
                let text = lit.to_string();
                if text.contains("crate::") {
                    match syn::parse_str::<syn::LitStr>(&text) {
                        Ok(s) => {
                            let value = s.value().replace("crate::", &format!("{prefix_text}::"));
                            out.push(TokenTree::Literal(Literal::string(&value)));
                        }
                        Err(_) => out.push(trees[i].clone()),
                    }
                } else {
                    out.push(trees[i].clone());
                }
            }
            other => out.push(other.clone()),
        }
        i += 1;
    }
    out.into_iter().collect()
}

/// Whether `::` starts at `trees[i]`.
fn is_path_sep(trees: &[TokenTree], i: usize) -> bool {
    matches!((trees.get(i), trees.get(i + 1)),
        (Some(TokenTree::Punct(a)), Some(TokenTree::Punct(b)))
            if a.as_char() == ':' && a.spacing() == Spacing::Joint && b.as_char() == ':')
}

/// Whether the tokens so far end with `doc =` (the next literal is documentation) or
/// with a serde attribute whose string is a path (`with`, `serialize_with`,
/// `deserialize_with`).
fn is_path_text(out: &[TokenTree]) -> bool {
    matches!(out, [.., TokenTree::Ident(d), TokenTree::Punct(eq)]
        if eq.as_char() == '=' && ["doc", "with", "serialize_with", "deserialize_with"].iter().any(|k| d == k))
}

#[cfg(test)]
mod tests {
    use super::{cargo_instructions, Builder};
    use std::path::{Path, PathBuf};

    const MAIN: &str = "openapi: 3.0.3
info: {title: Pets, version: '1'}
paths:
  /pets/{id}:
    get:
      operationId: showPet
      parameters: [{name: id, in: path, required: true, schema: {type: integer}}]
      responses:
        '200':
          description: ok
          content: {application/json: {schema: {$ref: 'schemas.yaml#/Pet'}}}
";
    const SCHEMAS: &str = "Pet:\n  type: object\n  required: [id]\n  properties:\n    id: {type: integer}\n";
    const OVERLAY: &str = "overlay: 1.0.0\ninfo: {title: fix, version: '1'}\nextends: pets.yaml\nactions:\n  - target: $.info\n    update: {description: Fixed.}\n";

    fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
        let p = dir.join(name);
        std::fs::write(&p, text).expect("write");
        p
    }

    #[test]
    fn watches_every_file_read_including_referenced_ones_and_writes_one_module_file() {
        let dir = tempfile::tempdir().expect("temp dir");
        let main = write(dir.path(), "pets.yaml", MAIN);
        let schemas = write(dir.path(), "schemas.yaml", SCHEMAS);
        let overlay = write(dir.path(), "pets.overlay.yaml", OVERLAY);
        let out = dir.path().join("out");
        let builder = Builder::new().spec(&main).overlay(&overlay).crate_name("pets-client").out_dir(&out);
        let built = builder.generate().unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(built.file, out.join("pets_client.rs"));
        let canonical = |p: &Path| std::fs::canonicalize(p).expect("exists");
        let watched: Vec<PathBuf> = built.inputs.iter().map(|p| canonical(p)).collect();
        for file in [&main, &schemas, &overlay] {
            assert!(watched.contains(&canonical(file)), "{} not in {:?}", file.display(), built.inputs);
        }
        let text = std::fs::read_to_string(&built.file).expect("written");
        assert!(text.contains("pub mod types {") && text.contains("pub mod operations {"), "{text}");
        assert!(text.contains("mod runtime {") && text.contains("pub(crate) mod http {"), "the runtime is inlined");
        // Paths start at the module the file is included as; `pub(crate)` stays.
        assert!(text.contains("crate::pets_client::types::"), "{text}");
        assert!(!text.contains("crate::types::"), "a path left at the crate root");
        assert!(!text.contains("\"crate::runtime::"), "a serde path string left at the crate root");
        assert!(
            !text.starts_with("#!") && !text.contains("\n#!["),
            "an included file cannot start with inner attributes"
        );
        assert!(built.changed);
        // Nothing changed: the file is not touched.
        assert!(!builder.generate().expect("again").changed);
        let lines = cargo_instructions(&built.inputs, &["a.yaml:1:2: warning[x]: y".to_owned()]);
        assert!(lines.iter().any(|l| l == &format!("cargo:rerun-if-changed={}", main.display())), "{lines:?}");
        assert_eq!(lines.last().map(String::as_str), Some("cargo:warning=a.yaml:1:2: warning[x]: y"));
    }

    #[test]
    fn a_module_path_reroots_crate_paths_and_crate_alone_keeps_them() {
        let dir = tempfile::tempdir().expect("temp dir");
        let main = write(dir.path(), "pets.yaml", MAIN);
        write(dir.path(), "schemas.yaml", SCHEMAS);
        let nested = Builder::new().spec(&main).module("pets").module_path("crate::clients::pets").out_dir(dir.path());
        let text = std::fs::read_to_string(nested.generate().expect("generates").file).expect("written");
        assert!(text.contains("crate::clients::pets::types::"));
        let root = Builder::new().spec(&main).module("pets").module_path("crate").out_dir(dir.path());
        let text = std::fs::read_to_string(root.generate().expect("generates").file).expect("written");
        assert!(text.contains("crate::types::"));
    }

    #[test]
    fn a_bad_document_is_a_located_error_and_nothing_is_written() {
        let dir = tempfile::tempdir().expect("temp dir");
        let bad =
            write(dir.path(), "bad.yaml", "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n  /a: [unclosed\n");
        let out = dir.path().join("out");
        let err = Builder::new().spec(&bad).module("bad").out_dir(&out).generate().expect_err("a bad document");
        let located = format!("{}:5:1:", bad.display());
        assert!(err.errors.iter().any(|e| e.starts_with(&located) && e.contains("error[")), "{err}");
        assert!(err.to_string().contains(&located));
        assert!(err.inputs.contains(&bad), "the bad file is still watched");
        assert!(!out.exists(), "nothing written on error");
        // A missing `$ref` target: located at the reference, in the file that has it.
        let main = write(dir.path(), "pets.yaml", MAIN);
        let err = Builder::new().spec(&main).out_dir(&out).generate().expect_err("schemas.yaml is missing");
        assert!(err.errors.iter().any(|e| e.starts_with(&format!("{}:", main.display()))), "{err}");
        assert!(!out.exists());
    }

    #[test]
    fn builder_mistakes_are_errors_not_panics() {
        assert!(Builder::new().out_dir("x").generate().is_err());
        assert!(Builder::new().overlay("o.yaml").out_dir("x").generate().is_err());
        assert!(Builder::new().spec("a.yaml").module("not a name").out_dir("x").generate().is_err());
        assert!(Builder::new().spec("a.yaml").module_path("other::x").out_dir("x").generate().is_err());
    }
}
