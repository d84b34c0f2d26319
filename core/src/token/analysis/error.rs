//! Why a sample cannot be analyzed. Every message is one line.

/// A sample the analyzer refuses, with the token (1-based) at fault where there is one.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AnalyzeError {
    /// Fewer tokens than [`super::MIN_TOKENS`]: no test means anything below that.
    #[error("at least {needed} tokens are needed, got {got}")]
    TooFewTokens {
        /// How many were given.
        got: usize,
        /// The minimum.
        needed: usize,
    },
    /// More tokens than [`super::MAX_TOKENS`] (memory stays bounded).
    #[error("more than {max} tokens: analyze a sample (FIPS 140-2 is specified for 20000)")]
    TooManyTokens {
        /// The maximum.
        max: usize,
    },
    /// One token is malformed.
    #[error("token {token}: {problem}")]
    BadToken {
        /// Its 1-based index in the sample.
        token: usize,
        /// What is wrong with it.
        problem: TokenProblem,
    },
}

/// What is wrong with one token.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TokenProblem {
    /// The token is empty.
    #[error("empty token")]
    Empty,
    /// The token is longer than [`super::MAX_TOKEN_LEN`].
    #[error("longer than {max} characters")]
    TooLong {
        /// The maximum.
        max: usize,
    },
    /// A character outside printable ASCII (spaces and control characters included).
    #[error("{found:?} at column {column} is not a printable ASCII character")]
    NotPrintable {
        /// 1-based column.
        column: usize,
        /// The character.
        found: char,
    },
    /// A character that varies between tokens but is not in the chosen alphabet.
    #[error("{found:?} at column {column} is not a {alphabet} character")]
    NotInAlphabet {
        /// 1-based column.
        column: usize,
        /// The character.
        found: char,
        /// The alphabet's name.
        alphabet: &'static str,
    },
    /// With `--encoding float`, a token that is not a float in [0, 1).
    #[error("not a float in [0, 1)")]
    NotFloat,
    /// The token's length differs from the first token's, and the tokens are not numbers that
    /// may differ in length (decimal, floats, base 36 or hex digits).
    #[error("{len} characters where the first token has {expected}: analyze one format at a time")]
    Length {
        /// This token's length.
        len: usize,
        /// The first token's length.
        expected: usize,
    },
}

/// An `--encoding` name that is not one of [`super::Alphabet::NAMES`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "unknown encoding {0:?} (expected one of hex, base64, base64url, decimal, base36, float, other)"
)]
pub struct UnknownAlphabet(pub String);
