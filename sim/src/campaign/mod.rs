//! Campaigns: the matrix of attackers x policies, N seeds per cell, in parallel.

pub mod expectations;
pub mod report;
pub mod run;

use std::collections::BTreeMap;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use sessionlab_core::cookie::BrowserProfile;
use sessionlab_core::session::Policy;

use crate::attackers::{self, Attacker};
use crate::oracle::Outcome;
use crate::trace::{ReplayId, shrink};
use crate::world::workload::victim_browser;
use expectations::{Expect, expected};
use run::{run_one, run_quiet};

/// What to run.
pub struct Campaign {
    /// Named policies (presets and user files), in row order.
    pub policies: Vec<NamedPolicy>,
    /// Attackers, in column order.
    pub attackers: Vec<Box<dyn Attacker>>,
    /// Seeds per cell.
    pub seeds: u64,
    /// The first seed (seeds are `first_seed..first_seed + seeds`).
    pub first_seed: u64,
    /// Run only the runs of this shard: `(index, count)`, index from 0.
    pub shard: Option<(u64, u64)>,
    /// Shrink each failing cell's first failure.
    pub shrink: bool,
    /// Run every seed twice and compare transcript hashes.
    pub check_determinism: bool,
}

/// A policy with the name it goes by in reports.
#[derive(Debug, Clone)]
pub struct NamedPolicy {
    /// The name: a preset's, or a policy file's stem.
    pub name: String,
    /// The policy.
    pub policy: Policy,
    /// Whether it is a built-in preset (expectations apply).
    pub builtin: bool,
    /// The policy file, for user policies (the replay command needs it).
    pub file: Option<String>,
}

/// One cell of the matrix.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cell {
    /// The row: a preset's or a policy file's name, or a live site's (`--site`).
    #[serde(default)]
    pub target: String,
    /// The policy's name, for presets and policy files (empty for a live site).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub policy: String,
    /// The attacker's name.
    pub attacker: String,
    /// The worst outcome over the runs.
    pub outcome: Outcome,
    /// How many runs.
    pub runs: u64,
    /// How many runs succeeded (hijacked or partial).
    pub successes: u64,
    /// Runs by outcome.
    pub outcomes: BTreeMap<Outcome, u64>,
    /// The expectation for this cell, if any.
    pub expect: Option<Expect>,
    /// The command that replays the first successful run (shrunk).
    pub replay: Option<String>,
    /// The first successful run's seed (for merging shards).
    pub first_success_seed: Option<u64>,
    /// Invariants broken in any run.
    pub violations: Vec<String>,
    /// Runs whose two executions differed (with --check-determinism).
    pub nondeterministic: u64,
    /// Why runs were skipped (a capability the target lacks), if any were.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub skipped: Option<String>,
    /// Runs and successes by the victim's browser profile (drawn from each seed).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub by_browser: ByBrowser,
    /// When the first successful run fails with the victim in another browser (everything
    /// else equal), which and how.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub browser_dependent: Option<String>,
}

/// Runs and successes under one victim browser profile.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tally {
    /// Runs whose victim used this browser.
    pub runs: u64,
    /// How many of them succeeded (hijacked or partial).
    pub successes: u64,
}

/// A cell's runs by the victim's browser profile.
pub type ByBrowser = BTreeMap<BrowserProfile, Tally>;

/// Counts `(seed, succeeded)` runs by the victim browser each seed draws.
pub fn tally_by_browser(runs: impl IntoIterator<Item = (u64, bool)>) -> ByBrowser {
    let mut by = ByBrowser::new();
    for (seed, success) in runs {
        let t = by.entry(victim_browser(seed)).or_default();
        t.runs += 1;
        t.successes += u64::from(success);
    }
    by
}

/// Replays the successful run of `seed` with the victim in each other browser profile; the
/// first profile under which it fails says the attack depends on the browser
/// (`seed 3 hijacked in rfc, blocked in chromium`). `None` when every profile falls too.
pub fn browser_dependence(
    policy: &Policy,
    attacker: &dyn Attacker,
    seed: u64,
    outcome: Outcome,
) -> Option<String> {
    let drawn = victim_browser(seed);
    BrowserProfile::ALL
        .into_iter()
        .filter(|p| *p != drawn)
        .find_map(|p| {
            let other = run::outcome_in_browser(policy, attacker, seed, p);
            (!other.is_success()).then(|| {
                format!(
                    "seed {seed} {} in {}, {} in {}",
                    outcome.as_str(),
                    drawn.name(),
                    other.as_str(),
                    p.name()
                )
            })
        })
}

impl Cell {
    /// The row the cell is in: [`Cell::target`] (or, in reports from before it existed, the
    /// policy).
    pub fn row(&self) -> &str {
        if self.target.is_empty() {
            &self.policy
        } else {
            &self.target
        }
    }

    /// Whether the cell meets its expectation (or has none).
    pub fn expectation_met(&self) -> bool {
        self.expect.is_none_or(|e| e.met_by(self.outcome))
    }
}

/// The whole result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Report {
    /// Seeds per cell.
    pub seeds: u64,
    /// The shard this report covers (`"1/1"` for all).
    pub shard: String,
    /// The cells, row by row.
    pub cells: Vec<Cell>,
}

impl Report {
    /// Attackers that succeeded nowhere among the built-in presets they were run against.
    pub fn toothless(&self) -> Vec<String> {
        let mut by_attacker: BTreeMap<&str, bool> = BTreeMap::new();
        for c in self.cells.iter().filter(|c| c.expect.is_some()) {
            *by_attacker.entry(&c.attacker).or_default() |= c.outcome.is_success();
        }
        by_attacker
            .into_iter()
            .filter(|(_, ok)| !ok)
            .map(|(a, _)| a.to_owned())
            .collect()
    }

    /// Cells whose expectation failed.
    pub fn failed_expectations(&self) -> Vec<&Cell> {
        self.cells.iter().filter(|c| !c.expectation_met()).collect()
    }
}

/// One run's result: (policy index, attacker index, seed), outcome, broken invariants, and
/// whether its two executions agreed.
type JobResult = ((usize, usize, u64), Outcome, Vec<String>, bool);

/// Runs the campaign; `progress` is called after each finished run.
pub fn run(c: &Campaign, progress: &(dyn Fn() + Sync)) -> Report {
    let mut jobs: Vec<(usize, usize, u64)> = Vec::new();
    for p in 0..c.policies.len() {
        for a in 0..c.attackers.len() {
            for s in c.first_seed..c.first_seed.saturating_add(c.seeds) {
                jobs.push((p, a, s));
            }
        }
    }
    if let Some((index, count)) = c.shard {
        jobs = jobs
            .into_iter()
            .enumerate()
            .filter(|(i, _)| *i as u64 % count == index)
            .map(|(_, j)| j)
            .collect();
    }
    let results: Vec<JobResult> = jobs
        .par_iter()
        .map(|&(p, a, s)| {
            let (policy, attacker) = (&c.policies[p].policy, &*c.attackers[a]);
            let (r, same) = if c.check_determinism {
                let r = run_one(policy, attacker, s, None);
                let same = run_one(policy, attacker, s, None).hash == r.hash;
                (r, same)
            } else {
                (run_quiet(policy, attacker, s, None), true)
            };
            progress();
            ((p, a, s), r.outcome, r.violations, same)
        })
        .collect();
    let pairs: Vec<(usize, usize)> = (0..c.policies.len())
        .flat_map(|p| (0..c.attackers.len()).map(move |a| (p, a)))
        .collect();
    // Cells (and their shrinking, the costly part) in parallel, collected in matrix order.
    let cells: Vec<Cell> = pairs
        .par_iter()
        .filter_map(|&(p, a)| {
            let (np, attacker) = (&c.policies[p], &c.attackers[a]);
            let mine: Vec<_> = results
                .iter()
                .filter(|r| r.0.0 == p && r.0.1 == a)
                .collect();
            if mine.is_empty() {
                return None;
            }
            let mut outcomes = BTreeMap::new();
            let mut violations: Vec<String> = Vec::new();
            for r in &mine {
                *outcomes.entry(r.1).or_insert(0) += 1;
                for v in &r.2 {
                    let name = v.split(':').next().unwrap_or(v).to_owned();
                    if !violations.contains(&name) {
                        violations.push(name);
                    }
                }
            }
            violations.sort();
            let first_success_seed = mine
                .iter()
                .filter(|r| r.1.is_success())
                .map(|r| r.0.2)
                .min();
            let browser_dependent = first_success_seed.and_then(|seed| {
                let outcome = mine.iter().find(|r| r.0.2 == seed).map(|r| r.1)?;
                browser_dependence(&np.policy, &**attacker, seed, outcome)
            });
            let replay = first_success_seed.map(|seed| {
                let keep = c.shrink.then(|| shrink(&np.policy, &**attacker, seed));
                replay_command(
                    np,
                    &ReplayId {
                        policy: np.name.clone(),
                        attacker: attacker.name().into(),
                        seed,
                        keep,
                    },
                )
            });
            Some(Cell {
                target: np.name.clone(),
                policy: np.name.clone(),
                attacker: attacker.name().to_owned(),
                outcome: mine.iter().map(|r| r.1).max().unwrap_or(Outcome::Blocked),
                runs: mine.len() as u64,
                successes: mine.iter().filter(|r| r.1.is_success()).count() as u64,
                outcomes,
                expect: if np.builtin {
                    expected(&np.name, attacker.name())
                } else {
                    None
                },
                replay,
                first_success_seed,
                violations,
                nondeterministic: mine.iter().filter(|r| !r.3).count() as u64,
                skipped: None,
                by_browser: tally_by_browser(mine.iter().map(|r| (r.0.2, r.1.is_success()))),
                browser_dependent,
            })
        })
        .collect();
    let shard = c
        .shard
        .map_or("1/1".to_owned(), |(i, n)| format!("{}/{n}", i + 1));
    Report {
        seeds: c.seeds,
        shard,
        cells,
    }
}

/// The command that replays a run.
pub fn replay_command(p: &NamedPolicy, id: &ReplayId) -> String {
    match &p.file {
        Some(f) => format!("sessionlab replay --policy {f} {id}"),
        None => format!("sessionlab replay {id}"),
    }
}

/// The built-in presets as named policies.
pub fn builtin_policies() -> Vec<NamedPolicy> {
    sessionlab_core::session::presets::all()
        .into_iter()
        .map(|p| NamedPolicy {
            name: p.name.to_owned(),
            policy: p.policy,
            builtin: true,
            file: None,
        })
        .collect()
}

/// Every attacker.
pub fn all_attackers() -> Vec<Box<dyn Attacker>> {
    attackers::all()
}

#[cfg(test)]
mod tests {
    use sessionlab_core::session::presets;

    use super::*;
    use crate::attackers::{Attack, play_with, use_stolen_id};
    use crate::target::Target;
    use crate::world::{SHOP, SIBLING, Step, World};

    /// Cookie tossing whose planted cookie carries a HTAB inside an (ignored) attribute:
    /// stored by an RFC-profile browser, refused by Chromium. A test attacker, to show that a
    /// browser-dependent success is reported as one.
    struct TabTossing;

    impl Attack for TabTossing {
        fn name(&self) -> &'static str {
            "tab-tossing"
        }

        fn summary(&self) -> &'static str {
            "plants its id from a sibling subdomain, with a HTAB inside an attribute"
        }

        fn play<T: Target>(&self, w: &mut World<T>, steps: &[Step]) {
            let Some(id) = w.attacker_fresh_session() else {
                return;
            };
            let (name, login) = (w.cookie_name(), w.site().login.path.clone());
            let header = format!("{name}={id}; Domain={SHOP}; Path={login}; X=a\tb");
            let mut planted = false;
            play_with(w, steps, |w, step| {
                if matches!(step, Step::VisitSiblingSite) && !planted {
                    planted = w.plant_cookie(&format!("https://{SIBLING}/"), &header);
                }
                if matches!(step, Step::Login) && planted {
                    use_stolen_id(w, &id);
                }
            });
        }
    }

    #[test]
    fn a_success_that_needs_one_browser_is_reported_as_browser_dependent() {
        let policy = presets::by_name("legacy-php").unwrap().policy;
        let mut rfc_hits = 0;
        for seed in 1..=40 {
            let outcome = run_quiet(&policy, &TabTossing, seed, None).outcome;
            match victim_browser(seed) {
                // Chromium refuses the planted cookie: the attack never works there.
                BrowserProfile::Chromium => assert!(!outcome.is_success(), "seed {seed}"),
                BrowserProfile::Rfc if outcome.is_success() => {
                    rfc_hits += 1;
                    let dependent = browser_dependence(&policy, &TabTossing, seed, outcome);
                    let text = dependent.expect("the replay in chromium fails");
                    assert!(
                        text.contains("in rfc") && text.contains("in chromium"),
                        "{text}"
                    );
                    // The ordinary tossing attack works in both browsers.
                    let plain = attackers::by_name("fixation-tossing").unwrap();
                    let o = run_quiet(&policy, &*plain, seed, None).outcome;
                    if o.is_success() {
                        assert_eq!(browser_dependence(&policy, &*plain, seed, o), None);
                    }
                }
                BrowserProfile::Rfc => {}
            }
        }
        assert!(
            rfc_hits > 0,
            "the attack works with some RFC-profile victim"
        );
    }
}
