//! The target seam: the same attacker catalogue against the reference model through the
//! generic (boxed) path gives what the monomorphized path gives, byte for byte; and against a
//! real session library in process (the tower-sessions application of `servers/`), it finds
//! what the live probe found: the logout race.

use sessionlab_core::session::presets;
use sessionlab_servers::{TowerOptions, sites, tower_app};
use sessionlab_sim::attackers;
use sessionlab_sim::campaign::run::{run_one, run_target};
use sessionlab_sim::catalogue::Catalogue;
use sessionlab_sim::oracle::Outcome;
use sessionlab_sim::target::TargetSpec;

#[test]
fn the_boxed_model_is_the_model() {
    for preset in presets::all() {
        let spec = TargetSpec::model(preset.name, preset.policy.clone());
        for a in attackers::all() {
            for seed in 1..=3 {
                let direct = run_one(&preset.policy, &*a, seed, None);
                let boxed = run_target(&spec, &*a, seed, None, true);
                assert_eq!(
                    (direct.outcome, &direct.transcript),
                    (boxed.outcome, &boxed.transcript),
                    "{}:{}:{seed}",
                    preset.name,
                    a.name()
                );
            }
        }
    }
}

#[test]
fn the_model_never_disagrees_with_what_is_observed() {
    // The world judges every target by the site's markers; on the model it also asks the
    // manager, and a disagreement is an invariant violation.
    for preset in presets::all() {
        for a in attackers::all() {
            for seed in 1..=4 {
                let r = run_one(&preset.policy, &*a, seed, None);
                assert!(
                    !r.violations
                        .iter()
                        .any(|v| v.starts_with("observed_user_matches_model")),
                    "{}:{}:{seed}: {:?}",
                    preset.name,
                    a.name(),
                    r.violations
                );
            }
        }
    }
}

fn tower_sessions_catalogue() -> Catalogue {
    Catalogue::tower("tower-sessions-app", sites::tower_sessions_app(), || {
        tower_app::router(&TowerOptions::default())
    })
    .seeds(6)
}

#[test]
fn tower_sessions_in_process() {
    let report = tower_sessions_catalogue().run();
    let outcome = |a: &str| report.outcome(a).unwrap();
    // What the live probe found: MemoryStore::save is an upsert, so a slow request writes a
    // flushed session back.
    assert_eq!(
        outcome("logout-race"),
        Outcome::Hijacked,
        "{}",
        report.table()
    );
    // Nothing stops a second login with the victim's password (no per-user limit).
    assert_eq!(outcome("concurrent-logins"), Outcome::Hijacked);
    // No password change to forge; the idle ending needs a clock that tower-sessions does not
    // take from us.
    assert_eq!(outcome("csrf"), Outcome::Skipped);
    // Its defaults (Secure, HttpOnly, SameSite=Strict, a new id at login, no URL ids, a
    // cookie only once the session holds data) stop the rest.
    for a in [
        "eavesdrop",
        "active-network",
        "fixation-url",
        "fixation-tossing",
        "fixation-http-cookie",
        "token-prediction",
        "online-guessing",
        "xss-theft",
        "id-leak",
        "replay",
    ] {
        assert!(
            !outcome(a).is_success(),
            "{a} against tower-sessions: {}",
            report.table()
        );
    }
    let race = report
        .cells
        .iter()
        .find(|c| c.attacker == "logout-race")
        .unwrap();
    assert_eq!(race.repeated, Some(true), "{:?}", race.story);
    assert!(
        race.replay
            .as_deref()
            .is_some_and(|r| r.starts_with("SESSIONLAB_REPLAY=logout-race:")),
        "{:?}",
        race.replay
    );
    insta::assert_snapshot!(report.table());

    // What SESSIONLAB_REPLAY=... runs: the shrunk run, against a fresh instance.
    let id = race.replay.as_deref().unwrap()["SESSIONLAB_REPLAY=".len()..]
        .split(' ')
        .next()
        .unwrap();
    let again = tower_sessions_catalogue().replay(id);
    assert_eq!(
        again.cells[0].outcome,
        Outcome::Hijacked,
        "{:?}",
        again.cells[0].story
    );
}

#[test]
fn assert_no_hijack_prints_the_replay_and_the_story() {
    let report = tower_sessions_catalogue()
        .attackers(&["logout-race"])
        .seeds(2)
        .run();
    let err = std::panic::catch_unwind(|| report.assert_no_hijack()).unwrap_err();
    let msg = err.downcast_ref::<String>().unwrap();
    assert!(msg.contains("logout-race"), "{msg}");
    assert!(msg.contains("SESSIONLAB_REPLAY=logout-race:"), "{msg}");
    assert!(msg.contains("the slow request ends"), "{msg}");
    // Ids never reach the story: cookies are shown as fingerprints.
    assert!(msg.contains("Cookie: id=#"), "{msg}");
}

#[test]
fn hardened_model_passes_the_assertion() {
    Catalogue::new(TargetSpec::model("hardened", presets::hardened()))
        .seeds(3)
        .run()
        .assert_no_hijack();
}
