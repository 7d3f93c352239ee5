//! Relative `$ref`s resolve from the directory of the file that holds them, whatever the
//! files are called: the four-file case of issue 19, and a property test over random
//! trees of files whose names are prefixes of each other, checked against the files.

use openapiv3::{ReferenceOr, Schema};
use proptest::prelude::*;
use std::collections::BTreeMap;
use std::path::Path;

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().expect("a parent")).expect("mkdir");
    std::fs::write(path, text).expect("write");
}

fn errors(loaded: &generator::load::Loaded) -> Vec<String> {
    loaded
        .diagnostics
        .iter()
        .filter(|d| d.severity == generator::diag::Severity::Error)
        .map(|d| d.to_string())
        .collect()
}

/// `a/b/account_get.yml` is imported as `account_get`, its `responses/account.yml` as
/// `account`: a name that is a prefix of the other's. The `../../shared/...` reference in
/// `account_get` resolves from `a/b`, not from `a/b/responses`.
#[test]
fn four_files() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    write(
        root,
        "main.yaml",
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {/account: {get: {$ref: a/b/account_get.yml}}}\n",
    );
    write(
        root,
        "a/b/account_get.yml",
        "responses: {'200': {$ref: responses/account.yml}, '401': {$ref: ../../shared/unauthorized.yml}}\n",
    );
    write(root, "a/b/responses/account.yml", "description: ok\n");
    write(root, "shared/unauthorized.yml", "description: unauthorized\n");
    let loaded = generator::load::load(&root.join("main.yaml"), &[], false);
    assert_eq!(errors(&loaded), Vec::<String>::new());
    let doc = loaded.document.expect("loaded");
    // Both responses are imported as responses (where their `$ref`s stand), from the
    // files they name.
    let responses = &doc.api.components.as_ref().expect("components").responses;
    let described: Vec<&str> = responses
        .values()
        .filter_map(|r| match r {
            ReferenceOr::Item(r) => Some(r.description.as_str()),
            ReferenceOr::Reference { .. } => None,
        })
        .collect();
    assert_eq!(described, ["ok", "unauthorized"]);
}

/// Directory and file names drawn from names that are prefixes of each other.
const NAMES: [&str; 4] = ["a", "ab", "a_b", "account"];

/// A tree of schema files: each file's path and, per property, the file it references.
#[derive(Debug, Clone)]
struct Tree {
    files: Vec<String>,
    refs: Vec<Vec<usize>>,
}

fn tree() -> impl Strategy<Value = Tree> {
    let path =
        (prop::collection::vec(0..NAMES.len(), 0..4), 0..NAMES.len(), any::<bool>()).prop_map(|(dirs, stem, yml)| {
            let mut p: Vec<&str> = dirs.iter().map(|&d| NAMES[d]).collect();
            let file = format!("{}.{}", NAMES[stem], if yml { "yml" } else { "yaml" });
            p.push(&file);
            p.join("/")
        });
    prop::collection::btree_set(path, 1..8)
        // A directory and a file cannot share a path (`a` and `a/x.yaml` are fine: the
        // file is `a.yaml`).
        .prop_map(|set| set.into_iter().collect::<Vec<_>>())
        .prop_flat_map(|files| {
            let n = files.len();
            let refs = prop::collection::vec(prop::collection::vec(0..n, 0..3), n);
            (Just(files), refs).prop_map(|(files, refs)| Tree { files, refs })
        })
}

/// `to` relative to the directory of `from` (both relative to the root).
fn relative(from: &str, to: &str) -> String {
    let from_dir: Vec<&str> = from.split('/').collect::<Vec<_>>()[..from.split('/').count() - 1].to_vec();
    let to_parts: Vec<&str> = to.split('/').collect();
    let common = from_dir.iter().zip(&to_parts).take_while(|(a, b)| a == b).count();
    let mut out: Vec<&str> = vec![".."; from_dir.len() - common];
    out.extend(&to_parts[common..]);
    out.join("/")
}

fn description(s: &Schema) -> &str {
    s.schema_data.description.as_deref().unwrap_or_default()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn relative_refs_resolve_from_their_file(tree in tree()) {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path();
        // Each file says its own path, and references its targets relative to itself.
        for (i, file) in tree.files.iter().enumerate() {
            let mut text = format!("type: object\ndescription: {file}\nproperties:\n");
            for (k, &target) in tree.refs[i].iter().enumerate() {
                text.push_str(&format!("  p{k}: {{$ref: '{}'}}\n", relative(file, &tree.files[target])));
            }
            if tree.refs[i].is_empty() {
                text.push_str("  leaf: {type: string}\n");
            }
            write(root, file, &text);
        }
        let mut main = String::from("openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n");
        for (i, file) in tree.files.iter().enumerate() {
            main.push_str(&format!("    Root{i}: {{$ref: '{file}'}}\n"));
        }
        write(root, "main.yaml", &main);
        let loaded = generator::load::load(&root.join("main.yaml"), &[], false);
        prop_assert_eq!(errors(&loaded), Vec::<String>::new());
        let doc = loaded.document.expect("loaded");
        let schemas = &doc.api.components.as_ref().expect("components").schemas;
        let by_name = |r: &str| -> Option<&Schema> {
            let name = r.strip_prefix("#/components/schemas/")?;
            match schemas.get(name)? {
                ReferenceOr::Item(s) => Some(s),
                ReferenceOr::Reference { .. } => None,
            }
        };
        // Every file is imported once, as it is written.
        let imported: BTreeMap<&str, &Schema> = schemas
            .values()
            .filter_map(|s| match s {
                ReferenceOr::Item(s) => Some((description(s), s)),
                ReferenceOr::Reference { .. } => None,
            })
            .collect();
        let files: Vec<&str> = tree.files.iter().map(String::as_str).collect();
        prop_assert_eq!(imported.keys().copied().collect::<Vec<_>>(), files);
        for (i, file) in tree.files.iter().enumerate() {
            let root_ref = match schemas.get(&format!("Root{i}")) {
                Some(ReferenceOr::Reference { reference }) => reference.clone(),
                other => panic!("Root{i} is {other:?}"),
            };
            prop_assert_eq!(by_name(&root_ref).map(description), Some(file.as_str()));
            let schema = imported[file.as_str()];
            let openapiv3::SchemaKind::Type(openapiv3::Type::Object(object)) = &schema.schema_kind else {
                panic!("{file} is not an object")
            };
            for (k, &target) in tree.refs[i].iter().enumerate() {
                let Some(ReferenceOr::Reference { reference }) = object.properties.get(&format!("p{k}")) else {
                    panic!("{file}: p{k} is not a reference")
                };
                // The reference leads to the file it names, relative to its own file.
                prop_assert_eq!(by_name(reference).map(description), Some(tree.files[target].as_str()), "{}: p{}", file, k);
            }
        }
    }
}
