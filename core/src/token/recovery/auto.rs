//! `auto`: every model on the same samples. A model counts when it fits *and* is confirmed
//! (some information in the samples beyond what recovering the state consumed matched it):
//! 624 MT19937 words or 31 `rand()` values fit some state whatever they are, so on their own
//! they prove nothing. The md5-based models run only when their hints are given, the PHP seed
//! search only with a seed range (`Hints::seeds`) and when no other model fits; the `lcg_value()`
//! search (2^31 candidates) also only when nothing cheaper fits.

use super::{Hints, Model, Recovered, RecoveryError, recover};

/// What `auto` found.
#[derive(Debug, Clone)]
pub struct AutoReport {
    /// The model chosen, with its state.
    pub recovered: Recovered,
    /// Every model tried: `Ok(confirmed)` when it fits, or why it does not.
    pub outcomes: Vec<(Model, Result<bool, RecoveryError>)>,
}

/// Outputs compared when several models fit.
const AGREE: usize = 10;

/// Tries every model on `samples`; succeeds when the confirmed fits agree on the next outputs.
pub fn recover_auto<S: AsRef<str>>(
    samples: &[S],
    hints: &Hints,
) -> Result<AutoReport, RecoveryError> {
    let mut outcomes = Vec::new();
    let mut fits: Vec<Recovered> = Vec::new();
    for model in Model::ALL {
        let missing = match model {
            Model::PhpLegacy if hints.ip.is_none() || hints.window.is_none() => {
                Some("the client address and a time window")
            }
            Model::Md5TimeUa if hints.user_agent.is_none() || hints.window.is_none() => {
                Some("the user agent and a time window")
            }
            Model::PhpMd5Uniqid if hints.seeds.is_none() || hints.window.is_none() => {
                Some("the mt_srand seed (--seeds) and a time window")
            }
            Model::PhpMtRand if hints.seeds.is_none() => {
                Some("--seeds (the search over 2^32 seeds takes a minute; name the range)")
            }
            Model::PhpLcgValue if fits.iter().any(Recovered::confirmed) => {
                Some("nothing cheaper to fit (a cheaper model fits)")
            }
            Model::PhpMtRand if fits.iter().any(Recovered::confirmed) => {
                Some("nothing cheaper to fit (a cheaper model fits)")
            }
            Model::JavaRandomBounded if hints.range.is_none() && hints.alphabet.is_none() => {
                Some("--range or --alphabet")
            }
            Model::GlibcSrand if hints.seeds.is_none() && hints.window.is_none() => {
                Some("--seeds or a time window")
            }
            _ => None,
        };
        let result = if let Some(what) = missing {
            Err(RecoveryError::BadHint {
                model,
                reason: format!("skipped: needs {what}"),
            })
        } else {
            recover(model, samples, hints)
        };
        outcomes.push((
            model,
            result
                .as_ref()
                .map(Recovered::confirmed)
                .map_err(Clone::clone),
        ));
        if let Ok(r) = result {
            fits.push(r);
        }
    }
    let unconfirmed: Vec<&str> = fits
        .iter()
        .filter(|r| !r.confirmed())
        .map(|r| r.model.name())
        .collect();
    fits.retain(Recovered::confirmed);
    // Ten-digit values one apart fit a counter and a clock in seconds: an exact progression is
    // the counter's (the clock's prediction, "the last value again", is the weaker one).
    if fits.iter().any(|r| r.model == Model::Counter) {
        fits.retain(|r| r.model != Model::Timestamp);
    }
    let Some(first) = fits.first() else {
        if unconfirmed.is_empty() {
            let why: Vec<String> = outcomes
                .iter()
                .filter_map(|(m, r)| r.as_ref().err().map(|e| format!("{m}: {}", brief(e))))
                .collect();
            return Err(RecoveryError::NoModelFits(why.join("; ")));
        }
        return Err(RecoveryError::NoModelFits(format!(
            "{} would fit any samples of this length; give more samples",
            unconfirmed.join(", ")
        )));
    };
    let expected = first.predict(AGREE);
    if let Some(other) = fits.iter().find(|r| r.predict(AGREE) != expected) {
        return Err(RecoveryError::ModelsDisagree(format!(
            "{} and {}",
            first.model, other.model
        )));
    }
    Ok(AutoReport {
        recovered: fits.swap_remove(0),
        outcomes,
    })
}

/// An error without the model name it starts with.
fn brief(e: &RecoveryError) -> String {
    let text = e.to_string();
    match e {
        RecoveryError::Malformed { .. } => text,
        _ => text
            .split_once(": ")
            .map_or(text.clone(), |(_, rest)| rest.to_owned()),
    }
}
