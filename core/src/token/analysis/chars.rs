//! Character-level analysis (what Burp Sequencer calls "character-level"): at each position, is
//! every character of the alphabet equally likely, and is the change from one token to the next
//! equally likely to be any amount? A counter fails the second even when it passes the first.

use serde::Serialize;

use super::decode::{Column, Decoded};
use super::stats::{bonferroni, uniform_chi_square};

/// The tests of one character position.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CharPosition {
    /// 0-based position (decimal numbers right-aligned to the longest).
    pub position: usize,
    /// The character every token has here, when it never changes (then nothing is tested).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub constant: Option<char>,
    /// How many distinct characters occur here.
    pub distinct: usize,
    /// χ² p-value of the character counts against the uniform distribution on the alphabet.
    pub distribution_p: f64,
    /// χ² p-value of the differences (mod the alphabet size) between consecutive tokens.
    pub transition_p: f64,
    /// The two combined (Bonferroni); 0 for a constant position.
    pub p_value: f64,
}

/// Character-level results.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CharLevel {
    /// Characters per token.
    pub positions_total: usize,
    /// Positions that vary and pass both tests at 1%.
    pub passing_positions: usize,
    /// `log2(alphabet size)` for each passing position: the entropy the characters show.
    pub effective_entropy_bits: f64,
    /// Every position.
    pub positions: Vec<CharPosition>,
}

pub(crate) fn analyze(d: &Decoded) -> CharLevel {
    let (n, m, k) = (d.samples, d.variable.len(), d.radix);
    let positions: Vec<CharPosition> = d
        .columns
        .iter()
        .enumerate()
        .map(|(position, col)| match *col {
            Column::Constant(b) => CharPosition {
                position,
                constant: Some(char::from(b)),
                distinct: 1,
                distribution_p: 0.0,
                transition_p: 0.0,
                p_value: 0.0,
            },
            Column::Variable(v) => {
                let mut counts = vec![0u32; k];
                let mut steps = vec![0u32; k];
                let mut prev: Option<usize> = None;
                for t in 0..n {
                    let x = usize::from(d.digits[t * m + v]);
                    counts[x] += 1;
                    if let Some(p) = prev {
                        steps[(x + k - p) % k] += 1;
                    }
                    prev = Some(x);
                }
                let distribution_p = uniform_chi_square(&counts).1;
                let transition_p = uniform_chi_square(&steps).1;
                CharPosition {
                    position,
                    constant: None,
                    distinct: counts.iter().filter(|&&c| c > 0).count(),
                    distribution_p,
                    transition_p,
                    p_value: bonferroni(&[distribution_p, transition_p]),
                }
            }
        })
        .collect();
    let passing_positions = positions.iter().filter(|p| p.p_value >= 0.01).count();
    CharLevel {
        positions_total: d.width,
        passing_positions,
        effective_entropy_bits: passing_positions as f64 * (k.max(1) as f64).log2(),
        positions,
    }
}
