//! The world of one run: one seed drives everything.
//!
//! Actors: the victim's browser, the attacker's browser, the application under test (any
//! [`Target`], at `shop.example`; the reference model by default), other sites
//! (`evil.example`, the attacker's; `news.example`, plain HTTP; `blog.shop.example`, a sibling
//! subdomain the attacker controls), the network (HTTP links that an on-path attacker reads
//! and rewrites, HTTPS links that it cannot), and leak channels (the server's log, Referer
//! headers). Time is virtual: hours of session lifetime cost nothing where the target's clock
//! can be moved.
//!
//! The world knows the application only through its [`Site`] description and its responses:
//! which paths are HTTPS, which page logs in, and whether a response was served as the victim
//! (the site's marker in the body). The reference model's introspection adds the core
//! invariants, checked after every request, and the manager's own answer in the transcript.
//!
//! Its parts, by job, all behind methods (the fields are private): the environment (browsers,
//! other sites, the wire: [`World::victim`], [`World::wire`], [`World::referers`]), the request
//! pipeline ([`World::request`] and what it calls), the recorder ([`World::note`],
//! [`World::redact`], [`World::transcript`]) and the judge's record ([`World::hits`],
//! [`World::detections`], [`World::skipped`]); [`World::into_record`] hands the rest over when
//! the run ends.

pub mod browser;
pub mod store;
pub mod workload;

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;

use bytes::Bytes;
use rand_chacha::ChaCha8Rng;
use rand_core::{Rng, SeedableRng};
use sessionlab_core::cookie::BrowserProfile;
use sessionlab_core::cookie::{RequestContext, RequestKind, parse_cookie_header};
use sessionlab_core::invariants;
use sessionlab_core::session::{ClientAddr, Clock, ManualClock, Policy};
use sessionlab_core::token::fingerprint;
use url::Url;

use crate::target::site::contains;
use crate::target::{ModelTarget, Released, Response, Site, Target, Unsupported};

pub use browser::Browser;
pub use store::SimStore;
pub use workload::{Features, Step};

/// The application's host.
pub const SHOP: &str = "shop.example";
/// The attacker's own site.
pub const EVIL: &str = "evil.example";
/// A sibling subdomain of the shop that the attacker controls (cookie tossing).
pub const SIBLING: &str = "blog.shop.example";
/// A third-party site served over plain HTTP.
pub const NEWS: &str = "news.example";
/// The victim's user name against the reference model.
pub const VICTIM: &str = "victim";
/// The simulation's start: 2026-01-01T00:00:00Z.
pub const EPOCH: i64 = 1_767_225_600;

/// Who sent a request, for the oracle.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// The victim, on their own.
    Victim,
    /// The attacker, from the attacker's machine.
    Attacker,
    /// The victim's browser, made to send it by the attacker (CSRF, forced navigation).
    AttackerViaVictim,
}

/// Which browser.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Who {
    /// The victim's.
    Victim,
    /// The attacker's.
    Attacker,
}

/// What a request asks of the application; the site description says how it is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Intent {
    /// `GET` a page.
    Page,
    /// `POST` the login with the credentials of the site's user at this index (0: the
    /// victim).
    Login {
        /// Index into [`Site::users`].
        user: usize,
    },
    /// `POST` the logout.
    Logout,
    /// `POST` the password change.
    ChangePassword,
}

/// What the world saw of a response.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Observed {
    /// Its status (0: the target gave no response).
    pub status: u16,
    /// The site user it was served as (index into [`Site::users`]), by the site's marker.
    pub user: Option<usize>,
    /// Whether it said the application noticed an attack.
    pub detected: bool,
}

impl Observed {
    /// Whether it was served as the victim.
    pub fn as_victim(&self) -> bool {
        self.user == Some(0)
    }
}

/// A request served as the victim on behalf of the attacker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// The path.
    pub path: String,
    /// Whether it was a sensitive page (account, checkout, password change).
    pub sensitive: bool,
}

/// What crossed the network in the clear.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WireRecord {
    /// The browser that sent it.
    pub from: &'static str,
    /// The URL.
    pub url: String,
    /// Its `Cookie` header.
    pub cookie: Option<String>,
}

/// What a finished run leaves (see [`World::into_record`]).
#[derive(Debug, Clone, Default)]
pub struct RunRecord {
    /// Invariants that broke, by name, with the first detail.
    pub violations: Vec<String>,
    /// Why the attack could not be played, if it could not.
    pub skipped: Option<String>,
    /// Requests the target gave no response to.
    pub errors: Vec<String>,
    /// What happened, line by line.
    pub transcript: Vec<String>,
    /// How many requests reached the application.
    pub requests: u64,
}

/// One run's world, against a target of type `T` (monomorphized: the reference model's
/// runs pay for no dynamic dispatch).
pub struct World<T: Target = ModelTarget> {
    /// This seed's swarm switches.
    features: Features,
    /// The run's only random number generator.
    rng: ChaCha8Rng,
    clock: ManualClock,
    target: T,
    view: Rc<SiteView>,
    /// The victim's browser.
    victim: Browser,
    /// The attacker's browser.
    attacker: Browser,
    /// Plain-HTTP requests, as an on-path attacker sees them.
    wire: Vec<WireRecord>,
    /// `Referer` headers that arrived at the attacker's site.
    referers: Vec<String>,
    /// Requests served as the victim on behalf of the attacker.
    hits: Vec<Hit>,
    /// Times the application noticed the attack (binding cookie mismatch).
    detections: usize,
    /// Invariants that broke, by name, with the first detail.
    violations: Vec<String>,
    /// Why the attack could not be played against this target, if it could not.
    skipped: Option<String>,
    /// Requests the target gave no response to.
    errors: Vec<String>,
    /// What happened, line by line.
    transcript: Vec<String>,
    /// How many requests reached the application.
    requests: u64,
    /// Whether to write the transcript (campaigns skip it for speed; replays need it).
    record: bool,
    broken: BTreeSet<&'static str>,
    /// Whether the victim's last response from the shop was served as the victim.
    victim_signed_in: bool,
    /// Whether any of the victim's own requests was ever served as the victim.
    victim_ever_served: bool,
    /// The status of the victim's first login that the application refused (4xx).
    victim_login_refused: Option<u16>,
    /// The `Cookie` header of the requests held in flight (their responses come later).
    held_cookie: Option<String>,
    /// The request [`World::send`] fills in and hands to the application.
    outgoing: http::Request<Bytes>,
}

impl World<ModelTarget> {
    /// A fresh world for `policy` from `seed`.
    pub fn new(policy: Policy, seed: u64) -> Self {
        Self::with_transcript(policy, seed, true)
    }

    /// A fresh world; `record` says whether to write the transcript (campaigns run without
    /// it, for speed; replays and tests with it).
    pub fn with_transcript(policy: Policy, seed: u64, record: bool) -> Self {
        Self::model(policy, seed, None, record)
    }

    /// A fresh world whose swarm switches are `features` instead of the seed's draw (the rest
    /// still comes from `seed`): what the `sim_scenario` fuzz target explores.
    pub fn with_features(policy: Policy, seed: u64, features: Features, record: bool) -> Self {
        Self::model(policy, seed, Some(features), record)
    }

    fn model(policy: Policy, seed: u64, features: Option<Features>, record: bool) -> Self {
        let view = SiteView::of_policy(&policy);
        let users = view.site.users.clone();
        World::with_view(view, seed, features, record, move |token_seed| {
            ModelTarget::new("model", policy, token_seed, users)
        })
    }

    /// The reference model (tests look inside).
    pub fn model_target(&self) -> &ModelTarget {
        &self.target
    }
}

impl<T: Target> World<T> {
    /// A fresh world against the target `make` builds from a seed the run draws (the model
    /// seeds its id generator with it), described by `site`; `features` replaces the seed's
    /// swarm switches when given.
    pub fn with_target(
        site: Site,
        seed: u64,
        features: Option<Features>,
        record: bool,
        make: impl FnOnce(u64) -> T,
    ) -> Self {
        Self::with_view(Rc::new(SiteView::new(site)), seed, features, record, make)
    }

    fn with_view(
        view: Rc<SiteView>,
        seed: u64,
        features: Option<Features>,
        record: bool,
        make: impl FnOnce(u64) -> T,
    ) -> Self {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let drawn = workload::draw_features(&mut rng, seed);
        let features = features.unwrap_or(drawn);
        let target = make(rng.next_u64());
        let lax = features.browser_lax_by_default;
        let victim = Browser::new(
            "victim",
            [198, 51, 100, 7],
            "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0",
            features.victim_browser,
            lax,
        );
        let attacker = Browser::new(
            "attacker",
            [203, 0, 113, 66],
            "curl/8.5.0",
            BrowserProfile::Rfc,
            true,
        );
        let mut w = World {
            features,
            rng,
            clock: ManualClock::at(EPOCH),
            target,
            view,
            victim,
            attacker,
            wire: Vec::new(),
            referers: Vec::new(),
            hits: Vec::new(),
            detections: 0,
            violations: Vec::new(),
            skipped: None,
            errors: Vec::new(),
            transcript: Vec::new(),
            requests: 0,
            record,
            broken: BTreeSet::new(),
            victim_signed_in: false,
            victim_ever_served: false,
            victim_login_refused: None,
            held_cookie: None,
            outgoing: http::Request::new(Bytes::new()),
        };
        if record {
            w.note(format_args!(
                "seed {seed}; features {}",
                serde_json::to_string(&w.features).unwrap_or_default()
            ));
        }
        w
    }

    /// The site description.
    pub fn site(&self) -> &Site {
        &self.view.site
    }

    /// The target.
    pub fn target(&self) -> &T {
        &self.target
    }

    /// This seed's swarm switches.
    pub fn features(&self) -> &Features {
        &self.features
    }

    /// The victim's browser.
    pub fn victim(&self) -> &Browser {
        &self.victim
    }

    /// Plain-HTTP requests, as an on-path attacker sees them.
    pub fn wire(&self) -> &[WireRecord] {
        &self.wire
    }

    /// `Referer` headers that arrived at the attacker's site.
    pub fn referers(&self) -> &[String] {
        &self.referers
    }

    /// Requests served as the victim on behalf of the attacker (the judge's evidence).
    pub fn hits(&self) -> &[Hit] {
        &self.hits
    }

    /// Times the application noticed the attack.
    pub fn detections(&self) -> usize {
        self.detections
    }

    /// Why the attack could not be played against this target, if it could not.
    pub fn skipped(&self) -> Option<&str> {
        self.skipped.as_deref()
    }

    /// The transcript so far.
    pub fn transcript(&self) -> &[String] {
        &self.transcript
    }

    /// Folds the transcript lines after the first `mark` into `summary`, keeping the last
    /// one (a long run of misses, summarized, and the request that ended it).
    pub fn fold_transcript(&mut self, mark: usize, summary: impl std::fmt::Display) {
        let last = self.transcript.pop();
        self.transcript.truncate(mark);
        self.note(summary);
        self.transcript.extend(last);
    }

    /// The run's record, for the report: broken invariants, why it was skipped, requests
    /// without an answer, the transcript and the request count.
    pub fn into_record(self) -> RunRecord {
        RunRecord {
            violations: self.violations,
            skipped: self.skipped,
            errors: self.errors,
            transcript: self.transcript,
            requests: self.requests,
        }
    }

    /// Seconds since the simulation's start.
    pub fn elapsed(&self) -> i64 {
        self.clock.now().as_secs() - EPOCH
    }

    /// Moves virtual time forward: the browsers' clock, and the target's where it can be moved.
    pub fn advance(&mut self, secs: u64) {
        self.clock
            .advance_secs(i64::try_from(secs).unwrap_or(i64::MAX));
        let _ = self.target.advance(secs);
    }

    /// Whether the target's clock moves with the world's (timeouts can be attacked).
    pub fn can_advance(&self) -> bool {
        self.target.can_advance()
    }

    /// Whether the target can hold a request in flight.
    pub fn can_hold(&self) -> Result<(), Unsupported> {
        self.target.can_hold()
    }

    /// Marks the run as skipped: the attack needs a capability the target lacks.
    pub fn skip(&mut self, reason: impl Into<String>) {
        let reason = reason.into();
        self.note(format_args!("skipped: {reason}"));
        self.skipped = Some(reason);
    }

    /// Adds a line to the transcript. Pass `format_args!(...)` rather than `format!(...)`:
    /// the line is written only when the transcript is recorded, and campaigns do not record.
    pub fn note(&mut self, line: impl std::fmt::Display) {
        if !self.record {
            return;
        }
        let t = self.elapsed();
        self.transcript.push(format!("[{t:>6}s] {line}"));
    }

    /// The session cookie's name.
    pub fn cookie_name(&self) -> String {
        self.view.site.session_cookie.clone()
    }

    /// The victim's user name.
    pub fn victim_name(&self) -> &str {
        self.view.site.victim()
    }

    /// The URL the shop serves `path` at: HTTPS where the site has it, else HTTP.
    pub fn shop_url(&self, path: &str) -> String {
        let secure = self.view.site.is_https(path);
        // Built by hand, without `format!`: attackers build links from it during runs.
        let scheme = if secure { "https://" } else { "http://" };
        let mut url = String::with_capacity(scheme.len() + SHOP.len() + path.len());
        url.push_str(scheme);
        url.push_str(SHOP);
        url.push_str(path);
        url
    }

    /// The victim does one step of the workload.
    pub fn victim_step(&mut self, step: &Step) -> Option<Observed> {
        self.advance(1);
        match step {
            Step::Visit { path } => self.shop_request(path, Intent::Page),
            Step::Login => {
                let path = self.view.site.login.path.clone();
                self.shop_request(&path, Intent::Login { user: 0 })
            }
            Step::Account => {
                let path = self.view.site.protected_path.clone();
                self.shop_request(&path, Intent::Page)
            }
            Step::ChangePassword => match self.view.site.password_change_path.clone() {
                Some(path) => self.shop_request(&path, Intent::ChangePassword),
                None => {
                    self.note("the site has no password change: the victim skips it");
                    None
                }
            },
            Step::Logout => {
                let path = self.view.site.logout_path.clone();
                self.shop_request(&path, Intent::Logout)
            }
            Step::Idle { secs } => {
                if self.target.can_advance() {
                    self.note(format_args!("victim is idle for {secs}s"));
                } else {
                    self.note(format_args!(
                        "victim is idle for {secs}s (the application's clock does not move: \
                         its sessions do not age)"
                    ));
                }
                self.advance(*secs);
                None
            }
            Step::ClickExternal => {
                // The link's page is the shop page the victim is on; with URL ids, the app
                // rewrote it to carry the id, and the Referer gives it away.
                let from = self.victim_page_url("/products");
                self.note(format_args!(
                    "victim follows a link to https://{EVIL}/ (Referer: {})",
                    self.redact(&from)
                ));
                self.referers.push(from);
                None
            }
            Step::OpenXssPage => {
                let r = self.shop_request("/reviews", Intent::Page);
                self.note(
                    "the page carries a stored XSS payload that runs in the victim's browser",
                );
                r
            }
            Step::VisitAttackerSite => {
                self.note(format_args!("victim visits https://{EVIL}/"));
                None
            }
            Step::ReadHttpNews => {
                self.note(format_args!("victim reads http://{NEWS}/ over plain HTTP"));
                None
            }
            Step::VisitSiblingSite => {
                self.note(format_args!("victim visits https://{SIBLING}/"));
                None
            }
        }
    }

    /// Whether the victim's last response from the shop was served as the victim (the victim
    /// holds a live logged-in session, as far as anyone outside the application can tell).
    pub fn victim_signed_in(&self) -> bool {
        self.victim_signed_in
    }

    /// When the victim was never served as themselves in this run and the application
    /// refused their login: the status it answered (such a run proves nothing about the
    /// attacks).
    pub fn victim_never_logged_in(&self) -> Option<u16> {
        self.victim_login_refused
            .filter(|_| !self.victim_ever_served)
    }

    /// The URL of a shop page as the app links it: with the session id in it when the site
    /// puts ids in URLs.
    pub fn victim_page_url(&mut self, path: &str) -> String {
        let base = self.shop_url(path);
        if !self.view.site.url_ids {
            return base;
        }
        match self.victim_cookie() {
            Some(id) => format!("{base}?{}={id}", self.view.site.session_cookie),
            None => base,
        }
    }

    /// The victim's current session id (from its jar), if any.
    pub fn victim_cookie(&mut self) -> Option<String> {
        let name = self.view.site.session_cookie.as_str();
        self.victim
            .jar
            .iter()
            .find(|c| c.name == name)
            .map(|c| c.value.clone())
    }

    /// Replaces session ids in a header or URL with their fingerprints, for the transcript
    /// (logs carry a hash, not an id): every `name=value` pair whose value is 8 characters or
    /// more.
    pub fn redact(&self, s: &str) -> String {
        let mut out = String::with_capacity(s.len());
        let mut rest = s;
        while let Some(eq) = rest.find('=') {
            out.push_str(&rest[..=eq]);
            rest = &rest[eq + 1..];
            let end = rest.find([';', '&', ',', ' ', '#']).unwrap_or(rest.len());
            let value = &rest[..end];
            if value.len() >= 8 {
                out.push('#');
                out.push_str(&fingerprint(value)[..8]);
            } else {
                out.push_str(value);
            }
            rest = &rest[end..];
        }
        out.push_str(rest);
        out
    }

    /// Sends a request from a browser: its jar supplies the cookies (HSTS may upgrade the
    /// scheme), the shop answers, the jar stores what comes back, and the oracle watches.
    pub fn request(
        &mut self,
        who: Who,
        url: &str,
        intent: Intent,
        ctx: RequestContext,
        origin: Origin,
    ) -> Option<Observed> {
        self.request_to(who, parse_url(url)?, intent, ctx, origin)
    }

    /// A victim's request to a shop page (the URL from [`World::shop_url`], parsed once).
    fn shop_request(&mut self, path: &str, intent: Intent) -> Option<Observed> {
        let target = self.shop_target(path)?;
        self.request_to(
            Who::Victim,
            target,
            intent,
            RequestContext::typed(),
            Origin::Victim,
        )
    }

    /// [`World::shop_url`], parsed: cached per thread by scheme and path, like [`parse_url`].
    fn shop_target(&self, path: &str) -> Option<Rc<UrlPair>> {
        thread_local! {
            static SHOP_TARGETS: RefCell<[BTreeMap<String, Option<Rc<UrlPair>>>; 2]> = const {
                RefCell::new([BTreeMap::new(), BTreeMap::new()])
            };
        }
        let https = usize::from(self.view.site.is_https(path));
        SHOP_TARGETS.with(|cache| {
            if let Some(t) = cache.borrow()[https].get(path) {
                return t.clone();
            }
            let t = parse_url(&self.shop_url(path));
            let mut cache = cache.borrow_mut();
            if cache[https].len() < 4096 {
                cache[https].insert(path.to_owned(), t.clone());
            }
            t
        })
    }

    fn request_to(
        &mut self,
        who: Who,
        mut target: Rc<UrlPair>,
        intent: Intent,
        ctx: RequestContext,
        origin: Origin,
    ) -> Option<Observed> {
        let now = self.clock.now();
        let browser = match who {
            Who::Victim => &mut self.victim,
            Who::Attacker => &mut self.attacker,
        };
        if target.url.scheme() == "http"
            && target
                .url
                .host_str()
                .is_some_and(|h| browser.hsts_pinned(h))
        {
            let mut https = target.url.clone();
            let _ = https.set_scheme("https");
            target = parse_url(https.as_str())?;
        }
        let url = &target.url;
        let cookie = browser.jar.cookie_header(url, &ctx, now);
        let (seen, response) = self.send(who, &target, cookie, intent, origin);
        if who == Who::Victim && origin == Origin::Victim {
            self.victim_signed_in = seen.as_victim();
            self.victim_ever_served |= seen.as_victim();
            if matches!(intent, Intent::Login { user: 0 }) && (400..500).contains(&seen.status) {
                self.victim_login_refused.get_or_insert(seen.status);
            }
        }
        let response = response?;
        let browser = match who {
            Who::Victim => &mut self.victim,
            Who::Attacker => &mut self.attacker,
        };
        for h in set_cookie_headers(&response) {
            let _ = browser.jar.set_from_response(url, &ctx, h, now);
        }
        if url.scheme() == "https"
            && !browser.hsts.contains(SHOP)
            && response
                .headers()
                .contains_key(http::header::STRICT_TRANSPORT_SECURITY)
        {
            browser.hsts.insert(SHOP.to_owned());
        }
        // A redirect to the same URL over HTTPS is followed (logins and logouts are not
        // resent: a browser would turn the POST into a GET of the page).
        if url.scheme() == "http"
            && response.status().is_redirection()
            && !matches!(intent, Intent::Login { .. } | Intent::Logout)
        {
            let mut https = url.clone();
            let _ = https.set_scheme("https");
            let location = response
                .headers()
                .get(http::header::LOCATION)
                .and_then(|v| v.to_str().ok());
            if location == Some(https.as_str()) {
                return self.request(who, https.as_str(), intent, ctx, origin);
            }
        }
        Some(seen)
    }

    /// The attacker sends a request with a cookie header of its choosing (a stolen or
    /// predicted id), from its own machine.
    pub fn replay(&mut self, path: &str, cookie: &str, intent: Intent) -> Option<Observed> {
        self.advance(1);
        let target = self.shop_target(path)?;
        Some(
            self.send(
                Who::Attacker,
                &target,
                Some(cookie.to_owned()),
                intent,
                Origin::Attacker,
            )
            .0,
        )
    }

    /// The attacker starts a slow request with `cookie` on the site's slow path and keeps it
    /// in flight (the logout race): it was sent while the victim was still logged in, so being
    /// served is not yet a success; what its late write-back does is.
    pub fn hold_request(&mut self, cookie: &str) -> Result<(), Unsupported> {
        self.target.can_hold()?;
        let Some(path) = self.view.site.slow_path.clone() else {
            return Err(Unsupported("the site has no slow path".into()));
        };
        self.advance(1);
        let Some(target) = self.shop_target(&path) else {
            return Err(Unsupported(format!(
                "the slow path {path:?} is not a URL path"
            )));
        };
        self.prepare(Who::Attacker, &target, Some(cookie), Intent::Page);
        self.requests += 1;
        self.held_cookie = Some(cookie.to_owned());
        if let Some(response) = self.target.hold(&self.outgoing)? {
            self.observe(
                Who::Attacker,
                &target,
                Some(cookie),
                Intent::Page,
                Origin::Victim,
                &response,
            );
        }
        Ok(())
    }

    /// The held requests complete; returns how many writes the target accepted, where it can
    /// tell.
    pub fn release_held(&mut self) -> Option<usize> {
        let Released {
            responses,
            writes_accepted,
        } = self.target.release();
        let cookie = self.held_cookie.take();
        if let Some(path) = self.view.site.slow_path.clone() {
            if let Some(target) = self.shop_target(&path) {
                for response in &responses {
                    self.observe(
                        Who::Attacker,
                        &target,
                        cookie.as_deref(),
                        Intent::Page,
                        Origin::Victim,
                        response,
                    );
                }
            }
        }
        writes_accepted
    }

    /// The session values the application's logs hold (where the target exposes them).
    pub fn logs(&self) -> Result<Vec<String>, Unsupported> {
        self.target.logs()
    }

    /// Fills in [`World::outgoing`] for a request from `who` to `target`.
    fn prepare(&mut self, who: Who, target: &UrlPair, cookie: Option<&str>, intent: Intent) {
        let browser = match who {
            Who::Victim => &self.victim,
            Who::Attacker => &self.attacker,
        };
        let (user_agent, ip) = (browser.user_agent, browser.ip);
        // One request, reused: its header map and extensions keep their allocations.
        let req = &mut self.outgoing;
        *req.uri_mut() = target.uri.clone();
        let site = &self.view.site;
        let (method, body) = match intent {
            Intent::Page => (http::Method::GET, Bytes::new()),
            Intent::Login { user } => (
                site.login.method.clone(),
                self.view
                    .login_bodies
                    .get(user)
                    .cloned()
                    .unwrap_or_default(),
            ),
            Intent::Logout => (site.logout_method.clone(), Bytes::new()),
            Intent::ChangePassword => (http::Method::POST, Bytes::new()),
        };
        let form = !body.is_empty();
        *req.method_mut() = method;
        *req.body_mut() = body;
        let headers = req.headers_mut();
        headers.clear();
        headers.insert(
            http::header::USER_AGENT,
            http::HeaderValue::from_static(user_agent),
        );
        if form {
            headers.insert(
                http::header::CONTENT_TYPE,
                http::HeaderValue::from_static(if self.view.site.login.json {
                    "application/json"
                } else {
                    "application/x-www-form-urlencoded"
                }),
            );
        }
        if let Some(v) = cookie.and_then(|c| http::HeaderValue::from_str(c).ok()) {
            headers.insert(http::header::COOKIE, v);
        }
        match req.extensions_mut().get_mut::<ClientAddr>() {
            Some(addr) => addr.0 = ip,
            None => {
                req.extensions_mut().insert(ClientAddr(ip));
            }
        }
    }

    /// Sends a request to the shop and records everything the oracle and the transcript need.
    fn send(
        &mut self,
        who: Who,
        target: &UrlPair,
        cookie: Option<String>,
        intent: Intent,
        origin: Origin,
    ) -> (Observed, Option<Response>) {
        self.prepare(who, target, cookie.as_deref(), intent);
        if target.url.scheme() == "http" {
            let from = match who {
                Who::Victim => self.victim.name,
                Who::Attacker => self.attacker.name,
            };
            self.wire.push(WireRecord {
                from,
                url: target.url.to_string(),
                cookie: cookie.clone(),
            });
        }
        self.requests += 1;
        match self.target.send(&self.outgoing) {
            Ok(response) => {
                let seen = self.observe(who, target, cookie.as_deref(), intent, origin, &response);
                (seen, Some(response))
            }
            Err(e) => {
                let text = e.to_string();
                self.note(format_args!(
                    "{} {}: no response: {text}",
                    self.name_of(who),
                    target.url
                ));
                self.errors.push(text);
                let seen = Observed {
                    status: 0,
                    user: None,
                    detected: false,
                };
                (seen, None)
            }
        }
    }

    fn name_of(&self, who: Who) -> &'static str {
        match who {
            Who::Victim => self.victim.name,
            Who::Attacker => self.attacker.name,
        }
    }

    /// What the world sees in a response: who it was served as (the site's markers), whether
    /// the application noticed an attack; hits, the transcript and the invariants.
    fn observe(
        &mut self,
        who: Who,
        target: &UrlPair,
        cookie: Option<&str>,
        intent: Intent,
        origin: Origin,
        response: &Response,
    ) -> Observed {
        let url = &target.url;
        let body = response.body().as_ref();
        let user = self.view.markers.iter().position(|m| contains(body, m));
        let detected = self
            .view
            .site
            .detected_body
            .as_deref()
            .is_some_and(|d| contains(body, d.as_bytes()));
        let seen = Observed {
            status: response.status().as_u16(),
            user,
            detected,
        };
        let sensitive =
            self.view.site.is_sensitive(url.path()) || matches!(intent, Intent::ChangePassword);
        // A forced navigation (GET) through the victim's browser gives the attacker nothing it
        // can read; a state-changing request (CSRF) does the victim's business for it.
        let counts = match origin {
            Origin::Victim => false,
            Origin::Attacker => true,
            Origin::AttackerViaVictim => !matches!(intent, Intent::Page),
        };
        if counts && seen.as_victim() {
            self.hits.push(Hit {
                path: url.path().to_owned(),
                sensitive,
            });
        }
        if origin != Origin::Victim && detected {
            self.detections += 1;
        }
        if self.record {
            self.describe(who, url, cookie, intent, origin, response, &seen);
        }
        self.check_invariants(url.scheme() == "https", response, &seen);
        seen
    }

    /// The transcript line of one request.
    #[allow(clippy::too_many_arguments)]
    fn describe(
        &mut self,
        who: Who,
        url: &Url,
        cookie: Option<&str>,
        intent: Intent,
        origin: Origin,
        response: &Response,
        seen: &Observed,
    ) {
        let site = &self.view.site;
        let method = match intent {
            Intent::Page => "GET".to_owned(),
            Intent::Login { .. } => site.login.method.to_string(),
            Intent::Logout => site.logout_method.to_string(),
            Intent::ChangePassword => "POST".to_owned(),
        };
        let sent = cookie.map(|c| self.redact(c)).unwrap_or_else(|| "-".into());
        let set: Vec<String> = set_cookie_headers(response)
            .map(|h| self.redact(h.split(';').next().unwrap_or("")))
            .collect();
        let link = if url.scheme() == "http" {
            "HTTP (visible on the path)"
        } else {
            "HTTPS"
        };
        let tag = match origin {
            Origin::Victim => "",
            Origin::Attacker => " [attack]",
            Origin::AttackerViaVictim => " [attack via the victim's browser]",
        };
        // The model says how its manager answered; other targets show what was observed.
        let answer = self
            .target
            .model()
            .map(|m| format!(" {:?}", m.last_answer()))
            .unwrap_or_default();
        let user = seen
            .user
            .and_then(|i| self.view.site.users.get(i))
            .map(|(u, _)| format!(" as {u}"))
            .unwrap_or_default();
        self.note(format_args!(
            "{} {method} {} over {link}{tag}; Cookie: {sent} -> {}{answer}{user}{}",
            self.name_of(who),
            self.redact(url.as_str()),
            response.status().as_u16(),
            if set.is_empty() {
                String::new()
            } else {
                format!("; Set-Cookie: {}", set.join(", "))
            },
        ));
    }

    fn check_invariants(&mut self, https: bool, response: &Response, seen: &Observed) {
        let mut found = Vec::new();
        if let Some(model) = self.target.model() {
            found = model.violations();
            // What the world observed must be what the model did: the site's markers are
            // the only way other targets are judged.
            let observed = seen
                .user
                .and_then(|i| self.view.site.users.get(i))
                .map(|(u, _)| u.as_str());
            if observed != model.last_user() {
                found.push(sessionlab_core::check::Violation {
                    property: "observed_user_matches_model",
                    detail: format!(
                        "the response's marker says {observed:?}, the manager served {:?}",
                        model.last_user()
                    ),
                });
            }
        }
        // Only a plain-HTTP response can break this one: skip collecting its headers otherwise.
        if !https {
            let set: Vec<&str> = set_cookie_headers(response).collect();
            found.extend(invariants::no_secure_cookie_over_http(false, &set));
        }
        for v in found {
            if self.broken.insert(v.property) {
                let text = v.to_string();
                self.note(format_args!("invariant broken: {text}"));
                self.violations.push(text);
            }
        }
    }

    /// Session ids of the shop's cookie seen on the wire so far (what a sniffer collects).
    pub fn sniffed_ids(&self) -> Vec<String> {
        self.sniffed_ids_since(&mut 0)
    }

    /// [`World::sniffed_ids`] in the traffic after `cursor` (a position in [`World::wire`]),
    /// moving the cursor to the end: a sniffer that reads as it goes, instead of the whole
    /// capture after every step.
    pub fn sniffed_ids_since(&self, cursor: &mut usize) -> Vec<String> {
        let name = self.view.site.session_cookie.as_str();
        let mut ids: Vec<String> = Vec::new();
        let new = self.wire.get(*cursor..).unwrap_or_default();
        *cursor = self.wire.len();
        for r in new.iter().filter(|r| r.from == "victim") {
            for (n, v) in r
                .cookie
                .as_deref()
                .map(parse_cookie_header)
                .into_iter()
                .flatten()
            {
                if n == name && !ids.iter().any(|i| i == v) {
                    ids.push(v.to_owned());
                }
            }
        }
        ids
    }

    /// A cross-site request from the attacker's page through the victim's browser (CSRF or a
    /// forced navigation).
    pub fn from_attacker_page(
        &mut self,
        url: &str,
        intent: Intent,
        kind: RequestKind,
    ) -> Option<Observed> {
        self.advance(1);
        let method = if matches!(intent, Intent::Page) {
            "GET"
        } else {
            "POST"
        };
        let initiator = Url::parse(&format!("https://{EVIL}/")).ok()?;
        let ctx = RequestContext::from_page(initiator, kind, method);
        self.request(Who::Victim, url, intent, ctx, Origin::AttackerViaVictim)
    }

    /// A `Set-Cookie` the victim's browser receives from a page at `url` (an attacker's
    /// response). Returns whether the jar took it.
    pub fn plant_cookie(&mut self, url: &str, header: &str) -> bool {
        let Ok(url) = Url::parse(url) else {
            return false;
        };
        let now = self.clock.now();
        let result = self
            .victim
            .jar
            .set_from_response(&url, &RequestContext::typed(), header, now);
        let shown = self.redact(header);
        match result {
            Ok(()) => self.note(format_args!(
                "victim's browser stores Set-Cookie: {shown} from {url}"
            )),
            Err(e) => self.note(format_args!(
                "victim's browser refuses Set-Cookie: {shown} from {url}: {e}"
            )),
        }
        result.is_ok()
    }

    /// What a script on `url` reads from the victim's `document.cookie`.
    pub fn victim_document_cookie(&mut self, url: &str) -> String {
        let Ok(url) = Url::parse(url) else {
            return String::new();
        };
        let now = self.clock.now();
        self.victim.jar.script_cookies(&url, now)
    }

    /// The attacker opens a fresh session of its own and returns its id (what the app set).
    pub fn attacker_fresh_session(&mut self) -> Option<String> {
        self.advance(1);
        self.attacker.jar = sessionlab_core::cookie::BrowserJar::new();
        let url = self.shop_url(&self.view.site.landing.clone());
        self.request(
            Who::Attacker,
            &url,
            Intent::Page,
            RequestContext::typed(),
            Origin::Attacker,
        )?;
        let name = self.view.site.session_cookie.as_str();
        self.attacker
            .jar
            .iter()
            .find(|c| c.name == name)
            .map(|c| c.value.clone())
    }

    /// A random index below `n` from the run's generator.
    pub fn pick(&mut self, n: usize) -> usize {
        (self.rng.next_u64() % n.max(1) as u64) as usize
    }
}

/// The `Set-Cookie` header values of a response.
fn set_cookie_headers(response: &Response) -> impl Iterator<Item = &str> {
    response
        .headers()
        .get_all(http::header::SET_COOKIE)
        .into_iter()
        .filter_map(|v| v.to_str().ok())
}

/// A site description with what every request needs of it prepared once: shared by the runs
/// of one thread against the same policy.
#[derive(Debug)]
struct SiteView {
    site: Site,
    /// The site's served-as marker for each user.
    markers: Vec<Vec<u8>>,
    /// The login request's body for each user.
    login_bodies: Vec<Bytes>,
}

impl SiteView {
    fn new(site: Site) -> Self {
        let markers = site
            .users
            .iter()
            .map(|(u, _)| site.served_as_marker(u).into_bytes())
            .collect();
        let login_bodies = site
            .users
            .iter()
            .map(|(u, p)| login_body(&site, u, p))
            .collect();
        SiteView {
            site,
            markers,
            login_bodies,
        }
    }

    /// The view of [`Site::from_policy`], cached per thread: a campaign runs one policy
    /// hundreds of times, and building the description cost a tenth of a short run.
    fn of_policy(policy: &Policy) -> Rc<SiteView> {
        thread_local! {
            static LAST: RefCell<Option<Rc<SiteView>>> = const { RefCell::new(None) };
        }
        LAST.with(|last| {
            if let Some(v) = last.borrow().as_ref().filter(|v| v.site.describes(policy)) {
                return v.clone();
            }
            let v = Rc::new(SiteView::new(Site::from_policy(policy)));
            *last.borrow_mut() = Some(v.clone());
            v
        })
    }
}

/// The login request's body for `user` with `password`, as the site takes it.
fn login_body(site: &Site, user: &str, password: &str) -> Bytes {
    let f = &site.login;
    if f.json {
        let mut map = serde_json::Map::new();
        map.insert(f.username_field.clone(), user.into());
        map.insert(f.password_field.clone(), password.into());
        return Bytes::from(serde_json::Value::Object(map).to_string());
    }
    let plain = |s: &str| {
        s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'*'))
    };
    let parts = [&f.username_field, user, &f.password_field, password];
    if parts.iter().all(|p| plain(p)) {
        // Nothing to escape (the simulator's own users): joined without the encoder.
        return Bytes::from([parts[0], "=", parts[1], "&", parts[2], "=", parts[3]].concat());
    }
    let body: String = url::form_urlencoded::Serializer::new(String::new())
        .append_pair(&f.username_field, user)
        .append_pair(&f.password_field, password)
        .finish();
    Bytes::from(body)
}

/// A URL in the two forms a request needs: the browser's (`url`) and the server's (`uri`).
#[derive(Debug)]
struct UrlPair {
    url: Url,
    uri: http::Uri,
}

/// Parses a URL, remembering it: every run visits the same handful of URLs. The cache is per
/// thread and keyed by the text, so it cannot make two runs differ; a hit costs a reference
/// count, not a copy.
fn parse_url(s: &str) -> Option<Rc<UrlPair>> {
    thread_local! {
        static TARGETS: RefCell<BTreeMap<String, Option<Rc<UrlPair>>>> = const {
            RefCell::new(BTreeMap::new())
        };
    }
    TARGETS.with(|cache| {
        if let Some(t) = cache.borrow().get(s) {
            return t.clone();
        }
        let t = Url::parse(s).ok().map(|url| {
            let uri = url.as_str().parse().unwrap_or_default();
            Rc::new(UrlPair { url, uri })
        });
        let mut cache = cache.borrow_mut();
        if cache.len() < 4096 {
            cache.insert(s.to_owned(), t.clone());
        }
        t
    })
}
