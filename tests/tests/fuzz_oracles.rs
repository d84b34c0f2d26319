//! The fuzz targets' oracles that need the `fuzzing` feature, under proptest's own strategies:
//! the differential `Set-Cookie` check against the `cookie` crate, the builder over arbitrary
//! parts, and the simulator's hardened scenarios.

use proptest::prelude::*;
use sessionlab_core::check::cookie::{BuilderInput, builder_parts};
use sessionlab_core::check::differential;
use sessionlab_sim::check::{Scenario, ScenarioStep, scenario};

fn attribute() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("Secure".to_owned()),
        Just("HttpOnly".to_owned()),
        Just("Partitioned".to_owned()),
        "(?i:path)=[ -:<-~]{0,12}",
        "(?i:domain)= ?\\.?[A-Za-z0-9.-]{0,16}",
        "(?i:max-age)=[-+]?[0-9]{0,21}",
        "(?i:samesite)=(Strict|Lax|None|lax|bogus|)",
        (-11_644_473_600i64..=253_402_300_799).prop_map(|t| format!(
            "Expires={}",
            sessionlab_core::cookie::format_imf_fixdate(t).unwrap()
        )),
        "Expires=[ -:<-~]{0,30}",
        "[ -:<-~]{0,10}",
    ]
}

fn set_cookie_header() -> impl Strategy<Value = String> {
    (
        "[ -:<-~\t]{0,10}",
        proptest::option::of("[ -:<-~\t]{0,16}"),
        proptest::collection::vec(attribute(), 0..6),
    )
        .prop_map(|(name, value, attrs)| {
            let mut h = match value {
                Some(v) => format!("{name}={v}"),
                None => name,
            };
            for a in attrs {
                h.push(';');
                h.push_str(&a);
            }
            h
        })
}

fn step() -> impl Strategy<Value = ScenarioStep> {
    prop_oneof![
        any::<u8>().prop_map(ScenarioStep::Visit),
        Just(ScenarioStep::Login),
        Just(ScenarioStep::Account),
        Just(ScenarioStep::ClickExternal),
        Just(ScenarioStep::OpenXssPage),
        Just(ScenarioStep::VisitAttackerSite),
        Just(ScenarioStep::ReadHttpNews),
        Just(ScenarioStep::VisitSiblingSite),
        prop_oneof![0u16..30, 0u16..=u16::MAX].prop_map(ScenarioStep::Idle),
        Just(ScenarioStep::ChangePassword),
        Just(ScenarioStep::Logout),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn set_cookie_agrees_with_the_cookie_crate(header in set_cookie_header()) {
        differential::set_cookie(header.as_bytes()).map_err(|v| TestCaseError::fail(v.to_string()))?;
    }

    #[test]
    fn builder_refuses_or_round_trips_arbitrary_parts(
        name in "[ -~\t\u{80}-\u{3000}]{0,10}",
        value in "[ -~\t\u{80}-\u{3000}]{0,10}",
        path in proptest::option::of("[ -~]{0,10}"),
        domain in proptest::option::of("[ -~]{0,10}"),
        expires in proptest::option::of(any::<i64>()),
        max_age in proptest::option::of(any::<i64>()),
        flags in any::<(bool, bool, u8, bool)>(),
    ) {
        let (secure, http_only, same_site, partitioned) = flags;
        let input = BuilderInput { name, value, path, domain, expires, max_age, secure, http_only, same_site, partitioned };
        builder_parts(&input).map_err(|v| TestCaseError::fail(v.to_string()))?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn hardened_blocks_every_scenario(
        seed in any::<u64>(),
        attacker in any::<u8>(),
        features in any::<u16>(),
        steps in proptest::collection::vec(step(), 0..24),
    ) {
        scenario(&Scenario { seed, attacker, features, steps }).map_err(|v| TestCaseError::fail(v.to_string()))?;
    }
}

/// Each deliberate difference listed in `core/src/check/differential.rs` passes the oracle.
#[test]
fn listed_differences_are_accepted() {
    for header in [
        "nameless",                                 // 3: no '=' (cookie: MissingPair)
        "=value",                                   // 4: empty name (cookie: EmptyName)
        "a=b\u{1}",                                 // 1: control character (we ignore the header)
        "a=b; Max-Age=",                            // 9: empty Max-Age (cookie: i64::MAX seconds)
        "\u{a0}__Host-x=1; Secure",                 // 5: Unicode whitespace
        "a=b; SameSite=Strict; SameSite=bogus",     // 7: repeated attributes
        "a=b; Expires=Sun, 06 Nov 94 08:49:37 GMT", // 8: two-digit year
    ] {
        assert_eq!(
            differential::set_cookie(header.as_bytes()),
            Ok(()),
            "{header:?}"
        );
    }
}

/// Ordinary headers, where every compared field is defined by both parsers, agree.
#[test]
fn compared_fields_agree_on_ordinary_headers() {
    for header in [
        "sid=abc; Path=/; Secure; HttpOnly; SameSite=Lax",
        "id=1; Expires=Wed, 21 Oct 2015 07:28:00 GMT; Max-Age=3600; Domain=.Example.COM",
        "a=b; Max-Age=-5; Partitioned; Secure; SameSite=None",
        "a=\"q\"; Path=rel",
    ] {
        assert_eq!(
            differential::set_cookie(header.as_bytes()),
            Ok(()),
            "{header:?}"
        );
    }
}
