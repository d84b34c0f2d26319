//! Statistical analysis of a sample of session tokens, in the manner of Burp Sequencer: is
//! every character and every bit position as random as it should be, and how many bits of
//! entropy does that leave?
//!
//! [`analyze`] decodes the tokens (the alphabet is detected or given, see [`Alphabet`]) and
//! runs, on the sequence of each character position and each bit position across the sample:
//! - character level: the distribution of characters and of the changes between consecutive
//!   tokens (χ² against uniform);
//! - bit level: FIPS 140-2 §4.9.1 monobit, poker, runs and long runs (bounds scaled to the
//!   sample size, exact at 20,000), correlation with earlier bit positions, and compression;
//! - over the whole bit stream (its first million bits), the ten SP 800-90B §6.3 min-entropy
//!   estimators of the non-IID track, as NIST's `ea_non_iid` computes them (see [`sp800_90b`]);
//! - duplicate tokens.
//!
//! A bit position counts towards the effective entropy at significance α when the Bonferroni
//! combination of its six p-values is at least α, so a perfect generator loses about α of its
//! bits. The verdict follows from the effective entropy at 1% (see [`Verdict`]).
//!
//! Statistics only find patterns: a generator that passes may still be predictable to someone
//! who knows its algorithm (MT19937 passes; `predict` recovers its state).
//!
//! Pure and deterministic. Time is linear in the number of tokens; per token it is linear in
//! the bits, except the correlation test (quadratic in the bits per token, which
//! [`MAX_TOKEN_LEN`] bounds).
//!
//! ```
//! use sessionlab_core::token::analysis::{Verdict, analyze};
//! let tokens: Vec<String> = (100_000..100_500).map(|n: u64| n.to_string()).collect();
//! let refs: Vec<&str> = tokens.iter().map(String::as_str).collect();
//! let report = analyze(&refs, None).unwrap();
//! assert_eq!(report.verdict, Verdict::Fail); // a counter
//! ```

mod bitlevel;
mod chars;
mod compression;
mod correlation;
mod decode;
mod error;
mod fips;
mod numeric;
mod report;
pub mod sp800_90b;
mod stats;

pub use bitlevel::{BitLevel, BitPosition, TestOutcome};
pub use chars::{CharLevel, CharPosition};
pub use decode::Alphabet;
pub use error::{AnalyzeError, TokenProblem, UnknownAlphabet};
pub use fips::{FIPS_SAMPLES, FipsBounds};
pub use report::{
    Duplicates, EntropyAtLevel, FAIL_BELOW_BITS, HEADLINE_LEVEL, LEVELS, MIN_90B_BITS, MinEntropy,
    PASS_FROM_BITS, Predictable, Reliability, ReliabilityLevel, Report, Verdict,
};
pub use sp800_90b::MAX_90B_BITS;

use super::recovery::{Hints, recover_auto};

/// The fewest tokens the analyzer accepts.
pub const MIN_TOKENS: usize = 100;
/// The most tokens the analyzer accepts, so that memory stays bounded (under 100 MB with the
/// longest tokens; 20,000 tokens of 128 bits take about 2 MB).
pub const MAX_TOKENS: usize = 100_000;
/// The longest token, in characters.
pub const MAX_TOKEN_LEN: usize = 256;

/// Analyzes a sample of tokens, in the order they were issued (the transition and runs tests
/// look at consecutive tokens). `encoding` forces an alphabet; `None` detects it.
pub fn analyze(tokens: &[&str], encoding: Option<Alphabet>) -> Result<Report, AnalyzeError> {
    if tokens.len() > MAX_TOKENS {
        return Err(AnalyzeError::TooManyTokens { max: MAX_TOKENS });
    }
    if tokens.len() < MIN_TOKENS {
        return Err(AnalyzeError::TooFewTokens {
            got: tokens.len(),
            needed: MIN_TOKENS,
        });
    }
    let d = decode::decode(tokens, encoding)?;
    let format_entropy_bits = d.format_bits;
    // Never more bits than the characters can carry (a non-binary number has a fraction more).
    let cap = (format_entropy_bits + 1e-9).floor() as usize;
    let characters = chars::analyze(&d);
    let bits = bitlevel::analyze(&d);
    let effective_entropy: Vec<EntropyAtLevel> = LEVELS
        .iter()
        .map(|&significance| EntropyAtLevel {
            significance,
            bits: bits
                .positions
                .iter()
                .filter(|p| p.p_value >= significance)
                .count()
                .min(cap),
        })
        .collect();
    let effective_entropy_bits = effective_entropy
        .iter()
        .find(|e| e.significance == HEADLINE_LEVEL)
        .map_or(0, |e| e.bits);
    let min_entropy = report::min_entropy(&d);
    let duplicates = report::duplicates(tokens, format_entropy_bits);
    // A perfect generator's positions fail at 1% by chance, Binomial(n, 1%): up to that
    // count's 99.9% quantile, failures with p >= 10^-6 (which chance almost never gives) are
    // not held against the verdict, so that 64 good bits do not flip between weak and fail.
    let chance = bits
        .positions
        .iter()
        .filter(|p| (report::CHANCE_FLOOR..HEADLINE_LEVEL).contains(&p.p_value))
        .count();
    let forgiven = chance
        .min(report::chance_failures(
            bits.positions.len(),
            HEADLINE_LEVEL,
        ))
        .min(cap.saturating_sub(effective_entropy_bits));
    let (mut verdict, mut reasons) = report::verdict(
        effective_entropy_bits,
        forgiven,
        d.bits_per_token,
        &duplicates,
        &min_entropy,
    );
    let predictable = predictable(tokens);
    if let Some(p) = &predictable {
        verdict = Verdict::Fail;
        reasons.insert(
            0,
            format!(
                "predictable: {} (its state recovered from {} tokens predicted the {} after \
                 them; `sessionlab predict --generator {}` prints the next ones)",
                p.generator, p.samples_used, p.samples_checked, p.generator
            ),
        );
    }
    Ok(Report {
        samples: d.samples,
        encoding: d.alphabet,
        alphabet_size: d.radix,
        token_length: d.width,
        bits_per_token: d.bits_per_token,
        decoding: d.decoding.clone(),
        format_entropy_bits,
        effective_entropy_bits,
        effective_entropy,
        verdict,
        reasons,
        reliability: report::reliability(&d, &min_entropy),
        characters,
        bits,
        min_entropy,
        duplicates,
        predictable,
    })
}

/// Tokens the predictors look at: enough for every model `auto` runs without hints (624
/// Python floats, 1870 printed with six decimals), few enough to stay quick.
const PREDICT_TOKENS: usize = 4_000;

/// The weak generator whose recovered state predicts the rest of the sample, if one does.
fn predictable(tokens: &[&str]) -> Option<Predictable> {
    let sample = &tokens[..tokens.len().min(PREDICT_TOKENS)];
    let report = recover_auto(sample, &Hints::default()).ok()?;
    let r = report.recovered;
    // Predicting the checked samples is the evidence: a fit that checked nothing proves little.
    (r.confirmed() && r.samples_checked > 0).then(|| Predictable {
        generator: r.model.name().to_owned(),
        samples_used: r.samples_used,
        samples_checked: r.samples_checked,
    })
}
