//! The compression test of one bit position: deflate its sequence of bits and see how much
//! smaller it gets.
//!
//! The p-value needs no distribution: a lossless, self-delimiting code maps at most 2^(m-k) of
//! the 2^m inputs of m bits to k or more bits shorter (Kraft's inequality), so for fair coin
//! flips P(saving ≥ k bits) ≤ 2^-k. Random sequences do not shrink at all; a biased or
//! patterned one shrinks by hundreds of bits, which is a p-value far below any level.

use std::io::Write;

use flate2::{Compression, write::DeflateEncoder};

use super::bitlevel::TestOutcome;
use super::decode::Bits;

/// Statistic: compressed size / original size; p-value: 2^-(bits saved), at most 1.
pub(crate) fn compression(col: &Bits) -> TestOutcome {
    let bytes: Vec<u8> = col
        .words
        .iter()
        .flat_map(|w| w.to_le_bytes())
        .take(col.len.div_ceil(8))
        .collect();
    let mut enc = DeflateEncoder::new(Vec::with_capacity(bytes.len() + 64), Compression::default());
    // Writing to a Vec cannot fail; if it somehow did, report "incompressible" (p = 1).
    let compressed = enc
        .write_all(&bytes)
        .and_then(|()| enc.finish())
        .map_or(bytes.len() + 1, |v| v.len());
    let saved = col.len as f64 - 8.0 * compressed as f64;
    TestOutcome {
        statistic: compressed as f64 / bytes.len().max(1) as f64,
        p_value: (-saved).exp2().min(1.0),
        fips_pass: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_compress_and_noise_does_not() {
        let mut pattern = Bits::zeros(20_000);
        let mut noise = Bits::zeros(20_000);
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        for i in 0..20_000 {
            if i % 3 == 0 {
                pattern.set(i);
            }
            // xorshift64*: plenty for "does not compress".
            x ^= x >> 12;
            x ^= x << 25;
            x ^= x >> 27;
            if x.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 63 == 1 {
                noise.set(i);
            }
        }
        assert_eq!(compression(&pattern).p_value, 0.0);
        let n = compression(&noise);
        assert_eq!(n.p_value, 1.0);
        assert!(n.statistic >= 1.0);
    }
}
