//! PHP's `lcg_value()` (and `uniqid('', true)`'s fraction): L'Ecuyer's combined LCG,
//! `z = s1 - s2 (mod 2147483562)` times `4.656613e-10`, with `s1` and `s2` two 31-bit LCGs of
//! different moduli.
//!
//! A printed value gives `z` exactly (`%.17g`, `echo` at `precision = 14`, `var_export`), 31 of
//! the state's 62 bits: every `s1` is tried (2^31), `s2` then follows from `z` (two ways, with
//! and without the wrap), and the second value is checked. Stepping `s1` by one steps both
//! successors by their multipliers, so the loop is additions and compares, on every core.

use std::ops::RangeInclusive;

use super::{Model, Recovered, RecoveredState, RecoveryError, parse_all};
use crate::token::weak::{PhpCombinedLcg, c_format_g};

const M1: i64 = 2_147_483_563;
const M2: i64 = 2_147_483_399;
const A1: i64 = 40_014;
const A2: i64 = 40_692;
const WRAP: i64 = 2_147_483_562;
pub(super) const SCALE: f64 = 4.656613e-10;

/// How the values are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LcgFormat {
    /// `sprintf('%.17g', lcg_value())`.
    G17,
    /// `echo lcg_value()` (`precision = 14`).
    Echo,
    /// `var_export` / `json_encode` (`serialize_precision = -1`: the shortest repr).
    Shortest,
}

impl LcgFormat {
    fn print(self, x: f64) -> String {
        match self {
            LcgFormat::G17 => c_format_g(x, 17),
            LcgFormat::Echo => c_format_g(x, 14),
            LcgFormat::Shortest => format!("{x}"),
        }
    }
}

/// The states that fit, positioned after the last sample.
#[derive(Debug, Clone)]
pub struct LcgRecovery {
    /// The printings every sample is consistent with (first: the most specific); predictions
    /// stop where they would print a value differently.
    pub formats: Vec<LcgFormat>,
    /// Every fitting generator.
    pub fits: Vec<PhpCombinedLcg>,
    /// `s1` candidates tried.
    pub tried: u64,
}

impl LcgRecovery {
    /// The samples' printing, when only one fits them.
    pub fn format(&self) -> Option<LcgFormat> {
        (self.formats.len() == 1).then(|| self.formats[0])
    }

    /// The value as every printing the samples allow prints it, unless they differ.
    fn print(&self, x: f64) -> Option<String> {
        let first = self.formats[0].print(x);
        self.formats
            .iter()
            .all(|f| f.print(x) == first)
            .then_some(first)
    }

    /// The next `k` values, up to the first on which the fits or the printings differ.
    pub(super) fn predict(&self, k: usize) -> Vec<String> {
        let mut gens = self.fits.clone();
        let mut out = Vec::new();
        for _ in 0..k {
            let values: Vec<Option<String>> =
                gens.iter_mut().map(|g| self.print(g.next_f64())).collect();
            match values.first() {
                Some(Some(v)) if values.iter().all(|o| o.as_ref() == Some(v)) => {
                    out.push(v.clone());
                }
                _ => break,
            }
        }
        out
    }

    /// Each of the next `k` values' possible printings (none where the printings differ).
    pub(super) fn candidates(&self, k: usize) -> Vec<Vec<String>> {
        let mut c = super::per_output(&self.fits, k, |g| {
            self.print(g.next_f64()).unwrap_or_default()
        });
        for values in &mut c {
            values.retain(|v| !v.is_empty());
        }
        c
    }

    pub(super) fn describe(&self) -> String {
        match self.fits.as_slice() {
            [g] => {
                let (s1, s2) = g.state();
                let printing = match self.format() {
                    Some(f) => format!("{f:?} printing"),
                    None => format!(
                        "the samples print alike in {:?}: predictions stop where those differ",
                        self.formats
                    ),
                };
                format!(
                    "combined LCG state s1 = {s1}, s2 = {s2} after the last sample ({printing})"
                )
            }
            fits => format!("{} combined LCG states fit", fits.len()),
        }
    }
}

/// `z` of a printed value, when the printing pins it down.
fn parse_z(s: &str) -> Option<i64> {
    let x: f64 = s.parse().ok()?;
    if !(x > 0.0 && x < 1.0) {
        return None;
    }
    // The printing must have enough digits to name z: its last digit's half unit under half a
    // step of z.
    let (mantissa, exp) = match s.split_once(['e', 'E']) {
        Some((m, e)) => (m, e.parse::<i32>().ok()?),
        None => (s, 0),
    };
    let decimals = mantissa.split_once('.').map_or(0, |(_, f)| f.len()) as i32 - exp;
    if 0.5 * 10f64.powi(-decimals) >= SCALE / 2.0 {
        return None;
    }
    let z = (x / SCALE).round();
    ((x / SCALE - z).abs() < 0.25 && (1.0..WRAP as f64 + 1.0).contains(&z)).then_some(z as i64)
}

/// The `(s1, s2)` states right after a first value with `z` in `z1` whose next value has `z` in
/// `z2` (a printing with fewer digits leaves a range of `z`).
pub(super) fn search(
    z1: RangeInclusive<i64>,
    z2: RangeInclusive<i64>,
    threads: usize,
) -> Vec<(i64, i64)> {
    // s2 = s1 - z1 (no wrap) for s1 in z1+1 ..= z1+M2-1, or s2 = s1 - z1 + WRAP (wrapped) for
    // s1 in 1 ..= z1 - 164 (s2 < M2); both within 1..M1.
    let runs = z1.flat_map(|z1| {
        [
            ((z1 + 1).max(1), (z1 + M2 - 1).min(M1 - 1), -z1),
            (1, (z1 + M2 - 1 - WRAP).min(M1 - 1), WRAP - z1),
        ]
    });
    let z2 = (*z2.start(), *z2.end());
    let mut parts = Vec::new();
    for (lo, hi, offset) in runs {
        if lo > hi {
            continue;
        }
        let per = ((hi - lo + 1) as u64).div_ceil(threads as u64) as i64;
        let mut start = lo;
        while start <= hi {
            let end = (start + per - 1).min(hi);
            parts.push((start, end, offset));
            start = end + 1;
        }
    }
    let mut hits: Vec<(i64, i64)> = std::thread::scope(|scope| {
        let handles: Vec<_> = parts
            .into_iter()
            .map(|(lo, hi, offset)| scope.spawn(move || run(lo, hi, offset, z2)))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("an lcg search thread panicked"))
            .collect()
    });
    hits.sort_unstable();
    hits
}

/// `s1` in `lo..=hi` with `s2 = s1 + offset`: the pairs whose next output is in `z2lo..=z2hi`.
fn run(lo: i64, hi: i64, offset: i64, (z2lo, z2hi): (i64, i64)) -> Vec<(i64, i64)> {
    let mut hits = Vec::new();
    let (mut t1, mut t2) = ((A1 * lo) % M1, (A2 * (lo + offset)) % M2);
    for s1 in lo..=hi {
        let mut z = t1 - t2;
        if z < 1 {
            z += WRAP;
        }
        if z >= z2lo && z <= z2hi {
            hits.push((s1, s1 + offset));
        }
        t1 += A1;
        if t1 >= M1 {
            t1 -= M1;
        }
        t2 += A2;
        if t2 >= M2 {
            t2 -= M2;
        }
    }
    hits
}

pub(super) fn recover(samples: &[&str]) -> Result<Recovered, RecoveryError> {
    let model = Model::PhpLcgValue;
    let zs = parse_all(
        samples,
        "an lcg_value() printed with enough digits (%.17g, echo, var_export)",
        parse_z,
    )?;
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get().clamp(1, 16));
    let tried = M1 as u64;
    let mut fits: Vec<PhpCombinedLcg> = search(zs[0]..=zs[0], zs[1]..=zs[1], threads)
        .into_iter()
        .map(|(s1, s2)| {
            let mut g = PhpCombinedLcg::new(s1 as i32, s2 as i32);
            g.next_f64(); // the second sample, which the search matched
            g
        })
        .collect();
    for &z in &zs[2..] {
        fits.retain_mut(|g| (g.next_f64() / SCALE).round() as i64 == z);
    }
    if fits.is_empty() {
        return Err(RecoveryError::NoState {
            model,
            reason: "no combined LCG state gives these consecutive values".to_owned(),
        });
    }
    let mut formats: Vec<LcgFormat> = [LcgFormat::G17, LcgFormat::Echo, LcgFormat::Shortest]
        .into_iter()
        .filter(|f| {
            zs.iter()
                .zip(samples)
                .all(|(&z, s)| f.print(z as f64 * SCALE) == *s)
        })
        .collect();
    if formats.is_empty() {
        // Printed some other way that still names z (more digits, other trimming): %.17g.
        formats.push(LcgFormat::G17);
    }
    let used = 2.min(samples.len());
    Ok(Recovered {
        model,
        samples_used: used,
        samples_checked: samples.len() - used,
        work: tried,
        work_unit: "s1 candidates",
        state: RecoveredState::PhpLcg(Box::new(LcgRecovery {
            formats,
            fits,
            tried,
        })),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_incremental_run_matches_the_generator() {
        let mut g = PhpCombinedLcg::new(123_456_789, 987_654_321);
        let z1 = (g.next_f64() / SCALE).round() as i64;
        let (s1, s2) = g.state();
        let z2 = (g.next_f64() / SCALE).round() as i64;
        let offset = i64::from(s2) - i64::from(s1);
        let hits = run(i64::from(s1) - 1000, i64::from(s1) + 1000, offset, (z2, z2));
        assert!(hits.contains(&(i64::from(s1), i64::from(s2))), "{hits:?}");
        assert!(offset == -z1 || offset == WRAP - z1);
    }

    #[test]
    fn printed_values_name_z() {
        assert_eq!(parse_z("0.22010971600358392"), parse_z("0.22010971600358"));
        assert!(parse_z("0.22010971600358392").is_some());
        assert_eq!(parse_z("0.2201"), None);
        assert_eq!(parse_z("1.5"), None);
    }
}
