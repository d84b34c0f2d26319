//! The logout race: the attacker holds a copy of the cookie and keeps a slow request in
//! flight while the victim logs out. If the store writes the session back unconditionally
//! when that request ends, the logout is undone and the copy works again. A store that only
//! updates a session still present at the version it loaded stops it.

use sessionlab_core::session::Action;

use super::{Attacker, play_with, use_stolen_id};
use crate::world::{Step, World};

/// The slow request that outlives a logout.
pub struct LogoutRace;

impl Attacker for LogoutRace {
    fn name(&self) -> &'static str {
        "logout-race"
    }

    fn summary(&self) -> &'static str {
        "keeps a slow request in flight across the victim's logout, then replays"
    }

    fn play(&self, w: &mut World, steps: &[Step]) {
        let mut copy: Option<String> = None;
        let before_logout: Vec<Step> = steps
            .iter()
            .filter(|s| !matches!(s, Step::Logout))
            .cloned()
            .collect();
        play_with(w, &before_logout, |w, step| {
            if matches!(step, Step::Account) && copy.is_none() {
                copy = w.victim_cookie();
            }
        });
        let Some(id) = copy else { return };
        // Make sure the copy is current (a rotation since may have replaced it).
        let id = w.victim_cookie().unwrap_or(id);
        let cookie = format!("{}={id}", w.cookie_name());
        w.note("attacker starts a slow request with the copied cookie");
        w.store().hold_saves();
        w.replay_in_flight("/cart", &cookie, Action::Page);
        w.victim_step(&Step::Logout);
        let written = w.store().release_saves();
        w.note(format_args!(
            "the slow request ends and writes the session back ({written} write(s) accepted)"
        ));
        use_stolen_id(w, &id);
    }
}
