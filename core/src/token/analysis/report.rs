//! The report: what each level found, the effective entropy, the verdict, and how far the
//! sample size lets the reader trust it.

use std::collections::HashMap;

use serde::Serialize;

use super::bitlevel::BitLevel;
use super::chars::CharLevel;
use super::decode::{Alphabet, Decoded};
use super::sp800_90b::{self, MAX_90B_BITS};

/// The significance levels of the effective-entropy table; [`HEADLINE_LEVEL`] is the headline.
pub const LEVELS: [f64; 6] = [0.000_01, 0.000_1, 0.001, 0.01, 0.05, 0.1];
/// The level of [`Report::effective_entropy_bits`] (1%, as Burp Sequencer's headline).
pub const HEADLINE_LEVEL: f64 = 0.01;
/// Below this many effective bits a token is guessable (OWASP ASVS 4.0.3 V3.2.2's minimum).
pub const FAIL_BELOW_BITS: usize = 64;
/// Below this a token is weak: ASVS 5.0 asks for 128 bits, and 112 is NIST SP 800-57's lowest
/// acceptable security strength (a perfect 128-bit generator scores about 127 at 1%).
pub const PASS_FROM_BITS: usize = 112;

/// The stream length SP 800-90B §3.1.1 asks for; shorter streams get wide confidence bounds.
pub const MIN_90B_BITS: usize = 1_000_000;

/// The analysis of a token sample.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// Tokens analyzed.
    pub samples: usize,
    /// The alphabet, detected or given.
    pub encoding: Alphabet,
    /// Digits per varying character.
    pub alphabet_size: usize,
    /// Characters per token.
    pub token_length: usize,
    /// Bits each token was converted to (constant characters skipped).
    pub bits_per_token: usize,
    /// How the tokens were read: characters as bits, or numbers as a program prints them
    /// (floats, signed decimals, base-36 doubles) decoded to the bits they carry.
    pub decoding: String,
    /// What the varying characters could carry at most: `varying × log2(alphabet_size)`.
    pub format_entropy_bits: f64,
    /// Bit positions passing every test at 1% (never above the format's entropy).
    pub effective_entropy_bits: usize,
    /// The same at each level of [`LEVELS`].
    pub effective_entropy: Vec<EntropyAtLevel>,
    /// Pass, weak or fail.
    pub verdict: Verdict,
    /// Why, one sentence each.
    pub reasons: Vec<String>,
    /// How much the sample size lets one trust the result.
    pub reliability: Reliability,
    /// Character-level results.
    pub characters: CharLevel,
    /// Bit-level results.
    pub bits: BitLevel,
    /// SP 800-90B estimates over the serial bit stream.
    pub min_entropy: MinEntropy,
    /// Repeated tokens.
    pub duplicates: Duplicates,
    /// A generator whose state `sessionlab predict` recovers from this very sample: statistics
    /// aside, the tokens are predictable.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub predictable: Option<Predictable>,
}

/// A weak generator that fits the sample, found by running the predictors on it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Predictable {
    /// The `--generator` name.
    pub generator: String,
    /// Tokens the state was recovered from.
    pub samples_used: usize,
    /// Tokens after those that the state predicted right.
    pub samples_checked: usize,
}

/// Effective entropy at one significance level.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct EntropyAtLevel {
    /// The level α: a position passes when its combined p-value is at least α.
    pub significance: f64,
    /// Passing bit positions.
    pub bits: usize,
}

/// The overall judgement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// At least [`PASS_FROM_BITS`] effective bits, no duplicates, nothing else found.
    Pass,
    /// Between [`FAIL_BELOW_BITS`] and [`PASS_FROM_BITS`] effective bits, or an SP 800-90B
    /// estimate under half a bit per bit on a stream of at least [`MIN_90B_BITS`].
    Weak,
    /// Fewer than [`FAIL_BELOW_BITS`] effective bits, or duplicates.
    Fail,
}

/// How reliable the result is for the sample size.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reliability {
    /// Low below 1,000 tokens, moderate below 20,000 (FIPS 140-2's size), high from there.
    pub level: ReliabilityLevel,
    /// The smallest bias of a bit (|P(1) - 1/2|) the monobit bounds detect at this size.
    pub detectable_bias: f64,
    /// What limits the result, one sentence each.
    pub notes: Vec<String>,
}

/// See [`Reliability::level`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ReliabilityLevel {
    /// Under 1,000 tokens.
    Low,
    /// 1,000 to 19,999 tokens.
    Moderate,
    /// 20,000 tokens or more.
    High,
}

/// SP 800-90B §6.3 estimates (the non-IID track's ten), in bits of min-entropy per bit of the
/// stream, as NIST's `ea_non_iid -c` computes them on a file of one bit per byte.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MinEntropy {
    /// Length of the stream (tokens × bits per token).
    pub stream_bits: usize,
    /// The bits the estimators read: the first [`MAX_90B_BITS`] of a longer stream (as
    /// `ea_non_iid -t` reads), else all.
    pub assessed_bits: usize,
    /// §6.3.1.
    pub most_common_value: Option<f64>,
    /// §6.3.2.
    pub collision: Option<f64>,
    /// §6.3.3.
    pub markov: Option<f64>,
    /// §6.3.4 (needs 6,006 bits).
    pub compression: Option<f64>,
    /// §6.3.5 (needs a tuple that occurs 35 times).
    pub t_tuple: Option<f64>,
    /// §6.3.6 Longest Repeated Substring (needs a repeat longer than t-tuple's tuples).
    pub lrs: Option<f64>,
    /// §6.3.7 Multi Most Common in Window (needs 4,096 bits).
    pub multi_mcw: Option<f64>,
    /// §6.3.8 Lag prediction.
    pub lag: Option<f64>,
    /// §6.3.9 Multi Markov Model with Counting.
    pub multi_mmc: Option<f64>,
    /// §6.3.10 LZ78Y (needs 19 bits).
    pub lz78y: Option<f64>,
    /// The smallest estimate (`h'`).
    pub per_bit: Option<f64>,
    /// `per_bit × bits_per_token`.
    pub per_token: Option<f64>,
}

impl MinEntropy {
    /// The ten estimates, in the standard's order.
    pub fn estimates(&self) -> [Option<f64>; 10] {
        self.named_estimates().map(|(_, e)| e)
    }

    /// The ten estimates with their names (the field names), in the standard's order.
    pub fn named_estimates(&self) -> [(&'static str, Option<f64>); 10] {
        [
            ("most_common_value", self.most_common_value),
            ("collision", self.collision),
            ("markov", self.markov),
            ("compression", self.compression),
            ("t_tuple", self.t_tuple),
            ("lrs", self.lrs),
            ("multi_mcw", self.multi_mcw),
            ("lag", self.lag),
            ("multi_mmc", self.multi_mmc),
            ("lz78y", self.lz78y),
        ]
    }
}

/// Repeated tokens.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Duplicates {
    /// Tokens equal to an earlier one.
    pub count: usize,
    /// Distinct tokens.
    pub distinct: usize,
    /// The first repeat: (earlier, later) 1-based token numbers.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first: Option<(usize, usize)>,
    /// Expected repeats from an ideal generator of the format's entropy (birthday bound).
    pub expected_for_ideal: f64,
}

pub(crate) fn duplicates(tokens: &[&str], format_entropy_bits: f64) -> Duplicates {
    // Used for lookups only: nothing depends on the map's iteration order.
    let mut seen: HashMap<&str, usize> = HashMap::with_capacity(tokens.len());
    let mut first = None;
    let mut count = 0;
    for (i, t) in tokens.iter().enumerate() {
        if let Some(&earlier) = seen.get(t) {
            count += 1;
            first = first.or(Some((earlier + 1, i + 1)));
        } else {
            seen.insert(t, i);
        }
    }
    let n = tokens.len() as f64;
    Duplicates {
        count,
        distinct: tokens.len() - count,
        first,
        expected_for_ideal: n * (n - 1.0) / 2.0 * (-format_entropy_bits).exp2(),
    }
}

pub(crate) fn min_entropy(d: &Decoded) -> MinEntropy {
    let s = &d.stream;
    let bits: Vec<bool> = (0..s.len.min(MAX_90B_BITS)).map(|i| s.get(i)).collect();
    MinEntropy {
        stream_bits: s.len,
        ..sp800_90b::min_entropy(&bits, d.bits_per_token)
    }
}

pub(crate) fn reliability(d: &Decoded, me: &MinEntropy) -> Reliability {
    let n = d.samples;
    let level = match n {
        0..1_000 => ReliabilityLevel::Low,
        1_000..20_000 => ReliabilityLevel::Moderate,
        _ => ReliabilityLevel::High,
    };
    let detectable_bias = 275.0 / (20_000.0 * n as f64).sqrt();
    let mut notes = vec![format!(
        "a bit position whose ones are within 50% ± {:.1}% passes the monobit test at this size",
        100.0 * detectable_bias
    )];
    if n != 20_000 {
        notes.push(format!(
            "FIPS 140-2 specifies 20000 samples; its bounds are scaled to {n} at the same significance"
        ));
    }
    let per_symbol = n as f64 / d.radix.max(1) as f64;
    if per_symbol < 5.0 {
        notes.push(format!(
            "the character tests expect 5 tokens per alphabet character; {n} tokens over {} characters give {per_symbol:.1}",
            d.radix
        ));
    }
    if me.stream_bits < MIN_90B_BITS {
        notes.push(format!(
            "SP 800-90B asks for {MIN_90B_BITS} samples; the {}-bit stream widens its confidence bounds, lowering the estimates (they do not count towards the verdict)",
            me.stream_bits
        ));
    }
    if me.assessed_bits < me.stream_bits {
        notes.push(format!(
            "the SP 800-90B estimators read the first {} bits of the {}-bit stream",
            me.assessed_bits, me.stream_bits
        ));
    }
    // Too short for an estimator: compression, MultiMCW, LZ78Y (t-tuple and LRS may also find
    // no tuple repeated often enough, which says nothing about the length).
    let missing: Vec<&str> = [
        ("compression", me.compression),
        ("MultiMCW", me.multi_mcw),
        ("LZ78Y", me.lz78y),
    ]
    .into_iter()
    .filter(|(_, e)| e.is_none())
    .map(|(name, _)| name)
    .collect();
    if !missing.is_empty() {
        let (last, rest) = missing.split_last().expect("not empty");
        let names = if rest.is_empty() {
            (*last).to_owned()
        } else {
            format!("{} and {last}", rest.join(", "))
        };
        let plural = if rest.is_empty() { "" } else { "s" };
        notes.push(format!(
            "too few bits for the SP 800-90B {names} estimate{plural}"
        ));
    }
    Reliability {
        level,
        detectable_bias,
        notes,
    }
}

/// The verdict and its reasons from the figures.
/// A failing position with a p-value at least this may be chance (see [`chance_failures`]).
pub(crate) const CHANCE_FLOOR: f64 = 1e-6;

/// How many of `n` independent positions a perfect generator fails at level `alpha` with
/// probability 99.9%: the smallest f with P(Binomial(n, alpha) > f) <= 0.001.
pub(crate) fn chance_failures(n: usize, alpha: f64) -> usize {
    let mut pmf = (1.0 - alpha).powi(n as i32);
    let mut cdf = pmf;
    let mut f = 0;
    while cdf < 0.999 && f < n {
        pmf *= (n - f) as f64 / (f + 1) as f64 * alpha / (1.0 - alpha);
        cdf += pmf;
        f += 1;
    }
    f
}

/// The verdict on `effective` passing positions, of which `forgiven` more failed only as
/// often as chance makes a perfect generator's fail (they count towards the thresholds).
pub(crate) fn verdict(
    effective: usize,
    forgiven: usize,
    bits_per_token: usize,
    dups: &Duplicates,
    me: &MinEntropy,
) -> (Verdict, Vec<String>) {
    let mut verdict = Verdict::Pass;
    let mut reasons = Vec::new();
    let counted = effective + forgiven;
    let chance = if forgiven > 0 {
        format!(
            " ({effective} pass; {forgiven} more fail at 1% only as often as chance makes a \
             perfect generator's)"
        )
    } else {
        String::new()
    };
    if dups.count > 0 {
        verdict = Verdict::Fail;
        reasons.push(format!(
            "{} repeated tokens (first: token {} repeats token {})",
            dups.count,
            dups.first.map_or(0, |f| f.1),
            dups.first.map_or(0, |f| f.0)
        ));
    }
    if counted < FAIL_BELOW_BITS {
        verdict = Verdict::Fail;
        reasons.push(format!(
            "{counted} effective bits{chance}: under {FAIL_BELOW_BITS}, a token can be guessed (ASVS 4.0.3 V3.2.2 asks for 64)"
        ));
    } else if counted < PASS_FROM_BITS {
        verdict = verdict.max(Verdict::Weak);
        reasons.push(format!(
            "{counted} effective bits{chance}: under {PASS_FROM_BITS} (ASVS 5.0 asks for 128 bits from a CSPRNG)"
        ));
    } else {
        reasons.push(format!(
            "{effective} of {bits_per_token} bit positions pass every test at 1%"
        ));
    }
    // The 90B estimators are very conservative on short streams (0.3 bits per bit for 6,400
    // random bits), so they only weigh in at the length 90B asks for, and only when they find
    // at least half of the stream predictable.
    let per_bit = me
        .per_bit
        .filter(|&h| me.stream_bits >= MIN_90B_BITS && h < 0.5);
    if let (Some(h), true) = (per_bit, counted >= FAIL_BELOW_BITS) {
        verdict = verdict.max(Verdict::Weak);
        reasons.push(format!(
            "SP 800-90B finds only {h:.2} bits of min-entropy per bit of the stream: tokens depend on each other"
        ));
    }
    (verdict, reasons)
}
