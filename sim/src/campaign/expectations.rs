//! What each built-in preset is expected to do against each attacker: the regression net of
//! the default campaign. `hardened` blocks everything; each attacker succeeds against the
//! presets that carry its weakness; other cells are reported without an expectation.

use serde::{Deserialize, Serialize};

use crate::oracle::Outcome;

/// An expectation for one cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Expect {
    /// No run may succeed (hijacked or partial).
    Blocked,
    /// At least one run must succeed.
    Succeeds,
    /// At least one run must end `partial`, and none `hijacked` (the seed's binding cookie).
    Partial,
}

impl Expect {
    /// Whether the cell's worst outcome meets the expectation.
    pub fn met_by(self, worst: Outcome) -> bool {
        match self {
            Expect::Blocked => !worst.is_success(),
            Expect::Succeeds => worst.is_success(),
            Expect::Partial => worst == Outcome::Partial,
        }
    }

    /// The word used in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Expect::Blocked => "blocked",
            Expect::Succeeds => "succeeds",
            Expect::Partial => "partial",
        }
    }
}

/// The expectation for a built-in preset against an attacker, if there is one.
pub fn expected(preset: &str, attacker: &str) -> Option<Expect> {
    if preset == "hardened" {
        return Some(Expect::Blocked);
    }
    let succeeds = crate::weaknesses::of(attacker).map_or(&[][..], |w| w.weak_presets);
    if attacker == "eavesdrop" && preset == "seed-binding-cookie" {
        return Some(Expect::Partial);
    }
    succeeds.contains(&preset).then_some(Expect::Succeeds)
}
