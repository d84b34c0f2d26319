//! Replay: the attacker holds a copy of the victim's logged-in cookie (a shared computer, a
//! backup, an old leak) and uses it after the session should be over: after logout, after a
//! long idle period, or after a password change. Server-side logout, timeouts and rotation on
//! privilege change stop it.

use super::{Attack, play_with, use_stolen_id};
use crate::target::Target;
use crate::world::{Step, World};

/// Replay of a copied cookie after the session should have ended.
pub struct Replay;

impl Attack for Replay {
    fn name(&self) -> &'static str {
        "replay"
    }

    fn summary(&self) -> &'static str {
        "replays a copied cookie after logout, a long idle period, or a password change"
    }

    fn play<T: Target>(&self, w: &mut World<T>, steps: &[Step]) {
        let mut copy: Option<String> = None;
        // The workload's own logout is replaced by the ending this seed picks below.
        let steps: Vec<Step> = steps
            .iter()
            .filter(|s| !matches!(s, Step::Logout))
            .cloned()
            .collect();
        play_with(w, &steps, |w, step| {
            if matches!(step, Step::Account) && copy.is_none() {
                copy = w.victim_cookie();
                w.note("attacker copies the victim's session cookie");
            }
        });
        // The session must be over first: this seed picks how it ended.
        let end = match w.pick(3) {
            0 => Step::Logout,
            1 => Step::Idle { secs: 9 * 3600 },
            _ => Step::ChangePassword,
        };
        if matches!(end, Step::Idle { .. }) && !w.can_advance() {
            return w.skip("the idle ending needs the application's clock, which cannot be moved");
        }
        if matches!(end, Step::ChangePassword) && w.site().password_change_path.is_none() {
            return w.skip("the site has no password change");
        }
        w.note(format_args!("the victim's session ends: {end:?}"));
        w.victim_step(&end);
        if let Some(id) = copy {
            use_stolen_id(w, &id);
        }
    }
}
