//! The malformed-input suite: broken documents, each with the exact diagnostics it must
//! produce (severity, code, file, line:column), and inputs made at test time that are
//! too big or too odd to check in (binary garbage, non-UTF-8, 10 000 levels of nesting,
//! 20 MB). Nothing may panic; an error means nothing is written.
//!
//! The cases are the files in `tests/malformed/` named in [`CASES`]; the other files
//! there are the targets of their `$ref`s and overlays. To see what a case produces:
//! `MALFORMED_DUMP=1 cargo test -p generator --test malformed cases -- --nocapture`.

use generator::diag::{Diagnostic, Severity};
use generator::{Config, Generated, Input};
use std::path::{Path, PathBuf};
use std::process::Command;

/// One expected diagnostic.
#[derive(Clone, Copy, Debug)]
struct Expect {
    severity: Severity,
    code: &'static str,
    line: usize,
    col: usize,
    /// Another file than the case's (a `$ref` target, an overlay).
    file: Option<&'static str>,
    /// A fragment the message must contain.
    says: Option<&'static str>,
}

const fn expect(severity: Severity, code: &'static str, line: usize, col: usize) -> Expect {
    Expect { severity, code, line, col, file: None, says: None }
}
const fn error(code: &'static str, line: usize, col: usize) -> Expect {
    expect(Severity::Error, code, line, col)
}
const fn warning(code: &'static str, line: usize, col: usize) -> Expect {
    expect(Severity::Warning, code, line, col)
}
const fn note(code: &'static str, line: usize, col: usize) -> Expect {
    expect(Severity::Note, code, line, col)
}

impl Expect {
    const fn in_file(mut self, file: &'static str) -> Self {
        self.file = Some(file);
        self
    }
    const fn says(mut self, text: &'static str) -> Self {
        self.says = Some(text);
        self
    }
}

/// A document and every diagnostic it must produce (no more, no fewer).
struct Case {
    spec: &'static str,
    overlays: &'static [&'static str],
    strict: bool,
    expect: &'static [Expect],
}

const fn case(spec: &'static str, expect: &'static [Expect]) -> Case {
    Case { spec, overlays: &[], strict: false, expect }
}

impl Case {
    const fn strict(mut self) -> Self {
        self.strict = true;
        self
    }
    const fn overlay(mut self, overlays: &'static [&'static str]) -> Self {
        self.overlays = overlays;
        self
    }
}

#[rustfmt::skip]
const CASES: &[Case] = &[
    // --- JSON syntax (serde_json counts columns in bytes; these are characters) ---
    case("json-trailing-comma.json", &[error("json-syntax", 5, 1).says("trailing comma")]),
    case("json-missing-colon.json", &[error("json-syntax", 3, 10).says("expected `:`")]),
    case("json-unterminated-string.json", &[error("json-syntax", 3, 26)]),
    case("json-truncated.json", &[error("json-syntax", 5, 11).says("EOF")]),
    case("json-trailing-garbage.json", &[error("json-syntax", 6, 1).says("trailing characters")]),
    case("json-single-quotes.json", &[error("json-syntax", 3, 3)]),
    case("json-comment.json", &[error("json-syntax", 3, 3)]),
    case("json-syntax-unicode.json", &[error("json-syntax", 3, 44)]),
    // --- YAML syntax ---
    case("yaml-bad-indent.yaml", &[error("yaml-syntax", 4, 11)]),
    case("yaml-tab-indent.yaml", &[error("yaml-syntax", 3, 1)]),
    case("yaml-unclosed-flow.yaml", &[error("yaml-syntax", 4, 6)]),
    case("yaml-unclosed-quote.yaml", &[error("yaml-syntax", 4, 13)]),
    case("yaml-tag.yaml", &[error("yaml-syntax", 9, 16).says("tags")]),
    case("yaml-multiple-documents.yaml", &[error("yaml-syntax", 4, 1).says("more than one document")]),
    case("yaml-unknown-anchor.yaml", &[error("yaml-syntax", 8, 16).says("unknown anchor")]),
    // libyaml calls it "more than one document", without a position.
    case("yaml-trailing-content.yaml", &[error("yaml-syntax", 1, 3).says("trailing content")]),
    case("yaml-alias-bomb.yaml", &[error("yaml-alias-limit", 5, 10)]),
    case("yaml-alias-ok.yaml", &[]),
    case("unicode-syntax.yaml", &[error("yaml-syntax", 4, 14)]),
    // --- not a document ---
    case("empty.yaml", &[error("empty-document", 1, 1)]),
    case("whitespace-only.json", &[error("empty-document", 1, 1)]),
    case("scalar-document.yaml", &[error("not-an-object", 1, 1).says("a string")]),
    case("array-document.json", &[error("not-an-object", 1, 1).says("an array")]),
    case("duplicate-keys.json", &[warning("duplicate-key", 9, 9).says("operationId")]),
    case("duplicate-keys.yaml", &[warning("duplicate-key", 10, 5).says("Pet")]),
    case("duplicate-keys.yaml", &[error("duplicate-key", 10, 5)]).strict(),
    // --- versions: one error naming the version found ---
    case("swagger-1-2.json", &[error("unsupported-version", 2, 14).says("Swagger 1.2 is not supported")]),
    case("openapi-4.yaml", &[error("unsupported-version", 4, 10).says("`4.0.0`")]),
    case("openapi-2-string.yaml", &[error("unsupported-version", 1, 10).says("`2.0`")]),
    case("version-object.json", &[error("unsupported-version", 2, 14)]),
    case("missing-version.yaml", &[error("missing-version", 1, 1)]),
    case("version-number.yaml", &[warning("number-not-string", 1, 10)]),
    // --- wrong types: the most local fallback, located at the offending member ---
    case("info-string.yaml", &[error("invalid-document", 2, 7).says("expected struct Info")]),
    case("title-number.yaml", &[warning("number-not-string", 3, 10), warning("number-not-string", 4, 12)]),
    case("paths-array.json", &[error("invalid-document", 4, 12).says("expected struct Paths")]),
    case("operation-string.yaml", &[warning("invalid-part", 5, 10).says("operation is left out")]),
    case("operation-string.yaml", &[error("invalid-part", 5, 10)]).strict(),
    case("schema-type-number.json", &[error("invalid-schema", 10, 28)]).strict(),
    case("parameter-in-body.yaml", &[warning("invalid-part", 12, 15).says("unknown variant `body`")]),
    case("parameter-required-yes.yaml", &[warning("invalid-part", 10, 21).says("expected a boolean")]),
    case("parameters-object.yaml", &[
        warning("invalid-part", 5, 5).says("expected a sequence"),
        warning("undeclared-path-parameter", 7, 5),
    ]),
    case("responses-array.yaml", &[warning("invalid-part", 7, 7).says("expected struct Responses")]),
    case("response-missing-description.yaml", &[warning("missing-description", 8, 9)]),
    case("schema-type-number.json", &[warning("invalid-schema", 10, 28).says("integer `42`")]),
    case("properties-array.yaml", &[warning("invalid-schema", 8, 7).says("expected a map")]),
    case("enum-not-array.json", &[warning("invalid-schema", 7, 43)]),
    case("items-string.yaml", &[warning("invalid-schema", 8, 14)]),
    case("schemas-null.yaml", &[warning("null-value", 5, 3)]),
    case("server-url-missing.yaml", &[warning("invalid-part", 4, 5).says("missing field `url`")]),
    case("security-scheme-bad-type.yaml", &[warning("invalid-part", 7, 13).says("`password`")]),
    // --- named repairs ---
    case("string-boolean.json", &[warning("string-boolean", 9, 52), warning("string-boolean", 9, 102)]),
    case("string-boolean.json", &[error("string-boolean", 9, 52), error("string-boolean", 9, 102)]).strict(),
    case("string-number.yaml", &[
        warning("string-number", 8, 18), warning("string-number", 9, 18), warning("string-number", 12, 16),
    ]),
    case("required-missing-property.yaml", &[warning("required-missing-property", 8, 32).says("`emial`")]),
    case("required-true-in-property.json", &[
        warning("required-not-array", 10, 48), warning("required-not-array", 11, 50),
    ]),
    case("required-true-top.yaml", &[warning("required-not-array", 8, 17)]),
    case("required-string.yaml", &[warning("required-not-array", 8, 17)]),
    case("duplicate-operation-id.yaml", &[warning("duplicate-operation-id", 11, 20).says("renamed `list-3`")]),
    case("missing-operation-id.json", &[warning("missing-operation-id", 6, 17).says("`delete-users-id`")]),
    case("missing-operation-id.json", &[error("missing-operation-id", 6, 17)]).strict(),
    case("example-type-mismatch.yaml", &[
        warning("example-type-mismatch", 18, 26), warning("example-type-mismatch", 19, 24),
    ]),
    case("requestbody-required-string.yaml", &[warning("string-boolean", 7, 19), warning("string-boolean", 9, 19)]),
    case("path-param-undeclared.yaml", &[warning("undeclared-path-parameter", 5, 5).says("`keyId`")]),
    // Path templates that are not URLs: Express segments, text after a space, a missing
    // root shown by a sibling path or by the operationId (`/health`: no evidence, kept).
    case("path-repairs.yaml", &[
        warning("path-text-after-space", 8, 3).says("requests go to `/api/v1/login`"),
        warning("express-path-parameter", 12, 3).says("read as `/api/v1/rooms/{rid}/attributes/{key}`"),
        warning("path-missing-root", 20, 3).says("read as `/api/v1/licenses.maxActiveUsers`"),
        warning("path-missing-root", 24, 3).says("read as `/api/v1/media-calls.state`"),
        warning("path-missing-root", 33, 3).says("read as `/api/apps/count`"),
    ]),
    case("path-repairs.yaml", &[
        error("path-text-after-space", 8, 3), error("express-path-parameter", 12, 3),
        error("path-missing-root", 20, 3), error("path-missing-root", 24, 3), error("path-missing-root", 33, 3),
    ]).strict(),
    // --- $ref ---
    case("ref-dangling.yaml", &[error("dangling-ref", 13, 23).says("#/components/schemas/pet")]),
    case("ref-missing-file.json", &[error("dangling-ref", 7, 23).says("cannot be loaded")]),
    case("ref-external-bad-pointer.yaml", &[error("dangling-ref", 10, 17).says("nothing at `/components/schemas/Cat`")]),
    case("ref-external-syntax-error.yaml", &[
        error("dangling-ref", 7, 13).says("trailing comma"),
        error("json-syntax", 2, 30).in_file("ref-target-broken.json"),
    ]),
    // Defects in a file of bare schemas are repaired and reported in that file.
    case("ref-external-defects.yaml", &[
        warning("required-missing-property", 4, 18).in_file("ref-target-defects.yaml"),
        warning("string-boolean", 6, 34).in_file("ref-target-defects.yaml"),
        warning("invalid-schema", 10, 14).in_file("ref-target-defects.yaml"),
    ]),
    case("ref-external-ok.yaml", &[]),
    // --- type names from programming languages, case variants ---
    case("type-names.yaml", &[
        warning("nonstandard-type", 8, 51).says("`type: int` is not a JSON Schema type; it was read as `type: integer, format: int32`"),
        warning("nonstandard-type", 9, 51).says("read as `type: integer, format: int64`"),
        warning("nonstandard-type", 10, 53).says("read as `type: boolean`"),
        warning("nonstandard-type", 20, 13).says("read as `type: object`"),
        warning("nonstandard-type", 22, 22).says("read as `type: string`"),
        warning("nonstandard-type", 23, 23).says("read as `type: integer`"),
        warning("nonstandard-type", 24, 23).says("read as `type: number, format: float`"),
        // Its own format is kept.
        warning("nonstandard-type", 25, 23).says("read as `type: number`"),
        warning("nonstandard-type", 26, 24).says("read as `type: boolean`"),
        warning("nonstandard-type", 27, 43).says("read as `type: string`"),
        warning("unknown-type", 28, 16).says("`type: blob`"),
    ]),
    // Swagger 2.0 parameters carry their type themselves: repaired after conversion,
    // reported where the 2.0 document wrote it.
    case("type-names-swagger2.yaml", &[
        warning("nonstandard-type", 8, 42).says("read as `type: integer, format: int32`"),
        warning("nonstandard-type", 9, 54).says("read as `type: integer, format: int64`"),
        warning("nonstandard-type", 16, 26).says("read as `type: boolean`"),
    ]),
    case("ref-mutual-files-a.yaml", &[]),
    case("ref-cycle.yaml", &[error("cyclic-ref", 7, 13), error("cyclic-ref", 9, 13), error("cyclic-ref", 11, 13)]),
    case("ref-self.json", &[error("cyclic-ref", 7, 24)]),
    case("ref-allof-cycle.yaml", &[error("cyclic-ref", 11, 17).says("A -> B -> A")]),
    case("ref-union-cycle.yaml", &[error("cyclic-ref", 11, 17).says("Id -> Key -> Id")]),
    case("ref-polymorphism.yaml", &[]),
    case("ref-recursive-type.yaml", &[]),
    case("ref-remote.yaml", &[error("remote-ref", 7, 13)]),
    case("ref-not-string.json", &[error("invalid-ref", 7, 23)]),
    case("ref-escaped-pointer.yaml", &[error("dangling-ref", 20, 17).says("parameters/7")]),
    // `$ref` in extensions is no reference (missing files included); in members named
    // `x-...` of a map of names, it is.
    case("ref-in-extensions.yaml", &[]),
    case("ref-in-extension-name.yaml", &[error("dangling-ref", 10, 24).says("#/components/schemas/Rate")]),
    // --- positions in odd text ---
    case("bom.yaml", &[error("dangling-ref", 12, 30)]),
    case("crlf.json", &[error("dangling-ref", 5, 44)]),
    case("unicode-columns.json", &[error("dangling-ref", 5, 88)]),
    case("unicode-columns.yaml", &[error("dangling-ref", 6, 51)]),
    // --- OpenAPI 3.1: normalised, each rewrite a note ---
    case("v31-features.yaml", &[
        note("ref-siblings", 13, 15),
        note("webhooks-ignored", 16, 1),
        note("integer-out-of-range", 35, 20),
        note("prefix-items", 50, 24),
    ]),
    case("v31-webhooks-only.json", &[note("webhooks-ignored", 4, 15)]),
    case("v31-type-arrays.json", &[note("ref-siblings", 10, 18)]),
    case("integer-bounds.json", &[
        note("number-out-of-range", 8, 45).says("1e400"),
        note("integer-out-of-range", 7, 45),
        note("integer-out-of-range", 7, 79),
    ]),
    // Integers beyond 64 bits, in every numeric keyword, read as JSON reads them (YAML too).
    case("big-integers.yaml", &[
        note("integer-out-of-range", 12, 90).says("`maximum`"),
        note("integer-out-of-range", 24, 22).says("`maxProperties`"),
        note("integer-out-of-range", 26, 44).says("`multipleOf`"),
        note("integer-out-of-range", 26, 100),
        warning("enum-value-out-of-range", 27, 44).says("`1e+20`"),
        note("integer-out-of-range", 28, 55).says("`maxLength`"),
        warning("invalid-limit", 29, 62).says("`minItems` is -1"),
        note("integer-out-of-range", 29, 76).says("`maxItems`"),
    ]),
    case("big-integers.yaml", &[
        note("integer-out-of-range", 12, 90), note("integer-out-of-range", 24, 22),
        note("integer-out-of-range", 26, 44), note("integer-out-of-range", 26, 100),
        error("enum-value-out-of-range", 27, 44), note("integer-out-of-range", 28, 55),
        error("invalid-limit", 29, 62), note("integer-out-of-range", 29, 76),
    ]).strict(),
    case("big-integers.json", &[
        note("number-out-of-range", 27, 83).says("1e400"),
        // 3.1's numeric `exclusiveMaximum` is read as `maximum`; the note is at its schema.
        note("integer-out-of-range", 10, 22).says("`maximum`"),
        note("integer-out-of-range", 21, 26).says("`maxProperties`"),
        note("integer-out-of-range", 23, 64).says("`multipleOf`"),
        note("integer-out-of-range", 23, 98),
        warning("enum-value-out-of-range", 24, 54),
        note("integer-out-of-range", 25, 67).says("`maxLength`"),
        warning("invalid-limit", 26, 78),
        note("integer-out-of-range", 26, 94).says("`maxItems`"),
    ]),
    // --- responses: optional in 3.1, repaired in 3.0; overlapping statuses ---
    case("responses-v31.yaml", &[]),
    case("responses-missing-v30.yaml", &[warning("missing-responses", 6, 5).says("`GET /a` has no `responses`")]),
    case("responses-missing-v30.yaml", &[error("missing-responses", 6, 5)]).strict(),
    // --- crates that must compile warning-free (`scripts/corpus.sh` runs clippy on them) ---
    case("deprecated.yaml", &[]),
    case("no-paths.yaml", &[]),
    case("no-paths-v31.yaml", &[]),
    // --- operations are counted; each left out is a finding ---
    case("path-item-refs.yaml", &[
        warning("missing-operation-id", 20, 7).says("`POST /users`"),
        warning("missing-operation-id", 20, 7).says("`POST /people`"),
        warning("duplicate-operation-id", 17, 22),
    ]),
    case("path-item-invalid.yaml", &[warning("invalid-part", 6, 14).says("with its 2 operations")]),
    // --- Swagger 2.0: converted on load, findings located in the 2.0 text ---
    case("swagger2-defects.yaml", &[
        note("swagger2-schemes", 8, 16),
        warning("swagger2-tsv", 22, 29),
        warning("swagger2-collection-format", 23, 11).says("`collectionFormat: pipes`"),
        warning("required-missing-property", 33, 20).says("`nmae`"),
    ]),
    // --- identifiers (checked further in `identifiers_are_valid_rust`) ---
    case("keywords.yaml", &[]),
    case("collisions.yaml", &[warning("name-collision", 13, 5).says("`get_pet2`")]),
    // --- overlays: problems are located in the overlay ---
    case("overlay-base.json", &[
        error("overlay-target-missing", 8, 13).in_file("overlay-target-missing.overlay.yaml").says("$['paths']['/b']['get']"),
    ]).overlay(&["overlay-target-missing.overlay.yaml"]),
    case("overlay-base.json", &[
        error("overlay-invalid", 5, 13).in_file("overlay-bad-target.overlay.yaml").says("[*]"),
    ]).overlay(&["overlay-bad-target.overlay.yaml"]),
    case("overlay-base.json", &[
        error("overlay-invalid", 1, 1).in_file("overlay-not-overlay.overlay.yaml"),
    ]).overlay(&["overlay-not-overlay.overlay.yaml"]),
    case("overlay-base.json", &[
        error("yaml-syntax", 5, 25).in_file("overlay-syntax.overlay.yaml"),
    ]).overlay(&["overlay-syntax.overlay.yaml"]),
];

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/malformed")
}

fn config(spec: &Path, overlays: &[PathBuf], strict: bool) -> Config {
    Config {
        derive_deserialize: false,
        inputs: vec![Input { spec: spec.to_path_buf(), overlays: overlays.to_vec() }],
        crate_name: "malformed-client".to_owned(),
        title: None,
        strict,
        command: "malformed test".to_owned(),
    }
}

/// Runs the pipeline; a panic is a failure of its own, reported with the input's name.
fn run(name: &str, config: &Config) -> Result<Result<Generated, Vec<Diagnostic>>, String> {
    std::panic::catch_unwind(|| generator::generate(config).map_err(|f| f.diagnostics))
        .map_err(|p| format!("{name}: PANICKED: {}", panic_text(&p)))
}

fn panic_text(p: &Box<dyn std::any::Any + Send>) -> String {
    p.downcast_ref::<String>().cloned().or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string())).unwrap_or_default()
}

fn base(file: &str) -> &str {
    Path::new(file).file_name().and_then(|n| n.to_str()).unwrap_or(file)
}

/// `file:line:col severity[code]`, the comparable part of a diagnostic.
fn key(file: &str, severity: Severity, code: &str, line: usize, col: usize) -> String {
    format!("{file}:{line}:{col} {severity}[{code}]")
}

/// Every problem with one case's diagnostics, as readable lines.
fn check_case(case: &Case) -> Vec<String> {
    let spec = dir().join(case.spec);
    let overlays: Vec<PathBuf> = case.overlays.iter().map(|o| dir().join(o)).collect();
    let name = format!("{}{}", case.spec, if case.strict { " (--strict)" } else { "" });
    let result = match run(&name, &config(&spec, &overlays, case.strict)) {
        Ok(r) => r,
        Err(panic) => return vec![panic],
    };
    let diags = match &result {
        Ok(g) => g.diagnostics.clone(),
        Err(d) => d.clone(),
    };
    if std::env::var_os("MALFORMED_DUMP").is_some() {
        println!("== {name}");
        diags.iter().for_each(|d| println!("{d}"));
    }
    let mut problems = Vec::new();
    let mut actual: Vec<String> = diags
        .iter()
        .map(|d| {
            let (line, col) = d.span.map_or((0, 0), |s| (s.line, s.col));
            key(base(&d.file), d.severity, d.code, line, col)
        })
        .collect();
    let mut wanted: Vec<String> =
        case.expect.iter().map(|e| key(e.file.unwrap_or(case.spec), e.severity, e.code, e.line, e.col)).collect();
    actual.sort();
    wanted.sort();
    if actual != wanted {
        problems.push(format!(
            "{name}: expected\n    {}\n  got\n    {}",
            wanted.join("\n    "),
            diags.iter().map(|d| d.to_string().replace('\n', "\n    ")).collect::<Vec<_>>().join("\n    ")
        ));
    }
    for e in case.expect {
        if let Some(text) = e.says {
            if !diags.iter().any(|d| d.code == e.code && d.message.contains(text)) {
                problems.push(format!("{name}: no [{}] message says `{text}`", e.code));
            }
        }
    }
    for d in &diags {
        if d.span.is_none() {
            problems.push(format!("{name}: not located: {d}"));
        }
        if d.severity >= Severity::Warning && d.help.as_deref().is_none_or(str::is_empty) {
            problems.push(format!("{name}: no help: {d}"));
        }
    }
    let errors = case.expect.iter().any(|e| e.severity == Severity::Error);
    match (&result, errors) {
        (Ok(_), true) => problems.push(format!("{name}: generated despite errors")),
        (Err(_), false) => problems.push(format!("{name}: failed without an expected error")),
        (Ok(g), false) if g.files.is_empty() => problems.push(format!("{name}: generated no files")),
        _ => {}
    }
    problems
}

#[test]
fn cases() {
    assert!(CASES.len() >= 40, "the suite has {} cases", CASES.len());
    let problems: Vec<String> = CASES.iter().flat_map(check_case).collect();
    assert!(problems.is_empty(), "{} problem(s):\n{}", problems.len(), problems.join("\n"));
}

/// Every file in `tests/malformed/` is a case or what a case refers to.
#[test]
fn every_file_is_used() {
    let named: Vec<&str> =
        CASES.iter().flat_map(|c| std::iter::once(c.spec).chain(c.overlays.iter().copied())).collect();
    let helpers = ["ref-target.yaml", "ref-target-broken.json", "ref-mutual-files-b.yaml", "ref-target-defects.yaml"];
    for entry in std::fs::read_dir(dir()).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        assert!(named.contains(&name.as_str()) || helpers.contains(&name.as_str()), "{name} is in no case");
    }
}

fn generated_text(spec: &str) -> String {
    let g = match run(spec, &config(&dir().join(spec), &[], false)).unwrap() {
        Ok(g) => g,
        Err(d) => panic!("{spec} does not generate: {d:?}"),
    };
    g.files.iter().map(|f| format!("// FILE {}\n{}", f.path, f.text)).collect()
}

/// Keywords and colliding names become valid, distinct Rust identifiers.
#[test]
fn identifiers_are_valid_rust() {
    let text = generated_text("keywords.yaml");
    for ident in [
        "pub struct OptionType",
        "pub r#type: Option<String>",
        "pub self_: Option<String>",
        "pub r#match: Option<i64>",
        "pub foo_bar: Option<String>",
        "pub foo_bar2: Option<bool>",
        "pub self_2: Option<String>",
        "pub crate_: Option<String>",
        "pub n123: Option<String>",
        "pub enum ResultType",
        "Self_,",
        "Plus1,",
        "Minus1,",
        "pub struct Type ",
        "pub r#async: Option<String>",
        "pub fn r#match(&self, r#type: impl Into<String>)",
        "pub struct ApiError ",
        "pub type ApiClient = String",
    ] {
        assert!(text.contains(ident), "keywords.yaml: no `{ident}` in the generated crate");
    }
    let text = generated_text("collisions.yaml");
    for ident in
        ["pub struct PetStore ", "pub struct PetStore2 ", "pub type PetStore3 = String", "fn get_pet(", "fn get_pet2("]
    {
        assert!(text.contains(ident), "collisions.yaml: no `{ident}` in the generated crate");
    }
}

/// Type names from programming languages are read as the JSON Schema types they mean.
#[test]
fn type_names_are_typed() {
    let squashed = |t: String| t.split_whitespace().collect::<Vec<_>>().join(" ");
    let text = squashed(generated_text("type-names.yaml"));
    for typed in [
        "limit: Option<i32>",
        "since: Option<i64>",
        "verbose: Option<bool>",
        "pub name: Option<String>",
        "pub count: Option<i64>",
        "pub price: Option<f32>",
        "pub total: Option<f64>",
        "pub active: Option<bool>",
        "pub tags: Option<Vec<String>>",
        "pub other: Option<serde_json::Value>",
    ] {
        assert!(text.contains(typed), "type-names.yaml: no `{typed}` in the generated crate");
    }
    let text = squashed(generated_text("type-names-swagger2.yaml"));
    for typed in ["limit: Option<i32>", "id: i64", "pub ok: Option<bool>"] {
        assert!(text.contains(typed), "type-names-swagger2.yaml: no `{typed}` in the generated crate");
    }
}

/// Numeric keywords beyond 64 bits cost only the keyword: every property keeps its type.
#[test]
fn big_integers_keep_types() {
    for spec in ["big-integers.yaml", "big-integers.json"] {
        let text = generated_text(spec);
        for field in [
            "pub count: Option<i64>",
            "pub code: Option<ItemCode>",
            "pub name: Option<String>",
            "pub tags: Option<Vec<String>>",
            "pub ratio: Option<f64>",
            "pub wide: Option<i64>",
            "V2,",
            "Unknown(i64)",
        ] {
            assert!(text.contains(field), "{spec}: no `{field}` in the generated crate");
        }
        // The runtime (the same in every crate) reads raw bodies as any JSON; the API's
        // own files must not.
        let api_files = text.split("// FILE ").filter(|f| !f.starts_with("src/runtime/"));
        assert!(
            !api_files.into_iter().any(|f| f.contains("Option<serde_json::Value>")),
            "{spec}: a schema fell back to any JSON"
        );
    }
}

/// Members named like extensions or data in a map of names are parts, with references.
#[test]
fn refs_in_names_are_followed() {
    let text = generated_text("ref-in-extensions.yaml");
    for field in ["pub x_rate: Option<XRate>", "pub example: Option<Example>", "pub type XRate = f64"] {
        assert!(text.contains(field), "ref-in-extensions.yaml: no `{field}` in the generated crate");
    }
}

/// Operations in and out: every one left out is counted by the finding that says why.
#[test]
fn operations_are_counted() {
    for (spec, documented, generated) in [
        ("operation-string.yaml", 2, 1),
        ("path-item-invalid.yaml", 3, 1),
        ("path-item-refs.yaml", 4, 4),
        ("responses-v31.yaml", 5, 5),
        ("responses-missing-v30.yaml", 4, 4),
        ("no-paths.yaml", 0, 0),
    ] {
        let g = match run(spec, &config(&dir().join(spec), &[], false)).unwrap() {
            Ok(g) => g,
            Err(d) => panic!("{spec} does not generate: {d:?}"),
        };
        let want = generator::OperationCount { documented, generated, left_out: documented - generated };
        assert_eq!(g.operations, want, "{spec}");
        assert_eq!(g.api.operations.len(), generated, "{spec}");
        let explained: usize = g.diagnostics.iter().map(|d| d.operations_left_out).sum();
        assert_eq!(explained, documented - generated, "{spec}: findings account for every operation left out");
        assert!(g.diagnostics.iter().all(|d| d.code != "operation-lost"), "{spec}: {:?}", g.diagnostics);
    }
}

// --- inputs made at test time ---------------------------------------------------------

/// Writes `bytes` to a temporary file named `name` and runs it through the pipeline.
fn generate_bytes(name: &str, bytes: &[u8]) -> (tempfile::TempDir, Result<Generated, Vec<Diagnostic>>) {
    let tmp = tempfile::tempdir().unwrap();
    let spec = tmp.path().join(name);
    std::fs::write(&spec, bytes).unwrap();
    let result = run(name, &config(&spec, &[], false)).unwrap_or_else(|p| panic!("{p}"));
    (tmp, result)
}

fn only_error(name: &str, result: &Result<Generated, Vec<Diagnostic>>) -> Diagnostic {
    match result {
        Ok(_) => panic!("{name}: generated"),
        Err(d) => {
            let errors: Vec<&Diagnostic> = d.iter().filter(|d| d.severity == Severity::Error).collect();
            assert_eq!(errors.len(), 1, "{name}: {d:?}");
            errors[0].clone()
        }
    }
}

fn at(d: &Diagnostic) -> (usize, usize) {
    d.span.map(|s| (s.line, s.col)).unwrap_or_else(|| panic!("not located: {d}"))
}

/// Random bytes, some of them invalid UTF-8: refused at the first bad byte.
#[test]
fn binary_garbage() {
    // A fixed xorshift sequence: the same bytes on every run.
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let bytes: Vec<u8> = (0..8192)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect();
    let bad = std::str::from_utf8(&bytes).unwrap_err().valid_up_to();
    let before = &bytes[..bad];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before.iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1);
    let col = std::str::from_utf8(&before[line_start..]).unwrap().chars().count() + 1;
    for name in ["garbage.json", "garbage.yaml", "garbage"] {
        let (_tmp, result) = generate_bytes(name, &bytes);
        let d = only_error(name, &result);
        assert_eq!((d.code, at(&d)), ("not-utf8", (line, col)), "{name}: {d}");
    }
    // Control characters and NULs that are valid UTF-8.
    let text: Vec<u8> = (0u8..0x7f).cycle().take(4096).collect();
    let (_tmp, result) = generate_bytes("controls.yaml", &text);
    let d = only_error("controls.yaml", &result);
    assert_eq!(d.code, "yaml-syntax", "{d}");
    let (_tmp, result) = generate_bytes("controls.json", &text);
    let d = only_error("controls.json", &result);
    assert_eq!((d.code, at(&d)), ("json-syntax", (1, 1)), "{d}");
}

/// Latin-1 text: the position of the first byte that is not UTF-8.
#[test]
fn not_utf8() {
    let text = "openapi: 3.0.3\ninfo:\n  title: Caf\u{e9} API\n  version: \"1\"\npaths: {}\n";
    let latin1: Vec<u8> = text.chars().map(|c| c as u8).collect();
    let (_tmp, result) = generate_bytes("latin1.yaml", &latin1);
    let d = only_error("latin1.yaml", &result);
    assert_eq!((d.code, at(&d)), ("not-utf8", (3, 13)), "{d}");
    assert!(d.message.contains("0xe9"), "{d}");
    // UTF-16 with a byte-order mark.
    let utf16: Vec<u8> = [0xFF, 0xFE].into_iter().chain(text.encode_utf16().flat_map(u16::to_le_bytes)).collect();
    let (_tmp, result) = generate_bytes("utf16.yaml", &utf16);
    let d = only_error("utf16.yaml", &result);
    assert_eq!((d.code, at(&d)), ("not-utf8", (1, 1)), "{d}");
}

const HEAD_JSON: &str = r#"{"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {}, "x-deep": "#;
const HEAD_YAML: &str = "openapi: 3.0.3\ninfo: {title: t, version: \"1\"}\npaths: {}\nx-deep:";

/// 10 000 levels of nesting in every shape: refused with a located `too-deep` error at
/// the level past the limit, never a stack overflow.
#[test]
fn ten_thousand_levels() {
    const N: usize = 10_000;
    let cases: Vec<(&str, String, (usize, usize))> = vec![
        // The root object is level 1; level 128, the first refused, is the 127th bracket.
        ("arrays.json", format!("{HEAD_JSON}{}{}}}", "[".repeat(N), "]".repeat(N)), (1, HEAD_JSON.len() + 127)),
        (
            "objects.json",
            format!("{HEAD_JSON}{}1{}}}", r#"{"a": "#.repeat(N), "}".repeat(N)),
            (1, HEAD_JSON.len() + 1 + 6 * 126),
        ),
        // serde_yaml allows 128 levels below the root: the 128th bracket is refused.
        ("flow.yaml", format!("{HEAD_YAML} {}{}\n", "[".repeat(N), "]".repeat(N)), (4, 9 + 127)),
        (
            "block-mappings.yaml",
            format!("{HEAD_YAML}\n{}", (1..=N).map(|i| format!("{}a:\n", " ".repeat(i))).collect::<String>()),
            (132, 129),
        ),
        (
            "block-sequences.yaml",
            format!(
                "{HEAD_YAML}\n{} 1\n",
                (1..=N).map(|i| format!("{}-", " ".repeat(i))).collect::<Vec<_>>().join("\n")
            ),
            (132, 129),
        ),
    ];
    for (name, text, position) in cases {
        let (_tmp, result) = generate_bytes(name, text.as_bytes());
        let d = only_error(name, &result);
        assert_eq!((d.code, at(&d)), ("too-deep", position), "{name}: {d}");
    }
}

/// Schemas nested as deep as the parsers allow generate (each level a type, or a
/// `Vec<Vec<...>>`), on a test thread's 2 MiB stack.
#[test]
fn deepest_accepted_schemas() {
    let shapes: [(&str, &str, &str, usize); 5] = [
        ("items", r#"{"type": "array", "items": "#, "}", 1),
        ("properties", r#"{"type": "object", "properties": {"a": "#, "}}", 2),
        ("allOf", r#"{"allOf": ["#, "]}", 2),
        ("oneOf", r#"{"oneOf": [{"type": "integer"}, "#, "]}", 2),
        ("additionalProperties", r#"{"type": "object", "additionalProperties": "#, "}", 1),
    ];
    for (name, open, close, per_level) in shapes {
        // 4 levels are taken by the document around the schema; the parsers allow 128.
        let levels = (127 - 4) / per_level;
        let schema = format!("{}{}{}", open.repeat(levels), r#"{"type": "string"}"#, close.repeat(levels));
        let text = format!(
            r#"{{"openapi": "3.0.3", "info": {{"title": "t", "version": "1"}}, "paths": {{}}, "components": {{"schemas": {{"S": {schema}}}}}}}"#
        );
        let (_tmp, result) = generate_bytes(&format!("deep-{name}.json"), text.as_bytes());
        if let Err(d) = result {
            panic!("deep {name}: {d:?}");
        }
    }
}

/// A 20 MB document: loads, and a defect at its very end is located exactly.
#[test]
fn twenty_megabytes() {
    let example = format!(
        "[{}]",
        (0..200)
            .map(|i| format!(
                r#"{{"id": {i}, "name": "item {i}", "text": "{}"}}"#,
                "lorem ipsum dolor sit amet ".repeat(4)
            ))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let mut paths = Vec::new();
    let mut size = 0;
    while size < 20 << 20 {
        let n = paths.len();
        let p = format!(
            r##"    "/r{n}": {{"get": {{"operationId": "get{n}", "responses": {{"200": {{"description": "ok", "content": {{"application/json": {{"schema": {{"$ref": "#/components/schemas/Item"}}, "example": {example}}}}}}}}}}}}}"##
        );
        size += p.len();
        paths.push(p);
    }
    let n = paths.len();
    let ok = |last_ref: &str| {
        format!(
            "{{\n  \"openapi\": \"3.0.3\",\n  \"info\": {{\"title\": \"big\", \"version\": \"1\"}},\n  \"paths\": {{\n{}\n  }},\n  \"components\": {{\"schemas\": {{\"Item\": {{\"type\": \"object\", \"properties\": {{\"next\": {{\"$ref\": \"{last_ref}\"}}}}}}}}}}\n}}\n",
            paths.join(",\n")
        )
    };
    let text = ok("#/components/schemas/Item");
    assert!(text.len() >= 20 << 20);
    let (_tmp, result) = generate_bytes("big.json", text.as_bytes());
    let g = result.unwrap_or_else(|d| panic!("20 MB: {d:?}"));
    assert_eq!(g.api.operations.len(), n);
    let text = ok("#/components/schemas/Itme");
    let (_tmp, result) = generate_bytes("big-dangling.json", text.as_bytes());
    let d = only_error("big-dangling.json", &result);
    let line = n + 6;
    let col = text.lines().nth(line - 1).unwrap().find("\"#/components/schemas/Itme").unwrap() + 1;
    assert_eq!((d.code, at(&d)), ("dangling-ref", (line, col)), "{d}");
}

// --- the command line ---------------------------------------------------------------

fn generator() -> Command {
    Command::new(env!("CARGO_BIN_EXE_openapi-client-gen"))
}

/// Every file under `dir` with its bytes, sorted.
fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push((p.clone(), std::fs::read(&p).unwrap()));
            }
        }
    }
    out.sort();
    out
}

/// Unusable input: exit 2, a located one-line error, and the previous output untouched.
#[test]
fn errors_exit_2_and_leave_the_output_alone() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("client");
    let good = dir().join("ref-recursive-type.yaml");
    let status = generator().arg("--spec").arg(&good).arg("--out").arg(&out).arg("-q").status().unwrap();
    assert_eq!(status.code(), Some(0));
    std::fs::write(out.join("notes.txt"), "kept").unwrap();
    let before = snapshot(&out);
    let garbage = tmp.path().join("garbage.yaml");
    std::fs::write(&garbage, [0xC3u8, 0x28, 0xFF, 0x00]).unwrap();
    for (spec, line) in [
        (
            dir().join("swagger-1-2.json"),
            "swagger-1-2.json:2:14: error[unsupported-version]: Swagger 1.2 is not supported",
        ),
        (dir().join("ref-cycle.yaml"), "ref-cycle.yaml:7:13: error[cyclic-ref]"),
        (dir().join("json-trailing-comma.json"), "json-trailing-comma.json:5:1: error[json-syntax]"),
        (dir().join("empty.yaml"), "empty.yaml:1:1: error[empty-document]"),
        (garbage, "garbage.yaml:1:1: error[not-utf8]"),
        (tmp.path().join("missing.yaml"), "missing.yaml: error[io]"),
    ] {
        let output = generator()
            .arg("--spec")
            .arg(&spec)
            .arg("--out")
            .arg(&out)
            .args(["--diagnostics", "short"])
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{}: {stderr}", spec.display());
        assert!(stderr.contains(line), "{}: `{line}` not in\n{stderr}", spec.display());
        assert!(!stderr.contains("panicked"), "{stderr}");
        assert_eq!(snapshot(&out), before, "{}: the output changed", spec.display());
        let rich = generator().arg("--spec").arg(&spec).arg("--out").arg(&out).output().unwrap();
        assert_eq!(rich.status.code(), Some(2), "{}", String::from_utf8_lossy(&rich.stderr));
        assert_eq!(snapshot(&out), before);
    }
    // No stray staging directories beside the output.
    let beside: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(beside.len(), 2, "{beside:?}");
}

/// `--check` on a stale output: exit 1 naming the stale file, nothing written.
#[test]
fn stale_check_exits_1() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("client");
    let spec = dir().join("ref-recursive-type.yaml");
    let run =
        |extra: &[&str]| generator().arg("--spec").arg(&spec).arg("--out").arg(&out).args(extra).output().unwrap();
    assert_eq!(run(&["-q"]).status.code(), Some(0));
    assert_eq!(run(&["--check"]).status.code(), Some(0));
    let lib = out.join("src/lib.rs");
    let edited = format!("{}\n// edited\n", std::fs::read_to_string(&lib).unwrap());
    std::fs::write(&lib, &edited).unwrap();
    let before = snapshot(&out);
    let output = run(&["--check"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("src/lib.rs: out of date"), "{stderr}");
    assert_eq!(snapshot(&out), before);
    // Warnings alone exit 0.
    let warned = dir().join("duplicate-operation-id.yaml");
    let output = generator().arg("--spec").arg(&warned).arg("--out").arg(tmp.path().join("w")).output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    assert!(String::from_utf8_lossy(&output.stderr).contains("warning[duplicate-operation-id]"));
}

/// The published `specs/roles.json` under `--strict`: one error per defect, each at the
/// line:col found here independently of the generator, and exit 2.
#[test]
fn strict_roles_json() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let text = std::fs::read_to_string(root.join("specs/roles.json")).unwrap();
    // The defects, found by reading the text: string booleans (two `required`
    // parameters, six example values) and `required` naming `roleName`.
    let mut expected = Vec::new();
    for (i, line) in text.lines().enumerate() {
        for needle in [r#": "true""#, r#": "false""#] {
            if let Some(at) = line.find(needle) {
                let code = if line.trim_start().starts_with(r#""required""#) {
                    "string-boolean"
                } else {
                    "example-type-mismatch"
                };
                expected.push(format!("specs/roles.json:{}:{}: error[{code}]", i + 1, line[..at].chars().count() + 3));
            }
        }
        if line.trim() == r#""roleName","# {
            let col = line.find('"').unwrap() + 1;
            expected.push(format!("specs/roles.json:{}:{col}: error[required-missing-property]", i + 1));
        }
    }
    assert_eq!(expected.len(), 9, "{expected:?}");
    for position in ["225:21", "235:21", "59:19"] {
        assert!(expected.iter().any(|e| e.contains(position)), "{position} not in {expected:?}");
    }
    // `--check`, so that even a document that stopped failing writes nothing.
    let output = generator().args(["--strict", "--check", "--diagnostics", "short"]).output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    // The other documents' defects are checked elsewhere; here, roles.json's.
    let mut reported: Vec<String> = stderr
        .lines()
        .filter(|l| l.contains(": error[") && l.starts_with("specs/roles.json:"))
        .map(|l| l[..l.find("]").unwrap() + 1].to_owned())
        .collect();
    reported.sort();
    expected.sort();
    assert_eq!(reported, expected, "{stderr}");
    assert!(stderr.contains("error(s); nothing was written"), "{stderr}");
    // Without --strict the same defects are warnings and the client is generated
    // (whether the checked-in one is current is `tests/freshness.rs`'s business).
    let output = generator().args(["--check", "--diagnostics", "short"]).output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(matches!(output.status.code(), Some(0 | 1)), "{stderr}");
    let roles_warnings =
        stderr.lines().filter(|l| l.starts_with("specs/roles.json:") && l.contains(": warning[")).count();
    assert_eq!(roles_warnings, 9, "{stderr}");
}
