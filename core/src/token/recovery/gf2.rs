//! Linear algebra over GF(2) for generators whose outputs are linear in a state of at most 128
//! bits (xorshift128+): each state bit is tracked as the set of unknown initial bits it is the
//! XOR of (a `u128` mask), and every observed output bit is one equation.

/// A 64-bit word whose bits are linear forms in 128 unknowns: bit `i` is the XOR of the
/// unknowns set in `self.0[i]`.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) struct SymWord(pub [u128; 64]);

impl SymWord {
    /// The word made of unknowns `offset..offset + 64`.
    pub fn unknowns(offset: u32) -> Self {
        SymWord(std::array::from_fn(|i| 1u128 << (offset as usize + i)))
    }

    pub fn shl(&self, k: usize) -> Self {
        SymWord(std::array::from_fn(
            |i| if i >= k { self.0[i - k] } else { 0 },
        ))
    }

    pub fn shr(&self, k: usize) -> Self {
        SymWord(std::array::from_fn(|i| {
            if i + k < 64 { self.0[i + k] } else { 0 }
        }))
    }

    pub fn xor(&self, other: &Self) -> Self {
        SymWord(std::array::from_fn(|i| self.0[i] ^ other.0[i]))
    }

    /// The concrete word for a solution `x` of the unknowns.
    #[cfg(test)]
    pub fn eval(&self, x: u128) -> u64 {
        self.0.iter().enumerate().fold(0, |acc, (i, m)| {
            acc | (u64::from((m & x).count_ones() & 1) << i)
        })
    }
}

/// A system of linear equations over GF(2) in 128 unknowns, reduced as it is built.
pub(crate) struct System {
    /// `pivots[b]`: an equation whose highest unknown is `b`.
    pivots: [Option<(u128, bool)>; 128],
    rank: usize,
    /// Equations that reduced to `0 = 0`: each one a check the samples passed.
    pub redundant: usize,
}

/// An equation reduced to `0 = 1`: no assignment satisfies the system.
#[derive(Debug)]
pub(crate) struct Inconsistent;

impl System {
    pub fn new() -> Self {
        System {
            pivots: [None; 128],
            rank: 0,
            redundant: 0,
        }
    }

    pub fn rank(&self) -> usize {
        self.rank
    }

    /// Adds `mask · x = rhs`.
    pub fn add(&mut self, mut mask: u128, mut rhs: bool) -> Result<(), Inconsistent> {
        while mask != 0 {
            let top = 127 - mask.leading_zeros() as usize;
            match self.pivots[top] {
                Some((m, r)) => {
                    mask ^= m;
                    rhs ^= r;
                }
                None => {
                    self.pivots[top] = Some((mask, rhs));
                    self.rank += 1;
                    return Ok(());
                }
            }
        }
        if rhs {
            Err(Inconsistent)
        } else {
            self.redundant += 1;
            Ok(())
        }
    }

    /// The one solution, once the rank is 128.
    pub fn solve(&self) -> Option<u128> {
        if self.rank < 128 {
            return None;
        }
        let mut x = 0u128;
        for b in 0..128 {
            let (m, r) = self.pivots[b]?;
            // Every other unknown in `m` is below `b`, already solved.
            let rest = (m & !(1u128 << b) & x).count_ones() & 1 == 1;
            if r ^ rest {
                x |= 1 << b;
            }
        }
        Some(x)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn solves_a_random_full_rank_system_and_rejects_a_contradiction() {
        let secret: u128 = 0x0123_4567_89ab_cdef_fedc_ba98_7654_3210;
        let mut sys = System::new();
        let mut m: u128 = 0x9e37_79b9_7f4a_7c15_f39c_c060_5ced_c834;
        let mut n = 0;
        // An LCG, not a xorshift: a linear sequence's rows may span less than all 128 bits.
        while sys.rank() < 128 {
            assert!(n < 1000, "rank {} after {n} rows", sys.rank());
            m = m
                .wrapping_mul(0x2360_ed05_1fc6_5da4_4385_df64_9fcc_f645)
                .wrapping_add(0x5851_f42d_4c95_7f2d_1405_7b7e_f767_814f);
            let row = m ^ (m >> 64);
            sys.add(row, (row & secret).count_ones() & 1 == 1).unwrap();
            n += 1;
        }
        assert_eq!(sys.solve(), Some(secret));
        assert_eq!(sys.redundant, n - 128);
        let row = m ^ (m >> 64);
        let wrong = (row & secret).count_ones() & 1 == 0;
        assert!(sys.add(row, wrong).is_err());
    }

    #[test]
    fn symbolic_words_evaluate_like_concrete_ones() {
        let x: u128 = 0xdead_beef_0000_1111_2222_3333_4444_5555;
        let (a, b) = (SymWord::unknowns(0), SymWord::unknowns(64));
        let sym = a.shl(23).xor(&b.shr(26)).xor(&a);
        let (ca, cb) = (x as u64, (x >> 64) as u64);
        assert_eq!(sym.eval(x), (ca << 23) ^ (cb >> 26) ^ ca);
    }
}
