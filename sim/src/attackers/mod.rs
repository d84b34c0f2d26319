//! Attacker models, one file each. An attacker plays one run: it interleaves the victim's
//! steps (`World::victim_step`) with what its capabilities allow, and the oracle judges the
//! result. Its capabilities come from the seed's swarm features (is the attacker on the network
//! path? does it read the logs? does the victim open its page?) and from the target (can it
//! hold a request in flight? can its clock be moved? are its logs readable?): an attacker that
//! needs what the target lacks marks the run skipped, with the reason.
//!
//! Attackers see the application only through the world: requests, responses, the wire, the
//! victim's browser. They are generic over the target ([`Attack::play`]), so that runs against
//! the reference model are monomorphized; [`Attacker`] is the object-safe face the campaign
//! keeps in its lists.

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

use crate::target::{ModelTarget, Target};
use crate::world::{Intent, Step, World};

/// An attacker model: what each file implements.
pub trait Attack: Send + Sync {
    /// A short stable name (a matrix column).
    fn name(&self) -> &'static str;
    /// One line on what it does and what stops it.
    fn summary(&self) -> &'static str;
    /// Plays one run against any target: the victim's `steps` and the attack.
    fn play<T: Target>(&self, w: &mut World<T>, steps: &[Step]);
}

/// An attacker as the campaign holds it (object-safe): the reference model's runs are
/// monomorphized, any other target goes through `Box<dyn Target>`.
pub trait Attacker: Send + Sync {
    /// A short stable name (a matrix column).
    fn name(&self) -> &'static str;
    /// One line on what it does and what stops it.
    fn summary(&self) -> &'static str;
    /// Plays one run against the reference model.
    fn play(&self, w: &mut World<ModelTarget>, steps: &[Step]);
    /// Plays one run against any other target.
    fn play_on(&self, w: &mut World<Box<dyn Target>>, steps: &[Step]);
}

impl<A: Attack> Attacker for A {
    fn name(&self) -> &'static str {
        Attack::name(self)
    }
    fn summary(&self) -> &'static str {
        Attack::summary(self)
    }
    fn play(&self, w: &mut World<ModelTarget>, steps: &[Step]) {
        Attack::play(self, w, steps)
    }
    fn play_on(&self, w: &mut World<Box<dyn Target>>, steps: &[Step]) {
        Attack::play(self, w, steps)
    }
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
pub(crate) fn use_stolen_id<T: Target>(w: &mut World<T>, id: &str) {
    let cookie = format!("{}={id}", w.cookie_name());
    let paths = [
        w.site().ordinary_path.clone(),
        w.site().protected_path.clone(),
    ];
    for path in paths {
        w.replay(&path, &cookie, Intent::Page);
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
    pub(crate) fn take<T: Target>(&mut self, w: &mut World<T>, found: Vec<String>, step: &Step) {
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
pub(crate) fn play_with<T: Target>(
    w: &mut World<T>,
    steps: &[Step],
    mut after: impl FnMut(&mut World<T>, &Step),
) {
    for step in steps {
        w.victim_step(step);
        after(w, step);
    }
}
