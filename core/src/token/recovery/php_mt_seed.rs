//! The PHP `mt_rand()` seed search, the hot path of PHP prediction: for every 32-bit seed, the
//! tempered word PHP's generator outputs at one position, tested against a sample, in both
//! twist modes at once.
//!
//! The word at position `p < 227` of the first reload is `twist(s[p + 397], s[p], s[p + 1])` of
//! the seeding sequence `s`, so a seed costs `p + 397` steps of `init_genrand`, nothing else.
//! Seeds run in blocks of [`LANES`] through the same straight-line loop, which the compiler
//! turns into SIMD (AVX2 when the CPU has it, chosen at run time, SSE2 otherwise), and the seed
//! space is split into one contiguous part per core; the hits are sorted, so the result does not
//! depend on the threads.

use std::ops::RangeInclusive;

use crate::token::weak::{PhpMtMode, php_mt_temper, php_mt_twist};

/// Seeds per block: twelve AVX2 registers of eight lanes. Each step is a dependent chain
/// (shift, xor, multiply, add) whose multiply takes several cycles, so enough independent
/// chains must be in flight to keep the multiplier busy; measured over 3·10^8 seeds on this
/// project's 2-core machine, 32 lanes took 7.1 s, 64 lanes 6.5 s, 96 lanes 5.0 s and 128 lanes
/// (spilling registers) 6.4 s.
pub const LANES: usize = 96;

/// The furthest position the search can test: it must fall in the first reload's first loop.
pub const MAX_SKIP: usize = 226;

/// A necessary condition on a word, `word & mask == value`, tested across all lanes at once
/// before the exact test runs on the few lanes that pass (`mask` 0 lets every word through).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Prefilter {
    /// The bits compared.
    pub mask: u32,
    /// Their value.
    pub value: u32,
}

/// Every `(seed, mode)` in `seeds` × `modes` whose output word at position `skip` (0-based,
/// counting 32-bit words) passes `prefilter(mode)` and `test`, sorted; `threads` parts run at
/// once.
pub fn search<F>(
    seeds: RangeInclusive<u32>,
    skip: usize,
    modes: &[PhpMtMode],
    threads: usize,
    prefilter: impl Fn(PhpMtMode) -> Prefilter,
    test: F,
) -> Vec<(u32, PhpMtMode)>
where
    F: Fn(u32, PhpMtMode) -> bool + Sync,
{
    assert!(
        skip <= MAX_SKIP,
        "skip {skip} is past the first reload's first loop"
    );
    let (start, end) = (u64::from(*seeds.start()), u64::from(*seeds.end()));
    if start > end {
        return Vec::new();
    }
    let total = end - start + 1;
    let threads = threads.clamp(1, 64) as u64;
    let per = total.div_ceil(threads).div_ceil(LANES as u64) * LANES as u64;
    let filter = |mode: PhpMtMode| modes.contains(&mode).then(|| prefilter(mode));
    let (modern, legacy) = (filter(PhpMtMode::Mt19937), filter(PhpMtMode::Legacy));
    let mut hits: Vec<(u32, PhpMtMode)> = std::thread::scope(|scope| {
        let parts: Vec<_> = (0..threads)
            .map(|t| start + t * per)
            .take_while(|&lo| lo <= end)
            .map(|lo| {
                let hi = (lo + per - 1).min(end);
                let test = &test;
                scope.spawn(move || part(lo, hi, skip, modern, legacy, test))
            })
            .collect();
        parts
            .into_iter()
            .flat_map(|p| p.join().expect("a seed-search thread panicked"))
            .collect()
    });
    hits.sort_unstable();
    hits
}

/// Seeds `lo..=hi` on one thread.
fn part<F>(
    lo: u64,
    hi: u64,
    skip: usize,
    modern: Option<Prefilter>,
    legacy: Option<Prefilter>,
    test: &F,
) -> Vec<(u32, PhpMtMode)>
where
    F: Fn(u32, PhpMtMode) -> bool,
{
    let mut hits = Vec::new();
    let mut base = lo;
    let modes = [(PhpMtMode::Mt19937, modern), (PhpMtMode::Legacy, legacy)];
    while base <= hi {
        let mut seeds = [0u32; LANES];
        for (l, s) in seeds.iter_mut().enumerate() {
            // Past `hi` the lanes repeat `hi`; their hits are dropped below.
            *s = (base + l as u64).min(hi) as u32;
        }
        let (p0, p1, pm) = block(&seeds, skip);
        for (mode, filter) in modes {
            let Some(Prefilter { mask, value }) = filter else {
                continue;
            };
            let words = output_words(mode, &p0, &p1, &pm);
            if words.iter().all(|w| w & mask != value) {
                continue;
            }
            for (l, &w) in words.iter().enumerate() {
                if w & mask == value && base + (l as u64) <= hi && test(w, mode) {
                    hits.push((seeds[l], mode));
                }
            }
        }
        base += LANES as u64;
    }
    hits
}

/// The tempered output word of every lane, in one straight loop the compiler vectorizes.
#[inline(always)]
fn output_words(mode: PhpMtMode, p0: &Words, p1: &Words, pm: &Words) -> Words {
    let mut w = [0u32; LANES];
    for l in 0..LANES {
        w[l] = php_mt_temper(php_mt_twist(mode, pm[l], p0[l], p1[l]));
    }
    w
}

type Words = [u32; LANES];

/// `s[skip]`, `s[skip + 1]` and `s[skip + 397]` of each lane's seeding sequence.
#[allow(unsafe_code)]
fn block(seeds: &Words, skip: usize) -> (Words, Words, Words) {
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx2") {
        // SAFETY: the CPU has AVX2, checked just above.
        return unsafe { block_avx2(seeds, skip) };
    }
    block_generic(seeds, skip)
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
fn block_avx2(seeds: &Words, skip: usize) -> (Words, Words, Words) {
    block_generic(seeds, skip)
}

#[inline(always)]
fn block_generic(seeds: &Words, skip: usize) -> (Words, Words, Words) {
    let mut x = *seeds;
    let skip = skip as u32;
    for i in 1..skip + 1 {
        step(&mut x, i);
    }
    let p0 = x;
    step(&mut x, skip + 1);
    let p1 = x;
    for i in skip + 2..skip + 398 {
        step(&mut x, i);
    }
    (p0, p1, x)
}

/// One step of `init_genrand` in every lane.
#[inline(always)]
fn step(x: &mut Words, i: u32) {
    for v in x.iter_mut() {
        *v = 1_812_433_253u32
            .wrapping_mul(*v ^ (*v >> 30))
            .wrapping_add(i);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::token::weak::PhpMtRand;

    #[test]
    fn the_search_finds_the_seeds_whose_word_matches() {
        for skip in [0usize, 1, 5, MAX_SKIP] {
            for mode in [PhpMtMode::Mt19937, PhpMtMode::Legacy] {
                let seed = 1_000_003u32;
                let mut g = PhpMtRand::new(seed, mode);
                let word = (0..=skip).map(|_| g.next_u32()).last().unwrap();
                let all = |_| Prefilter::default();
                let hits = search(seed - 100..=seed + 100, skip, &[mode], 2, all, |w, _| {
                    w == word
                });
                assert_eq!(hits, [(seed, mode)], "skip {skip} {mode:?}");
                let exact = |_| Prefilter {
                    mask: !0,
                    value: word,
                };
                let hits = search(seed - 100..=seed + 100, skip, &[mode], 2, exact, |_, _| {
                    true
                });
                assert_eq!(hits, [(seed, mode)], "skip {skip} {mode:?}");
            }
        }
    }

    #[test]
    fn a_range_not_a_multiple_of_the_lanes_is_covered_exactly() {
        let any = |_| Prefilter::default();
        let all = search(7..=7 + 100, 0, &[PhpMtMode::Mt19937], 3, any, |_, _| true);
        let seeds: Vec<u32> = all.iter().map(|h| h.0).collect();
        assert_eq!(seeds, (7..=107).collect::<Vec<_>>());
        assert_eq!(
            search(
                u32::MAX - 2..=u32::MAX,
                0,
                &[PhpMtMode::Legacy],
                2,
                any,
                |_, _| true
            )
            .len(),
            3
        );
    }
}
