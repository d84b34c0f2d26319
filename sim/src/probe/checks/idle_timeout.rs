//! The idle timeout holds: a session left alone for the configured idle timeout (and a margin)
//! is dead (ASVS 5.0 V7.3.1). The probe really waits, so only short timeouts are checked.

use std::time::Duration;

use super::{Check, Outcome, Probe, ProbeError, dead};

/// See the module docs.
pub struct IdleTimeout;

/// Room left in the time budget for the rest of the check after the wait.
const AFTER_WAIT: Duration = Duration::from_secs(30);

impl Check for IdleTimeout {
    fn name(&self) -> &'static str {
        "idle-timeout"
    }

    fn summary(&self) -> &'static str {
        "a session left idle for the configured idle timeout (and a margin) is dead"
    }

    fn run(&self, p: &Probe<'_, '_>) -> Result<Outcome, ProbeError> {
        let t = p.target;
        let Some(idle) = t.config.idle_timeout_secs else {
            return Ok(Outcome::skipped("no idle_timeout_secs in the config"));
        };
        // A margin for clocks and expiry sweeps: 10%, at least a second.
        let wait_secs = idle.saturating_add((idle / 10).max(1));
        let wait = Duration::from_secs(wait_secs);
        if wait > t.options.max_wait {
            return Ok(Outcome::skipped(format!(
                "waiting {wait_secs} s for the {idle} s idle timeout is longer than --max-wait {} s",
                t.options.max_wait.as_secs()
            )));
        }
        if wait + AFTER_WAIT > t.time_left() {
            return Ok(Outcome::skipped(format!(
                "waiting {wait_secs} s does not fit in what is left of --max-time"
            )));
        }
        let (a, _) = t.config.users();
        let mut br = p.browser();
        let id = p.login(&mut br, &format!("log in as {}", a.username), a)?;
        std::thread::sleep(wait);
        let served = p.replay_everywhere(&format!("replay after {wait_secs} s idle"), &id)?;
        br.logout("log out")?;
        Ok(Outcome::judge(
            served.is_empty(),
            format!(
                "session dead after {wait_secs} s idle (idle timeout {idle} s): {}",
                dead(&served)
            ),
        ))
    }
}
