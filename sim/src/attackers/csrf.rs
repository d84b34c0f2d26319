//! Cross-site request forgery: the attacker's page submits a form to the shop's password
//! change from the victim's browser. It works when the browser attaches the session cookie to
//! a cross-site POST: `SameSite=None`, no SameSite in a legacy engine, or Chrome's two-minute
//! "Lax-allowing-unsafe" window for cookies without the attribute. `SameSite=Lax` stops it.

use sessionlab_core::cookie::RequestKind;

use super::{Attack, play_with};
use crate::target::Target;
use crate::world::{Intent, Step, World};

/// The forged form post.
pub struct Csrf;

impl Attack for Csrf {
    fn name(&self) -> &'static str {
        "csrf"
    }

    fn summary(&self) -> &'static str {
        "its page auto-submits a cross-site POST to /account/password"
    }

    fn play<T: Target>(&self, w: &mut World<T>, steps: &[Step]) {
        let Some(path) = w.site().password_change_path.clone() else {
            return w.skip("the site has no password change to forge");
        };
        play_with(w, steps, |w, step| {
            if matches!(step, Step::VisitAttackerSite) {
                w.note("the attacker's page auto-submits a form to the shop's password change");
                let url = w.shop_url(&path);
                w.from_attacker_page(
                    &url,
                    Intent::ChangePassword,
                    RequestKind::TopLevelNavigation,
                );
            }
        });
    }
}
