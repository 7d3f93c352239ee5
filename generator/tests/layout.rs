//! One source file per area: a change in one area's operations regenerates only that
//! area's files, the shared types files it changes, and the summary (a new or removed
//! operation also changes the counts in `lib.rs` and the area's listing in `areas.rs`); no generated file of the
//! repository's client is over 10 000 lines.

use generator::{generate, Config, Input};
use std::collections::BTreeMap;
use std::path::Path;

/// Three areas; `Thing` is shared by `a` and `b`, `c` has only its own types.
const DOC: &str = r##"
openapi: 3.0.3
info: { title: Areas, version: "1" }
paths:
  /a/items:
    get:
      tags: [a]
      operationId: aList
      responses:
        "200": { description: ok, content: { application/json: { schema: { type: object, properties: { things: { type: array, items: { $ref: "#/components/schemas/Thing" } }, note: { type: string } } } } } }
  /b/items:
    get:
      tags: [b]
      operationId: bList
      responses:
        "200": { description: ok, content: { application/json: { schema: { $ref: "#/components/schemas/Thing" } } } }
  /c/items:
    get:
      tags: [c]
      operationId: cList
      responses:
        "200": { description: ok, content: { application/json: { schema: { type: object, properties: { n: { type: integer } } } } } }
components:
  schemas:
    Thing: { type: object, properties: { id: { type: string } } }
"##;

fn files(dir: &Path, doc: &str) -> BTreeMap<String, String> {
    let spec = dir.join("areas.yaml");
    std::fs::write(&spec, doc).expect("write the document");
    let config = Config {
        derive_deserialize: false,
        inputs: vec![Input { spec, overlays: Vec::new() }],
        crate_name: "areas".into(),
        title: None,
        strict: false,
        command: "test".into(),
    };
    let generated = generate(&config).unwrap_or_else(|_| panic!("generates"));
    generated.files.into_iter().map(|f| (f.path, f.text)).collect()
}

fn changed(before: &BTreeMap<String, String>, after: &BTreeMap<String, String>) -> Vec<String> {
    let mut out: Vec<String> =
        after.iter().filter(|(p, t)| before.get(*p) != Some(*t)).map(|(p, _)| p.clone()).collect();
    out.extend(before.keys().filter(|p| !after.contains_key(*p)).cloned());
    out.sort();
    out
}

#[test]
fn each_area_has_its_own_files() {
    let dir = tempfile::tempdir().expect("temp dir");
    let made = files(dir.path(), DOC);
    for f in
        ["src/operations/mod.rs", "src/operations/a.rs", "src/operations/c.rs", "src/types/mod.rs", "src/types/c.rs"]
    {
        assert!(made.contains_key(f), "{f} missing: {:?}", made.keys().collect::<Vec<_>>());
    }
    assert!(!made.contains_key("src/operations.rs") && !made.contains_key("src/types.rs"));
    let shared = made.keys().find(|p| p.starts_with("src/types/shared")).expect("a shared types file");
    assert!(made[shared].contains("pub struct Thing"), "Thing is shared by two areas");
    assert!(made["src/types/c.rs"].contains("pub struct CListResponse"));
}

#[test]
fn a_change_in_one_area_regenerates_only_its_files() {
    let dir = tempfile::tempdir().expect("temp dir");
    let before = files(dir.path(), DOC);
    // A property of `c`'s own response.
    let after = files(dir.path(), &DOC.replace("n: { type: integer }", "n: { type: integer }, m: { type: string }"));
    assert_eq!(changed(&before, &after), ["api-summary.json", "src/types/c.rs"]);
    // A property of the shared `Thing`: the shared file, not `c`'s.
    let after = files(dir.path(), &DOC.replace("id: { type: string }", "id: { type: string }, x: { type: integer }"));
    let touched = changed(&before, &after);
    assert!(touched.iter().all(|p| p == "api-summary.json" || p.starts_with("src/types/shared")), "{touched:?}");
    // A new parameter of `a`'s operation: its builder, the summary.
    let doc = DOC.replace(
        "      operationId: aList\n",
        "      operationId: aList\n      parameters: [ { name: q, in: query, schema: { type: string } } ]\n",
    );
    assert_eq!(changed(&before, &files(dir.path(), &doc)), ["api-summary.json", "src/operations/a.rs"]);
}

#[test]
fn no_file_of_the_client_is_over_ten_thousand_lines() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("../generated-client/src");
    let mut stack = vec![src];
    let mut seen = 0;
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).expect("generated-client/src").flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
                continue;
            }
            let lines = std::fs::read_to_string(&p).expect("a source file").lines().count();
            assert!(lines <= 10_000, "{} has {lines} lines", p.display());
            seen += 1;
        }
    }
    assert!(seen > 100, "the client has one file per area: {seen} files");
}
