//! `tests/fixture/client/` (the generated client of the behaviour fixture) is exactly
//! what the generator makes from `tests/fixture/openapi.yaml`: the command below, with
//! `--check`, run from the repository root.

use std::path::Path;
use std::process::Command;

const REGENERATE: &str =
    "cargo run -p generator -- --spec tests/fixture/openapi.yaml --out tests/fixture/client --crate-name fixture-client";

#[test]
fn fixture_client_is_current() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let output = Command::new(env!("CARGO_BIN_EXE_openapi-client-gen"))
        .current_dir(&root)
        .args(["--spec", "tests/fixture/openapi.yaml", "--out", "tests/fixture/client"])
        .args(["--crate-name", "fixture-client", "--check", "--quiet"])
        .output()
        .expect("the generator runs");
    assert!(
        output.status.success(),
        "tests/fixture/client/ is stale:\n{}\nrun `{REGENERATE}` and commit the result",
        String::from_utf8_lossy(&output.stderr)
    );
}
