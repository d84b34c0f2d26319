//! The checks, one file each, behind one small trait. Each logs in, replays and looks, and
//! returns an [`Outcome`]; the requests it sends are recorded as its evidence.
//!
//! | check | what it does | fails when |
//! | --- | --- | --- |
//! | `cookie-attributes` | lints the session cookie's `Set-Cookie` (core's `cookie lint`) | a finding at or above `--fail-on` |
//! | `login-new-id` | a visit, a login, a second user logging in over the first | an id survives a login, or the id it replaced still works |
//! | `relogin-new-id` | the same user logs in twice | the second login keeps the id, or the old one still works |
//! | `logout` | logs out, replays the old cookie | the old cookie is still served |
//! | `strict-mode` | plants a made-up id, lets the victim log in on it | the id is adopted, or logged in (fixation) |
//! | `idle-timeout` | logs in, waits the idle timeout and a margin, replays | still served (skipped if not configured or too long) |
//! | `logout-race` | slow requests with the cookie in flight across the logout, then a replay | the session is back (skipped without `[race]`) |
//! | `id-in-url` | redirects and pages so far, the id in the query or as `;name=` | an id in `Location` or a page, or accepted from the URL |
//! | `token-sample` | collects ids and runs `analyze` on them | the verdict is not pass |

mod cookie_attributes;
mod id_in_url;
mod idle_timeout;
mod jwt;
mod login_rotation;
mod logout;
mod logout_race;
mod strict_mode;
mod token_sample;

use super::client::ProbeError;
use super::{Outcome, Probe};

/// One black-box check of a running application.
pub trait Check: Sync {
    /// The name used on the command line and in reports, e.g. `logout`.
    fn name(&self) -> &'static str;
    /// What it tests, in one line.
    fn summary(&self) -> &'static str;
    /// Runs the check. An error makes the verdict inconclusive.
    fn run(&self, p: &Probe<'_, '_>) -> Result<Outcome, ProbeError>;
}

/// Every check, in the order they run.
pub fn all() -> Vec<Box<dyn Check>> {
    vec![
        Box::new(cookie_attributes::CookieAttributes),
        Box::new(login_rotation::LoginNewId),
        Box::new(login_rotation::ReloginNewId),
        Box::new(logout::Logout),
        Box::new(strict_mode::StrictMode),
        Box::new(idle_timeout::IdleTimeout),
        Box::new(logout_race::LogoutRace),
        Box::new(id_in_url::IdInUrl),
        Box::new(token_sample::TokenSample),
        Box::new(jwt::Jwt),
    ]
}

fn yes_no(b: bool) -> &'static str {
    if b { "yes" } else { "no" }
}

/// "yes" when nothing was served, else "no, served on" and where.
fn dead(served: &[String]) -> String {
    if served.is_empty() {
        "yes".to_owned()
    } else {
        format!("no, served on {}", served.join(" and "))
    }
}
