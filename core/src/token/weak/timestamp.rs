//! The request time as the id, in seconds or milliseconds.

use crate::token::{Token, TokenContext, TokenGenerator};

/// Decimal Unix time of the request.
#[derive(Debug, Clone)]
pub struct TimestampTokens {
    divisor: i64,
    name: &'static str,
}

impl TimestampTokens {
    /// Seconds since the epoch.
    pub fn seconds() -> Self {
        TimestampTokens {
            divisor: 1_000_000,
            name: "timestamp-seconds",
        }
    }

    /// Milliseconds since the epoch.
    pub fn millis() -> Self {
        TimestampTokens {
            divisor: 1_000,
            name: "timestamp-millis",
        }
    }
}

impl TokenGenerator for TimestampTokens {
    fn name(&self) -> &'static str {
        self.name
    }

    fn generate(&mut self, ctx: &TokenContext<'_>) -> Token {
        Token::new(ctx.now_micros.div_euclid(self.divisor).to_string())
    }
}
