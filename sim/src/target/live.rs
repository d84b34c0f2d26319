//! A server in any language, on loopback, as a target: the world's requests go over HTTP to
//! the one address the probe's vetting allowed ([`crate::probe::client::vet`]), with the
//! `Host` of the base URL, and `X-Forwarded-Proto: https` when the world sent the request over
//! HTTPS (the application behind a TLS-terminating proxy learns the scheme from it). Nothing
//! follows redirects; the world does, as a browser would.
//!
//! A held request (the logout race) runs on its own thread; the adapter waits `hold_delay`
//! for it to reach the application and load the session before the next request goes out.
//! The application's clock is its own: sessions do not age faster than the wall clock.

use std::net::SocketAddr;
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;

use bytes::Bytes;

use super::server::ManagedServer;
use super::site::LoginForm;
use super::{
    HttpsPaths, Released, Request, Response, Site, Target, TargetError, TargetSpec, Unsupported,
};
use crate::probe::ProbeOptions;
use crate::probe::client::{SetupError, agent_config, read_body, vet};
use crate::probe::config::{CsrfMode, LoginFormat, ProbeConfig};
use sessionlab_core::cookie::SetCookie;

/// Response bodies are read up to this many bytes.
const MAX_BODY: u64 = 256 * 1024;

/// Limits of a live target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LiveOptions {
    /// Refuse any request after this many (each run gets its own count).
    pub max_requests: usize,
    /// The longest a request may take.
    pub timeout: Duration,
    /// How long a held request is given to reach the application before the next request.
    pub hold_delay: Duration,
    /// Allow a non-loopback address (off: the probe's rule).
    pub allow_remote: bool,
}

impl Default for LiveOptions {
    fn default() -> Self {
        LiveOptions {
            max_requests: 5_000,
            timeout: Duration::from_secs(10),
            hold_delay: Duration::from_millis(150),
            allow_remote: false,
        }
    }
}

/// A server on loopback.
pub struct LiveTarget {
    name: String,
    agent: ureq::Agent,
    connect: SocketAddr,
    host_header: String,
    options: LiveOptions,
    sent: usize,
    held: Vec<JoinHandle<Result<Response, TargetError>>>,
    server: Option<Arc<ManagedServer>>,
    forms: Option<Arc<FormTokens>>,
}

impl std::fmt::Debug for LiveTarget {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LiveTarget")
            .field("name", &self.name)
            .field("connect", &self.connect)
            .finish_non_exhaustive()
    }
}

impl LiveTarget {
    /// The server at `base_url` (vetted: loopback only unless `options.allow_remote`).
    pub fn new(
        name: impl Into<String>,
        base_url: &str,
        options: LiveOptions,
    ) -> Result<Self, SetupError> {
        let vetted = vet(base_url, options.allow_remote)?;
        let config = agent_config(options.timeout);
        Ok(LiveTarget {
            name: name.into(),
            agent: config.into(),
            connect: vetted.connect,
            host_header: vetted.host_header,
            options,
            sent: 0,
            held: Vec::new(),
            server: None,
            forms: None,
        })
    }

    /// A client of a server sessionlab started: its clock moves with the world's when it runs
    /// under libfaketime.
    pub fn with_server(mut self, server: Arc<ManagedServer>) -> Self {
        self.server = Some(server);
        self
    }

    fn take_budget(&mut self) -> Result<(), TargetError> {
        if self.sent >= self.options.max_requests {
            return Err(TargetError(format!(
                "{}: the budget of {} requests is used up",
                self.name, self.options.max_requests
            )));
        }
        self.sent += 1;
        Ok(())
    }
}

/// Sends one request to the server and reads its response.
fn exchange(
    agent: &ureq::Agent,
    connect: SocketAddr,
    host_header: &str,
    req: &Request,
) -> Result<Response, TargetError> {
    let path = req.uri().path_and_query().map_or("/", |p| p.as_str());
    let what = format!("{} {path}", req.method());
    let fail = |e: String| TargetError(format!("{what}: {e}"));
    let mut builder = http::Request::builder()
        .method(req.method().clone())
        .uri(format!("http://{connect}{path}"))
        .header(http::header::HOST, host_header);
    for name in [
        http::header::COOKIE,
        http::header::USER_AGENT,
        http::header::CONTENT_TYPE,
    ] {
        if let Some(v) = req.headers().get(&name) {
            builder = builder.header(&name, v);
        }
    }
    // The CSRF header the form layer added ([`FormTokens`]), whatever its name.
    for (name, v) in req.headers() {
        if name.as_str().starts_with("x-") && name != "x-forwarded-proto" {
            builder = builder.header(name, v);
        }
    }
    if req.uri().scheme_str() == Some("https") {
        builder = builder.header("x-forwarded-proto", "https");
    }
    // `Content-Length: 0` for a bodiless POST (see the probe's client).
    let sent = if req.method() == http::Method::GET {
        builder.body(()).map(|r| agent.run(r))
    } else {
        builder.body(req.body().to_vec()).map(|r| agent.run(r))
    };
    let mut response = sent
        .map_err(|e| fail(e.to_string()))?
        .map_err(|e| fail(e.to_string()))?;
    let raw = read_body(response.body_mut(), MAX_BODY).map_err(|e| fail(e.to_string()))?;
    let (parts, _) = response.into_parts();
    Ok(http::Response::from_parts(parts, Bytes::from(raw)))
}

impl Target for LiveTarget {
    fn name(&self) -> &str {
        &self.name
    }

    fn send(&mut self, req: &Request) -> Result<Response, TargetError> {
        self.take_budget()?;
        let Some(forms) = self.forms.clone().filter(|f| f.applies(req)) else {
            return exchange(&self.agent, self.connect, &self.host_header, req);
        };
        // As a browser would: the form's page first, then the form with its hidden inputs.
        self.take_budget()?;
        let page = forms.page_request(req);
        let page = exchange(&self.agent, self.connect, &self.host_header, &page)?;
        let submit = forms.fill(req, &page);
        let mut response = exchange(&self.agent, self.connect, &self.host_header, &submit)?;
        // The page's cookies reach the browser before the submission's own.
        let mut headers = http::HeaderMap::new();
        for v in page.headers().get_all(http::header::SET_COOKIE) {
            headers.append(http::header::SET_COOKIE, v.clone());
        }
        for (k, v) in response.headers() {
            headers.append(k.clone(), v.clone());
        }
        *response.headers_mut() = headers;
        Ok(response)
    }

    fn hold(&mut self, req: &Request) -> Result<Option<Response>, Unsupported> {
        self.take_budget().map_err(|e| Unsupported(e.0))?;
        let (agent, connect, host) = (self.agent.clone(), self.connect, self.host_header.clone());
        let req = req.clone();
        self.held.push(std::thread::spawn(move || {
            exchange(&agent, connect, &host, &req)
        }));
        std::thread::sleep(self.options.hold_delay);
        Ok(None)
    }

    fn release(&mut self) -> Released {
        let responses = std::mem::take(&mut self.held)
            .into_iter()
            .filter_map(|h| h.join().ok().and_then(Result::ok))
            .collect();
        Released {
            responses,
            writes_accepted: None,
        }
    }

    fn can_hold(&self) -> Result<(), Unsupported> {
        Ok(())
    }

    fn advance(&mut self, secs: u64) -> Result<(), Unsupported> {
        match &self.server {
            Some(s) if s.has_clock() => s.advance(secs).map_err(Unsupported),
            _ => Err(Unsupported(format!(
                "{} runs on the wall clock: its sessions cannot be aged (no [server] with faketime)",
                self.name
            ))),
        }
    }

    fn can_advance(&self) -> bool {
        self.server.as_ref().is_some_and(|s| s.has_clock())
    }
}

/// The site description of a site file (a probe config): its login, users, logout,
/// protected page and markers, sensitive paths, race path, and the session cookie (`cookie`,
/// from the file or learned by the probe's preflight). The protected page's
/// `logged_in_body` is the served-as marker: it must name the user (`{user}`), since the
/// catalogue must tell the victim's pages from anyone else's.
pub fn site_from_config(config: &ProbeConfig, cookie: &str) -> Result<Site, String> {
    let marker = match &config.served_as_body {
        Some(m) if m.contains("{user}") => m.clone(),
        Some(_) => return Err("served_as_body: must contain {user}".to_owned()),
        None => config
            .protected
            .logged_in_body
            .clone()
            .filter(|b| b.contains("{user}"))
            .ok_or_else(|| {
                "protected.logged_in_body: the attacker catalogue needs a marker that names the \
                 user (\"{user}\", or set served_as_body), to tell the victim's pages from \
                 anyone else's"
                    .to_owned()
            })?,
    };
    let origin = url::Url::parse(&config.base_url).map_err(|e| format!("base_url: {e}"))?;
    let mut sensitive = config.sensitive_paths.clone();
    sensitive.push(config.protected.path.clone());
    let site = Site {
        session_cookie: cookie.to_owned(),
        https: match &config.https_paths {
            None => HttpsPaths::All,
            Some(p) if p.is_empty() => HttpsPaths::None,
            Some(p) => HttpsPaths::Under(p.clone()),
        },
        url_ids: false,
        landing: origin.path().to_owned(),
        login: LoginForm {
            path: config.login.path.clone(),
            method: method(&config.login.method)?,
            username_field: config.login.username_field.clone(),
            password_field: config.login.password_field.clone(),
            json: config.login.format == LoginFormat::Json,
        },
        users: config
            .users
            .iter()
            .map(|u| (u.username.clone(), u.password.clone()))
            .collect(),
        logout_path: config.logout.path.clone(),
        logout_method: method(&config.logout.method)?,
        protected_path: config.protected.path.clone(),
        ordinary_path: origin.path().to_owned(),
        password_change_path: config.password_change_path.clone(),
        slow_path: config.race.as_ref().map(|r| r.slow_path.clone()),
        sensitive_paths: sensitive,
        served_as_body: marker,
        detected_body: None,
    };
    site.validate()?;
    Ok(site)
}

/// A method named in a site file (validated there: GET, POST, PUT, PATCH or DELETE).
fn method(name: &str) -> Result<http::Method, String> {
    http::Method::from_bytes(name.to_ascii_uppercase().as_bytes())
        .map_err(|_| format!("unknown method {name:?}"))
}

impl TargetSpec {
    /// A live server described by a site file: vets its address, learns the session cookie
    /// (the probe's preflight: a login, the protected page, a logout) unless the file names
    /// it, and builds a fresh client per run (the server itself is shared by all runs).
    pub fn live(
        name: impl Into<String>,
        config: &ProbeConfig,
        options: LiveOptions,
    ) -> Result<TargetSpec, SetupError> {
        config
            .validate()
            .map_err(|e| SetupError(format!("config: {e}")))?;
        // A server to start: started here, stopped when the last copy of the spec is dropped.
        let mut config = config.clone();
        let server = match &config.server {
            Some(s) => {
                let (server, base_url) = ManagedServer::start(s, &config.base_url)?;
                config.base_url = base_url;
                Some(Arc::new(server))
            }
            None => None,
        };
        let config = &config;
        // The race's `delay_ms`: how long the slow request gets before the logout goes out.
        let mut options = options;
        if let Some(race) = &config.race {
            options.hold_delay = Duration::from_millis(race.delay_ms);
        }
        if config.base_url.starts_with("https:") {
            return Err(SetupError(
                "base_url: the attacker catalogue talks plain HTTP to a live target (its network model decides which requests are HTTPS and says so with X-Forwarded-Proto); give the http:// address, or probe an https:// one with `sessionlab probe`".into(),
            ));
        }
        if config.bearer.is_some() {
            return Err(SetupError(
                "[bearer]: the attacker catalogue plays sessions held in cookies; a bearer-token site is checked with `sessionlab probe --config FILE`".into(),
            ));
        }
        let probe_options = ProbeOptions {
            allow_remote: options.allow_remote,
            ..ProbeOptions::default()
        };
        // The probe's preflight finds the session cookie and whether the forms carry CSRF
        // tokens (under `csrf.mode = "auto"`).
        let facts = if config.session_cookie.is_none() || config.csrf.mode != CsrfMode::Off {
            Some(crate::probe::learn_session(config, &probe_options)?)
        } else {
            None
        };
        let cookie = match (&config.session_cookie, &facts) {
            (Some(c), _) => c.clone(),
            (None, Some(f)) => f.cookie.clone(),
            (None, None) => unreachable!("learned above"),
        };
        let forms = facts
            .as_ref()
            .filter(|f| f.csrf)
            .map(|_| Arc::new(FormTokens::new(config)));
        let site =
            site_from_config(config, &cookie).map_err(|e| SetupError(format!("config: {e}")))?;
        let name = name.into();
        let label = name.clone();
        let base_url = config.base_url.clone();
        // Vetted once here, so that a bad address is a setup error rather than a failed run.
        LiveTarget::new(&label, &base_url, options.clone())?;
        let serial = server.as_ref().is_some_and(|s| s.has_clock());
        let mut spec = TargetSpec::new(name, site, move |_| {
            match LiveTarget::new(label.clone(), &base_url, options.clone()) {
                Ok(mut t) => {
                    t.forms = forms.clone();
                    match &server {
                        Some(s) => Box::new(t.with_server(s.clone())) as Box<dyn Target>,
                        None => Box::new(t),
                    }
                }
                Err(e) => Box::new(Unreachable(e.0.clone())),
            }
        });
        spec.serial = serial;
        Ok(spec)
    }
}

/// CSRF tokens for the catalogue's logins and logouts, carried as the probe carries them
/// ([`crate::probe::csrf`]): the form's page is fetched with the same cookies, its hidden
/// inputs join the submission, and the CSRF cookie is echoed in its header. (No `Origin`: the
/// world's pages live under the site's own name, which the application does not know.)
/// Only the site's own login and logout get this: a forged request (the CSRF attacker's)
/// goes as the attacker sends it.
#[derive(Debug)]
pub struct FormTokens {
    login: (String, String),
    logout: (String, String),
    skip: Vec<String>,
    echo: Option<(String, String)>,
}

impl FormTokens {
    fn new(config: &ProbeConfig) -> FormTokens {
        let c = &config.csrf;
        FormTokens {
            login: (
                config.login.path.clone(),
                c.login_form
                    .clone()
                    .unwrap_or_else(|| config.login.path.clone()),
            ),
            logout: (
                config.logout.path.clone(),
                c.logout_form
                    .clone()
                    .unwrap_or_else(|| config.protected.path.clone()),
            ),
            skip: vec![
                config.login.username_field.clone(),
                config.login.password_field.clone(),
            ],
            echo: c.cookie.clone().zip(c.header.clone()),
        }
    }

    fn form_page(&self, req: &Request) -> Option<&str> {
        let path = req.uri().path();
        [&self.login, &self.logout]
            .into_iter()
            .find(|(action, _)| action.split('?').next() == Some(path))
            .map(|(_, page)| page.as_str())
    }

    fn applies(&self, req: &Request) -> bool {
        req.method() == http::Method::POST && self.form_page(req).is_some()
    }

    fn page_request(&self, req: &Request) -> Request {
        let page = self.form_page(req).unwrap_or("/");
        let mut uri = req.uri().clone().into_parts();
        uri.path_and_query = page.parse().ok();
        let mut get = http::Request::new(Bytes::new());
        *get.uri_mut() = http::Uri::from_parts(uri).unwrap_or_else(|_| req.uri().clone());
        for name in [http::header::COOKIE, http::header::USER_AGENT] {
            if let Some(v) = req.headers().get(&name) {
                get.headers_mut().insert(name, v.clone());
            }
        }
        get
    }

    fn fill(&self, req: &Request, page: &Response) -> Request {
        let mut out = req.clone();
        // The cookies a browser holds after the page.
        let mut pairs: Vec<(String, String)> = req
            .headers()
            .get(http::header::COOKIE)
            .and_then(|v| v.to_str().ok())
            .map(|c| {
                sessionlab_core::cookie::parse_cookie_header(c)
                    .map(|(n, v)| (n.to_owned(), v.to_owned()))
                    .collect()
            })
            .unwrap_or_default();
        for h in page.headers().get_all(http::header::SET_COOKIE) {
            let Some(c) = h.to_str().ok().and_then(|h| SetCookie::parse(h).ok()) else {
                continue;
            };
            pairs.retain(|(n, _)| *n != *c.name);
            if !(c.value.is_empty() || c.max_age.is_some_and(|a| a <= 0)) {
                pairs.push((c.name.into_owned(), c.value.into_owned()));
            }
        }
        let headers = out.headers_mut();
        if !pairs.is_empty() {
            let joined: Vec<String> = pairs.iter().map(|(n, v)| format!("{n}={v}")).collect();
            if let Ok(v) = http::HeaderValue::from_str(&joined.join("; ")) {
                headers.insert(http::header::COOKIE, v);
            }
        }
        for (name, value) in &pairs {
            let header = match &self.echo {
                Some((c, h)) if c == name => Some(h.clone()),
                _ => crate::probe::csrf::echo_header(name).map(str::to_owned),
            };
            if let (Some(h), Ok(v)) = (header, http::HeaderValue::from_str(value)) {
                if let Ok(h) = http::HeaderName::from_bytes(h.as_bytes()) {
                    headers.insert(h, v);
                }
            }
        }
        // Hidden inputs of the form that posts here, into a form body.
        let html = String::from_utf8_lossy(page.body());
        let base = url::Url::parse(&format!("http://site{}", req.uri().path()));
        let is_form = req
            .headers()
            .get(http::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_none_or(|t| t.starts_with("application/x-www-form-urlencoded"));
        if let (Ok(base), true) = (base, is_form) {
            let forms = crate::probe::csrf::forms(&html);
            let password = self.skip.get(1).map(String::as_str);
            if let Some(f) = crate::probe::csrf::pick(&forms, &base, req.uri().path(), password) {
                let mut body = String::from_utf8_lossy(req.body()).into_owned();
                let mut s = url::form_urlencoded::Serializer::new(String::new());
                for (k, v) in f.hidden.iter().filter(|(k, _)| !self.skip.contains(k)) {
                    s.append_pair(k, v);
                }
                let extra = s.finish();
                if !extra.is_empty() {
                    if !body.is_empty() {
                        body.push('&');
                    }
                    body.push_str(&extra);
                    *out.body_mut() = Bytes::from(body);
                    out.headers_mut().insert(
                        http::header::CONTENT_TYPE,
                        http::HeaderValue::from_static("application/x-www-form-urlencoded"),
                    );
                }
            }
        }
        out
    }
}

/// A target that answers nothing (a live server that became unreachable between runs).
struct Unreachable(String);

impl Target for Unreachable {
    fn name(&self) -> &str {
        "unreachable"
    }
    fn send(&mut self, _: &Request) -> Result<Response, TargetError> {
        Err(TargetError(self.0.clone()))
    }
}
