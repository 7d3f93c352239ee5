//! How many operations of the corpus the pagination rule (`lower/pagination.rs`) finds
//! paging, by style: `cargo test -p generator --test pagination_corpus -- --nocapture`
//! prints the table. Skips, saying so, when `../shared/corpus` is absent.

use generator::ir::PageStyle;
use generator::lower::{lower, Options};
use std::path::{Path, PathBuf};

fn corpus() -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus");
    if p.is_dir() {
        Some(p)
    } else {
        eprintln!("skipped: {} is absent", p.display());
        None
    }
}

/// (operations, offset, page, cursor) of one document.
fn count(path: &Path) -> (usize, usize, usize, usize) {
    let loaded = generator::load::load(path, &[], false);
    let Some(doc) = loaded.document else { panic!("{} does not load", path.display()) };
    let (api, _) = lower(&[doc], &Options { crate_name: "c".into(), title: None });
    let styles: Vec<PageStyle> = api.operations.iter().filter_map(|o| o.pagination.as_ref().map(|p| p.style)).collect();
    let of = |s: PageStyle| styles.iter().filter(|x| **x == s).count();
    (api.operations.len(), of(PageStyle::Offset), of(PageStyle::Page), of(PageStyle::Cursor))
}

#[test]
fn the_rule_finds_the_paging_operations_of_the_corpus() {
    let Some(root) = corpus() else { return };
    let mut rocketchat = (0, 0, 0, 0);
    let mut files: Vec<PathBuf> = std::fs::read_dir(root.join("rocketchat"))
        .expect("rocketchat/")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    files.sort();
    println!("{:<40} {:>5} {:>7} {:>5} {:>7}", "document", "ops", "offset", "page", "cursor");
    for f in &files {
        let c = count(f);
        println!("{:<40} {:>5} {:>7} {:>5} {:>7}", f.file_name().unwrap().to_string_lossy(), c.0, c.1, c.2, c.3);
        rocketchat = (rocketchat.0 + c.0, rocketchat.1 + c.1, rocketchat.2 + c.2, rocketchat.3 + c.3);
    }
    println!(
        "{:<40} {:>5} {:>7} {:>5} {:>7}",
        "Rocket.Chat (12 documents)", rocketchat.0, rocketchat.1, rocketchat.2, rocketchat.3
    );
    let mut others = Vec::new();
    for name in ["progenitor/api.github.com.json", "progenitor/nexus.json", "oai/petstore-expanded.yaml"] {
        let c = count(&root.join(name));
        println!("{name:<40} {:>5} {:>7} {:>5} {:>7}", c.0, c.1, c.2, c.3);
        others.push(c);
    }
    // Rocket.Chat pages by offset/count/total, GitHub by page/per_page and Link, Oxide's
    // nexus by page_token/next_page.
    assert!(rocketchat.1 > 50, "Rocket.Chat offset operations: {rocketchat:?}");
    assert!(others[0].2 > 100, "GitHub page operations: {:?}", others[0]);
    assert!(others[1].3 > 20, "nexus cursor operations: {:?}", others[1]);
}
