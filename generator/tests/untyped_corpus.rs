//! No generated operation throws a success body away: wherever a document gives a
//! success response a media type (3.x `content`, Swagger 2.0 `produces`), the
//! operation's success type is not `()`, except for a 204 and `HEAD`, which have no
//! body. Checked on every document of `../shared/corpus` and `../shared/corpus-pending`
//! (skips, saying so, when they are absent).

use generator::ir::{Payload, Status};
use generator::lower::{lower, Options};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

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

/// The success responses of `path` that have a media type but became `()`.
/// Also: how many are bodies a Swagger 2.0 document leaves open (`Option<..>`).
fn thrown_away(path: &Path) -> (usize, usize, Vec<String>) {
    let loaded = generator::load::load(path, &[], false);
    let Some(doc) = loaded.document else { return (0, 0, Vec::new()) };
    let name = doc.name.clone();
    let api_doc = doc.api.clone();
    let (api, _) = lower(&[doc], &Options { crate_name: "c".into(), title: None });
    let by_origin: HashMap<&str, &generator::ir::Operation> =
        api.operations.iter().map(|o| (o.origin.as_str(), o)).collect();
    let mut checked = 0;
    let mut open = 0;
    let mut lost = Vec::new();
    for (p, item) in &api_doc.paths.paths {
        let Some(item) = item.as_item() else { continue };
        for (method, op) in item.iter() {
            let origin = format!("{name}#/paths/{}/{method}", p.replace('~', "~0").replace('/', "~1"));
            let Some(ir) = by_origin.get(origin.as_str()) else { continue };
            for (code, r) in &op.responses.responses {
                let openapiv3::StatusCode::Code(c) = code else { continue };
                let Some(r) = r.as_item() else { continue };
                if !(200..300).contains(c) || *c == 204 || method == "head" || r.content.is_empty() {
                    continue;
                }
                checked += 1;
                let payload = ir.responses.iter().find(|x| x.status == Status::Code(*c)).map(|x| &x.payload);
                match payload {
                    Some(Payload::None) => lost.push(format!("{} {p} {c}", method.to_uppercase())),
                    Some(Payload::OrEmpty(_)) => open += 1,
                    _ => {}
                }
            }
        }
    }
    (checked, open, lost)
}

#[test]
fn no_success_response_with_a_media_type_becomes_unit() {
    let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared");
    if !shared.join("corpus").is_dir() {
        eprintln!("skipped: {} is absent", shared.join("corpus").display());
        return;
    }
    let mut files = Vec::new();
    documents(&shared.join("corpus"), &mut files);
    documents(&shared.join("corpus-pending"), &mut files);
    files.sort();
    let worker = std::thread::Builder::new().stack_size(64 << 20).spawn(move || {
        let (mut total, mut open) = (0, 0);
        let mut lost = Vec::new();
        for f in &files {
            let (checked, o, l) = thrown_away(f);
            total += checked;
            open += o;
            lost.extend(l.into_iter().map(|l| format!("{}: {l}", f.display())));
        }
        (files.len(), total, open, lost)
    });
    let (documents, checked, open, lost) = worker.expect("a thread").join().expect("no panic");
    println!(
        "{documents} documents, {checked} success responses with a media type, {open} of them left open by Swagger 2.0"
    );
    assert!(checked > 1000, "too few responses checked ({checked}): is the corpus there?");
    // The Swagger 2.0 examples have responses with `produces` and no `schema`.
    assert!(open > 0, "no Swagger 2.0 response without a schema kept its body");
    assert!(lost.is_empty(), "bodies thrown away ({}):\n{}", lost.len(), lost.join("\n"));
}
