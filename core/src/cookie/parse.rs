//! Parsing of the `Set-Cookie` response header (RFC 6265bis §5.6) and of the `Cookie` request
//! header (§4.2 and §5.8.3's serialization, read back by servers).
//!
//! Both parsers borrow from their input and run in one pass: no backtracking, no unquoting,
//! so the cost is linear in the input (CPython's CVE-2024-7592 was a quadratic unquote).
//!
//! Non-UTF-8 input: the model keeps cookies as text, so [`SetCookie::parse_bytes`] drops a
//! `Set-Cookie` line that is not valid UTF-8 (after the §5.6 step 1 control-character check,
//! which runs on the raw octets) with [`SetCookieError::NotUtf8`], and
//! [`parse_cookie_header_bytes`] answers the same error for a `Cookie` header.

use std::borrow::Cow;

use super::date::parse_cookie_date;
use crate::time::UnixTime;

/// §5.6 step 5 / §5.7 step 4: a cookie whose name and value together exceed this is ignored.
pub const MAX_NAME_VALUE_OCTETS: usize = 4096;
/// §5.6 attribute step 5: an attribute whose value exceeds this is ignored.
pub const MAX_ATTRIBUTE_VALUE_OCTETS: usize = 1024;
/// §5.5 "cookie-age-limit": Expires and Max-Age are capped at 400 days.
pub const COOKIE_AGE_LIMIT_SECS: i64 = 400 * 86_400;

/// The `SameSite` enforcement mode of a cookie (§5.6.7).
///
/// `Default` is what a cookie gets without the attribute or with an unrecognised value: user
/// agents that are "Lax by default" (Chrome, Edge) treat it as `Lax`.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum SameSite {
    /// No attribute, or a value other than the three below.
    #[default]
    Default,
    /// Sent on same-site requests and on cross-site top-level navigations with a safe method.
    Lax,
    /// Sent on same-site requests only.
    Strict,
    /// Sent on every request (browsers require `Secure` with it).
    None,
}

impl SameSite {
    /// The attribute value as written in a header (`None` for `Default`, which has none).
    pub fn as_attribute(self) -> Option<&'static str> {
        match self {
            SameSite::Default => Option::None,
            SameSite::Lax => Some("Lax"),
            SameSite::Strict => Some("Strict"),
            SameSite::None => Some("None"),
        }
    }
}

/// Why a `Set-Cookie` header was ignored whole.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error, serde::Serialize)]
#[non_exhaustive]
#[serde(rename_all = "kebab-case")]
pub enum SetCookieError {
    /// §5.6 step 1: a control character other than HTAB.
    #[error("contains a control character (RFC 6265bis 5.6 step 1)")]
    ControlCharacter,
    /// The model keeps cookies as text; the line is not valid UTF-8.
    #[error("is not valid UTF-8")]
    NotUtf8,
    /// §5.6 step 5: name and value together exceed 4096 octets.
    #[error("name and value exceed 4096 octets (RFC 6265bis 5.6 step 5)")]
    TooLarge,
    /// §5.7 step 2: both the name and the value are empty.
    #[error("has neither a name nor a value (RFC 6265bis 5.7 step 2)")]
    Empty,
    /// [`ParseRules::reject_inner_htab`]: a HTAB inside the name, the value or an attribute.
    #[error("contains a HTAB inside a name, value or attribute (Chromium)")]
    Htab,
    /// [`ParseRules::reject_nameless_with_equals`]: `=a=b` would be sent as a cookie `a`.
    #[error("is a nameless cookie whose value contains '=' (Chromium)")]
    NamelessWithEquals,
    /// [`ParseRules::reject_dot_domain`]: the last `Domain` attribute is `.`.
    #[error("has the Domain attribute '.' (Chromium)")]
    DotDomain,
}

/// A parsed `Set-Cookie` header: the cookie's name and value and its attribute list, reduced
/// to "the last attribute of each name wins" as §5.7 reads it. Borrowed from the header, except a
/// `Domain` that had to be lower-cased.
///
/// It is also the builder: set fields (or use the `with_*` methods) and call
/// [`SetCookie::to_header_value`], which refuses anything that would not parse back the same.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SetCookie<'a> {
    /// The cookie name; may be empty (a "nameless" cookie, §5.6 step 3).
    pub name: Cow<'a, str>,
    /// The cookie value, quotes and all: quotes are not special (§5.6).
    pub value: Cow<'a, str>,
    /// The last valid `Expires` attribute (§5.6.1; whole seconds). Max-Age beats it.
    pub expires: Option<UnixTime>,
    /// The last valid `Max-Age` attribute in seconds, saturated to the `i64` range (§5.6.2).
    pub max_age: Option<i64>,
    /// The last `Domain` attribute, one leading dot stripped, lower-cased (§5.6.3). An empty
    /// one (`Domain=` or `Domain=.`) is kept as `Some("")`: RFC 6265bis appends it like any
    /// other, so a last empty `Domain` makes the cookie host-only (§5.7 step 10).
    pub domain: Option<Cow<'a, str>>,
    /// The last `Path` attribute as written; the jar uses the default-path when it is empty or
    /// does not start with `/` (§5.6.4).
    pub path: Option<Cow<'a, str>>,
    /// `Secure` was present, with whatever value (§5.6.5).
    pub secure: bool,
    /// `HttpOnly` was present, with whatever value (§5.6.6).
    pub http_only: bool,
    /// The last `SameSite` attribute's enforcement (§5.6.7).
    pub same_site: SameSite,
    /// `Partitioned` was present (CHIPS).
    pub partitioned: bool,
}

/// A [`SetCookie`] that owns its strings ([`SetCookie::into_owned`], `str::parse`).
pub type OwnedSetCookie = SetCookie<'static>;

/// When a cookie expires, resolved against the time it was received.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Expiry {
    /// No Max-Age or Expires: the cookie lives until the browsing session ends.
    Session,
    /// Persistent, expiring at this time ([`UnixTime::MIN`] for "already expired").
    At(UnixTime),
}

/// The first `byte` (ASCII) in `s`: a plain scan, cheaper than `str::find` on the short
/// pieces of a cookie header. An ASCII byte is always a character boundary.
pub(crate) fn find_byte(s: &str, byte: u8) -> Option<usize> {
    s.as_bytes().iter().position(|&b| b == byte)
}

/// The `;`-separated pieces of a header, each split at its first `=`: `(before, after)`, with
/// `after` `None` for a piece without `=`. Untrimmed. This is §5.6 steps 2-3 and the cookie-av
/// steps 1-3 for `Set-Cookie`, and the pair split of a `Cookie` header.
///
/// The search looks at eight bytes at a time (SWAR: a word-wide test for `;` and `=` bytes),
/// and at each byte once: a value is searched for `;` only.
#[derive(Debug, Clone)]
struct Pieces<'a> {
    text: &'a str,
    /// Where the current piece starts; `None` once the last piece has been taken.
    start: Option<usize>,
}

const ONES: u64 = u64::from_le_bytes([0x01; 8]);
const LOW7: u64 = u64::from_le_bytes([0x7f; 8]);

/// `0x80` in each byte of `x` that is zero and `0` elsewhere (exact: no borrow between bytes).
#[inline]
fn zero_bytes(x: u64) -> u64 {
    !(((x & LOW7).wrapping_add(LOW7)) | x | LOW7)
}

/// `0x80` in each byte of `word` equal to `byte`.
#[inline]
fn bytes_equal(word: u64, byte: u8) -> u64 {
    zero_bytes(word ^ (ONES * u64::from(byte)))
}

/// The first position at or after `from` whose byte `hit` flags, looking at a word at a time;
/// `hit_word` flags the same bytes of a little-endian word with `0x80`. (Measured: a search
/// that keeps its word between calls, or builds 64-byte bit masks, is slower than this.)
#[inline(always)]
fn find_from(
    bytes: &[u8],
    from: usize,
    hit_word: impl Fn(u64) -> u64,
    hit: impl Fn(u8) -> bool,
) -> Option<usize> {
    let rest = bytes.get(from..)?;
    let mut words = rest.chunks_exact(8);
    let mut at = from;
    for chunk in &mut words {
        let word = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
        let flags = hit_word(word);
        if flags != 0 {
            return Some(at + (flags.trailing_zeros() / 8) as usize);
        }
        at += 8;
    }
    words
        .remainder()
        .iter()
        .position(|&b| hit(b))
        .map(|i| at + i)
}

impl<'a> Pieces<'a> {
    #[inline]
    fn new(text: &'a str) -> Self {
        Pieces {
            text,
            start: Some(0),
        }
    }
}

impl<'a> Iterator for Pieces<'a> {
    type Item = (&'a str, Option<&'a str>);

    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        let start = self.start?;
        let (text, bytes) = (self.text, self.text.as_bytes());
        // ';' and '=' are ASCII, so every position found is a character boundary.
        let mark = find_from(
            bytes,
            start,
            |w| bytes_equal(w, b';') | bytes_equal(w, b'='),
            |b| b == b';' || b == b'=',
        );
        match mark {
            Some(eq) if bytes[eq] == b'=' => {
                let end = find_from(bytes, eq + 1, |w| bytes_equal(w, b';'), |b| b == b';');
                self.start = end.map(|semi| semi + 1);
                let value = &text[eq + 1..end.unwrap_or(text.len())];
                Some((&text[start..eq], Some(value)))
            }
            Some(semi) => {
                self.start = Some(semi + 1);
                Some((&text[start..semi], None))
            }
            None => {
                self.start = None;
                Some((&text[start..], None))
            }
        }
    }
}

/// ASCII case-insensitive equality with a lower-case ASCII `lower` made of letters and `-`.
/// `b | 0x20` maps only `A`-`Z` onto `a`-`z` and CR onto `-`, and control characters never
/// get this far (§5.6 step 1), so this is exact here and cheaper than `eq_ignore_ascii_case`.
#[inline]
fn is_lower(s: &str, lower: &[u8]) -> bool {
    s.len() == lower.len() && s.bytes().zip(lower).all(|(b, &l)| b | 0x20 == l)
}

/// §5.6 attribute step 4 and §5.6 step 4: only SP and HTAB are whitespace here. Trimming Unicode
/// whitespace would let `\u{2000}__Host-x` pass as a `__Host-` cookie on the server.
#[inline]
pub(crate) fn trim_wsp(s: &str) -> &str {
    let b = s.as_bytes();
    let is_wsp = |c: u8| c == b' ' || c == b'\t';
    let (mut start, mut end) = (0, b.len());
    while start < end && is_wsp(b[start]) {
        start += 1;
    }
    while end > start && is_wsp(b[end - 1]) {
        end -= 1;
    }
    // SP and HTAB are ASCII, so both ends fall on character boundaries.
    &s[start..end]
}

/// Whether any byte is a control character other than HTAB. A branch-free fold, so the compiler
/// vectorizes it: this check runs over every header.
fn has_forbidden_ctl(bytes: &[u8]) -> bool {
    bytes
        .iter()
        .fold(false, |acc, &b| acc | is_forbidden_ctl(b))
}

fn has_tab(s: &str) -> bool {
    find_byte(s, b'\t').is_some()
}

#[inline]
fn is_forbidden_ctl(b: u8) -> bool {
    (b < 0x20 && b != b'\t') || b == 0x7F
}

/// The parse-level rules on which user agents differ from the RFC text: part of a browser
/// profile ([`JarConfig`](super::JarConfig)). [`ParseRules::RFC`] is RFC 6265bis as written,
/// [`ParseRules::CHROMIUM`] is what Chromium does (each switch names where it deviates).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ParseRules {
    /// Refuse a cookie with a HTAB inside its name, its value, or an attribute's name or value
    /// (Chromium counts HTAB among the control characters; only leading and trailing
    /// whitespace is trimmed). The RFC allows it (§5.6 step 1 exempts HTAB).
    pub reject_inner_htab: bool,
    /// Refuse a nameless cookie whose value contains `=` (`=a=b`): it would be sent as `a=b`,
    /// a cookie named `a` (Chromium). The RFC stores it.
    pub reject_nameless_with_equals: bool,
    /// Refuse a cookie whose last `Domain` attribute is `.` (Chromium). The RFC strips the dot
    /// and the empty domain makes the cookie host-only.
    pub reject_dot_domain: bool,
    /// Accept `Max-Age=+5` as 5 seconds (Chromium's integer parser takes a `+` sign). The RFC
    /// ignores the attribute (§5.6.2: the first character must be a DIGIT or `-`).
    pub max_age_plus_sign: bool,
    /// The last `Max-Age` and the last `Expires` are the ones that count even when their value
    /// is invalid, which then leaves none (`Max-Age=100; Max-Age=abc` is a session cookie in
    /// Chromium, which keeps the last attribute of each name and parses it afterwards). The RFC
    /// ignores an invalid attribute, so an earlier valid one stands.
    pub last_expiry_attribute_counts: bool,
}

impl ParseRules {
    /// RFC 6265bis (draft 22) as written.
    pub const RFC: ParseRules = ParseRules {
        reject_inner_htab: false,
        reject_nameless_with_equals: false,
        reject_dot_domain: false,
        max_age_plus_sign: false,
        last_expiry_attribute_counts: false,
    };
    /// Chromium's parser.
    pub const CHROMIUM: ParseRules = ParseRules {
        reject_inner_htab: true,
        reject_nameless_with_equals: true,
        reject_dot_domain: true,
        max_age_plus_sign: true,
        last_expiry_attribute_counts: true,
    };
}

impl Default for ParseRules {
    fn default() -> Self {
        ParseRules::RFC
    }
}

impl<'a> SetCookie<'a> {
    /// Parses a `Set-Cookie` header value (without the `Set-Cookie:` name) per §5.6.
    pub fn parse(header: &'a str) -> Result<Self, SetCookieError> {
        Self::parse_with(header, ParseRules::RFC)
    }

    /// [`SetCookie::parse`] under a browser's [`ParseRules`].
    #[inline]
    pub fn parse_with(header: &'a str, rules: ParseRules) -> Result<Self, SetCookieError> {
        // Step 1: any CTL other than HTAB drops the whole line.
        if has_forbidden_ctl(header.as_bytes()) {
            return Err(SetCookieError::ControlCharacter);
        }
        Self::parse_checked(header, rules)
    }

    /// Steps 2 onwards, for a header already known to be free of control characters.
    #[inline]
    fn parse_checked(header: &'a str, rules: ParseRules) -> Result<Self, SetCookieError> {
        let mut pieces = Pieces::new(header);
        // Step 2: the name-value-pair ends at the first ';'. Step 3: split on the first '=';
        // without one the whole pair is the value.
        let (name, value) = match pieces.next() {
            Some((name, Some(value))) => (name, value),
            Some((pair, None)) => ("", pair),
            None => ("", ""),
        };
        // Step 4: trim SP and HTAB only.
        let (name, value) = (trim_wsp(name), trim_wsp(value));
        // Step 5: the 4096-octet limit on name + value.
        if name.len() + value.len() > MAX_NAME_VALUE_OCTETS {
            return Err(SetCookieError::TooLarge);
        }
        // §5.7 step 2: nothing at all is no cookie.
        if name.is_empty() && value.is_empty() {
            return Err(SetCookieError::Empty);
        }
        if rules.reject_inner_htab && (has_tab(name) || has_tab(value)) {
            return Err(SetCookieError::Htab);
        }
        if rules.reject_nameless_with_equals && name.is_empty() && find_byte(value, b'=').is_some()
        {
            return Err(SetCookieError::NamelessWithEquals);
        }
        let mut cookie = SetCookie {
            name: Cow::Borrowed(name),
            value: Cow::Borrowed(value),
            ..SetCookie::default()
        };
        let mut dot_domain = false;
        // Attribute steps 1-3: each ';'-separated piece, split on its first '='.
        for (attr, val) in pieces {
            // Step 4: trim; step 5: over-long values drop the attribute.
            let (attr, val) = (trim_wsp(attr), trim_wsp(val.unwrap_or("")));
            if rules.reject_inner_htab && (has_tab(attr) || has_tab(val)) {
                return Err(SetCookieError::Htab);
            }
            if val.len() > MAX_ATTRIBUTE_VALUE_OCTETS {
                continue;
            }
            // Step 6: case-insensitive names; unknown ones are ignored.
            if let Some(is_dot) = cookie.apply_attribute(attr, val, rules) {
                dot_domain = is_dot;
            }
        }
        if rules.reject_dot_domain && dot_domain {
            return Err(SetCookieError::DotDomain);
        }
        Ok(cookie)
    }

    /// Parses raw header octets: the step 1 control-character check runs on the octets, then a
    /// line that is not UTF-8 is dropped with [`SetCookieError::NotUtf8`].
    pub fn parse_bytes(header: &'a [u8]) -> Result<Self, SetCookieError> {
        Self::parse_bytes_with(header, ParseRules::RFC)
    }

    /// [`SetCookie::parse_bytes`] under a browser's [`ParseRules`].
    pub fn parse_bytes_with(header: &'a [u8], rules: ParseRules) -> Result<Self, SetCookieError> {
        if has_forbidden_ctl(header) {
            return Err(SetCookieError::ControlCharacter);
        }
        let text = std::str::from_utf8(header).map_err(|_| SetCookieError::NotUtf8)?;
        Self::parse_checked(text, rules)
    }

    /// Applies one attribute; for a `Domain` attribute, answers whether its value was `.`.
    #[inline]
    fn apply_attribute(&mut self, attr: &str, val: &'a str, rules: ParseRules) -> Option<bool> {
        // Dispatch on the length first: one comparison per attribute instead of eight.
        let is = |name: &str| is_lower(attr, name.as_bytes());
        match attr.len() {
            7 if is("expires") => {
                // §5.6.1: an unparseable date ignores the attribute.
                match parse_cookie_date(val.as_bytes()) {
                    Ok(t) => self.expires = Some(UnixTime::from_secs(t)),
                    Err(_) if rules.last_expiry_attribute_counts => self.expires = None,
                    Err(_) => {}
                }
            }
            7 if is("max-age") => {
                // §5.6.2 steps 1-3: digits, optionally after a leading '-'; else ignored.
                match parse_max_age(val, rules.max_age_plus_sign) {
                    Some(secs) => self.max_age = Some(secs),
                    None if rules.last_expiry_attribute_counts => self.max_age = None,
                    None => {}
                }
            }
            // §5.6.3: strip one leading dot and lower-case. An empty value is appended like
            // any other (RFC 6265's "SHOULD ignore" is gone from 6265bis).
            6 if is("domain") => {
                let d = val.strip_prefix('.').unwrap_or(val);
                self.domain = Some(if d.bytes().any(|b| b.is_ascii_uppercase()) {
                    Cow::Owned(d.to_ascii_lowercase())
                } else {
                    Cow::Borrowed(d)
                });
                return Some(val == ".");
            }
            // §5.6.4: the jar substitutes the default-path for an empty or relative value.
            4 if is("path") => self.path = Some(Cow::Borrowed(val)),
            6 if is("secure") => self.secure = true, // §5.6.5: regardless of any value.
            8 if is("httponly") => self.http_only = true, // §5.6.6: regardless of any value.
            8 if is("samesite") => {
                // §5.6.7: unrecognised values reset the enforcement to "Default".
                self.same_site = if is_lower(val, b"none") {
                    SameSite::None
                } else if is_lower(val, b"strict") {
                    SameSite::Strict
                } else if is_lower(val, b"lax") {
                    SameSite::Lax
                } else {
                    SameSite::Default
                };
            }
            11 if is("partitioned") => self.partitioned = true,
            _ => {} // §5.6 step 6: unknown attributes are ignored.
        }
        None
    }

    /// The same cookie owning its strings, so it can outlive the header it was parsed from.
    pub fn into_owned(self) -> SetCookie<'static> {
        SetCookie {
            name: Cow::Owned(self.name.into_owned()),
            value: Cow::Owned(self.value.into_owned()),
            expires: self.expires,
            max_age: self.max_age,
            domain: self.domain.map(|d| Cow::Owned(d.into_owned())),
            path: self.path.map(|p| Cow::Owned(p.into_owned())),
            secure: self.secure,
            http_only: self.http_only,
            same_site: self.same_site,
            partitioned: self.partitioned,
        }
    }

    /// The path the cookie is stored under when received for a request to `request_path`
    /// (§5.6.4 and §5.7 step 11).
    pub fn effective_path<'p>(&'p self, request_path: &'p str) -> Cow<'p, str> {
        match &self.path {
            Some(p) if p.starts_with('/') => Cow::Borrowed(p),
            _ => Cow::Owned(super::path::default_path(request_path).to_owned()),
        }
    }

    /// The expiry of this cookie when received at `now`: Max-Age beats Expires whatever their
    /// order (§5.7 step 6), both capped at 400 days (§5.6.1, §5.6.2), and a Max-Age of zero or
    /// less means "already expired" ([`UnixTime::MIN`]).
    pub fn expiry_at(&self, now: UnixTime) -> Expiry {
        let limit = now.add_secs(COOKIE_AGE_LIMIT_SECS);
        match (self.max_age, self.expires) {
            (Some(delta), _) if delta <= 0 => Expiry::At(UnixTime::MIN),
            (Some(delta), _) => Expiry::At(now.add_secs(delta.min(COOKIE_AGE_LIMIT_SECS))),
            (None, Some(t)) => Expiry::At(t.min(limit)),
            (None, None) => Expiry::Session,
        }
    }
}

/// §5.6.2: `-`? DIGIT+ (or `+` DIGIT+ when `plus` allows it), saturating at the `i64` bounds
/// instead of overflowing.
fn parse_max_age(val: &str, plus: bool) -> Option<i64> {
    let (negative, digits) = match val.as_bytes().first() {
        Some(b'-') => (true, &val[1..]),
        Some(b'+') if plus => (false, &val[1..]),
        _ => (false, val),
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(digits.bytes().fold(0i64, |acc, b| {
        let d = i64::from(b - b'0');
        if negative {
            acc.saturating_mul(10).saturating_sub(d)
        } else {
            acc.saturating_mul(10).saturating_add(d)
        }
    }))
}

/// The `(name, value)` pairs of a `Cookie` request header, borrowed from it.
///
/// Pairs are separated by `;`, trimmed of SP and HTAB, and split on the first `=`; a pair
/// without `=` is a nameless cookie (name `""`), which is how user agents serialize those
/// (§5.8.3 step 4). Empty pairs are skipped. Quotes and commas are ordinary characters.
pub fn parse_cookie_header(header: &str) -> CookiePairs<'_> {
    CookiePairs {
        pieces: Pieces::new(header),
    }
}

/// [`parse_cookie_header`] over raw octets: a header that is not UTF-8 is refused whole.
pub fn parse_cookie_header_bytes(header: &[u8]) -> Result<CookiePairs<'_>, SetCookieError> {
    std::str::from_utf8(header)
        .map(parse_cookie_header)
        .map_err(|_| SetCookieError::NotUtf8)
}

/// Iterator returned by [`parse_cookie_header`].
#[derive(Debug, Clone)]
pub struct CookiePairs<'a> {
    pieces: Pieces<'a>,
}

impl<'a> Iterator for CookiePairs<'a> {
    type Item = (&'a str, &'a str);

    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        loop {
            match self.pieces.next()? {
                (name, Some(value)) => return Some((trim_wsp(name), trim_wsp(value))),
                (part, None) => {
                    let part = trim_wsp(part);
                    if !part.is_empty() {
                        return Some(("", part));
                    }
                }
            }
        }
    }
}

impl std::iter::FusedIterator for CookiePairs<'_> {}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> SetCookie<'_> {
        SetCookie::parse(s).unwrap()
    }

    #[test]
    fn step_1_control_characters_drop_the_cookie() {
        for ctl in (0u8..=0x1f).chain([0x7f]).filter(|&b| b != b'\t') {
            let s = format!("a=b{}c", ctl as char);
            assert_eq!(
                SetCookie::parse(&s),
                Err(SetCookieError::ControlCharacter),
                "{ctl:#x}"
            );
            let s = format!("a=b; Path=/{}", ctl as char);
            assert_eq!(
                SetCookie::parse(&s),
                Err(SetCookieError::ControlCharacter),
                "{ctl:#x}"
            );
        }
        assert_eq!(p("a=b\tc").value, "b\tc");
    }

    #[test]
    fn step_3_nameless_cookies() {
        let c = p("just-a-value; Secure");
        assert_eq!((&*c.name, &*c.value), ("", "just-a-value"));
        let c = p("=value");
        assert_eq!((&*c.name, &*c.value), ("", "value"));
        assert_eq!(SetCookie::parse(""), Err(SetCookieError::Empty));
        assert_eq!(SetCookie::parse("="), Err(SetCookieError::Empty));
        assert_eq!(SetCookie::parse(" ; Secure"), Err(SetCookieError::Empty));
    }

    #[test]
    fn step_3_split_on_first_equals() {
        let c = p("a=b=c==");
        assert_eq!((&*c.name, &*c.value), ("a", "b=c=="));
        let c = p("a=");
        assert_eq!((&*c.name, &*c.value), ("a", ""));
    }

    #[test]
    fn step_4_trims_only_sp_and_htab() {
        let c = p(" \t a \t = \t b \t ");
        assert_eq!((&*c.name, &*c.value), ("a", "b"));
        // U+2000 is not trimmed: a `__Host-` lookalike stays distinct from `__Host-`.
        let c = p("\u{2000}__Host-sid=x");
        assert_eq!(c.name, "\u{2000}__Host-sid");
        let c = p("a=\u{a0}b\u{a0}");
        assert_eq!(c.value, "\u{a0}b\u{a0}");
    }

    #[test]
    fn commas_and_quotes_are_not_separators() {
        let c = p("a=\"b, c\"; Path=/");
        assert_eq!(c.value, "\"b, c\"");
        let c = p("a=b, c=d");
        assert_eq!((&*c.name, &*c.value), ("a", "b, c=d"));
        let c = p("a=\"b;c\"");
        assert_eq!(c.value, "\"b");
    }

    #[test]
    fn step_5_size_limit_counts_name_and_value() {
        let ok = format!("{}={}", "n".repeat(96), "v".repeat(4000));
        assert!(SetCookie::parse(&ok).is_ok());
        let big = format!("{}={}", "n".repeat(97), "v".repeat(4000));
        assert_eq!(SetCookie::parse(&big), Err(SetCookieError::TooLarge));
        // Whitespace that is trimmed does not count.
        let padded = format!("{}={}   ", "n".repeat(96), "v".repeat(4000));
        assert!(SetCookie::parse(&padded).is_ok());
    }

    #[test]
    fn attribute_step_5_long_values_drop_the_attribute() {
        let h = format!("a=b; Path=/{}", "x".repeat(1023));
        assert_eq!(p(&h).path.map(|p| p.len()), Some(1024));
        let h = format!("a=b; Path=/ok; Path=/{}", "x".repeat(1024));
        assert_eq!(p(&h).path.as_deref(), Some("/ok"));
        let h = format!("a=b; Secure={}", "x".repeat(1025));
        assert!(!p(&h).secure);
    }

    #[test]
    fn attribute_names_case_insensitive_unknown_ignored() {
        let c = p("a=b; SECURE; hTtPoNlY; pAtH=/x; DoMaIn=Example.COM; Foo=bar; SameSite=sTrIcT");
        assert!(c.secure && c.http_only);
        assert_eq!(c.path.as_deref(), Some("/x"));
        assert_eq!(c.domain.as_deref(), Some("example.com"));
        assert_eq!(c.same_site, SameSite::Strict);
    }

    #[test]
    fn secure_and_httponly_regardless_of_value() {
        let c = p("a=b; Secure=false; HttpOnly=0");
        assert!(c.secure && c.http_only);
    }

    #[test]
    fn last_attribute_wins() {
        let c = p("a=b; Path=/one; Domain=a.com; Path=/two; Domain=b.com; Max-Age=1; Max-Age=2");
        assert_eq!(c.path.as_deref(), Some("/two"));
        assert_eq!(c.domain.as_deref(), Some("b.com"));
        assert_eq!(c.max_age, Some(2));
        // An invalid later Max-Age is ignored, so the earlier one stands.
        assert_eq!(p("a=b; Max-Age=5; Max-Age=x").max_age, Some(5));
    }

    #[test]
    fn s5_6_2_max_age_forms() {
        assert_eq!(p("a=b; Max-Age=0").max_age, Some(0));
        assert_eq!(p("a=b; Max-Age=-1").max_age, Some(-1));
        assert_eq!(p("a=b; Max-Age=007").max_age, Some(7));
        for bad in ["", "+5", "5s", " 5 x", "1.5", "-", "--1", "0x10", "\u{663}"] {
            assert_eq!(p(&format!("a=b; Max-Age={bad}")).max_age, None, "{bad:?}");
        }
        // Overflow saturates instead of wrapping or being dropped.
        assert_eq!(
            p("a=b; Max-Age=99999999999999999999999").max_age,
            Some(i64::MAX)
        );
        assert_eq!(
            p("a=b; Max-Age=-99999999999999999999999").max_age,
            Some(i64::MIN)
        );
    }

    #[test]
    fn s5_6_2_max_age_beats_expires_in_any_order() {
        let now = UnixTime::from_secs(1_700_000_000);
        let a = p("a=b; Max-Age=60; Expires=Wed, 21 Oct 2015 07:28:00 GMT");
        let b = p("a=b; Expires=Wed, 21 Oct 2015 07:28:00 GMT; Max-Age=60");
        assert_eq!(a.expiry_at(now), Expiry::At(now.add_secs(60)));
        assert_eq!(b.expiry_at(now), Expiry::At(now.add_secs(60)));
        assert_eq!(
            p("a=b; Max-Age=0").expiry_at(now),
            Expiry::At(UnixTime::MIN)
        );
        assert_eq!(
            p("a=b; Max-Age=-5").expiry_at(now),
            Expiry::At(UnixTime::MIN)
        );
        assert_eq!(p("a=b").expiry_at(now), Expiry::Session);
        let e = p("a=b; Expires=Wed, 21 Oct 2015 07:28:00 GMT");
        assert_eq!(
            e.expiry_at(now),
            Expiry::At(UnixTime::from_secs(1_445_412_480))
        );
        // An unparseable Expires is ignored.
        assert_eq!(p("a=b; Expires=tomorrow").expires, None);
    }

    #[test]
    fn s5_5_age_limit_caps_both_at_400_days() {
        let now = UnixTime::from_secs(1_700_000_000);
        let cap = Expiry::At(now.add_secs(COOKIE_AGE_LIMIT_SECS));
        assert_eq!(p("a=b; Max-Age=999999999").expiry_at(now), cap);
        assert_eq!(p("a=b; Max-Age=99999999999999999999").expiry_at(now), cap);
        assert_eq!(
            p("a=b; Expires=Fri, 31 Dec 9999 23:59:59 GMT").expiry_at(now),
            cap
        );
        assert_eq!(p("a=b; Max-Age=34560000").expiry_at(now), cap);
        assert_eq!(
            p("a=b; Max-Age=34559999").expiry_at(now),
            Expiry::At(now.add_secs(34_559_999))
        );
    }

    #[test]
    fn s5_6_3_domain() {
        assert_eq!(
            p("a=b; Domain=.Example.com").domain.as_deref(),
            Some("example.com")
        );
        assert_eq!(
            p("a=b; Domain=..example.com").domain.as_deref(),
            Some(".example.com")
        );
        // RFC 6265bis appends an empty Domain like any other: the last one wins.
        assert_eq!(p("a=b; Domain=").domain.as_deref(), Some(""));
        assert_eq!(p("a=b; Domain=.").domain.as_deref(), Some(""));
        assert_eq!(p("a=b; Domain=x.com; Domain=").domain.as_deref(), Some(""));
        assert_eq!(
            p("a=b; Domain=; Domain=x.com").domain.as_deref(),
            Some("x.com")
        );
        assert!(matches!(
            p("a=b; Domain=x.com").domain,
            Some(Cow::Borrowed(_))
        ));
    }

    #[test]
    fn s5_6_4_path_kept_as_written() {
        assert_eq!(p("a=b; Path=").path.as_deref(), Some(""));
        assert_eq!(p("a=b; Path=rel").effective_path("/dir/page"), "/dir");
        assert_eq!(p("a=b; Path=").effective_path("/dir/page"), "/dir");
        assert_eq!(p("a=b").effective_path("/"), "/");
        assert_eq!(p("a=b; Path=/x/").effective_path("/dir/page"), "/x/");
    }

    #[test]
    fn s5_6_7_samesite_values() {
        assert_eq!(p("a=b").same_site, SameSite::Default);
        assert_eq!(p("a=b; SameSite=Lax").same_site, SameSite::Lax);
        assert_eq!(p("a=b; SameSite=none").same_site, SameSite::None);
        assert_eq!(
            p("a=b; SameSite=Strict; SameSite=bogus").same_site,
            SameSite::Default
        );
        assert_eq!(p("a=b; SameSite").same_site, SameSite::Default);
    }

    #[test]
    fn chromium_rules() {
        let c = |h| SetCookie::parse_with(h, ParseRules::CHROMIUM);
        for h in ["a\tb=c", "a=b\tc", "a=b; Path=/x\ty", "a=b; Max\tAge=1"] {
            assert_eq!(c(h), Err(SetCookieError::Htab), "{h:?}");
            assert!(SetCookie::parse(h).is_ok(), "{h:?}");
        }
        // Leading and trailing HTAB is whitespace, trimmed by both.
        assert_eq!(c("\ta=b\t;\tPath=/\t").unwrap().path.as_deref(), Some("/"));
        assert_eq!(c("=a=b"), Err(SetCookieError::NamelessWithEquals));
        assert_eq!(p("=a=b").value, "a=b");
        assert_eq!(c("=ab").unwrap().value, "ab");
        assert_eq!(c("a=b; Domain=."), Err(SetCookieError::DotDomain));
        assert_eq!(
            c("a=b; Domain=.; Domain=x.com").unwrap().domain.as_deref(),
            Some("x.com")
        );
        assert_eq!(
            c("a=b; Domain=x.com; Domain=."),
            Err(SetCookieError::DotDomain)
        );
        assert_eq!(c("a=b; Domain=").unwrap().domain.as_deref(), Some(""));
        assert_eq!(c("a=b; Max-Age=+0").unwrap().max_age, Some(0));
        assert_eq!(c("a=b; Max-Age=+5").unwrap().max_age, Some(5));
        assert_eq!(p("a=b; Max-Age=+5").max_age, None);
        assert_eq!(c("a=b; Max-Age=+").unwrap().max_age, None);
        assert_eq!(c("a=b; Max-Age=+-5").unwrap().max_age, None);
        // The last Max-Age and Expires count, even when invalid.
        assert_eq!(c("a=b; Max-Age=100; Max-Age=abc").unwrap().max_age, None);
        assert_eq!(p("a=b; Max-Age=100; Max-Age=abc").max_age, Some(100));
        assert_eq!(
            c("a=b; Max-Age=abc; Max-Age=100").unwrap().max_age,
            Some(100)
        );
        let e = "a=b; Expires=Wed, 01 Jan 2098 00:00:00 GMT; Expires=garbage";
        assert_eq!(c(e).unwrap().expires, None);
        assert!(p(e).expires.is_some());
    }

    #[test]
    fn into_owned_outlives_the_header() {
        let owned = {
            let header = String::from("A=B; Domain=.X.com; Path=/p; Secure");
            SetCookie::parse(&header).unwrap().into_owned()
        };
        assert_eq!((&*owned.name, &*owned.value), ("A", "B"));
        assert_eq!(owned.domain.as_deref(), Some("x.com"));
        assert_eq!(owned.path.as_deref(), Some("/p"));
        assert!(owned.secure);
    }

    #[test]
    fn partitioned() {
        assert!(p("a=b; Secure; Partitioned").partitioned);
        assert!(!p("a=b; Secure").partitioned);
    }

    #[test]
    fn non_utf8_is_a_typed_error() {
        assert_eq!(
            SetCookie::parse_bytes(b"a=\xff"),
            Err(SetCookieError::NotUtf8)
        );
        assert_eq!(
            SetCookie::parse_bytes(b"a=\xff\x01"),
            Err(SetCookieError::ControlCharacter)
        );
        assert_eq!(SetCookie::parse_bytes(b"a=b").unwrap().value, "b");
    }

    #[test]
    fn cookie_header_pairs() {
        let v: Vec<_> = parse_cookie_header("a=b; c=d;e=f ;  ; g; h=\"x,y\"; =z; i=j=k").collect();
        assert_eq!(
            v,
            [
                ("a", "b"),
                ("c", "d"),
                ("e", "f"),
                ("", "g"),
                ("h", "\"x,y\""),
                ("", "z"),
                ("i", "j=k")
            ]
        );
        assert_eq!(parse_cookie_header("").count(), 0);
        assert_eq!(parse_cookie_header(" ; ;").count(), 0);
        assert!(parse_cookie_header_bytes(b"a=\x80").is_err());
    }
}
