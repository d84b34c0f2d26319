//! Concurrent logins: the attacker has the victim's password (phished, reused) and logs in
//! while the victim is logged in. "Prevent concurrent logins" (one session per user, further
//! logins refused) stops it; evicting the oldest session instead kicks the victim out, which
//! the victim notices.

use sessionlab_core::cookie::RequestContext;
use sessionlab_core::session::{Action, Answer, Store};

use super::{Attacker, play_with};
use crate::world::{Origin, Step, VICTIM, Who, World};

/// The second login with stolen credentials.
pub struct ConcurrentLogins;

impl Attacker for ConcurrentLogins {
    fn name(&self) -> &'static str {
        "concurrent-logins"
    }

    fn summary(&self) -> &'static str {
        "logs in with the victim's stolen password while the victim is logged in"
    }

    fn play(&self, w: &mut World, steps: &[Step]) {
        let mut done = false;
        play_with(w, steps, |w, step| {
            if done || !matches!(step, Step::Account) {
                return;
            }
            // The attack is a second login *while the victim is logged in*: with no session
            // of the victim's, a stolen password is plain credential theft, which no session
            // policy can stop (found by the `sim_scenario` fuzz target: a schedule without a
            // login made `hardened` look hijacked).
            if !victim_logged_in(w) {
                return;
            }
            done = true;
            w.advance(1);
            let url = w.shop_url("/login");
            w.note("attacker logs in with the victim's password from its own machine");
            let reply = w.request(
                Who::Attacker,
                &url,
                Action::Login {
                    user: VICTIM.into(),
                },
                RequestContext::typed(),
                Origin::Attacker,
            );
            if reply.is_some_and(|r| r.answer == Answer::LoggedIn) {
                let account = w.shop_url("/account/orders");
                w.request(
                    Who::Attacker,
                    &account,
                    Action::Page,
                    RequestContext::typed(),
                    Origin::Attacker,
                );
            }
        });
    }
}

/// Whether the victim's browser holds a live session logged in as the victim.
fn victim_logged_in(w: &mut World) -> bool {
    let Some(id) = w.victim_cookie() else {
        return false;
    };
    w.app().is_live(&id)
        && w.store()
            .load(&id)
            .is_some_and(|r| r.user.as_deref() == Some(VICTIM))
}
