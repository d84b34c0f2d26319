//! The logout race: slow requests carrying the cookie are in flight when the user logs out;
//! a store that writes a session back unconditionally when they end brings it back
//! (ASVS 5.0 V7.4.1). Needs a page that is slow and writes the session: `[race] slow_path`.

use std::time::{Duration, Instant};

use super::{Check, Outcome, Probe, ProbeError, dead};
use crate::probe::client::{Exchange, Req};

/// See the module docs.
pub struct LogoutRace;

impl Check for LogoutRace {
    fn name(&self) -> &'static str {
        "logout-race"
    }

    fn summary(&self) -> &'static str {
        "slow requests in flight across the logout do not bring the session back"
    }

    fn run(&self, p: &Probe<'_, '_>) -> Result<Outcome, ProbeError> {
        let t = p.target;
        let Some(race) = &t.config.race else {
            return Ok(Outcome::skipped(
                "no [race] slow_path in the config: the race needs a page that is slow and writes the session",
            ));
        };
        let (a, _) = t.config.users();
        let mut br = p.browser();
        let id = p.login(&mut br, &format!("log in as {}", a.username), a)?;
        let cookie = p.pair(&id);
        // Prepared before the race (a CSRF token fetched now would delay the logout).
        let logout_req =
            t.logout_req("log out while they are in flight", &cookie, &|r| t.send(r))?;
        let n = race.requests;
        type Finished = Result<(Exchange, Instant), ProbeError>;
        type Logout = Result<(Exchange, Instant, Instant), ProbeError>;
        let (slow, logout): (Vec<Finished>, Logout) = std::thread::scope(|s| {
            let handles: Vec<_> = (1..=n)
                .map(|i| {
                    let req = Req::new(
                        format!(
                            "slow request {i}/{n} with {}'s cookie, sent before the logout",
                            a.username
                        ),
                        "GET",
                        &race.slow_path,
                    )
                    .cookie(cookie.clone());
                    s.spawn(move || t.exchange(req).map(|ex| (ex, Instant::now())))
                })
                .collect();
            std::thread::sleep(Duration::from_millis(race.delay_ms));
            let sent = Instant::now();
            let logout = t.exchange(logout_req).map(|ex| (ex, sent, Instant::now()));
            let slow = handles
                .into_iter()
                .map(|h| {
                    h.join().unwrap_or_else(|_| {
                        Err(ProbeError::Unexpected(
                            "a slow request's thread panicked".into(),
                        ))
                    })
                })
                .collect();
            (slow, logout)
        });
        let mut early = false;
        let mut overlapped = false;
        let (logout, logout_sent, logout_answered) = logout?;
        let refused = crate::probe::client::refused_logout(&logout);
        for r in slow {
            let (ex, finished) = r?;
            early |= finished < logout_sent;
            overlapped |= finished > logout_answered;
            t.record(ex);
        }
        t.record(logout);
        refused?;
        if early {
            return Ok(Outcome::inconclusive(format!(
                "a slow request ended before the logout was sent: {} must take longer than race.delay_ms ({} ms)",
                race.slow_path, race.delay_ms
            )));
        }
        if !overlapped {
            // A server that handles one request at a time answers the logout after the slow
            // requests: nothing raced, so a dead session proves nothing.
            return Ok(Outcome::inconclusive(format!(
                "the slow requests did not overlap the logout: every one was answered before the logout was (the server handles one request at a time, or the logout is slower than {})",
                race.slow_path
            )));
        }
        let served = p.replay_everywhere(
            &format!(
                "replay {}'s cookie after the slow requests ended",
                a.username
            ),
            &id,
        )?;
        if !served.is_empty() {
            // Leave no session behind for the checks that follow.
            let again = t.logout_req("log out again (clean-up)", &cookie, &|r| t.send(r))?;
            t.send(again)?;
        }
        Ok(Outcome::judge(
            served.is_empty(),
            format!(
                "session dead after {n} slow requests ended past the logout: {}",
                dead(&served)
            ),
        ))
    }
}
