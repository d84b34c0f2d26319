//! Oracles for the cookie codec.

use super::{Violation, ensure};
use crate::cookie::{SetCookie, parse_cookie_date, parse_cookie_header_bytes, write_cookie_header};

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
    let Ok(t) = parse_cookie_date(input) else {
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
