//! `tests/styles/client/` (the generated client of the style-table fixture) is exactly
//! what the generator makes from `tests/styles/openapi.yaml`: the command below, with
//! `--check`, run from the repository root.

use std::path::Path;
use std::process::Command;

const REGENERATE: &str =
    "cargo run -p generator -- --spec tests/styles/openapi.yaml --out tests/styles/client --crate-name style-table-client";

#[test]
fn style_table_client_is_current() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let output = Command::new(env!("CARGO_BIN_EXE_openapi-client-gen"))
        .current_dir(&root)
        .args(["--spec", "tests/styles/openapi.yaml", "--out", "tests/styles/client"])
        .args(["--crate-name", "style-table-client", "--check", "--quiet"])
        .output()
        .expect("the generator runs");
    assert!(
        output.status.success(),
        "tests/styles/client/ is stale:\n{}\nrun `{REGENERATE}` and commit the result",
        String::from_utf8_lossy(&output.stderr)
    );
}
