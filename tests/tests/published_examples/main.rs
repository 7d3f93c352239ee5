//! Every example the API description publishes (`specs/`, overlays applied), run
//! through the checked-in client's own methods against a real HTTP server on 127.0.0.1:
//! one named test per example (see `rocketchat_client_tests::examples` for what each
//! checks). `cases.rs` is generated with the client (`cargo run -p generator`);
//! `defects.json` lists the examples that do not fit their schema, each with the reason
//! it fails, which must stay the reason (a listed case that passes fails too).
//!
//! ```sh
//! cargo test -p rocketchat-client-tests --test published_examples            # all, with counts
//! cargo test -p rocketchat-client-tests --test published_examples -- chat_    # a filter
//! PUBLISHED_EXAMPLES=bless cargo test -p rocketchat-client-tests --test published_examples
//! ```
//!
//! `PUBLISHED_EXAMPLES=bless` rewrites `defects.json` with the cases that fail now (run
//! it after fixing examples by overlays or the generator; review the diff).

// Generated and formatted by the generator (prettyplease), not rustfmt.
#[rustfmt::skip]
mod cases;

pub use rocketchat_client_tests::calls::{Call, Case, Input, Op, Outcome, Target};

use libtest_mimic::{Arguments, Failed, Trial};
use rocketchat_client_tests::examples::{self as harness, Passed};
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

type Results = Arc<Mutex<Vec<(&'static str, Target, Result<Passed, String>)>>>;

fn here() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/published_examples")
}

fn main() {
    let args = Arguments::from_args();
    let defects_file = here().join("defects.json");
    let (defects, defects_error) = match harness::read_defects(&defects_file) {
        Ok(d) => (d, None),
        Err(e) => (Map::new(), Some(e)),
    };
    let defects = Arc::new(defects);
    let results: Results = Arc::default();
    let mut trials = Vec::new();
    for case in cases::CASES {
        let (defects, results) = (Arc::clone(&defects), Arc::clone(&results));
        trials.push(Trial::test(case.name, move || {
            let result = harness::run(case, cases::OPS, cases::client);
            if let Ok(mut r) = results.lock() {
                r.push((case.name, case.target, result.clone()));
            }
            judge(case, result, defects.get(case.name).and_then(Value::as_str))
        }));
    }
    let listed = Arc::clone(&defects);
    trials.push(Trial::test("defects-list-names-cases", move || {
        if let Some(e) = defects_error {
            return Err(e.into());
        }
        let unknown: Vec<&String> =
            listed.keys().filter(|name| !cases::CASES.iter().any(|c| c.name == name.as_str())).collect();
        if unknown.is_empty() {
            Ok(())
        } else {
            Err(format!("defects.json names cases that do not exist (any more): {unknown:?}").into())
        }
    }));
    trials.push(Trial::test("every-published-example-is-a-case", census));
    let listed = Arc::clone(&defects);
    trials.push(Trial::test("lenient-scalars-are-never-the-reason", move || {
        // What the decoding policy converts (runtime/lenient.rs) must never be why an
        // example fails: serde's message for a string where a number, integer or
        // boolean is declared means a field was emitted without the policy.
        let strict = ["expected i", "expected u", "expected f", "expected a boolean"];
        let unconverted: Vec<&String> = listed
            .iter()
            .filter(|(_, reason)| {
                let reason = reason.as_str().unwrap_or_default();
                reason.contains("unexpected response")
                    && reason.contains("invalid type: string")
                    && strict.iter().any(|s| reason.contains(s))
            })
            .map(|(name, _)| name)
            .collect();
        if unconverted.is_empty() {
            Ok(())
        } else {
            Err(format!("scalars the decoding policy converts were refused: {unconverted:?}").into())
        }
    }));
    let filtered = args.filter.is_some() || !args.skip.is_empty();
    let conclusion = libtest_mimic::run(&args, trials);
    let results = results.lock().map(|r| r.clone()).unwrap_or_default();
    if !results.is_empty() {
        print_counts(&results, &defects);
    }
    if std::env::var("PUBLISHED_EXAMPLES").as_deref() == Ok("bless") {
        if filtered {
            eprintln!("PUBLISHED_EXAMPLES=bless needs every case: run without a filter");
        } else if let Err(e) = bless(&defects_file, &results) {
            eprintln!("could not write {}: {e}", defects_file.display());
        }
    }
    conclusion.exit();
}

/// A case passes when it runs clean and is not listed, or fails exactly as listed.
fn judge(case: &Case, result: Result<Passed, String>, listed: Option<&str>) -> Result<(), Failed> {
    match (result, listed) {
        (Ok(_), None) => Ok(()),
        (Ok(_), Some(_)) => {
            Err(format!("{} passes now: remove it from tests/published_examples/defects.json (or bless)", case.name)
                .into())
        }
        (Err(reason), Some(known)) if reason == known => Ok(()),
        (Err(reason), Some(known)) => Err(format!(
            "{} ({}) fails for another reason than defects.json lists:\n  now: {reason}\n  listed: {known}",
            case.name, case.origin
        )
        .into()),
        (Err(reason), None) => Err(format!("{} ({}):\n{reason}", case.name, case.origin).into()),
    }
}

fn print_counts(results: &[(&'static str, Target, Result<Passed, String>)], defects: &Map<String, Value>) {
    let count = |target: Target, passed: Option<Passed>| {
        results.iter().filter(|(_, t, r)| *t == target && r.as_ref().ok().copied() == passed).count()
    };
    let responses = results.iter().filter(|(_, t, _)| *t == Target::Response).count();
    let requests = results.len() - responses;
    let failed_responses = count(Target::Response, None);
    let failed_requests = count(Target::Request, None);
    let mut by_reason: BTreeMap<(Target, String), (usize, usize)> = BTreeMap::new();
    for (name, target, r) in results {
        if let Err(reason) = r {
            let e = by_reason.entry((*target, harness::reason_class(reason))).or_default();
            if defects.get(*name).and_then(Value::as_str) == Some(reason.as_str()) {
                e.0 += 1;
            } else {
                e.1 += 1;
            }
        }
    }
    println!("\npublished examples: {} case(s) run", results.len());
    println!(
        "  responses: {responses} run, {} decoded ({} success, {} documented error), {failed_responses} do not",
        count(Target::Response, Some(Passed::Decoded)) + count(Target::Response, Some(Passed::DecodedError)),
        count(Target::Response, Some(Passed::Decoded)),
        count(Target::Response, Some(Passed::DecodedError)),
    );
    println!(
        "  requests: {requests} run, {} sent as published, {failed_requests} not",
        count(Target::Request, Some(Passed::Sent))
    );
    let mut origins: BTreeMap<&str, bool> = BTreeMap::new();
    for (name, target, r) in results {
        if *target == Target::Response {
            let origin = cases::CASES.iter().find(|c| c.name == *name).map_or("", |c| c.origin);
            *origins.entry(origin).or_insert(true) &= r.is_ok();
        }
    }
    println!(
        "  distinct published response examples: {} ({} decoded in every operation using them)",
        origins.len(),
        origins.values().filter(|ok| **ok).count()
    );
    for ((target, class), (known, new)) in &by_reason {
        let what = if *target == Target::Response { "response" } else { "request" };
        println!(
            "    {what}: {class}: {known} listed in defects.json{}",
            if *new > 0 { format!(", {new} not listed (failing)") } else { String::new() }
        );
    }
}

/// Rewrites the defects list with the cases that fail now.
fn bless(file: &Path, results: &[(&'static str, Target, Result<Passed, String>)]) -> std::io::Result<()> {
    let mut defects: BTreeMap<&str, &str> = BTreeMap::new();
    for (name, _, r) in results {
        if let Err(reason) = r {
            defects.insert(name, reason);
        }
    }
    let json = serde_json::json!({
        "about": "Published examples of specs/ that do not fit their schema (spec defects), each with the reason the checked-in client gives. Written by `PUBLISHED_EXAMPLES=bless cargo test -p rocketchat-client-tests --test published_examples`; fix an example by an overlay (specs/*.overlay.yaml) and bless again.",
        "defects": defects,
    });
    let text = serde_json::to_string_pretty(&json).map_err(std::io::Error::other)? + "\n";
    std::fs::write(file, text)?;
    eprintln!("wrote {} ({} defect(s))", file.display(), defects.len());
    Ok(())
}

/// Counts the examples of `specs/` independently of the generator's lowering (the
/// loaded documents, overlays applied, walked here) and compares with the cases, per
/// document: an example the generator drops fails here.
fn census() -> Result<(), Failed> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let config = generator::repository_config(&root, false)?;
    let mut published: BTreeMap<String, usize> = BTreeMap::new();
    for loaded in generator::load_inputs(&config.inputs, false) {
        let Some(doc) = loaded.document else { return Err("a document of specs/ does not load".into()) };
        let file = Path::new(&doc.name).file_name().map(|f| f.to_string_lossy().into_owned()).unwrap_or_default();
        let api = &doc.api;
        let components = api.components.as_ref();
        for (_, item) in api.paths.paths.iter() {
            let Some(item) = item.as_item() else { continue };
            for (_, op) in item.iter() {
                let mut n = 0;
                if let Some(body) = &op.request_body {
                    let body = match body {
                        openapiv3::ReferenceOr::Item(b) => Some(b),
                        openapiv3::ReferenceOr::Reference { reference } => components
                            .and_then(|c| c.request_bodies.get(reference.rsplit('/').next().unwrap_or("")))
                            .and_then(|b| b.as_item()),
                    };
                    n += body.map_or(0, |b| media_examples(&b.content));
                }
                let responses = op.responses.responses.values().chain(op.responses.default.iter());
                for r in responses {
                    let r = match r {
                        openapiv3::ReferenceOr::Item(r) => Some(r),
                        openapiv3::ReferenceOr::Reference { reference } => components
                            .and_then(|c| c.responses.get(reference.rsplit('/').next().unwrap_or("")))
                            .and_then(|r| r.as_item()),
                    };
                    n += r.map_or(0, |r| media_examples(&r.content));
                }
                *published.entry(file.clone()).or_default() += n;
            }
        }
    }
    let mut cased: BTreeMap<String, usize> = BTreeMap::new();
    for c in cases::CASES {
        let file = c.origin.split('#').next().unwrap_or_default();
        let file = Path::new(file).file_name().map(|f| f.to_string_lossy().into_owned()).unwrap_or_default();
        *cased.entry(file).or_default() += 1;
    }
    published.retain(|_, n| *n > 0);
    if published == cased {
        Ok(())
    } else {
        Err(format!("examples per document in specs/: {published:?}\ncases per document: {cased:?}").into())
    }
}

fn media_examples(content: &indexmap::IndexMap<String, openapiv3::MediaType>) -> usize {
    content.values().map(|m| usize::from(m.example.is_some()) + m.examples.len()).sum()
}
