//! glibc `rand()` / `random()` / `random_r()`: for the default state (TYPE_3, the one `rand()`
//! uses) raw words `r[i] = r[i-3] + r[i-31] (mod 2^32)`, output `o[i] = r[i] >> 1`.
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

//!
//! The other state sizes of `initstate` work the same way with their own lags (7/3, 15/1, 63/1;
//! see [`GlibcStateType`]), and TYPE_0 (8 to 31 bytes) is an LCG whose output is its whole
//! state. The state type is read from the samples: the smallest whose recurrence every sample
//! obeys (a type is checked once there are more samples than its degree). Tokens may be
//! decimal or several outputs concatenated as hex ([`RandPrint`]).

use super::glibc_print::RandPrint;
use super::{Model, Recovered, RecoveredState, RecoveryError};
use crate::token::weak::{GlibcStateType, glibc_type0_next};

/// The long lag of the default recurrence: the fewest outputs that determine the next up to a
/// carry.
pub(super) const LAG: usize = 31;
const OUT_MASK: u32 = 0x7fff_ffff;
/// Low-bit assignments are listed when at most 2^16 remain ...
const ENUMERATE_MAX_FREE: u32 = 16;
/// ... and checking them costs at most this many constraint evaluations.
const ENUMERATE_MAX_CHECKS: u64 = 1 << 27;

/// What the samples say about glibc's state: the last `deg` outputs and the linear system on
/// their lost low bits.
#[derive(Debug, Clone)]
pub struct GlibcRecovery {
    kind: GlibcStateType,
    deg: usize,
    sep: usize,
    print: RandPrint,
    /// The last `deg` outputs, oldest first (TYPE_0: the last output).
    tail: Vec<u32>,
    /// Their low bits, as masks over the `deg` unknowns.
    tail_masks: Vec<u64>,
    system: System,
    /// Every assignment of the unknowns that satisfies all carries, when few enough to list.
    solutions: Option<Vec<u64>>,
    carries: usize,
}

impl GlibcRecovery {
    /// The state type the samples obey.
    pub fn state_type(&self) -> GlibcStateType {
        self.kind
    }

    /// Whether the low bits are fully determined, so that every future output is known.
    pub fn is_exact(&self) -> bool {
        self.kind == GlibcStateType::Type0 || self.solutions.as_ref().is_some_and(|s| s.len() == 1)
    }

    /// How many of the unknown low bits no linear equation fixes yet.
    pub fn open_bits(&self) -> usize {
        self.deg - self.system.rows.len()
    }

    pub(super) fn describe(&self) -> String {
        let kind = format!(
            "{} state ({} bytes), samples read as {}",
            match self.kind {
                GlibcStateType::Type3 => "the default TYPE_3",
                GlibcStateType::Type0 => "a TYPE_0",
                GlibcStateType::Type1 => "a TYPE_1",
                GlibcStateType::Type2 => "a TYPE_2",
                GlibcStateType::Type4 => "a TYPE_4",
            },
            self.kind.state_bytes(),
            self.print.describe()
        );
        if self.kind == GlibcStateType::Type0 {
            return format!("{kind}: each output is the whole 31-bit LCG state");
        }
        if self.is_exact() {
            return format!(
                "{kind}: the {} lost low bits, resolved from {} carries: every output is exact",
                self.deg, self.carries
            );
        }
        let left = match &self.solutions {
            Some(s) => format!("{} assignments remain", s.len()),
            None => format!("{} bits unconstrained", self.open_bits()),
        };
        format!(
            "{kind}: {} outputs' high bits and {} carries; the lost low bits are not resolved \
             ({left}): outputs are predicted only while their carries are determined",
            self.deg, self.carries
        )
    }

    /// The next `k` tokens, or fewer: the list stops before the first output whose carry the
    /// samples leave open.
    pub fn predict(&self, k: usize) -> Vec<String> {
        let n = k.saturating_mul(self.print.words());
        let words = self.next_words(n);
        words
            .chunks_exact(self.print.words())
            .map(|c| self.print.render(c))
            .collect()
    }

    fn next_words(&self, n: usize) -> Vec<u32> {
        let (deg, sep) = (self.deg, self.sep);
        if self.kind == GlibcStateType::Type0 {
            let mut r = self.tail[0];
            return (0..n)
                .map(|_| {
                    r = glibc_type0_next(r);
                    r
                })
                .collect();
        }
        if let Some([u]) = self.solutions.as_deref() {
            let mut r: Vec<u32> = self
                .tail
                .iter()
                .zip(&self.tail_masks)
                .map(|(&o, &m)| o << 1 | parity(m & u))
                .collect();
            for i in deg..deg + n {
                r.push(r[i - deg].wrapping_add(r[i - sep]));
            }
            return r[deg..].iter().map(|&v| v >> 1).collect();
        }
        let (mut o, mut masks) = (self.tail.clone(), self.tail_masks.clone());
        let mut out = Vec::new();
        for i in deg..deg + n {
            let (a, b) = (masks[i - sep], masks[i - deg]);
            let Some(carry) = self.carry(a, b) else {
                break;
            };
            let v = o[i - sep].wrapping_add(o[i - deg]).wrapping_add(carry) & OUT_MASK;
            out.push(v);
            o.push(v);
            masks.push(a ^ b);
        }
        out
    }

    /// The carry `b_a & b_b`, if every remaining assignment agrees on it.
    fn carry(&self, a: u64, b: u64) -> Option<u32> {
        match &self.solutions {
            Some(sols) => {
                let c = |u: u64| parity(a & u) & parity(b & u);
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

/// Whether `o` obeys `o[i] = o[i-deg] + o[i-sep] (+1)` modulo 2^31 throughout.
fn obeys(o: &[u32], deg: usize, sep: usize) -> bool {
    (deg..o.len()).all(|i| o[i].wrapping_sub(o[i - sep]).wrapping_sub(o[i - deg]) & OUT_MASK <= 1)
}

/// The state type the outputs obey: TYPE_0 if each follows from the one before, else the
/// smallest additive type checked by more outputs than its degree, else the one whose degree
/// is exactly the number of outputs (unchecked).
fn state_type(o: &[u32]) -> Result<GlibcStateType, RecoveryError> {
    let model = Model::GlibcRand;
    if o.len() >= 2 && o.windows(2).all(|w| w[1] == glibc_type0_next(w[0])) {
        return Ok(GlibcStateType::Type0);
    }
    let additive = || GlibcStateType::ALL.into_iter().skip(1);
    let lags = |t: GlibcStateType| t.lags().unwrap_or((LAG, 3));
    if let Some(t) = additive().find(|&t| {
        let (deg, sep) = lags(t);
        o.len() > deg && obeys(o, deg, sep)
    }) {
        return Ok(t);
    }
    if let Some(t) = additive().find(|&t| lags(t).0 == o.len()) {
        return Ok(t);
    }
    if o.len() < LAG {
        return Err(RecoveryError::TooFewSamples {
            model,
            needed: LAG,
            got: o.len(),
        });
    }
    let i = (LAG..o.len())
        .find(|&i| o[i].wrapping_sub(o[i - 3]).wrapping_sub(o[i - LAG]) & OUT_MASK > 1)
        .unwrap_or(LAG);
    Err(RecoveryError::NoState {
        model,
        reason: format!(
            "output {} is not output {} + output {} (+1) modulo 2^31, and no other state size \
             (TYPE_0 to TYPE_4) fits either",
            i + 1,
            i + 1 - LAG,
            i + 1 - 3
        ),
    })
}

pub(super) fn recover(samples: &[&str]) -> Result<Recovered, RecoveryError> {
    let model = Model::GlibcRand;
    let print = RandPrint::detect(model, samples)?;
    let mut o = Vec::with_capacity(samples.len() * print.words());
    for (index, s) in samples.iter().enumerate() {
        let words = print.split(s).ok_or_else(|| RecoveryError::Malformed {
            index,
            reason: match print {
                RandPrint::Decimal => format!(
                    "{:?} is not a rand() value (decimal, 0..=2147483647)",
                    super::shorten(s)
                ),
                _ => format!(
                    "{:?} does not split into {} rand() values (8 hex digits each, at most \
                     7fffffff); unpadded tokens split only with a seed (glibc-srand)",
                    super::shorten(s),
                    print.words()
                ),
            },
        })?;
        o.extend(words);
    }
    let kind = state_type(&o)?;
    let n = o.len();
    let Some((deg, sep)) = kind.lags() else {
        return Ok(Recovered {
            model,
            samples_used: samples.len(),
            samples_checked: n - 1,
            work: n as u64,
            work_unit: "LCG steps",
            state: RecoveredState::GlibcRand(Box::new(GlibcRecovery {
                kind,
                deg: 1,
                sep: 0,
                print,
                tail: vec![o[n - 1]],
                tail_masks: vec![0],
                system: System::default(),
                solutions: None,
                carries: 0,
            })),
        });
    };
    let no_state = |reason: String| RecoveryError::NoState { model, reason };
    let mut masks: Vec<u64> = Vec::with_capacity(n);
    for i in 0..n {
        masks.push(if i < deg {
            1 << i
        } else {
            masks[i - deg] ^ masks[i - sep]
        });
    }
    let mut system = System::default();
    let mut zero_carries = Vec::new();
    for i in deg..n {
        let (a, b) = (masks[i - sep], masks[i - deg]);
        match o[i].wrapping_sub(o[i - sep]).wrapping_sub(o[i - deg]) & OUT_MASK {
            0 => zero_carries.push((a, b)),
            1 => {
                if !(system.add(a, true) && system.add(b, true)) {
                    return Err(no_state(format!(
                        "the carry into output {} contradicts earlier ones",
                        i + 1
                    )));
                }
            }
            _ => unreachable!("state_type checked the recurrence"),
        }
    }
    // `c = 0` with one bit known to be 1 makes the other 0; repeat until nothing changes
    // (each change adds an equation, so at most `deg` rounds).
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
    let free = (deg - system.rows.len()) as u32;
    let checks = (1u64 << free.min(63)).saturating_mul(zero_carries.len() as u64 + 1);
    let solutions = (free <= ENUMERATE_MAX_FREE && checks <= ENUMERATE_MAX_CHECKS).then(|| {
        system
            .solutions(deg)
            .filter(|&u| {
                zero_carries
                    .iter()
                    .all(|&(a, b)| parity(a & u) & parity(b & u) == 0)
            })
            .collect::<Vec<u64>>()
    });
    if solutions.as_ref().is_some_and(Vec::is_empty) {
        return Err(contradiction());
    }
    let listed = solutions.as_ref().map_or(0, |_| 1u64 << free);
    Ok(Recovered {
        model,
        samples_used: samples.len(),
        samples_checked: (n - deg).div_ceil(print.words()),
        work: (n - deg) as u64 + listed,
        work_unit: "carry equations and low-bit assignments",
        state: RecoveredState::GlibcRand(Box::new(GlibcRecovery {
            kind,
            deg,
            sep,
            print,
            tail: o[n - deg..].to_vec(),
            tail_masks: masks[n - deg..].to_vec(),
            system,
            solutions,
            carries: n - deg,
        })),
    })
}

fn parity(x: u64) -> u32 {
    x.count_ones() & 1
}

/// Linear equations `mask · u = value` over GF(2) on the unknown low bits, kept fully
/// reduced: each row's pivot appears in no other row.
#[derive(Debug, Clone, Default)]
struct System {
    /// (pivot bit, mask, value)
    rows: Vec<(u64, u64, bool)>,
}

impl System {
    fn reduce(&self, mut mask: u64, mut value: bool) -> (u64, bool) {
        for &(pivot, m, v) in &self.rows {
            if mask & pivot != 0 {
                mask ^= m;
                value ^= v;
            }
        }
        (mask, value)
    }

    /// The value the equations force on `mask · u`, if they do.
    fn value(&self, mask: u64) -> Option<bool> {
        let (m, v) = self.reduce(mask, false);
        (m == 0).then_some(v)
    }

    /// Adds an equation; false if it contradicts the others.
    fn add(&mut self, mask: u64, value: bool) -> bool {
        let (m, v) = self.reduce(mask, value);
        if m == 0 {
            return !v;
        }
        let pivot = 1 << (63 - m.leading_zeros());
        for row in &mut self.rows {
            if row.1 & pivot != 0 {
                row.1 ^= m;
                row.2 ^= v;
            }
        }
        self.rows.push((pivot, m, v));
        true
    }

    /// Every assignment of the `unknowns` that satisfies the equations.
    fn solutions(&self, unknowns: usize) -> impl Iterator<Item = u64> + '_ {
        let pivots = self.rows.iter().fold(0, |acc, r| acc | r.0);
        let free: Vec<u64> = (0..unknowns as u32)
            .map(|b| 1 << b)
            .filter(|b| pivots & b == 0)
            .collect();
        (0..1u64 << free.len()).map(move |a| {
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
