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
        let mut observed = Vec::new();
        for _ in 0..3 {
            observed.extend(w.attacker_fresh_session());
        }
        let predicted = predict_next(&observed, 8);
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

/// The next `count` ids after `observed`, by whichever recovery model fits and is confirmed
/// (`sessionlab predict --generator auto`); empty when none does.
fn predict_next(observed: &[String], count: usize) -> Vec<String> {
    match recover_auto(observed, &Hints::default()) {
        Ok(report) => report.recovered.predict(count),
        Err(_) => Vec::new(),
    }
}
