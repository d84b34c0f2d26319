//! glibc's `drand48` family: the 48-bit LCG `x = x * 0x5DEECE66D + 0xB (mod 2^48)` (the one
//! `java.util.Random` uses, without its seed scrambling). `lrand48()` returns the top 31 bits,
//! `mrand48()` the top 32 as a signed value, `drand48()` all 48 as `x / 2^48`.

const A: u64 = 0x5_DEEC_E66D;
const C: u64 = 0xB;
const MASK: u64 = (1 << 48) - 1;
/// The inverse of [`A`] modulo 2^48.
const A_INV: u64 = 0xDFE0_5BCB_1365;

/// The `drand48` state, bit-exact to glibc (`srand48`, `lrand48`, `mrand48`, `drand48`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rand48 {
    x: u64,
}

impl Rand48 {
    /// `srand48(seed)`: the low 32 bits of the seed, then `0x330E`.
    pub fn srand48(seed: i64) -> Self {
        Rand48 {
            x: (seed as u64 & 0xffff_ffff) << 16 | 0x330e,
        }
    }

    /// A generator whose 48-bit state is `x` (what a predictor recovers).
    pub fn from_state(x: u64) -> Self {
        Rand48 { x: x & MASK }
    }

    /// The 48-bit state: the last output's bits.
    pub fn state(&self) -> u64 {
        self.x
    }

    /// Advances and returns the new 48-bit state.
    pub fn step(&mut self) -> u64 {
        self.x = self.x.wrapping_mul(A).wrapping_add(C) & MASK;
        self.x
    }

    /// Steps back: afterwards [`step`](Self::step) returns the current state again.
    pub fn back(&mut self) {
        self.x = self.x.wrapping_sub(C).wrapping_mul(A_INV) & MASK;
    }

    /// `lrand48()`: 0 to 2^31 - 1.
    pub fn lrand48(&mut self) -> i64 {
        (self.step() >> 17) as i64
    }

    /// `mrand48()`: -2^31 to 2^31 - 1.
    pub fn mrand48(&mut self) -> i64 {
        i64::from((self.step() >> 16) as u32 as i32)
    }

    /// `drand48()`: exactly `x / 2^48`.
    pub fn drand48(&mut self) -> f64 {
        self.step() as f64 / (1u64 << 48) as f64
    }
}

/// `printf("%.{precision}g", x)` as C prints it: `precision` significant digits, fixed or
/// exponent notation by the exponent, trailing zeros removed.
pub fn c_format_g(x: f64, precision: usize) -> String {
    let p = precision.max(1);
    if x == 0.0 {
        return if x.is_sign_negative() { "-0" } else { "0" }.to_owned();
    }
    if !x.is_finite() {
        return if x.is_nan() {
            "nan".to_owned()
        } else if x < 0.0 {
            "-inf".to_owned()
        } else {
            "inf".to_owned()
        };
    }
    let e = format!("{:.*e}", p - 1, x);
    let (mantissa, exp) = e.split_once('e').unwrap_or((&e, "0"));
    let exp: i64 = exp.parse().unwrap_or(0);
    let strip = |s: &str| -> String {
        if s.contains('.') {
            s.trim_end_matches('0').trim_end_matches('.').to_owned()
        } else {
            s.to_owned()
        }
    };
    if exp >= -4 && exp < p as i64 {
        strip(&format!("{:.*}", (p as i64 - 1 - exp) as usize, x))
    } else {
        let sign = if exp < 0 { '-' } else { '+' };
        format!("{}e{sign}{:02}", strip(mantissa), exp.unsigned_abs())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_g_follows_c() {
        assert_eq!(c_format_g(0.5, 17), "0.5");
        assert_eq!(c_format_g(1.0 / 3.0, 17), "0.33333333333333331");
        assert_eq!(c_format_g(3.0517578125e-05, 17), "3.0517578125e-05");
        assert_eq!(c_format_g(0.000123, 6), "0.000123");
        assert_eq!(c_format_g(123456789.0, 6), "1.23457e+08");
        assert_eq!(c_format_g(0.0, 17), "0");
    }

    #[test]
    fn back_undoes_step() {
        assert_eq!(A.wrapping_mul(A_INV) & MASK, 1);
        let mut g = Rand48::srand48(42);
        let start = g;
        g.step();
        g.back();
        assert_eq!(g, start);
    }
}
