//! Running one (target, attacker, seed): build the world, play, judge.

use sessionlab_core::cookie::BrowserProfile;
use sessionlab_core::session::Policy;
use sessionlab_core::token::encoding::hex;
use sha2::{Digest, Sha256};

use crate::attackers::Attacker;
use crate::oracle::{Outcome, judge};
use crate::target::{Target, TargetSpec};
use crate::world::{RunRecord, Step, World, workload};

/// The result of one run.
#[derive(Debug, Clone)]
pub struct RunResult {
    /// How it ended.
    pub outcome: Outcome,
    /// The invariants it broke.
    pub violations: Vec<String>,
    /// Why it was skipped, if it was.
    pub skipped: Option<String>,
    /// Requests the target gave no response to.
    pub errors: Vec<String>,
    /// What happened.
    pub transcript: Vec<String>,
    /// SHA-256 of the transcript in hex: equal for equal runs (the determinism check); empty
    /// for a quiet run, which has no transcript.
    pub hash: String,
    /// How many workload steps the run had (before any mask).
    pub steps: usize,
    /// How many requests reached the application.
    pub requests: u64,
}

impl RunResult {
    /// A run's result from its outcome, what the world recorded, the transcript's hash and
    /// the number of workload steps.
    pub fn new(outcome: Outcome, record: RunRecord, hash: String, steps: usize) -> Self {
        RunResult {
            outcome,
            violations: record.violations,
            skipped: record.skipped,
            errors: record.errors,
            transcript: record.transcript,
            hash,
            steps,
            requests: record.requests,
        }
    }
}

/// Plays `attacker` against `policy` with `seed`; `keep` (a bit per workload step, from the
/// shrinker) drops steps whose bit is clear.
pub fn run_one(
    policy: &Policy,
    attacker: &dyn Attacker,
    seed: u64,
    keep: Option<u64>,
) -> RunResult {
    run_with(policy, attacker, seed, keep, true)
}

/// [`run_one`] without the transcript (and so without its hash): what campaigns run.
pub fn run_quiet(
    policy: &Policy,
    attacker: &dyn Attacker,
    seed: u64,
    keep: Option<u64>,
) -> RunResult {
    run_with(policy, attacker, seed, keep, false)
}

fn run_with(
    policy: &Policy,
    attacker: &dyn Attacker,
    seed: u64,
    keep: Option<u64>,
    record: bool,
) -> RunResult {
    let mut w = World::with_transcript(policy.clone(), seed, record);
    let (steps, total) = masked_steps(w.features(), keep);
    attacker.play(&mut w, &steps);
    finish(w, total, record)
}

/// How the run of `seed` ends when the victim uses `browser` instead of the browser the seed
/// draws, everything else equal: the counterfactual that tells a browser-dependent attack
/// from a lucky seed.
pub fn outcome_in_browser(
    policy: &Policy,
    attacker: &dyn Attacker,
    seed: u64,
    browser: BrowserProfile,
) -> Outcome {
    let features = workload::Features {
        victim_browser: browser,
        ..workload::features_for(seed)
    };
    let mut w = World::with_features(policy.clone(), seed, features, false);
    let (steps, total) = masked_steps(w.features(), None);
    attacker.play(&mut w, &steps);
    finish(w, total, false).outcome
}

/// Plays `attacker` against a fresh instance of `target` with `seed` (and the step mask
/// `keep`); `record` writes the transcript.
pub fn run_target(
    target: &TargetSpec,
    attacker: &dyn Attacker,
    seed: u64,
    keep: Option<u64>,
    record: bool,
) -> RunResult {
    let mut w = World::with_target(target.site.clone(), seed, None, record, |s| {
        (target.make)(s)
    });
    let (steps, total) = masked_steps(w.features(), keep);
    attacker.play_on(&mut w, &steps);
    // Against a real application, a run in which the victim was never logged in blocks every
    // attack for nothing: it is skipped, with the reason, rather than counted as blocked.
    if let Some(status) = w.victim_never_logged_in() {
        if w.skipped().is_none() && w.hits().is_empty() {
            w.skip(format!(
                "the victim's login ({}) answered {status} and the victim was never served as logged in: check the site file's [login] and users (and [csrf], for a form with a CSRF token)",
                target.site.login.path
            ));
        }
    }
    finish(w, total, record)
}

/// The workload of a run with these features, with the steps whose bit in `keep` is clear
/// dropped; and how many steps it had before.
fn masked_steps(features: &workload::Features, keep: Option<u64>) -> (Vec<Step>, usize) {
    let all = workload::steps(features);
    let total = all.len();
    let steps = match keep {
        None => all,
        Some(m) => all
            .into_iter()
            .enumerate()
            .filter(|(i, _)| m >> i & 1 == 1)
            .map(|(_, s)| s)
            .collect(),
    };
    (steps, total)
}

fn finish<T: Target>(mut w: World<T>, total: usize, record: bool) -> RunResult {
    let outcome = judge(&w);
    w.note(format_args!("outcome: {}", outcome.as_str()));
    // Only a recorded run has a transcript to hash; quiet runs (campaigns, the shrinker) skip
    // it: it was a fifteenth of a short run's instructions.
    let hash = if record {
        hex(&Sha256::digest(w.transcript().join("\n").as_bytes()))
    } else {
        String::new()
    };
    RunResult::new(outcome, w.into_record(), hash, total)
}
