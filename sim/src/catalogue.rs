//! The attacker catalogue against your own application, from your own `cargo test`.
//!
//! ```
//! use sessionlab_core::session::presets;
//! use sessionlab_sim::catalogue::Catalogue;
//! use sessionlab_sim::target::TargetSpec;
//!
//! // Any target: here the reference model under `hardened`. For an axum app, it is
//! // `Catalogue::tower("my-app", site, || my_router())`, with a `Site` that says how to use
//! // it (login form, protected page, markers); `examples/axum-app` does exactly that.
//! Catalogue::new(TargetSpec::model("hardened", presets::hardened()))
//!     .seeds(2)
//!     .run()
//!     .assert_no_hijack(); // fails with the replay command and the shrunk story
//! ```
//!
//! Each run builds a fresh instance of the application (the factory), plays one attacker with
//! one seed, and judges what was observed. A success is shrunk (delta debugging over the
//! victim's steps, each try against a fresh instance) and replayed once more with the
//! transcript; since a real application draws its own ids, the replay says whether the outcome
//! repeated rather than promising the same bytes.
//!
//! To replay one run, set `SESSIONLAB_REPLAY=ATTACKER:SEED[:KEEP]` (what a failure prints):
//! the catalogue then runs only that and prints its transcript.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use bytes::Bytes;
use http_body_util::Full;
use rayon::prelude::*;

use crate::attackers::{self, Attacker};
use crate::campaign::run::run_target;
use crate::campaign::{ByBrowser, tally_by_browser};
use crate::oracle::Outcome;
use crate::target::{Site, Target, TargetSpec, TowerTarget};
use crate::trace::shrink_with;

/// The environment variable that selects one run to replay.
pub const REPLAY_VAR: &str = "SESSIONLAB_REPLAY";

/// Attackers x seeds against one target.
pub struct Catalogue {
    target: TargetSpec,
    attackers: Vec<Box<dyn Attacker>>,
    seeds: u64,
    first_seed: u64,
    shrink: bool,
}

impl std::fmt::Debug for Catalogue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Catalogue")
            .field("target", &self.target.name)
            .field("attackers", &self.attackers.len())
            .field("seeds", &self.seeds)
            .finish_non_exhaustive()
    }
}

impl Catalogue {
    /// Every attacker, 8 seeds each (1 to 8), successes shrunk, against `target`.
    pub fn new(target: TargetSpec) -> Self {
        Catalogue {
            target,
            attackers: attackers::all(),
            seeds: 8,
            first_seed: 1,
            shrink: true,
        }
    }

    /// Against a `tower::Service` (an axum `Router`) built afresh by `make` for every run,
    /// in process (see [`TowerTarget`]).
    pub fn tower<S, B>(
        name: impl Into<String>,
        site: Site,
        make: impl Fn() -> S + Send + Sync + 'static,
    ) -> Self
    where
        S: tower::Service<http::Request<Full<Bytes>>, Response = http::Response<B>>
            + Clone
            + Send
            + 'static,
        S::Future: Send + 'static,
        S::Error: std::fmt::Display,
        B: http_body::Body + Send + 'static,
        B::Data: Send,
        B::Error: std::fmt::Display + Into<Box<dyn std::error::Error + Send + Sync>>,
    {
        let name = name.into();
        let label = name.clone();
        Catalogue::new(TargetSpec::new(name, site, move |_| {
            Box::new(TowerTarget::new(label.clone(), make())) as Box<dyn Target>
        }))
    }

    /// The target.
    pub fn target(&self) -> &TargetSpec {
        &self.target
    }

    /// Seeds per attacker.
    pub fn seeds(mut self, n: u64) -> Self {
        self.seeds = n;
        self
    }

    /// The first seed (runs use `first..first + seeds`).
    pub fn first_seed(mut self, seed: u64) -> Self {
        self.first_seed = seed;
        self
    }

    /// Only these attackers, in this order.
    ///
    /// # Panics
    /// On a name that is no attacker's, listing the names.
    pub fn attackers(mut self, names: &[&str]) -> Self {
        self.attackers = names
            .iter()
            .map(|n| {
                attackers::by_name(n).unwrap_or_else(|| {
                    let all: Vec<_> = attackers::all().iter().map(|a| a.name()).collect();
                    panic!("no attacker named {n:?} (attackers: {})", all.join(", "))
                })
            })
            .collect();
        self
    }

    /// These attackers (the campaign's selection).
    pub fn with_attackers(mut self, attackers: Vec<Box<dyn Attacker>>) -> Self {
        self.attackers = attackers;
        self
    }

    /// Whether to shrink each attacker's first success (on by default).
    pub fn shrink(mut self, on: bool) -> Self {
        self.shrink = on;
        self
    }

    /// Runs everything (in parallel; each run against its own instance), or only the run that
    /// `SESSIONLAB_REPLAY` names.
    pub fn run(&self) -> TargetReport {
        if let Ok(spec) = std::env::var(REPLAY_VAR) {
            return self.replay(&spec);
        }
        let jobs: Vec<(usize, u64)> = (0..self.attackers.len())
            .flat_map(|a| (self.first_seed..self.first_seed + self.seeds).map(move |s| (a, s)))
            .collect();
        let one = |&(a, seed): &(usize, u64)| {
            let r = run_target(&self.target, &*self.attackers[a], seed, None, false);
            (a, seed, r)
        };
        // Runs that move a shared server's clock go one at a time.
        let results: Vec<_> = if self.target.serial {
            jobs.iter().map(one).collect()
        } else {
            jobs.par_iter().map(one).collect()
        };
        let cells = (0..self.attackers.len())
            .map(|a| {
                let attacker = &*self.attackers[a];
                let mine: Vec<_> = results.iter().filter(|r| r.0 == a).collect();
                let mut outcomes = BTreeMap::new();
                let mut violations = Vec::new();
                for (_, _, r) in &mine {
                    *outcomes.entry(r.outcome).or_insert(0) += 1;
                    for v in &r.violations {
                        if !violations.contains(v) {
                            violations.push(v.clone());
                        }
                    }
                }
                let first = mine.iter().find(|r| r.2.outcome.is_success());
                let mut cell = TargetCell {
                    attacker: attacker.name().to_owned(),
                    outcome: mine
                        .iter()
                        .map(|r| r.2.outcome)
                        .max()
                        .unwrap_or(Outcome::Blocked),
                    runs: mine.len() as u64,
                    successes: mine.iter().filter(|r| r.2.outcome.is_success()).count() as u64,
                    outcomes,
                    skipped: mine.iter().find_map(|r| r.2.skipped.clone()),
                    errors: mine
                        .iter()
                        .flat_map(|r| r.2.errors.iter().cloned())
                        .take(3)
                        .collect(),
                    violations,
                    id: None,
                    replay: None,
                    story: Vec::new(),
                    repeated: None,
                    by_browser: tally_by_browser(
                        mine.iter().map(|r| (r.1, r.2.outcome.is_success())),
                    ),
                };
                if let Some(&&(_, seed, _)) = first {
                    let keep = self.shrink.then(|| {
                        shrink_with(|keep| run_target(&self.target, attacker, seed, keep, false))
                    });
                    let again = run_target(&self.target, attacker, seed, keep, true);
                    cell.repeated = Some(again.outcome.is_success());
                    cell.story = again.transcript;
                    let mut id = format!("{}:{seed}", attacker.name());
                    if let Some(k) = keep {
                        let _ = write!(id, ":{k:x}");
                    }
                    cell.replay = Some(replay_command(&id));
                    cell.id = Some(id);
                }
                cell
            })
            .collect();
        TargetReport {
            target: self.target.name.clone(),
            cells,
        }
    }

    /// Runs only `ATTACKER:SEED[:KEEP]` with its transcript (printed, and in the report's one
    /// cell): what `SESSIONLAB_REPLAY` does.
    ///
    /// # Panics
    /// When `spec` is not of that form or names no attacker.
    pub fn replay(&self, spec: &str) -> TargetReport {
        let parts: Vec<&str> = spec.split(':').collect();
        let attacker = parts.first().and_then(|n| attackers::by_name(n));
        let seed = parts.get(1).and_then(|s| s.parse::<u64>().ok());
        let keep = parts.get(2).map(|k| u64::from_str_radix(k, 16));
        let (Some(attacker), Some(seed), 2..=3) = (attacker, seed, parts.len()) else {
            panic!("{REPLAY_VAR}={spec:?}: expected ATTACKER:SEED[:KEEP]");
        };
        let keep = match keep {
            Some(Ok(k)) => Some(k),
            Some(Err(_)) => panic!("{REPLAY_VAR}={spec:?}: the step mask is not hex"),
            None => None,
        };
        let r = run_target(&self.target, &*attacker, seed, keep, true);
        println!(
            "replay {spec} against {}:\n{}",
            self.target.name,
            r.transcript.join("\n")
        );
        let mut outcomes = BTreeMap::new();
        outcomes.insert(r.outcome, 1);
        TargetReport {
            target: self.target.name.clone(),
            cells: vec![TargetCell {
                attacker: attacker.name().to_owned(),
                outcome: r.outcome,
                runs: 1,
                successes: u64::from(r.outcome.is_success()),
                outcomes,
                skipped: r.skipped,
                errors: r.errors,
                violations: r.violations,
                id: Some(spec.to_owned()),
                replay: Some(replay_command(spec)),
                repeated: None,
                story: r.transcript,
                by_browser: tally_by_browser([(seed, r.outcome.is_success())]),
            }],
        }
    }
}

/// The command that replays a run of the current test.
fn replay_command(id: &str) -> String {
    let test = std::thread::current()
        .name()
        .filter(|n| *n != "main")
        .map(|n| format!(" -- --exact {n}"))
        .unwrap_or_default();
    format!("{REPLAY_VAR}={id} cargo test{test}")
}

/// One attacker's runs against the target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TargetCell {
    /// The attacker.
    pub attacker: String,
    /// The worst outcome over the runs.
    pub outcome: Outcome,
    /// How many runs.
    pub runs: u64,
    /// How many succeeded (hijacked or partial).
    pub successes: u64,
    /// How many ended each way.
    pub outcomes: BTreeMap<Outcome, u64>,
    /// Why runs were skipped (the first reason), if any were.
    pub skipped: Option<String>,
    /// Requests the target gave no response to (the first few).
    pub errors: Vec<String>,
    /// Invariants broken (the reference model only).
    pub violations: Vec<String>,
    /// The first success, shrunk: `ATTACKER:SEED[:KEEP]`.
    pub id: Option<String>,
    /// The command that replays it from `cargo test`.
    pub replay: Option<String>,
    /// Its transcript, replayed against a fresh instance.
    pub story: Vec<String>,
    /// Whether that replay succeeded again (ids differ between instances).
    pub repeated: Option<bool>,
    /// Runs and successes by the victim's browser profile.
    pub by_browser: ByBrowser,
}

/// What the catalogue found in one target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TargetReport {
    /// The target's name.
    pub target: String,
    /// One cell per attacker, in catalogue order.
    pub cells: Vec<TargetCell>,
}

impl TargetReport {
    /// The worst outcome of `attacker`, if it ran.
    pub fn outcome(&self, attacker: &str) -> Option<Outcome> {
        self.cells
            .iter()
            .find(|c| c.attacker == attacker)
            .map(|c| c.outcome)
    }

    /// One line per attacker: outcome, successes, and why runs were skipped.
    pub fn table(&self) -> String {
        let mut out = format!("sessionlab catalogue against {}\n", self.target);
        for c in &self.cells {
            let _ = write!(
                out,
                "{:<22}{:<10}{:>3}/{}",
                c.attacker,
                c.outcome.as_str(),
                c.successes,
                c.runs
            );
            if let Some(why) = &c.skipped {
                let _ = write!(out, " skipped: {why}");
            }
            if let Some(r) = &c.replay {
                let _ = write!(out, " replay: {r}");
            }
            out.push('\n');
        }
        out
    }

    /// Panics, with the replay command and the shrunk story of each, if any attacker was
    /// served as the victim (hijacked or partial).
    ///
    /// # Panics
    /// See above.
    pub fn assert_no_hijack(&self) {
        let failed: Vec<&TargetCell> = self
            .cells
            .iter()
            .filter(|c| c.outcome.is_success())
            .collect();
        if failed.is_empty() {
            return;
        }
        let mut msg = format!(
            "{} attack(s) succeeded against {}:\n",
            failed.len(),
            self.target
        );
        for c in failed {
            let _ = writeln!(
                msg,
                "\n{} ({} of {} runs {}); replay: {}{}",
                c.attacker,
                c.successes,
                c.runs,
                c.outcome.as_str(),
                c.replay.as_deref().unwrap_or("-"),
                match c.repeated {
                    Some(true) => "; it succeeded again against a fresh instance",
                    Some(false) => "; it did not repeat against a fresh instance",
                    None => "",
                }
            );
            for line in &c.story {
                let _ = writeln!(msg, "  {line}");
            }
        }
        panic!("{msg}");
    }
}
