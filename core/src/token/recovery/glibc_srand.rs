//! glibc `srand(time(NULL))`: the seed is the second the program started (or called
//! `srand`), so the attacker tries every second of a window (`--around` / `--window`) or a
//! seed range (`--seeds`), replays `rand()` from each and keeps the seeds whose outputs print
//! as the samples. One output carries 31 bits, so one sample settles a window of days; any
//! printing works, unpadded hex concatenations included, since candidates are compared as
//! printed. Every fit is kept: the predictions are the outputs they agree on.

use super::glibc_print::RandPrint;
use super::{Hints, Model, Recovered, RecoveredState, RecoveryError};
use crate::token::weak::GlibcRandom;

const MODEL: Model = Model::GlibcSrand;
/// The most outputs a search may skip before the first sample.
pub(super) const MAX_SKIP: u32 = 1 << 20;
/// Seeds per thread before threads are worth starting.
const PER_THREAD: u64 = 1 << 16;

/// The seeds that explain the samples, each with its generator after the last sample.
#[derive(Debug, Clone)]
pub struct GlibcSrandRecovery {
    /// How the samples print.
    pub print: RandPrint,
    /// `(seed, generator after the last sample)` for every fit, by seed.
    pub fits: Vec<(u32, GlibcRandom)>,
    /// Outputs drawn before the first sample.
    pub skip: u32,
    /// How many seeds were tried.
    pub tried: u64,
    /// Bits the samples carry beyond what choosing among the seeds consumed.
    pub extra_bits: f64,
}

impl GlibcSrandRecovery {
    fn token(&self, g: &mut GlibcRandom) -> String {
        let words: Vec<u32> = (0..self.print.words())
            .map(|_| g.next_rand() as u32)
            .collect();
        self.print.render(&words)
    }

    /// The next `k` tokens, up to the first on which the fits disagree.
    pub fn predict(&self, k: usize) -> Vec<String> {
        let gens: Vec<GlibcRandom> = self.fits.iter().map(|f| f.1.clone()).collect();
        super::agreed(&gens, k, |g| self.token(g))
    }

    /// Each of the next `k` tokens' possible values.
    pub fn candidates(&self, k: usize) -> Vec<Vec<String>> {
        let gens: Vec<GlibcRandom> = self.fits.iter().map(|f| f.1.clone()).collect();
        super::per_output(&gens, k, |g| self.token(g))
    }

    pub(super) fn describe(&self) -> String {
        let seeds: Vec<String> = self.fits.iter().take(4).map(|f| f.0.to_string()).collect();
        let more = if self.fits.len() > 4 { ", ..." } else { "" };
        let after = if self.skip > 0 {
            format!(", {} outputs drawn before the first sample", self.skip)
        } else {
            String::new()
        };
        format!(
            "srand({}){more} of {} seeds tried{after}; samples read as {}",
            seeds.join(") or srand("),
            self.tried,
            self.print.describe()
        )
    }
}

/// The seeds to try: `--seeds`, else the seconds of the time window.
fn seed_range(hints: &Hints) -> Result<(u32, u32), RecoveryError> {
    if let Some(r) = hints.seeds {
        return Ok(r);
    }
    let Some(w) = hints.window else {
        return Err(RecoveryError::BadHint {
            model: MODEL,
            reason: "needs the seeds to try: --around TIME --window SECONDS (when the program \
                     seeded with srand(time(NULL))) or --seeds MIN,MAX"
                .to_owned(),
        });
    };
    let sec = |micros: i64| micros.div_euclid(1_000_000).clamp(0, u32::MAX.into()) as u32;
    Ok((sec(w.start_micros), sec(w.end_micros)))
}

pub(super) fn recover(samples: &[&str], hints: &Hints) -> Result<Recovered, RecoveryError> {
    let print = RandPrint::detect(MODEL, samples)?;
    let (lo, hi) = seed_range(hints)?;
    if lo > hi {
        return Err(RecoveryError::BadHint {
            model: MODEL,
            reason: format!("the seed range {lo},{hi} is empty"),
        });
    }
    if hints.skip > MAX_SKIP {
        return Err(RecoveryError::BadHint {
            model: MODEL,
            reason: format!("--skip: at most {MAX_SKIP}"),
        });
    }
    let tried = u64::from(hi - lo) + 1;
    let budget = hints.budget();
    if tried > budget {
        return Err(RecoveryError::TooMuchWork {
            model: MODEL,
            needed: tried,
            budget,
            reason: "narrow --window or --seeds, or raise --max-work".to_owned(),
        });
    }
    let first = samples[0];
    let words = print.words();
    let test = |seed: u32| -> Option<GlibcRandom> {
        let mut g = GlibcRandom::new(seed);
        for _ in 0..hints.skip {
            g.next_rand();
        }
        let mut buf = Vec::with_capacity(words);
        let mut token = String::new();
        for (i, s) in samples.iter().enumerate() {
            buf.clear();
            buf.extend((0..words).map(|_| g.next_rand() as u32));
            // Decimal first samples are compared as numbers, without printing.
            if i == 0 && print == RandPrint::Decimal {
                if first.parse::<u32>().ok() != Some(buf[0]) {
                    return None;
                }
                continue;
            }
            token.clear();
            token.push_str(&print.render(&buf));
            if token != *s {
                return None;
            }
        }
        Some(g)
    };
    let threads = if tried < 2 * PER_THREAD {
        1
    } else {
        std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .min(64) as u64
    };
    let per = tried.div_ceil(threads);
    let mut fits: Vec<(u32, GlibcRandom)> = std::thread::scope(|scope| {
        let parts: Vec<_> = (0..threads)
            .map(|t| {
                let test = &test;
                scope.spawn(move || {
                    let start = u64::from(lo) + t * per;
                    let end = (start + per).min(u64::from(hi) + 1);
                    (start..end)
                        .filter_map(|s| test(s as u32).map(|g| (s as u32, g)))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        parts
            .into_iter()
            .flat_map(|p| p.join().unwrap_or_default())
            .collect()
    });
    fits.sort_by_key(|f| f.0);
    if fits.is_empty() {
        return Err(RecoveryError::NoState {
            model: MODEL,
            reason: format!(
                "no seed in {lo}..={hi} gives these outputs{}",
                if hints.skip > 0 {
                    format!(" after skipping {}", hints.skip)
                } else {
                    String::new()
                }
            ),
        });
    }
    let extra_bits = 31.0 * (samples.len() * words) as f64 - (tried as f64).log2();
    Ok(Recovered {
        model: MODEL,
        samples_used: samples.len(),
        samples_checked: samples.len() - 1,
        work: tried,
        work_unit: "seeds",
        state: RecoveredState::GlibcSrand(Box::new(GlibcSrandRecovery {
            print,
            fits,
            skip: hints.skip,
            tried,
            extra_bits,
        })),
    })
}
