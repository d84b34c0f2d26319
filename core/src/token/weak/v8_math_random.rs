//! V8's `Math.random()` (Node 12+, Chrome 71+): xorshift128+ whose `state0` is the double's
//! mantissa (`(state0 >> 12) | 0x3FF0...` minus 1), generated 64 at a time into a cache that
//! is served from its end, so consecutive calls walk the generator backwards until the cache
//! refills (V8's `MathRandom::RefillCache`, `base::RandomNumberGenerator::XorShift128`).
//!
//! Also the two ways V8 prints a double that ids are made of: `Number.prototype.toString()`
//! (shortest round-trip decimal, [`js_number_string`]) and `toString(36)`
//! ([`js_radix_string`], a port of V8's `DoubleToRadixCString`).

use std::fmt::Write;

use crate::token::{Token, TokenContext, TokenGenerator};

/// Doubles per cache refill.
pub const CACHE_SIZE: usize = 64;

/// One xorshift128+ step, as `XorShift128(&state0, &state1)`.
pub(crate) fn xorshift128(s0: u64, s1: u64) -> (u64, u64) {
    let mut a = s0;
    let b = s1;
    a ^= a << 23;
    a ^= a >> 17;
    a ^= b;
    a ^= b >> 26;
    (b, a)
}

/// The inverse of [`xorshift128`].
pub(crate) fn xorshift128_back(s0: u64, s1: u64) -> (u64, u64) {
    let b = s0;
    let mut t = s1 ^ b ^ (b >> 26);
    // t = u ^ (u >> 17)  =>  u = t ^ t >> 17 ^ t >> 34 ^ t >> 51
    t ^= t >> 17;
    t ^= t >> 34;
    // u = a ^ (a << 23)  =>  a = u ^ u << 23 ^ u << 46
    t ^= t << 23;
    t ^= t << 46;
    (t, b)
}

/// `base::RandomNumberGenerator::MurmurHash3`, V8's seed scrambler.
pub(crate) fn murmur_hash3(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xFF51_AFD7_ED55_8CCD);
    h ^= h >> 33;
    h = h.wrapping_mul(0xC4CE_B9FE_1A85_EC53);
    h ^= h >> 33;
    h
}

/// `Math.random()` of one JavaScript context, bit-exact to V8.
#[derive(Clone)]
pub struct V8MathRandom {
    s0: u64,
    s1: u64,
    cache: [u64; CACHE_SIZE],
    /// Values left in the cache; the next one served is `cache[left - 1]`.
    left: usize,
}

impl std::fmt::Debug for V8MathRandom {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("V8MathRandom")
            .field("s0", &format_args!("{:#018x}", self.s0))
            .field("s1", &format_args!("{:#018x}", self.s1))
            .field("left", &self.left)
            .finish()
    }
}

impl V8MathRandom {
    /// The context of a process started with `node --random-seed=SEED` (a non-zero seed):
    /// `state0 = MurmurHash3(seed)`, `state1 = MurmurHash3(!seed)`.
    pub fn new(seed: u64) -> Self {
        Self::before_refill(murmur_hash3(seed), murmur_hash3(!seed), 0)
    }

    /// A context whose next refill starts from `(s0, s1)`, with `served` values of that
    /// refill already taken (0..=63).
    pub fn before_refill(s0: u64, s1: u64, served: usize) -> Self {
        let mut g = V8MathRandom {
            s0,
            s1,
            cache: [0; CACHE_SIZE],
            left: 0,
        };
        g.refill();
        g.left = CACHE_SIZE - served.min(CACHE_SIZE - 1);
        g
    }

    fn refill(&mut self) {
        for slot in &mut self.cache {
            (self.s0, self.s1) = xorshift128(self.s0, self.s1);
            *slot = self.s0 >> 12;
        }
        self.left = CACHE_SIZE;
    }

    /// Values left in the cache before the next refill.
    pub fn cached(&self) -> usize {
        self.left
    }

    /// The next double's 52-bit mantissa: `Math.random()` is this times 2^-52.
    pub fn next_mantissa(&mut self) -> u64 {
        if self.left == 0 {
            self.refill();
        }
        self.left -= 1;
        self.cache[self.left]
    }

    /// `Math.random()`.
    pub fn next_f64(&mut self) -> f64 {
        mantissa_to_f64(self.next_mantissa())
    }
}

/// The double `Math.random()` returns for a mantissa: exactly `m / 2^52`.
pub fn mantissa_to_f64(m: u64) -> f64 {
    f64::from_bits(m | 0x3FF0_0000_0000_0000) - 1.0
}

/// `String(x)` for a finite non-negative double: the shortest decimal that reads back as `x`
/// (ECMAScript `Number::toString`, radix 10), `1e-7` style below 10^-6 and from 10^21 up.
pub fn js_number_string(x: f64) -> String {
    if x == 0.0 {
        return "0".to_owned();
    }
    // Rust's `{:e}` gives the same shortest round-trip digits: "d.ddde-N".
    let sci = format!("{x:e}");
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let k = digits.len() as i32;
    let n = exp.parse::<i32>().unwrap_or(0) + 1;
    let mut out = String::new();
    if k <= n && n <= 21 {
        out.push_str(&digits);
        out.extend(std::iter::repeat_n('0', (n - k) as usize));
    } else if 0 < n && n <= 21 {
        out.push_str(&digits[..n as usize]);
        out.push('.');
        out.push_str(&digits[n as usize..]);
    } else if -6 < n && n <= 0 {
        out.push_str("0.");
        out.extend(std::iter::repeat_n('0', (-n) as usize));
        out.push_str(&digits);
    } else {
        out.push_str(&digits[..1]);
        if k > 1 {
            out.push('.');
            out.push_str(&digits[1..]);
        }
        let e = n - 1;
        let _ = write!(out, "e{}{}", if e < 0 { '-' } else { '+' }, e.abs());
    }
    out
}

/// `x.toString(radix)` for a double in [0, 1), as V8's `DoubleToRadixCString`: digits until
/// the remainder is below half the gap to the next double, rounded half to even.
pub fn js_radix_string(x: f64, radix: u32) -> String {
    const DIGITS: &[u8; 36] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let r = f64::from(radix);
    let mut fraction = x;
    let mut integer = 0u32;
    // The next double up, for 0 <= x < inf (f64::next_up is newer than the MSRV).
    let next_up = |v: f64| f64::from_bits(v.to_bits() + 1);
    let mut delta = (0.5 * (next_up(x) - x)).max(next_up(0.0));
    let mut digits: Vec<u8> = Vec::new();
    if fraction >= delta {
        loop {
            fraction *= r;
            delta *= r;
            let digit = fraction as u32;
            digits.push(digit as u8);
            fraction -= f64::from(digit);
            if (fraction > 0.5 || (fraction == 0.5 && digit & 1 == 1)) && fraction + delta > 1.0 {
                // Round up, carrying into the digits already written.
                loop {
                    match digits.pop() {
                        None => {
                            integer += 1;
                            break;
                        }
                        Some(d) if u32::from(d) + 1 < radix => {
                            digits.push(d + 1);
                            break;
                        }
                        Some(_) => {}
                    }
                }
                break;
            }
            if fraction < delta {
                break;
            }
        }
    }
    let mut out = integer.to_string();
    if !digits.is_empty() {
        out.push('.');
        out.extend(digits.iter().map(|&d| char::from(DIGITS[usize::from(d)])));
    }
    out
}

/// How a V8 app prints one `Math.random()` as an id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum V8Print {
    /// `String(Math.random())`: `0.7939112874678715`.
    Decimal,
    /// `Math.random().toString(36).substring(2)`: `skyyw1hhxtc`.
    Base36,
}

/// Ids made of `Math.random()` as an Express app might: one call per id, printed per
/// [`V8Print`].
#[derive(Debug, Clone)]
pub struct V8MathRandomTokens {
    rng: V8MathRandom,
    print: V8Print,
}

impl V8MathRandomTokens {
    /// A process started with `--random-seed=seed`.
    pub fn new(seed: u64, print: V8Print) -> Self {
        V8MathRandomTokens {
            rng: V8MathRandom::new(seed.max(1)),
            print,
        }
    }
}

impl TokenGenerator for V8MathRandomTokens {
    fn name(&self) -> &'static str {
        match self.print {
            V8Print::Decimal => "v8-math-random",
            V8Print::Base36 => "v8-math-random-base36",
        }
    }

    fn generate(&mut self, _: &TokenContext<'_>) -> Token {
        let x = self.rng.next_f64();
        Token::new(match self.print {
            V8Print::Decimal => js_number_string(x),
            V8Print::Base36 => js_radix_string(x, 36).split_off(2),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xorshift_back_inverts_forward() {
        let mut s = (0x0123_4567_89ab_cdefu64, 0xfedc_ba98_7654_3210u64);
        for _ in 0..1000 {
            let next = xorshift128(s.0, s.1);
            assert_eq!(xorshift128_back(next.0, next.1), s);
            s = next;
        }
    }

    #[test]
    fn js_number_strings() {
        assert_eq!(js_number_string(0.5), "0.5");
        assert_eq!(js_number_string(1e-7), "1e-7");
        assert_eq!(js_number_string(1.5e-7), "1.5e-7");
        assert_eq!(js_number_string(0.000001), "0.000001");
        assert_eq!(js_number_string(0.0000015), "0.0000015");
        assert_eq!(js_number_string(123.0), "123");
        assert_eq!(js_number_string(1e21), "1e+21");
    }

    #[test]
    fn radix_strings() {
        assert_eq!(js_radix_string(0.5, 36), "0.i");
        assert_eq!(js_radix_string(0.5, 2), "0.1");
        assert_eq!(js_radix_string(0.0, 36), "0");
    }
}
