//! Tokens spelled one character a draw from an alphabet: Java's
//! `chars.charAt(rnd.nextInt(chars.length()))` and JavaScript's
//! `chars[Math.floor(Math.random() * chars.length)]`, `len` draws per token. Each character is
//! its index in the alphabet; the model runs on those (`nextInt(n)`, `Math.floor(x * n)`), and
//! its predictions are spelled back into tokens of the same length.

use super::{Hints, Model, Recovered, RecoveredState, RecoveryError};

/// Spelled tokens: the alphabet and the token length.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spelling {
    /// The alphabet, in the program's order.
    pub chars: Vec<char>,
    /// Characters per token.
    pub len: usize,
}

impl Spelling {
    /// The inner model's next `k * len` outputs as whole tokens.
    pub(super) fn tokens(&self, outputs: &[String]) -> Vec<String> {
        let chars: Vec<char> = outputs
            .iter()
            .map_while(|o| {
                o.parse::<usize>()
                    .ok()
                    .and_then(|i| self.chars.get(i).copied())
            })
            .collect();
        chars
            .chunks_exact(self.len.max(1))
            .map(|c| c.iter().collect())
            .collect()
    }
}

/// The characters of an `--alphabet`: at least two, none twice (a character given twice
/// would be drawn twice as often; each is given once, in the program's order).
pub(super) fn alphabet_chars(alphabet: &str) -> Result<Vec<char>, String> {
    let chars: Vec<char> = alphabet.chars().collect();
    let mut sorted = chars.clone();
    sorted.sort_unstable();
    sorted.dedup();
    if chars.len() < 2 {
        return Err("--alphabet needs at least two characters".to_owned());
    }
    if sorted.len() != chars.len() {
        return Err(
            "--alphabet has a character twice (the program would draw it twice as \
                    often; give each once, in the program's order)"
                .to_owned(),
        );
    }
    Ok(chars)
}

/// `model` on the characters' indices (`alphabet` in the program's order).
pub(super) fn recover(
    model: Model,
    samples: &[&str],
    alphabet: &str,
    hints: &Hints,
) -> Result<Recovered, RecoveryError> {
    let chars =
        alphabet_chars(alphabet).map_err(|reason| RecoveryError::BadHint { model, reason })?;
    let len = samples.first().map_or(0, |s| s.chars().count());
    let mut outputs = Vec::with_capacity(samples.len() * len);
    for (index, s) in samples.iter().enumerate() {
        if s.chars().count() != len {
            return Err(RecoveryError::Malformed {
                index,
                reason: format!(
                    "{:?} has another length than the first sample ({len})",
                    super::shorten(s)
                ),
            });
        }
        for c in s.chars() {
            let i = chars
                .iter()
                .position(|&a| a == c)
                .ok_or_else(|| RecoveryError::Malformed {
                    index,
                    reason: format!("{c:?} is not in --alphabet"),
                })?;
            outputs.push(i.to_string());
        }
    }
    let inner_hints = Hints {
        range: Some((0, chars.len() as u64)),
        alphabet: None,
        ..hints.clone()
    };
    let inner = super::recover(model, &outputs, &inner_hints)?;
    let used = inner.samples_used.div_ceil(len.max(1)).min(samples.len());
    Ok(Recovered {
        model: inner.model,
        samples_used: used,
        samples_checked: samples.len() - used,
        work: inner.work,
        work_unit: inner.work_unit,
        state: RecoveredState::Spelled {
            spelling: Spelling { chars, len },
            inner: Box::new(inner),
        },
    })
}
