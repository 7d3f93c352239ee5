//! The corpus documents' own response examples, decoded into the checked-in client's
//! generated types: how many decode, and why the others do not. Real servers answer
//! what the examples show, so this is what the decoding policy (`runtime/lenient.rs`)
//! is measured on. Needs `../shared/corpus/rocketchat`; skips with a message without it.
//!
//! `cargo test -p rocketchat-client-tests --test examples -- --nocapture` prints the
//! counts per document.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

include!(concat!(env!("OUT_DIR"), "/decode_table.rs"));

#[derive(Default)]
struct Counts {
    examples: usize,
    decoded: usize,
    failed: Vec<String>,
    /// The operation is not in the client (yet), or its success type is not one the
    /// table can name (several success statuses).
    not_in_client: usize,
    untyped: usize,
}

/// `(METHOD, path)` -> the success type of each operation of the client.
fn outputs() -> HashMap<(String, String), String> {
    let summary = Path::new(env!("CARGO_MANIFEST_DIR")).join("../generated-client/api-summary.json");
    let text = std::fs::read_to_string(&summary).expect("generated-client/api-summary.json");
    let json: serde_json::Value = serde_json::from_str(&text).expect("the summary is JSON");
    json["operations"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|o| {
            let key = (o["method"].as_str()?.to_owned(), o["path"].as_str()?.to_owned());
            Some((key, o["output"].as_str()?.to_owned()))
        })
        .collect()
}

fn check_document(file: &Path, outputs: &HashMap<(String, String), String>) -> Counts {
    let mut counts = Counts::default();
    let loaded = generator::load::load(file, &[], false);
    let Some(doc) = loaded.document else {
        counts.failed.push(format!("{}: does not load", file.display()));
        return counts;
    };
    for (path, item) in doc.api.paths.paths.iter() {
        let Some(item) = item.as_item() else { continue };
        for (method, op) in item.iter() {
            let output = outputs.get(&(method.to_ascii_uppercase(), path.clone()));
            for (status, response) in op.responses.responses.iter() {
                let status = status.to_string();
                if !status.starts_with('2') {
                    continue;
                }
                let Some(response) = response.as_item() else { continue };
                for (media, content) in response.content.iter() {
                    if !media.contains("json") {
                        continue;
                    }
                    let named =
                        content.examples.iter().filter_map(|(n, e)| Some((n.clone(), e.as_item()?.value.clone()?)));
                    let examples = content.example.clone().map(|e| ("example".to_owned(), e)).into_iter().chain(named);
                    for (name, example) in examples {
                        counts.examples += 1;
                        let Some(output) = output else {
                            counts.not_in_client += 1;
                            continue;
                        };
                        let json = serde_json::to_vec(&example).unwrap_or_default();
                        match decode(output, &json) {
                            None => counts.untyped += 1,
                            Some(Ok(())) => counts.decoded += 1,
                            Some(Err(reason)) => counts.failed.push(format!(
                                "{} {} {status} {name} as {output}: {reason}",
                                method.to_ascii_uppercase(),
                                path
                            )),
                        }
                    }
                }
            }
        }
    }
    counts
}

#[test]
fn corpus_response_examples_decode() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus/rocketchat");
    let Ok(entries) = std::fs::read_dir(&corpus) else {
        println!("skipped: {} is absent (the corpus lives in ../shared)", corpus.display());
        return;
    };
    let mut files: Vec<_> =
        entries.flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|x| x == "yaml")).collect();
    files.sort();
    let outputs = outputs();
    let mut total = Counts::default();
    let mut by_reason: BTreeMap<String, usize> = BTreeMap::new();
    for file in &files {
        let c = check_document(file, &outputs);
        println!(
            "{}: {} example(s): {} decoded, {} failed, {} of operations not in the client, {} of several-success operations",
            file.file_name().unwrap_or_default().to_string_lossy(),
            c.examples,
            c.decoded,
            c.failed.len(),
            c.not_in_client,
            c.untyped
        );
        for f in &c.failed {
            println!("  failed: {f}");
            let kind = f.split(": ").nth(1).unwrap_or("").split(" at line").next().unwrap_or("").to_owned();
            let kind = if kind.starts_with("missing field") { "missing field".to_owned() } else { kind };
            *by_reason.entry(kind).or_default() += 1;
        }
        total.examples += c.examples;
        total.decoded += c.decoded;
        total.not_in_client += c.not_in_client;
        total.untyped += c.untyped;
        total.failed.extend(c.failed);
    }
    println!(
        "total: {} example(s), {} decoded, {} failed, {} of operations not in the client, {} of several-success operations",
        total.examples,
        total.decoded,
        total.failed.len(),
        total.not_in_client,
        total.untyped
    );
    for (reason, n) in &by_reason {
        println!("  {n} x {reason}");
    }
    assert!(total.examples > 0, "no response example found in {}", corpus.display());
    // What the policy converts must never be why an example fails: serde's own message
    // for a string where a number, integer or boolean is declared means a field was
    // emitted without `runtime/lenient.rs`.
    let strict = ["expected i", "expected u", "expected f", "expected a boolean"];
    let unconverted: Vec<&String> = total
        .failed
        .iter()
        .filter(|f| f.contains("invalid type: string") && strict.iter().any(|s| f.contains(s)))
        .collect();
    assert!(unconverted.is_empty(), "scalars the decoding policy converts were refused:\n{unconverted:#?}");
}
