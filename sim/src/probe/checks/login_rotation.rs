//! A new id at every login: over a visitor's session, over another user's, and when the same
//! user logs in again; the id replaced must be dead afterwards (ASVS 5.0 V7.2.4).

use super::{Check, Outcome, Probe, ProbeError, dead, yes_no};

/// A login replaces the visitor's id, and a second user logging in replaces the first's.
pub struct LoginNewId;

impl Check for LoginNewId {
    fn name(&self) -> &'static str {
        "login-new-id"
    }

    fn summary(&self) -> &'static str {
        "a login issues a new id (over a visitor's session and over another user's) and the old one dies"
    }

    fn run(&self, p: &Probe<'_, '_>) -> Result<Outcome, ProbeError> {
        if let Some(skip) = jwt_bearer(p) {
            return Ok(skip);
        }
        let t = p.target;
        let (a, b) = t.config.users();
        let mut br = p.browser();
        br.get("visit the site", t.landing())?;
        let before = p.id(&br);
        let first = p.login(&mut br, &format!("log in as {}", a.username), a)?;
        let mut facts = Vec::new();
        let mut ok = true;
        match &before {
            None => facts.push("no id before login".to_owned()),
            Some(before) => {
                let changed = *before != first;
                ok &= changed;
                facts.push(format!("new id at login: {}", yes_no(changed)));
                if changed {
                    let served = p.replay_everywhere("replay the pre-login id", before)?;
                    ok &= served.is_empty() || p.bearer();
                    facts.push(format!("pre-login id dead: {}", dead(&served)));
                }
            }
        }
        let second = p.login(
            &mut br,
            &format!("log in as {} over {}'s session", b.username, a.username),
            b,
        )?;
        let changed = second != first;
        ok &= changed;
        facts.push(format!(
            "new id when {} logs in over {}: {}",
            b.username,
            a.username,
            yes_no(changed)
        ));
        if changed {
            let served = p.replay_everywhere(&format!("replay {}'s id", a.username), &first)?;
            // Bearer tokens are independent (one per device): an earlier one may live on.
            ok &= served.is_empty() || p.bearer();
            facts.push(format!("{}'s id dead: {}", a.username, dead(&served)));
        }
        br.logout("log out")?;
        Ok(Outcome::judge(ok, facts.join("; ")))
    }
}

/// The same user logging in again gets a new id (Django and axum-login skip it).
pub struct ReloginNewId;

impl Check for ReloginNewId {
    fn name(&self) -> &'static str {
        "relogin-new-id"
    }

    fn summary(&self) -> &'static str {
        "the same user logging in again gets a new id and the old one dies"
    }

    fn run(&self, p: &Probe<'_, '_>) -> Result<Outcome, ProbeError> {
        if let Some(skip) = jwt_bearer(p) {
            return Ok(skip);
        }
        let (a, _) = p.target.config.users();
        let mut br = p.browser();
        let first = p.login(&mut br, &format!("log in as {}", a.username), a)?;
        let second = p.login(&mut br, &format!("log in as {} again", a.username), a)?;
        let changed = second != first;
        let mut facts = vec![format!("new id at the second login: {}", yes_no(changed))];
        let mut ok = changed;
        if changed {
            let served = p.replay_everywhere("replay the first id", &first)?;
            ok &= served.is_empty() || p.bearer();
            facts.push(format!("first id dead: {}", dead(&served)));
        }
        br.logout("log out")?;
        Ok(Outcome::judge(ok, facts.join("; ")))
    }
}

/// A JWT bearer token is not a session id to rotate: nothing can be planted before the login
/// (the login returns it), and a token lives until its `exp` whatever later logins do (the
/// same user within one second may even get the same token). The `jwt` check tests it.
fn jwt_bearer(p: &Probe<'_, '_>) -> Option<Outcome> {
    (p.bearer() && p.session.value.is_client_side()).then(|| {
        Outcome::skipped(
            "the session is a JWT bearer token: the login returns it, nothing can be planted before, and it lives until exp (see the jwt check)",
        )
    })
}
