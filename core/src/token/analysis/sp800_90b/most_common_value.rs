//! §6.3.1 Most Common Value (NIST's `most_common`).

use super::ZALPHA;

/// The upper 99% bound on the frequency of the commoner bit: `-log2(min(1, p̂ + z·√(p̂(1-p̂)/(L-1))))`.
pub fn most_common_value(bits: &[bool]) -> Option<f64> {
    let len = bits.len();
    if len < 2 {
        return None;
    }
    let ones = bits.iter().filter(|&&b| b).count();
    let pmax = ones.max(len - ones) as f64 / len as f64;
    let ubound = (pmax + ZALPHA * (pmax * (1.0 - pmax) / (len as f64 - 1.0)).sqrt()).min(1.0);
    Some(-ubound.log2() + 0.0) // + 0.0 turns -0 into 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn balanced_and_constant() {
        let half: Vec<bool> = (0..1_000_000).map(|i| i % 2 == 0).collect();
        let h = most_common_value(&half).unwrap();
        // p_u = 0.5 + z·√(0.25/999999)
        let pu = 0.5 + ZALPHA * (0.25f64 / 999_999.0).sqrt();
        assert!((h + pu.log2()).abs() < 1e-15);
        assert_eq!(most_common_value(&[true; 10]), Some(0.0));
    }
}
