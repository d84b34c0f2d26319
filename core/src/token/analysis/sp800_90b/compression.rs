//! §6.3.4 Compression, NIST's binary `compression_test`.

use super::{Kahan, ZALPHA, bisect};

/// Bits a block.
const B: usize = 6;
/// Blocks in the dictionary.
const D: usize = 1000;

/// Maurer's universal statistic on 6-bit blocks (a dictionary of the first 1,000 blocks, then
/// the log-distance of each block to its previous occurrence), and the distribution, one symbol
/// with probability p and the rest equal, that would give the same 99% lower bound (found by
/// NIST's bisection; none above the uniform one means full entropy, step 8).
pub fn compression(bits: &[bool]) -> Option<f64> {
    let num_blocks = bits.len() / B;
    if num_blocks <= D {
        return None;
    }
    let block = |i: usize| {
        bits[i * B..(i + 1) * B]
            .iter()
            .fold(0usize, |acc, &b| acc << 1 | usize::from(b))
    };
    let mut dict = [0usize; 1 << B];
    for i in 0..D {
        dict[block(i)] = i + 1;
    }
    let v = num_blocks - D;
    let (mut x, mut sigma) = (Kahan::default(), Kahan::default());
    for i in D..num_blocks {
        let b = block(i);
        let dist = ((i + 1 - dict[b]) as f64).log2();
        x.add(dist);
        sigma.add(dist * dist);
        dict[b] = i + 1;
    }
    let mean = x.sum / v as f64;
    let sigma = 0.5907 * (sigma.sum / (v as f64 - 1.0) - mean * mean).sqrt();
    let bound = mean - ZALPHA * sigma / (v as f64).sqrt();

    let g = G::new(num_blocks);
    let k = (1 << B) as f64;
    let expected = |p: f64| {
        let q = (1.0 - p) / (k - 1.0);
        g.eval(p) + (k - 1.0) * g.eval(q)
    };
    let uniform = 1.0 / k;
    let p = if expected(uniform) > bound {
        bisect(expected, bound, uniform, 1.0, uniform)
    } else {
        -1.0
    };
    Some(if p > uniform {
        -p.log2() / B as f64 + 0.0
    } else {
        1.0
    })
}

/// Step 7's G(z) = 1/v Σ_{t=d+1..L} Σ_{u=1..t} log2(u)·F(z, t, u), computed as NIST does (after
/// UL's notes): with a_i = log2(i)(1-z)^(i-1) and A_j = Σ_{i<j} a_i,
/// G = z/v · (z·(Σ_{i=d+1}^{L-1} (L-i)·a_i + (L-d)·A_{d+1}) + A_{L+1} - A_{d+1}), stopping once
/// a term underflows. `log2` of 1..=L is tabulated once.
struct G {
    log2: Vec<f64>,
    num_blocks: usize,
}

impl G {
    fn new(num_blocks: usize) -> Self {
        G {
            log2: (0..=num_blocks).map(|i| (i as f64).log2()).collect(),
            num_blocks,
        }
    }

    fn eval(&self, z: f64) -> f64 {
        let (l, d) = (self.num_blocks, D);
        let v = (l - d) as f64;
        let (mut ai, mut first) = (Kahan::default(), Kahan::default());
        let bterm = 1.0 - z;
        let mut bi = bterm; // (1-z)^(i-1) for i = 2 (a_1 is 0)
        for i in 2..=d {
            ai.add(self.log2[i] * bi);
            bi *= bterm;
        }
        let ad1 = ai.sum;
        let mut truncated = false;
        for i in d + 1..l {
            let a = self.log2[i] * bi;
            ai.add(a);
            let scaled = (l - i) as f64 * a;
            if scaled > 0.0 {
                first.add(scaled);
            } else {
                truncated = true;
                break;
            }
            bi *= bterm;
        }
        first.add((l - d) as f64 * ad1);
        if !truncated {
            ai.add(self.log2[l] * bi);
        }
        1.0 / v * z * (z * first.sum + (ai.sum - ad1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// G straight from its definition, F(z, t, u) = z²(1-z)^(u-1) for u < t and z(1-z)^(t-1)
    /// for u = t.
    fn g_direct(z: f64, blocks: usize) -> f64 {
        let mut sum = 0.0;
        for t in D + 1..=blocks {
            for u in 1..=t {
                let f = if u < t {
                    z * z * (1.0 - z).powi(u as i32 - 1)
                } else {
                    z * (1.0 - z).powi(t as i32 - 1)
                };
                sum += (u as f64).log2() * f;
            }
        }
        sum / (blocks - D) as f64
    }

    #[test]
    fn g_matches_its_definition() {
        let g = G::new(1500);
        for z in [1.0 / 64.0, 0.05, 0.3, 0.9] {
            let (a, b) = (g.eval(z), g_direct(z, 1500));
            assert!((a - b).abs() < 1e-9 * b.abs().max(1.0), "{z}: {a} {b}");
        }
    }

    #[test]
    fn constant_and_short() {
        assert!(compression(&[false; 100_000]).unwrap() < 1e-9);
        assert_eq!(compression(&[false; 6005]), None);
        assert!(compression(&[false; 6006]).is_some());
    }
}
