//! `tests/quirks/client/` (the generated client of the quirks fixture: referenced security schemes, raw bodies, token pages) is exactly
//! what the generator makes from `tests/quirks/openapi.yaml`: the command below, with
//! `--check`, run from the repository root.

use std::path::Path;
use std::process::Command;

const REGENERATE: &str =
    "cargo run -p generator -- --spec tests/quirks/openapi.yaml --out tests/quirks/client --crate-name quirks-fixture-client";

#[test]
fn quirks_fixture_client_is_current() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let output = Command::new(env!("CARGO_BIN_EXE_openapi-client-gen"))
        .current_dir(&root)
        .args(["--spec", "tests/quirks/openapi.yaml", "--out", "tests/quirks/client"])
        .args(["--crate-name", "quirks-fixture-client", "--check", "--quiet"])
        .output()
        .expect("the generator runs");
    assert!(
        output.status.success(),
        "tests/quirks/client/ is stale:\n{}\nrun `{REGENERATE}` and commit the result",
        String::from_utf8_lossy(&output.stderr)
    );
}
