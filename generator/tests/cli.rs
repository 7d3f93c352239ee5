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
