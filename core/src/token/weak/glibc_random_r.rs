//! glibc's `random_r()` after `initstate_r(seed, buf, size, ...)`, for every state size: TYPE_0
//! (8 to 31 bytes) is the LCG `r = (r * 1103515245 + 12345) & 0x7fffffff`; TYPE_1 to TYPE_4
//! (32, 64, 128, 256 bytes) are additive feedback generators `r[i] = r[i-deg] + r[i-sep]`
//! (mod 2^32) with output `r[i] >> 1`, after `10 * deg` discarded values. `rand()` and
//! `random()` use TYPE_3 (see [`GlibcRandom`](super::GlibcRandom), the fast form of it).

/// One of glibc's five `random()` state types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum GlibcStateType {
    /// 8 to 31 bytes: a 31-bit LCG, each output its whole state.
    Type0,
    /// 32 to 63 bytes: degree 7, separation 3.
    Type1,
    /// 64 to 127 bytes: degree 15, separation 1.
    Type2,
    /// 128 to 255 bytes (the default of `rand()`): degree 31, separation 3.
    Type3,
    /// 256 bytes or more: degree 63, separation 1.
    Type4,
}

impl GlibcStateType {
    /// Every type, smallest first.
    pub const ALL: [GlibcStateType; 5] = [
        GlibcStateType::Type0,
        GlibcStateType::Type1,
        GlibcStateType::Type2,
        GlibcStateType::Type3,
        GlibcStateType::Type4,
    ];

    /// The type `initstate_r` picks for a state of `bytes` bytes (`None` under 8).
    pub fn for_state_bytes(bytes: usize) -> Option<Self> {
        Some(match bytes {
            0..=7 => return None,
            8..=31 => GlibcStateType::Type0,
            32..=63 => GlibcStateType::Type1,
            64..=127 => GlibcStateType::Type2,
            128..=255 => GlibcStateType::Type3,
            _ => GlibcStateType::Type4,
        })
    }

    /// The smallest state size of this type, in bytes (what `initstate` is usually given).
    pub fn state_bytes(self) -> usize {
        match self {
            GlibcStateType::Type0 => 8,
            GlibcStateType::Type1 => 32,
            GlibcStateType::Type2 => 64,
            GlibcStateType::Type3 => 128,
            GlibcStateType::Type4 => 256,
        }
    }

    /// `(degree, separation)` of the additive generator; `None` for the LCG.
    pub fn lags(self) -> Option<(usize, usize)> {
        match self {
            GlibcStateType::Type0 => None,
            GlibcStateType::Type1 => Some((7, 3)),
            GlibcStateType::Type2 => Some((15, 1)),
            GlibcStateType::Type3 => Some((31, 3)),
            GlibcStateType::Type4 => Some((63, 1)),
        }
    }
}

/// The TYPE_0 step: the next output (and state) after `r`.
pub fn glibc_type0_next(r: u32) -> u32 {
    r.wrapping_mul(1_103_515_245).wrapping_add(12_345) & 0x7fff_ffff
}

/// `16807 * word mod (2^31 - 1)` as glibc's `srandom_r` computes it (Schrage's method on a
/// signed 32-bit word).
fn park_miller(word: i32) -> i32 {
    let (hi, lo) = (word / 127_773, word % 127_773);
    let w = 16_807 * lo - 2_836 * hi;
    if w < 0 { w + 2_147_483_647 } else { w }
}

/// `random_r()` state, bit-exact to glibc for every state size.
#[derive(Debug, Clone)]
pub struct GlibcRandomR {
    kind: GlibcStateType,
    /// glibc's state array (TYPE_0: `ring[0]` is the state).
    ring: [u32; 63],
    /// glibc's `fptr`: where the next word goes (the oldest word is there); `rptr` is `sep`
    /// places behind it.
    pos: usize,
}

impl GlibcRandomR {
    /// `initstate_r(seed, buf, size, ...)` with a state of `kind`.
    pub fn new(seed: u32, kind: GlibcStateType) -> Self {
        let seed = if seed == 0 { 1 } else { seed };
        let mut ring = [0u32; 63];
        ring[0] = seed;
        let Some((deg, _)) = kind.lags() else {
            return GlibcRandomR { kind, ring, pos: 0 };
        };
        let mut word = seed as i32;
        for slot in ring.iter_mut().take(deg).skip(1) {
            word = park_miller(word);
            *slot = word as u32;
        }
        let mut g = GlibcRandomR {
            kind,
            ring,
            pos: kind.lags().map_or(0, |l| l.1),
        };
        for _ in 0..10 * deg {
            g.next_raw();
        }
        g
    }

    /// A generator continuing from the last raw words, oldest first (`deg` of them; for TYPE_0
    /// one, the last output).
    pub fn from_words(kind: GlibcStateType, words: &[u32]) -> Option<Self> {
        let deg = kind.lags().map_or(1, |l| l.0);
        if words.len() != deg {
            return None;
        }
        let mut ring = [0u32; 63];
        ring[..deg].copy_from_slice(words);
        // The oldest word is the next to be replaced.
        Some(GlibcRandomR { kind, ring, pos: 0 })
    }

    /// The state type.
    pub fn kind(&self) -> GlibcStateType {
        self.kind
    }

    /// The next raw 32-bit word (TYPE_0: the 31-bit output).
    pub fn next_raw(&mut self) -> u32 {
        let Some((deg, sep)) = self.kind.lags() else {
            self.ring[0] = glibc_type0_next(self.ring[0]);
            return self.ring[0];
        };
        let v = self.ring[self.pos].wrapping_add(self.ring[(self.pos + deg - sep) % deg]);
        self.ring[self.pos] = v;
        self.pos = (self.pos + 1) % deg;
        v
    }

    /// `random_r()`: 31 bits.
    pub fn random_r(&mut self) -> i32 {
        match self.kind {
            GlibcStateType::Type0 => self.next_raw() as i32,
            _ => (self.next_raw() >> 1) as i32,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::token::weak::GlibcRandom;

    #[test]
    fn type3_is_rand() {
        for seed in [0, 1, 42, u32::MAX, 1_764_670_000] {
            let (mut a, mut b) = (
                GlibcRandom::new(seed),
                GlibcRandomR::new(seed, GlibcStateType::Type3),
            );
            for _ in 0..500 {
                assert_eq!(a.next_rand(), b.random_r());
            }
        }
    }

    #[test]
    fn state_sizes_pick_the_types() {
        assert_eq!(GlibcStateType::for_state_bytes(7), None);
        for t in GlibcStateType::ALL {
            assert_eq!(GlibcStateType::for_state_bytes(t.state_bytes()), Some(t));
            assert_eq!(
                GlibcStateType::for_state_bytes(t.state_bytes() * 2 - 1),
                Some(t)
            );
        }
    }
}
