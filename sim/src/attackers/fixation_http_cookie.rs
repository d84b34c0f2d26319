//! Session fixation by a cookie forced over HTTP: an on-path attacker answers one of the
//! victim's plain-HTTP requests for the shop with a `Set-Cookie` carrying its own id. Browsers
//! refuse it where a Secure cookie of that name exists or the name has a `__Secure-`/`__Host-`
//! prefix; a new id at login makes it worthless anyway.

use super::{Attack, play_with, use_stolen_id};
use crate::target::Target;
use crate::world::{SHOP, Step, World};

/// Fixation through an injected plain-HTTP response.
pub struct FixationHttpCookie;

impl Attack for FixationHttpCookie {
    fn name(&self) -> &'static str {
        "fixation-http-cookie"
    }

    fn summary(&self) -> &'static str {
        "injects Set-Cookie with its own id into a plain-HTTP response for the shop"
    }

    fn play<T: Target>(&self, w: &mut World<T>, steps: &[Step]) {
        if !w.features().attacker_on_path {
            return play_with(w, steps, |_, _| {});
        }
        let Some(id) = w.attacker_fresh_session() else {
            return;
        };
        let header = format!("{}={id}; Path=/", w.cookie_name());
        // The injection rides on the victim's first plain-HTTP load (the news site, which the
        // attacker redirects to http://shop.example/, or the shop itself on an HTTP site).
        w.note("attacker waits for a plain-HTTP request to inject its cookie into");
        let mut planted = false;
        let http_site = !w.shop_url("/").starts_with("https");
        let mut first = true;
        play_with(w, steps, |w, step| {
            let chance = matches!(step, Step::ReadHttpNews) || (http_site && first);
            first = false;
            if chance && !planted && !w.victim().hsts_pinned(SHOP) {
                planted = w.plant_cookie(&format!("http://{SHOP}/"), &header);
            }
            if matches!(step, Step::Login) && planted {
                use_stolen_id(w, &id);
            }
        });
    }
}
