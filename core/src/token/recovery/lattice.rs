//! Lattice reduction for truncated linear congruential generators: LLL (Lenstra, Lenstra and
//! Lovász, with the Schnorr-Euchner floating-point Gram-Schmidt update) over an exact integer
//! basis, and Kannan's embedding to find the state whose outputs keep only the top bits.
//!
//! For a generator `s' = a s + c mod 2^m` of which each output shows the top `k` bits, the
//! unknown low parts `e_i` of `n` consecutive states satisfy `e_i = a^i e_0 + d_i (mod 2^m)`;
//! they are a lattice point close to a known target, and when `n k` exceeds `m` by a margin
//! it is the closest one, found as the shortest vector of the embedded lattice.

/// An LLL-reduced copy of `basis` (rows), δ = 0.99.
pub(crate) fn lll(mut b: Vec<Vec<i128>>) -> Vec<Vec<i128>> {
    // The floating-point Gram-Schmidt data drift over many swaps: each round recomputes them
    // from the exact basis, until a round swaps nothing.
    for _ in 0..32 {
        if lll_round(&mut b) == 0 {
            break;
        }
    }
    b
}

/// One LLL pass from freshly computed Gram-Schmidt data; returns the swaps it made.
fn lll_round(b: &mut [Vec<i128>]) -> u64 {
    let n = b.len();
    if n < 2 {
        return 0;
    }
    // Gram-Schmidt: mu[i][j] and the squared norms of b*_i.
    let mut mu = vec![vec![0f64; n]; n];
    let mut bs = vec![0f64; n];
    let mut star: Vec<Vec<f64>> = Vec::with_capacity(n);
    for i in 0..n {
        let row: Vec<f64> = b[i].iter().map(|&x| x as f64).collect();
        let mut v = row.clone();
        for j in 0..i {
            if bs[j] > 0.0 {
                let along: f64 = row.iter().zip(&star[j]).map(|(p, q)| p * q).sum();
                mu[i][j] = along / bs[j];
            }
            for (x, s) in v.iter_mut().zip(&star[j]) {
                *x -= mu[i][j] * s;
            }
        }
        bs[i] = v.iter().map(|x| x * x).sum();
        star.push(v);
    }
    let mut k = 1;
    let mut swaps = 0u64;
    while k < n && swaps < 1_000_000 {
        // Size reduction of b_k.
        for j in (0..k).rev() {
            let q = mu[k][j].round();
            if q != 0.0 {
                let qi = q as i128;
                let (head, tail) = b.split_at_mut(k);
                for (x, y) in tail[0].iter_mut().zip(&head[j]) {
                    *x -= qi * y;
                }
                let (upper, lower) = mu.split_at_mut(k);
                for (x, y) in lower[0][..j].iter_mut().zip(&upper[j][..j]) {
                    *x -= q * y;
                }
                lower[0][j] -= q;
            }
        }
        let m = mu[k][k - 1];
        if bs[k] >= (0.99 - m * m) * bs[k - 1] {
            k += 1;
            continue;
        }
        // Swap b_k and b_{k-1}, updating the Gram-Schmidt data (Cohen, Algorithm 2.6.3).
        b.swap(k, k - 1);
        swaps += 1;
        let big = bs[k] + m * m * bs[k - 1];
        if big == 0.0 {
            k = (k - 1).max(1);
            continue;
        }
        let new_m = m * bs[k - 1] / big;
        bs[k] = bs[k - 1] * bs[k] / big;
        bs[k - 1] = big;
        let (upper, lower) = mu.split_at_mut(k);
        upper[k - 1][..k - 1].swap_with_slice(&mut lower[0][..k - 1]);
        mu[k][k - 1] = new_m;
        for row in mu.iter_mut().skip(k + 1) {
            let t = row[k];
            row[k] = row[k - 1] - m * t;
            row[k - 1] = t + new_m * row[k];
        }
        k = (k - 1).max(1);
    }
    swaps
}

/// The state `s_0` of `s' = a s + c mod 2^bits` whose consecutive states have the top bits
/// `tops[i] = s_i >> shift`, found by Kannan's embedding; `None` when the reduced lattice does
/// not give one that reproduces every `tops` (too few outputs for the bits they hide).
pub(crate) fn truncated_lcg(a: u64, c: u64, bits: u32, shift: u32, tops: &[u64]) -> Option<u64> {
    let n = tops.len();
    if n < 2 || shift == 0 || shift >= bits || bits > 63 {
        return None;
    }
    let m = 1i128 << bits;
    let mask = (1u64 << bits) - 1;
    let center = 1i128 << (shift - 1);
    let t: Vec<u64> = tops.iter().map(|&y| (y << shift) & mask).collect();
    // s_i = a_i s_0 + c_i.
    let (mut ai, mut ci) = (1u64, 0u64);
    let mut mult = Vec::with_capacity(n);
    let mut target = Vec::with_capacity(n);
    for &ti in &t {
        mult.push(i128::from(ai));
        // e_i = a_i e_0 + d_i (mod 2^bits), d_i = a_i t_0 + c_i - t_i.
        let d = (ai.wrapping_mul(t[0]).wrapping_add(ci).wrapping_sub(ti)) & mask;
        let mut w = (center - i128::from(d)).rem_euclid(m);
        if w > m / 2 {
            w -= m;
        }
        target.push(w);
        ai = ai.wrapping_mul(a) & mask;
        ci = ci.wrapping_mul(a).wrapping_add(c) & mask;
    }
    let mut basis = Vec::with_capacity(n + 1);
    let mut first = mult.clone();
    first.push(0);
    basis.push(first);
    for i in 1..n {
        let mut row = vec![0i128; n + 1];
        row[i] = m;
        basis.push(row);
    }
    let mut embed: Vec<i128> = target.iter().map(|w| -w).collect();
    embed.push(center);
    basis.push(embed);
    let reduced = lll(basis);
    let fits = |s0: u64| {
        let mut s = s0;
        tops.iter().all(|&y| {
            let ok = s >> shift == y;
            s = s.wrapping_mul(a).wrapping_add(c) & mask;
            ok
        })
    };
    reduced.iter().find_map(|row| {
        let sign = match row[n] {
            w if w == center => 1,
            w if w == -center => -1,
            _ => return None,
        };
        let e0 = sign * row[0] + center;
        if !(0..1i128 << shift).contains(&e0) {
            return None;
        }
        let s0 = t[0] | e0 as u64;
        fits(s0).then_some(s0)
    })
}

/// Samples [`truncated_lcg`] takes for `java.util.Random` outputs of `k` top bits (2 to 16):
/// half as many again as carry the 48 bits. Measured over 100 states each: every state found
/// for k = 3 to 24; for k = 2 about three in four per window, so more samples (more windows)
/// help; k = 1 is never found (the lattice has shorter vectors than the hidden bits).
pub(crate) fn java_top_bits_samples(k: u32) -> usize {
    72usize.div_ceil(k.max(1) as usize).max(3)
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: u64 = 0x5_DEEC_E66D;
    const C: u64 = 0xB;
    const MASK: u64 = (1 << 48) - 1;

    fn tops(s0: u64, k: u32, n: usize) -> Vec<u64> {
        let mut s = s0;
        (0..n)
            .map(|_| {
                let y = s >> (48 - k);
                s = (s.wrapping_mul(A).wrapping_add(C)) & MASK;
                y
            })
            .collect()
    }

    #[test]
    fn java_random_states_from_their_top_bits() {
        let mut x = 0x1234_5678_9ABCu64;
        for k in 3u32..=16 {
            let n = java_top_bits_samples(k);
            for _ in 0..5 {
                x = x.wrapping_mul(0x9E37_79B9_7F4A_7C15).rotate_left(17) & MASK;
                assert_eq!(
                    truncated_lcg(A, C, 48, 48 - k, &tops(x, k, n)),
                    Some(x),
                    "k {k}"
                );
            }
        }
        // Too few outputs for the hidden bits: one of the many states that fit, never one
        // that does not.
        for n in [2, 8] {
            let few = tops(x, 4, n);
            if let Some(s) = truncated_lcg(A, C, 48, 44, &few) {
                assert_eq!(tops(s, 4, n), few);
            }
        }
        assert_eq!(truncated_lcg(A, C, 48, 44, &tops(x, 4, 1)), None);
    }

    #[test]
    fn lll_reduces_a_textbook_basis() {
        // Cohen's example (determinant 3): the reduced basis starts with a vector of norm 1,
        // spans the same lattice, and meets the Lovasz condition.
        let reduced = lll(vec![vec![1, 1, 1], vec![-1, 0, 2], vec![3, 5, 6]]);
        let det = |m: &[Vec<i128>]| {
            m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1])
                - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
                + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0])
        };
        assert_eq!(det(&reduced).abs(), 3, "{reduced:?}");
        assert_eq!(
            reduced[0].iter().map(|x| x * x).sum::<i128>(),
            1,
            "{reduced:?}"
        );
        assert_eq!(lll_round(&mut reduced.clone()), 0);
    }
}
