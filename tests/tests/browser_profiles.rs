//! The victim's browser is drawn from the profiles by the seed, on a stream of its own; a
//! campaign replays a successful run with the victim in the other browser to tell a
//! browser-dependent attack from a lucky seed.

use sessionlab_core::cookie::{BrowserProfile, JarConfig};
use sessionlab_core::session::presets;
use sessionlab_sim::attackers;
use sessionlab_sim::campaign::run::{outcome_in_browser, run_one};
use sessionlab_sim::world::World;
use sessionlab_sim::world::workload::{features_for, victim_browser};

#[test]
fn the_seed_draws_the_victim_browser_and_features_for_agrees_with_the_world() {
    let policy = presets::by_name("php8").unwrap().policy;
    let mut seen = Vec::new();
    for seed in 1..=40 {
        let w = World::new(policy.clone(), seed);
        assert_eq!(*w.features(), features_for(seed), "seed {seed}");
        assert_eq!(w.features().victim_browser, victim_browser(seed));
        // The victim's jar follows the profile (with the seed's SameSite default on top).
        let lax = w.features().browser_lax_by_default;
        let expected = JarConfig {
            lax_by_default: lax,
            lax_allowing_unsafe_secs: lax.then_some(120),
            ..victim_browser(seed).config()
        };
        assert_eq!(*w.victim().jar.config(), expected, "seed {seed}");
        seen.push(victim_browser(seed));
    }
    for p in BrowserProfile::ALL {
        let n = seen.iter().filter(|b| **b == p).count();
        assert!((10..=30).contains(&n), "{p:?} drawn {n} times in 40 seeds");
    }
}

#[test]
fn the_browser_draw_takes_nothing_from_the_other_draws() {
    // Forcing the drawn browser changes nothing: the counterfactual of a run in its own
    // browser is the run itself, for every attacker.
    let policy = presets::by_name("legacy-php").unwrap().policy;
    for a in attackers::all() {
        for seed in 1..=3 {
            let run = run_one(&policy, &*a, seed, None).outcome;
            let same = outcome_in_browser(&policy, &*a, seed, victim_browser(seed));
            assert_eq!(run, same, "{} seed {seed}", a.name());
        }
    }
}
