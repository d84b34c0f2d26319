//! Checking a policy: impossible combinations (errors that name the key) and findings against
//! the OWASP checklist (ASVS 5.0 chapters V3 and V7, 4.0.3 where 5.0 has no rule).

use super::policy::{CookiePrefix, HttpToHttps, LogoutMode, Policy, PolicyError, TransportMode};
use crate::cookie::SameSite;
use crate::cookie::lint::{Finding, LintOptions, Severity, lint};
use crate::token::GeneratorKind;

fn err(key: &str, message: impl Into<String>) -> PolicyError {
    PolicyError {
        key: key.to_owned(),
        message: message.into(),
    }
}

fn valid_cookie_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| (0x21..=0x7e).contains(&b) && b != b';' && b != b'=')
}

impl Policy {
    /// Every impossible combination: a policy under which the manager could not work as the
    /// file says (a browser would drop the cookie, a path that is not a path, ...).
    pub fn validate(&self) -> Vec<PolicyError> {
        let mut e = Vec::new();
        let c = &self.cookie;
        if !valid_cookie_name(&c.full_name()) {
            e.push(err(
                "cookie.name",
                "must be visible ASCII without ';' or '='",
            ));
        }
        if !c.path.starts_with('/') {
            e.push(err("cookie.path", "must start with '/'"));
        }
        if c.prefix != CookiePrefix::None && !c.secure {
            e.push(err(
                "cookie.secure",
                format!("the {} prefix requires secure = true", c.prefix.as_str()),
            ));
        }
        if c.prefix == CookiePrefix::Host && c.domain.is_some() {
            e.push(err(
                "cookie.domain",
                "the __Host- prefix forbids a Domain attribute",
            ));
        }
        if c.prefix == CookiePrefix::Host && c.path != "/" {
            e.push(err(
                "cookie.path",
                "the __Host- prefix requires path = \"/\"",
            ));
        }
        if c.same_site == SameSite::None && !c.secure {
            e.push(err(
                "cookie.same_site",
                "same_site = \"none\" requires secure = true",
            ));
        }
        if let Some(d) = &c.domain {
            if d.is_empty()
                || d.starts_with('.')
                || !d
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'.')
            {
                e.push(err(
                    "cookie.domain",
                    "must be a lower-case host name without a leading dot",
                ));
            }
        }
        if self.transport.mode == TransportMode::Http && c.secure {
            e.push(err("cookie.secure", "a Secure cookie is never stored from a site without HTTPS (transport.mode = \"http\")"));
        }
        if self.transport.mode == TransportMode::Mixed && self.transport.https_paths.is_empty() {
            e.push(err(
                "transport.https_paths",
                "mode = \"mixed\" needs at least one HTTPS path",
            ));
        }
        for (i, p) in self.transport.https_paths.iter().enumerate() {
            if !p.starts_with('/') {
                e.push(err(
                    &format!("transport.https_paths[{i}]"),
                    "must start with '/'",
                ));
            }
        }
        for (i, p) in self.sensitive_paths.iter().enumerate() {
            if !p.starts_with('/') {
                e.push(err(&format!("sensitive_paths[{i}]"), "must start with '/'"));
            }
        }
        if let Some(b) = &self.binding {
            if !valid_cookie_name(&b.name) || b.name == c.full_name() {
                e.push(err(
                    "binding.name",
                    "must be a valid cookie name other than the session cookie's",
                ));
            }
            if !b.path.starts_with('/') {
                e.push(err("binding.path", "must start with '/'"));
            }
            if self.transport.mode == TransportMode::Http {
                e.push(err(
                    "binding",
                    "the binding cookie is Secure, so it needs HTTPS pages",
                ));
            } else if !self.is_https_path(&b.path) {
                e.push(err(
                    "binding.path",
                    "the binding cookie is Secure, so its path must be served over HTTPS",
                ));
            }
            if b.ttl_secs == 0 {
                e.push(err("binding.ttl_secs", "must be positive"));
            }
        }
        let t = &self.token;
        if t.generator.has_configurable_format() && !(8..=256).contains(&t.bytes) {
            e.push(err("token.bytes", "must be between 8 and 256"));
        }
        if self.concurrency.max_sessions_per_user == Some(0) {
            e.push(err(
                "concurrency.max_sessions_per_user",
                "must be at least 1 (or absent for unlimited)",
            ));
        }
        for (key, v) in [
            (
                "lifetime.idle_timeout_secs",
                self.lifetime.idle_timeout_secs,
            ),
            (
                "lifetime.absolute_timeout_secs",
                self.lifetime.absolute_timeout_secs,
            ),
            ("lifetime.renew_every_secs", self.lifetime.renew_every_secs),
            ("cookie.persistent_secs", c.persistent_secs),
        ] {
            if v == Some(0) {
                e.push(err(key, "must be positive (or absent)"));
            }
        }
        e
    }

    /// The `Set-Cookie` header this policy gives a session cookie (with a placeholder id of
    /// the configured format), for linting and snapshots.
    pub fn sample_set_cookie(&self) -> String {
        super::manager::session_cookie_header(self, &sample_id(self))
    }

    /// Findings against the OWASP checklist, worst first.
    pub fn findings(&self) -> Vec<Finding> {
        let mut out = Vec::new();
        let mut add = |id, severity, asvs, message: &str| {
            out.push(Finding {
                id,
                severity,
                asvs,
                message: message.to_owned(),
            })
        };
        match self.transport.mode {
            TransportMode::Https => {}
            TransportMode::Mixed => add(
                "mixed-transport",
                Severity::High,
                "ASVS 5.0 V12.2.1",
                "pages outside transport.https_paths are plain HTTP: the session cookie crosses the network in the clear",
            ),
            TransportMode::Http => add(
                "no-tls",
                Severity::High,
                "ASVS 5.0 V12.2.1",
                "no HTTPS at all",
            ),
        }
        if self.transport.mode != TransportMode::Https
            && self.transport.http_to_https == HttpToHttps::Serve
        {
            add(
                "http-serves-https-pages",
                Severity::High,
                "ASVS 5.0 V12.2.1",
                "plain-HTTP requests for HTTPS pages are served instead of redirected",
            );
        }
        if !self.transport.hsts && self.transport.mode != TransportMode::Http {
            add(
                "no-hsts",
                Severity::Medium,
                "ASVS 5.0 V3.4.1",
                "no Strict-Transport-Security: an active attacker can downgrade the first request",
            );
        }
        let l = &self.lifecycle;
        if !l.rotate_on_login {
            add(
                "no-rotation-on-login",
                Severity::High,
                "ASVS 5.0 V7.2.4",
                "the id is not replaced at login: session fixation",
            );
        } else if !l.rotate_on_relogin {
            add(
                "no-rotation-on-relogin",
                Severity::Medium,
                "ASVS 5.0 V7.2.4",
                "the id is not replaced when the same user logs in again (re-authentication)",
            );
        }
        if !l.rotate_on_privilege_change {
            add(
                "no-rotation-on-privilege-change",
                Severity::Medium,
                "OWASP Session Management Cheat Sheet",
                "the id is not replaced on a password or role change",
            );
        }
        if l.old_id_grace_secs > 0 {
            add(
                "old-id-kept",
                Severity::Medium,
                "ASVS 5.0 V7.2.4",
                "a replaced id stays valid for lifecycle.old_id_grace_secs: a stolen pre-rotation id still works",
            );
        }
        if !l.strict_mode {
            add(
                "adopts-unknown-ids",
                Severity::High,
                "ASVS 5.0 V7.2.4",
                "ids the server never issued are adopted: an attacker can choose the victim's id (fixation)",
            );
        }
        if l.accept_url_id {
            add(
                "id-in-url",
                Severity::High,
                "ASVS 4.0.3 V3.1.1",
                "the id is accepted from the URL: it leaks through Referer, logs and shared links",
            );
        }
        if !l.new_id_on_logout {
            add(
                "no-new-id-on-logout",
                Severity::Low,
                "OWASP Session Management Cheat Sheet",
                "no fresh id after logout",
            );
        }
        match self.lifetime.idle_timeout_secs {
            None => add(
                "no-idle-timeout",
                Severity::Medium,
                "ASVS 5.0 V7.3.1",
                "no inactivity timeout on the server",
            ),
            Some(s) if s > 3600 => add(
                "long-idle-timeout",
                Severity::Low,
                "ASVS 5.0 V7.3.1",
                "inactivity timeout over an hour",
            ),
            Some(_) => {}
        }
        if self.lifetime.absolute_timeout_secs.is_none() {
            add(
                "no-absolute-timeout",
                Severity::Medium,
                "ASVS 5.0 V7.3.2",
                "no absolute session lifetime",
            );
        }
        if self.logout.mode == LogoutMode::CookieOnly {
            add(
                "logout-cookie-only",
                Severity::High,
                "ASVS 5.0 V7.4.1",
                "logout clears the cookie only: a copied cookie stays valid after logout",
            );
        }
        if !self.logout.end_other_sessions_on_password_change {
            add(
                "password-change-keeps-sessions",
                Severity::Medium,
                "ASVS 5.0 V7.4.3",
                "a password change leaves the user's other sessions (and any attacker's) alive",
            );
        }
        if self.concurrency.max_sessions_per_user.is_none() {
            add(
                "unlimited-sessions",
                Severity::Info,
                "ASVS 5.0 V7.1.2",
                "no limit on concurrent sessions per user",
            );
        }
        if !self.token.generator.is_strong() {
            add(
                "weak-generator",
                Severity::High,
                "ASVS 5.0 V7.2.3",
                "the id generator is not a CSPRNG: ids can be predicted from observed ones",
            );
        } else if self.token.entropy_bits() < 128.0 {
            add(
                "short-token",
                Severity::Medium,
                "ASVS 5.0 V7.2.3",
                "ids carry fewer than 128 random bits",
            );
        }
        if self.store.saves == super::policy::Saves::Upsert {
            add(
                "upsert-store",
                Severity::Medium,
                "ASVS 5.0 V7.4.1",
                "the store writes sessions back unconditionally: a slow request can undo a concurrent logout",
            );
        }
        if self.audit.log_raw_ids {
            add(
                "ids-in-logs",
                Severity::High,
                "ASVS 4.0.3 V7.1.1",
                "raw session ids are written to the audit log",
            );
        }
        if self
            .binding
            .as_ref()
            .is_some_and(|b| b.delete_path.as_ref().is_some_and(|d| d != &b.path))
        {
            add(
                "binding-delete-path",
                Severity::Medium,
                "ASVS 5.0 V7.4.1",
                "logout deletes the binding cookie with another path, which browsers ignore",
            );
        }
        let header = self.sample_set_cookie();
        let options = LintOptions {
            session: true,
            expected_path: None,
        };
        if let Ok(parsed) = crate::cookie::SetCookie::parse(&header) {
            // The id's entropy is judged from the generator above, not from a sample value.
            out.extend(
                lint(&parsed, &options)
                    .into_iter()
                    .filter(|f| f.id != "entropy"),
            );
        }
        out.sort_by_key(|f| std::cmp::Reverse(f.severity));
        out
    }
}

/// A placeholder id of the policy's format (all characters `0`/`a`), for samples.
fn sample_id(policy: &Policy) -> String {
    match policy.token.generator {
        GeneratorKind::Counter
        | GeneratorKind::TimestampSeconds
        | GeneratorKind::TimestampMillis
        | GeneratorKind::JavaRandom
        | GeneratorKind::GlibcRand => "1234567890".into(),
        GeneratorKind::Mt19937
        | GeneratorKind::PhpLegacy
        | GeneratorKind::Md5TimeUa
        | GeneratorKind::Md5TimeUaSecret => "0".repeat(32),
        GeneratorKind::V8MathRandomBase36 => "0123456789a".into(),
        _ => policy
            .token
            .encoding
            .encode(&vec![0u8; policy.token.bytes], || 0),
    }
}
