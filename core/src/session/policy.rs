//! A session policy: every countermeasure is a switch. Plain structs with public, documented
//! fields, loadable from TOML, so that users describe their own application.
//!
//! ```toml
//! description = "Our shop"
//! sensitive_paths = ["/account", "/checkout"]
//!
//! [transport]
//! mode = "https"          # "https", "mixed" or "http"
//! hsts = true
//!
//! [cookie]
//! name = "sid"
//! prefix = "host"         # "none", "secure" or "host"
//! secure = true
//! http_only = true
//! same_site = "lax"
//!
//! [lifecycle]
//! rotate_on_login = true
//! strict_mode = true
//!
//! [lifetime]
//! idle_timeout_secs = 900
//! absolute_timeout_secs = 43200
//!
//! [token]
//! generator = "recommended"
//! bytes = 16
//! encoding = "base64-url"
//! ```

use serde::{Deserialize, Serialize};

use crate::cookie::SameSite;
use crate::token::TokenConfig;

/// Everything the session manager does that matters for security.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Policy {
    /// One line on what this policy models, and its source.
    pub description: String,
    /// Path prefixes that need a logged-in session (the account and checkout pages).
    pub sensitive_paths: Vec<String>,
    /// HTTP or HTTPS, and where.
    pub transport: Transport,
    /// The session cookie's name and attributes.
    pub cookie: SessionCookie,
    /// When ids are created, replaced and accepted.
    pub lifecycle: Lifecycle,
    /// How long a session lives.
    pub lifetime: Lifetime,
    /// What logging out does.
    pub logout: Logout,
    /// How many sessions a user may hold at once.
    pub concurrency: Concurrency,
    /// The seed's "secure binding cookie" countermeasure; absent means off.
    pub binding: Option<BindingCookie>,
    /// How ids are generated.
    pub token: TokenConfig,
    /// What the audit log records.
    pub audit: Audit,
    /// How the session store writes sessions back.
    pub store: StoreConfig,
}

/// How the session store writes a session back at the end of a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct StoreConfig {
    /// `versioned`: only a session still there, at the version loaded (sessionlab's
    /// `MemoryStore`); `upsert`: unconditionally, so a slow request can resurrect a session a
    /// concurrent logout ended (express-session's stores, many key-value stores).
    pub saves: Saves,
}

/// Store write-back modes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Saves {
    /// Compare-and-set on the version: a concurrent logout wins.
    #[default]
    Versioned,
    /// Unconditional write: a concurrent logout can be undone.
    Upsert,
}

/// Which requests travel over TLS.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Transport {
    /// `https` everywhere, `mixed` (HTTPS only under `https_paths`), or `http` everywhere.
    pub mode: TransportMode,
    /// With `mixed`: the path prefixes served over HTTPS (e.g. `/account`, `/checkout`).
    pub https_paths: Vec<String>,
    /// What a plain-HTTP request for an HTTPS page gets: a redirect, or the page itself.
    pub http_to_https: HttpToHttps,
    /// Send `Strict-Transport-Security` on HTTPS responses.
    pub hsts: bool,
}

/// Transport modes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TransportMode {
    /// Every page over HTTPS.
    Https,
    /// HTTPS for `https_paths`, HTTP elsewhere (the seed's e-commerce sites).
    Mixed,
    /// No TLS at all.
    Http,
}

/// The answer to a plain-HTTP request for a page that should be HTTPS.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum HttpToHttps {
    /// `301` to the HTTPS URL (the cookie has already been sent in the clear, though).
    Redirect,
    /// Serve it over HTTP (the seed's "web app accepting http requests for https pages").
    Serve,
}

/// A cookie name prefix (RFC 6265bis §4.1.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CookiePrefix {
    /// No prefix.
    None,
    /// `__Secure-`: browsers accept it only with `Secure` from a secure origin.
    Secure,
    /// `__Host-`: also host-only and `Path=/`.
    Host,
}

impl CookiePrefix {
    /// The prefix string.
    pub fn as_str(self) -> &'static str {
        match self {
            CookiePrefix::None => "",
            CookiePrefix::Secure => "__Secure-",
            CookiePrefix::Host => "__Host-",
        }
    }
}

/// The session cookie.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SessionCookie {
    /// The name, without the prefix.
    pub name: String,
    /// A `__Secure-` or `__Host-` prefix.
    pub prefix: CookiePrefix,
    /// The `Secure` attribute.
    pub secure: bool,
    /// The `HttpOnly` attribute.
    pub http_only: bool,
    /// The `SameSite` attribute (`default` writes none).
    pub same_site: SameSite,
    /// The `Path` attribute.
    pub path: String,
    /// The `Domain` attribute (shares the cookie with every subdomain).
    pub domain: Option<String>,
    /// `Max-Age` in seconds for a persistent cookie; absent means a session cookie.
    pub persistent_secs: Option<u64>,
}

impl SessionCookie {
    /// The full cookie name, prefix included.
    pub fn full_name(&self) -> String {
        let prefix = self.prefix.as_str();
        let mut name = String::with_capacity(prefix.len() + self.name.len());
        name.push_str(prefix);
        name.push_str(&self.name);
        name
    }
}

/// When session ids are created, replaced and accepted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Lifecycle {
    /// Issue a new id when a user logs in (defeats fixation).
    pub rotate_on_login: bool,
    /// Also when the same user logs in again on a session that is already theirs (Django and
    /// axum-login skip this).
    pub rotate_on_relogin: bool,
    /// Issue a new id on a password or role change.
    pub rotate_on_privilege_change: bool,
    /// Issue a fresh anonymous id after logout.
    pub new_id_on_logout: bool,
    /// Seconds a replaced id stays valid after rotation (0 = killed at once; PHP's
    /// `session_regenerate_id(false)` keeps it until garbage collection).
    pub old_id_grace_secs: u64,
    /// Refuse ids the server never issued (otherwise adopt them: session fixation).
    pub strict_mode: bool,
    /// Accept the id from a URL parameter named like the cookie (`?PHPSESSID=`, `;jsessionid=`).
    pub accept_url_id: bool,
    /// Give anonymous visitors a session on their first page (guest carts).
    pub session_on_first_visit: bool,
}

/// How long sessions live, enforced on the server.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Lifetime {
    /// A session unused for this long is dead.
    #[serde(default)] // absent means none, not the hardened default
    pub idle_timeout_secs: Option<u64>,
    /// A session older than this is dead, however busy.
    #[serde(default)] // absent means none, not the hardened default
    pub absolute_timeout_secs: Option<u64>,
    /// Replace the id of a live session this often.
    #[serde(default)] // absent means none, not the hardened default
    pub renew_every_secs: Option<u64>,
}

/// What logout does.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Logout {
    /// Server-side invalidation, or clearing the cookie only.
    pub mode: LogoutMode,
    /// On a password change, end the user's other sessions (ASVS 5.0 V7.4.3).
    pub end_other_sessions_on_password_change: bool,
}

/// Logout modes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum LogoutMode {
    /// The session is deleted on the server: the old id is dead.
    ServerSide,
    /// Only the cookie is cleared: a client-side signed session that the server cannot revoke,
    /// so a copy of the cookie stays valid.
    CookieOnly,
}

/// How many sessions a user may have.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Concurrency {
    /// The most live sessions per user; absent means unlimited.
    pub max_sessions_per_user: Option<u32>,
    /// What a login beyond the limit gets.
    pub on_limit: OnLimit,
}

/// Beyond the session limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum OnLimit {
    /// Refuse the new login (the seed's "prevent concurrent logins").
    RejectNew,
    /// End the oldest session.
    EvictOldest,
}

/// The seed's countermeasure: at login, a second cookie (Secure, HttpOnly, scoped to the
/// sensitive pages, short-lived) whose random value is also kept in the session; every page
/// under `path` checks it, and a mismatch ends the session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct BindingCookie {
    /// The cookie name.
    pub name: String,
    /// The path it is scoped to, and the pages that check it.
    pub path: String,
    /// Its `Domain`, if any.
    pub domain: Option<String>,
    /// Its `Max-Age`.
    pub ttl_secs: u64,
    /// The path logout uses to delete it. Defaults to `path`; anything else models the bug the
    /// seed warns of (a deletion with another path silently fails).
    pub delete_path: Option<String>,
}

impl Default for BindingCookie {
    fn default() -> Self {
        BindingCookie {
            name: "bind".into(),
            path: "/account".into(),
            domain: None,
            ttl_secs: 1800,
            delete_path: None,
        }
    }
}

/// What the audit log records.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Audit {
    /// Write raw session ids to the log (a leak) instead of their hash.
    pub log_raw_ids: bool,
}

impl Default for Transport {
    fn default() -> Self {
        Transport {
            mode: TransportMode::Https,
            https_paths: Vec::new(),
            http_to_https: HttpToHttps::Redirect,
            hsts: true,
        }
    }
}

impl Default for SessionCookie {
    fn default() -> Self {
        SessionCookie {
            name: "sid".into(),
            prefix: CookiePrefix::Host,
            secure: true,
            http_only: true,
            same_site: SameSite::Lax,
            path: "/".into(),
            domain: None,
            persistent_secs: None,
        }
    }
}

impl Default for Lifecycle {
    fn default() -> Self {
        Lifecycle {
            rotate_on_login: true,
            rotate_on_relogin: true,
            rotate_on_privilege_change: true,
            new_id_on_logout: true,
            old_id_grace_secs: 0,
            strict_mode: true,
            accept_url_id: false,
            session_on_first_visit: true,
        }
    }
}

impl Default for Lifetime {
    fn default() -> Self {
        Lifetime {
            idle_timeout_secs: Some(900),
            absolute_timeout_secs: Some(12 * 3600),
            renew_every_secs: None,
        }
    }
}

impl Default for Logout {
    fn default() -> Self {
        Logout {
            mode: LogoutMode::ServerSide,
            end_other_sessions_on_password_change: true,
        }
    }
}

impl Default for Concurrency {
    fn default() -> Self {
        Concurrency {
            max_sessions_per_user: None,
            on_limit: OnLimit::EvictOldest,
        }
    }
}

impl Default for Policy {
    /// The hardened policy.
    fn default() -> Self {
        Policy {
            description: "A custom policy".into(),
            sensitive_paths: vec!["/account".into(), "/checkout".into()],
            transport: Transport::default(),
            cookie: SessionCookie::default(),
            lifecycle: Lifecycle::default(),
            lifetime: Lifetime::default(),
            logout: Logout::default(),
            concurrency: Concurrency::default(),
            binding: None,
            token: TokenConfig::default(),
            audit: Audit::default(),
            store: StoreConfig::default(),
        }
    }
}

impl Policy {
    /// Parses a policy file. Syntax errors, unknown keys and wrong types are errors that name
    /// the key (as `section.key`) and its line.
    pub fn from_toml(text: &str) -> Result<Policy, PolicyError> {
        let located = |e: &toml::de::Error| {
            let at = e.span().map_or(0, |s| s.start);
            let line = text[..at.min(text.len())].matches('\n').count() + 1;
            PolicyError {
                key: key_at(text, at),
                message: format!("line {line}: {}", one_line(e.message())),
            }
        };
        let table: toml::Table = text.parse().map_err(|e| located(&e))?;
        if let Some(key) = unknown_key(&table, &schema(), "") {
            return Err(PolicyError {
                key,
                message: "unknown key".into(),
            });
        }
        toml::from_str(text).map_err(|e| located(&e))
    }

    /// The policy as TOML, the form a user starts from.
    pub fn to_toml(&self) -> String {
        toml::to_string(self)
            .unwrap_or_else(|e| format!("# cannot write this policy as TOML: {e}\n"))
    }

    /// Whether `path` is served over HTTPS under this policy.
    pub fn is_https_path(&self, path: &str) -> bool {
        match self.transport.mode {
            TransportMode::Https => true,
            TransportMode::Http => false,
            TransportMode::Mixed => self.transport.https_paths.iter().any(|p| under(path, p)),
        }
    }

    /// Whether `path` needs a logged-in session.
    pub fn is_sensitive(&self, path: &str) -> bool {
        self.sensitive_paths.iter().any(|p| under(path, p))
    }

    /// Whether `path` is checked against the binding cookie.
    pub fn is_binding_checked(&self, path: &str) -> bool {
        self.binding.as_ref().is_some_and(|b| under(path, &b.path))
    }
}

/// Whether `path` is `prefix` or below it (`/account` covers `/account/x`, not `/accounts`).
pub fn under(path: &str, prefix: &str) -> bool {
    crate::cookie::path::path_matches(path, prefix)
}

/// A policy that cannot be loaded or cannot work, naming the key at fault.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}{message}", if key.is_empty() { String::new() } else { format!("{key}: ") })]
pub struct PolicyError {
    /// The dotted key, e.g. `cookie.domain` (empty when the file itself is malformed).
    pub key: String,
    /// What is wrong.
    pub message: String,
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Every key a policy file may have: a policy with every optional part present, as a table.
fn schema() -> toml::Table {
    let mut full = Policy::default();
    full.cookie.domain = Some("example.com".into());
    full.cookie.persistent_secs = Some(1);
    full.lifetime = Lifetime {
        idle_timeout_secs: Some(1),
        absolute_timeout_secs: Some(1),
        renew_every_secs: Some(1),
    };
    full.concurrency.max_sessions_per_user = Some(1);
    full.binding = Some(BindingCookie {
        domain: Some("example.com".into()),
        delete_path: Some("/".into()),
        ..BindingCookie::default()
    });
    toml::Table::try_from(&full).unwrap_or_default()
}

/// The first key of `table` (depth first, in file order) that `schema` does not have.
fn unknown_key(table: &toml::Table, schema: &toml::Table, prefix: &str) -> Option<String> {
    for (k, v) in table {
        let path = if prefix.is_empty() {
            k.clone()
        } else {
            format!("{prefix}.{k}")
        };
        match (v, schema.get(k)) {
            (_, None) => return Some(path),
            (toml::Value::Table(t), Some(toml::Value::Table(s))) => {
                if let Some(p) = unknown_key(t, s, &path) {
                    return Some(p);
                }
            }
            _ => {}
        }
    }
    None
}

/// The dotted key whose line holds byte `at`: the nearest `[section]` above and the key before
/// the `=` on that line.
fn key_at(text: &str, at: usize) -> String {
    let at = at.min(text.len());
    let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let line = text[start..].lines().next().unwrap_or("");
    let key = line
        .split('=')
        .next()
        .unwrap_or("")
        .trim()
        .trim_matches('"');
    let section = text[..start]
        .lines()
        .rev()
        .map(str::trim)
        .find(|l| l.starts_with('[') && l.ends_with(']'))
        .map(|l| l.trim_matches(|c| c == '[' || c == ']').trim().to_owned());
    match (section, key.is_empty() || key.starts_with('[')) {
        (Some(s), false) => format!("{s}.{key}"),
        (None, false) => key.to_owned(),
        (Some(s), true) => s,
        (None, true) => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_keys_are_named() {
        let e = Policy::from_toml("[cookie]\nsecure = true\nsamesite = \"lax\"\n").unwrap_err();
        assert_eq!(e.key, "cookie.samesite");
        let e = Policy::from_toml("colour = 1\n").unwrap_err();
        assert_eq!(e.key, "colour");
        let e = Policy::from_toml("[binding]\nname = \"b\"\nttl = 5\n").unwrap_err();
        assert_eq!(e.key, "binding.ttl");
    }

    #[test]
    fn wrong_types_name_the_key_and_line() {
        let e = Policy::from_toml("[lifetime]\nidle_timeout_secs = \"soon\"\n").unwrap_err();
        assert_eq!(e.key, "lifetime.idle_timeout_secs");
        assert!(e.message.starts_with("line 2:"), "{e}");
        let e = Policy::from_toml("[transport]\nmode = \"carrier-pigeon\"\n").unwrap_err();
        assert_eq!(e.key, "transport.mode");
        let e = Policy::from_toml("[cookie\n").unwrap_err();
        assert!(e.message.starts_with("line 1:"), "{e}");
    }

    #[test]
    fn a_partial_file_takes_hardened_defaults_for_the_rest() {
        let p = Policy::from_toml("[cookie]\nname = \"x\"\n").unwrap();
        assert_eq!(p.cookie.name, "x");
        assert_eq!(p.lifecycle, Lifecycle::default());
        assert_eq!(Policy::from_toml("").unwrap(), Policy::default());
    }
}
