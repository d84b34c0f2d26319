//! One operating-system call (`getrandom`) per token: strong, and the slow baseline.

use crate::token::{Encoding, Token, TokenContext, TokenGenerator};

/// Tokens straight from the OS.
#[derive(Debug, Clone)]
pub struct OsTokens {
    bytes: usize,
    encoding: Encoding,
}

impl OsTokens {
    /// `bytes` bytes per token, written in `encoding`.
    pub fn new(bytes: usize, encoding: Encoding) -> Self {
        OsTokens { bytes, encoding }
    }

    /// Fills `out` with OS randomness (what the benchmarks measure without encoding).
    pub fn fill(out: &mut [u8]) -> Result<(), getrandom::Error> {
        getrandom::fill(out)
    }
}

fn os_byte() -> u8 {
    let mut b = [0u8];
    getrandom::fill(&mut b).expect("the OS random source failed");
    b[0]
}

impl TokenGenerator for OsTokens {
    fn name(&self) -> &'static str {
        "os"
    }

    /// Panics only if the operating system's random source fails, as `getrandom` documents
    /// happens only on misconfigured systems; a server must not issue a weak id instead.
    fn generate(&mut self, _: &TokenContext<'_>) -> Token {
        let mut buf = vec![0u8; self.bytes];
        getrandom::fill(&mut buf).expect("the OS random source failed");
        Token::new(self.encoding.encode(&buf, os_byte))
    }
}
