//! glibc `rand()`: raw words `r[i] = r[i-3] + r[i-31] (mod 2^32)`, output `o[i] = r[i] >> 1`.
//!
//! So `o[i] = o[i-3] + o[i-31] + c[i] (mod 2^31)`, where the carry `c[i] = b[i-3] & b[i-31]`
//! comes from the low bits `b` that the output drops. 31 consecutive outputs therefore give
//! every next output up to that carry (the classic attack: right about 3 times in 4 per
//! output, and errors compound). To predict exactly we solve for the low bits: they obey the
//! linear recurrence `b[i] = b[i-3] ^ b[i-31]` over GF(2), so all of them are XORs of the first
//! 31 (the unknowns), and every observed carry constrains them: `c = 1` says both bits are 1
//! (two linear equations); `c = 0` says not both, which becomes linear as soon as one of them
//! is known to be 1. Once at most 2^16 assignments remain they are listed and filtered by every
//! `c = 0` constraint. Each output beyond the 31st carries at most 0.8 bits (the entropy of a
//! carry that is 1 a quarter of the time) on the 31 unknowns, so no method needs fewer than
//! ~70 outputs on average; this one needs 78 to 93, median 90, over 200 seeds (measured in
//! `core/tests/token_recovery.rs`). With fewer, only the outputs whose carries are already
//! determined are predicted.

use super::{Model, Recovered, RecoveredState, RecoveryError, parse_all};

/// The long lag of the recurrence: the fewest outputs that determine the next up to a carry.
pub(super) const LAG: usize = 31;
const SHORT: usize = 3;
const OUT_MASK: u32 = 0x7fff_ffff;
/// Low-bit assignments are listed when at most 2^16 remain ...
const ENUMERATE_MAX_FREE: u32 = 16;
/// ... and checking them costs at most this many constraint evaluations.
const ENUMERATE_MAX_CHECKS: u64 = 1 << 27;

/// What the samples say about glibc's state: the last 31 outputs and the linear system on their
/// lost low bits.
#[derive(Debug, Clone)]
pub struct GlibcRecovery {
    /// The last 31 outputs, oldest first.
    tail: Vec<u32>,
    /// Their low bits, as masks over the 31 unknowns.
    tail_masks: Vec<u32>,
    system: System,
    /// Every assignment of the unknowns that satisfies all carries, when few enough to list.
    solutions: Option<Vec<u32>>,
    carries: usize,
}

impl GlibcRecovery {
    /// Whether the low bits are fully determined, so that every future output is known.
    pub fn is_exact(&self) -> bool {
        self.solutions.as_ref().is_some_and(|s| s.len() == 1)
    }

    /// How many of the 31 unknown low bits no linear equation fixes yet.
    pub fn open_bits(&self) -> usize {
        LAG - self.system.rows.len()
    }

    pub(super) fn describe(&self) -> String {
        if self.is_exact() {
            return format!(
                "the 31 lost low bits, resolved from {} carries: every output is exact",
                self.carries
            );
        }
        let left = match &self.solutions {
            Some(s) => format!("{} assignments remain", s.len()),
            None => format!("{} bits unconstrained", self.open_bits()),
        };
        format!(
            "31 outputs' high bits and {} carries; the lost low bits are not resolved ({left}): \
             outputs are predicted only while their carries are determined",
            self.carries
        )
    }

    /// The next `k` outputs, or fewer: the list stops before the first output whose carry the
    /// samples leave open.
    pub fn predict(&self, k: usize) -> Vec<String> {
        if let Some([u]) = self.solutions.as_deref() {
            let mut r: Vec<u32> = self
                .tail
                .iter()
                .zip(&self.tail_masks)
                .map(|(&o, &m)| o << 1 | parity(m & u))
                .collect();
            for i in LAG..LAG + k {
                r.push(r[i - LAG].wrapping_add(r[i - SHORT]));
            }
            return r[LAG..].iter().map(|&v| (v >> 1).to_string()).collect();
        }
        let (mut o, mut masks) = (self.tail.clone(), self.tail_masks.clone());
        let mut out = Vec::new();
        for i in LAG..LAG + k {
            let (a, b) = (masks[i - SHORT], masks[i - LAG]);
            let Some(carry) = self.carry(a, b) else {
                break;
            };
            let v = o[i - SHORT].wrapping_add(o[i - LAG]).wrapping_add(carry) & OUT_MASK;
            out.push(v.to_string());
            o.push(v);
            masks.push(a ^ b);
        }
        out
    }

    /// The carry `b_a & b_b`, if every remaining assignment agrees on it.
    fn carry(&self, a: u32, b: u32) -> Option<u32> {
        match &self.solutions {
            Some(sols) => {
                let c = |u: u32| parity(a & u) & parity(b & u);
                let first = c(*sols.first()?);
                sols.iter().all(|&u| c(u) == first).then_some(first)
            }
            None => match (self.system.value(a), self.system.value(b)) {
                (Some(false), _) | (_, Some(false)) => Some(0),
                (Some(true), Some(true)) => Some(1),
                _ => None,
            },
        }
    }
}

pub(super) fn recover(samples: &[&str]) -> Result<Recovered, RecoveryError> {
    let model = Model::GlibcRand;
    let o = parse_all(samples, "a rand() value (decimal, 0..=2147483647)", |s| {
        s.parse::<u32>().ok().filter(|&v| v <= OUT_MASK)
    })?;
    let no_state = |reason: String| RecoveryError::NoState { model, reason };
    let mut masks = Vec::with_capacity(o.len());
    for i in 0..o.len() {
        masks.push(if i < LAG {
            1 << i
        } else {
            masks[i - LAG] ^ masks[i - SHORT]
        });
    }
    let mut system = System::default();
    let mut zero_carries = Vec::new();
    for i in LAG..o.len() {
        let (a, b) = (masks[i - SHORT], masks[i - LAG]);
        match o[i].wrapping_sub(o[i - SHORT]).wrapping_sub(o[i - LAG]) & OUT_MASK {
            0 => zero_carries.push((a, b)),
            1 => {
                if !(system.add(a, true) && system.add(b, true)) {
                    return Err(no_state(format!(
                        "the carry into sample {} contradicts earlier ones",
                        i + 1
                    )));
                }
            }
            _ => {
                return Err(no_state(format!(
                    "sample {} is not sample {} + sample {} (+1) modulo 2^31",
                    i + 1,
                    i + 1 - LAG,
                    i + 1 - SHORT
                )));
            }
        }
    }
    // `c = 0` with one bit known to be 1 makes the other 0; repeat until nothing changes
    // (each change adds an equation, so at most 31 rounds).
    let contradiction = || no_state("the carries contradict each other".to_owned());
    loop {
        let mut changed = false;
        for &(a, b) in &zero_carries {
            let other = match (system.value(a), system.value(b)) {
                (Some(true), Some(true)) => return Err(contradiction()),
                (Some(true), None) => b,
                (None, Some(true)) => a,
                _ => continue,
            };
            if !system.add(other, false) {
                return Err(contradiction());
            }
            changed = true;
        }
        if !changed {
            break;
        }
    }
    let free = (LAG - system.rows.len()) as u32;
    let checks = (1u64 << free).saturating_mul(zero_carries.len() as u64 + 1);
    let solutions = (free <= ENUMERATE_MAX_FREE && checks <= ENUMERATE_MAX_CHECKS).then(|| {
        system
            .solutions()
            .filter(|&u| {
                zero_carries
                    .iter()
                    .all(|&(a, b)| parity(a & u) & parity(b & u) == 0)
            })
            .collect::<Vec<u32>>()
    });
    if solutions.as_ref().is_some_and(Vec::is_empty) {
        return Err(contradiction());
    }
    let n = o.len();
    let listed = solutions.as_ref().map_or(0, |_| 1u64 << free);
    Ok(Recovered {
        model,
        samples_used: n,
        samples_checked: n - LAG,
        work: (n - LAG) as u64 + listed,
        work_unit: "carry equations and low-bit assignments",
        state: RecoveredState::GlibcRand(Box::new(GlibcRecovery {
            tail: o[n - LAG..].to_vec(),
            tail_masks: masks[n - LAG..].to_vec(),
            system,
            solutions,
            carries: n - LAG,
        })),
    })
}

fn parity(x: u32) -> u32 {
    x.count_ones() & 1
}

/// Linear equations `mask · u = value` over GF(2) on the 31 unknown low bits, kept fully
/// reduced: each row's pivot appears in no other row.
#[derive(Debug, Clone, Default)]
struct System {
    /// (pivot bit, mask, value)
    rows: Vec<(u32, u32, bool)>,
}

impl System {
    fn reduce(&self, mut mask: u32, mut value: bool) -> (u32, bool) {
        for &(pivot, m, v) in &self.rows {
            if mask & pivot != 0 {
                mask ^= m;
                value ^= v;
            }
        }
        (mask, value)
    }

    /// The value the equations force on `mask · u`, if they do.
    fn value(&self, mask: u32) -> Option<bool> {
        let (m, v) = self.reduce(mask, false);
        (m == 0).then_some(v)
    }

    /// Adds an equation; false if it contradicts the others.
    fn add(&mut self, mask: u32, value: bool) -> bool {
        let (m, v) = self.reduce(mask, value);
        if m == 0 {
            return !v;
        }
        let pivot = 1 << (31 - m.leading_zeros());
        for row in &mut self.rows {
            if row.1 & pivot != 0 {
                row.1 ^= m;
                row.2 ^= v;
            }
        }
        self.rows.push((pivot, m, v));
        true
    }

    /// Every assignment of the unknowns that satisfies the equations.
    fn solutions(&self) -> impl Iterator<Item = u32> + '_ {
        let pivots = self.rows.iter().fold(0, |acc, r| acc | r.0);
        let free: Vec<u32> = (0..LAG as u32)
            .map(|b| 1 << b)
            .filter(|b| pivots & b == 0)
            .collect();
        (0..1u32 << free.len()).map(move |a| {
            let mut u = free
                .iter()
                .enumerate()
                .filter(|(j, _)| a >> j & 1 != 0)
                .fold(0, |acc, (_, b)| acc | b);
            // Free bits set, pivots follow from their rows (which hold no other pivot).
            for &(pivot, m, v) in &self.rows {
                if v ^ (parity(m & !pivot & u) != 0) {
                    u |= pivot;
                }
            }
            u
        })
    }
}
