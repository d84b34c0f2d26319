//! How random bytes become the characters of an identifier.

use base64::Engine;
use serde::{Deserialize, Serialize};

/// An identifier alphabet.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Encoding {
    /// Lower-case hex, 4 bits a character (Tomcat writes it upper-case; same entropy).
    Hex,
    /// URL-safe base64 without padding, 6 bits a character (express-session, tower-sessions).
    #[default]
    Base64Url,
    /// `[a-z0-9]`, one character per byte by rejection sampling (Django's `get_random_string`).
    LowerAlnum,
    /// `[A-Za-z0-9]`, one character per byte by rejection sampling (actix-session).
    Alnum,
    /// A version-4 UUID from 16 bytes (Spring Session): 122 random bits, 36 characters.
    Uuid,
}

/// Each encoding's alphabet as a byte table, indexed by the enum's order.
const ALPHABETS: [[bool; 256]; 5] = {
    const ALL: [Encoding; 5] = [
        Encoding::Hex,
        Encoding::Base64Url,
        Encoding::LowerAlnum,
        Encoding::Alnum,
        Encoding::Uuid,
    ];
    let mut tables = [[false; 256]; 5];
    let mut e = 0;
    while e < ALL.len() {
        assert!(ALL[e] as usize == e);
        let mut b = 0;
        while b < 256 {
            tables[e][b] = ALL[e].allows(b as u8);
            b += 1;
        }
        e += 1;
    }
    tables
};

const LOWER_ALNUM: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";
const ALNUM: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/// Lower-case hex of `bytes`: token encoding, digests and fingerprints all write it this way.
pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 15)]));
    }
    out
}

impl Encoding {
    /// Writes `bytes` in this alphabet. The alphanumeric encodings map each byte to a character
    /// and skip bytes that would bias the choice, asking `more` for replacements.
    pub fn encode(self, bytes: &[u8], mut more: impl FnMut() -> u8) -> String {
        match self {
            Encoding::Hex => hex(bytes),
            Encoding::Base64Url => base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes),
            Encoding::LowerAlnum => sample(bytes, LOWER_ALNUM, &mut more),
            Encoding::Alnum => sample(bytes, ALNUM, &mut more),
            Encoding::Uuid => uuid_v4(bytes),
        }
    }

    /// The entropy of an identifier made from `bytes` random bytes.
    pub fn entropy_bits(self, bytes: usize) -> f64 {
        let n = bytes as f64;
        match self {
            Encoding::Hex | Encoding::Base64Url => n * 8.0,
            Encoding::LowerAlnum => n * (LOWER_ALNUM.len() as f64).log2(),
            Encoding::Alnum => n * (ALNUM.len() as f64).log2(),
            Encoding::Uuid => n.min(16.0) * 8.0 - 6.0,
        }
    }

    /// Whether `id` could have been written in this alphabet (checked before any store lookup).
    pub fn accepts(self, id: &str) -> bool {
        // One table lookup per byte: this runs on every session cookie a server receives.
        let table = &ALPHABETS[self as usize];
        !id.is_empty() && id.bytes().all(|b| table[usize::from(b)])
    }

    /// Whether byte `b` belongs to the alphabet (what [`ALPHABETS`] is built from).
    const fn allows(self, b: u8) -> bool {
        match self {
            Encoding::Hex => b.is_ascii_hexdigit(),
            Encoding::Base64Url => b.is_ascii_alphanumeric() || b == b'-' || b == b'_',
            Encoding::LowerAlnum => b.is_ascii_lowercase() || b.is_ascii_digit(),
            Encoding::Alnum => b.is_ascii_alphanumeric(),
            Encoding::Uuid => b.is_ascii_hexdigit() || b == b'-',
        }
    }

    /// The length of the identifier made from `bytes` random bytes.
    pub fn encoded_len(self, bytes: usize) -> usize {
        match self {
            Encoding::Hex => bytes * 2,
            Encoding::Base64Url => (bytes * 8).div_ceil(6),
            Encoding::LowerAlnum | Encoding::Alnum => bytes,
            Encoding::Uuid => 36,
        }
    }
}

/// `xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx` from the first 16 bytes (fewer are zero-padded).
fn uuid_v4(bytes: &[u8]) -> String {
    let mut b = [0u8; 16];
    for (d, s) in b.iter_mut().zip(bytes) {
        *d = *s;
    }
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let hex = hex(&b);
    format!(
        "{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..]
    )
}

/// One character per byte, rejecting bytes at or above the largest multiple of the alphabet
/// size (so every character is equally likely).
fn sample(bytes: &[u8], alphabet: &[u8], more: &mut dyn FnMut() -> u8) -> String {
    let limit = 256 - 256 % alphabet.len();
    bytes
        .iter()
        .map(|&b| {
            let mut b = usize::from(b);
            while b >= limit {
                b = usize::from(more());
            }
            alphabet[b % alphabet.len()] as char
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodings() {
        let none = || unreachable!();
        assert_eq!(Encoding::Hex.encode(&[0, 0xab, 0xff], none), "00abff");
        assert_eq!(Encoding::Base64Url.encode(&[0xfb, 0xff], || 0), "-_8");
        assert_eq!(Encoding::LowerAlnum.encode(&[0, 35, 36], || 0), "a9a");
        // 252 is rejected for a 36-letter alphabet (252 = 7 * 36), replaced by the next byte.
        assert_eq!(Encoding::LowerAlnum.encode(&[252], || 1), "b");
        assert_eq!(Encoding::Alnum.encode(&[61, 62], || 0), "9A");
        assert_eq!(
            Encoding::Uuid.encode(&[0xff; 16], || 0),
            "ffffffff-ffff-4fff-bfff-ffffffffffff"
        );
        assert!(Encoding::Uuid.accepts(&Encoding::Uuid.encode(&[7; 16], || 0)));
    }

    #[test]
    fn lengths_and_entropy() {
        assert_eq!(Encoding::Base64Url.encoded_len(16), 22);
        assert_eq!(Encoding::Base64Url.encode(&[7; 16], || 0).len(), 22);
        assert_eq!(Encoding::Hex.encoded_len(16), 32);
        assert_eq!(Encoding::Hex.entropy_bits(16), 128.0);
        assert!((Encoding::LowerAlnum.entropy_bits(32) - 165.4).abs() < 0.1);
    }

    #[test]
    fn alphabet_checks() {
        assert!(Encoding::Hex.accepts("00ff"));
        assert!(!Encoding::Hex.accepts("00fg"));
        assert!(!Encoding::Hex.accepts(""));
        assert!(Encoding::Base64Url.accepts("a-_Z"));
        assert!(!Encoding::Base64Url.accepts("a+/"));
        assert!(!Encoding::LowerAlnum.accepts("aB"));
    }
}
