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

/// PHP 5.3 session ids from one PHP process (one Apache child with mod_php).
///
/// PHP seeds its combined LCG lazily, at the first draw in the process: for a fresh process
/// that is while it makes its first session id. `php_session_create_id()` reads the clock for
/// the id, then `lcg_seed()` reads it again (`s1 = sec ^ (usec << 11)`), calls `getpid()`, and
/// reads it a third time (`s2 = pid ^ (usec2 << 11)`). The readings are microseconds apart, so
/// the seed is the id's own time plus two small delays: what makes Kamkar's attack feasible.
#[derive(Debug, Clone)]
pub struct PhpLegacyTokens {
    /// `None` until the first id (PHP's `LCG(seeded) == 0`).
    lcg: Option<PhpCombinedLcg>,
    pid: i32,
    delays: (u32, u32),
}

impl PhpLegacyTokens {
    /// The longest delay, in microseconds, between the id's clock reading and the seed's first,
    /// and between the seed's two readings, in simulated processes; the attack searches
    /// `0..=MAX_SEED_DELAY_MICROS` for each by default. Three function calls on a 2010 server
    /// take a few microseconds at most (the two `gettimeofday` calls are vDSO calls today).
    pub const MAX_SEED_DELAY_MICROS: u32 = 3;

    /// From a combined-LCG state (a process that has already seeded its LCG).
    pub fn new(lcg: PhpCombinedLcg) -> Self {
        PhpLegacyTokens {
            lcg: Some(lcg),
            pid: 0,
            delays: (0, 0),
        }
    }

    /// A fresh process with id `pid` whose LCG seeds itself at its first id: the seed's clock
    /// readings come `delay1` microseconds after the id's and `delay2` after that.
    pub fn fresh_process(pid: i32, delay1: u32, delay2: u32) -> Self {
        PhpLegacyTokens {
            lcg: None,
            pid,
            delays: (delay1, delay2),
        }
    }

    /// A fresh process whose pid (1..=32767, the old Linux `pid_max`) and seeding delays
    /// (`0..=MAX_SEED_DELAY_MICROS` each) are derived from `seed`.
    pub fn from_seed(seed: u64) -> Self {
        let h = splitmix64(seed);
        let max = u64::from(Self::MAX_SEED_DELAY_MICROS) + 1;
        Self::fresh_process(
            1 + (h % 32_767) as i32,
            ((h >> 32) % max) as u32,
            ((h >> 40) % max) as u32,
        )
    }

    /// The LCG state a fresh process with `pid` seeds itself with while making its first id at
    /// `id_micros` (microseconds since the epoch), with the given delays.
    pub fn seed_at(id_micros: i64, pid: i32, delay1: u32, delay2: u32) -> PhpCombinedLcg {
        let t1 = id_micros + i64::from(delay1);
        let t2 = t1 + i64::from(delay2);
        PhpCombinedLcg::seed_like_php(
            t1.div_euclid(1_000_000),
            t1.rem_euclid(1_000_000),
            pid,
            t2.rem_euclid(1_000_000),
        )
    }
}

/// Spreads the bits of a small seed (Vigna's splitmix64 finalizer).
fn splitmix64(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

impl TokenGenerator for PhpLegacyTokens {
    fn name(&self) -> &'static str {
        "php-legacy"
    }

    fn generate(&mut self, ctx: &TokenContext<'_>) -> Token {
        let sec = ctx.now_micros.div_euclid(1_000_000);
        let usec = ctx.now_micros.rem_euclid(1_000_000);
        let (pid, (d1, d2)) = (self.pid, self.delays);
        let lcg = self
            .lcg
            .get_or_insert_with(|| Self::seed_at(ctx.now_micros, pid, d1, d2))
            .next_f64();
        Token::new(php_session_id(&ctx.client_ip.to_string(), sec, usec, lcg))
    }
}
