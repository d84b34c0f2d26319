//! A browser's cookie store: the storage model (RFC 6265bis §5.7) and the retrieval algorithm
//! (§5.8.3), with time passed in by the caller (a [`UnixTime`]) so every run is deterministic.
//!
//! Cookies are kept in a `BTreeMap` keyed by domain, so iteration order never depends on a
//! hash seed, and retrieval looks up only the request host and its parent domains.

use std::collections::BTreeMap;

use url::Url;

use crate::time::UnixTime;

use super::parse::{Expiry, ParseRules, SameSite, SetCookie, SetCookieError};
use super::path::path_matches;
use super::site::{Site, domain_matches, is_ip_host, is_public_suffix, is_secure_url, same_site};

/// A browser profile: the knobs where user agents differ from each other and from the RFC
/// text. [`JarConfig::rfc`] is RFC 6265bis (draft 22) as written, [`JarConfig::chromium`] is
/// current Chromium; each deviation is one documented switch. `Default` is [`JarConfig::rfc`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JarConfig {
    /// Most cookies kept for one domain before eviction (Chrome: 180).
    pub max_cookies_per_domain: usize,
    /// Most cookies kept in all (Chrome: 3000).
    pub max_cookies: usize,
    /// Treat cookies without a valid `SameSite` as `Lax` (§5.6.7, "Lax by default").
    pub lax_by_default: bool,
    /// "Lax-allowing-unsafe" (§5.6.7.2): a cookie without `SameSite` younger than this many
    /// seconds is still sent on cross-site top-level navigations with an unsafe method
    /// (Chrome: 120). `None` disables it.
    pub lax_allowing_unsafe_secs: Option<i64>,
    /// Count loopback hosts (`localhost`, 127.0.0.0/8, `[::1]`) as secure origins.
    pub trust_loopback: bool,
    /// Refuse a `Domain` attribute that is a public suffix (§5.7 step 9).
    pub reject_public_suffixes: bool,
    /// How `Set-Cookie` headers are parsed (HTAB, nameless cookies with `=`, `Domain=.`,
    /// `Max-Age=+N`).
    pub parse: ParseRules,
    /// Accept a `Domain` attribute written as a UTF-8 internationalized domain name, converted
    /// to its ASCII (punycode) form, as Chromium does; the RFC refuses any non-ASCII `Domain`
    /// (§5.7 step 8).
    pub idn_domains: bool,
    /// Which creation time a cookie gets when it replaces one with the same name, domain and
    /// path (it orders the `Cookie` header).
    pub creation_on_replace: CreationOnReplace,
    /// A `__Host-` cookie needs `Path=/` written out (Chromium, and the web-platform-tests).
    /// The RFC text (§5.7 step 21) asks for a `Path` attribute and a cookie path of `/`, which
    /// `Path=` or a bare `Path` on a response from `/` also give (§5.6.4: the default path).
    pub host_prefix_needs_literal_path: bool,
    /// Enforce the `__Http-` prefix (the cookie must be Secure and HttpOnly) and `__Host-Http-`
    /// (the `__Host-` rules and HttpOnly), as Chromium 156 does. Not in RFC 6265bis draft 22.
    pub http_prefixes: bool,
    /// A `Domain` attribute that names the request's IP address makes a host-only cookie
    /// (Chromium); the RFC sets the domain to the address with the host-only flag off, which
    /// matches the same requests (§5.1.3: IP addresses domain-match only themselves).
    pub ip_domain_host_only: bool,
}

/// The creation time of a cookie that replaces an older one (§5.7 step 23.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum CreationOnReplace {
    /// The old cookie's creation time, always (the RFC).
    #[default]
    KeepOld,
    /// The old cookie's creation time only when the value is unchanged; a new value is a new
    /// cookie that moves behind its peers in the `Cookie` header (Chromium).
    KeepIfSameValue,
}

/// The browser profiles sessionlab ships, by name (`sessionlab cookie jar --browser`).
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Default,
    serde::Serialize,
    serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum BrowserProfile {
    /// RFC 6265bis (draft 22) as written.
    #[default]
    Rfc,
    /// Current Chromium (and Chrome, Edge).
    Chromium,
}

impl BrowserProfile {
    /// Every profile, in a fixed order (the simulator draws the victim's browser from it).
    pub const ALL: [BrowserProfile; 2] = [BrowserProfile::Rfc, BrowserProfile::Chromium];

    /// The profile's name as the CLI spells it.
    pub fn name(self) -> &'static str {
        match self {
            BrowserProfile::Rfc => "rfc",
            BrowserProfile::Chromium => "chromium",
        }
    }

    /// The profile of that name.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.name() == name)
    }

    /// Its jar configuration.
    pub fn config(self) -> JarConfig {
        match self {
            BrowserProfile::Rfc => JarConfig::rfc(),
            BrowserProfile::Chromium => JarConfig::chromium(),
        }
    }
}

impl JarConfig {
    /// RFC 6265bis (draft 22) as written, with the choices it leaves to user agents made as
    /// current browsers make them: Lax by default with the two-minute Lax-allowing-unsafe
    /// window (§5.6.7), loopback as a secure origin, the Public Suffix List, Chrome's limits.
    pub fn rfc() -> Self {
        JarConfig {
            max_cookies_per_domain: 180,
            max_cookies: 3000,
            lax_by_default: true,
            lax_allowing_unsafe_secs: Some(120),
            trust_loopback: true,
            reject_public_suffixes: true,
            parse: ParseRules::RFC,
            idn_domains: false,
            creation_on_replace: CreationOnReplace::KeepOld,
            host_prefix_needs_literal_path: false,
            http_prefixes: false,
            ip_domain_host_only: false,
        }
    }

    /// Chromium: the RFC profile with Chromium's deviations switched on (see [`ParseRules::CHROMIUM`],
    /// [`JarConfig::idn_domains`], [`CreationOnReplace::KeepIfSameValue`]).
    pub fn chromium() -> Self {
        JarConfig {
            parse: ParseRules::CHROMIUM,
            idn_domains: true,
            creation_on_replace: CreationOnReplace::KeepIfSameValue,
            host_prefix_needs_literal_path: true,
            http_prefixes: true,
            ip_domain_host_only: true,
            ..JarConfig::rfc()
        }
    }
}

impl Default for JarConfig {
    fn default() -> Self {
        JarConfig::rfc()
    }
}

/// How a request was made, which decides its `SameSite` treatment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RequestKind {
    /// A navigation of the top-level window (a typed URL, a link, a form post).
    #[default]
    TopLevelNavigation,
    /// An image, script, fetch, iframe or other request made by a page.
    Subresource,
}

/// The context of an HTTP request or response: who made it and how.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RequestContext {
    /// The top-level page that made the request; `None` when the user typed the URL (which is
    /// same-site by definition).
    pub initiator: Option<Url>,
    /// Top-level navigation or subresource.
    pub kind: RequestKind,
    /// The HTTP method, e.g. `GET`; empty means `GET`.
    pub method: String,
}

impl RequestContext {
    /// A top-level `GET` navigation typed by the user: same-site, safe.
    pub fn typed() -> Self {
        RequestContext::default()
    }

    /// A request made from `initiator` (cross-site when its site differs from the target's).
    pub fn from_page(initiator: Url, kind: RequestKind, method: &str) -> Self {
        RequestContext {
            initiator: Some(initiator),
            kind,
            method: method.to_owned(),
        }
    }

    fn is_same_site(&self, url: &Url) -> bool {
        self.initiator.as_ref().is_none_or(|i| same_site(i, url))
    }

    fn is_safe_method(&self) -> bool {
        matches!(
            self.method.as_str(),
            "" | "GET" | "HEAD" | "OPTIONS" | "TRACE"
        )
    }

    /// The top-level site, which keys partitioned (CHIPS) cookies.
    fn top_level_site(&self, url: &Url) -> Option<Site> {
        match (&self.initiator, self.kind) {
            (Some(page), RequestKind::Subresource) => Site::of(page),
            _ => Site::of(url),
        }
    }
}

/// Why the jar refused to store a cookie.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Rejection {
    /// The header itself was ignored by the parser.
    #[error("the header {0}")]
    Parse(SetCookieError),
    /// The URL has no host (`data:`, `file:`), so there is nowhere to store a cookie.
    #[error("the URL has no host")]
    NoHost,
    /// §5.7 step 8: a non-ASCII Domain attribute.
    #[error("Domain contains a non-ASCII character (RFC 6265bis 5.7 step 8)")]
    NonAsciiDomain,
    /// §5.7 step 9: the Domain attribute is a public suffix other than the host itself.
    #[error("Domain is a public suffix (RFC 6265bis 5.7 step 9)")]
    PublicSuffixDomain,
    /// §5.7 step 10: the request host is not within the Domain attribute.
    #[error("Domain does not domain-match the request host (RFC 6265bis 5.7 step 10)")]
    DomainMismatch,
    /// §5.7 step 13: a Secure cookie from an insecure origin.
    #[error("Secure cookie set from an insecure origin (RFC 6265bis 5.7 step 13)")]
    SecureFromInsecureOrigin,
    /// §5.7 step 15: the script API may not create HttpOnly cookies.
    #[error("HttpOnly cookie set through the script API (RFC 6265bis 5.7 step 15)")]
    HttpOnlyFromScript,
    /// §5.7 step 16: an insecure origin may not shadow a Secure cookie of the same name.
    #[error("would shadow a Secure cookie from an insecure origin (RFC 6265bis 5.7 step 16)")]
    ShadowsSecureCookie,
    /// §5.7 step 18: a non-`None` SameSite cookie set in a cross-site context.
    #[error("SameSite cookie set from a cross-site context (RFC 6265bis 5.7 step 18)")]
    CrossSiteSameSite,
    /// §5.7 step 19: `SameSite=None` without `Secure`.
    #[error("SameSite=None without Secure (RFC 6265bis 5.7 step 19)")]
    SameSiteNoneWithoutSecure,
    /// §5.7 step 20: the `__Secure-` prefix without `Secure`.
    #[error("__Secure- prefix without Secure (RFC 6265bis 5.7 step 20)")]
    SecurePrefix,
    /// §5.7 step 21: the `__Host-` prefix without `Secure`, with a Domain, or not at Path=/.
    #[error("__Host- prefix requires Secure, no Domain and Path=/ (RFC 6265bis 5.7 step 21)")]
    HostPrefix,
    /// [`JarConfig::http_prefixes`]: `__Http-` or `__Host-Http-` without Secure and HttpOnly.
    #[error("__Http- and __Host-Http- prefixes require Secure and HttpOnly (Chromium)")]
    HttpPrefix,
    /// §5.7 step 22: a nameless cookie whose value starts like a prefixed name.
    #[error(
        "nameless cookie whose value starts with __Secure- or __Host- (RFC 6265bis 5.7 step 22)"
    )]
    NamelessPrefix,
    /// §5.7 step 23.2: the script API may not overwrite an HttpOnly cookie.
    #[error("would overwrite an HttpOnly cookie through the script API (RFC 6265bis 5.7 step 23)")]
    OverwritesHttpOnly,
    /// CHIPS: a Partitioned cookie must be Secure.
    #[error("Partitioned cookie without Secure")]
    PartitionedWithoutSecure,
}

impl Rejection {
    /// A stable kebab-case code for reports, e.g. `secure-from-insecure-origin`.
    pub fn code(&self) -> &'static str {
        match self {
            Rejection::Parse(SetCookieError::ControlCharacter) => "control-character",
            Rejection::Parse(SetCookieError::NotUtf8) => "not-utf8",
            Rejection::Parse(SetCookieError::TooLarge) => "too-large",
            Rejection::Parse(SetCookieError::Empty) => "empty",
            Rejection::Parse(SetCookieError::Htab) => "htab",
            Rejection::Parse(SetCookieError::NamelessWithEquals) => "nameless-with-equals",
            Rejection::Parse(SetCookieError::DotDomain) => "dot-domain",
            Rejection::NoHost => "no-host",
            Rejection::NonAsciiDomain => "non-ascii-domain",
            Rejection::PublicSuffixDomain => "public-suffix-domain",
            Rejection::DomainMismatch => "domain-mismatch",
            Rejection::SecureFromInsecureOrigin => "secure-from-insecure-origin",
            Rejection::HttpOnlyFromScript => "httponly-from-script",
            Rejection::ShadowsSecureCookie => "shadows-secure-cookie",
            Rejection::CrossSiteSameSite => "cross-site-samesite",
            Rejection::SameSiteNoneWithoutSecure => "samesite-none-without-secure",
            Rejection::SecurePrefix => "secure-prefix",
            Rejection::HostPrefix => "host-prefix",
            Rejection::HttpPrefix => "http-prefix",
            Rejection::NamelessPrefix => "nameless-prefix",
            Rejection::OverwritesHttpOnly => "overwrites-httponly",
            Rejection::PartitionedWithoutSecure => "partitioned-without-secure",
        }
    }
}

/// A cookie in the store (§5.7 step 5's fields).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredCookie {
    /// Cookie name (may be empty).
    pub name: String,
    /// Cookie value.
    pub value: String,
    /// The request host (host-only) or the Domain attribute.
    pub domain: String,
    /// The path the cookie is scoped to.
    pub path: String,
    /// `Session` or the Unix second it expires at.
    pub expiry: Expiry,
    /// When first created; kept when the cookie is replaced (§5.7 step 23.3).
    pub creation_time: UnixTime,
    /// When last sent or shown.
    pub last_access_time: UnixTime,
    /// Sent only to exactly `domain`, not to its subdomains.
    pub host_only: bool,
    /// Sent only over secure connections.
    pub secure: bool,
    /// Hidden from the script API.
    pub http_only: bool,
    /// The SameSite enforcement.
    pub same_site: SameSite,
    /// The top-level site that partitions it (CHIPS), if `Partitioned`.
    pub partition: Option<Site>,
    /// Insertion order, to break creation-time ties deterministically.
    creation_seq: u64,
}

impl StoredCookie {
    fn is_expired(&self, now: UnixTime) -> bool {
        matches!(self.expiry, Expiry::At(t) if t <= now)
    }

    /// The `name=value` form sent in a `Cookie` header (a nameless cookie is its value alone).
    pub fn pair(&self) -> String {
        if self.name.is_empty() {
            self.value.clone()
        } else {
            format!("{}={}", self.name, self.value)
        }
    }

    /// §5.8.3 step 1 without the SameSite and partition rules: whether a request to `host` and
    /// `path`, over a secure channel or not, through `api`, at `now` would carry this cookie.
    fn matches_request(
        &self,
        host: &str,
        path: &str,
        secure: bool,
        api: Api,
        now: UnixTime,
    ) -> bool {
        let domain_ok = if self.host_only {
            self.domain == host
        } else {
            domain_matches(host, &self.domain)
        };
        domain_ok
            && !self.is_expired(now)
            && path_matches(path, &self.path)
            && (!self.secure || secure)
            && !(self.http_only && api == Api::Script)
    }

    /// Its place in a `Cookie` header: longer paths first, then earlier creation (§5.8.3 step 2).
    fn header_order(&self) -> HeaderOrder {
        (
            std::cmp::Reverse(self.path.len()),
            self.creation_time,
            self.creation_seq,
        )
    }

    fn same_identity(&self, other: &StoredCookie) -> bool {
        self.name == other.name
            && self.domain == other.domain
            && self.host_only == other.host_only
            && self.path == other.path
            && self.partition == other.partition
    }
}

/// The §5.8.3 sort key: longer paths first, then earlier creation, then insertion order.
type HeaderOrder = (std::cmp::Reverse<usize>, UnixTime, u64);

/// Which API is asking: HTTP headers or the script API (`document.cookie`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Api {
    Http,
    Script,
}

/// A browser's cookie jar: what a user agent stores from `Set-Cookie` and sends in `Cookie`
/// (not a server-side jar such as the `cookie` crate's `CookieJar`, which tracks the cookies a
/// server means to set). Its behaviour is a [`JarConfig`], e.g. a [`BrowserProfile`].
#[derive(Debug, Clone, Default)]
pub struct BrowserJar {
    config: JarConfig,
    by_domain: BTreeMap<String, Vec<StoredCookie>>,
    len: usize,
    next_seq: u64,
}

impl BrowserJar {
    /// An empty jar under the RFC profile ([`JarConfig::rfc`]).
    pub fn new() -> Self {
        Self::default()
    }

    /// An empty jar with the given configuration.
    pub fn with_config(config: JarConfig) -> Self {
        BrowserJar {
            config,
            ..Self::default()
        }
    }

    /// The configuration.
    pub fn config(&self) -> &JarConfig {
        &self.config
    }

    /// The number of cookies stored (expired ones not yet evicted included).
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether the jar is empty.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Every stored cookie, by domain then insertion order.
    pub fn iter(&self) -> impl Iterator<Item = &StoredCookie> {
        self.by_domain.values().flatten()
    }

    /// The cookie named `name` that a same-site request to `url` at `now` would carry (the
    /// first in `Cookie` header order when several do, e.g. one per path), or `None`. A lookup:
    /// unlike a request it leaves last-access times alone.
    pub fn get(&self, url: &Url, name: &str, now: UnixTime) -> Option<&StoredCookie> {
        let host = url.host_str()?;
        let secure = is_secure_url(url, self.config.trust_loopback);
        let top_level = std::cell::OnceCell::new();
        candidate_domains(host)
            .filter_map(|d| self.by_domain.get(d))
            .flatten()
            .filter(|c| {
                c.name == name
                    && c.matches_request(host, url.path(), secure, Api::Http, now)
                    && (c.partition.is_none()
                        || c.partition == *top_level.get_or_init(|| Site::of(url)))
            })
            .min_by_key(|c| c.header_order())
    }

    /// Every stored cookie named `name`, whatever its domain and path, by domain then
    /// insertion order (expired ones not yet evicted included).
    pub fn get_all<'j>(&'j self, name: &'j str) -> impl Iterator<Item = &'j StoredCookie> + 'j {
        self.iter().filter(move |c| c.name == name)
    }

    /// Stores the cookie of a `Set-Cookie` header received in the response to a request to
    /// `url` made in context `ctx`, at `now` (§5.7).
    pub fn set_from_response(
        &mut self,
        url: &Url,
        ctx: &RequestContext,
        header: &str,
        now: UnixTime,
    ) -> Result<(), Rejection> {
        let parsed = SetCookie::parse_with(header, self.config.parse).map_err(Rejection::Parse)?;
        self.store(parsed, url, ctx, Api::Http, now)
    }

    /// A script on `page` assigns `document.cookie = cookie_string` at `now` (§5.7 with the
    /// "non-HTTP" API).
    pub fn set_from_script(
        &mut self,
        page: &Url,
        cookie_string: &str,
        now: UnixTime,
    ) -> Result<(), Rejection> {
        let parsed =
            SetCookie::parse_with(cookie_string, self.config.parse).map_err(Rejection::Parse)?;
        self.store(parsed, page, &RequestContext::typed(), Api::Script, now)
    }

    /// The §5.7 storage model, steps 5-24 (steps 1-4 are the parser's).
    fn store(
        &mut self,
        c: SetCookie<'_>,
        url: &Url,
        ctx: &RequestContext,
        api: Api,
        now: UnixTime,
    ) -> Result<(), Rejection> {
        let host = url.host_str().ok_or(Rejection::NoHost)?;
        // Step 7: the last Domain attribute (the parser keeps only the last); an empty one,
        // like none, makes the cookie host-only.
        let idn;
        let mut domain_attr = c.domain.as_deref().unwrap_or("");
        // Step 8: only ASCII domains (a Chromium-like profile converts an IDN to punycode).
        if !domain_attr.is_ascii() {
            idn = match self.config.idn_domains {
                true => idn_to_ascii(domain_attr).ok_or(Rejection::NonAsciiDomain)?,
                false => return Err(Rejection::NonAsciiDomain),
            };
            domain_attr = &idn;
        }
        // Step 9: a public-suffix Domain is allowed only when it is the host itself.
        if self.config.reject_public_suffixes
            && !domain_attr.is_empty()
            && is_public_suffix(domain_attr)
        {
            if domain_attr == host {
                domain_attr = "";
            } else {
                return Err(Rejection::PublicSuffixDomain);
            }
        }
        // Step 10: the host must be within the Domain attribute.
        if self.config.ip_domain_host_only && domain_attr == host && is_ip_host(host) {
            domain_attr = "";
        }
        let host_only = domain_attr.is_empty();
        if !host_only && !domain_matches(host, domain_attr) {
            return Err(Rejection::DomainMismatch);
        }
        let secure_origin = is_secure_url(url, self.config.trust_loopback);
        // Step 11: Path, or the default-path for an absent, empty or relative one.
        let path = c.effective_path(url.path()).into_owned();
        // Step 6: Max-Age beats Expires; 400-day cap.
        let expiry = c.expiry_at(now);
        let mut cookie = StoredCookie {
            name: c.name.into_owned(),
            value: c.value.into_owned(),
            domain: if host_only {
                host.to_owned()
            } else {
                domain_attr.to_owned()
            },
            path,
            expiry,
            creation_time: now,
            last_access_time: now,
            host_only,
            secure: c.secure,       // Step 12.
            http_only: c.http_only, // Step 14.
            same_site: c.same_site, // Step 17.
            partition: None,
            creation_seq: self.next_seq,
        };
        // Step 13: Secure cookies only from secure origins.
        if cookie.secure && !secure_origin {
            return Err(Rejection::SecureFromInsecureOrigin);
        }
        // Step 15: no HttpOnly through the script API.
        if cookie.http_only && api == Api::Script {
            return Err(Rejection::HttpOnlyFromScript);
        }
        // Step 16: leave secure cookies alone.
        if !cookie.secure && !secure_origin && self.shadows_secure_cookie(&cookie) {
            return Err(Rejection::ShadowsSecureCookie);
        }
        // Step 18: SameSite cookies only from same-site requests or top-level navigations.
        // (The script API is always used from a top-level document here.)
        if cookie.same_site != SameSite::None
            && api == Api::Http
            && !ctx.is_same_site(url)
            && ctx.kind != RequestKind::TopLevelNavigation
        {
            return Err(Rejection::CrossSiteSameSite);
        }
        // Step 19: SameSite=None requires Secure.
        if cookie.same_site == SameSite::None && !cookie.secure {
            return Err(Rejection::SameSiteNoneWithoutSecure);
        }
        // Steps 20 and 21: the name prefixes, matched case-insensitively.
        if starts_with_ignore_case(&cookie.name, "__Secure-") && !cookie.secure {
            return Err(Rejection::SecurePrefix);
        }
        let host_path = match self.config.host_prefix_needs_literal_path {
            true => c.path.as_deref() == Some("/"),
            false => c.path.is_some() && cookie.path == "/",
        };
        if starts_with_ignore_case(&cookie.name, "__Host-")
            && !(cookie.secure && cookie.host_only && host_path)
        {
            return Err(Rejection::HostPrefix);
        }
        // The HttpOnly prefixes (a Chromium-profile switch; not in draft 22).
        if self.config.http_prefixes
            && (starts_with_ignore_case(&cookie.name, "__Http-")
                || starts_with_ignore_case(&cookie.name, "__Host-Http-"))
            && !(cookie.secure && cookie.http_only)
        {
            return Err(Rejection::HttpPrefix);
        }
        // Step 22: a nameless cookie must not look like a prefixed one on the server.
        if cookie.name.is_empty()
            && (starts_with_ignore_case(&cookie.value, "__Secure-")
                || starts_with_ignore_case(&cookie.value, "__Host-"))
        {
            return Err(Rejection::NamelessPrefix);
        }
        // CHIPS: partitioned cookies are Secure and keyed by the top-level site.
        if c.partitioned {
            if !cookie.secure {
                return Err(Rejection::PartitionedWithoutSecure);
            }
            cookie.partition = ctx.top_level_site(url);
        }
        // Step 23: replace a cookie with the same identity, keeping its creation time.
        let slot = self.by_domain.entry(cookie.domain.clone()).or_default();
        if let Some(i) = slot.iter().position(|old| old.same_identity(&cookie)) {
            if api == Api::Script && slot[i].http_only {
                return Err(Rejection::OverwritesHttpOnly);
            }
            let old = slot.remove(i);
            let keep = match self.config.creation_on_replace {
                CreationOnReplace::KeepOld => true,
                CreationOnReplace::KeepIfSameValue => old.value == cookie.value,
            };
            if keep {
                cookie.creation_time = old.creation_time;
                cookie.creation_seq = old.creation_seq;
            }
            self.len -= 1;
        }
        // A cookie that is already expired only deletes (the MUST-evict rule of §5.7).
        if cookie.is_expired(now) {
            if slot.is_empty() {
                self.by_domain.remove(&cookie.domain);
            }
            return Ok(());
        }
        // Step 24: insert, then enforce the limits.
        self.next_seq += 1;
        let domain = cookie.domain.clone();
        slot.push(cookie);
        self.len += 1;
        self.enforce_limits(&domain, now);
        Ok(())
    }

    /// §5.7 step 16's search: a Secure cookie of the same name whose domain domain-matches
    /// the new one's (or vice versa) and whose path the new one's path-matches.
    fn shadows_secure_cookie(&self, new: &StoredCookie) -> bool {
        self.iter().any(|old| {
            old.secure
                && old.name == new.name
                && (domain_matches(&old.domain, &new.domain)
                    || domain_matches(&new.domain, &old.domain))
                && path_matches(&new.path, &old.path)
        })
    }

    /// Evicts expired cookies, then applies the per-domain and total limits (§5.7, "the user
    /// agent SHOULD evict" list): in an over-full domain non-Secure cookies go first, and within
    /// a priority the least recently used goes first.
    fn enforce_limits(&mut self, domain: &str, now: UnixTime) {
        let per_domain = self.config.max_cookies_per_domain;
        if let Some(slot) = self.by_domain.get_mut(domain) {
            if slot.len() > per_domain {
                let before = slot.len();
                slot.retain(|c| !c.is_expired(now));
                while slot.len() > per_domain {
                    let victim = (0..slot.len())
                        .min_by_key(|&i| {
                            (
                                slot[i].secure,
                                slot[i].last_access_time,
                                slot[i].creation_seq,
                            )
                        })
                        .expect("slot is not empty");
                    slot.remove(victim);
                }
                self.len -= before - slot.len();
            }
        }
        if self.len > self.config.max_cookies {
            self.remove_expired(now);
            while self.len > self.config.max_cookies {
                let (d, i) = self
                    .by_domain
                    .iter()
                    .flat_map(|(d, v)| v.iter().enumerate().map(move |(i, c)| (d, i, c)))
                    .min_by_key(|(_, _, c)| (c.last_access_time, c.creation_seq))
                    .map(|(d, i, _)| (d.clone(), i))
                    .expect("jar is not empty");
                self.remove_at(&d, i);
            }
        }
    }

    fn remove_at(&mut self, domain: &str, i: usize) {
        if let Some(slot) = self.by_domain.get_mut(domain) {
            slot.remove(i);
            self.len -= 1;
            if slot.is_empty() {
                self.by_domain.remove(domain);
            }
        }
    }

    /// Removes every cookie that has expired by `now`.
    pub fn remove_expired(&mut self, now: UnixTime) {
        let mut removed = 0;
        self.by_domain.retain(|_, slot| {
            let before = slot.len();
            slot.retain(|c| !c.is_expired(now));
            removed += before - slot.len();
            !slot.is_empty()
        });
        self.len -= removed;
    }

    /// Ends the browsing session: session cookies are dropped, persistent ones stay.
    pub fn end_session(&mut self) {
        let mut removed = 0;
        self.by_domain.retain(|_, slot| {
            let before = slot.len();
            slot.retain(|c| c.expiry != Expiry::Session);
            removed += before - slot.len();
            !slot.is_empty()
        });
        self.len -= removed;
    }

    /// The §5.8.3 retrieval algorithm: the cookies to send with a request to `url` in context
    /// `ctx` at `now`, in `Cookie` header order (longer paths first, then earlier creation).
    /// Updates their last-access time.
    pub fn cookies_for_request(
        &mut self,
        url: &Url,
        ctx: &RequestContext,
        now: UnixTime,
    ) -> Vec<&StoredCookie> {
        self.retrieve(url, ctx, Api::Http, now)
    }

    /// The `Cookie` header value for a request, or `None` when no cookie would be sent.
    pub fn cookie_header(
        &mut self,
        url: &Url,
        ctx: &RequestContext,
        now: UnixTime,
    ) -> Option<String> {
        // The picked cookies go straight into the header: no list of references in between.
        let picked = self.pick(url, ctx, Api::Http, now);
        if picked.is_empty() {
            return None;
        }
        // Room for two session-sized cookies: one allocation for most requests.
        let mut out = String::with_capacity(128);
        for (n, &(_, d, i)) in picked.iter().enumerate() {
            push_pair(&mut out, n > 0, &self.by_domain[d][i]);
        }
        Some(out)
    }

    /// What a script on `page` reads from `document.cookie` at `now`: the non-HttpOnly cookies
    /// for the page's URL, in header order (an empty string when there are none).
    pub fn script_cookies(&mut self, page: &Url, now: UnixTime) -> String {
        join_pairs(&self.script_visible_cookies(page, now))
    }

    /// The cookies behind [`BrowserJar::script_cookies`].
    pub fn script_visible_cookies(&mut self, page: &Url, now: UnixTime) -> Vec<&StoredCookie> {
        self.retrieve(page, &RequestContext::typed(), Api::Script, now)
    }

    fn retrieve(
        &mut self,
        url: &Url,
        ctx: &RequestContext,
        api: Api,
        now: UnixTime,
    ) -> Vec<&StoredCookie> {
        let picked = self.pick(url, ctx, api, now);
        picked
            .iter()
            .map(|&(_, d, i)| &self.by_domain[d][i])
            .collect()
    }

    /// The §5.8.3 retrieval: the cookies to send, in header order, as (order, domain key,
    /// index) with the domain a slice of the URL's host; their last-access times updated.
    fn pick<'u>(
        &mut self,
        url: &'u Url,
        ctx: &RequestContext,
        api: Api,
        now: UnixTime,
    ) -> Vec<(HeaderOrder, &'u str, usize)> {
        let Some(host) = url.host_str() else {
            return Vec::new();
        };
        let secure = is_secure_url(url, self.config.trust_loopback);
        let same_site = ctx.is_same_site(url);
        // Computed only if a partitioned cookie is in play (it needs the public suffix list).
        let top_level = std::cell::OnceCell::new();
        let config = &self.config;
        let path = url.path();
        // (sort key, domain, index): the domain is a slice of the URL's host, so no allocation.
        let mut picked: Vec<(HeaderOrder, &str, usize)> = Vec::new();
        for d in candidate_domains(host) {
            let Some(slot) = self.by_domain.get_mut(d) else {
                continue;
            };
            for (i, c) in slot.iter_mut().enumerate() {
                let include = c.matches_request(host, path, secure, api, now)
                    && (c.partition.is_none()
                        || c.partition == *top_level.get_or_init(|| ctx.top_level_site(url)))
                    && (same_site || samesite_allows_cross_site(c, ctx, api, config, now));
                if include {
                    picked.push((c.header_order(), d, i));
                    // Update the last-access time (§5.8.3 step 3).
                    c.last_access_time = now;
                }
            }
        }
        picked.sort_unstable_by_key(|p| p.0);
        picked
    }
}

/// The host and each parent domain (no parents for IP addresses): the only domain keys a
/// request to `host` can find cookies under.
fn candidate_domains(host: &str) -> impl Iterator<Item = &str> {
    let parents = (!is_ip_host(host)).then(|| host.match_indices('.').map(|(i, _)| &host[i + 1..]));
    std::iter::once(host).chain(parents.into_iter().flatten())
}

/// §5.8.3: a cross-site request gets a non-`None` cookie only over HTTP, on a top-level
/// navigation, with a safe method (or, for a young cookie without SameSite, any method:
/// Lax-allowing-unsafe), and never a `Strict` one.
fn samesite_allows_cross_site(
    c: &StoredCookie,
    ctx: &RequestContext,
    api: Api,
    config: &JarConfig,
    now: UnixTime,
) -> bool {
    let lax = match c.same_site {
        SameSite::None => return true,
        SameSite::Strict => return false,
        SameSite::Default if !config.lax_by_default => return true,
        SameSite::Default | SameSite::Lax => true,
    };
    let young_default = c.same_site == SameSite::Default
        && config
            .lax_allowing_unsafe_secs
            .is_some_and(|w| now.micros_since(c.creation_time) <= w.saturating_mul(1_000_000));
    lax && api == Api::Http
        && ctx.kind == RequestKind::TopLevelNavigation
        && (ctx.is_safe_method() || young_default)
}

/// A UTF-8 domain in its ASCII form (UTS #46, as the URL parser does for hosts), or `None`
/// when it is not a valid domain name.
fn idn_to_ascii(domain: &str) -> Option<String> {
    match url::Host::parse(domain).ok()? {
        url::Host::Domain(d) => Some(d),
        _ => None,
    }
}

fn starts_with_ignore_case(s: &str, prefix: &str) -> bool {
    s.len() >= prefix.len() && s.as_bytes()[..prefix.len()].eq_ignore_ascii_case(prefix.as_bytes())
}

/// §5.8.3 step 4: `name=value` pairs joined by `"; "`.
fn join_pairs(cookies: &[&StoredCookie]) -> String {
    let len: usize = cookies
        .iter()
        .map(|c| c.name.len() + c.value.len() + 3)
        .sum();
    let mut out = String::with_capacity(len);
    for (n, c) in cookies.iter().enumerate() {
        push_pair(&mut out, n > 0, c);
    }
    out
}

/// Appends `name=value` (or a nameless cookie's bare value), after "; " when `separate`.
fn push_pair(out: &mut String, separate: bool, c: &StoredCookie) {
    if separate {
        out.push_str("; ");
    }
    if !c.name.is_empty() {
        out.push_str(&c.name);
        out.push('=');
    }
    out.push_str(&c.value);
}
