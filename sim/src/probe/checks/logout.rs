//! Logout ends the session on the server: a copy of the cookie taken before is dead after
//! (ASVS 5.0 V7.4.1). Client-side sessions (a signed cookie) fail here.

use super::{Check, Outcome, Probe, ProbeError, dead};
use crate::probe::client::CookieChange;
use sessionlab_core::token::cookie_value::classify;

/// See the module docs.
pub struct Logout;

impl Check for Logout {
    fn name(&self) -> &'static str {
        "logout"
    }

    fn summary(&self) -> &'static str {
        "logout ends the session on the server: the old cookie, replayed, is not served"
    }

    fn run(&self, p: &Probe<'_, '_>) -> Result<Outcome, ProbeError> {
        let (a, _) = p.target.config.users();
        let mut br = p.browser();
        let id = p.login(&mut br, &format!("log in as {}", a.username), a)?;
        let ex = br.logout_checked("log out")?;
        let browser = match ex.cookie_change(&p.session.cookie) {
            _ if p.bearer() => "the client forgets the token",
            CookieChange::Deleted => "the logout deleted the cookie in the browser",
            CookieChange::Set(v) if v != id => "the logout replaced the cookie in the browser",
            CookieChange::Set(_) => "the logout set the cookie again in the browser",
            CookieChange::Untouched => "the logout left the cookie in the browser",
        };
        let served = p.replay_everywhere("replay the old cookie", &id)?;
        let kind = classify(&id).kind;
        if !served.is_empty() && kind.is_client_side() {
            let holder = if p.bearer() { "token" } else { "cookie" };
            return Ok(Outcome::fail(format!(
                "the session lives in the {holder}, {}: logout cannot end it on the server; a copy of the {holder} is served after logout on {}",
                kind.describe(),
                served.join(" and ")
            )));
        }
        Ok(Outcome::judge(
            served.is_empty(),
            format!("old id dead after logout: {}; {browser}", dead(&served)),
        ))
    }
}
