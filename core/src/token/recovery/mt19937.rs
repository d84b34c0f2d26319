//! MT19937: every output is an invertible function (the tempering) of one state word, and the
//! state is 624 words, so 624 consecutive outputs, untempered, are the state. The twist is a
//! sliding recurrence `x[n+624] = f(x[n], x[n+1], x[n+397])`, so the 624 words need not start
//! at a twist boundary. Outputs beyond the 624 check the recovery.

use super::{Model, Recovered, RecoveredState, RecoveryError, parse_all};
use crate::token::weak::Mt19937;

/// Words of state.
pub(super) const WORDS: usize = 624;

/// The inverse of MT19937's output tempering: the state word behind an output.
pub fn untemper(y: u32) -> u32 {
    let y = y ^ (y >> 18);
    let y = y ^ ((y << 15) & 0xefc6_0000);
    // `y ^= (y << 7) & mask` fixes 7 more low bits per round: 5 rounds cover 32 bits.
    let mut x = y;
    for _ in 0..5 {
        x = y ^ ((x << 7) & 0x9d2c_5680);
    }
    // `y ^= y >> 11` likewise from the top: 3 rounds.
    let mut z = x;
    for _ in 0..3 {
        z = x ^ (z >> 11);
    }
    z
}

pub(super) fn recover(samples: &[&str], x128: bool) -> Result<Recovered, RecoveryError> {
    let (model, words): (Model, Vec<u32>) = if x128 {
        let tokens = parse_all(samples, "32 hex digits ('%032x' % getrandbits(128))", |s| {
            (s.len() == 32)
                .then(|| u128::from_str_radix(s, 16).ok())
                .flatten()
        })?;
        // getrandbits(128) fills its words least significant first.
        let words = tokens
            .iter()
            .flat_map(|t| (0..4).map(move |i| (t >> (32 * i)) as u32))
            .collect();
        (Model::Mt19937x128, words)
    } else {
        let words = parse_all(samples, "an unsigned 32-bit decimal", |s| {
            s.parse::<u32>().ok()
        })?;
        (Model::Mt19937, words)
    };
    let mut state = [0u32; WORDS];
    for (s, &w) in state.iter_mut().zip(&words) {
        *s = untemper(w);
    }
    let mut rng = Mt19937::from_state(state);
    for (i, &w) in words.iter().enumerate().skip(WORDS) {
        if rng.next_u32() != w {
            let per = if x128 { 4 } else { 1 };
            return Err(RecoveryError::NoState {
                model,
                reason: format!(
                    "sample {} differs from what the state of the first {} predicts",
                    i / per + 1,
                    WORDS / per
                ),
            });
        }
    }
    let used = model.min_samples();
    Ok(Recovered {
        model,
        samples_used: used,
        samples_checked: samples.len() - used,
        work: WORDS as u64,
        work_unit: "words untempered",
        state: RecoveredState::Mt19937 {
            rng: Box::new(rng),
            x128,
        },
    })
}

pub(super) fn predict(rng: &Mt19937, x128: bool, k: usize) -> Vec<String> {
    let mut rng = rng.clone();
    (0..k)
        .map(|_| {
            if x128 {
                format!("{:032x}", rng.getrandbits_128())
            } else {
                rng.next_u32().to_string()
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The tempering, as in the reference implementation.
    fn temper(mut y: u32) -> u32 {
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c_5680;
        y ^= (y << 15) & 0xefc6_0000;
        y ^ (y >> 18)
    }

    #[test]
    fn untemper_inverts_temper() {
        let mut x = 0x1234_5678u32;
        for _ in 0..10_000 {
            assert_eq!(untemper(temper(x)), x);
            x = x.wrapping_mul(2_654_435_761).wrapping_add(1);
        }
        for x in [0, 1, u32::MAX, 0x8000_0000] {
            assert_eq!(untemper(temper(x)), x);
        }
    }
}
