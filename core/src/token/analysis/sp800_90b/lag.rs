//! §6.3.8 Lag prediction (NIST's `lag_test`).

use super::prediction;

/// Lags 1 to 128.
const D: usize = 128;

/// 128 predictors, each the bit d places back, and the one with the most correct predictions
/// so far (ties to the longer lag) predicts. The lags that would have been right are the set
/// bits of a 128-bit history, visited from the shortest, the order of NIST's ring buffers.
pub fn lag(bits: &[bool]) -> Option<f64> {
    let len = bits.len();
    if len < 3 {
        return None;
    }
    let mut scoreboard = [0u64; D];
    let (mut winner, mut high) = (0usize, 0u64);
    let (mut c, mut run, mut max_run) = (0u64, 0u64, 0u64);
    // Bit d: bits[i - 1 - d].
    let mut history = u128::from(bits[0]);
    for i in 1..len {
        let cur = bits[i];
        if cur == bits[i - winner - 1] {
            c += 1;
            run += 1;
            max_run = max_run.max(run);
        } else {
            run = 0;
        }
        let valid = if i >= D { u128::MAX } else { (1u128 << i) - 1 };
        let mut hits = (if cur { history } else { !history }) & valid;
        while hits != 0 {
            let d = hits.trailing_zeros() as usize;
            hits &= hits - 1;
            scoreboard[d] += 1;
            if scoreboard[d] >= high {
                winner = d;
                high = scoreboard[d];
            }
        }
        history = history << 1 | u128::from(cur);
    }
    Some(prediction::estimate(c, (len - 1) as u64, max_run, 2))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The predictor as 90B writes it: every lag checked every time.
    fn lag_direct(bits: &[bool]) -> (u64, u64) {
        let mut scoreboard = [0u64; D];
        let (mut winner, mut high, mut c, mut run, mut max_run) = (0, 0, 0, 0, 0);
        for i in 1..bits.len() {
            if bits[i] == bits[i - winner - 1] {
                c += 1;
                run += 1;
                max_run = u64::max(max_run, run);
            } else {
                run = 0;
            }
            for d in 0..D.min(i) {
                if bits[i - d - 1] == bits[i] {
                    scoreboard[d] += 1;
                    if scoreboard[d] >= high {
                        (winner, high) = (d, scoreboard[d]);
                    }
                }
            }
        }
        (c, max_run)
    }

    #[test]
    fn matches_the_direct_predictor() {
        let s = crate::token::analysis::sp800_90b::tests::noise(20_000);
        let (c, max_run) = lag_direct(&s);
        let want = prediction::estimate(c, 19_999, max_run, 2);
        assert_eq!(lag(&s), Some(want));
        // Period 100: lag 100 wins.
        let p: Vec<bool> = (0..20_000).map(|i| s[i % 100]).collect();
        assert!(lag(&p).unwrap() < 0.01);
    }
}
