//! Counters: decimal values in arithmetic progression. Two samples give the step; the rest
//! check it. Zero-padded samples of one width are continued at that width.

use super::{Model, Recovered, RecoveredState, RecoveryError, parse_all};

pub(super) fn recover(samples: &[&str]) -> Result<Recovered, RecoveryError> {
    let model = Model::Counter;
    let values = parse_all(samples, "an unsigned decimal of at most 20 digits", |s| {
        (!s.is_empty() && s.len() <= 20 && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse::<u64>().ok())
            .flatten()
            .map(i128::from)
    })?;
    let step = values[1] - values[0];
    if step == 0 {
        return Err(RecoveryError::NoState {
            model,
            reason: "the first two samples are equal (a counter moves)".to_owned(),
        });
    }
    if let Some(i) = (2..values.len()).find(|&i| values[i] - values[i - 1] != step) {
        return Err(RecoveryError::NoState {
            model,
            reason: format!("sample {} - sample {i} is not the step {step}", i + 1),
        });
    }
    let padded = samples.iter().any(|s| s.len() > 1 && s.starts_with('0'))
        && samples.iter().all(|s| s.len() == samples[0].len());
    Ok(Recovered {
        model,
        samples_used: 2,
        samples_checked: values.len() - 2,
        work: values.len() as u64,
        work_unit: "samples compared",
        state: RecoveredState::Counter {
            last: values[values.len() - 1],
            step,
            width: if padded { samples[0].len() } else { 0 },
        },
    })
}

/// The next `k` values, stopping before one that leaves the unsigned 64-bit range.
pub(super) fn predict(last: i128, step: i128, width: usize, k: usize) -> Vec<String> {
    (1..=k as i128)
        .map_while(|j| {
            let v = step.checked_mul(j)?.checked_add(last)?;
            u64::try_from(v).ok().map(|v| format!("{v:0width$}"))
        })
        .collect()
}
