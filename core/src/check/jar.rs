//! Oracles for the cookie jar: what it sends and shows never leaves a cookie's scope.

use url::Url;

use super::{Violation, ensure};
use crate::cookie::path::path_matches;
use crate::cookie::site::{domain_matches, is_secure_url};
use crate::cookie::{BrowserJar, JarConfig, RequestContext, RequestKind};
use crate::time::UnixTime;

/// Retrieves the cookies for `url` and checks each against its scope: no Secure cookie to an
/// insecure URL, none outside its domain (host-only means exactly the host) or path, none
/// expired. Then checks that the script view of the same URL holds no HttpOnly cookie.
pub fn retrieval_in_scope(
    jar: &mut BrowserJar,
    url: &Url,
    ctx: &RequestContext,
    now: UnixTime,
) -> Result<(), Violation> {
    let trust_loopback = jar.config().trust_loopback;
    let secure = is_secure_url(url, trust_loopback);
    let host = url.host_str().unwrap_or("");
    let path = url.path().to_owned();
    for c in jar.cookies_for_request(url, ctx, now) {
        ensure(
            !c.secure || secure,
            "no_secure_cookie_over_insecure_transport",
            || format!("{} sent to {url}", c.name),
        )?;
        let domain_ok = if c.host_only {
            c.domain == host
        } else {
            domain_matches(host, &c.domain)
        };
        ensure(domain_ok, "no_cookie_outside_its_domain", || {
            format!("{} of {} sent to {url}", c.name, c.domain)
        })?;
        ensure(
            path_matches(&path, &c.path),
            "no_cookie_outside_its_path",
            || format!("{} of {} sent to {url}", c.name, c.path),
        )?;
        ensure(
            !matches!(c.expiry, crate::cookie::Expiry::At(t) if t <= now),
            "no_expired_cookie_sent",
            || c.name.clone(),
        )?;
    }
    for c in jar.script_visible_cookies(url, now) {
        ensure(!c.http_only, "no_httponly_cookie_visible_to_script", || {
            format!("{} visible at {url}", c.name)
        })?;
    }
    Ok(())
}

/// The stored cookies respect the storage rules: `__Host-` cookies are Secure, host-only and at
/// `/`; `__Secure-` cookies are Secure; `SameSite=None` and partitioned cookies are Secure; the
/// per-domain and total limits hold.
pub fn stored_invariants(jar: &BrowserJar) -> Result<(), Violation> {
    let config = jar.config();
    let mut per_domain = std::collections::BTreeMap::<&str, usize>::new();
    for c in jar.iter() {
        let lower = c.name.to_ascii_lowercase();
        if lower.starts_with("__host-") {
            ensure(
                c.secure && c.host_only && c.path == "/",
                "host_prefix_rules",
                || format!("{c:?}"),
            )?;
        }
        if lower.starts_with("__secure-") {
            ensure(c.secure, "secure_prefix_rules", || format!("{c:?}"))?;
        }
        if c.same_site == crate::cookie::SameSite::None || c.partition.is_some() {
            ensure(c.secure, "samesite_none_and_partitioned_are_secure", || {
                format!("{c:?}")
            })?;
        }
        *per_domain.entry(&c.domain).or_default() += 1;
    }
    for (d, n) in &per_domain {
        ensure(
            *n <= config.max_cookies_per_domain,
            "per_domain_limit",
            || format!("{d} holds {n}"),
        )?;
    }
    ensure(jar.len() <= config.max_cookies, "total_limit", || {
        format!("{} cookies", jar.len())
    })?;
    ensure(jar.len() == jar.iter().count(), "length_accounting", || {
        format!("len {} but {} stored", jar.len(), jar.iter().count())
    })
}

/// The URLs the jar-operation oracle visits: schemes, hosts, sibling and parent domains, a
/// public suffix (`github.io`), loopback, ports and paths chosen so that every scope rule has
/// a case on each side of it.
pub const JAR_URLS: &[&str] = &[
    "https://example.com/",
    "http://example.com/account/settings",
    "https://www.example.com/account/",
    "http://www.example.com/x",
    "https://evil.example.com/",
    "https://other.org/",
    "https://alice.github.io/",
    "http://127.0.0.1/",
    "http://localhost:8080/a/b",
    "https://EXAMPLE.com/ACCOUNT/",
];

/// One operation on a cookie jar. URLs are indices into [`JAR_URLS`] (taken modulo its length).
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "fuzzing", derive(arbitrary::Arbitrary))]
pub enum JarOp {
    /// A response from `url` carries `Set-Cookie: header`; the request came from the page
    /// `from` (`None`: typed into the address bar).
    Response {
        /// The responding URL.
        url: u8,
        /// The initiating page.
        from: Option<u8>,
        /// A subresource request rather than a top-level navigation.
        subresource: bool,
        /// The header's value.
        header: String,
    },
    /// A script on the page `url` writes `document.cookie = header`.
    Script {
        /// The page.
        url: u8,
        /// What the script writes.
        header: String,
    },
    /// A request to `url`: checked with [`retrieval_in_scope`].
    Request {
        /// The requested URL.
        url: u8,
        /// The initiating page.
        from: Option<u8>,
        /// A subresource request rather than a top-level navigation.
        subresource: bool,
        /// An unsafe method (POST).
        post: bool,
    },
    /// The clock moves forward.
    Advance {
        /// By this many seconds.
        secs: u16,
    },
    /// The browser is closed: session cookies go.
    EndSession,
}

/// A sequence of jar operations, with small or default storage limits.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "fuzzing", derive(arbitrary::Arbitrary))]
pub struct JarOps {
    /// Small limits (3 per domain, 5 in all) so that eviction happens often.
    pub small_limits: bool,
    /// The Chromium profile instead of the RFC one.
    pub chromium: bool,
    /// The operations, in order (at most [`MAX_JAR_OPS`] are run).
    pub ops: Vec<JarOp>,
}

/// How many operations one input may run: keeps every input's cost bounded.
pub const MAX_JAR_OPS: usize = 256;

fn jar_url(i: u8) -> Url {
    Url::parse(JAR_URLS[usize::from(i) % JAR_URLS.len()]).expect("the list holds valid URLs")
}

fn jar_context(from: Option<u8>, subresource: bool, post: bool) -> RequestContext {
    match from {
        None => RequestContext::typed(),
        Some(f) => RequestContext::from_page(
            jar_url(f),
            if subresource {
                RequestKind::Subresource
            } else {
                RequestKind::TopLevelNavigation
            },
            if post { "POST" } else { "GET" },
        ),
    }
}

/// Runs the operations on a fresh jar and checks [`stored_invariants`] after each one and
/// [`retrieval_in_scope`] on each request; also that a cookie set from a script is never
/// HttpOnly and that nothing the jar refused is stored.
pub fn ops(input: &JarOps) -> Result<(), Violation> {
    let profile = match input.chromium {
        true => JarConfig::chromium(),
        false => JarConfig::rfc(),
    };
    let config = if input.small_limits {
        JarConfig {
            max_cookies_per_domain: 3,
            max_cookies: 5,
            ..profile
        }
    } else {
        profile
    };
    let mut jar = BrowserJar::with_config(config);
    let mut now = UnixTime::from_secs(1_700_000_000);
    for op in input.ops.iter().take(MAX_JAR_OPS) {
        match op {
            JarOp::Response {
                url,
                from,
                subresource,
                header,
            } => {
                let before = jar.len();
                let stored = jar.set_from_response(
                    &jar_url(*url),
                    &jar_context(*from, *subresource, false),
                    header,
                    now,
                );
                ensure(
                    stored.is_ok() || jar.len() <= before,
                    "refused_cookie_not_stored",
                    || format!("{header:?} was refused but the jar grew"),
                )?;
            }
            JarOp::Script { url, header } => {
                let before = jar.len();
                let stored = jar.set_from_script(&jar_url(*url), header, now);
                ensure(
                    stored.is_ok() || jar.len() <= before,
                    "refused_cookie_not_stored",
                    || format!("script write {header:?} was refused but the jar grew"),
                )?;
            }
            JarOp::Request {
                url,
                from,
                subresource,
                post,
            } => retrieval_in_scope(
                &mut jar,
                &jar_url(*url),
                &jar_context(*from, *subresource, *post),
                now,
            )?,
            JarOp::Advance { secs } => now = now.add_secs(i64::from(*secs)),
            JarOp::EndSession => jar.end_session(),
        }
        stored_invariants(&jar)?;
    }
    Ok(())
}
