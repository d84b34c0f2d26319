//! §6.3.7 Multi Most Common in Window prediction (NIST's `multi_mcw_test`).

use super::prediction;

/// The windows.
const W: [usize; 4] = [63, 255, 1023, 4095];

/// Four predictors, each the most common bit of the last w (ties to the most recent), and the
/// one with the most correct predictions so far (ties to the longer window) predicts.
pub fn multi_mcw(bits: &[bool]) -> Option<f64> {
    let len = bits.len();
    if len < W[3] + 1 {
        return None;
    }
    let s = |i: usize| usize::from(bits[i]);
    let mut win_cnts = [[0i64; 2]; 4];
    let mut win_poses = [[0usize; 2]; 4];
    let mut max_cnts = [0i64; 4];
    let mut frequent = [0usize; 4];
    let mut scoreboard = [0u64; 4];
    let mut winner = 0;
    let (mut c, mut run, mut max_run) = (0u64, 0u64, 0u64);

    for i in 0..W[3] {
        let x = s(i);
        for j in 0..4 {
            if i < W[j] {
                win_cnts[j][x] += 1;
                if max_cnts[j] <= win_cnts[j][x] {
                    max_cnts[j] = win_cnts[j][x];
                    frequent[j] = x;
                }
                win_poses[j][x] = i;
            }
        }
    }

    for i in W[0]..len {
        let x = s(i);
        if frequent[winner] == x {
            c += 1;
            run += 1;
            max_run = max_run.max(run);
        } else {
            run = 0;
        }
        for j in 0..4 {
            if i >= W[j] && frequent[j] == x {
                scoreboard[j] += 1;
                if scoreboard[j] >= scoreboard[winner] {
                    winner = j;
                }
            }
        }
        for j in 0..4 {
            if i < W[j] {
                continue;
            }
            let old = s(i - W[j]);
            win_cnts[j][old] -= 1;
            win_cnts[j][x] += 1;
            win_poses[j][x] = i;
            if old != frequent[j] && max_cnts[j] <= win_cnts[j][x] {
                max_cnts[j] = win_cnts[j][x];
                frequent[j] = x;
            } else if old == frequent[j] {
                max_cnts[j] -= 1;
                let mut max_pos = i - W[j];
                for k in 0..2 {
                    if max_cnts[j] < win_cnts[j][k]
                        || (max_cnts[j] == win_cnts[j][k] && max_pos <= win_poses[j][k])
                    {
                        max_cnts[j] = win_cnts[j][k];
                        frequent[j] = k;
                        max_pos = win_poses[j][k];
                    }
                }
            }
        }
    }
    Some(prediction::estimate(c, (len - W[0]) as u64, max_run, 2))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn biased_blocks_are_predicted() {
        // Long blocks of one bit: the short window follows them.
        let s: Vec<bool> = (0..100_000).map(|i| (i / 5000) % 2 == 0).collect();
        assert!(multi_mcw(&s).unwrap() < 0.05);
        assert_eq!(multi_mcw(&s[..4095]), None);
        assert!(multi_mcw(&s[..4096]).is_some());
    }
}
