//! The simulator's oracle over arbitrary scenarios: a short victim schedule, swarm switches and
//! an attacker, played against `hardened`, where no attack may succeed and no invariant may
//! break. The `sim_scenario` fuzz target, its corpus replay and a proptest property share it.

use sessionlab_core::check::Violation;
use sessionlab_core::session::presets;

use crate::attackers;
use crate::campaign::run::RunResult;
use crate::oracle::judge;
use crate::world::{Features, Step, World};

/// Paths the victim may visit in a scenario.
pub const SCENARIO_PATHS: &[&str] = &[
    "/",
    "/products",
    "/cart",
    "/help",
    "/account/orders",
    "/checkout",
];

/// The longest schedule a scenario runs.
pub const MAX_SCENARIO_STEPS: usize = 32;

/// One step of the victim's schedule.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "fuzzing", derive(arbitrary::Arbitrary))]
pub enum ScenarioStep {
    /// Opens `SCENARIO_PATHS[i]`.
    Visit(u8),
    /// Logs in.
    Login,
    /// Opens an account page.
    Account,
    /// Follows an external link.
    ClickExternal,
    /// Opens the page with the stored XSS payload.
    OpenXssPage,
    /// Visits the attacker's site.
    VisitAttackerSite,
    /// Reads the plain-HTTP news site.
    ReadHttpNews,
    /// Visits the attacker's sibling subdomain.
    VisitSiblingSite,
    /// Idles this many minutes.
    Idle(u16),
    /// Changes the password.
    ChangePassword,
    /// Logs out.
    Logout,
}

impl ScenarioStep {
    fn step(&self) -> Step {
        match self {
            ScenarioStep::Visit(i) => Step::Visit {
                path: SCENARIO_PATHS[usize::from(*i) % SCENARIO_PATHS.len()].into(),
            },
            ScenarioStep::Login => Step::Login,
            ScenarioStep::Account => Step::Account,
            ScenarioStep::ClickExternal => Step::ClickExternal,
            ScenarioStep::OpenXssPage => Step::OpenXssPage,
            ScenarioStep::VisitAttackerSite => Step::VisitAttackerSite,
            ScenarioStep::ReadHttpNews => Step::ReadHttpNews,
            ScenarioStep::VisitSiblingSite => Step::VisitSiblingSite,
            ScenarioStep::Idle(minutes) => Step::Idle {
                secs: u64::from(*minutes) * 60,
            },
            ScenarioStep::ChangePassword => Step::ChangePassword,
            ScenarioStep::Logout => Step::Logout,
        }
    }
}

/// An arbitrary scenario.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[cfg_attr(feature = "fuzzing", derive(arbitrary::Arbitrary))]
pub struct Scenario {
    /// Seeds the world's generator (tokens, the attacker's choices).
    pub seed: u64,
    /// The attacker, by index into [`attackers::all`] (modulo its length).
    pub attacker: u8,
    /// The swarm switches, one bit each in [`Features`]' field order (the victim's idle time
    /// comes from the schedule).
    pub features: u16,
    /// The victim's schedule (at most [`MAX_SCENARIO_STEPS`] steps run).
    pub steps: Vec<ScenarioStep>,
}

impl Scenario {
    /// The swarm switches this scenario sets.
    pub fn features(&self) -> Features {
        let bit = |i: u32| self.features >> i & 1 == 1;
        Features {
            browses_http_pages: bit(0),
            clicks_external_link: bit(1),
            opens_xss_page: bit(2),
            visits_attacker_site: bit(3),
            reads_http_news: bit(4),
            visits_sibling_site: bit(5),
            logs_in_again: bit(6),
            changes_password: bit(7),
            idles_secs: 60,
            logs_out: bit(8),
            browser_lax_by_default: bit(9),
            attacker_on_path: bit(10),
            attacker_reads_logs: bit(11),
            victim_browser: match bit(12) {
                true => sessionlab_core::cookie::BrowserProfile::Chromium,
                false => sessionlab_core::cookie::BrowserProfile::Rfc,
            },
        }
    }

    /// The victim's schedule.
    pub fn schedule(&self) -> Vec<Step> {
        self.steps
            .iter()
            .take(MAX_SCENARIO_STEPS)
            .map(ScenarioStep::step)
            .collect()
    }

    /// Plays the scenario against `hardened` and returns the run.
    pub fn play(&self, record: bool) -> RunResult {
        let all = attackers::all();
        let attacker = &all[usize::from(self.attacker) % all.len()];
        let mut w = World::with_features(presets::hardened(), self.seed, self.features(), record);
        let steps = self.schedule();
        attacker.play(&mut w, &steps);
        let outcome = judge(&w);
        RunResult::new(outcome, w.into_record(), String::new(), steps.len())
    }
}

/// Under `hardened`, no attacker succeeds (hijacked or partial) and no invariant breaks, whatever
/// the victim's schedule and the swarm switches.
pub fn scenario(input: &Scenario) -> Result<(), Violation> {
    let run = input.play(false);
    if run.outcome.is_success() || !run.violations.is_empty() {
        let story = input.play(true).transcript.join("\n");
        return Err(Violation {
            property: "hardened_blocks_every_scenario",
            detail: format!(
                "{input:?}: outcome {}, violations {:?}\n{story}",
                run.outcome.as_str(),
                run.violations
            ),
        });
    }
    Ok(())
}

/// The `sim_scenario` fuzz target's oracle over raw bytes.
#[cfg(feature = "fuzzing")]
pub fn sim_scenario(data: &[u8]) -> Result<(), Violation> {
    sessionlab_core::check::fuzz::typed::<Scenario>(data, scenario)
}
