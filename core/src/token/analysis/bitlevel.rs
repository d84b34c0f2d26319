//! Bit-level analysis: every test on the sequence of each bit position across the tokens, and
//! the combination that decides whether a position counts towards the effective entropy.

use serde::Serialize;

use super::decode::Decoded;
use super::fips::{self, FipsBounds};
use super::stats::bonferroni;
use super::{compression, correlation};

/// One test's result.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct TestOutcome {
    /// The test's statistic (see each field of [`BitPosition`]).
    pub statistic: f64,
    /// The probability of a result at least this extreme from a perfect generator.
    pub p_value: f64,
    /// Whether the FIPS 140-2 bounds for this sample size are met (FIPS tests only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fips_pass: Option<bool>,
}

impl TestOutcome {
    /// A test with nothing to test (p = 1).
    pub(crate) fn neutral() -> Self {
        TestOutcome {
            statistic: 0.0,
            p_value: 1.0,
            fips_pass: None,
        }
    }
}

/// The tests of one bit position (0 = the most significant bit of the token).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BitPosition {
    /// The bit's index.
    pub bit: usize,
    /// The character position it comes from (hex, base64, and other power-of-two alphabets).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub char_position: Option<usize>,
    /// Tokens with this bit set.
    pub ones: usize,
    /// FIPS monobit; statistic: the number of ones.
    pub monobit: TestOutcome,
    /// FIPS poker; statistic: X.
    pub poker: TestOutcome,
    /// FIPS runs; statistic: the largest normal score among the twelve run counts.
    pub runs: TestOutcome,
    /// FIPS long runs; statistic: the longest run.
    pub long_run: TestOutcome,
    /// Correlation with an earlier bit; statistic: |φ| with [`BitPosition::correlated_with`].
    pub correlation: TestOutcome,
    /// The earlier bit this one is most correlated with.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub correlated_with: Option<usize>,
    /// Deflate; statistic: compressed size / original size.
    pub compression: TestOutcome,
    /// The six p-values combined (Bonferroni): the position passes at level α when this ≥ α.
    pub p_value: f64,
    /// Whether all four FIPS tests pass.
    pub fips_pass: bool,
}

/// Bit-level results.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BitLevel {
    /// The FIPS bounds applied (scaled to the sample size).
    pub fips_bounds: FipsBounds,
    /// Positions passing all four FIPS tests.
    pub fips_passing_positions: usize,
    /// Every position.
    pub positions: Vec<BitPosition>,
}

pub(crate) fn analyze(d: &Decoded) -> BitLevel {
    let bounds = FipsBounds::for_samples(d.samples);
    let columns: Vec<_> = (0..d.bits_per_token).map(|b| d.column(b)).collect();
    let correlations = correlation::correlation(&columns);
    let positions: Vec<BitPosition> = columns
        .iter()
        .zip(correlations)
        .enumerate()
        .map(|(bit, (col, (correlation, correlated_with)))| {
            let monobit = fips::monobit(col, &bounds);
            let poker = fips::poker(col, &bounds);
            let (runs, long_run) = fips::runs(col, &bounds);
            let compression = compression::compression(col);
            let all = [monobit, poker, runs, long_run, correlation, compression];
            BitPosition {
                bit,
                char_position: d.bit_chars.as_ref().map(|c| c[bit]),
                ones: col.ones(),
                p_value: bonferroni(&all.map(|t| t.p_value)),
                fips_pass: all[..4].iter().all(|t| t.fips_pass == Some(true)),
                monobit,
                poker,
                runs,
                long_run,
                correlation,
                correlated_with,
                compression,
            }
        })
        .collect();
    BitLevel {
        fips_bounds: bounds,
        fips_passing_positions: positions.iter().filter(|p| p.fips_pass).count(),
        positions,
    }
}
