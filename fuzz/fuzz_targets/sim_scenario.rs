//! The simulator under `hardened`: an arbitrary victim schedule, swarm switches and attacker;
//! no attack may succeed and no invariant may break.
#![no_main]
use libfuzzer_sys::fuzz_target;
use sessionlab_core::check::fuzz::expect;
use sessionlab_sim::check::{Scenario, scenario};

fuzz_target!(|input: Scenario| expect(scenario(&input)));
