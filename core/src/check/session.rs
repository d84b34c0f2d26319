//! Oracle for the session manager: arbitrary sequences of session operations under an arbitrary
//! policy, with every session invariant ([`crate::invariants`]) checked after each request.
//!
//! Browsers are real cookie jars in front of the manager, so what the manager sets is what the
//! next request carries. An outsider sends forged `Cookie` headers; under a strong generator a
//! forged id must never be served as a user.

use std::collections::BTreeSet;
use std::sync::Arc;

use url::Url;

use super::{Violation, ensure};
use crate::cookie::{BrowserJar, RequestContext, SetCookie};
use crate::invariants;
use crate::session::policy::{LogoutMode, OnLimit, Policy, TransportMode};
use crate::session::{Action, ManualClock, MemoryStore, SessionManager, presets};

/// The host every session operation talks to.
pub const SHOP: &str = "shop.example";

/// Paths a browser opens: public, sensitive, the login and logout routes as pages (GET), and a
/// path outside the cookie's usual scope.
pub const SESSION_PATHS: &[&str] = &[
    "/",
    "/products",
    "/cart",
    "/account/orders",
    "/account/settings",
    "/checkout",
    "/login",
    "/help?id=1",
];

/// How a policy is drawn: a preset, then switches flipped. Combinations the policy validator
/// refuses are skipped (the validator has its own tests).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[cfg_attr(feature = "fuzzing", derive(arbitrary::Arbitrary))]
pub struct PolicyChoice {
    /// The preset, by index into [`presets::all`] (modulo its length).
    pub preset: u8,
    /// Override `lifecycle.rotate_on_login`.
    pub rotate_on_login: Option<bool>,
    /// Override `lifecycle.rotate_on_relogin`.
    pub rotate_on_relogin: Option<bool>,
    /// Override `lifecycle.rotate_on_privilege_change`.
    pub rotate_on_privilege_change: Option<bool>,
    /// Override `lifecycle.strict_mode`.
    pub strict_mode: Option<bool>,
    /// Override `lifecycle.accept_url_id`.
    pub accept_url_id: Option<bool>,
    /// Override `lifecycle.old_id_grace_secs`.
    pub old_id_grace_secs: Option<u8>,
    /// Override `lifetime.idle_timeout_secs` (`Some(0)` removes it).
    pub idle_timeout_secs: Option<u16>,
    /// Override `lifetime.absolute_timeout_secs` (`Some(0)` removes it).
    pub absolute_timeout_secs: Option<u16>,
    /// Override `lifetime.renew_every_secs` (`Some(0)` removes it).
    pub renew_every_secs: Option<u16>,
    /// Override the logout mode: server-side (`true`) or cookie-only.
    pub server_side_logout: Option<bool>,
    /// Override `logout.end_other_sessions_on_password_change`.
    pub end_others_on_password_change: Option<bool>,
    /// Override the session limit per user (`Some(0)` removes it).
    pub max_sessions_per_user: Option<u8>,
    /// Override what a login beyond the limit gets: evict the oldest (`true`) or refuse.
    pub evict_oldest: Option<bool>,
}

impl PolicyChoice {
    /// The policy, or `None` when the switches make a combination the validator refuses.
    pub fn policy(&self) -> Option<Policy> {
        let all = presets::all();
        let mut p = all[usize::from(self.preset) % all.len()].policy.clone();
        let nonzero = |v: u16| (v > 0).then_some(u64::from(v));
        if let Some(v) = self.rotate_on_login {
            p.lifecycle.rotate_on_login = v;
        }
        if let Some(v) = self.rotate_on_relogin {
            p.lifecycle.rotate_on_relogin = v;
        }
        if let Some(v) = self.rotate_on_privilege_change {
            p.lifecycle.rotate_on_privilege_change = v;
        }
        if let Some(v) = self.strict_mode {
            p.lifecycle.strict_mode = v;
        }
        if let Some(v) = self.accept_url_id {
            p.lifecycle.accept_url_id = v;
        }
        if let Some(v) = self.old_id_grace_secs {
            p.lifecycle.old_id_grace_secs = u64::from(v);
        }
        if let Some(v) = self.idle_timeout_secs {
            p.lifetime.idle_timeout_secs = nonzero(v);
        }
        if let Some(v) = self.absolute_timeout_secs {
            p.lifetime.absolute_timeout_secs = nonzero(v);
        }
        if let Some(v) = self.renew_every_secs {
            p.lifetime.renew_every_secs = nonzero(v);
        }
        if let Some(v) = self.server_side_logout {
            p.logout.mode = if v {
                LogoutMode::ServerSide
            } else {
                LogoutMode::CookieOnly
            };
        }
        if let Some(v) = self.end_others_on_password_change {
            p.logout.end_other_sessions_on_password_change = v;
        }
        if let Some(v) = self.max_sessions_per_user {
            p.concurrency.max_sessions_per_user = (v > 0).then_some(u32::from(v));
        }
        if let Some(v) = self.evict_oldest {
            p.concurrency.on_limit = if v {
                OnLimit::EvictOldest
            } else {
                OnLimit::RejectNew
            };
        }
        p.validate().is_empty().then_some(p)
    }
}

/// One thing that happens to the application.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "fuzzing", derive(arbitrary::Arbitrary))]
pub enum SessionOp {
    /// Browser `browser` (modulo [`BROWSERS`]) opens `SESSION_PATHS[page]`, over HTTP when
    /// `plain_http` (the policy decides what that gets).
    Page {
        /// Which browser.
        browser: u8,
        /// Which path.
        page: u8,
        /// Force `http://`.
        plain_http: bool,
    },
    /// The browser logs in as user `user` (modulo [`USERS`]).
    Login {
        /// Which browser.
        browser: u8,
        /// Which user.
        user: u8,
    },
    /// The browser logs out.
    Logout {
        /// Which browser.
        browser: u8,
    },
    /// The browser's user changes their password.
    PrivilegeChange {
        /// Which browser.
        browser: u8,
    },
    /// The browser's user ends all their sessions.
    EndAll {
        /// Which browser.
        browser: u8,
    },
    /// The clock moves forward.
    Advance {
        /// By this many seconds.
        secs: u16,
    },
    /// An outsider sends `Cookie: header` (no jar) to a path: forged, guessed or garbage ids.
    Forged {
        /// Which path.
        page: u8,
        /// The whole `Cookie` header.
        header: String,
    },
}

/// A policy, the generator's seed, and the operations.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[cfg_attr(feature = "fuzzing", derive(arbitrary::Arbitrary))]
pub struct SessionOps {
    /// The policy.
    pub policy: PolicyChoice,
    /// Seeds the token generator.
    pub seed: u64,
    /// The operations, in order (at most [`MAX_SESSION_OPS`] are run).
    pub ops: Vec<SessionOp>,
}

/// How many browsers take part.
pub const BROWSERS: usize = 3;
/// The users they log in as.
pub const USERS: [&str; 2] = ["alice", "bob"];
/// How many operations one input may run.
pub const MAX_SESSION_OPS: usize = 128;
/// The clock's start (2026-01-01T00:00:00Z).
const T0: i64 = 1_767_225_600;

fn url_for(policy: &Policy, path: &str, plain_http: bool) -> String {
    let https = !plain_http && policy.transport.mode != TransportMode::Http;
    format!("{}://{SHOP}{path}", if https { "https" } else { "http" })
}

/// Runs the operations and checks every session invariant after each request; also that no
/// Secure cookie is set over HTTP and that, under a strong generator, a forged id that was never
/// issued is never served as a user.
pub fn ops(input: &SessionOps) -> Result<(), Violation> {
    let Some(policy) = input.policy.policy() else {
        return Ok(());
    };
    let strong = policy.token.generator.is_strong();
    let clock = ManualClock::at(T0);
    let tokens = policy.token.build_seeded(input.seed);
    let cookie_name = policy.cookie.full_name();
    let m = SessionManager::new(
        policy.clone(),
        MemoryStore::new(),
        Arc::new(clock.clone()),
        tokens,
    );
    let mut jars: Vec<BrowserJar> = (0..BROWSERS).map(|_| BrowserJar::new()).collect();
    // Every session id any browser was ever given: a forged header holding one is not forged.
    let mut issued: BTreeSet<String> = BTreeSet::new();
    for op in input.ops.iter().take(MAX_SESSION_OPS) {
        let (browser, url, action) = match op {
            SessionOp::Advance { secs } => {
                clock.advance_secs(i64::from(*secs));
                continue;
            }
            SessionOp::Forged { page, header } => {
                let path = SESSION_PATHS[usize::from(*page) % SESSION_PATHS.len()];
                let url = url_for(&policy, path, false);
                let Ok(req) = http::Request::builder()
                    .uri(url.as_str())
                    .header(http::header::COOKIE, header.as_str())
                    .body(())
                else {
                    // Not a header value `http` accepts: no server would see it either.
                    continue;
                };
                let reply = m.handle(&req, &Action::Page);
                let known = issued.iter().any(|id| header.contains(id.as_str()));
                remember_ids(&mut issued, &reply.set_cookies(), &cookie_name);
                ensure(
                    !strong || known || reply.user.is_none(),
                    "forged_id_never_served_as_a_user",
                    || {
                        format!(
                            "Cookie: {header:?} at {path} was served as {:?}",
                            reply.user
                        )
                    },
                )?;
                check_after(&m, url.starts_with("https:"), &reply.set_cookies())?;
                continue;
            }
            SessionOp::Page {
                browser,
                page,
                plain_http,
            } => {
                let path = SESSION_PATHS[usize::from(*page) % SESSION_PATHS.len()];
                (*browser, url_for(&policy, path, *plain_http), Action::Page)
            }
            SessionOp::Login { browser, user } => (
                *browser,
                url_for(&policy, "/login", false),
                Action::Login {
                    user: USERS[usize::from(*user) % USERS.len()].to_owned(),
                },
            ),
            SessionOp::Logout { browser } => {
                (*browser, url_for(&policy, "/logout", false), Action::Logout)
            }
            SessionOp::PrivilegeChange { browser } => (
                *browser,
                url_for(&policy, "/account/password", false),
                Action::PrivilegeChange,
            ),
            SessionOp::EndAll { browser } => (
                *browser,
                url_for(&policy, "/account/sessions/end-all", false),
                Action::EndAllSessions,
            ),
        };
        let jar = &mut jars[usize::from(browser) % BROWSERS];
        let parsed = Url::parse(&url).expect("the shop's URLs are valid");
        let now = m.now();
        let mut req = http::Request::builder().uri(url.as_str());
        if let Some(h) = jar.cookie_header(&parsed, &RequestContext::typed(), now) {
            req = req.header(http::header::COOKIE, h);
        }
        let req = req.body(()).expect("the jar writes valid Cookie headers");
        let reply = m.handle(&req, &action);
        let set_cookies = reply.set_cookies();
        remember_ids(&mut issued, &set_cookies, &cookie_name);
        for h in &set_cookies {
            let _ = jar.set_from_response(&parsed, &RequestContext::typed(), h, now);
        }
        check_after(&m, parsed.scheme() == "https", &set_cookies)?;
    }
    Ok(())
}

/// Adds the session ids set by these `Set-Cookie` values to `issued`.
fn remember_ids(issued: &mut BTreeSet<String>, set_cookies: &[&str], cookie_name: &str) {
    for h in set_cookies {
        if let Ok(c) = SetCookie::parse(h)
            && c.name == cookie_name
            && !c.value.is_empty()
        {
            issued.insert(c.value.into_owned());
        }
    }
}

fn check_after(
    m: &SessionManager<MemoryStore>,
    https: bool,
    set_cookies: &[&str],
) -> Result<(), Violation> {
    let mut violations = invariants::check_all(m);
    violations.extend(invariants::no_secure_cookie_over_http(https, set_cookies));
    match violations.into_iter().next() {
        Some(v) => Err(v),
        None => Ok(()),
    }
}
