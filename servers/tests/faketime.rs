//! A site file's `[server]`: sessionlab starts the reference server itself, under libfaketime,
//! and the replay attacker's idle ending jumps the server's clock by 9 hours instead of
//! waiting. Against `hardened` (1,800 s idle, 43,200 s absolute timeout) the aged session is
//! dead; against a preset the model says lets it live, it is served, exactly as in the model.
//! (`.ci/run` installs Debian's `faketime`.)

use std::time::{Duration, Instant};

use sessionlab_core::session::presets;
use sessionlab_servers::sites;
use sessionlab_sim::catalogue::Catalogue;
use sessionlab_sim::oracle::Outcome;
use sessionlab_sim::probe::ProbeConfig;
use sessionlab_sim::target::{LiveOptions, TargetSpec};

const SEEDS: u64 = 6;

fn site_file(preset: &str) -> String {
    let bin = env!("CARGO_BIN_EXE_reference-server");
    sites::site_file(
        "http://127.0.0.1:{port}",
        "served_as_body = \"signed in as {user}\"\npassword_change_path = \"/account/password\"",
        &format!("\n[server]\ncommand = \"{bin} --preset {preset} --port {{port}}\"\n"),
    )
}

fn live(preset: &str) -> TargetSpec {
    let config = ProbeConfig::from_toml(&site_file(preset)).expect("the site file parses");
    TargetSpec::live(preset, &config, LiveOptions::default()).expect("the server starts")
}

fn replay_outcomes(spec: TargetSpec) -> Vec<Outcome> {
    (1..=SEEDS)
        .map(|seed| {
            Catalogue::new(spec.clone())
                .attackers(&["replay"])
                .first_seed(seed)
                .seeds(1)
                .shrink(false)
                .run()
                .cells[0]
                .outcome
        })
        .collect()
}

#[test]
fn hardened_timeouts_are_attacked_in_seconds() {
    let started = Instant::now();
    let spec = live("hardened");
    let report = Catalogue::new(spec)
        .attackers(&["replay"])
        .seeds(SEEDS)
        .shrink(false)
        .run();
    let cell = &report.cells[0];
    // With the clock under sessionlab's control no ending is skipped, and none works.
    assert_eq!(cell.skipped, None, "{}", report.table());
    assert_eq!(cell.outcome, Outcome::Blocked, "{}", report.table());
    let took = started.elapsed();
    assert!(
        took < Duration::from_secs(10),
        "6 runs with 9-hour idle periods took {took:?}"
    );
}

#[test]
fn the_aged_server_agrees_with_the_model() {
    for preset in ["hardened", "tower-sessions", "express-session"] {
        let live = replay_outcomes(live(preset));
        let policy = presets::by_name(preset).unwrap().policy;
        let model = replay_outcomes(TargetSpec::model(preset, policy));
        let success = |v: &[Outcome]| v.iter().map(|o| o.is_success()).collect::<Vec<_>>();
        assert_eq!(
            success(&live),
            success(&model),
            "{preset}: live {live:?}, model {model:?}"
        );
    }
}

#[test]
fn a_server_that_does_not_start_is_a_setup_error() {
    let text = site_file("hardened").replace("--preset hardened", "--preset no-such-preset");
    let config = ProbeConfig::from_toml(&text).unwrap();
    let err = TargetSpec::live("x", &config, LiveOptions::default()).unwrap_err();
    assert!(err.0.contains("exited"), "{err}");
}
