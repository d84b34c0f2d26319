//! Oracles for the cookie codec.

use super::{Violation, ensure};
use crate::cookie::{SetCookie, parse_cookie_date, parse_cookie_header_bytes, write_cookie_header};
use crate::time::UnixTime;

/// `Set-Cookie` parsing is total, and what parses re-serializes to a header that parses to the
/// same value; if the builder accepts the parsed cookie, its output parses back the same too.
pub fn set_cookie(input: &[u8]) -> Result<(), Violation> {
    let Ok(parsed) = SetCookie::parse_bytes(input) else {
        return Ok(());
    };
    let again = parsed.to_header_value_unchecked();
    let reparsed = SetCookie::parse(&again);
    ensure(
        reparsed.as_ref() == Ok(&parsed),
        "set_cookie_reparse_identity",
        || format!("{parsed:?} wrote {again:?}, which parses to {reparsed:?}"),
    )?;
    builder(&parsed)
}

/// The builder either refuses a cookie or writes a header that parses back to exactly it.
pub fn builder(cookie: &SetCookie<'_>) -> Result<(), Violation> {
    let Ok(header) = cookie.to_header_value() else {
        return Ok(());
    };
    let back = SetCookie::parse(&header);
    ensure(back.as_ref() == Ok(cookie), "builder_round_trip", || {
        format!("{cookie:?} built {header:?}, which parses to {back:?}")
    })
}

/// `Cookie` header parsing is total; the writer's output of the parsed pairs (when it accepts
/// them) parses back to the same pairs.
pub fn cookie_header(input: &[u8]) -> Result<(), Violation> {
    let Ok(pairs) = parse_cookie_header_bytes(input) else {
        return Ok(());
    };
    let pairs: Vec<(&str, &str)> = pairs.collect();
    let Ok(written) = write_cookie_header(pairs.iter().copied()) else {
        return Ok(());
    };
    let back: Vec<(&str, &str)> = crate::cookie::parse_cookie_header(&written).collect();
    ensure(back == pairs, "cookie_header_round_trip", || {
        format!("{pairs:?} wrote {written:?}, parsed {back:?}")
    })
}

/// The cookie-date parser is total and whatever it accepts lies in the years 1601-9999 and
/// formats back to a date that parses to the same instant.
pub fn cookie_date(input: &[u8]) -> Result<(), Violation> {
    let result = parse_cookie_date(input);
    // The IMF-fixdate fast path answers exactly what the token algorithm answers.
    let tokens = crate::cookie::date::parse_cookie_date_tokens(input);
    ensure(result == tokens, "cookie_date_fast_path_agrees", || {
        format!("{input:?}: {result:?}, the token algorithm {tokens:?}")
    })?;
    let Ok(t) = result else {
        return Ok(());
    };
    let formatted = crate::cookie::format_imf_fixdate(t);
    let back = formatted
        .as_deref()
        .map(|s| parse_cookie_date(s.as_bytes()));
    ensure(back == Some(Ok(t)), "cookie_date_round_trip", || {
        format!("{t} formatted as {formatted:?}, parsed {back:?}")
    })
}

/// The parts of a cookie a server hands the builder, arbitrary text included.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[cfg_attr(feature = "fuzzing", derive(arbitrary::Arbitrary))]
pub struct BuilderInput {
    /// The name.
    pub name: String,
    /// The value.
    pub value: String,
    /// The `Path` attribute.
    pub path: Option<String>,
    /// The `Domain` attribute.
    pub domain: Option<String>,
    /// `Expires`, as Unix seconds.
    pub expires: Option<i64>,
    /// `Max-Age`, in seconds.
    pub max_age: Option<i64>,
    /// `Secure`.
    pub secure: bool,
    /// `HttpOnly`.
    pub http_only: bool,
    /// `SameSite`: 0 none written, 1 Lax, 2 Strict, 3 None (taken modulo 4).
    pub same_site: u8,
    /// `Partitioned`.
    pub partitioned: bool,
}

/// Builds a `Set-Cookie` from arbitrary parts: the builder either refuses them or writes a
/// header that parses back to exactly them ([`builder`]); what it accepts also survives a
/// browser's parse with the `Domain` the server meant (lower-case, one leading dot stripped).
pub fn builder_parts(input: &BuilderInput) -> Result<(), Violation> {
    use crate::cookie::SameSite;
    let mut c = SetCookie::new(&input.name, &input.value)
        .with_secure(input.secure)
        .with_http_only(input.http_only)
        .with_partitioned(input.partitioned)
        .with_same_site(match input.same_site % 4 {
            0 => SameSite::Default,
            1 => SameSite::Lax,
            2 => SameSite::Strict,
            _ => SameSite::None,
        });
    c.path = input.path.as_deref().map(std::borrow::Cow::Borrowed);
    c.domain = input.domain.as_deref().map(Into::into);
    c.expires = input.expires.map(UnixTime::from_secs);
    c.max_age = input.max_age;
    builder(&c)?;
    if let Ok(header) = c.to_header_value() {
        let back = SetCookie::parse(&header);
        ensure(
            back.as_ref()
                .is_ok_and(|b| b.name == input.name && b.value == input.value),
            "builder_keeps_name_and_value",
            || format!("{input:?} built {header:?}, which parses to {back:?}"),
        )?;
    }
    Ok(())
}
