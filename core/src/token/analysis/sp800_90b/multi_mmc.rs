//! §6.3.9 Multi Markov Model with Counting prediction (NIST's
//! `binaryMultiMMCPredictionEstimate`, its version for bits).

use super::prediction;

/// Model orders 1 to 16.
const D: usize = 16;
/// At most this many (prefix, next bit) pairs a model.
const MAX_ENTRIES: u64 = 100_000;

/// 16 Markov models, of the last 1 to 16 bits, each predicting the bit that most often followed
/// its prefix (1 on ties); the model with the most correct predictions so far (ties to the
/// longer) predicts. A model whose prefix was never seen predicts nothing, nor do the longer.
pub fn multi_mmc(bits: &[bool]) -> Option<f64> {
    let len = bits.len();
    if len < 4 {
        return None;
    }
    let s = |i: usize| usize::from(bits[i]);
    // Model d (order d + 1): for each prefix (the latest bit lowest), the count of each next bit.
    let mut dict: Vec<Vec<u64>> = (0..D).map(|d| vec![0; 1 << (d + 2)]).collect();
    let mut entries = [0u64; D];
    let mut pattern = 0usize;
    for d in 0..D.min(len - 2) {
        pattern = pattern << 1 | s(d);
        dict[d][(pattern << 1) + s(d + 1)] = 1;
        entries[d] = 1;
    }

    let mut scoreboard = [0u64; D];
    let mut winner = 0;
    let (mut c, mut run, mut max_run) = (0u64, 0u64, 0u64);
    for i in 2..len {
        let y = s(i);
        let cur_winner = winner;
        let mut found = false;
        let mut pattern = 0usize;
        for d in 0..D.min(i - 1) {
            pattern |= s(i - d - 1) << d;
            let entry = &mut dict[d][pattern << 1..(pattern << 1) + 2];
            let mut prediction = 2;
            if d == 0 || found {
                let (p, count) = if entry[0] > entry[1] {
                    (0, entry[0])
                } else {
                    (1, entry[1])
                };
                prediction = p;
                found = count != 0;
            }
            if found {
                if prediction == y {
                    scoreboard[d] += 1;
                    if scoreboard[d] >= scoreboard[winner] {
                        winner = d;
                    }
                    if d == cur_winner {
                        c += 1;
                        run += 1;
                        max_run = max_run.max(run);
                    }
                } else if d == cur_winner {
                    run = 0;
                }
                if entry[y] != 0 {
                    entry[y] += 1;
                } else if entries[d] < MAX_ENTRIES {
                    entry[y] = 1;
                    entries[d] += 1;
                }
            } else if entries[d] < MAX_ENTRIES {
                entry[y] = 1;
                entries[d] += 1;
            }
        }
    }
    Some(prediction::estimate(c, (len - 2) as u64, max_run, 2))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_period_within_reach_is_learnt() {
        let s = crate::token::analysis::sp800_90b::tests::noise(100_000);
        assert!(multi_mmc(&s).unwrap() > 0.98);
        let p: Vec<bool> = (0..100_000).map(|i| s[i % 1000]).collect();
        assert!(multi_mmc(&p).unwrap() < 0.05);
        assert!(multi_mmc(&[true, false, true]).is_none());
        assert!(multi_mmc(&[true, false, true, true]).is_some());
    }
}
