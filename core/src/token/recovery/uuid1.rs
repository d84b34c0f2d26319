//! Version-1 UUIDs (Python's `uuid.uuid1()`, libuuid's `uuid_generate_time`): a 60-bit count
//! of 100 ns since 1582-10-15, a 14-bit clock sequence drawn once per process and the 48-bit
//! node (the MAC address, or a random one). Only the time changes between ids: one id gives the
//! rest, and the next ids are the next ticks of the clock, in order. How many guesses an id
//! takes is how many ticks passed: the samples' spacing says how fast the app issues them.

use super::{Model, Recovered, RecoveredState, RecoveryError, parse_all};

/// 100 ns ticks from 1582-10-15 to 1970-01-01.
const UNIX_EPOCH_TICKS: u64 = 0x01b2_1dd2_1381_4000;

/// What one id says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Uuid1 {
    ticks: u64,
    clock_seq: u16,
    node: u64,
}

fn parse(s: &str) -> Option<(Uuid1, bool)> {
    let b = s.as_bytes();
    if b.len() != 36 || [8, 13, 18, 23].iter().any(|&i| b[i] != b'-') {
        return None;
    }
    let hex: String = s.split('-').collect();
    if hex.len() != 32 || !hex.bytes().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    let upper = hex.bytes().any(|c| c.is_ascii_uppercase());
    let v = u128::from_str_radix(&hex, 16).ok()?;
    let (time_low, time_mid, time_hi) = (
        (v >> 96) as u64,
        (v >> 80) as u64 & 0xffff,
        (v >> 64) as u64 & 0xffff,
    );
    let clock = (v >> 48) as u16;
    // Version 1, RFC 4122 variant (10xx).
    if time_hi >> 12 != 1 || clock >> 14 != 0b10 {
        return None;
    }
    Some((
        Uuid1 {
            ticks: (time_hi & 0x0fff) << 48 | time_mid << 32 | time_low,
            clock_seq: clock & 0x3fff,
            node: (v & 0xffff_ffff_ffff) as u64,
        },
        upper,
    ))
}

fn print(id: Uuid1, upper: bool) -> String {
    let t = id.ticks;
    let s = format!(
        "{:08x}-{:04x}-{:04x}-{:04x}-{:012x}",
        t & 0xffff_ffff,
        (t >> 32) & 0xffff,
        0x1000 | (t >> 48) & 0x0fff,
        0x8000 | u64::from(id.clock_seq),
        id.node
    );
    if upper { s.to_uppercase() } else { s }
}

/// The process's fixed fields and its clock.
#[derive(Debug, Clone)]
pub struct Uuid1Recovery {
    /// The 48-bit node.
    pub node: u64,
    /// The 14-bit clock sequence.
    pub clock_seq: u16,
    /// The last sample's time, in 100 ns ticks since 1582-10-15.
    pub last_ticks: u64,
    /// The median number of ticks between consecutive samples (`None` from one sample).
    pub median_gap: Option<u64>,
    upper: bool,
}

impl Uuid1Recovery {
    /// The ids of the next ticks after the last sample, in order: the attacker's guesses.
    pub(super) fn predict(&self, k: usize) -> Vec<String> {
        (1..=k as u64)
            .map_while(|j| self.last_ticks.checked_add(j).filter(|t| *t >> 60 == 0))
            .map(|ticks| {
                print(
                    Uuid1 {
                        ticks,
                        clock_seq: self.clock_seq,
                        node: self.node,
                    },
                    self.upper,
                )
            })
            .collect()
    }

    /// The last sample's time, in Unix microseconds.
    pub fn last_unix_micros(&self) -> i64 {
        (self.last_ticks as i64 - UNIX_EPOCH_TICKS as i64) / 10
    }

    pub(super) fn describe(&self) -> String {
        let node_kind = if self.node >> 40 & 1 == 1 {
            "random (multicast bit set)"
        } else {
            "a MAC address: it names the host's network card"
        };
        let micros = self.last_unix_micros();
        let pace = match self.median_gap {
            Some(g) => format!(
                "; the samples came every {g} ticks (median), so the next id is about guess {g}, \
                 and an id t seconds later is one of t x 10^7"
            ),
            None => "; an id t seconds later is one of t x 10^7 guesses".to_owned(),
        };
        format!(
            "node {:012x} ({node_kind}), clock sequence {:#06x}, last at Unix {}.{:06} \
             (100 ns ticks){pace}",
            self.node,
            self.clock_seq,
            micros.div_euclid(1_000_000),
            micros.rem_euclid(1_000_000),
        )
    }
}

pub(super) fn recover(samples: &[&str]) -> Result<Recovered, RecoveryError> {
    let model = Model::Uuid1;
    let ids = parse_all(samples, "a version-1 UUID (8-4-4-4-12 hex)", parse)?;
    let (first, upper) = ids[0];
    let no_state = |reason: String| RecoveryError::NoState { model, reason };
    for (i, (id, _)) in ids.iter().enumerate().skip(1) {
        if id.node != first.node || id.clock_seq != first.clock_seq {
            return Err(no_state(format!(
                "sample {} has another node or clock sequence than sample 1 (another process)",
                i + 1
            )));
        }
        if id.ticks <= ids[i - 1].0.ticks {
            return Err(no_state(format!(
                "sample {} is not later than sample {i}",
                i + 1
            )));
        }
    }
    let mut gaps: Vec<u64> = ids
        .windows(2)
        .map(|w| w[1].0.ticks - w[0].0.ticks)
        .collect();
    gaps.sort_unstable();
    let median_gap = (!gaps.is_empty()).then(|| gaps[gaps.len() / 2]);
    Ok(Recovered {
        model,
        samples_used: 1,
        samples_checked: ids.len() - 1,
        work: ids.len() as u64,
        work_unit: "ids read",
        state: RecoveredState::Uuid1(Box::new(Uuid1Recovery {
            node: first.node,
            clock_seq: first.clock_seq,
            last_ticks: ids[ids.len() - 1].0.ticks,
            median_gap,
            upper,
        })),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_and_print_round_trip() {
        for s in [
            "60d58ab0-ee6b-11f1-aba8-02fc00000001",
            "61339664-ee6b-11f1-9234-123456789abc",
            "61339664-EE6B-11F1-9234-123456789ABC",
        ] {
            let (id, upper) = parse(s).unwrap();
            assert_eq!(print(id, upper), s);
        }
        // Version 4 and a wrong variant are not version-1 UUIDs.
        assert!(parse("60d58ab0-ee6b-41f1-aba8-02fc00000001").is_none());
        assert!(parse("60d58ab0-ee6b-11f1-eba8-02fc00000001").is_none());
        assert!(parse("60d58ab0ee6b-11f1-aba8-02fc00000001").is_none());
    }
}
