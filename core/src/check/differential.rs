//! Differential oracle: our `Set-Cookie` parser against the `cookie` crate's (0.18), the parser
//! most Rust servers use.
//!
//! They must agree wherever both define the result. The deliberate differences, each with the
//! RFC 6265bis reason, are the only exceptions:
//!
//! 1. Control characters (§5.6 step 1): we ignore the whole header; `cookie` accepts it.
//! 2. Name plus value over 4096 octets (§5.6 step 5): we ignore the cookie; `cookie` has no limit.
//! 3. No `=` in the name-value pair (§5.6 step 3): we make a nameless cookie whose value is the
//!    pair; `cookie` refuses it (`MissingPair`).
//! 4. An empty name with a value (§5.6 step 3, §5.7 step 2 only refuses name *and* value
//!    empty): we keep it; `cookie` refuses it (`EmptyName`).
//! 5. Whitespace (§5.6 steps 4 and attribute step 4): only SP and HTAB are trimmed; `cookie`
//!    trims Unicode whitespace (`str::trim`), so `\u{a0}__Host-x` is `__Host-x` to it. Inputs
//!    with non-ASCII whitespace are only checked for the error cases above.
//! 6. Attribute values over 1024 octets (§5.6, the cookie-av steps): we ignore the attribute;
//!    `cookie` keeps it. Such attributes are not compared.
//! 7. Repeated attributes: both keep the last *valid* one, but they disagree on what is valid
//!    (dates, `Max-Age` syntax, `SameSite` values), so an attribute is compared only when the
//!    header has exactly one of it.
//! 8. `Expires` (§5.1.1): we run the RFC's cookie-date algorithm (two-digit years, any token
//!    order); `cookie` tries four fixed formats. Dates are compared when the value is the
//!    canonical IMF-fixdate (which `cookie` must then parse to the same instant).
//! 9. `Max-Age` (§5.6.2): we ignore a value that is not `-?DIGIT+` (`Max-Age=` included);
//!    `cookie` 0.18 reads an empty value as the maximum duration (a bug: the attribute has no
//!    valid value) and `-` alone as zero. Compared when the value is `-?DIGIT+`, with our
//!    non-positive values meaning "expire now" like `cookie`'s zero.
//! 10. `SameSite` with an unknown value (§5.6.7): "Default" for us; `cookie` ignores it, so the
//!     previous value (or none) stays. With one attribute both mean "no enforcement".
//! 11. `Path` not starting with `/` (§5.6.4): both keep the text; the jar applies the default
//!     path. Compared as text.

use super::{Violation, ensure};
use crate::cookie::{SameSite, SetCookie, SetCookieError, format_imf_fixdate};

/// The longest attribute value RFC 6265bis lets count (§5.6 attribute step 3).
const MAX_ATTRIBUTE_VALUE: usize = 1024;

/// The attributes of `header` named `name` (ASCII case-insensitive), values trimmed of SP and
/// HTAB; `None` for an attribute written without `=`.
fn attributes<'a>(header: &'a str, name: &str) -> Vec<Option<&'a str>> {
    header
        .split(';')
        .skip(1)
        .filter_map(|av| {
            let (k, v) = match av.find('=') {
                Some(i) => (&av[..i], Some(trim_wsp(&av[i + 1..]))),
                None => (av, None),
            };
            trim_wsp(k).eq_ignore_ascii_case(name).then_some(v)
        })
        .collect()
}

/// The one value of attribute `name` when the header has exactly one with `=` and a value no
/// longer than the RFC's limit.
fn single<'a>(header: &'a str, name: &str) -> Option<&'a str> {
    match attributes(header, name).as_slice() {
        [Some(v)] if v.len() <= MAX_ATTRIBUTE_VALUE => Some(v),
        _ => None,
    }
}

/// Whether both parsers see the flag attribute `name` with a comparable value length.
fn flag_comparable(header: &str, name: &str) -> bool {
    attributes(header, name)
        .iter()
        .all(|v| v.is_none_or(|v| v.len() <= MAX_ATTRIBUTE_VALUE))
}

/// Parses `input` with both parsers and checks that they agree wherever both define the result.
pub fn set_cookie(input: &[u8]) -> Result<(), Violation> {
    let Ok(header) = std::str::from_utf8(input) else {
        return Ok(()); // `cookie` takes only text
    };
    let ours = SetCookie::parse(header);
    let theirs = cookie::Cookie::parse(header);
    let unicode_space = header.chars().any(|c| c.is_whitespace() && !c.is_ascii());
    let first = header.split(';').next().unwrap_or("");
    let (ours, theirs) = match (ours, theirs) {
        (Err(SetCookieError::ControlCharacter | SetCookieError::TooLarge), _) => return Ok(()),
        (Err(e), Ok(c)) => {
            return Err(Violation {
                property: "differential_set_cookie_refusal",
                detail: format!("{header:?}: we refuse ({e}), cookie parses {c:?}"),
            });
        }
        (Err(_), Err(_)) => return Ok(()),
        (Ok(ours), Err(e)) => {
            let allowed = match e {
                cookie::ParseError::MissingPair => !first.contains('='),
                cookie::ParseError::EmptyName => ours.name.trim().is_empty(),
                _ => false,
            };
            return ensure(allowed, "differential_set_cookie_refusal", || {
                format!("{header:?}: cookie refuses ({e:?}), we parse {ours:?}")
            });
        }
        (Ok(ours), Ok(theirs)) => (ours, theirs),
    };
    if unicode_space {
        return Ok(());
    }
    let differ = |what: &str, o: &dyn std::fmt::Debug, t: &dyn std::fmt::Debug| Violation {
        property: "differential_set_cookie",
        detail: format!("{header:?}: {what} is {o:?} for us, {t:?} for cookie"),
    };
    if ours.name != theirs.name() {
        return Err(differ("the name", &ours.name, &theirs.name()));
    }
    if ours.value != theirs.value() {
        return Err(differ("the value", &ours.value, &theirs.value()));
    }
    for (name, o, t) in [
        ("secure", ours.secure, theirs.secure().unwrap_or(false)),
        (
            "httponly",
            ours.http_only,
            theirs.http_only().unwrap_or(false),
        ),
        (
            "partitioned",
            ours.partitioned,
            theirs.partitioned().unwrap_or(false),
        ),
    ] {
        if flag_comparable(header, name) && o != t {
            return Err(differ(name, &o, &t));
        }
    }
    if let Some(v) = single(header, "max-age")
        && is_signed_digits(v)
    {
        let o = ours.max_age.map(|s| s.max(0));
        let t = theirs.max_age().map(|d| d.whole_seconds());
        if o != t {
            return Err(differ("Max-Age", &o, &t));
        }
    }
    if let Some(v) = single(header, "domain")
        && !v.is_empty()
    {
        let o = ours.domain.as_deref();
        let t = theirs.domain().map(str::to_ascii_lowercase);
        if o != t.as_deref() {
            return Err(differ("Domain", &o, &t));
        }
    }
    if let Some(v) = single(header, "path") {
        let o = ours.path.as_deref();
        let t = theirs.path();
        if o != t {
            return Err(differ(&format!("Path ({v:?})"), &o, &t));
        }
    }
    if single(header, "samesite").is_some() {
        let o = ours.same_site;
        let t = match theirs.same_site() {
            Some(cookie::SameSite::Strict) => SameSite::Strict,
            Some(cookie::SameSite::Lax) => SameSite::Lax,
            Some(cookie::SameSite::None) => SameSite::None,
            None => SameSite::Default,
        };
        if o != t {
            return Err(differ("SameSite", &o, &t));
        }
    }
    if let Some(v) = single(header, "expires")
        && let Some(t) = ours.expires.map(|t| t.as_secs())
        && format_imf_fixdate(t).as_deref() == Some(v)
    {
        let theirs = theirs.expires_datetime().map(|d| d.unix_timestamp());
        if theirs != Some(t) {
            return Err(differ("Expires", &Some(t), &theirs));
        }
    }
    Ok(())
}

/// Trims SP and HTAB only (§5.6 step 4).
fn trim_wsp(s: &str) -> &str {
    s.trim_matches([' ', '\t'])
}

fn is_signed_digits(v: &str) -> bool {
    let digits = v.strip_prefix('-').unwrap_or(v);
    !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
}
