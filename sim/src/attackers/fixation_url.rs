//! Session fixation by URL: the attacker opens a session, then sends the victim a link that
//! carries its id (`?PHPSESSID=...`, `;jsessionid=...`). If the app accepts ids from URLs and
//! does not issue a new id at login, the attacker's id becomes the victim's logged-in session.

use super::{Attack, use_stolen_id};
use crate::target::Target;
use crate::world::{Step, World};

/// Fixation through a crafted link.
pub struct FixationUrl;

impl Attack for FixationUrl {
    fn name(&self) -> &'static str {
        "fixation-url"
    }

    fn summary(&self) -> &'static str {
        "sends a link carrying its own session id; waits for the victim to log in on it"
    }

    fn play<T: Target>(&self, w: &mut World<T>, steps: &[Step]) {
        let Some(id) = w.attacker_fresh_session() else {
            return;
        };
        let name = w.cookie_name();
        let link = format!("{}?{name}={id}", w.shop_url("/"));
        w.note("attacker sends the victim a link carrying its own session id");
        let mut first = true;
        for step in steps {
            match step {
                Step::Visit { .. } if first => {
                    first = false;
                    w.advance(1);
                    w.request(
                        crate::world::Who::Victim,
                        &link,
                        crate::world::Intent::Page,
                        sessionlab_core::cookie::RequestContext::typed(),
                        crate::world::Origin::Victim,
                    );
                }
                _ => {
                    w.victim_step(step);
                }
            }
            if matches!(step, Step::Login) {
                use_stolen_id(w, &id);
            }
        }
    }
}
