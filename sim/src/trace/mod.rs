//! Replay strings and shrinking.
//!
//! A run is named by `POLICY:ATTACKER:SEED[:KEEP]`, where KEEP is the hex bit mask of the
//! workload steps the shrinker kept. `sessionlab replay` reruns it bit for bit.

use sessionlab_core::session::Policy;

use crate::attackers::Attacker;
use crate::campaign::run::{RunResult, run_quiet};

/// A run that can be replayed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReplayId {
    /// The policy's name (a preset, or a policy file's stem).
    pub policy: String,
    /// The attacker's name.
    pub attacker: String,
    /// The seed.
    pub seed: u64,
    /// The steps kept by shrinking, if any.
    pub keep: Option<u64>,
}

impl std::fmt::Display for ReplayId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}:{}", self.policy, self.attacker, self.seed)?;
        if let Some(k) = self.keep {
            write!(f, ":{k:x}")?;
        }
        Ok(())
    }
}

impl std::str::FromStr for ReplayId {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        let parts: Vec<&str> = s.split(':').collect();
        if !(3..=4).contains(&parts.len()) || parts[..2].iter().any(|p| p.is_empty()) {
            return Err(format!("expected POLICY:ATTACKER:SEED[:KEEP], got {s:?}"));
        }
        let seed = parts[2]
            .parse()
            .map_err(|_| format!("seed {:?} is not a number", parts[2]))?;
        let keep = match parts.get(3) {
            Some(k) => Some(
                u64::from_str_radix(k, 16).map_err(|_| format!("step mask {k:?} is not hex"))?,
            ),
            None => None,
        };
        Ok(ReplayId {
            policy: parts[0].to_owned(),
            attacker: parts[1].to_owned(),
            seed,
            keep,
        })
    }
}

/// Delta debugging (Zeller's ddmin) over the workload steps: the smallest set of steps (as a
/// bit mask) with which the attack still succeeds. Deterministic, at most a few hundred runs.
pub fn shrink(policy: &Policy, attacker: &dyn Attacker, seed: u64) -> u64 {
    shrink_with(|keep| run_quiet(policy, attacker, seed, keep))
}

/// [`shrink`] over any way of running the seed with a step mask (`None`: every step): what
/// in-process and live targets shrink with, each run against a fresh instance.
pub fn shrink_with(run: impl Fn(Option<u64>) -> RunResult) -> u64 {
    let first = run(None);
    let n = first.steps.min(63);
    let fails = |mask: u64| run(Some(mask)).outcome.is_success();
    let mut kept: Vec<usize> = (0..n).collect();
    let mask_of = |v: &[usize]| v.iter().fold(0u64, |m, &i| m | 1 << i);
    let mut chunks = 2;
    while kept.len() >= 2 {
        let size = kept.len().div_ceil(chunks);
        let complement_of = |c: usize| -> Vec<usize> {
            kept.iter()
                .enumerate()
                .filter(|(i, _)| i / size != c)
                .map(|(_, &s)| s)
                .collect()
        };
        let found = (0..chunks)
            .map(complement_of)
            .find(|comp| comp.len() < kept.len() && fails(mask_of(comp)));
        let reduced = found.is_some();
        if let Some(comp) = found {
            kept = comp;
            chunks = (chunks - 1).max(2);
        }
        if !reduced {
            if chunks >= kept.len() {
                break;
            }
            chunks = (chunks * 2).min(kept.len());
        }
    }
    // A last pass: drop single steps while it still fails.
    let mut i = 0;
    while i < kept.len() {
        let mut without = kept.clone();
        without.remove(i);
        if fails(mask_of(&without)) {
            kept = without;
        } else {
            i += 1;
        }
    }
    mask_of(&kept)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replay_ids_round_trip() {
        for s in [
            "hardened:eavesdrop:7",
            "legacy-php:fixation-url:18446744073709551615:1f",
        ] {
            assert_eq!(s.parse::<ReplayId>().unwrap().to_string(), s);
        }
        for bad in ["", "a:b", "a:b:c", "a::1", "a:b:1:zz", "a:b:1:2:3"] {
            assert!(bad.parse::<ReplayId>().is_err(), "{bad}");
        }
    }
}
