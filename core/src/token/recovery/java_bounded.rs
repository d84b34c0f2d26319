//! `java.util.Random.nextInt(bound)`: every output is `(state >> 17) % bound` (a power of two
//! keeps the state's top bits instead), so one output leaves 2^48/bound states. Three searches,
//! the cheapest that fits the budget is taken:
//!
//! - **direct**: every state the first output allows (2^48/bound), checked against the rest;
//! - **power of two** `2^k`: the output is the state's top k bits: for k >= 17 the 2^(48-k)
//!   candidates; for 2 <= k <= 16 a lattice ([`super::lattice`]): the hidden low bits of
//!   consecutive states are the lattice point closest to a target, found by LLL from
//!   72 / k samples (k = 2: 36, and windows further on when the first fails; k = 1 is refused);
//! - **even bound** `2^t·o`: the output's low t bits are state bits 17..17+t, which depend only
//!   on the state's low 17+t bits (a generator modulo 2^(17+t) of its own), so those are found
//!   first from enough samples (2^(17+t) candidates), then the rest from the first output
//!   modulo `o` (2^(31-t)/o candidates per low part). `nextInt(10)` takes 2^18 + 2^28 steps
//!   instead of 2^45.
//!
//! A draw in the last partial block of `bound` values is rejected and drawn again; the checks
//! replay that exactly, only the low-bits search assumes no sample was redrawn (a chance under
//! bound/2^31 per sample), and falls back to the direct search when it finds nothing.

use super::java::{JavaFits, JavaFormat};
use super::lattice::{java_top_bits_samples, truncated_lcg};
use super::{Hints, Model, Recovered, RecoveredState, RecoveryError, parse_all};
use crate::token::weak::JavaRandom;

const MODEL: Model = Model::JavaRandomBounded;
const MULTIPLIER: u64 = 0x5_DEEC_E66D;
const ADDEND: u64 = 0xB;

/// As many samples as carry 48 bits, plus one to check them; for an even bound whose direct
/// search is over the default budget, as many as the low-bits search needs.
pub(super) fn min_samples(bound: u64) -> usize {
    let bits = (bound.max(2) as f64).log2();
    let info = (48.0 / bits).ceil() as usize + 1;
    let Ok(b) = i32::try_from(bound) else {
        return info;
    };
    let t = b.trailing_zeros();
    if b & (b - 1) == 0 && (2..=LATTICE_MAX_K).contains(&t) {
        return java_top_bits_samples(t);
    }
    if t > 0
        && b & (b - 1) != 0
        && b < 1 << 24
        && Plan::Direct.cost_for(b) > super::DEFAULT_MAX_WORK
    {
        info.max((17 + t + LOW_MARGIN).div_ceil(t) as usize)
    } else {
        info
    }
}

/// Windows of samples the lattice tries at most.
const LATTICE_WINDOWS: usize = 12;

/// The largest power of two whose top bits the lattice finds (above, 2^(48-k) candidates are
/// few enough to try).
const LATTICE_MAX_K: u32 = 16;

/// Bits the low-bits search takes beyond the 17 + t it solves for: a false low part survives
/// with a chance of 2^-4.
const LOW_MARGIN: u32 = 4;

pub(super) fn recover(samples: &[&str], hints: &Hints) -> Result<Recovered, RecoveryError> {
    let Some((low, count)) = hints.range else {
        return Err(RecoveryError::BadHint {
            model: MODEL,
            reason: "needs the bound: --range N for nextInt(N), or MIN,MAX for \
                     nextInt(MAX - MIN + 1) + MIN"
                .to_owned(),
        });
    };
    if count == 2 {
        return Err(RecoveryError::BadHint {
            model: MODEL,
            reason: "nextInt(2) shows one bit of each state, too little for the lattice (the \
                     hidden 47 bits are longer than vectors it always has) and 2^47 candidates \
                     for a search: not attempted"
                .to_owned(),
        });
    }
    if !(2..=i32::MAX as u64).contains(&count) {
        return Err(RecoveryError::BadHint {
            model: MODEL,
            reason: format!("--range: {count} values; nextInt(bound) takes 2 to 2^31 - 1"),
        });
    }
    let bound = count as i32;
    let needed = min_samples(count);
    if samples.len() < needed {
        return Err(RecoveryError::TooFewSamples {
            model: MODEL,
            needed,
            got: samples.len(),
        });
    }
    let what = format!("an integer in {low}..={}", low + count as i64 - 1);
    let outputs = parse_all(samples, &what, |s| {
        let v = s.parse::<i64>().ok()?.checked_sub(low)?;
        (0..count as i64).contains(&v).then_some(v as i32)
    })?;
    let budget = hints.budget();
    let plan = Plan::choose(bound, outputs.len());
    if plan.cost_for(bound) > budget {
        return Err(RecoveryError::TooMuchWork {
            model: MODEL,
            needed: plan.cost_for(bound),
            budget,
            reason: format!(
                "nextInt({bound}) keeps {:.1} bits of each 48-bit state; raise --max-work",
                (count as f64).log2()
            ),
        });
    }
    let (mut fits, mut work) = plan.run(bound, &outputs);
    if fits.is_empty()
        && matches!(plan, Plan::LowBits { .. })
        && Plan::Direct.cost_for(bound) <= budget
    {
        let (f, w) = Plan::Direct.run(bound, &outputs);
        (fits, work) = (f, work + w);
    }
    if fits.is_empty() {
        return Err(RecoveryError::NoState {
            model: MODEL,
            reason: format!("no 48-bit state gives these consecutive nextInt({bound}) outputs"),
        });
    }
    let known = (outputs.len() as f64 * (count as f64).log2()) as u32;
    // The lattice reads all the samples it takes; the searches one fewer (the last checks).
    let used = if matches!(plan, Plan::Lattice { .. }) {
        needed
    } else {
        needed - 1
    };
    Ok(Recovered {
        model: MODEL,
        samples_used: used,
        samples_checked: if fits.len() == 1 {
            outputs.len() - used
        } else {
            0
        },
        work,
        work_unit: if matches!(plan, Plan::Lattice { .. }) {
            "lattice reductions"
        } else {
            "candidate states"
        },
        state: RecoveredState::JavaFits(Box::new(JavaFits {
            format: JavaFormat::Bounded { low, bound },
            fits,
            extra_bits: known.saturating_sub(48),
        })),
    })
}

#[derive(Debug, Clone, Copy)]
enum Plan {
    Direct,
    PowerOfTwo,
    /// A power of two `2^k` with k <= [`LATTICE_MAX_K`].
    Lattice {
        k: u32,
    },
    /// The state's low `17 + t` bits first.
    LowBits {
        t: u32,
    },
}

impl Plan {
    fn choose(bound: i32, samples: usize) -> Plan {
        if bound & (bound - 1) == 0 {
            let k = bound.trailing_zeros();
            return if k <= LATTICE_MAX_K {
                Plan::Lattice { k }
            } else {
                Plan::PowerOfTwo
            };
        }
        let t = bound.trailing_zeros();
        // Each sample gives t low bits: enough of them pin the 17 + t bits. Redraws make the
        // low-bits search unreliable for big bounds, where the direct search is cheap anyway.
        if t > 0 && samples as u32 * t >= 17 + t + LOW_MARGIN && bound < 1 << 24 {
            let low = Plan::LowBits { t };
            if low.cost_for(bound) < Plan::Direct.cost_for(bound) {
                return low;
            }
        }
        Plan::Direct
    }

    fn cost_for(&self, bound: i32) -> u64 {
        let b = bound as u64;
        match *self {
            Plan::Direct => (1u64 << 48).div_ceil(b),
            Plan::PowerOfTwo => 1u64 << (48 - bound.trailing_zeros()),
            Plan::Lattice { .. } => LATTICE_WINDOWS as u64,
            Plan::LowBits { t } => (1u64 << (17 + t)) + (1u64 << (31 - t)).div_ceil(b >> t),
        }
    }

    fn run(&self, bound: i32, outputs: &[i32]) -> (Vec<JavaRandom>, u64) {
        let mut fits = Vec::new();
        let work = self.cost_for(bound);
        match *self {
            Plan::Direct => {
                let r0 = i64::from(outputs[0]);
                let mut hi = r0;
                // Draws past the last full block are redrawn, so never give an output.
                while hi - r0 + i64::from(bound) - 1 <= i64::from(i32::MAX) {
                    for low in 0..1u64 << 17 {
                        check((hi as u64) << 17 | low, bound, outputs, &mut fits);
                    }
                    hi += i64::from(bound);
                }
            }
            Plan::PowerOfTwo => {
                let k = bound.trailing_zeros();
                for low in 0..1u64 << (48 - k) {
                    check(
                        (outputs[0] as u64) << (48 - k) | low,
                        bound,
                        outputs,
                        &mut fits,
                    );
                }
            }
            Plan::Lattice { k } => {
                let n = java_top_bits_samples(k);
                let tops: Vec<u64> = outputs.iter().map(|&r| r as u64).collect();
                // Windows further on when one fails (k = 2 fails one in four per window).
                let last = tops.len().saturating_sub(n);
                let step = (n / 4).max(1);
                let mut tried = 0;
                for start in (0..=last).step_by(step).take(LATTICE_WINDOWS) {
                    tried += 1;
                    let window = &tops[start..start + n];
                    let Some(s) = truncated_lcg(MULTIPLIER, ADDEND, 48, 48 - k, window) else {
                        continue;
                    };
                    let mut rng = JavaRandom::from_state(s);
                    (0..start).for_each(|_| rng.back());
                    check(rng.state(), bound, outputs, &mut fits);
                    if !fits.is_empty() {
                        break;
                    }
                }
                return (fits, tried);
            }
            Plan::LowBits { t } => {
                let l = 17 + t;
                let mask_l = (1u64 << l) - 1;
                let mask_t = (1u64 << t) - 1;
                let lows: Vec<u64> = (0..1u64 << l)
                    .filter(|&x0| {
                        let mut x = x0;
                        outputs.iter().all(|&r| {
                            let ok = (x >> 17) & mask_t == r as u64 & mask_t;
                            x = x.wrapping_mul(MULTIPLIER).wrapping_add(ADDEND) & mask_l;
                            ok
                        })
                    })
                    .collect();
                let o = (bound >> t) as u64;
                let first = (outputs[0] as u64) >> t;
                for low in lows {
                    let mut h = first;
                    while h < 1 << (31 - t) {
                        let s = h << l | low;
                        if ((s >> 17) as i64) - i64::from(outputs[0]) + i64::from(bound) - 1
                            <= i64::from(i32::MAX)
                        {
                            check(s, bound, outputs, &mut fits);
                        }
                        h += o;
                    }
                }
            }
        }
        (fits, work)
    }
}

/// Keeps the generator at state `s` (right after the first sample's draw) when it gives every
/// later sample.
fn check(s: u64, bound: i32, outputs: &[i32], fits: &mut Vec<JavaRandom>) {
    let mut rng = JavaRandom::from_state(s);
    if outputs[1..]
        .iter()
        .all(|&r| rng.next_int_bounded(bound) == r)
    {
        fits.push(rng);
    }
}
