//! PHP `mt_rand()` / `rand()`: the seed, found by trying all 2^32 (as openwall's php_mt_seed
//! does; see [`php_mt_seed`](super::php_mt_seed)), in both twist modes at once. One
//! `mt_rand()` keeps 31 bits of the word, so about two seeds per mode fit it; a second sample
//! leaves the true one. A range `mt_rand($min, $max)` keeps fewer bits per sample and needs as
//! many samples as give 32 bits and a margin.
//!
//! Every seed the first sample allows is then replayed against every sample, rejections and
//! all, so what remains is exact.

use super::php_mt_seed::{self, MAX_SKIP, Prefilter};
use super::{Hints, Model, Recovered, RecoveredState, RecoveryError, parse_all};
use crate::token::weak::{PHP_MT_RAND_MAX, PhpMtMode, PhpMtRand};

const MODEL: Model = Model::PhpMtRand;

/// How the samples were drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PhpMtFormat {
    /// `mt_rand()` or `rand()`.
    MtRand,
    /// `mt_rand($min, $max)` or `rand($min, $max)`.
    Range {
        /// The smallest value.
        min: i64,
        /// The largest value.
        max: i64,
    },
}

impl PhpMtFormat {
    /// What the format is called in reports.
    pub fn describe(&self) -> String {
        match self {
            PhpMtFormat::MtRand => "mt_rand()".to_owned(),
            PhpMtFormat::Range { min, max } => format!("mt_rand({min}, {max})"),
        }
    }

    fn draw(&self, g: &mut PhpMtRand) -> i64 {
        match *self {
            PhpMtFormat::MtRand => i64::from(g.mt_rand()),
            PhpMtFormat::Range { min, max } => g.mt_rand_range(min, max),
        }
    }

    /// Whether the first draw's word `w` can print as `v` (no redraw before it).
    fn first_word_gives(&self, w: u32, mode: PhpMtMode, v: i64) -> bool {
        match *self {
            PhpMtFormat::MtRand => i64::from(w >> 1) == v,
            PhpMtFormat::Range { min, max } => {
                let count = (max - min) as u64 + 1;
                let off = (v - min) as u64;
                if mode == PhpMtMode::Legacy {
                    let r = f64::from(w >> 1) / (f64::from(PHP_MT_RAND_MAX) + 1.0);
                    return ((max as f64 - min as f64 + 1.0) * r) as u64 == off;
                }
                if count == 1 << 32 {
                    u64::from(w) == off
                } else if count.is_power_of_two() {
                    u64::from(w) & (count - 1) == off
                } else {
                    let limit = u64::from(u32::MAX) - u64::from(u32::MAX) % count - 1;
                    u64::from(w) <= limit && u64::from(w) % count == off
                }
            }
        }
    }

    /// Bits of the first word that `v` fixes: for `mt_rand()` all but the lowest, for a range
    /// of `2^t·o` values (t factors of two) the low t (`w % count` keeps `w`'s low t bits).
    fn prefilter(&self, mode: PhpMtMode, v: i64) -> Prefilter {
        match *self {
            PhpMtFormat::MtRand => Prefilter {
                mask: !1,
                value: (v as u32) << 1,
            },
            PhpMtFormat::Range { .. } if mode == PhpMtMode::Legacy => Prefilter::default(),
            PhpMtFormat::Range { min, max } => {
                let count = (max - min) as u64 + 1;
                let mask = ((count & count.wrapping_neg()) - 1) as u32;
                Prefilter {
                    mask,
                    value: (v - min) as u32 & mask,
                }
            }
        }
    }

    fn bits(&self) -> f64 {
        match *self {
            PhpMtFormat::MtRand => 31.0,
            PhpMtFormat::Range { min, max } => ((max - min) as f64 + 1.0).log2(),
        }
    }
}

/// The seeds that explain the samples, each with its generator after the last sample.
#[derive(Debug, Clone)]
pub struct PhpMtRecovery {
    /// The samples' format.
    pub format: PhpMtFormat,
    /// `(seed, generator after the last sample)` for every fit.
    pub fits: Vec<(u32, PhpMtRand)>,
    /// Outputs drawn before the first sample.
    pub skip: u32,
}

impl PhpMtRecovery {
    /// The next `k` outputs, up to the first on which the fits disagree.
    pub fn predict(&self, k: usize) -> Vec<String> {
        let gens: Vec<PhpMtRand> = self.fits.iter().map(|f| f.1.clone()).collect();
        super::agreed(&gens, k, |g| self.format.draw(g).to_string())
    }

    /// Each of the next `k` outputs' possible values.
    pub fn candidates(&self, k: usize) -> Vec<Vec<String>> {
        let gens: Vec<PhpMtRand> = self.fits.iter().map(|f| f.1.clone()).collect();
        super::per_output(&gens, k, |g| self.format.draw(g).to_string())
    }

    pub(super) fn describe(&self) -> String {
        let seeds: Vec<String> = self
            .fits
            .iter()
            .take(4)
            .map(|(s, g)| format!("{s} ({})", g.mode().describe()))
            .collect();
        let more = if self.fits.len() > 4 { ", ..." } else { "" };
        let after = if self.skip > 0 {
            format!(", {} outputs drawn before the first sample", self.skip)
        } else {
            String::new()
        };
        format!(
            "{}: mt_srand seed {}{more}{after}",
            self.format.describe(),
            seeds.join(" or ")
        )
    }
}

/// As many samples as carry the seed's 32 bits, and one more to settle the seeds that fit by
/// chance (for `mt_rand()`: two).
pub(super) fn min_samples(format: PhpMtFormat) -> usize {
    (32.0 / format.bits()).ceil() as usize + 1
}

pub(super) fn recover(samples: &[&str], hints: &Hints) -> Result<Recovered, RecoveryError> {
    let format = match hints.range {
        None => PhpMtFormat::MtRand,
        Some((low, count)) => {
            if !(2..=1 << 32).contains(&count) {
                return Err(RecoveryError::BadHint {
                    model: MODEL,
                    reason: format!(
                        "--range: {count} values; the search handles 2 to 2^32 (wider ranges \
                         draw two words per output)"
                    ),
                });
            }
            PhpMtFormat::Range {
                min: low,
                max: low + (count as i64 - 1),
            }
        }
    };
    let skip = hints.skip;
    if skip as usize > MAX_SKIP {
        return Err(RecoveryError::BadHint {
            model: MODEL,
            reason: format!("--skip {skip}: the search tests outputs 0 to {MAX_SKIP} of a seed"),
        });
    }
    let (lo, hi) = match format {
        PhpMtFormat::MtRand => (0, i64::from(PHP_MT_RAND_MAX)),
        PhpMtFormat::Range { min, max } => (min, max),
    };
    let values = parse_all(samples, &format!("an integer in {lo}..={hi}"), |s| {
        s.parse::<i64>().ok().filter(|v| (lo..=hi).contains(v))
    })?;
    let (first_seed, last_seed) = hints.seeds.unwrap_or((0, u32::MAX));
    let modes = [PhpMtMode::Mt19937, PhpMtMode::Legacy];
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let prefilter = |mode| format.prefilter(mode, values[0]);
    let hits = php_mt_seed::search(
        first_seed..=last_seed,
        skip as usize,
        &modes,
        threads,
        prefilter,
        |w, mode| format.first_word_gives(w, mode, values[0]),
    );
    let fits: Vec<(u32, PhpMtRand)> = hits
        .into_iter()
        .filter_map(|(seed, mode)| {
            let mut g = PhpMtRand::new(seed, mode);
            for _ in 0..skip {
                g.next_u32();
            }
            values
                .iter()
                .all(|&v| format.draw(&mut g) == v)
                .then_some((seed, g))
        })
        .collect();
    if fits.is_empty() {
        let space = if hints.seeds.is_some() {
            format!("seeds {first_seed}..={last_seed}")
        } else {
            "any of the 2^32 seeds".to_owned()
        };
        return Err(RecoveryError::NoState {
            model: MODEL,
            reason: format!(
                "no mt_srand seed in {space} gives these outputs {} (in either twist mode)",
                if skip > 0 {
                    format!("after {skip} others")
                } else {
                    "as the first ones".to_owned()
                }
            ),
        });
    }
    let needed = min_samples(format);
    Ok(Recovered {
        model: MODEL,
        samples_used: needed.min(samples.len()),
        samples_checked: samples.len().saturating_sub(needed),
        work: u64::from(last_seed) - u64::from(first_seed) + 1,
        work_unit: "seeds (both twist modes)",
        state: RecoveredState::PhpMtRand(Box::new(PhpMtRecovery { format, fits, skip })),
    })
}
