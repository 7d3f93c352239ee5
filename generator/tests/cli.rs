//! The installable command: its name, `--help` (every mode, with examples), `--version`
//! and shell completions.

use std::process::Command;

fn run(args: &[&str]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_openapi-client-gen")).args(args).output().expect("the command runs");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn help_shows_every_mode_with_an_example() {
    let (ok, help, _) = run(&["--help"]);
    assert!(ok);
    assert!(help.starts_with("Generates a typed async Rust client"), "{help}");
    assert!(help.contains("Usage: openapi-client-gen"), "{help}");
    for mode in ["--spec", "--out", "--overlay", "--check", "--bump", "--report", "--completions", "--strict"] {
        assert!(help.contains(mode), "{mode} missing from --help");
        let example = help.lines().any(|l| l.trim_start().starts_with("openapi-client-gen") && l.contains(mode))
            || help.lines().any(|l| l.trim_start().starts_with("cargo run -p generator") && l.contains(mode));
        assert!(example || mode == "--out" || mode == "--overlay", "no example of {mode}");
    }
    assert!(help.contains("Examples:") && help.contains("Exit status:"), "{help}");
}

#[test]
fn version_names_the_command_and_the_package_version() {
    let (ok, out, _) = run(&["--version"]);
    assert!(ok);
    assert_eq!(out.trim(), format!("openapi-client-gen {}", env!("CARGO_PKG_VERSION")));
}

#[test]
fn completions_for_bash_zsh_and_fish() {
    for (shell, marker) in
        [("bash", "complete -F"), ("zsh", "#compdef openapi-client-gen"), ("fish", "complete -c openapi-client-gen")]
    {
        let (ok, script, err) = run(&["--completions", shell]);
        assert!(ok, "{shell}: {err}");
        assert!(script.contains(marker), "{shell}: no `{marker}` in\n{script}");
        assert!(script.contains("crate-name") && script.contains("completions"), "{shell}: options missing");
    }
    let (ok, _, err) = run(&["--completions", "tcsh"]);
    assert!(!ok && err.contains("tcsh"), "{err}");
}

/// An overlay that applies to no --spec is refused with the reason: a YAML error with
/// its line (once reported as "does not extend any --spec", hiding the typo), or the
/// `extends` it names.
#[test]
fn an_overlay_that_extends_nothing_says_why() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let spec = dir.path().join("api.yaml");
    std::fs::write(&spec, "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n").expect("write");
    let out = dir.path().join("out");
    let attempt = |overlay_text: &str| {
        let overlay = dir.path().join("api.overlay.yaml");
        std::fs::write(&overlay, overlay_text).expect("write");
        let args =
            ["--spec", spec.to_str().unwrap(), "--overlay", overlay.to_str().unwrap(), "--out", out.to_str().unwrap()];
        let (ok, _, err) = run(&args);
        assert!(!ok && !out.exists(), "generated despite the overlay: {err}");
        err
    };
    // A plain scalar holding `: ` is a YAML error.
    let err = attempt("overlay: 1.0.0\nextends: api.yaml\nactions:\n  - target: $\n    description: sent as Authorization: Bearer\n    update: {}\n");
    assert!(err.contains("api.overlay.yaml is not valid YAML") && err.contains("line 5"), "{err}");
    let err = attempt("overlay: 1.0.0\nextends: other.yaml\nactions: []\n");
    assert!(err.contains("extends `other.yaml`") && err.contains("(api.yaml)"), "{err}");
    let err = attempt("overlay: 1.0.0\nactions: []\n");
    assert!(err.contains("has no `extends`"), "{err}");
    // The same overlay, naming the document, is applied.
    let ok_text = "overlay: 1.0.0\nextends: api.yaml\nactions:\n  - target: $.info\n    update: {title: corrected}\n";
    std::fs::write(dir.path().join("api.overlay.yaml"), ok_text).expect("write");
    let overlay = dir.path().join("api.overlay.yaml");
    let (ok, _, err) = run(&[
        "--spec",
        spec.to_str().unwrap(),
        "--overlay",
        overlay.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(ok, "{err}");
}

/// The default run reads `specs/`: an overlay there that no document takes (a YAML
/// error, a stale `extends`) stops it rather than leaving its corrections out silently.
#[test]
fn the_repository_run_refuses_an_overlay_no_spec_takes() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let specs = dir.path().join("specs");
    std::fs::create_dir(&specs).expect("mkdir");
    std::fs::write(specs.join("a.yaml"), "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n").expect("write");
    std::fs::write(specs.join("a.overlay.yaml"), "overlay: 1.0.0\nextends: a.yaml\nactions: []\n").expect("write");
    let config = generator::repository_config(dir.path(), false).expect("a matching overlay");
    assert_eq!(config.inputs[0].overlays, [specs.join("a.overlay.yaml")]);
    std::fs::write(specs.join("b.overlay.yaml"), "overlay: 1.0.0\nextends: b.json\nactions: []\n").expect("write");
    let Err(err) = generator::repository_config(dir.path(), false) else { panic!("b.json is not in specs/") };
    assert!(err.contains("extends `b.json`"), "{err}");
    std::fs::write(specs.join("b.overlay.yaml"), "overlay: 1.0.0\nextends: [a.yaml\n").expect("write");
    let Err(err) = generator::repository_config(dir.path(), false) else { panic!("not YAML") };
    assert!(err.contains("b.overlay.yaml is not valid YAML"), "{err}");
}
