//! V8 `Math.random()` broken from Node's own outputs (`core/tests/vectors/v8_math_random.txt`,
//! `node --random-seed=S`, four cache refills per seed), in each way apps print it.

use sessionlab_core::token::recovery::{
    Hints, Model, RecoveredState, RecoveryError, V8Format, recover, recover_auto,
};

/// Per seed, the 300 values in columns: String(x), toString(36), floor(x*1000), floor(x*62),
/// toString(36).substr(2, 8).
fn streams() -> Vec<Vec<Vec<String>>> {
    let path = format!(
        "{}/tests/vectors/v8_math_random.txt",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).unwrap();
    let mut out: Vec<Vec<Vec<String>>> = Vec::new();
    for line in text.lines() {
        let f: Vec<&str> = line.split(' ').collect();
        if f[1] == "0" {
            out.push(vec![Vec::new(); 5]);
        }
        let s = out.last_mut().unwrap();
        s[0].push(f[2].to_owned());
        s[1].push(f[3].trim_start_matches("0.").to_owned());
        s[2].push(f[4].to_owned());
        s[3].push(f[5].to_owned());
        s[4].push(f[6].to_owned());
    }
    assert_eq!(out.len(), 4);
    out
}

fn hints(range: Option<(i64, u64)>) -> Hints {
    Hints {
        range,
        ..Hints::default()
    }
}

/// From `n` samples starting at `from`, across the refill at 64 or 128: the cache position is
/// pinned and everything after the samples is predicted.
fn crossing(column: usize, from: usize, n: usize, range: Option<(i64, u64)>) -> V8Format {
    let mut format = None;
    for s in streams() {
        let all = &s[column];
        let got = recover(Model::V8MathRandom, &all[from..from + n], &hints(range))
            .unwrap_or_else(|e| panic!("column {column} from {from}: {e}"));
        assert!(got.confirmed());
        let RecoveredState::V8(v) = &got.state else {
            panic!("not a V8 state")
        };
        assert_eq!(v.fits.len(), 1, "one cache position");
        assert_eq!(v.fits[0].0, from % 64, "the first sample's cache position");
        let rest = &all[from + n..];
        assert_eq!(got.predict(rest.len()), rest, "column {column}");
        format = Some(v.format);
    }
    format.unwrap()
}

#[test]
fn three_doubles_across_a_refill_predict_every_later_value() {
    assert_eq!(Model::V8MathRandom.min_samples(), 4);
    assert_eq!(crossing(0, 62, 4, None), V8Format::Decimal);
    // From the middle of a process: the 3rd refill.
    assert_eq!(crossing(0, 127, 4, None), V8Format::Decimal);
}

#[test]
fn base36_whole_and_prefixes() {
    assert_eq!(crossing(1, 61, 4, None), V8Format::Base36);
    assert_eq!(crossing(4, 61, 6, None), V8Format::Base36Prefix { len: 8 });
}

#[test]
fn math_floor_of_a_range() {
    assert_eq!(
        crossing(2, 50, 24, Some((0, 1000))),
        V8Format::Floor {
            low: 0,
            count: 1000
        }
    );
    let f = crossing(3, 30, 45, Some((0, 62)));
    assert_eq!(f, V8Format::Floor { low: 0, count: 62 });
    // Shifted: Math.floor(Math.random() * 62) + 100.
    for s in streams() {
        let shifted: Vec<String> = s[3][40..100]
            .iter()
            .map(|v| (v.parse::<i64>().unwrap() + 100).to_string())
            .collect();
        let got = recover(Model::V8MathRandom, &shifted[..45], &hints(Some((100, 62)))).unwrap();
        assert_eq!(got.predict(15), shifted[45..]);
    }
}

/// Within one cache the samples fix the state but not where the refill comes: the values
/// before the earliest possible refill are certain, and each later one is one of a few.
#[test]
fn inside_one_cache_the_refill_point_is_open() {
    for s in streams() {
        let all = &s[0];
        // Values 10..20 of the first cache: the refill may come after any of 0..=44 more.
        let got = recover(Model::V8MathRandom, &all[10..20], &hints(None)).unwrap();
        let RecoveredState::V8(v) = &got.state else {
            panic!()
        };
        assert_eq!(v.fits.len(), 55, "cache positions 0..=54 fit");
        assert!(
            got.predict(10).is_empty(),
            "the very next value may follow a refill"
        );
        let c = got.candidates(5);
        for (i, options) in c.iter().enumerate() {
            assert!(options.contains(&all[20 + i]), "output {i}");
            // No refill yet, or one after 0..=i of them: every refill point before output i
            // puts the same state there (128 - 10 - i states from the first sample).
            assert_eq!(options.len(), 2, "output {i}");
        }
    }
}

#[test]
fn refusals() {
    let s = &streams()[0];
    let too_few = recover(Model::V8MathRandom, &s[0][..2], &hints(None)).unwrap_err();
    assert!(
        matches!(too_few, RecoveryError::TooFewSamples { .. }),
        "{too_few}"
    );
    let floor_few = recover(Model::V8MathRandom, &s[2][..5], &hints(Some((0, 1000)))).unwrap_err();
    assert!(
        matches!(floor_few, RecoveryError::TooFewSamples { needed, .. } if needed >= 14),
        "{floor_few}"
    );
    // Doubles of another generator (Python's random.random()): no state explains them.
    // random.seed(0); random.random() x 5 in CPython 3.11.
    let other = [
        "0.8444218515250481",
        "0.7579544029403025",
        "0.420571580830845",
        "0.25891675029296335",
        "0.5112747213686085",
    ];
    // Python's doubles have 53 bits: the one below 0.5 is off V8's 2^-52 grid.
    let e = recover(Model::V8MathRandom, &other, &hints(None)).unwrap_err();
    assert!(
        matches!(e, RecoveryError::Malformed { index: 3, .. }),
        "{e}"
    );
    // Two processes' values, each on the grid: no one state gives them.
    let other = &streams()[1][0];
    let mixed = [&s[0][0], &s[0][1], &other[2], &other[3], &other[4]];
    let e = recover(Model::V8MathRandom, &mixed, &hints(None)).unwrap_err();
    assert!(matches!(e, RecoveryError::NoState { .. }), "{e}");
    // One value of a crossing run replaced by another process's.
    let mut bad = s[0][60..66].to_vec();
    bad[3] = other[63].clone();
    let e = recover(Model::V8MathRandom, &bad, &hints(None)).unwrap_err();
    assert!(matches!(e, RecoveryError::NoState { .. }), "{e}");
    let e = recover(
        Model::V8MathRandom,
        &["0.5", "hello!", "0.25", "0.125"],
        &hints(None),
    )
    .unwrap_err();
    assert!(
        matches!(e, RecoveryError::Malformed { index: 1, .. }),
        "{e}"
    );
    let e = recover(Model::V8MathRandom, &s[2][..20], &hints(Some((0, 1)))).unwrap_err();
    assert!(matches!(e, RecoveryError::BadHint { .. }), "{e}");
}

#[test]
fn auto_names_v8() {
    let s = &streams()[1];
    let r = recover_auto(&s[0][60..66], &Hints::default()).unwrap();
    assert_eq!(r.recovered.model, Model::V8MathRandom);
}

/// The fewest samples from a fresh process (its first values) that give a confirmed state, per
/// printing: what `--help` and the README state.
#[test]
fn fewest_samples_per_printing() {
    let fewest = |column: usize, range: Option<(i64, u64)>| {
        let mut most = 0;
        for s in streams() {
            let all = &s[column];
            let n = (1..=200)
                .find(|&n| {
                    recover(Model::V8MathRandom, &all[..n], &hints(range))
                        .is_ok_and(|r| r.confirmed())
                })
                .unwrap();
            let got = recover(Model::V8MathRandom, &all[..n], &hints(range)).unwrap();
            let c = got.candidates(10);
            for (i, options) in c.iter().enumerate() {
                assert!(
                    options.contains(&all[n + i]),
                    "column {column}, n {n}, output {i}"
                );
            }
            most = most.max(n);
        }
        eprintln!("column {column}: {most}");
        most
    };
    let got = [
        fewest(0, None),
        fewest(1, None),
        fewest(4, None),
        fewest(2, Some((0, 1000))),
        fewest(3, Some((0, 62))),
    ];
    assert_eq!(got, [4, 4, 6, 20, 41]);
}

#[test]
fn a_decimal_off_the_grid_is_named() {
    let s = &streams()[0];
    let mut samples = s[0][..5].to_vec();
    samples[2] = "0.1".to_owned();
    let e = recover(Model::V8MathRandom, &samples, &hints(None)).unwrap_err();
    assert!(
        matches!(e, RecoveryError::Malformed { index: 2, .. }),
        "{e}"
    );
}
