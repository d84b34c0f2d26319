//! `sessionlab probe --config TARGET.toml`: the attacker models against a running server.

use std::io::Write;
use std::path::PathBuf;
use std::time::Duration;

use clap::Args;
use sessionlab_core::cookie::lint::Severity;

use super::Failure;
use crate::probe::{self, ProbeConfig, ProbeOptions, report};

pub(crate) const PROBE_HELP: &str = "\
Attack a running application over HTTP on loopback, black-box, and report what holds:

  cookie-attributes  the session cookie's Set-Cookie against OWASP ASVS (like `cookie lint`)
  login-new-id       a login issues a new id, over a visitor's and over another user's session
  relogin-new-id     the same user logging in again gets a new id
  logout             the old cookie, replayed after logout, is not served
  strict-mode        a planted, made-up id is not adopted nor logged in (fixation)
  idle-timeout       a session idle for idle_timeout_secs (and a margin) is dead
  logout-race        slow requests in flight across the logout do not bring the session back
  id-in-url          no id in redirects or pages, none taken from ?name= or ;name=
  token-sample       token_sample issued ids pass `sessionlab analyze` (the id part of a signed id;
                     not applicable to a session kept in the cookie)
  jwt                a JWT session token: alg none and a changed signature byte refused, HMAC key
                     not in the word list, exp within bearer.lifetime_secs, dead after logout

The config (TOML) names the base URL, how to log in and out, two test users, a protected page \
and how to tell it is logged in; see the README or examples/probe/. Login and logout forms with \
CSRF tokens are handled as a browser would ([csrf]: the form's hidden inputs, the CSRF cookie \
echoed in its header, Origin and Referer); forwarded_proto = \"https\" tells an app behind a TLS \
proxy that requests came over HTTPS (Secure cookies); [bearer] takes the session token from the \
login's JSON response and sends it as Authorization: Bearer. The base URL must be \
loopback (127.0.0.0/8, ::1, localhost) unless --allow-remote is given (an https:// one is \
probed over TLS: on loopback any certificate, or only one chaining to tls_ca_file); other names are \
refused without being looked up. Redirects are never followed. Ids are shown as # and the \
first 8 hex digits of their SHA-256.

Exit codes: 0 every check passed or was skipped; 1 a check failed or was inconclusive; 2 bad \
arguments, a bad config, or a target that cannot be probed (refused, unreachable, login fails).

Examples:
  sessionlab probe --config examples/probe/reference.toml
  sessionlab probe --config examples/probe/django.toml   # starts servers/apps/django itself
  sessionlab probe --config examples/probe/jwt-api.toml --check jwt --show-claims
  sessionlab probe --config my-app.toml --check logout --check strict-mode --json
  sessionlab probe --config my-app.toml --junit probe.xml --max-requests 3000";

/// Options of `sessionlab probe`.
#[derive(Debug, Args)]
pub(crate) struct ProbeArgs {
    /// The target's description (TOML).
    #[arg(long, value_name = "FILE")]
    config: PathBuf,
    /// Allow a base URL that is not loopback.
    #[arg(long)]
    allow_remote: bool,
    /// The most requests to send in all.
    #[arg(long, default_value_t = 5_000, value_name = "N")]
    max_requests: usize,
    /// The longest the whole probe may take, in seconds.
    #[arg(long, default_value_t = 600, value_name = "SECS")]
    max_time: u64,
    /// The longest the idle-timeout check may wait, in seconds (longer timeouts are skipped).
    #[arg(long, default_value_t = 120, value_name = "SECS")]
    max_wait: u64,
    /// Each request's timeout, in seconds.
    #[arg(long, default_value_t = 10, value_name = "SECS")]
    timeout: u64,
    /// Cookie findings of this severity or higher fail the cookie-attributes check.
    #[arg(long, default_value = "medium", value_parser = super::parse_severity)]
    fail_on: Severity,
    /// Run only this check; repeatable.
    #[arg(long = "check", value_name = "NAME")]
    checks: Vec<String>,
    /// Print the report as JSON (an error is a JSON document too: {"error": ...}).
    #[arg(long)]
    json: bool,
    /// Show a JWT's claim values in the jwt check's notes (only their names otherwise).
    #[arg(long)]
    show_claims: bool,
    /// Also write a JUnit XML report to FILE.
    #[arg(long, value_name = "FILE")]
    junit: Option<PathBuf>,
}

pub(crate) fn run(a: &ProbeArgs, out: &mut dyn Write) -> Result<u8, Failure> {
    let path = a.config.display();
    let text = std::fs::read_to_string(&a.config)
        .map_err(|e| Failure::bad_input(format!("cannot read {path}: {e}")))?;
    let config =
        ProbeConfig::from_toml(&text).map_err(|e| Failure::bad_input(format!("{path}: {e}")))?;
    if a.max_requests == 0 || a.timeout == 0 || a.max_time == 0 {
        return Err(Failure::bad_input(
            "--max-requests, --max-time and --timeout must be at least 1",
        ));
    }
    let options = ProbeOptions {
        allow_remote: a.allow_remote,
        max_requests: a.max_requests,
        max_time: Duration::from_secs(a.max_time),
        max_wait: Duration::from_secs(a.max_wait),
        timeout: Duration::from_secs(a.timeout),
        fail_on: a.fail_on,
        only: a.checks.clone(),
        show_claims: a.show_claims,
        progress: !a.json,
    };
    let report = probe::run(&config, &options).map_err(|e| Failure::bad_input(e.0))?;
    if a.json {
        writeln!(out, "{}", report::json(&report))?;
    } else {
        write!(out, "{}", report::table(&report))?;
    }
    if let Some(file) = &a.junit {
        std::fs::write(file, report::junit(&report))
            .map_err(|e| Failure::bad_input(format!("cannot write {}: {e}", file.display())))?;
    }
    Ok(u8::from(report.failed()))
}
