//! The checked-in `generated-client/` is exactly what the generator makes from `specs/`
//! (the rust-analyzer "sourcegen" pattern: regenerate in memory, compare, name the fix).

use std::path::Path;

#[test]
fn generated_client_is_current() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    // Names in the output are relative to the repository root, as in `cargo run -p generator`.
    std::env::set_current_dir(&root).expect("repository root");
    let config = generator::repository_config(Path::new("."), false).expect("specs/ readable");
    let generated = match generator::generate_for(&config, Path::new("generated-client")) {
        Ok(g) => g,
        Err(f) => panic!(
            "specs/ does not generate:\n{}",
            f.diagnostics.iter().map(|d| d.to_string()).collect::<Vec<_>>().join("\n")
        ),
    };
    let stale = generator::write::check(Path::new("generated-client"), &generated.files);
    assert!(
        stale.is_empty(),
        "generated-client/ is stale:\n{}\nrun `cargo run -p generator` and commit the result",
        stale.iter().map(|s| format!("  {s}")).collect::<Vec<_>>().join("\n")
    );
}

/// Two runs give the same bytes (maps with random iteration order would not).
#[test]
fn generation_is_deterministic() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    std::env::set_current_dir(&root).expect("repository root");
    let config = generator::repository_config(Path::new("."), false).expect("specs/ readable");
    let first = generator::generate(&config).ok().expect("generates").files;
    let second = generator::generate(&config).ok().expect("generates").files;
    assert_eq!(first, second);
}
