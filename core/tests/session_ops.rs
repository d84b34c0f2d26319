//! The `session_ops` fuzz target's oracle under proptest's own strategies: random operations
//! under random policies (presets with switches flipped) keep every session invariant, and a
//! forged id is never served as a user under a strong generator.

use proptest::prelude::*;
use sessionlab_core::check::session::{self, PolicyChoice, SessionOp, SessionOps};
use sessionlab_core::session::presets;

fn policy_choice() -> impl Strategy<Value = PolicyChoice> {
    let flag = || proptest::option::of(any::<bool>());
    let secs = || proptest::option::of(prop_oneof![Just(0u16), 30u16..4000]);
    (
        (
            0..presets::all().len() as u8,
            flag(),
            flag(),
            flag(),
            flag(),
            flag(),
        ),
        (
            proptest::option::of(0u8..60),
            secs(),
            secs(),
            secs(),
            flag(),
            flag(),
            proptest::option::of(0u8..3),
            flag(),
        ),
    )
        .prop_map(
            |(
                (
                    preset,
                    rotate_on_login,
                    rotate_on_relogin,
                    rotate_on_privilege_change,
                    strict_mode,
                    accept_url_id,
                ),
                (
                    old_id_grace_secs,
                    idle_timeout_secs,
                    absolute_timeout_secs,
                    renew_every_secs,
                    server_side_logout,
                    end_others_on_password_change,
                    max_sessions_per_user,
                    evict_oldest,
                ),
            )| PolicyChoice {
                preset,
                rotate_on_login,
                rotate_on_relogin,
                rotate_on_privilege_change,
                strict_mode,
                accept_url_id,
                old_id_grace_secs,
                idle_timeout_secs,
                absolute_timeout_secs,
                renew_every_secs,
                server_side_logout,
                end_others_on_password_change,
                max_sessions_per_user,
                evict_oldest,
            },
        )
}

fn op() -> impl Strategy<Value = SessionOp> {
    let b = 0u8..3;
    prop_oneof![
        4 => (b.clone(), any::<u8>(), any::<bool>())
            .prop_map(|(browser, page, plain_http)| SessionOp::Page { browser, page, plain_http }),
        3 => (b.clone(), 0u8..2).prop_map(|(browser, user)| SessionOp::Login { browser, user }),
        2 => b.clone().prop_map(|browser| SessionOp::Logout { browser }),
        1 => b.clone().prop_map(|browser| SessionOp::PrivilegeChange { browser }),
        1 => b.prop_map(|browser| SessionOp::EndAll { browser }),
        2 => prop_oneof![0u16..120, 0u16..=u16::MAX].prop_map(|secs| SessionOp::Advance { secs }),
        1 => (any::<u8>(), prop_oneof![
                "[a-zA-Z_-]{1,12}=[A-Za-z0-9_-]{0,64}",
                "__Host-sid=[0-9a-f]{32}",
                "[ -~]{0,40}",
            ])
            .prop_map(|(page, header)| SessionOp::Forged { page, header }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn session_invariants_hold_under_random_operations(
        policy in policy_choice(),
        seed in any::<u64>(),
        ops in proptest::collection::vec(op(), 1..40),
    ) {
        session::ops(&SessionOps { policy, seed, ops }).map_err(|v| TestCaseError::fail(v.to_string()))?;
    }
}

/// The oracle's policy switches reach the manager, and a preset index wraps around.
#[test]
fn policy_choice_applies_switches() {
    let hardened = PolicyChoice::default().policy().expect("hardened is valid");
    assert_eq!(hardened, presets::all()[0].policy);
    let wrapped = PolicyChoice {
        preset: presets::all().len() as u8,
        ..PolicyChoice::default()
    };
    assert_eq!(wrapped.policy(), Some(presets::all()[0].policy.clone()));
    let relaxed = PolicyChoice {
        strict_mode: Some(false),
        idle_timeout_secs: Some(0),
        ..PolicyChoice::default()
    }
    .policy()
    .expect("valid");
    assert!(!relaxed.lifecycle.strict_mode);
    assert_eq!(relaxed.lifetime.idle_timeout_secs, None);
}

/// Guessed ids (an all-zero-but-one hex id, a counter value) sent by an outsider while the
/// victim is logged in are never served under `hardened`.
#[test]
fn forged_guesses_are_never_served_under_hardened() {
    let ops = vec![
        SessionOp::Login {
            browser: 0,
            user: 0,
        },
        SessionOp::Forged {
            page: 3,
            header: "__Host-sid=00000000000000000000000000000001".into(),
        },
        SessionOp::Forged {
            page: 3,
            header: "__Host-sid=1".into(),
        },
    ];
    let input = SessionOps {
        policy: PolicyChoice::default(),
        seed: 7,
        ops,
    };
    assert_eq!(session::ops(&input), Ok(()));
}
