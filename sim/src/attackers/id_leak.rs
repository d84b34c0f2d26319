//! Session ids that leak without any break-in: in URLs, which travel in `Referer` headers to
//! other sites (the attacker's), and in server logs, which the attacker can read. Replays
//! what it finds. Cookies only (no URL ids) and hashed ids in logs stop it.

use sessionlab_core::session::Store;

use super::{Attacker, Loot, play_with};
use crate::world::{Step, World};

/// The reader of Referers and logs.
pub struct IdLeak;

impl Attacker for IdLeak {
    fn name(&self) -> &'static str {
        "id-leak"
    }

    fn summary(&self) -> &'static str {
        "collects ids from Referer headers and server logs, and replays them"
    }

    fn play(&self, w: &mut World, steps: &[Step]) {
        let name = w.cookie_name();
        let mut loot = Loot::default();
        play_with(w, steps, |w, step| {
            let mut found: Vec<String> = w
                .referers
                .iter()
                .filter_map(|r| r.split(&format!("{name}=")).nth(1))
                .map(|v| v.split(['&', ';', '#']).next().unwrap_or("").to_owned())
                .collect();
            if w.features.attacker_reads_logs {
                // A raw id in the log is the whole token; a fingerprint is useless to replay.
                found.extend(
                    w.app()
                        .audit()
                        .events()
                        .iter()
                        .filter_map(|e| e.session.clone())
                        .filter(|s| w.app().store().load(s).is_some()),
                );
            }
            loot.take(w, found, step);
        });
    }
}
