//! Correlation between bit positions: is bit j predictable from an earlier bit i of the same
//! token? The φ coefficient of each pair (the Pearson correlation of two bits) gives
//! n·φ² ~ χ²(1) under independence; bit j's p-value is the smallest over the j earlier bits,
//! Bonferroni-corrected. Only the later bit of a correlated pair fails: it adds nothing to what
//! the earlier one already gave, so the effective entropy counts the pair once.

use super::bitlevel::TestOutcome;
use super::decode::Bits;
use super::stats::erfc;

/// One outcome per bit position, with the earlier position it is most correlated with.
pub(crate) fn correlation(columns: &[Bits]) -> Vec<(TestOutcome, Option<usize>)> {
    let ones: Vec<u64> = columns.iter().map(|c| c.ones() as u64).collect();
    (0..columns.len())
        .map(|j| {
            let mut best: Option<(f64, f64, usize)> = None; // (p, |φ|, i)
            for i in 0..j {
                let phi = phi(&columns[i], &columns[j], ones[i], ones[j]);
                let n = columns[j].len as f64;
                let p = erfc(phi.abs() * (n / 2.0).sqrt());
                if phi != 0.0 && best.is_none_or(|(bp, _, _)| p < bp) {
                    best = Some((p, phi.abs(), i));
                }
            }
            match best {
                Some((p, phi, i)) => (
                    TestOutcome {
                        statistic: phi,
                        p_value: (p * j as f64).min(1.0),
                        fips_pass: None,
                    },
                    Some(i),
                ),
                None => (TestOutcome::neutral(), None),
            }
        })
        .collect()
}

/// φ = (n·n11 - n1·n2) / √(n1(n-n1)·n2(n-n2)); 0 when either bit never changes (the monobit
/// test already fails a constant bit).
fn phi(a: &Bits, b: &Bits, ones_a: u64, ones_b: u64) -> f64 {
    let n = a.len as f64;
    let both: u64 = a
        .words
        .iter()
        .zip(&b.words)
        .map(|(x, y)| u64::from((x & y).count_ones()))
        .sum();
    let (na, nb) = (ones_a as f64, ones_b as f64);
    let denom = (na * (n - na) * nb * (n - nb)).sqrt();
    if denom == 0.0 {
        0.0
    } else {
        (n * both as f64 - na * nb) / denom
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_copied_bit_fails_once() {
        let n = 1000;
        let mut a = Bits::zeros(n);
        let mut c = Bits::zeros(n);
        // A deterministic but irregular pattern, and an unrelated one.
        for i in 0..n {
            if (i * 7919) % 13 < 6 {
                a.set(i);
            }
            if (i * 104_729) % 17 < 8 {
                c.set(i);
            }
        }
        let cols = [a.clone(), c, a];
        let r = correlation(&cols);
        assert_eq!(r[0].1, None);
        assert_eq!(r[0].0.p_value, 1.0);
        assert_eq!(r[2].1, Some(0));
        assert_eq!(r[2].0.statistic, 1.0);
        assert!(r[2].0.p_value < 1e-100);
        assert!(r[1].0.p_value > 1e-3, "{:?}", r[1]);
    }
}
