//! Cryptographically strong generators: ChaCha (8, 12, 20 rounds), the OS, and the recommended
//! default (ChaCha12 seeded once from the OS).

mod chacha;
mod os;
mod recommended;

pub use chacha::RngTokens;
pub use os::OsTokens;
pub use recommended::RecommendedTokens;
