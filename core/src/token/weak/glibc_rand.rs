//! glibc's `random()`/`rand()` with the default TYPE_3 state: an additive feedback generator
//! `r[i] = r[i-3] + r[i-31]`, output `r[i] >> 1`, after 310 discarded values.

use crate::token::{Token, TokenContext, TokenGenerator};

/// The generator state, bit-exact to glibc `srand(seed)` then `rand()`.
#[derive(Debug, Clone)]
pub struct GlibcRandom {
    r: [u32; 34],
    i: usize,
}

impl GlibcRandom {
    /// `srand(seed)` (glibc maps seed 0 to 1).
    pub fn new(seed: u32) -> Self {
        let mut r = [0u32; 34];
        r[0] = if seed == 0 { 1 } else { seed };
        for i in 1..31 {
            // r[i] = (16807 * r[i-1]) % 2147483647 with the signed arithmetic of glibc.
            let prev = i64::from(r[i - 1] as i32);
            let mut v = (16_807 * prev) % 2_147_483_647;
            if v < 0 {
                v += 2_147_483_647;
            }
            r[i] = v as u32;
        }
        for i in 31..34 {
            r[i] = r[i - 31];
        }
        let mut g = GlibcRandom { r, i: 34 };
        for _ in 34..344 {
            g.step();
        }
        g
    }

    /// A generator continuing from the last 34 raw (untruncated) state words, oldest first.
    pub fn from_state(r: [u32; 34]) -> Self {
        GlibcRandom { r, i: 34 }
    }

    fn step(&mut self) -> u32 {
        // A ring of 34: r[i] = r[i-31] + r[i-3].
        let v = self.r[(self.i + 34 - 31) % 34].wrapping_add(self.r[(self.i + 34 - 3) % 34]);
        self.r[self.i % 34] = v;
        self.i = (self.i + 1) % 34 + 34;
        v
    }

    /// `rand()`: 31 bits.
    pub fn next_rand(&mut self) -> i32 {
        (self.step() >> 1) as i32
    }
}

/// Decimal `rand()` values as ids.
#[derive(Debug, Clone)]
pub struct GlibcRandTokens {
    rng: GlibcRandom,
}

impl GlibcRandTokens {
    /// `srand(seed)`.
    pub fn new(seed: u32) -> Self {
        GlibcRandTokens {
            rng: GlibcRandom::new(seed),
        }
    }
}

impl TokenGenerator for GlibcRandTokens {
    fn name(&self) -> &'static str {
        "glibc-rand"
    }

    fn generate(&mut self, _: &TokenContext<'_>) -> Token {
        Token::new(self.rng.next_rand().to_string())
    }
}
