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
        let n = race.requests;
        type Finished = Result<(Exchange, Instant), ProbeError>;
        let (slow, logout): (Vec<Finished>, Result<(Exchange, Instant), ProbeError>) =
            std::thread::scope(|s| {
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
                let logout = t
                    .exchange(t.logout_req("log out while they are in flight", &cookie))
                    .map(|ex| (ex, sent));
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
        let (logout, logout_sent) = logout?;
        for r in slow {
            let (ex, finished) = r?;
            early |= finished < logout_sent;
            t.record(ex);
        }
        t.record(logout);
        if early {
            return Ok(Outcome::inconclusive(format!(
                "a slow request ended before the logout was sent: {} must take longer than race.delay_ms ({} ms)",
                race.slow_path, race.delay_ms
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
            t.send(t.logout_req("log out again (clean-up)", &cookie))?;
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
