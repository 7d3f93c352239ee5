//! The built `generator` binary on every document of `../shared/corpus`, each on its
//! own into a fresh output directory: it ends with exit 0 (generated) or 2 (unusable
//! input, located errors), never a signal, a panic or a hang.
//!
//! `cargo test -p generator --test malformed_corpus -- --nocapture` prints a line per
//! document. (`scripts/corpus.sh` goes further: it compiles every generated crate.)

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Per document; `api.github.com.json` (3.7 MB) takes a few seconds in a debug build.
const TIME_LIMIT: Duration = Duration::from_secs(120);

fn corpus_files() -> Option<Vec<PathBuf>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus");
    if !dir.is_dir() {
        eprintln!("skipped: {} is absent (this test runs the generator on its documents)", dir.display());
        return None;
    }
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .flat_map(|d| std::fs::read_dir(d.path()).into_iter().flatten().flatten())
        .map(|e| e.path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    Some(files)
}

/// Runs the binary with a time limit: (exit code or `None` for a signal, stderr, time).
fn run(args: &[&std::ffi::OsStr]) -> (Option<i32>, String, Duration) {
    let start = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_openapi-client-gen"))
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the generator binary starts");
    let mut stderr = child.stderr.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = stderr.read_to_string(&mut s);
        s
    });
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break Some(status);
        }
        if start.elapsed() > TIME_LIMIT {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let stderr = reader.join().unwrap_or_default();
    match status {
        Some(s) => (s.code(), stderr, start.elapsed()),
        None => (None, format!("did not finish within {TIME_LIMIT:?}\n{stderr}"), start.elapsed()),
    }
}

/// `file:LINE:COL: error[code]: ...`
fn located_error(line: &str) -> bool {
    let Some(at) = line.find(": error[") else { return false };
    let mut parts = line[..at].rsplit(':');
    let col = parts.next().unwrap_or_default();
    let row = parts.next().unwrap_or_default();
    [col, row].iter().all(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
}

#[test]
fn every_corpus_document_exits_0_or_2() {
    let Some(files) = corpus_files() else { return };
    assert!(!files.is_empty());
    let tmp = tempfile::tempdir().unwrap();
    let mut problems = Vec::new();
    for (i, spec) in files.iter().enumerate() {
        let out = tmp.path().join(format!("out{i}"));
        let args = [
            "--spec".as_ref(),
            spec.as_os_str(),
            "--out".as_ref(),
            out.as_os_str(),
            "--diagnostics".as_ref(),
            "short".as_ref(),
        ];
        for strict in [false, true] {
            let mut args = args.to_vec();
            if strict {
                args.push("--strict".as_ref());
                // --strict must not write: check against the output just written.
                args.push("--check".as_ref());
            }
            let (code, stderr, took) = run(&args);
            let name = format!("{}{}", spec.display(), if strict { " --strict --check" } else { "" });
            println!("{name}: exit {code:?} in {:.1}s", took.as_secs_f64());
            let ok = match (strict, code) {
                (false, Some(0 | 2)) => true,
                // Strict turns repairs into errors (2); a clean document is current (0).
                (true, Some(0 | 2)) => true,
                _ => false,
            };
            if !ok || stderr.contains("panicked") || stderr.contains("RUST_BACKTRACE") {
                problems
                    .push(format!("{name}: exit {code:?}\n{}", stderr.lines().take(20).collect::<Vec<_>>().join("\n")));
            }
            if code == Some(2) && !stderr.lines().any(located_error) {
                problems.push(format!("{name}: exit 2 without a located error\n{stderr}"));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}
