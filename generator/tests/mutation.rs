//! Mutates real documents from `../shared/corpus` and asserts the generator never
//! panics, never hangs, and says where every problem is.
//!
//! Each case takes one document (every one but `api.github.com.json`, for speed),
//! applies one to five structural mutations (delete a key, replace a value with a
//! random scalar, list or object, duplicate a subtree, retarget or add a `$ref`,
//! change a `type`), sometimes a textual one (truncate, flip a byte), writes it as
//! JSON or YAML and runs `generator::generate` on it.
//!
//! A normal `cargo test` runs 32 cases. A longer run:
//! `PROPTEST_CASES=2000 cargo test --release -p generator --test mutation -- --nocapture`.
//! A failing input is saved under `target/mutation-failures/` (the path is printed).
//! `MUTATION_VERBOSE=1` prints every case and what the generator made of it.

use generator::diag::Severity;
use generator::load::{parse, source::Source};
use proptest::prelude::*;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::sync::{mpsc, OnceLock};
use std::time::Duration;

/// Longest a single case may take (a debug build on a slow machine, a medium document).
const TIME_LIMIT: Duration = Duration::from_secs(120);

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus")
}

/// The corpus documents, parsed once.
fn documents() -> &'static [(String, Value)] {
    static DOCS: OnceLock<Vec<(String, Value)>> = OnceLock::new();
    DOCS.get_or_init(|| {
        let mut out = Vec::new();
        let Ok(dirs) = std::fs::read_dir(corpus_dir()) else { return out };
        let mut files: Vec<PathBuf> = dirs
            .flatten()
            .flat_map(|d| std::fs::read_dir(d.path()).into_iter().flatten().flatten())
            .map(|e| e.path())
            .collect();
        files.sort();
        for path in files {
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_owned();
            if name == "api.github.com.json" {
                continue;
            }
            let Ok(bytes) = std::fs::read(&path) else { continue };
            let Ok(source) = Source::from_bytes(name.clone(), path.clone(), bytes) else { continue };
            if let Ok(parsed) = parse::parse(&source) {
                out.push((name, parsed.value));
            }
        }
        out
    })
}

/// A node of a document, by the keys and indexes that lead to it.
type NodePath = Vec<Step>;

#[derive(Clone, Debug)]
enum Step {
    Key(String),
    Index(usize),
}

/// Paths of up to `limit` nodes, chosen evenly through the document (iteratively).
fn nodes(doc: &Value, limit: usize) -> Vec<NodePath> {
    let mut all = Vec::new();
    let mut stack: Vec<(&Value, NodePath)> = vec![(doc, Vec::new())];
    while let Some((v, path)) = stack.pop() {
        match v {
            Value::Object(m) => {
                for (k, c) in m {
                    let mut p = path.clone();
                    p.push(Step::Key(k.clone()));
                    stack.push((c, p));
                }
            }
            Value::Array(a) => {
                for (i, c) in a.iter().enumerate() {
                    let mut p = path.clone();
                    p.push(Step::Index(i));
                    stack.push((c, p));
                }
            }
            _ => {}
        }
        all.push(path);
    }
    if all.len() > limit {
        let step = all.len() / limit;
        all = all.into_iter().step_by(step.max(1)).collect();
    }
    all
}

fn get_mut<'a>(mut v: &'a mut Value, path: &[Step]) -> Option<&'a mut Value> {
    for s in path {
        v = match (v, s) {
            (Value::Object(m), Step::Key(k)) => m.get_mut(k)?,
            (Value::Array(a), Step::Index(i)) => a.get_mut(*i)?,
            _ => return None,
        };
    }
    Some(v)
}

fn get<'a>(mut v: &'a Value, path: &[Step]) -> Option<&'a Value> {
    for s in path {
        v = match (v, s) {
            (Value::Object(m), Step::Key(k)) => m.get(k)?,
            (Value::Array(a), Step::Index(i)) => a.get(*i)?,
            _ => return None,
        };
    }
    Some(v)
}

fn pointer(path: &[Step]) -> String {
    path.iter()
        .map(|s| match s {
            Step::Key(k) => format!("/{}", k.replace('~', "~0").replace('/', "~1")),
            Step::Index(i) => format!("/{i}"),
        })
        .collect()
}

/// A random value of any JSON type, small.
fn random_value(seed: u64) -> Value {
    let pick = seed % 12;
    let n = (seed >> 8) as i64;
    match pick {
        0 => Value::Null,
        1 => Value::Bool(seed & 0x100 != 0),
        2 => json!(n % 1000),
        3 => json!(-(n % 100) as f64 / 7.0),
        4 => json!("true"),
        5 => json!(format!("s{}", n % 100)),
        6 => json!(""),
        7 => json!([]),
        8 => json!([n % 10, "x", null]),
        9 => json!({}),
        10 => json!({"type": "object", "properties": {"a": {"type": "string"}}}),
        _ => json!(u64::MAX),
    }
}

const TYPES: [&str; 9] = ["string", "integer", "number", "boolean", "array", "object", "null", "file", "Strnig"];

/// One structural mutation; `a` and `b` choose what and where.
fn mutate(doc: &mut Value, kind: u8, a: u64, b: u64) -> String {
    let all = nodes(doc, 4096);
    if all.is_empty() {
        return "nothing".into();
    }
    let target = all[(a as usize) % all.len()].clone();
    match kind % 7 {
        // Delete a key (or an array item).
        0 => {
            let Some((last, parent)) = target.split_last() else { return "root".into() };
            match (get_mut(doc, parent), last) {
                (Some(Value::Object(m)), Step::Key(k)) => {
                    m.shift_remove(k);
                }
                (Some(Value::Array(v)), Step::Index(i)) if *i < v.len() => {
                    v.remove(*i);
                }
                _ => {}
            }
            format!("delete {}", pointer(&target))
        }
        // Replace a value.
        1 => {
            if let Some(slot) = get_mut(doc, &target) {
                *slot = random_value(b);
            }
            format!("replace {} with {}", pointer(&target), random_value(b))
        }
        // Duplicate a subtree into another object (or over another node).
        2 => {
            let Some(copy) = get(doc, &target).cloned() else { return "gone".into() };
            let dest = all[(b as usize) % all.len()].clone();
            match get_mut(doc, &dest) {
                Some(Value::Object(m)) => {
                    let key = match target.last() {
                        Some(Step::Key(k)) => k.clone(),
                        _ => format!("copy{}", b % 10),
                    };
                    m.insert(key, copy);
                }
                Some(Value::Array(v)) => v.push(copy),
                Some(slot) => *slot = copy,
                None => {}
            }
            format!("copy {} to {}", pointer(&target), pointer(&dest))
        }
        // Retarget a `$ref`: to another ref's target, to any node, or to nothing.
        3 | 4 => {
            let refs: Vec<NodePath> =
                all.iter().filter(|p| matches!(p.last(), Some(Step::Key(k)) if k == "$ref")).cloned().collect();
            let other = pointer(&all[(b as usize) % all.len()]);
            let new = match b % 4 {
                0 => format!("#{other}"),
                1 => "#/components/schemas/DoesNotExist".to_owned(),
                2 => refs
                    .get((b as usize / 4) % refs.len().max(1))
                    .and_then(|p| get(doc, p))
                    .and_then(Value::as_str)
                    .unwrap_or("#")
                    .to_owned(),
                _ => "other.yaml#/x".to_owned(),
            };
            if kind % 7 == 3 && !refs.is_empty() {
                let r = &refs[(a as usize) % refs.len()];
                if let Some(slot) = get_mut(doc, r) {
                    *slot = Value::String(new.clone());
                }
                format!("retarget {} to {new}", pointer(r))
            } else {
                if let Some(slot) = get_mut(doc, &target) {
                    *slot = json!({ "$ref": new });
                }
                format!("make {} a $ref to {new}", pointer(&target))
            }
        }
        // Change a `type`.
        5 => {
            let types: Vec<NodePath> =
                all.iter().filter(|p| matches!(p.last(), Some(Step::Key(k)) if k == "type")).cloned().collect();
            let Some(t) = types.get((a as usize) % types.len().max(1)) else { return "no type".into() };
            let new = if b % 5 == 0 {
                json!([TYPES[(b / 5) as usize % TYPES.len()], "null"])
            } else {
                json!(TYPES[b as usize % TYPES.len()])
            };
            if let Some(slot) = get_mut(doc, t) {
                *slot = new.clone();
            }
            format!("type at {} = {new}", pointer(t))
        }
        // Wrap a node in a list or an object.
        _ => {
            if let Some(slot) = get_mut(doc, &target) {
                let inner = slot.take();
                *slot = if b % 2 == 0 { json!([inner]) } else { json!({ "x": inner }) };
            }
            format!("wrap {}", pointer(&target))
        }
    }
}

/// Where failing inputs are kept for reproduction.
fn failure_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/mutation-failures")
}

/// Runs the generator on `text` on a thread of its own, within [`TIME_LIMIT`]; every
/// problem (and, if `must_generate`, a refusal) is returned as a message naming the
/// saved input.
fn check(name: &str, text: &[u8], what: &str, must_generate: bool) -> Result<(), String> {
    let tmp = tempfile::tempdir().map_err(|e| e.to_string())?;
    let spec = tmp.path().join(name);
    std::fs::write(&spec, text).map_err(|e| e.to_string())?;
    let config = generator::Config {
        derive_deserialize: false,
        inputs: vec![generator::Input { spec: spec.clone(), overlays: vec![] }],
        crate_name: "mutated-client".to_owned(),
        title: None,
        strict: false,
        command: "mutation test".to_owned(),
    };
    let (tx, rx) = mpsc::channel();
    std::thread::Builder::new()
        .stack_size(8 << 20)
        .spawn(move || {
            let result = std::panic::catch_unwind(|| generator::generate(&config).map_err(|f| f.diagnostics));
            let _ = tx.send(result);
        })
        .map_err(|e| e.to_string())?;
    let verbose = std::env::var_os("MUTATION_VERBOSE").is_some();
    let problem = match rx.recv_timeout(TIME_LIMIT) {
        Err(_) => Some(format!("did not finish within {TIME_LIMIT:?}")),
        Ok(Err(panic)) => Some(format!(
            "panicked: {}",
            panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default()
        )),
        Ok(Ok(result)) => {
            let diags = match &result {
                Ok(g) => &g.diagnostics,
                Err(d) => d,
            };
            if verbose {
                let mut codes: Vec<String> = diags
                    .iter()
                    .filter(|d| d.severity >= Severity::Warning)
                    .map(|d| format!("{}[{}]", d.severity, d.code))
                    .collect();
                codes.dedup();
                println!("{what}\n  -> {} {}", if result.is_ok() { "generated" } else { "refused" }, codes.join(" "));
            }
            let unlocated: Vec<String> = diags
                .iter()
                .filter(|d| d.severity >= Severity::Warning && d.span.is_none())
                .map(|d| d.to_string())
                .collect();
            if result.is_err() && !diags.iter().any(|d| d.severity == Severity::Error) {
                Some("failed without an error".to_owned())
            } else if result.is_err() && must_generate {
                Some(format!("refused:\n{}", diags.iter().map(|d| d.to_string()).collect::<Vec<_>>().join("\n")))
            } else if !unlocated.is_empty() {
                Some(format!("not located:\n{}", unlocated.join("\n")))
            } else {
                None
            }
        }
    };
    match problem {
        None => Ok(()),
        Some(p) => {
            let dir = failure_dir();
            let _ = std::fs::create_dir_all(&dir);
            let saved = dir.join(format!("{:016x}-{name}", fxhash(text)));
            let _ = std::fs::write(&saved, text);
            Err(format!("{what}\n{p}\ninput saved as {}", saved.display()))
        }
    }
}

fn fxhash(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3))
}

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(32)
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: cases(),
        max_shrink_iters: 64,
        // Failing inputs are saved by `check` itself, as documents.
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn mutated_corpus_documents_never_panic(
        doc in any::<prop::sample::Index>(),
        mutations in prop::collection::vec((any::<u8>(), any::<u64>(), any::<u64>()), 1..6),
        yaml in any::<bool>(),
        text_mutation in prop::option::weighted(0.2, (any::<bool>(), any::<prop::sample::Index>(), any::<u8>())),
    ) {
        let docs = documents();
        if docs.is_empty() {
            eprintln!("skipped: {} is absent (the mutation test mutates its documents)", corpus_dir().display());
            return Ok(());
        }
        let (name, original) = &docs[doc.index(docs.len())];
        let mut value = original.clone();
        let mut done = vec![format!("document {name}")];
        for (kind, a, b) in mutations {
            done.push(mutate(&mut value, kind, a, b));
        }
        let (file, mut text) = if yaml {
            ("mutated.yaml", serde_yaml::to_string(&value).unwrap_or_default().into_bytes())
        } else {
            ("mutated.json", serde_json::to_vec_pretty(&value).unwrap_or_default())
        };
        if let Some((truncate, at, byte)) = text_mutation {
            let i = at.index(text.len().max(1));
            if truncate {
                text.truncate(i);
                done.push(format!("truncate at byte {i}"));
            } else if i < text.len() {
                text[i] = byte;
                done.push(format!("byte {i} = {byte:#04x}"));
            }
        }
        let result = check(file, &text, &done.join("; "), false);
        prop_assert!(result.is_ok(), "{}", result.unwrap_err());
    }
}

/// Every corpus document, parsed and written out again unchanged, generates
/// in-process (the mutations start from documents that work).
#[test]
fn unmutated_corpus_documents_generate() {
    let docs = documents();
    if docs.is_empty() {
        eprintln!("skipped: {} is absent", corpus_dir().display());
        return;
    }
    for (name, value) in docs {
        let ext = if name.ends_with(".json") { "json" } else { "yaml" };
        let text = if ext == "json" {
            serde_json::to_vec_pretty(value).unwrap()
        } else {
            serde_yaml::to_string(value).unwrap().into_bytes()
        };
        if let Err(e) = check(&format!("unmutated.{ext}"), &text, name, true) {
            panic!("{e}");
        }
    }
}
