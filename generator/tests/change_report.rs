//! Regenerating from an older then a newer version of a document: the change report
//! (text and JSON), the CHANGELOG and `--bump`, through the command line.

use serde_json::Value;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn generator() -> Command {
    Command::new(env!("CARGO_BIN_EXE_openapi-client-gen"))
}

const OLD: &str = r##"
openapi: 3.0.3
info: { title: Pets, version: "1" }
paths:
  /pets:
    get:
      operationId: listPets
      parameters:
        - { name: limit, in: query, schema: { type: integer, format: int32 } }
      responses:
        "200": { description: ok, content: { application/json: { schema: { type: array, items: { $ref: "#/components/schemas/Pet" } } } } }
    post:
      operationId: createPet
      requestBody:
        required: true
        content: { application/json: { schema: { $ref: "#/components/schemas/NewPet" } } }
      responses: { "201": { description: created } }
  /pets/{petId}:
    delete:
      operationId: deletePet
      parameters: [ { name: petId, in: path, required: true, schema: { type: string } } ]
      responses: { "204": { description: gone } }
components:
  schemas:
    Pet:
      type: object
      required: [id]
      properties:
        id: { type: integer, format: int64 }
        name: { type: string }
        kind: { $ref: "#/components/schemas/Kind" }
    NewPet:
      type: object
      required: [name]
      properties:
        name: { type: string }
    Kind: { type: string, enum: [cat, dog] }
"##;

/// `listPets` renamed (same method and path), `Pet.name` required, a `Kind` value and a
/// new optional query parameter added, `deletePet` removed, two operations added.
const NEW: &str = r##"
openapi: 3.0.3
info: { title: Pets, version: "2" }
paths:
  /pets:
    get:
      operationId: findPets
      parameters:
        - { name: limit, in: query, schema: { type: integer, format: int32 } }
        - { name: tag, in: query, schema: { type: string } }
      responses:
        "200": { description: ok, content: { application/json: { schema: { type: array, items: { $ref: "#/components/schemas/Pet" } } } } }
    post:
      operationId: createPet
      requestBody:
        required: true
        content: { application/json: { schema: { $ref: "#/components/schemas/NewPet" } } }
      responses: { "201": { description: created } }
  /pets/{id}:
    get:
      operationId: getPet
      parameters: [ { name: id, in: path, required: true, schema: { type: string } } ]
      responses:
        "200": { description: ok, content: { application/json: { schema: { $ref: "#/components/schemas/Pet" } } } }
  /stores:
    get:
      operationId: listStores
      responses: { "200": { description: ok } }
components:
  schemas:
    Pet:
      type: object
      required: [id, name]
      properties:
        id: { type: integer, format: int64 }
        name: { type: string }
        kind: { $ref: "#/components/schemas/Kind" }
    NewPet:
      type: object
      required: [name]
      properties:
        name: { type: string }
    Kind: { type: string, enum: [cat, dog, bird] }
"##;

struct Run {
    json: Value,
    stderr: String,
}

/// A scratch directory holding one document (`spec`, rewritten for each version) and
/// the crate generated from it (`out`).
struct Scratch {
    _dir: tempfile::TempDir,
    spec: PathBuf,
    out: PathBuf,
}

impl Scratch {
    fn new(spec_name: &str) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let (spec, out) = (dir.path().join(spec_name), dir.path().join("client"));
        Scratch { _dir: dir, spec, out }
    }

    /// This version of the document.
    fn document(&self, text: &str) -> &Self {
        std::fs::write(&self.spec, text).unwrap();
        self
    }

    /// Generates `out` from the document, with the report as JSON.
    fn run(&self, extra: &[&str]) -> Run {
        let output: Output = generator()
            .arg("--spec")
            .arg(&self.spec)
            .arg("--out")
            .arg(&self.out)
            .args(["--crate-name", "pets", "--report", "json"])
            .args(extra)
            .output()
            .expect("the generator runs");
        let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
        let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
        let json = serde_json::from_str(stdout.trim())
            .unwrap_or_else(|e| panic!("stdout is not JSON ({e}): {stdout}\n{stderr}"));
        Run { json, stderr }
    }
}

fn ops(v: &Value) -> BTreeSet<(String, String)> {
    v.as_array()
        .unwrap_or_else(|| panic!("not a list: {v}"))
        .iter()
        .map(|o| (o["method"].as_str().unwrap().to_owned(), o["path"].as_str().unwrap().to_owned()))
        .collect()
}

fn pair(m: &str, p: &str) -> (String, String) {
    (m.to_owned(), p.to_owned())
}

#[test]
fn older_then_newer_document_reports_what_changed() {
    let s = Scratch::new("pets.yaml");
    let out = &s.out;
    let first = s.document(OLD).run(&[]);
    assert_eq!(first.json["previous"], false, "{}", first.json);
    assert!(out.join("api-summary.json").is_file());
    assert!(!out.join("CHANGELOG.md").exists(), "a first generation has nothing to log");

    // --check names the stale files and prints the same report.
    let check = s.document(NEW).run(&["--check"]);
    let second = s.run(&[]);
    assert_eq!(check.json, second.json);
    assert!(check.stderr.contains("is stale"), "{}", check.stderr);
    let r = &second.json;
    assert_eq!(r["previous"], true);
    assert_eq!(
        ops(&r["operations"]["added"]),
        [pair("GET", "/pets/{id}"), pair("GET", "/stores")].into_iter().collect()
    );
    assert_eq!(ops(&r["operations"]["removed"]), [pair("DELETE", "/pets/{petId}")].into_iter().collect());
    let renamed = &r["operations"]["renamed"];
    assert_eq!(renamed.as_array().unwrap().len(), 1, "{r}");
    assert_eq!((renamed[0]["from"].as_str(), renamed[0]["to"].as_str()), (Some("list_pets"), Some("find_pets")));
    assert_eq!(renamed[0]["path"], "/pets");

    let breaking: BTreeSet<(String, String)> = r["breaking"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["kind"].as_str().unwrap().to_owned(), c["subject"].as_str().unwrap().to_owned()))
        .collect();
    for expected in [
        ("operation-removed", "DELETE /pets/{petId}"),
        ("operation-renamed", "GET /pets"),
        ("made-required", "Pet.name"),
        ("value-added", "Kind::Bird"),
    ] {
        assert!(breaking.contains(&pair(expected.0, expected.1)), "{expected:?} not in {breaking:?}");
    }
    let all = r["changes"].as_array().unwrap();
    let tag = all.iter().find(|c| c["kind"] == "input-added").unwrap_or_else(|| panic!("{r}"));
    assert_eq!(tag["subject"], "GET /pets");
    assert!(tag["detail"].as_str().unwrap().contains(".tag(String)"), "{tag}");
    assert_eq!((tag["kind"].as_str(), tag["breaking"].as_bool()), (Some("input-added"), Some(false)));
    let added = all.iter().find(|c| c["subject"] == "GET /stores").unwrap();
    assert_eq!(added["breaking"], false);
    assert_eq!((r["bump"].as_str(), r["version"]["next"].as_str()), (Some("minor"), Some("0.2.0")));

    // The text report says the same, and the CHANGELOG has it under Unreleased.
    assert!(second.stderr.contains("2 operation(s) added, 1 removed, 1 renamed"), "{}", second.stderr);
    assert!(second.stderr.contains("needs a minor version bump (0.1.0 -> 0.2.0)"), "{}", second.stderr);
    let log = std::fs::read_to_string(out.join("CHANGELOG.md")).unwrap();
    assert!(log.contains("## Unreleased"), "{log}");
    assert!(log.contains("- `DELETE /pets/{petId}`: removed"), "{log}");
    assert!(manifest_version(out).contains("version = \"0.1.0\""));

    // Nothing changed since: an empty report; --bump releases what is unreleased.
    let third = s.run(&["--bump"]);
    assert_eq!(third.json["changes"].as_array().map(Vec::len), Some(0), "{}", third.json);
    assert!(manifest_version(out).contains("version = \"0.2.0\""), "{}", third.stderr);
    let log = std::fs::read_to_string(out.join("CHANGELOG.md")).unwrap();
    assert!(log.contains("## 0.2.0") && !log.contains("## Unreleased"), "{log}");
    // The bumped version is kept by later runs and --check.
    let fourth = s.run(&["--check"]);
    assert_eq!(fourth.json["version"]["current"], "0.2.0");
    assert!(fourth.stderr.contains("is current"), "{}", fourth.stderr);
}

fn manifest_version(out: &Path) -> String {
    std::fs::read_to_string(out.join("Cargo.toml")).unwrap()
}

#[test]
fn a_missing_or_unreadable_summary_means_no_previous_api() {
    let s = Scratch::new("pets.yaml");
    let out = &s.out;
    s.document(OLD).run(&[]);
    std::fs::write(out.join("api-summary.json"), "{ not json").unwrap();
    let r = s.run(&[]);
    assert_eq!(r.json["previous"], false);
    assert!(r.stderr.contains("unreadable"), "{}", r.stderr);
    std::fs::remove_file(out.join("api-summary.json")).unwrap();
    let r = s.run(&["--check"]);
    assert_eq!(r.json["previous"], false);
    assert!(r.stderr.contains("api-summary.json: missing"), "{}", r.stderr);
}

fn corpus(name: &str) -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus").join(name);
    if p.is_file() {
        Some(p)
    } else {
        eprintln!("skipped: {} is absent", p.display());
        None
    }
}

const METHODS: [&str; 8] = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// Every (METHOD, path) of a document.
fn operations_of(doc: &Value) -> BTreeSet<(String, String)> {
    let mut out = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().into_iter().flatten() {
        for m in METHODS.iter().filter(|m| item.get(**m).is_some()) {
            out.insert((m.to_ascii_uppercase(), path.clone()));
        }
    }
    out
}

/// A copy of `doc` without every `step`-th operation, starting at `offset`.
fn without_some(doc: &Value, step: usize, offset: usize) -> Value {
    let mut copy = doc.clone();
    let mut i = 0;
    for (_, item) in copy["paths"].as_object_mut().into_iter().flatten() {
        for m in METHODS {
            if item.get(m).is_some() {
                if i % step == offset {
                    item.as_object_mut().unwrap().remove(m);
                }
                i += 1;
            }
        }
    }
    copy
}

/// Two versions cut from a real document: the report's added and removed operations are
/// exactly the difference of their (method, path) sets.
#[test]
fn counts_equal_the_real_difference_on_a_real_document() {
    let Some(path) = corpus("rocketchat/messaging.yaml") else { return };
    let full: Value = serde_yaml::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let older = without_some(&full, 7, 0);
    let newer = without_some(&full, 5, 1);
    let (old_ops, new_ops) = (operations_of(&older), operations_of(&newer));
    let s = Scratch::new("messaging.json");
    s.document(&serde_json::to_string(&older).unwrap()).run(&[]);
    let r = s.document(&serde_json::to_string(&newer).unwrap()).run(&[]).json;
    let added: BTreeSet<_> = new_ops.difference(&old_ops).cloned().collect();
    let removed: BTreeSet<_> = old_ops.difference(&new_ops).cloned().collect();
    assert!(!added.is_empty() && !removed.is_empty());
    assert_eq!(ops(&r["operations"]["added"]), added);
    assert_eq!(ops(&r["operations"]["removed"]), removed);
    let breaking_removed =
        r["breaking"].as_array().unwrap().iter().filter(|c| c["kind"] == "operation-removed").count();
    assert_eq!(breaking_removed, removed.len());
}

/// A newer document that only adds optional fields (to a request body and to a type
/// nested in it) is a compatible change: callers built those values with `new` and
/// `with_` setters (the structs are `#[non_exhaustive]`), which still compile.
#[test]
fn new_optional_body_fields_are_compatible() {
    let before = r##"
openapi: 3.0.3
info: { title: Pets, version: "1" }
paths:
  /pets:
    post:
      operationId: createPet
      requestBody:
        required: true
        content: { application/json: { schema: { $ref: "#/components/schemas/NewPet" } } }
      responses: { "201": { description: created } }
components:
  schemas:
    NewPet:
      type: object
      required: [name]
      properties:
        name: { type: string }
        owner: { $ref: "#/components/schemas/Owner" }
    Owner:
      type: object
      required: [id]
      properties:
        id: { type: string }
"##;
    let after = before
        .replace(
            "        name: { type: string }\n",
            "        name: { type: string }\n        nickname: { type: string }\n",
        )
        .replace("        id: { type: string }\n", "        id: { type: string }\n        email: { type: string }\n");
    assert_ne!(before, after);
    let scratch = Scratch::new("pets.yaml");
    scratch.document(before).run(&[]);
    let r = scratch.document(&after).run(&[]).json;
    assert_eq!(r["breaking"].as_array().map(Vec::len), Some(0), "{r}");
    let added: BTreeSet<String> = r["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| format!("{} {}", c["kind"].as_str().unwrap(), c["subject"].as_str().unwrap()))
        .collect();
    assert!(added.contains("input-added POST /pets"), "{r}");
    assert!(added.contains("field-added NewPet.nickname"), "{r}");
    assert!(added.contains("field-added Owner.email"), "{r}");
    assert_eq!(r["bump"].as_str(), Some("patch"), "{r}");
}

/// A response that was `()` and now carries its body (a document that gives its media
/// type, or a generator that no longer throws an untyped body away) is in the report as
/// an output retyped from `()`.
#[test]
fn an_output_that_was_unit_is_reported() {
    let before = "openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /status:
    get:
      operationId: status
      responses: {'200': {description: ok}}
";
    let after = "openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /status:
    get:
      operationId: status
      responses: {'200': {description: ok, content: {application/json: {}}}}
";
    let s = Scratch::new("status.yaml");
    s.document(before).run(&[]);
    let second = s.document(after).run(&[]);
    let all = second.json["changes"].as_array().expect("changes");
    let retyped = all.iter().find(|c| c["kind"] == "output-retyped").unwrap_or_else(|| panic!("{}", second.json));
    assert_eq!(retyped["subject"], "GET /status");
    assert_eq!(retyped["detail"], "returns `serde_json::Value` instead of `()`");
}
