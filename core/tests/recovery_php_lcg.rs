//! PHP 8.2's `lcg_value()` (`core/tests/vectors/php_mt_rand.txt`, five fresh processes, each
//! printed three ways): the combined LCG's state from two values, checked by a third, and the
//! next values in the samples' printing.

#[path = "common/vectors.rs"]
mod vectors;

use sessionlab_core::token::recovery::{
    Hints, LcgFormat, Model, RecoveredState, RecoveryError, recover,
};
use vectors::rows;

const FILE: &str = "php_mt_rand.txt";

fn lcg_rows(kind: &str) -> Vec<Vec<String>> {
    rows(FILE)
        .into_iter()
        .filter(|r| r.0 == "-" && r.1 == kind)
        .map(|r| r.2)
        .collect()
}

#[test]
fn three_values_give_the_state_in_every_printing() {
    let g17 = lcg_rows("lcg_value");
    assert_eq!(g17.len(), 5);
    for (kind, format) in [
        ("lcg_value", LcgFormat::G17),
        ("lcg_value_echo", LcgFormat::Echo),
        ("lcg_value_export", LcgFormat::Shortest),
    ] {
        // Every process for %.17g; the first two for the other printings (each search is 2^31).
        let processes = lcg_rows(kind);
        let take = if format == LcgFormat::G17 { 5 } else { 2 };
        for (p, values) in processes.iter().take(take).enumerate() {
            // From the middle of the process: two values for the state, four more to check it
            // and tell the printings apart.
            let got = recover(Model::PhpLcgValue, &values[40..46], &Hints::default())
                .unwrap_or_else(|e| panic!("{kind} process {p}: {e}"));
            assert!(got.confirmed(), "{kind} process {p}");
            assert_eq!(got.predict(20), values[46..66], "{kind} process {p}");
            let RecoveredState::PhpLcg(l) = &got.state else {
                panic!("not an lcg state")
            };
            assert_eq!(l.format(), Some(format), "{kind} process {p}");
        }
    }
}

#[test]
fn a_value_from_another_process_is_refused_and_two_printings_stop_predictions() {
    let g17 = lcg_rows("lcg_value");
    let mixed = [g17[0][10].clone(), g17[0][11].clone(), g17[1][12].clone()];
    assert!(matches!(
        recover(Model::PhpLcgValue, &mixed, &Hints::default()),
        Err(RecoveryError::NoState { .. })
    ));
    // Three values that %.17g and the shortest repr print alike: only what both print alike is
    // predicted, and it is right.
    let export = &lcg_rows("lcg_value_export")[1];
    let got = recover(Model::PhpLcgValue, &export[40..43], &Hints::default()).unwrap();
    let RecoveredState::PhpLcg(l) = &got.state else {
        panic!("not an lcg state")
    };
    assert_eq!(l.format(), None);
    let some = got.predict(20);
    assert!(some.len() < 20);
    assert_eq!(some, export[43..43 + some.len()]);
    assert!(matches!(
        recover(Model::PhpLcgValue, &["0.25", "0.5"], &Hints::default()),
        Err(RecoveryError::Malformed { index: 0, .. })
    ));
}
