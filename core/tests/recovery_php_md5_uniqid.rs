//! `md5(uniqid(mt_rand()))` against PHP 8.2 (`core/tests/vectors/php_mt_rand.txt`, rows
//! `md5_uniqid_plain`: the raw uniqid and its md5, 20 per process after `mt_srand(seed)`).

#[path = "common/vectors.rs"]
mod vectors;

use sessionlab_core::token::recovery::{
    Hints, Model, RecoveredState, RecoveryError, TimeWindow, php_md5_uniqid, recover, recover_auto,
};

/// `(raw, md5)` of the process seeded with `seed`, in order.
fn ids(seed: &str) -> Vec<(String, String)> {
    vectors::rows("php_mt_rand.txt")
        .into_iter()
        .filter(|r| r.0 == seed && r.1 == "md5_uniqid_plain")
        .map(|r| (r.2[0].clone(), r.2[1].clone()))
        .collect()
}

/// The microseconds of a raw uniqid (its last 13 hex digits).
fn micros(raw: &str) -> i64 {
    let clock = &raw[raw.len() - 13..];
    let sec = i64::from_str_radix(&clock[..8], 16).unwrap();
    let usec = i64::from_str_radix(&clock[8..], 16).unwrap();
    sec * 1_000_000 + usec
}

#[test]
fn the_seed_and_the_clock_give_every_id() {
    for (seed, s) in [("42", 42u32), ("1234567", 1_234_567)] {
        let ids = ids(seed);
        assert_eq!(ids.len(), 20);
        let md5s: Vec<&str> = ids.iter().map(|i| i.1.as_str()).collect();
        // The second of the first id (a Date header) and a range of seeds around the real one.
        let t0 = micros(&ids[0].0);
        let second = t0 - t0 % 1_000_000;
        let hints = Hints {
            window: Some(TimeWindow::around(second + 500_000, 500_000)),
            seeds: Some((s - 3, s + 3)),
            ..Hints::default()
        };
        let r = recover(Model::PhpMd5Uniqid, &md5s[..10], &hints).unwrap();
        assert!(r.confirmed());
        let RecoveredState::PhpMd5Uniqid(p) = &r.state else {
            panic!("not an md5(uniqid) state")
        };
        assert_eq!(p.seed, s);
        let times: Vec<i64> = ids[..10].iter().map(|i| micros(&i.0)).collect();
        assert_eq!(p.times_micros, times);
        // The next id is among the next microseconds, where its clock says.
        let gap = (micros(&ids[10].0) - times[9]) as usize;
        let guesses = r.predict(gap);
        assert_eq!(guesses[gap - 1], ids[10].1, "seed {seed}");
        assert_eq!(
            php_md5_uniqid(p.next_mt_rand, micros(&ids[10].0)),
            ids[10].1
        );
        // auto runs it with both hints.
        let auto = recover_auto(&md5s[..3], &hints).unwrap();
        assert_eq!(auto.recovered.model, Model::PhpMd5Uniqid);
    }
}

#[test]
fn missing_hints_wrong_seeds_and_too_much_work_are_refused() {
    let ids = ids("42");
    let md5s: Vec<&str> = ids.iter().map(|i| i.1.as_str()).collect();
    let t0 = micros(&ids[0].0);
    let window = Some(TimeWindow::around(t0, 2_000));
    let e = recover(Model::PhpMd5Uniqid, &md5s[..2], &Hints::default()).unwrap_err();
    assert!(matches!(e, RecoveryError::BadHint { .. }), "{e}");
    let wrong = Hints {
        window,
        seeds: Some((100, 110)),
        ..Hints::default()
    };
    let e = recover(Model::PhpMd5Uniqid, &md5s[..2], &wrong).unwrap_err();
    assert!(matches!(e, RecoveryError::NoState { .. }), "{e}");
    let all = Hints {
        window,
        seeds: Some((0, u32::MAX)),
        ..Hints::default()
    };
    let e = recover(Model::PhpMd5Uniqid, &md5s[..2], &all).unwrap_err();
    assert!(matches!(e, RecoveryError::TooMuchWork { .. }), "{e}");
    // A sample out of order (another mt_rand() call between them) is named.
    let skipped = [md5s[0], md5s[2]];
    let hints = Hints {
        window,
        seeds: Some((42, 42)),
        ..Hints::default()
    };
    match recover(Model::PhpMd5Uniqid, &skipped, &hints) {
        Err(RecoveryError::NoState { reason, .. }) => {
            assert!(reason.contains("sample 2"), "{reason}")
        }
        other => panic!("{other:?}"),
    }
}
