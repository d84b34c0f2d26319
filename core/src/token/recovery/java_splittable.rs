//! `java.util.SplittableRandom` and `ThreadLocalRandom`: `nextLong()` is `mix64(seed)` for a
//! counter `seed` stepped by `gamma`, and `mix64` is a bijection, so one output gives the
//! counter exactly; the golden gamma of a root generator (and of every thread's
//! `ThreadLocalRandom`) then gives every next output. A `split()` child steps by its own odd
//! gamma: the difference of two consecutive counters, confirmed by a third sample.
//! `nextDouble()` keeps 53 of the 64 bits: 2^11 candidates per double, a second settles them.
//! `ThreadLocalRandom` (OpenJDK 17) mixes with MurmurHash3's finalizer and steps by the golden
//! gamma plus twice its thread's id: two `nextLong()`s give the counter and the gamma, and a
//! gamma that is no small thread id's rules the pair out. Its `nextDouble()` takes 26 and 27
//! bits of two counters (2^38 candidates) and is not attempted.

use super::{Model, Recovered, RecoveredState, RecoveryError, parse_all};
use crate::token::weak::{
    GOLDEN_GAMMA, JavaSplittable, java_double_string, unmix_murmur64, unmix64,
};

/// The largest thread id taken for a `ThreadLocalRandom` gamma: a wrong pair of samples passes
/// with a chance of 2^-43.
const MAX_THREAD_ID: u64 = 1 << 20;

const MODEL: Model = Model::JavaSplittable;

/// How the samples print the outputs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SplittableFormat {
    /// Signed decimal `nextLong()`.
    Long,
    /// `Long.toHexString(nextLong())`.
    LongHex,
    /// `Double.toString(nextDouble())`.
    Double,
}

impl SplittableFormat {
    fn describe(self) -> &'static str {
        match self {
            SplittableFormat::Long => "nextLong()",
            SplittableFormat::LongHex => "Long.toHexString(nextLong())",
            SplittableFormat::Double => "nextDouble()",
        }
    }

    fn next(self, rng: &mut JavaSplittable) -> String {
        match self {
            SplittableFormat::Long => rng.next_long().to_string(),
            SplittableFormat::LongHex => format!("{:x}", rng.next_long()),
            SplittableFormat::Double => java_double_string(rng.next_double()),
        }
    }
}

/// Every generator that explains the samples, positioned after the last one.
#[derive(Debug, Clone)]
pub struct SplittableFits {
    /// The samples' printing.
    pub format: SplittableFormat,
    /// The generators that fit.
    pub fits: Vec<JavaSplittable>,
}

impl SplittableFits {
    /// The next `k` outputs, up to the first on which the fits disagree.
    pub fn predict(&self, k: usize) -> Vec<String> {
        super::agreed(&self.fits, k, |r| self.format.next(r))
    }

    /// Each of the next `k` outputs' possible values.
    pub fn candidates(&self, k: usize) -> Vec<Vec<String>> {
        super::per_output(&self.fits, k, |r| self.format.next(r))
    }

    pub(super) fn describe(&self) -> String {
        match self.fits.as_slice() {
            [one] => {
                let (seed, gamma) = one.state();
                let who = if one.is_thread_local() {
                    format!(
                        "{gamma:#018x}: the ThreadLocalRandom of thread id {}",
                        gamma.wrapping_sub(GOLDEN_GAMMA) / 2
                    )
                } else if gamma == GOLDEN_GAMMA {
                    "the golden gamma (a root SplittableRandom or a ThreadLocalRandom)".to_owned()
                } else {
                    format!("gamma {gamma:#018x} (a split() child)")
                };
                format!(
                    "{}: counter {seed:#018x} after the last sample, stepping by {who}",
                    self.format.describe()
                )
            }
            many => format!("{}: {} generators fit", self.format.describe(), many.len()),
        }
    }
}

pub(super) fn recover(samples: &[&str]) -> Result<Recovered, RecoveryError> {
    let format = if samples.iter().all(|s| s.parse::<i64>().is_ok()) {
        SplittableFormat::Long
    } else if samples.iter().all(|s| s.contains('.')) {
        SplittableFormat::Double
    } else {
        SplittableFormat::LongHex
    };
    // The 64-bit outputs as (known bits, mask).
    let outputs: Vec<u64> = match format {
        SplittableFormat::Long => parse_all(samples, "a signed 64-bit decimal", |s| {
            s.parse::<i64>().ok()
        })?
        .into_iter()
        .map(|v| v as u64)
        .collect(),
        SplittableFormat::LongHex => parse_all(samples, "a nextLong() in hex", |s| {
            (s.len() <= 16 && s.bytes().all(|b| b.is_ascii_hexdigit()))
                .then(|| u64::from_str_radix(s, 16).ok())
                .flatten()
        })?,
        SplittableFormat::Double => parse_all(samples, "a nextDouble() in [0, 1)", |s| {
            let x: f64 = s.parse().ok()?;
            let v = x * (1u64 << 53) as f64;
            ((0.0..(1u64 << 53) as f64).contains(&v) && v.fract() == 0.0)
                .then_some((v as u64) << 11)
        })?,
    };
    let low_bits = if format == SplittableFormat::Double {
        11
    } else {
        0
    };
    let candidates = |v: u64| (0..1u64 << low_bits).map(move |l| unmix64(v | l));
    let mut fits = Vec::new();
    let fits_rest = |mut rng: JavaSplittable, rest: &[u64]| {
        rest.iter()
            .all(|&v| rng.next_long() as u64 >> low_bits == v >> low_bits)
            .then_some(rng)
    };
    // The golden gamma first: a root generator or a thread's ThreadLocalRandom.
    for z in candidates(outputs[0]) {
        if let Some(rng) = fits_rest(JavaSplittable::from_state(z, GOLDEN_GAMMA), &outputs[1..]) {
            fits.push(rng);
        }
    }
    // A split() child: its gamma from two samples, checked on a third.
    if fits.is_empty() && outputs.len() >= 3 {
        for z0 in candidates(outputs[0]) {
            for z1 in candidates(outputs[1]) {
                let gamma = z1.wrapping_sub(z0);
                if gamma & 1 == 1
                    && let Some(rng) =
                        fits_rest(JavaSplittable::from_state(z1, gamma), &outputs[2..])
                {
                    fits.push(rng);
                }
            }
        }
    }
    // ThreadLocalRandom (OpenJDK 17): MurmurHash3's finalizer, gamma = golden + 2 * thread id.
    if fits.is_empty() && format != SplittableFormat::Double && outputs.len() >= 2 {
        let z0 = unmix_murmur64(outputs[0]);
        let z1 = unmix_murmur64(outputs[1]);
        let step = z1.wrapping_sub(z0).wrapping_sub(GOLDEN_GAMMA);
        if step % 2 == 0 && step / 2 <= MAX_THREAD_ID {
            let rng = JavaSplittable::thread_local_from_state(z1, z1.wrapping_sub(z0));
            if let Some(rng) = fits_rest(rng, &outputs[2..]) {
                fits.push(rng);
            }
        }
    }
    if fits.is_empty() {
        let reason = if outputs.len() < 3 {
            "the counters do not step by the golden gamma (a split() child needs 3 samples)"
        } else {
            "no counter and odd gamma give these consecutive outputs"
        };
        return Err(RecoveryError::NoState {
            model: MODEL,
            reason: reason.to_owned(),
        });
    }
    let used = if fits[0].state().1 == GOLDEN_GAMMA && !fits[0].is_thread_local() {
        1
    } else {
        2
    };
    Ok(Recovered {
        model: MODEL,
        samples_used: used,
        samples_checked: if fits.len() == 1 {
            samples.len() - used
        } else {
            0
        },
        work: 1 << low_bits,
        work_unit: "candidate counters",
        state: RecoveredState::Splittable(Box::new(SplittableFits { format, fits })),
    })
}
