//! V8 `Math.random()`: every output is `state0 >> 12` of xorshift128+, and xorshift128+ is
//! linear over GF(2), so each known mantissa bit is one linear equation in the 128 state bits.
//! Four exact doubles pin the state (three consecutive ones give
//! 156 equations but only rank 116: consecutive states share bits); printings that keep fewer bits (a base-36
//! prefix, `Math.floor(x * N)`) need as many samples as it takes to reach 128 independent bits.
//!
//! The 64-value cache is served from its end: consecutive samples are consecutive states
//! walked backwards, and after a refill the walk jumps 128 states forwards (sample `j` is
//! `128·b − j` states from the first, `b` the refills since it). Where in its cache the first
//! sample was is unknown, so each of the 64 positions is a hypothesis: its system is solved and
//! every sample is checked against it. When the samples do not cross a refill, several
//! positions survive and they agree only until the earliest refill any of them allows;
//! [`V8Recovery::predict`] stops there and [`V8Recovery::candidates`] lists what each allows.

use super::gf2::{SymWord, System};
use super::{Hints, Model, Recovered, RecoveredState, RecoveryError, shorten};
use crate::token::weak::{
    V8_CACHE_SIZE, V8MathRandom, js_number_string, js_radix_string, mantissa_to_f64, xorshift128,
    xorshift128_back,
};

const MODEL: Model = Model::V8MathRandom;
const MANTISSA: u64 = (1 << 52) - 1;
/// The longest base-36 prefix decoded exactly (36^14 · 2^53 fits in a u128).
const MAX_PREFIX: usize = 14;

/// How the samples print their doubles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum V8Format {
    /// `String(Math.random())`.
    Decimal,
    /// `Math.random().toString(36).substring(2)`, every digit.
    Base36,
    /// The first `len` base-36 digits: `toString(36).substr(2, len)`.
    Base36Prefix {
        /// Digits kept.
        len: usize,
    },
    /// `Math.floor(Math.random() * count) + low`.
    Floor {
        /// The smallest value.
        low: i64,
        /// How many values.
        count: u64,
    },
}

impl V8Format {
    /// What the format is called in reports.
    pub fn describe(&self) -> String {
        match self {
            V8Format::Decimal => "String(Math.random())".to_owned(),
            V8Format::Base36 => "Math.random().toString(36).substring(2)".to_owned(),
            V8Format::Base36Prefix { len } => {
                format!("Math.random().toString(36).substr(2, {len})")
            }
            V8Format::Floor { low: 0, count } => format!("Math.floor(Math.random() * {count})"),
            V8Format::Floor { low, count } => {
                format!("Math.floor(Math.random() * {count}) + {low}")
            }
        }
    }

    /// The sample a mantissa prints as.
    pub fn print(&self, m: u64) -> String {
        let x = mantissa_to_f64(m);
        match *self {
            V8Format::Decimal => js_number_string(x),
            V8Format::Base36 => base36_digits(x),
            V8Format::Base36Prefix { len } => base36_digits(x).chars().take(len).collect(),
            V8Format::Floor { low, count } => ((x * count as f64).floor() as i64 + low).to_string(),
        }
    }

    /// Bits of a mantissa known from `sample`, as `(mask, value)` over the 52 bits.
    fn known(&self, sample: &str) -> Option<(u64, u64)> {
        match *self {
            V8Format::Decimal => {
                let x: f64 = sample.parse().ok()?;
                let m = x * (1u64 << 52) as f64;
                ((0.0..1.0).contains(&x) && m.fract() == 0.0).then_some((MANTISSA, m as u64))
            }
            V8Format::Base36 => exact_base36(sample).map(|m| (MANTISSA, m)),
            V8Format::Base36Prefix { .. } => {
                let digits = base36_value(sample)?;
                let len = sample.len().min(MAX_PREFIX) as u32;
                let d = digits.1;
                // A prefix is the truncation, or one more if the printing rounded up into it.
                let scale = 36u128.pow(len);
                let lo = ceil_div(d.saturating_sub(1) << 52, scale);
                let hi = ceil_div((d + 1) << 52, scale).saturating_sub(1);
                Some(common_prefix(lo as u64, (hi as u64).min(MANTISSA)))
            }
            V8Format::Floor { low, count } => {
                let k = u128::try_from(sample.parse::<i64>().ok()?.checked_sub(low)?).ok()?;
                if k >= u128::from(count) {
                    return None;
                }
                let n = u128::from(count);
                // Widened by one either side for the rounding of `x * count`.
                let lo = ceil_div(k << 52, n).saturating_sub(1);
                let hi = ceil_div((k + 1) << 52, n);
                Some(common_prefix(lo as u64, (hi as u64).min(MANTISSA)))
            }
        }
    }
}

fn ceil_div(a: u128, b: u128) -> u128 {
    a.div_ceil(b)
}

/// The bits `lo` and `hi` (and so everything between) share.
fn common_prefix(lo: u64, hi: u64) -> (u64, u64) {
    let differ = lo ^ hi;
    let free = if differ == 0 {
        0
    } else {
        u64::MAX >> differ.leading_zeros()
    };
    let mask = MANTISSA & !free;
    (mask, lo & mask)
}

fn base36_digits(x: f64) -> String {
    let s = js_radix_string(x, 36);
    s.strip_prefix("0.").unwrap_or("").to_owned()
}

/// The digits of a base-36 fraction (an optional `0.` first) and their value as an integer
/// (of the first [`MAX_PREFIX`] digits).
fn base36_value(sample: &str) -> Option<(usize, u128)> {
    let digits = sample.strip_prefix("0.").unwrap_or(sample);
    if digits.is_empty()
        || !digits
            .bytes()
            .all(|b| b.is_ascii_digit() || b.is_ascii_lowercase())
    {
        return None;
    }
    let value = digits.bytes().take(MAX_PREFIX).fold(0u128, |acc, b| {
        acc * 36 + u128::from((b as char).to_digit(36).unwrap_or(0))
    });
    Some((digits.len(), value))
}

/// The mantissa whose `toString(36)` is exactly `sample`, if there is one.
pub(crate) fn exact_base36(sample: &str) -> Option<u64> {
    let digits = sample.strip_prefix("0.").unwrap_or(sample);
    base36_value(digits)?;
    let approx = digits.bytes().rev().fold(0f64, |acc, b| {
        (acc + f64::from((b as char).to_digit(36).unwrap_or(0))) / 36.0
    });
    let m0 = (approx * (1u64 << 52) as f64).round() as i64;
    (m0 - 2..=m0 + 2)
        .filter(|m| (0..=MANTISSA as i64).contains(m))
        .map(|m| m as u64)
        .find(|&m| base36_digits(mantissa_to_f64(m)) == digits)
}

/// Picks the printing every sample fits: decimal, full base 36, or base-36 prefixes (the
/// `--range` hint makes it `Math.floor`).
fn detect(samples: &[&str], hints: &Hints) -> Result<V8Format, RecoveryError> {
    if let Some((low, count)) = hints.range {
        return Ok(V8Format::Floor { low, count });
    }
    let first_failing = |f: V8Format| samples.iter().position(|s| f.known(s).is_none());
    let decimal = |s: &&str| s.contains(['.', 'e']) && s.parse::<f64>().is_ok();
    if samples.iter().all(decimal) {
        return match first_failing(V8Format::Decimal) {
            None => Ok(V8Format::Decimal),
            Some(index) => Err(RecoveryError::Malformed {
                index,
                reason: format!(
                    "{:?} is not a double Math.random() returns (a multiple of 2^-52 in [0, 1))",
                    shorten(samples[index])
                ),
            }),
        };
    }
    if first_failing(V8Format::Base36).is_none() {
        return Ok(V8Format::Base36);
    }
    let len = samples.iter().map(|s| s.len()).max().unwrap_or(0);
    let prefix = V8Format::Base36Prefix { len };
    match first_failing(prefix) {
        None => Ok(prefix),
        Some(index) => Err(RecoveryError::Malformed {
            index,
            reason: format!(
                "{:?} is not a Math.random() double, nor base-36 digits (give --range for \
                 Math.floor(Math.random() * N))",
                shorten(samples[index])
            ),
        }),
    }
}

/// One symbolic xorshift128+ step.
type Step = fn(&(SymWord, SymWord)) -> (SymWord, SymWord);

/// The symbolic `state0` at each offset from the first sample's state, computed on demand.
struct Offsets {
    /// `back[i]`: state at offset -i.
    back: Vec<(SymWord, SymWord)>,
    /// `fwd[i]`: state at offset +i.
    fwd: Vec<(SymWord, SymWord)>,
}

impl Offsets {
    fn new() -> Self {
        let start = (SymWord::unknowns(0), SymWord::unknowns(64));
        Offsets {
            back: vec![start],
            fwd: vec![start],
        }
    }

    fn state0(&mut self, d: i64) -> &SymWord {
        let (list, i, step): (_, usize, Step) = if d < 0 {
            (&mut self.back, d.unsigned_abs() as usize, sym_back)
        } else {
            (&mut self.fwd, d as usize, sym_forward)
        };
        while list.len() <= i {
            let next = step(list.last().expect("starts with one"));
            list.push(next);
        }
        &list[i].0
    }
}

fn sym_forward((s0, s1): &(SymWord, SymWord)) -> (SymWord, SymWord) {
    let mut a = *s0;
    a = a.xor(&a.shl(23));
    a = a.xor(&a.shr(17));
    a = a.xor(s1);
    a = a.xor(&s1.shr(26));
    (*s1, a)
}

fn sym_back((s0, s1): &(SymWord, SymWord)) -> (SymWord, SymWord) {
    let b = *s0;
    let mut t = s1.xor(&b).xor(&b.shr(26));
    t = t.xor(&t.shr(17));
    t = t.xor(&t.shr(34));
    t = t.xor(&t.shl(23));
    t = t.xor(&t.shl(46));
    (t, b)
}

/// Sample `j`'s offset from the first sample's state when `p` values of the first sample's
/// cache were served before it.
fn offset(p: usize, j: usize) -> i64 {
    let refills = (p + j) / V8_CACHE_SIZE;
    (2 * V8_CACHE_SIZE * refills) as i64 - j as i64
}

/// What the samples left of V8's state: one generator per cache position that fits.
#[derive(Debug, Clone)]
pub struct V8Recovery {
    /// The samples' printing.
    pub format: V8Format,
    /// `(values of the first sample's cache served before it, generator after the last
    /// sample)` for each position that explains every sample.
    pub fits: Vec<(usize, V8MathRandom)>,
    /// `(state0, state1)` when the first sample was generated.
    pub first_state: (u64, u64),
    /// Known bits in the samples beyond the 128 the state has: each one a check passed.
    pub extra_bits: u32,
}

impl V8Recovery {
    /// The outputs every surviving cache position agrees on.
    pub fn predict(&self, k: usize) -> Vec<String> {
        let mut gens: Vec<V8MathRandom> = self.fits.iter().map(|f| f.1.clone()).collect();
        let mut out = Vec::new();
        for _ in 0..k {
            let first = gens[0].next_mantissa();
            let mut same = true;
            for g in &mut gens[1..] {
                same &= g.next_mantissa() == first;
            }
            if !same {
                break;
            }
            out.push(self.format.print(first));
        }
        out
    }

    /// For each of the next `k` outputs, every value a surviving cache position gives.
    pub fn candidates(&self, k: usize) -> Vec<Vec<String>> {
        let mut gens: Vec<V8MathRandom> = self.fits.iter().map(|f| f.1.clone()).collect();
        (0..k)
            .map(|_| {
                let mut v: Vec<u64> = gens.iter_mut().map(|g| g.next_mantissa()).collect();
                v.sort_unstable();
                v.dedup();
                v.into_iter().map(|m| self.format.print(m)).collect()
            })
            .collect()
    }

    pub(super) fn describe(&self) -> String {
        let (s0, s1) = self.first_state;
        let position = match self.fits.as_slice() {
            [(p, _)] => format!("the first sample was value {} of its cache", p + 1),
            many => format!(
                "the samples do not cross a cache refill: {} cache positions fit, {} values \
                 left at least",
                many.len(),
                many.iter().map(|f| f.1.cached()).min().unwrap_or(0)
            ),
        };
        format!(
            "xorshift128+ state ({s0:#018x}, {s1:#018x}) at the first sample, printed as {}; {position}",
            self.format.describe()
        )
    }
}

pub(super) fn recover(samples: &[&str], hints: &Hints) -> Result<Recovered, RecoveryError> {
    let format = detect(samples, hints)?;
    if let V8Format::Floor { count, .. } = format
        && !(2..1 << 52).contains(&count)
    {
        return Err(RecoveryError::BadHint {
            model: MODEL,
            reason: format!("--range: {count} values; Math.floor needs 2 to 2^52"),
        });
    }
    let known: Vec<(u64, u64)> = samples
        .iter()
        .map(|s| format.known(s).expect("detect checked every sample"))
        .collect();
    let total_bits: u32 = known.iter().map(|k| k.0.count_ones()).sum();
    let mut offsets = Offsets::new();
    let mut fits = Vec::new();
    let mut first_state = None;
    let mut best_rank = 0;
    let mut work = 0u64;
    // The positions whose solving samples all sit in the first cache share one system.
    let mut shared: Option<(usize, Option<u128>)> = None;
    let mut samples_used = 0;
    for p in 0..V8_CACHE_SIZE {
        let (used, solved) = match shared {
            Some((used, x)) if p + used <= V8_CACHE_SIZE => (used, x),
            _ => {
                let (used, rank, x) = solve(&known, p, &mut offsets);
                work += 1;
                best_rank = best_rank.max(rank);
                if (0..used).all(|j| offset(p, j) == -(j as i64)) {
                    shared = Some((used, x));
                }
                (used, x)
            }
        };
        // The zero state is xorshift128+'s fixed point, which V8 never seeds: a sample that
        // only the zero state explains (all zeros) is no V8 output.
        let Some(x) = solved.filter(|&x| x != 0) else {
            continue;
        };
        let s = (x as u64, (x >> 64) as u64);
        // Back to the state the first sample's cache was filled from.
        let mut r = s;
        for _ in 0..V8_CACHE_SIZE - p {
            r = xorshift128_back(r.0, r.1);
        }
        let mut g = V8MathRandom::before_refill(r.0, r.1, p);
        if known
            .iter()
            .all(|&(mask, value)| g.next_mantissa() & mask == value)
        {
            if first_state.is_none() {
                first_state = Some(s);
                samples_used = used;
            }
            fits.push((p, g));
        }
    }
    debug_assert!(
        first_state.is_none_or(|s| xorshift128(s.0, s.1) != s),
        "a state is never its own successor"
    );
    let Some(first_state) = first_state else {
        if best_rank < 128 {
            let per = f64::from(total_bits) / samples.len() as f64;
            let needed = ((128.0 + 8.0) / per.max(0.5)).ceil() as usize;
            return Err(RecoveryError::TooFewSamples {
                model: MODEL,
                needed: needed.max(samples.len() + 1),
                got: samples.len(),
            });
        }
        return Err(RecoveryError::NoState {
            model: MODEL,
            reason: format!(
                "no xorshift128+ state and cache position gives these {} ({total_bits} known bits)",
                format.describe()
            ),
        });
    };
    Ok(Recovered {
        model: MODEL,
        samples_used,
        samples_checked: samples.len() - samples_used,
        work,
        work_unit: "linear systems of 128 unknowns",
        state: RecoveredState::V8(Box::new(V8Recovery {
            format,
            fits,
            first_state,
            extra_bits: total_bits.saturating_sub(128),
        })),
    })
}

/// The first sample's state under cache position `p`, from as few samples as reach rank 128:
/// `(samples used, rank reached, solution)`; `None` when too few or contradictory.
fn solve(known: &[(u64, u64)], p: usize, offsets: &mut Offsets) -> (usize, usize, Option<u128>) {
    let mut sys = System::new();
    for (j, &(mask, value)) in known.iter().enumerate() {
        let word = offsets.state0(offset(p, j));
        for bit in 0..52 {
            if mask >> bit & 1 == 1 && sys.add(word.0[bit + 12], value >> bit & 1 == 1).is_err() {
                return (j + 1, sys.rank(), None);
            }
        }
        if sys.rank() == 128 {
            return (j + 1, 128, sys.solve());
        }
    }
    (known.len(), sys.rank(), None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_walk_back_then_jump_a_refill() {
        assert_eq!(offset(0, 0), 0);
        assert_eq!(offset(0, 5), -5);
        assert_eq!(offset(60, 3), -3);
        assert_eq!(offset(60, 4), 124);
        assert_eq!(offset(63, 1), 127);
    }

    #[test]
    fn common_prefix_keeps_only_shared_bits() {
        assert_eq!(
            common_prefix(0b1010 << 40, 0b1011 << 40),
            (MANTISSA & !((1 << 41) - 1), 0b1010 << 40)
        );
        assert_eq!(common_prefix(7, 7), (MANTISSA, 7));
    }
}
