//! Serialization: the `Set-Cookie` builder and the `Cookie` header writer.
//!
//! Both refuse, with a typed error, any input that would inject an attribute or break the
//! header (CVE-2024-47764 let `;` in a name, path or domain add attributes), so a header they
//! write always parses back to exactly what was given. The accepted alphabets follow RFC 6265bis
//! §4.1.1 loosely: visible ASCII for names and values, minus the separators that matter.

use std::borrow::Cow;

use super::date::format_imf_fixdate;
use super::parse::{MAX_ATTRIBUTE_VALUE_OCTETS, MAX_NAME_VALUE_OCTETS, SameSite, SetCookie};
use crate::time::UnixTime;

/// Which part of a cookie a [`BuildError`] is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Part {
    /// The cookie name.
    Name,
    /// The cookie value.
    Value,
    /// The `Path` attribute.
    Path,
    /// The `Domain` attribute.
    Domain,
}

impl std::fmt::Display for Part {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Part::Name => "name",
            Part::Value => "value",
            Part::Path => "path",
            Part::Domain => "domain",
        })
    }
}

/// Why a cookie could not be serialized.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum BuildError {
    /// A character that could end the pair, add an attribute or break the header.
    #[error("cookie {part} contains the forbidden character {ch:?}")]
    ForbiddenChar {
        /// Where.
        part: Part,
        /// The character.
        ch: char,
    },
    /// A name, path or domain that is empty.
    #[error("cookie {0} is empty")]
    Empty(Part),
    /// A path that does not start with `/` (it would be replaced by the default-path).
    #[error("cookie path must start with '/'")]
    RelativePath,
    /// A domain with a leading dot or upper-case letters, which would parse back changed.
    #[error("cookie domain must be lower-case without a leading dot")]
    DomainNotCanonical,
    /// Name and value together over 4096 octets, or an attribute value over 1024.
    #[error("cookie {0} is too long for browsers to keep")]
    TooLong(Part),
    /// An `Expires` outside the years 1601-9999 that a cookie-date can name.
    #[error("Expires is outside the years 1601-9999")]
    ExpiresOutOfRange,
    /// A name prefix whose requirements are not met, which browsers would reject.
    #[error("the {0} prefix requires {1}")]
    PrefixRequirements(&'static str, &'static str),
    /// `SameSite=None` or `Partitioned` without `Secure`, which browsers reject.
    #[error("{0} requires Secure")]
    RequiresSecure(&'static str),
}

fn check_chars(s: &str, part: Part, allowed: impl Fn(u8) -> bool) -> Result<(), BuildError> {
    match s
        .char_indices()
        .find(|&(_, c)| !c.is_ascii() || !allowed(c as u8))
    {
        Some((_, ch)) => Err(BuildError::ForbiddenChar { part, ch }),
        None => Ok(()),
    }
}

fn visible(b: u8) -> bool {
    (0x21..=0x7e).contains(&b)
}

/// A name: visible ASCII except `;` and `=` (RFC 6265bis §4.1.1 token, relaxed as browsers do).
fn check_name(name: &str) -> Result<(), BuildError> {
    if name.is_empty() {
        return Err(BuildError::Empty(Part::Name));
    }
    check_chars(name, Part::Name, |b| visible(b) && b != b';' && b != b'=')
}

/// A value: visible ASCII except `;` (no spaces, which a parser would trim at the ends).
fn check_value(value: &str) -> Result<(), BuildError> {
    check_chars(value, Part::Value, |b| visible(b) && b != b';')
}

impl<'a> SetCookie<'a> {
    /// Starts a cookie for the builder: the other fields default to absent.
    /// Takes borrowed (`&str`) or owned (`String`) parts.
    pub fn new(name: impl Into<Cow<'a, str>>, value: impl Into<Cow<'a, str>>) -> Self {
        SetCookie {
            name: name.into(),
            value: value.into(),
            ..SetCookie::default()
        }
    }

    /// Sets `Path`.
    #[must_use]
    pub fn with_path(mut self, path: impl Into<Cow<'a, str>>) -> Self {
        self.path = Some(path.into());
        self
    }

    /// Sets `Domain`.
    #[must_use]
    pub fn with_domain(mut self, domain: impl Into<Cow<'a, str>>) -> Self {
        self.domain = Some(domain.into());
        self
    }

    /// Sets `Secure`.
    #[must_use]
    pub fn with_secure(mut self, on: bool) -> Self {
        self.secure = on;
        self
    }

    /// Sets `HttpOnly`.
    #[must_use]
    pub fn with_http_only(mut self, on: bool) -> Self {
        self.http_only = on;
        self
    }

    /// Sets `SameSite` (`SameSite::Default` writes no attribute).
    #[must_use]
    pub fn with_same_site(mut self, same_site: SameSite) -> Self {
        self.same_site = same_site;
        self
    }

    /// Sets `Max-Age` in seconds (zero or less deletes the cookie).
    #[must_use]
    pub fn with_max_age(mut self, secs: i64) -> Self {
        self.max_age = Some(secs);
        self
    }

    /// Sets `Expires` (written in whole seconds).
    #[must_use]
    pub fn with_expires(mut self, at: UnixTime) -> Self {
        self.expires = Some(at);
        self
    }

    /// Sets `Partitioned`.
    #[must_use]
    pub fn with_partitioned(mut self, on: bool) -> Self {
        self.partitioned = on;
        self
    }

    /// Checks every part and writes the `Set-Cookie` header value, or says why it cannot.
    /// What it writes parses back (with [`SetCookie::parse`]) to a value equal to `self`.
    pub fn to_header_value(&self) -> Result<String, BuildError> {
        check_name(&self.name)?;
        check_value(&self.value)?;
        if self.name.len() + self.value.len() > MAX_NAME_VALUE_OCTETS {
            return Err(BuildError::TooLong(Part::Value));
        }
        let mut out = String::with_capacity(self.name.len() + self.value.len() + 64);
        out.push_str(&self.name);
        out.push('=');
        out.push_str(&self.value);
        if let Some(t) = self.expires {
            let date = format_imf_fixdate(t.as_secs()).ok_or(BuildError::ExpiresOutOfRange)?;
            out.push_str("; Expires=");
            out.push_str(&date);
        }
        if let Some(secs) = self.max_age {
            out.push_str("; Max-Age=");
            out.push_str(&secs.to_string());
        }
        if let Some(domain) = &self.domain {
            check_attribute(domain, Part::Domain)?;
            // Lower-case letters, digits, '-' and '.', no leading dot: what parses back unchanged.
            check_chars(domain, Part::Domain, |b| {
                b.is_ascii_alphanumeric() || b == b'-' || b == b'.'
            })?;
            if domain.starts_with('.') || domain.bytes().any(|b| b.is_ascii_uppercase()) {
                return Err(BuildError::DomainNotCanonical);
            }
            out.push_str("; Domain=");
            out.push_str(domain);
        }
        if let Some(path) = &self.path {
            check_attribute(path, Part::Path)?;
            check_chars(path, Part::Path, |b| visible(b) && b != b';')?;
            if !path.starts_with('/') {
                return Err(BuildError::RelativePath);
            }
            out.push_str("; Path=");
            out.push_str(path);
        }
        if self.secure {
            out.push_str("; Secure");
        }
        if self.http_only {
            out.push_str("; HttpOnly");
        }
        if let Some(v) = self.same_site.as_attribute() {
            out.push_str("; SameSite=");
            out.push_str(v);
        }
        if self.partitioned {
            out.push_str("; Partitioned");
        }
        self.check_browser_rules()?;
        Ok(out)
    }

    /// Rules under which every browser would drop the cookie (§5.7 steps 19-21, CHIPS).
    fn check_browser_rules(&self) -> Result<(), BuildError> {
        let lower = self.name.get(..7).map(str::to_ascii_lowercase);
        let prefix9 = self.name.get(..9).map(str::to_ascii_lowercase);
        if prefix9.as_deref() == Some("__secure-") && !self.secure {
            return Err(BuildError::PrefixRequirements("__Secure-", "Secure"));
        }
        if lower.as_deref() == Some("__host-")
            && !(self.secure && self.domain.is_none() && self.path.as_deref() == Some("/"))
        {
            return Err(BuildError::PrefixRequirements(
                "__Host-",
                "Secure, Path=/ and no Domain",
            ));
        }
        if self.same_site == SameSite::None && !self.secure {
            return Err(BuildError::RequiresSecure("SameSite=None"));
        }
        if self.partitioned && !self.secure {
            return Err(BuildError::RequiresSecure("Partitioned"));
        }
        Ok(())
    }
}

impl SetCookie<'_> {
    /// Writes the cookie back as a header *without* checks, escaping nothing: for values that
    /// came from [`SetCookie::parse`], whose output this reproduces exactly when parsed again
    /// (the fuzz oracles check it). A nameless cookie is written `=value`; a domain that kept a
    /// leading dot, or whitespace that followed the stripped dot (`Domain=. x`), gets a dot in
    /// front, since parsing trims whitespace and then strips one dot.
    pub fn to_header_value_unchecked(&self) -> String {
        let mut out = format!("{}={}", self.name, self.value);
        if let Some(t) = self.expires.and_then(|t| format_imf_fixdate(t.as_secs())) {
            out.push_str("; Expires=");
            out.push_str(&t);
        }
        if let Some(secs) = self.max_age {
            out.push_str(&format!("; Max-Age={secs}"));
        }
        if let Some(d) = &self.domain {
            out.push_str(if d.is_empty() || d.starts_with(['.', ' ', '\t']) {
                "; Domain=."
            } else {
                "; Domain="
            });
            out.push_str(d);
        }
        if let Some(p) = &self.path {
            out.push_str("; Path=");
            out.push_str(p);
        }
        for (on, attr) in [
            (self.secure, "; Secure"),
            (self.http_only, "; HttpOnly"),
            (self.partitioned, "; Partitioned"),
        ] {
            if on {
                out.push_str(attr);
            }
        }
        if let Some(v) = self.same_site.as_attribute() {
            out.push_str("; SameSite=");
            out.push_str(v);
        }
        out
    }
}

/// The validating writer: what [`SetCookie::to_header_value`] writes. A cookie that it refuses
/// (one that would inject an attribute or parse back different) is not written at all: the
/// formatter gets [`std::fmt::Error`], so `write!` reports it. Call `to_header_value` to learn
/// why; `to_string()` on such a cookie panics, as `ToString` does for any formatting error.
impl std::fmt::Display for SetCookie<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.to_header_value() {
            Ok(header) => f.write_str(&header),
            Err(_) => Err(std::fmt::Error),
        }
    }
}

/// Parses a `Set-Cookie` header value (§5.6, as [`SetCookie::parse`]) into an owned cookie.
impl std::str::FromStr for SetCookie<'static> {
    type Err = super::parse::SetCookieError;

    fn from_str(header: &str) -> Result<Self, Self::Err> {
        SetCookie::parse(header).map(SetCookie::into_owned)
    }
}

fn check_attribute(v: &str, part: Part) -> Result<(), BuildError> {
    if v.is_empty() {
        return Err(BuildError::Empty(part));
    }
    if v.len() > MAX_ATTRIBUTE_VALUE_OCTETS {
        return Err(BuildError::TooLong(part));
    }
    Ok(())
}

/// Writes a `Cookie` request header value from `(name, value)` pairs, joined by `"; "`.
/// Names and values are checked as for `Set-Cookie`, so the header parses back to the pairs
/// (see [`parse_cookie_header`](super::parse_cookie_header)).
pub fn write_cookie_header<'a>(
    pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> Result<String, BuildError> {
    let mut out = String::new();
    for (name, value) in pairs {
        check_name(name)?;
        check_value(value)?;
        if !out.is_empty() {
            out.push_str("; ");
        }
        out.push_str(name);
        out.push('=');
        out.push_str(value);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cookie::parse_cookie_header;

    fn round_trip(c: &SetCookie<'_>) -> String {
        let h = c.to_header_value().unwrap();
        assert_eq!(&SetCookie::parse(&h).unwrap(), c, "{h}");
        h
    }

    /// Found by the `set_cookie` fuzz target: `Domain= . x` parses (RFC 6265bis §5.6.3: trim,
    /// strip one dot, lower-case) to the domain `" x"`, which the unchecked writer must write
    /// with a dot in front or the space is trimmed away on the next parse.
    #[test]
    fn unchecked_writer_keeps_whitespace_after_a_stripped_dot() {
        for header in [
            "+=; Domain= . Sa  SameSite=L }<",
            "a=b; Domain=.\tx",
            "a=b; Domain=..x",
        ] {
            let parsed = SetCookie::parse(header).unwrap();
            let again = parsed.to_header_value_unchecked();
            assert_eq!(
                SetCookie::parse(&again),
                Ok(parsed),
                "{header:?} wrote {again:?}"
            );
        }
    }

    #[test]
    fn from_str_and_display_round_trip() {
        let c: SetCookie<'static> = "sid=abc; Path=/; Secure; HttpOnly; SameSite=Lax"
            .parse()
            .unwrap();
        assert_eq!(
            c.to_string(),
            "sid=abc; Path=/; Secure; HttpOnly; SameSite=Lax"
        );
        assert_eq!(c.to_string().parse::<SetCookie<'static>>(), Ok(c));
        assert_eq!(
            "a=b\x01".parse::<SetCookie<'static>>(),
            Err(crate::cookie::SetCookieError::ControlCharacter)
        );
        // The validating Display refuses what the builder refuses: nothing is written.
        let mut out = String::new();
        let bad = SetCookie::new("a", "v;Domain=evil.com");
        assert!(std::fmt::Write::write_fmt(&mut out, format_args!("{bad}")).is_err());
        let owned =
            SetCookie::new(String::from("n"), format!("{}", 7)).with_path(String::from("/"));
        assert_eq!(owned.to_string(), "n=7; Path=/");
    }

    #[test]
    fn writes_every_attribute_in_order() {
        let c = SetCookie::new("sid", "abc")
            .with_expires(UnixTime::from_secs(784_111_777))
            .with_max_age(3600)
            .with_domain("example.com")
            .with_path("/account")
            .with_secure(true)
            .with_http_only(true)
            .with_same_site(SameSite::Strict)
            .with_partitioned(true);
        assert_eq!(
            round_trip(&c),
            "sid=abc; Expires=Sun, 06 Nov 1994 08:49:37 GMT; Max-Age=3600; Domain=example.com; \
             Path=/account; Secure; HttpOnly; SameSite=Strict; Partitioned"
        );
        round_trip(&SetCookie::new("a", "").with_max_age(i64::MIN));
        round_trip(&SetCookie::new("a", "\"quoted,value\""));
    }

    #[test]
    fn cve_2024_47764_injection_is_refused() {
        let inject = "x; Domain=evil.com";
        assert!(matches!(
            SetCookie::new(inject, "v").to_header_value(),
            Err(BuildError::ForbiddenChar {
                part: Part::Name,
                ch: ';'
            })
        ));
        assert!(SetCookie::new("a;b", "v").to_header_value().is_err());
        assert!(SetCookie::new("a", "v;Secure").to_header_value().is_err());
        assert!(
            SetCookie::new("a", "v")
                .with_path("/;Domain=evil")
                .to_header_value()
                .is_err()
        );
        assert!(
            SetCookie::new("a", "v")
                .with_domain("a.com;Secure")
                .to_header_value()
                .is_err()
        );
        assert!(SetCookie::new("a=b", "v").to_header_value().is_err());
        assert!(
            SetCookie::new("a", "v\r\nSet-Cookie: x=y")
                .to_header_value()
                .is_err()
        );
        assert!(SetCookie::new("a", "v\0").to_header_value().is_err());
        assert!(SetCookie::new("a", " v").to_header_value().is_err());
        assert!(SetCookie::new("a", "v\u{2000}").to_header_value().is_err());
        assert!(
            SetCookie::new("\u{2000}__Host-a", "v")
                .to_header_value()
                .is_err()
        );
    }

    #[test]
    fn refuses_what_would_parse_back_different() {
        let e = |c: SetCookie<'_>| c.to_header_value().unwrap_err();
        assert_eq!(e(SetCookie::new("", "v")), BuildError::Empty(Part::Name));
        assert_eq!(
            e(SetCookie::new("a", "v").with_path("rel")),
            BuildError::RelativePath
        );
        assert_eq!(
            e(SetCookie::new("a", "v").with_path("")),
            BuildError::Empty(Part::Path)
        );
        assert_eq!(
            e(SetCookie::new("a", "v").with_domain(".a.com")),
            BuildError::DomainNotCanonical
        );
        assert_eq!(
            e(SetCookie::new("a", "v").with_domain("A.com")),
            BuildError::DomainNotCanonical
        );
        assert_eq!(
            e(SetCookie::new("a", "v").with_expires(UnixTime::MAX)),
            BuildError::ExpiresOutOfRange
        );
        let long = "x".repeat(4096);
        assert_eq!(
            e(SetCookie::new("a", &long)),
            BuildError::TooLong(Part::Value)
        );
        let path = format!("/{}", "p".repeat(1024));
        assert_eq!(
            e(SetCookie::new("a", "v").with_path(&path)),
            BuildError::TooLong(Part::Path)
        );
    }

    #[test]
    fn refuses_what_browsers_drop() {
        let e = |c: SetCookie<'_>| c.to_header_value().unwrap_err();
        assert!(matches!(
            e(SetCookie::new("__Secure-a", "v")),
            BuildError::PrefixRequirements(..)
        ));
        assert!(matches!(
            e(SetCookie::new("__host-a", "v").with_secure(true)),
            BuildError::PrefixRequirements(..)
        ));
        let host_with_domain = SetCookie::new("__Host-a", "v")
            .with_secure(true)
            .with_path("/")
            .with_domain("a.com");
        assert!(matches!(
            e(host_with_domain),
            BuildError::PrefixRequirements(..)
        ));
        round_trip(
            &SetCookie::new("__Host-a", "v")
                .with_secure(true)
                .with_path("/"),
        );
        round_trip(&SetCookie::new("__Secure-a", "v").with_secure(true));
        assert_eq!(
            e(SetCookie::new("a", "v").with_same_site(SameSite::None)),
            BuildError::RequiresSecure("SameSite=None")
        );
        assert_eq!(
            e(SetCookie::new("a", "v").with_partitioned(true)),
            BuildError::RequiresSecure("Partitioned")
        );
    }

    #[test]
    fn cookie_header_writer() {
        let h = write_cookie_header([("a", "b"), ("c", "\"d,e\"")]).unwrap();
        assert_eq!(h, "a=b; c=\"d,e\"");
        assert_eq!(
            parse_cookie_header(&h).collect::<Vec<_>>(),
            [("a", "b"), ("c", "\"d,e\"")]
        );
        assert_eq!(write_cookie_header([]).unwrap(), "");
        assert!(write_cookie_header([("a", "b;c=d")]).is_err());
        assert!(write_cookie_header([("", "b")]).is_err());
    }
}
