//! Clock-based ids against the real runtimes: CPython 3.11's `uuid.uuid1()` (libuuid's and
//! the pure-Python path; `python_random.txt`) and PHP 8.2's `uniqid()` and `uniqid('', true)`
//! (`php_mt_rand.txt`), each from fresh processes with the clock read just before. The next id
//! must be among the guesses, in the place its time says.

#[path = "common/vectors.rs"]
mod vectors;

use sessionlab_core::token::recovery::{
    Hints, Model, RecoveredState, RecoveryError, recover, recover_auto,
};
use vectors::rows;

/// The `(clock before, ids)` of each fresh process of `kind` in `file`.
fn processes(file: &str, clock: &str, kind: &str) -> Vec<(String, Vec<String>)> {
    let rows = rows(file);
    let mut out = Vec::new();
    for pair in rows.windows(2) {
        if pair[0].0 == "-" && pair[0].1 == clock && pair[1].1 == kind {
            out.push((pair[0].2[0].clone(), pair[1].2.clone()));
        }
    }
    out
}

#[test]
fn uuid1_fixed_fields_and_the_next_tick() {
    let mut seen = 0;
    for kind in ["uuid1", "uuid1_fixed"] {
        for (before_ns, ids) in processes("python_random.txt", "time_ns_before", kind) {
            seen += 1;
            let got = recover(Model::Uuid1, &ids[..10], &Hints::default()).unwrap();
            assert!(got.confirmed());
            let RecoveredState::Uuid1(u) = &got.state else {
                panic!("not a uuid1 state")
            };
            if kind == "uuid1_fixed" {
                assert_eq!((u.node, u.clock_seq), (0x1234_5678_9abc, 0x1234));
            }
            // The first id is not before the clock reading that preceded it, nor a second later.
            let first = recover(Model::Uuid1, &ids[..1], &Hints::default()).unwrap();
            let RecoveredState::Uuid1(f) = &first.state else {
                panic!("not a uuid1 state")
            };
            let before_us: i64 = before_ns.parse::<i64>().unwrap() / 1000;
            let delay = f.last_unix_micros() - before_us;
            assert!((0..1_000_000).contains(&delay), "{kind}: {delay} us");
            // The next id is among the next 10 ms of ticks.
            let guesses = got.predict(100_000);
            let at = guesses.iter().position(|g| *g == ids[10]);
            assert!(at.is_some(), "{kind}: {} not guessed", ids[10]);
            assert!(got.describe().contains("clock sequence"));
        }
    }
    assert_eq!(seen, 4);
    let a = processes("python_random.txt", "time_ns_before", "uuid1");
    let mixed = [a[0].1[0].clone(), a[1].1[1].clone()];
    assert!(matches!(
        recover(Model::Uuid1, &mixed, &Hints::default()),
        Err(RecoveryError::NoState { .. })
    ));
    let report = recover_auto(&a[2].1[..5], &Hints::default()).unwrap();
    assert_eq!(report.recovered.model, Model::Uuid1);
}

#[test]
fn uniqid_is_a_microsecond_clock() {
    let all = processes("php_mt_rand.txt", "microtime_before", "uniqid");
    assert_eq!(all.len(), 3);
    for (before, ids) in all {
        let got = recover(Model::PhpUniqid, &ids[..10], &Hints::default()).unwrap();
        assert!(got.confirmed());
        let RecoveredState::PhpUniqid(u) = &got.state else {
            panic!("not a uniqid state")
        };
        let (sec, usec) = before.split_once('.').unwrap();
        let before_us: i64 = sec.parse::<i64>().unwrap() * 1_000_000 + usec.parse::<i64>().unwrap();
        let first = recover(Model::PhpUniqid, &ids[..1], &Hints::default()).unwrap();
        let RecoveredState::PhpUniqid(f) = &first.state else {
            panic!("not a uniqid state")
        };
        assert!((0..1_000_000).contains(&(f.last_micros - before_us)));
        assert!(u.median_gap.unwrap() < 100, "{:?}", u.median_gap);
        let guesses = got.predict(1000);
        assert!(guesses.contains(&ids[10]), "{} not guessed", ids[10]);
    }
}

/// PHP 8.2.31 (Debian) draws `uniqid('', true)`'s fraction from the CSPRNG, not from the
/// combined LCG older PHP used (that attack is tested on simulated ids in the module): no LCG
/// fits, the clock still does, and nothing is predicted.
#[test]
fn uniqid_more_entropy_on_php_8_2_is_the_csprng() {
    let all = processes("php_mt_rand.txt", "microtime_before", "uniqid_more");
    assert_eq!(all.len(), 3);
    // One process: the search is 2 or 3 times 2^31 candidates.
    let ids = &all[0].1;
    let got = recover(Model::PhpUniqid, &ids[..4], &Hints::default()).unwrap();
    let RecoveredState::PhpUniqid(u) = &got.state else {
        panic!("not a uniqid state")
    };
    assert!(u.lcg.is_empty());
    assert!(got.describe().contains("CSPRNG"), "{}", got.describe());
    assert!(got.predict(10).is_empty());
    assert!(matches!(
        recover(Model::PhpUniqid, &ids[..2], &Hints::default()),
        Err(RecoveryError::TooFewSamples { needed: 3, .. })
    ));
    let plain = processes("php_mt_rand.txt", "microtime_before", "uniqid");
    let mixed = [plain[0].1[0].clone(), ids[1].clone(), ids[2].clone()];
    assert!(matches!(
        recover(Model::PhpUniqid, &mixed, &Hints::default()),
        Err(RecoveryError::NoState { .. })
    ));
}
