//! Ids stay out of URLs: no redirect or page so far carried the session id, and the
//! application does not take the id from the query or a `;name=` path parameter
//! (ASVS 4.0.3 V3.1.1; the seed's "ids in URLs and logs").

use super::{Check, Outcome, Probe, ProbeError};
use crate::probe::checks::strict_mode::forge;

/// See the module docs.
pub struct IdInUrl;

impl Check for IdInUrl {
    fn name(&self) -> &'static str {
        "id-in-url"
    }

    fn summary(&self) -> &'static str {
        "no id in a redirect or a page, and none taken from the URL (?name=id, ;name=id)"
    }

    fn run(&self, p: &Probe<'_, '_>) -> Result<Outcome, ProbeError> {
        let t = p.target;
        // A bearer token's URL form is RFC 6750's `access_token` parameter.
        let name = if p.bearer() {
            "access_token"
        } else {
            p.session.cookie.as_str()
        };
        let protected = &t.config.protected.path;
        let (a, _) = t.config.users();
        let mut br = p.browser();
        let id = p.login(&mut br, &format!("log in as {}", a.username), a)?;
        let made_up = forge(&id, 7).unwrap_or_else(|| format!("{id}0"));
        let mut problems = Vec::new();
        // `?name=id` (PHP's trans_sid) and `;name=id` (Java's `;jsessionid=`).
        for (label, sep) in [("query", '?'), ("path parameter", ';')] {
            let url = |id: &str| format!("{protected}{sep}{name}={id}");
            let real = t.replay(
                &format!("the id in the URL ({label}), no cookie"),
                &url(&id),
                None,
            )?;
            if t.logged_in(&real).yes() {
                // A page that looks logged in for any id is not taking this one.
                let control = t.replay(
                    &format!("a made-up id in the URL ({label}), no cookie"),
                    &url(&made_up),
                    None,
                )?;
                if !t.logged_in(&control).yes() {
                    problems.push(format!("the id is taken from the URL ({label})"));
                }
            }
        }
        br.logout("log out")?;
        for leak in t.leaks(&p.session.cookie) {
            let ex = &leak.exchange;
            problems.push(format!(
                "the id appeared in a {}: {} {} -> {}",
                leak.place, ex.method, ex.path, ex.status
            ));
            t.record(ex.clone());
        }
        Ok(if problems.is_empty() {
            Outcome::pass("no id in a redirect or a page so far; not taken from the URL")
        } else {
            Outcome::fail(problems.join("; "))
        })
    }
}
