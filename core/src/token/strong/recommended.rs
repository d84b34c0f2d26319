//! The recommended default: ChaCha12 keyed once from the OS. ChaCha12 is the `rand` crate's
//! `StdRng`: 128 bits of a 256-bit-keyed stream cipher per token, one OS call per process.

use rand_chacha::ChaCha12Rng;
use rand_core::SeedableRng;

use super::RngTokens;
use crate::token::{Encoding, Token, TokenContext, TokenGenerator};

/// ChaCha12 seeded from the OS (or, in tests, from a given 32-byte key).
#[derive(Debug, Clone)]
pub struct RecommendedTokens {
    inner: RngTokens<ChaCha12Rng>,
}

impl RecommendedTokens {
    /// Keyed from the operating system's random source.
    pub fn from_os(bytes: usize, encoding: Encoding) -> Result<Self, getrandom::Error> {
        let mut key = [0u8; 32];
        getrandom::fill(&mut key)?;
        Ok(Self::from_key(key, bytes, encoding))
    }

    /// Keyed from `key` (deterministic: for tests and benchmarks).
    pub fn from_key(key: [u8; 32], bytes: usize, encoding: Encoding) -> Self {
        RecommendedTokens {
            inner: RngTokens::new(ChaCha12Rng::from_seed(key), "recommended", bytes, encoding),
        }
    }

    /// Fills `out` with the next raw bytes.
    pub fn fill(&mut self, out: &mut [u8]) {
        self.inner.fill(out);
    }
}

impl TokenGenerator for RecommendedTokens {
    fn name(&self) -> &'static str {
        "recommended"
    }

    fn generate(&mut self, ctx: &TokenContext<'_>) -> Token {
        self.inner.generate(ctx)
    }
}
