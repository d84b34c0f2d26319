//! `md5(uniqid(mt_rand()))`, the PHP id recipe of countless tutorials: the md5 of the decimal
//! `mt_rand()` followed by `uniqid()`'s `%08x%05x` of the clock in seconds and microseconds.
//! Both inner parts are predictable once known: the clock to within a window (the response's
//! `Date` header gives the second), and `mt_rand()` from its `mt_srand` seed, which a raw
//! `mt_rand()` the same process prints elsewhere gives away (`php-mt-rand` finds it from one
//! output), as does seeding with `time()` or `microtime() * 1000000`. The search is then
//! (seeds) x (microseconds in the window) md5s for the first sample, and for each later one
//! the microseconds after the one before; the next ids are those of the next `mt_rand()` at
//! the microseconds after the last sample (uniqid() sleeps a microsecond, so no two are the
//! same).
//!
//! `uniqid(mt_rand(), true)` appends `%.8F` of `lcg_value() * 10`: 10^8 more values per
//! sample, and since PHP 8.4 (and Debian's 8.2.31) a CSPRNG draws it; that is not attempted.

use super::md5_block::{OneBlock, digest_words, write_decimal};
use super::{Hints, Model, Recovered, RecoveredState, RecoveryError, parse_md5_hex};
use crate::token::weak::{PhpMtMode, PhpMtRand};

const MODEL: Model = Model::PhpMd5Uniqid;

/// How far after a sample the next one is looked for, in microseconds, at least.
const FOLLOW_MICROS: i64 = 1_000_000;

/// The seed and times the samples were made from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhpMd5UniqidRecovery {
    /// The `mt_srand` seed (PHP 7.1+ MT19937).
    pub seed: u32,
    /// `mt_rand()` calls before the first sample's.
    pub skip: u32,
    /// When each sample was made, in microseconds since the epoch.
    pub times_micros: Vec<i64>,
    /// The `mt_rand()` the next id takes.
    pub next_mt_rand: u32,
}

/// The id `md5(uniqid(v))` at `micros`.
pub fn php_md5_uniqid(v: u32, micros: i64) -> String {
    use md5::{Digest, Md5};
    let raw = format!(
        "{v}{:08x}{:05x}",
        micros.div_euclid(1_000_000),
        micros.rem_euclid(1_000_000)
    );
    Md5::digest(raw.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

impl PhpMd5UniqidRecovery {
    pub(super) fn predict(&self, k: usize) -> Vec<String> {
        let last = self.times_micros.last().copied().unwrap_or_default();
        (1..=k as i64)
            .map(|d| php_md5_uniqid(self.next_mt_rand, last.saturating_add(d)))
            .collect()
    }

    pub(super) fn describe(&self) -> String {
        let times: Vec<String> = self.times_micros.iter().map(i64::to_string).collect();
        format!(
            "mt_srand({}) after {} mt_rand() calls; made at microsecond {}; the next id's \
             mt_rand() is {}, the next ids are the next microseconds",
            self.seed,
            self.skip,
            times.join(", "),
            self.next_mt_rand
        )
    }
}

/// The message `v . %08x(sec) . %05x(usec)` laid out in a block, with the clock's offset.
struct Message {
    block: OneBlock,
    clock_at: usize,
}

impl Message {
    fn new(v: u32) -> Self {
        let mut block = OneBlock::new();
        let clock_at = write_decimal(block.bytes(), 0, u64::from(v));
        block.set_len(clock_at + 13);
        Message { block, clock_at }
    }

    fn digest_at(&mut self, micros: i64) -> [u32; 4] {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        let (sec, usec) = (micros.div_euclid(1_000_000), micros.rem_euclid(1_000_000));
        let at = self.clock_at;
        let b = self.block.bytes();
        for i in 0..8 {
            b[at + i] = HEX[(sec >> (28 - 4 * i) & 0xf) as usize];
        }
        for i in 0..5 {
            b[at + 8 + i] = HEX[(usec >> (16 - 4 * i) & 0xf) as usize];
        }
        self.block.digest()
    }
}

/// The first microsecond of `from..=to` whose id from `v` is `target`, and how many were tried.
fn find(v: u32, target: [u32; 4], from: i64, to: i64) -> (Option<i64>, u64) {
    let mut m = Message::new(v);
    let mut tried = 0;
    for t in from..=to {
        tried += 1;
        if m.digest_at(t) == target {
            return (Some(t), tried);
        }
    }
    (None, tried)
}

pub(super) fn recover(samples: &[&str], hints: &Hints) -> Result<Recovered, RecoveryError> {
    let targets: Vec<[u32; 4]> =
        super::parse_all(samples, "32 hex digits (an md5 id)", parse_md5_hex)?
            .iter()
            .map(digest_words)
            .collect();
    let bad = |reason: &str| RecoveryError::BadHint {
        model: MODEL,
        reason: reason.to_owned(),
    };
    let w = hints
        .window
        .ok_or_else(|| bad("needs when the first sample was made (--around, --window)"))?;
    let (lo, hi) = hints.seeds.ok_or_else(|| {
        bad(
            "needs the mt_srand seed (--seeds S,S; php-mt-rand finds it from one raw mt_rand() \
             of the same process, or --seeds 0,999999 for mt_srand(microtime() * 1000000))",
        )
    })?;
    let seeds = u64::from(hi) - u64::from(lo) + 1;
    let window = (w.end_micros - w.start_micros + 1).max(1) as u64;
    let needed = seeds.saturating_mul(window);
    if needed > hints.budget() {
        return Err(RecoveryError::TooMuchWork {
            model: MODEL,
            needed,
            budget: hints.budget(),
            reason: format!("{seeds} seeds x {window} microseconds: narrow --seeds or the window"),
        });
    }
    let mut work = 0u64;
    for seed in lo..=hi {
        let mut g = PhpMtRand::new(seed, PhpMtMode::Mt19937);
        (0..hints.skip).for_each(|_| {
            g.mt_rand();
        });
        let (found, tried) = find(g.mt_rand(), targets[0], w.start_micros, w.end_micros);
        work += tried;
        let Some(first) = found else { continue };
        // The seed is right (a false md5 match is out of the question): follow the samples.
        let mut times = vec![first];
        for (i, &target) in targets.iter().enumerate().skip(1) {
            let prev = times[i - 1];
            let to = prev + FOLLOW_MICROS.max(w.end_micros - w.start_micros);
            let (t, tried) = find(g.mt_rand(), target, prev + 1, to);
            work += tried;
            match t {
                Some(t) => times.push(t),
                None => {
                    return Err(RecoveryError::NoState {
                        model: MODEL,
                        reason: format!(
                            "sample {} is not md5(uniqid(mt_rand())) of the next mt_rand() within \
                             {} s after sample {i} (another mt_rand() call between them?)",
                            i + 1,
                            (to - prev) / 1_000_000
                        ),
                    });
                }
            }
        }
        return Ok(Recovered {
            model: MODEL,
            samples_used: 1,
            samples_checked: samples.len() - 1,
            work,
            work_unit: "md5 candidates",
            state: RecoveredState::PhpMd5Uniqid(Box::new(PhpMd5UniqidRecovery {
                seed,
                skip: hints.skip,
                times_micros: times,
                next_mt_rand: g.mt_rand(),
            })),
        });
    }
    Err(RecoveryError::NoState {
        model: MODEL,
        reason: format!(
            "no seed in {lo}..={hi} and no microsecond in the window gives the first sample \
             (uniqid(mt_rand(), true) is not attempted)"
        ),
    })
}
