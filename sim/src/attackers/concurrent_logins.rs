//! Concurrent logins: the attacker has the victim's password (phished, reused) and logs in
//! while the victim is logged in. "Prevent concurrent logins" (one session per user, further
//! logins refused) stops it; evicting the oldest session instead kicks the victim out, which
//! the victim notices.

use sessionlab_core::cookie::RequestContext;

use super::{Attack, play_with};
use crate::target::Target;
use crate::world::{Intent, Origin, Step, Who, World};

/// The second login with stolen credentials.
pub struct ConcurrentLogins;

impl Attack for ConcurrentLogins {
    fn name(&self) -> &'static str {
        "concurrent-logins"
    }

    fn summary(&self) -> &'static str {
        "logs in with the victim's stolen password while the victim is logged in"
    }

    fn play<T: Target>(&self, w: &mut World<T>, steps: &[Step]) {
        let mut done = false;
        play_with(w, steps, |w, step| {
            if done || !matches!(step, Step::Account) {
                return;
            }
            // The attack is a second login *while the victim is logged in*: with no session
            // of the victim's, a stolen password is plain credential theft, which no session
            // policy can stop (found by the `sim_scenario` fuzz target: a schedule without a
            // login made `hardened` look hijacked).
            if !w.victim_signed_in() {
                return;
            }
            done = true;
            w.advance(1);
            let url = w.shop_url(&w.site().login.path.clone());
            w.note("attacker logs in with the victim's password from its own machine");
            let reply = w.request(
                Who::Attacker,
                &url,
                Intent::Login { user: 0 },
                RequestContext::typed(),
                Origin::Attacker,
            );
            // A login page need not say who logged in: any answer that is not an error sends
            // the attacker on to the protected page, which does.
            if reply.is_some_and(|r| r.as_victim() || (200..400).contains(&r.status)) {
                let account = w.shop_url(&w.site().protected_path.clone());
                w.request(
                    Who::Attacker,
                    &account,
                    Intent::Page,
                    RequestContext::typed(),
                    Origin::Attacker,
                );
            }
        });
    }
}
