//! Table tests of the cookie jar, one per rule of RFC 6265bis §5.7 (storage) and §5.8.3
//! (retrieval), named after the step they come from.

use sessionlab_core::cookie::{
    BrowserJar, BrowserProfile, Expiry, JarConfig, Rejection, RequestContext, RequestKind,
    SetCookieError,
};
use sessionlab_core::time::UnixTime;
use url::Url;

const NOW: UnixTime = UnixTime::from_secs(1_700_000_000);

fn u(s: &str) -> Url {
    Url::parse(s).unwrap()
}

fn set(jar: &mut BrowserJar, url: &str, header: &str) -> Result<(), Rejection> {
    jar.set_from_response(&u(url), &RequestContext::typed(), header, NOW)
}

fn sent(jar: &mut BrowserJar, url: &str) -> String {
    jar.cookie_header(&u(url), &RequestContext::typed(), NOW)
        .unwrap_or_default()
}

fn cross(from: &str, kind: RequestKind, method: &str) -> RequestContext {
    RequestContext::from_page(u(from), kind, method)
}

#[test]
fn parse_errors_surface_as_rejections() {
    let mut jar = BrowserJar::new();
    assert_eq!(
        set(&mut jar, "https://a.com/", "a=b\x01"),
        Err(Rejection::Parse(SetCookieError::ControlCharacter))
    );
    assert_eq!(
        set(&mut jar, "https://a.com/", ""),
        Err(Rejection::Parse(SetCookieError::Empty))
    );
    assert!(jar.is_empty());
}

#[test]
fn step_8_non_ascii_domain_is_rejected() {
    let mut jar = BrowserJar::new();
    assert_eq!(
        set(
            &mut jar,
            "https://xn--bcher-kva.de/",
            "a=b; Domain=bücher.de"
        ),
        Err(Rejection::NonAsciiDomain)
    );
}

#[test]
fn step_9_public_suffix_domain() {
    let mut jar = BrowserJar::new();
    assert_eq!(
        set(&mut jar, "https://www.example.com/", "a=b; Domain=com"),
        Err(Rejection::PublicSuffixDomain)
    );
    assert_eq!(
        set(&mut jar, "https://a.example.co.uk/", "a=b; Domain=co.uk"),
        Err(Rejection::PublicSuffixDomain)
    );
    assert_eq!(
        set(
            &mut jar,
            "https://alice.github.io/",
            "a=b; Domain=github.io"
        ),
        Err(Rejection::PublicSuffixDomain)
    );
    // A suffix equal to the host itself becomes a host-only cookie.
    set(&mut jar, "https://github.io/", "a=b; Domain=github.io").unwrap();
    let c = jar.iter().next().unwrap();
    assert!(c.host_only);
    assert_eq!(c.domain, "github.io");
    assert_eq!(sent(&mut jar, "https://alice.github.io/"), "");
    assert_eq!(sent(&mut jar, "https://github.io/"), "a=b");
}

#[test]
fn step_9_public_suffix_check_can_be_disabled() {
    let mut jar = BrowserJar::with_config(JarConfig {
        reject_public_suffixes: false,
        ..JarConfig::default()
    });
    set(
        &mut jar,
        "https://alice.github.io/",
        "a=b; Domain=github.io",
    )
    .unwrap();
    assert_eq!(sent(&mut jar, "https://bob.github.io/"), "a=b");
}

#[test]
fn step_10_domain_must_match_host() {
    let mut jar = BrowserJar::new();
    assert_eq!(
        set(
            &mut jar,
            "https://www.example.com/",
            "a=b; Domain=other.com"
        ),
        Err(Rejection::DomainMismatch)
    );
    assert_eq!(
        set(
            &mut jar,
            "https://example.com/",
            "a=b; Domain=www.example.com"
        ),
        Err(Rejection::DomainMismatch)
    );
    assert_eq!(
        set(
            &mut jar,
            "https://badexample.com/",
            "a=b; Domain=example.com"
        ),
        Err(Rejection::DomainMismatch)
    );
    set(
        &mut jar,
        "https://www.example.com/",
        "a=b; Domain=.EXAMPLE.com",
    )
    .unwrap();
    assert_eq!(sent(&mut jar, "https://example.com/"), "a=b");
    assert_eq!(sent(&mut jar, "https://deep.sub.example.com/"), "a=b");
    assert_eq!(sent(&mut jar, "https://badexample.com/"), "");
}

#[test]
fn step_10_host_only_cookies() {
    let mut jar = BrowserJar::new();
    set(&mut jar, "https://example.com/", "a=b").unwrap();
    assert_eq!(sent(&mut jar, "https://example.com/"), "a=b");
    assert_eq!(sent(&mut jar, "https://www.example.com/"), "");
    // An empty Domain attribute makes the cookie host-only.
    set(&mut jar, "https://example.com/", "c=d; Domain=").unwrap();
    assert_eq!(sent(&mut jar, "https://www.example.com/"), "");
}

/// RFC 6265bis §5.6.3 appends an empty `Domain` to the attribute list like any other (RFC
/// 6265's "SHOULD ignore" is gone), §5.7 step 7 takes the last one, and step 10 makes the
/// cookie host-only when it is empty. The web-platform-tests case
/// `test=42; domain=www1.example; domain=; path=/x` is host-only, not dropped, not shared.
#[test]
fn s5_6_3_and_step_7_a_last_empty_domain_makes_the_cookie_host_only() {
    for profile in BrowserProfile::ALL {
        let mut jar = BrowserJar::with_config(profile.config());
        set(
            &mut jar,
            "https://www1.example.com/x/",
            "test=42; domain=www1.example.com; domain=; path=/x",
        )
        .unwrap();
        let c = jar
            .get(&u("https://www1.example.com/x/"), "test", NOW)
            .unwrap();
        assert!(c.host_only, "{profile:?}");
        assert_eq!(c.domain, "www1.example.com");
        assert_eq!(sent(&mut jar, "https://sub.www1.example.com/x/"), "");
        // The other way round, the non-empty Domain is the last one: shared with subdomains.
        set(
            &mut jar,
            "https://www1.example.com/x/",
            "other=1; domain=; domain=www1.example.com; path=/x",
        )
        .unwrap();
        assert_eq!(sent(&mut jar, "https://sub.www1.example.com/x/"), "other=1");
    }
}

/// `Domain=.`: one dot stripped leaves the empty domain, so the RFC makes the cookie host-only;
/// Chromium refuses the cookie.
#[test]
fn s5_6_3_a_lone_dot_domain_is_host_only_by_the_rfc_and_refused_by_chromium() {
    let mut rfc = BrowserJar::with_config(JarConfig::rfc());
    set(&mut rfc, "https://www.example.com/", "a=b; Domain=.").unwrap();
    assert!(
        rfc.get(&u("https://www.example.com/"), "a", NOW)
            .unwrap()
            .host_only
    );
    let mut chromium = BrowserJar::with_config(JarConfig::chromium());
    assert_eq!(
        set(&mut chromium, "https://www.example.com/", "a=b; Domain=."),
        Err(Rejection::Parse(SetCookieError::DotDomain))
    );
    // `Domain=..example.com` keeps a dot, which no host domain-matches.
    assert_eq!(
        set(
            &mut rfc,
            "https://www.example.com/",
            "c=d; Domain=..example.com"
        ),
        Err(Rejection::DomainMismatch)
    );
}

/// The Chromium profile's deviations from the RFC text, each a switch of [`JarConfig`].
#[test]
fn chromium_profile_deviations() {
    let cases: [(&str, &str, bool, bool); 11] = [
        // (url, header, stored by the RFC profile, stored by Chromium)
        ("https://a.example/", "a=b\tc", true, false),
        ("https://a.example/", "a\tb=c", true, false),
        ("https://a.example/", "a=b; Path=/x\ty", true, false),
        ("https://a.example/", "\ta=b\t", true, true),
        ("https://a.example/", "=a=b", true, false),
        ("https://a.example/", "=ab", true, true),
        ("https://www.a.example/", "a=b; Domain=.", true, false),
        (
            "https://xn--bcher-kva.example/",
            "a=b; Domain=bücher.example",
            false,
            true,
        ),
        ("https://a.example/", "a=b; Max-Age=+60", true, true),
        ("https://a.example/", "__Http-a=b; Secure", true, false),
        (
            "https://a.example/",
            "__Http-a=b; Secure; HttpOnly",
            true,
            true,
        ),
    ];
    for (url, header, by_rfc, by_chromium) in cases {
        let mut rfc = BrowserJar::with_config(JarConfig::rfc());
        let mut chromium = BrowserJar::with_config(JarConfig::chromium());
        assert_eq!(set(&mut rfc, url, header).is_ok(), by_rfc, "rfc {header:?}");
        assert_eq!(
            set(&mut chromium, url, header).is_ok(),
            by_chromium,
            "chromium {header:?}"
        );
    }
    // The IDN Domain is stored in its ASCII form and shared with subdomains.
    let mut chromium = BrowserJar::with_config(JarConfig::chromium());
    set(
        &mut chromium,
        "https://xn--bcher-kva.example/",
        "a=b; Domain=bücher.example",
    )
    .unwrap();
    assert_eq!(
        chromium.iter().next().unwrap().domain,
        "xn--bcher-kva.example"
    );
    assert_eq!(
        sent(&mut chromium, "https://www.xn--bcher-kva.example/"),
        "a=b"
    );
    // Max-Age=+60 is a 60-second cookie in Chromium and a session cookie by the RFC.
    let mut rfc = BrowserJar::with_config(JarConfig::rfc());
    set(&mut rfc, "https://a.example/", "a=b; Max-Age=+60").unwrap();
    set(&mut chromium, "https://a.example/", "a=b; Max-Age=+60").unwrap();
    assert_eq!(
        rfc.get(&u("https://a.example/"), "a", NOW).unwrap().expiry,
        Expiry::Session
    );
    assert_eq!(
        chromium
            .get(&u("https://a.example/"), "a", NOW)
            .unwrap()
            .expiry,
        Expiry::At(NOW.add_secs(60))
    );
    // Max-Age=+0 deletes in Chromium.
    set(&mut chromium, "https://a.example/", "a=b; Max-Age=+0").unwrap();
    assert!(chromium.get(&u("https://a.example/"), "a", NOW).is_none());
}

/// §5.7 step 23.3 keeps the old creation time on replace, so a replaced cookie keeps its place
/// in the header; Chromium keeps it only when the value is unchanged.
#[test]
fn step_23_creation_time_on_replace_by_profile() {
    let url = u("https://a.com/");
    let ctx = RequestContext::typed();
    let order = |config: JarConfig, second_value: &str| {
        let mut jar = BrowserJar::with_config(config);
        jar.set_from_response(&url, &ctx, "first=1", NOW).unwrap();
        jar.set_from_response(&url, &ctx, "second=1", NOW.add_secs(10))
            .unwrap();
        jar.set_from_response(
            &url,
            &ctx,
            &format!("first={second_value}"),
            NOW.add_secs(20),
        )
        .unwrap();
        jar.cookie_header(&url, &ctx, NOW.add_secs(30)).unwrap()
    };
    assert_eq!(order(JarConfig::rfc(), "2"), "first=2; second=1");
    assert_eq!(order(JarConfig::chromium(), "2"), "second=1; first=2");
    assert_eq!(order(JarConfig::chromium(), "1"), "first=1; second=1");
}

#[test]
fn get_looks_up_by_name_without_touching_access_times() {
    let mut jar = BrowserJar::new();
    set(&mut jar, "https://a.com/", "sid=root; Path=/").unwrap();
    set(&mut jar, "https://a.com/account", "sid=deep; Path=/account").unwrap();
    set(&mut jar, "https://a.com/", "s=1; Secure").unwrap();
    let at = |jar: &BrowserJar, url: &str, name: &str| {
        jar.get(&u(url), name, NOW).map(|c| c.value.clone())
    };
    // The longer path comes first in the header, so it is the one found.
    assert_eq!(
        at(&jar, "https://a.com/account/x", "sid").as_deref(),
        Some("deep")
    );
    assert_eq!(at(&jar, "https://a.com/", "sid").as_deref(), Some("root"));
    assert_eq!(at(&jar, "http://a.com/", "s"), None, "Secure over http");
    assert_eq!(at(&jar, "https://b.com/", "sid"), None);
    assert_eq!(jar.get_all("sid").count(), 2);
    let before: Vec<_> = jar.iter().map(|c| c.last_access_time).collect();
    let _ = jar.get(&u("https://a.com/"), "sid", NOW.add_secs(99));
    assert_eq!(
        jar.iter().map(|c| c.last_access_time).collect::<Vec<_>>(),
        before
    );
    // A session cookie does not expire with time; an expired persistent one is not found.
    assert!(
        jar.get(&u("https://a.com/"), "sid", NOW.add_secs(500 * 86_400))
            .is_some()
    );
    set(&mut jar, "https://a.com/", "tmp=1; Max-Age=5").unwrap();
    assert!(
        jar.get(&u("https://a.com/"), "tmp", NOW.add_secs(4))
            .is_some()
    );
    assert!(
        jar.get(&u("https://a.com/"), "tmp", NOW.add_secs(5))
            .is_none()
    );
}

#[test]
fn ip_address_hosts() {
    let mut jar = BrowserJar::new();
    set(&mut jar, "http://192.168.0.10/", "a=b").unwrap();
    assert_eq!(
        set(&mut jar, "http://192.168.0.10/", "c=d; Domain=168.0.10"),
        Err(Rejection::DomainMismatch)
    );
    set(&mut jar, "http://192.168.0.10/", "e=f; Domain=192.168.0.10").unwrap();
    assert_eq!(sent(&mut jar, "http://192.168.0.10/"), "a=b; e=f");
    assert_eq!(sent(&mut jar, "http://10.168.0.10/"), "");
    set(&mut jar, "http://[::1]:8080/", "v6=yes").unwrap();
    assert_eq!(sent(&mut jar, "http://[::1]/x"), "v6=yes");
}

#[test]
fn step_11_path_and_default_path() {
    let mut jar = BrowserJar::new();
    set(&mut jar, "https://a.com/dir/page", "d=1").unwrap();
    set(&mut jar, "https://a.com/dir/page", "rel=1; Path=relative").unwrap();
    set(&mut jar, "https://a.com/dir/page", "root=1; Path=/").unwrap();
    set(&mut jar, "https://a.com/dir/page", "foo=1; Path=/foo").unwrap();
    let paths: Vec<_> = jar
        .iter()
        .map(|c| (c.name.as_str(), c.path.as_str()))
        .collect();
    assert_eq!(
        paths,
        [
            ("d", "/dir"),
            ("rel", "/dir"),
            ("root", "/"),
            ("foo", "/foo")
        ]
    );
    assert_eq!(sent(&mut jar, "https://a.com/foo/x"), "foo=1; root=1");
    assert_eq!(sent(&mut jar, "https://a.com/foobar"), "root=1");
    assert_eq!(sent(&mut jar, "https://a.com/dir"), "d=1; rel=1; root=1");
}

#[test]
fn step_13_secure_only_from_secure_origins() {
    let mut jar = BrowserJar::new();
    assert_eq!(
        set(&mut jar, "http://a.com/", "s=1; Secure"),
        Err(Rejection::SecureFromInsecureOrigin)
    );
    set(&mut jar, "https://a.com/", "s=1; Secure").unwrap();
    assert_eq!(sent(&mut jar, "https://a.com/"), "s=1");
    assert_eq!(
        sent(&mut jar, "http://a.com/"),
        "",
        "a Secure cookie never goes over plain HTTP"
    );
    // Loopback is a secure context (as in browsers), unless configured otherwise.
    set(&mut jar, "http://localhost:3000/", "l=1; Secure").unwrap();
    assert_eq!(sent(&mut jar, "http://localhost:3000/"), "l=1");
    let mut strict = BrowserJar::with_config(JarConfig {
        trust_loopback: false,
        ..JarConfig::default()
    });
    assert_eq!(
        set(&mut strict, "http://localhost/", "l=1; Secure"),
        Err(Rejection::SecureFromInsecureOrigin)
    );
}

#[test]
fn step_15_and_23_script_api_and_httponly() {
    let mut jar = BrowserJar::new();
    let page = u("https://a.com/");
    assert_eq!(
        jar.set_from_script(&page, "h=1; HttpOnly", NOW),
        Err(Rejection::HttpOnlyFromScript)
    );
    set(&mut jar, "https://a.com/", "sid=secret; HttpOnly").unwrap();
    set(&mut jar, "https://a.com/", "theme=dark").unwrap();
    assert_eq!(jar.script_cookies(&page, NOW), "theme=dark");
    // Step 23.2: the script cannot overwrite the HttpOnly cookie (session fixation via XSS).
    assert_eq!(
        jar.set_from_script(&page, "sid=attacker", NOW),
        Err(Rejection::OverwritesHttpOnly)
    );
    jar.set_from_script(&page, "lang=en", NOW).unwrap();
    assert_eq!(
        sent(&mut jar, "https://a.com/"),
        "sid=secret; theme=dark; lang=en"
    );
}

#[test]
fn step_16_leave_secure_cookies_alone() {
    let mut jar = BrowserJar::new();
    set(
        &mut jar,
        "https://shop.example.com/",
        "sid=good; Secure; Domain=example.com",
    )
    .unwrap();
    // Plain HTTP may not shadow it: same name, overlapping domain, path-matching path.
    assert_eq!(
        set(&mut jar, "http://shop.example.com/", "sid=evil"),
        Err(Rejection::ShadowsSecureCookie)
    );
    assert_eq!(
        set(
            &mut jar,
            "http://www.example.com/",
            "sid=evil; Domain=example.com"
        ),
        Err(Rejection::ShadowsSecureCookie)
    );
    assert_eq!(
        set(&mut jar, "http://shop.example.com/x/y", "sid=evil; Path=/x"),
        Err(Rejection::ShadowsSecureCookie)
    );
    // A different name, or a secure origin, is fine.
    set(&mut jar, "http://shop.example.com/", "other=1").unwrap();
    set(&mut jar, "https://shop.example.com/", "sid=fine").unwrap();
    // A Secure cookie on a narrower path does not block a broader insecure one.
    let mut jar = BrowserJar::new();
    set(&mut jar, "https://a.com/", "sid=1; Secure; Path=/account").unwrap();
    set(&mut jar, "http://a.com/", "sid=2; Path=/").unwrap();
}

#[test]
fn step_18_samesite_cookies_from_cross_site_subresources() {
    let mut jar = BrowserJar::new();
    let url = u("https://tracker.com/pixel");
    let sub = cross("https://news.com/", RequestKind::Subresource, "GET");
    assert_eq!(
        jar.set_from_response(&url, &sub, "a=1; SameSite=Lax", NOW),
        Err(Rejection::CrossSiteSameSite)
    );
    assert_eq!(
        jar.set_from_response(&url, &sub, "a=1", NOW),
        Err(Rejection::CrossSiteSameSite)
    );
    jar.set_from_response(&url, &sub, "a=1; SameSite=None; Secure", NOW)
        .unwrap();
    // A cross-site top-level navigation may set any SameSite cookie.
    let nav = cross("https://news.com/", RequestKind::TopLevelNavigation, "GET");
    jar.set_from_response(&url, &nav, "b=1; SameSite=Strict", NOW)
        .unwrap();
}

#[test]
fn step_19_samesite_none_requires_secure() {
    let mut jar = BrowserJar::new();
    assert_eq!(
        set(&mut jar, "https://a.com/", "a=1; SameSite=None"),
        Err(Rejection::SameSiteNoneWithoutSecure)
    );
    set(&mut jar, "https://a.com/", "a=1; SameSite=None; Secure").unwrap();
}

#[test]
fn step_20_and_21_prefixes_case_insensitive() {
    let mut jar = BrowserJar::new();
    let a = "https://a.example.com/x/";
    assert_eq!(
        set(&mut jar, a, "__Secure-a=1"),
        Err(Rejection::SecurePrefix)
    );
    assert_eq!(
        set(&mut jar, a, "__SECURE-a=1"),
        Err(Rejection::SecurePrefix)
    );
    set(&mut jar, a, "__Secure-a=1; Secure").unwrap();
    assert_eq!(
        set(&mut jar, a, "__Host-b=1; Secure"),
        Err(Rejection::HostPrefix),
        "no Path=/"
    );
    assert_eq!(
        set(&mut jar, "https://a.example.com/", "__Host-b=1; Secure"),
        Err(Rejection::HostPrefix),
        "default path / is not enough"
    );
    assert_eq!(
        set(&mut jar, a, "__Host-b=1; Path=/"),
        Err(Rejection::HostPrefix),
        "no Secure"
    );
    assert_eq!(
        set(
            &mut jar,
            a,
            "__host-b=1; Secure; Path=/; Domain=example.com"
        ),
        Err(Rejection::HostPrefix)
    );
    assert_eq!(
        set(&mut jar, a, "__Host-b=1; Secure; Path=/x"),
        Err(Rejection::HostPrefix)
    );
    set(&mut jar, a, "__Host-b=1; Secure; Path=/").unwrap();
    // A U+2000 lookalike is not a prefixed cookie, and is stored under its own name.
    set(&mut jar, a, "\u{2000}__Host-c=1; Path=/").unwrap();
}

#[test]
fn step_22_nameless_prefix_lookalikes() {
    let mut jar = BrowserJar::new();
    assert_eq!(
        set(&mut jar, "https://a.com/", "__Host-sid=x"),
        Err(Rejection::HostPrefix)
    );
    assert_eq!(
        set(&mut jar, "https://a.com/", "=__Host-sid=x; Secure; Path=/"),
        Err(Rejection::NamelessPrefix)
    );
    assert_eq!(
        set(&mut jar, "https://a.com/", "__secure-x"),
        Err(Rejection::NamelessPrefix)
    );
    set(&mut jar, "https://a.com/", "nameless").unwrap();
    assert_eq!(sent(&mut jar, "https://a.com/"), "nameless");
}

#[test]
fn step_23_replacement_keeps_creation_time_and_order() {
    let mut jar = BrowserJar::new();
    let url = u("https://a.com/");
    let ctx = RequestContext::typed();
    jar.set_from_response(&url, &ctx, "first=1", NOW).unwrap();
    jar.set_from_response(&url, &ctx, "second=1", NOW.add_secs(10))
        .unwrap();
    jar.set_from_response(&url, &ctx, "first=2", NOW.add_secs(20))
        .unwrap();
    assert_eq!(jar.len(), 2);
    assert_eq!(
        jar.cookie_header(&url, &ctx, NOW.add_secs(30)).unwrap(),
        "first=2; second=1"
    );
    assert_eq!(
        jar.iter()
            .find(|c| c.name == "first")
            .unwrap()
            .creation_time,
        NOW
    );
    // Different path or host-only flag: a separate cookie.
    jar.set_from_response(&url, &ctx, "first=3; Path=/x", NOW)
        .unwrap();
    jar.set_from_response(&url, &ctx, "first=4; Domain=a.com", NOW)
        .unwrap();
    assert_eq!(jar.len(), 4);
}

#[test]
fn deletion_needs_the_same_path_and_domain() {
    // The seed's warning: a deletion with another Path silently fails.
    let mut jar = BrowserJar::new();
    set(
        &mut jar,
        "https://a.com/account/x",
        "bind=1; Path=/account; Secure; HttpOnly",
    )
    .unwrap();
    set(
        &mut jar,
        "https://a.com/account/x",
        "bind=; Path=/; Max-Age=0",
    )
    .unwrap();
    assert_eq!(sent(&mut jar, "https://a.com/account/x"), "bind=1");
    set(
        &mut jar,
        "https://a.com/account/x",
        "bind=; Path=/account; Max-Age=0",
    )
    .unwrap();
    assert_eq!(sent(&mut jar, "https://a.com/account/x"), "");
    assert!(jar.is_empty());
}

#[test]
fn expiry_max_age_and_expires() {
    let mut jar = BrowserJar::new();
    let url = u("https://a.com/");
    let ctx = RequestContext::typed();
    jar.set_from_response(
        &url,
        &ctx,
        "m=1; Max-Age=60; Expires=Thu, 01 Jan 1970 00:00:00 GMT",
        NOW,
    )
    .unwrap();
    jar.set_from_response(
        &url,
        &ctx,
        "e=1; Expires=Tue, 14 Nov 2023 22:30:20 GMT",
        NOW,
    )
    .unwrap();
    jar.set_from_response(&url, &ctx, "s=1", NOW).unwrap();
    assert_eq!(
        jar.cookie_header(&url, &ctx, NOW.add_secs(59)).unwrap(),
        "m=1; e=1; s=1"
    );
    assert_eq!(
        jar.cookie_header(&url, &ctx, NOW.add_secs(60)).unwrap(),
        "e=1; s=1"
    );
    assert_eq!(
        jar.cookie_header(&url, &ctx, NOW.add_secs(1_019)).unwrap(),
        "e=1; s=1"
    );
    assert_eq!(
        jar.cookie_header(&url, &ctx, NOW.add_secs(1_020)).unwrap(),
        "s=1"
    );
    jar.remove_expired(NOW.add_secs(1_020));
    assert_eq!(jar.len(), 1);
    jar.end_session();
    assert!(jar.is_empty());
}

#[test]
fn expiry_capped_at_400_days() {
    let mut jar = BrowserJar::new();
    set(
        &mut jar,
        "https://a.com/",
        "a=1; Expires=Fri, 31 Dec 9999 23:59:59 GMT",
    )
    .unwrap();
    assert_eq!(
        jar.iter().next().unwrap().expiry,
        Expiry::At(NOW.add_secs(400 * 86_400))
    );
}

#[test]
fn an_expired_cookie_deletes_its_namesake() {
    let mut jar = BrowserJar::new();
    set(&mut jar, "https://a.com/", "a=1").unwrap();
    set(
        &mut jar,
        "https://a.com/",
        "a=gone; Expires=Thu, 01 Jan 1970 00:00:00 GMT",
    )
    .unwrap();
    assert!(jar.is_empty());
}

#[test]
fn retrieval_sameside_strict_lax_default_none() {
    let mut jar = BrowserJar::new();
    let site = "https://bank.com/";
    set(&mut jar, site, "strict=1; SameSite=Strict").unwrap();
    set(&mut jar, site, "lax=1; SameSite=Lax").unwrap();
    set(&mut jar, site, "none=1; SameSite=None; Secure").unwrap();
    set(&mut jar, site, "default=1").unwrap();
    let url = u("https://bank.com/transfer");
    let later = NOW.add_secs(3600);
    let mut header = |ctx: RequestContext| jar.cookie_header(&url, &ctx, later).unwrap_or_default();
    // Same-site requests get everything, typed or from a sibling subdomain page.
    assert_eq!(
        header(RequestContext::typed()),
        "strict=1; lax=1; none=1; default=1"
    );
    assert_eq!(
        header(cross(
            "https://www.bank.com/",
            RequestKind::Subresource,
            "POST"
        )),
        "strict=1; lax=1; none=1; default=1"
    );
    // Cross-site top-level GET: Lax and Default (Lax by default), not Strict.
    assert_eq!(
        header(cross(
            "https://evil.com/",
            RequestKind::TopLevelNavigation,
            "GET"
        )),
        "lax=1; none=1; default=1"
    );
    // Cross-site top-level POST (CSRF form): only None.
    assert_eq!(
        header(cross(
            "https://evil.com/",
            RequestKind::TopLevelNavigation,
            "POST"
        )),
        "none=1"
    );
    // Cross-site subresource (img, fetch): only None.
    assert_eq!(
        header(cross("https://evil.com/", RequestKind::Subresource, "GET")),
        "none=1"
    );
    // Schemeful: http://bank.com is another site than https://bank.com.
    assert_eq!(
        header(cross("http://bank.com/", RequestKind::Subresource, "GET")),
        "none=1"
    );
}

#[test]
fn retrieval_lax_allowing_unsafe_for_young_default_cookies() {
    let mut jar = BrowserJar::new();
    set(&mut jar, "https://bank.com/", "default=1").unwrap();
    set(&mut jar, "https://bank.com/", "lax=1; SameSite=Lax").unwrap();
    let url = u("https://bank.com/");
    let post = cross("https://evil.com/", RequestKind::TopLevelNavigation, "POST");
    assert_eq!(
        jar.cookie_header(&url, &post, NOW.add_secs(120)).as_deref(),
        Some("default=1")
    );
    assert_eq!(jar.cookie_header(&url, &post, NOW.add_secs(121)), None);
    let mut no_window = BrowserJar::with_config(JarConfig {
        lax_allowing_unsafe_secs: None,
        ..JarConfig::default()
    });
    no_window
        .set_from_response(&url, &RequestContext::typed(), "default=1", NOW)
        .unwrap();
    assert_eq!(no_window.cookie_header(&url, &post, NOW.add_secs(1)), None);
}

#[test]
fn retrieval_default_samesite_when_not_lax_by_default() {
    let mut jar = BrowserJar::with_config(JarConfig {
        lax_by_default: false,
        ..JarConfig::default()
    });
    set(&mut jar, "https://bank.com/", "default=1").unwrap();
    let sub = cross("https://evil.com/", RequestKind::Subresource, "POST");
    assert_eq!(
        jar.cookie_header(&u("https://bank.com/"), &sub, NOW)
            .as_deref(),
        Some("default=1")
    );
}

#[test]
fn partitioned_cookies_are_keyed_by_top_level_site() {
    let mut jar = BrowserJar::new();
    let widget = u("https://widget.com/frame");
    let on_news = cross("https://news.com/", RequestKind::Subresource, "GET");
    let on_shop = cross("https://shop.com/", RequestKind::Subresource, "GET");
    assert_eq!(
        jar.set_from_response(&widget, &on_news, "p=1; SameSite=None; Partitioned", NOW),
        Err(Rejection::SameSiteNoneWithoutSecure)
    );
    assert_eq!(
        jar.set_from_response(&widget, &on_news, "p=1; Partitioned", NOW),
        Err(Rejection::CrossSiteSameSite)
    );
    jar.set_from_response(
        &widget,
        &on_news,
        "p=1; SameSite=None; Secure; Partitioned",
        NOW,
    )
    .unwrap();
    assert_eq!(
        jar.cookie_header(&widget, &on_news, NOW).as_deref(),
        Some("p=1")
    );
    assert_eq!(jar.cookie_header(&widget, &on_shop, NOW), None);
    assert_eq!(
        jar.set_from_response(&widget, &RequestContext::typed(), "q=1; Partitioned", NOW),
        Err(Rejection::PartitionedWithoutSecure)
    );
}

#[test]
fn header_order_longer_paths_then_earlier_creation() {
    let mut jar = BrowserJar::new();
    let ctx = RequestContext::typed();
    let url = u("https://a.com/a/b/c");
    jar.set_from_response(&url, &ctx, "late=1; Path=/", NOW.add_secs(2))
        .unwrap();
    jar.set_from_response(&url, &ctx, "early=1; Path=/", NOW)
        .unwrap();
    jar.set_from_response(&url, &ctx, "deep=1; Path=/a/b", NOW.add_secs(5))
        .unwrap();
    jar.set_from_response(&url, &ctx, "mid=1; Path=/a", NOW.add_secs(1))
        .unwrap();
    assert_eq!(
        jar.cookie_header(&url, &ctx, NOW.add_secs(10)).unwrap(),
        "deep=1; mid=1; early=1; late=1"
    );
}

#[test]
fn eviction_per_domain_non_secure_and_least_recently_used_first() {
    let config = JarConfig {
        max_cookies_per_domain: 3,
        max_cookies: 100,
        ..JarConfig::default()
    };
    let mut jar = BrowserJar::with_config(config);
    let url = u("https://a.com/");
    let ctx = RequestContext::typed();
    jar.set_from_response(&url, &ctx, "s1=1; Secure", NOW)
        .unwrap();
    jar.set_from_response(&url, &ctx, "p1=1; Path=/p1", NOW.add_secs(1))
        .unwrap();
    jar.set_from_response(&url, &ctx, "p2=1", NOW.add_secs(2))
        .unwrap();
    // Visit /p1 so that p1 (and s1) are used after p2.
    assert_eq!(
        jar.cookie_header(&u("https://a.com/p1"), &ctx, NOW.add_secs(3))
            .unwrap(),
        "p1=1; s1=1; p2=1"
    );
    jar.set_from_response(&url, &ctx, "s2=1; Secure; Path=/s2", NOW.add_secs(5))
        .unwrap();
    // Four in a domain of three: a non-Secure cookie goes first; p1 and p2 were both last used
    // at NOW+3, so the tie goes to the earlier-created p1.
    let names: Vec<_> = jar.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["s1", "p2", "s2"]);
    // A visit to /s2 touches s1, p2 and s2 at NOW+6.
    let _ = jar.cookie_header(&u("https://a.com/s2"), &ctx, NOW.add_secs(6));
    jar.set_from_response(&url, &ctx, "p3=1; Path=/p3", NOW.add_secs(7))
        .unwrap();
    // Non-Secure p2 (used NOW+6) is less recently used than the new p3 (NOW+7).
    let names: Vec<_> = jar.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["s1", "s2", "p3"]);
    assert_eq!(jar.len(), 3);
}

#[test]
fn eviction_total_limit_least_recently_used_first() {
    let config = JarConfig {
        max_cookies_per_domain: 10,
        max_cookies: 3,
        ..JarConfig::default()
    };
    let mut jar = BrowserJar::with_config(config);
    let ctx = RequestContext::typed();
    for (i, host) in ["a.com", "b.com", "c.com", "d.com"].iter().enumerate() {
        let url = u(&format!("https://{host}/"));
        jar.set_from_response(&url, &ctx, "x=1", NOW.add_secs(i as i64))
            .unwrap();
    }
    let domains: Vec<_> = jar.iter().map(|c| c.domain.as_str()).collect();
    assert_eq!(domains, ["b.com", "c.com", "d.com"]);
}

#[test]
fn script_view_follows_domain_path_and_secure() {
    let mut jar = BrowserJar::new();
    set(&mut jar, "https://a.com/app/x", "app=1; Path=/app").unwrap();
    set(&mut jar, "https://a.com/", "sec=1; Secure").unwrap();
    assert_eq!(
        jar.script_cookies(&u("https://a.com/app/page"), NOW),
        "app=1; sec=1"
    );
    assert_eq!(jar.script_cookies(&u("https://a.com/other"), NOW), "sec=1");
    assert_eq!(
        jar.script_cookies(&u("http://a.com/app/page"), NOW),
        "app=1"
    );
    assert_eq!(jar.script_cookies(&u("https://b.com/"), NOW), "");
}

#[test]
fn urls_without_hosts_get_nothing() {
    let mut jar = BrowserJar::new();
    assert_eq!(
        jar.set_from_response(
            &u("data:text/plain,x"),
            &RequestContext::typed(),
            "a=1",
            NOW
        ),
        Err(Rejection::NoHost)
    );
    assert_eq!(
        jar.cookie_header(&u("data:text/plain,x"), &RequestContext::typed(), NOW),
        None
    );
}
