//! Session ids that leak without any break-in: in URLs, which travel in `Referer` headers to
//! other sites (the attacker's), and in server logs, which the attacker can read. Replays
//! what it finds. Cookies only (no URL ids) and hashed ids in logs stop it.

use super::{Attack, Loot, play_with};
use crate::target::Target;
use crate::world::{Step, World};

/// The reader of Referers and logs.
pub struct IdLeak;

impl Attack for IdLeak {
    fn name(&self) -> &'static str {
        "id-leak"
    }

    fn summary(&self) -> &'static str {
        "collects ids from Referer headers and server logs, and replays them"
    }

    fn play<T: Target>(&self, w: &mut World<T>, steps: &[Step]) {
        let name = w.cookie_name();
        let mut loot = Loot::default();
        let mut logs_checked = false;
        play_with(w, steps, |w, step| {
            let mut found: Vec<String> = w
                .referers()
                .iter()
                .filter_map(|r| r.split(&format!("{name}=")).nth(1))
                .map(|v| v.split(['&', ';', '#']).next().unwrap_or("").to_owned())
                .collect();
            if w.features().attacker_reads_logs {
                // A raw id in the log is the whole token; a fingerprint (marked `sha256:`) is
                // useless to replay.
                match w.logs() {
                    Ok(logged) => {
                        found.extend(logged.into_iter().filter(|s| !s.starts_with("sha256:")))
                    }
                    Err(e) if !logs_checked => {
                        w.note(format_args!("the attacker cannot read the logs: {e}"));
                    }
                    Err(_) => {}
                }
                logs_checked = true;
            }
            loot.take(w, found, step);
        });
    }
}
