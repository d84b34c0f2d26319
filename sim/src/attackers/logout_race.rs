//! The logout race: the attacker holds a copy of the cookie and keeps a slow request in
//! flight while the victim logs out. If the store writes the session back unconditionally
//! when that request ends, the logout is undone and the copy works again. A store that only
//! updates a session still present at the version it loaded stops it.

use super::{Attack, play_with, use_stolen_id};
use crate::target::Target;
use crate::world::{Step, World};

/// The slow request that outlives a logout.
pub struct LogoutRace;

impl Attack for LogoutRace {
    fn name(&self) -> &'static str {
        "logout-race"
    }

    fn summary(&self) -> &'static str {
        "keeps a slow request in flight across the victim's logout, then replays"
    }

    fn play<T: Target>(&self, w: &mut World<T>, steps: &[Step]) {
        if let Err(e) = w.can_hold() {
            return w.skip(e.to_string());
        }
        if w.site().slow_path.is_none() {
            return w.skip("the site has no slow path that writes the session back");
        }
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
        if let Err(e) = w.hold_request(&cookie) {
            return w.skip(e.to_string());
        }
        w.victim_step(&Step::Logout);
        match w.release_held() {
            Some(written) => w.note(format_args!(
                "the slow request ends and writes the session back ({written} write(s) accepted)"
            )),
            None => w.note("the slow request ends"),
        }
        use_stolen_id(w, &id);
    }
}
