//! Decoding throughput over every published response example: the client's one-pass
//! decoder against serde's derive (`scripts/decode-bench.sh` runs it).

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use decode_bench::{census, derive, ours, Case};
use std::hint::black_box;

fn decode_all(cases: &[Case]) -> usize {
    cases.iter().filter(|(_, json, decode)| decode(black_box(json.as_bytes()))).count()
}

fn examples(c: &mut Criterion) {
    let (ok_ours, bytes) = census(ours::cases::CASES);
    let (ok_derive, _) = census(derive::cases::CASES);
    eprintln!(
        "{} published response examples, {bytes} bytes; decoded: ours {ok_ours}, derive {ok_derive}",
        ours::cases::CASES.len()
    );
    let mut group = c.benchmark_group("published_responses");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("ours", |b| b.iter(|| decode_all(ours::cases::CASES)));
    group.bench_function("derive", |b| b.iter(|| decode_all(derive::cases::CASES)));
    group.finish();
}

criterion_group!(benches, examples);
criterion_main!(benches);
