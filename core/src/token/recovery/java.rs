//! `java.util.Random`: each `next(32)` output is the top 32 bits of the 48-bit state, so two
//! consecutive outputs leave 16 unknown bits. Trying all 2^16 against the second output finds
//! the state (a wrong candidate survives with probability 2^-16 per candidate and output).

use super::{Model, Recovered, RecoveredState, RecoveryError, parse_all};
use crate::token::weak::JavaRandom;

/// Candidates tried: the 16 bits `next(32)` drops.
const CANDIDATES: u64 = 1 << 16;

pub(super) fn recover(samples: &[&str], long: bool) -> Result<Recovered, RecoveryError> {
    let (model, words) = if long {
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
        state: RecoveredState::JavaRandom { rng, long },
    })
}

/// `nextLong()` is `((long) next(32) << 32) + next(32)`: the second output is the low word
/// (signed, so a negative one borrowed from the high word).
fn split_long(v: i64) -> [i32; 2] {
    let lo = v as i32;
    [(v.wrapping_sub(i64::from(lo)) >> 32) as i32, lo]
}

pub(super) fn predict(mut rng: JavaRandom, long: bool, k: usize) -> Vec<String> {
    (0..k)
        .map(|_| {
            if long {
                rng.next_long().to_string()
            } else {
                rng.next_int().to_string()
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

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
