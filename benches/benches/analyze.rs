//! `sessionlab analyze` on FIPS 140-2's sample: 20,000 tokens of 128 bits in hex, from ChaCha20
//! seeded with a constant (the same input every run). The target is under one second.
//!
//! Run with `cargo bench -p sessionlab-benches --bench analyze`.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use sessionlab_core::token::analysis::{Verdict, analyze};
use sessionlab_core::token::{Encoding, GeneratorKind, TokenConfig, TokenContext};

fn analyze_20000_hex_tokens(c: &mut Criterion) {
    let config = TokenConfig {
        generator: GeneratorKind::Chacha20,
        bytes: 16,
        encoding: Encoding::Hex,
    };
    let mut tokens = config.build_seeded(2026);
    let ctx = TokenContext::default();
    let sample: Vec<String> = (0..20_000)
        .map(|_| tokens.generate(&ctx).expose().to_owned())
        .collect();
    let refs: Vec<&str> = sample.iter().map(String::as_str).collect();
    // What is timed must be the full analysis of a sample that passes.
    let report = analyze(&refs, None).expect("a valid sample");
    assert_eq!(
        (report.bits_per_token, report.verdict),
        (128, Verdict::Pass)
    );

    let mut group = c.benchmark_group("analyze");
    group.sample_size(20);
    group.throughput(Throughput::Elements(refs.len() as u64));
    group.bench_function("20000_hex_128bit", |b| {
        b.iter(|| analyze(black_box(&refs), None))
    });
    group.finish();
}

criterion_group!(benches, analyze_20000_hex_tokens);
criterion_main!(benches);
