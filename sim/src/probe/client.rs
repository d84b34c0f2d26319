//! The probe's HTTP side: the vetted loopback address, the request and time budget, browsers
//! that keep their cookies in the core cookie jar, and the record of every exchange.
//!
//! Nothing here follows a redirect: `Location` is recorded (and searched for ids by the
//! `id-in-url` check). Every request goes to the one address vetted by [`Target::connect`],
//! with the configured host in the `Host` header, so no name is looked up after that.

use std::collections::BTreeSet;
use std::io::{IsTerminal, Read};
use std::net::{IpAddr, SocketAddr, ToSocketAddrs};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use sessionlab_core::cookie::{BrowserJar, RequestContext, RequestKind, SetCookie};
use sessionlab_core::time::UnixTime;
use url::{Host, Url};

use super::ProbeOptions;
use super::config::{BEARER, CsrfMode, LoginFormat, ProbeConfig, User};

/// Response bodies are read up to this many bytes.
const MAX_BODY: u64 = 64 * 1024;

/// Why a check could not finish (its verdict is then "inconclusive").
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProbeError {
    /// The request or time budget is used up.
    #[error("{0}")]
    Budget(String),
    /// A request failed (connection refused, timeout, ...).
    #[error("{what}: {error}")]
    Transport {
        /// The request.
        what: String,
        /// The error.
        error: String,
    },
    /// The application did not behave as the config says (a login that did not log in).
    #[error("{0}")]
    Unexpected(String),
}

/// Why the probe did not start: bad target or target unreachable (exit code 2).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct SetupError(pub String);

/// One request and its response, as sent and received. Raw ids live here only: the report
/// shows [`redact`]ed copies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exchange {
    /// What the probe was doing.
    pub step: String,
    /// The method.
    pub method: String,
    /// The path and query sent.
    pub path: String,
    /// The `Cookie` header sent.
    pub cookie: Option<String>,
    /// The status.
    pub status: u16,
    /// The `Set-Cookie` headers received.
    pub set_cookies: Vec<String>,
    /// The `Location` header received.
    pub location: Option<String>,
    /// The body, up to 64 KiB, lossily decoded.
    pub body: String,
}

/// What a response did to a cookie.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CookieChange {
    /// No `Set-Cookie` for it.
    Untouched,
    /// Set to this value.
    Set(String),
    /// Deleted (empty value, or `Max-Age` of zero or less).
    Deleted,
}

impl Exchange {
    /// What the response did to the cookie `name` (its last `Set-Cookie` for it).
    pub fn cookie_change(&self, name: &str) -> CookieChange {
        self.set_cookies
            .iter()
            .filter_map(|h| SetCookie::parse(h).ok())
            .rfind(|c| c.name == name)
            .map_or(CookieChange::Untouched, |c| {
                if c.value.is_empty() || c.max_age.is_some_and(|a| a <= 0) {
                    CookieChange::Deleted
                } else {
                    CookieChange::Set(c.value.into_owned())
                }
            })
    }

    /// The `Set-Cookie` header for `name`, if the response has one.
    pub fn set_cookie_header(&self, name: &str) -> Option<&str> {
        self.set_cookies
            .iter()
            .rfind(|h| SetCookie::parse(h).is_ok_and(|c| c.name == name))
            .map(String::as_str)
    }
}

/// Whether a page was served as a logged-in user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoggedIn {
    /// Not logged in.
    No,
    /// Logged in as this user.
    As(String),
    /// Logged in (the config's markers do not name the user).
    Someone,
}

impl LoggedIn {
    /// Whether logged in at all.
    pub fn yes(&self) -> bool {
        *self != LoggedIn::No
    }
}

impl std::fmt::Display for LoggedIn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LoggedIn::No => f.write_str("not logged in"),
            LoggedIn::As(u) => write!(f, "logged in as {u}"),
            LoggedIn::Someone => f.write_str("logged in"),
        }
    }
}

/// A request to send.
#[derive(Debug, Clone)]
pub struct Req {
    step: String,
    method: String,
    path: String,
    cookie: Option<String>,
    body: Option<(&'static str, Vec<u8>)>,
    headers: Vec<(String, String)>,
}

impl Req {
    /// `METHOD path` without a body or cookie.
    pub fn new(step: impl Into<String>, method: &str, path: &str) -> Req {
        Req {
            step: step.into(),
            method: method.to_ascii_uppercase(),
            path: path.to_owned(),
            cookie: None,
            body: None,
            headers: Vec::new(),
        }
    }

    /// With this header too.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Req {
        self.headers.push((name.into(), value.into()));
        self
    }

    fn has_header(&self, name: &str) -> bool {
        self.headers
            .iter()
            .any(|(n, _)| n.eq_ignore_ascii_case(name))
    }

    /// With this `Cookie` header.
    pub fn cookie(mut self, cookie: impl Into<String>) -> Req {
        self.cookie = Some(cookie.into());
        self
    }

    fn body(mut self, content_type: &'static str, body: Vec<u8>) -> Req {
        self.body = Some((content_type, body));
        self
    }
}

struct Budget {
    max_requests: usize,
    used: AtomicUsize,
    deadline: Instant,
    max_time: Duration,
}

/// The application under test, reached at one vetted address.
pub struct Target<'c> {
    /// The target's description.
    pub config: &'c ProbeConfig,
    /// The probe's limits.
    pub options: &'c ProbeOptions,
    agent: ureq::Agent,
    origin: Url,
    connect: SocketAddr,
    host_header: String,
    budget: Budget,
    log: Mutex<Vec<Exchange>>,
    unlisted: AtomicUsize,
    known: Mutex<KnownIds>,
    csrf: std::sync::atomic::AtomicBool,
    redactor: Mutex<Option<(usize, std::sync::Arc<super::redact::Redactor>)>>,
    progress: Option<indicatif::ProgressBar>,
}

/// What fetching a form's page gave: the cookies it set, the form's hidden inputs and the
/// page's meta token (see [`super::csrf`]).
#[derive(Debug, Clone, Default)]
pub struct FormPage {
    /// The page's URL (the `Referer` of the submission).
    pub url: String,
    /// The hidden inputs of the form, less the credential fields.
    pub hidden: Vec<(String, String)>,
    /// A token from a meta tag, and the header it goes in.
    pub meta: Option<(String, String)>,
}

/// Every cookie value the probe has sent or received (for redaction), and every response
/// that carried a cookie value of its own request or response in `Location` or the body.
#[derive(Default)]
struct KnownIds {
    values: BTreeSet<String>,
    leaks: Vec<Leak>,
}

/// A cookie's value seen where it does not belong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Leak {
    /// The cookie's name.
    pub cookie: String,
    /// `Location` or `body`.
    pub place: &'static str,
    /// The exchange.
    pub exchange: Exchange,
}

/// Leaks kept (the first ones).
const MAX_LEAKS: usize = 16;

/// The HTTP client's settings: a fresh connection for every request, as an attacker's separate
/// clients would use (no pooled connection the server may have closed in the meantime), no
/// redirects followed, no proxy, every status an answer.
pub fn agent_config(timeout: Duration) -> ureq::config::Config {
    agent_config_tls(timeout, ureq::tls::TlsConfig::default())
}

/// [`agent_config`] with these TLS settings.
pub fn agent_config_tls(timeout: Duration, tls: ureq::tls::TlsConfig) -> ureq::config::Config {
    ureq::Agent::config_builder()
        .tls_config(tls)
        .max_idle_connections(0)
        .max_idle_connections_per_host(0)
        .max_redirects(0)
        .http_status_as_error(false)
        .proxy(None)
        .timeout_global(Some(timeout))
        .user_agent("sessionlab-probe")
        .build()
}

/// The TLS settings for an `https://` target: the certificates of `ca_file` (PEM) as the only
/// roots when it is given; otherwise, for a loopback address, any certificate (a test
/// instance's self-signed one: nothing leaves the machine, so there is no one in the middle to
/// stop); otherwise the usual web roots.
pub fn tls_for(
    vetted: &Vetted,
    ca_file: Option<&std::path::Path>,
) -> Result<ureq::tls::TlsConfig, SetupError> {
    let builder = ureq::tls::TlsConfig::builder();
    if let Some(path) = ca_file {
        let pem = std::fs::read(path)
            .map_err(|e| SetupError(format!("tls_ca_file: cannot read {}: {e}", path.display())))?;
        let certs: Vec<ureq::tls::Certificate<'static>> = ureq::tls::parse_pem(&pem)
            .filter_map(|item| match item {
                Ok(ureq::tls::PemItem::Certificate(c)) => Some(c),
                _ => None,
            })
            .collect();
        if certs.is_empty() {
            return Err(SetupError(format!(
                "tls_ca_file: {} holds no PEM certificate",
                path.display()
            )));
        }
        return Ok(builder
            .root_certs(ureq::tls::RootCerts::new_with_certs(&certs))
            .build());
    }
    Ok(builder
        .disable_verification(vetted.connect.ip().is_loopback())
        .build())
}

/// A response body, up to `limit` bytes (the rest is not read).
pub fn read_body(body: &mut ureq::Body, limit: u64) -> std::io::Result<Vec<u8>> {
    let mut raw = Vec::new();
    body.as_reader().take(limit).read_to_end(&mut raw)?;
    Ok(raw)
}

/// A base URL whose host was vetted: the one address every request then goes to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Vetted {
    /// The base URL.
    pub origin: Url,
    /// The address to connect to.
    pub connect: SocketAddr,
    /// The `Host` header to send.
    pub host_header: String,
}

/// Vets a base URL's host: an IP address must be loopback, `localhost` (and `*.localhost`)
/// must resolve to loopback addresses only, and any other name is refused without being
/// looked up; `allow_remote` lifts all three. No packet is sent here.
pub fn vet(base_url: &str, allow_remote: bool) -> Result<Vetted, SetupError> {
    let origin =
        Url::parse(base_url).map_err(|e| SetupError(format!("base_url: not a URL: {e}")))?;
    let port = origin.port_or_known_default().unwrap_or(80);
    let refuse = |what: String| {
        SetupError(format!(
            "base_url: {what}: the probe only talks to loopback (127.0.0.0/8, ::1) unless --allow-remote is given"
        ))
    };
    let addrs: Vec<SocketAddr> = match origin.host() {
        Some(Host::Ipv4(ip)) => vec![SocketAddr::new(IpAddr::V4(ip), port)],
        Some(Host::Ipv6(ip)) => vec![SocketAddr::new(IpAddr::V6(ip), port)],
        Some(Host::Domain(name)) => {
            let local = name.eq_ignore_ascii_case("localhost")
                || name.to_ascii_lowercase().ends_with(".localhost");
            if !local && !allow_remote {
                return Err(refuse(format!(
                    "{name} is not a loopback address (refused without looking it up)"
                )));
            }
            (name, port)
                .to_socket_addrs()
                .map_err(|e| SetupError(format!("base_url: cannot resolve {name}: {e}")))?
                .collect()
        }
        None => return Err(SetupError("base_url: no host".into())),
    };
    // IPv4 first: a server on 127.0.0.1 is the common case for `localhost`.
    let Some(first) = addrs
        .iter()
        .find(|a| a.is_ipv4())
        .or(addrs.first())
        .copied()
    else {
        return Err(SetupError("base_url: the host has no address".into()));
    };
    if !allow_remote {
        if let Some(a) = addrs.iter().find(|a| !a.ip().is_loopback()) {
            return Err(refuse(format!("{} is not a loopback address", a.ip())));
        }
    }
    let host_header = match origin.port() {
        Some(p) => format!("{}:{p}", origin.host_str().unwrap_or_default()),
        None => origin.host_str().unwrap_or_default().to_owned(),
    };
    Ok(Vetted {
        origin,
        connect: first,
        host_header,
    })
}

impl<'c> Target<'c> {
    /// Vets the base URL's host: an IP address must be loopback, `localhost` (and
    /// `*.localhost`) must resolve to loopback addresses only, and any other name is refused
    /// without being looked up; `--allow-remote` lifts all three. No packet is sent here.
    pub fn connect(
        config: &'c ProbeConfig,
        options: &'c ProbeOptions,
    ) -> Result<Target<'c>, SetupError> {
        let Vetted {
            origin,
            connect: first,
            host_header,
        } = vet(&config.base_url, options.allow_remote)?;
        let agent_config = if origin.scheme() == "https" {
            let vetted = Vetted {
                origin: origin.clone(),
                connect: first,
                host_header: host_header.clone(),
            };
            agent_config_tls(
                options.timeout,
                tls_for(&vetted, config.tls_ca_file.as_deref())?,
            )
        } else {
            agent_config(options.timeout)
        };
        Ok(Target {
            config,
            options,
            agent: agent_config.into(),
            origin,
            connect: first,
            host_header,
            budget: Budget {
                max_requests: options.max_requests,
                used: AtomicUsize::new(0),
                deadline: Instant::now() + options.max_time,
                max_time: options.max_time,
            },
            log: Mutex::new(Vec::new()),
            unlisted: AtomicUsize::new(0),
            known: Mutex::new(KnownIds::default()),
            csrf: std::sync::atomic::AtomicBool::new(config.csrf.mode == CsrfMode::On),
            redactor: Mutex::new(None),
            progress: (options.progress && std::io::stderr().is_terminal()).then(|| {
                let bar = indicatif::ProgressBar::new_spinner();
                bar.set_style(
                    indicatif::ProgressStyle::with_template("{spinner} {prefix:18} {msg}")
                        .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
                );
                bar.set_prefix("preflight");
                bar
            }),
        })
    }

    /// Whether logins and logouts fetch their forms first (see [`super::csrf`]).
    pub fn csrf(&self) -> bool {
        self.csrf.load(Ordering::SeqCst)
    }

    /// Turns the form fetching on or off (the preflight decides, under `csrf.mode = "auto"`).
    pub fn set_csrf(&self, on: bool) {
        self.csrf.store(on, Ordering::SeqCst);
    }

    /// The page with the login form.
    pub fn login_form_page(&self) -> &str {
        self.config
            .csrf
            .login_form
            .as_deref()
            .unwrap_or(&self.config.login.path)
    }

    /// The page with the logout form.
    pub fn logout_form_page(&self) -> &str {
        self.config
            .csrf
            .logout_form
            .as_deref()
            .unwrap_or(&self.config.protected.path)
    }

    /// Reads a fetched form page: the hidden inputs of the form that submits to `action` (the
    /// credential fields left out) and a meta token.
    pub fn read_form_page(&self, page: &Exchange, action: &str, login: bool) -> FormPage {
        let url = self.url(&page.path);
        let l = &self.config.login;
        let password = login.then_some(l.password_field.as_str());
        let forms = super::csrf::forms(&page.body);
        let hidden = super::csrf::pick(&forms, &url, action, password)
            .map(|f| {
                f.hidden
                    .iter()
                    .filter(|(n, _)| *n != l.username_field && *n != l.password_field)
                    .filter(|(n, _)| !l.extra_fields.contains_key(n))
                    .cloned()
                    .collect()
            })
            .unwrap_or_default();
        FormPage {
            url: url.to_string(),
            hidden,
            meta: super::csrf::meta_token(&page.body),
        }
    }

    /// Whether a fetched login form page shows a CSRF token: a hidden input in the login
    /// form, a meta token, or a CSRF cookie.
    pub fn shows_csrf(&self, page: &Exchange) -> bool {
        let form = self.read_form_page(page, &self.config.login.path, true);
        let cookie = page
            .set_cookies
            .iter()
            .filter_map(|h| SetCookie::parse(h).ok())
            .any(|c| self.echo_header_for(&c.name).is_some());
        !form.hidden.is_empty() || form.meta.is_some() || cookie
    }

    /// The header the cookie `name` is echoed in, if it is the CSRF cookie.
    fn echo_header_for(&self, name: &str) -> Option<String> {
        match (&self.config.csrf.cookie, &self.config.csrf.header) {
            (Some(c), Some(h)) if c == name => Some(h.clone()),
            _ => super::csrf::echo_header(name).map(str::to_owned),
        }
    }

    /// Whether a `Cookie` header carries a CSRF cookie that can be echoed.
    pub fn has_echoable(&self, cookie: Option<&str>) -> bool {
        cookie.is_some_and(|c| {
            sessionlab_core::cookie::parse_cookie_header(c)
                .any(|(n, v)| !v.is_empty() && self.echo_header_for(n).is_some())
        })
    }

    /// The scheme the application is told the request came over.
    fn scheme(&self) -> &str {
        self.config
            .forwarded_proto
            .as_deref()
            .unwrap_or(self.origin.scheme())
    }

    /// The base URL as configured.
    pub fn origin(&self) -> &Url {
        &self.origin
    }

    /// The landing page's path.
    pub fn landing(&self) -> &str {
        self.origin.path()
    }

    /// Requests sent so far.
    pub fn requests(&self) -> usize {
        self.budget.used.load(Ordering::SeqCst)
    }

    /// Requests the budget still allows.
    pub fn requests_left(&self) -> usize {
        self.budget.max_requests.saturating_sub(self.requests())
    }

    /// Time the budget still allows.
    pub fn time_left(&self) -> Duration {
        self.budget
            .deadline
            .saturating_duration_since(Instant::now())
    }

    /// Names the check now running on the progress line.
    pub fn progress_check(&self, name: &str) {
        if let Some(bar) = &self.progress {
            bar.set_prefix(name.to_owned());
        }
    }

    /// Clears the progress line.
    pub fn progress_done(&self) {
        if let Some(bar) = &self.progress {
            bar.finish_and_clear();
        }
    }

    fn take_budget(&self) -> Result<(), ProbeError> {
        if Instant::now() >= self.budget.deadline {
            return Err(ProbeError::Budget(format!(
                "the time budget of {} s is used up (--max-time)",
                self.budget.max_time.as_secs()
            )));
        }
        let used = self.budget.used.fetch_add(1, Ordering::SeqCst);
        if used >= self.budget.max_requests {
            self.budget.used.fetch_sub(1, Ordering::SeqCst);
            return Err(ProbeError::Budget(format!(
                "the request budget of {} is used up (--max-requests)",
                self.budget.max_requests
            )));
        }
        if let Some(bar) = &self.progress {
            bar.set_message(format!(
                "{} requests sent; budget left: {} requests, {} s",
                used + 1,
                self.budget.max_requests - used - 1,
                self.time_left().as_secs()
            ));
            bar.tick();
        }
        Ok(())
    }

    /// Sends `req` and records the exchange as evidence of the current check.
    pub fn send(&self, req: Req) -> Result<Exchange, ProbeError> {
        let ex = self.exchange(req)?;
        self.record(ex.clone());
        Ok(ex)
    }

    /// Sends `req` without recording it (the caller records it, to keep evidence in the order
    /// requests were sent when several are in flight).
    pub fn exchange(&self, req: Req) -> Result<Exchange, ProbeError> {
        self.take_budget()?;
        let what = format!("{} {}", req.method, req.path);
        let transport = |e: String| ProbeError::Transport {
            what: what.clone(),
            error: e,
        };
        // Plain HTTP goes to the vetted address; TLS names the host (its certificate's name),
        // which resolves to the same vetted loopback addresses.
        let uri = if self.origin.scheme() == "https" {
            format!("https://{}{}", self.host_header, req.path)
        } else {
            format!("http://{}{}", self.connect, req.path)
        };
        let mut builder = http::Request::builder()
            .method(req.method.as_str())
            .uri(&uri)
            .header(http::header::HOST, &self.host_header);
        // A bearer token travels in its header, the other pairs as cookies.
        let (wire_cookie, bearer) = match (&self.config.bearer, &req.cookie) {
            (Some(_), Some(c)) => {
                let mut token = None;
                let rest: Vec<String> = sessionlab_core::cookie::parse_cookie_header(c)
                    .filter_map(|(n, v)| {
                        if n == BEARER {
                            token = Some(v.to_owned());
                            None
                        } else {
                            Some(format!("{n}={v}"))
                        }
                    })
                    .collect();
                ((!rest.is_empty()).then(|| rest.join("; ")), token)
            }
            (_, c) => (c.clone(), None),
        };
        if let Some(c) = &wire_cookie {
            builder = builder.header(http::header::COOKIE, c);
        }
        if let (Some(b), Some(token)) = (&self.config.bearer, &bearer) {
            let value = if b.header.eq_ignore_ascii_case("authorization") {
                format!("Bearer {token}")
            } else {
                token.clone()
            };
            builder = builder.header(b.header.as_str(), value);
        }
        if let Some(proto) = &self.config.forwarded_proto {
            builder = builder.header("x-forwarded-proto", proto);
        }
        if req.method != "GET" {
            // A browser sends the origin of the page with every form submission and fetch.
            if !req.has_header("origin") {
                builder = builder.header(
                    http::header::ORIGIN,
                    format!("{}://{}", self.scheme(), self.host_header),
                );
            }
            // The CSRF cookie echoed in its header, as the page's script would.
            if self.config.csrf.mode != CsrfMode::Off {
                if let Some(c) = &req.cookie {
                    for (name, value) in sessionlab_core::cookie::parse_cookie_header(c) {
                        if let Some(h) = self.echo_header_for(name) {
                            if !value.is_empty() && !req.has_header(&h) {
                                builder = builder.header(h.as_str(), value);
                            }
                        }
                    }
                }
            }
        }
        for (name, value) in &req.headers {
            builder = builder.header(name.as_str(), value.as_str());
        }
        let sent = match &req.body {
            Some((content_type, body)) => builder
                .header(http::header::CONTENT_TYPE, *content_type)
                .body(body.clone())
                .map(|r| self.agent.run(r)),
            // `Content-Length: 0` for a bodiless POST: chunked framing with an empty body makes
            // some servers close the connection if the final chunk arrives late.
            None if req.method != "GET" => builder.body(Vec::new()).map(|r| self.agent.run(r)),
            None => builder.body(()).map(|r| self.agent.run(r)),
        };
        let mut response = sent
            .map_err(|e| transport(e.to_string()))?
            .map_err(|e| transport(e.to_string()))?;
        let header_strings = |name: http::header::HeaderName| -> Vec<String> {
            response
                .headers()
                .get_all(name)
                .iter()
                .filter_map(|v| v.to_str().ok())
                .map(str::to_owned)
                .collect()
        };
        let mut set_cookies = header_strings(http::header::SET_COOKIE);
        let location = header_strings(http::header::LOCATION).into_iter().next();
        let status = response.status().as_u16();
        let raw = read_body(response.body_mut(), MAX_BODY).map_err(|e| transport(e.to_string()))?;
        // A token in a JSON body is filed as the pseudo-cookie the browsers keep it under.
        if let Some(b) = &self.config.bearer {
            let token = serde_json::from_slice::<serde_json::Value>(&raw)
                .ok()
                .and_then(|v| {
                    v.pointer(&b.token)
                        .and_then(|t| t.as_str().map(str::to_owned))
                });
            if let Some(token) = token.filter(|t| !t.is_empty()) {
                set_cookies.push(format!("{BEARER}={token}; Path=/"));
            }
        }
        let ex = Exchange {
            step: req.step,
            method: req.method,
            path: req.path,
            cookie: req.cookie,
            status,
            set_cookies,
            location,
            body: String::from_utf8_lossy(&raw).into_owned(),
        };
        self.learn(&ex);
        Ok(ex)
    }

    /// Remembers the cookie values of an exchange and its redirect.
    /// Ids in a redirect or a page come from the same exchange (a rewritten link carries the
    /// id the request sent or the response set), so only those values are searched for.
    fn learn(&self, ex: &Exchange) {
        let mut pairs: Vec<(String, String)> = ex
            .set_cookies
            .iter()
            .filter_map(|h| SetCookie::parse(h).ok())
            .map(|c| (c.name.into_owned(), c.value.into_owned()))
            .collect();
        if let Some(c) = &ex.cookie {
            pairs.extend(
                sessionlab_core::cookie::parse_cookie_header(c)
                    .map(|(n, v)| (n.to_owned(), v.to_owned())),
            );
        }
        let mut known = self.known.lock().unwrap_or_else(|p| p.into_inner());
        // `""` (Django's deletion value) is as empty as an empty value.
        for (name, value) in pairs
            .into_iter()
            .filter(|(_, v)| !v.is_empty() && v != "\"\"")
        {
            // Short values (a counter's) would match by chance.
            if value.len() >= 8 && known.leaks.len() < MAX_LEAKS {
                let places = [
                    ("Location", ex.location.as_deref().unwrap_or("")),
                    ("body", ex.body.as_str()),
                ];
                for (place, text) in places {
                    // A bearer token's body is how the login delivers it.
                    if name == BEARER && place == "body" {
                        continue;
                    }
                    if text.contains(&value) {
                        known.leaks.push(Leak {
                            cookie: name.clone(),
                            place,
                            exchange: ex.clone(),
                        });
                    }
                }
            }
            known.values.insert(value);
        }
    }

    /// Records an exchange as evidence of the current check.
    pub fn record(&self, ex: Exchange) {
        self.log.lock().unwrap_or_else(|p| p.into_inner()).push(ex);
    }

    /// Sends `req` and counts it as evidence without keeping it (the bulk of a token sample).
    pub fn send_unlisted(&self, req: Req) -> Result<Exchange, ProbeError> {
        let ex = self.exchange(req)?;
        self.unlisted.fetch_add(1, Ordering::SeqCst);
        Ok(ex)
    }

    /// The evidence recorded since the last call, and how many more requests were sent
    /// unlisted.
    pub fn take_log(&self) -> (Vec<Exchange>, usize) {
        let log = std::mem::take(&mut *self.log.lock().unwrap_or_else(|p| p.into_inner()));
        (log, self.unlisted.swap(0, Ordering::SeqCst))
    }

    /// Every response so far that carried a value of the cookie `name` (from its own request
    /// or response) in `Location` or its body.
    pub fn leaks(&self, name: &str) -> Vec<Leak> {
        self.known
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .leaks
            .iter()
            .filter(|l| l.cookie == name)
            .cloned()
            .collect()
    }

    /// `s` with every cookie value the probe has seen (in any encoding: percent-encoded,
    /// base64, JSON-escaped, see [`super::redact`]), and any other `name=value` value of 8
    /// characters or more, replaced by `#` and the first 8 hex digits of its SHA-256.
    pub fn redact(&self, s: &str) -> String {
        let known = self.known.lock().unwrap_or_else(|p| p.into_inner());
        let mut cached = self.redactor.lock().unwrap_or_else(|p| p.into_inner());
        if cached
            .as_ref()
            .is_none_or(|(n, _)| *n != known.values.len())
        {
            *cached = Some((
                known.values.len(),
                std::sync::Arc::new(super::redact::Redactor::new(&known.values)),
            ));
        }
        let redactor = cached.as_ref().map(|(_, r)| r.clone());
        drop((known, cached));
        redactor.map_or_else(|| s.to_owned(), |r| r.redact(s))
    }

    /// A `Set-Cookie` header with its value redacted and its attributes as they are.
    pub fn redact_set_cookie(&self, header: &str) -> String {
        match header.split_once(';') {
            Some((pair, attributes)) => format!("{};{attributes}", self.redact(pair)),
            None => self.redact(header),
        }
    }

    /// Whether the page answered logged in, and as whom, by the config's markers.
    pub fn logged_in(&self, ex: &Exchange) -> LoggedIn {
        let p = &self.config.protected;
        if p.logged_in_status.is_some_and(|s| s != ex.status) {
            return LoggedIn::No;
        }
        let Some(marker) = &p.logged_in_body else {
            return LoggedIn::Someone;
        };
        if !marker.contains("{user}") {
            return if ex.body.contains(marker.as_str()) {
                LoggedIn::Someone
            } else {
                LoggedIn::No
            };
        }
        self.config
            .users
            .iter()
            .find(|u| ex.body.contains(&marker.replace("{user}", &u.username)))
            .map_or(LoggedIn::No, |u| LoggedIn::As(u.username.clone()))
    }

    /// The protected page requested with only this `Cookie` header (or none): an attacker's
    /// replay.
    pub fn replay(
        &self,
        step: &str,
        path: &str,
        cookie: Option<&str>,
    ) -> Result<Exchange, ProbeError> {
        let mut req = Req::new(step, "GET", path);
        if let Some(c) = cookie {
            req = req.cookie(c);
        }
        self.send(req)
    }

    /// A login of `user`, not sent, with the login form's hidden inputs and meta token when
    /// its page was fetched.
    pub fn login_req(&self, step: String, user: &User, form: Option<&FormPage>) -> Req {
        let l = &self.config.login;
        let mut fields: Vec<(&str, &str)> = vec![
            (l.username_field.as_str(), user.username.as_str()),
            (l.password_field.as_str(), user.password.as_str()),
        ];
        fields.extend(l.extra_fields.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        if l.format == LoginFormat::Form {
            if let Some(f) = form {
                fields.extend(f.hidden.iter().map(|(k, v)| (k.as_str(), v.as_str())));
            }
        }
        let (content_type, body) = match l.format {
            LoginFormat::Form => {
                let mut s = url::form_urlencoded::Serializer::new(String::new());
                for (k, v) in &fields {
                    s.append_pair(k, v);
                }
                ("application/x-www-form-urlencoded", s.finish().into_bytes())
            }
            LoginFormat::Json => {
                let map: serde_json::Map<String, serde_json::Value> = fields
                    .iter()
                    .map(|(k, v)| ((*k).to_owned(), serde_json::Value::from(*v)))
                    .collect();
                (
                    "application/json",
                    serde_json::Value::Object(map).to_string().into_bytes(),
                )
            }
        };
        let req = Req::new(step, &l.method, &l.path).body(content_type, body);
        with_form_headers(req, form)
    }

    /// A logout, not sent, with the logout form's hidden inputs and meta token when its page
    /// was fetched.
    pub fn logout_form_req(&self, step: &str, form: Option<&FormPage>) -> Req {
        let l = &self.config.logout;
        let mut req = Req::new(step, &l.method, &l.path);
        if let Some(f) = form.filter(|f| !f.hidden.is_empty()) {
            let mut s = url::form_urlencoded::Serializer::new(String::new());
            for (k, v) in &f.hidden {
                s.append_pair(k, v);
            }
            req = req.body("application/x-www-form-urlencoded", s.finish().into_bytes());
        }
        with_form_headers(req, form)
    }

    /// Fetches a form's page with this `Cookie` header (or none), outside any browser:
    /// returns what the page gave and the `Cookie` header a browser would then send.
    fn fetch_form(
        &self,
        step: &str,
        page: &str,
        action: &str,
        login: bool,
        cookie: Option<&str>,
        send: &dyn Fn(Req) -> Result<Exchange, ProbeError>,
    ) -> Result<(FormPage, Option<String>), ProbeError> {
        let mut req = Req::new(step, "GET", page);
        if let Some(c) = cookie {
            req = req.cookie(c);
        }
        let ex = send(req)?;
        let form = self.read_form_page(&ex, action, login);
        Ok((form, merge_cookies(cookie, &ex)))
    }

    /// A login of `user` outside any browser, with this `Cookie` header (or none): when CSRF
    /// tokens are on, the login form's page is fetched first with it (through `send`, which
    /// records it or not) and the login carries what a browser would. Returns the login and
    /// the `Cookie` header a browser would hold after it.
    pub fn login_fresh(
        &self,
        step: &str,
        user: &User,
        cookie: Option<&str>,
        send: &dyn Fn(Req) -> Result<Exchange, ProbeError>,
    ) -> Result<(Exchange, Option<String>), ProbeError> {
        let (form, cookie) = if self.csrf() {
            let (form, cookie) = self.fetch_form(
                &format!("{step}: fetch the login form"),
                self.login_form_page(),
                &self.config.login.path,
                true,
                cookie,
                send,
            )?;
            (Some(form), cookie)
        } else {
            (None, cookie.map(str::to_owned))
        };
        let mut req = self.login_req(step.to_owned(), user, form.as_ref());
        if let Some(c) = &cookie {
            req = req.cookie(c.clone());
        }
        let ex = send(req)?;
        let after = merge_cookies(cookie.as_deref(), &ex);
        Ok((ex, after))
    }

    /// A logout with this `Cookie` header, outside any browser, not sent: when CSRF tokens are
    /// on and the header carries no CSRF cookie to echo (or `csrf.logout_form` is set), the
    /// logout form's page is fetched first with it (through `send`).
    pub fn logout_req(
        &self,
        step: &str,
        cookie: &str,
        send: &dyn Fn(Req) -> Result<Exchange, ProbeError>,
    ) -> Result<Req, ProbeError> {
        let fetch = self.csrf()
            && (self.config.csrf.logout_form.is_some() || !self.has_echoable(Some(cookie)));
        if !fetch {
            return Ok(self.logout_form_req(step, None).cookie(cookie));
        }
        let (form, cookie) = self.fetch_form(
            &format!("{step}: fetch the logout form"),
            self.logout_form_page(),
            &self.config.logout.path,
            false,
            Some(cookie),
            send,
        )?;
        let req = self.logout_form_req(step, Some(&form));
        Ok(match cookie {
            Some(c) => req.cookie(c),
            None => req,
        })
    }

    fn url(&self, path: &str) -> Url {
        self.origin
            .join(path)
            .unwrap_or_else(|_| self.origin.clone())
    }
}

/// The current Unix time in seconds, for the cookie jar (the probe talks to a real server in
/// real time).
/// The wall clock (the probe talks to real servers in real time).
fn now() -> UnixTime {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(UnixTime::EPOCH, |d| {
            UnixTime::from_micros(i64::try_from(d.as_micros()).unwrap_or(i64::MAX))
        })
}

/// A browser: the core cookie jar (loopback is a secure origin there) in front of the target.
pub struct Browser<'t, 'c> {
    target: &'t Target<'c>,
    jar: BrowserJar,
}

impl<'t, 'c> Browser<'t, 'c> {
    /// A browser with an empty jar.
    pub fn new(target: &'t Target<'c>) -> Self {
        Browser {
            target,
            jar: BrowserJar::new(),
        }
    }

    fn context(&self, method: &str) -> RequestContext {
        if method == "GET" {
            RequestContext::typed()
        } else {
            // A form on the site itself.
            RequestContext::from_page(
                self.target.origin.clone(),
                RequestKind::TopLevelNavigation,
                method,
            )
        }
    }

    /// Sends `req` with the jar's cookies for its URL, and stores what the response sets.
    pub fn send(&mut self, req: Req) -> Result<Exchange, ProbeError> {
        let url = self.target.url(&req.path);
        let ctx = self.context(&req.method);
        let req = match self.jar.cookie_header(&url, &ctx, now()) {
            Some(c) => req.cookie(c),
            None => req,
        };
        let ex = self.target.send(req)?;
        for h in &ex.set_cookies {
            // A cookie the jar refuses is what a browser would refuse too.
            let _ = self.jar.set_from_response(&url, &ctx, h, now());
        }
        Ok(ex)
    }

    /// `GET path`.
    pub fn get(&mut self, step: &str, path: &str) -> Result<Exchange, ProbeError> {
        self.send(Req::new(step, "GET", path))
    }

    /// Logs `user` in, the way the config says (fetching the login form first when CSRF
    /// tokens are on).
    pub fn login(&mut self, step: &str, user: &User) -> Result<Exchange, ProbeError> {
        let t = self.target;
        let form = if t.csrf() {
            let page = self.get(
                &format!("{step}: fetch the login form"),
                t.login_form_page(),
            )?;
            Some(t.read_form_page(&page, &t.config.login.path, true))
        } else {
            None
        };
        let req = t.login_req(step.to_owned(), user, form.as_ref());
        self.send(req)
    }

    /// Logs out, the way the config says (fetching the logout form first when CSRF tokens are
    /// on and the jar holds no CSRF cookie to echo).
    pub fn logout(&mut self, step: &str) -> Result<Exchange, ProbeError> {
        let t = self.target;
        let echoable = self
            .cookies()
            .iter()
            .any(|(n, v)| !v.is_empty() && t.has_echoable(Some(&format!("{n}={v}"))));
        let form = if t.csrf() && (t.config.csrf.logout_form.is_some() || !echoable) {
            let page = self.get(
                &format!("{step}: fetch the logout form"),
                t.logout_form_page(),
            )?;
            Some(t.read_form_page(&page, &t.config.logout.path, false))
        } else {
            None
        };
        let req = t.logout_form_req(step, form.as_ref());
        let ex = self.send(req)?;
        if t.config.bearer.is_some() {
            // The client forgets its token at logout, as an application's script does.
            let url = t.url("/");
            let _ = self.jar.set_from_response(
                &url,
                &RequestContext::typed(),
                &format!("{BEARER}=; Path=/; Max-Age=0"),
                now(),
            );
        }
        Ok(ex)
    }

    /// [`Browser::logout`], where the logout must have been accepted for what follows to mean
    /// anything (see [`refused_logout`]).
    pub fn logout_checked(&mut self, step: &str) -> Result<Exchange, ProbeError> {
        let ex = self.logout(step)?;
        refused_logout(&ex)?;
        Ok(ex)
    }

    /// The protected page, and whether it was served logged in.
    pub fn protected(&mut self, step: &str) -> Result<(Exchange, LoggedIn), ProbeError> {
        let ex = self.get(step, &self.target.config.protected.path.clone())?;
        let who = self.target.logged_in(&ex);
        Ok((ex, who))
    }

    /// The value of the cookie `name` the jar would send to the landing page.
    pub fn cookie(&self, name: &str) -> Option<String> {
        self.jar
            .iter()
            .find(|c| c.name == name && !c.value.is_empty())
            .map(|c| c.value.clone())
    }

    /// Every cookie in the jar, by name.
    pub fn cookies(&self) -> Vec<(String, String)> {
        self.jar
            .iter()
            .map(|c| (c.name.clone(), c.value.clone()))
            .collect()
    }

    /// Plants a cookie as an attacker would (a link, a sibling domain, a plain-HTTP response):
    /// `name=value` for the whole site.
    pub fn plant(&mut self, name: &str, value: &str) {
        let url = self.target.url("/");
        let header = format!("{name}={value}; Path=/; Secure");
        let _ = self
            .jar
            .set_from_response(&url, &RequestContext::typed(), &header, now());
    }
}

/// A logout refused as CSRF protection refuses (403, 419): the session was not ended, so
/// what follows proves nothing; the check is inconclusive with what to set.
pub fn refused_logout(ex: &Exchange) -> Result<(), ProbeError> {
    if matches!(ex.status, 403 | 419) {
        return Err(ProbeError::Unexpected(format!(
            "the logout ({} {}) answered {}, most likely CSRF protection: set csrf.logout_form to a page with the logout form (or csrf.cookie and csrf.header)",
            ex.method, ex.path, ex.status
        )));
    }
    Ok(())
}

/// `Referer` of the form's page and its meta token's header.
fn with_form_headers(mut req: Req, form: Option<&FormPage>) -> Req {
    if let Some(f) = form {
        req = req.header("referer", f.url.clone());
        if let Some((h, t)) = &f.meta {
            req = req.header(h.clone(), t.clone());
        }
    }
    req
}

/// The `Cookie` header a browser would send after `ex`, from the one it sent (`cookie`) and
/// the response's `Set-Cookie`s: a set value replaces the sent one, a deletion removes it.
pub fn merge_cookies(cookie: Option<&str>, ex: &Exchange) -> Option<String> {
    let mut pairs: Vec<(String, String)> = cookie
        .map(|c| {
            sessionlab_core::cookie::parse_cookie_header(c)
                .map(|(n, v)| (n.to_owned(), v.to_owned()))
                .collect()
        })
        .unwrap_or_default();
    for c in ex
        .set_cookies
        .iter()
        .filter_map(|h| SetCookie::parse(h).ok())
    {
        pairs.retain(|(n, _)| *n != *c.name);
        if !(c.value.is_empty() || c.max_age.is_some_and(|a| a <= 0)) {
            pairs.push((c.name.into_owned(), c.value.into_owned()));
        }
    }
    (!pairs.is_empty()).then(|| {
        pairs
            .iter()
            .map(|(n, v)| format!("{n}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    })
}

/// See [`Target::redact`].
pub fn redact(s: &str, known: &BTreeSet<String>) -> String {
    super::redact::Redactor::new(known).redact(s)
}
