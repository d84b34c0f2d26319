//! Properties of the cookie codec and jar, over the shared oracles in `sessionlab_core::check`
//! (the fuzz targets call the same functions).

use proptest::prelude::*;
use sessionlab_core::check;
use sessionlab_core::check::jar::{JarOp, JarOps};
use sessionlab_core::cookie::{SameSite, SetCookie, parse_cookie_header, write_cookie_header};

/// Visible ASCII without `;` and `=`: every character a cookie name may have.
fn name() -> impl Strategy<Value = String> {
    prop_oneof![
        "[!-:<>-~&&[^;=]]{1,12}",
        "(__Host-|__Secure-|__host-)[a-z]{1,6}",
        Just("sid".to_owned()),
    ]
}

fn value() -> impl Strategy<Value = String> {
    "[!-~&&[^;]]{0,24}"
}

fn same_site() -> impl Strategy<Value = SameSite> {
    prop_oneof![
        Just(SameSite::Default),
        Just(SameSite::Lax),
        Just(SameSite::Strict),
        Just(SameSite::None)
    ]
}

/// The owned parts of a cookie that the builder should accept.
#[derive(Debug, Clone)]
struct ValidCookie {
    name: String,
    value: String,
    expires: Option<i64>,
    max_age: Option<i64>,
    domain: Option<String>,
    path: Option<String>,
    http_only: bool,
    same_site: SameSite,
    partitioned: bool,
}

fn valid_cookie() -> impl Strategy<Value = ValidCookie> {
    (
        name(),
        value(),
        proptest::option::of(-11_644_473_600i64..=253_402_300_799),
        proptest::option::of(any::<i64>()),
        proptest::option::of("[a-z0-9-]{1,10}(\\.[a-z0-9-]{1,10}){0,3}"),
        proptest::option::of("/[!-~&&[^;]]{0,20}"),
        any::<bool>(),
        same_site(),
        any::<bool>(),
    )
        .prop_map(
            |(name, value, expires, max_age, domain, path, http_only, same_site, partitioned)| {
                let host = name.to_ascii_lowercase().starts_with("__host-");
                ValidCookie {
                    // `__Host-` needs Path=/ and no Domain; the rest is valid as generated.
                    domain: if host { None } else { domain },
                    path: if host { Some("/".to_owned()) } else { path },
                    name,
                    value,
                    expires,
                    max_age,
                    http_only,
                    same_site,
                    partitioned,
                }
            },
        )
}

impl ValidCookie {
    /// Secure is always on: the prefixes, SameSite=None and Partitioned require it.
    fn as_set_cookie(&self) -> SetCookie<'_> {
        let mut c = SetCookie::new(&self.name, &self.value)
            .with_secure(true)
            .with_http_only(self.http_only)
            .with_same_site(self.same_site)
            .with_partitioned(self.partitioned);
        c.expires = self.expires.map(sessionlab_core::time::UnixTime::from_secs);
        c.max_age = self.max_age;
        c.domain = self.domain.as_deref().map(Into::into);
        c.path = self.path.as_deref().map(Into::into);
        c
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn serialize_then_parse_is_identity_for_valid_cookies(c in valid_cookie()) {
        let cookie = c.as_set_cookie();
        let header = cookie.to_header_value();
        prop_assert!(header.is_ok(), "valid cookie refused: {:?}", header);
        check::cookie::builder(&cookie).map_err(|v| TestCaseError::fail(v.to_string()))?;
    }

    #[test]
    fn builder_never_writes_what_parses_differently(
        name in "[ -~\t\u{80}-\u{2100}]{0,8}",
        value in "[ -~\t\u{80}-\u{2100}]{0,8}",
        path in proptest::option::of("[ -~\t]{0,8}"),
        domain in proptest::option::of("[ -~]{0,8}"),
        secure in any::<bool>(),
    ) {
        let mut c = SetCookie::new(&name, &value).with_secure(secure);
        c.path = path.as_deref().map(Into::into);
        c.domain = domain.as_deref().map(Into::into);
        check::cookie::builder(&c).map_err(|v| TestCaseError::fail(v.to_string()))?;
    }

    #[test]
    fn set_cookie_parse_is_total_and_reparses(input in proptest::collection::vec(any::<u8>(), 0..200)) {
        check::cookie::set_cookie(&input).map_err(|v| TestCaseError::fail(v.to_string()))?;
    }

    #[test]
    fn set_cookie_parse_reparses_header_like_text(
        input in "[a-zA-Z_-]{0,6}(=[!-~ \t]{0,12})?(; ?(Expires|Max-Age|Domain|Path|Secure|HttpOnly|SameSite|Partitioned|x)(=[!-:<-~ ]{0,30})?){0,6}"
    ) {
        check::cookie::set_cookie(input.as_bytes()).map_err(|v| TestCaseError::fail(v.to_string()))?;
    }

    #[test]
    fn cookie_header_parse_is_total_and_round_trips(input in proptest::collection::vec(any::<u8>(), 0..200)) {
        check::cookie::cookie_header(&input).map_err(|v| TestCaseError::fail(v.to_string()))?;
    }

    #[test]
    fn cookie_header_writer_round_trips(pairs in proptest::collection::vec((name(), value()), 0..8)) {
        let borrowed: Vec<(&str, &str)> = pairs.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
        let header = write_cookie_header(borrowed.iter().copied()).unwrap();
        prop_assert_eq!(parse_cookie_header(&header).collect::<Vec<_>>(), borrowed);
    }

    #[test]
    fn cookie_date_parse_is_total(input in proptest::collection::vec(any::<u8>(), 0..64)) {
        check::cookie::cookie_date(&input).map_err(|v| TestCaseError::fail(v.to_string()))?;
    }

    #[test]
    fn cookie_date_round_trips_every_representable_second(t in -11_644_473_600i64..=253_402_300_799) {
        let s = sessionlab_core::cookie::format_imf_fixdate(t).unwrap();
        prop_assert_eq!(sessionlab_core::cookie::parse_cookie_date(s.as_bytes()), Ok(t));
    }
}

// ---- The jar under random operation sequences (the `jar_ops` fuzz target's oracle) ----

fn header() -> impl Strategy<Value = String> {
    (
        prop_oneof![
            Just("sid"),
            Just("__Host-sid"),
            Just("__Secure-id"),
            Just("theme"),
            Just("")
        ],
        "[a-z0-9]{0,4}",
        proptest::collection::vec(
            prop_oneof![
                Just("Secure".to_owned()),
                Just("HttpOnly".to_owned()),
                Just("Partitioned".to_owned()),
                Just("Path=/".to_owned()),
                Just("Path=/account".to_owned()),
                Just("Path=rel".to_owned()),
                Just("Domain=example.com".to_owned()),
                Just("Domain=www.example.com".to_owned()),
                Just("Domain=com".to_owned()),
                Just("Domain=github.io".to_owned()),
                Just("Domain=127.0.0.1".to_owned()),
                Just("SameSite=None".to_owned()),
                Just("SameSite=Strict".to_owned()),
                Just("SameSite=Lax".to_owned()),
                (-5i64..100).prop_map(|s| format!("Max-Age={s}")),
                Just("Expires=Thu, 01 Jan 1970 00:00:00 GMT".to_owned()),
            ],
            0..5,
        ),
    )
        .prop_map(|(n, v, attrs)| {
            let mut h = if n.is_empty() { v } else { format!("{n}={v}") };
            for a in attrs {
                h.push_str("; ");
                h.push_str(&a);
            }
            h
        })
}

fn jar_op() -> impl Strategy<Value = JarOp> {
    let url = any::<u8>();
    let from = proptest::option::of(any::<u8>());
    prop_oneof![
        4 => (url, from.clone(), any::<bool>(), header())
            .prop_map(|(url, from, subresource, header)| JarOp::Response { url, from, subresource, header }),
        2 => (url, header()).prop_map(|(url, header)| JarOp::Script { url, header }),
        3 => (url, from, any::<bool>(), any::<bool>())
            .prop_map(|(url, from, subresource, post)| JarOp::Request { url, from, subresource, post }),
        1 => (0u16..200).prop_map(|secs| JarOp::Advance { secs }),
        1 => Just(JarOp::EndSession),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// The jar never sends a Secure cookie to an http URL, never shows an HttpOnly cookie to the
    /// script API, never sends a cookie outside its domain and path, and keeps its storage rules
    /// and limits, whatever the sequence of operations.
    #[test]
    fn jar_keeps_cookies_in_scope(
        ops in proptest::collection::vec(jar_op(), 1..40),
        small_limits in any::<bool>(),
        chromium in any::<bool>(),
    ) {
        check::jar::ops(&JarOps { small_limits, chromium, ops }).map_err(|v| TestCaseError::fail(v.to_string()))?;
    }
}

/// The `Cookie` header as the text of §4.2 / §5.8.3 reads: split on `;`, trim SP and HTAB, skip
/// empty pieces, split on the first `=` (none: a nameless cookie). The parser's word-at-a-time
/// tokenizer must agree on every input, across every 8-byte boundary.
fn naive_pairs(h: &str) -> Vec<(String, String)> {
    let trim = |s: &str| s.trim_matches([' ', '\t']).to_owned();
    h.split(';')
        .map(trim)
        .filter(|p| !p.is_empty())
        .map(|p| match p.split_once('=') {
            Some((n, v)) => (trim(n), trim(v)),
            None => (String::new(), p),
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2048, ..ProptestConfig::default() })]

    #[test]
    fn cookie_header_pairs_match_the_naive_split(h in "[a-c=; \t\u{e9}]{0,40}") {
        let ours: Vec<(String, String)> = parse_cookie_header(&h)
            .map(|(n, v)| (n.to_owned(), v.to_owned()))
            .collect();
        prop_assert_eq!(ours, naive_pairs(&h));
    }

    #[test]
    fn set_cookie_pair_and_attributes_match_the_naive_split(h in "[a-c=; \t]{1,40}") {
        // The name-value pair and the Path attribute (the last one, as written) by hand.
        let mut pieces = h.split(';');
        let pair = pieces.next().unwrap_or("");
        let (n, v) = match pair.split_once('=') {
            Some((n, v)) => (n.trim_matches([' ', '\t']), v.trim_matches([' ', '\t'])),
            None => ("", pair.trim_matches([' ', '\t'])),
        };
        let with_path = format!("{h}; Path=/p{}", h.len());
        match SetCookie::parse(&with_path) {
            Ok(c) => {
                prop_assert_eq!((&*c.name, &*c.value), (n, v));
                let last = format!("/p{}", h.len());
                prop_assert_eq!(c.path.as_deref(), Some(last.as_str()));
            }
            Err(_) => prop_assert!(n.is_empty() && v.is_empty()),
        }
    }
}
