//! The command line, installed as `openapi-client-gen` (`cargo install --path generator`).

use clap::{CommandFactory, Parser, ValueEnum};
use generator::diag::{render, Diagnostic, Severity};
use generator::release::{self, Changelog, Version};
use generator::report::{self, Report};
use generator::summary::{self, Previous};
use generator::{write, Config, Generated, Input};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// mimalloc: about 30 % less CPU than the system allocator on a generation
/// (`BENCHMARKS.md`); built without transparent huge pages (`Cargo.toml`), and freed
/// memory returned at once ([`tune_allocator`]), its peak is below the system
/// allocator's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc purges freed memory 10 ms late by default, which kept a third more memory
/// at the peak of a generation (when whole files' syntax trees were alive). Purging
/// at once cost ~2.5 % of the CPU in `madvise` and pages faulted in again; 5 ms keeps
/// most of that CPU for a few MiB of peak (2026-12-06: nexus 16 -> 21 MiB, GitHub 57 ->
/// 59 MiB, Stripe 55 -> 57 MiB). 15 is `mi_option_purge_delay` in libmimalloc-sys
/// 0.1.49's mimalloc (v3), which `Cargo.toml` pins.
fn tune_allocator() {
    const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;
    const MILLISECONDS: std::os::raw::c_long = 5;
    // SAFETY: setting an option is a plain store in mimalloc, valid at any time.
    unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, MILLISECONDS) }
}

/// Generates a typed async Rust client crate from OpenAPI 3.0 and 3.1 documents (and
/// Swagger 2.0 ones, converted to 3.0 as they are read).
///
/// With no --spec, regenerates this repository's client: every document in `specs/`
/// (with the `*.overlay.yaml` files that extend them) into `generated-client/`.
#[derive(Parser, Debug)]
#[command(name = BIN, version, after_help = AFTER_HELP)]
struct Cli {
    /// An OpenAPI 3.0/3.1 or Swagger 2.0 document (JSON or YAML). Repeat to merge several
    /// into one client (each operation keeps its server's path; see README).
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

    /// How to print the change report (what changed in the crate's API since the last
    /// generation): `text` on stderr, or `json` on stdout (operations added, removed and
    /// renamed by method and path, breaking changes, the version bump they need).
    #[arg(long, value_enum, default_value_t = ReportFormat::Text, value_name = "FORMAT")]
    report: ReportFormat,

    /// Release the CHANGELOG's `Unreleased` changes: raise the crate's version by what
    /// they need (0.x: breaking -> minor, else patch) and give the section that version.
    #[arg(long, conflicts_with = "check")]
    bump: bool,

    /// Print a completion script for SHELL on stdout and exit (bash, zsh, fish,
    /// elvish, powershell).
    #[arg(long, value_name = "SHELL")]
    completions: Option<clap_complete::Shell>,

    /// Also write FILE: a Rust module with one call per operation through the generated
    /// client's own methods (inputs from the documents' request examples or minimal
    /// valid values) and every published example as a case. `scripts/wire-check.sh`
    /// drives it against a validating mock server.
    #[arg(long, value_name = "FILE", conflicts_with = "check")]
    calls: Option<PathBuf>,

    /// Make every struct derive serde's `Deserialize` instead of the generated one-pass
    /// decoder. Slower to compile and to decode; it exists to compare the two
    /// (`tests/decode-bench`).
    #[arg(long, requires = "spec")]
    derive_deserialize: bool,
}

/// The installed command's name.
const BIN: &str = "openapi-client-gen";

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum ReportFormat {
    /// Human-readable, on stderr.
    Text,
    /// One JSON object on stdout (the text report is still printed unless --quiet).
    Json,
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
Modes:
  (no --spec)        regenerate this repository's client: specs/ into generated-client/
  --spec --out       generate a client crate from any OpenAPI document(s)
  --check            write nothing; fail if the output is stale
  --bump             also release the CHANGELOG's Unreleased changes (raise the version)
  --report json      also print what changed in the API as JSON on stdout
  --completions SH   print a shell completion script

Every run that writes compares the crate's API with the previous one (api-summary.json
beside it), prints what changed, marks what breaks callers, and adds it to CHANGELOG.md.

Exit status:
  0  generated (or current, with --check); warnings may have been printed
  1  --check: the output is stale (each stale file is named, with the change report)
  2  unusable input: an error was printed with its file:line:col
  3  the output could not be written (nothing was changed)

Examples:
  openapi-client-gen --spec api.yaml --out ../my-client --crate-name my-client
  openapi-client-gen --spec a.yaml --spec b.yaml --overlay a.overlay.yaml --out ../merged
  openapi-client-gen --spec api.yaml --out ../my-client --check
  openapi-client-gen --spec api.yaml --out ../my-client --report json > changes.json
  openapi-client-gen --spec api.yaml --out ../my-client --bump
  openapi-client-gen --completions bash > ~/.local/share/bash-completion/completions/openapi-client-gen
  openapi-client-gen --completions zsh > ~/.zfunc/_openapi-client-gen
  openapi-client-gen --completions fish > ~/.config/fish/completions/openapi-client-gen.fish

In this repository (`cargo run -p generator --` is the same command):
  cargo run -p generator                      regenerate generated-client/ from specs/
  cargo run -p generator -- --check           verify generated-client/ is current
  cargo run -p generator -- --strict          refuse documents that need repairs
  cargo run -p generator -- --report json     also print what changed in the API as JSON
  cargo run -p generator -- --bump            release the CHANGELOG's Unreleased changes";

fn main() -> ExitCode {
    tune_allocator();
    let cli = Cli::parse();
    if let Some(shell) = cli.completions {
        clap_complete::generate(shell, &mut Cli::command(), BIN, &mut std::io::stdout());
        return ExitCode::SUCCESS;
    }
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
    let previous = summary::read(&out);
    let result = generator::generate_for(&config, &out);
    let (generated, diags, sources) = match result {
        Ok(g) => {
            let d = g.diagnostics.clone();
            let s = g.sources.clone();
            (Some(g), d, s)
        }
        Err(f) => (None, f.diagnostics, f.sources),
    };
    print_diagnostics(cli, &diags, &sources);
    let Some(mut generated) = generated else {
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
    let changes = Changes::new(cli, &out, previous, &generated);
    // This repository's run also makes the test cases of the client's published examples,
    // the test that compiles every call its docs show, and the decoding benchmark's cases.
    let example_tests: Vec<write::Rendered> = if let Some(calls) = &cli.calls {
        vec![generator::render_calls(&generated.api, &config.command, &calls.display().to_string(), true)?]
    } else if cli.spec.is_empty() && cli.out.is_none() {
        vec![
            generator::render_example_tests(&generated.api, &config.command)?,
            generator::render_doc_calls(&generated.api, &config.command)?,
            generator::render_decode_cases(&generated.api, &config.command)?,
        ]
    } else {
        Vec::new()
    };
    if cli.check {
        let mut stale: Vec<String> = write::check(&out, &generated.files).iter().map(ToString::to_string).collect();
        for t in &example_tests {
            match std::fs::read_to_string(&t.path) {
                Ok(existing) if existing == t.text => {}
                Ok(_) => stale.push(format!("{}: out of date", t.path)),
                Err(_) => stale.push(format!("{}: missing", t.path)),
            }
        }
        changes.print(cli, !stale.is_empty());
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
    changes.print(cli, true);
    changes.follow(cli, &out, &config, &mut generated)?;
    for t in &example_tests {
        match write::write_file(Path::new(&t.path), &t.text) {
            Ok(true) if !cli.quiet => eprintln!("wrote {}", t.path),
            Ok(_) => {}
            Err(e) => {
                eprintln!("error: could not write {}: {e}", t.path);
                return Ok(ExitCode::from(3));
            }
        }
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
    if let Some(why) = generator::unmatched_overlay(&cli.spec, &cli.overlay) {
        return Err(why);
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
    let mut command = String::from(BIN);
    for s in &cli.spec {
        command.push_str(&format!(" --spec {}", s.display()));
    }
    for o in &cli.overlay {
        command.push_str(&format!(" --overlay {}", o.display()));
    }
    command.push_str(&format!(" --out {} --crate-name {crate_name}", out.display()));
    if cli.derive_deserialize {
        command.push_str(" --derive-deserialize");
    }
    let derive_deserialize = cli.derive_deserialize;
    let config = Config { inputs, crate_name, title: None, strict: cli.strict, command, derive_deserialize };
    Ok((config, out))
}

/// What changed in the API since the crate in `out` was generated.
struct Changes {
    report: Report,
    /// Where the previous summary was, or why there was none.
    against: String,
    current: Version,
}

impl Changes {
    fn new(cli: &Cli, out: &Path, previous: Previous, generated: &Generated) -> Changes {
        let new = summary::of(&generated.api);
        let path = out.join(summary::FILE).display().to_string();
        let (report, against) = match previous {
            Previous::Found(old) => (report::diff(&old, &new), path),
            Previous::Missing => (Report::first(), format!("no previous API ({path} is absent)")),
            Previous::Unreadable(why) => {
                if !cli.quiet {
                    eprintln!("note: the previous API summary is unreadable, so it is not compared: {why}");
                }
                (Report::first(), format!("no previous API ({path} is unreadable)"))
            }
        };
        let current = Version::parse(&generated.api.crate_version)
            .or_else(|| Version::parse(release::INITIAL))
            .unwrap_or(Version { major: 0, minor: 1, patch: 0 });
        Changes { report, against, current }
    }

    /// Prints the report: as text on stderr (when there is something to say, or `always`),
    /// as JSON on stdout when asked.
    fn print(&self, cli: &Cli, always: bool) {
        let r = &self.report;
        if !cli.quiet && (always || !r.changes.is_empty()) {
            eprintln!("{}", self.text());
        }
        if cli.report == ReportFormat::Json {
            println!("{}", self.json());
        }
    }

    fn text(&self) -> String {
        let r = &self.report;
        if !r.previous {
            return format!("API changes: none reported ({})", self.against);
        }
        if r.changes.is_empty() {
            return format!("API changes: none (against {})", self.against);
        }
        let mut s = format!("API changes against {}: {}\n", self.against, r.headline());
        for item in &r.changes {
            s.push_str(&format!("  {item}\n"));
        }
        let change = r.change();
        s.push_str(&format!(
            "needs a {} version bump ({} -> {}); `--bump` applies it",
            release::bump_name(self.current, change),
            self.current,
            self.current.bumped(change)
        ));
        s
    }

    fn json(&self) -> String {
        let r = &self.report;
        let change = r.change();
        let value = serde_json::json!({
            "previous": r.previous,
            "bump": release::bump_name(self.current, change),
            "version": { "current": self.current.to_string(), "next": self.current.bumped(change).to_string() },
            "operations": r.operations,
            "breaking": r.breaking().collect::<Vec<_>>(),
            "changes": r.changes,
        });
        value.to_string()
    }

    /// The CHANGELOG records the changes; with `--bump`, the version follows them.
    fn follow(&self, cli: &Cli, out: &Path, config: &Config, generated: &mut Generated) -> Result<(), String> {
        let before = Changelog::read(out, &config.crate_name);
        let mut log = before.clone();
        log.record(&self.report);
        if cli.bump {
            match log.release(self.current) {
                Some(next) => {
                    generated.set_crate_version(&next.to_string(), &config.command)?;
                    if !cli.quiet {
                        eprintln!("version {} -> {next}; CHANGELOG section `{next}` written", self.current);
                    }
                }
                None if !cli.quiet => eprintln!("--bump: no unreleased API changes; version stays {}", self.current),
                None => {}
            }
        }
        if log != before {
            generated.files.push(write::Rendered { path: release::CHANGELOG.to_owned(), text: log.to_text() });
        }
        Ok(())
    }
}
