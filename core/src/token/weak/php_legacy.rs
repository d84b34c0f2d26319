//! PHP <= 5.3 session ids: `md5(sprintf("%.15s%ld%ld%0.8F", REMOTE_ADDR, tv_sec, tv_usec,
//! php_combined_lcg() * 10))` in hex (`session.hash_function = 0`, 4 bits per character), from
//! ext/session/session.c. The combined LCG is L'Ecuyer's (ext/standard/lcg.c), seeded from
//! the time and the process id: the attack of Samy Kamkar (2010) brute-forces it.

use crate::token::{Token, TokenContext, TokenGenerator};

/// `php_combined_lcg()`'s state, bit-exact to PHP 5.3.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PhpCombinedLcg {
    s1: i32,
    s2: i32,
}

impl PhpCombinedLcg {
    /// A generator with the given state.
    pub fn new(s1: i32, s2: i32) -> Self {
        PhpCombinedLcg { s1, s2 }
    }

    /// `lcg_seed()`: `s1 = sec ^ (usec << 11)`, `s2 = pid ^ (usec2 << 11)` where `usec2` is
    /// read from a second `gettimeofday` call.
    pub fn seed_like_php(sec: i64, usec: i64, pid: i32, usec2: i64) -> Self {
        PhpCombinedLcg {
            s1: (sec ^ (usec << 11)) as i32,
            s2: pid ^ ((usec2 << 11) as i32),
        }
    }

    /// The state `(s1, s2)`.
    pub fn state(&self) -> (i32, i32) {
        (self.s1, self.s2)
    }

    /// `php_combined_lcg()`: a double in (0, 1).
    pub fn next_f64(&mut self) -> f64 {
        // MODMULT(a, b, c, m, s): q = s/a; s = b*(s-a*q) - c*q; if (s < 0) s += m
        fn modmult(a: i32, b: i32, c: i32, m: i32, s: i32) -> i32 {
            let q = s / a;
            let s = b.wrapping_mul(s - a * q).wrapping_sub(c.wrapping_mul(q));
            if s < 0 { s.wrapping_add(m) } else { s }
        }
        self.s1 = modmult(53_668, 40_014, 12_211, 2_147_483_563, self.s1);
        self.s2 = modmult(52_774, 40_692, 3_791, 2_147_483_399, self.s2);
        let mut z = self.s1.wrapping_sub(self.s2);
        if z < 1 {
            z = z.wrapping_add(2_147_483_562);
        }
        f64::from(z) * 4.656613e-10
    }
}

/// The session id PHP 5.3 makes for a client at `ip` at time `sec.usec` with LCG output
/// `lcg` (already drawn): the md5 hex of the `spprintf` string.
pub fn php_session_id(ip: &str, sec: i64, usec: i64, lcg: f64) -> String {
    let ip: String = ip.chars().take(15).collect(); // "%.15s"
    super::md5_hex(format!("{ip}{sec}{usec}{:.8}", lcg * 10.0).as_bytes())
}

/// PHP 5.3 session ids.
#[derive(Debug, Clone)]
pub struct PhpLegacyTokens {
    lcg: PhpCombinedLcg,
}

impl PhpLegacyTokens {
    /// From a combined-LCG state.
    pub fn new(lcg: PhpCombinedLcg) -> Self {
        PhpLegacyTokens { lcg }
    }

    /// Seeded the way PHP seeds itself, from values derived from `seed`: a start time, two
    /// microsecond readings and a process id below 32768.
    pub fn from_seed(seed: u64) -> Self {
        let sec = 1_262_304_000 + (seed % 100_000_000) as i64;
        let usec = ((seed >> 8) % 1_000_000) as i64;
        let pid = ((seed >> 28) % 32_768) as i32;
        let usec2 = (usec + 1 + ((seed >> 40) % 50) as i64) % 1_000_000;
        Self::new(PhpCombinedLcg::seed_like_php(sec, usec, pid, usec2))
    }
}

impl TokenGenerator for PhpLegacyTokens {
    fn name(&self) -> &'static str {
        "php-legacy"
    }

    fn generate(&mut self, ctx: &TokenContext<'_>) -> Token {
        let sec = ctx.now_micros.div_euclid(1_000_000);
        let usec = ctx.now_micros.rem_euclid(1_000_000);
        let lcg = self.lcg.next_f64();
        Token::new(php_session_id(&ctx.client_ip.to_string(), sec, usec, lcg))
    }
}
