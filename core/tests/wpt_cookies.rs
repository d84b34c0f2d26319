//! The browser jar against the web-platform-tests cookie suite: 1,063 cases transcribed from
//! `cookies/` of WPT (names, values, control characters, every attribute, prefixes, paths,
//! domains, ordering, sizes, encodings) into `tests/data/wpt_cookies.json`, each a list of
//! `Set-Cookie` headers (or `document.cookie` assignments) on one URL and the `document.cookie`
//! expected on another, from an empty jar.
//!
//! WPT states what browsers agree on. Where RFC 6265bis (draft 22) says otherwise, or where
//! Chromium deviates from the RFC, the case is listed below with the reason, per profile; every
//! other case must match exactly, and every listed case must still differ (so the lists stay
//! true).

use std::collections::BTreeMap;

use sessionlab_core::cookie::{BrowserJar, BrowserProfile, RequestContext};
use sessionlab_core::time::UnixTime;
use url::Url;

/// 2026-01-01T00:00:00Z: the cases' `Expires` dates (2027) are in the future.
const NOW: UnixTime = UnixTime::from_secs(1_767_225_600);

#[derive(serde::Deserialize)]
struct Case {
    id: String,
    api: String,
    set_url: String,
    set_cookie: Vec<String>,
    read_url: String,
    expected: String,
}

/// The cases where the RFC text and WPT disagree, and why (`--browser rfc`).
const RFC_DIFFERS: &[(&str, &str)] = &[
    (
        "domain-child.sub.html#47",
        "Domain=. : 6265bis strips the dot and the empty domain is host-only; WPT expects Chromium's refusal",
    ),
    (
        "__host.explicit-path.https.window.js#5",
        "__Host- with `Path=`: 6265bis's Path step gives the default path /, so the prefix check passes; WPT follows the layered-cookies draft",
    ),
    (
        "__host.explicit-path.https.window.js#6",
        "__Host- with a bare `Path`: as #5",
    ),
];

/// The cases where Chromium's deviations from the RFC text (each a `JarConfig` switch) give
/// another answer than WPT's.
const CHROMIUM_DIFFERS: &[(&str, &str)] = &[
    (
        "attributes-ctl.sub.html#118",
        "HTAB inside an attribute: Chromium refuses the cookie (ParseRules::reject_inner_htab); WPT and the RFC keep it",
    ),
    (
        "attributes-ctl.sub.html#120",
        "HTAB inside an attribute: Chromium refuses the cookie (ParseRules::reject_inner_htab); WPT and the RFC keep it",
    ),
    (
        "attributes-ctl.sub.html#122",
        "HTAB inside an attribute: Chromium refuses the cookie (ParseRules::reject_inner_htab); WPT and the RFC keep it",
    ),
    (
        "attributes-ctl.sub.html#124",
        "HTAB inside an attribute: Chromium refuses the cookie (ParseRules::reject_inner_htab); WPT and the RFC keep it",
    ),
    (
        "attributes-ctl.sub.html#126",
        "HTAB inside an attribute: Chromium refuses the cookie (ParseRules::reject_inner_htab); WPT and the RFC keep it",
    ),
    (
        "attributes-ctl.sub.html#128",
        "HTAB inside an attribute: Chromium refuses the cookie (ParseRules::reject_inner_htab); WPT and the RFC keep it",
    ),
    (
        "attributes-ctl.sub.html#129",
        "HTAB inside an attribute: Chromium refuses the cookie (ParseRules::reject_inner_htab); WPT and the RFC keep it",
    ),
    (
        "idn-child.sub.https.html#1",
        "a UTF-8 IDN Domain: Chromium stores it in punycode (JarConfig::idn_domains); WPT and the RFC (5.7 step 8) refuse it",
    ),
    (
        "idn-child.sub.https.html#2",
        "a UTF-8 IDN Domain with an ideographic full stop: as #1",
    ),
    (
        "name-ctl.html#10",
        "HTAB inside a name: Chromium refuses the cookie (reject_inner_htab)",
    ),
    (
        "name-ctl.html#43",
        "HTAB inside a name, set through document.cookie: as #10",
    ),
    (
        "name.html#2",
        "a nameless cookie whose value has '=': Chromium refuses it (reject_nameless_with_equals)",
    ),
    ("name.html#3", "as name.html#2"),
    (
        "value-ctl.html#10",
        "HTAB inside a value: Chromium refuses the cookie (reject_inner_htab)",
    ),
    (
        "value-ctl.html#43",
        "HTAB inside a value, set through document.cookie: as #10",
    ),
];

fn run(profile: BrowserProfile, case: &Case) -> String {
    let mut jar = BrowserJar::with_config(profile.config());
    let set_url = Url::parse(&case.set_url).expect("set_url");
    for header in &case.set_cookie {
        let _ = match case.api.as_str() {
            "http" => jar.set_from_response(&set_url, &RequestContext::typed(), header, NOW),
            _ => jar.set_from_script(&set_url, header, NOW),
        };
    }
    jar.script_cookies(&Url::parse(&case.read_url).expect("read_url"), NOW)
}

fn cases() -> Vec<Case> {
    let text = include_str!("data/wpt_cookies.json");
    serde_json::from_str(text).expect("the WPT case file parses")
}

fn check(profile: BrowserProfile, differs: &[(&str, &str)]) {
    let cases = cases();
    assert!(cases.len() >= 1000, "{} cases", cases.len());
    let listed: BTreeMap<&str, &str> = differs.iter().copied().collect();
    let mut unexpected = Vec::new();
    let mut now_agree = Vec::new();
    for case in &cases {
        let got = run(profile, case);
        let agrees = got == case.expected;
        match (agrees, listed.contains_key(case.id.as_str())) {
            (false, false) => unexpected.push(format!(
                "{}: {:?} -> got {got:?}, WPT expects {:?}",
                case.id, case.set_cookie, case.expected
            )),
            (true, true) => now_agree.push(case.id.clone()),
            _ => {}
        }
    }
    assert!(
        unexpected.is_empty(),
        "{profile:?}: {} of {} cases differ from WPT:\n{}",
        unexpected.len(),
        cases.len(),
        unexpected.join("\n")
    );
    assert!(
        now_agree.is_empty(),
        "{profile:?}: listed as differing but now agree: {now_agree:?}"
    );
    for id in listed.keys() {
        assert!(cases.iter().any(|c| c.id == *id), "no case {id}");
    }
}

#[test]
fn rfc_profile_agrees_with_wpt_except_where_the_rfc_says_otherwise() {
    check(BrowserProfile::Rfc, RFC_DIFFERS);
}

#[test]
fn chromium_profile_agrees_with_wpt_except_its_listed_deviations() {
    check(BrowserProfile::Chromium, CHROMIUM_DIFFERS);
}
