//! The probe's target description, from TOML: where the application is, how to log in and out,
//! and how to tell a logged-in page from a page for anyone.
//!
//! ```toml
//! base_url = "http://127.0.0.1:8080/"    # loopback only, unless --allow-remote
//! session_cookie = "__Host-sid"          # optional: found from the login response otherwise
//! sensitive_paths = ["/account/settings"]
//! idle_timeout_secs = 900                # optional: the idle timeout you expect
//! token_sample = 1000                    # ids to collect for `analyze` (0 skips the check)
//!
//! [login]
//! path = "/login"
//! method = "POST"                        # default POST
//! format = "form"                        # "form" or "json"
//! username_field = "username"            # the defaults
//! password_field = "password"
//! extra_fields = { remember = "0" }      # optional
//!
//! [[users]]                              # two test users
//! username = "alice"
//! password = "alice-password"
//!
//! [[users]]
//! username = "bob"
//! password = "bob-password"
//!
//! [logout]
//! path = "/logout"
//! method = "POST"
//!
//! [protected]
//! path = "/account"
//! logged_in_status = 200                 # one or both
//! logged_in_body = "account of {user}"   # {user} is the username
//!
//! [race]                                 # optional: a page that is slow and writes the session
//! slow_path = "/slow?ms=500"
//! requests = 3
//! delay_ms = 150
//! ```

use std::collections::BTreeMap;

use serde::Deserialize;

/// The most ids the token sample may ask for.
pub const MAX_TOKEN_SAMPLE: usize = 100_000;
/// The fewest ids `analyze` works with.
pub const MIN_TOKEN_SAMPLE: usize = 100;

/// A probe target.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProbeConfig {
    /// `http://HOST:PORT/PATH`: the landing page, visited first.
    pub base_url: String,
    /// The session cookie's name; when absent, the probe finds the cookie the login set.
    #[serde(default)]
    pub session_cookie: Option<String>,
    /// How to log in.
    pub login: Login,
    /// Two test users (the first is the one usually logged in, the second the victim of
    /// fixation and the user who logs in over the first's session).
    pub users: Vec<User>,
    /// How to log out.
    pub logout: Logout,
    /// A page that answers differently when logged in.
    pub protected: Protected,
    /// More pages that need a login: replays must not be served there either (2xx = served).
    #[serde(default)]
    pub sensitive_paths: Vec<String>,
    /// The idle timeout the application should have, in seconds.
    #[serde(default)]
    pub idle_timeout_secs: Option<u64>,
    /// How many ids to collect for the randomness analysis (0 skips it).
    #[serde(default = "default_token_sample")]
    pub token_sample: usize,
    /// The logout race; absent skips that check.
    #[serde(default)]
    pub race: Option<Race>,
    /// For the attacker catalogue (`sessionlab campaign --site`): the paths a browser reaches
    /// over HTTPS, for the network model (absent: all of them; `[]`: none). The application
    /// learns the scheme from `X-Forwarded-Proto`.
    #[serde(default)]
    pub https_paths: Option<Vec<String>>,
    /// For the attacker catalogue: the password change (`POST`), the target of CSRF.
    #[serde(default)]
    pub password_change_path: Option<String>,
    /// For the attacker catalogue: text that any page served as a user contains (`{user}` is
    /// the name), when the application shows it on more pages than the protected one (a
    /// password change answered as the victim is a successful CSRF only if it says so).
    /// Default: `protected.logged_in_body`.
    #[serde(default)]
    pub served_as_body: Option<String>,
    /// How to start the server (sessionlab then runs it under libfaketime, so that timeouts are
    /// attacked by moving its clock, and stops it afterwards); `{port}` in `command` and
    /// `base_url` is replaced by a free port.
    #[serde(default)]
    pub server: Option<crate::target::server::ServerConfig>,
    /// CSRF tokens: how the login and logout forms' tokens are found and sent back.
    #[serde(default)]
    pub csrf: Csrf,
    /// For an `https://` base URL: a PEM file with the certificate (or CA) the target's
    /// certificate must chain to. Without it a loopback target's certificate is accepted as
    /// it is (a test instance's self-signed one).
    #[serde(default)]
    pub tls_ca_file: Option<std::path::PathBuf>,
    /// The session is a bearer token from the login response, not a cookie.
    #[serde(default)]
    pub bearer: Option<Bearer>,
    /// `"https"`: every request carries `X-Forwarded-Proto: https`, as it would behind a
    /// TLS-terminating proxy (an application whose session cookie is `Secure` sets it only on
    /// requests it believes arrived over HTTPS). Absent: nothing is sent.
    #[serde(default)]
    pub forwarded_proto: Option<String>,
}

/// How the probe carries CSRF tokens (`[csrf]`), as a browser does: it fetches the page with
/// the form, sends back the form's hidden inputs, echoes the CSRF cookie in the header the
/// framework reads, and sends `Origin` and `Referer`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Csrf {
    /// `auto` (the default): on when the login form page shows a token (a hidden input, a
    /// `csrf-token` meta tag or a CSRF cookie); `on`: always fetch the forms; `off`: never.
    #[serde(default)]
    pub mode: CsrfMode,
    /// The page with the login form (default: `login.path`, fetched with `GET`).
    #[serde(default)]
    pub login_form: Option<String>,
    /// The page with the logout form (default: `protected.path`); fetched before a logout
    /// unless the CSRF cookie can be echoed instead.
    #[serde(default)]
    pub logout_form: Option<String>,
    /// The cookie holding the token (default: the usual names, `csrftoken`, `XSRF-TOKEN`, ...).
    #[serde(default)]
    pub cookie: Option<String>,
    /// The header the cookie's value is echoed in (default: the one the cookie's framework
    /// reads, `X-CSRFToken` for `csrftoken`, `X-XSRF-TOKEN` for `XSRF-TOKEN`, ...).
    #[serde(default)]
    pub header: Option<String>,
}

/// A session token that the login returns in its body and requests carry in a header
/// (`[bearer]`): a JSON API's access token, usually a JWT.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Bearer {
    /// Where the token is in the login's JSON response: a JSON pointer (`/access_token`,
    /// `/data/token`).
    pub token: String,
    /// The header requests carry it in (default `Authorization`, as `Bearer <token>`; any
    /// other header gets the bare token).
    #[serde(default = "authorization")]
    pub header: String,
    /// The longest a token should live, in seconds: a JWT whose `exp` is further from its
    /// `iat` (or from now) fails the `jwt` check.
    #[serde(default)]
    pub lifetime_secs: Option<u64>,
}

fn authorization() -> String {
    "Authorization".into()
}

/// The name the probe files a bearer token under in its browsers (it travels in the
/// configured header, never as a cookie).
pub const BEARER: &str = "bearer-token";

/// When the probe fetches forms for their CSRF tokens.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CsrfMode {
    /// When the login form page shows a token.
    #[default]
    Auto,
    /// Always.
    On,
    /// Never (the application's CSRF protection is off on the test instance).
    Off,
}

fn default_token_sample() -> usize {
    1_000
}

/// How to log in.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Login {
    /// The path the credentials go to.
    pub path: String,
    /// The method (default `POST`).
    #[serde(default = "post")]
    pub method: String,
    /// How the credentials are sent.
    #[serde(default)]
    pub format: LoginFormat,
    /// The field carrying the username (default `username`).
    #[serde(default = "username")]
    pub username_field: String,
    /// The field carrying the password (default `password`).
    #[serde(default = "password")]
    pub password_field: String,
    /// More fields sent with every login.
    #[serde(default)]
    pub extra_fields: BTreeMap<String, String>,
}

fn post() -> String {
    "POST".into()
}
fn username() -> String {
    "username".into()
}
fn password() -> String {
    "password".into()
}

/// How the login's fields are encoded.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LoginFormat {
    /// `application/x-www-form-urlencoded`.
    #[default]
    Form,
    /// A JSON object of strings.
    Json,
}

/// A test user.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct User {
    /// The username.
    pub username: String,
    /// The password.
    pub password: String,
}

/// How to log out.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Logout {
    /// The path.
    pub path: String,
    /// The method (default `POST`).
    #[serde(default = "post")]
    pub method: String,
}

/// A page that shows whether the request was logged in.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Protected {
    /// The path.
    pub path: String,
    /// The status a logged-in request gets (e.g. 200, where others get a redirect).
    #[serde(default)]
    pub logged_in_status: Option<u16>,
    /// Text only a logged-in page contains; `{user}` stands for the username.
    #[serde(default)]
    pub logged_in_body: Option<String>,
}

/// The logout race: slow requests with the cookie in flight while the user logs out.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Race {
    /// A page that takes a while and writes the session when it is done (any query included).
    pub slow_path: String,
    /// How many slow requests (default 3, at most 16).
    #[serde(default = "three")]
    pub requests: usize,
    /// How long after sending them the logout goes out, in milliseconds (default 150).
    #[serde(default = "delay_ms")]
    pub delay_ms: u64,
}

fn three() -> usize {
    3
}
fn delay_ms() -> u64 {
    150
}

/// A config that cannot be used, naming the key at fault.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}{message}", if key.is_empty() { String::new() } else { format!("{key}: ") })]
pub struct ConfigError {
    /// The key, as `section.key` (empty when the error is not about one key).
    pub key: String,
    /// What is wrong.
    pub message: String,
}

fn err(key: &str, message: impl Into<String>) -> ConfigError {
    ConfigError {
        key: key.to_owned(),
        message: message.into(),
    }
}

static NOBODY: User = User {
    username: String::new(),
    password: String::new(),
};

const METHODS: [&str; 5] = ["GET", "POST", "PUT", "PATCH", "DELETE"];

impl ProbeConfig {
    /// Parses and validates a config. Syntax errors, unknown keys, wrong types, missing keys
    /// and impossible values are errors that name the key (and, from the parser, the line).
    pub fn from_toml(text: &str) -> Result<ProbeConfig, ConfigError> {
        let config: ProbeConfig = toml::from_str(text).map_err(|e| {
            let at = e.span().map_or(0, |s| s.start);
            let line = text.as_bytes()[..at.min(text.len())]
                .iter()
                .filter(|b| **b == b'\n')
                .count()
                + 1;
            let message = e.message().lines().next().unwrap_or("invalid").to_owned();
            // Unknown and missing keys are named by the message; the span names the table.
            ConfigError {
                key: key_at(text, at),
                message: format!("line {line}: {message}"),
            }
        })?;
        config.validate()?;
        Ok(config)
    }

    /// Checks what the types cannot: an `http` base URL, paths, methods, two distinct users, a
    /// way to tell a logged-in page, and the bounds of the sample and the race.
    pub fn validate(&self) -> Result<(), ConfigError> {
        if self.base_url.contains("{port}") && self.server.is_none() {
            return Err(err(
                "base_url",
                "{port} is only replaced when [server] says how to start the server",
            ));
        }
        if let Some(s) = &self.server {
            if s.command.trim().is_empty() {
                return Err(err("server.command", "must not be empty"));
            }
            if let Some(p) = &s.ready_path {
                if !p.starts_with('/') {
                    return Err(err("server.ready_path", "a path must start with '/'"));
                }
            }
        }
        let url = url::Url::parse(&self.base_url.replace("{port}", "1"))
            .map_err(|e| err("base_url", format!("not a URL: {e}")))?;
        if url.scheme() != "http" && url.scheme() != "https" {
            return Err(err(
                "base_url",
                format!("the probe speaks HTTP and HTTPS, not {}", url.scheme()),
            ));
        }
        if self.tls_ca_file.is_some() && url.scheme() != "https" {
            return Err(err("tls_ca_file", "only for an https:// base_url"));
        }
        if url.host().is_none() {
            return Err(err("base_url", "no host"));
        }
        let path = |key: &str, p: &str| {
            if p.starts_with('/') {
                Ok(())
            } else {
                Err(err(key, format!("a path must start with '/', got {p:?}")))
            }
        };
        let method = |key: &str, m: &str| {
            if METHODS.contains(&m.to_ascii_uppercase().as_str()) {
                Ok(())
            } else {
                Err(err(
                    key,
                    format!(
                        "unknown method {m:?} (expected one of {})",
                        METHODS.join(", ")
                    ),
                ))
            }
        };
        path("login.path", &self.login.path)?;
        method("login.method", &self.login.method)?;
        path("logout.path", &self.logout.path)?;
        method("logout.method", &self.logout.method)?;
        path("protected.path", &self.protected.path)?;
        for p in &self.sensitive_paths {
            path("sensitive_paths", p)?;
        }
        if self.protected.logged_in_status.is_none() && self.protected.logged_in_body.is_none() {
            return Err(err(
                "protected",
                "give logged_in_status, logged_in_body or both: how else to tell a logged-in page",
            ));
        }
        if let Some(s) = self.protected.logged_in_status {
            if !(100..=599).contains(&s) {
                return Err(err(
                    "protected.logged_in_status",
                    format!("{s} is not an HTTP status"),
                ));
            }
        }
        if self.protected.logged_in_body.as_deref() == Some("") {
            return Err(err("protected.logged_in_body", "must not be empty"));
        }
        if self.users.len() < 2 {
            return Err(err(
                "users",
                format!(
                    "two test users are needed ([[users]] twice), found {}",
                    self.users.len()
                ),
            ));
        }
        if self.users[0].username == self.users[1].username {
            return Err(err("users", "the two test users must differ"));
        }
        if self.session_cookie.as_deref() == Some("") {
            return Err(err("session_cookie", "must not be empty"));
        }
        if self.token_sample != 0
            && !(MIN_TOKEN_SAMPLE..=MAX_TOKEN_SAMPLE).contains(&self.token_sample)
        {
            return Err(err(
                "token_sample",
                format!(
                    "{} ids: analyze needs {MIN_TOKEN_SAMPLE} to {MAX_TOKEN_SAMPLE} (0 skips the check)",
                    self.token_sample
                ),
            ));
        }
        if let Some(p) = &self.csrf.login_form {
            path("csrf.login_form", p)?;
        }
        if let Some(p) = &self.csrf.logout_form {
            path("csrf.logout_form", p)?;
        }
        if self.csrf.cookie.is_some() != self.csrf.header.is_some() {
            return Err(err(
                "csrf",
                "give csrf.cookie and csrf.header together: the cookie whose value is echoed, and the header it goes in",
            ));
        }
        for (key, v) in [
            ("csrf.cookie", &self.csrf.cookie),
            ("csrf.header", &self.csrf.header),
        ] {
            if let Some(v) = v {
                if v.is_empty()
                    || !v
                        .bytes()
                        .all(|b| b.is_ascii_graphic() && !b"()<>@,;:\\\"/[]?={}".contains(&b))
                {
                    return Err(err(key, format!("{v:?} is not a cookie or header name")));
                }
            }
        }
        if let Some(b) = &self.bearer {
            if !b.token.starts_with('/') {
                return Err(err(
                    "bearer.token",
                    format!("a JSON pointer starts with '/', got {:?}", b.token),
                ));
            }
            if b.header.is_empty()
                || !b
                    .header
                    .bytes()
                    .all(|c| c.is_ascii_alphanumeric() || c == b'-')
            {
                return Err(err(
                    "bearer.header",
                    format!("{:?} is not a header name", b.header),
                ));
            }
            if self.session_cookie.is_some() {
                return Err(err(
                    "session_cookie",
                    "give session_cookie or [bearer], not both: the session is one or the other",
                ));
            }
        }
        if let Some(p) = &self.forwarded_proto {
            if p != "https" && p != "http" {
                return Err(err(
                    "forwarded_proto",
                    format!("{p:?}: expected \"https\" (or \"http\")"),
                ));
            }
        }
        if let Some(r) = &self.race {
            path("race.slow_path", &r.slow_path)?;
            if !(1..=16).contains(&r.requests) {
                return Err(err("race.requests", "from 1 to 16 slow requests"));
            }
            if r.delay_ms > 10_000 {
                return Err(err("race.delay_ms", "at most 10000 ms"));
            }
        }
        Ok(())
    }

    /// The first test user (usually the one logged in) and the second ([`Self::validate`]
    /// makes sure there are two; without them, the first stands in for both).
    pub fn users(&self) -> (&User, &User) {
        match self.users.as_slice() {
            [a, b, ..] => (a, b),
            [a] => (a, a),
            [] => (&NOBODY, &NOBODY),
        }
    }
}

/// The dotted key at byte `at` of a TOML text: the table header above it and the key on its
/// line, if any (`login.usernme`).
fn key_at(text: &str, at: usize) -> String {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[line_start..]
        .find('\n')
        .map_or(text.len(), |i| line_start + i);
    let line = text[line_start..line_end].trim();
    let header = |l: &str| {
        l.trim_start_matches('[')
            .trim_end_matches(']')
            .trim()
            .to_owned()
    };
    if line.starts_with('[') {
        return header(line);
    }
    let table = text[..line_start]
        .lines()
        .rev()
        .map(str::trim)
        .find(|l| l.starts_with('['))
        .map(header);
    let key = line
        .split('=')
        .next()
        .map(|k| k.trim().trim_matches('"').to_owned())
        .filter(|k| !k.is_empty() && !k.starts_with('#'));
    match (table, key) {
        (Some(t), Some(k)) => format!("{t}.{k}"),
        (Some(t), None) => t,
        (None, Some(k)) => k,
        (None, None) => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"
base_url = "http://127.0.0.1:8080/"
[login]
path = "/login"
[[users]]
username = "alice"
password = "a"
[[users]]
username = "bob"
password = "b"
[logout]
path = "/logout"
[protected]
path = "/account"
logged_in_status = 200
"#;

    #[test]
    fn defaults() {
        let c = ProbeConfig::from_toml(GOOD).unwrap();
        assert_eq!(c.login.method, "POST");
        assert_eq!(c.login.format, LoginFormat::Form);
        assert_eq!(c.login.username_field, "username");
        assert_eq!(c.token_sample, 1_000);
        assert!(c.race.is_none());
        assert_eq!(c.users().1.username, "bob");
    }

    #[test]
    fn errors_name_the_key() {
        let unknown = GOOD.replace("path = \"/login\"", "path = \"/login\"\nusernme = \"u\"");
        let e = ProbeConfig::from_toml(&unknown).unwrap_err();
        assert_eq!(e.key, "login.usernme", "{e}");
        assert!(e.message.contains("unknown field"), "{e}");

        let wrong_type = GOOD.replace("logged_in_status = 200", "logged_in_status = \"ok\"");
        let e = ProbeConfig::from_toml(&wrong_type).unwrap_err();
        assert_eq!(e.key, "protected.logged_in_status", "{e}");

        let ftp = GOOD.replace("http://127", "ftp://127");
        let e = ProbeConfig::from_toml(&ftp).unwrap_err();
        assert_eq!(e.key, "base_url");
        let ca_on_http = format!("tls_ca_file = \"ca.pem\"\n{GOOD}");
        assert_eq!(
            ProbeConfig::from_toml(&ca_on_http).unwrap_err().key,
            "tls_ca_file"
        );

        let one_user = GOOD.replace("[[users]]\nusername = \"bob\"\npassword = \"b\"\n", "");
        assert_eq!(ProbeConfig::from_toml(&one_user).unwrap_err().key, "users");

        let big = format!("token_sample = 200000\n{GOOD}");
        assert_eq!(
            ProbeConfig::from_toml(&big).unwrap_err().key,
            "token_sample"
        );

        let missing = GOOD.replace("[logout]\npath = \"/logout\"\n", "");
        let e = ProbeConfig::from_toml(&missing).unwrap_err();
        assert!(e.message.contains("logout"), "{e}");
    }
}
