//! §6.3.2 Collision, NIST's binary `collision_test`.

use super::ZALPHA;

/// The mean time to the first repeated bit. A collision comes after 2 or 3 bits, and step 7's
/// equation reduces to X̄' = 2 + 2p(1-p) (as NIST's implementation notes), solved directly;
/// X̄' of 2.5 or more has no solution: 1 bit per bit.
pub fn collision(bits: &[bool]) -> Option<f64> {
    let len = bits.len();
    let (mut i, mut v, mut sum_sq) = (0usize, 0u64, 0.0f64);
    while i + 1 < len {
        let t = if bits[i] == bits[i + 1] {
            2
        } else if i + 2 < len {
            3
        } else {
            break;
        };
        v += 1;
        sum_sq += (t * t) as f64;
        i += t;
    }
    if v < 2 {
        return None;
    }
    let mean = i as f64 / v as f64;
    // NaN when rounding makes the variance negative: then, as in NIST's tool, no comparison
    // below holds and the estimate is 1.
    let sigma = ((sum_sq - i as f64 * mean) / (v - 1) as f64).sqrt();
    let mut bound = mean - ZALPHA * sigma / (v as f64).sqrt();
    if bound < 2.0 {
        bound = 2.0;
    }
    Some(if bound < 2.5 {
        -(0.5 + (1.25 - 0.5 * bound).sqrt()).log2() + 0.0
    } else {
        1.0
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_matches_the_standard() {
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
    fn extremes() {
        assert_eq!(collision(&[false; 1000]), Some(0.0));
        let alt: Vec<bool> = (0..1000).map(|i| i % 2 == 0).collect();
        assert_eq!(collision(&alt), Some(1.0));
        assert_eq!(collision(&[true, false]), None);
    }
}
