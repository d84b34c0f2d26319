//! The session manager: a deterministic state machine over the `http` crate's request and
//! response types, so the same code runs in the simulator and behind a real server.
//!
//! One verb: [`SessionManager::handle`] takes a request and what the application is doing with
//! it (an [`Action`]: a page, a login, a logout, a privilege change, "end all sessions") and
//! returns a [`Reply`]: the response (status, `Set-Cookie`, `Location`, HSTS) and who the
//! request was served as. Time comes from the injected [`Clock`], ids from the injected
//! [`TokenGenerator`], sessions from the [`Store`].

use std::net::IpAddr;
use std::sync::{Arc, Mutex};

use http::{HeaderValue, Response, StatusCode, header};

use super::audit::{AuditKind, AuditLog};
use super::clock::Clock;
use super::policy::{HttpToHttps, LogoutMode, OnLimit, Policy};
use super::store::{SessionRecord, Store, StoreError};
use crate::cookie::{SetCookie, parse_cookie_header};
use crate::time::UnixTime;
use crate::token::{GeneratorKind, TokenContext, TokenGenerator};

/// What the application does with a request. Which HTTP request is which action is the
/// application's routing; the reference application's (shared by the simulator and the
/// reference server) is `sessionlab_sim::target::routes`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// An ordinary page (sensitive pages need a login).
    Page,
    /// The credentials of `user` were accepted: log them in.
    Login {
        /// The user.
        user: String,
    },
    /// Log out.
    Logout,
    /// A password or role change of the logged-in user.
    PrivilegeChange,
    /// "Log out everywhere": end every session of the logged-in user.
    EndAllSessions,
}

/// The client's address, put in the request's extensions by the server (or the simulator).
/// Weak generators (PHP 5.3) mix it into ids.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientAddr(pub IpAddr);

/// How the manager answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Answer {
    /// The page was served (as `Reply::user`, if any).
    Page,
    /// A sensitive page without a logged-in session: redirected to sign in.
    SignInRequired,
    /// A plain-HTTP request for an HTTPS page: redirected.
    RedirectToHttps,
    /// The binding cookie did not match: session ended, redirected to sign in.
    BindingMismatch,
    /// Logged in.
    LoggedIn,
    /// The concurrent-session limit refused the login.
    LoginRefused,
    /// Logged out.
    LoggedOut,
    /// Password or role changed.
    PrivilegeChanged,
    /// Every session of the user ended.
    SessionsEnded,
}

/// The manager's answer to one request.
#[derive(Debug)]
pub struct Reply {
    /// The HTTP response (no body).
    pub response: Response<()>,
    /// How the request was answered.
    pub answer: Answer,
    /// The user the request was served as, if any: what the simulator's oracle watches.
    pub user: Option<String>,
    /// The id of the session the request ended in (kept private: see [`Reply::session`]).
    session_id: Option<String>,
}

impl Reply {
    /// The fingerprint of the session the request ended in, if any (never the raw id: that
    /// travels only in `Set-Cookie`).
    pub fn session(&self) -> Option<String> {
        self.session_id.as_deref().map(crate::token::fingerprint)
    }

    /// The `Set-Cookie` header values of the response.
    pub fn set_cookies(&self) -> Vec<&str> {
        self.set_cookie_headers().collect()
    }

    /// [`Reply::set_cookies`] without collecting them.
    pub fn set_cookie_headers(&self) -> impl Iterator<Item = &str> {
        self.response
            .headers()
            .get_all(header::SET_COOKIE)
            .into_iter()
            .filter_map(|v| v.to_str().ok())
    }
}

/// The session manager.
pub struct SessionManager<S: Store> {
    policy: Policy,
    store: S,
    clock: Arc<dyn Clock>,
    tokens: Mutex<Box<dyn TokenGenerator>>,
    audit: AuditLog,
    /// The session cookie's full name, computed once.
    cookie_name: String,
    /// What follows `name=id` in the session cookie's `Set-Cookie` (built and checked once).
    cookie_attributes: String,
}

impl<S: Store> std::fmt::Debug for SessionManager<S> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SessionManager")
            .field("policy", &self.policy.description)
            .finish_non_exhaustive()
    }
}

/// A response being built.
struct Draft {
    status: StatusCode,
    location: Option<String>,
    cookies: Vec<String>,
}

impl Draft {
    fn ok() -> Self {
        Draft {
            status: StatusCode::OK,
            location: None,
            cookies: Vec::new(),
        }
    }
    fn redirect(status: StatusCode, to: &str) -> Self {
        Draft {
            status,
            location: Some(to.to_owned()),
            cookies: Vec::new(),
        }
    }

    /// Sets the session cookie, replacing one set earlier in the same response (a renewal
    /// followed by a login rotation must leave the browser with the last id, whatever order
    /// it applies the headers in).
    fn set_session_cookie(&mut self, policy: &Policy, header: String) {
        let (prefix, name) = (policy.cookie.prefix.as_str(), policy.cookie.name.as_str());
        self.cookies.retain(|c| {
            let rest = c.strip_prefix(prefix).and_then(|r| r.strip_prefix(name));
            !rest.is_some_and(|r| r.starts_with('='))
        });
        self.cookies.push(header);
    }
}

impl<S: Store> SessionManager<S> {
    /// A manager for `policy` over `store`, reading time from `clock` and ids from `tokens`.
    pub fn new(
        policy: Policy,
        store: S,
        clock: Arc<dyn Clock>,
        tokens: Box<dyn TokenGenerator>,
    ) -> Self {
        let audit = AuditLog::new(policy.audit.log_raw_ids);
        let cookie_name = policy.cookie.full_name();
        let sample = session_cookie_header(&policy, "x");
        let cookie_attributes = sample
            .get(cookie_name.len() + 2..)
            .unwrap_or_default()
            .to_owned();
        SessionManager {
            policy,
            store,
            clock,
            tokens: Mutex::new(tokens),
            audit,
            cookie_name,
            cookie_attributes,
        }
    }

    /// The policy.
    pub fn policy(&self) -> &Policy {
        &self.policy
    }

    /// The store.
    pub fn store(&self) -> &S {
        &self.store
    }

    /// The audit log.
    pub fn audit(&self) -> &AuditLog {
        &self.audit
    }

    /// The clock's current time.
    pub fn now(&self) -> UnixTime {
        self.clock.now()
    }

    /// Whether the session `id` would be accepted by a request right now (it exists, and has
    /// outlived neither its grace window nor the idle or absolute timeout).
    pub fn is_live(&self, id: &str) -> bool {
        let now = self.now();
        self.store.check(id, &mut |r| self.alive(r, now))
    }

    pub(crate) fn alive(&self, r: &SessionRecord, now: UnixTime) -> bool {
        let l = &self.policy.lifetime;
        // A clock that went backwards counts as no time passing.
        let idle = now.micros_since(r.last_seen).max(0);
        let age = now.micros_since(r.created).max(0);
        r.dies_at.is_none_or(|d| now < d)
            && l.idle_timeout_secs.is_none_or(|t| idle <= secs(t))
            && l.absolute_timeout_secs.is_none_or(|t| age <= secs(t))
    }

    /// Answers one request.
    pub fn handle<B>(&self, req: &http::Request<B>, action: &Action) -> Reply {
        let now = self.clock.now();
        let secure = req.uri().scheme_str() == Some("https");
        let path = req.uri().path();

        // Transport: a plain-HTTP request for an HTTPS page (its cookies already crossed the
        // network in the clear).
        if !secure
            && self.policy.is_https_path(path)
            && self.policy.transport.http_to_https == HttpToHttps::Redirect
        {
            let host = req.uri().host().or_else(|| {
                req.headers()
                    .get(header::HOST)
                    .and_then(|h| h.to_str().ok())
            });
            let to = format!(
                "https://{}{}",
                host.unwrap_or("localhost"),
                req.uri().path_and_query().map_or("/", |p| p.as_str())
            );
            return self.finish(
                Draft::redirect(StatusCode::MOVED_PERMANENTLY, &to),
                Answer::RedirectToHttps,
                None,
                None,
                secure,
            );
        }

        let ctx_ip = req
            .extensions()
            .get::<ClientAddr>()
            .map_or(IpAddr::from([127, 0, 0, 1]), |a| a.0);
        let ua = req
            .headers()
            .get(header::USER_AGENT)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        let tctx = TokenContext {
            now_micros: now.as_micros(),
            client_ip: ctx_ip,
            user_agent: ua,
        };
        let mut draft = Draft::ok();
        let resolved = self.resolve(req, now);
        if let Some((r, true)) = &resolved {
            draft.set_session_cookie(&self.policy, self.session_cookie(&r.id));
        }
        let mut session = resolved.map(|(r, _)| r);

        // Periodic renewal of a live session.
        if let (Some(r), Some(every)) = (&session, self.policy.lifetime.renew_every_secs) {
            if now.micros_since(r.renewed) >= secs(every) {
                let new = self.rotate_announced(r, now, &tctx, &mut draft);
                session = Some(new);
            }
        }

        // State-changing actions on pages the binding cookie guards are checked like pages.
        if matches!(action, Action::PrivilegeChange | Action::EndAllSessions)
            && self.policy.is_binding_checked(path)
        {
            if let Some(s) = session.as_ref().filter(|s| s.user.is_some()) {
                if !self.binding_matches(req, s) {
                    return self.binding_mismatch(s, path, now, secure);
                }
            }
        }
        match action {
            Action::Page => self.page(req, session, draft, now, &tctx, secure),
            Action::Login { user } => self.login(user, session, draft, now, &tctx, secure),
            Action::Logout => self.logout(session, draft, now, &tctx, secure),
            Action::PrivilegeChange => self.privilege_change(session, draft, now, &tctx, secure),
            Action::EndAllSessions => self.end_all(session, draft, now, secure),
        }
    }

    /// Finds the request's session: the first well-formed id among the session cookies (and,
    /// if the policy allows, the URL), loaded and checked for expiry; an unknown id is adopted
    /// when strict mode is off.
    /// Returns the session and whether its id came from the URL rather than a cookie.
    fn resolve<B>(&self, req: &http::Request<B>, now: UnixTime) -> Option<(SessionRecord, bool)> {
        let name = self.cookie_name.as_str();
        // The first well-formed session cookie, in header order; malformed ones are logged.
        let well_formed = |id: &str| {
            let ok = id_format_ok(&self.policy, id);
            if !ok {
                self.audit.record(now, None, AuditKind::MalformedId);
            }
            ok
        };
        let from_cookie = req
            .headers()
            .get_all(header::COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(parse_cookie_header)
            .filter(|(n, _)| *n == name)
            .map(|(_, v)| v)
            .find(|v| well_formed(v));
        if let Some(id) = from_cookie {
            return Some((self.load_or_adopt(id, now)?, false));
        }
        if !self.policy.lifecycle.accept_url_id {
            return None;
        }
        // An id taken from the URL is also set as the cookie, as PHP's trans_sid does, so the
        // browser carries on with it (which is what makes URL fixation work).
        let id = url_id(req.uri(), name).filter(|v| well_formed(v))?;
        Some((self.load_or_adopt(&id, now)?, true))
    }

    fn load_or_adopt(&self, id: &str, now: UnixTime) -> Option<SessionRecord> {
        match self.store.load(id) {
            Some(r) if self.alive(&r, now) => Some(r),
            Some(r) => {
                self.store.remove(&r.id);
                self.audit.record(now, Some(&r.id), AuditKind::Expired);
                None
            }
            None if !self.policy.lifecycle.strict_mode => {
                let r = new_record(id.to_owned(), None, now);
                self.store.insert(r.clone()).ok()?;
                self.audit.record(now, Some(&r.id), AuditKind::Adopted);
                Some(r)
            }
            None => None,
        }
    }

    fn new_id(&self, tctx: &TokenContext<'_>) -> String {
        let mut tokens = self.tokens.lock().unwrap_or_else(|p| p.into_inner());
        tokens.generate(tctx).expose_owned()
    }

    /// Creates and stores a session with a fresh id. A weak generator may repeat an id (a
    /// timestamp, twice in a second): after a few tries the existing session is overwritten, as
    /// a real application keyed by that id would do, which is itself a finding.
    fn create(
        &self,
        user: Option<String>,
        now: UnixTime,
        tctx: &TokenContext<'_>,
        template: Option<&SessionRecord>,
    ) -> SessionRecord {
        let mut id = self.new_id(tctx);
        for _ in 0..4 {
            if self.store.load(&id).is_none() {
                break;
            }
            id = self.new_id(tctx);
        }
        let mut r = new_record(id, user, now);
        if let Some(t) = template {
            r.created = t.created;
            r.binding = t.binding.clone();
        }
        if self.store.insert(r.clone()) == Err(StoreError::Exists) {
            self.store.remove(&r.id);
            let _ = self.store.insert(r.clone());
        }
        r
    }

    /// Replaces `old`'s id: a copy under a new id; the old id dies now or after the grace
    /// window.
    fn rotate(&self, old: &SessionRecord, now: UnixTime, tctx: &TokenContext<'_>) -> SessionRecord {
        let new = self.create(old.user.clone(), now, tctx, Some(old));
        let grace = self.policy.lifecycle.old_id_grace_secs;
        if grace == 0 {
            self.store.remove(&old.id);
        } else {
            let mut kept = old.clone();
            kept.dies_at = Some(now.add_micros(secs(grace)));
            if self.store.save(&kept).is_err() {
                self.audit
                    .record(now, Some(&old.id), AuditKind::SaveRefused);
            }
        }
        new
    }

    /// [`Self::rotate`], logged as a rotation, with the new id set as the response's cookie
    /// (periodic renewal and privilege change).
    fn rotate_announced(
        &self,
        old: &SessionRecord,
        now: UnixTime,
        tctx: &TokenContext<'_>,
        draft: &mut Draft,
    ) -> SessionRecord {
        let new = self.rotate(old, now, tctx);
        self.audit.record(
            now,
            Some(&new.id),
            AuditKind::Rotated {
                previous: old.id.clone(),
            },
        );
        draft.set_session_cookie(&self.policy, self.session_cookie(&new.id));
        new
    }

    /// Writes back a session the request used (its last-seen time), unless a concurrent
    /// request ended or changed it.
    fn touch(&self, r: &mut SessionRecord, now: UnixTime) {
        let before = r.last_seen;
        r.last_seen = before.max(now);
        match self.store.save(r) {
            Ok(()) => r.version += 1,
            Err(_) => {
                r.last_seen = before;
                self.audit.record(now, Some(&r.id), AuditKind::SaveRefused);
            }
        }
    }

    fn page<B>(
        &self,
        req: &http::Request<B>,
        session: Option<SessionRecord>,
        mut draft: Draft,
        now: UnixTime,
        tctx: &TokenContext<'_>,
        secure: bool,
    ) -> Reply {
        let path = req.uri().path();
        let mut session = match session {
            Some(s) => Some(s),
            None if self.policy.lifecycle.session_on_first_visit => {
                let r = self.create(None, now, tctx, None);
                self.audit.record(now, Some(&r.id), AuditKind::Created);
                draft.set_session_cookie(&self.policy, self.session_cookie(&r.id));
                Some(r)
            }
            None => None,
        };
        if let Some(s) = session.as_mut() {
            self.touch(s, now);
        }
        if !self.policy.is_sensitive(path) {
            let (user, id) = session.map_or((None, None), |s| (s.user, Some(s.id)));
            return self.finish(draft, Answer::Page, user, id, secure);
        }
        // A sensitive page: a logged-in session, and the binding cookie when that is on.
        let binding_checked = self.policy.is_binding_checked(path);
        let Some(s) = session.filter(|s| s.user.is_some()) else {
            self.audit.record(
                now,
                None,
                AuditKind::SensitivePage {
                    path: path.to_owned(),
                    binding_checked,
                    served: false,
                },
            );
            return self.sign_in_required(draft, secure);
        };
        if binding_checked && !self.binding_matches(req, &s) {
            return self.binding_mismatch(&s, path, now, secure);
        }
        self.audit.record(
            now,
            Some(&s.id),
            AuditKind::SensitivePage {
                path: path.to_owned(),
                binding_checked,
                served: true,
            },
        );
        self.finish(draft, Answer::Page, s.user, Some(s.id), secure)
    }

    /// The `Set-Cookie` that gives the browser `id`: the name, the id, and the attributes the
    /// builder checked once (ids are generated or validated in a cookie-safe alphabet).
    fn session_cookie(&self, id: &str) -> String {
        let mut h = String::with_capacity(
            self.cookie_name.len() + 1 + id.len() + self.cookie_attributes.len(),
        );
        h.push_str(&self.cookie_name);
        h.push('=');
        h.push_str(id);
        h.push_str(&self.cookie_attributes);
        h
    }

    /// A redirect to sign in, keeping any cookie the response already sets (a renewal).
    fn sign_in_required(&self, draft: Draft, secure: bool) -> Reply {
        let d = Draft {
            status: StatusCode::FOUND,
            location: Some("/login".into()),
            ..draft
        };
        self.finish(d, Answer::SignInRequired, None, None, secure)
    }

    /// Whether the request's binding cookie matches the one the session remembers.
    fn binding_matches<B>(&self, req: &http::Request<B>, s: &SessionRecord) -> bool {
        let Some(b) = &self.policy.binding else {
            return true;
        };
        let sent = request_cookie(req, &b.name);
        matches!((&s.binding, &sent), (Some(want), Some(got)) if constant_time_eq(want, got))
    }

    /// The seed's countermeasure firing: end the session, delete both cookies, send the
    /// browser to sign in.
    fn binding_mismatch(
        &self,
        s: &SessionRecord,
        path: &str,
        now: UnixTime,
        secure: bool,
    ) -> Reply {
        self.store.remove(&s.id);
        self.audit
            .record(now, Some(&s.id), AuditKind::BindingMismatch);
        self.audit.record(
            now,
            Some(&s.id),
            AuditKind::SensitivePage {
                path: path.to_owned(),
                binding_checked: true,
                served: false,
            },
        );
        let mut d = Draft::redirect(StatusCode::FOUND, "/login");
        d.cookies.push(session_cookie_deletion(&self.policy));
        d.cookies.push(binding_cookie_deletion(&self.policy));
        self.finish(d, Answer::BindingMismatch, None, None, secure)
    }

    fn login(
        &self,
        user: &str,
        session: Option<SessionRecord>,
        mut draft: Draft,
        now: UnixTime,
        tctx: &TokenContext<'_>,
        secure: bool,
    ) -> Reply {
        let same_user = session
            .as_ref()
            .is_some_and(|s| s.user.as_deref() == Some(user));
        // The concurrent-session limit counts the user's other live sessions.
        if let Some(max) = self.policy.concurrency.max_sessions_per_user {
            let current = session.as_ref().map(|s| s.id.clone());
            let others: Vec<SessionRecord> = self
                .store
                .sessions_of(user)
                .into_iter()
                .filter(|r| {
                    Some(&r.id) != current.as_ref() && self.alive(r, now) && r.dies_at.is_none()
                })
                .collect();
            if others.len() >= max as usize && !same_user {
                match self.policy.concurrency.on_limit {
                    OnLimit::RejectNew => {
                        self.audit.record(
                            now,
                            current.as_deref(),
                            AuditKind::LoginRefused {
                                user: user.to_owned(),
                            },
                        );
                        let d = Draft {
                            status: StatusCode::CONFLICT,
                            ..draft
                        };
                        return self.finish(d, Answer::LoginRefused, None, None, secure);
                    }
                    OnLimit::EvictOldest => {
                        for r in others.iter().take(others.len() + 1 - max as usize) {
                            self.store.remove(&r.id);
                            self.audit.record(now, Some(&r.id), AuditKind::Evicted);
                        }
                    }
                }
            }
        }
        let lc = &self.policy.lifecycle;
        let rotate = if same_user {
            lc.rotate_on_relogin
        } else {
            lc.rotate_on_login
        };
        let previous = session.as_ref().map(|s| s.id.clone());
        let mut record = match session {
            Some(old) if rotate => {
                let mut new = self.rotate(&old, now, tctx);
                new.user = Some(user.to_owned());
                new.created = now;
                new
            }
            Some(mut s) => {
                s.user = Some(user.to_owned());
                s
            }
            None => self.create(Some(user.to_owned()), now, tctx, None),
        };
        record.user = Some(user.to_owned());
        if let Some(b) = &self.policy.binding {
            let value = self.new_id(tctx);
            record.binding = Some(value.clone());
            draft.cookies.push(binding_cookie_header(b, &value));
        }
        record.last_seen = now;
        // Write the login into the store (the record may be freshly created or rotated).
        if let Some(stored) = self.store.load(&record.id) {
            record.version = stored.version;
        }
        if self.store.save(&record).is_err() {
            self.audit
                .record(now, Some(&record.id), AuditKind::SaveRefused);
        }
        let rotated = previous.as_deref() != Some(record.id.as_str());
        if rotated || previous.is_none() {
            draft.set_session_cookie(&self.policy, self.session_cookie(&record.id));
        }
        self.audit.record(
            now,
            Some(&record.id),
            AuditKind::Login {
                user: user.to_owned(),
                previous,
                rotated,
            },
        );
        let fp = record.id.clone();
        self.finish(
            draft,
            Answer::LoggedIn,
            Some(user.to_owned()),
            Some(fp),
            secure,
        )
    }

    fn logout(
        &self,
        session: Option<SessionRecord>,
        mut draft: Draft,
        now: UnixTime,
        tctx: &TokenContext<'_>,
        secure: bool,
    ) -> Reply {
        let server_side = self.policy.logout.mode == LogoutMode::ServerSide;
        if let Some(s) = &session {
            if server_side {
                self.store.remove(&s.id);
            }
            self.audit
                .record(now, Some(&s.id), AuditKind::Logout { server_side });
        }
        let fresh = if self.policy.lifecycle.new_id_on_logout
            && self.policy.lifecycle.session_on_first_visit
        {
            let r = self.create(None, now, tctx, None);
            self.audit.record(now, Some(&r.id), AuditKind::Created);
            draft.set_session_cookie(&self.policy, self.session_cookie(&r.id));
            Some(r)
        } else {
            draft.set_session_cookie(&self.policy, session_cookie_deletion(&self.policy));
            None
        };
        if self.policy.binding.is_some() {
            draft.cookies.push(binding_cookie_deletion(&self.policy));
        }
        let fp = fresh.map(|r| r.id);
        self.finish(draft, Answer::LoggedOut, None, fp, secure)
    }

    fn privilege_change(
        &self,
        session: Option<SessionRecord>,
        mut draft: Draft,
        now: UnixTime,
        tctx: &TokenContext<'_>,
        secure: bool,
    ) -> Reply {
        let Some(s) = session.filter(|s| s.user.is_some()) else {
            return self.sign_in_required(draft, secure);
        };
        let user = s.user.clone().unwrap_or_default();
        let mut s = s;
        self.touch(&mut s, now);
        let current = if self.policy.lifecycle.rotate_on_privilege_change {
            self.rotate_announced(&s, now, tctx, &mut draft)
        } else {
            s
        };
        if self.policy.logout.end_other_sessions_on_password_change {
            for r in self
                .store
                .sessions_of(&user)
                .into_iter()
                .filter(|r| r.id != current.id)
            {
                self.store.remove(&r.id);
                self.audit.record(now, Some(&r.id), AuditKind::Ended);
            }
        }
        let fp = current.id.clone();
        self.finish(
            draft,
            Answer::PrivilegeChanged,
            Some(user),
            Some(fp),
            secure,
        )
    }

    fn end_all(
        &self,
        session: Option<SessionRecord>,
        mut draft: Draft,
        now: UnixTime,
        secure: bool,
    ) -> Reply {
        let Some(user) = session.and_then(|s| s.user) else {
            return self.sign_in_required(draft, secure);
        };
        for r in self.store.sessions_of(&user) {
            self.store.remove(&r.id);
            self.audit.record(now, Some(&r.id), AuditKind::Ended);
        }
        draft.set_session_cookie(&self.policy, session_cookie_deletion(&self.policy));
        self.finish(draft, Answer::SessionsEnded, None, None, secure)
    }

    fn finish(
        &self,
        draft: Draft,
        answer: Answer,
        user: Option<String>,
        session: Option<String>,
        secure: bool,
    ) -> Reply {
        let mut response = Response::new(());
        *response.status_mut() = draft.status;
        let headers = response.headers_mut();
        if let Some(loc) = draft.location.and_then(|l| HeaderValue::from_str(&l).ok()) {
            headers.insert(header::LOCATION, loc);
        }
        for c in draft.cookies {
            // `HeaderValue::from_str`'s rule (visible ASCII and tab: ASCII here, no controls
            // in `from_maybe_shared`), with the string becoming the header's bytes uncopied.
            if !c.is_ascii() {
                continue;
            }
            if let Ok(v) = HeaderValue::from_maybe_shared(bytes::Bytes::from(c)) {
                headers.append(header::SET_COOKIE, v);
            }
        }
        if secure && self.policy.transport.hsts {
            headers.insert(
                header::STRICT_TRANSPORT_SECURITY,
                HeaderValue::from_static("max-age=31536000; includeSubDomains"),
            );
        }
        Reply {
            response,
            answer,
            user,
            session_id: session,
        }
    }
}

fn secs(s: u64) -> i64 {
    i64::try_from(s)
        .unwrap_or(i64::MAX)
        .saturating_mul(1_000_000)
}

fn new_record(id: String, user: Option<String>, now: UnixTime) -> SessionRecord {
    SessionRecord {
        id,
        user,
        created: now,
        last_seen: now,
        renewed: now,
        binding: None,
        dies_at: None,
        version: 0,
    }
}

fn constant_time_eq(a: &str, b: &str) -> bool {
    use subtle::ConstantTimeEq;
    a.as_bytes().ct_eq(b.as_bytes()).into()
}

fn query_param<'a>(query: &'a str, name: &str) -> Option<&'a str> {
    query
        .split('&')
        .filter_map(|kv| kv.split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// An id in the URL: `?NAME=id` in the query or `;name=id` in the path (Java's `;jsessionid=`).
fn url_id(uri: &http::Uri, name: &str) -> Option<String> {
    if let Some(v) = query_param(uri.query().unwrap_or(""), name) {
        return Some(v.to_owned());
    }
    uri.path()
        .split(';')
        .skip(1)
        .filter_map(|p| p.split_once('='))
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.to_owned())
}

fn request_cookie<B>(req: &http::Request<B>, name: &str) -> Option<String> {
    req.headers()
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|h| {
            parse_cookie_header(h)
                .find(|(n, _)| *n == name)
                .map(|(_, v)| v.to_owned())
        })
}

/// Whether `id` has the length and alphabet the policy's generator produces (checked before any
/// store lookup, so junk never reaches the store).
pub fn id_format_ok(policy: &Policy, id: &str) -> bool {
    let t = &policy.token;
    let decimal = |s: &str| {
        let digits = s.strip_prefix('-').unwrap_or(s);
        (1..=20).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit())
    };
    let hex32 = |s: &str| {
        s.len() == 32
            && s.bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    };
    match t.generator {
        GeneratorKind::Counter
        | GeneratorKind::TimestampSeconds
        | GeneratorKind::TimestampMillis
        | GeneratorKind::JavaRandom
        | GeneratorKind::GlibcRand => decimal(id),
        GeneratorKind::Mt19937
        | GeneratorKind::PhpLegacy
        | GeneratorKind::Md5TimeUa
        | GeneratorKind::Md5TimeUaSecret => hex32(id),
        // Up to 11 base-36 digits after "0." (a double's 52 bits), fewer when they end in 0.
        GeneratorKind::V8MathRandomBase36 => {
            (1..=16).contains(&id.len())
                && id
                    .bytes()
                    .all(|b| b.is_ascii_digit() || b.is_ascii_lowercase())
        }
        _ => id.len() == t.encoding.encoded_len(t.bytes) && t.encoding.accepts(id),
    }
}

fn session_cookie(policy: &Policy, name: &str, value: &str) -> String {
    let c = &policy.cookie;
    let mut sc = SetCookie::new(name, value)
        .with_path(&c.path)
        .with_secure(c.secure)
        .with_http_only(c.http_only)
        .with_same_site(c.same_site);
    if let Some(d) = &c.domain {
        sc = sc.with_domain(d);
    }
    if let Some(age) = c.persistent_secs {
        sc = sc.with_max_age(i64::try_from(age).unwrap_or(i64::MAX));
    }
    if value.is_empty() {
        sc = sc.with_max_age(0);
    }
    // The policy was validated, so the builder accepts it; if not, write it as configured.
    sc.to_header_value()
        .unwrap_or_else(|_| sc.to_header_value_unchecked())
}

/// The `Set-Cookie` header that gives the browser session `id` under `policy`.
pub fn session_cookie_header(policy: &Policy, id: &str) -> String {
    session_cookie(policy, &policy.cookie.full_name(), id)
}

/// The `Set-Cookie` header that deletes the session cookie (same name, path and domain).
pub fn session_cookie_deletion(policy: &Policy) -> String {
    session_cookie(policy, &policy.cookie.full_name(), "")
}

fn binding_cookie_header(b: &super::policy::BindingCookie, value: &str) -> String {
    let mut sc = SetCookie::new(&b.name, value)
        .with_path(&b.path)
        .with_secure(true)
        .with_http_only(true);
    if let Some(d) = &b.domain {
        sc = sc.with_domain(d);
    }
    sc = sc.with_max_age(i64::try_from(b.ttl_secs).unwrap_or(i64::MAX));
    sc.to_header_value()
        .unwrap_or_else(|_| sc.to_header_value_unchecked())
}

/// The `Set-Cookie` header that deletes the binding cookie: with its own path and domain, or
/// with `delete_path` when the policy models the seed's wrong-path bug.
pub fn binding_cookie_deletion(policy: &Policy) -> String {
    let Some(b) = &policy.binding else {
        return String::new();
    };
    let path = b.delete_path.as_deref().unwrap_or(&b.path);
    let mut sc = SetCookie::new(&b.name, "")
        .with_path(path)
        .with_secure(true)
        .with_http_only(true)
        .with_max_age(0);
    if let Some(d) = &b.domain {
        sc = sc.with_domain(d);
    }
    sc.to_header_value()
        .unwrap_or_else(|_| sc.to_header_value_unchecked())
}
