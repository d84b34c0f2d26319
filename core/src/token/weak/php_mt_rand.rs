//! PHP's `mt_rand()` and `rand()` (an alias of it since PHP 7.1): MT19937 seeded by
//! `mt_srand(seed)` with the reference `init_genrand`, returning the tempered word shifted right
//! by one. PHP 7.1 fixed a typo in the twist (`loBit(u)` for `loBit(v)`); `mt_srand($seed,
//! MT_RAND_PHP)` keeps the old one, which every PHP from 5.2.1 to 7.0 used. Ranges
//! (`mt_rand($min, $max)`) are unbiased since 7.1 (the full 32-bit word, rejection above the
//! last whole block, then modulo) and scaled from the 31-bit value before it, and in the legacy
//! mode. An unseeded process seeds itself with 32 random bits, so the seed space is 2^32 either
//! way.

const N: usize = 624;
const M: usize = 397;
const MATRIX_A: u32 = 0x9908_b0df;

/// The largest `mt_rand()`: 2^31 - 1.
pub const PHP_MT_RAND_MAX: u32 = 0x7fff_ffff;

/// Which twist the generator uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PhpMtMode {
    /// `MT_RAND_MT19937`, the default since PHP 7.1: the reference MT19937.
    Mt19937,
    /// `MT_RAND_PHP`: PHP 5.2.1 to 7.0's twist, and its scaled ranges.
    Legacy,
}

impl PhpMtMode {
    /// What the mode is called in reports.
    pub fn describe(self) -> &'static str {
        match self {
            PhpMtMode::Mt19937 => "PHP 7.1+",
            PhpMtMode::Legacy => "PHP 5.2.1 to 7.0, or MT_RAND_PHP",
        }
    }
}

/// The generator state, bit-exact to `ext/random`'s MT19937 engine (PHP 8.2).
#[derive(Clone)]
pub struct PhpMtRand {
    state: [u32; N],
    next: usize,
    mode: PhpMtMode,
}

impl std::fmt::Debug for PhpMtRand {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "PhpMtRand {{ next: {}, mode: {:?} }}",
            self.next, self.mode
        )
    }
}

/// `php_mt_initialize`: Knuth's multiplier, the reference `init_genrand`.
pub(crate) fn initialize(seed: u32) -> [u32; N] {
    let mut s = [0u32; N];
    s[0] = seed;
    for i in 1..N {
        s[i] = 1_812_433_253u32
            .wrapping_mul(s[i - 1] ^ (s[i - 1] >> 30))
            .wrapping_add(i as u32);
    }
    s
}

/// `twist(m, u, v)`; the legacy form takes the low bit of `u` instead of `v`.
#[inline]
pub(crate) fn twist(mode: PhpMtMode, m: u32, u: u32, v: u32) -> u32 {
    let low = match mode {
        PhpMtMode::Mt19937 => v & 1,
        PhpMtMode::Legacy => u & 1,
    };
    m ^ (((u & 0x8000_0000) | (v & 0x7fff_ffff)) >> 1) ^ (0u32.wrapping_sub(low) & MATRIX_A)
}

/// The tempering of every output word.
#[inline]
pub(crate) fn temper(mut s1: u32) -> u32 {
    s1 ^= s1 >> 11;
    s1 ^= (s1 << 7) & 0x9d2c_5680;
    s1 ^= (s1 << 15) & 0xefc6_0000;
    s1 ^ (s1 >> 18)
}

impl PhpMtRand {
    /// `mt_srand($seed)` (or `mt_srand($seed, MT_RAND_PHP)`); PHP truncates the seed to 32
    /// bits.
    pub fn new(seed: u32, mode: PhpMtMode) -> Self {
        let mut g = PhpMtRand {
            state: initialize(seed),
            next: 0,
            mode,
        };
        g.reload();
        g
    }

    /// The mode.
    pub fn mode(&self) -> PhpMtMode {
        self.mode
    }

    /// `php_mt_reload`.
    fn reload(&mut self) {
        let s = &mut self.state;
        for i in 0..N - M {
            s[i] = twist(self.mode, s[i + M], s[i], s[i + 1]);
        }
        for i in N - M..N - 1 {
            s[i] = twist(self.mode, s[i + M - N], s[i], s[i + 1]);
        }
        s[N - 1] = twist(self.mode, s[M - 1], s[N - 1], s[0]);
        self.next = 0;
    }

    /// `php_mt_rand()`: the next tempered 32-bit word.
    pub fn next_u32(&mut self) -> u32 {
        if self.next == N {
            self.reload();
        }
        let s1 = self.state[self.next];
        self.next += 1;
        temper(s1)
    }

    /// `mt_rand()` and `rand()` without arguments: 0 to 2^31 - 1.
    pub fn mt_rand(&mut self) -> u32 {
        self.next_u32() >> 1
    }

    /// `mt_rand($min, $max)` and `rand($min, $max)` (PHP 8.2's `php_mt_rand_common`; `rand`
    /// swaps the bounds when `$max < $min`).
    ///
    /// # Panics
    /// If `max < min` (PHP throws a `ValueError` for `mt_rand`).
    pub fn mt_rand_range(&mut self, min: i64, max: i64) -> i64 {
        assert!(min <= max, "mt_rand(): max must be >= min");
        let umax = (max as u64).wrapping_sub(min as u64);
        if self.mode == PhpMtMode::Legacy {
            // RAND_RANGE_BADSCALING over the 31-bit value.
            let r = f64::from(self.next_u32() >> 1);
            let offset =
                ((max as f64 - min as f64 + 1.0) * (r / (f64::from(PHP_MT_RAND_MAX) + 1.0))) as u64;
            return offset.wrapping_add(min as u64) as i64;
        }
        let offset = if umax > u64::from(u32::MAX) {
            self.range64(umax)
        } else {
            u64::from(self.range32(umax as u32))
        };
        (min as u64).wrapping_add(offset) as i64
    }

    fn range32(&mut self, umax: u32) -> u32 {
        let mut result = self.next_u32();
        if umax == u32::MAX {
            return result;
        }
        let umax = umax + 1;
        if umax & (umax - 1) == 0 {
            return result & (umax - 1);
        }
        let limit = u32::MAX - (u32::MAX % umax) - 1;
        while result > limit {
            result = self.next_u32();
        }
        result % umax
    }

    fn range64(&mut self, umax: u64) -> u64 {
        // PHP 8.2 assembles the two words little-endian (7.1 to 8.1 put the first one high).
        let draw = |g: &mut Self| {
            let first = u64::from(g.next_u32());
            first | (u64::from(g.next_u32()) << 32)
        };
        let mut result = draw(self);
        if umax == u64::MAX {
            return result;
        }
        let umax = umax + 1;
        if umax & (umax - 1) == 0 {
            return result & (umax - 1);
        }
        let limit = u64::MAX - (u64::MAX % umax) - 1;
        while result > limit {
            result = draw(self);
        }
        result % umax
    }
}
