//! §6.3.5 t-Tuple (NIST's `SAalgs`, first half).

use super::ZALPHA_L;
use super::suffix_array::Tuples;

/// The most frequent t-bit tuple for each t up to the largest whose commonest tuple occurs at
/// least 35 times: `p̂ = max_t (Q[t] / (L - t + 1))^(1/t)` and its upper 99% bound. `None` when
/// no tuple occurs 35 times.
pub fn t_tuple(bits: &[bool]) -> Option<f64> {
    Tuples::new(bits)?.t_tuple()
}

impl Tuples {
    pub(super) fn t_tuple(&self) -> Option<f64> {
        if self.u == 1 {
            return None;
        }
        let n = self.n;
        let p_max = (1..self.u)
            .map(|t| (f64::from(self.q[t]) / (n - t + 1) as f64).powf(1.0 / t as f64))
            .fold(-1.0, f64::max);
        Some(entropy_of_bound(p_max, n))
    }
}

/// `-log2` of p̂'s upper 99% bound, `min(1, p̂ + z·√(p̂(1-p̂)/(L-1)))`.
pub(super) fn entropy_of_bound(p: f64, n: usize) -> f64 {
    let pu = (p + ZALPHA_L * (p * (1.0 - p) / (n - 1) as f64).sqrt()).min(1.0);
    -pu.log2() + 0.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn period_and_short() {
        let s: Vec<bool> = (0..10_000).map(|i| i % 4 < 2).collect();
        // 0011 repeated: every 2-tuple is a quarter, every longer tuple too.
        assert!(t_tuple(&s).unwrap() < 0.01);
        assert_eq!(t_tuple(&[true, false, true, false]), None);
    }
}
