//! `sessionlab probe`: the attacker models against a real server on loopback.
//!
//! The simulator proves properties of the reference model; the probe asks the same questions of
//! a running application, black-box, over HTTP: is the session cookie set safely, is the id
//! replaced at login, does logout end the session on the server, is a planted id adopted, does
//! the idle timeout hold, does a slow request undo a logout, do ids travel in URLs, and are the
//! ids random. Each check is one file in [`checks`] behind one small trait, [`Check`], and
//! answers with a [`Verdict`], a one-line finding and the requests that show it.
//!
//! ```text
//! ProbeConfig (TOML) --> Target::connect (loopback only) --> preflight (log in, find the
//! session cookie) --> each Check --> ProbeReport (table, JSON, JUnit)
//! ```
//!
//! Limits: every request has a timeout, the whole probe has a request budget and a time budget,
//! and the idle-timeout check only waits when the timeout is short. Nothing follows a redirect.
//! Raw ids never reach the report: they are shown as `#` and 8 hex digits of their SHA-256.

pub mod checks;
pub mod client;
pub mod config;
pub mod csrf;
pub mod redact;
pub mod report;

use std::time::Duration;

use config::BEARER;
use sessionlab_core::cookie::lint::Severity;
use sessionlab_core::token::cookie_value::{ValueKind, classify};

pub use checks::Check;
use client::{Browser, Exchange, LoggedIn, ProbeError, SetupError, Target};
pub use config::ProbeConfig;
pub use report::{CheckReport, ProbeReport};

/// The probe's limits and switches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProbeOptions {
    /// Probe a non-loopback host (refused otherwise, before anything is sent).
    pub allow_remote: bool,
    /// The most requests the whole probe may send.
    pub max_requests: usize,
    /// The longest the whole probe may take.
    pub max_time: Duration,
    /// The longest the idle-timeout check may wait; a longer timeout is skipped.
    pub max_wait: Duration,
    /// Each request's timeout.
    pub timeout: Duration,
    /// Cookie findings of this severity or higher fail the cookie-attributes check.
    pub fail_on: Severity,
    /// Run only these checks (all when empty).
    pub only: Vec<String>,
    /// Print a JWT's claim values (only their names otherwise).
    pub show_claims: bool,
    /// Show progress on stderr (the check, requests sent, budget left) when it is a terminal.
    pub progress: bool,
}

impl Default for ProbeOptions {
    fn default() -> Self {
        ProbeOptions {
            allow_remote: false,
            max_requests: 5_000,
            max_time: Duration::from_secs(600),
            max_wait: Duration::from_secs(120),
            timeout: Duration::from_secs(10),
            fail_on: Severity::Medium,
            only: Vec::new(),
            show_claims: false,
            progress: false,
        }
    }
}

/// A check's judgement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// The application did what it should.
    Pass,
    /// The application did not: the evidence shows how.
    Fail,
    /// Not run, for the reason given (not configured, too long to wait).
    Skipped,
    /// Could not finish (a budget ran out, a request failed, a login did not log in).
    Inconclusive,
}

impl Verdict {
    /// The word in the table.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Pass => "pass",
            Verdict::Fail => "FAIL",
            Verdict::Skipped => "skipped",
            Verdict::Inconclusive => "inconclusive",
        }
    }
}

/// What a check found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    /// The verdict.
    pub verdict: Verdict,
    /// One line: what was observed.
    pub finding: String,
    /// More lines, when one is not enough (lint findings, analysis reasons).
    pub notes: Vec<String>,
}

impl Outcome {
    fn new(verdict: Verdict, finding: impl Into<String>) -> Self {
        Outcome {
            verdict,
            finding: finding.into(),
            notes: Vec::new(),
        }
    }
    /// A pass.
    pub fn pass(finding: impl Into<String>) -> Self {
        Self::new(Verdict::Pass, finding)
    }
    /// A failure.
    pub fn fail(finding: impl Into<String>) -> Self {
        Self::new(Verdict::Fail, finding)
    }
    /// Pass when `ok`, else fail.
    pub fn judge(ok: bool, finding: impl Into<String>) -> Self {
        Self::new(if ok { Verdict::Pass } else { Verdict::Fail }, finding)
    }
    /// Skipped, with the reason.
    pub fn skipped(reason: impl Into<String>) -> Self {
        Self::new(Verdict::Skipped, reason)
    }
    /// Inconclusive, with the reason.
    pub fn inconclusive(reason: impl Into<String>) -> Self {
        Self::new(Verdict::Inconclusive, reason)
    }
    /// With more lines.
    pub fn with_notes(mut self, notes: Vec<String>) -> Self {
        self.notes = notes;
        self
    }
}

/// What the preflight learned about the application's sessions.
#[derive(Debug, Clone)]
pub struct SessionFacts {
    /// The session cookie's name.
    pub cookie: String,
    /// Whether a visitor without cookies is given a session id (before any login).
    pub guest_ids: bool,
    /// The exchange whose `Set-Cookie` gave the logged-in session its cookie.
    pub issued_by: Exchange,
    /// What the logged-in cookie's value is: an id, a signed id, or the session itself.
    pub value: ValueKind,
    /// Whether the login form carries a CSRF token (logins and logouts fetch their forms).
    pub csrf: bool,
}

/// A probe in progress: the target and what the preflight learned.
pub struct Probe<'t, 'c> {
    /// The target.
    pub target: &'t Target<'c>,
    /// The session cookie and how the application hands it out.
    pub session: SessionFacts,
}

impl<'t, 'c> Probe<'t, 'c> {
    /// A fresh browser.
    pub fn browser(&self) -> Browser<'t, 'c> {
        Browser::new(self.target)
    }

    /// Whether the session is a bearer token (`[bearer]`) rather than a cookie.
    pub fn bearer(&self) -> bool {
        self.target.config.bearer.is_some()
    }

    /// The session id in a browser's jar.
    pub fn id(&self, br: &Browser<'_, '_>) -> Option<String> {
        br.cookie(&self.session.cookie)
    }

    /// `NAME=id`, the `Cookie` header of a replay.
    pub fn pair(&self, id: &str) -> String {
        format!("{}={id}", self.session.cookie)
    }

    /// Logs `user` in in `br`, checks on the protected page that it worked, and returns the
    /// session id the browser then holds.
    pub fn login(
        &self,
        br: &mut Browser<'_, '_>,
        step: &str,
        user: &config::User,
    ) -> Result<String, ProbeError> {
        let ex = br.login(step, user)?;
        let (page, who) = br.protected(&format!("check that {} is logged in", user.username))?;
        if !who.yes() || who == LoggedIn::As(other_user(self.target.config, user)) {
            return Err(ProbeError::Unexpected(format!(
                "logging in as {} did not work here: {} {} answered {}, then GET {} answered {} ({who})",
                user.username, ex.method, ex.path, ex.status, page.path, page.status
            )));
        }
        self.id(br).ok_or_else(|| {
            ProbeError::Unexpected(format!(
                "after logging in as {} the browser holds no {} cookie",
                user.username, self.session.cookie
            ))
        })
    }

    /// An attacker replays `id` alone on the protected page and every sensitive path; returns
    /// each page that served it (the protected page by the config's markers, a sensitive path
    /// by a 2xx status).
    pub fn replay_everywhere(&self, step: &str, id: &str) -> Result<Vec<String>, ProbeError> {
        let cookie = self.pair(id);
        let mut served = Vec::new();
        let protected = &self.target.config.protected.path;
        let ex = self.target.replay(step, protected, Some(&cookie))?;
        let who = self.target.logged_in(&ex);
        if who.yes() {
            served.push(format!("{protected} ({who})"));
        }
        for path in &self.target.config.sensitive_paths {
            let ex = self.target.replay(step, path, Some(&cookie))?;
            if (200..300).contains(&ex.status) {
                served.push(format!("{path} ({})", ex.status));
            }
        }
        Ok(served)
    }
}

fn other_user(config: &ProbeConfig, user: &config::User) -> String {
    let (a, b) = config.users();
    if a.username == user.username {
        b.username.clone()
    } else {
        a.username.clone()
    }
}

/// Runs the probe: vets the target, logs in once to learn the session cookie, then runs every
/// check (or those in `options.only`) in order. A target that cannot be probed at all (not
/// loopback, unreachable, the login does not work) is an error; a check that cannot finish is
/// an inconclusive verdict.
pub fn run(config: &ProbeConfig, options: &ProbeOptions) -> Result<ProbeReport, SetupError> {
    config
        .validate()
        .map_err(|e| SetupError(format!("config: {e}")))?;
    // A `[server]` to start: it runs for the probe's duration (on the wall clock: the probe's
    // idle-timeout check waits for real) and is stopped when the probe ends.
    if let Some(server) = &config.server {
        let mut config = config.clone();
        let (_running, base_url) =
            crate::target::server::ManagedServer::start(server, &config.base_url)?;
        config.base_url = base_url;
        config.server = None;
        return run(&config, options);
    }
    let all = checks::all();
    for name in &options.only {
        if !all.iter().any(|c| c.name() == name) {
            let names: Vec<&str> = all.iter().map(|c| c.name()).collect();
            return Err(SetupError(format!(
                "no check named {name:?} (checks: {})",
                names.join(", ")
            )));
        }
    }
    let target = Target::connect(config, options)?;
    let session = preflight(&target)?;
    let probe = Probe {
        target: &target,
        session,
    };
    let mut reports = Vec::new();
    for check in all
        .iter()
        .filter(|c| options.only.is_empty() || options.only.iter().any(|n| n == c.name()))
    {
        target.take_log();
        target.progress_check(check.name());
        let mut outcome = check
            .run(&probe)
            .unwrap_or_else(|e| Outcome::inconclusive(e.to_string()));
        let old_copies = ["login-new-id", "relogin-new-id", "logout-race"];
        if outcome.verdict == Verdict::Fail
            && probe.session.value.is_client_side()
            && old_copies.contains(&check.name())
        {
            outcome.notes.push(format!(
                "the session lives in the {}, {}: an old copy stays valid until its signature is too old, whatever the server does",
                if probe.bearer() { "token" } else { "cookie" },
                probe.session.value.describe()
            ));
        }
        let (evidence, unlisted) = target.take_log();
        reports.push(report::check_report(
            &target, &**check, outcome, &evidence, unlisted,
        ));
    }
    target.progress_done();
    Ok(ProbeReport {
        target: config.base_url.clone(),
        session_cookie: probe.session.cookie.clone(),
        requests: target.requests(),
        checks: reports,
    })
}

/// Vets the target and runs the preflight only: what the session cookie is and how it is
/// handed out (the attacker catalogue's live targets learn their cookie this way).
pub fn learn_session(
    config: &ProbeConfig,
    options: &ProbeOptions,
) -> Result<SessionFacts, SetupError> {
    config
        .validate()
        .map_err(|e| SetupError(format!("config: {e}")))?;
    let target = Target::connect(config, options)?;
    preflight(&target)
}

/// Why the preflight's login did not log in, with the likely cause and what to set: CSRF
/// protection (403, 419, 422), a `Secure` session cookie an application does not set over
/// plain HTTP (a redirect without any cookie), or the markers and credentials.
fn login_failed(
    t: &Target<'_>,
    user: &config::User,
    login: &Exchange,
    page: &Exchange,
    br: &Browser<'_, '_>,
) -> String {
    let what = format!(
        "logging in as {} did not work: {} {} answered {}, then GET {} answered {}, which the [protected] markers do not call logged in",
        user.username, login.method, login.path, login.status, page.path, page.status
    );
    let no_cookie = login.set_cookies.is_empty() && br.cookies().is_empty();
    let secure_hint = "an application whose session cookie is Secure (express-session with cookie.secure, @fastify/session by default) sets it only on requests it believes came over HTTPS: set forwarded_proto = \"https\" (and make the application trust X-Forwarded-Proto, as behind a TLS proxy), or serve it over TLS and give an https:// base_url";
    let csrf_status = matches!(login.status, 403 | 419 | 422)
        || (login.status == 400 && login.body.to_ascii_lowercase().contains("csrf"));
    if csrf_status {
        let form = t.login_form_page();
        let cause = if t.config.csrf.mode == config::CsrfMode::Off {
            "csrf.mode is off".to_owned()
        } else if t.csrf() {
            format!(
                "the probe sent what GET {form} gave (the login form's hidden inputs, the CSRF cookie echoed in its header, Origin and Referer)"
            )
        } else {
            format!(
                "GET {form} showed no token (no hidden input in a form posting to {}, no csrf-token meta tag, no CSRF cookie)",
                t.config.login.path
            )
        };
        // A token kept in a session whose cookie never reached the browser cannot match.
        let secure = if no_cookie && t.csrf() && t.config.forwarded_proto.is_none() {
            format!(
                "; no page set any cookie, so a token kept in the session cannot match: {secure_hint}"
            )
        } else {
            String::new()
        };
        return format!(
            "{what}: {} answered {} most likely because of CSRF protection, and {cause}; set csrf.login_form to the page that shows the login form, csrf.cookie and csrf.header to the CSRF cookie and the header it is echoed in, or turn CSRF protection off on the test instance{secure}",
            login.path, login.status
        );
    }
    if no_cookie && (300..400).contains(&login.status) && t.config.forwarded_proto.is_none() {
        return format!(
            "{what}: the login redirected but set no cookie over plain HTTP; {secure_hint}, or check the credentials"
        );
    }
    what
}

/// Visits the site, logs the first user in, checks the protected page, finds the session
/// cookie (by name, or by replaying each cookie alone), and logs out.
fn preflight(t: &Target<'_>) -> Result<SessionFacts, SetupError> {
    let setup = |e: ProbeError| {
        let hint = if e.to_string().contains("certificate") {
            if t.config.tls_ca_file.is_some() {
                ": the target's TLS certificate does not chain to tls_ca_file, which must hold the certificate of the CA that signed it"
            } else {
                ": the target's TLS certificate was refused"
            }
        } else {
            ""
        };
        SetupError(format!("{}: {e}{hint}", t.config.base_url))
    };
    let (first, _) = t.config.users();
    let mut br = Browser::new(t);
    let visit = br.get("visit the site", t.landing()).map_err(setup)?;
    if t.config.csrf.mode == config::CsrfMode::Auto {
        let form = br
            .get(
                "fetch the login form (is there a CSRF token?)",
                t.login_form_page(),
            )
            .map_err(setup)?;
        t.set_csrf(t.shows_csrf(&form));
    }
    let login = br
        .login(&format!("log in as {}", first.username), first)
        .map_err(setup)?;
    let (page, who) = br.protected("open the protected page").map_err(setup)?;
    if !who.yes() {
        return Err(SetupError(login_failed(t, first, &login, &page, &br)));
    }
    let cookies = br.cookies();
    let names: Vec<&str> = cookies.iter().map(|(n, _)| n.as_str()).collect();
    let named = match &t.config.bearer {
        Some(b) => {
            if !names.contains(&BEARER) {
                return Err(SetupError(format!(
                    "bearer.token: the login's response ({} {} -> {}) has no string at {} in a JSON body",
                    login.method, login.path, login.status, b.token
                )));
            }
            Some(BEARER.to_owned())
        }
        None => t.config.session_cookie.clone(),
    };
    let cookie = match &named {
        Some(name) => {
            if !names.contains(&name.as_str()) {
                return Err(SetupError(format!(
                    "session_cookie: after logging in the browser holds no cookie named {name:?} (it holds: {})",
                    if names.is_empty() {
                        "none".to_owned()
                    } else {
                        names.join(", ")
                    }
                )));
            }
            name.clone()
        }
        None => {
            // The cookies the login set first, then the others; the session cookie is the one
            // that alone gets the protected page served logged in.
            let mut order: Vec<&(String, String)> = cookies
                .iter()
                .filter(|(n, _)| login.set_cookie_header(n).is_some())
                .collect();
            order.extend(
                cookies
                    .iter()
                    .filter(|(n, _)| login.set_cookie_header(n).is_none()),
            );
            let mut found = None;
            for (name, value) in order {
                let ex = t
                    .replay(
                        "find the session cookie",
                        &t.config.protected.path,
                        Some(&format!("{name}={value}")),
                    )
                    .map_err(setup)?;
                if t.logged_in(&ex).yes() {
                    found = Some(name.clone());
                    break;
                }
            }
            found.ok_or_else(|| {
                SetupError(format!(
                    "cannot tell which cookie is the session cookie (none of {} alone is logged in): set session_cookie in the config",
                    if names.is_empty() { "no cookies".to_owned() } else { names.join(", ") }
                ))
            })?
        }
    };
    let issued_by = [&login, &visit]
        .into_iter()
        .find(|ex| matches!(ex.cookie_change(&cookie), client::CookieChange::Set(_)))
        .cloned()
        .ok_or_else(|| {
            SetupError(format!(
                "neither the visit nor the login set the {cookie} cookie: where does it come from?"
            ))
        })?;
    let guest_ids = matches!(visit.cookie_change(&cookie), client::CookieChange::Set(_));
    let value = match issued_by.cookie_change(&cookie) {
        client::CookieChange::Set(v) => classify(&v).kind,
        _ => ValueKind::Id,
    };
    br.logout_checked("log out").map_err(setup)?;
    t.take_log();
    Ok(SessionFacts {
        cookie,
        guest_ids,
        issued_by,
        value,
        csrf: t.csrf(),
    })
}
