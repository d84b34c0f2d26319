//! `java.util.Random.nextDouble()` (and `Math.random()`, one shared `Random`'s `nextDouble()`)
//! and `nextFloat()`. A double is `(next(26) << 27 | next(27)) / 2^53`: the top 26 bits of one
//! state and the top 27 of the next. Trying the 2^22 low bits of the first state against the
//! second's 27 bits leaves the true state and, with probability 2^-5, one more; a second double
//! settles it. A float is `next(24) / 2^24`: two floats carry exactly the state's 48 bits (the
//! 2^24 candidates leave one false fit on average), a third confirms.

use super::java::{JavaFits, JavaFormat};
use super::{Model, Recovered, RecoveredState, RecoveryError, parse_all};
use crate::token::weak::JavaRandom;

pub(super) fn recover(samples: &[&str], format: JavaFormat) -> Result<Recovered, RecoveryError> {
    let (model, bits, what) = match format {
        JavaFormat::Double => (
            Model::JavaRandomDouble,
            53,
            "a nextDouble() (a multiple of 2^-53 in [0, 1))",
        ),
        _ => (
            Model::JavaRandomFloat,
            24,
            "a nextFloat() (a multiple of 2^-24 in [0, 1))",
        ),
    };
    let values = parse_all(samples, what, |s| grid_value(s, bits))?;
    let fits: Vec<JavaRandom> = match format {
        JavaFormat::Double => search_double(&values),
        _ => search_float(&values),
    };
    if fits.is_empty() {
        return Err(RecoveryError::NoState {
            model,
            reason: format!(
                "no 48-bit state gives these consecutive {}s",
                format.describe()
            ),
        });
    }
    let known = values.len() as u32 * bits;
    let used = if bits == 53 { 1 } else { 2 };
    Ok(Recovered {
        model,
        samples_used: used,
        samples_checked: if fits.len() == 1 {
            values.len() - used
        } else {
            0
        },
        work: 1 << (48 - if bits == 53 { 26 } else { 24 }),
        work_unit: "candidate states",
        state: RecoveredState::JavaFits(Box::new(JavaFits {
            format,
            fits,
            extra_bits: known.saturating_sub(48),
        })),
    })
}

/// `x · 2^bits` when `s` is a decimal `x` in [0, 1) on that grid.
fn grid_value(s: &str, bits: u32) -> Option<u64> {
    if !s.starts_with(|c: char| c.is_ascii_digit() || c == '.') {
        return None;
    }
    let x: f64 = if bits == 24 {
        f64::from(s.parse::<f32>().ok()?)
    } else {
        s.parse().ok()?
    };
    let v = x * (1u64 << bits) as f64;
    ((0.0..(1u64 << bits) as f64).contains(&v) && v.fract() == 0.0).then_some(v as u64)
}

fn search_double(values: &[u64]) -> Vec<JavaRandom> {
    let (hi, lo) = (values[0] >> 27, values[0] & ((1 << 27) - 1));
    let mut fits = Vec::new();
    for low in 0..1u64 << 22 {
        let mut rng = JavaRandom::from_state(hi << 22 | low);
        if rng.next(27) as u64 == lo && values[1..].iter().all(|&v| rng.next_double_bits() == v) {
            fits.push(rng);
        }
    }
    fits
}

fn search_float(values: &[u64]) -> Vec<JavaRandom> {
    let mut fits = Vec::new();
    for low in 0..1u64 << 24 {
        let mut rng = JavaRandom::from_state(values[0] << 24 | low);
        if values[1..].iter().all(|&v| rng.next(24) as u64 == v) {
            fits.push(rng);
        }
    }
    fits
}
