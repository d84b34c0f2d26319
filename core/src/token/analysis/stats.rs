//! The few distributions the tests need: the normal tail (through `erfc`) and the chi-square
//! distribution (through the regularized incomplete gamma function), to double precision.
//!
//! Written here rather than pulled from a crate because four functions suffice; the algorithms
//! are the classic ones (Lanczos for ln Γ, series and Lentz continued fraction for the
//! incomplete gamma function, Numerical Recipes §6.1-6.2).

/// ln Γ(x) for x > 0 (Lanczos, g = 7, nine coefficients: about 15 significant digits).
fn ln_gamma(x: f64) -> f64 {
    const COEF: [f64; 9] = [
        0.999_999_999_999_809_9,
        676.520_368_121_885_1,
        -1_259.139_216_722_402_8,
        771.323_428_777_653_1,
        -176.615_029_162_140_6,
        12.507_343_278_686_905,
        -0.138_571_095_265_720_12,
        9.984_369_578_019_572e-6,
        1.505_632_735_149_311_6e-7,
    ];
    if x < 0.5 {
        // Reflection keeps the approximation in its accurate range.
        let pi = std::f64::consts::PI;
        return (pi / (pi * x).sin()).ln() - ln_gamma(1.0 - x);
    }
    let x = x - 1.0;
    let t = x + 7.5;
    let sum = COEF[1..]
        .iter()
        .enumerate()
        .fold(COEF[0], |acc, (i, c)| acc + c / (x + i as f64 + 1.0));
    0.5 * (2.0 * std::f64::consts::PI).ln() + (x + 0.5) * t.ln() - t + sum.ln()
}

/// The regularized lower and upper incomplete gamma functions `(P(a, x), Q(a, x))`.
fn incomplete_gamma(a: f64, x: f64) -> (f64, f64) {
    if x.is_nan() || x <= 0.0 {
        return (0.0, 1.0);
    }
    let log_prefix = -x + a * x.ln() - ln_gamma(a);
    if x < a + 1.0 {
        // Series: converges quickly below the mean.
        let (mut ap, mut del) = (a, 1.0 / a);
        let mut sum = del;
        for _ in 0..10_000 {
            ap += 1.0;
            del *= x / ap;
            sum += del;
            if del.abs() < sum.abs() * 1e-16 {
                break;
            }
        }
        let p = (sum.ln() + log_prefix).exp().clamp(0.0, 1.0);
        (p, 1.0 - p)
    } else {
        // Continued fraction (modified Lentz): accurate in the upper tail, where the p-values
        // that matter live, down to the smallest positive double.
        const TINY: f64 = 1e-300;
        let mut b = x + 1.0 - a;
        let mut c = 1.0 / TINY;
        let mut d = 1.0 / b;
        let mut h = d;
        for i in 1..10_000 {
            let an = -(i as f64) * (i as f64 - a);
            b += 2.0;
            d = an * d + b;
            if d.abs() < TINY {
                d = TINY;
            }
            c = b + an / c;
            if c.abs() < TINY {
                c = TINY;
            }
            d = 1.0 / d;
            let del = d * c;
            h *= del;
            if (del - 1.0).abs() < 1e-16 {
                break;
            }
        }
        let q = (h.ln() + log_prefix).exp().clamp(0.0, 1.0);
        (1.0 - q, q)
    }
}

/// The complementary error function.
pub(crate) fn erfc(x: f64) -> f64 {
    // erfc(x) = Q(1/2, x²) for x ≥ 0.
    let q = incomplete_gamma(0.5, x * x).1;
    if x >= 0.0 { q } else { 2.0 - q }
}

/// The two-sided p-value of a standard normal score.
pub(crate) fn normal_two_sided(z: f64) -> f64 {
    erfc(z.abs() / std::f64::consts::SQRT_2)
}

/// P(X ≤ x) for X ~ χ²(df).
pub(crate) fn chi_square_cdf(x: f64, df: f64) -> f64 {
    incomplete_gamma(df / 2.0, x / 2.0).0
}

/// P(X ≥ x) for X ~ χ²(df): the p-value of a goodness-of-fit statistic.
pub(crate) fn chi_square_sf(x: f64, df: f64) -> f64 {
    incomplete_gamma(df / 2.0, x / 2.0).1
}

/// The two-sided p-value of a count `c` under a Poisson distribution of mean `mean`:
/// twice the smaller tail, P(X ≤ c) = Q(c + 1, mean) and P(X ≥ c) = P(c, mean).
pub(crate) fn poisson_two_sided(c: u64, mean: f64) -> f64 {
    let lower = incomplete_gamma(c as f64 + 1.0, mean).1;
    let upper = if c == 0 {
        1.0
    } else {
        incomplete_gamma(c as f64, mean).0
    };
    (2.0 * lower.min(upper)).min(1.0)
}

/// Pearson's statistic of `counts` against equal expected counts, and its p-value
/// (χ² with `counts.len() - 1` degrees of freedom). One cell or no data: p = 1.
pub(crate) fn uniform_chi_square(counts: &[u32]) -> (f64, f64) {
    let total: u64 = counts.iter().map(|&c| u64::from(c)).sum();
    if counts.len() < 2 || total == 0 {
        return (0.0, 1.0);
    }
    let expected = total as f64 / counts.len() as f64;
    let stat: f64 = counts
        .iter()
        .map(|&c| (f64::from(c) - expected).powi(2) / expected)
        .sum();
    (stat, chi_square_sf(stat, (counts.len() - 1) as f64))
}

/// Bonferroni: the smallest of `m` p-values, scaled by `m` so that the combination is still a
/// valid p-value whatever the dependence between the tests.
pub(crate) fn bonferroni(ps: &[f64]) -> f64 {
    let min = ps.iter().copied().fold(1.0_f64, f64::min);
    (min * ps.len() as f64).min(1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64, rel: f64) -> bool {
        (a - b).abs() <= rel * b.abs()
    }

    #[test]
    fn erfc_matches_tables() {
        assert!(close(erfc(0.0), 1.0, 1e-14));
        assert!(close(erfc(0.5), 0.479_500_122_186_953_5, 1e-12));
        assert!(close(erfc(2.0), 0.004_677_734_981_047_266, 1e-12));
        assert!(close(erfc(5.0), 1.537_459_794_428_035e-12, 1e-10));
        assert!(close(erfc(-1.0), 1.842_700_792_949_715, 1e-12));
        assert!(close(normal_two_sided(2.575_829_303_549), 0.01, 1e-9));
    }

    #[test]
    fn chi_square_matches_tables() {
        // χ²(15) at 30.5779 is the 1% upper quantile; χ²(1) at 3.8415 the 5% one.
        assert!(close(chi_square_sf(30.577_914, 15.0), 0.01, 1e-6));
        assert!(close(chi_square_sf(3.841_459, 1.0), 0.05, 1e-6));
        assert!(close(chi_square_cdf(5.229_349, 15.0), 0.01, 1e-5));
        assert_eq!(chi_square_sf(0.0, 3.0), 1.0);
        assert!(chi_square_sf(1e6, 15.0) < 1e-300);
    }

    #[test]
    fn poisson_tails() {
        // Mean 2: P(X = 0) = e^-2, P(X ≥ 6) = 0.016563608.
        assert!(close(
            poisson_two_sided(0, 2.0),
            2.0 * (-2.0f64).exp(),
            1e-12
        ));
        assert!(close(poisson_two_sided(6, 2.0), 2.0 * 0.016_563_608, 1e-6));
        assert_eq!(poisson_two_sided(2, 2.0), 1.0);
    }

    #[test]
    fn uniform_counts() {
        assert_eq!(uniform_chi_square(&[5, 5, 5, 5]), (0.0, 1.0));
        let (stat, p) = uniform_chi_square(&[10, 0]);
        assert_eq!(stat, 10.0);
        assert!(close(p, 0.001_565_402_258_002_549_4, 1e-9));
        assert_eq!(bonferroni(&[0.2, 0.01, 0.5]), 0.03);
    }
}
