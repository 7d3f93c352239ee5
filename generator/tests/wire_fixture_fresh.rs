//! `tests/wire/client/` (the client of three documents with different server paths,
//! untyped bodies and error bodies) is exactly what the generator makes from
//! `tests/wire/specs/`: the command below, with `--check`, run from the repository root.

use std::path::Path;
use std::process::Command;

const SPECS: [&str; 3] = ["tests/wire/specs/v3.yaml", "tests/wire/specs/v1.yaml", "tests/wire/specs/media.json"];
const REGENERATE: &str = "cargo run -p generator -- --spec tests/wire/specs/v3.yaml --spec tests/wire/specs/v1.yaml \
     --spec tests/wire/specs/media.json --out tests/wire/client --crate-name wire-fixture-client";

#[test]
fn wire_fixture_client_is_current() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut command = Command::new(env!("CARGO_BIN_EXE_openapi-client-gen"));
    command.current_dir(&root);
    for spec in SPECS {
        command.args(["--spec", spec]);
    }
    let output = command
        .args(["--out", "tests/wire/client", "--crate-name", "wire-fixture-client", "--check", "--quiet"])
        .output()
        .expect("the generator runs");
    assert!(
        output.status.success(),
        "tests/wire/client/ is stale:\n{}\nrun `{REGENERATE}` and commit the result",
        String::from_utf8_lossy(&output.stderr)
    );
}
