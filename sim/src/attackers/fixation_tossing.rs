//! Session fixation by cookie tossing: the attacker controls a sibling subdomain
//! (`blog.shop.example`) and sets a cookie with the session cookie's name and
//! `Domain=shop.example`, carrying its own id. The `__Host-` prefix forbids such a cookie; a
//! new id at login makes the planted one worthless.

use super::{Attack, play_with, use_stolen_id};
use crate::target::Target;
use crate::world::{SHOP, SIBLING, Step, World};

/// Fixation from a sibling subdomain.
pub struct FixationTossing;

impl Attack for FixationTossing {
    fn name(&self) -> &'static str {
        "fixation-tossing"
    }

    fn summary(&self) -> &'static str {
        "plants its session id from a sibling subdomain with Domain=shop.example"
    }

    fn play<T: Target>(&self, w: &mut World<T>, steps: &[Step]) {
        let Some(id) = w.attacker_fresh_session() else {
            return;
        };
        // Scoped to the login and account paths, the tossed cookie is sent before the victim's
        // own (longer paths first), so the login happens on the attacker's id.
        let name = w.cookie_name();
        let site = w.site();
        let account = site
            .sensitive_paths
            .first()
            .unwrap_or(&site.protected_path)
            .clone();
        let headers = [
            format!("{name}={id}; Domain={SHOP}; Path={}", site.login.path),
            format!("{name}={id}; Domain={SHOP}; Path={account}"),
        ];
        let mut planted = false;
        play_with(w, steps, |w, step| {
            if matches!(step, Step::VisitSiblingSite) && !planted {
                for h in &headers {
                    planted |= w.plant_cookie(&format!("https://{SIBLING}/"), h);
                }
            }
            if matches!(step, Step::Login) && planted {
                use_stolen_id(w, &id);
            }
        });
    }
}
