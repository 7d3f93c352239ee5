//! Pins the generated code for small OpenAPI example documents, so every change in
//! output is seen in review (`cargo insta review` after an intended change).

use std::path::Path;

fn corpus() -> Option<&'static Path> {
    let dir = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/corpus/oai"));
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("skipped: {} is absent (snapshots are of the shared OAI examples)", dir.display());
        None
    }
}

fn snapshot(file: &str) {
    let Some(dir) = corpus() else { return };
    let spec = dir.join(file);
    let stem = file.split('.').next().unwrap_or(file);
    let config = generator::Config {
        derive_deserialize: false,
        inputs: vec![generator::Input { spec: Path::new("oai").join(file), overlays: vec![] }],
        crate_name: format!("{stem}-client"),
        title: None,
        strict: false,
        command: format!("generator --spec oai/{file}"),
    };
    // Names in the output are relative to the corpus, whatever the checkout location.
    std::env::set_current_dir(dir.parent().expect("corpus root")).expect("enter corpus");
    assert!(spec.is_file());
    let generated = generator::generate(&config).unwrap_or_else(|f| {
        panic!("{file} does not generate: {:?}", f.diagnostics.iter().map(|d| d.to_string()).collect::<Vec<_>>())
    });
    // Runtime modules are the same hand-written source in every crate, tested where
    // they are written (`generator/src/runtime/`).
    let copied = |path: &str| generator::runtime::MODULES.iter().any(|m| m.path == path);
    for f in generated.files.iter().filter(|f| !copied(&f.path)) {
        let name = format!("{stem}__{}", f.path.replace(['/', '.'], "_"));
        insta::assert_snapshot!(name, &f.text);
    }
}

#[test]
fn petstore_and_friends() {
    // One test: the working directory is process-wide.
    for file in ["petstore.yaml", "petstore-expanded.yaml", "link-example.yaml"] {
        snapshot(file);
    }
}
