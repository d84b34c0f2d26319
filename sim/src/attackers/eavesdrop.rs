//! Eavesdropping (Firesheep, 2010): a passive attacker on an open network reads session
//! cookies from plain-HTTP requests and replays them. Stopped by HTTPS everywhere with a
//! Secure cookie; the seed's binding cookie limits it to the non-sensitive pages.

use super::{Attack, Loot, play_with};
use crate::target::Target;
use crate::world::{Step, World};

/// The passive sniffer.
pub struct Eavesdrop;

impl Attack for Eavesdrop {
    fn name(&self) -> &'static str {
        "eavesdrop"
    }

    fn summary(&self) -> &'static str {
        "sniffs session cookies from plain-HTTP requests and replays them (Firesheep)"
    }

    fn play<T: Target>(&self, w: &mut World<T>, steps: &[Step]) {
        if !w.features().attacker_on_path {
            return play_with(w, steps, |_, _| {});
        }
        let mut loot = Loot::default();
        let mut read = 0;
        play_with(w, steps, |w, step| {
            let found = w.sniffed_ids_since(&mut read);
            loot.take(w, found, step);
        });
    }
}
