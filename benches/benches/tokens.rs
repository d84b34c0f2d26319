//! Token generation and attack benchmarks. Every generator of a topic is in one group, so the
//! ratios come from one run.
//!
//! Run with `cargo bench -p sessionlab-benches --bench tokens`.
//!
//! - `token_128bit`: 16 raw bytes per token (no encoding), one call per token as a server
//!   makes them: ChaCha8/12/20, one OS call per token, the recommended default, `rand`'s
//!   thread-local generator and `StdRng`, `uuid` v4, and the weak generators for scale.
//!   `chacha12_keystream` is the reference: ChaCha12 filling 4 KiB at once (compare bytes per
//!   second); `chacha12_buffered_256` shows what a token buffer would save.
//! - `token_string`: the full encoded identifier (`TokenGenerator::generate`, base64url for
//!   the strong ones), what the session manager calls.
//! - `state_recovery`: `recover` from the fewest samples (strings parsed included).
//! - `md5_candidates`: brute-force speed, one exhaustive search per iteration, counted in md5
//!   candidates (php-legacy: 1,999 microseconds x 16 seeding delays with the pid known;
//!   md5-time-ua: 10,001 milliseconds).
//! - `seed_search`: the searches and solves of `predict`, counted in candidates: glibc
//!   `srand(time)` over a 2-day window (172,801 seeds), a Java `nextDouble()` (2^22 states),
//!   PHP `mt_rand()` over 2^24 seeds (both twists), PHP `lcg_value()` (all 2^31 `s1`), and
//!   CPython's 624 `random()` floats as a GF(2) system (counted in unknowns).

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use rand::Rng;
use rand_chacha::ChaCha12Rng;
use rand_core::SeedableRng;
use sessionlab_core::token::recovery::{Hints, Model, TimeWindow, recover};
use sessionlab_core::token::strong::{OsTokens, RecommendedTokens, RngTokens};
use sessionlab_core::token::weak::{
    GlibcRandom, JavaRandom, Mt19937, PhpCombinedLcg, PhpMtMode, PhpMtRand, c_format_g,
    java_double_string, python_float_repr,
};
use sessionlab_core::token::{Encoding, GeneratorKind, TokenConfig, TokenContext, TokenGenerator};

const KEY: [u8; 32] = [7; 32];

fn token_128bit(c: &mut Criterion) {
    let mut g = c.benchmark_group("token_128bit");
    g.throughput(Throughput::Bytes(16));
    let mut buf = [0u8; 16];
    let mut chacha8 = RngTokens::chacha8(1, 16, Encoding::Hex);
    g.bench_function("chacha8", |b| b.iter(|| chacha8.fill(black_box(&mut buf))));
    let mut chacha12 = RngTokens::chacha12(1, 16, Encoding::Hex);
    g.bench_function("chacha12", |b| {
        b.iter(|| chacha12.fill(black_box(&mut buf)))
    });
    let mut chacha20 = RngTokens::chacha20(1, 16, Encoding::Hex);
    g.bench_function("chacha20", |b| {
        b.iter(|| chacha20.fill(black_box(&mut buf)))
    });
    g.bench_function("os_call_per_token", |b| {
        b.iter(|| OsTokens::fill(black_box(&mut buf)).unwrap())
    });
    let mut recommended = RecommendedTokens::from_key(KEY, 16, Encoding::Base64Url);
    g.bench_function("recommended", |b| {
        b.iter(|| recommended.fill(black_box(&mut buf)))
    });
    let mut thread = rand::rng();
    g.bench_function("rand_thread_rng", |b| {
        b.iter(|| thread.fill_bytes(black_box(&mut buf)))
    });
    g.bench_function("uuid_v4", |b| b.iter(uuid::Uuid::new_v4));
    // rand's StdRng is ChaCha12 too, from the `chacha20` crate rather than `rand_chacha`.
    let mut std_rng = rand::rngs::StdRng::from_seed(KEY);
    g.bench_function("rand_stdrng_chacha12", |b| {
        b.iter(|| std_rng.fill_bytes(black_box(&mut buf)))
    });
    // What the recommended default would cost handing out slices of its own 256-byte
    // keystream buffer (one rand_chacha call per 16 tokens) instead of a call per token.
    let mut buffered = Buffered {
        rng: ChaCha12Rng::from_seed(KEY),
        buf: [0; 256],
        at: 256,
    };
    g.bench_function("chacha12_buffered_256", |b| {
        b.iter(|| buffered.fill16(black_box(&mut buf)))
    });
    let mut java = JavaRandom::new(1);
    g.bench_function("weak_java_random", |b| {
        b.iter(|| [java.next_long(), java.next_long()])
    });
    let mut mt = Mt19937::new(1);
    g.bench_function("weak_mt19937", |b| b.iter(|| mt.getrandbits_128()));
    let mut glibc = GlibcRandom::new(1);
    // Four 31-bit rand() values: 124 bits, how C code fills a token.
    g.bench_function("weak_glibc_rand", |b| {
        b.iter(|| [0; 4].map(|_: u8| glibc.next_rand()))
    });
    // Same group, so the per-byte figures compare directly.
    g.throughput(Throughput::Bytes(4096));
    let mut big = vec![0u8; 4096];
    let mut raw = ChaCha12Rng::from_seed(KEY);
    g.bench_function("chacha12_keystream", |b| {
        b.iter(|| raw.fill_bytes(black_box(&mut big)))
    });
    g.finish();
}

/// ChaCha12 keystream handed out 16 bytes at a time from a 256-byte buffer.
struct Buffered {
    rng: ChaCha12Rng,
    buf: [u8; 256],
    at: usize,
}

impl Buffered {
    fn fill16(&mut self, out: &mut [u8; 16]) {
        if self.at == self.buf.len() {
            self.rng.fill_bytes(&mut self.buf);
            self.at = 0;
        }
        out.copy_from_slice(&self.buf[self.at..self.at + 16]);
        self.at += 16;
    }
}

fn token_string(c: &mut Criterion) {
    let mut g = c.benchmark_group("token_string");
    g.throughput(Throughput::Elements(1));
    let ctx = TokenContext {
        now_micros: 1_767_225_600_123_456,
        user_agent: "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0",
        ..TokenContext::default()
    };
    let mut os = OsTokens::new(16, Encoding::Base64Url);
    g.bench_function("os", |b| b.iter(|| os.generate(&ctx)));
    let mut rec = RecommendedTokens::from_key(KEY, 16, Encoding::Base64Url);
    g.bench_function("recommended", |b| b.iter(|| rec.generate(&ctx)));
    for kind in GeneratorKind::ALL {
        if matches!(kind, GeneratorKind::Recommended | GeneratorKind::Os) {
            continue;
        }
        let mut gen_ = TokenConfig {
            generator: kind,
            ..TokenConfig::default()
        }
        .build_seeded(1);
        g.bench_function(gen_.name(), |b| b.iter(|| gen_.generate(&ctx)));
    }
    g.bench_function("uuid_v4_string", |b| {
        b.iter(|| uuid::Uuid::new_v4().to_string())
    });
    g.finish();
}

fn state_recovery(c: &mut Criterion) {
    let mut g = c.benchmark_group("state_recovery");
    let none = Hints::default();
    let mut java = JavaRandom::new(42);
    let ints: Vec<String> = (0..2).map(|_| java.next_int().to_string()).collect();
    let longs = [java.next_long().to_string()];
    let mut mt = Mt19937::new(42);
    let words: Vec<String> = (0..624).map(|_| mt.next_u32().to_string()).collect();
    let tokens: Vec<String> = (0..156)
        .map(|_| format!("{:032x}", mt.getrandbits_128()))
        .collect();
    let mut glibc = GlibcRandom::new(42);
    let rand: Vec<String> = (0..100).map(|_| glibc.next_rand().to_string()).collect();
    let cases: [(&str, Model, &[String]); 5] = [
        ("java_random_int_2", Model::JavaRandomInt, &ints),
        ("java_random_long_1", Model::JavaRandomLong, &longs),
        ("mt19937_624_words", Model::Mt19937, &words),
        ("mt19937_156_tokens", Model::Mt19937x128, &tokens),
        ("glibc_rand_100", Model::GlibcRand, &rand),
    ];
    for (name, model, samples) in cases {
        assert!(recover(model, samples, &none).is_ok(), "{name}");
        g.bench_function(name, |b| {
            b.iter(|| recover(model, black_box(samples), &none))
        });
    }
    g.finish();
}

fn md5_candidates(c: &mut Criterion) {
    let mut g = c.benchmark_group("md5_candidates");
    // An id no candidate gives: every search is exhaustive, so the work is known.
    let nothing = ["00000000000000000000000000000000"];
    let php = Hints {
        ip: Some("203.0.113.77".into()),
        pid: Some(3141),
        window: Some(TimeWindow::around(1_700_000_000_500_000, 999)),
        ..Hints::default()
    };
    g.throughput(Throughput::Elements(1_999 * 16));
    g.bench_function("php_legacy", |b| {
        b.iter(|| recover(Model::PhpLegacy, black_box(&nothing), &php).unwrap_err())
    });
    let md5 = Hints {
        user_agent: Some("Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0".into()),
        window: Some(TimeWindow::around(1_767_225_600_000_000, 5_000_000)),
        ..Hints::default()
    };
    g.throughput(Throughput::Elements(10_001));
    g.bench_function("md5_time_ua", |b| {
        b.iter(|| recover(Model::Md5TimeUa, black_box(&nothing), &md5).unwrap_err())
    });
    g.finish();
}

fn seed_search(c: &mut Criterion) {
    let mut g = c.benchmark_group("seed_search");
    g.sample_size(10);
    let mut srand = GlibcRandom::new(1_764_670_000);
    let rand = [srand.next_rand().to_string()];
    let window = Hints {
        window: Some(TimeWindow::around(1_764_600_000_000_000, 86_400_000_000)),
        ..Hints::default()
    };
    let mut java = JavaRandom::new(42);
    let double = [java_double_string(java.next_double())];
    let mut mt = PhpMtRand::new(12_345_678, PhpMtMode::Mt19937);
    let php = [mt.mt_rand().to_string(), mt.mt_rand().to_string()];
    let seeds = Hints {
        seeds: Some((0, (1 << 24) - 1)),
        ..Hints::default()
    };
    let mut lcg = PhpCombinedLcg::new(123_456_789, 987_654_321);
    let lcg_values: Vec<String> = (0..3).map(|_| c_format_g(lcg.next_f64(), 17)).collect();
    let mut py = Mt19937::python_seed(7);
    let floats: Vec<String> = (0..640)
        .map(|_| python_float_repr(py.python_random()))
        .collect();
    let none = Hints::default();
    let cases: [(&str, Model, &[String], &Hints, u64); 5] = [
        (
            "glibc_srand_2_days",
            Model::GlibcSrand,
            &rand,
            &window,
            172_801,
        ),
        (
            "java_double_1",
            Model::JavaRandomDouble,
            &double,
            &none,
            1 << 22,
        ),
        (
            "php_mt_rand_2_24_seeds",
            Model::PhpMtRand,
            &php,
            &seeds,
            1 << 24,
        ),
        (
            "php_lcg_value_2_31",
            Model::PhpLcgValue,
            &lcg_values,
            &none,
            1 << 31,
        ),
        (
            "python_random_624_floats",
            Model::PythonRandom,
            &floats,
            &none,
            3_428,
        ),
    ];
    for (name, model, samples, hints, work) in cases {
        assert!(recover(model, samples, hints).is_ok(), "{name}");
        g.throughput(Throughput::Elements(work));
        g.bench_function(name, |b| {
            b.iter(|| recover(model, black_box(samples), hints))
        });
    }
    g.finish();
}

criterion_group!(
    benches,
    token_128bit,
    token_string,
    state_recovery,
    md5_candidates,
    seed_search
);
criterion_main!(benches);
