//! MT19937, the Mersenne Twister of Matsumoto and Nishimura (1998), as C++ `std::mt19937` and
//! CPython's `random` produce it.

use crate::token::{Token, TokenContext, TokenGenerator};

const N: usize = 624;
const M: usize = 397;

/// The generator state, bit-exact to the reference `genrand_int32`.
#[derive(Clone)]
pub struct Mt19937 {
    mt: [u32; N],
    index: usize,
}

impl std::fmt::Debug for Mt19937 {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Mt19937 {{ index: {} }}", self.index)
    }
}

impl Mt19937 {
    /// `init_genrand(seed)`: C++ `std::mt19937(seed)`.
    pub fn new(seed: u32) -> Self {
        let mut mt = [0u32; N];
        mt[0] = seed;
        for i in 1..N {
            mt[i] = 1_812_433_253u32
                .wrapping_mul(mt[i - 1] ^ (mt[i - 1] >> 30))
                .wrapping_add(i as u32);
        }
        Mt19937 { mt, index: N }
    }

    /// `init_by_array(key)`: what CPython's `random.seed(n)` does with the 32-bit words of
    /// `abs(n)`, least significant first (`[0]` for zero).
    pub fn from_key(key: &[u32]) -> Self {
        let mut g = Mt19937::new(19_650_218);
        let mt = &mut g.mt;
        let (mut i, mut j) = (1usize, 0usize);
        let len = key.len().max(1);
        for _ in 0..N.max(len) {
            let prev = mt[i - 1] ^ (mt[i - 1] >> 30);
            mt[i] = (mt[i] ^ prev.wrapping_mul(1_664_525))
                .wrapping_add(key.get(j).copied().unwrap_or(0))
                .wrapping_add(j as u32);
            i += 1;
            j += 1;
            if i >= N {
                mt[0] = mt[N - 1];
                i = 1;
            }
            if j >= len {
                j = 0;
            }
        }
        for _ in 0..N - 1 {
            let prev = mt[i - 1] ^ (mt[i - 1] >> 30);
            mt[i] = (mt[i] ^ prev.wrapping_mul(1_566_083_941)).wrapping_sub(i as u32);
            i += 1;
            if i >= N {
                mt[0] = mt[N - 1];
                i = 1;
            }
        }
        mt[0] = 0x8000_0000;
        g
    }

    /// CPython's `random.seed(n)` for a non-negative integer given as its little-endian bytes.
    pub fn python_seed(n: u128) -> Self {
        let mut key = Vec::new();
        let mut v = n;
        while v > 0 {
            key.push(v as u32);
            v >>= 32;
        }
        if key.is_empty() {
            key.push(0);
        }
        Mt19937::from_key(&key)
    }

    /// A generator that continues from 624 untempered state words (what a predictor recovers);
    /// the next output is computed after a twist.
    pub fn from_state(state: [u32; N]) -> Self {
        Mt19937 {
            mt: state,
            index: N,
        }
    }

    fn twist(&mut self) {
        for i in 0..N {
            let y = (self.mt[i] & 0x8000_0000) | (self.mt[(i + 1) % N] & 0x7fff_ffff);
            let mut v = self.mt[(i + M) % N] ^ (y >> 1);
            if y & 1 != 0 {
                v ^= 0x9908_b0df;
            }
            self.mt[i] = v;
        }
        self.index = 0;
    }

    /// `genrand_int32()` (C++ `operator()`, Python `getrandbits(32)`).
    pub fn next_u32(&mut self) -> u32 {
        if self.index >= N {
            self.twist();
        }
        let y = self.mt[self.index];
        self.index += 1;
        temper(y)
    }

    /// Python's `random.random()`: 27 bits of one word and 26 of the next, over 2^53.
    pub fn python_random(&mut self) -> f64 {
        let a = self.next_u32() >> 5;
        let b = self.next_u32() >> 6;
        (f64::from(a) * 67_108_864.0 + f64::from(b)) * (1.0 / 9_007_199_254_740_992.0)
    }

    /// Python's `getrandbits(k)` for `1 <= k <= 128`: words least significant first, the last
    /// one's top `k mod 32` bits.
    pub fn getrandbits(&mut self, k: u32) -> u128 {
        assert!((1..=128).contains(&k), "getrandbits({k})");
        let mut out = 0u128;
        let mut left = k;
        let mut shift = 0;
        while left > 0 {
            let mut r = self.next_u32();
            if left < 32 {
                r >>= 32 - left;
            }
            out |= u128::from(r) << shift;
            shift += 32;
            left = left.saturating_sub(32);
        }
        out
    }

    /// Python's `getrandbits(128)`: four words, the first one least significant.
    pub fn getrandbits_128(&mut self) -> u128 {
        (0..4).fold(0u128, |acc, i| {
            acc | (u128::from(self.next_u32()) << (32 * i))
        })
    }
}

/// The tempering transform applied to each state word on output.
pub fn temper(mut y: u32) -> u32 {
    y ^= y >> 11;
    y ^= (y << 7) & 0x9d2c_5680;
    y ^= (y << 15) & 0xefc6_0000;
    y ^ (y >> 18)
}

/// Python's `repr(x)` of a finite float: the shortest digits that read back as `x`, in
/// scientific notation below `1e-4` and from `1e16` on (`"0.5"`, `"1e-05"`, `"1.0"`).
pub fn python_float_repr(x: f64) -> String {
    if x == 0.0 {
        return if x.is_sign_negative() { "-0.0" } else { "0.0" }.to_owned();
    }
    // Rust's `{:e}` prints the same shortest digits: "8.444218515250481e-1".
    let sci = format!("{:e}", x.abs());
    let (mantissa, exp) = sci.split_once('e').expect("`{:e}` has an exponent");
    let exp: i32 = exp.parse().expect("`{:e}` exponent");
    let digits: String = mantissa.chars().filter(|c| *c != '.').collect();
    let sign = if x < 0.0 { "-" } else { "" };
    if !(-4..16).contains(&exp) {
        let e_sign = if exp < 0 { '-' } else { '+' };
        return format!("{sign}{mantissa}e{e_sign}{:02}", exp.abs());
    }
    if exp < 0 {
        return format!("{sign}0.{}{digits}", "0".repeat((-exp - 1) as usize));
    }
    let int_len = exp as usize + 1;
    if digits.len() <= int_len {
        format!("{sign}{digits}{}.0", "0".repeat(int_len - digits.len()))
    } else {
        format!("{sign}{}.{}", &digits[..int_len], &digits[int_len..])
    }
}

/// Python's `float.hex(x)` of a finite, normal (or zero) float: `"0x1.b05a4f3b4a2d6p-1"`.
pub fn python_float_hex(x: f64) -> String {
    let sign = if x.is_sign_negative() { "-" } else { "" };
    if x == 0.0 {
        return format!("{sign}0x0.0p+0");
    }
    let bits = x.to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i32 - 1023;
    format!("{sign}0x1.{:013x}p{exp:+}", bits & ((1 << 52) - 1))
}

/// Ids as Python's `'%032x' % random.getrandbits(128)`.
#[derive(Debug, Clone)]
pub struct Mt19937Tokens {
    rng: Mt19937,
}

impl Mt19937Tokens {
    /// Seeded as `random.seed(seed)` in Python.
    pub fn new(seed: u32) -> Self {
        Mt19937Tokens {
            rng: Mt19937::python_seed(u128::from(seed)),
        }
    }
}

impl TokenGenerator for Mt19937Tokens {
    fn name(&self) -> &'static str {
        "mt19937"
    }

    fn generate(&mut self, _: &TokenContext<'_>) -> Token {
        Token::new(format!("{:032x}", self.rng.getrandbits_128()))
    }
}
