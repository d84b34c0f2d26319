//! Cross-site request forgery: the attacker's page submits a form to the shop's password
//! change from the victim's browser. It works when the browser attaches the session cookie to
//! a cross-site POST: `SameSite=None`, no SameSite in a legacy engine, or Chrome's two-minute
//! "Lax-allowing-unsafe" window for cookies without the attribute. `SameSite=Lax` stops it.

use sessionlab_core::cookie::RequestKind;
use sessionlab_core::session::Action;

use super::{Attacker, play_with};
use crate::world::{Step, World};

/// The forged form post.
pub struct Csrf;

impl Attacker for Csrf {
    fn name(&self) -> &'static str {
        "csrf"
    }

    fn summary(&self) -> &'static str {
        "its page auto-submits a cross-site POST to /account/password"
    }

    fn play(&self, w: &mut World, steps: &[Step]) {
        play_with(w, steps, |w, step| {
            if matches!(step, Step::VisitAttackerSite) {
                w.note("the attacker's page auto-submits a form to the shop's password change");
                let url = w.shop_url("/account/password");
                w.from_attacker_page(
                    &url,
                    Action::PrivilegeChange,
                    RequestKind::TopLevelNavigation,
                );
            }
        });
    }
}
