//! `java.util.SplittableRandom` and `java.util.concurrent.ThreadLocalRandom` (OpenJDK 17): a
//! 64-bit counter stepped by an odd `gamma` and scrambled by a bijective mixer. A root
//! `SplittableRandom` steps by the golden gamma and mixes with Stafford's variant 13 of
//! MurmurHash3's finalizer; `split()` children step by their own gamma. `ThreadLocalRandom`
//! steps by the golden gamma plus twice the thread's id and mixes with MurmurHash3's own
//! finalizer.

/// The golden-ratio gamma of a root `SplittableRandom` and of `ThreadLocalRandom`.
pub const GOLDEN_GAMMA: u64 = 0x9E37_79B9_7F4A_7C15;

const MIX64_A: u64 = 0xBF58_476D_1CE4_E5B9;
const MIX64_B: u64 = 0x94D0_49BB_1331_11EB;

/// `mix64`: the finalizer every `nextLong()` returns.
pub fn mix64(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(MIX64_A);
    z = (z ^ (z >> 27)).wrapping_mul(MIX64_B);
    z ^ (z >> 31)
}

/// The inverse of [`mix64`]: the counter value behind a `nextLong()`.
pub fn unmix64(mut z: u64) -> u64 {
    z = unxorshift(z, 31).wrapping_mul(inverse(MIX64_B));
    z = unxorshift(z, 27).wrapping_mul(inverse(MIX64_A));
    unxorshift(z, 30)
}

const MURMUR_A: u64 = 0xFF51_AFD7_ED55_8CCD;
const MURMUR_B: u64 = 0xC4CE_B9FE_1A85_EC53;

/// `mixMurmur64`: `ThreadLocalRandom`'s finalizer.
pub fn mix_murmur64(mut z: u64) -> u64 {
    z = (z ^ (z >> 33)).wrapping_mul(MURMUR_A);
    z = (z ^ (z >> 33)).wrapping_mul(MURMUR_B);
    z ^ (z >> 33)
}

/// The inverse of [`mix_murmur64`].
pub fn unmix_murmur64(mut z: u64) -> u64 {
    z = unxorshift(z, 33).wrapping_mul(inverse(MURMUR_B));
    z = unxorshift(z, 33).wrapping_mul(inverse(MURMUR_A));
    unxorshift(z, 33)
}

/// The gamma of the `ThreadLocalRandom` of the thread with id `thread_id`.
pub fn tlr_gamma(thread_id: u64) -> u64 {
    GOLDEN_GAMMA.wrapping_add(thread_id << 1)
}

/// `mix32`: what `nextInt()` returns.
pub fn mix32(z: u64) -> i32 {
    let z = (z ^ (z >> 33)).wrapping_mul(0x62A9_D9ED_7997_05F5);
    ((z ^ (z >> 28)).wrapping_mul(0xCB24_D0A5_C88C_35B3) >> 32) as i32
}

/// Undoes `z ^ (z >> s)`.
fn unxorshift(z: u64, s: u32) -> u64 {
    let mut x = z;
    let mut k = s;
    while k < 64 {
        x = z ^ (x >> s);
        k += s;
    }
    x
}

/// The inverse of an odd number modulo 2^64 (Newton's iteration).
const fn inverse(a: u64) -> u64 {
    let mut x = a; // correct to 3 bits
    let mut i = 0;
    while i < 5 {
        x = x.wrapping_mul(2u64.wrapping_sub(a.wrapping_mul(x)));
        i += 1;
    }
    x
}

/// The generator state, bit-exact to `SplittableRandom` (and, with the golden gamma, to one
/// thread's `ThreadLocalRandom`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct JavaSplittable {
    seed: u64,
    gamma: u64,
    thread_local: bool,
}

impl JavaSplittable {
    /// `new SplittableRandom(seed)`.
    pub fn new(seed: i64) -> Self {
        Self::from_state(seed as u64, GOLDEN_GAMMA)
    }

    /// A generator at counter `seed` stepping by `gamma` (forced odd, as Java does).
    pub fn from_state(seed: u64, gamma: u64) -> Self {
        JavaSplittable {
            seed,
            gamma: gamma | 1,
            thread_local: false,
        }
    }

    /// The `ThreadLocalRandom` of thread `thread_id` whose seed field holds `seed`.
    pub fn thread_local(seed: u64, thread_id: u64) -> Self {
        Self::thread_local_from_state(seed, tlr_gamma(thread_id))
    }

    /// A `ThreadLocalRandom` at counter `seed` stepping by `gamma`.
    pub fn thread_local_from_state(seed: u64, gamma: u64) -> Self {
        JavaSplittable {
            seed,
            gamma,
            thread_local: true,
        }
    }

    /// Whether this is a `ThreadLocalRandom` (else a `SplittableRandom`).
    pub fn is_thread_local(&self) -> bool {
        self.thread_local
    }

    /// The finalizer of this kind of generator.
    pub fn mix(&self, z: u64) -> u64 {
        if self.thread_local {
            mix_murmur64(z)
        } else {
            mix64(z)
        }
    }

    /// The inverse of [`mix`](Self::mix).
    pub fn unmix(&self, z: u64) -> u64 {
        if self.thread_local {
            unmix_murmur64(z)
        } else {
            unmix64(z)
        }
    }

    /// `(seed, gamma)`.
    pub fn state(&self) -> (u64, u64) {
        (self.seed, self.gamma)
    }

    fn next_seed(&mut self) -> u64 {
        self.seed = self.seed.wrapping_add(self.gamma);
        self.seed
    }

    /// `nextLong()`.
    pub fn next_long(&mut self) -> i64 {
        let z = self.next_seed();
        self.mix(z) as i64
    }

    /// `nextInt()`: `mix32` for `SplittableRandom`, the high half of `mixMurmur64` for
    /// `ThreadLocalRandom`.
    pub fn next_int(&mut self) -> i32 {
        let z = self.next_seed();
        if self.thread_local {
            (mix_murmur64(z) >> 32) as i32
        } else {
            mix32(z)
        }
    }

    /// `nextDouble()` as its 53-bit integer: `nextLong() >>> 11` for `SplittableRandom`;
    /// `ThreadLocalRandom` (which inherits `java.util.Random`'s) takes `next(26)` and `next(27)`
    /// from two counters.
    pub fn next_double_bits(&mut self) -> u64 {
        if self.thread_local {
            let hi = self.next_bits(26) as u64;
            return (hi << 27) + self.next_bits(27) as u64;
        }
        self.next_long() as u64 >> 11
    }

    /// `nextDouble()`.
    pub fn next_double(&mut self) -> f64 {
        self.next_double_bits() as f64 / (1u64 << 53) as f64
    }

    /// `nextInt(bound)` of both (OpenJDK 17's `RandomSupport.boundedNextInt`): a
    /// power of two masks `nextInt()`, any other bound takes `(nextInt() >>> 1) % bound`,
    /// drawing again in the last partial block.
    ///
    /// # Panics
    /// If `bound <= 0`, as Java throws.
    pub fn next_int_bounded(&mut self, bound: i32) -> i32 {
        assert!(bound > 0, "bound must be positive");
        let r = self.next_int();
        let m = bound - 1;
        if bound & m == 0 {
            return r & m;
        }
        let mut u = ((r as u32) >> 1) as i32;
        loop {
            let r = u % bound;
            if u.wrapping_add(m).wrapping_sub(r) >= 0 {
                return r;
            }
            u = ((self.next_int() as u32) >> 1) as i32;
        }
    }

    /// `ThreadLocalRandom.next(bits)` (what its inherited `nextDouble()` draws from): the top
    /// `bits` of the mixed counter.
    pub fn next_bits(&mut self, bits: u32) -> i32 {
        let z = self.next_seed();
        (self.mix(z) >> (64 - bits)) as i32
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unmix64_inverts_mix64() {
        for z in [0u64, 1, GOLDEN_GAMMA, u64::MAX, 0x1234_5678_9ABC_DEF0] {
            assert_eq!(unmix64(mix64(z)), z);
            assert_eq!(mix64(unmix64(z)), z);
            assert_eq!(unmix_murmur64(mix_murmur64(z)), z);
        }
        assert_eq!(MIX64_A.wrapping_mul(inverse(MIX64_A)), 1);
    }
}
