//! Attacker models, one file each. An attacker plays one run: it interleaves the victim's
//! steps (`World::victim_step`) with what its capabilities allow, and the oracle judges the
//! result. Capabilities come from the seed's swarm features (is the attacker on the network
//! path? does it read the logs? does the victim open its page?).

mod active_network;
mod concurrent_logins;
mod csrf;
mod eavesdrop;
mod fixation_http_cookie;
mod fixation_tossing;
mod fixation_url;
mod id_leak;
mod logout_race;
mod online_guessing;
mod replay;
mod token_prediction;
mod xss_theft;

use sessionlab_core::session::Action;

use crate::world::{Step, World};

/// An attacker model.
pub trait Attacker: Send + Sync {
    /// A short stable name (a matrix column).
    fn name(&self) -> &'static str;
    /// One line on what it does and what stops it.
    fn summary(&self) -> &'static str;
    /// Plays one run: the victim's `steps` and the attack.
    fn play(&self, w: &mut World, steps: &[Step]);
}

/// Every attacker, in matrix order.
pub fn all() -> Vec<Box<dyn Attacker>> {
    vec![
        Box::new(eavesdrop::Eavesdrop),
        Box::new(active_network::ActiveNetwork),
        Box::new(fixation_url::FixationUrl),
        Box::new(fixation_tossing::FixationTossing),
        Box::new(fixation_http_cookie::FixationHttpCookie),
        Box::new(replay::Replay),
        Box::new(token_prediction::TokenPrediction),
        Box::new(online_guessing::OnlineGuessing),
        Box::new(xss_theft::XssTheft),
        Box::new(csrf::Csrf),
        Box::new(id_leak::IdLeak),
        Box::new(logout_race::LogoutRace),
        Box::new(concurrent_logins::ConcurrentLogins),
    ]
}

/// The attacker called `name`.
pub fn by_name(name: &str) -> Option<Box<dyn Attacker>> {
    all().into_iter().find(|a| a.name() == name)
}

/// Tries a stolen id the way an attacker would: an ordinary page first, then the account.
/// Stops at the first page that serves the victim's account (or that detects the attack).
pub(crate) fn use_stolen_id(w: &mut World, id: &str) {
    let cookie = format!("{}={id}", w.cookie_name());
    for path in ["/cart", "/account/orders"] {
        w.replay(path, &cookie, Action::Page);
    }
}

/// Ids an attacker has collected. New ids are tried at once; all of them are tried again
/// after the victim logs in (an id stolen before login is worth more after it, unless the
/// application issues a new one).
#[derive(Debug, Default)]
pub(crate) struct Loot {
    ids: Vec<String>,
}

impl Loot {
    /// Adds what was found, tries the new ids, and after a login tries them all again.
    pub(crate) fn take(&mut self, w: &mut World, found: Vec<String>, step: &Step) {
        let mut fresh = Vec::new();
        for id in found {
            if !id.is_empty() && !self.ids.contains(&id) && !fresh.contains(&id) {
                fresh.push(id);
            }
        }
        let retry = matches!(step, Step::Login) && !self.ids.is_empty();
        self.ids.extend(fresh.iter().cloned());
        let to_try = if retry { self.ids.clone() } else { fresh };
        for id in to_try {
            use_stolen_id(w, &id);
        }
    }
}

/// Plays the victim's steps, calling `after` after each one.
pub(crate) fn play_with(w: &mut World, steps: &[Step], mut after: impl FnMut(&mut World, &Step)) {
    for step in steps {
        w.victim_step(step);
        after(w, step);
    }
}
