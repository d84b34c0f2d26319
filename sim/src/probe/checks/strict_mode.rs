//! Strict mode: an id the server never issued, planted in the victim's browser, must not be
//! adopted, and must not be logged in after the victim logs in (fixation; ASVS 5.0 V7.2.4).

use rand_chacha::ChaCha8Rng;
use rand_core::{Rng, SeedableRng};

use super::{Check, Outcome, Probe, ProbeError, dead};
use crate::probe::client::CookieChange;

/// See the module docs.
pub struct StrictMode;

impl Check for StrictMode {
    fn name(&self) -> &'static str {
        "strict-mode"
    }

    fn summary(&self) -> &'static str {
        "a planted, made-up id is not adopted, and not logged in after the victim's login (fixation)"
    }

    fn run(&self, p: &Probe<'_, '_>) -> Result<Outcome, ProbeError> {
        if p.bearer() {
            return Ok(Outcome::skipped(
                "the session is a bearer token the login returns: there is no cookie to plant",
            ));
        }
        let t = p.target;
        let (_, victim_user) = t.config.users();
        let CookieChange::Set(sample) = p.session.issued_by.cookie_change(&p.session.cookie) else {
            return Err(ProbeError::Unexpected(
                "no issued id to model a forgery on".into(),
            ));
        };
        let planted = forge(&sample, seed()).ok_or_else(|| {
            ProbeError::Unexpected("the issued id is too short to make up another".into())
        })?;
        let mut victim = p.browser();
        victim.plant(&p.session.cookie, &planted);
        let visit = victim.get("the victim opens the site with the planted id", t.landing())?;
        let replaced = match visit.cookie_change(&p.session.cookie) {
            CookieChange::Set(v) => v != planted,
            CookieChange::Deleted => true,
            CookieChange::Untouched => false,
        };
        p.login(
            &mut victim,
            &format!("the victim logs in as {}", victim_user.username),
            victim_user,
        )?;
        let served = p.replay_everywhere("the attacker replays the planted id", &planted)?;
        victim.logout("the victim logs out")?;
        // Adoption shows only where the site gives new visitors an id: keeping this one then
        // means it was taken for a session.
        let adopted = !replaced && p.session.guest_ids;
        let fixation = !served.is_empty();
        let first = if replaced {
            "yes".to_owned()
        } else if p.session.guest_ids {
            "no (adopted: new visitors get an id, this one was kept)".to_owned()
        } else {
            "no (the site sets no id before login)".to_owned()
        };
        Ok(Outcome::judge(
            !adopted && !fixation,
            format!(
                "planted id replaced at the first visit: {first}; planted id dead after the victim's login: {}",
                dead(&served)
            ),
        ))
    }
}

fn seed() -> u64 {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    (nanos as u64) ^ u64::from(std::process::id()).rotate_left(32)
}

/// A made-up id shaped like `sample`: each letter and digit replaced by one of its class
/// (hex stays hex), other characters kept, and the last character kept (in base64 it may
/// carry padding bits a decoder checks). `None` when nothing can change.
pub(crate) fn forge(sample: &str, seed: u64) -> Option<String> {
    const DIGITS: &[u8] = b"0123456789";
    const LOWER: &[u8] = b"abcdefghijklmnopqrstuvwxyz";
    const UPPER: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    const HEX_LOWER: &[u8] = b"0123456789abcdef";
    const HEX_UPPER: &[u8] = b"0123456789ABCDEF";
    let alnum = || sample.bytes().filter(u8::is_ascii_alphanumeric);
    // Hex only when there are letters: a decimal id stays decimal.
    let letters = sample.bytes().any(|b| b.is_ascii_alphabetic());
    let hex_lower = letters && alnum().all(|b| HEX_LOWER.contains(&b));
    let hex_upper = letters && alnum().all(|b| HEX_UPPER.contains(&b));
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let n = sample.len();
    for _ in 0..8 {
        let forged: String = sample
            .bytes()
            .enumerate()
            .map(|(i, b)| {
                let class: &[u8] = match b {
                    _ if i + 1 == n || !b.is_ascii_alphanumeric() => return b as char,
                    _ if hex_lower => HEX_LOWER,
                    _ if hex_upper => HEX_UPPER,
                    b'0'..=b'9' => DIGITS,
                    b'a'..=b'z' => LOWER,
                    _ => UPPER,
                };
                class[(rng.next_u32() as usize) % class.len()] as char
            })
            .collect();
        if forged != sample {
            return Some(forged);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::forge;

    #[test]
    fn forgeries_keep_the_shape() {
        type Class = fn(char) -> bool;
        let cases: [(&str, Class); 3] = [
            ("0123456789abcdef0123456789abcdef", |c| {
                c.is_ascii_digit() || ('a'..='f').contains(&c)
            }),
            ("zbyLD0YyhCSZoN-mBWjiig", |c| {
                c.is_ascii_alphanumeric() || c == '-'
            }),
            ("482913", |c| c.is_ascii_digit()),
        ];
        for (sample, ok) in cases {
            for seed in 0..20 {
                let f = forge(sample, seed).unwrap();
                assert_ne!(f, sample);
                assert_eq!(f.len(), sample.len());
                assert!(f.chars().all(ok), "{sample} -> {f}");
                assert_eq!(f.chars().last(), sample.chars().last());
            }
        }
        let uuid = forge("5f3a9c1e-0b2d-4c8e-9f7a-1234567890ab", 1).unwrap();
        assert_eq!(uuid.matches('-').count(), 4);
        assert!(forge("x", 1).is_none());
    }
}
