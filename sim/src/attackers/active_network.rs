//! An active network attacker: when the victim loads any plain-HTTP page (here a news site),
//! it answers with a redirect to `http://shop.example/`, so the browser sends the shop's
//! non-Secure cookies in the clear, and the attacker reads them. Stopped by `Secure` cookies,
//! or by HSTS once the browser has seen it.

use sessionlab_core::cookie::RequestKind;

use super::{Attack, Loot, play_with};
use crate::target::Target;
use crate::world::{Intent, SHOP, Step, World};

/// The on-path attacker that forces a plain-HTTP request.
pub struct ActiveNetwork;

impl Attack for ActiveNetwork {
    fn name(&self) -> &'static str {
        "active-network"
    }

    fn summary(&self) -> &'static str {
        "redirects a plain-HTTP page to http://shop so non-Secure cookies leak"
    }

    fn play<T: Target>(&self, w: &mut World<T>, steps: &[Step]) {
        if !w.features().attacker_on_path {
            return play_with(w, steps, |_, _| {});
        }
        let mut loot = Loot::default();
        let mut read = 0;
        play_with(w, steps, |w, step| {
            // Any plain-HTTP page load is a chance; wait until the victim has logged in.
            let logged_in = w.victim_signed_in();
            if !matches!(step, Step::ReadHttpNews | Step::Account) || !logged_in {
                return;
            }
            w.note(
                "attacker rewrites a plain-HTTP response into a redirect to http://shop.example/",
            );
            w.from_attacker_page(
                &format!("http://{SHOP}/"),
                Intent::Page,
                RequestKind::TopLevelNavigation,
            );
            let found = w.sniffed_ids_since(&mut read);
            loot.take(w, found, step);
        });
    }
}
