//! The oracle: what a run's outcome is, from what the world recorded.
//!
//! The master invariant is that no request is served as the victim on behalf of an
//! attacker; the core session invariants are checked after every request as well (they are
//! reported in the transcript and the JSON report, since weak policies break them by design).

use serde::{Deserialize, Serialize};

use crate::target::Target;
use crate::world::World;

/// How an attack ended, worst first in `Ord` terms (`Hijacked` is the greatest).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Outcome {
    /// The attack could not be played: it needs a capability the target lacks (the run
    /// says which).
    Skipped,
    /// Nothing the attacker sent was served as the victim.
    Blocked,
    /// The application noticed and ended the session (the binding cookie).
    Detected,
    /// Served as the victim, but only on pages that are not sensitive.
    Partial,
    /// Served as the victim on a sensitive page.
    Hijacked,
}

impl Outcome {
    /// Whether the attacker got in at all.
    pub fn is_success(self) -> bool {
        matches!(self, Outcome::Partial | Outcome::Hijacked)
    }

    /// The word used in tables and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Skipped => "skipped",
            Outcome::Blocked => "blocked",
            Outcome::Detected => "detected",
            Outcome::Partial => "partial",
            Outcome::Hijacked => "hijacked",
        }
    }
}

/// Judges a finished run.
pub fn judge<T: Target>(w: &World<T>) -> Outcome {
    if w.hits().iter().any(|h| h.sensitive) {
        Outcome::Hijacked
    } else if !w.hits().is_empty() {
        Outcome::Partial
    } else if w.detections() > 0 {
        Outcome::Detected
    } else if w.skipped().is_some() {
        Outcome::Skipped
    } else {
        Outcome::Blocked
    }
}
