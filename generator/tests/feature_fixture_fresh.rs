//! `tests/features/client/` (the generated client of the feature fixture (request bodies, uploads, pagination)) is exactly
//! what the generator makes from `tests/features/openapi.yaml`: the command below, with
//! `--check`, run from the repository root.

use std::path::Path;
use std::process::Command;

const REGENERATE: &str =
    "cargo run -p generator -- --spec tests/features/openapi.yaml --out tests/features/client --crate-name feature-fixture-client";

#[test]
fn feature_fixture_client_is_current() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let output = Command::new(env!("CARGO_BIN_EXE_openapi-client-gen"))
        .current_dir(&root)
        .args(["--spec", "tests/features/openapi.yaml", "--out", "tests/features/client"])
        .args(["--crate-name", "feature-fixture-client", "--check", "--quiet"])
        .output()
        .expect("the generator runs");
    assert!(
        output.status.success(),
        "tests/features/client/ is stale:\n{}\nrun `{REGENERATE}` and commit the result",
        String::from_utf8_lossy(&output.stderr)
    );
}
