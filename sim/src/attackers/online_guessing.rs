//! Online guessing: the attacker opens a session of its own, then tries ids near it (for
//! numeric ids) or random ids of the right shape, within a request budget. Only a small or
//! structured id space falls to it; 128 random bits do not.

use super::{Attack, play_with};
use crate::target::Target;
use crate::world::{Intent, Step, World};

/// Requests the guesser may send per run.
pub const BUDGET: usize = 400;

/// The guesser.
pub struct OnlineGuessing;

impl Attack for OnlineGuessing {
    fn name(&self) -> &'static str {
        "online-guessing"
    }

    fn summary(&self) -> &'static str {
        "guesses ids near its own (numeric ids) or at random, within a request budget"
    }

    fn play<T: Target>(&self, w: &mut World<T>, steps: &[Step]) {
        let own = w.attacker_fresh_session();
        let mut done = false;
        play_with(w, steps, |w, step| {
            if matches!(step, Step::Login) && !done {
                done = true;
                if let Some(own) = &own {
                    guess_around(w, own);
                }
            }
        });
    }
}

/// Tries up to [`BUDGET`] ids near `own` (numeric ids) or differing from it in one
/// character; stops at the first one that is somebody's session.
fn guess_around<T: Target>(w: &mut World<T>, own: &str) {
    let name = w.cookie_name();
    let protected = w.site().protected_path.clone();
    let guesses: Vec<String> = match own.parse::<i128>() {
        Ok(n) => (1..=BUDGET as i128 / 2)
            .flat_map(|d| [n + d, n - d])
            .map(|g| g.to_string())
            .collect(),
        Err(_) => (0..BUDGET)
            .map(|_| {
                let i = w.pick(own.len());
                let mut g: Vec<u8> = own.bytes().collect();
                g[i] = own.as_bytes()[w.pick(own.len())];
                String::from_utf8_lossy(&g).into_owned()
            })
            .collect(),
    };
    w.note(format_args!(
        "attacker guesses up to {} ids near its own",
        guesses.len()
    ));
    let before = w.transcript().len();
    let mut sent = 0;
    for g in guesses {
        sent += 1;
        let reply = w.replay(&protected, &format!("{name}={g}"), Intent::Page);
        if reply.is_some_and(|r| r.user.is_some()) {
            break;
        }
    }
    // Keep the transcript readable: the misses are summarized, the last request kept.
    w.fold_transcript(before, format_args!("{sent} guesses sent"));
}
