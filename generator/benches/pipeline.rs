//! Each stage of the pipeline, and the whole of it, on four real documents, next to
//! the floor: parsing the same bytes into a `serde_json::Value` (a `serde_yaml` one for
//! YAML) and nothing else.
//!
//! `cargo bench -p generator --bench pipeline` (needs `../shared/corpus`; skips with a
//! message without it). Figures and how to read them: `BENCHMARKS.md`.

use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use generator::{emit, load, lower, write, Config, Input};
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// A benchmarked subject: one document, or several merged into one client.
struct Subject {
    name: &'static str,
    specs: Vec<PathBuf>,
}

fn corpus() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus");
    dir.is_dir().then_some(dir)
}

fn subjects(corpus: &Path) -> Vec<Subject> {
    let mut rocketchat: Vec<PathBuf> = std::fs::read_dir(corpus.join("rocketchat"))
        .map(|entries| {
            entries.flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|x| x == "yaml")).collect()
        })
        .unwrap_or_default();
    rocketchat.sort();
    vec![
        Subject { name: "nexus", specs: vec![corpus.join("progenitor/nexus.json")] },
        Subject { name: "github", specs: vec![corpus.join("progenitor/api.github.com.json")] },
        Subject { name: "rocketchat-merged", specs: rocketchat },
        Subject { name: "stripe", specs: vec![corpus.join("../corpus-scale/stripe-spec3.json")] },
    ]
    .into_iter()
    .filter(|s| s.specs.iter().all(|p| p.is_file()))
    .collect()
}

/// The floor: every document's bytes, already in memory, into an untyped value.
fn parse_floor(files: &[(PathBuf, Vec<u8>)]) -> usize {
    files
        .iter()
        .map(|(path, bytes)| {
            let value: serde_json::Value = if path.extension().is_some_and(|x| x == "json") {
                serde_json::from_slice(bytes).expect("corpus JSON parses")
            } else {
                serde_yaml::from_slice(bytes).expect("corpus YAML parses")
            };
            value.as_object().map_or(0, |o| o.len())
        })
        .sum()
}

/// The floor with the documents parsed in parallel, as `load` does.
fn parse_floor_parallel(files: &[(PathBuf, Vec<u8>)]) -> usize {
    std::thread::scope(|s| {
        let workers: Vec<_> = files.chunks(1).map(|one| s.spawn(move || parse_floor(one))).collect();
        workers.into_iter().map(|w| w.join().expect("floor parse")).sum()
    })
}

/// What `generate` does first: every document loaded, on the thread pool.
fn load_all(inputs: &[Input]) -> Vec<load::Document> {
    generator::load_inputs(inputs, false)
        .into_iter()
        .zip(inputs)
        .map(|(loaded, input)| loaded.document.unwrap_or_else(|| panic!("{} loads", input.spec.display())))
        .collect()
}

fn options() -> lower::Options {
    lower::Options { crate_name: "bench-client".to_owned(), title: None }
}

fn bench_subject(c: &mut Criterion, subject: &Subject) {
    let files: Vec<(PathBuf, Vec<u8>)> =
        subject.specs.iter().map(|p| (p.clone(), std::fs::read(p).expect("corpus file reads"))).collect();
    let inputs: Vec<Input> = subject.specs.iter().map(|s| Input { spec: s.clone(), overlays: Vec::new() }).collect();
    let docs = load_all(&inputs);
    let (api, _) = lower::lower(&docs, &options());
    let config = Config {
        derive_deserialize: false,
        inputs: inputs.clone(),
        crate_name: "bench-client".to_owned(),
        title: None,
        strict: false,
        command: "bench".to_owned(),
    };

    let mut group = c.benchmark_group(subject.name);
    group.sample_size(10).warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(3));
    group.bench_function("floor", |b| b.iter(|| parse_floor(black_box(&files))));
    if files.len() > 1 {
        group.bench_function("floor/parallel", |b| b.iter(|| parse_floor_parallel(black_box(&files))));
    }
    group.bench_function("load", |b| b.iter(|| load_all(black_box(&inputs))));
    group.bench_function("lower", |b| b.iter(|| lower::lower(black_box(&docs), &options())));
    group.bench_function("load+lower", |b| {
        b.iter(|| generator::load_and_lower(black_box(&config)).ok().map(|l| l.api.operations.len()))
    });
    group.bench_function("emit", |b| b.iter(|| emit::crate_files(black_box(&api))));
    let header = write::header("bench");
    group.bench_function("format", |b| {
        b.iter_batched(
            || emit::crate_files(&api),
            |files| files.into_iter().map(|f| write::format(f, &header)).collect::<Result<Vec<_>, _>>(),
            BatchSize::LargeInput,
        )
    });
    // What `generate` does: files emitted and formatted on the thread pool.
    group.bench_function("emit+format/parallel", |b| b.iter(|| write::render(black_box(&api), "bench")));
    group.bench_function("end_to_end", |b| {
        b.iter(|| generator::generate(black_box(&config)).ok().map(|g| g.files.len()))
    });
    group.finish();
}

fn pipeline(c: &mut Criterion) {
    let Some(corpus) = corpus() else {
        eprintln!("pipeline benchmarks skipped: ../shared/corpus (beside the repository) is not present");
        return;
    };
    for subject in subjects(&corpus) {
        bench_subject(c, &subject);
    }
}

criterion_group!(benches, pipeline);
criterion_main!(benches);
