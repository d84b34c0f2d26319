//! The recommended default: ChaCha12 keyed once from the OS. ChaCha12 is the `rand` crate's
//! `StdRng`: 128 bits of a 256-bit-keyed stream cipher per token, one OS call per process.
//!
//! Tokens are cut from a 256-byte block of keystream, refilled when used up: one call into
//! the cipher per sixteen 128-bit tokens instead of one per token, which is what keeps it
//! within 2x of the raw keystream's speed (see the `tokens` benchmark).

use rand_chacha::ChaCha12Rng;
use rand_core::{Rng, SeedableRng};

use crate::token::{Encoding, Token, TokenContext, TokenGenerator};

const BLOCK: usize = 256;

/// ChaCha12 seeded from the OS (or, in tests, from a given 32-byte key), buffered.
#[derive(Clone)]
pub struct RecommendedTokens {
    rng: ChaCha12Rng,
    block: [u8; BLOCK],
    used: usize,
    bytes: usize,
    encoding: Encoding,
}

impl std::fmt::Debug for RecommendedTokens {
    /// The buffer is future token material: never shown.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RecommendedTokens")
            .field("bytes", &self.bytes)
            .field("encoding", &self.encoding)
            .finish_non_exhaustive()
    }
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
            rng: ChaCha12Rng::from_seed(key),
            block: [0; BLOCK],
            used: BLOCK,
            bytes,
            encoding,
        }
    }

    /// Fills `out` with the next raw bytes of the buffered keystream.
    #[inline]
    pub fn fill(&mut self, out: &mut [u8]) {
        let n = out.len();
        if n <= BLOCK - self.used {
            out.copy_from_slice(&self.block[self.used..self.used + n]);
            self.used += n;
            return;
        }
        self.fill_slow(out);
    }

    fn fill_slow(&mut self, out: &mut [u8]) {
        let mut done = 0;
        while done < out.len() {
            if self.used == BLOCK {
                self.rng.fill_bytes(&mut self.block);
                self.used = 0;
            }
            let n = (out.len() - done).min(BLOCK - self.used);
            out[done..done + n].copy_from_slice(&self.block[self.used..self.used + n]);
            self.used += n;
            done += n;
        }
    }

    fn next_byte(&mut self) -> u8 {
        let mut b = [0u8];
        self.fill(&mut b);
        b[0]
    }
}

impl TokenGenerator for RecommendedTokens {
    fn name(&self) -> &'static str {
        "recommended"
    }

    fn generate(&mut self, _: &TokenContext<'_>) -> Token {
        let mut raw = vec![0u8; self.bytes];
        self.fill(&mut raw);
        let encoding = self.encoding;
        Token::new(encoding.encode(&raw, || self.next_byte()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buffered_output_is_the_chacha12_keystream() {
        let key = [7u8; 32];
        let mut direct = ChaCha12Rng::from_seed(key);
        let mut want = vec![0u8; 1000];
        direct.fill_bytes(&mut want);
        let mut rec = RecommendedTokens::from_key(key, 16, Encoding::Hex);
        let mut got = vec![0u8; 1000];
        for chunk in got.chunks_mut(37) {
            rec.fill(chunk);
        }
        assert_eq!(got, want);
    }

    #[test]
    fn tokens_differ_and_have_the_configured_shape() {
        let mut rec = RecommendedTokens::from_key([1; 32], 16, Encoding::Base64Url);
        let a = rec.generate(&TokenContext::default());
        let b = rec.generate(&TokenContext::default());
        assert_ne!(a, b);
        assert_eq!(a.len(), 22);
        assert!(!format!("{rec:?}").contains("block"));
    }
}
