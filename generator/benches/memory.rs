//! Where the memory and the time of one generation go, stage by stage: a counting
//! global allocator records the bytes live at the end of each stage, the peak reached
//! during it, and how many allocations it made; wall time is one run (criterion's
//! `pipeline` bench has the careful timings).
//!
//! `cargo bench -p generator --bench memory [-- NAME...]` (documents from `../shared`;
//! names: nexus, github, stripe, rocketchat). Figures: `BENCHMARKS.md`.

use generator::{emit, lower, write, Input};
use std::alloc::{GlobalAlloc, Layout, System};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use std::time::Instant;

struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);
static COUNT: AtomicUsize = AtomicUsize::new(0);

fn grew(by: usize) {
    let now = LIVE.fetch_add(by, Relaxed) + by;
    PEAK.fetch_max(now, Relaxed);
}

// SAFETY: every call is forwarded to the system allocator unchanged; the counters
// only observe sizes.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        COUNT.fetch_add(1, Relaxed);
        grew(layout.size());
        // SAFETY: the caller's contract is passed on.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Relaxed);
        // SAFETY: the caller's contract is passed on.
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        COUNT.fetch_add(1, Relaxed);
        if new_size > layout.size() {
            grew(new_size - layout.size());
        } else {
            LIVE.fetch_sub(layout.size() - new_size, Relaxed);
        }
        // SAFETY: the caller's contract is passed on.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

const MIB: f64 = 1024.0 * 1024.0;

/// Starts a stage: the peak restarts from what is live now.
fn start() -> (Instant, usize) {
    PEAK.store(LIVE.load(Relaxed), Relaxed);
    (Instant::now(), COUNT.load(Relaxed))
}

fn report(stage: &str, (t0, n0): (Instant, usize)) {
    println!(
        "  {stage:<22} {:>8.1} ms  live after {:>7.1} MiB  peak {:>7.1} MiB  {:>9} allocations",
        t0.elapsed().as_secs_f64() * 1e3,
        LIVE.load(Relaxed) as f64 / MIB,
        PEAK.load(Relaxed) as f64 / MIB,
        COUNT.load(Relaxed) - n0
    );
}

fn subjects(shared: &Path) -> Vec<(&'static str, Vec<PathBuf>)> {
    let mut rocketchat: Vec<PathBuf> = std::fs::read_dir(shared.join("corpus/rocketchat"))
        .map(|e| e.flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|x| x == "yaml")).collect())
        .unwrap_or_default();
    rocketchat.sort();
    vec![
        ("nexus", vec![shared.join("corpus/progenitor/nexus.json")]),
        ("github", vec![shared.join("corpus/progenitor/api.github.com.json")]),
        ("stripe", vec![shared.join("corpus-scale/stripe-spec3.json")]),
        ("rocketchat", rocketchat),
    ]
}

fn main() {
    let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared");
    if !shared.is_dir() {
        eprintln!("memory benchmark skipped: ../shared (beside the repository) is not present");
        return;
    }
    let wanted: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with('-')).collect();
    for (name, specs) in subjects(&shared) {
        if !wanted.is_empty() && !wanted.iter().any(|w| w == name) {
            continue;
        }
        if specs.iter().any(|s| !s.is_file()) {
            println!("{name}: skipped (documents missing)");
            continue;
        }
        let bytes: u64 = specs.iter().filter_map(|s| std::fs::metadata(s).ok()).map(|m| m.len()).sum();
        println!("{name} ({:.2} MiB of documents)", bytes as f64 / MIB);
        let inputs: Vec<Input> = specs.iter().map(|s| Input { spec: s.clone(), overlays: Vec::new() }).collect();
        let base = LIVE.load(Relaxed);

        let t = start();
        let loaded = generator::load_inputs(&inputs, false);
        report("load", t);
        let docs: Vec<_> = loaded.into_iter().filter_map(|l| l.document).collect();

        let t = start();
        let (api, _) = lower::lower(&docs, &lower::Options { crate_name: "bench".into(), title: None });
        report("lower", t);
        let t = start();
        drop(docs);
        report("drop documents", t);

        let t = start();
        let files = emit::crate_files(&api);
        report("emit (all files)", t);
        let header = write::header("bench");
        let t = start();
        let mut text = 0;
        for f in files {
            text += write::format(f, &header).map(|r| r.text.len()).unwrap_or(0);
        }
        report("format (one by one)", t);
        println!("  output {:.2} MiB of text", text as f64 / MIB);

        let t = start();
        let rendered = write::render(&api, "bench");
        report("render (as generate)", t);
        drop(rendered);
        drop(api);

        let config = generator::Config {
            derive_deserialize: false,
            inputs,
            crate_name: "bench".into(),
            title: None,
            strict: false,
            command: "bench".into(),
        };
        let t = start();
        let generated = generator::generate(&config).ok();
        report("generate (end to end)", t);
        drop(generated);
        println!(
            "  end-to-end peak above the start: {:.1} MiB ({:.1}x the documents)",
            (PEAK.load(Relaxed) - base) as f64 / MIB,
            (PEAK.load(Relaxed) - base) as f64 / bytes as f64
        );
    }
}
