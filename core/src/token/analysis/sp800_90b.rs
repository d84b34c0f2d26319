//! Min-entropy estimators of NIST SP 800-90B (January 2018) §6.3, over the serial bit stream
//! (every token's bits, one token after the other). Each returns bits of min-entropy per bit,
//! in [0, 1], or `None` when the stream is too short for it.
//!
//! These four are the non-IID track's simplest; NIST's tool runs ten and keeps the smallest, so
//! its figure can only be lower. 90B asks for 1,000,000 samples; with fewer, the 99% confidence
//! bounds below widen and the estimates drop.

use super::decode::Bits;

/// z for the 99% one-sided confidence bounds used throughout §6.3.
const Z: f64 = 2.576;

/// §6.3.1 Most Common Value: the upper 99% bound on the frequency of the commoner bit.
pub(crate) fn most_common_value(s: &Bits) -> Option<f64> {
    let len = s.len as f64;
    if s.len < 2 {
        return None;
    }
    let p = s.ones().max(s.len - s.ones()) as f64 / len;
    let pu = (p + Z * (p * (1.0 - p) / (len - 1.0)).sqrt()).min(1.0);
    Some(-pu.log2() + 0.0) // + 0.0 turns -0 into 0
}

/// §6.3.2 Collision: the mean time to the first repeated value. For bits a collision comes
/// after 2 or 3 samples and step 7's equation reduces to X̄' = 2 + 2p(1-p) (as NIST's own
/// implementation notes), solved here directly.
pub(crate) fn collision(s: &Bits) -> Option<f64> {
    let (mut i, mut v, mut sum_sq) = (0usize, 0u64, 0u64);
    while i + 1 < s.len {
        let t = if s.get(i) == s.get(i + 1) {
            2
        } else if i + 2 < s.len {
            3
        } else {
            break;
        };
        v += 1;
        sum_sq += t * t;
        i += t as usize;
    }
    if v < 2 {
        return None;
    }
    let vf = v as f64;
    let mean = i as f64 / vf;
    let sigma = ((sum_sq as f64 - i as f64 * mean) / (vf - 1.0))
        .max(0.0)
        .sqrt();
    let bound = (mean - Z * sigma / vf.sqrt()).max(2.0);
    Some(if bound < 2.5 {
        -(0.5 + (1.25 - 0.5 * bound).sqrt()).log2() + 0.0
    } else {
        1.0
    })
}

/// §6.3.3 Markov: a first-order model of the stream; the min-entropy of the likeliest 128-bit
/// sequence under it, per bit.
pub(crate) fn markov(s: &Bits) -> Option<f64> {
    if s.len < 2 {
        return None;
    }
    // c[a][b]: transitions from a to b.
    let mut c = [[0u64; 2]; 2];
    for i in 0..s.len - 1 {
        c[usize::from(s.get(i))][usize::from(s.get(i + 1))] += 1;
    }
    let ratio = |a: u64, b: u64| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    let (from0, from1) = (c[0][0] + c[0][1], c[1][0] + c[1][1]);
    let (p00, p01) = (ratio(c[0][0], from0), ratio(c[0][1], from0));
    let (p10, p11) = (ratio(c[1][0], from1), ratio(c[1][1], from1));
    let p1 = s.ones() as f64 / s.len as f64;
    let p0 = 1.0 - p1;
    // log2 of the six candidate sequences' probabilities (step 3); log2(0) = -inf drops one.
    let l = |p: f64| p.log2();
    let candidates = [
        l(p0) + 127.0 * l(p00),
        l(p0) + 64.0 * l(p01) + 63.0 * l(p10),
        l(p0) + l(p01) + 126.0 * l(p11),
        l(p1) + l(p10) + 126.0 * l(p00),
        l(p1) + 64.0 * l(p10) + 63.0 * l(p01),
        l(p1) + 127.0 * l(p11),
    ];
    let best = candidates
        .iter()
        .copied()
        .filter(|x| !x.is_nan())
        .fold(f64::NEG_INFINITY, f64::max);
    Some((-best / 128.0).clamp(0.0, 1.0) + 0.0)
}

/// §6.3.4 Compression: Maurer's universal statistic on 6-bit blocks (a dictionary of the first
/// 1,000 blocks, then the log-distance of each block to its previous occurrence), and the
/// distribution, one symbol with probability p and the rest equal, that would give the same
/// 99% lower bound.
pub(crate) fn compression(s: &Bits) -> Option<f64> {
    const B: usize = 6;
    const D: usize = 1000;
    let blocks = s.len / B;
    if blocks <= D + 1 {
        return None;
    }
    let block = |i: usize| (0..B).fold(0usize, |acc, j| acc << 1 | usize::from(s.get(i * B + j)));
    let mut dict = [0usize; 1 << B];
    for i in 0..D {
        dict[block(i)] = i + 1;
    }
    let v = (blocks - D) as f64;
    let (mut sum, mut sum_sq) = (0.0, 0.0);
    for i in D..blocks {
        let b = block(i);
        let dist = ((i + 1 - dict[b]) as f64).log2();
        sum += dist;
        sum_sq += dist * dist;
        dict[b] = i + 1;
    }
    let mean = sum / v;
    let sigma = 0.5907 * (sum_sq / (v - 1.0) - mean * mean).max(0.0).sqrt();
    let bound = mean - Z * sigma / v.sqrt();

    let k = (1 << B) as f64;
    let expected = |p: f64| {
        let q = (1.0 - p) / (k - 1.0);
        g(p, D, blocks) + (k - 1.0) * g(q, D, blocks)
    };
    // The expectation decreases from the uniform case (p = 1/64) to 0 (p = 1): no solution
    // above the uniform one means full entropy (step 8).
    if expected(1.0 / k) <= bound {
        return Some(1.0);
    }
    let (mut lo, mut hi) = (1.0 / k, 1.0);
    for _ in 0..100 {
        let mid = 0.5 * (lo + hi);
        if expected(mid) > bound {
            lo = mid;
        } else {
            hi = mid;
        }
        if hi - lo < 1e-12 {
            break;
        }
    }
    Some((-(0.5 * (lo + hi)).log2() / B as f64).clamp(0.0, 1.0))
}

/// Step 7's G(z) = 1/v Σ_{t=d+1..L} Σ_{u=1..t} log2(u)·F(z, t, u) with F = z²(1-z)^(u-1) for
/// u < t and z(1-z)^(t-1) for u = t. Swapping the sums makes it linear:
/// z²·Σ_u log2(u)(1-z)^(u-1)·(L - max(d, u)) + z·Σ_{t>d} log2(t)(1-z)^(t-1); both stop once
/// (1-z)^(u-1) is below 1e-30, where the rest cannot move the sum.
fn g(z: f64, d: usize, blocks: usize) -> f64 {
    let v = (blocks - d) as f64;
    let (mut first, mut second) = (0.0, 0.0);
    let mut pow = 1.0; // (1-z)^(u-1)
    for u in 1..=blocks {
        let lu = (u as f64).log2();
        if u < blocks {
            first += lu * pow * (blocks - d.max(u)) as f64;
        }
        if u > d {
            second += lu * pow;
        }
        pow *= 1.0 - z;
        if pow < 1e-30 {
            break;
        }
    }
    (z * z * first + z * second) / v
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stream(len: usize, f: impl Fn(usize) -> bool) -> Bits {
        let mut b = Bits::zeros(len);
        (0..len).filter(|&i| f(i)).for_each(|i| b.set(i));
        b
    }

    /// xorshift64*: plenty for "looks random" at this length.
    fn noise(len: usize) -> Bits {
        let mut b = Bits::zeros(len);
        let mut x: u64 = 0x0123_4567_89AB_CDEF;
        for i in 0..len {
            x ^= x >> 12;
            x ^= x << 25;
            x ^= x >> 27;
            if x.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 63 == 1 {
                b.set(i);
            }
        }
        b
    }

    #[test]
    fn constant_stream_has_no_entropy() {
        let zeros = stream(100_000, |_| false);
        assert_eq!(most_common_value(&zeros), Some(0.0));
        assert_eq!(collision(&zeros), Some(0.0));
        assert_eq!(markov(&zeros), Some(0.0));
        assert!(compression(&zeros).unwrap() < 1e-9);
    }

    #[test]
    fn alternating_stream_is_caught_by_markov_and_compression() {
        let alt = stream(100_000, |i| i % 2 == 1);
        assert!(most_common_value(&alt).unwrap() > 0.98);
        assert_eq!(collision(&alt), Some(1.0)); // every wait is 3: it cannot see this
        assert!(markov(&alt).unwrap() < 0.01);
        assert!(compression(&alt).unwrap() < 0.01);
    }

    #[test]
    fn noise_is_close_to_one_bit_per_bit() {
        let s = noise(1_000_000);
        let (mcv, col) = (most_common_value(&s).unwrap(), collision(&s).unwrap());
        let (mar, com) = (markov(&s).unwrap(), compression(&s).unwrap());
        assert!(mcv > 0.99 && mar > 0.99, "{mcv} {mar}");
        assert!(col > 0.85 && com > 0.8, "{col} {com}");
    }

    #[test]
    fn collision_formula_matches_the_standard() {
        // 90B step 7 with F(q) = q(2q² + 2q + 1) (Appendix G.1.1) against 2 + 2p(1-p).
        for p in [0.5, 0.6, 0.75, 0.9] {
            let q: f64 = 1.0 - p;
            let f = q * (2.0 * q * q + 2.0 * q + 1.0);
            let h = 0.5 * (1.0 / p - 1.0 / q);
            let standard = p / (q * q) * (1.0 + h) * f - p / q * h;
            assert!((standard - (2.0 + 2.0 * p * q)).abs() < 1e-12, "{p}");
        }
    }

    #[test]
    fn short_streams() {
        let s = stream(5_000, |i| i % 3 == 0);
        assert_eq!(compression(&s), None);
        assert!(markov(&s).is_some());
        assert_eq!(most_common_value(&stream(1, |_| true)), None);
    }
}
