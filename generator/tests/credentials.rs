//! Every operation of the repository's client that the server protects sends the
//! client's credentials. An operation is public only where its document (or an overlay)
//! says so with `security: []`; any other operation with no credential fails here, so
//! a document that forgets auth needs an overlay that adds it (or marks the operation
//! public, with its reason).

use generator::ir::AuthKind;
use std::collections::BTreeSet;
use std::path::Path;

#[test]
fn every_protected_operation_sends_the_clients_credentials() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let config = generator::repository_config(root, false).unwrap();
    // Operations declared public (`security: []`), by method and path.
    let mut public = BTreeSet::new();
    for loaded in generator::load_inputs(&config.inputs, false) {
        let doc = loaded.document.expect("the repository's documents load");
        for (path, item) in &doc.api.paths.paths {
            let Some(item) = item.as_item() else { continue };
            for (method, op) in item.iter() {
                if op.security.as_ref().is_some_and(|s| s.is_empty()) {
                    public.insert((method.to_uppercase(), generator::load::paths::url_path(path).to_owned()));
                }
            }
        }
    }
    let lowered = generator::load_and_lower(&config).unwrap_or_else(|_| panic!("the repository's client lowers"));
    let api = lowered.api;
    // The client's credential headers: X-User-Id and X-Auth-Token, each once.
    let headers: Vec<String> = api
        .auth
        .iter()
        .filter_map(|a| match &a.kind {
            AuthKind::Header(h) => Some(h.to_ascii_lowercase()),
            _ => None,
        })
        .collect();
    for h in ["x-user-id", "x-auth-token"] {
        assert_eq!(headers.iter().filter(|x| *x == h).count(), 1, "credential header {h}: {headers:?}");
    }
    let credential = |key: &String| {
        api.auth
            .iter()
            .any(|a| &a.key == key && matches!(&a.kind, AuthKind::Header(h) if h.eq_ignore_ascii_case("x-auth-token")))
    };
    let mut missing = Vec::new();
    let mut as_arguments = Vec::new();
    for op in &api.operations {
        let key = (op.method.as_str().to_uppercase(), op.path.clone());
        if !op.auth.iter().any(credential) && !public.contains(&key) {
            missing.push(format!("{} {} ({})", key.0, key.1, op.method_name));
        }
        // A credential header is never an argument of a call.
        for p in &op.params {
            if ["x-user-id", "x-auth-token"].contains(&p.wire.to_ascii_lowercase().as_str()) {
                as_arguments.push(format!("{} takes `{}`", op.method_name, p.name));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "{} operation(s) send no credential and are not declared public (`security: []`):\n{}",
        missing.len(),
        missing.join("\n")
    );
    assert!(as_arguments.is_empty(), "credentials taken as arguments:\n{}", as_arguments.join("\n"));
}
