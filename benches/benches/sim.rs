//! Simulator throughput: simulated requests per second over the full path (browser jar,
//! cookie parsing, session lookup, the oracle and the invariants after every request; the
//! transcript off, as in campaigns), and
//! campaign scaling from one to two threads.
//!
//! Run with `cargo bench -p sessionlab-benches --bench sim`. Like the binary, it uses mimalloc.

use std::hint::black_box;

/// The allocator of the `sessionlab` binary (sim/src/main.rs), so that the figures are the
/// binary's.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use sessionlab_core::session::presets;
use sessionlab_servers::{TowerOptions, sites, tower_app};
use sessionlab_sim::attackers;
use sessionlab_sim::campaign::{self, Campaign, run::run_quiet, run::run_target};
use sessionlab_sim::catalogue::Catalogue;
use sessionlab_sim::target::TargetSpec;

/// One whole run (eavesdropper against the seed's shop, seed 1): requests per second.
fn simulated_requests(c: &mut Criterion) {
    let policy = presets::seed_mixed_https();
    let attacker = attackers::by_name("eavesdrop").expect("eavesdrop exists");
    let requests = run_quiet(&policy, &*attacker, 1, None).requests;
    let mut group = c.benchmark_group("simulated_requests");
    group.throughput(Throughput::Elements(requests));
    group.bench_function("eavesdrop_vs_seed_mixed_https", |b| {
        b.iter(|| black_box(run_quiet(&policy, &*attacker, black_box(1), None)))
    });
    let hardened = presets::hardened();
    let replay = attackers::by_name("replay").expect("replay exists");
    let requests = run_quiet(&hardened, &*replay, 1, None).requests;
    group.throughput(Throughput::Elements(requests));
    group.bench_function("replay_vs_hardened", |b| {
        b.iter(|| black_box(run_quiet(&hardened, &*replay, black_box(1), None)))
    });
    // The same runs through the generic path every other target takes (`Box<dyn Target>`),
    // side by side with the monomorphized one above.
    let boxed = TargetSpec::model("hardened", hardened.clone());
    group.bench_function("replay_vs_hardened_boxed", |b| {
        b.iter(|| black_box(run_target(&boxed, &*replay, black_box(1), None, false)))
    });
    group.finish();
}

/// The tower-sessions application in process (an axum router on a current-thread runtime
/// with paused time): requests per second over whole runs of every attacker, seed 1.
fn tower_requests(c: &mut Criterion) {
    let spec = Catalogue::tower("tower-sessions-app", sites::tower_sessions_app(), || {
        tower_app::router(&TowerOptions::default())
    });
    let spec: TargetSpec = spec.target().clone();
    let all = attackers::all();
    let requests: u64 = all
        .iter()
        .map(|a| run_target(&spec, &**a, 1, None, false).requests)
        .sum();
    let mut group = c.benchmark_group("tower_requests");
    group.throughput(Throughput::Elements(requests));
    group.bench_function("catalogue_vs_tower_sessions_app", |b| {
        b.iter(|| {
            for a in &all {
                black_box(run_target(&spec, &**a, black_box(1), None, false));
            }
        })
    });
    group.finish();
}

/// The default matrix (every preset x every attacker), 4 seeds per cell, without shrinking,
/// on one and on two threads.
fn campaign_scaling(c: &mut Criterion) {
    let policies: Vec<_> = campaign::builtin_policies();
    let mut group = c.benchmark_group("campaign_scaling");
    group.sample_size(10);
    for threads in [1, 2] {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .expect("a thread pool");
        let job = Campaign {
            policies: policies.clone(),
            attackers: attackers::all(),
            seeds: 4,
            first_seed: 1,
            shard: None,
            shrink: false,
            check_determinism: false,
        };
        group.bench_function(format!("{threads}_threads"), |b| {
            b.iter(|| pool.install(|| black_box(campaign::run(&job, &|| {}))))
        });
    }
    group.finish();
}

criterion_group!(
    benches,
    simulated_requests,
    tower_requests,
    campaign_scaling
);
criterion_main!(benches);
