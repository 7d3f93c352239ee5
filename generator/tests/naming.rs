//! The names of the generated API, as rules (issue 22), on this repository's client
//! (every document in `specs/`) and, when `../shared` is present, on every corpus
//! document:
//!
//! - a method made from its path starts with an HTTP method only where the published
//!   action starts with that word (`chat.getMessage`), where it is the REST verb of
//!   the method itself (`get`, `delete`), or where nothing else told two operations
//!   apart (`Operation::named_by_http_method`, said in its docs);
//! - no method made from its path has a path parameter's name in it, unless the
//!   path's own text says those words too;
//! - no method made from its path is over four words, unless the published action
//!   alone nearly is (one word of context more);
//! - no operation's signature mentions a type named after another operation, and
//!   every operation's response type (when it names one) carries its own name.
//!
//! The counts are printed (`--nocapture`) and written down in BENCHMARKS.md.

use generator::ir::{Api, Operation, Payload, TypeRef};
use generator::names::snake;
use std::path::{Path, PathBuf};

const HTTP: &[&str] = &["get", "put", "post", "delete", "patch", "head", "options", "trace"];

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn repository_api() -> Api {
    let root = root();
    let mut config = generator::repository_config(&root, false).expect("specs/");
    for input in &mut config.inputs {
        input.spec = root.join(&input.spec);
        for o in &mut input.overlays {
            *o = root.join(&*o);
        }
    }
    generator::load_and_lower(&config).map(|l| l.api).unwrap_or_else(|_| panic!("specs/ generate"))
}

fn words(name: &str) -> Vec<&str> {
    name.trim_start_matches("r#").split('_').filter(|w| !w.is_empty()).collect()
}

/// The published action: the last literal path segment (after its first dot, when it
/// has dots), in snake words.
fn action_words(op: &Operation) -> Vec<String> {
    let last = op.path.split('/').rfind(|s| !s.is_empty() && !s.starts_with('{')).unwrap_or_default();
    let action = last.split_once('.').map_or(last, |(_, a)| a);
    snake(action).trim_start_matches("r#").split('_').map(str::to_owned).collect()
}

/// Words of the path's literal text.
fn literal_words(op: &Operation) -> Vec<String> {
    op.path
        .split(['/', '.'])
        .filter(|s| !s.is_empty() && !s.starts_with('{'))
        .flat_map(|s| snake(s).trim_start_matches("r#").split('_').map(str::to_owned).collect::<Vec<_>>())
        .collect()
}

fn contains_run(hay: &[String], needle: &[String]) -> bool {
    !needle.is_empty() && hay.windows(needle.len()).any(|w| w == needle)
}

#[derive(Default, Debug)]
struct Counts {
    from_path: usize,
    http_verb: Vec<String>,
    param_name: Vec<String>,
    long: Vec<String>,
    foreign_type: Vec<String>,
    unfindable_response: Vec<String>,
}

fn call(api: &Api, op: &Operation) -> String {
    match op.area.and_then(|a| api.areas.get(a)) {
        Some(a) => format!("{}().{} ({} {})", a.name, op.method_name, op.method.as_str(), op.path),
        None => format!("{} ({} {})", op.method_name, op.method.as_str(), op.path),
    }
}

/// Whether type `name` is named after operation `other` (its builder name, then a word
/// of what it is for).
fn named_after(name: &str, builder: &str) -> bool {
    name.strip_prefix(builder)
        .is_some_and(|rest| ["Response", "Request", "Error", "Success", "Body"].iter().any(|w| rest.starts_with(w)))
}

fn count(api: &Api) -> Counts {
    let mut c = Counts::default();
    for op in &api.operations {
        let name_words = words(&op.method_name);
        let shown = call(api, op);
        if op.named_from_path {
            c.from_path += 1;
            let first = name_words.first().copied().unwrap_or_default();
            let action = action_words(op);
            let rest_verb = (first == "get" && op.method.as_str() == "GET")
                || (first == "delete" && op.method.as_str() == "DELETE");
            if HTTP.contains(&first)
                && !op.named_by_http_method
                && action.first().map(String::as_str) != Some(first)
                && !rest_verb
            {
                c.http_verb.push(shown.clone());
            }
            let name_w: Vec<String> = name_words.iter().map(|w| w.to_string()).collect();
            let literal = literal_words(op);
            for p in op.path.split('/').filter_map(|s| s.strip_prefix('{')?.strip_suffix('}')) {
                let pw: Vec<String> = words(&snake(p)).into_iter().map(str::to_owned).collect();
                if contains_run(&name_w, &pw) && !contains_run(&literal, &pw) {
                    c.param_name.push(shown.clone());
                }
            }
            if name_words.len() > 4 && name_words.len() > action.len() + 1 {
                c.long.push(shown.clone());
            }
        }
        let mut signature: Vec<&str> = op.params.iter().flat_map(|p| p.ty.names()).collect();
        if let Some(b) = &op.body {
            signature.extend(b.ty.names());
        }
        let mut success: Vec<&str> = Vec::new();
        for r in &op.responses {
            if let Payload::Json(t) = &r.payload {
                signature.extend(t.names());
                if r.success {
                    success.extend(t.names());
                }
            }
        }
        for t in &signature {
            let foreign =
                api.operations.iter().any(|o| o.builder_name != op.builder_name && named_after(t, &o.builder_name));
            if foreign && !t.starts_with(op.builder_name.as_str()) {
                c.foreign_type.push(format!("{shown}: {t}"));
            }
        }
        let own_success = op.responses.iter().filter(|r| r.success).count() > 1
            || success.iter().all(|t| t.starts_with(op.builder_name.as_str()));
        if !own_success {
            c.unfindable_response.push(format!("{shown}: {success:?}"));
        }
    }
    c
}

fn assert_rules(what: &str, c: &Counts) {
    println!(
        "{what}: {} named from paths; HTTP-verb names without need {}, path-parameter names {}, over 4 words without reason {}; signatures with another operation's type {}, responses not found by name {}",
        c.from_path,
        c.http_verb.len(),
        c.param_name.len(),
        c.long.len(),
        c.foreign_type.len(),
        c.unfindable_response.len()
    );
    assert!(c.http_verb.is_empty(), "{what}: methods named with an HTTP verb they do not need: {:#?}", c.http_verb);
    assert!(c.param_name.is_empty(), "{what}: methods with a path parameter's name: {:#?}", c.param_name);
    assert!(c.long.is_empty(), "{what}: methods over four words: {:#?}", c.long);
    assert!(c.foreign_type.is_empty(), "{what}: types named after another operation: {:#?}", c.foreign_type);
    assert!(
        c.unfindable_response.is_empty(),
        "{what}: responses not named after their operation: {:#?}",
        c.unfindable_response
    );
}

#[test]
fn the_clients_names_follow_the_rules() {
    let api = repository_api();
    let c = count(&api);
    assert!(c.from_path > 500, "the Rocket.Chat operations are named from their paths: {}", c.from_path);
    assert_rules("rocketchat-client", &c);
}

#[test]
fn the_rule_sees_a_bad_name() {
    // The checks can fail: a client named the old way breaks each rule.
    let mut api = repository_api();
    let i = api
        .operations
        .iter()
        .position(|o| o.path.contains("{_id}") && o.method.as_str() == "PUT")
        .expect("an item PUT");
    api.operations[i].method_name = "put_livechat_department_id_with_more".into();
    api.operations[i].named_by_http_method = false;
    let other = api.operations[(i + 1) % api.operations.len()].builder_name.clone();
    if let Some(r) = api.operations[i].responses.iter_mut().find(|r| r.success) {
        r.payload = Payload::Json(TypeRef::Named(format!("{other}Response")));
    }
    let c = count(&api);
    assert_eq!(c.http_verb.len(), 1);
    assert_eq!(c.param_name.len(), 1);
    assert_eq!(c.long.len(), 1);
    assert_eq!(c.foreign_type.len(), 1);
    assert_eq!(c.unfindable_response.len(), 1);
}

fn documents(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let p = entry.path();
        if p.is_dir() {
            documents(&p, out);
        } else if p.extension().is_some_and(|e| e == "yaml" || e == "yml" || e == "json") {
            out.push(p);
        }
    }
}

#[test]
fn corpus_signatures_name_their_own_types() {
    let shared = root().join("../shared");
    let mut docs = Vec::new();
    for dir in ["corpus", "corpus-pending"] {
        documents(&shared.join(dir), &mut docs);
    }
    if docs.is_empty() {
        eprintln!("skipped: ../shared/corpus is not present");
        return;
    }
    docs.sort();
    for doc in docs {
        let config = generator::Config {
            derive_deserialize: false,
            inputs: vec![generator::Input { spec: doc.clone(), overlays: Vec::new() }],
            crate_name: "c".into(),
            title: None,
            strict: false,
            command: "test".into(),
        };
        let Ok(lowered) = generator::load_and_lower(&config) else { continue };
        let c = count(&lowered.api);
        let what = doc.display().to_string();
        println!(
            "{what}: {} from paths, {} foreign types, {} responses not by name",
            c.from_path,
            c.foreign_type.len(),
            c.unfindable_response.len()
        );
        assert!(c.foreign_type.is_empty(), "{what}: types named after another operation: {:#?}", c.foreign_type);
        assert!(
            c.unfindable_response.is_empty(),
            "{what}: responses not named after their operation: {:#?}",
            c.unfindable_response
        );
        assert_rules(&what, &c);
    }
}
