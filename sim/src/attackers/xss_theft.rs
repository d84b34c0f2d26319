//! XSS cookie theft: a stored script on one of the shop's pages reads `document.cookie` in
//! the victim's browser and sends it to the attacker, who replays the session id. `HttpOnly`
//! keeps the session cookie out of the script's reach.

use super::{Attack, play_with, use_stolen_id};
use crate::target::Target;
use crate::world::{Step, World};

/// The XSS payload's author.
pub struct XssTheft;

impl Attack for XssTheft {
    fn name(&self) -> &'static str {
        "xss-theft"
    }

    fn summary(&self) -> &'static str {
        "a stored XSS payload reads document.cookie and sends it to the attacker"
    }

    fn play<T: Target>(&self, w: &mut World<T>, steps: &[Step]) {
        let name = w.cookie_name();
        play_with(w, steps, |w, step| {
            if !matches!(step, Step::OpenXssPage) {
                return;
            }
            let page = w.shop_url("/reviews");
            let seen = w.victim_document_cookie(&page);
            w.note(format_args!(
                "the payload reads document.cookie = {:?}",
                w.redact(&seen)
            ));
            let stolen = seen
                .split("; ")
                .find_map(|p| p.strip_prefix(&format!("{name}=")))
                .map(str::to_owned);
            if let Some(id) = stolen {
                use_stolen_id(w, &id);
            }
        });
    }
}
