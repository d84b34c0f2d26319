//! `java.util.Random`: a 48-bit linear congruential generator (Knuth, TAOCP 3.2.1), as in the
//! OpenJDK source. Jetty before CVE-2006-6969 made session ids from it.

use crate::token::{Token, TokenContext, TokenGenerator};

const MULTIPLIER: u64 = 0x5_DEEC_E66D;
const ADDEND: u64 = 0xB;
const MASK: u64 = (1 << 48) - 1;

/// The generator state, bit-exact to `java.util.Random`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct JavaRandom {
    seed: u64,
}

impl JavaRandom {
    /// `new Random(seed)`: the seed is scrambled with the multiplier.
    pub fn new(seed: i64) -> Self {
        JavaRandom {
            seed: (seed as u64 ^ MULTIPLIER) & MASK,
        }
    }

    /// A generator whose internal 48-bit state is exactly `state` (what a predictor recovers).
    pub fn from_state(state: u64) -> Self {
        JavaRandom { seed: state & MASK }
    }

    /// The internal 48-bit state.
    pub fn state(&self) -> u64 {
        self.seed
    }

    /// `next(bits)`: advance, return the top `bits` of the 48-bit state.
    pub fn next(&mut self, bits: u32) -> i32 {
        self.seed = (self.seed.wrapping_mul(MULTIPLIER).wrapping_add(ADDEND)) & MASK;
        (self.seed >> (48 - bits)) as i32
    }

    /// `nextInt()`.
    pub fn next_int(&mut self) -> i32 {
        self.next(32)
    }

    /// `nextLong()`: `((long) next(32) << 32) + next(32)`.
    pub fn next_long(&mut self) -> i64 {
        let hi = i64::from(self.next(32));
        let lo = i64::from(self.next(32));
        (hi << 32).wrapping_add(lo)
    }

    /// `nextDouble()` (and `Math.random()`, a shared `Random`'s `nextDouble()`) as its 53-bit
    /// integer: `((long) next(26) << 27) + next(27)`; the double is this times 2^-53.
    pub fn next_double_bits(&mut self) -> u64 {
        let hi = self.next(26) as u64;
        let lo = self.next(27) as u64;
        (hi << 27) + lo
    }

    /// `nextDouble()` / `Math.random()`.
    pub fn next_double(&mut self) -> f64 {
        self.next_double_bits() as f64 / (1u64 << 53) as f64
    }

    /// `nextFloat()`: `next(24) / 2^24`.
    pub fn next_float(&mut self) -> f32 {
        self.next(24) as f32 / (1u32 << 24) as f32
    }

    /// `nextBoolean()`: `next(1) != 0`.
    pub fn next_boolean(&mut self) -> bool {
        self.next(1) != 0
    }

    /// `nextInt(bound)` as OpenJDK 17 has it: a power of two takes the top bits of `next(31)`,
    /// any other bound `next(31) % bound`, drawing again while the draw falls in the last,
    /// partial block of `bound` values (`u - r + (bound - 1)` overflows an `int`).
    ///
    /// # Panics
    /// If `bound <= 0`, as Java throws.
    pub fn next_int_bounded(&mut self, bound: i32) -> i32 {
        assert!(bound > 0, "bound must be positive");
        let r = self.next(31);
        let m = bound - 1;
        if bound & m == 0 {
            return ((i64::from(bound) * i64::from(r)) >> 31) as i32;
        }
        let mut u = r;
        loop {
            let r = u % bound;
            if u.wrapping_sub(r).wrapping_add(m) >= 0 {
                return r;
            }
            u = self.next(31);
        }
    }
}

/// The multiplier's inverse modulo 2^48, to step the generator backwards.
const MULTIPLIER_INV: u64 = 0xDFE0_5BCB_1365;

impl JavaRandom {
    /// Steps the generator back one draw: afterwards `next` returns the output it returned
    /// last.
    pub fn back(&mut self) {
        self.seed = (self.seed.wrapping_sub(ADDEND)).wrapping_mul(MULTIPLIER_INV) & MASK;
    }
}

/// Java's `Double.toString`: the shortest decimal that reads back as `x` (what OpenJDK 19 and
/// later print; 17 sometimes prints a digit more, which parses to the same double), plain for
/// 10^-3 <= |x| < 10^7 and as `d.dddE±n` otherwise.
pub fn java_double_string(x: f64) -> String {
    java_layout(&format!("{x:e}"), x == 0.0)
}

/// Java's `Float.toString`, as [`java_double_string`] for a float.
pub fn java_float_string(x: f32) -> String {
    java_layout(&format!("{x:e}"), x == 0.0)
}

/// Lays out Rust's shortest `{:e}` form (`1.2345e-4`) the way Java does.
fn java_layout(sci: &str, zero: bool) -> String {
    if zero {
        return if sci.starts_with('-') { "-0.0" } else { "0.0" }.to_owned();
    }
    if sci.contains("inf") || sci.contains("NaN") {
        return match sci {
            "inf" => "Infinity",
            "-inf" => "-Infinity",
            _ => "NaN",
        }
        .to_owned();
    }
    let (sign, rest) = sci.strip_prefix('-').map_or(("", sci), |r| ("-", r));
    let (mantissa, exp) = rest.split_once('e').expect("{:e} has an exponent");
    let exp: i32 = exp.parse().expect("{:e} exponent is an integer");
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    if (-3..7).contains(&exp) {
        let point = exp + 1; // digits before the decimal point
        let (int, frac) = if point <= 0 {
            ("0".to_owned(), "0".repeat(-point as usize) + &digits)
        } else if point as usize >= digits.len() {
            (
                digits.clone() + &"0".repeat(point as usize - digits.len()),
                String::new(),
            )
        } else {
            let (a, b) = digits.split_at(point as usize);
            (a.to_owned(), b.to_owned())
        };
        let frac = if frac.is_empty() {
            "0".to_owned()
        } else {
            frac
        };
        format!("{sign}{int}.{frac}")
    } else {
        let (first, more) = digits.split_at(1);
        let more = if more.is_empty() { "0" } else { more };
        format!("{sign}{first}.{more}E{exp}")
    }
}

/// Decimal `nextLong()` values as ids.
#[derive(Debug, Clone)]
pub struct JavaRandomTokens {
    rng: JavaRandom,
}

impl JavaRandomTokens {
    /// `new Random(seed)`.
    pub fn new(seed: i64) -> Self {
        JavaRandomTokens {
            rng: JavaRandom::new(seed),
        }
    }
}

impl TokenGenerator for JavaRandomTokens {
    fn name(&self) -> &'static str {
        "java-random"
    }

    fn generate(&mut self, _: &TokenContext<'_>) -> Token {
        Token::new(self.rng.next_long().to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn back_undoes_next() {
        let mut a = JavaRandom::new(42);
        let before = a;
        a.next(32);
        a.back();
        assert_eq!(a, before);
        assert_eq!(MULTIPLIER.wrapping_mul(MULTIPLIER_INV) & MASK, 1);
    }

    #[test]
    fn java_layout_matches_double_to_string() {
        for (x, java) in [
            (0.5, "0.5"),
            (1.0, "1.0"),
            (0.001, "0.001"),
            (0.000_95, "9.5E-4"),
            (1.0e7, "1.0E7"),
            (1_234_567.0, "1234567.0"),
            (0.730_967_787_376_657, "0.730967787376657"),
            (-2.5e-10, "-2.5E-10"),
            (0.0, "0.0"),
        ] {
            assert_eq!(java_double_string(x), java, "{x}");
        }
        assert_eq!(java_float_string(0.7275637), "0.7275637");
        assert_eq!(java_float_string(5.9604645e-8), "5.9604645E-8");
    }
}
