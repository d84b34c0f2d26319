//! Timestamps: the id is the request time, in seconds or milliseconds. There is no state to
//! recover, only the unit and the clock: the samples must look like times from one clock (the
//! same unit, years 2001 to 2286, in the order issued, within a day of each other, and inside
//! the window when one is given). The next id is whatever the clock reads at the next request.

use super::{Hints, Model, Recovered, RecoveredState, RecoveryError, parse_all};

/// Seconds in the plausible range (2001-09-09 to 2286-11-20) have 10 digits ...
const SECONDS: std::ops::Range<u64> = 1_000_000_000..10_000_000_000;
/// ... and milliseconds 13.
const MILLIS: std::ops::Range<u64> = 1_000_000_000_000..10_000_000_000_000;
const DAY_SECONDS: u64 = 86_400;

pub(super) fn recover(samples: &[&str], hints: &Hints) -> Result<Recovered, RecoveryError> {
    let model = Model::Timestamp;
    let values = parse_all(
        samples,
        "a Unix time in seconds (10 digits) or milliseconds (13 digits)",
        |s| {
            s.bytes()
                .all(|b| b.is_ascii_digit())
                .then(|| s.parse::<u64>().ok())
                .flatten()
                .filter(|v| SECONDS.contains(v) || MILLIS.contains(v))
        },
    )?;
    let millis = MILLIS.contains(&values[0]);
    let no_state = |reason: String| RecoveryError::NoState { model, reason };
    if let Some(i) = values.iter().position(|v| MILLIS.contains(v) != millis) {
        return Err(no_state(format!(
            "sample {} is in another unit than sample 1",
            i + 1
        )));
    }
    if let Some(i) = (1..values.len()).find(|&i| values[i] < values[i - 1]) {
        return Err(no_state(format!(
            "sample {} is earlier than sample {i}",
            i + 1
        )));
    }
    let unit = if millis { 1_000 } else { 1 };
    if values[values.len() - 1] - values[0] > DAY_SECONDS * unit {
        return Err(no_state("the samples span more than a day".to_owned()));
    }
    if let Some(w) = hints.window {
        let per_unit = 1_000_000 / unit as i64;
        let inside = |v: u64| {
            let t = v as i64;
            t >= w.start_micros.div_euclid(per_unit) && t <= w.end_micros.div_euclid(per_unit)
        };
        if let Some(i) = values.iter().position(|&v| !inside(v)) {
            return Err(no_state(format!(
                "sample {} is outside the time window",
                i + 1
            )));
        }
    }
    Ok(Recovered {
        model,
        samples_used: 1,
        samples_checked: values.len() - 1,
        work: values.len() as u64,
        work_unit: "samples compared",
        state: RecoveredState::Timestamp {
            last: values[values.len() - 1],
            millis,
        },
    })
}

/// The clock's next `k` readings from the last sample on: an id issued in the same second (or
/// millisecond) repeats the last one.
pub(super) fn predict(last: u64, k: usize) -> Vec<String> {
    (0..k as u64)
        .map_while(|j| last.checked_add(j))
        .map(|v| v.to_string())
        .collect()
}
