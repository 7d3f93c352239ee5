//! The `generator` command line.

use clap::{Parser, ValueEnum};
use generator::diag::{render, Diagnostic, Severity};
use generator::{write, Config, Input};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Generates a typed async Rust client crate from OpenAPI 3.0/3.1 documents.
///
/// With no --spec, regenerates this repository's client: every document in `specs/`
/// (with the `*.overlay.yaml` files that extend them) into `generated-client/`.
#[derive(Parser, Debug)]
#[command(version, after_help = AFTER_HELP)]
struct Cli {
    /// An OpenAPI document (JSON or YAML). Repeat to merge several into one client.
    #[arg(long, value_name = "FILE")]
    spec: Vec<PathBuf>,

    /// An overlay correcting a document without editing it (applied to the --spec whose
    /// file name its `extends` names). Repeatable.
    #[arg(long, value_name = "FILE")]
    overlay: Vec<PathBuf>,

    /// Output directory of the generated crate (replaced atomically; a non-empty
    /// directory that is not a generated crate is refused).
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,

    /// Cargo package name of the generated crate.
    #[arg(long, value_name = "NAME")]
    crate_name: Option<String>,

    /// Write nothing; exit 1 and name each stale file if the output is not current.
    #[arg(long)]
    check: bool,

    /// Treat every repair of a defective document as an error.
    #[arg(long)]
    strict: bool,

    /// How to print diagnostics.
    #[arg(long, value_enum, default_value_t = Format::Auto)]
    diagnostics: Format,

    /// Print only errors.
    #[arg(long, short)]
    quiet: bool,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum Format {
    /// Errors with source snippets; warnings and notes one line each (a summary that
    /// fits a screen).
    Auto,
    /// Everything with source snippets, coloured on a terminal.
    Rich,
    /// One line each: `file:line:col: severity[code]: message`.
    Short,
}

const AFTER_HELP: &str = "\
Exit status:
  0  generated (or current, with --check); warnings may have been printed
  1  --check: the output is stale (each stale file is named)
  2  unusable input: an error was printed with its file:line:col
  3  the output could not be written (nothing was changed)

Examples:
  cargo run -p generator                      regenerate generated-client/ from specs/
  cargo run -p generator -- --check           verify generated-client/ is current
  cargo run -p generator -- --strict          refuse documents that need repairs
  cargo run -p generator -- --spec api.yaml --out ../my-client --crate-name my-client";

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(&cli) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}

/// The repository root (this crate's parent), for the default run.
fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().map(Path::to_path_buf).unwrap_or_default()
}

/// `path` relative to the current directory when it is inside it (shorter messages).
fn shown(path: &Path) -> PathBuf {
    let (Ok(cwd), Ok(abs)) = (std::env::current_dir(), std::fs::canonicalize(path)) else { return path.to_path_buf() };
    let cwd = std::fs::canonicalize(&cwd).unwrap_or(cwd);
    abs.strip_prefix(&cwd).map(Path::to_path_buf).unwrap_or_else(|_| path.to_path_buf())
}

fn run(cli: &Cli) -> Result<ExitCode, String> {
    let (config, out) = if cli.spec.is_empty() { default_config(cli)? } else { explicit_config(cli)? };
    let result = generator::generate(&config);
    let (generated, diags, sources) = match result {
        Ok(g) => {
            let d = g.diagnostics.clone();
            let s = g.sources.clone();
            (Some(g), d, s)
        }
        Err(f) => (None, f.diagnostics, f.sources),
    };
    print_diagnostics(cli, &diags, &sources);
    let Some(generated) = generated else {
        let errors = diags.iter().filter(|d| d.severity == Severity::Error).count();
        eprintln!("error: {errors} error(s); nothing was written");
        return Ok(ExitCode::from(2));
    };
    let warnings = diags.iter().filter(|d| d.severity == Severity::Warning).count();
    let ops = generated.operations;
    let summary = format!(
        "{} document(s), {} operations ({} in the documents, {} left out), {} types, {} warning(s)",
        config.inputs.len(),
        ops.generated,
        ops.documented,
        ops.left_out,
        generated.api.types.len(),
        warnings
    );
    if cli.check {
        let stale = write::check(&out, &generated.files);
        if stale.is_empty() {
            if !cli.quiet {
                eprintln!("{summary}; {} is current", out.display());
            }
            return Ok(ExitCode::SUCCESS);
        }
        for s in &stale {
            eprintln!("stale: {s}");
        }
        eprintln!("error: {} is stale; run `{}` to regenerate it", out.display(), config.command);
        return Ok(ExitCode::from(1));
    }
    match write::write(&out, &generated.files) {
        Ok(write::Written::Unchanged) => {
            if !cli.quiet {
                eprintln!("{summary}; {} unchanged", out.display());
            }
            Ok(ExitCode::SUCCESS)
        }
        Ok(write::Written::Updated(n)) => {
            if !cli.quiet {
                eprintln!("{summary}; wrote {} ({n} file(s) changed)", out.display());
            }
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => {
            eprintln!("error: could not write {}: {e}; nothing was changed", out.display());
            Ok(ExitCode::from(3))
        }
    }
}

fn print_diagnostics(cli: &Cli, diags: &[Diagnostic], sources: &std::collections::HashMap<String, String>) {
    let shown: Vec<Diagnostic> =
        diags.iter().filter(|d| !cli.quiet || d.severity == Severity::Error).cloned().collect();
    match cli.diagnostics {
        Format::Short => shown.iter().for_each(|d| eprintln!("{d}")),
        Format::Rich => render::to_stderr(&shown, sources),
        Format::Auto => {
            for d in shown.iter().filter(|d| d.severity != Severity::Error) {
                let first = d.to_string();
                eprintln!("{}", first.lines().next().unwrap_or_default());
            }
            let errors: Vec<Diagnostic> = shown.iter().filter(|d| d.severity == Severity::Error).cloned().collect();
            render::to_stderr(&errors, sources);
            if shown.iter().any(|d| d.severity != Severity::Error) {
                eprintln!("(--diagnostics rich shows each warning with its source and help)");
            }
        }
    }
}

/// This repository: `specs/*` into `generated-client/`, run from the repository root so
/// every name in the output is the same wherever the command starts.
fn default_config(cli: &Cli) -> Result<(Config, PathBuf), String> {
    let root = repo_root();
    std::env::set_current_dir(&root).map_err(|e| format!("cannot enter {}: {e}", root.display()))?;
    let mut config = generator::repository_config(Path::new("."), cli.strict)?;
    if let Some(name) = &cli.crate_name {
        config.crate_name = name.clone();
    }
    let out = cli.out.clone().unwrap_or_else(|| PathBuf::from("generated-client"));
    Ok((config, out))
}

fn explicit_config(cli: &Cli) -> Result<(Config, PathBuf), String> {
    let out = cli.out.clone().ok_or("--spec needs --out DIR (where to write the crate)")?;
    let inputs: Vec<Input> =
        cli.spec.iter().map(|s| Input { spec: shown(s), overlays: generator::overlays_for(s, &cli.overlay) }).collect();
    let used: usize = inputs.iter().map(|i| i.overlays.len()).sum();
    if used < cli.overlay.len() {
        return Err(
            "an --overlay does not extend any --spec (its `extends` must name one of the --spec file names)".to_owned()
        );
    }
    let crate_name = cli.crate_name.clone().unwrap_or_else(|| {
        let stem = cli.spec[0].file_stem().and_then(|s| s.to_str()).unwrap_or("api");
        format!("{}-client", generator::names::snake(stem).replace('_', "-").trim_start_matches("r#"))
    });
    if crate_name.is_empty() || !crate_name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
        return Err(format!(
            "--crate-name `{crate_name}` is not a valid Cargo package name (letters, digits, `-`, `_`)"
        ));
    }
    let mut command = String::from("generator");
    for s in &cli.spec {
        command.push_str(&format!(" --spec {}", s.display()));
    }
    for o in &cli.overlay {
        command.push_str(&format!(" --overlay {}", o.display()));
    }
    command.push_str(&format!(" --out {} --crate-name {crate_name}", out.display()));
    let config = Config { inputs, crate_name, title: None, strict: cli.strict, command };
    Ok((config, out))
}
