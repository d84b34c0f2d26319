//! A counter: the id is the session number. Trivially predictable.

use crate::token::{Token, TokenContext, TokenGenerator};

/// Decimal ids `n, n+1, n+2, ...`.
#[derive(Debug, Clone)]
pub struct CounterTokens {
    next: u64,
}

impl CounterTokens {
    /// Starts at `first`.
    pub fn starting_at(first: u64) -> Self {
        CounterTokens { next: first }
    }
}

impl TokenGenerator for CounterTokens {
    fn name(&self) -> &'static str {
        "counter"
    }

    fn generate(&mut self, _: &TokenContext<'_>) -> Token {
        let id = self.next;
        self.next = self.next.wrapping_add(1);
        Token::new(id.to_string())
    }
}
