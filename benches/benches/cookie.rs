//! Cookie codec and jar benchmarks: `sessionlab-core` side by side with the `cookie` crate.
//!
//! Run with `cargo bench -p sessionlab-benches --bench cookie`.
//!
//! - `cookie_header_parse`: a `Cookie` request header of eight cookies, split into pairs.
//! - `set_cookie_parse`: one `Set-Cookie` header with every common attribute.
//! - `jar_retrieval`: a `Cookie` header built from a jar of 1,000 cookies over 50 hosts.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use sessionlab_core::cookie::{BrowserJar, RequestContext, SetCookie, parse_cookie_header};
use sessionlab_core::time::UnixTime;
use url::Url;

/// A browser's `Cookie` header for a shop: analytics, session, CSRF, locale, a consent record
/// percent-encoded JSON, a theme and an ad-network id. Every pair has a name, so both parsers
/// yield the same eight pairs.
const COOKIE_HEADER: &str = "_ga=GA1.2.1234567890.1699999999; \
    _gid=GA1.2.987654321.1700000000; \
    sessionid=3f2a9c4e7b1d8065a2c4e6f8b0d1e3f5; \
    csrftoken=Xq7LmN2pR9sT4vW6yZ8aB1cD3eF5gH0j; \
    locale=en-GB; \
    cookie_consent=%7B%22necessary%22%3Atrue%2C%22analytics%22%3Atrue%2C%22marketing%22%3Afalse%7D; \
    theme=dark; \
    _fbp=fb.1.1700000000000.1234567890";

/// A session cookie with every attribute a login response usually sets.
const SET_COOKIE: &str = "sid=3f2a9c4e7b1d8065a2c4e6f8b0d1e3f5; Expires=Wed, 21 Oct 2026 07:28:00 GMT; \
    Domain=shop.example.com; Path=/account; Secure; HttpOnly; SameSite=Lax";

/// The fixed "now" of the jar benchmark (2023-11-14T22:13:20Z).
const NOW: UnixTime = UnixTime::from_secs(1_700_000_000);

fn cookie_header_parse(c: &mut Criterion) {
    // Both parsers must see the same pairs, or the comparison means nothing.
    let ours: Vec<(&str, &str)> = parse_cookie_header(COOKIE_HEADER).collect();
    let theirs: Vec<(String, String)> = cookie::Cookie::split_parse(COOKIE_HEADER)
        .map(|r| r.expect("cookie crate parses every pair"))
        .map(|c| (c.name().to_owned(), c.value().to_owned()))
        .collect();
    assert_eq!(ours.len(), 8);
    assert!(
        ours.iter()
            .zip(&theirs)
            .all(|(a, b)| a.0 == b.0 && a.1 == b.1),
        "{ours:?} vs {theirs:?}"
    );

    let mut group = c.benchmark_group("cookie_header_parse");
    group.throughput(Throughput::Bytes(COOKIE_HEADER.len() as u64));
    // Same work on both sides: every (name, value) pair is produced and black-boxed, and the
    // lengths are summed; neither side allocates (the cookie crate keeps borrowed input as
    // indices into it).
    group.bench_function("sessionlab", |b| {
        b.iter(|| {
            let mut total = 0usize;
            for (name, value) in parse_cookie_header(black_box(COOKIE_HEADER)) {
                total += black_box(name).len() + black_box(value).len();
            }
            total
        })
    });
    group.bench_function("cookie_crate", |b| {
        b.iter(|| {
            let mut total = 0usize;
            for c in cookie::Cookie::split_parse(black_box(COOKIE_HEADER)).flatten() {
                total += black_box(c.name()).len() + black_box(c.value()).len();
            }
            total
        })
    });
    group.finish();
}

fn set_cookie_parse(c: &mut Criterion) {
    let ours = SetCookie::parse(SET_COOKIE).expect("valid Set-Cookie");
    let theirs = cookie::Cookie::parse(SET_COOKIE).expect("valid Set-Cookie");
    assert_eq!((&*ours.name, &*ours.value), (theirs.name(), theirs.value()));
    assert_eq!(
        ours.expires.map(|t| t.as_secs()),
        theirs.expires_datetime().map(|t| t.unix_timestamp())
    );
    assert_eq!(ours.domain.as_deref(), theirs.domain());
    assert_eq!(ours.path.as_deref(), theirs.path());
    assert!(
        ours.secure
            && ours.http_only
            && theirs.secure() == Some(true)
            && theirs.http_only() == Some(true)
    );

    let mut group = c.benchmark_group("set_cookie_parse");
    group.throughput(Throughput::Bytes(SET_COOKIE.len() as u64));
    group.bench_function("sessionlab", |b| {
        b.iter(|| SetCookie::parse(black_box(SET_COOKIE)))
    });
    group.bench_function("cookie_crate", |b| {
        b.iter(|| cookie::Cookie::parse(black_box(SET_COOKIE)))
    });
    group.finish();
}

/// Paths the jar's cookies are scoped to.
const PATHS: [&str; 6] = [
    "/",
    "/account",
    "/account/orders",
    "/cart",
    "/api/v1",
    "/static",
];
/// Subdomains of each registrable domain; `""` is the apex.
const SUBDOMAINS: [&str; 5] = ["", "www.", "shop.", "api.", "static."];

/// A jar of 1,000 cookies: 10 sites of 5 hosts each (50 hosts), 20 cookies set by each host.
/// Every fourth cookie carries `Domain=<site>` (so it is shared by all five hosts of its site),
/// the rest are host-only; paths cycle through [`PATHS`]; some are `Secure`, `HttpOnly` or
/// `SameSite`, some persistent. Deterministic: no randomness, fixed `now`.
fn build_jar() -> BrowserJar {
    let ctx = RequestContext::typed();
    let mut jar = BrowserJar::new();
    let mut n = 0usize;
    for site in 0..10 {
        for sub in SUBDOMAINS {
            let host = format!("{sub}brand{site}.com");
            let url = Url::parse(&format!("https://{host}/")).expect("valid URL");
            for k in 0..20usize {
                let mut header = format!(
                    "c{n}_{k}=v{:016x}",
                    (n as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15)
                );
                header.push_str("; Path=");
                header.push_str(PATHS[(n / 3 + k) % PATHS.len()]);
                if k % 4 == 0 {
                    header.push_str(&format!("; Domain=brand{site}.com"));
                }
                if k % 3 == 0 {
                    header.push_str("; Secure");
                }
                if k % 5 == 1 {
                    header.push_str("; HttpOnly");
                }
                if k % 2 == 0 {
                    header.push_str("; Max-Age=86400");
                }
                header.push_str(["", "; SameSite=Lax", "; SameSite=Strict"][k % 3]);
                jar.set_from_response(&url, &ctx, &header, NOW.add_secs(-3600))
                    .expect("cookie stored");
                n += 1;
            }
        }
    }
    assert_eq!(jar.len(), 1000);
    jar
}

fn jar_retrieval(c: &mut Criterion) {
    let mut jar = build_jar();
    let url = Url::parse("https://shop.brand3.com/account/orders/42").expect("valid URL");
    let ctx = RequestContext::typed();
    let sent = jar.cookies_for_request(&url, &ctx, NOW).len();
    assert!(
        (10..=20).contains(&sent),
        "{sent} cookies match the request"
    );
    let header = jar.cookie_header(&url, &ctx, NOW).expect("cookies to send");
    eprintln!(
        "jar_retrieval: {} of {} cookies sent, {} byte Cookie header",
        sent,
        jar.len(),
        header.len()
    );

    let mut group = c.benchmark_group("jar_retrieval");
    group.bench_function("cookie_header", |b| {
        b.iter(|| jar.cookie_header(black_box(&url), &ctx, NOW))
    });
    group.bench_function("cookies_for_request", |b| {
        b.iter(|| jar.cookies_for_request(black_box(&url), &ctx, NOW).len())
    });
    group.finish();
}

criterion_group!(
    benches,
    cookie_header_parse,
    set_cookie_parse,
    jar_retrieval
);
criterion_main!(benches);
