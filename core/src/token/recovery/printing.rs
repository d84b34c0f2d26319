//! Integers printed in another base than the one a model reads: `dechex(mt_rand())`,
//! `base_convert(mt_rand(), 10, 36)`, `'%08x' % getrandbits(32)`, `Integer.toHexString(nextInt())`,
//! `Date.now().toString(36)`. The samples are read as numbers in that base and given to the
//! model as decimals; its predictions are printed back in the samples' base, case and padding.

use super::{Hints, Model, Recovered, RecoveredState, RecoveryError};

/// How samples print their integers (`--format`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Printing {
    /// Decimal: what every integer model reads itself (no re-reading).
    Decimal,
    /// Hexadecimal, either case, zero-padded or not.
    Hex,
    /// Base 36 (`0-9a-z`), as JavaScript's `toString(36)` and PHP's `base_convert` print.
    Base36,
}

impl Printing {
    /// The names `--format` takes.
    pub const NAMES: [&'static str; 4] = ["auto", "decimal", "hex", "base36"];

    /// Parses a `--format` name: `None` for `auto`.
    pub fn parse(name: &str) -> Result<Option<Printing>, String> {
        match name.to_ascii_lowercase().as_str() {
            "auto" => Ok(None),
            "decimal" => Ok(Some(Printing::Decimal)),
            "hex" => Ok(Some(Printing::Hex)),
            "base36" | "base-36" => Ok(Some(Printing::Base36)),
            _ => Err(format!(
                "unknown format {name:?} (expected one of {})",
                Printing::NAMES.join(", ")
            )),
        }
    }

    fn radix(self) -> u32 {
        match self {
            Printing::Decimal => 10,
            Printing::Hex => 16,
            Printing::Base36 => 36,
        }
    }

    /// The name, as `--format` takes it.
    pub fn name(self) -> &'static str {
        match self {
            Printing::Decimal => "decimal",
            Printing::Hex => "hex",
            Printing::Base36 => "base36",
        }
    }
}

/// How the samples were re-read, to print predictions the same way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reprint {
    /// The base.
    pub printing: Printing,
    /// Upper-case digits.
    pub upper: bool,
    /// Zero-padded to this many digits (0: unpadded).
    pub width: usize,
    /// The model reads signed values of this many bits (`nextInt()`): values from 2^(bits-1)
    /// on are its negatives.
    pub signed_bits: Option<u32>,
}

impl Reprint {
    /// A prediction of the model (a decimal) in the samples' printing; `None` for what is not
    /// an integer in range.
    fn print(&self, decimal: &str) -> Option<String> {
        let v: i128 = decimal.parse().ok()?;
        let v = match (v < 0, self.signed_bits) {
            (false, _) => v as u128,
            (true, Some(bits)) => (v + (1i128 << bits)) as u128,
            (true, None) => return None,
        };
        let mut digits = Vec::new();
        let mut x = v;
        loop {
            let d = (x % u128::from(self.printing.radix())) as u32;
            let c = char::from_digit(d, self.printing.radix())?;
            digits.push(if self.upper {
                c.to_ascii_uppercase()
            } else {
                c
            });
            x /= u128::from(self.printing.radix());
            if x == 0 {
                break;
            }
        }
        while digits.len() < self.width {
            digits.push('0');
        }
        Some(digits.iter().rev().collect())
    }

    /// `printed in hex (zero-padded to 8, upper case)`.
    pub fn describe(&self) -> String {
        let mut notes = Vec::new();
        if self.width > 0 {
            notes.push(format!("zero-padded to {}", self.width));
        }
        if self.upper {
            notes.push("upper case".to_owned());
        }
        if let Some(b) = self.signed_bits {
            notes.push(format!("{b}-bit two's complement"));
        }
        let base = match self.printing {
            Printing::Decimal => "decimal",
            Printing::Hex => "hex",
            Printing::Base36 => "base 36",
        };
        if notes.is_empty() {
            format!("printed in {base}")
        } else {
            format!("printed in {base} ({})", notes.join(", "))
        }
    }
}

/// The printing the samples share besides decimal, if any: hex when some sample has a digit
/// `a-f` and none one beyond, base 36 when some has one beyond `f` (one case throughout).
pub(super) fn detect(samples: &[&str]) -> Option<Printing> {
    let lower = samples.iter().all(|s| {
        !s.is_empty()
            && s.bytes()
                .all(|b| b.is_ascii_digit() || b.is_ascii_lowercase())
    });
    let upper = samples.iter().all(|s| {
        !s.is_empty()
            && s.bytes()
                .all(|b| b.is_ascii_digit() || b.is_ascii_uppercase())
    });
    if !lower && !upper {
        return None;
    }
    let letters = |f: fn(u8) -> bool| samples.iter().any(|s| s.bytes().any(f));
    if letters(|b| b.is_ascii_alphabetic() && !b.is_ascii_hexdigit()) {
        Some(Printing::Base36)
    } else if letters(|b| b.is_ascii_alphabetic()) {
        Some(Printing::Hex)
    } else {
        None
    }
}

/// `model` on `samples` read as integers printed in `printing`.
pub(super) fn recover(
    model: Model,
    samples: &[&str],
    printing: Printing,
    hints: &Hints,
    recover_as: fn(Model, &[&str], &Hints) -> Result<Recovered, RecoveryError>,
) -> Result<Recovered, RecoveryError> {
    let radix = printing.radix();
    let mut values = Vec::with_capacity(samples.len());
    for (index, s) in samples.iter().enumerate() {
        let v = (!s.is_empty() && s.len() <= 32)
            .then(|| u128::from_str_radix(s, radix).ok())
            .flatten()
            .ok_or_else(|| RecoveryError::Malformed {
                index,
                reason: format!(
                    "{:?} is not an integer printed in {}",
                    super::shorten(s),
                    printing.name()
                ),
            })?;
        values.push(v);
    }
    let upper = samples
        .iter()
        .any(|s| s.bytes().any(|b| b.is_ascii_uppercase()));
    let len = samples.first().map_or(0, |s| s.len());
    // Zero-padded when a sample shows it (a leading 0, all of one length): the same length
    // alone is what a few unpadded values have too.
    let padded = samples.iter().all(|s| s.len() == len)
        && samples.iter().any(|s| s.len() > 1 && s.starts_with('0'));
    let width = if padded { len } else { 0 };
    // nextInt() is read as signed: its hex is the 32-bit two's complement.
    let signed_bits = (model == Model::JavaRandomInt).then_some(32);
    let decimals: Vec<String> = values
        .iter()
        .map(|&v| match signed_bits {
            Some(32) if v <= u128::from(u32::MAX) => (v as u32 as i32).to_string(),
            _ => v.to_string(),
        })
        .collect();
    let refs: Vec<&str> = decimals.iter().map(String::as_str).collect();
    let inner = recover_as(model, &refs, hints)?;
    Ok(Recovered {
        model: inner.model,
        samples_used: inner.samples_used,
        samples_checked: inner.samples_checked,
        work: inner.work,
        work_unit: inner.work_unit,
        state: RecoveredState::Reprinted {
            reprint: Reprint {
                printing,
                upper,
                width,
                signed_bits,
            },
            inner: Box::new(inner),
        },
    })
}

/// The inner model's predictions in the samples' printing, up to the first it cannot print.
pub(super) fn predictions(reprint: &Reprint, inner: Vec<String>) -> Vec<String> {
    inner.iter().map_while(|p| reprint.print(p)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn printings_are_detected_and_printed_back() {
        assert_eq!(detect(&["1a2b", "99"]), Some(Printing::Hex));
        assert_eq!(detect(&["1A2B", "99"]), Some(Printing::Hex));
        assert_eq!(detect(&["zz1", "a"]), Some(Printing::Base36));
        assert_eq!(detect(&["123", "456"]), None);
        assert_eq!(detect(&["1a", "1A"]), None);
        assert_eq!(detect(&["1a", "-2"]), None);
        let hex = Reprint {
            printing: Printing::Hex,
            upper: false,
            width: 8,
            signed_bits: Some(32),
        };
        assert_eq!(hex.print("255").as_deref(), Some("000000ff"));
        assert_eq!(hex.print("-1").as_deref(), Some("ffffffff"));
        let b36 = Reprint {
            printing: Printing::Base36,
            upper: true,
            width: 0,
            signed_bits: None,
        };
        assert_eq!(b36.print("1295").as_deref(), Some("ZZ"));
        assert_eq!(b36.print("-3"), None);
        assert_eq!(Printing::parse("HEX"), Ok(Some(Printing::Hex)));
        assert_eq!(Printing::parse("auto"), Ok(None));
        assert!(Printing::parse("octal").is_err());
    }
}
