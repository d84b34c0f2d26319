//! PHP <= 5.3 session ids, after Samy Kamkar (2010): the id is
//! `md5(ip . sec . usec . sprintf("%.8F", lcg * 10))`, and the combined LCG of a fresh process
//! is seeded while that very id is made, from the same clock a few microseconds later
//! (`s1 = sec ^ (usec << 11)`) and the pid (`s2 = pid ^ (usec2 << 11)`); see
//! [`PhpLegacyTokens`].
//!
//! So the first id of a fresh process, from a known client address at a roughly known time, is
//! one of (microseconds in the window) x (seeding delays) x (pids) candidates: 16 million for
//! a one-second window with the pid known, 32767 times that without. Each later id of the same
//! process uses the next LCG draw, which is then known: only its time (one candidate per
//! microsecond of the window) is searched. The recovered LCG state leaves the next id's time
//! and client as its only unknowns.
//!
//! Assumptions: every sample came from one process, from the client address given, inside the
//! window, in the order issued; the first is the process's first LCG draw; between two samples
//! at most `max_skipped_draws` other draws happened (other clients' sessions).

use super::md5_block::{MAX_LEN, OneBlock, digest_words, write_decimal};
use super::{Hints, Model, Recovered, RecoveredState, RecoveryError, TimeWindow, parse_md5_hex};
use crate::token::weak::{PhpCombinedLcg, PhpLegacyTokens, php_session_id};

const MICROS: i64 = 1_000_000;
/// pids tried when none is given: 1..=32767, the old Linux `pid_max`.
const MAX_PID: i32 = 32_767;
/// `%.15s` of the address.
const IP_MAX: usize = 15;

/// What the samples gave away about a PHP 5.3 process.
#[derive(Debug, Clone, PartialEq)]
pub struct PhpLegacyRecovery {
    /// The client address, as PHP printed it (at most 15 characters).
    pub ip: String,
    /// The process ids that explain the samples, ascending: without `--pid` several can, since
    /// `s2 = pid ^ (usec2 << 11)` lets the pid's bits 11 to 14 trade places with the
    /// microseconds'; they all give the same LCG state, so the predictions do not depend on it.
    pub pids: Vec<i32>,
    /// Microseconds from the first id's clock reading to the seed's first, and to its second
    /// (for the lowest pid).
    pub seed_delays: (u32, u32),
    /// The LCG seed `(s1, s2)`.
    pub seed: (i32, i32),
    /// When each sample was made, in microseconds since the epoch.
    pub times_micros: Vec<i64>,
    /// LCG draws from the seeding to the last sample, inclusive.
    pub draws: u32,
    /// The LCG right after the last sample's draw.
    pub lcg: PhpCombinedLcg,
}

impl PhpLegacyRecovery {
    /// The id that the process's next LCG draw gives a request from `ip` at `micros`.
    pub fn next_id(&self, ip: &str, micros: i64) -> String {
        let mut lcg = self.lcg;
        let value = lcg.next_f64();
        php_session_id(
            ip,
            micros.div_euclid(MICROS),
            micros.rem_euclid(MICROS),
            value,
        )
    }

    /// [`next_id`](Self::next_id) for `k` consecutive microseconds from `from_micros`.
    pub fn next_ids(&self, ip: &str, from_micros: i64, k: usize) -> Vec<String> {
        (0..k as i64)
            .map(|j| self.next_id(ip, from_micros.saturating_add(j)))
            .collect()
    }

    pub(super) fn predict(&self, k: usize) -> Vec<String> {
        let last = self.times_micros.last().copied().unwrap_or_default();
        self.next_ids(&self.ip, last.saturating_add(1), k)
    }

    pub(super) fn describe(&self) -> String {
        let t = self.times_micros[0];
        format!(
            "first id at {}.{:06} by pid {}, LCG seeded {} and {} us later: s1={} s2={}; \
             LCG after the last sample (draw {}): s1={} s2={}",
            t.div_euclid(MICROS),
            t.rem_euclid(MICROS),
            pids(&self.pids),
            self.seed_delays.0,
            self.seed_delays.1,
            self.seed.0,
            self.seed.1,
            self.draws,
            self.lcg.state().0,
            self.lcg.state().1
        )
    }
}

/// "77" or "77, 2125 or 4173".
fn pids(p: &[i32]) -> String {
    match p {
        [one] => one.to_string(),
        [init @ .., last] => {
            let init: Vec<String> = init.iter().map(i32::to_string).collect();
            format!("{} or {last}", init.join(", "))
        }
        [] => "?".to_owned(),
    }
}

/// The search's parameters, checked.
struct Search {
    ip: Vec<u8>,
    window: TimeWindow,
    pids: std::ops::RangeInclusive<i32>,
    max_delay: u32,
    skips: u32,
}

impl Search {
    fn new(hints: &Hints) -> Result<Self, RecoveryError> {
        let bad = |reason: &str| RecoveryError::BadHint {
            model: Model::PhpLegacy,
            reason: reason.to_owned(),
        };
        let ip = hints
            .ip
            .as_deref()
            .ok_or_else(|| bad("needs the client address (--ip)"))?;
        if ip.is_empty() || !ip.bytes().all(|b| b.is_ascii_graphic()) {
            return Err(bad("the client address must be printable ASCII"));
        }
        let window = hints
            .window
            .ok_or_else(|| bad("needs the time window (--around, --window)"))?;
        // Seconds of at most 12 digits keep every message in one md5 block.
        if window.start_micros < 0
            || window.end_micros >= 1_000_000_000_000 * MICROS
            || window.start_micros > window.end_micros
        {
            return Err(bad(
                "the time window must be non-empty and between 1970 and year 33658",
            ));
        }
        let max_delay = hints
            .max_seed_delay_micros
            .unwrap_or(PhpLegacyTokens::MAX_SEED_DELAY_MICROS);
        if max_delay > 1_000 {
            return Err(bad("the seeding delay is at most 1000 microseconds"));
        }
        let pids = match hints.pid {
            Some(p) if p >= 0 => p..=p,
            Some(_) => return Err(bad("a pid is not negative")),
            None => 1..=MAX_PID,
        };
        Ok(Search {
            ip: ip.as_bytes()[..ip.len().min(IP_MAX)].to_vec(),
            window,
            pids,
            max_delay,
            skips: hints.max_skipped_draws.min(1_000),
        })
    }

    /// Candidates for the first sample, and for each later one.
    fn cost(&self) -> (u64, u64) {
        let delays = u64::from(self.max_delay + 1).pow(2);
        let pids = (i64::from(*self.pids.end()) - i64::from(*self.pids.start()) + 1) as u64;
        let us = self.window.micros();
        (
            us.saturating_mul(delays).saturating_mul(pids),
            us.saturating_mul(u64::from(self.skips) + 1),
        )
    }
}

/// How many md5 candidates recovering from `samples` ids would try at most with `hints`.
pub fn php_legacy_candidates(hints: &Hints, samples: usize) -> Result<u64, RecoveryError> {
    let (first, later) = Search::new(hints)?.cost();
    Ok(first.saturating_add(later.saturating_mul(samples.saturating_sub(1) as u64)))
}

/// One way the samples so far could have been made.
#[derive(Clone)]
struct Candidate {
    pid: i32,
    delays: (u32, u32),
    seed: (i32, i32),
    times: Vec<i64>,
    draws: u32,
    lcg: PhpCombinedLcg,
}

pub(super) fn recover(samples: &[&str], hints: &Hints) -> Result<Recovered, RecoveryError> {
    let model = Model::PhpLegacy;
    let targets = super::parse_all(samples, "32 hex digits (an md5 session id)", |s| {
        parse_md5_hex(s).map(|d| digest_words(&d))
    })?;
    let search = Search::new(hints)?;
    let needed = php_legacy_candidates(hints, samples.len())?;
    if needed > hints.budget() {
        let reason = if hints.pid.is_none() {
            "give the pid (--pid) or narrow the window"
        } else {
            "narrow the window or the seeding delay"
        };
        return Err(RecoveryError::TooMuchWork {
            model,
            needed,
            budget: hints.budget(),
            reason: reason.to_owned(),
        });
    }
    let mut work = 0u64;
    let mut candidates = first_id(&search, targets[0], &mut work);
    if candidates.is_empty() {
        return Err(RecoveryError::NoState {
            model,
            reason: "no time in the window, seeding delay or pid gives sample 1 (is it the \
                     first id of a fresh process, for this client address?)"
                .to_owned(),
        });
    }
    for (i, &target) in targets.iter().enumerate().skip(1) {
        candidates = candidates
            .iter()
            .flat_map(|c| later_id(&search, c, target, &mut work))
            .collect();
        if candidates.is_empty() {
            return Err(RecoveryError::NoState {
                model,
                reason: format!(
                    "sample {} is not a later id of the process sample 1 came from",
                    i + 1
                ),
            });
        }
    }
    // Candidates that differ only in pid and delays (see `pids`) reach the same LCG state at
    // the same times: one prediction. Different states predict differently: ambiguous.
    candidates.sort_by_key(|c| (c.lcg.state(), c.pid));
    let c = &candidates[0];
    if candidates
        .iter()
        .any(|d| (d.lcg, &d.times) != (c.lcg, &c.times))
    {
        let mut states: Vec<_> = candidates.iter().map(|d| d.lcg.state()).collect();
        states.dedup();
        return Err(RecoveryError::Ambiguous {
            model,
            count: states.len().max(2),
        });
    }
    let mut pids: Vec<i32> = candidates.iter().map(|d| d.pid).collect();
    pids.dedup();
    Ok(Recovered {
        model,
        samples_used: 1,
        samples_checked: samples.len() - 1,
        work,
        work_unit: "md5 candidates",
        state: RecoveredState::PhpLegacy(Box::new(PhpLegacyRecovery {
            ip: String::from_utf8_lossy(&search.ip).into_owned(),
            pids,
            seed_delays: c.delays,
            seed: c.seed,
            times_micros: c.times.clone(),
            draws: c.draws,
            lcg: c.lcg,
        })),
    })
}

/// The block `ip . sec . usec . lcg`, rewritten only where a candidate changes it.
struct Message {
    block: OneBlock,
    ip_len: usize,
    sec: i64,
    sec_end: usize,
}

impl Message {
    fn new(ip: &[u8]) -> Self {
        let mut block = OneBlock::new();
        block.bytes()[..ip.len()].copy_from_slice(ip);
        Message {
            block,
            ip_len: ip.len(),
            sec: -1,
            sec_end: ip.len(),
        }
    }

    /// Writes the time; returns where the LCG's 10 characters go.
    fn set_time(&mut self, micros: i64) -> usize {
        let sec = micros.div_euclid(MICROS);
        if sec != self.sec {
            self.sec = sec;
            self.sec_end = write_decimal(self.block.bytes(), self.ip_len, sec as u64);
        }
        let at = write_decimal(
            self.block.bytes(),
            self.sec_end,
            micros.rem_euclid(MICROS) as u64,
        );
        debug_assert!(at + 10 <= MAX_LEN);
        self.block.set_len(at + 10);
        at
    }

    fn matches(&mut self, at: usize, lcg: &[u8; 10], target: [u32; 4]) -> bool {
        self.block.bytes()[at..at + 10].copy_from_slice(lcg);
        self.block.digest() == target
    }
}

/// Every (time, delays, pid) that gives the first id. Distinct times give distinct messages
/// when all seconds of the window have as many digits, so the scan stops after the first
/// time that matches (other seeds at that time may print the same LCG value).
fn first_id(s: &Search, target: [u32; 4], work: &mut u64) -> Vec<Candidate> {
    let mut msg = Message::new(&s.ip);
    let digits = |us: i64| us.div_euclid(MICROS).max(1).ilog10();
    let stop_at_first = digits(s.window.start_micros) == digits(s.window.end_micros);
    let per_time = u64::from(s.max_delay + 1).pow(2) * s.pids.clone().count() as u64;
    let mut found = Vec::new();
    for t0 in s.window.start_micros..=s.window.end_micros {
        let at = msg.set_time(t0);
        for d1 in 0..=s.max_delay {
            let t1 = t0 + i64::from(d1);
            let s1 = (t1.div_euclid(MICROS) ^ (t1.rem_euclid(MICROS) << 11)) as i32;
            for d2 in 0..=s.max_delay {
                let high = ((t1 + i64::from(d2)).rem_euclid(MICROS) << 11) as i32;
                for pid in s.pids.clone() {
                    let mut lcg = PhpCombinedLcg::new(s1, pid ^ high);
                    let text = fixed8(lcg.next_f64() * 10.0);
                    if msg.matches(at, &text, target) {
                        found.push(Candidate {
                            pid,
                            delays: (d1, d2),
                            seed: (s1, pid ^ high),
                            times: vec![t0],
                            draws: 1,
                            lcg,
                        });
                    }
                }
            }
        }
        *work += per_time;
        if stop_at_first && !found.is_empty() {
            break;
        }
    }
    found
}

/// The ways `c` continues to a later id: each allowed number of skipped draws, at the first
/// time from the previous sample's on that gives `target`.
fn later_id(s: &Search, c: &Candidate, target: [u32; 4], work: &mut u64) -> Vec<Candidate> {
    let mut msg = Message::new(&s.ip);
    let mut out = Vec::new();
    let mut lcg = c.lcg;
    let prev = c.times.last().copied().unwrap_or(s.window.start_micros);
    for skipped in 0..=s.skips {
        let text = fixed8(lcg.next_f64() * 10.0);
        for t in prev..=s.window.end_micros {
            *work += 1;
            let at = msg.set_time(t);
            if msg.matches(at, &text, target) {
                let mut next = c.clone();
                next.times.push(t);
                next.draws += skipped + 1;
                next.lcg = lcg;
                out.push(next);
                break;
            }
        }
    }
    out
}

/// `sprintf("%.8F", v)` for `v` in [0, 10): the exact decimal value of the double rounded
/// half to even, as glibc's printf (and Rust's `{:.8}`) do; by hand, because formatting is
/// most of a candidate's cost otherwise. The LCG's `v` is at most 9.9999997.
fn fixed8(v: f64) -> [u8; 10] {
    let bits = v.to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i32;
    let mantissa = bits & ((1 << 52) - 1);
    let (m, shift) = if exp == 0 {
        (mantissa, 1074)
    } else {
        (mantissa | 1 << 52, 1075 - exp)
    };
    // v * 1e8 = m * 1e8 / 2^shift, m * 1e8 < 2^80.
    let x = u128::from(m) * 100_000_000;
    // Out of range (never for the LCG) or below 5e-9 with room to spare: zero.
    let n = if !(0.0..10.0).contains(&v) || shift >= 128 {
        0
    } else {
        let q = x >> shift;
        let r = x & ((1u128 << shift) - 1);
        let half = 1u128 << (shift - 1);
        q + u128::from(r > half || (r == half && q & 1 == 1))
    };
    let n = n.min(999_999_999) as u32;
    let mut out = *b"0.00000000";
    out[0] = b'0' + (n / 100_000_000) as u8;
    let mut f = n % 100_000_000;
    for i in (2..10).rev() {
        out[i] = b'0' + (f % 10) as u8;
        f /= 10;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed8_is_printf() {
        let mut z = 1i32;
        let mut values: Vec<f64> = vec![
            0.001_953_125, // exact ties: half to even
            0.005_859_375,
            1.0 / 512.0 * 5.0,
            f64::from(2_147_483_562) * 4.656_613e-10 * 10.0,
            4.656_613e-10 * 10.0,
            9.999_999_99,
            9.999_999_995,
            0.0,
        ];
        for _ in 0..100_000 {
            values.push(f64::from(z) * 4.656_613e-10 * 10.0);
            z = z.wrapping_mul(1_103_515_245).wrapping_add(12_345) & 0x7fff_ffff;
        }
        for v in values {
            let want = format!("{v:.8}");
            if want.len() == 10 {
                assert_eq!(std::str::from_utf8(&fixed8(v)).unwrap(), want, "{v:e}");
            }
        }
    }
}
