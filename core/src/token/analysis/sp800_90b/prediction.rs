//! What the four predictors (§6.3.7-6.3.10) share: from the count of correct predictions and
//! the longest run of them to an estimate (steps 4-6 of each, NIST's `predictionEstimate`).

use super::{ZALPHA, bisect};

/// Correct predictions `c` out of `n`, the longest run of correct ones `max_run`, and an
/// alphabet of `k` symbols: `-log2(max(1/k, P'_global, P_local))`, with P_local the p whose
/// probability of no run longer than `max_run` in `n` trials is 0.99, searched (as NIST does,
/// by bisection above the other two) only when it can raise the maximum.
pub(super) fn estimate(c: u64, n: u64, max_run: u64, k: u32) -> f64 {
    let nf = n as f64;
    let p_global = c as f64 / nf;
    let p_global_prime = if p_global > 0.0 {
        (p_global + ZALPHA * (p_global * (1.0 - p_global) / (nf - 1.0)).sqrt()).min(1.0)
    } else {
        1.0 - 0.01f64.powf(1.0 / nf)
    };
    let mut cur_max = (1.0 / f64::from(k)).max(p_global_prime);
    let r = max_run + 1;
    let log_alpha = 0.99f64.ln();
    if cur_max < 1.0 && log_no_run(cur_max, r, n) > log_alpha {
        let p_local = bisect(|p| log_no_run(p, r, n), log_alpha, cur_max, 1.0, 1.0);
        cur_max = cur_max.max(p_local);
    }
    -cur_max.log2() + 0.0
}

/// log of the probability that `n` trials, each a success with probability `p`, have no run of
/// `r` successes (90B step 5's equation; NIST's `prediction_estimate_function`):
/// `log(1 - p·x) - log((r + 1 - r·x)·q) - (n + 1)·log(x)`, with x the fixed point of
/// x = 1 + q·p^r·x^(r+1), q = 1 - p, iterated from 1 as NIST does (66 steps at most). The
/// iteration runs on δ = x - 1, which keeps the digits that `log(x)` needs when x is close to 1
/// (NIST gets them from `long double`).
fn log_no_run(p: f64, r: u64, n: u64) -> f64 {
    /// `LDBL_EPSILON` of x87's `long double`, NIST's convergence test.
    const LDBL_EPSILON: f64 = 1.084_202_172_485_504_4e-19;
    let q = 1.0 - p;
    let rf = r as f64;
    let qpr = q * p.powf(rf);
    let (mut delta, mut last) = (0.0f64, -1.0f64); // x = 1, xlast = 0
    for _ in 0..=65 {
        if delta - last <= LDBL_EPSILON * (1.0 + delta) {
            break;
        }
        last = delta;
        delta = qpr * ((rf + 1.0) * delta.ln_1p()).exp();
    }
    (q - p * delta).ln() - ((1.0 - rf * delta) * q).ln() - (n as f64 + 1.0) * delta.ln_1p()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The same in plain `f64`, as NIST writes it (with x rather than δ).
    fn log_no_run_plain(p: f64, r: u64, n: u64) -> f64 {
        let (q, rf) = (1.0 - p, r as f64);
        let (mut x, mut last) = (1.0f64, 0.0f64);
        for _ in 0..=65 {
            if x - last <= 1e-19 * x {
                break;
            }
            last = x;
            x = 1.0 + q * p.powf(rf) * x.powf(rf + 1.0);
        }
        (1.0 - p * x).ln() - ((rf + 1.0 - rf * x) * q).ln() - (n as f64 + 1.0) * x.ln()
    }

    #[test]
    fn delta_form_agrees_with_the_plain_one() {
        for (p, r, n) in [(0.5, 20, 1_000_000), (0.6, 8, 100_000), (0.9, 40, 999_999)] {
            let (a, b) = (log_no_run(p, r, n), log_no_run_plain(p, r, n));
            assert!((a - b).abs() < 1e-8 * b.abs().max(1e-3), "{p} {r}: {a} {b}");
        }
    }

    #[test]
    fn no_run_probability_by_simulation_of_the_recurrence() {
        // P(no run of r successes in n trials) by the exact recurrence over the current run.
        let (p, r, n) = (0.7f64, 6usize, 2000usize);
        let mut dist = vec![0.0f64; r];
        dist[0] = 1.0;
        for _ in 0..n {
            let mut next = vec![0.0; r];
            let total: f64 = dist.iter().sum();
            next[0] = total * (1.0 - p);
            for k in 0..r - 1 {
                next[k + 1] = dist[k] * p;
            }
            dist = next;
        }
        let exact: f64 = dist.iter().sum::<f64>().ln();
        let approx = log_no_run(p, r as u64, n as u64);
        assert!(
            (exact - approx).abs() < 1e-3 * exact.abs(),
            "{exact} {approx}"
        );
    }

    #[test]
    fn perfect_and_hopeless_predictors() {
        assert_eq!(estimate(1000, 1000, 1000, 2), 0.0);
        // Never right: P'_global = 1 - 0.01^(1/n), under 1/2, and no run: one bit per bit.
        assert_eq!(estimate(0, 1000, 0, 2), 1.0);
    }
}
