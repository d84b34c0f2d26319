//! State recovery and prediction for the weak generators: from observed outputs, the state that
//! made them, and from it the outputs to come.
//!
//! Pure and deterministic, no I/O: `sessionlab predict` and the simulator's token-prediction
//! attacker call the same [`recover`]. A prediction is only returned when the samples pin it
//! down: too few samples, a malformed sample, samples that no state explains and samples that
//! several states explain are all errors, never a guess.
//!
//! ```
//! use sessionlab_core::token::recovery::{Hints, Model, recover};
//! use sessionlab_core::token::weak::JavaRandom;
//!
//! let mut server = JavaRandom::new(42);
//! let seen: Vec<String> = (0..2).map(|_| server.next_int().to_string()).collect();
//! let got = recover(Model::JavaRandomInt, &seen, &Hints::default()).unwrap();
//! assert_eq!(got.predict(3), [0, 1, 2].map(|_| server.next_int().to_string()));
//! ```

mod auto;
mod counter;
mod decimal;
mod gf2;
mod glibc;
mod glibc_print;
mod glibc_rand48;
mod glibc_srand;
mod java;
mod java_bounded;
mod java_double;
mod java_splittable;
mod lattice;
mod md5_block;
mod md5_time_ua;
mod mt19937;
mod mt19937_bits;
mod php_lcg;
mod php_legacy;
pub mod php_md5_uniqid;
mod php_mt_rand;
mod php_mt_seed;
mod php_uniqid;
mod printing;
mod python_random;
mod spelled;
mod timestamp;
mod uuid1;
mod v8;

use std::fmt;
use std::str::FromStr;

pub use auto::{AutoReport, recover_auto};
pub use glibc::GlibcRecovery;
pub use glibc_print::RandPrint;
pub use glibc_rand48::{Rand48Format, Rand48Recovery};
pub use glibc_srand::GlibcSrandRecovery;
pub use java::{JavaFits, JavaFormat};
pub use java_splittable::{SplittableFits, SplittableFormat};
pub use md5_time_ua::Md5TimeUaRecovery;
pub use mt19937::untemper;
pub use php_lcg::{LcgFormat, LcgRecovery};
pub use php_legacy::{PhpLegacyRecovery, php_legacy_candidates};
pub use php_md5_uniqid::{PhpMd5UniqidRecovery, php_md5_uniqid};
pub use php_mt_rand::{PhpMtFormat, PhpMtRecovery};
pub use php_uniqid::UniqidRecovery;
pub use printing::{Printing, Reprint};
pub use python_random::{PythonFormat, PythonRecovery};
pub use spelled::Spelling;
pub use uuid1::Uuid1Recovery;
pub(crate) use v8::exact_base36 as v8_exact_base36;
pub use v8::{V8Format, V8Recovery};

use super::GeneratorKind;
use super::weak::{JavaRandom, Mt19937};

/// The output formats a state can be recovered from (one per generator and format).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Model {
    /// `java.util.Random.nextLong()` values, signed decimal or `Long.toHexString`.
    JavaRandomLong,
    /// `java.util.Random.nextDouble()` or `Math.random()`, as `Double.toString` prints them.
    JavaRandomDouble,
    /// `java.util.Random.nextFloat()`, as `Float.toString` prints them.
    JavaRandomFloat,
    /// `java.util.Random.nextInt(bound)` (plus a constant): needs [`Hints::range`].
    JavaRandomBounded,
    /// `java.util.SplittableRandom` or `ThreadLocalRandom`: `nextLong()` (decimal or hex) or
    /// `nextDouble()`.
    JavaSplittable,
    /// Decimal `java.util.Random.nextInt()` values (signed).
    JavaRandomInt,
    /// Decimal 32-bit MT19937 outputs (C++ `std::mt19937`, Python `getrandbits(32)`).
    Mt19937,
    /// Python's `'%032x' % random.getrandbits(128)`: four MT19937 words, the first one least
    /// significant.
    Mt19937x128,
    /// CPython's `random.random()` floats (`repr`, `float.hex` or a fixed number of decimals)
    /// or, with [`Hints::bits`], `getrandbits(k)` integers: the MT19937 state from the bits
    /// the printing keeps, as a GF(2) system.
    PythonRandom,
    /// glibc `rand()` / `random()` values, decimal or concatenated as hex; `random_r()` after
    /// `initstate` with any state size.
    GlibcRand,
    /// glibc `rand()` after `srand(seed)` with the seed in [`Hints::seeds`] or the seconds of
    /// [`Hints::window`] (`srand(time(NULL))`), after [`Hints::skip`] outputs; printed as
    /// `glibc-rand` reads them.
    GlibcSrand,
    /// glibc `lrand48()`, `mrand48()` or `drand48()` (printed with any precision).
    GlibcRand48,
    /// PHP's `mt_rand()` / `rand()`, or with [`Hints::range`] `mt_rand($min, $max)`: the
    /// `mt_srand` seed, PHP 7.1+ or the legacy twist.
    PhpMtRand,
    /// PHP's `lcg_value()` printed with `%.17g`, `echo` or `var_export`: the combined LCG's
    /// two states (a search over 2^31).
    PhpLcgValue,
    /// Decimal numbers in arithmetic progression.
    Counter,
    /// Decimal Unix times, in seconds or milliseconds.
    Timestamp,
    /// Version-1 UUIDs (Python's `uuid.uuid1()`): the node and clock sequence, and the clock.
    Uuid1,
    /// PHP's `uniqid($prefix)` (the clock in microseconds) and `uniqid($prefix, true)` (plus
    /// the combined LCG behind its fraction).
    PhpUniqid,
    /// PHP <= 5.3 session ids: md5 of client IP, time and the combined LCG.
    PhpLegacy,
    /// md5 of the request time in milliseconds, the user agent and an optional secret.
    Md5TimeUa,
    /// PHP's `md5(uniqid(mt_rand()))`: the `mt_srand` seed ([`Hints::seeds`]) and when each
    /// id was made ([`Hints::window`] for the first).
    PhpMd5Uniqid,
    /// V8's `Math.random()` (Node, Chrome) printed as `String(x)`, `x.toString(36)` (whole or a
    /// prefix) or, with [`Hints::range`], `Math.floor(x * N) + low`.
    V8MathRandom,
}

impl Model {
    /// Every model, in the order `auto` tries them (the PHP seed search last: `auto` runs it only
    /// with [`Hints::seeds`] and when nothing cheaper fits).
    pub const ALL: [Model; 22] = [
        Model::JavaRandomLong,
        Model::JavaRandomDouble,
        Model::JavaRandomFloat,
        Model::JavaRandomBounded,
        Model::JavaSplittable,
        Model::JavaRandomInt,
        Model::Mt19937,
        Model::Mt19937x128,
        Model::PythonRandom,
        Model::GlibcRand,
        Model::GlibcSrand,
        Model::GlibcRand48,
        Model::Counter,
        Model::Timestamp,
        Model::Uuid1,
        Model::PhpUniqid,
        Model::PhpLegacy,
        Model::Md5TimeUa,
        Model::PhpMd5Uniqid,
        Model::V8MathRandom,
        Model::PhpLcgValue,
        Model::PhpMtRand,
    ];

    /// The name used on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Model::JavaRandomLong => "java-random-long",
            Model::JavaRandomDouble => "java-random-double",
            Model::JavaRandomFloat => "java-random-float",
            Model::JavaRandomBounded => "java-random-bounded",
            Model::JavaSplittable => "java-splittable",
            Model::JavaRandomInt => "java-random-int",
            Model::Mt19937 => "mt19937",
            Model::Mt19937x128 => "mt19937-128",
            Model::PythonRandom => "python-random",
            Model::GlibcRand => "glibc-rand",
            Model::GlibcSrand => "glibc-srand",
            Model::GlibcRand48 => "glibc-rand48",
            Model::PhpMtRand => "php-mt-rand",
            Model::PhpLcgValue => "php-lcg-value",
            Model::Counter => "counter",
            Model::Timestamp => "timestamp",
            Model::Uuid1 => "uuid1",
            Model::PhpUniqid => "php-uniqid",
            Model::PhpLegacy => "php-legacy",
            Model::Md5TimeUa => "md5-time-ua",
            Model::PhpMd5Uniqid => "php-md5-uniqid",
            Model::V8MathRandom => "v8-math-random",
        }
    }

    /// The fewest samples the mathematics allows: one `nextLong` (two 32-bit outputs of a
    /// 48-bit state), two `nextInt`s, 624 words (156 tokens of 128 bits), for Python's
    /// printings as many as carry the 19937 state bits (see [`Model::PythonRandom`]), two
    /// `random_r()`s of
    /// a TYPE_0 state and 31 `rand()`s of the default one (each next output then known up to a
    /// carry; see [`GlibcRecovery`]; with fewer the recovery says 31), two counter values, one
    /// timestamp, one id for the md5-based ids, four `Math.random()` doubles (three consecutive
    /// ones leave 12 of the 128 state bits open; printings that keep fewer bits need more),
    /// one Java double (53 bits of two 48-bit states: 2^22 candidates), three floats (two give
    /// 48 bits for a 48-bit state and usually a second fit), and for `nextInt(bound)` two at
    /// least: the recovery asks for as many as give 48 bits and a margin (see
    /// [`java_bounded_min_samples`]). One `SplittableRandom` `nextLong()` (a bijection of the
    /// state; a second confirms it).
    pub fn min_samples(self) -> usize {
        match self {
            Model::JavaRandomLong
            | Model::JavaRandomDouble
            | Model::JavaSplittable
            | Model::PhpMtRand
            | Model::GlibcSrand
            | Model::GlibcRand48
            | Model::Timestamp
            | Model::Uuid1
            | Model::PhpUniqid
            | Model::PhpLegacy
            | Model::Md5TimeUa
            | Model::PhpMd5Uniqid => 1,
            Model::JavaRandomInt
            | Model::Counter
            | Model::JavaRandomBounded
            | Model::GlibcRand
            | Model::PhpLcgValue => 2,
            Model::JavaRandomFloat => 3,
            Model::Mt19937 => mt19937::WORDS,
            Model::Mt19937x128 => mt19937::WORDS / 4,
            // 19937 state bits: getrandbits(128) 156, repr floats (53 bits) 377 and a few more.
            Model::PythonRandom => mt19937::WORDS / 4,
            Model::V8MathRandom => 4,
        }
    }

    /// The model for the outputs of a [`GeneratorKind`], if it is weak.
    pub fn for_generator(kind: GeneratorKind) -> Option<Model> {
        Some(match kind {
            GeneratorKind::Counter => Model::Counter,
            GeneratorKind::TimestampSeconds | GeneratorKind::TimestampMillis => Model::Timestamp,
            GeneratorKind::JavaRandom => Model::JavaRandomLong,
            GeneratorKind::Mt19937 => Model::Mt19937x128,
            GeneratorKind::GlibcRand => Model::GlibcRand,
            GeneratorKind::PhpLegacy => Model::PhpLegacy,
            GeneratorKind::Md5TimeUa | GeneratorKind::Md5TimeUaSecret => Model::Md5TimeUa,
            GeneratorKind::V8MathRandomBase36 => Model::V8MathRandom,
            _ => return None,
        })
    }
}

impl fmt::Display for Model {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Model {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        Model::ALL
            .into_iter()
            .find(|m| m.name() == s)
            .ok_or_else(|| {
                let names: Vec<_> = Model::ALL.iter().map(|m| m.name()).collect();
                format!("unknown generator {s:?} (one of {})", names.join(", "))
            })
    }
}

/// An inclusive interval of time in microseconds since the Unix epoch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimeWindow {
    /// The first microsecond.
    pub start_micros: i64,
    /// The last microsecond.
    pub end_micros: i64,
}

impl TimeWindow {
    /// `around ± half_width` microseconds.
    pub fn around(around_micros: i64, half_width_micros: i64) -> Self {
        TimeWindow {
            start_micros: around_micros.saturating_sub(half_width_micros),
            end_micros: around_micros.saturating_add(half_width_micros),
        }
    }

    /// The number of microseconds in the window.
    pub fn micros(&self) -> u64 {
        (i128::from(self.end_micros) - i128::from(self.start_micros) + 1).clamp(0, u64::MAX.into())
            as u64
    }
}

/// The default budget of a brute force: 2^31 candidates, about seven minutes at 5 million md5
/// candidates a second.
pub const DEFAULT_MAX_WORK: u64 = 1 << 31;

/// What the attacker knows besides the samples (only the md5-based models need any of it).
#[derive(Debug, Clone, Default)]
pub struct Hints {
    /// php-legacy: the client address PHP saw for the samples (`REMOTE_ADDR`).
    pub ip: Option<String>,
    /// php-legacy: the process id, if known (phpinfo, `getmypid()`, a status page); without
    /// it every pid in 1..=32767 is tried, 32767 times the work.
    pub pid: Option<i32>,
    /// php-legacy: the longest delay between two clock readings, in microseconds (default
    /// [`PhpLegacyTokens::MAX_SEED_DELAY_MICROS`](super::weak::PhpLegacyTokens::MAX_SEED_DELAY_MICROS)).
    pub max_seed_delay_micros: Option<u32>,
    /// php-legacy: how many LCG draws other requests may take between two samples (default 0).
    pub max_skipped_draws: u32,
    /// php-legacy, md5-time-ua: when every sample was issued; glibc-srand: when `srand(time(NULL))`
    /// ran.
    pub window: Option<TimeWindow>,
    /// md5-time-ua: the client's `User-Agent`.
    pub user_agent: Option<String>,
    /// md5-time-ua: the secret server string, if the attacker knows it.
    pub secret: Option<String>,
    /// The most candidates a brute force may try (default [`DEFAULT_MAX_WORK`]); a search that
    /// would need more is refused up front with its cost.
    pub max_work: Option<u64>,
    /// The outputs are integers `low..low + count` drawn from the generator's floats
    /// (`Math.floor(Math.random() * count) + low`): `(low, count)`.
    pub range: Option<(i64, u64)>,
    /// php-mt-rand, glibc-srand: the seeds to try, inclusive (php-mt-rand's default: all 2^32;
    /// glibc-srand's: the seconds of `window`).
    pub seeds: Option<(u32, u32)>,
    /// php-mt-rand, glibc-srand: how many outputs the generator gave before the first sample
    /// (0 for a process's or a fresh seeding's first; php-mt-rand counts 32-bit words, at most
    /// 226).
    pub skip: u32,
    /// python-random: the samples are `getrandbits(bits)` integers (decimal or hex).
    pub bits: Option<u32>,
    /// How the samples print integers, when not as the model reads them (`--format`): `None`
    /// detects hex and base 36 for models that do not read them.
    pub format: Option<Printing>,
    /// python-random: the samples are strings of `random.choices(alphabet, k=len)`, each
    /// character `alphabet[floor(random() * len(alphabet))]`.
    pub alphabet: Option<String>,
}

impl Hints {
    fn budget(&self) -> u64 {
        self.max_work.unwrap_or(DEFAULT_MAX_WORK)
    }
}

/// Why no prediction can be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum RecoveryError {
    /// Fewer samples than the model needs.
    #[error("{model}: needs at least {needed} samples, got {got}")]
    TooFewSamples {
        /// The model.
        model: Model,
        /// The fewest it can work with.
        needed: usize,
        /// How many there were.
        got: usize,
    },
    /// A sample is not in the model's format.
    #[error("sample {}: {reason}", index + 1)]
    Malformed {
        /// The sample's index (0-based).
        index: usize,
        /// What is wrong with it.
        reason: String,
    },
    /// A hint the model needs is missing or unusable.
    #[error("{model}: {reason}")]
    BadHint {
        /// The model.
        model: Model,
        /// What is missing or wrong.
        reason: String,
    },
    /// The brute force would take more candidates than allowed.
    #[error(
        "{model}: the search needs {needed} candidates, over the budget of {budget} ({reason})"
    )]
    TooMuchWork {
        /// The model.
        model: Model,
        /// Candidates the search would try.
        needed: u64,
        /// The budget.
        budget: u64,
        /// How to narrow it.
        reason: String,
    },
    /// The samples are well-formed, but no state of the model produces them.
    #[error("{model}: no state explains the samples: {reason}")]
    NoState {
        /// The model.
        model: Model,
        /// Which sample or equation failed.
        reason: String,
    },
    /// Several states explain the samples and they predict differently.
    #[error("{model}: {count} states explain the samples; give more samples")]
    Ambiguous {
        /// The model.
        model: Model,
        /// How many states remain.
        count: usize,
    },
    /// `auto`: no model fits (or only ones that fit any input of that length).
    #[error("no model fits the samples: {0}")]
    NoModelFits(String),
    /// `auto`: several models fit and predict differently.
    #[error("several models fit the samples and predict differently: {0}; choose one")]
    ModelsDisagree(String),
}

impl RecoveryError {
    /// Whether the error is about the input (format, count, hints, budget) rather than about
    /// what the samples say: the command line exits with 2 for these and 1 for the rest.
    pub fn is_bad_input(&self) -> bool {
        matches!(
            self,
            RecoveryError::TooFewSamples { .. }
                | RecoveryError::Malformed { .. }
                | RecoveryError::BadHint { .. }
                | RecoveryError::TooMuchWork { .. }
        )
    }
}

/// A recovered state, ready to predict.
#[derive(Debug, Clone)]
pub struct Recovered {
    /// The model that fits.
    pub model: Model,
    /// Samples the state was recovered from.
    pub samples_used: usize,
    /// Samples beyond the minimum that were checked against the state (and matched).
    pub samples_checked: usize,
    /// How much work the recovery did, in `work_unit`s.
    pub work: u64,
    /// What `work` counts.
    pub work_unit: &'static str,
    /// The state, per model.
    pub state: RecoveredState,
}

/// The state recovered for each model: what predicts the next outputs.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum RecoveredState {
    /// `java.util.Random` right after the last sample.
    JavaRandom {
        /// The generator, positioned after the last sample.
        rng: JavaRandom,
        /// Whether the outputs are `nextLong()` (else `nextInt()`).
        long: bool,
        /// Whether the `nextLong()`s are printed in hex.
        hex: bool,
    },
    /// `java.util.Random` printed as doubles, floats or bounded ints.
    JavaFits(Box<JavaFits>),
    /// `SplittableRandom` / `ThreadLocalRandom`.
    Splittable(Box<SplittableFits>),
    /// PHP `mt_rand()`: the seeds that fit.
    PhpMtRand(Box<PhpMtRecovery>),
    /// MT19937 right after the last sample.
    Mt19937 {
        /// The generator, positioned after the last sample.
        rng: Box<Mt19937>,
        /// Whether outputs are 128-bit Python tokens (else 32-bit words).
        x128: bool,
    },
    /// CPython `random`: MT19937 solved from partial outputs.
    Python(Box<PythonRecovery>),
    /// Version-1 UUIDs: the fixed fields and the clock.
    Uuid1(Box<Uuid1Recovery>),
    /// PHP `uniqid()`: the clock, and the LCG behind `more_entropy`.
    PhpUniqid(Box<UniqidRecovery>),
    /// PHP `lcg_value()`: the combined LCG states that fit.
    PhpLcg(Box<LcgRecovery>),
    /// glibc `rand()`: the outputs, with what is known of their lost low bits.
    GlibcRand(Box<GlibcRecovery>),
    /// glibc `srand(seed)`: the seeds that fit.
    GlibcSrand(Box<GlibcSrandRecovery>),
    /// glibc `drand48` family: the states that fit.
    Rand48(Box<Rand48Recovery>),
    /// An arithmetic progression.
    Counter {
        /// The last sample.
        last: i128,
        /// The common difference.
        step: i128,
        /// Zero-padded width, when the samples are zero-padded.
        width: usize,
    },
    /// A clock.
    Timestamp {
        /// The last sample.
        last: u64,
        /// Whether the unit is milliseconds (else seconds).
        millis: bool,
    },
    /// PHP 5.3: the LCG state and the samples' times.
    PhpLegacy(Box<PhpLegacyRecovery>),
    /// md5(time, user agent): the samples' times.
    Md5TimeUa(Box<Md5TimeUaRecovery>),
    /// md5(uniqid(mt_rand())): the seed and the samples' times.
    PhpMd5Uniqid(Box<PhpMd5UniqidRecovery>),
    /// V8 `Math.random()`: the cache positions that fit.
    V8(Box<V8Recovery>),
    /// Samples that share a constant prefix the model does not read (`sess_...`): the state
    /// recovered from the rest, whose predictions get the prefix back.
    Prefixed {
        /// The prefix, separator included.
        prefix: String,
        /// The recovery from what follows it.
        inner: Box<Recovered>,
    },
    /// Integers printed in another base than the model reads (`dechex(mt_rand())`): the
    /// recovery from their decimal values, whose predictions are printed back.
    Reprinted {
        /// How the samples print.
        reprint: Reprint,
        /// The recovery from the decimal values.
        inner: Box<Recovered>,
    },
    /// Tokens spelled a character a draw from an alphabet (`chars[nextInt(n)]`): the recovery
    /// from the characters' indices.
    Spelled {
        /// The alphabet and token length.
        spelling: Spelling,
        /// The recovery from the indices.
        inner: Box<Recovered>,
    },
}

impl Recovered {
    /// Whether the samples held more information than the recovery consumed, and it matched:
    /// checked samples, or (Java, the md5-based ids) a minimum that over-determines the state.
    /// 624 MT19937 words or 31 `rand()` outputs fit some state whatever they are.
    pub fn confirmed(&self) -> bool {
        if let RecoveredState::Prefixed { inner, .. }
        | RecoveredState::Reprinted { inner, .. }
        | RecoveredState::Spelled { inner, .. } = &self.state
        {
            return inner.confirmed();
        }
        if let RecoveredState::GlibcSrand(g) = &self.state {
            // A wrong seed fits by chance with probability 2^-extra_bits.
            return g.extra_bits >= 12.0;
        }
        if let RecoveredState::PhpLcg(l) = &self.state {
            // 62 state bits, 31 per value: a third value checks the fit.
            return self.samples_checked > 0 && l.fits.len() == 1;
        }
        if let RecoveredState::Python(p) = &self.state {
            return p.checked_bits >= 32;
        }
        if let RecoveredState::Rand48(g) = &self.state {
            return g.extra_bits >= 16.0;
        }
        if let RecoveredState::V8(v) = &self.state {
            // 24 bits beyond the state's 128 leave a wrong fit, over the 64 cache positions,
            // a chance of 2^-18. Four doubles give 80.
            return v.extra_bits >= 24;
        }
        self.samples_checked > 0
            || matches!(
                self.model,
                Model::JavaRandomLong
                    | Model::JavaRandomInt
                    | Model::PhpLegacy
                    | Model::Md5TimeUa
                    | Model::PhpMd5Uniqid
            )
            || matches!(&self.state, RecoveredState::JavaFits(j) if j.extra_bits() >= 16)
    }

    /// The next `k` outputs, in the samples' format, as far as the samples determine them (all
    /// `k` for every model but glibc-rand, where the list stops before the first output that
    /// depends on a low bit the samples leave open).
    ///
    /// Sequences (Java, MT19937, glibc, counter) continue after the last sample. The time-based
    /// ids are not a sequence but a clock: `timestamp` gives the values from the last sample on
    /// (`last`, `last + 1`, ...); `php-legacy` the ids the process's next LCG draw gives a
    /// request from the samples' client 1, 2, ... microseconds after the last sample;
    /// `md5-time-ua` the ids of the same user agent 1, 2, ... milliseconds after it.
    pub fn predict(&self, k: usize) -> Vec<String> {
        match &self.state {
            RecoveredState::JavaRandom { rng, long, hex } => java::predict(*rng, *long, *hex, k),
            RecoveredState::JavaFits(j) => j.predict(k),
            RecoveredState::Splittable(s) => s.predict(k),
            RecoveredState::PhpMtRand(p) => p.predict(k),
            RecoveredState::Mt19937 { rng, x128 } => mt19937::predict(rng, *x128, k),
            RecoveredState::Python(p) => p.predict(k),
            RecoveredState::PhpLcg(l) => l.predict(k),
            RecoveredState::Uuid1(u) => u.predict(k),
            RecoveredState::PhpUniqid(u) => u.predict(k),
            RecoveredState::GlibcRand(g) => g.predict(k),
            RecoveredState::GlibcSrand(g) => g.predict(k),
            RecoveredState::Rand48(g) => g.predict(k),
            RecoveredState::Counter { last, step, width } => {
                counter::predict(*last, *step, *width, k)
            }
            RecoveredState::Timestamp { last, .. } => timestamp::predict(*last, k),
            RecoveredState::PhpLegacy(p) => p.predict(k),
            RecoveredState::Md5TimeUa(m) => m.predict(k),
            RecoveredState::PhpMd5Uniqid(m) => m.predict(k),
            RecoveredState::V8(v) => v.predict(k),
            RecoveredState::Prefixed { prefix, inner } => inner
                .predict(k)
                .into_iter()
                .map(|p| format!("{prefix}{p}"))
                .collect(),
            RecoveredState::Reprinted { reprint, inner } => {
                printing::predictions(reprint, inner.predict(k))
            }
            RecoveredState::Spelled { spelling, inner } => {
                spelling.tokens(&inner.predict(k.saturating_mul(spelling.len)))
            }
        }
    }

    /// For each of the next `k` outputs, every value the samples leave possible: one where
    /// [`predict`](Self::predict) is certain, several where the state is known but not where
    /// the generator is (V8's cache refill), empty past what the samples determine.
    pub fn candidates(&self, k: usize) -> Vec<Vec<String>> {
        match &self.state {
            RecoveredState::V8(v) => v.candidates(k),
            RecoveredState::Prefixed { prefix, inner } => inner
                .candidates(k)
                .into_iter()
                .map(|c| c.into_iter().map(|p| format!("{prefix}{p}")).collect())
                .collect(),
            RecoveredState::Reprinted { reprint, inner } => inner
                .candidates(k)
                .into_iter()
                .map(|c| printing::predictions(reprint, c))
                .collect(),
            RecoveredState::JavaFits(j) => j.candidates(k),
            RecoveredState::Splittable(s) => s.candidates(k),
            RecoveredState::PhpMtRand(p) => p.candidates(k),
            RecoveredState::GlibcSrand(g) => g.candidates(k),
            RecoveredState::Rand48(g) => g.candidates(k),
            RecoveredState::PhpLcg(l) => l.candidates(k),
            _ => {
                let mut c: Vec<Vec<String>> =
                    self.predict(k).into_iter().map(|p| vec![p]).collect();
                c.resize(k, Vec::new());
                c
            }
        }
    }

    /// One line on what was recovered.
    pub fn describe(&self) -> String {
        match &self.state {
            RecoveredState::JavaRandom { rng, .. } => {
                format!("48-bit state {:#014x} after the last sample", rng.state())
            }
            RecoveredState::JavaFits(j) => j.describe(),
            RecoveredState::Splittable(s) => s.describe(),
            RecoveredState::PhpMtRand(p) => p.describe(),
            RecoveredState::Mt19937 { .. } => {
                "the 624-word state, untempered from the outputs".to_owned()
            }
            RecoveredState::Python(p) => p.describe(),
            RecoveredState::PhpLcg(l) => l.describe(),
            RecoveredState::Uuid1(u) => u.describe(),
            RecoveredState::PhpUniqid(u) => u.describe(),
            RecoveredState::GlibcRand(g) => g.describe(),
            RecoveredState::GlibcSrand(g) => g.describe(),
            RecoveredState::Rand48(g) => g.describe(),
            RecoveredState::Counter { last, step, .. } => {
                format!("last value {last}, step {step}")
            }
            RecoveredState::Timestamp { last, millis } => format!(
                "a clock in {}, last reading {last}",
                if *millis { "milliseconds" } else { "seconds" }
            ),
            RecoveredState::PhpLegacy(p) => p.describe(),
            RecoveredState::Md5TimeUa(m) => m.describe(),
            RecoveredState::PhpMd5Uniqid(m) => m.describe(),
            RecoveredState::V8(v) => v.describe(),
            RecoveredState::Prefixed { prefix, inner } => {
                format!("after the constant prefix {prefix:?}: {}", inner.describe())
            }
            RecoveredState::Reprinted { reprint, inner } => {
                format!("{}: {}", reprint.describe(), inner.describe())
            }
            RecoveredState::Spelled { spelling, inner } => format!(
                "tokens of {} characters from an alphabet of {}: {}",
                spelling.len,
                spelling.chars.len(),
                inner.describe()
            ),
        }
    }

    /// The model's name, with the printing when the samples were re-read in another base
    /// (`php-mt-rand (hex)`): the generator and format pair.
    pub fn label(&self) -> String {
        match &self.state {
            RecoveredState::Reprinted { reprint, inner } => {
                format!("{} ({})", inner.label(), reprint.printing.name())
            }
            RecoveredState::Prefixed { inner, .. } => inner.label(),
            RecoveredState::Spelled { inner, .. } => format!("{} (alphabet)", inner.label()),
            _ => self.model.name().to_owned(),
        }
    }
}

/// Recovers `model`'s state from `samples` (outputs in the order they were issued; surrounding
/// whitespace is ignored) and the attacker's `hints`.
pub fn recover<S: AsRef<str>>(
    model: Model,
    samples: &[S],
    hints: &Hints,
) -> Result<Recovered, RecoveryError> {
    let samples: Vec<&str> = samples.iter().map(|s| s.as_ref().trim()).collect();
    if samples.len() < model.min_samples() {
        return Err(RecoveryError::TooFewSamples {
            model,
            needed: model.min_samples(),
            got: samples.len(),
        });
    }
    if let Some(alphabet) = &hints.alphabet
        && matches!(model, Model::JavaRandomBounded | Model::V8MathRandom)
    {
        return spelled::recover(model, &samples, alphabet, hints);
    }
    let direct = recover_printed(model, &samples, hints);
    // A constant prefix up to a separator (`sess_`, `id-`, `PHPSESSID:`) that the model does not
    // read: the model runs on the rest, and the predictions carry the prefix again.
    if !matches!(direct, Err(RecoveryError::Malformed { .. })) {
        return direct;
    }
    for prefix in separator_prefixes(&samples) {
        let rest: Vec<&str> = samples.iter().map(|s| &s[prefix.len()..]).collect();
        if let Ok(inner) = recover_printed(model, &rest, hints) {
            return Ok(Recovered {
                model: inner.model,
                samples_used: inner.samples_used,
                samples_checked: inner.samples_checked,
                work: inner.work,
                work_unit: inner.work_unit,
                state: RecoveredState::Prefixed {
                    prefix: prefix.to_owned(),
                    inner: Box::new(inner),
                },
            });
        }
    }
    direct
}

/// Characters that end a constant prefix.
const SEPARATORS: &[u8] = b"_-:=/|#~ ";

/// The samples' common prefixes that end at a separator and leave every sample something
/// after them, longest first (`sess_-42`, `sess_-17`: `sess_-`, then `sess_`).
fn separator_prefixes<'a>(samples: &[&'a str]) -> Vec<&'a str> {
    let Some(&first) = samples.first() else {
        return Vec::new();
    };
    let common = samples[1..].iter().fold(first.len(), |n, s| {
        n.min(
            first
                .bytes()
                .zip(s.bytes())
                .take_while(|(a, b)| a == b)
                .count(),
        )
    });
    let shortest = samples.iter().map(|s| s.len()).min().unwrap_or(0);
    (1..=common.min(shortest.saturating_sub(1)))
        .rev()
        .filter(|&cut| SEPARATORS.contains(&first.as_bytes()[cut - 1]))
        .map(|cut| &first[..cut])
        .collect()
}

/// `recover` for samples already trimmed and counted.
/// The model on the samples as it reads them, or, when it cannot and they are integers in hex
/// or base 36 (or `--format` says so), on their values ([`printing`]).
fn recover_printed(
    model: Model,
    samples: &[&str],
    hints: &Hints,
) -> Result<Recovered, RecoveryError> {
    match hints.format {
        // Digits only: a model would read them as decimals, so they are re-read whatever it
        // reads. With letters, a model that reads the base itself (Long.toHexString) goes first.
        Some(p @ (Printing::Hex | Printing::Base36)) => {
            if samples
                .iter()
                .any(|s| s.bytes().any(|b| b.is_ascii_alphabetic()))
            {
                let direct = recover_as(model, samples, hints);
                if !matches!(direct, Err(RecoveryError::Malformed { .. })) {
                    return direct;
                }
            }
            printing::recover(model, samples, p, hints, recover_as)
        }
        Some(Printing::Decimal) => recover_as(model, samples, hints),
        None => {
            let direct = recover_as(model, samples, hints);
            if !matches!(direct, Err(RecoveryError::Malformed { .. })) {
                return direct;
            }
            match printing::detect(samples) {
                Some(p) => printing::recover(model, samples, p, hints, recover_as).or(direct),
                None => direct,
            }
        }
    }
}

fn recover_as(model: Model, samples: &[&str], hints: &Hints) -> Result<Recovered, RecoveryError> {
    match model {
        Model::JavaRandomLong => java::recover(samples, true),
        Model::JavaRandomInt => java::recover(samples, false),
        Model::JavaRandomDouble => java_double::recover(samples, JavaFormat::Double),
        Model::JavaRandomFloat => java_double::recover(samples, JavaFormat::Float),
        Model::JavaRandomBounded => java_bounded::recover(samples, hints),
        Model::JavaSplittable => java_splittable::recover(samples),
        Model::PhpMtRand => php_mt_rand::recover(samples, hints),
        Model::PhpLcgValue => php_lcg::recover(samples),
        Model::Uuid1 => uuid1::recover(samples),
        Model::PhpUniqid => php_uniqid::recover(samples),
        Model::Mt19937 => mt19937::recover(samples, false),
        Model::Mt19937x128 => mt19937::recover(samples, true),
        Model::PythonRandom => python_random::recover(samples, hints),
        Model::GlibcRand => glibc::recover(samples),
        Model::GlibcSrand => glibc_srand::recover(samples, hints),
        Model::GlibcRand48 => glibc_rand48::recover(samples, hints),
        Model::Counter => counter::recover(samples),
        Model::Timestamp => timestamp::recover(samples, hints),
        Model::PhpLegacy => php_legacy::recover(samples, hints),
        Model::Md5TimeUa => md5_time_ua::recover(samples, hints),
        Model::PhpMd5Uniqid => php_md5_uniqid::recover(samples, hints),
        Model::V8MathRandom => v8::recover(samples, hints),
    }
}

/// Parses every sample with `parse`, naming the first that fails.
fn parse_all<T>(
    samples: &[&str],
    what: &str,
    parse: impl Fn(&str) -> Option<T>,
) -> Result<Vec<T>, RecoveryError> {
    samples
        .iter()
        .enumerate()
        .map(|(index, s)| {
            parse(s).ok_or_else(|| RecoveryError::Malformed {
                index,
                reason: format!("{:?} is not {what}", shorten(s)),
            })
        })
        .collect()
}

/// The next `k` outputs of every generator in `fits`, up to the first on which they differ.
fn agreed<G: Clone>(fits: &[G], k: usize, mut next: impl FnMut(&mut G) -> String) -> Vec<String> {
    let mut gens = fits.to_vec();
    let mut out = Vec::new();
    for _ in 0..k {
        let mut values = gens.iter_mut().map(&mut next);
        let Some(first) = values.next() else { break };
        if values.fold(false, |differ, v| differ | (v != first)) {
            break;
        }
        out.push(first);
    }
    out
}

/// Each of the next `k` outputs of the generators in `fits`: their distinct values, sorted.
fn per_output<G: Clone>(
    fits: &[G],
    k: usize,
    mut next: impl FnMut(&mut G) -> String,
) -> Vec<Vec<String>> {
    let mut gens = fits.to_vec();
    (0..k)
        .map(|_| {
            let mut v: Vec<String> = gens.iter_mut().map(&mut next).collect();
            v.sort_unstable();
            v.dedup();
            v
        })
        .collect()
}

/// The fewest `nextInt(bound)` samples [`recover`] takes for `java-random-bounded`: as many as
/// carry the 48 state bits, and one more as a check.
pub fn java_bounded_min_samples(bound: u64) -> usize {
    java_bounded::min_samples(bound)
}

/// The fewest `mt_rand($min, $max)` samples `php-mt-rand` takes for a range of `count` values.
pub fn php_mt_rand_min_samples(count: u64) -> usize {
    php_mt_rand::min_samples(if count >= 1 << 31 {
        PhpMtFormat::MtRand
    } else {
        PhpMtFormat::Range {
            min: 0,
            max: count as i64 - 1,
        }
    })
}

/// At most 40 characters of a sample, for error messages.
fn shorten(s: &str) -> String {
    match s.char_indices().nth(40) {
        Some((i, _)) => format!("{}...", &s[..i]),
        None => s.to_owned(),
    }
}

/// The 16 bytes of a 32-character hex md5 digest (either case).
fn parse_md5_hex(s: &str) -> Option<[u8; 16]> {
    let b = s.as_bytes();
    if b.len() != 32 {
        return None;
    }
    let mut out = [0u8; 16];
    for (i, pair) in b.chunks_exact(2).enumerate() {
        let hex = |c: u8| (c as char).to_digit(16);
        out[i] = (hex(pair[0])? * 16 + hex(pair[1])?) as u8;
    }
    Some(out)
}
