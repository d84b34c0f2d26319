//! Every attacker model is blocked by `hardened` and succeeds against the preset that has its
//! weakness; the seed's binding cookie turns eavesdropping into `partial`; runs are
//! deterministic; failures shrink to short stories (kept as insta snapshots).

use sessionlab_core::session::presets;
use sessionlab_sim::attackers;
use sessionlab_sim::campaign::run::run_one;
use sessionlab_sim::oracle::Outcome;
use sessionlab_sim::trace::{ReplayId, shrink};

const SEEDS: u64 = 12;

fn outcomes(preset: &str, attacker: &str) -> Vec<Outcome> {
    let policy = presets::by_name(preset).unwrap().policy;
    let a = attackers::by_name(attacker).unwrap();
    (1..=SEEDS)
        .map(|s| run_one(&policy, &*a, s, None).outcome)
        .collect()
}

/// The preset that carries each attacker's weakness.
const WEAK: &[(&str, &str)] = &[
    ("eavesdrop", "seed-mixed-https"),
    ("active-network", "django"),
    ("fixation-url", "legacy-php"),
    ("fixation-tossing", "legacy-php"),
    ("fixation-http-cookie", "legacy-php"),
    ("replay", "signed-cookie-store"),
    ("token-prediction", "sequential-ids"),
    ("online-guessing", "sequential-ids"),
    ("xss-theft", "php8"),
    ("csrf", "express-session"),
    ("id-leak", "legacy-php"),
    ("logout-race", "express-session"),
    ("concurrent-logins", "django"),
];

#[test]
fn every_attacker_is_covered_here() {
    let names: Vec<&str> = attackers::all().iter().map(|a| a.name()).collect();
    let covered: Vec<&str> = WEAK.iter().map(|(a, _)| *a).collect();
    assert_eq!(names, covered);
}

/// V8's `Math.random()` ids: the attacker needs four of its own, and then hijacks in every run.
#[test]
fn token_prediction_breaks_math_random_ids() {
    let got = outcomes("express-math-random", "token-prediction");
    assert!(got.iter().all(|o| o.is_success()), "{got:?}");
    let strong = outcomes("express-session", "token-prediction");
    assert!(strong.iter().all(|o| !o.is_success()), "{strong:?}");
}

#[test]
fn hardened_blocks_every_attacker() {
    for a in attackers::all() {
        let got = outcomes("hardened", a.name());
        assert!(
            got.iter().all(|o| !o.is_success()),
            "{} against hardened: {got:?}",
            a.name()
        );
    }
}

#[test]
fn every_attacker_succeeds_against_its_weak_preset() {
    for (attacker, preset) in WEAK {
        let got = outcomes(preset, attacker);
        assert!(
            got.iter().any(|o| o.is_success()),
            "{attacker} against {preset}: {got:?}"
        );
    }
}

#[test]
fn the_binding_cookie_turns_eavesdropping_into_partial() {
    let without = outcomes("seed-mixed-https", "eavesdrop");
    assert!(without.contains(&Outcome::Hijacked), "{without:?}");
    let with = outcomes("seed-binding-cookie", "eavesdrop");
    assert!(with.contains(&Outcome::Partial), "{with:?}");
    assert!(!with.contains(&Outcome::Hijacked), "{with:?}");
}

#[test]
fn runs_are_deterministic() {
    let policy = presets::legacy_php();
    for a in attackers::all() {
        for seed in [1, 99] {
            let x = run_one(&policy, &*a, seed, None);
            let y = run_one(&policy, &*a, seed, None);
            assert_eq!(x.hash, y.hash, "{} seed {seed}", a.name());
            assert_eq!(x.transcript, y.transcript);
        }
    }
    let a = attackers::by_name("eavesdrop").unwrap();
    assert_ne!(
        run_one(&policy, &*a, 1, None).hash,
        run_one(&policy, &*a, 2, None).hash
    );
}

#[test]
fn transcripts_never_show_raw_session_ids() {
    let policy = presets::hardened();
    let a = attackers::by_name("replay").unwrap();
    let r = run_one(&policy, &*a, 3, None);
    // Ids of the hardened preset are 22 base64url characters; the transcript shows hashes.
    for line in &r.transcript {
        for part in line.split([' ', ';', '=']) {
            let looks_like_id = part.len() == 22
                && part
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
            assert!(!looks_like_id, "raw id in: {line}");
        }
    }
}

#[test]
fn shrunk_failures_still_fail_and_read_as_short_stories() {
    for (attacker, preset) in WEAK {
        let policy = presets::by_name(preset).unwrap().policy;
        let a = attackers::by_name(attacker).unwrap();
        let seed = (1..=SEEDS)
            .find(|&s| run_one(&policy, &*a, s, None).outcome.is_success())
            .unwrap();
        let full = run_one(&policy, &*a, seed, None);
        let keep = shrink(&policy, &*a, seed);
        let small = run_one(&policy, &*a, seed, Some(keep));
        assert!(
            small.outcome.is_success(),
            "{attacker}: the shrunk run no longer fails"
        );
        assert!(
            small.transcript.len() <= full.transcript.len(),
            "{attacker}"
        );
        let id = ReplayId {
            policy: preset.to_string(),
            attacker: attacker.to_string(),
            seed,
            keep: Some(keep),
        };
        let story = format!("sessionlab replay {id}\n{}", small.transcript.join("\n"));
        insta::assert_snapshot!(format!("shrunk_{attacker}"), story);
    }
}

/// A sniffer that reads the capture as it grows finds exactly the ids of one that rereads
/// all of it (what the eavesdropper and the active network attacker rely on).
#[test]
fn incremental_sniffing_matches_a_full_read() {
    use sessionlab_sim::world::{World, workload};
    for preset in ["seed-mixed-https", "legacy-php"] {
        let policy = presets::by_name(preset).unwrap().policy;
        let mut sniffed_somewhere = false;
        for seed in 1..=SEEDS {
            let mut w = World::with_transcript(policy.clone(), seed, false);
            let (mut read, mut seen) = (0, Vec::<String>::new());
            for step in workload::steps(w.features()) {
                w.victim_step(&step);
                for id in w.sniffed_ids_since(&mut read) {
                    if !seen.contains(&id) {
                        seen.push(id);
                    }
                }
                assert_eq!(read, w.wire().len(), "{preset} seed {seed}");
                assert_eq!(seen, w.sniffed_ids(), "{preset} seed {seed}");
            }
            sniffed_somewhere |= !seen.is_empty();
        }
        assert!(
            sniffed_somewhere,
            "{preset}: no session id ever crossed plain HTTP"
        );
    }
}
