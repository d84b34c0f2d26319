//! Oracles for the cookie jar: what it sends and shows never leaves a cookie's scope.

use url::Url;

use super::{Violation, ensure};
use crate::cookie::path::path_matches;
use crate::cookie::site::{domain_matches, is_secure_url};
use crate::cookie::{CookieJar, RequestContext};

/// Retrieves the cookies for `url` and checks each against its scope: no Secure cookie to an
/// insecure URL, none outside its domain (host-only means exactly the host) or path, none
/// expired. Then checks that the script view of the same URL holds no HttpOnly cookie.
pub fn retrieval_in_scope(
    jar: &mut CookieJar,
    url: &Url,
    ctx: &RequestContext,
    now: i64,
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
pub fn stored_invariants(jar: &CookieJar) -> Result<(), Violation> {
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
