//! The world of one run: one seed drives everything.
//!
//! Actors: the victim's browser, the attacker's browser, the application (the core session
//! manager under a policy, at `shop.example`), other sites (`evil.example`, the attacker's;
//! `news.example`, plain HTTP; `blog.shop.example`, a sibling subdomain the attacker
//! controls), the network (HTTP links that an on-path attacker reads and rewrites, HTTPS links
//! that it cannot), and leak channels (the server's log, Referer headers). Time is virtual:
//! hours of session lifetime cost nothing.

pub mod browser;
pub mod store;
pub mod workload;

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;
use std::sync::Arc;

use rand_chacha::ChaCha8Rng;
use rand_core::{Rng, SeedableRng};
use sessionlab_core::cookie::{RequestContext, RequestKind, parse_cookie_header};
use sessionlab_core::invariants;
use sessionlab_core::session::policy::TransportMode;
use sessionlab_core::session::{
    Action, Answer, ClientAddr, Clock, ManualClock, Policy, Reply, SessionManager,
};
use sessionlab_core::token::fingerprint;
use url::Url;

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
/// The victim's user name.
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

/// One run's world.
pub struct World {
    /// This seed's swarm switches.
    pub features: Features,
    /// The run's only random number generator.
    pub rng: ChaCha8Rng,
    clock: ManualClock,
    app: SessionManager<Arc<SimStore>>,
    store: Arc<SimStore>,
    /// The victim's browser.
    pub victim: Browser,
    /// The attacker's browser.
    pub attacker: Browser,
    /// Plain-HTTP requests, as an on-path attacker sees them.
    pub wire: Vec<WireRecord>,
    /// `Referer` headers that arrived at the attacker's site.
    pub referers: Vec<String>,
    /// Requests served as the victim on behalf of the attacker.
    pub hits: Vec<Hit>,
    /// Times the application noticed the attack (binding cookie mismatch).
    pub detections: usize,
    /// Invariants that broke, by name, with the first detail.
    pub violations: Vec<String>,
    /// What happened, line by line.
    pub transcript: Vec<String>,
    /// How many requests reached the application.
    pub requests: u64,
    /// Whether to write the transcript (campaigns skip it for speed; replays need it).
    pub record: bool,
    broken: BTreeSet<&'static str>,
    cookie_name: String,
    /// The request [`World::send`] fills in and hands to the application.
    outgoing: http::Request<()>,
}

impl World {
    /// A fresh world for `policy` from `seed`.
    pub fn new(policy: Policy, seed: u64) -> Self {
        Self::with_transcript(policy, seed, true)
    }

    /// A fresh world; `record` says whether to write the transcript (campaigns run without
    /// it, for speed; replays and tests with it).
    pub fn with_transcript(policy: Policy, seed: u64, record: bool) -> Self {
        Self::build(policy, seed, None, record)
    }

    /// A fresh world whose swarm switches are `features` instead of the seed's draw (the rest
    /// still comes from `seed`): what the `sim_scenario` fuzz target explores.
    pub fn with_features(policy: Policy, seed: u64, features: Features, record: bool) -> Self {
        Self::build(policy, seed, Some(features), record)
    }

    fn build(policy: Policy, seed: u64, features: Option<Features>, record: bool) -> Self {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let drawn = Features::draw(&mut rng);
        let features = features.unwrap_or(drawn);
        let clock = ManualClock::at(EPOCH);
        let store = Arc::new(SimStore::new(policy.store.saves));
        let tokens = policy.token.build_seeded(rng.next_u64());
        let app = SessionManager::new(policy, store.clone(), Arc::new(clock.clone()), tokens);
        let lax = features.browser_lax_by_default;
        let victim = Browser::new(
            "victim",
            [198, 51, 100, 7],
            "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0",
            lax,
        );
        let attacker = Browser::new("attacker", [203, 0, 113, 66], "curl/8.5.0", true);
        let mut w = World {
            features,
            rng,
            clock,
            app,
            store,
            victim,
            attacker,
            wire: Vec::new(),
            referers: Vec::new(),
            hits: Vec::new(),
            detections: 0,
            violations: Vec::new(),
            transcript: Vec::new(),
            requests: 0,
            record: true,
            broken: BTreeSet::new(),
            cookie_name: String::new(),
            outgoing: http::Request::new(()),
        };
        w.cookie_name = w.policy().cookie.full_name();
        w.record = record;
        if record {
            w.note(format_args!(
                "seed {seed}; features {}",
                serde_json::to_string(&w.features).unwrap_or_default()
            ));
        }
        w
    }

    /// The policy under test (the application's).
    pub fn policy(&self) -> &Policy {
        self.app.policy()
    }

    /// The application.
    pub fn app(&self) -> &SessionManager<Arc<SimStore>> {
        &self.app
    }

    /// The store, to hold and release saves (the race).
    pub fn store(&self) -> &SimStore {
        &self.store
    }

    /// Seconds since the simulation's start.
    pub fn elapsed(&self) -> i64 {
        self.clock.now_micros() / 1_000_000 - EPOCH
    }

    /// Moves virtual time forward.
    pub fn advance(&mut self, secs: u64) {
        self.clock
            .advance_secs(i64::try_from(secs).unwrap_or(i64::MAX));
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
        self.cookie_name.clone()
    }

    /// The URL the shop serves `path` at: HTTPS where the policy has it, else HTTP.
    pub fn shop_url(&self, path: &str) -> String {
        let secure = self.shop_is_https(path);
        // Built by hand, without `format!`: attackers build links from it during runs.
        let scheme = if secure { "https://" } else { "http://" };
        let mut url = String::with_capacity(scheme.len() + SHOP.len() + path.len());
        url.push_str(scheme);
        url.push_str(SHOP);
        url.push_str(path);
        url
    }

    /// Whether the shop serves `path` over HTTPS.
    fn shop_is_https(&self, path: &str) -> bool {
        self.policy().transport.mode != TransportMode::Http && self.policy().is_https_path(path)
    }

    /// The victim does one step of the workload.
    pub fn victim_step(&mut self, step: &Step) -> Option<Reply> {
        self.advance(1);
        match step {
            Step::Visit { path } => self.shop_request(path, Action::Page),
            Step::Login => self.shop_request(
                "/login",
                Action::Login {
                    user: VICTIM.into(),
                },
            ),
            Step::Account => self.shop_request("/account/orders", Action::Page),
            Step::ChangePassword => self.shop_request("/account/password", Action::PrivilegeChange),
            Step::Logout => self.shop_request("/logout", Action::Logout),
            Step::Idle { secs } => {
                self.note(format_args!("victim is idle for {secs}s"));
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
                let r = self.shop_request("/reviews", Action::Page);
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

    /// The URL of a shop page as the app links it: with the session id in it when the policy
    /// rewrites URLs (`accept_url_id`).
    pub fn victim_page_url(&mut self, path: &str) -> String {
        let base = self.shop_url(path);
        if !self.policy().lifecycle.accept_url_id {
            return base;
        }
        match self.victim_cookie() {
            Some(id) => format!("{base}?{}={id}", self.cookie_name()),
            None => base,
        }
    }

    /// The victim's current session id (from its jar), if any.
    pub fn victim_cookie(&mut self) -> Option<String> {
        let name = self.cookie_name();
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
        action: Action,
        ctx: RequestContext,
        origin: Origin,
    ) -> Option<Reply> {
        self.request_to(who, target(url)?, action, ctx, origin)
    }

    /// A victim's request to a shop page (the URL from [`World::shop_url`], parsed once).
    fn shop_request(&mut self, path: &str, action: Action) -> Option<Reply> {
        let target = self.shop_target(path)?;
        self.request_to(
            Who::Victim,
            target,
            action,
            RequestContext::typed(),
            Origin::Victim,
        )
    }

    /// [`World::shop_url`], parsed: cached per thread by scheme and path, like [`target`].
    fn shop_target(&self, path: &str) -> Option<Rc<Target>> {
        thread_local! {
            static SHOP_TARGETS: RefCell<[BTreeMap<String, Option<Rc<Target>>>; 2]> = const {
                RefCell::new([BTreeMap::new(), BTreeMap::new()])
            };
        }
        let https = usize::from(self.shop_is_https(path));
        SHOP_TARGETS.with(|cache| {
            if let Some(t) = cache.borrow()[https].get(path) {
                return t.clone();
            }
            let t = target(&self.shop_url(path));
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
        mut target: Rc<Target>,
        action: Action,
        ctx: RequestContext,
        origin: Origin,
    ) -> Option<Reply> {
        let now = self.clock.now_micros() / 1_000_000;
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
            target = self::target(https.as_str())?;
        }
        let url = &target.url;
        let cookie = browser.jar.cookie_header(url, &ctx, now);
        let reply = self.send(who, &target, cookie, &action, origin);
        let browser = match who {
            Who::Victim => &mut self.victim,
            Who::Attacker => &mut self.attacker,
        };
        for h in reply.set_cookie_headers() {
            let _ = browser.jar.set_from_response(url, &ctx, h, now);
        }
        if url.scheme() == "https"
            && !browser.hsts.contains(SHOP)
            && reply
                .response
                .headers()
                .contains_key(http::header::STRICT_TRANSPORT_SECURITY)
        {
            browser.hsts.insert(SHOP.to_owned());
        }
        if reply.answer == Answer::RedirectToHttps
            && !matches!(action, Action::Login { .. } | Action::Logout)
        {
            let mut https = url.clone();
            let _ = https.set_scheme("https");
            return self.request(who, https.as_str(), action, ctx, origin);
        }
        Some(reply)
    }

    /// The attacker sends a request with a cookie header of its choosing (a stolen or
    /// predicted id), from its own machine.
    pub fn replay(&mut self, path: &str, cookie: &str, action: Action) -> Option<Reply> {
        self.attacker_send(path, cookie, action, Origin::Attacker)
    }

    /// A request the attacker keeps in flight (the logout race): it was sent while the victim
    /// was still logged in, so being served is not yet a success; what its late write-back
    /// does is.
    pub fn replay_in_flight(&mut self, path: &str, cookie: &str, action: Action) -> Option<Reply> {
        self.attacker_send(path, cookie, action, Origin::Victim)
    }

    fn attacker_send(
        &mut self,
        path: &str,
        cookie: &str,
        action: Action,
        origin: Origin,
    ) -> Option<Reply> {
        self.advance(1);
        let target = self.shop_target(path)?;
        Some(self.send(
            Who::Attacker,
            &target,
            Some(cookie.to_owned()),
            &action,
            origin,
        ))
    }

    /// Sends a request to the shop and records everything the oracle and the transcript need.
    fn send(
        &mut self,
        who: Who,
        target: &Target,
        cookie: Option<String>,
        action: &Action,
        origin: Origin,
    ) -> Reply {
        let url = &target.url;
        let browser = match who {
            Who::Victim => &self.victim,
            Who::Attacker => &self.attacker,
        };
        let (who_name, user_agent, ip) = (browser.name, browser.user_agent, browser.ip);
        // One request, reused: its header map and extensions keep their allocations.
        let req = &mut self.outgoing;
        *req.uri_mut() = target.uri.clone();
        let headers = req.headers_mut();
        headers.clear();
        headers.insert(
            http::header::USER_AGENT,
            http::HeaderValue::from_static(user_agent),
        );
        if let Some(v) = cookie
            .as_deref()
            .and_then(|c| http::HeaderValue::from_str(c).ok())
        {
            headers.insert(http::header::COOKIE, v);
        }
        match req.extensions_mut().get_mut::<ClientAddr>() {
            Some(addr) => addr.0 = ip,
            None => {
                req.extensions_mut().insert(ClientAddr(ip));
            }
        }
        if url.scheme() == "http" {
            self.wire.push(WireRecord {
                from: who_name,
                url: url.to_string(),
                cookie: cookie.clone(),
            });
        }
        let reply = self.app.handle(&self.outgoing, action);
        self.requests += 1;
        let served = reply.user.as_deref() == Some(VICTIM);
        let sensitive = self.policy().is_sensitive(url.path())
            || matches!(action, Action::PrivilegeChange | Action::EndAllSessions);
        // A forced navigation (GET) through the victim's browser gives the attacker nothing it
        // can read; a state-changing request (CSRF) does the victim's business for it.
        let counts = match origin {
            Origin::Victim => false,
            Origin::Attacker => true,
            Origin::AttackerViaVictim => !matches!(action, Action::Page),
        };
        if counts && served {
            self.hits.push(Hit {
                path: url.path().to_owned(),
                sensitive,
            });
        }
        if origin != Origin::Victim && reply.answer == Answer::BindingMismatch {
            self.detections += 1;
        }
        if self.record {
            self.describe(who_name, url, cookie.as_deref(), action, origin, &reply);
        }
        self.check_invariants(url.scheme() == "https", &reply);
        reply
    }

    /// The transcript line of one request.
    fn describe(
        &mut self,
        who_name: &str,
        url: &Url,
        cookie: Option<&str>,
        action: &Action,
        origin: Origin,
        reply: &Reply,
    ) {
        let method = if matches!(action, Action::Page) {
            "GET"
        } else {
            "POST"
        };
        let sent = cookie.map(|c| self.redact(c)).unwrap_or_else(|| "-".into());
        let set: Vec<String> = reply
            .set_cookies()
            .iter()
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
        self.note(format_args!(
            "{who_name} {method} {} over {link}{tag}; Cookie: {sent} -> {} {:?}{}{}",
            self.redact(url.as_str()),
            reply.response.status().as_u16(),
            reply.answer,
            reply
                .user
                .as_deref()
                .map(|u| format!(" as {u}"))
                .unwrap_or_default(),
            if set.is_empty() {
                String::new()
            } else {
                format!("; Set-Cookie: {}", set.join(", "))
            },
        ));
    }

    fn check_invariants(&mut self, https: bool, reply: &Reply) {
        let mut found = invariants::check_all(&self.app);
        // Only a plain-HTTP response can break this one: skip collecting its headers otherwise.
        if !https {
            found.extend(invariants::no_secure_cookie_over_http(
                false,
                &reply.set_cookies(),
            ));
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
        let name = self.cookie_name.as_str();
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
        action: Action,
        kind: RequestKind,
    ) -> Option<Reply> {
        self.advance(1);
        let method = if matches!(action, Action::Page) {
            "GET"
        } else {
            "POST"
        };
        let initiator = Url::parse(&format!("https://{EVIL}/")).ok()?;
        let ctx = RequestContext::from_page(initiator, kind, method);
        self.request(Who::Victim, url, action, ctx, Origin::AttackerViaVictim)
    }

    /// A `Set-Cookie` the victim's browser receives from a page at `url` (an attacker's
    /// response). Returns whether the jar took it.
    pub fn plant_cookie(&mut self, url: &str, header: &str) -> bool {
        let Ok(url) = Url::parse(url) else {
            return false;
        };
        let now = self.clock.now_micros() / 1_000_000;
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
        let now = self.clock.now_micros() / 1_000_000;
        self.victim.jar.script_cookies(&url, now)
    }

    /// The attacker opens a fresh session of its own and returns its id (what the app set).
    pub fn attacker_fresh_session(&mut self) -> Option<String> {
        self.advance(1);
        self.attacker.jar = sessionlab_core::cookie::CookieJar::new();
        let url = self.shop_url("/");
        self.request(
            Who::Attacker,
            &url,
            Action::Page,
            RequestContext::typed(),
            Origin::Attacker,
        )?;
        let name = self.cookie_name();
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

/// A URL in the two forms a request needs: the browser's (`url`) and the server's (`uri`).
#[derive(Debug)]
struct Target {
    url: Url,
    uri: http::Uri,
}

/// Parses a URL, remembering it: every run visits the same handful of URLs. The cache is per
/// thread and keyed by the text, so it cannot make two runs differ; a hit costs a reference
/// count, not a copy.
fn target(s: &str) -> Option<Rc<Target>> {
    thread_local! {
        static TARGETS: RefCell<BTreeMap<String, Option<Rc<Target>>>> = const {
            RefCell::new(BTreeMap::new())
        };
    }
    TARGETS.with(|cache| {
        if let Some(t) = cache.borrow().get(s) {
            return t.clone();
        }
        let t = Url::parse(s).ok().map(|url| {
            let uri = url.as_str().parse().unwrap_or_default();
            Rc::new(Target { url, uri })
        });
        let mut cache = cache.borrow_mut();
        if cache.len() < 4096 {
            cache.insert(s.to_owned(), t.clone());
        }
        t
    })
}
