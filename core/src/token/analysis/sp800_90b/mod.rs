//! The ten min-entropy estimators of NIST SP 800-90B (January 2018) §6.3, the non-IID track,
//! over a bit stream. Each returns bits of min-entropy per bit, in [0, 1], or `None` when the
//! stream is too short for it (or, for t-tuple and LRS, when no tuple repeats often enough).
//!
//! They follow NIST's reference implementation, `ea_non_iid` of
//! github.com/usnistgov/SP800-90B_EntropyAssessment (v1.1.7), step for step: its binary
//! versions of the collision, compression, MultiMMC and LZ78Y estimators, its bisections and
//! their failure rules, its tie-breaking, its dictionary limits. On a file of one bit per byte
//! that tool runs every estimator on the bits, and `-i` and `-c` then print the same figures;
//! [`min_entropy`]'s smallest is the `h'` that `ea_non_iid -c` prints. Streams longer than
//! [`MAX_90B_BITS`] are cut to their first [`MAX_90B_BITS`] bits by the report (as
//! `ea_non_iid -t` cuts them), which bounds the time and the memory of the suffix array.
//!
//! Where NIST computes in `long double` (x87, 64-bit mantissa) this computes in `f64`, except
//! the predictors' local bound, whose fixed point it computes in terms of `x - 1` (more precise
//! than either). On the test vectors (`core/tests/sp800_90b_vectors.rs`) every figure is within
//! 1e-13 of the tool's. A million bits take about a second at `opt-level = 2`.
//!
//! 90B asks for 1,000,000 samples; with fewer, the 99% confidence bounds widen and the
//! estimates drop.

mod collision;
mod compression;
mod lag;
mod lrs;
mod lz78y;
mod markov;
mod most_common_value;
mod multi_mcw;
mod multi_mmc;
mod prediction;
mod suffix_array;
mod t_tuple;

pub use collision::collision;
pub use compression::compression;
pub use lag::lag;
pub use lrs::lrs;
pub use lz78y::lz78y;
pub use markov::markov;
pub use most_common_value::most_common_value;
pub use multi_mcw::multi_mcw;
pub use multi_mmc::multi_mmc;
pub use t_tuple::t_tuple;

use super::report::MinEntropy;

/// The most bits the report gives the estimators: the first million of a longer stream, as
/// `ea_non_iid -t` reads.
pub const MAX_90B_BITS: usize = 1_000_000;

/// z for the 99% one-sided confidence bounds of §6.3: NIST's `ZALPHA`, the `f64` nearest to
/// 2.5758293035489008 (Φ⁻¹(0.995)).
const ZALPHA: f64 = 2.575_829_303_548_901;
/// The same as NIST's `ZALPHA_L` (a `long double`), rounded to `f64`: t-tuple and LRS use it.
const ZALPHA_L: f64 = 2.575_829_303_548_900_4;

/// All ten estimates of `bits` and their minimum, `h'`; `per_token` is `h'` times
/// `bits_per_token`. The t-tuple and LRS estimates share one suffix array.
pub fn min_entropy(bits: &[bool], bits_per_token: usize) -> MinEntropy {
    let (t_tuple, lrs) = match suffix_array::Tuples::new(bits) {
        Some(t) => (t.t_tuple(), t.lrs()),
        None => (None, None),
    };
    let mut me = MinEntropy {
        stream_bits: bits.len(),
        assessed_bits: bits.len(),
        most_common_value: most_common_value(bits),
        collision: collision(bits),
        markov: markov(bits),
        compression: compression(bits),
        t_tuple,
        lrs,
        multi_mcw: multi_mcw(bits),
        lag: lag(bits),
        multi_mmc: multi_mmc(bits),
        lz78y: lz78y(bits),
        per_bit: None,
        per_token: None,
    };
    me.per_bit = me.estimates().into_iter().flatten().reduce(f64::min);
    me.per_token = me.per_bit.map(|h| h * bits_per_token as f64);
    me
}

/// NIST's `relEpsilonEqual`: relatively close, or (when that is meaningless) absolutely close,
/// or within `max_ulp` units in the last place.
fn rel_epsilon_equal(a: f64, b: f64, max_abs: f64, max_rel: f64, max_ulp: u64) -> bool {
    if a.is_nan() || b.is_nan() {
        return false;
    }
    #[allow(clippy::float_cmp)]
    if a == b {
        return true;
    }
    if a.is_infinite() || b.is_infinite() {
        return false;
    }
    // a is the one closer to 0.
    let (a, b) = if a.abs() > b.abs() { (b, a) } else { (a, b) };
    let (abs_a, abs_b) = (a.abs(), b.abs());
    let diff = (b - a).abs();
    if abs_a < f64::MIN_POSITIVE
        || diff < f64::MIN_POSITIVE
        || diff.is_infinite()
        || abs_b * max_rel < f64::MIN_POSITIVE
    {
        return diff <= max_abs;
    }
    if diff <= abs_b * max_rel {
        return true;
    }
    if a.is_sign_negative() != b.is_sign_negative() {
        return false;
    }
    abs_b.to_bits() - abs_a.to_bits() <= max_ulp
}

/// `INCLOSEDINTERVAL(x, a, b)`: x between a and b, in either order, ends included.
fn in_closed(x: f64, a: f64, b: f64) -> bool {
    if a > b {
        x >= b && x <= a
    } else {
        x >= a && x <= b
    }
}

/// `INOPENINTERVAL(x, a, b)`: the same, ends excluded.
fn in_open(x: f64, a: f64, b: f64) -> bool {
    if a > b {
        x > b && x < a
    } else {
        x > a && x < b
    }
}

/// NIST's bisection for a decreasing `f` on [`lo`, `hi`]: the p where `f(p)` is `target`, as
/// the compression estimate (step 7) and the predictors' local bound search for it, with their
/// rules: stop when `f(p)` equals `target` to 4 ulps, or the interval stops shrinking (then
/// `hi`'s side), and give `failure` when the target leaves the bracket.
fn bisect(f: impl Fn(f64) -> f64, target: f64, lo: f64, hi: f64, failure: f64) -> f64 {
    const ITERMAX: usize = 1076;
    let (mut lbound, mut hbound) = (lo, hi);
    let (mut lvalue, mut hvalue) = (f64::INFINITY, f64::NEG_INFINITY);
    let mut p = (lbound + hbound) / 2.0;
    let mut value = f(p);
    for _ in 0..ITERMAX {
        if rel_epsilon_equal(value, target, f64::MIN_POSITIVE, f64::EPSILON, 4) {
            break;
        }
        if target < value {
            lbound = p;
            lvalue = value;
        } else {
            hbound = p;
            hvalue = value;
        }
        if lbound >= hbound {
            p = lbound.max(hbound).min(hi);
            break;
        }
        if !(in_closed(lbound, lo, hi) && in_closed(hbound, lo, hi)) {
            p = failure;
            break;
        }
        if !in_closed(target, lvalue, hvalue) {
            p = failure;
            break;
        }
        let last = p;
        p = (lbound + hbound) / 2.0;
        if !in_open(p, lbound, hbound) {
            p = hbound;
            break;
        }
        #[allow(clippy::float_cmp)]
        if last == p {
            p = hbound;
            break;
        }
        value = f(p);
        if !in_closed(value, lvalue, hvalue) {
            p = hbound;
            break;
        }
    }
    p
}

/// Kahan's compensated sum, as NIST's `kahan_add`.
#[derive(Default, Clone, Copy)]
struct Kahan {
    sum: f64,
    comp: f64,
}

impl Kahan {
    fn add(&mut self, x: f64) {
        let y = x - self.comp;
        let t = self.sum + y;
        self.comp = (t - self.sum) - y;
        self.sum = t;
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) fn stream(len: usize, f: impl Fn(usize) -> bool) -> Vec<bool> {
        (0..len).map(f).collect()
    }

    /// xorshift64*: plenty for "looks random" at this length.
    pub(crate) fn noise(len: usize) -> Vec<bool> {
        let mut x: u64 = 0x0123_4567_89AB_CDEF;
        (0..len)
            .map(|_| {
                x ^= x >> 12;
                x ^= x << 25;
                x ^= x >> 27;
                x.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 63 == 1
            })
            .collect()
    }

    #[test]
    fn z_is_the_standards() {
        assert!((ZALPHA - 2.575_829_303_548_9).abs() < 1e-12);
        assert!((ZALPHA - ZALPHA_L).abs() <= f64::EPSILON * 4.0);
    }

    #[test]
    fn constant_stream_has_no_entropy() {
        let zeros = stream(100_000, |_| false);
        let me = min_entropy(&zeros, 1);
        for (name, e) in me.named_estimates() {
            let e = e.unwrap_or_else(|| panic!("{name}"));
            assert!(e < 1e-9, "{name} {e}");
        }
    }

    #[test]
    fn alternating_stream_is_caught() {
        let alt = stream(100_000, |i| i % 2 == 1);
        let me = min_entropy(&alt, 1);
        assert!(me.most_common_value.unwrap() > 0.98);
        assert_eq!(me.collision, Some(1.0)); // every wait is 3: it cannot see this
        for e in [
            me.markov,
            me.compression,
            me.t_tuple,
            me.lrs,
            me.lag,
            me.multi_mmc,
        ] {
            assert!(e.unwrap() < 0.01, "{me:?}");
        }
        assert!(me.lz78y.unwrap() < 0.01 && me.per_bit.unwrap() < 0.01);
    }

    #[test]
    fn noise_is_close_to_one_bit_per_bit() {
        let me = min_entropy(&noise(1_000_000), 1);
        for (name, e) in me.named_estimates() {
            let e = e.unwrap();
            assert!(e > 0.8, "{name} {e}");
        }
        let high = [me.most_common_value, me.markov, me.multi_mcw, me.lag];
        assert!(high.iter().all(|e| e.unwrap() > 0.99), "{me:?}");
    }

    #[test]
    fn short_streams_give_none_not_panics() {
        for len in 0..40 {
            let s = noise(len);
            let me = min_entropy(&s, 1);
            assert_eq!(me.compression, None);
            assert_eq!(me.multi_mcw, None);
            assert!(me.per_bit.is_none_or(|h| (0.0..=1.0).contains(&h)));
        }
        let s = stream(5_000, |i| i % 3 == 0);
        assert_eq!(compression(&s), None);
        assert!(markov(&s).is_some() && multi_mcw(&s).is_some());
        assert_eq!(most_common_value(&[true]), None);
    }

    #[test]
    fn rel_epsilon_equal_as_nist() {
        let eq = |a, b| rel_epsilon_equal(a, b, f64::MIN_POSITIVE, f64::EPSILON, 4);
        assert!(eq(1.0, 1.0 + f64::EPSILON));
        assert!(eq(0.0, 0.0) && !eq(0.0, 1e-300) && !eq(f64::NAN, f64::NAN));
        assert!(!eq(1.0, 1.0 + 1e-12) && !eq(-1.0, 1.0));
        let x = 0.3f64;
        assert!(eq(x, f64::from_bits(x.to_bits() + 4)));
        assert!(!eq(x, f64::from_bits(x.to_bits() + 5)));
    }

    #[test]
    fn bisect_finds_a_root() {
        let p = bisect(|p| 1.0 - p, 0.25, 0.0, 1.0, -1.0);
        assert!((p - 0.75).abs() < 1e-15);
        // Below every value: the search ends at the top of the domain.
        assert_eq!(bisect(|p| 1.0 - p, -0.5, 0.0, 1.0, -1.0), 1.0);
    }
}
