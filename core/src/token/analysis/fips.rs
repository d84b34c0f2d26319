//! The four statistical tests of FIPS 140-2 §4.9.1 (monobit, poker, runs, long runs), with the
//! bounds of the amended standard for its sample of 20,000 bits, applied to the sequence of one
//! bit position across the tokens.
//!
//! For any other sample size the bounds are scaled to the same significance:
//! - monobit: the count of ones is binomial; FIPS allows |X - 10000| < 275, i.e. 3.89 standard
//!   deviations, so n samples allow |X - n/2| < 275·√(n/20000);
//! - poker: the statistic is asymptotically χ²(15) whatever the length, so the bounds stay
//!   2.16 < X < 46.17;
//! - runs: each count has mean ∝ n and standard deviation ∝ √n, so each FIPS interval keeps
//!   its distance from its mean (n/2^(i+2), and n/128 for 6+) scaled by √(n/20000);
//! - long runs: the expected number of runs of length ≥ L is about n/2^L, so the limit moves
//!   to 26 + ⌈log2(n/20000)⌉ (at most as likely to fail as FIPS's 26 at 20,000).
//!
//! Each test also yields a p-value (normal, χ² or Poisson approximations), which the
//! effective-entropy figure uses at several significance levels.

use serde::Serialize;

use super::bitlevel::TestOutcome;
use super::decode::Bits;
use super::stats::{chi_square_cdf, chi_square_sf, normal_two_sided, poisson_two_sided};

/// FIPS 140-2's sample size.
pub const FIPS_SAMPLES: usize = 20_000;
const MONOBIT_DEVIATION: f64 = 275.0;
const POKER: (f64, f64) = (2.16, 46.17);
const RUNS: [(f64, f64); 6] = [
    (2315.0, 2685.0),
    (1114.0, 1386.0),
    (527.0, 723.0),
    (240.0, 384.0),
    (103.0, 209.0),
    (103.0, 209.0),
];
const LONG_RUN: usize = 26;

/// The pass bounds used for a sample size (the exact FIPS 140-2 ones at 20,000).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FipsBounds {
    /// Bits per sequence (tokens in the sample).
    pub samples: usize,
    /// Monobit passes when `lo < ones < hi`.
    pub monobit: (f64, f64),
    /// Poker passes when `lo < X < hi`.
    pub poker: (f64, f64),
    /// Runs of length 1, 2, 3, 4, 5 and 6+ (of zeros and of ones) must each lie in `[lo, hi]`.
    pub runs: [(f64, f64); 6],
    /// A run this long or longer fails.
    pub long_run: usize,
}

impl FipsBounds {
    /// The bounds for `samples` bits (see the module documentation for the scaling).
    pub fn for_samples(samples: usize) -> Self {
        let n = samples as f64;
        let scale = (n / FIPS_SAMPLES as f64).sqrt();
        let dev = MONOBIT_DEVIATION * scale;
        let mut runs = RUNS;
        for (i, r) in runs.iter_mut().enumerate() {
            let (c20k, c) = (run_mean(FIPS_SAMPLES, i), run_mean(samples, i));
            *r = (c - (c20k - r.0) * scale, c + (r.1 - c20k) * scale);
        }
        let shift = (n / FIPS_SAMPLES as f64).log2().ceil() as i64;
        FipsBounds {
            samples,
            monobit: (n / 2.0 - dev, n / 2.0 + dev),
            poker: POKER,
            runs,
            long_run: (LONG_RUN as i64 + shift).max(2) as usize,
        }
    }
}

/// Expected runs of ones of length `i + 1` (6 or more for the last) in `n` fair bits.
fn run_mean(n: usize, i: usize) -> f64 {
    n as f64 / f64::from(1u32 << (i.min(4) + 3))
}

/// §4.9.1 monobit: the number of ones.
pub(crate) fn monobit(col: &Bits, b: &FipsBounds) -> TestOutcome {
    let (n, x) = (col.len as f64, col.ones() as f64);
    TestOutcome {
        statistic: x,
        p_value: normal_two_sided((2.0 * x - n) / n.sqrt()),
        fips_pass: Some(b.monobit.0 < x && x < b.monobit.1),
    }
}

/// §4.9.1 poker: counts of the 16 values of consecutive 4-bit segments,
/// X = 16/k · Σ f(i)² - k for k segments.
pub(crate) fn poker(col: &Bits, b: &FipsBounds) -> TestOutcome {
    let k = col.len / 4;
    let mut f = [0u64; 16];
    for s in 0..k {
        // Segments never straddle words (64 is a multiple of 4); the bit order inside a segment
        // permutes the 16 values, which leaves the statistic unchanged.
        f[(col.words[s / 16] >> (4 * (s % 16)) & 15) as usize] += 1;
    }
    let k = k as f64;
    let x = 16.0 / k * f.iter().map(|&c| (c * c) as f64).sum::<f64>() - k;
    // Two-sided: FIPS also fails a sequence that is too even.
    let p = 2.0 * chi_square_cdf(x, 15.0).min(chi_square_sf(x, 15.0));
    TestOutcome {
        statistic: x,
        p_value: p.min(1.0),
        fips_pass: Some(b.poker.0 < x && x < b.poker.1),
    }
}

/// §4.9.1 runs and long runs, in one pass. The runs p-value combines the twelve counts with
/// Bonferroni, each count's p-value taken from a Poisson distribution of its mean (whose
/// variance is a little larger than the true one, so conservative, and which stays right for
/// the small means of small samples); the statistic is the largest |count - mean| / √mean. The
/// long-run p-value is the chance of a run at least as long (about 1 - exp(-n/2^L)).
pub(crate) fn runs(col: &Bits, b: &FipsBounds) -> (TestOutcome, TestOutcome) {
    let n = col.len;
    let mut counts = [[0u64; 6]; 2];
    let mut longest = 0;
    let mut i = 0;
    while i < n {
        let v = col.get(i);
        let start = i;
        while i < n && col.get(i) == v {
            i += 1;
        }
        let len = i - start;
        longest = longest.max(len);
        counts[usize::from(v)][len.min(6) - 1] += 1;
    }
    let (mut pass, mut worst_z, mut min_p) = (true, 0.0_f64, 1.0_f64);
    for (i, &(lo, hi)) in b.runs.iter().enumerate() {
        let mean = run_mean(n, i);
        for c in counts.iter().map(|c| c[i]) {
            let x = c as f64;
            pass &= lo <= x && x <= hi;
            worst_z = worst_z.max((x - mean).abs() / mean.sqrt());
            min_p = min_p.min(poisson_two_sided(c, mean));
        }
    }
    let runs = TestOutcome {
        statistic: worst_z,
        p_value: (12.0 * min_p).min(1.0),
        fips_pass: Some(pass),
    };
    let expected = (n + 2).saturating_sub(longest) as f64 * (-(longest as f64)).exp2();
    let long_run = TestOutcome {
        statistic: longest as f64,
        p_value: -(-expected).exp_m1(),
        fips_pass: Some(longest < b.long_run),
    };
    (runs, long_run)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn column(bits: impl IntoIterator<Item = bool>, n: usize) -> Bits {
        let mut c = Bits::zeros(n);
        for (i, b) in bits.into_iter().take(n).enumerate() {
            if b {
                c.set(i);
            }
        }
        c
    }

    #[test]
    fn exact_fips_bounds_at_20000() {
        let b = FipsBounds::for_samples(20_000);
        assert_eq!(b.monobit, (9725.0, 10275.0));
        assert_eq!(b.poker, (2.16, 46.17));
        assert_eq!(b.runs, RUNS);
        assert_eq!(b.long_run, 26);
    }

    #[test]
    fn scaled_bounds() {
        let b = FipsBounds::for_samples(5_000);
        assert_eq!(b.monobit, (2500.0 - 137.5, 2500.0 + 137.5));
        assert_eq!(b.runs[0], (625.0 - 92.5, 625.0 + 92.5));
        assert_eq!(b.long_run, 24);
        assert_eq!(FipsBounds::for_samples(100).long_run, 19);
    }

    #[test]
    fn monobit_edges_at_20000() {
        let b = FipsBounds::for_samples(20_000);
        let ones = |k: usize| column((0..20_000).map(|i| i < k), 20_000);
        assert_eq!(monobit(&ones(9725), &b).fips_pass, Some(false));
        assert_eq!(monobit(&ones(9726), &b).fips_pass, Some(true));
        assert_eq!(monobit(&ones(10274), &b).fips_pass, Some(true));
        assert_eq!(monobit(&ones(10275), &b).fips_pass, Some(false));
        assert!(monobit(&ones(10000), &b).p_value > 0.99);
    }

    #[test]
    fn structured_columns_fail() {
        let b = FipsBounds::for_samples(20_000);
        let alternating = column((0..).map(|i| i % 2 == 1), 20_000);
        assert_eq!(monobit(&alternating, &b).fips_pass, Some(true));
        let (r, long) = runs(&alternating, &b);
        assert_eq!(r.fips_pass, Some(false));
        assert!(r.p_value < 1e-100);
        assert_eq!((long.statistic, long.fips_pass), (1.0, Some(true)));
        // Every segment is 1010: poker's X is 16·5000 - 5000.
        let p = poker(&alternating, &b);
        assert_eq!((p.statistic, p.fips_pass), (75_000.0, Some(false)));

        let halves = column((0..).map(|i| i >= 10_000), 20_000);
        let (_, long) = runs(&halves, &b);
        assert_eq!((long.statistic, long.fips_pass), (10_000.0, Some(false)));
        assert_eq!(long.p_value, 0.0);
    }
}
