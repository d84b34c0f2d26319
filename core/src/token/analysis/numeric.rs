//! Tokens that are numbers as a program prints them, decoded to the bits they carry instead
//! of their characters: floats in [0, 1) (`repr`, `Double.toString`, `'%.6f'`), V8's
//! `Math.random().toString(36)`, decimal integers (signed ones as two's complement), and
//! digits of varying length (unpadded base 36 or hex), aligned as fractions or as integers.
//!
//! Each decoder says in one sentence how it read the sample (the report's `decoding`).

use crate::token::recovery::v8_exact_base36;

/// Tokens decoded to `bits`-bit values, with how.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Values {
    pub values: Vec<u64>,
    pub bits: usize,
    pub decoding: String,
}

/// A float in [0, 1) as a program prints it: digits, one `.`, an optional exponent
/// (`1e-05`, `1.0E-4`). Returns the value and the decimals it was printed with.
fn parse_float(t: &str) -> Option<(f64, u32)> {
    if !t
        .bytes()
        .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'-' | b'+'))
        || !t
            .as_bytes()
            .first()
            .is_some_and(|b| b.is_ascii_digit() || *b == b'.')
    {
        return None;
    }
    let x: f64 = t.parse().ok()?;
    if !(0.0..1.0).contains(&x) {
        return None;
    }
    let (mantissa, exp) = match t.find(['e', 'E']) {
        Some(i) => (&t[..i], t[i + 1..].parse::<i32>().ok()?),
        None => (t, 0),
    };
    let decimals = mantissa.split_once('.').map_or(0, |(_, f)| f.len() as i32);
    Some((x, decimals.saturating_sub(exp).clamp(0, 400) as u32))
}

/// Floats in [0, 1): each as its exact dyadic fraction when every token is one (`x * 2^b` an
/// integer for the smallest such b up to 53: doubles of a 53-bit generator, 52 for V8, 24 for
/// `nextFloat()`), otherwise as many bits as the printed decimals carry (`floor(x * 2^b)`,
/// b = decimals x log2 10, at most 53). `None` when a token is not such a float or no token
/// has a fraction point.
pub(crate) fn floats(tokens: &[&str]) -> Option<Values> {
    if !tokens.iter().any(|t| t.contains('.')) {
        return None;
    }
    let parsed: Vec<(f64, u32)> = tokens
        .iter()
        .map(|t| parse_float(t))
        .collect::<Option<_>>()?;
    let exact = |parsed: &[(f64, u32)], most: u32| {
        (1..=most).find(|&b| {
            let scale = (1u64 << b) as f64;
            parsed.iter().all(|&(x, _)| (x * scale).fract() == 0.0)
        })
    };
    // Single precision (Java's Float.toString is the shortest decimal that reads back as the
    // float, not as the double).
    let single = || {
        let p: Vec<(f64, u32)> = tokens
            .iter()
            .map(|t| Some((f64::from(t.parse::<f32>().ok()?), 0)))
            .collect::<Option<_>>()?;
        exact(&p, 24).map(|b| (b, p))
    };
    let (parsed, exact, precision) = match exact(&parsed, 53) {
        Some(b) => (parsed, Some(b), "floats"),
        None => match single() {
            Some((b, p)) => (p, Some(b), "single-precision floats"),
            None => (parsed, None, "floats"),
        },
    };
    let (bits, decoding) = match exact {
        Some(b) => (
            b,
            format!(
                "{precision} in [0, 1) as {b}-bit fractions (x * 2^{b} is an integer for every \
                 token: the generator's own bits)"
            ),
        ),
        None => {
            let decimals = parsed.iter().map(|p| p.1).max().unwrap_or(0);
            let b = ((f64::from(decimals) * 10f64.log2()).floor() as u32).clamp(1, 53);
            (
                b,
                format!(
                    "floats in [0, 1) printed with up to {decimals} decimals, as the {b} bits \
                     they carry (floor(x * 2^{b}))"
                ),
            )
        }
    };
    let scale = (1u64 << bits) as f64;
    let values = parsed
        .iter()
        .map(|&(x, _)| ((x * scale).floor() as u64).min((1u64 << bits) - 1))
        .collect();
    Some(Values {
        values,
        bits: bits as usize,
        decoding,
    })
}

/// `Math.random().toString(36)` (with or without its `0.`, as `.substring(2)` leaves it): every
/// token must be the exact printing of one of V8's doubles, whose 52 bits are then decoded.
pub(crate) fn v8_base36(tokens: &[&str]) -> Option<Values> {
    let lowercase_alnum = |t: &&str| {
        let digits = t.strip_prefix("0.").unwrap_or(t);
        !digits.is_empty()
            && digits
                .bytes()
                .all(|b| b.is_ascii_digit() || b.is_ascii_lowercase())
    };
    // A letter past 'f' somewhere: hex and decimal samples are not tried.
    if !tokens.iter().all(lowercase_alnum) || !tokens.iter().any(|t| t.bytes().any(|b| b > b'f')) {
        return None;
    }
    let values = tokens
        .iter()
        .map(|t| v8_exact_base36(t))
        .collect::<Option<Vec<u64>>>()?;
    Some(Values {
        values,
        bits: 52,
        decoding: "base-36 fractions, each the exact toString(36) of a V8 Math.random() double: \
                   its 52 bits"
            .to_owned(),
    })
}

/// Decimal integers that fit 64 bits, in binary: unsigned ones in as many bits as the largest
/// needs, signed ones (any negative) as 32-bit two's complement when all fit (`nextInt()`),
/// else 64-bit (`nextLong()`). `None` beyond 64 bits (the digits are then read as one number).
pub(crate) fn integers(tokens: &[&str]) -> Option<Values> {
    if tokens.iter().any(|t| t.starts_with('-')) {
        let v: Vec<i64> = tokens
            .iter()
            .map(|t| t.parse().ok())
            .collect::<Option<_>>()?;
        let in_i32 = v.iter().all(|&x| i32::try_from(x).is_ok());
        let bits = if in_i32 { 32 } else { 64 };
        let values = v
            .iter()
            .map(|&x| {
                if in_i32 {
                    u64::from(x as i32 as u32)
                } else {
                    x as u64
                }
            })
            .collect();
        return Some(Values {
            values,
            bits,
            decoding: format!(
                "signed decimal integers as {bits}-bit two's complement (negative values seen)"
            ),
        });
    }
    let values: Vec<u64> = tokens
        .iter()
        .map(|t| t.parse().ok())
        .collect::<Option<_>>()?;
    let max = values.iter().copied().max().unwrap_or(0);
    let bits = (u64::BITS - max.leading_zeros()) as usize;
    Some(Values {
        values,
        bits,
        decoding: format!(
            "decimal integers as {bits}-bit binary numbers (the largest seen needs {bits} bits)"
        ),
    })
}

/// How tokens of varying length in one alphabet line up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Align {
    /// Digits of a fraction (`toString(36)` drops trailing zeros): padded on the right.
    Fraction,
    /// Digits of an integer (`Long.toHexString`, `%x`): padded on the left.
    Integer,
}

/// Pads tokens of varying length in base 36 or hex (lower case, an optional `0.` first) to one
/// length with `0`: a fraction when some token starts with `0` and none ends with one (the
/// printing drops trailing zeros), an integer in the opposite case; with neither, hex is an
/// integer and base 36 a fraction (`Math.random().toString(36)` is the common source). `None`
/// when the tokens are not such digits, or both ends show zeros.
pub(crate) fn pad_varying(tokens: &[&str]) -> Option<(Vec<Vec<u8>>, Align, bool)> {
    let digits: Vec<&str> = tokens
        .iter()
        .map(|t| t.strip_prefix("0.").unwrap_or(t))
        .collect();
    let ok = digits.iter().all(|d| {
        !d.is_empty()
            && d.bytes()
                .all(|b| b.is_ascii_digit() || b.is_ascii_lowercase())
    });
    if !ok {
        return None;
    }
    let base36 = digits.iter().any(|d| d.bytes().any(|b| b > b'f'));
    let leading = digits.iter().any(|d| d.len() > 1 && d.starts_with('0'));
    let trailing = digits.iter().any(|d| d.ends_with('0'));
    let align = match (leading, trailing) {
        (true, true) => return None,
        (true, false) => Align::Fraction,
        (false, true) => Align::Integer,
        (false, false) if base36 => Align::Fraction,
        (false, false) => Align::Integer,
    };
    let width = digits.iter().map(|d| d.len()).max().unwrap_or(0);
    let rows = digits
        .iter()
        .map(|d| {
            let pad = std::iter::repeat_n(b'0', width - d.len());
            match align {
                Align::Fraction => d.bytes().chain(pad).collect(),
                Align::Integer => pad.chain(d.bytes()).collect(),
            }
        })
        .collect();
    Some((rows, align, base36))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn python_and_java_doubles_are_53_bits() {
        let v = floats(&["0.5", "0.25", "1.1102230246251565e-16", "0.0"]).unwrap();
        assert_eq!(v.bits, 53);
        assert_eq!(v.values, [1 << 52, 1 << 51, 1, 0]);
        // A float of 24 bits (Java's nextFloat()).
        let f = floats(&["0.5", "0.75", "5.9604645E-8"]).unwrap();
        assert_eq!(f.bits, 24);
        assert_eq!(f.values, [1 << 23, 3 << 22, 1]);
    }

    #[test]
    fn printed_decimals_give_what_they_carry() {
        let v = floats(&["0.123456", "0.999999", "0.000001"]).unwrap();
        assert_eq!(v.bits, 19); // 6 decimals: 19.9 bits
        assert_eq!(v.values[1], (0.999_999f64 * (1 << 19) as f64) as u64);
        assert!(v.decoding.contains("6 decimals"));
        assert!(floats(&["1.5", "0.2"]).is_none()); // not in [0, 1)
        assert!(floats(&["12", "13"]).is_none()); // no fraction point
        assert!(floats(&["0.1", "abc"]).is_none());
    }

    #[test]
    fn signed_integers_are_twos_complement() {
        let v = integers(&["-1", "2147483647", "-2147483648"]).unwrap();
        assert_eq!(v.bits, 32);
        assert_eq!(v.values, [0xFFFF_FFFF, 0x7FFF_FFFF, 0x8000_0000]);
        let l = integers(&["-1", "4294967296"]).unwrap();
        assert_eq!((l.bits, l.values[0]), (64, u64::MAX));
        let u = integers(&["5", "1000"]).unwrap();
        assert_eq!((u.bits, u.values.clone()), (10, vec![5, 1000]));
        assert!(integers(&["123456789012345678901234567890"]).is_none());
    }

    #[test]
    fn varying_digits_align_by_where_the_zeros_are() {
        let (rows, align, base36) = pad_varying(&["0zk", "abcz", "q1"]).unwrap();
        assert_eq!((align, base36), (Align::Fraction, true));
        assert_eq!(rows, [b"0zk0".to_vec(), b"abcz".to_vec(), b"q100".to_vec()]);
        let (rows, align, _) = pad_varying(&["a0", "fff", "1"]).unwrap();
        assert_eq!(align, Align::Integer);
        assert_eq!(rows[2], b"001");
        assert!(pad_varying(&["0a", "a0"]).is_none());
        assert!(pad_varying(&["AB", "c"]).is_none());
    }
}
