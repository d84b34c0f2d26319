//! §6.3.3 Markov, NIST's binary `markov_test`.

/// A first-order model of the stream; the min-entropy of the likeliest 128-bit sequence under
/// it (of the six candidates of step 3), per bit.
pub fn markov(bits: &[bool]) -> Option<f64> {
    let len = bits.len();
    if len < 2 {
        return None;
    }
    // c0: zeros among the first len - 1 bits; c00, c10: transitions to 0 from 0 and from 1.
    let (mut c0, mut c00, mut c10) = (0u64, 0u64, 0u64);
    for w in bits.windows(2) {
        match (w[0], w[1]) {
            (false, next) => {
                c0 += 1;
                c00 += u64::from(!next);
            }
            (true, next) => c10 += u64::from(!next),
        }
    }
    let c1 = (len - 1) as u64 - c0;
    let (p00, p01) = if c0 > 0 {
        let p = c00 as f64 / c0 as f64;
        (p, 1.0 - p)
    } else {
        (0.0, 0.0)
    };
    let (p10, p11) = if c1 > 0 {
        let p = c10 as f64 / c1 as f64;
        (p, 1.0 - p)
    } else {
        (0.0, 0.0)
    };
    let zeros = c0 + u64::from(!bits[len - 1]);
    let p0 = zeros as f64 / len as f64;
    let p1 = 1.0 - p0;

    let mut h_min = 128.0f64;
    let mut consider = |possible: bool, h: f64| {
        if possible && h < h_min {
            h_min = h;
        }
    };
    let l = f64::log2;
    consider(p00 > 0.0, -l(p0) - 127.0 * l(p00)); // 00…0
    consider(
        p01 > 0.0 && p10 > 0.0,
        -l(p0) - 64.0 * l(p01) - 63.0 * l(p10),
    ); // 0101…01
    consider(p01 > 0.0 && p11 > 0.0, -l(p0) - l(p01) - 126.0 * l(p11)); // 011…1
    consider(p10 > 0.0 && p00 > 0.0, -l(p1) - l(p10) - 126.0 * l(p00)); // 100…0
    consider(
        p10 > 0.0 && p01 > 0.0,
        -l(p1) - 64.0 * l(p10) - 63.0 * l(p01),
    ); // 1010…10
    consider(p11 > 0.0, -l(p1) - 127.0 * l(p11)); // 11…1
    Some((h_min / 128.0).min(1.0) + 0.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alternating_and_constant() {
        let alt: Vec<bool> = (0..1000).map(|i| i % 2 == 1).collect();
        // 0101…01 has probability 1/2: one bit in 128.
        assert!((markov(&alt).unwrap() - 1.0 / 128.0).abs() < 1e-15);
        assert_eq!(markov(&[true; 100]), Some(0.0));
        assert_eq!(markov(&[true]), None);
    }
}
