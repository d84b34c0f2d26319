//! From token strings to digits and bits: alphabet detection, validation, and the conversion
//! of each token to a fixed number of bits (the most significant first).
//!
//! Characters that are the same in every token (a prefix, the dashes of a UUID, base64
//! padding) carry no information: they are reported as constant and skipped, whatever the
//! alphabet. The others are digits of a number in base `k` (16 for hex, 64 for base64, 10 for
//! decimal, the number of distinct characters seen for any other alphabet). When `k` is a
//! power of two each character is exactly `log2 k` bits; otherwise the whole token is converted
//! as one number, whose `ceil(log2 k^m)` bits are tested (the top few are uneven by construction
//! and fail, which is why such alphabets score a little below their nominal entropy).

use serde::Serialize;

use super::error::{AnalyzeError, TokenProblem, UnknownAlphabet};
use super::numeric;
use crate::token::Encoding;

/// How token characters map to digits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Alphabet {
    /// `0-9a-f` (or upper case), 4 bits a character.
    Hex,
    /// `A-Za-z0-9+/` (RFC 4648 §4), 6 bits a character.
    Base64,
    /// `A-Za-z0-9-_` (RFC 4648 §5), 6 bits a character.
    #[serde(rename = "base64url")]
    Base64Url,
    /// `0-9`. Tokens that are all decimal numbers (`-?[0-9]+`) are read as numbers, so they may
    /// differ in length.
    Decimal,
    /// `0-9a-z`, 36 symbols: fixed-width tokens as one base-36 number; tokens of varying length
    /// (`Math.random().toString(36)`) as V8 doubles when each is one, else padded with `0`.
    Base36,
    /// Floats in [0, 1) (`repr`, `Double.toString`, `'%.6f'`), as the bits they carry.
    Float,
    /// The distinct characters seen at varying positions, in byte order.
    Other,
}

impl Alphabet {
    /// The names `--encoding` accepts (and [`std::str::FromStr`] parses).
    pub const NAMES: [&'static str; 7] = [
        "hex",
        "base64",
        "base64url",
        "decimal",
        "base36",
        "float",
        "other",
    ];

    /// The name, as in [`Alphabet::NAMES`].
    pub fn name(self) -> &'static str {
        match self {
            Alphabet::Hex => "hex",
            Alphabet::Base64 => "base64",
            Alphabet::Base64Url => "base64url",
            Alphabet::Decimal => "decimal",
            Alphabet::Base36 => "base36",
            Alphabet::Float => "float",
            Alphabet::Other => "other",
        }
    }

    /// The digit of an ASCII byte (`Other` has no fixed table).
    fn digit(self, b: u8) -> Option<u8> {
        let b64 = |b: u8| match b {
            b'A'..=b'Z' => Some(b - b'A'),
            b'a'..=b'z' => Some(b - b'a' + 26),
            b'0'..=b'9' => Some(b - b'0' + 52),
            _ => None,
        };
        match (self, b) {
            (Alphabet::Hex | Alphabet::Decimal | Alphabet::Base36, b'0'..=b'9') => Some(b - b'0'),
            (Alphabet::Base36, b'a'..=b'z') => Some(b - b'a' + 10),
            (Alphabet::Hex, b'a'..=b'f') => Some(b - b'a' + 10),
            (Alphabet::Hex, b'A'..=b'F') => Some(b - b'A' + 10),
            (Alphabet::Base64, b'+') | (Alphabet::Base64Url, b'-') => Some(62),
            (Alphabet::Base64, b'/') | (Alphabet::Base64Url, b'_') => Some(63),
            (Alphabet::Base64 | Alphabet::Base64Url, _) => b64(b),
            _ => None,
        }
    }

    fn radix(self) -> usize {
        match self {
            Alphabet::Hex => 16,
            Alphabet::Base64 | Alphabet::Base64Url => 64,
            Alphabet::Decimal => 10,
            Alphabet::Base36 => 36,
            Alphabet::Float => 2,
            Alphabet::Other => 0,
        }
    }

    /// The alphabet of the characters seen at varying positions: the narrowest named one that
    /// holds them all (hex in one case only; base64 only with one of its two symbols, since a
    /// sample of 100 random base64 tokens without any is all but impossible).
    fn detect(seen: &[bool; 128]) -> Alphabet {
        let chars: Vec<u8> = (0..128u8).filter(|&b| seen[usize::from(b)]).collect();
        let all = |f: fn(u8) -> bool| chars.iter().all(|&b| f(b));
        let any = |f: fn(u8) -> bool| chars.iter().any(|&b| f(b));
        if chars.is_empty() {
            Alphabet::Other
        } else if all(|b| b.is_ascii_digit()) {
            Alphabet::Decimal
        } else if all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
            || all(|b| matches!(b, b'0'..=b'9' | b'A'..=b'F'))
        {
            Alphabet::Hex
        } else if all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
            && any(|b| b == b'-' || b == b'_')
        {
            Alphabet::Base64Url
        } else if all(|b| b.is_ascii_alphanumeric() || b == b'+' || b == b'/')
            && any(|b| b == b'+' || b == b'/')
        {
            Alphabet::Base64
        } else {
            Alphabet::Other
        }
    }
}

impl std::str::FromStr for Alphabet {
    type Err = UnknownAlphabet;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "hex" => Ok(Alphabet::Hex),
            "base64" => Ok(Alphabet::Base64),
            "base64url" | "base64-url" => Ok(Alphabet::Base64Url),
            "decimal" => Ok(Alphabet::Decimal),
            "base36" | "base-36" => Ok(Alphabet::Base36),
            "float" => Ok(Alphabet::Float),
            "other" => Ok(Alphabet::Other),
            _ => Err(UnknownAlphabet(s.to_owned())),
        }
    }
}

impl From<Encoding> for Alphabet {
    /// The alphabet a generator's encoding writes (a UUID is hex with constant dashes).
    fn from(e: Encoding) -> Self {
        match e {
            Encoding::Hex | Encoding::Uuid => Alphabet::Hex,
            Encoding::Base64Url => Alphabet::Base64Url,
            Encoding::LowerAlnum | Encoding::Alnum => Alphabet::Other,
        }
    }
}

/// A packed bit vector (bit `i` is bit `i % 64` of word `i / 64`).
#[derive(Debug, Clone)]
pub(crate) struct Bits {
    pub words: Vec<u64>,
    pub len: usize,
}

impl Bits {
    pub fn zeros(len: usize) -> Self {
        Bits {
            words: vec![0; len.div_ceil(64)],
            len,
        }
    }

    pub fn set(&mut self, i: usize) {
        self.words[i / 64] |= 1 << (i % 64);
    }

    pub fn get(&self, i: usize) -> bool {
        self.words[i / 64] >> (i % 64) & 1 == 1
    }

    pub fn ones(&self) -> usize {
        self.words.iter().map(|w| w.count_ones() as usize).sum()
    }
}

/// A character position of the (aligned) tokens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Column {
    /// The same character in every token.
    Constant(u8),
    /// Varies; the index into [`Decoded::variable`].
    Variable(usize),
}

/// A validated sample as digits and bits.
#[derive(Debug, Clone)]
pub(crate) struct Decoded {
    pub samples: usize,
    pub alphabet: Alphabet,
    /// Digits per varying character (k).
    pub radix: usize,
    /// Characters per token (decimal numbers right-aligned to the longest).
    pub width: usize,
    pub columns: Vec<Column>,
    /// The character positions that vary, in order.
    pub variable: Vec<usize>,
    /// `samples × variable.len()` digits, token by token.
    pub digits: Vec<u8>,
    pub bits_per_token: usize,
    /// The character position of each bit, when characters are whole bits (k a power of two).
    pub bit_chars: Option<Vec<usize>>,
    /// Every token's bits one after the other: the serial stream SP 800-90B reads.
    pub stream: Bits,
    /// How the tokens were read, one sentence.
    pub decoding: String,
    /// What the format could carry at most, in bits.
    pub format_bits: f64,
}

impl Decoded {
    /// The bits of one bit position across the sample, in token order.
    pub fn column(&self, bit: usize) -> Bits {
        let mut col = Bits::zeros(self.samples);
        for t in 0..self.samples {
            if self.stream.get(t * self.bits_per_token + bit) {
                col.set(t);
            }
        }
        col
    }
}

fn bad(token: usize, problem: TokenProblem) -> AnalyzeError {
    AnalyzeError::BadToken {
        token: token + 1,
        problem,
    }
}

/// Validates `tokens` and converts them (see the module documentation).
pub(crate) fn decode(tokens: &[&str], given: Option<Alphabet>) -> Result<Decoded, AnalyzeError> {
    for (i, t) in tokens.iter().enumerate() {
        if t.is_empty() {
            return Err(bad(i, TokenProblem::Empty));
        }
        if let Some((at, found)) = t.char_indices().find(|(_, c)| !c.is_ascii_graphic()) {
            let column = at + 1; // everything before is ASCII: bytes are characters
            return Err(bad(i, TokenProblem::NotPrintable { column, found }));
        }
        if t.len() > super::MAX_TOKEN_LEN {
            let max = super::MAX_TOKEN_LEN;
            return Err(bad(i, TokenProblem::TooLong { max }));
        }
    }
    // Numbers as a program prints them are decoded to their bits.
    if matches!(given, None | Some(Alphabet::Float)) {
        if let Some(v) = numeric::floats(tokens) {
            return Ok(from_values(tokens.len(), Alphabet::Float, v));
        }
        if given.is_some() {
            let i = tokens.iter().position(|t| numeric::floats(&[t]).is_none());
            return Err(bad(i.unwrap_or(0), TokenProblem::NotFloat));
        }
    }
    if matches!(given, None | Some(Alphabet::Base36))
        && let Some(v) = numeric::v8_base36(tokens)
    {
        return Ok(from_values(tokens.len(), Alphabet::Base36, v));
    }
    // Numbers are aligned as numbers, so that a counter may cross a power of ten.
    let numbers = match given {
        None | Some(Alphabet::Decimal) => numbers(tokens),
        Some(_) => None,
    };
    let mut given = given;
    let mut padded = None;
    let rows: Vec<&[u8]> = match &numbers {
        Some(rows) => rows.iter().map(Vec::as_slice).collect(),
        None => {
            let expected = tokens.first().map_or(0, |t| t.len());
            if let Some(i) = tokens.iter().position(|t| t.len() != expected) {
                let fits = matches!(given, None | Some(Alphabet::Base36 | Alphabet::Hex));
                match numeric::pad_varying(tokens).filter(|_| fits) {
                    Some((rows, align, base36)) => {
                        if given.is_none() {
                            given = Some(if base36 {
                                Alphabet::Base36
                            } else {
                                Alphabet::Hex
                            });
                        }
                        padded = Some((rows, align));
                    }
                    None => {
                        let len = tokens[i].len();
                        return Err(bad(i, TokenProblem::Length { len, expected }));
                    }
                }
            }
            match &padded {
                Some((rows, _)) => rows.iter().map(Vec::as_slice).collect(),
                None => tokens.iter().map(|t| t.as_bytes()).collect(),
            }
        }
    };
    let width = rows.first().map_or(0, |r| r.len());

    let first: Vec<u8> = rows.first().map_or(Vec::new(), |t| t.to_vec());
    let mut varies = vec![false; width];
    for t in &rows {
        for (c, v) in varies.iter_mut().enumerate() {
            *v |= t[c] != first[c];
        }
    }
    let variable: Vec<usize> = (0..width).filter(|&c| varies[c]).collect();
    let mut seen = [false; 128];
    for t in &rows {
        for &c in &variable {
            seen[usize::from(t[c])] = true;
        }
    }
    let alphabet = given.unwrap_or_else(|| Alphabet::detect(&seen));

    // Byte -> digit (255: not in the alphabet).
    let mut table = [255u8; 128];
    let radix = if alphabet == Alphabet::Other {
        let mut k = 0;
        for b in 0..128u8 {
            if seen[usize::from(b)] {
                table[usize::from(b)] = k;
                k += 1;
            }
        }
        usize::from(k)
    } else {
        for b in 0..128u8 {
            table[usize::from(b)] = alphabet.digit(b).unwrap_or(255);
        }
        alphabet.radix()
    };

    let m = variable.len();
    let mut digits = Vec::with_capacity(tokens.len() * m);
    for (i, t) in rows.iter().enumerate() {
        for &c in &variable {
            let b = t[c];
            match table[usize::from(b)] {
                255 => {
                    let (column, found, alphabet) = (c + 1, char::from(b), alphabet.name());
                    let problem = TokenProblem::NotInAlphabet {
                        column,
                        found,
                        alphabet,
                    };
                    return Err(bad(i, problem));
                }
                d => digits.push(d),
            }
        }
    }

    let columns = (0..width)
        .map(|c| match variable.binary_search(&c) {
            Ok(v) => Column::Variable(v),
            Err(_) => Column::Constant(first[c]),
        })
        .collect();
    // Integers (decimal numbers, right-aligned digits) take as many bits as the largest needs.
    let integers = numbers.is_some() || matches!(padded, Some((_, numeric::Align::Integer)));
    let (bits_per_token, bit_chars, stream) =
        to_bits(&digits, tokens.len(), m, radix, &variable, integers);
    let mut decoded = Decoded {
        samples: tokens.len(),
        alphabet,
        radix,
        width,
        columns,
        variable,
        digits,
        bits_per_token,
        bit_chars,
        stream,
        decoding: String::new(),
        format_bits: m as f64 * (radix.max(1) as f64).log2(),
    };
    decoded.decoding = match (&padded, radix.is_power_of_two()) {
        (Some((_, numeric::Align::Fraction)), _) => format!(
            "{} digits of varying length as fractions (shorter tokens padded with 0 on the \
             right), {bits_per_token} bits",
            alphabet.name()
        ),
        (Some((_, numeric::Align::Integer)), _) => format!(
            "{} digits of varying length as integers (padded with 0 on the left), \
             {bits_per_token} bits",
            alphabet.name()
        ),
        (None, true) => format!(
            "each of the {m} varying characters as {} bits",
            radix.trailing_zeros()
        ),
        (None, false) => format!(
            "the {m} varying characters as one base-{radix} number of {bits_per_token} bits"
        ),
    };
    // Decimal integers in binary: what a program's integer held (signed ones as two's complement).
    if numbers.is_some()
        && let Some(v) = numeric::integers(tokens)
    {
        let binary = from_values(tokens.len(), Alphabet::Decimal, v);
        decoded.bits_per_token = binary.bits_per_token;
        decoded.bit_chars = None;
        decoded.stream = binary.stream;
        decoded.decoding = binary.decoding;
        decoded.format_bits = decoded.format_bits.min(binary.format_bits);
    }
    Ok(decoded)
}

/// A sample decoded to `bits`-bit values: every bit is a position of its own (a "character" of
/// two symbols).
fn from_values(samples: usize, alphabet: Alphabet, v: numeric::Values) -> Decoded {
    let bits = v.bits;
    let mut stream = Bits::zeros(samples * bits);
    let mut digits = Vec::with_capacity(samples * bits);
    for (t, &x) in v.values.iter().enumerate() {
        for b in 0..bits {
            let one = x >> (bits - 1 - b) & 1 == 1;
            if one {
                stream.set(t * bits + b);
            }
            digits.push(u8::from(one));
        }
    }
    Decoded {
        samples,
        alphabet,
        radix: 2,
        width: bits,
        columns: (0..bits).map(Column::Variable).collect(),
        variable: (0..bits).collect(),
        digits,
        bits_per_token: bits,
        bit_chars: Some((0..bits).collect()),
        stream,
        decoding: v.decoding,
        format_bits: bits as f64,
    }
}

/// All tokens as decimal numbers of one width, when every token is one (`-?[0-9]+`): zero-padded
/// on the left; with negative numbers, `v + 10^w` in w + 1 digits (a leading 0 for negatives,
/// whose digits are then the ten's complement), so that the digits still grow with the value.
fn numbers(tokens: &[&str]) -> Option<Vec<Vec<u8>>> {
    let parsed: Vec<(bool, &[u8])> = tokens
        .iter()
        .map(|t| split_number(t))
        .collect::<Option<_>>()?;
    let w = parsed.iter().map(|p| p.1.len()).max().unwrap_or(0);
    let signed = parsed.iter().any(|p| p.0);
    let rows = parsed
        .iter()
        .map(|&(neg, digits)| {
            let mut row = Vec::with_capacity(w + 1);
            if signed {
                row.push(if neg { b'0' } else { b'1' });
            }
            row.extend(std::iter::repeat_n(b'0', w - digits.len()));
            row.extend_from_slice(digits);
            if neg {
                // 10^w - |v|: nine's complement, plus one.
                let body = &mut row[1..];
                body.iter_mut().for_each(|d| *d = b'9' - (*d - b'0'));
                for d in body.iter_mut().rev() {
                    if *d == b'9' {
                        *d = b'0';
                    } else {
                        *d += 1;
                        break;
                    }
                }
            }
            row
        })
        .collect();
    Some(rows)
}

/// `(negative, digits)` of `-?[0-9]+` ("-0" is not negative).
fn split_number(t: &str) -> Option<(bool, &[u8])> {
    let (neg, digits) = t.strip_prefix('-').map_or((false, t), |d| (true, d));
    let ok = !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit());
    ok.then_some((neg && digits.bytes().any(|b| b != b'0'), digits.as_bytes()))
}

type Converted = (usize, Option<Vec<usize>>, Bits);

/// Rows of `m` base-`radix` digits to bits, most significant first.
/// For `integers` the width is what the largest token needs; otherwise what `radix^m - 1` does.
fn to_bits(
    digits: &[u8],
    n: usize,
    m: usize,
    radix: usize,
    variable: &[usize],
    integers: bool,
) -> Converted {
    if m == 0 || radix < 2 {
        return (0, None, Bits::zeros(0));
    }
    if radix.is_power_of_two() {
        let w = radix.trailing_zeros() as usize;
        let bits = m * w;
        let mut stream = Bits::zeros(n * bits);
        for (i, &d) in digits.iter().enumerate() {
            for b in 0..w {
                if d >> (w - 1 - b) & 1 == 1 {
                    stream.set(i * w + b);
                }
            }
        }
        let chars = (0..bits).map(|b| variable[b / w]).collect();
        return (bits, Some(chars), stream);
    }
    // One big number per token: little-endian 64-bit limbs, value = value * radix + digit.
    let limbs = (m * (usize::BITS - radix.leading_zeros()) as usize).div_ceil(64) + 1;
    let to_number = |row: &[u8], v: &mut Vec<u64>| {
        v.clear();
        v.resize(limbs, 0);
        for &d in row {
            let mut carry = u128::from(d);
            for limb in v.iter_mut() {
                let x = u128::from(*limb) * radix as u128 + carry;
                *limb = x as u64;
                carry = x >> 64;
            }
        }
    };
    let mut v = Vec::new();
    let width_of = |v: &[u64]| {
        v.iter()
            .rposition(|&l| l != 0)
            .map_or(0, |i| i * 64 + (64 - v[i].leading_zeros() as usize))
    };
    // The largest value, radix^m - 1, fixes the width, or for integers the largest token.
    let bits = if integers {
        let mut most = 0;
        for row in digits.chunks(m) {
            to_number(row, &mut v);
            most = most.max(width_of(&v));
        }
        most
    } else {
        to_number(&vec![(radix - 1) as u8; m], &mut v);
        width_of(&v)
    };
    let mut stream = Bits::zeros(n * bits);
    for (t, row) in digits.chunks(m).enumerate() {
        to_number(row, &mut v);
        for b in 0..bits {
            let k = bits - 1 - b;
            if v[k / 64] >> (k % 64) & 1 == 1 {
                stream.set(t * bits + b);
            }
        }
    }
    (bits, None, stream)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bits_of(d: &Decoded, t: usize) -> String {
        let b = d.bits_per_token;
        (0..b)
            .map(|i| if d.stream.get(t * b + i) { '1' } else { '0' })
            .collect()
    }

    #[test]
    fn detection() {
        let cases: [(&[&str], Alphabet); 7] = [
            (&["12", "345"], Alphabet::Decimal),
            (&["0a", "f9"], Alphabet::Hex),
            (&["0A", "F9"], Alphabet::Hex),
            (&["0a", "F9"], Alphabet::Other),
            (&["a-", "Z_"], Alphabet::Base64Url),
            (&["a+", "Z/"], Alphabet::Base64),
            (&["ab", "Zz"], Alphabet::Other),
        ];
        for (tokens, want) in cases {
            assert_eq!(decode(tokens, None).unwrap().alphabet, want, "{tokens:?}");
        }
    }

    #[test]
    fn hex_bits_and_constant_columns() {
        // A UUID-like layout: the dash and the '4' never change and are skipped.
        let d = decode(&["a-4f", "0-40"], None).unwrap();
        assert_eq!(d.alphabet, Alphabet::Hex);
        assert_eq!(d.variable, [0, 3]);
        assert_eq!(d.columns[1], Column::Constant(b'-'));
        assert_eq!(d.bits_per_token, 8);
        assert_eq!(bits_of(&d, 0), "10101111");
        assert_eq!(bits_of(&d, 1), "00000000");
        assert_eq!(d.bit_chars.as_deref(), Some(&[0, 0, 0, 0, 3, 3, 3, 3][..]));
        let col = d.column(0);
        assert!(col.get(0) && !col.get(1));
    }

    #[test]
    fn numbers_are_right_aligned() {
        let d = decode(&["9", "10", "11"], None).unwrap();
        assert_eq!(d.width, 2);
        assert_eq!(d.radix, 10);
        // In binary: the largest, 11, needs 4 bits.
        assert_eq!(d.bits_per_token, 4);
        assert_eq!(bits_of(&d, 0), "1001");
        assert_eq!(bits_of(&d, 2), "1011");
        assert!(d.bit_chars.is_none());
        assert!(d.decoding.contains("4-bit binary"), "{}", d.decoding);
        // Beyond 64 bits the digits are one number, as wide as the largest token needs.
        let big = decode(&["99999999999999999999", "1"], None).unwrap();
        assert_eq!(big.bits_per_token, 67); // 10^20 - 1 < 2^67
        assert_eq!(big.alphabet, Alphabet::Decimal);
    }

    #[test]
    fn signed_numbers_keep_their_order() {
        let d = decode(&["-10", "-1", "0", "7", "-0"], None).unwrap();
        assert_eq!(d.alphabet, Alphabet::Decimal);
        // v + 100 in three digits: 090, 099, 100, 107, 100.
        let rows: Vec<String> = (0..5)
            .map(|t| {
                let m = d.variable.len();
                let digits = &d.digits[t * m..(t + 1) * m];
                digits.iter().map(|x| char::from(b'0' + x)).collect()
            })
            .collect();
        assert_eq!(rows, ["090", "099", "100", "107", "100"]);
        // The bits are the 32-bit two's complement the program held.
        assert_eq!(d.bits_per_token, 32);
        assert_eq!(bits_of(&d, 1), "1".repeat(32));
        assert_eq!(bits_of(&d, 3), format!("{:032b}", 7));
        assert!(decode(&["-", "1"], None).unwrap().alphabet != Alphabet::Decimal);
    }

    #[test]
    fn other_alphabet_ranks_seen_characters() {
        let d = decode(&["xy", "zx", "yz"], None).unwrap();
        assert_eq!(d.alphabet, Alphabet::Other);
        assert_eq!(d.radix, 3);
        assert_eq!(d.bits_per_token, 4); // 3^2 - 1 = 8
        assert_eq!(bits_of(&d, 1), "0110"); // "zx" = 2*3 + 0
    }

    #[test]
    fn errors_name_the_token() {
        let err = |tokens: &[&str], a| decode(tokens, a).unwrap_err().to_string();
        assert_eq!(err(&["ab", ""], None), "token 2: empty token");
        assert_eq!(
            err(&["ab", "a b"], None),
            "token 2: ' ' at column 2 is not a printable ASCII character"
        );
        assert_eq!(
            err(&["ab", "a+c"], None),
            "token 2: 3 characters where the first token has 2: analyze one format at a time"
        );
        // Digits of varying length with zeros at both ends line up neither way.
        assert_eq!(
            err(&["0ab", "ab0", "abcd"], None),
            "token 3: 4 characters where the first token has 3: analyze one format at a time"
        );
        assert_eq!(
            err(&["0.5", "x"], Some(Alphabet::Float)),
            "token 2: not a float in [0, 1)"
        );
        assert_eq!(
            err(&["0a", "0g"], Some(Alphabet::Hex)),
            "token 2: 'g' at column 2 is not a hex character"
        );
        assert_eq!(
            err(&["aé"], None),
            "token 1: 'é' at column 2 is not a printable ASCII character"
        );
        let long = "a".repeat(super::super::MAX_TOKEN_LEN + 1);
        assert!(err(&[&long], None).contains("longer than"));
    }

    #[test]
    fn parse_names() {
        for name in Alphabet::NAMES {
            assert_eq!(name.parse::<Alphabet>().unwrap().name(), name);
        }
        assert!("base32".parse::<Alphabet>().is_err());
    }
}
