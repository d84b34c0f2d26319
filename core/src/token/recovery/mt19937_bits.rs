//! MT19937 from partly observed outputs (Python's `random()` floats keep the top 27 and 26 bits
//! of two words, `getrandbits(8)` the top 8 of one): a linear system over GF(2).
//!
//! The untempered words obey `x[n+624] = x[n+397] ^ twist(upper(x[n]), lower(x[n+1]))` from any
//! starting point, and every output bit is a fixed XOR of bits of one word (the tempering is
//! linear), so each observed bit is one linear equation in the 19937 bits of the window's first
//! 624 words (the top bit of the first and all of the next 623). The first 624 words' own
//! observations are solved locally, word by word: what is left unknown of word `j` is its
//! `32 - known` free bits, about 3400 unknowns in all for floats instead of 19937. Later words
//! are tracked symbolically (each bit a vector over those unknowns and a constant) and their
//! observed bits reduce into the system until it has full rank; the solution is then the
//! concrete state, and every later observation is checked against it.

use crate::token::weak::{Mt19937, temper};

const N: usize = 624;
const MAG: u32 = 0x9908_b0df;

/// The most state bits a solution may leave open: each open bit is a direction the predictor
/// follows to tell which predicted bits it makes uncertain (a `'%.6f'` stream can leave a few
/// bits open that only ever reach digits it does not print).
pub(super) const MAX_OPEN: usize = 64;

/// What is known of one output word: the bits set in `mask` are those of `bits`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(super) struct Seen {
    pub mask: u32,
    pub bits: u32,
}

/// The outcome of [`solve`].
#[derive(Debug)]
pub(super) enum Solved {
    /// The generator, positioned after the last word seen, which every observation matches.
    State {
        rng: Box<Mt19937>,
        /// Words (from the window's start) whose bits the solution used.
        used_words: usize,
        /// Observed bits beyond those the solution needed (equations that reduced to `0 = 0`
        /// and the bits of later words), each a check the samples passed.
        checked_bits: usize,
        /// The state differences the samples leave open (at most [`MAX_OPEN`]), positioned
        /// likewise: an output bit is certain where every one of them gives 0.
        directions: Vec<Mt19937>,
        /// Unknowns solved for.
        unknowns: usize,
    },
    /// The observations leave `unknowns - rank` bits of the state open, over [`MAX_OPEN`].
    Open { rank: usize, unknowns: usize },
    /// Word `word`'s bits contradict the earlier ones.
    Inconsistent { word: usize },
}

/// `rows[b]`: the bits of an untempered word whose XOR is bit `b` of its output.
fn temper_rows() -> [u32; 32] {
    let mut rows = [0u32; 32];
    for i in 0..32 {
        let column = temper(1 << i);
        for (b, row) in rows.iter_mut().enumerate() {
            if column >> b & 1 == 1 {
                *row |= 1 << i;
            }
        }
    }
    rows
}

/// One of the first 624 words as its observations leave it: `base ^` the XOR of `effect[k]` over
/// the free bits `k` that are set.
struct LocalWord {
    base: u32,
    /// `(unknown, bits of the word it flips)`.
    free: Vec<(usize, u32)>,
}

/// Reduced row echelon form of a word's observed output bits: the word as constants and free
/// bits, numbered from `next`.
fn local_word(rows: &[u32; 32], seen: Seen, next: &mut usize) -> LocalWord {
    // (pivot column, mask over the word's bits, right-hand side)
    let mut pivots: Vec<(u32, u32, bool)> = Vec::new();
    for (b, &row) in rows.iter().enumerate() {
        if seen.mask >> b & 1 == 0 {
            continue;
        }
        let (mut m, mut r) = (row, seen.bits >> b & 1 == 1);
        for &(c, pm, pr) in &pivots {
            if m >> c & 1 == 1 {
                m ^= pm;
                r ^= pr;
            }
        }
        // The tempering is invertible: its rows are independent, so `m` is never 0 here.
        debug_assert!(m != 0);
        let c = 31 - m.leading_zeros();
        for p in &mut pivots {
            if p.1 >> c & 1 == 1 {
                p.1 ^= m;
                p.2 ^= r;
            }
        }
        pivots.push((c, m, r));
    }
    let pivot_cols: u32 = pivots.iter().fold(0, |acc, p| acc | 1 << p.0);
    let base = pivots
        .iter()
        .fold(0, |acc, &(c, _, r)| acc | u32::from(r) << c);
    let mut free = Vec::new();
    for f in 0..32 {
        if pivot_cols >> f & 1 == 1 {
            continue;
        }
        let flips = pivots
            .iter()
            .filter(|p| p.1 >> f & 1 == 1)
            .fold(1u32 << f, |acc, p| acc | 1 << p.0);
        free.push((*next, flips));
        *next += 1;
    }
    LocalWord { base, free }
}

/// Reduces `seen` (one entry per output word, in order; a zero mask for a word not seen) to the
/// state, stopping at full rank, then checks every later word against it.
pub(super) fn solve(seen: &[Seen]) -> Solved {
    let rows = temper_rows();
    // Unknown 0: the top bit of word 0 (its low 31 bits never reach a later word).
    let mut next = 1usize;
    let locals: Vec<LocalWord> = (1..N)
        .map(|j| local_word(&rows, seen.get(j).copied().unwrap_or_default(), &mut next))
        .collect();
    let unknowns = next;
    let konst = unknowns; // the column holding the constant (and an equation's right-hand side)
    let w = (unknowns + 1).div_ceil(64);
    let row = |slot: usize, bit: usize| (slot * 32 + bit) * w;
    let mut ring = vec![0u64; N * 32 * w];
    let set = |ring: &mut [u64], at: usize, col: usize| ring[at + col / 64] ^= 1 << (col % 64);
    set(&mut ring, row(0, 31), 0);
    for (j, local) in locals.iter().enumerate().map(|(i, l)| (i + 1, l)) {
        for bit in 0..32 {
            if local.base >> bit & 1 == 1 {
                set(&mut ring, row(j, bit), konst);
            }
        }
        for &(u, flips) in &local.free {
            for bit in 0..32 {
                if flips >> bit & 1 == 1 {
                    set(&mut ring, row(j, bit), u);
                }
            }
        }
    }

    let mut pivots: Vec<Option<Box<[u64]>>> = vec![None; unknowns];
    let (mut rank, mut redundant) = (0usize, 0usize);
    let mut fresh = vec![0u64; 32 * w];
    let mut eq = vec![0u64; w];
    let konst_word = konst / 64;
    let konst_bit = 1u64 << (konst % 64);
    let mut used_words = 0;
    for (j, s) in seen.iter().enumerate().skip(N) {
        let (old, one, mid) = (j % N, (j + 1) % N, (j + 397) % N);
        for bit in 0..32 {
            let out = &mut fresh[bit * w..(bit + 1) * w];
            out.copy_from_slice(&ring[row(mid, bit)..row(mid, bit) + w]);
            let y_next = match bit {
                0..=29 => Some(row(one, bit + 1)),
                30 => Some(row(old, 31)),
                _ => None,
            };
            if let Some(at) = y_next {
                for (o, r) in out.iter_mut().zip(&ring[at..at + w]) {
                    *o ^= r;
                }
            }
            if MAG >> bit & 1 == 1 {
                for (o, r) in out.iter_mut().zip(&ring[row(one, 0)..row(one, 0) + w]) {
                    *o ^= r;
                }
            }
        }
        ring[row(old, 0)..row(old, 0) + 32 * w].copy_from_slice(&fresh);
        used_words = j + 1;
        for (b, &r) in rows.iter().enumerate() {
            if s.mask >> b & 1 == 0 {
                continue;
            }
            eq.fill(0);
            for bit in 0..32 {
                if r >> bit & 1 == 1 {
                    for (e, f) in eq.iter_mut().zip(&fresh[bit * w..(bit + 1) * w]) {
                        *e ^= f;
                    }
                }
            }
            if s.bits >> b & 1 == 1 {
                eq[konst_word] ^= konst_bit;
            }
            loop {
                let top = (0..w).rev().find_map(|i| {
                    let word = if i == konst_word {
                        eq[i] & (konst_bit - 1)
                    } else {
                        eq[i]
                    };
                    (word != 0).then(|| i * 64 + 63 - word.leading_zeros() as usize)
                });
                let Some(top) = top else {
                    if eq[konst_word] & konst_bit != 0 {
                        return Solved::Inconsistent { word: j };
                    }
                    redundant += 1;
                    break;
                };
                match &pivots[top] {
                    Some(p) => {
                        for (e, q) in eq[..=top / 64].iter_mut().zip(&p[..=top / 64]) {
                            *e ^= q;
                        }
                        if top / 64 < konst_word {
                            eq[konst_word] ^= p[konst_word] & konst_bit;
                        }
                    }
                    None => {
                        pivots[top] = Some(eq.clone().into_boxed_slice());
                        rank += 1;
                        break;
                    }
                }
            }
        }
        if rank == unknowns {
            break;
        }
    }
    let open = unknowns - rank;
    if open > MAX_OPEN {
        return Solved::Open { rank, unknowns };
    }
    // Back substitution, lowest column first: a pivot row's other unknowns are all lower. The
    // particular solution sets the open unknowns to 0; each open unknown alone, with the
    // system made homogeneous, gives a direction the samples cannot see.
    let back_substitute = |free_one: Option<usize>, homogeneous: bool| {
        let mut value = vec![0u64; w];
        for (c, p) in pivots.iter().enumerate() {
            let bit = match p {
                None => free_one == Some(c),
                Some(p) => {
                    let mut parity = u32::from(!homogeneous && p[konst_word] & konst_bit != 0);
                    for (a, v) in p.iter().zip(&value) {
                        parity ^= (a & v).count_ones();
                    }
                    parity & 1 == 1
                }
            };
            if bit {
                value[c / 64] |= 1 << (c % 64);
            }
        }
        let solved = |u: usize| value[u / 64] >> (u % 64) & 1 == 1;
        let mut state = [0u32; N];
        state[0] = u32::from(solved(0)) << 31;
        for (j, local) in locals.iter().enumerate() {
            let base = if homogeneous { 0 } else { local.base };
            state[j + 1] = local
                .free
                .iter()
                .filter(|(u, _)| solved(*u))
                .fold(base, |acc, (_, flips)| acc ^ flips);
        }
        Mt19937::from_state(state)
    };
    let mut rng = back_substitute(None, false);
    let mut directions: Vec<Mt19937> = (0..unknowns)
        .filter(|&c| pivots[c].is_none())
        .map(|c| back_substitute(Some(c), true))
        .collect();
    let mut checked_bits = redundant;
    for (j, s) in seen.iter().enumerate().skip(N) {
        let out = rng.next_u32();
        if (out ^ s.bits) & s.mask != 0 {
            return Solved::Inconsistent { word: j };
        }
        for d in &mut directions {
            let shows = d.next_u32() & s.mask;
            debug_assert_eq!(shows, 0, "an open direction shows in word {j}");
        }
        if j >= used_words {
            checked_bits += s.mask.count_ones() as usize;
        }
    }
    Solved::State {
        rng: Box::new(rng),
        directions,
        used_words,
        checked_bits,
        unknowns,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn top_bytes_of_each_word_give_the_state() {
        let mut g = Mt19937::new(5489);
        let words: Vec<u32> = (0..3000).map(|_| g.next_u32()).collect();
        let seen: Vec<Seen> = words
            .iter()
            .map(|&w| Seen {
                mask: 0xff00_0000,
                bits: w & 0xff00_0000,
            })
            .collect();
        let Solved::State {
            mut rng,
            used_words,
            ..
        } = solve(&seen)
        else {
            panic!("not solved")
        };
        assert!(used_words < 3000, "{used_words}");
        assert_eq!(rng.next_u32(), g.next_u32());
    }

    #[test]
    fn too_few_bits_stay_open_and_a_flipped_bit_is_caught() {
        let mut g = Mt19937::new(1);
        let words: Vec<u32> = (0..700).map(|_| g.next_u32()).collect();
        let mut seen: Vec<Seen> = words
            .iter()
            .map(|&w| Seen {
                mask: u32::MAX,
                bits: w,
            })
            .collect();
        let Solved::State {
            checked_bits,
            used_words,
            ..
        } = solve(&seen[..650])
        else {
            panic!("not solved")
        };
        assert_eq!(used_words, N + 1);
        assert_eq!(checked_bits, 31 + 32 * (650 - N - 1));
        seen[650].bits ^= 1 << 7;
        assert!(matches!(solve(&seen), Solved::Inconsistent { word: 650 }));
        let half: Vec<Seen> = seen[..700]
            .iter()
            .map(|s| Seen {
                mask: 0xffff_0000,
                bits: s.bits & 0xffff_0000,
            })
            .collect();
        assert!(matches!(solve(&half), Solved::Open { .. }));
    }
}
