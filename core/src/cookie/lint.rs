//! Security findings for a `Set-Cookie` header, each tied to the OWASP ASVS requirement it
//! comes from (ASVS 5.0 where it has one, 4.0.3 where 5.0 dropped the rule).
//!
//! Used by `sessionlab cookie lint` and by the live probe's cookie-attribute check.

use super::parse::{MAX_NAME_VALUE_OCTETS, SameSite, SetCookie, SetCookieError};
use super::path::path_matches;

/// How much a finding matters. Ordered: `Info < Low < Medium < High`.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing, not a weakness.
    Info,
    /// Defence in depth is missing.
    Low,
    /// A weakness an attacker can use under some conditions.
    Medium,
    /// A direct path to session theft or a cookie that browsers drop.
    High,
}

impl Severity {
    /// The lower-case name used on the command line and in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
        }
    }
}

impl std::fmt::Display for Severity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One finding.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Finding {
    /// A stable identifier, e.g. `no-secure`.
    pub id: &'static str,
    /// How much it matters.
    pub severity: Severity,
    /// The ASVS requirement, e.g. `ASVS 5.0 V3.3.1`.
    pub asvs: &'static str,
    /// What is wrong and what it allows, in one sentence.
    pub message: String,
}

/// What the linter should assume about the cookie.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LintOptions {
    /// Treat the cookie as a session cookie even if its name and value do not look like one.
    pub session: bool,
    /// The narrowest path the application needs the cookie on (e.g. `/account`); a cookie
    /// scoped more broadly is reported.
    pub expected_path: Option<String>,
}

/// Names that session cookies commonly have (after any `__Host-`/`__Secure-` prefix).
const SESSION_NAME_HINTS: &[&str] = &[
    "sess",
    "sid",
    "token",
    "auth",
    "jwt",
    "login",
    "remember",
    "connect.sid",
    "identity",
];

/// Whether the cookie looks like it carries a session identifier.
pub fn looks_like_session(c: &SetCookie<'_>) -> bool {
    let name = c.name.to_ascii_lowercase();
    SESSION_NAME_HINTS.iter().any(|h| name.contains(h))
        || (c.value.len() >= 16 && apparent_entropy_bits(&c.value) >= 64.0)
}

/// An upper bound on a value's entropy from its length and apparent alphabet:
/// `len * log2(alphabet)`, unless the value uses clearly fewer distinct characters than a
/// uniform draw of that length would (under half the expected number), in which case the
/// empirical Shannon entropy per character replaces `log2(alphabet)`. A value drawn from a good
/// generator gets the first bound; `aaaa...` gets 0; `1700000000` (a timestamp) far less than 33.
///
/// The empirical entropy alone is no bound for short values: `n` characters can show at most
/// `log2(n)` bits each, so a real 22-character base64url id (132 bits) would read as 94.
/// (Found by the live probe: a hardened server's id was flagged as weak.)
pub fn apparent_entropy_bits(value: &str) -> f64 {
    let bytes = value.as_bytes();
    if bytes.is_empty() {
        return 0.0;
    }
    let alphabet: f64 = if bytes.iter().all(u8::is_ascii_digit) {
        10.0
    } else if bytes.iter().all(u8::is_ascii_hexdigit)
        && (bytes.iter().all(|b| !b.is_ascii_uppercase())
            || bytes.iter().all(|b| !b.is_ascii_lowercase()))
    {
        16.0
    } else if bytes
        .iter()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'+' | b'/' | b'=' | b'.'))
    {
        64.0
    } else {
        95.0
    };
    let mut counts = [0usize; 256];
    for &b in bytes {
        counts[b as usize] += 1;
    }
    let n = bytes.len() as f64;
    let shannon: f64 = counts
        .iter()
        .filter(|&&c| c > 0)
        .map(|&c| {
            let p = c as f64 / n;
            -p * p.log2()
        })
        .sum();
    let distinct = counts.iter().filter(|&&c| c > 0).count() as f64;
    let expected = alphabet * (1.0 - (1.0 - 1.0 / alphabet).powf(n));
    if distinct * 2.0 < expected {
        n * alphabet.log2().min(shannon)
    } else {
        n * alphabet.log2()
    }
}

/// Lints one `Set-Cookie` header value (without the `Set-Cookie:` name).
pub fn lint_header(header: &str, options: &LintOptions) -> Vec<Finding> {
    match SetCookie::parse(header) {
        Ok(c) => lint(&c, options),
        Err(e) => vec![dropped(e)],
    }
}

fn dropped(e: SetCookieError) -> Finding {
    let (id, asvs) = match e {
        SetCookieError::TooLarge => ("oversized", "ASVS 5.0 V3.3.5"),
        _ => ("dropped", "ASVS 5.0 V3.3"),
    };
    Finding {
        id,
        severity: Severity::High,
        asvs,
        message: format!("browsers ignore this header: it {e}"),
    }
}

/// Lints a parsed cookie.
pub fn lint(c: &SetCookie<'_>, options: &LintOptions) -> Vec<Finding> {
    let session = options.session || looks_like_session(c);
    let mut out = Vec::new();
    let mut add = |id, severity, asvs, message: String| {
        out.push(Finding {
            id,
            severity,
            asvs,
            message,
        })
    };
    let lower = c.name.to_ascii_lowercase();
    let host_prefix = lower.starts_with("__host-");
    let secure_prefix = lower.starts_with("__secure-");

    if !c.secure {
        add("no-secure", Severity::High, "ASVS 5.0 V3.3.1",
            "no Secure attribute: the cookie is sent over plain HTTP, where an eavesdropper reads it".into());
    }
    if !c.http_only {
        let sev = if session {
            Severity::High
        } else {
            Severity::Low
        };
        add("no-httponly", sev, "ASVS 5.0 V3.3.4",
            "no HttpOnly attribute: any script on the page (an XSS payload) can read it from document.cookie".into());
    }
    match c.same_site {
        SameSite::Default => add("samesite-missing", Severity::Medium, "ASVS 5.0 V3.3.2",
            "no valid SameSite attribute: browsers that are not Lax-by-default send it on cross-site requests (CSRF)".into()),
        SameSite::None => {
            let sev = if session { Severity::High } else { Severity::Medium };
            add("samesite-none", sev, "ASVS 5.0 V3.3.2",
                "SameSite=None: sent on every cross-site request, so forged requests (CSRF) carry it".into());
        }
        SameSite::Lax | SameSite::Strict => {}
    }
    if let Some(d) = &c.domain {
        add(
            "domain-attribute",
            Severity::Medium,
            "ASVS 5.0 V3.3.3",
            format!(
                "Domain={d}: every subdomain receives the cookie and can overwrite it (cookie tossing)"
            ),
        );
    }
    if !host_prefix {
        let (sev, msg) = if secure_prefix {
            (
                Severity::Low,
                "__Secure- but not __Host-: the name does not pin the cookie to this host and Path=/",
            )
        } else {
            (
                if session {
                    Severity::Medium
                } else {
                    Severity::Low
                },
                "no __Host- prefix: a sibling subdomain or a plain-HTTP response can plant a cookie of the same name",
            )
        };
        add("no-host-prefix", sev, "ASVS 5.0 V3.3.3", msg.into());
    }
    if host_prefix && !(c.secure && c.domain.is_none() && c.path.as_deref() == Some("/")) {
        add(
            "prefix-violated",
            Severity::High,
            "ASVS 5.0 V3.3.3",
            "__Host- requires Secure, Path=/ and no Domain: browsers drop this cookie".into(),
        );
    }
    if secure_prefix && !c.secure {
        add(
            "prefix-violated",
            Severity::High,
            "ASVS 5.0 V3.3.1",
            "__Secure- requires Secure: browsers drop this cookie".into(),
        );
    }
    if let Some(expected) = &options.expected_path {
        let path = c
            .path
            .as_deref()
            .filter(|p| p.starts_with('/'))
            .unwrap_or("/");
        if path != expected && !path_matches(path, expected) {
            add(
                "broad-path",
                Severity::Medium,
                "ASVS 4.0.3 V3.4.5",
                format!(
                    "Path={path} where {expected} was asked for: other applications on the host receive it"
                ),
            );
        }
    }
    if session && (c.max_age.is_some_and(|s| s > 0) || c.expires.is_some()) {
        add("persistent", Severity::Medium, "ASVS 5.0 V7.3.2",
            "persistent lifetime (Max-Age/Expires): the session outlives the browser and sits on disk".into());
    }
    if c.name.len() + c.value.len() > MAX_NAME_VALUE_OCTETS * 3 / 4 {
        add(
            "oversized",
            Severity::Low,
            "ASVS 5.0 V3.3.5",
            format!(
                "{} octets of name and value, close to the 4096 browsers keep",
                c.name.len() + c.value.len()
            ),
        );
    }
    if session {
        let bits = apparent_entropy_bits(&c.value);
        let (sev, asvs) = if bits < 64.0 {
            (Severity::High, "ASVS 4.0.3 V3.2.2")
        } else if bits < 128.0 {
            (Severity::Medium, "ASVS 5.0 V7.2.3")
        } else {
            (Severity::Info, "ASVS 5.0 V7.2.3")
        };
        add(
            "entropy",
            sev,
            asvs,
            format!(
                "apparent entropy of the value: at most {bits:.0} bits (ASVS asks for 128 from a CSPRNG)"
            ),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(h: &str, o: &LintOptions) -> Vec<(&'static str, Severity)> {
        lint_header(h, o)
            .into_iter()
            .map(|f| (f.id, f.severity))
            .collect()
    }

    #[test]
    fn a_hardened_session_cookie_has_only_the_entropy_note() {
        let h =
            "__Host-sid=Zx8kQ2mV9pL4rT7wY1nB5cF3hJ6dS0aE; Path=/; Secure; HttpOnly; SameSite=Lax";
        assert_eq!(
            ids(h, &LintOptions::default()),
            [("entropy", Severity::Info)]
        );
    }

    #[test]
    fn a_legacy_php_cookie_fails_everything() {
        let got = ids(
            "PHPSESSID=1234; path=/; domain=.shop.com; expires=Wed, 21 Oct 2099 07:28:00 GMT; SameSite=None",
            &LintOptions::default(),
        );
        let want = [
            ("no-secure", Severity::High),
            ("no-httponly", Severity::High),
            ("samesite-none", Severity::High),
            ("domain-attribute", Severity::Medium),
            ("no-host-prefix", Severity::Medium),
            ("persistent", Severity::Medium),
            ("entropy", Severity::High),
        ];
        assert_eq!(got, want);
    }

    #[test]
    fn non_session_cookies_are_judged_mildly() {
        assert_eq!(
            ids("theme=dark; Secure; SameSite=Lax", &LintOptions::default()),
            [
                ("no-httponly", Severity::Low),
                ("no-host-prefix", Severity::Low)
            ]
        );
    }

    #[test]
    fn expected_path() {
        let o = LintOptions {
            session: false,
            expected_path: Some("/account".into()),
        };
        let h = "x=1; Secure; HttpOnly; SameSite=Strict; Path=/";
        assert!(ids(h, &o).contains(&("broad-path", Severity::Medium)));
        let h = "x=1; Secure; HttpOnly; SameSite=Strict; Path=/account";
        assert!(!ids(h, &o).iter().any(|(id, _)| *id == "broad-path"));
        let h = "x=1; Secure; HttpOnly; SameSite=Strict; Path=/account/orders";
        assert!(!ids(h, &o).iter().any(|(id, _)| *id == "broad-path"));
    }

    #[test]
    fn dropped_headers() {
        assert_eq!(
            ids("a=b\x01", &LintOptions::default()),
            [("dropped", Severity::High)]
        );
        let big = format!("sid={}", "x".repeat(5000));
        assert_eq!(
            ids(&big, &LintOptions::default()),
            [("oversized", Severity::High)]
        );
        assert!(
            ids("__Host-sid=x; Secure", &LintOptions::default())
                .contains(&("prefix-violated", Severity::High))
        );
    }

    #[test]
    fn entropy_estimates() {
        assert_eq!(apparent_entropy_bits(""), 0.0);
        assert_eq!(apparent_entropy_bits("aaaaaaaaaaaaaaaa"), 0.0);
        let hex32 = "0123456789abcdef0123456789abcdef";
        assert!((apparent_entropy_bits(hex32) - 128.0).abs() < 1e-9);
        assert!((apparent_entropy_bits("1234567890") - 10.0 * 10f64.log2()).abs() < 1e-9);
        assert!(apparent_entropy_bits("Zx8kQ2mV9pL4rT7wY1nB5cF3hJ6dS0aE") > 150.0);
        // 16 random bytes in base64url (22 characters): 132 bits, not the 94 an empirical
        // per-character entropy of 22 samples allows.
        assert!((apparent_entropy_bits("q3Xv_0Lr9KbT2wYpZ8sJ-A") - 132.0).abs() < 1e-9);
        // A Unix timestamp: 3 distinct digits of the 6.5 a uniform draw shows.
        assert!(apparent_entropy_bits("1700000000") < 12.0);
    }
}
