//! `java.util.Random`: a 48-bit linear congruential generator (Knuth, TAOCP 3.2.1), as in the
//! OpenJDK source. Jetty before CVE-2006-6969 made session ids from it.

use crate::token::{Token, TokenContext, TokenGenerator};

const MULTIPLIER: u64 = 0x5_DEEC_E66D;
const ADDEND: u64 = 0xB;
const MASK: u64 = (1 << 48) - 1;

/// The generator state, bit-exact to `java.util.Random`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct JavaRandom {
    seed: u64,
}

impl JavaRandom {
    /// `new Random(seed)`: the seed is scrambled with the multiplier.
    pub fn new(seed: i64) -> Self {
        JavaRandom {
            seed: (seed as u64 ^ MULTIPLIER) & MASK,
        }
    }

    /// A generator whose internal 48-bit state is exactly `state` (what a predictor recovers).
    pub fn from_state(state: u64) -> Self {
        JavaRandom { seed: state & MASK }
    }

    /// The internal 48-bit state.
    pub fn state(&self) -> u64 {
        self.seed
    }

    /// `next(bits)`: advance, return the top `bits` of the 48-bit state.
    pub fn next(&mut self, bits: u32) -> i32 {
        self.seed = (self.seed.wrapping_mul(MULTIPLIER).wrapping_add(ADDEND)) & MASK;
        (self.seed >> (48 - bits)) as i32
    }

    /// `nextInt()`.
    pub fn next_int(&mut self) -> i32 {
        self.next(32)
    }

    /// `nextLong()`: `((long) next(32) << 32) + next(32)`.
    pub fn next_long(&mut self) -> i64 {
        let hi = i64::from(self.next(32));
        let lo = i64::from(self.next(32));
        (hi << 32).wrapping_add(lo)
    }
}

/// Decimal `nextLong()` values as ids.
#[derive(Debug, Clone)]
pub struct JavaRandomTokens {
    rng: JavaRandom,
}

impl JavaRandomTokens {
    /// `new Random(seed)`.
    pub fn new(seed: i64) -> Self {
        JavaRandomTokens {
            rng: JavaRandom::new(seed),
        }
    }
}

impl TokenGenerator for JavaRandomTokens {
    fn name(&self) -> &'static str {
        "java-random"
    }

    fn generate(&mut self, _: &TokenContext<'_>) -> Token {
        Token::new(self.rng.next_long().to_string())
    }
}
