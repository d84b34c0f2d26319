//! The seed text's advice taken literally: "introduce additional randomness such as time of
//! request, user agent or even a secret server string ... and then hash it (e.g. md5). Putting
//! variable items at the front". The id is `md5(millis || user_agent [|| secret])` in hex:
//! statistically fine, and predictable to anyone who knows the time to the second and the UA.

use crate::token::{Token, TokenContext, TokenGenerator};

/// md5 of the request time in milliseconds, the user agent and optionally a secret.
#[derive(Debug, Clone)]
pub struct Md5TimeUaTokens {
    secret: Option<String>,
}

impl Md5TimeUaTokens {
    /// With or without a secret server string.
    pub fn new(secret: Option<String>) -> Self {
        Md5TimeUaTokens { secret }
    }

    /// The id for a request at `millis` from `user_agent`.
    pub fn id_for(&self, millis: i64, user_agent: &str) -> String {
        let input = format!(
            "{millis}{user_agent}{}",
            self.secret.as_deref().unwrap_or("")
        );
        super::md5_hex(input.as_bytes())
    }
}

impl TokenGenerator for Md5TimeUaTokens {
    fn name(&self) -> &'static str {
        if self.secret.is_some() {
            "md5-time-ua-secret"
        } else {
            "md5-time-ua"
        }
    }

    fn generate(&mut self, ctx: &TokenContext<'_>) -> Token {
        Token::new(self.id_for(ctx.now_micros.div_euclid(1_000), ctx.user_agent))
    }
}
