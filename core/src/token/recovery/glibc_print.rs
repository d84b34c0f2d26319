//! How C programs print `rand()`-style 31-bit outputs: decimal, or hex words concatenated into
//! one token (`"%08x%08x"`, or unpadded `"%x%x"`).

use super::{Model, RecoveryError};

/// The printing of one token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RandPrint {
    /// One output per token, `"%d"`.
    Decimal,
    /// `words` outputs per token in hex, each `"%08x"` (`padded`) or `"%x"`; upper case for
    /// `"%X"`.
    Hex {
        /// Outputs per token.
        words: usize,
        /// Zero-padded to eight digits.
        padded: bool,
        /// `%X`.
        upper: bool,
    },
}

const MAX_WORDS: usize = 64;

impl RandPrint {
    /// The printing every sample fits: decimal if they all are (at most 2^31 - 1), else hex
    /// with eight digits per output when every token has the same length, a multiple of 8,
    /// else unpadded hex with as many outputs per token as the longest needs.
    pub fn detect(model: Model, samples: &[&str]) -> Result<Self, RecoveryError> {
        let decimal = |s: &str| {
            !s.is_empty()
                && s.bytes().all(|b| b.is_ascii_digit())
                && s.parse::<u32>().is_ok_and(|v| v <= 0x7fff_ffff)
        };
        if samples.iter().all(|s| decimal(s)) {
            return Ok(RandPrint::Decimal);
        }
        let hex = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_hexdigit());
        if let Some(index) = samples.iter().position(|s| !hex(s)) {
            return Err(RecoveryError::Malformed {
                index,
                reason: format!(
                    "{:?} is neither a decimal rand() value nor hex",
                    super::shorten(samples[index])
                ),
            });
        }
        let upper = samples
            .iter()
            .any(|s| s.bytes().any(|b| b.is_ascii_uppercase()));
        let longest = samples.iter().map(|s| s.len()).max().unwrap_or(0);
        let words = longest.div_ceil(8);
        if words > MAX_WORDS {
            return Err(RecoveryError::BadHint {
                model,
                reason: format!("tokens of over {MAX_WORDS} concatenated outputs"),
            });
        }
        let padded = longest % 8 == 0 && samples.iter().all(|s| s.len() == longest);
        Ok(RandPrint::Hex {
            words,
            padded,
            upper,
        })
    }

    /// Outputs per token.
    pub fn words(&self) -> usize {
        match *self {
            RandPrint::Decimal => 1,
            RandPrint::Hex { words, .. } => words,
        }
    }

    /// The outputs in `sample`, when the printing splits it unambiguously (not unpadded hex
    /// of several outputs, unless every one of them printed eight digits).
    pub fn split(&self, sample: &str) -> Option<Vec<u32>> {
        let word = |s: &str| {
            u32::from_str_radix(s, 16)
                .ok()
                .filter(|&v| v <= 0x7fff_ffff)
        };
        match *self {
            RandPrint::Decimal => Some(vec![sample.parse().ok().filter(|&v| v <= 0x7fff_ffff)?]),
            RandPrint::Hex { words: 1, .. } if sample.len() <= 8 => Some(vec![word(sample)?]),
            RandPrint::Hex { words, .. } if sample.len() == 8 * words && sample.is_ascii() => (0
                ..words)
                .map(|i| word(&sample[8 * i..8 * i + 8]))
                .collect(),
            RandPrint::Hex { .. } => None,
        }
    }

    /// The token `outputs` (one token's worth) print as.
    pub fn render(&self, outputs: &[u32]) -> String {
        use std::fmt::Write;
        let mut s = String::new();
        for &o in outputs {
            let _ = match *self {
                RandPrint::Decimal => write!(s, "{o}"),
                RandPrint::Hex {
                    padded: true,
                    upper: false,
                    ..
                } => write!(s, "{o:08x}"),
                RandPrint::Hex {
                    padded: true,
                    upper: true,
                    ..
                } => write!(s, "{o:08X}"),
                RandPrint::Hex { upper: false, .. } => write!(s, "{o:x}"),
                RandPrint::Hex { upper: true, .. } => write!(s, "{o:X}"),
            };
        }
        s
    }

    /// How the samples were read, for `describe`.
    pub fn describe(&self) -> String {
        match *self {
            RandPrint::Decimal => "decimal".to_owned(),
            RandPrint::Hex { words, padded, .. } => format!(
                "{words} output{} per token as {}hex",
                if words == 1 { "" } else { "s" },
                if padded { "8-digit " } else { "unpadded " }
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_and_splits() {
        let p = RandPrint::detect(Model::GlibcRand, &["12", "2147483647"]).unwrap();
        assert_eq!(p, RandPrint::Decimal);
        let p = RandPrint::detect(Model::GlibcRand, &["2147483648"]);
        assert!(matches!(
            p,
            Ok(RandPrint::Hex {
                words: 2,
                padded: false,
                ..
            })
        ));
        let p =
            RandPrint::detect(Model::GlibcRand, &["0000000a7fffffff", "1234567812345678"]).unwrap();
        assert_eq!(
            p,
            RandPrint::Hex {
                words: 2,
                padded: true,
                upper: false
            }
        );
        assert_eq!(p.split("0000000a7fffffff"), Some(vec![10, 0x7fff_ffff]));
        assert_eq!(p.split("8000000000000000"), None);
        assert_eq!(p.render(&[10, 0x7fff_ffff]), "0000000a7fffffff");
        let p = RandPrint::detect(Model::GlibcRand, &["abc12345f", "1234567812345678"]).unwrap();
        assert_eq!(p.split("abc12345f"), None);
        assert_eq!(p.render(&[0xabc, 0x12345f]), "abc12345f");
        assert!(RandPrint::detect(Model::GlibcRand, &["12", "xyz"]).is_err());
    }
}
