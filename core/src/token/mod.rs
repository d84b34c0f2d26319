//! Session tokens and the generators that make them, strong and deliberately weak.
//!
//! Every generator is deterministic when seeded; the only ones that read the operating system
//! are [`strong::OsTokens`] and [`strong::RecommendedTokens::from_os`], which a real server uses
//! and the simulator never does. Weak generators are bit-exact to the implementations they
//! copy (see `core/tests/vectors/`), so that attacks on them mean something.

pub mod analysis;
pub mod cookie_value;
pub mod encoding;
pub mod recovery;
pub mod strong;
pub mod weak;

use std::net::IpAddr;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

pub use encoding::Encoding;

/// A session identifier as it travels in a cookie or URL.
///
/// Comparison is constant-time (for equal lengths); `Debug` and `Display` never show the value,
/// only a short SHA-256 fingerprint, so a token can be logged without leaking it.
#[derive(Clone)]
pub struct Token(String);

impl Token {
    /// Wraps an identifier string.
    pub fn new(value: impl Into<String>) -> Self {
        Token(value.into())
    }

    /// The identifier itself, for the `Set-Cookie` header and the store. Named so that every
    /// place that reveals a token is easy to find.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// The identifier itself, taken out of the wrapper (no copy), for the store.
    pub fn expose_owned(self) -> String {
        self.0
    }

    /// The first 8 bytes of SHA-256 of the token, in hex: what logs and traces carry.
    pub fn fingerprint(&self) -> String {
        fingerprint(&self.0)
    }

    /// The length of the identifier in characters (bytes; identifiers are ASCII).
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether the identifier is empty.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// The SHA-256 fingerprint of any identifier string (see [`Token::fingerprint`]).
pub fn fingerprint(value: &str) -> String {
    encoding::hex(&Sha256::digest(value.as_bytes())[..8])
}

impl PartialEq for Token {
    fn eq(&self, other: &Self) -> bool {
        self.0.as_bytes().ct_eq(other.0.as_bytes()).into()
    }
}

impl Eq for Token {}

impl std::fmt::Debug for Token {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Token(redacted #{})", self.fingerprint())
    }
}

impl std::fmt::Display for Token {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "[redacted #{}]", self.fingerprint())
    }
}

/// What a generator may look at when it makes a token: weak generators use the request time,
/// the client address and the user agent; strong ones ignore all three.
#[derive(Debug, Clone, Copy)]
pub struct TokenContext<'a> {
    /// The request time in microseconds since the Unix epoch.
    pub now_micros: i64,
    /// The client's address.
    pub client_ip: IpAddr,
    /// The `User-Agent` header.
    pub user_agent: &'a str,
}

impl Default for TokenContext<'_> {
    fn default() -> Self {
        TokenContext {
            now_micros: 0,
            client_ip: IpAddr::from([127, 0, 0, 1]),
            user_agent: "",
        }
    }
}

/// A source of session identifiers.
pub trait TokenGenerator: Send {
    /// A short stable name, e.g. `chacha20` or `java-random`.
    fn name(&self) -> &'static str;
    /// The next identifier.
    fn generate(&mut self, ctx: &TokenContext<'_>) -> Token;
}

impl<G: TokenGenerator + ?Sized> TokenGenerator for Box<G> {
    fn name(&self) -> &'static str {
        (**self).name()
    }
    fn generate(&mut self, ctx: &TokenContext<'_>) -> Token {
        (**self).generate(ctx)
    }
}

/// Which generator a policy uses, as written in a policy file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum GeneratorKind {
    /// ChaCha12 seeded once from the OS, buffered: the recommended default.
    Recommended,
    /// One operating-system call per token (`getrandom`).
    Os,
    /// ChaCha with 20 rounds.
    Chacha20,
    /// ChaCha with 12 rounds.
    Chacha12,
    /// ChaCha with 8 rounds.
    Chacha8,
    /// A counter: 1, 2, 3, ...
    Counter,
    /// The request time in seconds.
    TimestampSeconds,
    /// The request time in milliseconds.
    TimestampMillis,
    /// `java.util.Random.nextLong()`, as Jetty before CVE-2006-6969.
    JavaRandom,
    /// MT19937, 128 bits as Python's `'%032x' % random.getrandbits(128)`.
    Mt19937,
    /// glibc `rand()`.
    GlibcRand,
    /// PHP <= 5.3's session id: md5 of client IP, time and its combined LCG.
    PhpLegacy,
    /// The seed's suggestion: md5 of request time (ms) and user agent.
    Md5TimeUa,
    /// The same with a secret server string appended.
    Md5TimeUaSecret,
    /// V8's `Math.random().toString(36).substring(2)`, as Express apps that name their own
    /// sessions write it.
    V8MathRandomBase36,
}

impl GeneratorKind {
    /// Every kind, strong first.
    pub const ALL: [GeneratorKind; 15] = [
        GeneratorKind::Recommended,
        GeneratorKind::Os,
        GeneratorKind::Chacha20,
        GeneratorKind::Chacha12,
        GeneratorKind::Chacha8,
        GeneratorKind::Counter,
        GeneratorKind::TimestampSeconds,
        GeneratorKind::TimestampMillis,
        GeneratorKind::JavaRandom,
        GeneratorKind::Mt19937,
        GeneratorKind::GlibcRand,
        GeneratorKind::PhpLegacy,
        GeneratorKind::Md5TimeUa,
        GeneratorKind::Md5TimeUaSecret,
        GeneratorKind::V8MathRandomBase36,
    ];

    /// Whether the generator is cryptographically strong (unpredictable from its outputs).
    pub fn is_strong(self) -> bool {
        matches!(
            self,
            GeneratorKind::Recommended
                | GeneratorKind::Os
                | GeneratorKind::Chacha20
                | GeneratorKind::Chacha12
                | GeneratorKind::Chacha8
        )
    }

    /// Whether `bytes` and `encoding` of a [`TokenConfig`] apply (weak generators have the
    /// fixed output format of what they imitate).
    pub fn has_configurable_format(self) -> bool {
        self.is_strong()
    }
}

/// The token part of a policy: which generator, how many random bytes, which encoding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TokenConfig {
    /// The generator.
    pub generator: GeneratorKind,
    /// Random bytes per token (strong generators only; 16 bytes = 128 bits).
    #[serde(default = "default_bytes")]
    pub bytes: usize,
    /// How the bytes are written (strong generators only).
    #[serde(default)]
    pub encoding: Encoding,
}

fn default_bytes() -> usize {
    16
}

impl Default for TokenConfig {
    fn default() -> Self {
        TokenConfig {
            generator: GeneratorKind::Recommended,
            bytes: 16,
            encoding: Encoding::Base64Url,
        }
    }
}

impl TokenConfig {
    /// The entropy an identifier carries when the generator is strong, in bits.
    pub fn entropy_bits(&self) -> f64 {
        if self.generator.is_strong() {
            self.encoding.entropy_bits(self.bytes)
        } else {
            0.0
        }
    }

    /// A deterministic generator for simulation and tests. OS-seeded kinds (`recommended`,
    /// `os`) become ChaCha12 seeded from `seed`: to anyone who cannot see the seed the outputs
    /// look the same, and the run stays replayable.
    pub fn build_seeded(&self, seed: u64) -> Box<dyn TokenGenerator> {
        use strong::RngTokens;
        let (bytes, enc) = (self.bytes, self.encoding);
        match self.generator {
            GeneratorKind::Recommended | GeneratorKind::Os | GeneratorKind::Chacha12 => {
                Box::new(RngTokens::chacha12(seed, bytes, enc))
            }
            GeneratorKind::Chacha20 => Box::new(RngTokens::chacha20(seed, bytes, enc)),
            GeneratorKind::Chacha8 => Box::new(RngTokens::chacha8(seed, bytes, enc)),
            GeneratorKind::Counter => Box::new(weak::CounterTokens::starting_at(seed % 1_000_000)),
            GeneratorKind::TimestampSeconds => Box::new(weak::TimestampTokens::seconds()),
            GeneratorKind::TimestampMillis => Box::new(weak::TimestampTokens::millis()),
            GeneratorKind::JavaRandom => Box::new(weak::JavaRandomTokens::new(seed as i64)),
            GeneratorKind::Mt19937 => Box::new(weak::Mt19937Tokens::new(seed as u32)),
            GeneratorKind::GlibcRand => Box::new(weak::GlibcRandTokens::new(seed as u32)),
            GeneratorKind::PhpLegacy => Box::new(weak::PhpLegacyTokens::from_seed(seed)),
            GeneratorKind::Md5TimeUa => Box::new(weak::Md5TimeUaTokens::new(None)),
            GeneratorKind::V8MathRandomBase36 => {
                Box::new(weak::V8MathRandomTokens::new(seed, weak::V8Print::Base36))
            }
            GeneratorKind::Md5TimeUaSecret => Box::new(weak::Md5TimeUaTokens::new(Some(format!(
                "server-secret-{seed:016x}"
            )))),
        }
    }

    /// A generator for a real server: strong kinds draw from the operating system; weak kinds
    /// are seeded from it (they stay weak, which is the point of a weak preset).
    pub fn build_from_os(&self) -> Result<Box<dyn TokenGenerator>, getrandom::Error> {
        let (bytes, enc) = (self.bytes, self.encoding);
        Ok(match self.generator {
            GeneratorKind::Os => Box::new(strong::OsTokens::new(bytes, enc)),
            GeneratorKind::Recommended => Box::new(strong::RecommendedTokens::from_os(bytes, enc)?),
            _ => {
                let mut seed = [0u8; 8];
                getrandom::fill(&mut seed)?;
                self.build_seeded(u64::from_le_bytes(seed))
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_debug_and_display_are_redacted() {
        let t = Token::new("s3cr3t-session-id");
        let shown = format!("{t:?} {t} {:?}", vec![t.clone()]);
        assert!(!shown.contains("s3cr3t"), "{shown}");
        assert!(shown.contains(&t.fingerprint()));
        assert_eq!(t.fingerprint().len(), 16);
        assert_eq!(t.expose(), "s3cr3t-session-id");
    }

    #[test]
    fn token_equality() {
        assert_eq!(Token::new("abc"), Token::new("abc"));
        assert_ne!(Token::new("abc"), Token::new("abd"));
        assert_ne!(Token::new("abc"), Token::new("abcd"));
        assert_ne!(
            Token::new("abc").fingerprint(),
            Token::new("abd").fingerprint()
        );
    }

    #[test]
    fn every_kind_builds_deterministically() {
        let ctx = TokenContext {
            now_micros: 1_700_000_000_123_456,
            ..TokenContext::default()
        };
        for kind in GeneratorKind::ALL {
            let config = TokenConfig {
                generator: kind,
                ..TokenConfig::default()
            };
            let mut a = config.build_seeded(7);
            let mut b = config.build_seeded(7);
            let (x, y) = (a.generate(&ctx), b.generate(&ctx));
            assert_eq!(x, y, "{kind:?}");
            assert!(!x.is_empty(), "{kind:?}");
            assert!(x.expose().bytes().all(|c| c.is_ascii_graphic()), "{kind:?}");
        }
    }

    #[test]
    fn strong_kinds_differ_by_seed_and_call() {
        let ctx = TokenContext::default();
        for kind in GeneratorKind::ALL.into_iter().filter(|k| k.is_strong()) {
            let config = TokenConfig {
                generator: kind,
                ..TokenConfig::default()
            };
            let mut a = config.build_seeded(1);
            let mut b = config.build_seeded(2);
            let first = a.generate(&ctx);
            assert_ne!(first, b.generate(&ctx), "{kind:?}");
            assert_ne!(first, a.generate(&ctx), "{kind:?}");
        }
    }
}
