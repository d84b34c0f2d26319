//! A browser for tests: the core cookie jar in front of a session manager.

#![allow(dead_code)]

use std::sync::Arc;

use sessionlab_core::cookie::{BrowserJar, RequestContext};
use sessionlab_core::invariants;
use sessionlab_core::session::{
    Action, ManualClock, MemoryStore, Policy, Reply, SessionManager, Store,
};
use url::Url;

pub const T0: i64 = 1_767_225_600; // 2026-01-01T00:00:00Z

pub fn manager(policy: Policy, seed: u64) -> (SessionManager<MemoryStore>, ManualClock) {
    manager_with(policy, MemoryStore::new(), seed)
}

pub fn manager_with<S: Store>(
    policy: Policy,
    store: S,
    seed: u64,
) -> (SessionManager<S>, ManualClock) {
    let clock = ManualClock::at(T0);
    let tokens = policy.token.build_seeded(seed);
    (
        SessionManager::new(policy, store, Arc::new(clock.clone()), tokens),
        clock,
    )
}

/// A user agent with its own cookie jar.
#[derive(Default)]
pub struct Browser {
    pub jar: BrowserJar,
}

impl Browser {
    pub fn new() -> Self {
        Self::default()
    }

    /// Sends a request for `url` with the jar's cookies, stores the response's cookies, and
    /// checks every session invariant afterwards.
    pub fn send<S: Store>(&mut self, m: &SessionManager<S>, url: &str, action: Action) -> Reply {
        let url = Url::parse(url).unwrap();
        let now = m.now();
        let mut req = http::Request::builder().uri(url.as_str());
        if let Some(h) = self.jar.cookie_header(&url, &RequestContext::typed(), now) {
            req = req.header(http::header::COOKIE, h);
        }
        let req = req.body(()).unwrap();
        let reply = m.handle(&req, &action);
        for h in reply.set_cookies() {
            let _ = self
                .jar
                .set_from_response(&url, &RequestContext::typed(), h, now);
        }
        let secure = url.scheme() == "https";
        let mut violations = invariants::check_all(m);
        violations.extend(invariants::no_secure_cookie_over_http(
            secure,
            &reply.set_cookies(),
        ));
        assert!(
            violations.is_empty(),
            "{}: {violations:?}",
            m.policy().description
        );
        reply
    }

    pub fn page<S: Store>(&mut self, m: &SessionManager<S>, url: &str) -> Reply {
        self.send(m, url, Action::Page)
    }

    pub fn login<S: Store>(&mut self, m: &SessionManager<S>, url: &str, user: &str) -> Reply {
        self.send(m, url, Action::Login { user: user.into() })
    }

    /// The value of a cookie in the jar, by name.
    pub fn cookie(&self, name: &str) -> Option<String> {
        self.jar
            .iter()
            .find(|c| c.name == name)
            .map(|c| c.value.clone())
    }
}

/// Sends a raw request with an explicit `Cookie` header (an attacker replaying a stolen id).
pub fn replay<S: Store>(m: &SessionManager<S>, url: &str, cookie: &str, action: Action) -> Reply {
    let req = http::Request::builder()
        .uri(url)
        .header(http::header::COOKIE, cookie)
        .body(())
        .unwrap();
    m.handle(&req, &action)
}
