//! The seed's `md5(millis . user_agent [. secret])` ids: with the user agent (sent by the
//! client, so known to anyone who sees its requests) and the time to within a window, each id
//! is one of (milliseconds in the window) candidates. Recovery finds when each sample was made;
//! the next ids are those of the same user agent at the following milliseconds. A secret the
//! attacker does not know defeats this (it is then a keyed hash of a guessable time).

use std::io::Write;

use md5::{Digest, Md5};

use super::{Hints, Model, Recovered, RecoveredState, RecoveryError, parse_md5_hex};
use crate::token::weak::Md5TimeUaTokens;

/// When each sample was made, and what the ids are made from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Md5TimeUaRecovery {
    /// The user agent.
    pub user_agent: String,
    /// The secret server string, if any.
    pub secret: Option<String>,
    /// When each sample was made, in milliseconds since the epoch.
    pub times_millis: Vec<i64>,
}

impl Md5TimeUaRecovery {
    /// The id of a request from the user agent at `millis`.
    pub fn id_at(&self, millis: i64) -> String {
        Md5TimeUaTokens::new(self.secret.clone()).id_for(millis, &self.user_agent)
    }

    /// The ids of `k` consecutive milliseconds from `from_millis`.
    pub fn ids_from(&self, from_millis: i64, k: usize) -> Vec<String> {
        (0..k as i64)
            .map(|j| self.id_at(from_millis.saturating_add(j)))
            .collect()
    }

    pub(super) fn predict(&self, k: usize) -> Vec<String> {
        let last = self.times_millis.iter().copied().max().unwrap_or_default();
        self.ids_from(last.saturating_add(1), k)
    }

    pub(super) fn describe(&self) -> String {
        let times: Vec<String> = self.times_millis.iter().map(i64::to_string).collect();
        format!("made at millisecond {}", times.join(", "))
    }
}

pub(super) fn recover(samples: &[&str], hints: &Hints) -> Result<Recovered, RecoveryError> {
    let model = Model::Md5TimeUa;
    let targets = super::parse_all(samples, "32 hex digits (an md5 id)", parse_md5_hex)?;
    let bad = |reason: &str| RecoveryError::BadHint {
        model,
        reason: reason.to_owned(),
    };
    let ua = hints
        .user_agent
        .as_deref()
        .ok_or_else(|| bad("needs the user agent (--user-agent)"))?;
    let w = hints
        .window
        .ok_or_else(|| bad("needs the time window (--around, --window)"))?;
    let (first, last) = (
        w.start_micros.div_euclid(1_000) + i64::from(w.start_micros.rem_euclid(1_000) != 0),
        w.end_micros.div_euclid(1_000),
    );
    if first > last {
        return Err(bad("the time window holds no whole millisecond"));
    }
    let per_sample = (i128::from(last) - i128::from(first) + 1) as u64;
    let needed = per_sample.saturating_mul(targets.len() as u64);
    if needed > hints.budget() {
        return Err(RecoveryError::TooMuchWork {
            model,
            needed,
            budget: hints.budget(),
            reason: "narrow the window".to_owned(),
        });
    }
    let suffix = format!("{ua}{}", hints.secret.as_deref().unwrap_or(""));
    let mut buf = Vec::with_capacity(24 + suffix.len());
    let mut work = 0u64;
    let mut times = Vec::with_capacity(targets.len());
    for (i, target) in targets.iter().enumerate() {
        // Distinct milliseconds give distinct messages, so the first match is the only one.
        let found = (first..=last).find(|&ms| {
            work += 1;
            buf.clear();
            let _ = write!(buf, "{ms}"); // writing to a Vec cannot fail
            buf.extend_from_slice(suffix.as_bytes());
            Md5::digest(&buf).as_slice() == target
        });
        match found {
            Some(ms) => times.push(ms),
            None => {
                return Err(RecoveryError::NoState {
                    model,
                    reason: format!(
                        "no millisecond in the window gives sample {} with this user agent{}",
                        i + 1,
                        if hints.secret.is_some() {
                            " and secret"
                        } else {
                            ""
                        }
                    ),
                });
            }
        }
    }
    Ok(Recovered {
        model,
        samples_used: targets.len(),
        samples_checked: 0,
        work,
        work_unit: "md5 candidates",
        state: RecoveredState::Md5TimeUa(Box::new(Md5TimeUaRecovery {
            user_agent: ua.to_owned(),
            secret: hints.secret.clone(),
            times_millis: times,
        })),
    })
}
