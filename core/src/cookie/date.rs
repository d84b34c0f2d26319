//! The cookie-date algorithm of RFC 6265bis §5.1.1, and the IMF-fixdate writer used by the
//! `Set-Cookie` serializer.
//!
//! Dates are plain Unix seconds (`i64`, UTC). The parser is a single pass over the input: it
//! splits date-tokens on delimiters and tries each token against the four productions in the
//! order the RFC gives, so its cost is linear in the input whatever the bytes.

/// Why a cookie-date failed to parse (§5.1.1 step 5 and 6).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DateError {
    /// One of the time, day-of-month, month or year tokens was not found.
    #[error("cookie-date lacks a {0}")]
    Missing(&'static str),
    /// A field was found but is out of its range (day 1-31, year >= 1601, hour <= 23, ...).
    #[error("cookie-date {0} is out of range")]
    OutOfRange(&'static str),
    /// The fields name a date that does not exist (e.g. 30 February).
    #[error("cookie-date names a day that does not exist")]
    NoSuchDate,
}

const MONTHS: [&[u8; 3]; 12] = [
    b"jan", b"feb", b"mar", b"apr", b"may", b"jun", b"jul", b"aug", b"sep", b"oct", b"nov", b"dec",
];

/// §5.1.1: `delimiter = %x09 / %x20-2F / %x3B-40 / %x5B-60 / %x7B-7E`.
fn is_delimiter(b: u8) -> bool {
    matches!(b, 0x09 | 0x20..=0x2F | 0x3B..=0x40 | 0x5B..=0x60 | 0x7B..=0x7E)
}

/// Reads `1*max DIGIT` at the start of `s`; returns the value and the digit count.
fn leading_digits(s: &[u8], max: usize) -> Option<(u32, usize)> {
    let n = s
        .iter()
        .take(max + 1)
        .take_while(|b| b.is_ascii_digit())
        .count();
    if n == 0 || n > max {
        return None;
    }
    let v = s[..n]
        .iter()
        .fold(0u32, |acc, b| acc * 10 + u32::from(b - b'0'));
    Some((v, n))
}

/// `1*max DIGIT [ non-digit *OCTET ]`: digits, then either the end or a non-digit.
fn digits_then_anything(s: &[u8], min: usize, max: usize) -> Option<u32> {
    let (v, n) = leading_digits(s, max)?;
    (n >= min).then_some(v)
}

/// `time = hms-time [ non-digit *OCTET ]`, `hms-time = time-field ":" time-field ":" time-field`.
fn parse_time(s: &[u8]) -> Option<(u32, u32, u32)> {
    let (h, n1) = leading_digits(s, 2)?;
    let rest = s[n1..].strip_prefix(b":")?;
    let (m, n2) = leading_digits(rest, 2)?;
    let rest = rest[n2..].strip_prefix(b":")?;
    let (sec, _) = leading_digits(rest, 2)?;
    Some((h, m, sec))
}

/// `month = ( "jan" / ... / "dec" ) *OCTET`, case-insensitively.
fn parse_month(s: &[u8]) -> Option<u32> {
    let head = s.get(..3)?;
    // `b | 0x20` lower-cases ASCII letters and maps no other byte onto a letter, so the three
    // bytes match a month name case-insensitively exactly when their folded key does.
    let key = |m: &[u8]| u32::from_be_bytes([0, m[0] | 0x20, m[1] | 0x20, m[2] | 0x20]);
    let folded = key(head);
    MONTHS
        .iter()
        .position(|m| key(&m[..]) == folded)
        .map(|i| i as u32 + 1)
}

/// Parses a cookie-date (RFC 6265bis §5.1.1) into Unix seconds, UTC.
///
/// Accepts the formats real servers send (IMF-fixdate, RFC 850, asctime, and the many
/// variations that the token-based algorithm tolerates), exactly as browsers do.
pub fn parse_cookie_date(input: &[u8]) -> Result<i64, DateError> {
    match imf_fixdate_fields(input) {
        Some((day, month, year, time)) => finish(time, day, month, year),
        None => parse_cookie_date_tokens(input),
    }
}

/// The fields §5.1.1 step 2 finds: day-of-month, month, year, (hour, minute, second).
type DateFields = (u32, u32, u32, (u32, u32, u32));

/// The IMF-fixdate fast path: `Sun, 06 Nov 1994 08:49:37 GMT`, the form servers are asked to
/// send (§4.1.1) and nearly all do. For input of exactly this shape the token algorithm finds
/// the same four fields (the weekday is no month name, the day has two digits, the year four,
/// then the time; "GMT" comes after all four are set), so reading them by position and
/// finishing with the same range checks gives the same result. Anything else: `None`.
fn imf_fixdate_fields(s: &[u8]) -> Option<DateFields> {
    let s: &[u8; 29] = s.try_into().ok()?;
    let key = |i: usize| u32::from_be_bytes([0, s[i], s[i + 1], s[i + 2]]);
    let weekday = matches!(
        &s[..3],
        b"Mon" | b"Tue" | b"Wed" | b"Thu" | b"Fri" | b"Sat" | b"Sun"
    );
    let shape = weekday
        && key(3) & 0xFFFF00 == u32::from_be_bytes([0, b',', b' ', 0])
        && s[7] == b' '
        && s[11] == b' '
        && s[16] == b' '
        && s[19] == b':'
        && s[22] == b':'
        && s[25] == b' '
        && key(26) == u32::from_be_bytes([0, b'G', b'M', b'T']);
    if !shape {
        return None;
    }
    let digit = |i: usize| {
        let d = s[i].wrapping_sub(b'0');
        (d < 10).then_some(u32::from(d))
    };
    let two = |i: usize| Some(digit(i)? * 10 + digit(i + 1)?);
    let day = two(5)?;
    let month = parse_month(&s[8..11])?;
    let year = two(12)? * 100 + two(14)?;
    let time = (two(17)?, two(20)?, two(23)?);
    Some((day, month, year, time))
}

/// The §5.1.1 token algorithm itself, for every input (the oracles compare the fast path
/// with it).
pub(crate) fn parse_cookie_date_tokens(input: &[u8]) -> Result<i64, DateError> {
    let mut time = None;
    let mut day = None;
    let mut month = None;
    let mut year = None;
    // Step 1: divide the cookie-date into date-tokens (runs of non-delimiters).
    for token in input.split(|&b| is_delimiter(b)).filter(|t| !t.is_empty()) {
        // Step 2: try each production in order; the first unset one that matches takes it.
        if time.is_none() {
            if let Some(t) = parse_time(token) {
                time = Some(t);
                continue;
            }
        }
        if day.is_none() {
            if let Some(d) = digits_then_anything(token, 1, 2) {
                day = Some(d);
                continue;
            }
        }
        if month.is_none() {
            if let Some(m) = parse_month(token) {
                month = Some(m);
                continue;
            }
        }
        if year.is_none() {
            if let Some(y) = digits_then_anything(token, 2, 4) {
                year = Some(y);
                continue;
            }
        }
    }
    let time = time.ok_or(DateError::Missing("time"))?;
    let day = day.ok_or(DateError::Missing("day-of-month"))?;
    let month = month.ok_or(DateError::Missing("month"))?;
    let year = year.ok_or(DateError::Missing("year"))?;
    finish(time, day, month, year)
}

/// §5.1.1 steps 3 to 6 on the found fields: two-digit years, range checks, the date exists.
fn finish(
    (hour, minute, second): (u32, u32, u32),
    day: u32,
    month: u32,
    mut year: u32,
) -> Result<i64, DateError> {
    // Steps 3 and 4: two-digit years.
    if (70..=99).contains(&year) {
        year += 1900;
    } else if year <= 69 {
        year += 2000;
    }
    // Step 5: range checks.
    if !(1..=31).contains(&day) {
        return Err(DateError::OutOfRange("day-of-month"));
    }
    if year < 1601 {
        return Err(DateError::OutOfRange("year"));
    }
    if hour > 23 {
        return Err(DateError::OutOfRange("hour"));
    }
    if minute > 59 {
        return Err(DateError::OutOfRange("minute"));
    }
    if second > 59 {
        return Err(DateError::OutOfRange("second"));
    }
    // Step 6: the date must exist.
    if day > days_in_month(year as i64, month) {
        return Err(DateError::NoSuchDate);
    }
    let days = days_from_civil(year as i64, month, day);
    Ok(days * 86_400 + i64::from(hour * 3600 + minute * 60 + second))
}

fn is_leap(y: i64) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in_month(y: i64, m: u32) -> u32 {
    match m {
        2 if is_leap(y) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
pub(crate) fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The civil date (year, month, day) of a day count since 1970-01-01.
pub(crate) fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// Earliest instant a cookie-date can name: 1601-01-01T00:00:00Z.
pub const MIN_COOKIE_DATE: i64 = -11_644_473_600;
/// Latest instant a cookie-date can name: 9999-12-31T23:59:59Z.
pub const MAX_COOKIE_DATE: i64 = 253_402_300_799;

/// Writes Unix seconds as an IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`), the form
/// RFC 6265bis §4.1.1 asks servers to send. `None` outside the years 1601-9999, which a
/// cookie-date cannot express.
pub fn format_imf_fixdate(unix: i64) -> Option<String> {
    if !(MIN_COOKIE_DATE..=MAX_COOKIE_DATE).contains(&unix) {
        return None;
    }
    const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const NAMES: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let days = unix.div_euclid(86_400);
    let secs = unix.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    Some(format!(
        "{}, {:02} {} {:04} {:02}:{:02}:{:02} GMT",
        DAYS[days.rem_euclid(7) as usize],
        d,
        NAMES[m as usize - 1],
        y,
        secs / 3600,
        secs / 60 % 60,
        secs % 60
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Result<i64, DateError> {
        parse_cookie_date(s.as_bytes())
    }

    const NOV_6_1994: i64 = 784_111_777;

    #[test]
    fn rfc9110_5_6_7_three_formats() {
        assert_eq!(p("Sun, 06 Nov 1994 08:49:37 GMT"), Ok(NOV_6_1994));
        assert_eq!(p("Sunday, 06-Nov-94 08:49:37 GMT"), Ok(NOV_6_1994));
        assert_eq!(p("Sun Nov  6 08:49:37 1994"), Ok(NOV_6_1994));
    }

    #[test]
    fn step_2_tokens_in_any_order_and_case() {
        assert_eq!(p("1994 NOV 06 08:49:37"), Ok(NOV_6_1994));
        assert_eq!(p("08:49:37 6 november 1994"), Ok(NOV_6_1994));
        assert_eq!(p("06 Nov 1994 8:49:37GMT"), Ok(NOV_6_1994));
    }

    #[test]
    fn step_2_first_match_wins() {
        // The first one- or two-digit token is the day; the second number is the year.
        assert_eq!(p("06 07 Nov 08:49:37"), p("06 Nov 2007 08:49:37"));
        // A second time token is ignored.
        assert_eq!(p("06 Nov 1994 08:49:37 23:00:00"), Ok(NOV_6_1994));
    }

    #[test]
    fn step_3_and_4_two_digit_years() {
        assert_eq!(p("01 Jan 70 00:00:00"), Ok(0));
        assert_eq!(p("01 Jan 69 00:00:00"), p("01 Jan 2069 00:00:00"));
        assert_eq!(p("01 Jan 99 00:00:00"), p("01 Jan 1999 00:00:00"));
        assert_eq!(p("01 Jan 00 00:00:00"), p("01 Jan 2000 00:00:00"));
    }

    #[test]
    fn step_5_range_checks() {
        assert_eq!(
            p("32 Jan 2020 00:00:00"),
            Err(DateError::OutOfRange("day-of-month"))
        );
        assert_eq!(
            p("00 Jan 2020 00:00:00"),
            Err(DateError::OutOfRange("day-of-month"))
        );
        assert_eq!(
            p("01 Jan 1600 00:00:00"),
            Err(DateError::OutOfRange("year"))
        );
        assert_eq!(p("01 Jan 1601 00:00:00"), Ok(MIN_COOKIE_DATE));
        assert_eq!(
            p("01 Jan 2020 24:00:00"),
            Err(DateError::OutOfRange("hour"))
        );
        assert_eq!(
            p("01 Jan 2020 23:60:00"),
            Err(DateError::OutOfRange("minute"))
        );
        assert_eq!(
            p("01 Jan 2020 23:59:60"),
            Err(DateError::OutOfRange("second"))
        );
        assert_eq!(p("31 Dec 9999 23:59:59"), Ok(MAX_COOKIE_DATE));
    }

    #[test]
    fn step_5_missing_fields() {
        assert_eq!(p(""), Err(DateError::Missing("time")));
        assert_eq!(p("06 Nov 08:49:37"), Err(DateError::Missing("year")));
        assert_eq!(
            p("Nov 1994 08:49:37"),
            Err(DateError::Missing("day-of-month"))
        );
        assert_eq!(p("06 1994 08:49:37"), Err(DateError::Missing("month")));
        // Three digits are neither a day nor (with a following digit) a year.
        assert_eq!(
            p("123 Nov 1994 08:49:37"),
            Err(DateError::Missing("day-of-month"))
        );
        // Five digits are not a year.
        assert_eq!(p("06 Nov 19940 08:49:37"), Err(DateError::Missing("year")));
    }

    #[test]
    fn step_6_date_must_exist() {
        assert_eq!(p("30 Feb 2020 00:00:00"), Err(DateError::NoSuchDate));
        assert!(p("29 Feb 2020 00:00:00").is_ok());
        assert_eq!(p("29 Feb 2100 00:00:00"), Err(DateError::NoSuchDate));
        assert!(p("29 Feb 2000 00:00:00").is_ok());
        assert_eq!(p("31 Apr 2020 00:00:00"), Err(DateError::NoSuchDate));
    }

    #[test]
    fn grammar_time_field_trailing_non_digit() {
        // `hms-time [ non-digit *OCTET ]`: a third digit in a field fails the time production.
        assert_eq!(p("06 Nov 1994 08:49:370"), Err(DateError::Missing("time")));
        assert_eq!(p("06 Nov 1994 08:49:37a"), Ok(NOV_6_1994));
        assert_eq!(p("06 Nov 1994 8:9:7"), Ok(NOV_6_1994 - 40 * 60 - 30));
    }

    #[test]
    fn non_ascii_bytes_are_non_delimiters() {
        assert_eq!(p("06\u{e9} Nov 1994 08:49:37"), Ok(NOV_6_1994));
        assert!(parse_cookie_date(b"\xff\xfe 06 Nov 1994 08:49:37").is_ok());
    }

    /// The fast path reads fields by position; every one-byte change to an IMF-fixdate must
    /// give what the token algorithm gives (a weekday that is a month name, a one-digit day, a
    /// letter in the year, a missing "GMT", ...).
    #[test]
    fn imf_fixdate_fast_path_agrees_with_the_token_algorithm() {
        let bases = [
            "Sun, 06 Nov 1994 08:49:37 GMT",
            "Wed, 29 Feb 2024 23:59:59 GMT",
            "Thu, 29 Feb 2023 00:00:00 GMT",
            "Mon, 31 Apr 0099 24:60:60 GMT",
        ];
        let bytes = b"0159 ,:-JanjANDecSunMonGMTZx\t\x80";
        let mut checked = 0;
        for base in bases {
            for i in 0..base.len() {
                for &b in bytes {
                    let mut v = base.as_bytes().to_vec();
                    v[i] = b;
                    assert_eq!(
                        parse_cookie_date(&v),
                        parse_cookie_date_tokens(&v),
                        "{:?}",
                        String::from_utf8_lossy(&v)
                    );
                    checked += 1;
                }
            }
            assert_eq!(
                parse_cookie_date(base.as_bytes()),
                parse_cookie_date_tokens(base.as_bytes())
            );
        }
        assert!(checked > 3000);
        assert_eq!(p("Sun, 06 Nov 1994 08:49:37 GMT"), Ok(784_111_777));
        assert!(imf_fixdate_fields(b"Sun, 06 Nov 1994 08:49:37 GMT").is_some());
        assert!(imf_fixdate_fields(b"Nov, 06 Nov 1994 08:49:37 GMT").is_none());
    }

    #[test]
    fn imf_fixdate_round_trips() {
        assert_eq!(
            format_imf_fixdate(NOV_6_1994).unwrap(),
            "Sun, 06 Nov 1994 08:49:37 GMT"
        );
        assert_eq!(
            format_imf_fixdate(0).unwrap(),
            "Thu, 01 Jan 1970 00:00:00 GMT"
        );
        assert_eq!(
            format_imf_fixdate(MIN_COOKIE_DATE).unwrap(),
            "Mon, 01 Jan 1601 00:00:00 GMT"
        );
        assert_eq!(format_imf_fixdate(MIN_COOKIE_DATE - 1), None);
        assert_eq!(format_imf_fixdate(MAX_COOKIE_DATE + 1), None);
        for t in [
            MIN_COOKIE_DATE,
            -1,
            0,
            951_782_400,
            1_700_000_000,
            MAX_COOKIE_DATE,
        ] {
            let s = format_imf_fixdate(t).unwrap();
            assert_eq!(p(&s), Ok(t), "{s}");
        }
    }
}
