//! §6.3.6 Longest Repeated Substring (NIST's `SAalgs`, second half).

use super::suffix_array::Tuples;
use super::t_tuple::entropy_of_bound;

/// The collision probability of the W-bit tuples for each W from u (the first t-tuple did not
/// use) to the length of the longest repeated substring, p̂ = max_W (P_W)^(1/W), and its upper
/// 99% bound. `None` when the longest repeat is shorter than u.
pub fn lrs(bits: &[bool]) -> Option<f64> {
    Tuples::new(bits)?.lrs()
}

impl Tuples {
    pub(super) fn lrs(&self) -> Option<f64> {
        let (n, u, v) = (self.n, self.u, self.v);
        if v < u {
            return None;
        }
        let s = self.collision_counts();
        let mut p_max = 0.0f64;
        for (w, &sw) in s.iter().enumerate().skip(u) {
            let pairs = ((n - w) as u64 * (n - w + 1) as u64) >> 1;
            let p = (sw as f64 / pairs as f64).powf(1.0 / w as f64);
            if p_max < p {
                p_max = p;
            }
        }
        Some(entropy_of_bound(p_max, n))
    }

    /// `s[w]` for `u ≤ w ≤ v`: the pairs of equal W-bit tuples, Σ C(count, 2), as NIST's loop
    /// sums them, walking down the LCP array. NIST adds to every length between two LCP values
    /// one at a time, which is quadratic on a long period (a period of P bits repeated over
    /// the stream walks P times its length); this keeps the non-zero counts on a stack and
    /// adds each run of equal counts to a range of lengths at once, through a difference array.
    fn collision_counts(&self) -> Vec<u64> {
        let (n, u, v) = (self.n, self.u, self.v);
        // s[w] = Σ_{k ≥ w} diff[k].
        let mut diff = vec![0i128; v + 2];
        let mut add = |lo: usize, hi: usize, count: u64| {
            if lo <= hi && count > 0 {
                let pairs = i128::from(count) * (i128::from(count) + 1) / 2;
                diff[hi] += pairs;
                diff[lo - 1] -= pairs;
            }
        };
        // (length, count): the lengths with a non-zero count, increasing.
        let mut stack: Vec<(usize, u64)> = Vec::new();
        let push = |stack: &mut Vec<(usize, u64)>, level: usize, count: u64| match stack.last_mut()
        {
            Some((l, c)) if *l == level => *c += count,
            _ => stack.push((level, count)),
        };
        for i in 1..=n {
            let (li, prev) = (self.l[i] as usize, self.l[i - 1] as usize);
            if prev >= u && li < prev {
                let floor = li.max(u - 1);
                let (mut cum, mut hi) = (0u64, prev);
                while let Some(&(level, count)) = stack.last() {
                    if level <= floor {
                        break;
                    }
                    stack.pop();
                    add(level + 1, hi, cum);
                    cum += count;
                    hi = level;
                }
                add(floor + 1, hi, cum);
                if floor >= u && cum > 0 {
                    push(&mut stack, floor, cum);
                }
            }
            if li >= u {
                push(&mut stack, li, 1);
            }
        }
        let mut s = vec![0u64; v + 1];
        let mut acc = 0i128;
        for w in (u..=v).rev() {
            acc += diff[w];
            s[w] = acc as u64;
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::token::analysis::sp800_90b::tests::noise;

    /// NIST's loop as written.
    fn collision_counts_nist(t: &Tuples) -> Vec<u64> {
        let (n, u, v, l) = (t.n, t.u, t.v, &t.l);
        let mut a = vec![0u64; v + 2];
        let mut s = vec![0u64; v + 1];
        for i in 1..=n {
            let (li, prev) = (l[i] as usize, l[i - 1] as usize);
            if prev >= u && li < prev {
                let b = li.max(u - 1);
                for t in (b + 1..=prev).rev() {
                    a[t] += a[t + 1];
                    a[t + 1] = 0;
                    s[t] += (a[t] + 1) * a[t] / 2;
                }
                if b >= u {
                    a[b] += a[b + 1];
                }
                a[b + 1] = 0;
            }
            if li >= u {
                a[li] += 1;
            }
        }
        s
    }

    #[test]
    fn ranges_add_up_as_nists_loop() {
        let base = noise(3000);
        let cases: Vec<Vec<bool>> = vec![
            base.clone(),
            (0..3000).map(|i| base[i % 37]).collect(),
            (0..3000).map(|i| base[i % 400] ^ (i % 997 == 0)).collect(),
            (0..3000).map(|i| i % 3 == 0).collect(),
            vec![true; 500],
        ];
        for bits in cases {
            let t = Tuples::new(&bits).unwrap();
            if t.v >= t.u {
                assert_eq!(
                    t.collision_counts()[t.u..],
                    collision_counts_nist(&t)[t.u..]
                );
            }
        }
    }

    #[test]
    fn collision_counts_by_brute_force() {
        let bits: Vec<bool> = (0..2000)
            .map(|i| noise(300)[i % 300] ^ (i % 211 == 0))
            .collect();
        let t = Tuples::new(&bits).unwrap();
        let s = t.collision_counts();
        for (w, &sw) in s.iter().enumerate().skip(t.u) {
            let mut counts = std::collections::HashMap::new();
            for x in bits.windows(w) {
                *counts.entry(x).or_insert(0u64) += 1;
            }
            let pairs: u64 = counts.values().map(|&c| c * (c - 1) / 2).sum();
            assert_eq!(sw, pairs, "w={w}");
        }
        assert!(lrs(&bits).unwrap() < 0.1);
    }
}
