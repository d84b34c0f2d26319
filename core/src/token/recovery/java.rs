//! `java.util.Random`: each `next(32)` output is the top 32 bits of the 48-bit state, so two
//! consecutive outputs leave 16 unknown bits. Trying all 2^16 against the second output finds
//! the state (a wrong candidate survives with probability 2^-16 per candidate and output).

use super::{Model, Recovered, RecoveredState, RecoveryError, parse_all};
use crate::token::weak::{JavaRandom, java_double_string, java_float_string};

/// Candidates tried: the 16 bits `next(32)` drops.
const CANDIDATES: u64 = 1 << 16;

pub(super) fn recover(samples: &[&str], long: bool) -> Result<Recovered, RecoveryError> {
    let (model, words) = if long && samples.iter().any(|s| s.parse::<i64>().is_err()) {
        // Long.toHexString(nextLong()): unpadded two's-complement hex.
        let longs = parse_all(samples, "a nextLong() in hex (Long.toHexString)", |s| {
            (s.len() <= 16 && s.bytes().all(|b| b.is_ascii_hexdigit()))
                .then(|| u64::from_str_radix(s, 16).ok())
                .flatten()
                .map(|v| v as i64)
        })?;
        (
            Model::JavaRandomLong,
            longs.into_iter().flat_map(split_long).collect(),
        )
    } else if long {
        let longs = parse_all(samples, "a signed 64-bit decimal (nextLong())", |s| {
            s.parse::<i64>().ok()
        })?;
        (
            Model::JavaRandomLong,
            longs.into_iter().flat_map(split_long).collect(),
        )
    } else {
        let ints = parse_all(samples, "a signed 32-bit decimal (nextInt())", |s| {
            s.parse::<i32>().ok()
        })?;
        (Model::JavaRandomInt, ints)
    };
    let (first, second) = (words[0] as u32, words[1] as u32);
    let mut fits = Vec::new();
    for low in 0..CANDIDATES {
        let mut rng = JavaRandom::from_state(u64::from(first) << 16 | low);
        if rng.next(32) as u32 == second && words[2..].iter().all(|&w| rng.next(32) == w) {
            fits.push(rng);
        }
    }
    let rng = match fits.as_slice() {
        [] => {
            return Err(RecoveryError::NoState {
                model,
                reason: "no 48-bit state gives these consecutive outputs".to_owned(),
            });
        }
        [one] => *one,
        many => {
            return Err(RecoveryError::Ambiguous {
                model,
                count: many.len(),
            });
        }
    };
    let used = if long { 1 } else { 2 };
    Ok(Recovered {
        model,
        samples_used: used,
        samples_checked: samples.len() - used,
        work: CANDIDATES,
        work_unit: "candidate states",
        state: RecoveredState::JavaRandom {
            rng,
            long,
            hex: long && samples.iter().any(|s| s.parse::<i64>().is_err()),
        },
    })
}

/// `nextLong()` is `((long) next(32) << 32) + next(32)`: the second output is the low word
/// (signed, so a negative one borrowed from the high word).
fn split_long(v: i64) -> [i32; 2] {
    let lo = v as i32;
    [(v.wrapping_sub(i64::from(lo)) >> 32) as i32, lo]
}

pub(super) fn predict(mut rng: JavaRandom, long: bool, hex: bool, k: usize) -> Vec<String> {
    (0..k)
        .map(|_| match (long, hex) {
            (true, true) => format!("{:x}", rng.next_long()),
            (true, false) => rng.next_long().to_string(),
            _ => rng.next_int().to_string(),
        })
        .collect()
}

/// How `java.util.Random`'s outputs are printed, for the models that keep fewer bits than
/// `next(32)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JavaFormat {
    /// `Double.toString(nextDouble())`, or of `Math.random()`.
    Double,
    /// `Float.toString(nextFloat())`.
    Float,
    /// `nextInt(bound) + low`.
    Bounded {
        /// Added to every output.
        low: i64,
        /// The bound, 2 to 2^31 - 1.
        bound: i32,
    },
}

impl JavaFormat {
    /// What the format is called in reports.
    pub fn describe(&self) -> String {
        match self {
            JavaFormat::Double => "nextDouble() / Math.random()".to_owned(),
            JavaFormat::Float => "nextFloat()".to_owned(),
            JavaFormat::Bounded { low: 0, bound } => format!("nextInt({bound})"),
            JavaFormat::Bounded { low, bound } => format!("nextInt({bound}) + {low}"),
        }
    }

    /// Draws the next output from `rng` and prints it as the samples are printed.
    pub fn next(&self, rng: &mut JavaRandom) -> String {
        match *self {
            JavaFormat::Double => java_double_string(rng.next_double()),
            JavaFormat::Float => java_float_string(rng.next_float()),
            JavaFormat::Bounded { low, bound } => {
                (i64::from(rng.next_int_bounded(bound)) + low).to_string()
            }
        }
    }
}

/// Every `java.util.Random` state that explains the samples, positioned after the last one.
#[derive(Debug, Clone)]
pub struct JavaFits {
    /// The samples' printing.
    pub format: JavaFormat,
    /// The states that fit, after the last sample (more than one only when the samples leave
    /// the state open; they are then compared output by output).
    pub fits: Vec<JavaRandom>,
    /// Bits the samples carry beyond the state's 48, every one checked.
    pub extra_bits: u32,
}

impl JavaFits {
    pub(super) fn extra_bits(&self) -> u32 {
        self.extra_bits
    }

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
            [one] => format!(
                "{}: 48-bit state {:#014x} after the last sample",
                self.format.describe(),
                one.state()
            ),
            many => format!(
                "{}: {} 48-bit states fit the samples",
                self.format.describe(),
                many.len()
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_hex_is_read_as_twos_complement() {
        let mut server = JavaRandom::new(7);
        let seen: Vec<String> = (0..2)
            .map(|_| format!("{:x}", server.next_long()))
            .collect();
        let refs: Vec<&str> = seen.iter().map(String::as_str).collect();
        let got = recover(&refs, true).unwrap();
        let mut next = server;
        assert_eq!(
            got.predict(2),
            [0, 1].map(|_| format!("{:x}", next.next_long()))
        );
    }

    #[test]
    fn split_long_inverts_next_long() {
        for seed in [0i64, 1, -7, 1 << 40] {
            let mut a = JavaRandom::new(seed);
            let mut b = a;
            for _ in 0..50 {
                let [hi, lo] = split_long(a.next_long());
                assert_eq!([hi, lo], [b.next(32), b.next(32)]);
            }
        }
        assert_eq!(split_long(i64::MAX), [i32::MIN, -1]);
    }
}
