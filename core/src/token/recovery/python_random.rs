//! CPython's `random` module (MT19937) from what apps print: `random.random()` floats (`repr`,
//! `float.hex`, or a fixed number of decimals) and `getrandbits(k)` integers for any `k`.
//!
//! Each printed value keeps some top bits of one or two output words (a `repr` float 27 + 26,
//! `'%.6f'` about 20, `getrandbits(8)` 8), so the 19937-bit state is solved as a GF(2) system
//! ([`super::mt19937_bits`]): about 19937 / (bits per value) values, from any point in the
//! stream. `int(random() * N) + MIN` integers and the characters of `random.choices(alphabet,
//! k=...)` (`floor(random() * len)` each) keep the top bits their interval of `random()` values
//! shares. `randrange`, `randint` and `choice` are not linear: their rejection sampling drops
//! an unknown number of draws (`getrandbits(k)` again while the value is `>= n`), which moves
//! every later value to an unknown word, and the words only constrain each other after
//! thousands of them; they are refused.

use super::decimal::unit_interval;
use super::mt19937_bits::{Seen, Solved, solve};
use super::spelled::alphabet_chars;
use super::{Hints, Model, Recovered, RecoveredState, RecoveryError};
use crate::token::weak::{Mt19937, python_float_hex, python_float_repr};

/// Bits of state MT19937 has.
const STATE_BITS: usize = 19_937;

/// How the samples print their values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PythonFormat {
    /// `repr(random.random())` / `str(...)`: the exact double.
    Repr,
    /// `random.random().hex()`.
    Hex,
    /// `'%.Nf' % random.random()` (or `round(x, N)` printed with N decimals).
    Fixed(usize),
    /// `int(random() * count) + low` (`math.floor`, the index `random.choices` takes).
    Floor {
        /// The smallest value.
        low: i64,
        /// How many values.
        count: u64,
    },
    /// Strings of `len` characters, each `alphabet[floor(random() * count)]`
    /// (`''.join(random.choices(alphabet, k=len))`); the alphabet is the recovery's.
    Chars {
        /// Characters per sample.
        len: usize,
        /// The alphabet's size.
        count: u64,
    },
    /// `getrandbits(bits)` in decimal, or in hex (`'%0Wx'`, `width` digits, 0 for unpadded).
    Bits {
        /// `k`.
        bits: u32,
        /// Printed in hex.
        hex: bool,
        /// The zero-padded hex width (0: unpadded).
        width: usize,
    },
}

impl PythonFormat {
    fn words(self) -> usize {
        match self {
            PythonFormat::Bits { bits, .. } => bits.div_ceil(32) as usize,
            PythonFormat::Chars { len, .. } => 2 * len,
            _ => 2,
        }
    }

    fn describe(self) -> String {
        match self {
            PythonFormat::Repr => "random() floats (repr)".to_owned(),
            PythonFormat::Hex => "random() floats (float.hex)".to_owned(),
            PythonFormat::Fixed(d) => format!("random() floats printed with {d} decimals"),
            PythonFormat::Floor { low, count } => {
                format!("int(random() * {count}) + {low}")
            }
            PythonFormat::Chars { len, count } => {
                format!("random.choices of {count} characters, k={len}")
            }
            PythonFormat::Bits { bits, hex, .. } => {
                format!(
                    "getrandbits({bits}) in {}",
                    if hex { "hex" } else { "decimal" }
                )
            }
        }
    }
}

/// The recovered generator, positioned after the last sample.
#[derive(Debug, Clone)]
pub struct PythonRecovery {
    rng: Box<Mt19937>,
    /// The state differences the samples leave open, positioned like `rng`.
    directions: Vec<Mt19937>,
    /// The samples' format.
    pub format: PythonFormat,
    /// The characters of [`PythonFormat::Chars`].
    pub alphabet: Vec<char>,
    /// Observed bits the state was solved from.
    pub bits_used: usize,
    /// Observed bits beyond those, checked against the state.
    pub checked_bits: usize,
    /// Unknowns the GF(2) system had after each of the first 624 words' own bits.
    pub unknowns: usize,
}

/// The next value's words, and the bits of them the open directions can flip.
fn next_words(rng: &mut Mt19937, directions: &mut [Mt19937], n: usize) -> Vec<(u32, u32)> {
    (0..n)
        .map(|_| {
            let w = rng.next_u32();
            let open = directions.iter_mut().fold(0, |acc, d| acc | d.next_u32());
            (w, open)
        })
        .collect()
}

impl PythonRecovery {
    /// The next `k` values, up to the first that an open state bit could change.
    pub(super) fn predict(&self, k: usize) -> Vec<String> {
        let mut rng = (*self.rng).clone();
        let mut directions = self.directions.clone();
        let mut out = Vec::new();
        for _ in 0..k {
            let words = next_words(&mut rng, &mut directions, self.format.words());
            match print(&words, self.format, &self.alphabet) {
                Some(v) => out.push(v),
                None => break,
            }
        }
        out
    }

    /// State bits the samples leave open (none of them reached a printed value yet).
    pub fn open_bits(&self) -> usize {
        self.directions.len()
    }

    pub(super) fn describe(&self) -> String {
        format!(
            "the 19937-bit MT19937 state, from {} observed bits of {} ({} unknowns after the \
             first 624 words; {} more bits checked{})",
            self.bits_used,
            self.format.describe(),
            self.unknowns,
            self.checked_bits,
            match self.directions.len() {
                0 => String::new(),
                n => format!("; {n} state bits open, predictions stop where they would show"),
            }
        )
    }
}

/// A value printed from its words `(word, open bits)`, or `None` when the open bits could
/// change what is printed.
fn print(words: &[(u32, u32)], format: PythonFormat, alphabet: &[char]) -> Option<String> {
    let value = |a: u32, b: u32| {
        (f64::from(a >> 5) * 67_108_864.0 + f64::from(b >> 6)) * (1.0 / 9_007_199_254_740_992.0)
    };
    // `floor(random() * count)` of a draw's two words, unless their open bits could change it.
    let index = |w: &[(u32, u32)], count: u64| {
        let [(a, oa), (b, ob)] = [w[0], w[1]];
        let low = floor_index(value(a & !oa, b & !ob), count);
        (low == floor_index(value(a | oa, b | ob), count)).then_some(low)
    };
    match format {
        PythonFormat::Floor { low, count } => {
            index(words, count).map(|i| (low + i as i64).to_string())
        }
        PythonFormat::Chars { count, .. } => words
            .chunks(2)
            .map(|w| index(w, count).map(|i| alphabet[i as usize]))
            .collect(),
        PythonFormat::Bits { bits, hex, width } => {
            let mut v = 0u128;
            let mut left = bits;
            for (i, &(w, open)) in words.iter().enumerate() {
                let (w, open) = if left < 32 {
                    (w >> (32 - left), open >> (32 - left))
                } else {
                    (w, open)
                };
                if open != 0 {
                    return None;
                }
                v |= u128::from(w) << (32 * i);
                left = left.saturating_sub(32);
            }
            Some(if hex {
                format!("{v:0width$x}")
            } else {
                v.to_string()
            })
        }
        _ => {
            let [(a, oa), (b, ob)] = [words[0], words[1]];
            let show = |x: f64| match format {
                PythonFormat::Repr => python_float_repr(x),
                PythonFormat::Hex => python_float_hex(x),
                PythonFormat::Fixed(d) => format!("{x:.d$}"),
                _ => unreachable!("integer formats are printed above"),
            };
            // The value is monotone in its bits: the open ones all clear and all set bound it.
            let low = show(value(a & !oa, b & !ob));
            (low == show(value(a | oa, b | ob))).then_some(low)
        }
    }
}

/// The 53-bit integer `v` of a `random()` value `v / 2^53` and how many of its top bits the
/// printing keeps.
fn float_bits(s: &str, format: PythonFormat) -> Option<(u64, u32)> {
    const SCALE: f64 = 9_007_199_254_740_992.0;
    match format {
        PythonFormat::Repr | PythonFormat::Hex => {
            let x = if format == PythonFormat::Hex {
                parse_hex_float(s)?
            } else {
                s.parse::<f64>().ok()?
            };
            let v = x * SCALE;
            ((0.0..1.0).contains(&x) && v.fract() == 0.0).then_some((v as u64, 53))
        }
        PythonFormat::Fixed(d) => {
            let (_, frac) = s.split_once('.')?;
            if frac.len() != d || s.contains(['e', 'E', '-', '+']) {
                return None;
            }
            let (lo, hi) = unit_interval(s, 53)?;
            let known = 53u32.saturating_sub(64 - (lo ^ hi).leading_zeros());
            Some((lo, known))
        }
        _ => None,
    }
}

/// `floor(x * count)` as CPython computes it (one rounding of the product).
fn floor_index(x: f64, count: u64) -> u64 {
    (x * count as f64).floor() as u64
}

/// The 53-bit integers `v` whose `random()` value `v / 2^53` gives `floor(x * count) == i`,
/// as `(smallest, how many top bits they all share)`; `None` when `i >= count`.
fn index_bits(i: u64, count: u64) -> Option<(u64, u32)> {
    const SCALE: f64 = 9_007_199_254_740_992.0;
    if i >= count {
        return None;
    }
    let f = |v: u64| floor_index(v as f64 / SCALE, count);
    let max = (1u64 << 53) - 1;
    // The exact boundary, then a few steps for the product's rounding.
    let start = |j: u64| ((u128::from(j) << 53).div_ceil(u128::from(count)) as u64).min(max);
    let mut lo = start(i);
    while lo > 0 && f(lo - 1) >= i {
        lo -= 1;
    }
    while lo < max && f(lo) < i {
        lo += 1;
    }
    let mut hi = if i + 1 == count { max } else { start(i + 1) };
    while hi > lo && f(hi) > i {
        hi -= 1;
    }
    while hi < max && f(hi + 1) <= i {
        hi += 1;
    }
    if f(lo) != i {
        return None; // no double lands on i (count above 2^53)
    }
    let known = 53u32.saturating_sub(64 - (lo ^ hi).leading_zeros());
    Some((lo, known))
}

/// `float.hex()` output: `0x1.<13 hex digits>p<exponent>` (or `0x0.0p+0`).
fn parse_hex_float(s: &str) -> Option<f64> {
    let rest = s.strip_prefix("0x")?;
    let (mantissa, exp) = rest.split_once('p')?;
    let exp: i32 = exp.parse().ok()?;
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    if frac.len() > 13 || !frac.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let int = u64::from_str_radix(int, 16).ok()?;
    if int > 1 {
        return None;
    }
    let frac_bits = if frac.is_empty() {
        0
    } else {
        u64::from_str_radix(frac, 16).ok()? << (4 * (13 - frac.len()))
    };
    let m = (int << 52 | frac_bits) as f64;
    (-1100..=1100)
        .contains(&exp)
        .then(|| m * 2f64.powi(exp - 52))
}

/// The samples' format: `getrandbits` integers with `hints.bits`, else the float printing that
/// every sample fits.
fn detect(samples: &[&str], hints: &Hints) -> Result<PythonFormat, RecoveryError> {
    let bad_hint = |reason: String| RecoveryError::BadHint {
        model: Model::PythonRandom,
        reason,
    };
    let given = [
        hints.bits.is_some(),
        hints.range.is_some(),
        hints.alphabet.is_some(),
    ];
    if given.iter().filter(|&&g| g).count() > 1 {
        return Err(bad_hint(
            "--bits, --range and --alphabet describe different printings: give one".to_owned(),
        ));
    }
    if let Some(alphabet) = &hints.alphabet {
        let chars = alphabet_chars(alphabet).map_err(bad_hint)?;
        let len = samples.first().map_or(0, |s| s.chars().count());
        if let Some(index) = samples.iter().position(|s| s.chars().count() != len) {
            return Err(RecoveryError::Malformed {
                index,
                reason: format!(
                    "{:?} has {} characters where the first sample has {len}: \
                     random.choices(alphabet, k=...) samples are all k long",
                    super::shorten(samples[index]),
                    samples[index].chars().count()
                ),
            });
        }
        return Ok(PythonFormat::Chars {
            len,
            count: chars.len() as u64,
        });
    }
    if let Some((low, count)) = hints.range {
        if count < 2 {
            return Err(bad_hint(format!(
                "a range of {count} value(s) says nothing of the generator"
            )));
        }
        return Ok(PythonFormat::Floor { low, count });
    }
    if let Some(bits) = hints.bits {
        if !(1..=128).contains(&bits) {
            return Err(RecoveryError::BadHint {
                model: Model::PythonRandom,
                reason: format!("getrandbits takes 1 to 128 bits here, not {bits}"),
            });
        }
        let hex = samples
            .iter()
            .any(|s| s.starts_with("0x") || s.bytes().any(|b| b.is_ascii_alphabetic()));
        let width = if hex && samples.iter().all(|s| s.len() == samples[0].len()) {
            samples[0].len()
        } else {
            0
        };
        return Ok(PythonFormat::Bits { bits, hex, width });
    }
    let first = samples.first().copied().unwrap_or_default();
    let format = if first.starts_with("0x") {
        PythonFormat::Hex
    } else if samples
        .iter()
        .all(|s| float_bits(s, PythonFormat::Repr).is_some())
    {
        PythonFormat::Repr
    } else {
        let d = first.split_once('.').map_or(0, |(_, f)| f.len());
        PythonFormat::Fixed(d)
    };
    if let PythonFormat::Fixed(0) = format {
        return Err(RecoveryError::Malformed {
            index: 0,
            reason: format!(
                "{:?} is not a random() float (integers need --bits: getrandbits(k))",
                super::shorten(first)
            ),
        });
    }
    Ok(format)
}

/// What a `random()` value `v / 2^53` whose top `known` bits are known says of its two words.
fn push_float(seen: &mut Vec<Seen>, v: u64, known: u32) {
    // v = a * 2^26 + b with a = word1 >> 5 (27 bits), b = word2 >> 6 (26 bits).
    let (a, b) = ((v >> 26) as u32, (v & ((1 << 26) - 1)) as u32);
    let known_a = known.min(27);
    let known_b = known.saturating_sub(27);
    let top = |bits: u32| {
        if bits == 0 {
            0
        } else {
            u32::MAX << (32 - bits)
        }
    };
    seen.push(Seen {
        mask: top(known_a),
        bits: (a << 5) & top(known_a),
    });
    seen.push(Seen {
        mask: top(known_b),
        bits: (b << 6) & top(known_b),
    });
}

/// What each sample says of its output words.
fn observe(
    samples: &[&str],
    format: PythonFormat,
    alphabet: &[char],
) -> Result<Vec<Seen>, RecoveryError> {
    let mut seen = Vec::with_capacity(samples.len() * format.words());
    for (index, s) in samples.iter().enumerate() {
        let bad = |what: &str| RecoveryError::Malformed {
            index,
            reason: format!("{:?} is not {what}", super::shorten(s)),
        };
        match format {
            PythonFormat::Floor { low, count } => {
                let (v, known) = s
                    .parse::<i64>()
                    .ok()
                    .and_then(|v| u64::try_from(v.checked_sub(low)?).ok())
                    .and_then(|i| index_bits(i, count))
                    .ok_or_else(|| {
                        bad(&format!(
                            "an integer in {low}..={}",
                            low.saturating_add(count as i64 - 1)
                        ))
                    })?;
                push_float(&mut seen, v, known);
            }
            PythonFormat::Chars { count, .. } => {
                for c in s.chars() {
                    let (v, known) = alphabet
                        .iter()
                        .position(|&a| a == c)
                        .and_then(|i| index_bits(i as u64, count))
                        .ok_or_else(|| bad("made of --alphabet's characters"))?;
                    push_float(&mut seen, v, known);
                }
            }
            PythonFormat::Bits { bits, hex, .. } => {
                let v = if hex {
                    u128::from_str_radix(s.strip_prefix("0x").unwrap_or(s), 16).ok()
                } else {
                    s.parse::<u128>().ok()
                };
                let v = v
                    .filter(|v| bits == 128 || v >> bits == 0)
                    .ok_or_else(|| bad(&format!("a getrandbits({bits}) value")))?;
                let mut left = bits;
                let mut shift = 0;
                while left > 0 {
                    let word = (v >> shift) as u32;
                    seen.push(if left >= 32 {
                        Seen {
                            mask: u32::MAX,
                            bits: word,
                        }
                    } else {
                        Seen {
                            mask: u32::MAX << (32 - left),
                            bits: word << (32 - left),
                        }
                    });
                    shift += 32;
                    left = left.saturating_sub(32);
                }
            }
            _ => {
                let (v, known) = float_bits(s, format).ok_or_else(|| {
                    bad(&match format {
                        PythonFormat::Fixed(d) => format!("a float in [0, 1) with {d} decimals"),
                        PythonFormat::Hex => "a random() float in float.hex".to_owned(),
                        _ => "a random() float".to_owned(),
                    })
                })?;
                push_float(&mut seen, v, known);
            }
        }
    }
    Ok(seen)
}

pub(super) fn recover(samples: &[&str], hints: &Hints) -> Result<Recovered, RecoveryError> {
    let model = Model::PythonRandom;
    let format = detect(samples, hints)?;
    let alphabet = match &hints.alphabet {
        Some(a) => alphabet_chars(a).unwrap_or_default(),
        None => Vec::new(),
    };
    let seen = observe(samples, format, &alphabet)?;
    let per = format.words();
    let total_bits: usize = seen.iter().map(|s| s.mask.count_ones() as usize).sum();
    let bits_per_sample = total_bits.div_ceil(samples.len().max(1)).max(1);
    let too_few = |open: usize| RecoveryError::TooFewSamples {
        model,
        needed: samples.len() + open.div_ceil(bits_per_sample),
        got: samples.len(),
    };
    if total_bits < STATE_BITS || seen.len() <= 624 {
        return Err(too_few(STATE_BITS.saturating_sub(total_bits).max(1)));
    }
    match solve(&seen) {
        Solved::Open { rank, unknowns } => Err(too_few(unknowns - rank)),
        Solved::Inconsistent { word } => Err(RecoveryError::NoState {
            model,
            reason: format!(
                "sample {} contradicts the state the earlier ones give",
                word / per + 1
            ),
        }),
        Solved::State {
            rng,
            directions,
            used_words,
            checked_bits,
            unknowns,
        } => {
            let used = used_words.div_ceil(per).min(samples.len());
            let bits_used = seen[..used * per]
                .iter()
                .map(|s| s.mask.count_ones() as usize)
                .sum::<usize>();
            Ok(Recovered {
                model,
                samples_used: used,
                samples_checked: samples.len() - used,
                work: unknowns as u64,
                work_unit: "GF(2) unknowns eliminated",
                state: RecoveredState::Python(Box::new(PythonRecovery {
                    rng,
                    directions,
                    format,
                    alphabet,
                    bits_used,
                    checked_bits,
                    unknowns,
                })),
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_floats_read_back() {
        for x in [0.5, 0.8444218515250481, 1e-5, 0.0, 0.999_999_999_999_999_9] {
            assert_eq!(parse_hex_float(&python_float_hex(x)), Some(x), "{x}");
        }
        assert_eq!(python_float_hex(0.5), "0x1.0000000000000p-1");
        assert_eq!(parse_hex_float("0x2.0p+0"), None);
        assert_eq!(parse_hex_float("1.0p+0"), None);
    }

    #[test]
    fn fixed_decimals_keep_the_bits_their_interval_shares() {
        let (v, known) = float_bits("0.323833", PythonFormat::Fixed(6)).unwrap();
        assert!((17..=20).contains(&known), "{known}");
        let x = 0.323_832_764_833_162_37_f64;
        let exact = (x * 9_007_199_254_740_992.0) as u64;
        assert_eq!(v >> (53 - known), exact >> (53 - known));
        assert_eq!(float_bits("0.32383", PythonFormat::Fixed(6)), None);
    }
}
