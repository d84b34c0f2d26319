//! Tokens from a seedable stream cipher RNG (rand_chacha's ChaCha8/12/20).

use rand_chacha::{ChaCha8Rng, ChaCha12Rng, ChaCha20Rng};
use rand_core::{Rng, SeedableRng};

use crate::token::{Encoding, Token, TokenContext, TokenGenerator};

/// `bytes` random bytes from `R` per token, written in `encoding`.
#[derive(Debug, Clone)]
pub struct RngTokens<R> {
    rng: R,
    name: &'static str,
    encoding: Encoding,
    buf: Vec<u8>,
}

impl<R: Rng> RngTokens<R> {
    /// Wraps any RNG under a name.
    pub fn new(rng: R, name: &'static str, bytes: usize, encoding: Encoding) -> Self {
        RngTokens {
            rng,
            name,
            encoding,
            buf: vec![0; bytes],
        }
    }

    /// Fills `out` with the next raw bytes (what the benchmarks measure without encoding).
    pub fn fill(&mut self, out: &mut [u8]) {
        self.rng.fill_bytes(out);
    }
}

impl RngTokens<ChaCha20Rng> {
    /// ChaCha20 seeded from a `u64` (rand's `seed_from_u64` expansion).
    pub fn chacha20(seed: u64, bytes: usize, encoding: Encoding) -> Self {
        Self::new(
            ChaCha20Rng::seed_from_u64(seed),
            "chacha20",
            bytes,
            encoding,
        )
    }
}

impl RngTokens<ChaCha12Rng> {
    /// ChaCha12 seeded from a `u64`.
    pub fn chacha12(seed: u64, bytes: usize, encoding: Encoding) -> Self {
        Self::new(
            ChaCha12Rng::seed_from_u64(seed),
            "chacha12",
            bytes,
            encoding,
        )
    }
}

impl RngTokens<ChaCha8Rng> {
    /// ChaCha8 seeded from a `u64`.
    pub fn chacha8(seed: u64, bytes: usize, encoding: Encoding) -> Self {
        Self::new(ChaCha8Rng::seed_from_u64(seed), "chacha8", bytes, encoding)
    }
}

impl<R: Rng + Send> TokenGenerator for RngTokens<R> {
    fn name(&self) -> &'static str {
        self.name
    }

    fn generate(&mut self, _: &TokenContext<'_>) -> Token {
        self.rng.fill_bytes(&mut self.buf);
        let rng = &mut self.rng;
        Token::new(
            self.encoding
                .encode(&self.buf, || (rng.next_u32() & 0xff) as u8),
        )
    }
}
