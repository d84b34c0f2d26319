//! glibc `lrand48()`, `mrand48()` and `drand48()`: one 48-bit LCG. `lrand48` keeps the top 31
//! bits, so two outputs settle the 2^17 low-bit candidates of the first; `mrand48` keeps 32
//! (2^16 candidates, as `java.util.Random.nextInt()`). Both are tried: `mrand48()` values
//! that happen to be non-negative are also, for a few outputs, the `lrand48()` of a nearby
//! state, and such samples are ambiguous until one of the readings fails; `drand48` printed in full (`%.17g`)
//! is the whole state, one sample, and printed with fewer digits (`%f`: six) it leaves an
//! interval of states that are enumerated within the budget and checked against the rest.

use super::decimal::unit_interval;
use super::{Hints, Model, Recovered, RecoveredState, RecoveryError, parse_all};
use crate::token::weak::{Rand48, c_format_g};

const MODEL: Model = Model::GlibcRand48;
/// Fits kept when a search leaves several (more is an error: give more samples).
const MAX_FITS: usize = 64;

/// The function and printing of the samples.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rand48Format {
    /// `lrand48()`, decimal.
    Lrand48,
    /// `mrand48()`, signed decimal.
    Mrand48,
    /// `drand48()` as `printf("%.{decimals}f")`.
    Fixed {
        /// Digits after the point.
        decimals: usize,
    },
    /// `drand48()` as `printf("%.{digits}g")`.
    General {
        /// Significant digits.
        digits: usize,
    },
}

impl Rand48Format {
    fn next(&self, g: &mut Rand48) -> String {
        match *self {
            Rand48Format::Lrand48 => g.lrand48().to_string(),
            Rand48Format::Mrand48 => g.mrand48().to_string(),
            Rand48Format::Fixed { decimals } => format!("{:.*}", decimals, g.drand48()),
            Rand48Format::General { digits } => c_format_g(g.drand48(), digits),
        }
    }

    fn describe(&self) -> String {
        match *self {
            Rand48Format::Lrand48 => "lrand48()".to_owned(),
            Rand48Format::Mrand48 => "mrand48()".to_owned(),
            Rand48Format::Fixed { decimals } => format!("drand48() as %.{decimals}f"),
            Rand48Format::General { digits } => format!("drand48() as %.{digits}g"),
        }
    }
}

/// The states that explain the samples, each positioned after the last sample.
#[derive(Debug, Clone)]
pub struct Rand48Recovery {
    /// The samples' function and printing.
    pub format: Rand48Format,
    /// Every fitting generator.
    pub fits: Vec<Rand48>,
    /// Bits the samples carry beyond the state's 48.
    pub extra_bits: f64,
}

impl Rand48Recovery {
    /// The next `k` outputs, up to the first on which the fits disagree.
    pub fn predict(&self, k: usize) -> Vec<String> {
        super::agreed(&self.fits, k, |g| self.format.next(g))
    }

    /// Each of the next `k` outputs' possible values.
    pub fn candidates(&self, k: usize) -> Vec<Vec<String>> {
        super::per_output(&self.fits, k, |g| self.format.next(g))
    }

    pub(super) fn describe(&self) -> String {
        match self.fits.as_slice() {
            [g] => format!(
                "{}: 48-bit state {:#014x} after the last sample",
                self.format.describe(),
                g.state()
            ),
            fits => format!("{}: {} states fit", self.format.describe(), fits.len()),
        }
    }
}

/// Significant digits and digits after the point of a printed fraction.
fn shape(s: &str) -> (usize, usize) {
    let mantissa = s.split(['e', 'E']).next().unwrap_or(s);
    let frac = mantissa.split_once('.').map_or("", |p| p.1);
    let sig = mantissa
        .bytes()
        .filter(u8::is_ascii_digit)
        .skip_while(|&b| b == b'0')
        .count();
    (sig, frac.len())
}

/// `%.Nf` when every sample has the same digits after the point (at most 12, as `%f` is
/// used), else `%.Ng` with the most significant digits seen (`%g` drops trailing zeros, so
/// lengths vary).
fn float_format(samples: &[&str]) -> Rand48Format {
    let shapes: Vec<(usize, usize)> = samples.iter().map(|s| shape(s)).collect();
    let decimals = shapes[0].1;
    let max_sig = shapes.iter().map(|s| s.0).max().unwrap_or(17);
    let exponent = samples.iter().any(|s| s.contains(['e', 'E']));
    if !exponent && shapes.iter().all(|s| s.1 == decimals) && decimals <= 12 {
        Rand48Format::Fixed { decimals }
    } else {
        // 16 digits is `%.17g` with its last digit a dropped zero far more often than `%.16g`.
        Rand48Format::General {
            digits: if max_sig == 16 { 17 } else { max_sig.max(1) },
        }
    }
}

pub(super) fn recover(samples: &[&str], hints: &Hints) -> Result<Recovered, RecoveryError> {
    if samples.iter().any(|s| s.contains(['.', 'e', 'E'])) {
        return recover_doubles(samples, hints);
    }
    let values = parse_all(samples, "an lrand48() or mrand48() value", |s| {
        s.parse::<i64>()
            .ok()
            .filter(|v| (-(1 << 31)..1 << 31).contains(v))
    })?;
    if samples.len() < 2 {
        return Err(RecoveryError::TooFewSamples {
            model: MODEL,
            needed: 2,
            got: samples.len(),
        });
    }
    let mut tried = 0;
    let mut lrand = Vec::new();
    if values.iter().all(|&v| v >= 0) {
        let (fits, n) = search(
            &values,
            17,
            |v, low| (v as u64) << 17 | low,
            |g| g.lrand48(),
        );
        tried += n;
        lrand = fits;
    }
    let (fits, n) = search(
        &values,
        16,
        |v, low| u64::from(v as u32) << 16 | low,
        |g| g.mrand48(),
    );
    tried += n;
    match (lrand.is_empty(), fits.is_empty()) {
        (false, true) => {
            return done(
                Rand48Format::Lrand48,
                lrand,
                31.0 * values.len() as f64,
                tried,
                values.len(),
            );
        }
        // Half an mrand48() value is the lrand48() of a nearby state: non-negative values fit
        // both for a few outputs.
        (false, false) => {
            return Err(RecoveryError::Ambiguous {
                model: MODEL,
                count: lrand.len() + fits.len(),
            });
        }
        (true, true) => {
            return Err(RecoveryError::NoState {
                model: MODEL,
                reason: "no lrand48() or mrand48() state gives these values".to_owned(),
            });
        }
        (true, false) => {}
    }
    done(
        Rand48Format::Mrand48,
        fits,
        32.0 * values.len() as f64,
        tried,
        values.len(),
    )
}

/// Every state whose first output is `values[0]` (its `low` bits tried) and that gives the
/// rest, positioned after the last; and how many were tried.
fn search(
    values: &[i64],
    low_bits: u32,
    state: impl Fn(i64, u64) -> u64,
    next: impl Fn(&mut Rand48) -> i64,
) -> (Vec<Rand48>, u64) {
    let fits = (0..1u64 << low_bits)
        .filter_map(|low| {
            let mut g = Rand48::from_state(state(values[0], low));
            values[1..].iter().all(|&v| next(&mut g) == v).then_some(g)
        })
        .take(MAX_FITS + 1)
        .collect();
    (fits, 1 << low_bits)
}

fn recover_doubles(samples: &[&str], hints: &Hints) -> Result<Recovered, RecoveryError> {
    let intervals = parse_all(samples, "a drand48() value printed as a fraction", |s| {
        unit_interval(s, 48)
    })?;
    let format = float_format(samples);
    let (lo, hi) = intervals[0];
    let width = hi - lo + 1;
    let budget = hints.budget();
    if width > budget {
        return Err(RecoveryError::TooMuchWork {
            model: MODEL,
            needed: width,
            budget,
            reason: format!(
                "{} prints {:.1} of the 48 state bits; raise --max-work",
                samples[0],
                48.0 - (width as f64).log2()
            ),
        });
    }
    if intervals.len() == 1 && width > MAX_FITS as u64 {
        return Err(RecoveryError::Ambiguous {
            model: MODEL,
            count: width.try_into().unwrap_or(usize::MAX),
        });
    }
    let mut fits = Vec::new();
    let mut count = 0usize;
    for x in lo..=hi {
        let mut g = Rand48::from_state(x);
        let fits_all = intervals[1..]
            .iter()
            .all(|&(a, b)| (a..=b).contains(&g.step()));
        // The print is checked too: an interval end may round the other way.
        if fits_all {
            let mut check = Rand48::from_state(x);
            check.back();
            let printed = samples.iter().all(|s| format.next(&mut check) == *s);
            if printed {
                count += 1;
                if fits.len() <= MAX_FITS {
                    fits.push(g);
                }
            }
        }
    }
    let bits: f64 = intervals
        .iter()
        .map(|&(a, b)| 48.0 - ((b - a + 1) as f64).log2())
        .sum();
    if count > MAX_FITS {
        return Err(RecoveryError::Ambiguous {
            model: MODEL,
            count,
        });
    }
    done(format, fits, bits, width, samples.len())
}

fn done(
    format: Rand48Format,
    fits: Vec<Rand48>,
    bits: f64,
    tried: u64,
    samples: usize,
) -> Result<Recovered, RecoveryError> {
    if fits.is_empty() {
        return Err(RecoveryError::NoState {
            model: MODEL,
            reason: format!("no state gives these {}", format.describe()),
        });
    }
    if fits.len() > MAX_FITS {
        return Err(RecoveryError::Ambiguous {
            model: MODEL,
            count: fits.len(),
        });
    }
    Ok(Recovered {
        model: MODEL,
        samples_used: samples,
        samples_checked: samples - 1,
        work: tried,
        work_unit: "candidate states",
        state: RecoveredState::Rand48(Box::new(Rand48Recovery {
            format,
            fits,
            extra_bits: bits - 48.0,
        })),
    })
}
