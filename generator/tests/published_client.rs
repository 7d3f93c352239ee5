//! The checked-in client is the whole published API: one operation per endpoint the
//! documents in `specs/` define (counted here from the documents themselves), none
//! named with a version or HTTP-verb prefix, none with a URL the server cannot route
//! (an Express `:name` segment, text after a space).

use serde_json::Value;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

const METHODS: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch", "trace"];

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("workspace root").to_path_buf()
}

/// `(METHOD, path as written)` of every operation of every document in `specs/`.
fn published_endpoints() -> BTreeSet<(String, String)> {
    let mut out = BTreeSet::new();
    for entry in std::fs::read_dir(root().join("specs")).expect("specs/") {
        let path = entry.expect("entry").path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_owned();
        let document = (name.ends_with(".yaml") || name.ends_with(".json")) && !name.contains(".overlay.");
        if !document {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("read");
        let doc: Value = serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
        let Some(paths) = doc.get("paths").and_then(Value::as_object) else { continue };
        for (p, item) in paths {
            for m in METHODS {
                if item.get(*m).is_some() {
                    out.insert((m.to_uppercase(), p.clone()));
                }
            }
        }
    }
    out
}

fn summary() -> Vec<Value> {
    let text = std::fs::read_to_string(root().join("generated-client/api-summary.json")).expect("api-summary.json");
    let v: Value = serde_json::from_str(&text).expect("summary is JSON");
    v["operations"].as_array().cloned().unwrap_or_default()
}

#[test]
fn one_operation_per_published_endpoint() {
    let endpoints = published_endpoints();
    let ops = summary();
    assert!(endpoints.len() >= 590, "the published documents define {} endpoints", endpoints.len());
    assert_eq!(ops.len(), endpoints.len(), "operations in the client vs distinct endpoints in specs/");
    let names: BTreeSet<&str> = ops.iter().filter_map(|o| o["name"].as_str()).collect();
    assert_eq!(names.len(), ops.len(), "method names are unique");
}

#[test]
fn names_and_urls_are_usable() {
    let mut wrong = Vec::new();
    for op in summary() {
        let name = op["name"].as_str().unwrap_or_default();
        let path = op["path"].as_str().unwrap_or_default();
        let last = name.rsplit(['.', ':']).next().unwrap_or(name);
        if last.starts_with("api_v1_") || last.starts_with("api_") {
            wrong.push(format!("{name}: a version prefix"));
        }
        if path.split('/').any(|seg| seg.starts_with(':')) || path.contains(' ') || !path.starts_with("/api") {
            wrong.push(format!("{name}: URL `{path}`"));
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
}
